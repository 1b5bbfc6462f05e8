/**
 * One renderer: for every template (families as one insert), the sheet `jospar templates build`
 * writes with ExcelJS and the sheet the add-in inserts through Office.js (the fake Excel, below
 * ExcelApi 1.13 so the API path runs) are the same sheet — values and formulas, number formats,
 * fonts, fills, borders, alignment, locking, merges, column widths and hidden columns, row
 * heights, drop-down lists, conditional formats, frozen rows, print setup and binding names.
 */
import ExcelJS from "exceljs";
import { harness, catalog } from "./support/setup";
import { insertForms, insertables } from "../../src/excel/insert";
import { buildFamilyWorkbook } from "../../src/xlsx/build";
import { Checker } from "../../src/core/check";
import { a1 } from "../../src/core/grid";
import { planSheet, capacityFor } from "../../src/core/sheet-plan";
import { layoutForm } from "../../src/core/layout";
import type { FakeExcelHost } from "../fakes/excel";

type Snapshot = Record<string, unknown>;

const H = { left: "Left", center: "Center", right: "Right" } as Record<string, string>;
const V = { top: "Top", middle: "Center", bottom: "Bottom" } as Record<string, string>;
const hex = (c?: { argb?: string }) => (c?.argb ? `#${c.argb.slice(-6).toUpperCase()}` : null);
const serial = (d: Date) => Math.round(d.getTime() / 86400000 + 25569);
const abs = (ref: string) => ref.replace(/\$/g, "").replace(/([A-Z]*)(\d*)/g, (m, c: string, r: string) => (m ? (c ? `$${c}` : "") + (r ? `$${r}` : "") : ""));

function cellOfExcelJs(ws: ExcelJS.Worksheet, r: number, c: number): Snapshot {
  const cell = ws.getCell(r + 1, c + 1);
  // A merged cell other than the top-left one shows the top-left's content and format.
  if (cell.isMerged && cell.master !== cell) return { merged: cell.master.address };
  const v = cell.value as unknown;
  let content: unknown = null;
  if (v !== null && v !== undefined && v !== "") {
    if (typeof v === "object" && v !== null && "formula" in v) content = `=${(v as { formula: string }).formula}`;
    else if (v instanceof Date) content = serial(v);
    else content = v;
  }
  const s = cell.style ?? {};
  const b = s.border ?? {};
  return {
    content,
    numberFormat: s.numFmt ?? "General",
    bold: !!s.font?.bold, italic: !!s.font?.italic, size: s.font?.size ?? 11, fontName: s.font?.name ?? "Calibri",
    fontColor: hex(s.font?.color as { argb?: string }) ?? "#000000",
    fill: (s.fill as { fgColor?: { argb?: string } } | undefined)?.fgColor ? hex((s.fill as { fgColor?: { argb?: string } }).fgColor) : null,
    borders: [b.top, b.bottom, b.left, b.right].map((x) => (x?.style ? "Continuous" : "None")).join(","),
    wrap: !!s.alignment?.wrapText,
    horizontal: H[s.alignment?.horizontal ?? ""] ?? "General",
    vertical: V[s.alignment?.vertical ?? ""] ?? "Bottom",
    locked: s.protection?.locked !== false,
  };
}

function cellOfFake(host: FakeExcelHost, sheet: string, r: number, c: number): Snapshot {
  const x = host.getCell(sheet, a1(r, c));
  const top = x.mergedArea?.replace(/^.*!/, "").split(":")[0];
  if (top && top !== a1(r, c)) return { merged: top };
  const content = x.formula && x.formula.startsWith("=") ? x.formula : x.value === "" ? null : x.value;
  return {
    content,
    numberFormat: x.numberFormat,
    bold: x.font.bold, italic: x.font.italic, size: x.font.size, fontName: x.font.name,
    fontColor: x.font.color.toUpperCase(),
    fill: x.fill,
    borders: ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"].map((e) => (x.borders[e]?.style === "Continuous" ? "Continuous" : "None")).join(","),
    wrap: x.wrapText,
    horizontal: x.horizontalAlignment,
    vertical: x.verticalAlignment,
    locked: x.locked,
  };
}

const insertsOf = () => insertables(catalog().templates);

describe("the two adapters render one sheet plan alike", () => {
  test.each(insertsOf().map((x) => [x.fileId, x] as const))("%s: built with ExcelJS and inserted through Office.js, the same sheets", async (_id, x) => {
    const checker = new Checker(catalog().packs, catalog().calendar);
    const paramsOf = (id: string) => checker.paramsFor(id);
    const params = Object.assign({}, ...x.templates.map((t) => paramsOf(t.id)));
    const wb = buildFamilyWorkbook(x.templates, {}, params);
    const h = harness({ supportedSets: { ExcelApi: "1.12" } });
    await insertForms(h.rt, x, null, paramsOf);
    const host = h.fake.host;
    for (const [i, t] of x.templates.entries()) {
      const sheet = t.sheetName.kk;
      const ws = wb.getWorksheet(sheet)!;
      const plan = planSheet(t, { params });
      // Every cell of the plan's rectangle (the hidden lists included).
      const width = Math.max(...plan.values.map((r) => r.length));
      const mismatches: string[] = [];
      for (let r = 0; r < plan.values.length; r++)
        for (let c = 0; c < width; c++) {
          const a = cellOfExcelJs(ws, r, c);
          const b = cellOfFake(host, sheet, r, c);
          if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${a1(r, c)} ExcelJS ${JSON.stringify(a)} Office.js ${JSON.stringify(b)}`);
        }
      expect(mismatches.slice(0, 5)).toEqual([]);

      // Sheet-level parts.
      const merges = ((ws.model as { merges?: string[] }).merges ?? []).slice().sort();
      expect(host.merges(sheet).map((m) => m.replace(/^.*!/, "")).sort()).toEqual(merges);
      for (const col of plan.columns) {
        expect(host.getCell(sheet, a1(0, col.col)).columnWidth).toBeCloseTo((ws.getColumn(col.col + 1).width ?? 0) * 5.6, 6);
        expect(host.sheet(sheet).hiddenCols.has(col.col)).toBe(!!ws.getColumn(col.col + 1).hidden);
      }
      for (let r = 0; r < plan.values.length; r++) expect(host.getCell(sheet, a1(r, 0)).rowHeight).toBe(ws.getRow(r + 1).height ?? 15);
      for (let r = 0; r < plan.values.length; r++) expect(host.sheet(sheet).hiddenRows.has(r)).toBe(!!ws.getRow(r + 1).hidden);
      // Drop-down lists: every list cell of the file is a list cell of the inserted sheet, with the same source.
      const fakeLists = new Map<string, string>();
      for (const dv of host.dataValidations(sheet)) {
        const src = String((dv.rule as { list?: { source?: string } }).list?.source ?? "");
        for (const area of dv.address.replace(/^.*!/, "").split(",")) fakeLists.set(area, src.replace(/^=/, ""));
      }
      for (const v of plan.validations) {
        const area = v.box.r0 === v.box.r1 && v.box.c0 === v.box.c1 ? a1(v.box.r0, v.box.c0) : `${a1(v.box.r0, v.box.c0)}:${a1(v.box.r1, v.box.c1)}`;
        const file = ws.getCell(v.box.r0 + 1, v.box.c0 + 1).dataValidation;
        expect(String(file.formulae?.[0]).replace(/^"|"$/g, "")).toBe(v.source);
        expect(fakeLists.get(area)).toBe(v.source);
      }
      // Conditional formats: same ranges, formulas and colours, in priority order.
      const cfFile = (ws as unknown as { conditionalFormattings: { ref: string; rules: { formulae: string[]; style: { fill: { bgColor: { argb: string } } } }[] }[] }).conditionalFormattings
        .map((cf) => `${cf.ref} =${cf.rules[0].formulae[0]} ${hex(cf.rules[0].style.fill.bgColor)}`);
      const cfFake = host.conditionalFormats(sheet).map((cf) => `${cf.address.replace(/^.*!/, "")} ${String(cf.rule.formula)} ${String(cf.format.fillColor)}`);
      expect(cfFake).toEqual(cfFile);
      // Frozen rows, print setup (absolute references), page numbers, binding name.
      const pl = host.pageLayout(sheet);
      expect(pl.frozenRows).toBe(ws.views[0] && "ySplit" in ws.views[0] ? ws.views[0].ySplit : 0);
      expect(pl.printArea).toBe(abs(ws.pageSetup.printArea!));
      expect(pl.printArea).toMatch(/^\$A\$1:\$[A-Z]+\$\d+$/);
      expect(pl.printTitleRows).toBe(ws.pageSetup.printTitlesRow ? abs(ws.pageSetup.printTitlesRow) : null);
      expect(pl.orientation.toLowerCase()).toBe(ws.pageSetup.orientation);
      expect(pl.paperSize).toBe("A4");
      expect(pl.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
      expect(pl.centerFooter).toBe("&P / &N");
      expect(ws.headerFooter.oddFooter).toBe("&C&P / &N");
      const fileName = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model.find((n) => n.name.startsWith(`_JOSPAR.${i + 1}.`));
      expect(host.names().map((n) => n.name)).toContain(fileName!.name);
      void capacityFor;
      void layoutForm;
    }
  });

  test("text columns are formatted as text, so a code typed as 001 stays 001 in both adapters", async () => {
    const t = catalog().templates.find((x) => x.table.columns.some((c) => c.id === "budgetProgram" && c.type === "text" && !c.helper))!;
    const h = harness({ supportedSets: { ExcelApi: "1.12" } });
    await insertForms(h.rt, { fileId: t.id, templates: [t] }, null);
    const layout = layoutForm(t, capacityFor(t));
    const col = layout.columns.find((c) => c.def.id === "budgetProgram")!.col;
    const address = a1(layout.firstDataRow + 3, col);
    h.fake.host.typeInCell(t.sheetName.kk, address, "001");
    expect(h.fake.host.getCell(t.sheetName.kk, address).value).toBe("001");
    const ws = buildFamilyWorkbook([t]).getWorksheet(t.sheetName.kk)!;
    expect(ws.getCell(address).numFmt).toBe("@");
    // A date column and a computed column are not text.
    const dateCol = layout.columns.find((c) => c.def.type === "date" || c.def.computed);
    if (dateCol) expect(ws.getCell(a1(layout.firstDataRow, dateCol.col)).numFmt).not.toBe("@");
  });
});
