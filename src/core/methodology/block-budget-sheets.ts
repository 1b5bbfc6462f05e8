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
 * Rows are found by their year (the limit form's year column) relative to the header's current
 * financial year Y: the sheet uses INDEX/MATCH on the year column, the core the same lookup, so
 * the order of the rows and rows inserted do not matter. Every column, field and form these
 * functions read is an argument the template gives (checked when it loads); nothing here names a
 * form or a column.
 *
 * Parameters: `rules/methodology/block-budget.params.json` defaults, overridden by the pack's
 * `methodology` parameter (rules/block-budget.rules.json), read alike by both sides.
 */
import type { FormDocument, FormRow } from "../document";
import type { CellFormula, ComputeContext, ComputeFunction } from "../computed";
import { cellOf, type RowComputeFunction, type RowFormula } from "../computed-rows";
import { methodology, type ArgRefs, type ArgsSchema, type Methodology } from "../functions";
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
const abs = (address: string) => address.replace(/^\$?([A-Z]+)\$?(\d+)$/, "$$$1$$$2");

const cells = new Map<string, ComputeFunction>();
const cellFormulas = new Map<string, CellFormula>();
const rows = new Map<string, RowComputeFunction>();
const rowFormulas = new Map<string, RowFormula>();

/** The limit form's parts, as the template names them. */
interface LimitArgs {
  /** Header fields: the current financial year Y and the budget level. */
  yearField: string;
  levelField: string;
  /** The level's value that means the republican budget (ЖІӨ); any other is local (ЖӨӨ). */
  republican: string;
  /** Columns: the year of a row, GDP (ЖІӨ), expenditure (∑), the limit. */
  year: string;
  gdp: string;
  expenditure: string;
  limit: string;
  /** The computed cell of ШҮ %. */
  share: string;
}
const LIMIT_KEYS = ["yearField", "levelField", "republican", "year", "gdp", "expenditure", "limit", "share"] as const;
const la = (a: Args): LimitArgs => a as unknown as LimitArgs;

/** Republican (ЖІӨ) or local (ЖӨӨ): the header's budget level. */
function levelOf(doc: FormDocument, a: LimitArgs): BudgetLevel {
  const v = doc.header[a.levelField]?.typed.value;
  return typeof v === "string" && v !== a.republican ? "local" : "republican";
}

function yearOf(doc: FormDocument, field: string): number | null {
  const v = (doc.header[field] ?? doc.context[field])?.typed.value;
  return typeof v === "number" ? v : null;
}

function numberIn(row: FormRow | undefined, col: string): number | null | undefined {
  const c = row?.cells[col];
  if (!c || c.value === null || c.value === "") return null;
  return typeof c.value === "number" ? c.value : (NaN as number);
}

/** The row of a year (first match, as MATCH finds it). */
function rowOfYear(doc: FormDocument, yearColumn: string, year: number): FormRow | undefined {
  return doc.rows.find((r) => !r.placeholder && r.cells[yearColumn]?.value === year);
}

/** Years of the smoothing (ЖІӨ1…ЖІӨn, ending with the one planned year) and of the expenditure average. */
function gdpYears(y: number, p: BlockBudgetParams): number[] {
  return Array.from({ length: p.gdpSmoothingYears }, (_, i) => y + 1 - (p.gdpSmoothingYears - 1) + i);
}
function expYears(y: number, p: BlockBudgetParams): number[] {
  return Array.from({ length: p.expenditureYearsAveraged }, (_, i) => y - 3 + i);
}
const PLANNED = [1, 2, 3];

function inputs(doc: FormDocument, a: LimitArgs, p: BlockBudgetParams) {
  const y = yearOf(doc, a.yearField);
  const at = (years: number[], col: string) => (y === null ? [] : years.map((yy) => numberIn(rowOfYear(doc, a.year, yy), col)));
  return {
    y,
    level: levelOf(doc, a),
    gdp: at(y === null ? [] : gdpYears(y, p), a.gdp),
    exp: at(y === null ? [] : expYears(y, p), a.expenditure),
    planned: at(y === null ? [] : PLANNED.map((k) => y + k), a.gdp),
  };
}

function shareOf(doc: FormDocument, a: LimitArgs, p: BlockBudgetParams): Computation {
  const i = inputs(doc, a, p);
  return expenditureShare(averageExpenditure(i.exp, p), smoothedGdp(i.gdp, p, { level: i.level }), p, { level: i.level });
}

// ---------------------------------------------------------------- panel of the limit form

cells.set("bb.smoothedGdp", (doc, args, params) => {
  const p = blockBudgetParams(params);
  const i = inputs(doc, la(args), p);
  return smoothedGdp(i.gdp, p, { level: i.level });
});
cells.set("bb.averageExpenditure", (doc, args, params) => {
  const p = blockBudgetParams(params);
  return averageExpenditure(inputs(doc, la(args), p).exp, p);
});
cells.set("bb.share", (doc, args, params) => shareOf(doc, la(args), blockBudgetParams(params)));
cells.set("bb.totalLimit", (doc, args, params) => {
  const p = blockBudgetParams(params);
  const i = inputs(doc, la(args), p);
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
function layoutRefs(layout: FormLayout, a: LimitArgs, p: BlockBudgetParams): SheetRefs {
  return sheetRefs(abs(fieldCell(layout, a.yearField)), columnRange(layout, a.year), columnRange(layout, a.gdp), columnRange(layout, a.expenditure), p);
}

cellFormulas.set("bb.smoothedGdp", (_t, layout, args, params) => excelFormulas.smoothedGdp(layoutRefs(layout, la(args), blockBudgetParams(params)).gdpRefs, blockBudgetParams(params)));
cellFormulas.set("bb.averageExpenditure", (_t, layout, args, params) => excelFormulas.averageExpenditure(layoutRefs(layout, la(args), blockBudgetParams(params)).expRefs, blockBudgetParams(params)));
cellFormulas.set("bb.share", (_t, layout, args, params) => {
  const p = blockBudgetParams(params);
  const r = layoutRefs(layout, la(args), p);
  return excelFormulas.expenditureShare({ gdpRefs: r.gdpRefs, expRefs: r.expRefs }, p);
});
/**
 * The three-year total. perYear: the sum of the three yearly limits of the limit column (each
 * already rounded when roundLimitValues), blank unless all three are there; perPeriod: (Σ ЖІӨ жк)
 * × ШҮ % from the panel's share cell — the same arithmetic as threeYearLimits.
 */
cellFormulas.set("bb.totalLimit", (_t, layout, args, params) => {
  const p = blockBudgetParams(params);
  const a = la(args);
  const y = abs(fieldCell(layout, a.yearField));
  const at = (col: string, k: number) => `INDEX(${columnRange(layout, col)},MATCH(${y}+${k},${columnRange(layout, a.year)},0))`;
  if (p.limitMode === "perPeriod") {
    const g = PLANNED.map((k) => at(a.gdp, k)).join(",");
    const share = abs(fieldCell(layout, a.share));
    const k = p.gdpUnitFactor === 1 ? "" : `*${p.gdpUnitFactor}`;
    const v = `SUM(${g})${k}*${share}/100`;
    return `=IFERROR(IF(OR(COUNT(${g})<${PLANNED.length},MIN(${g})<=0,NOT(ISNUMBER(${share}))),"",${p.roundLimitValues ? `ROUND(${v},${p.displayDecimals})` : v}),"")`;
  }
  const l = PLANNED.map((k) => at(a.limit, k));
  return `=IFERROR(IF(COUNT(${l.join(",")})<${PLANNED.length},"",${l.join("+")}),"")`;
});

// ---------------------------------------------------------------- rows of the limit form

/** ББӘ лимиті of a planned year: ЖІӨ жк of the row × ШҮ % (blank in the perPeriod reading). */
rows.set("bb.limit", (doc, row, args, params, ctx) => {
  const p = blockBudgetParams(params);
  const a = la(args);
  const y = yearOf(doc, a.yearField);
  const year = row.cells[a.year]?.value;
  const k = typeof year === "number" && y !== null ? year - y : undefined;
  if (p.limitMode === "perPeriod") return { value: null, trace: step("ББӘ лимиті", null, { cell: cellOf(doc, row, ctx.column) }) };
  const c = limitForYear({ plannedGdp: numberIn(row, a.gdp), share: shareOf(doc, a, p), year: k, level: levelOf(doc, a) }, p);
  return { ...c, trace: { ...c.trace, cell: cellOf(doc, row, ctx.column) } };
});
rowFormulas.set("bb.limit", (_t, at, args, params) => {
  const p = blockBudgetParams(params);
  const a = la(args);
  if (p.limitMode === "perPeriod") return '""';
  const r = sheetRefs(at.field(a.yearField), at.range(a.year), at.range(a.gdp), at.range(a.expenditure), p);
  return excelFormulas.limitForYear({ gdpRefs: r.gdpRefs, expRefs: r.expRefs, plannedGdpRef: at.here(a.gdp) }, p).slice(1);
});

/**
 * Growth of a planned year's limit over the year before (R145, p.6 ¶5): against the current
 * year's expenditure ∑4 for the first planned year, the previous year's limit after that, in %.
 */
rows.set("bb.growth", (doc, row, args, _params, ctx) => {
  const a = la(args);
  const y = yearOf(doc, a.yearField);
  const year = row.cells[a.year]?.value;
  const limit = ctx.cell(row.index, a.limit).value;
  let base: number | null = null;
  if (typeof year === "number" && y !== null) {
    const prev = rowOfYear(doc, a.year, year - 1);
    base = year - 1 === y ? (numberIn(prev, a.expenditure) ?? null) : prev ? ctx.cell(prev.index, a.limit).value : null;
    if (base !== null && !Number.isFinite(base)) base = null;
  }
  const value = typeof limit === "number" && base !== null && base > 0 ? (limit / base - 1) * 100 : null;
  return {
    value,
    trace: step("g", value, { formula: value === null ? undefined : `${limit} / ${base} − 1 = ${value} %`, inputs: { limit, base }, cell: cellOf(doc, row, ctx.column) }),
  };
});
rowFormulas.set("bb.growth", (_t, at, args) => {
  const a = la(args);
  const prevYear = `${at.here(a.year)}-1`;
  const base = `IF(${prevYear}=${at.field(a.yearField)},INDEX(${at.range(a.expenditure)},MATCH(${prevYear},${at.range(a.year)},0)),INDEX(${at.range(a.limit)},MATCH(${prevYear},${at.range(a.year)},0)))`;
  return `IFERROR(IF(OR(NOT(ISNUMBER(${at.here(a.limit)})),NOT(ISNUMBER(${base}))),"",IF(${base}<=0,"",(${at.here(a.limit)}/${base}-1)*100)),"")`;
});

// ---------------------------------------------------------------- the adjustments form (p.7)

/** Where the adjustments read the limit form: its template, year field, year and limit columns, total. */
interface AdjustArgs {
  limitForm: string;
  limitYearField: string;
  limitYear: string;
  limitColumn: string;
  totalLimit: string;
}
const ADJUST_KEYS = ["limitForm", "limitYearField", "limitYear", "limitColumn", "totalLimit"] as const;
const aa = (a: Args): AdjustArgs => a as unknown as AdjustArgs;

function totalOf(a: AdjustArgs, ctx: ComputeContext): number | null {
  const v = ctx.form(a.limitForm)?.computed[a.totalLimit]?.value ?? null;
  return typeof v === "number" ? v : null;
}

cells.set("bb.cap", (_doc, args, params, ctx) => {
  const p = blockBudgetParams(params);
  const total = totalOf(aa(args), ctx);
  const value = total !== null && total > 0 ? (total * p.advanceTransferCapPercent) / 100 : null;
  return { value, trace: step("cap", value, { formula: value === null ? undefined : `${p.advanceTransferCapPercent} % × ${total} = ${value}`, inputs: { totalLimit: total } }) };
});
cellFormulas.set("bb.cap", (_t, _layout, args, params, ctx) => {
  const a = aa(args);
  const total = ctx.cell(a.limitForm, a.totalLimit);
  return total ? `=IF(OR(${total}="",N(${total})<=0),"",${total}*${blockBudgetParams(params).advanceTransferCapPercent}/100)` : null;
});

/** The limit of year k of the period after the operations: limit_k + Σ of the change column of year k. */
cells.set("bb.adjusted", (doc, args, _params, ctx) => {
  const a = aa(args);
  const k = Number(args.year);
  const f = ctx.form(a.limitForm);
  const y = f ? yearOf(f.doc, a.limitYearField) : null;
  const row = f && y !== null ? rowOfYear(f.doc, a.limitYear, y + k) : undefined;
  const limit = row ? f!.rows?.[a.limitColumn]?.get(row.index)?.value ?? null : null;
  const col = String(args.change);
  let sum = 0;
  for (const r of doc.rows) if (!r.placeholder && typeof r.cells[col]?.value === "number") sum += r.cells[col].value as number;
  const value = typeof limit === "number" ? limit + sum : null;
  return { value, trace: step(`L'${k}`, value, { formula: value === null ? undefined : `${limit} + (${sum}) = ${value}`, inputs: { limit, changes: sum } }) };
});
cellFormulas.set("bb.adjusted", (_t, layout, args, _params, ctx) => {
  const a = aa(args);
  const k = Number(args.year);
  const y = ctx.cell(a.limitForm, a.limitYearField);
  const limits = ctx.range(a.limitForm, a.limitColumn);
  const years = ctx.range(a.limitForm, a.limitYear);
  if (!y || !limits || !years) return null;
  const limit = `INDEX(${limits},MATCH(${y}+${k},${years},0))`;
  return `=IFERROR(IF(NOT(ISNUMBER(${limit})),"",${limit}+SUM(${columnRange(layout, String(args.change))})),"")`;
});

/** An operation's share of the three-year total, % (F11 table D col 5). */
rows.set("bb.opShare", (doc, row, args, _params, ctx) => {
  const total = totalOf(aa(args), ctx);
  const amount = numberIn(row, String(args.amount));
  const value = typeof amount === "number" && Number.isFinite(amount) && total !== null && total > 0 ? (amount / total) * 100 : null;
  return { value, trace: step("%", value, { inputs: { amount: amount ?? null, totalLimit: total }, cell: cellOf(doc, row, ctx.column) }) };
});
rowFormulas.set("bb.opShare", (_t, at, args) => {
  const a = aa(args);
  const total = at.others.cell(a.limitForm, a.totalLimit);
  if (!total) return null;
  const amount = at.here(String(args.amount));
  return `IF(OR(NOT(ISNUMBER(${amount})),NOT(ISNUMBER(${total}))),"",IF(${total}<=0,"",${amount}/${total}*100))`;
});

// ---------------------------------------------------------------- year-end rows (p.8, p.45)

/** The year-end columns: funds provided (Pr), used, and the amount an exception of p.8 ¶4 covers. */
interface YearEndArgs {
  provided: string;
  used: string;
  exemptAmount: string;
}
const YEAR_END_KEYS = ["provided", "used", "exemptAmount"] as const;
const ya = (a: Args): YearEndArgs => a as unknown as YearEndArgs;

/** The 5 % rule on one row; the exempt amount is taken out first. */
function yearEnd(row: FormRow, a: YearEndArgs, params: Record<string, unknown>) {
  const p = blockBudgetParams(params);
  const provided = numberIn(row, a.provided);
  const used = numberIn(row, a.used);
  const exempt = numberIn(row, a.exemptAmount);
  return unusedFunds(provided ?? null, used ?? null, typeof exempt === "number" && exempt > 0 ? exempt : null, p);
}
const yearEndValue =
  (pick: (r: ReturnType<typeof yearEnd>) => number | null): RowComputeFunction =>
  (doc, row, args, params, ctx) => {
    const r = yearEnd(row, ya(args), params);
    const value = !r.known ? null : pick(r);
    return { value, trace: { ...r.trace, value, cell: cellOf(doc, row, ctx.column) } };
  };
rows.set("bb.unused", yearEndValue((r) => r.unused));
rows.set("bb.unusedShare", yearEndValue((r) => r.sharePercent));
rows.set("bb.carryOver", yearEndValue((r) => r.carryOver));
rows.set("bb.writeOff", yearEndValue((r) => r.writtenOff));

/**
 * The sheet's "used" as the 5 % test takes it: used + the exempt amount, at most the funds
 * provided (blank when used is blank; used above the funds provided is left as it is, so the
 * formulas' guard blanks the row as the core does).
 */
function yearEndRefs(at: { here(c: string): string }, a: YearEndArgs, p: BlockBudgetParams) {
  const used = at.here(a.used);
  const pr = at.here(a.provided);
  return { allocatedRef: pr, usedRef: `IF(ISNUMBER(${used}),IF(${used}>${pr}+${p.amountTolerance},${used},MIN(${pr},${used}+MAX(0,N(${at.here(a.exemptAmount)})))),"")` };
}
/** The exempt amount the core counts: at most the unused funds. */
function exemptExcel(at: { here(c: string): string }, a: YearEndArgs): string {
  return `MIN(MAX(0,N(${at.here(a.exemptAmount)})),MAX(0,${at.here(a.provided)}-${at.here(a.used)}))`;
}
rowFormulas.set("bb.unused", (_t, at, args, params) => {
  const p = blockBudgetParams(params);
  const pr = at.here(ya(args).provided);
  const used = at.here(ya(args).used);
  return `IFERROR(IF(OR(COUNT(${pr},${used})<2,${pr}<=0,${used}<0,${used}>${pr}+${p.amountTolerance}),"",MAX(0,${pr}-${used})),"")`;
});
rowFormulas.set("bb.unusedShare", (_t, at, args, params) => {
  const p = blockBudgetParams(params);
  return excelFormulas.unusedShare(yearEndRefs(at, ya(args), p), p).slice(1);
});
rowFormulas.set("bb.writeOff", (_t, at, args, params) => {
  const p = blockBudgetParams(params);
  return excelFormulas.unusedWriteOff(yearEndRefs(at, ya(args), p), p).slice(1);
});
rowFormulas.set("bb.carryOver", (_t, at, args, params) => {
  const p = blockBudgetParams(params);
  const carry = excelFormulas.unusedCarryOver(yearEndRefs(at, ya(args), p), p).slice(1);
  return `IF(${carry}="","",${carry}+${exemptExcel(at, ya(args))})`;
});

// ---------------------------------------------------------------- the module

const ids = (keys: readonly string[], extra: Record<string, unknown> = {}, required: readonly string[] = []): ArgsSchema => ({
  type: "object",
  additionalProperties: false,
  required: [...keys, ...required],
  properties: { ...Object.fromEntries(keys.map((k) => [k, { type: "string", minLength: 1 }])), ...extra },
});
const LIMIT_SCHEMA = ids(LIMIT_KEYS);
const LIMIT_REFS: ArgRefs = { fields: ["yearField", "levelField", "share"], columns: ["year", "gdp", "expenditure", "limit"] };
const YEAR_END_SCHEMA = ids(YEAR_END_KEYS);
const YEAR_END_REFS: ArgRefs = { columns: [...YEAR_END_KEYS] };

/** Seed 004, block budgeting: the limit form, the advances and transfers, the year end. */
export const BLOCK_BUDGET: Methodology = methodology("004 block budgeting", {
  cells,
  cellFormulas,
  rows,
  rowFormulas,
  args: {
    "bb.smoothedGdp": LIMIT_SCHEMA,
    "bb.averageExpenditure": LIMIT_SCHEMA,
    "bb.share": LIMIT_SCHEMA,
    "bb.totalLimit": LIMIT_SCHEMA,
    "bb.limit": LIMIT_SCHEMA,
    "bb.growth": LIMIT_SCHEMA,
    "bb.cap": ids(ADJUST_KEYS),
    "bb.adjusted": ids([...ADJUST_KEYS, "change"], { year: { type: "integer", minimum: 1, maximum: PLANNED.length } }, ["year"]),
    "bb.opShare": ids([...ADJUST_KEYS, "amount"]),
    "bb.unused": YEAR_END_SCHEMA,
    "bb.unusedShare": YEAR_END_SCHEMA,
    "bb.carryOver": YEAR_END_SCHEMA,
    "bb.writeOff": YEAR_END_SCHEMA,
  },
  refs: {
    ...Object.fromEntries(["bb.smoothedGdp", "bb.averageExpenditure", "bb.share", "bb.totalLimit", "bb.limit", "bb.growth"].map((n) => [n, LIMIT_REFS])),
    "bb.adjusted": { columns: ["change"] },
    "bb.opShare": { columns: ["amount"] },
    ...Object.fromEntries(["bb.unused", "bb.unusedShare", "bb.carryOver", "bb.writeOff"].map((n) => [n, YEAR_END_REFS])),
  },
});
