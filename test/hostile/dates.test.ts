import ExcelJS from "exceljs";
import { join } from "path";
import { ROOT } from "../helpers/forms";
import { checkBuffer } from "../helpers/evaluation";
import { readWorkbookBuffer } from "../../src/xlsx/read";

/**
 * Issue 10 defect 8: in a workbook of the 1904 date system (`<workbookPr date1904="1"/>`, Excel for
 * Mac's old default) a plain serial number in a date cell counts days from 1904-01-01. Read with the
 * 1900 epoch it lands four years and a day early: serial 44009, typed as the deadline of an
 * activity of the 2024 plan, read 27.06.2020 (and OP-DEADLINE-IN-YEAR said so) before the fix.
 */
const SAMPLE = join(ROOT, "samples", "operational-plan-violations.xlsx");
const SERIAL_1904 = 44009; // 28.06.2024 in the 1904 system; 27.06.2020 in the 1900 system

async function sampleWithDeadline(date1904: boolean, deadline: ExcelJS.CellValue, numFmt = "General"): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  wb.properties.date1904 = date1904;
  const cell = wb.worksheets[0].getCell("E9");
  cell.value = deadline;
  cell.numFmt = numFmt;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const e9 = async (buf: Buffer) => (await checkBuffer(buf)).forms[0].findings.filter((f) => f.cell === "E9");

test("the reader carries the workbook's date system to every sheet", async () => {
  const snap = await readWorkbookBuffer(await sampleWithDeadline(true, SERIAL_1904));
  expect(snap.sheets[0].values[8][4]).toBe(SERIAL_1904);
  expect(snap.sheets.every((s) => s.date1904 === true)).toBe(true);
  expect((await readWorkbookBuffer(await sampleWithDeadline(false, SERIAL_1904))).sheets[0].date1904).toBeUndefined();
});

test("a plain deadline serial of a 1904 workbook is 28.06.2024, not 27.06.2020 (no OP-DEADLINE-IN-YEAR)", async () => {
  const findings = await e9(await sampleWithDeadline(true, SERIAL_1904));
  // Before the fix: "The deadline “44009” lies outside 2024 (it ends on 27.06.2020)" and "The activity's
  // deadline (27.06.2020) precedes the plan's approval (19.01.2024)".
  expect(findings.map((f) => f.message.en).join("\n")).not.toMatch(/2020/);
  expect(findings.map((f) => f.rule)).not.toContain("OP-DEADLINE-IN-YEAR");
});

test("the same serial in a 1900 workbook is 27.06.2020, outside the plan year", async () => {
  const findings = await e9(await sampleWithDeadline(false, SERIAL_1904));
  expect(findings.map((f) => f.rule)).toContain("OP-DEADLINE-IN-YEAR");
});

test("a date-formatted cell of a 1904 workbook is converted by ExcelJS once, not shifted twice", async () => {
  // Stored as serial 44009 with a date format; ExcelJS hands over 28.06.2024 as a Date.
  const findings = await e9(await sampleWithDeadline(true, new Date(Date.UTC(2024, 5, 28)), "dd.mm.yyyy"));
  expect(findings.map((f) => f.rule)).not.toContain("OP-DEADLINE-IN-YEAR");
  const late = await e9(await sampleWithDeadline(true, new Date(Date.UTC(2025, 1, 15)), "dd.mm.yyyy"));
  expect(late.map((f) => f.rule)).toContain("OP-DEADLINE-IN-YEAR");
});
