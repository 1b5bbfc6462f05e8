/**
 * Reviewers' acceptances in the add-in (issue 12 item 1), against the fake Excel: accepting
 * writes the very hidden log sheet, the accepted finding leaves the errors and warnings, an edit
 * of the values lapses it, a withdrawal brings it back; and the same workbook checked by the CLI
 * (ExcelJS) gives the same accepted findings — one engine, one fingerprint.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { harness, template, templateFile, catalog, sampleData } from "./support/setup";
import { place } from "./support/plan";
import { LiveSession } from "../../src/excel/session";
import { reviewServiceOf } from "../../src/excel/app-service";
import { acceptableRules, REVIEW_SHEET, REVIEW_HEADER } from "../../src/core/review";
import { appendReviewRows } from "../../src/xlsx/review";
import { run } from "../helpers/cli";
import type { FormData } from "../../src/core/layout";

const PLAN = "operational-plan";

function reviewedData(): FormData {
  const d = sampleData(PLAN);
  const rows = (d.rows ?? []).map((r) => ({ ...r, cells: { ...r.cells } }));
  const i = rows.findIndex((r) => r.kind === "ACTIVITY");
  rows[i].cells.budgetProgram = "12-A"; // a warning: not a budget program code
  return { ...d, context: { ...d.context, opApprovalDate: "2024-01-19" }, rows }; // an acceptable error: approved late
}

async function setup() {
  const h = harness();
  const data = reviewedData();
  const built = await templateFile(template(PLAN), data);
  const p = await place(h, template(PLAN), built, data);
  const session = new LiveSession(h.rt, catalog(), { debounceMs: 0 });
  await session.start();
  let clock = Date.UTC(2026, 11, 4, 10, 0, 0);
  const review = reviewServiceOf(acceptableRules(catalog().packs), (rows) => session.review(rows).then(() => undefined), () => new Date((clock += 60_000)));
  return { h, p, session, review, data, built };
}

const all = (s: LiveSession) => s.result!.forms.flatMap((f) => f.findings);
const accepted = (s: LiveSession) => s.result!.forms.flatMap((f) => f.accepted);

/** The log's cells as the fake holds them. */
function logRows(h: ReturnType<typeof harness>): string[][] {
  const out: string[][] = [];
  for (let r = 1; ; r++) {
    const row = REVIEW_HEADER.map((_, c) => String(h.fake.host.getCell(REVIEW_SHEET, `${String.fromCharCode(65 + c)}${r}`).value ?? ""));
    if (row.every((v) => v === "")) return out;
    out.push(row);
  }
}

test("accept a warning and an acceptable error: a very hidden log, accepted findings apart, the CLI agrees", async () => {
  const { h, session, review, built } = await setup();
  await session.checkAll();
  const late = all(session).find((f) => f.rule === "OP-DEADLINE-APPROVAL")!;
  const code = all(session).find((f) => f.rule === "OP-ACTIVITY-REQUIRED-COLUMNS/budget-code-format")!;
  const inYear = all(session).find((f) => f.severity === "error" && f.rule !== "OP-DEADLINE-APPROVAL");
  expect(late.severity).toBe("error");
  expect(review.canAccept(late)).toBe(true);
  expect(review.canAccept(code)).toBe(true);
  if (inYear) expect(review.canAccept(inYear)).toBe(false);

  await review.accept(late, "А. Сейітова", "Approved late: the minister was abroad");
  await review.accept(code, "А. Сейітова", "Internal sub-program code");
  expect(accepted(session).map((f) => `${f.rule}@${f.cell}`).sort()).toEqual([`${code.rule}@${code.cell}`, `OP-DEADLINE-APPROVAL@${late.cell}`].sort());
  expect(all(session).some((f) => f.rule === "OP-DEADLINE-APPROVAL")).toBe(false);
  expect(accepted(session).find((f) => f.rule === "OP-DEADLINE-APPROVAL")!.review).toMatchObject({ status: "accepted", by: "А. Сейітова", reason: "Approved late: the minister was abroad" });
  expect(h.fake.host.workbook.sheets.find((x) => x.name === REVIEW_SHEET)!.visibility).toBe("VeryHidden");
  const logs = logRows(h);
  expect(logs[0]).toEqual(REVIEW_HEADER);
  expect(logs).toHaveLength(3);

  // The add-in's log, in the same workbook checked by the command line: the same accepted findings.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(built.buffer as unknown as ArrayBuffer);
  appendReviewRows(wb, logs.slice(1));
  const file = join(mkdtempSync(join(tmpdir(), "jospar-pane-cli-")), "reviewed.xlsx");
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  const r = await run(["check", file, "--format", "json", "--lang", "en"]);
  const report = JSON.parse(r.out);
  const cliAccepted = report.files[0].forms[0].findings.filter((f: { accepted?: unknown }) => f.accepted).map((f: { rule: string; cell: string }) => `${f.rule}@${f.cell}`);
  expect(cliAccepted.sort()).toEqual(accepted(session).map((f) => `${f.rule}@${f.cell}`).sort());
  expect(report.summary.accepted).toBe(2);
  expect(report.summary.errors).toBe(all(session).filter((f) => f.severity === "error").length);
  expect(r.code).toBe(all(session).some((f) => f.severity === "error") ? 1 : 0);
}, 60_000);

test("the log sheet is very hidden, is not taken for a form, and its own writes start no live check", async () => {
  const { h, session, review } = await setup();
  await session.checkAll();
  const code = all(session).find((f) => f.rule === "OP-ACTIVITY-REQUIRED-COLUMNS/budget-code-format")!;
  await review.accept(code, "A", "ok");
  const before = session.lastUpdate;
  await h.fake.host.flushEvents();
  await session.flush();
  expect(session.lastUpdate).toBe(before); // the log's own writes were no edit of a form
  expect(session.result!.unrecognised).not.toContain(REVIEW_SHEET);
  const u = await session.checkAll();
  expect(u.result.forms).toHaveLength(1);
  expect(u.result.forms[0].accepted).toHaveLength(1);
  expect(session.current!.sheets.map((g) => g.sheet)).not.toContain(REVIEW_SHEET);
  expect(session.current!.review).toBeTruthy();
}, 60_000);

test("editing the values lapses the acceptance (the finding returns, marked); a withdrawal brings it back and keeps the log", async () => {
  const { h, p, session, review } = await setup();
  await session.checkAll();
  const late = all(session).find((f) => f.rule === "OP-DEADLINE-APPROVAL")!;
  await review.accept(late, "А. Сейітова", "Approved late: the minister was abroad");
  expect(accepted(session)).toHaveLength(1);

  h.fake.host.typeInCell(p.sheet, p.field("opApprovalDate"), "22.01.2024");
  await h.fake.host.flushEvents();
  await session.flush();
  const back = all(session).find((f) => f.rule === "OP-DEADLINE-APPROVAL")!;
  expect(back.review).toMatchObject({ status: "lapsed", by: "А. Сейітова" });
  expect(review.canAccept(back)).toBe(true);
  expect(accepted(session)).toHaveLength(0);

  // Accept again at the new values (the lapsed one is withdrawn), then withdraw: the finding is back, the log keeps every row.
  await review.accept(back, "А. Сейітова", "Still the same reason");
  const acc = accepted(session)[0];
  expect(acc.review!.status).toBe("accepted");
  await review.withdraw(acc, "Б. Нұрланов", "the order was not attached");
  expect(accepted(session)).toHaveLength(0);
  expect(all(session).find((f) => f.rule === "OP-DEADLINE-APPROVAL")!.review).toBeUndefined();
  const logs = logRows(h);
  expect(logs.map((r) => r[1])).toEqual(["action", "accept", "withdraw", "accept", "withdraw"]);
}, 60_000);
