/**
 * Seed 004 (block budgeting) wired into templates: the functions a template calls by name
 * (`computed[].fn` in the panel, `computed` columns per row), each with its Excel formula built
 * from the same parameters, so the sheet and the core compute the same limit.
 *
 *   bb.smoothedGdp, bb.averageExpenditure, bb.share, bb.totalLimit   panel of the limit form
 *   bb.limit, bb.growth                                              per planned-year row
 *   bb.cap, bb.adjusted {year}                                       panel of the adjustments form
 *   bb.opShare                                                       per adjustment row
 *   bb.unused, bb.unusedShare, bb.carryOver, bb.writeOff             per year-end row
 *
 * Rows are found by their year (the limit form's "year" column) relative to the header's current
 * financial year Y: the sheet uses INDEX/MATCH on the year column, the core the same lookup, so
 * the order of the rows and rows inserted do not matter. Which form holds the limits is an
 * argument of the template (`args.limitForm`); nothing here names a form.
 *
 * Parameters: `rules/methodology/block-budget.params.json` defaults, overridden by the pack's
 * `methodology` parameter (rules/block-budget.rules.json), read alike by both sides.
 */
import type { FormDocument, FormRow } from "../document";
import { COMPUTE_FUNCTIONS, COMPUTE_FORMULAS, type ComputeContext } from "../computed";
import { ROW_FUNCTIONS, ROW_FORMULAS, cellOf, type RowComputeFunction } from "../computed-rows";
import { columnRange, fieldCell, type FormLayout } from "../layout";
import { step, type Computation } from "../trace";
import {
  averageExpenditure, expenditureShare, excelFormulas, limitForYear, resolveBlockBudgetParams, smoothedGdp, threeYearLimits, unusedFunds,
  type BlockBudgetParams, type BudgetLevel,
} from "./block-budget";

const cache = new Map<string, BlockBudgetParams>();

/** The methodology parameters: the JSON defaults with the pack's `methodology` overrides. */
export function blockBudgetParams(params: Record<string, unknown> = {}): BlockBudgetParams {
  const o = params.methodology;
  const key = o && typeof o === "object" ? JSON.stringify(o) : "";
  let p = cache.get(key);
  if (!p) cache.set(key, (p = resolveBlockBudgetParams(key ? (o as Partial<BlockBudgetParams>) : {})));
  return p;
}

type Args = Record<string, unknown>;
const str = (a: Args, k: string, d: string) => (typeof a[k] === "string" ? (a[k] as string) : d);
const abs = (address: string) => address.replace(/^\$?([A-Z]+)\$?(\d+)$/, "$$$1$$$2");

/** Republican (ЖІӨ) or local (ЖӨӨ): the header's budget level. */
function levelOf(doc: FormDocument): BudgetLevel {
  const v = doc.header.level?.typed.value;
  return typeof v === "string" && v !== "республикалық" ? "local" : "republican";
}

function yearOf(doc: FormDocument): number | null {
  const v = doc.header.year?.typed.value;
  return typeof v === "number" ? v : null;
}

function numberIn(row: FormRow | undefined, col: string): number | null | undefined {
  const c = row?.cells[col];
  if (!c || c.value === null || c.value === "") return null;
  return typeof c.value === "number" ? c.value : (NaN as number);
}

/** The row of a year (first match, as MATCH finds it). */
function rowOfYear(doc: FormDocument, year: number): FormRow | undefined {
  return doc.rows.find((r) => !r.placeholder && r.cells.year?.value === year);
}

/** Years of the smoothing (ЖІӨ1…ЖІӨn, ending with the one planned year) and of the expenditure average. */
function gdpYears(y: number, p: BlockBudgetParams): number[] {
  return Array.from({ length: p.gdpSmoothingYears }, (_, i) => y + 1 - (p.gdpSmoothingYears - 1) + i);
}
function expYears(y: number, p: BlockBudgetParams): number[] {
  return Array.from({ length: p.expenditureYearsAveraged }, (_, i) => y - 3 + i);
}
const PLANNED = [1, 2, 3];

function inputs(doc: FormDocument, p: BlockBudgetParams) {
  const y = yearOf(doc);
  const at = (years: number[], col: string) => (y === null ? [] : years.map((yy) => numberIn(rowOfYear(doc, yy), col)));
  return {
    y,
    level: levelOf(doc),
    gdp: at(y === null ? [] : gdpYears(y, p), "gdp"),
    exp: at(y === null ? [] : expYears(y, p), "expenditure"),
    planned: at(y === null ? [] : PLANNED.map((k) => y + k), "gdp"),
  };
}

function shareOf(doc: FormDocument, p: BlockBudgetParams): Computation {
  const i = inputs(doc, p);
  return expenditureShare(averageExpenditure(i.exp, p), smoothedGdp(i.gdp, p, { level: i.level }), p, { level: i.level });
}

// ---------------------------------------------------------------- panel of the limit form

COMPUTE_FUNCTIONS.set("bb.smoothedGdp", (doc, _a, params) => {
  const p = blockBudgetParams(params);
  const i = inputs(doc, p);
  return smoothedGdp(i.gdp, p, { level: i.level });
});
COMPUTE_FUNCTIONS.set("bb.averageExpenditure", (doc, _a, params) => {
  const p = blockBudgetParams(params);
  return averageExpenditure(inputs(doc, p).exp, p);
});
COMPUTE_FUNCTIONS.set("bb.share", (doc, _a, params) => shareOf(doc, blockBudgetParams(params)));
COMPUTE_FUNCTIONS.set("bb.totalLimit", (doc, _a, params) => {
  const p = blockBudgetParams(params);
  const i = inputs(doc, p);
  return threeYearLimits({ gdp: i.gdp, expenditure: i.exp, plannedGdp: i.planned, level: i.level }, p);
});

/** Sheet references of the inputs: INDEX/MATCH on the year column, relative to the header year. */
interface SheetRefs {
  gdpRefs: string[];
  expRefs: string[];
  plannedRefs: string[];
}
function sheetRefs(yearCell: string, yearRange: string, gdpRange: string, expRange: string, p: BlockBudgetParams): SheetRefs {
  const at = (range: string, offset: number) => `INDEX(${range},MATCH(${yearCell}${offset >= 0 ? "+" : ""}${offset},${yearRange},0))`;
  return {
    gdpRefs: gdpYears(0, p).map((o) => at(gdpRange, o)),
    expRefs: expYears(0, p).map((o) => at(expRange, o)),
    plannedRefs: PLANNED.map((o) => at(gdpRange, o)),
  };
}
function layoutRefs(layout: FormLayout, p: BlockBudgetParams): SheetRefs {
  return sheetRefs(abs(fieldCell(layout, "year")), columnRange(layout, "year"), columnRange(layout, "gdp"), columnRange(layout, "expenditure"), p);
}

COMPUTE_FORMULAS.set("bb.smoothedGdp", (_t, layout, _a, params) => excelFormulas.smoothedGdp(layoutRefs(layout, blockBudgetParams(params)).gdpRefs, blockBudgetParams(params)));
COMPUTE_FORMULAS.set("bb.averageExpenditure", (_t, layout, _a, params) => excelFormulas.averageExpenditure(layoutRefs(layout, blockBudgetParams(params)).expRefs, blockBudgetParams(params)));
COMPUTE_FORMULAS.set("bb.share", (_t, layout, _a, params) => {
  const p = blockBudgetParams(params);
  const r = layoutRefs(layout, p);
  return excelFormulas.expenditureShare({ gdpRefs: r.gdpRefs, expRefs: r.expRefs }, p);
});
/**
 * The three-year total. perYear: the sum of the three yearly limits of the limit column (each
 * already rounded when roundLimitValues), blank unless all three are there; perPeriod: (Σ ЖІӨ жк)
 * × ШҮ % from the panel's share cell — the same arithmetic as threeYearLimits.
 */
COMPUTE_FORMULAS.set("bb.totalLimit", (_t, layout, _a, params) => {
  const p = blockBudgetParams(params);
  const y = abs(fieldCell(layout, "year"));
  const at = (col: string, k: number) => `INDEX(${columnRange(layout, col)},MATCH(${y}+${k},${columnRange(layout, "year")},0))`;
  if (p.limitMode === "perPeriod") {
    const g = PLANNED.map((k) => at("gdp", k)).join(",");
    const share = abs(fieldCell(layout, "share"));
    const k = p.gdpUnitFactor === 1 ? "" : `*${p.gdpUnitFactor}`;
    const v = `SUM(${g})${k}*${share}/100`;
    return `=IFERROR(IF(OR(COUNT(${g})<${PLANNED.length},MIN(${g})<=0,NOT(ISNUMBER(${share}))),"",${p.roundLimitValues ? `ROUND(${v},${p.displayDecimals})` : v}),"")`;
  }
  const l = PLANNED.map((k) => at("limit", k));
  return `=IFERROR(IF(COUNT(${l.join(",")})<${PLANNED.length},"",${l.join("+")}),"")`;
});

// ---------------------------------------------------------------- rows of the limit form

/** ББӘ лимиті of a planned year: ЖІӨ жк of the row × ШҮ % (blank in the perPeriod reading). */
ROW_FUNCTIONS.set("bb.limit", (doc, row, _a, params, ctx) => {
  const p = blockBudgetParams(params);
  const y = yearOf(doc);
  const year = row.cells.year?.value;
  const k = typeof year === "number" && y !== null ? year - y : undefined;
  if (p.limitMode === "perPeriod") return { value: null, trace: step("ББӘ лимиті", null, { cell: cellOf(doc, row, ctx.column) }) };
  const c = limitForYear({ plannedGdp: numberIn(row, "gdp"), share: shareOf(doc, p), year: k, level: levelOf(doc) }, p);
  return { ...c, trace: { ...c.trace, cell: cellOf(doc, row, ctx.column) } };
});
ROW_FORMULAS.set("bb.limit", (_t, at, _a, params) => {
  const p = blockBudgetParams(params);
  if (p.limitMode === "perPeriod") return '""';
  const r = sheetRefs(at.field("year"), at.range("year"), at.range("gdp"), at.range("expenditure"), p);
  return excelFormulas.limitForYear({ gdpRefs: r.gdpRefs, expRefs: r.expRefs, plannedGdpRef: at.here("gdp") }, p).slice(1);
});

/**
 * Growth of a planned year's limit over the year before (R145, p.6 ¶5): against the current
 * year's expenditure ∑4 for the first planned year, the previous year's limit after that, in %.
 */
ROW_FUNCTIONS.set("bb.growth", (doc, row, _a, params, ctx) => {
  const y = yearOf(doc);
  const year = row.cells.year?.value;
  const limit = ctx.cell(row.index, "limit").value;
  let base: number | null = null;
  if (typeof year === "number" && y !== null) {
    const prev = rowOfYear(doc, year - 1);
    base = year - 1 === y ? (numberIn(prev, "expenditure") ?? null) : prev ? ctx.cell(prev.index, "limit").value : null;
    if (base !== null && !Number.isFinite(base)) base = null;
  }
  const value = typeof limit === "number" && base !== null && base > 0 ? (limit / base - 1) * 100 : null;
  return {
    value,
    trace: step("g", value, { formula: value === null ? undefined : `${limit} / ${base} − 1 = ${value} %`, inputs: { limit, base }, cell: cellOf(doc, row, ctx.column) }),
  };
});
ROW_FORMULAS.set("bb.growth", (_t, at) => {
  const prevYear = `${at.here("year")}-1`;
  const base = `IF(${prevYear}=${at.field("year")},INDEX(${at.range("expenditure")},MATCH(${prevYear},${at.range("year")},0)),INDEX(${at.range("limit")},MATCH(${prevYear},${at.range("year")},0)))`;
  return `IFERROR(IF(OR(NOT(ISNUMBER(${at.here("limit")})),NOT(ISNUMBER(${base}))),"",IF(${base}<=0,"",(${at.here("limit")}/${base}-1)*100)),"")`;
});

// ---------------------------------------------------------------- the adjustments form (p.7)

function limitForm(args: Args, ctx: ComputeContext) {
  return ctx.form(str(args, "limitForm", ""));
}

COMPUTE_FUNCTIONS.set("bb.cap", (_doc, args, params, ctx) => {
  const p = blockBudgetParams(params);
  const f = limitForm(args, ctx);
  const total = f?.computed.totalLimit?.value ?? null;
  const value = typeof total === "number" && total > 0 ? (total * p.advanceTransferCapPercent) / 100 : null;
  return { value, trace: step("cap", value, { formula: value === null ? undefined : `${p.advanceTransferCapPercent} % × ${total} = ${value}`, inputs: { totalLimit: total } }) };
});
COMPUTE_FORMULAS.set("bb.cap", (_t, _layout, args, params, ctx) => {
  const total = ctx.cell(str(args, "limitForm", ""), "totalLimit");
  return total ? `=IF(OR(${total}="",N(${total})<=0),"",${total}*${blockBudgetParams(params).advanceTransferCapPercent}/100)` : null;
});

/** The limit of year k of the period after the operations: limit_k + Σ of the column of year k. */
COMPUTE_FUNCTIONS.set("bb.adjusted", (doc, args, _params, ctx) => {
  const k = Number(args.year);
  const f = limitForm(args, ctx);
  const y = f ? yearOf(f.doc) : null;
  const row = f && y !== null ? rowOfYear(f.doc, y + k) : undefined;
  const limit = row ? f!.rows?.limit?.get(row.index)?.value ?? null : null;
  const col = `year${k}Change`;
  let sum = 0;
  for (const r of doc.rows) if (!r.placeholder && typeof r.cells[col]?.value === "number") sum += r.cells[col].value as number;
  const value = typeof limit === "number" ? limit + sum : null;
  return { value, trace: step(`L'${k}`, value, { formula: value === null ? undefined : `${limit} + (${sum}) = ${value}`, inputs: { limit, changes: sum } }) };
});
COMPUTE_FORMULAS.set("bb.adjusted", (_t, layout, args, _params, ctx) => {
  const k = Number(args.year);
  const lf = str(args, "limitForm", "");
  const y = ctx.cell(lf, "year");
  const limits = ctx.range(lf, "limit");
  const years = ctx.range(lf, "year");
  if (!y || !limits || !years) return null;
  const limit = `INDEX(${limits},MATCH(${y}+${k},${years},0))`;
  return `=IFERROR(IF(NOT(ISNUMBER(${limit})),"",${limit}+SUM(${columnRange(layout, `year${k}Change`)})),"")`;
});

/** An operation's share of the three-year total, % (F11 table D col 5). */
ROW_FUNCTIONS.set("bb.opShare", (doc, row, args, _params, ctx) => {
  const f = limitForm(args, ctx);
  const total = f?.computed.totalLimit?.value ?? null;
  const amount = numberIn(row, "amount");
  const value = typeof amount === "number" && Number.isFinite(amount) && typeof total === "number" && total > 0 ? (amount / total) * 100 : null;
  return { value, trace: step("%", value, { inputs: { amount: amount ?? null, totalLimit: total }, cell: cellOf(doc, row, ctx.column) }) };
});
ROW_FORMULAS.set("bb.opShare", (_t, at, args) => {
  const total = at.others.cell(str(args, "limitForm", ""), "totalLimit");
  if (!total) return null;
  return `IF(OR(NOT(ISNUMBER(${at.here("amount")})),NOT(ISNUMBER(${total}))),"",IF(${total}<=0,"",${at.here("amount")}/${total}*100))`;
});

// ---------------------------------------------------------------- year-end rows (p.8, p.45)

/** Funds provided (Pr), used, and the amount an exception of p.8 ¶4 covers (taken out first). */
function yearEnd(row: FormRow, params: Record<string, unknown>) {
  const p = blockBudgetParams(params);
  const provided = numberIn(row, "provided");
  const used = numberIn(row, "used");
  const exempt = numberIn(row, "exemptAmount");
  return unusedFunds(provided ?? null, used ?? null, typeof exempt === "number" && exempt > 0 ? exempt : null, p);
}
const yearEndValue =
  (pick: (r: ReturnType<typeof yearEnd>) => number | null): RowComputeFunction =>
  (doc, row, _a, params, ctx) => {
    const r = yearEnd(row, params);
    const value = !r.known ? null : pick(r);
    return { value, trace: { ...r.trace, value, cell: cellOf(doc, row, ctx.column) } };
  };
ROW_FUNCTIONS.set("bb.unused", yearEndValue((r) => r.unused));
ROW_FUNCTIONS.set("bb.unusedShare", yearEndValue((r) => r.sharePercent));
ROW_FUNCTIONS.set("bb.carryOver", yearEndValue((r) => r.carryOver));
ROW_FUNCTIONS.set("bb.writeOff", yearEndValue((r) => r.writtenOff));

/**
 * The sheet's "used" as the 5 % test takes it: used + the exempt amount, at most the funds
 * provided (blank when used is blank; used above the funds provided is left as it is, so the
 * formulas' guard blanks the row as the core does).
 */
function yearEndRefs(at: { here(c: string): string }, p: BlockBudgetParams) {
  const used = at.here("used");
  const pr = at.here("provided");
  return { allocatedRef: pr, usedRef: `IF(ISNUMBER(${used}),IF(${used}>${pr}+${p.amountTolerance},${used},MIN(${pr},${used}+MAX(0,N(${at.here("exemptAmount")})))),"")` };
}
/** The exempt amount the core counts: at most the unused funds. */
function exemptExcel(at: { here(c: string): string }): string {
  return `MIN(MAX(0,N(${at.here("exemptAmount")})),MAX(0,${at.here("provided")}-${at.here("used")}))`;
}
ROW_FORMULAS.set("bb.unused", (_t, at, _a, params) => {
  const p = blockBudgetParams(params);
  const pr = at.here("provided");
  const used = at.here("used");
  return `IFERROR(IF(OR(COUNT(${pr},${used})<2,${pr}<=0,${used}<0,${used}>${pr}+${p.amountTolerance}),"",MAX(0,${pr}-${used})),"")`;
});
ROW_FORMULAS.set("bb.unusedShare", (_t, at, _a, params) => {
  const p = blockBudgetParams(params);
  return excelFormulas.unusedShare(yearEndRefs(at, p), p).slice(1);
});
ROW_FORMULAS.set("bb.writeOff", (_t, at, _a, params) => {
  const p = blockBudgetParams(params);
  return excelFormulas.unusedWriteOff(yearEndRefs(at, p), p).slice(1);
});
ROW_FORMULAS.set("bb.carryOver", (_t, at, _a, params) => {
  const p = blockBudgetParams(params);
  const carry = excelFormulas.unusedCarryOver(yearEndRefs(at, p), p).slice(1);
  return `IF(${carry}="","",${carry}+${exemptExcel(at)})`;
});

