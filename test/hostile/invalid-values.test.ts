import ExcelJS from "exceljs";
import { join } from "path";
import { ROOT } from "../helpers/forms";
import { checkBuffer } from "../helpers/evaluation";
import { readdirSync } from "fs";
import { Checker } from "../../src/core/check";
import { checkWorkbook } from "../../src/core/workbook";
import { a1 } from "../../src/core/grid";
import { layoutColumn } from "../../src/core/layout";
import { catalog, formGrid, applyGridOps, snapshot, baseData, template, GridOps } from "../helpers/forms";

/**
 * Issue 10 defect 8: a type-invalid value in a numeric cell ("NaN", "1e309", which is Infinity) is
 * flagged by the data-type rule and is absent for every other rule. Before the fix its text was
 * compared as a number: an allowed growth of "-1e309" made BB-GROWTH-CAP say the limit grows "above
 * the allowed growth of budget expenditure (-1e309 %)", a second finding that made no sense.
 */
const SAMPLE = join(ROOT, "samples", "block-budget-clean.xlsx");

async function withCell(heading: RegExp, value: ExcelJS.CellValue): Promise<{ buf: Buffer; address: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  for (const ws of wb.worksheets) {
    let col = 0;
    let headRow = 0;
    ws.eachRow((row, r) => row.eachCell((c, ci) => {
      if (!col && typeof c.value === "string" && heading.test(c.value)) [col, headRow] = [ci, r];
    }));
    if (!col) continue;
    // The first data row below the heading and the row of column numbers that holds a number.
    for (let r = headRow + 2; r <= ws.rowCount; r++) {
      const cell = ws.getCell(r, col);
      if (typeof cell.value === "number") {
        cell.value = value;
        return { buf: Buffer.from(await wb.xlsx.writeBuffer()), address: cell.address };
      }
    }
  }
  throw new Error(`no numeric cell under ${heading}`);
}

const ALLOWED_GROWTH = /^Бюджет шығыстарының рұқсат етілген өсу қарқыны/;

test.each(["-1e309", "NaN", "-Infinity"])("an allowed growth of “%s” is one type finding, not also a growth-cap finding", async (text) => {
  const { buf, address } = await withCell(ALLOWED_GROWTH, text);
  const findings = (await checkBuffer(buf)).forms.flatMap((f) => f.findings);
  const here = findings.filter((f) => f.cell === address);
  expect(here.length).toBeGreaterThan(0);
  expect(findings.filter((f) => f.rule === "BB-GROWTH-CAP")).toEqual([]);
  // The text is quoted once, by the data-type finding, and by no other.
  const quoting = findings.filter((f) => f.message.en.includes(text));
  expect(quoting).toHaveLength(1);
  expect(quoting[0].message.en).toMatch(/is not of the required type: number/);
});

/**
 * One generic place (Checker's emit), not a guard per rule: on a cell whose value is invalid for
 * its type, the data-type finding is the only one. Before, BB-TGDP said "The GDP (GRP) of 2021 is
 * missing or not positive" and BB-AVG-EXP "the expenditure … is missing or negative" beside "“abc”
 * is not of the required type: number". Findings elsewhere that follow from the absence (a
 * coefficient that leaves the row out, on its computed cell) stay.
 */
describe("a type-invalid value in any numeric column of any form is reported once, on its cell", () => {
  const NUMERIC = new Set(["int", "year", "number", "money", "coef", "points", "pct"]);
  const cat = catalog();
  const checker = new Checker(cat.packs, cat.calendar);
  const ids = readdirSync(join(ROOT, "samples", "data")).map((f) => f.replace(/\.json$/, ""));
  const findings = (id: string, ops?: GridOps) => {
    const g = formGrid(id);
    applyGridOps(id, g, ops);
    return { g, found: checkWorkbook(snapshot([g.grid]), cat, checker).forms.flatMap((x) => x.findings) };
  };

  test.each(ids)("%s", (id) => {
    const t = template(id);
    const rows = baseData(id).rows ?? [];
    let tried = 0;
    for (const c of t.table.columns) {
      if (!NUMERIC.has(c.type) || c.computed) continue;
      const ri = rows.findIndex((r) => !["", null, undefined].includes((r as { cells?: Record<string, unknown> }).cells?.[c.id] as never));
      if (ri < 0) continue;
      for (const bad of ["abc", "1e309", "NaN"]) {
        const { g, found } = findings(id, { cells: [{ row: ri, column: c.id, value: bad }] });
        const cell = a1(g.layout.firstDataRow + ri, layoutColumn(g.layout, c.id));
        expect({ column: c.id, bad, rules: found.filter((f) => f.cell === cell).map((f) => f.rule) }).toEqual({ column: c.id, bad, rules: ["X-DATA-TYPES"] });
        tried++;
      }
    }
    if (tried === 0) expect(t.table.columns.filter((c) => NUMERIC.has(c.type) && !c.computed && rows.some((r) => (r as { cells?: Record<string, unknown> }).cells?.[c.id]))).toEqual([]);
  });

  test("the dependent finding the block-budget limit had is gone, the type finding stays", () => {
    const { g, found } = findings("block-budget-limit", { cells: [{ row: 0, column: "gdp", value: "abc" }] });
    const cell = a1(g.layout.firstDataRow, layoutColumn(g.layout, "gdp"));
    expect(found.filter((f) => f.rule === "BB-TGDP" && f.cell === cell)).toEqual([]);
    expect(found.filter((f) => f.cell === cell).map((f) => f.message.en)).toEqual([expect.stringMatching(/“abc” in column .* is not of the required type: number/)]);
  });
});
