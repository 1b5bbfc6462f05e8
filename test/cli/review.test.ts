import ExcelJS from "exceljs";
import { mkdtempSync, writeFileSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { run } from "../helpers/cli";
import { catalog } from "../helpers/forms";
import { saveWithLibreOffice, testLibreOffice } from "../helpers/libreoffice";
import { readWorkbookBuffer } from "../../src/xlsx/read";
import { appendReviewRows } from "../../src/xlsx/review";
import { checkWorkbook } from "../../src/core/workbook";
import { acceptanceRow, parseReview, withdrawalRow, REVIEW_SHEET, REVIEW_HEADER } from "../../src/core/review";
import type { Finding } from "../../src/core/findings";
import { layoutForm, fieldCell } from "../../src/core/layout";

/**
 * Issue 12, items 1–2 through the command line: an acceptance written into the workbook (as the
 * pane writes it: the same core rows) is honoured by `jospar check`, survives ExcelJS and
 * LibreOffice saving, and lapses when the values change.
 */
const SAMPLE = join(__dirname, "..", "..", "samples", "operational-plan-clean.xlsx");
const SHEET = "Операциялық жоспар";
const dir = mkdtempSync(join(tmpdir(), "jospar-review-"));
const cat = catalog();
/** The approval date's cell in the fields panel, where the template puts it. */
const APPROVAL = fieldCell(layoutForm(cat.templates.find((t) => t.id === "operational-plan")!, 1), "opApprovalDate");

/** The clean plan with an approval ten days late (an acceptable error) and a malformed budget code (C15: a warning). */
async function lateAndOddCode(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  const ws = wb.getWorksheet(SHEET)!;
  ws.getCell(APPROVAL).value = new Date(Date.UTC(2024, 0, 19));
  ws.getCell("C15").value = "12-A";
  return wb;
}

async function findingsOf(wb: ExcelJS.Workbook): Promise<Finding[]> {
  const snap = await readWorkbookBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
  return checkWorkbook(snap, cat).forms.flatMap((f) => f.findings);
}

async function save(wb: ExcelJS.Workbook | Buffer, name: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, Buffer.isBuffer(wb) ? wb : Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

async function json(file: string) {
  const r = await run(["check", file, "--format", "json", "--lang", "en"]);
  return { code: r.code, report: JSON.parse(r.out) };
}

const AT = "2026-12-04T10:00:00Z";

async function accepted(): Promise<ExcelJS.Workbook> {
  const wb = await lateAndOddCode();
  const found = await findingsOf(wb);
  const late = found.find((f) => f.rule === "OP-DEADLINE-APPROVAL")!;
  const code = found.find((f) => f.rule === "OP-ACTIVITY-REQUIRED-COLUMNS/budget-code-format")!;
  appendReviewRows(wb, [
    acceptanceRow({ ...late, fingerprint: late.fingerprint! }, { by: "А. Сейітова", at: AT, reason: "Approved late: the minister was abroad (order No. 12)" }),
    acceptanceRow({ ...code, fingerprint: code.fingerprint! }, { by: "А. Сейітова", at: AT, reason: "The code is the ministry's internal sub-program" }),
  ]);
  return wb;
}

test("before review: the late approval is an error (exit 1) and the odd code a warning", async () => {
  const { code, report } = await json(await save(await lateAndOddCode(), "late.xlsx"));
  expect(code).toBe(1);
  const rules = report.files[0].forms[0].findings.map((f: { rule: string; severity: string }) => `${f.severity} ${f.rule}`);
  expect(rules).toEqual(expect.arrayContaining(["error OP-DEADLINE-APPROVAL", "warning OP-ACTIVITY-REQUIRED-COLUMNS/budget-code-format"]));
  expect(report.summary).toMatchObject({ errors: 1, warnings: 1, accepted: 0 });
});

test("accepted findings are reported as accepted with who, when and why, and exit code 0", async () => {
  const file = await save(await accepted(), "accepted.xlsx");
  const { code, report } = await json(file);
  expect(code).toBe(0);
  expect(report.summary).toMatchObject({ files: 1, errors: 0, warnings: 0, accepted: 2 });
  const late = report.files[0].forms[0].findings.find((f: { rule: string }) => f.rule === "OP-DEADLINE-APPROVAL");
  expect(late).toMatchObject({ severity: "error", cell: APPROVAL, accepted: { by: "А. Сейітова", at: AT, reason: "Approved late: the minister was abroad (order No. 12)" } });
  const text = await run(["check", file, "--lang", "en"]);
  expect(text.out).toMatch(new RegExp(`accepted\\s+${APPROVAL}\\s+OP-DEADLINE-APPROVAL`));
  expect(text.out).toMatch(/accepted by А\. Сейітова on 2026-12-04: Approved late/);
  expect(text.out).toMatch(/0 error\(s\), 0 warning\(s\), 0 info, 2 accepted/);
  // The log is a sheet no user sees, and it is not taken for a form.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  expect(wb.getWorksheet(REVIEW_SHEET)!.state).toBe("veryHidden");
  expect(report.files[0].unrecognisedSheets).toBeUndefined();
});

test("the acceptance survives an ExcelJS load and save", async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await (await accepted()).xlsx.writeBuffer()) as ArrayBuffer);
  const again = Buffer.from(await wb.xlsx.writeBuffer());
  const { code, report } = await json(await save(again, "exceljs-roundtrip.xlsx"));
  expect(code).toBe(0);
  expect(report.summary).toMatchObject({ errors: 0, warnings: 0, accepted: 2 });
});

testLibreOffice("the acceptance survives LibreOffice opening and saving the workbook", async () => {
  const [saved] = await saveWithLibreOffice([Buffer.from(await (await accepted()).xlsx.writeBuffer())]);
  const snap = await readWorkbookBuffer(saved);
  expect(parseReview(snap.review).acceptances).toHaveLength(2);
  // LibreOffice keeps the sheet hidden (not very hidden); the next decision hides it fully again.
  const lo = new ExcelJS.Workbook();
  await lo.xlsx.load(saved as unknown as ArrayBuffer);
  expect(["hidden", "veryHidden"]).toContain(lo.getWorksheet(REVIEW_SHEET)!.state);
  appendReviewRows(lo, []);
  expect(lo.getWorksheet(REVIEW_SHEET)!.state).toBe("veryHidden");
  const { code, report } = await json(await save(saved, "libreoffice-roundtrip.xlsx"));
  expect(code).toBe(0);
  expect(report.summary).toMatchObject({ errors: 0, warnings: 0, accepted: 2 });
  expect(report.files[0].unrecognisedSheets).toBeUndefined();
}, 240000);

test("changing the values lapses the acceptance: the finding is back, marked lapsed", async () => {
  const wb = await accepted();
  wb.getWorksheet(SHEET)!.getCell(APPROVAL).value = new Date(Date.UTC(2024, 0, 22));
  const { code, report } = await json(await save(wb, "changed.xlsx"));
  expect(code).toBe(1);
  expect(report.summary).toMatchObject({ errors: 1, accepted: 1 });
  const late = report.files[0].forms[0].findings.find((f: { rule: string }) => f.rule === "OP-DEADLINE-APPROVAL");
  expect(late.accepted).toBeUndefined();
  expect(late.lapsed).toMatchObject({ by: "А. Сейітова", reason: expect.stringContaining("minister was abroad") });
  const text = await run(["check", await save(wb, "changed2.xlsx"), "--lang", "en"]);
  expect(text.out).toMatch(/acceptance lapsed: the values changed/);
});

test("a withdrawal brings the finding back and keeps the history", async () => {
  const wb = await accepted();
  const log = parseReview((await readWorkbookBuffer(Buffer.from(await wb.xlsx.writeBuffer()))).review);
  const late = log.acceptances.find((a) => a.rule === "OP-DEADLINE-APPROVAL")!;
  appendReviewRows(wb, [withdrawalRow(late, { by: "Б. Нұрланов", at: "2026-12-05T09:00:00Z", reason: "the order was not attached" })]);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const after = parseReview((await readWorkbookBuffer(buf)).review);
  expect(after.acceptances).toHaveLength(2);
  expect(after.acceptances.find((a) => a.id === late.id)!.withdrawn).toMatchObject({ by: "Б. Нұрланов" });
  const { code, report } = await json(await save(buf, "withdrawn.xlsx"));
  expect(code).toBe(1);
  expect(report.summary).toMatchObject({ errors: 1, warnings: 0, accepted: 1 });
});

test("a forged acceptance (an error whose rule is not acceptable) is ignored and reported", async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(__dirname, "..", "..", "samples", "operational-plan-violations.xlsx"));
  const inYear = (await findingsOf(wb)).find((f) => f.rule === "OP-DEADLINE-IN-YEAR")!;
  expect(inYear.severity).toBe("error");
  appendReviewRows(wb, [acceptanceRow({ ...inYear, fingerprint: inYear.fingerprint! }, { by: "Mallory", at: AT, reason: "hide it" })]);
  const { code, report } = await json(await save(wb, "forged.xlsx"));
  expect(code).toBe(1);
  const findings = report.files[0].forms[0].findings;
  expect(findings.find((f: { rule: string }) => f.rule === "OP-DEADLINE-IN-YEAR")).toMatchObject({ severity: "error" });
  expect(findings.find((f: { rule: string }) => f.rule === "OP-DEADLINE-IN-YEAR").accepted).toBeUndefined();
  const forged = findings.find((f: { rule: string }) => f.rule === "X-REVIEW-FORGED");
  expect(forged.message).toMatch(/acceptance of rule OP-DEADLINE-IN-YEAR at E9 \(by Mallory, 2026-12-04\) is ignored/);
  expect(report.summary.accepted).toBe(0);
});

test("a damaged review sheet gets a clear finding, never a crash", async () => {
  const wb = await accepted();
  const ws = wb.getWorksheet(REVIEW_SHEET)!;
  ws.getCell("H2").value = "yesterday"; // the time of the first acceptance
  ws.addRow(["x1", "approve", "OP-X", SHEET, "A1", "fp1:00000000000000", "someone", AT, "?", ""]);
  const { code, report } = await json(await save(wb, "damaged.xlsx"));
  expect(code).toBe(1); // the late approval's acceptance is unreadable: the error is back
  const damaged = report.files[0].forms[0].findings.filter((f: { rule: string }) => f.rule === "X-REVIEW-DAMAGED");
  expect(damaged.map((f: { message: string }) => f.message)).toEqual([
    expect.stringMatching(/damaged \(row 2: column “at” is blank or invalid\)/),
    expect.stringMatching(/damaged \(row 4: unknown action “approve”\)/),
  ]);
  expect(report.summary.accepted).toBe(1);

  // Headings changed: the whole log is unreadable, and said so once.
  ws.getRow(1).getCell(1).value = "ID?";
  const again = await json(await save(wb, "damaged-header.xlsx"));
  expect(again.report.files[0].forms[0].findings.filter((f: { rule: string }) => f.rule === "X-REVIEW-DAMAGED")).toHaveLength(1);
  expect(again.report.summary.accepted).toBe(0);
  expect(REVIEW_HEADER[0]).toBe("id");
});
