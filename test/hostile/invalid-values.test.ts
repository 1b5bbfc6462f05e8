import ExcelJS from "exceljs";
import { join } from "path";
import { ROOT } from "../helpers/forms";
import { checkBuffer } from "../helpers/evaluation";

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
