/**
 * The block-budgeting workbook through the core (no spreadsheet engine): the spec's worked example
 * (methodology-formulas.md §5.1–5.3) computed from the filled sheets, the journals' process rules
 * each giving exactly the expected finding, and the monitoring deadlines counted in working days
 * of the Kazakhstan calendar (rules/calendars/kz.json). The sheet formulas are proved against
 * LibreOffice in test/xlsx/block-budget-libreoffice.test.ts.
 */
import { checkWorkbook, WorkbookResult } from "../../../src/core/workbook";
import { Checker } from "../../../src/core/check";
import { DERIVED_FUNCTIONS } from "../../../src/core/rules/functions";
import { isWorkingDay, holidayOn } from "../../../src/core/dates";
import type { DataPatch } from "../../../src/core/formdata";
import { catalog, formGrid, snapshot } from "../../helpers/forms";

function check(forms: { id: string; patch?: DataPatch }[]): WorkbookResult {
  const cat = catalog();
  return checkWorkbook(snapshot(forms.map((f) => formGrid(f.id, f.patch ?? {}).grid)), cat, new Checker(cat.packs, cat.calendar));
}
const ruleFindings = (res: WorkbookResult) => res.forms.flatMap((f) => f.findings).filter((f) => f.rule.startsWith("BB-"));

describe("the worked example, computed by the core from the filled sheets", () => {
  const res = check([{ id: "block-budget-limit" }, { id: "block-budget-adjustments" }, { id: "block-budget-year-end" }]);
  const form = (id: string) => res.forms.find((f) => f.template.id === id)!;

  test("ТЖІӨ 120 000, ОМ ∑жж 550, ШҮ % 0.458333, limits 641.667 / 687.5 / 733.333, total 2 062.5", () => {
    const c = form("block-budget-limit").computed;
    expect(c.tgdp.value).toBe(120000);
    expect(c.avgExp.value).toBe(550);
    expect(c.share.value).toBeCloseTo(0.458333333, 9);
    expect(c.totalLimit.value).toBeCloseTo(2062.5, 9);
    const f = form("block-budget-limit");
    const limits = f.prepared.doc.rows.filter((r) => r.kind === "PLANNED").map((r) => f.prepared.rowComputed.limit.get(r.index)!.value);
    expect(limits.map((x) => Math.round(x! * 1000) / 1000)).toEqual([641.667, 687.5, 733.333]);
    // Growth of the first planned year against the current year's expenditure (620): 3.49 %.
    const growth = f.prepared.doc.rows.filter((r) => r.kind === "PLANNED").map((r) => f.prepared.rowComputed.growth.get(r.index)!.value!);
    expect(Math.round(growth[0] * 100) / 100).toBe(3.49);
    // Later years grow against the year before's limit: 687.5 / 641.667 − 1 = 7.14 %, 733.333 / 687.5 − 1 = 6.67 %.
    expect(growth.slice(1).map((g) => Math.round(g * 100) / 100)).toEqual([7.14, 6.67]);
    // The trace shows the formula with the figures.
    expect(c.share.trace.formula).toBe("550 × 100 % / 120000 = 0.458333 %");
  });

  test("cap 206.25; an advance of 150 gives 791.667 / 537.5 / 733.333, total unchanged", () => {
    const c = form("block-budget-adjustments").computed;
    expect(c.cap.value).toBeCloseTo(206.25, 9);
    const adjusted = [c.adjusted1.value!, c.adjusted2.value!, c.adjusted3.value!];
    expect(adjusted.map((x) => Math.round(x * 1000) / 1000)).toEqual([791.667, 537.5, 733.333]);
    expect(adjusted.reduce((a, x) => a + x, 0)).toBeCloseTo(2062.5, 9);
  });

  test("Pr 800, used 770: 3.75 % unused, 30 carried over, nothing written off; no finding on any sheet", () => {
    const f = form("block-budget-year-end");
    const row = f.prepared.doc.rows[0].index;
    expect(f.prepared.rowComputed.unusedShare.get(row)!.value).toBe(3.75);
    expect(f.prepared.rowComputed.carryOver.get(row)!.value).toBe(30);
    expect(f.prepared.rowComputed.writeOff.get(row)!.value).toBe(0);
    expect(ruleFindings(res)).toEqual([]);
  });
});

describe("the journals: each violation gives exactly the expected finding", () => {
  const T_HIGH = "жоғары тұрған бюджеттен нысаналы трансферттер мен кредиттер";
  const second = { no: "2а", date: "2026-03-24", decision: "№ 21", source: T_HIGH, fromProgram: "042.016", toProgram: "042.017", toKind: "даму", amount: 50,
    commission: "ВБК хаттамасы, 23.03.2026 № 5", agreement: "Қаржы министрлігінің келісімі, 23.03.2026 № 52", tiChanged: false, sentToTreasury: "2026-03-25", notified: "2026-03-27" };
  const journals = ["block-budget-reallocations", "block-budget-contracts", "block-budget-year-end", "block-budget-reports"];
  const keys = (res: WorkbookResult) => ruleFindings(res).map((f) => `${f.rule}@${f.template}:${f.cell}`);
  const cell = (id: string, row: number, col: string) => {
    const { layout } = formGrid(id);
    const c = layout.columns.find((x) => x.def.id === col)!.col;
    return `${String.fromCharCode(65 + c)}${layout.firstDataRow + row + 1}`;
  };

  test("clean journals give none", () => {
    expect(keys(check(journals.map((id) => ({ id }))))).toEqual([]);
  });
  test.each([
    ["a second reallocation of transfers in one month", "block-budget-reallocations", { insert: [{ at: 2, kind: "ENTRY", cells: second }] }, "BB-REALLOC-TRANSFERS-MONTHLY", 2, "date"],
    ["a certificate dated the 26th", "block-budget-reallocations", { set: { "1": { sentToTreasury: "2026-03-26" } } }, "BB-FINPLAN-CHANGE-BY-25", 1, "sentToTreasury"],
    ["a four-year contract", "block-budget-contracts", { set: { "0": { end: "2029-12-31" } } }, "BB-CONTRACT-MAX-3FY", 0, "end"],
    ["6 % unused funds without an exception", "block-budget-year-end", { set: { "0": { used: 752 } } }, "BB-UNUSED-OVER5-WRITE-OFF", 0, "writeOff"],
  ] as const)("%s", (_name, id, patch, rule, row, col) => {
    const res = check(journals.map((j) => ({ id: j, patch: j === id ? (patch as DataPatch) : {} })));
    expect(keys(res)).toEqual([`${rule}@${id}:${cell(id, row, col)}`]);
  });
  test("6 % unused with a p.8 ¶4 exception covering the excess: no write-off, the p.46 list recorded", () => {
    const res = check([{ id: "block-budget-year-end", patch: { set: { "0": { used: 752, exception: "еңсерілмейтін күш мән-жайлары", exemptAmount: 12, carryList: "ВБК, 20.01.2026" } } } }]);
    expect(keys(res)).toEqual([]);
    const f = res.forms[0];
    expect(f.prepared.rowComputed.writeOff.get(0)!.value).toBe(0);
    expect(f.prepared.rowComputed.carryOver.get(0)!.value).toBe(48);
  });
});

describe("monitoring deadlines in working days of the Kazakhstan calendar (p.56)", () => {
  const env = { calendar: catalog().calendar };
  const due = (d: string, n: number) => DERIVED_FUNCTIONS.nthWorkingDayOfNextMonth([d, n], env);

  test("December 2024: 1–2 January holidays, Friday 3 moved off for Sunday 5 (worked), 7 January Christmas", () => {
    const cal = catalog().calendar;
    expect(holidayOn(cal, "2025-01-01")).toBeDefined();
    expect(isWorkingDay(cal, "2025-01-03")).toBe(false); // day off moved (transfer order)
    expect(isWorkingDay(cal, "2025-01-05")).toBe(true); // a Sunday worked in its place
    expect(isWorkingDay(cal, "2025-01-07")).toBe(false);
    // Working days of January 2025: 5, 6, 8, 9, 10, 13, 14 — Monday-to-Friday counting would give 09.01 and 07.01.
    expect(due("2024-12-31", 7)).toBe("2025-01-14");
    expect(due("2024-12-31", 5)).toBe("2025-01-10");
  });

  test("February 2026 (9 March a holiday moved from Sunday 8): the seventh working day is 11 March", () => {
    expect(due("2026-02-28", 7)).toBe("2026-03-11");
    expect(due("2026-02-28", 5)).toBe("2026-03-06");
  });

  test("a republican December 2024 report handed in on 15.01.2025 is late, on 14.01.2025 on time", () => {
    const base = { header: { year: 2025 }, delete: [3, 4], set: { "0": { period: "2024 жыл", submitted: "2025-01-20" }, "1": { period: "2024 жылғы II жартыжылдық", submitted: "2025-01-24" } } };
    const late = check([{ id: "block-budget-reports", patch: { ...base, set: { ...base.set, "2": { period: "2024 жылғы желтоқсан", submitted: "2025-01-15" } } } }]);
    expect(ruleFindings(late).map((f) => `${f.rule} ${f.values["row.derived.monthlyDue"]}`)).toEqual(["BB-MONITORING-MONTHLY-REPUBLICAN 2025-01-14"]);
    const onTime = check([{ id: "block-budget-reports", patch: { ...base, set: { ...base.set, "2": { period: "2024 жылғы желтоқсан", submitted: "2025-01-14" } } } }]);
    expect(ruleFindings(onTime)).toEqual([]);
    // A local administrator has five working days: 10.01.2025.
    const local = check([{ id: "block-budget-reports", patch: { ...base, header: { year: 2025, level: "облыстық" }, set: { ...base.set, "2": { period: "2024 жылғы желтоқсан", submitted: "2025-01-13" } } } }]);
    expect(ruleFindings(local).map((f) => `${f.rule} ${f.values["row.derived.monthlyDue"]}`)).toEqual(["BB-MONITORING-MONTHLY-LOCAL 2025-01-10"]);
  });
});
