/**
 * Per-row computed columns (src/core/computed-rows.ts), on a small test-only template: groups of
 * items, each item's share of its group, each group's mean, a grand total in the panel. The same
 * machinery carries the 002 evaluation sheets and the 004 block-budget rows.
 */
import ExcelJS from "exceljs";
import { loadTemplate } from "../../src/core/template/load";
import type { Template } from "../../src/core/template/types";
import {
  computeForm, groupRows, excelGroupMean, cellOf, formFormulas, shiftFormulaRows, rowComputedIssues,
  documentsFormulaContext, layoutRowContext, rowFormula, type RowComputeFunction, type RowFormula,
} from "../../src/core/computed-rows";
import { NO_FORMULA_CONTEXT, type CellFormula, type ComputeFunction } from "../../src/core/computed";
import { FunctionLibrary, methodology } from "../../src/core/functions";
import { GENERIC } from "../../src/core/methodology";
import { layoutForm, fillGrid, layoutColumn, columnRange, FormData } from "../../src/core/layout";
import { parseForm } from "../../src/core/parse";
import { a1 } from "../../src/core/grid";
import { step } from "../../src/core/trace";
import { buildFamilyWorkbook } from "../../src/xlsx/build";
import { readWorkbookBuffer } from "../../src/xlsx/read";
import { checkWorkbook } from "../../src/core/workbook";
import { Checker } from "../../src/core/check";
import { catalog } from "../helpers/forms";
import { recalculate, testLibreOffice, LibreOfficeMissing } from "../helpers/libreoffice";

const L = (kk: string) => ({ kk, ru: kk, en: kk });

// A test methodology, handed to the template's library as the catalog hands the real ones.
const rows = new Map<string, RowComputeFunction>();
const rowFormulas = new Map<string, RowFormula>();
const cells = new Map<string, ComputeFunction>();
const cellFormulas = new Map<string, CellFormula>();
// share = amount / 100 (an item), "" when the amount is not a number; a group: mean of its items' shares.
rows.set("test.share", (doc, row, _a, _p, ctx) => {
  const v = row.cells.amount?.value;
  const value = typeof v === "number" ? v / 100 : null;
  return { value, trace: step(`share_${row.sheetRow + 1}`, value, { cell: cellOf(doc, row, ctx.column), ...(value === null ? { excluded: { reason: L("сан емес") } } : {}) }) };
});
rowFormulas.set("test.share", (_t, at) => `IF(ISNUMBER(${at.here("amount")}),${at.here("amount")}/100,"")`);
rows.set("test.mean", (doc, row, _a, _p, ctx) => {
  const items = groupRows(ctx, row, "key", ["ITEM"]).map((r) => ctx.cell(r.index, "share"));
  const vals = items.filter((c) => c.value !== null).map((c) => c.value as number);
  const value = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
  return { value, trace: step(`mean_${row.sheetRow + 1}`, value, { cell: cellOf(doc, row, ctx.column), children: items.map((c) => c.trace) }) };
});
rowFormulas.set("test.mean", (_t, at) => excelGroupMean(at.range("share"), [`(${at.range("key")}=${at.here("key")})`, at.kindMask("ITEM")]));
cells.set("test.grand", (doc, _a, _p, ctx) => {
  let sum = 0;
  for (const r of doc.rows) if (r.kind === "GROUP") sum += ctx.rowValue?.(r.index, "mean")?.value ?? 0;
  return { value: sum, trace: step("grand", sum) };
});
cellFormulas.set("test.grand", (t, layout) => `=SUM(${columnRange(layout, "mean")})`);

const NO_ARGS = { type: "object", additionalProperties: false };
const TEST_FUNCTIONS = new FunctionLibrary([
  GENERIC,
  methodology("test", { rows, rowFormulas, cells, cellFormulas, args: { "test.share": NO_ARGS, "test.mean": NO_ARGS, "test.grand": NO_ARGS } }),
]);

const TEMPLATE = loadTemplate(
  {
    id: "rows-test", version: "1.0.0", title: L("Тест"), legalBasis: { act: L("—"), seed: "000_39e579b1c8a5cd23.txt", status: "in-force" },
    sheetName: L("Тест"), header: [], context: [],
    table: {
      nameColumn: "name",
      columns: [
        { id: "no", number: 1, type: "text", heading: L("№ тест") },
        { id: "name", number: 2, type: "text", heading: L("Атауы тест") },
        { id: "amount", number: 3, type: "number", heading: L("Сомасы тест") },
        { id: "share", number: 4, type: "number", heading: L("Үлесі тест"), computed: { byKind: { ITEM: { fn: "test.share" } } } },
        // A group's mean sits in its own column: a formula must not read a range holding itself.
        { id: "mean", number: 5, type: "number", heading: L("Орташасы тест"), computed: { byKind: { GROUP: { fn: "test.mean" } } } },
        { id: "rowKind", type: "text", helper: true, role: "rowKind", heading: L("Жол түрі тест") },
        { id: "key", type: "number", helper: true, heading: L("Топ кілті тест"), computed: { fn: "row.countKind", args: { kind: "GROUP" } } },
      ],
      rowKinds: [
        { id: "GROUP", level: 0, label: L("Топ"), patterns: ["^(\\d+)-топ"] },
        { id: "ITEM", level: 1, label: L("Элемент"), isDefault: true },
      ],
      hierarchy: { $root: ["GROUP"], GROUP: ["ITEM"] },
      blankRows: 5,
    },
    computed: [{ id: "grand", label: L("Топтар орташаларының сомасы"), fn: { name: "test.grand" } }],
  },
  "rows-test.json",
  TEST_FUNCTIONS,
) as Template;

const DATA: FormData = {
  rows: [
    { kind: "GROUP", cells: { name: "1-топ" } },
    { kind: "ITEM", cells: { no: "1", name: "a", amount: 10 } },
    { kind: "ITEM", cells: { no: "2", name: "b", amount: 30 } },
    { kind: "ITEM", cells: { no: "3", name: "c", amount: "жоқ" } },
    { kind: "GROUP", cells: { name: "2-топ" } },
    { kind: "ITEM", cells: { no: "4", name: "d", amount: 50 } },
  ],
};

function wbGrandCell(): string {
  return layoutForm(TEMPLATE, 1).fields.map((f) => a1(f.row, layoutForm(TEMPLATE, 1).panelValueCol))[0];
}

function filled(data: FormData = DATA) {
  const layout = layoutForm(TEMPLATE, data.rows!.length + 3);
  const grid = fillGrid(TEMPLATE, layout, data);
  for (const f of formFormulas(TEMPLATE, layout)) ((grid.formulas ??= [])[f.r] ??= [])[f.c] = f.formula;
  return { layout, grid };
}

describe("per-row computed columns", () => {
  test("the core computes every row, groups by key, and the panel reads the rows", () => {
    const { grid } = filled();
    const doc = parseForm(grid, TEMPLATE);
    const { values, rows } = computeForm(doc, {}, () => undefined);
    expect([...rows.share.values()].map((c) => c.value)).toEqual([null, 0.1, 0.3, null, null, 0.5]);
    const mean = [...rows.mean.values()].map((c) => c.value);
    expect(mean[0]).toBeCloseTo(0.2, 12); // group 1: mean(0.1, 0.3); "жоқ" excluded
    expect(mean.slice(1)).toEqual([null, null, null, 0.5, null]);
    expect(rows.share.get(0)!.notApplicable).toBe(true);
    expect([...rows.key.values()].map((c) => c.value)).toEqual([1, 1, 1, 1, 2, 2]);
    expect(values.grand.value).toBeCloseTo(0.7, 12);
    expect(rows.mean.get(0)!.trace.children!.map((c) => c.name)).toEqual(["share_7", "share_8", "share_9"]);
    expect(rows.share.get(1)!.trace.cell).toEqual({ sheet: "Тест", address: "D7" });
  });

  test("one formula per column, row-relative: the next row's formula is this one copied down", () => {
    const { layout } = filled();
    const col = TEMPLATE.table.columns.find((c) => c.id === "mean")!;
    const f6 = rowFormula(TEMPLATE, col, layoutRowContext(TEMPLATE, layout, 6), {})!;
    const f7 = rowFormula(TEMPLATE, col, layoutRowContext(TEMPLATE, layout, 7), {})!;
    expect(f6).toBe('=IF($F7="Топ",IF(SUMPRODUCT(($G$6:$G$14=$G7)*($F$6:$F$14="Элемент")*ISNUMBER($D$6:$D$14))=0,"",SUMPRODUCT(($G$6:$G$14=$G7)*($F$6:$F$14="Элемент")*ISNUMBER($D$6:$D$14),$D$6:$D$14)/SUMPRODUCT(($G$6:$G$14=$G7)*($F$6:$F$14="Элемент")*ISNUMBER($D$6:$D$14))),"")');
    expect(shiftFormulaRows(f6, 1)).toBe(f7);
    expect(shiftFormulaRows('=IF($E7="A7",$C7,\'Б 2\'!$X$3+B12)', 2)).toBe('=IF($E9="A7",$C9,\'Б 2\'!$X$3+B14)');
  });

  test("cross-check: a typed number, a missing formula, an error and a blank row kind are found, with the restoring formula", () => {
    const { grid, layout } = filled();
    const c = layoutColumn(layout, "share");
    const r = (i: number) => layout.firstDataRow + i;
    const expected7 = grid.formulas![r(1)][c];
    // row 2 (item a): typed over; row 3 (item b): formula cleared, blank; row 6 (item d): #DIV/0!
    grid.values[r(1)][c] = 0.4;
    grid.formulas![r(1)][c] = null;
    grid.formulas![r(2)][c] = null;
    grid.values[r(5)][c] = { error: "#DIV/0!" };
    grid.values[r(4)][layoutColumn(layout, "rowKind")] = null; // "2-топ" typed without its kind
    const doc = parseForm(grid, TEMPLATE);
    const { rows } = computeForm(doc);
    const issues = rowComputedIssues(doc, rows, {}, documentsFormulaContext([doc]));
    expect(issues.overwritten).toEqual([
      expect.objectContaining({ cell: a1(r(1), c), column: "share", row: r(1) + 1, expected: 0.1, actual: 0.4, formula: expected7 }),
    ]);
    expect(issues.missing.map((i) => i.cell)).toEqual([a1(r(2), c)]);
    expect(issues.differs).toEqual([expect.objectContaining({ cell: a1(r(5), c), actual: "#DIV/0!", expected: 0.5 })]);
    expect(issues.kindMissing).toEqual([{ row: r(4) + 1, cell: a1(r(4), layoutColumn(layout, "rowKind")), kind: L("Топ") }]);
    expect(issues.missing[0].formula).toBe(grid.formulas![r(3)][c] && shiftFormulaRows(grid.formulas![r(3)][c]!, -1));
  });

  test("built workbooks carry the formulas and the core's cached results; the checker reports a typed-over cell with its formula", async () => {
    const wb = buildFamilyWorkbook([TEMPLATE], { [TEMPLATE.id]: DATA });
    const ws = wb.getWorksheet("Тест")!;
    const cell = ws.getCell("D6").value as ExcelJS.CellFormulaValue;
    // Shown only on rows that hold data (a blank row prints empty).
    expect(cell.formula).toBe('IF(COUNTA(A6,B6,C6,F6)=0,"",IF($F6="Элемент",IF(ISNUMBER($C6),$C6/100,""),""))');
    expect(cell.result ?? "").toBe("");
    expect((ws.getCell("E6").value as ExcelJS.CellFormulaValue).result).toBeCloseTo(0.2, 12);
    expect((ws.getCell("G11").value as ExcelJS.CellFormulaValue).result).toBe(2);
    ws.getCell("D8").value = 0.9;
    const snapshot = await readWorkbookBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    const cat = { ...catalog(), templates: [TEMPLATE] };
    const result = checkWorkbook(snapshot, cat, new Checker(cat.packs, cat.calendar));
    const f = result.forms[0];
    const overwritten = f.prepared.facts.structure.computedOverwritten;
    expect(overwritten).toEqual([expect.objectContaining({ cell: "D8", expected: 0.3, actual: 0.9, formula: '=IF(COUNTA(A8,B8,C8,F8)=0,"",IF($F8="Элемент",IF(ISNUMBER($C8),$C8/100,""),""))' })]);
    expect(f.findings.map((x) => `${x.rule}@${x.cell}`)).toContain("X-COMPUTED-OVERWRITTEN@D8");
    expect(f.prepared.rows.find((x) => x.row.sheetRow === 7)!.fact.share).toBe(0.3);
  });

  test("without LibreOffice the harness fails with the install hint, never silently", async () => {
    const saved = process.env.SOFFICE;
    process.env.SOFFICE = "/nonexistent/soffice";
    try {
      await expect(recalculate([Buffer.from("x")])).rejects.toThrow(LibreOfficeMissing);
      await expect(recalculate([Buffer.from("x")])).rejects.toThrow(/apt-get install --no-install-recommends libreoffice-calc-nogui/);
    } finally {
      if (saved === undefined) delete process.env.SOFFICE;
      else process.env.SOFFICE = saved;
    }
  });

  testLibreOffice("LibreOffice computes the same values from the formulas", async () => {
    const wb = buildFamilyWorkbook([TEMPLATE], { [TEMPLATE.id]: DATA });
    const [lo] = await recalculate([Buffer.from(await wb.xlsx.writeBuffer())]);
    expect(lo.value("Тест", "E6")).toBeCloseTo(0.2, 12);
    expect(["D6", "D7", "D8", "D9", "D10", "D11"].map((a) => lo.value("Тест", a))).toEqual(["", 0.1, 0.3, "", "", 0.5]);
    expect(lo.value("Тест", "E10")).toBe(0.5);
    expect(["G6", "G10", "G11", "G12"].map((a) => lo.value("Тест", a))).toEqual([1, 2, 2, 2]);
    expect(lo.value("Тест", wbGrandCell())).toBeCloseTo(0.7, 12);
    void NO_FORMULA_CONTEXT;
  });
});
