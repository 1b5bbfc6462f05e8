/** The core's review model (src/core/review.ts): the log, fingerprints, matching, lapsing, forged and damaged entries. */
import { acceptanceRow, applyReview, fingerprint, parseReview, withdrawalRow, REVIEW_HEADER, REVIEW_SHEET } from "../../src/core/review";
import type { Finding } from "../../src/core/findings";
import type { Grid } from "../../src/core/grid";

const f = (rule: string, severity: Finding["severity"], cell: string | null, values: Record<string, unknown> = {}): Finding => ({
  rule, severity, cell, sheet: "Plan", template: "plan", message: { kk: rule, ru: rule, en: rule }, values, source: "s", type: "violation",
});
const grid = (rows: string[][]): Grid => ({ sheet: REVIEW_SHEET, values: [REVIEW_HEADER, ...rows], formulas: [] });
const by = { by: "A", at: "2026-12-04T10:00:00Z", reason: "why" };
const accept = (x: Finding) => acceptanceRow({ ...x, fingerprint: fingerprint(x) }, by);
const ACCEPTABLE = new Set(["LATE"]);
const one = (findings: Finding[], rows: string[][]) => applyReview([{ sheet: "Plan", template: "plan", findings }], parseReview(grid(rows)), ACCEPTABLE)[0];

test("fingerprints follow the values, not the cell; a different value gives a different fingerprint", () => {
  expect(fingerprint(f("W", "warning", "C5", { code: "12-A" }))).toBe(fingerprint(f("W", "warning", "C9", { code: "12-A" })));
  expect(fingerprint(f("W", "warning", "C5", { code: "12-A" }))).not.toBe(fingerprint(f("W", "warning", "C5", { code: "12-B" })));
  expect(fingerprint(f("W", "warning", "C5", { a: 1, b: 2 }))).toBe(fingerprint(f("W", "warning", "C5", { b: 2, a: 1 })));
  expect(fingerprint(f("W", "warning", "C5"))).toMatch(/^fp1:[0-9a-f]{14}$/);
});

test("an accepted warning and an acceptable error leave the findings; findings are copied, not changed", () => {
  const w = f("W", "warning", "C5", { code: "12-A" });
  const late = f("LATE", "error", "K11", { date: "2024-01-19" });
  const r = one([w, late], [accept(w), accept(late)]);
  expect(r.findings).toEqual([]);
  expect(r.accepted.map((x) => [x.rule, x.review!.status, x.review!.by])).toEqual([["W", "accepted", "A"], ["LATE", "accepted", "A"]]);
  expect(w.review).toBeUndefined();
});

test("a row moved by an inserted row keeps its acceptance; changed values lapse it", () => {
  const w = f("W", "warning", "C5", { code: "12-A" });
  expect(one([f("W", "warning", "C6", { code: "12-A" })], [accept(w)]).accepted).toHaveLength(1);
  const changed = one([f("W", "warning", "C5", { code: "12-B" })], [accept(w)]);
  expect(changed.accepted).toHaveLength(0);
  expect(changed.findings[0].review).toMatchObject({ status: "lapsed", reason: "why" });
});

test("withdrawn acceptances no longer apply but stay in the log", () => {
  const w = f("W", "warning", "C5");
  const row = accept(w);
  const log = parseReview(grid([row, withdrawalRow({ id: row[0], rule: "W", sheet: "Plan", cell: "C5", fingerprint: row[5] }, { ...by, reason: "" })]));
  expect(log.acceptances[0].withdrawn).toBeTruthy();
  expect(applyReview([{ sheet: "Plan", template: "plan", findings: [w] }], log, ACCEPTABLE)[0].findings.map((x) => x.rule)).toEqual(["W"]);
});

test("forged: errors of rules not marked acceptable, and infos, cannot be accepted", () => {
  const err = f("HARD", "error", "E9");
  const info = f("NOTE", "info", null);
  const r = one([err, info], [accept(err), accept(info)]);
  expect(r.accepted).toEqual([]);
  expect(r.findings.map((x) => x.rule).sort()).toEqual(["HARD", "NOTE", "X-REVIEW-FORGED", "X-REVIEW-FORGED"]);
  for (const lang of ["kk", "ru", "en"] as const) expect(r.findings.find((x) => x.rule === "X-REVIEW-FORGED")!.message[lang]).toContain("HARD");
});

test("damaged: bad rows are reported by row and column, a bad heading row disables the log, nothing throws", () => {
  const w = f("W", "warning", "C5");
  const good = accept(w);
  const r = one([w], [good, ["x", "accept", "W", "Plan", "C5", "nope", "A", by.at, "r", ""], ["y", "withdraw", "W", "Plan", "C5", good[5], "A", by.at, "", "missing-id"]]);
  expect(r.accepted).toHaveLength(1);
  expect(r.findings.map((x) => x.message.en)).toEqual([
    expect.stringContaining("row 3: column “fingerprint” is blank or invalid"),
    expect.stringContaining("row 4: no acceptance “missing-id” to withdraw"),
  ]);
  const broken = parseReview({ sheet: REVIEW_SHEET, values: [["who", "what"], good], formulas: [] });
  expect(broken.acceptances).toEqual([]);
  expect(broken.problems).toHaveLength(1);
  expect(parseReview(null).acceptances).toEqual([]);
  expect(parseReview({ sheet: REVIEW_SHEET, values: [[null, 5, { error: "#REF!" }]], formulas: [] }).problems).toHaveLength(1);
});
