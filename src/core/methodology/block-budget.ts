/**
 * Block budgeting (seed 004: Government Resolution No. 602 of 08.08.2025, «Блоктық бюджеттеуді
 * іске асыру (ендіру) қағидалары»): the expenditure limit of a budget programme administrator
 * (p.6) and the 5 % rule for unused funds (p.8, p.45). The p.7 advances and transfers and the
 * growth cap are rules of the pack (rules/block-budget.rules.json) over the computed cells of
 * block-budget-sheets.ts: this module computes, the pack judges.
 *
 * Spec: /work/shared/spec/methodology-formulas.md §5–§6, forms-and-rules.md §F11, R136–R209, §3 A-53…A-57.
 *
 * Pure core: no I/O, no Node or Office APIs. Every function returns a value with its trace and never
 * throws on bad data; a value that cannot be computed is null with the reason in the trace
 * (`excluded.reason`), never NaN or Infinity.
 *
 * Spec vs seed (the seed wins):
 *  - p.6 ОМ ∑жж: the formula averages 4 values (∑1…∑4) while the narrative also mentions the planned
 *    year (5). Spec and seed agree the printed formula is the default (param expenditureYearsAveraged).
 *  - p.8 ¶4 exceptions: the spec (§5.3) says "the rule does not apply"; the seed says only the
 *    requirements of the *third part* of p.8 (write-off above 5 %) do not apply
 *    («Осы тармақтың үшінші бөлігінің талаптары … қолданылмайды»). So an exception lifts the
 *    write-off only; the ≤ 5 % carry-over of ¶2 and p.45 still applies, and the exempt amount goes
 *    through the p.46 carry-over list. Implemented as the seed says.
 *  - p.7: the seed's "first (current) year" / "second (next) year" are read, like the spec, as years
 *    1 and 2 of the three-year period; the seed says nothing about year 3 (a warning if touched).
 */
import type { Localized } from "../i18n";
import { step, type Computation, type TraceStep } from "../trace";
import paramsJson from "../../../rules/methodology/block-budget.params.json";

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

export type GdpSmoothingMethod = "arithmeticMean" | "geometricMean";
export type LimitMode = "perYear" | "perPeriod";
export type CapReading = "cumulative" | "perOperation";
export type OverThresholdReading = "whole" | "excessOnly";
/** Republican level uses ЖІӨ / ТЖІӨ (GDP); the local (oblast) level uses ЖӨӨ / ТЖӨӨ (GRP). Seed p.6, R144. */
export type BudgetLevel = "republican" | "local";

export interface BlockBudgetParams {
  /** Values averaged into ТЖІӨ: ЖІӨ1…ЖІӨ5. */
  gdpSmoothingYears: number;
  gdpSmoothingMethod: GdpSmoothingMethod;
  /** Values averaged into ОМ ∑жж: ∑1…∑4 (formula) or 5 (narrative). */
  expenditureYearsAveraged: number;
  limitMode: LimitMode;
  /** Expenditure units per GDP unit; only makes ШҮ % a true percentage. */
  gdpUnitFactor: number;
  advanceTransferCapPercent: number;
  advanceTransferCapReading: CapReading;
  requireNonNegativeAdjustedLimits: boolean;
  unusedFundsThresholdPercent: number;
  unusedFundsOverThresholdReading: OverThresholdReading;
  amountTolerance: number;
  displayDecimals: number;
  roundLimitValues: boolean;
  unit: Localized;
}

export type BlockBudgetParamKey = keyof BlockBudgetParams;

interface ParamEntry {
  default: unknown;
  doc: string;
  allowed?: readonly unknown[];
}

const PARAM_ENTRIES = (paramsJson as { params: Record<string, ParamEntry> }).params;

/** The `doc` string of every parameter, from the JSON (spec section and seed paragraph). */
export const BLOCK_BUDGET_PARAM_DOCS: Readonly<Record<BlockBudgetParamKey, string>> = Object.freeze(
  Object.fromEntries(Object.entries(PARAM_ENTRIES).map(([k, v]) => [k, String(v.doc ?? "")])) as Record<
    BlockBudgetParamKey,
    string
  >,
);

const isFiniteNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const isPositiveInt = (x: unknown): x is number => isFiniteNumber(x) && Number.isInteger(x) && x >= 1;
const isLocalized = (x: unknown): x is Localized =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as Localized).kk === "string" &&
  typeof (x as Localized).ru === "string" &&
  typeof (x as Localized).en === "string";

/** Validators for each key; a value that fails is reported (never silently replaced) by the functions. */
const PARAM_VALIDATORS: Record<BlockBudgetParamKey, (v: unknown) => boolean> = {
  gdpSmoothingYears: isPositiveInt,
  gdpSmoothingMethod: (v) => v === "arithmeticMean" || v === "geometricMean",
  expenditureYearsAveraged: isPositiveInt,
  limitMode: (v) => v === "perYear" || v === "perPeriod",
  gdpUnitFactor: (v) => isFiniteNumber(v) && v > 0,
  advanceTransferCapPercent: (v) => isFiniteNumber(v) && v >= 0,
  advanceTransferCapReading: (v) => v === "cumulative" || v === "perOperation",
  requireNonNegativeAdjustedLimits: (v) => typeof v === "boolean",
  unusedFundsThresholdPercent: (v) => isFiniteNumber(v) && v >= 0,
  unusedFundsOverThresholdReading: (v) => v === "whole" || v === "excessOnly",
  amountTolerance: (v) => isFiniteNumber(v) && v >= 0,
  displayDecimals: (v) => isFiniteNumber(v) && Number.isInteger(v) && v >= 0 && v <= 10,
  roundLimitValues: (v) => typeof v === "boolean",
  unit: isLocalized,
};

/** Last-resort values, used only if the JSON file itself is damaged (a test keeps them equal to the JSON). */
const BUILT_IN_DEFAULTS: BlockBudgetParams = {
  gdpSmoothingYears: 5,
  gdpSmoothingMethod: "arithmeticMean",
  expenditureYearsAveraged: 4,
  limitMode: "perYear",
  gdpUnitFactor: 1,
  advanceTransferCapPercent: 10,
  advanceTransferCapReading: "cumulative",
  requireNonNegativeAdjustedLimits: true,
  unusedFundsThresholdPercent: 5,
  unusedFundsOverThresholdReading: "whole",
  amountTolerance: 0.001,
  displayDecimals: 0,
  roundLimitValues: false,
  unit: { kk: "мың теңге", ru: "тыс. тенге", en: "thousand tenge" },
};

function loadDefaults(): BlockBudgetParams {
  const out: Record<string, unknown> = { ...BUILT_IN_DEFAULTS };
  for (const key of Object.keys(PARAM_VALIDATORS) as BlockBudgetParamKey[]) {
    const entry = PARAM_ENTRIES[key];
    if (entry && PARAM_VALIDATORS[key](entry.default)) {
      const v = entry.default;
      out[key] = typeof v === "object" && v !== null ? { ...(v as object) } : v;
    }
  }
  return out as unknown as BlockBudgetParams;
}

/** Spec defaults, read from rules/methodology/block-budget.params.json. */
export const DEFAULT_BLOCK_BUDGET_PARAMS: Readonly<BlockBudgetParams> = Object.freeze(loadDefaults());

/** Defaults with some keys overridden (e.g. from a workbook's settings sheet). */
export function resolveBlockBudgetParams(overrides: Partial<BlockBudgetParams> = {}): BlockBudgetParams {
  const out: BlockBudgetParams = { ...DEFAULT_BLOCK_BUDGET_PARAMS, unit: { ...DEFAULT_BLOCK_BUDGET_PARAMS.unit } };
  if (overrides && typeof overrides === "object") {
    for (const [k, v] of Object.entries(overrides)) {
      if (k in PARAM_VALIDATORS && v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

/** Keys whose values are invalid (wrong type, out of range). Empty when all are fine. */
export function validateBlockBudgetParams(params: unknown): BlockBudgetParamKey[] {
  if (typeof params !== "object" || params === null) return Object.keys(PARAM_VALIDATORS) as BlockBudgetParamKey[];
  const p = params as Record<string, unknown>;
  return (Object.keys(PARAM_VALIDATORS) as BlockBudgetParamKey[]).filter((k) => !PARAM_VALIDATORS[k](p[k]));
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** A cell value as it comes from a sheet: a number, or something that is not one. */
export type MaybeNumber = number | null | undefined;

const L = (kk: string, ru: string, en: string): Localized => ({ kk, ru, en });

function num(x: unknown): number | null {
  return isFiniteNumber(x) ? x : null;
}

/** Finite or null: the guard that keeps NaN and Infinity out of every result. */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** A number for formula strings: integers as is, otherwise up to 6 decimals. */
export function fmt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  if (Number.isInteger(n)) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && a < 1e-6) return n.toPrecision(6);
  return String(parseFloat(n.toFixed(6)));
}

/** A money amount rounded for display (param displayDecimals); "—" when null. */
export function formatAmount(value: number | null | undefined, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const d = PARAM_VALIDATORS.displayDecimals(params?.displayDecimals) ? params.displayDecimals : 0;
  const r = roundTo(value, d);
  return (Object.is(r, -0) ? 0 : r).toFixed(d);
}

function roundTo(x: number, decimals: number): number {
  const f = Math.pow(10, decimals);
  // Half away from zero, like Excel's ROUND; the epsilon absorbs binary noise (641.5 stays .5).
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f * (1 + Number.EPSILON))) / f;
  return Number.isFinite(r) ? r : x;
}

function unavailable(name: string, reason: Localized, extra: Omit<TraceStep, "name" | "value" | "excluded"> = {}): Computation {
  return { value: null, trace: step(name, null, { ...extra, excluded: { reason } }) };
}

function badParam(key: BlockBudgetParamKey, value: unknown): Localized {
  const v = JSON.stringify(value) ?? "undefined";
  return L(
    `«${key}» параметрінің мәні жарамсыз: ${v}`,
    `Недопустимое значение параметра «${key}»: ${v}`,
    `Invalid value of parameter "${key}": ${v}`,
  );
}

function checkParams(params: unknown, keys: readonly BlockBudgetParamKey[]): Localized | null {
  if (typeof params !== "object" || params === null) {
    return L("Параметрлер берілмеген", "Параметры не заданы", "Parameters are missing");
  }
  const p = params as Record<string, unknown>;
  for (const k of keys) if (!PARAM_VALIDATORS[k](p[k])) return badParam(k, p[k]);
  return null;
}

interface Symbols {
  g: string; // ЖІӨ | ЖӨӨ
  tg: string; // ТЖІӨ | ТЖӨӨ
  gKk: string;
  gRu: string;
  gEn: string;
}

function symbols(level: BudgetLevel | undefined): Symbols {
  return level === "local"
    ? { g: "ЖӨӨ", tg: "ТЖӨӨ", gKk: "жалпы өңірлік өнім", gRu: "ВРП", gEn: "GRP" }
    : { g: "ЖІӨ", tg: "ТЖІӨ", gKk: "жалпы ішкі өнім", gRu: "ВВП", gEn: "GDP" };
}

const NAME = {
  om: "ОМ ∑жж",
  share: "ШҮ %",
  limit: "ББӘ лимиті",
  total: "∑ ББӘ лимиті",
} as const;

function label(kind: "tg" | "om" | "share" | "limit" | "total" | "gjk", s: Symbols, year?: number): Localized {
  const y = year !== undefined ? ` (${year})` : "";
  switch (kind) {
    case "tg":
      return L(
        `${s.tg} – тегістелген ${s.g}`,
        `${s.tg} – сглаженный ${s.gRu}`,
        `${s.tg} – smoothed ${s.gEn}`,
      );
    case "om":
      return L(
        "ОМ ∑жж – бюджеттік бағдарламалар әкімшілерінің шығыстар көлемінің орташа мәні",
        "ОМ ∑жж – среднее значение объёма расходов администратора бюджетных программ",
        "ОМ ∑жж – average expenditure volume of the budget programme administrator",
      );
    case "share":
      return L(
        "ШҮ % – бюджеттік бағдарламалар әкімшілерінің шығыстар лимитінің үлесі",
        `ШҮ % – доля лимита расходов администратора бюджетных программ в сглаженном ${s.gRu}`,
        `ШҮ % – share of the administrator's expenditure limit in smoothed ${s.gEn}`,
      );
    case "limit":
      return L(
        `ББӘ лимиті${y} – бюджеттік бағдарламалар әкімшілерінің лимиті`,
        `ББӘ лимиті${y} – лимит расходов администратора бюджетных программ`,
        `ББӘ лимиті${y} – expenditure limit of the budget programme administrator`,
      );
    case "total":
      return L(
        "ББӘ лимиті – үш жылдық кезеңге арналған жиыны",
        "ББӘ лимиті – итого за трёхлетний период",
        "ББӘ лимиті – total for the three-year period",
      );
    case "gjk":
      return L(
        `${s.g} жк${y} – жоспарлы кезеңдегі ${s.g}`,
        `${s.g} жк${y} – ${s.gRu} планового периода`,
        `${s.g} жк${y} – ${s.gEn} of the planned period`,
      );
  }
}

function missingReason(name: string): Localized {
  return L(`${name} мәні жоқ немесе сан емес`, `Значение ${name} отсутствует или не число`, `${name} is missing or not a number`);
}

type Series = { ok: true; values: number[]; steps: TraceStep[] } | { ok: false; reason: Localized; steps: TraceStep[] };

/**
 * Read `count` values named `${prefix}1…${prefix}count` from a sheet row. Values beyond `count` are
 * shown in the trace as excluded (not in the formula), never silently dropped.
 */
function readSeries(
  raw: unknown,
  count: number,
  prefix: string,
  valid: (x: number) => boolean,
  invalidReason: (name: string, x: number) => Localized,
  extraReason: (name: string) => Localized,
): Series {
  const arr: readonly unknown[] = Array.isArray(raw) ? raw : [];
  const steps: TraceStep[] = [];
  const values: number[] = [];
  let firstProblem: Localized | null = null;
  for (let i = 0; i < Math.max(count, arr.length); i++) {
    const name = `${prefix}${i + 1}`;
    const x = num(arr[i]);
    if (i >= count) {
      steps.push(step(name, x, { inputs: { raw: x }, excluded: { reason: extraReason(name) } }));
      continue;
    }
    if (x === null) {
      const reason = missingReason(name);
      firstProblem ??= reason;
      steps.push(step(name, null, { inputs: { raw: rawInput(arr[i]) }, excluded: { reason } }));
    } else if (!valid(x)) {
      const reason = invalidReason(name, x);
      firstProblem ??= reason;
      steps.push(step(name, x, { inputs: { raw: x }, excluded: { reason } }));
    } else {
      values.push(x);
      steps.push(step(name, x, { inputs: { raw: x } }));
    }
  }
  return firstProblem ? { ok: false, reason: firstProblem, steps } : { ok: true, values, steps };
}

function rawInput(x: unknown): number | string | boolean | null {
  if (x === null || x === undefined) return null;
  if (typeof x === "number" || typeof x === "string" || typeof x === "boolean") return typeof x === "number" && !Number.isFinite(x) ? String(x) : x;
  return String(x);
}

function valueOf(x: Computation | MaybeNumber): number | null {
  if (typeof x === "object" && x !== null) return num((x as Computation).value);
  return num(x);
}

// ---------------------------------------------------------------------------------------------
// p.6: ТЖІӨ, ОМ ∑жж, ШҮ %, ББӘ лимиті
// ---------------------------------------------------------------------------------------------

export interface LevelOption {
  level?: BudgetLevel;
}

/**
 * p.6 formula 1): ТЖІӨ = (ЖІӨ1 + … + ЖІӨ5) / 5 — smoothed GDP (GRP at the local level), R140.
 * All values are required and must be > 0.
 */
export function smoothedGdp(
  gdp: readonly MaybeNumber[],
  params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS,
  options: LevelOption = {},
): Computation {
  const s = symbols(options?.level);
  const lbl = label("tg", s);
  const pErr = checkParams(params, ["gdpSmoothingYears", "gdpSmoothingMethod"]);
  if (pErr) return unavailable(s.tg, pErr, { label: lbl });
  const n = params.gdpSmoothingYears;
  const series = readSeries(
    gdp,
    n,
    s.g,
    (x) => x > 0,
    (name, x) => L(`${name} = ${fmt(x)}: мән нөлден үлкен болуы тиіс`, `${name} = ${fmt(x)}: значение должно быть больше нуля`, `${name} = ${fmt(x)}: must be greater than zero`),
    (name) =>
      L(
        `${name} ${s.tg} формуласына кірмейді (${n} мән)`,
        `${name} не входит в формулу ${s.tg} (${n} значений)`,
        `${name} is not in the ${s.tg} formula (${n} values)`,
      ),
  );
  const inputs = { count: n, method: params.gdpSmoothingMethod };
  if (!series.ok) {
    return { value: null, trace: step(s.tg, null, { label: lbl, inputs, children: series.steps, excluded: { reason: series.reason } }) };
  }
  const v = series.values;
  let value: number | null;
  let formula: string;
  if (params.gdpSmoothingMethod === "geometricMean") {
    value = finite(Math.exp(v.reduce((a, x) => a + Math.log(x), 0) / n));
    formula = `(${v.map(fmt).join(" × ")})^(1/${n}) = ${fmt(value)}`;
  } else {
    const sum = v.reduce((a, x) => a + x, 0);
    value = finite(sum / n);
    formula = `(${v.map(fmt).join(" + ")}) / ${n} = ${fmt(value)}`;
  }
  if (value === null) {
    return unavailable(s.tg, L("Сан тым үлкен", "Число слишком велико", "Number overflow"), { label: lbl, inputs, children: series.steps });
  }
  return { value, trace: step(s.tg, value, { label: lbl, formula, inputs, children: series.steps }) };
}

/**
 * p.6 formula 2): ОМ ∑жж = (∑1 + … + ∑4) / 4 — average expenditure of the administrator, R141.
 * All values are required and must be ≥ 0.
 */
export function averageExpenditure(
  expenditure: readonly MaybeNumber[],
  params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS,
): Computation {
  const lbl = label("om", symbols("republican"));
  const pErr = checkParams(params, ["expenditureYearsAveraged"]);
  if (pErr) return unavailable(NAME.om, pErr, { label: lbl });
  const n = params.expenditureYearsAveraged;
  const series = readSeries(
    expenditure,
    n,
    "∑",
    (x) => x >= 0,
    (name, x) => L(`${name} = ${fmt(x)}: шығыстар теріс бола алмайды`, `${name} = ${fmt(x)}: расходы не могут быть отрицательными`, `${name} = ${fmt(x)}: expenditure cannot be negative`),
    (name) =>
      L(
        `${name} ОМ ∑жж формуласына кірмейді: 6-тармақтың 2) формуласы ${n} мәнді орталайды`,
        `${name} не входит в формулу ОМ ∑жж: формула 2) п.6 усредняет ${n} значения`,
        `${name} is not in the ОМ ∑жж formula: p.6 formula 2) averages ${n} values`,
      ),
  );
  const inputs = { count: n };
  if (!series.ok) {
    return { value: null, trace: step(NAME.om, null, { label: lbl, inputs, children: series.steps, excluded: { reason: series.reason } }) };
  }
  const sum = series.values.reduce((a, x) => a + x, 0);
  const value = finite(sum / n);
  if (value === null) return unavailable(NAME.om, L("Сан тым үлкен", "Число слишком велико", "Number overflow"), { label: lbl, inputs, children: series.steps });
  const formula = `(${series.values.map(fmt).join(" + ")}) / ${n} = ${fmt(value)}`;
  return { value, trace: step(NAME.om, value, { label: lbl, formula, inputs, children: series.steps }) };
}

/**
 * p.6 formula 3): ШҮ % = (ОМ ∑жж × 100 %) / ТЖІӨ, in percent (0.458333 means 0.458333 %), R142.
 * Takes the two Computations (their traces become children) or plain numbers. Not rounded.
 * With gdpUnitFactor ≠ 1, ТЖІӨ is first converted to the expenditure unit.
 */
export function expenditureShare(
  average: Computation | MaybeNumber,
  smoothed: Computation | MaybeNumber,
  params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS,
  options: LevelOption = {},
): Computation {
  const s = symbols(options?.level);
  const lbl = label("share", s);
  const children: TraceStep[] = [
    typeof average === "object" && average !== null ? average.trace : step(NAME.om, num(average), { label: label("om", s) }),
    typeof smoothed === "object" && smoothed !== null ? smoothed.trace : step(s.tg, num(smoothed), { label: label("tg", s) }),
  ];
  const pErr = checkParams(params, ["gdpUnitFactor"]);
  if (pErr) return unavailable(NAME.share, pErr, { label: lbl, children });
  const om = valueOf(average);
  const tg = valueOf(smoothed);
  const k = params.gdpUnitFactor;
  const inputs = { [NAME.om]: om, [s.tg]: tg, gdpUnitFactor: k };
  // Pass the underlying reason up ("ЖІӨ3 is missing"), not just "ТЖІӨ is missing".
  if (om === null) return unavailable(NAME.share, children[0].excluded?.reason ?? missingReason(NAME.om), { label: lbl, inputs, children });
  if (tg === null) return unavailable(NAME.share, children[1].excluded?.reason ?? missingReason(s.tg), { label: lbl, inputs, children });
  if (!(tg > 0)) {
    return unavailable(
      NAME.share,
      L(`${s.tg} = ${fmt(tg)}: нөлге немесе теріс санға бөлуге болмайды`, `${s.tg} = ${fmt(tg)}: деление на ноль или отрицательное число`, `${s.tg} = ${fmt(tg)}: division by zero or a negative number`),
      { label: lbl, inputs, children },
    );
  }
  if (om < 0) {
    return unavailable(NAME.share, L(`${NAME.om} теріс`, `${NAME.om} отрицательно`, `${NAME.om} is negative`), { label: lbl, inputs, children });
  }
  const value = finite((om * 100) / (tg * k));
  if (value === null) return unavailable(NAME.share, L("Сан тым үлкен", "Число слишком велико", "Number overflow"), { label: lbl, inputs, children });
  const den = k === 1 ? fmt(tg) : `(${fmt(tg)} × ${fmt(k)})`;
  const formula = `${fmt(om)} × 100 % / ${den} = ${fmt(value)} %`;
  return { value, trace: step(NAME.share, value, { label: lbl, formula, inputs, children }) };
}

export interface LimitForYearInput extends LevelOption {
  /** ЖІӨ1…ЖІӨ5 (ignored when `share` is given). */
  gdp?: readonly MaybeNumber[];
  /** ∑1…∑4 (ignored when `share` is given). */
  expenditure?: readonly MaybeNumber[];
  /** A ШҮ % already computed (its trace becomes a child). */
  share?: Computation;
  /** ЖІӨ жк: forecast GDP (GRP) of this planned year, in the GDP unit. */
  plannedGdp: MaybeNumber;
  /** 1, 2 or 3: year of the three-year period, for names and labels. */
  year?: number;
}

/**
 * p.6 formula 4): ББӘ лимиті = ЖІӨ жк × ШҮ %, R143. One year of the planned period. The limit does
 * not depend on gdpUnitFactor (the GDP unit cancels). Rounded only if roundLimitValues.
 */
export function limitForYear(input: LimitForYearInput, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): Computation {
  const s = symbols(input?.level);
  const year = num(input?.year) ?? undefined;
  const name = year !== undefined ? `${NAME.limit}_${year}` : NAME.limit;
  const gName = year !== undefined ? `${s.g} жк_${year}` : `${s.g} жк`;
  const lbl = label("limit", s, year);
  const share = input?.share ?? expenditureShare(averageExpenditure(input?.expenditure ?? [], params), smoothedGdp(input?.gdp ?? [], params, { level: input?.level }), params, { level: input?.level });
  const pRaw = input?.plannedGdp;
  const p = num(pRaw);
  const pStep =
    p === null
      ? step(gName, null, { label: label("gjk", s, year), inputs: { raw: rawInput(pRaw) }, excluded: { reason: missingReason(gName) } })
      : p > 0
        ? step(gName, p, { label: label("gjk", s, year), inputs: { raw: p } })
        : step(gName, p, {
            label: label("gjk", s, year),
            inputs: { raw: p },
            excluded: { reason: L(`${gName} = ${fmt(p)}: мән нөлден үлкен болуы тиіс`, `${gName} = ${fmt(p)}: значение должно быть больше нуля`, `${gName} = ${fmt(p)}: must be greater than zero`) },
          });
  const children = [pStep, share.trace];
  const pErr = checkParams(params, ["gdpUnitFactor", "roundLimitValues", "displayDecimals", "unit"]);
  if (pErr) return unavailable(name, pErr, { label: lbl, children });
  const sh = num(share.value);
  const inputs = { [gName]: p, [NAME.share]: sh, gdpUnitFactor: params.gdpUnitFactor };
  if (pStep.excluded) return unavailable(name, pStep.excluded.reason, { label: lbl, inputs, children });
  if (sh === null) {
    return unavailable(name, share.trace.excluded?.reason ?? missingReason(NAME.share), { label: lbl, inputs, children });
  }
  const k = params.gdpUnitFactor;
  // Computed as ЖІӨ жк × k × ШҮ % / 100; with the ratio already in ШҮ %, this equals ЖІӨ жк × ОМ / ТЖІӨ.
  const exact = finite((p! * k * sh) / 100);
  if (exact === null) return unavailable(name, L("Сан тым үлкен", "Число слишком велико", "Number overflow"), { label: lbl, inputs, children });
  const value = params.roundLimitValues ? roundTo(exact, params.displayDecimals) : exact;
  const gdpPart = k === 1 ? fmt(p) : `${fmt(p)} × ${fmt(k)}`;
  const roundPart = params.roundLimitValues ? ` → ROUND(…, ${params.displayDecimals}) = ${fmt(value)}` : "";
  const formula = `${gdpPart} × ${fmt(sh)} % = ${fmt(exact)}${roundPart} ≈ ${formatAmount(value, params)} ${params.unit.kk}`;
  return { value, trace: step(name, value, { label: lbl, formula, inputs, children }) };
}

export interface ThreeYearInput extends LevelOption {
  /** ЖІӨ1…ЖІӨ5: three reporting years, the current year, one planned year. */
  gdp: readonly MaybeNumber[];
  /** ∑1…∑4: three reporting years and the current year (∑5 only if expenditureYearsAveraged = 5). */
  expenditure: readonly MaybeNumber[];
  /** ЖІӨ жк for years 1, 2, 3 of the planned period (perPeriod mode: may be one value for the whole period). */
  plannedGdp: readonly MaybeNumber[];
}

export interface ThreeYearLimits extends Computation {
  /** The total for the three-year period (= value, trace). */
  smoothedGdp: Computation;
  averageExpenditure: Computation;
  share: Computation;
  /** Limits for years 1–3 (perYear); null values with a reason in perPeriod mode. */
  years: Computation[];
  mode: LimitMode;
}

export const PLANNING_PERIOD_YEARS = 3;

/**
 * The limit for each year of the three-year period and the total (R143, p.18). perYear (default):
 * limit_t = ЖІӨ жк_t × ШҮ %, total = Σ limit_t; a missing year leaves the total null. perPeriod: one
 * limit = (Σ ЖІӨ жк) × ШҮ % for the period, yearly values not computed.
 */
export function threeYearLimits(input: ThreeYearInput, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): ThreeYearLimits {
  const level = input?.level;
  const s = symbols(level);
  const tg = smoothedGdp(input?.gdp ?? [], params, { level });
  const om = averageExpenditure(input?.expenditure ?? [], params);
  const share = expenditureShare(om, tg, params, { level });
  const planned: readonly unknown[] = Array.isArray(input?.plannedGdp) ? input.plannedGdp : [];
  const lbl = label("total", s);
  const mode: LimitMode = params?.limitMode === "perPeriod" ? "perPeriod" : "perYear";
  const pErr = checkParams(params, ["limitMode", "displayDecimals", "unit"]);
  if (pErr) {
    const c = unavailable(NAME.total, pErr, { label: lbl, children: [share.trace] });
    return { ...c, smoothedGdp: tg, averageExpenditure: om, share, years: [], mode };
  }

  if (mode === "perPeriod") {
    const gName = `${s.g} жк`;
    const given = planned.length > 0 ? planned : [undefined];
    const series = readSeries(
      given,
      given.length,
      `${s.g} жк_`,
      (x) => x > 0,
      (name, x) => L(`${name} = ${fmt(x)}: мән нөлден үлкен болуы тиіс`, `${name} = ${fmt(x)}: значение должно быть больше нуля`, `${name} = ${fmt(x)}: must be greater than zero`),
      () => L("", "", ""),
    );
    const perPeriodReason = L(
      "Лимит бүкіл жоспарлы кезеңге бір рет есептеледі (limitMode = perPeriod); жылдар бойынша бөлуді ББӘ жүргізеді",
      "Лимит рассчитывается один раз на весь плановый период (limitMode = perPeriod); распределение по годам выполняет АБП",
      "One limit for the whole planned period (limitMode = perPeriod); the administrator distributes it by years",
    );
    const years = [1, 2, 3].map((y) => unavailable(`${NAME.limit}_${y}`, perPeriodReason, { label: label("limit", s, y) }));
    const gSum = series.ok ? finite(series.values.reduce((a, x) => a + x, 0)) : null;
    const gStep = step(gName, gSum, {
      label: label("gjk", s),
      formula: series.ok ? `${series.values.map(fmt).join(" + ")} = ${fmt(gSum)}` : undefined,
      children: series.steps,
      ...(series.ok ? {} : { excluded: { reason: series.reason } }),
    });
    const total = limitForYear({ plannedGdp: gSum, share, level }, params);
    const trace: TraceStep = {
      ...total.trace,
      name: NAME.total,
      label: lbl,
      children: [gStep, share.trace],
      inputs: { ...(total.trace.inputs ?? {}), mode },
    };
    return { value: total.value, trace, smoothedGdp: tg, averageExpenditure: om, share, years, mode };
  }

  const years: Computation[] = [];
  for (let y = 1; y <= PLANNING_PERIOD_YEARS; y++) {
    years.push(limitForYear({ plannedGdp: planned[y - 1] as MaybeNumber, share, year: y, level }, params));
  }
  const extra = planned.slice(PLANNING_PERIOD_YEARS).map((x, i) =>
    step(`${s.g} жк_${PLANNING_PERIOD_YEARS + i + 1}`, num(x), {
      excluded: { reason: L("Үш жылдық кезеңнен тыс", "Вне трёхлетнего периода", "Outside the three-year period") },
    }),
  );
  const children = [...years.map((c) => c.trace), ...extra];
  const missing = years.find((c) => c.value === null);
  if (missing) {
    return {
      ...unavailable(NAME.total, missing.trace.excluded?.reason ?? missingReason(missing.trace.name), { label: lbl, children, inputs: { mode } }),
      smoothedGdp: tg,
      averageExpenditure: om,
      share,
      years,
      mode,
    };
  }
  const vals = years.map((c) => c.value as number);
  const value = finite(vals.reduce((a, x) => a + x, 0));
  if (value === null) {
    return { ...unavailable(NAME.total, L("Сан тым үлкен", "Число слишком велико", "Number overflow"), { label: lbl, children }), smoothedGdp: tg, averageExpenditure: om, share, years, mode };
  }
  const formula = `${vals.map(fmt).join(" + ")} = ${fmt(value)} ≈ ${formatAmount(value, params)} ${params.unit.kk}`;
  return { value, trace: step(NAME.total, value, { label: lbl, formula, inputs: { mode }, children }), smoothedGdp: tg, averageExpenditure: om, share, years, mode };
}

// ---------------------------------------------------------------------------------------------
// p.8 and p.45: the 5 % rule for unused funds
// ---------------------------------------------------------------------------------------------

export type CarryOverBasis =
  /** ≤ threshold: fully used next FY (p.8 ¶2, p.45). */
  | "withinThreshold"
  /** > threshold, reading excessOnly: up to the threshold kept. */
  | "thresholdPart"
  /** > threshold, a p.8 ¶4 exception recorded: the write-off of ¶3 does not apply (carry over via p.46). */
  | "exception"
  | "none";

export interface UnusedFundsResult extends Computation {
  /** value = share of unused (non-exempt) funds in the funds provided, %. False when it cannot be computed (the reason in the trace). */
  known: boolean;
  allocated: number | null;
  used: number | null;
  /** allocated − used. */
  unused: number | null;
  /** Part of the unused funds covered by a p.8 ¶4 exception. */
  exemptAmount: number | null;
  sharePercent: number | null;
  thresholdPercent: number | null;
  withinThreshold: boolean | null;
  /** p.45 ¶1: ≤ threshold is not under-utilisation (игерілмеу). */
  countsAsUnderUtilisation: boolean | null;
  exceptionRecorded: boolean;
  carryOver: number | null;
  writtenOff: number | null;
  basis: CarryOverBasis | null;
}

/**
 * p.8 ¶2–¶4 and p.45 (R153, R154). `allocated` = budget funds provided for the reporting year (Pr),
 * `used` = executed. Unused ≤ threshold % of Pr is carried over in full (and is not under-utilisation);
 * above it the unused funds are written off (Budget Code art. 101 p.5): all of them (reading "whole",
 * default) or the part above the threshold ("excessOnly") — unless a p.8 ¶4 exception (development
 * programme obligations > 1 year, force majeure) is recorded, which lifts the write-off (seed: only
 * the third part of p.8 stops applying; the exempt amount follows p.46).
 * `exceptionRecorded`: true = the whole unused amount is exempt; a number = that exempt amount, taken
 * out before the 5 % test (spec §5.3 POLICY).
 */
export function unusedFunds(
  allocated: MaybeNumber,
  used: MaybeNumber,
  exceptionRecorded: boolean | number | null | undefined,
  params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS,
): UnusedFundsResult {
  const name = "U %";
  const lbl = L(
    "Пайдаланылмаған бюджет қаражатының үлесі (8, 45-тармақтар)",
    "Доля неиспользованных бюджетных средств (пп. 8, 45)",
    "Share of unused budget funds (p.8, p.45)",
  );
  const pr = num(allocated);
  const ex = num(used);
  const base = {
    allocated: pr,
    used: ex,
    unused: null,
    exemptAmount: null,
    sharePercent: null,
    thresholdPercent: num(params?.unusedFundsThresholdPercent),
    withinThreshold: null,
    countsAsUnderUtilisation: null,
    exceptionRecorded: exceptionRecorded === true || (isFiniteNumber(exceptionRecorded) && exceptionRecorded > 0),
    carryOver: null,
    writtenOff: null,
    basis: null,
  } as const;
  const inputStep = [
    step("Pr", pr, { label: L("Есептік қаржы жылы көзделген бюджет қаражаты", "Бюджетные средства, предусмотренные на отчётный год", "Budget funds provided for the reporting year"), inputs: { raw: rawInput(allocated) } }),
    step("Игерілген", ex, { label: L("Пайдаланылған (игерілген) қаражат", "Использованные (освоенные) средства", "Funds used (executed)"), inputs: { raw: rawInput(used) } }),
  ];
  const fail = (reason: Localized): UnusedFundsResult => ({ ...unavailable(name, reason, { label: lbl, children: inputStep }), ...base, known: false });
  const pErr = checkParams(params, ["unusedFundsThresholdPercent", "unusedFundsOverThresholdReading", "amountTolerance"]);
  if (pErr) return fail(pErr);
  if (pr === null) return fail(missingReason("Pr"));
  if (!(pr > 0)) {
    return fail(
      L(`Көзделген қаражат (${fmt(pr)}) оң болуы тиіс: үлесті есептеу мүмкін емес`, `Предусмотренные средства (${fmt(pr)}) должны быть положительными: долю не вычислить`, `Funds provided (${fmt(pr)}) must be positive: the share cannot be computed`),
    );
  }
  if (ex === null) return fail(missingReason("used"));
  if (ex < 0) {
    return fail(L(`Пайдаланылған қаражат теріс: ${fmt(ex)}`, `Использованные средства отрицательны: ${fmt(ex)}`, `Funds used are negative: ${fmt(ex)}`));
  }
  const tol = params.amountTolerance;
  if (ex > pr + tol) {
    return fail(
      L(`Пайдаланылған қаражат (${fmt(ex)}) көзделгеннен (${fmt(pr)}) көп`, `Использовано (${fmt(ex)}) больше предусмотренного (${fmt(pr)})`, `Funds used (${fmt(ex)}) exceed the funds provided (${fmt(pr)})`),
    );
  }
  const unusedAll = Math.max(0, pr - ex);
  const exemptAll = exceptionRecorded === true;
  const exemptNum = isFiniteNumber(exceptionRecorded) ? Math.min(Math.max(0, exceptionRecorded), unusedAll) : 0;
  const u = unusedAll - exemptNum; // tested amount (spec §5.3: exempt amounts taken out first)
  const thr = params.unusedFundsThresholdPercent;
  const sharePercent = finite((u / pr) * 100);
  const limitAmount = (pr * thr) / 100;
  const within = u <= limitAmount + tol;
  let carry: number;
  let writeOff: number;
  let basis: CarryOverBasis;
  let exempt = exemptNum;
  if (within) {
    carry = u;
    writeOff = 0;
    basis = u > 0 ? "withinThreshold" : "none";
  } else if (exemptAll) {
    carry = u;
    exempt = unusedAll;
    writeOff = 0;
    basis = "exception";
  } else if (params.unusedFundsOverThresholdReading === "excessOnly") {
    carry = Math.min(u, limitAmount);
    writeOff = u - carry;
    basis = "thresholdPart";
  } else {
    carry = 0;
    writeOff = u;
    basis = "none";
  }
  if (exemptNum > 0 && basis === "none" && writeOff === 0) basis = "exception";
  // Exempt amounts (numeric form) are never written off; they are carried over under p.46.
  const carryOver = carry + exemptNum;

  const exemptPart = exemptNum > 0 ? ` − ${fmt(exemptNum)} (ерекшелік / exception)` : "";
  const formula =
    `U = ${fmt(pr)} − ${fmt(ex)}${exemptPart} = ${fmt(u)}; U / Pr = ${fmt(u)} / ${fmt(pr)} × 100 % = ${fmt(sharePercent)} % ` +
    `${within ? "≤" : ">"} ${fmt(thr)} % → ${basis === "thresholdPart" ? `min(U, ${fmt(thr)} % × Pr) = ${fmt(carry)}, ` : ""}` +
    `carry-over ${fmt(carryOver)}, written off ${fmt(writeOff)}`;
  const trace = step(name, sharePercent, {
    label: lbl,
    formula,
    inputs: {
      thresholdPercent: thr,
      reading: params.unusedFundsOverThresholdReading,
      exceptionRecorded: typeof exceptionRecorded === "number" ? exceptionRecorded : exceptionRecorded === true,
      unused: u,
      carryOver,
      writtenOff: writeOff,
    },
    children: inputStep,
  });
  return {
    value: sharePercent,
    trace,
    known: true,
    allocated: pr,
    used: ex,
    unused: unusedAll,
    exemptAmount: exempt,
    sharePercent,
    thresholdPercent: thr,
    withinThreshold: within,
    countsAsUnderUtilisation: !within,
    exceptionRecorded: base.exceptionRecorded,
    carryOver,
    writtenOff: writeOff,
    basis,
  };
}

// ---------------------------------------------------------------------------------------------
// Excel formula generators (en-US; functions evaluated by both Excel and LibreOffice 7.4)
// ---------------------------------------------------------------------------------------------

/** Cell references (A1 style, optionally with a sheet, or one range such as "B2:B6"). */
export type CellRefs = readonly string[];

function cleanRefs(refs: unknown): string[] {
  if (!Array.isArray(refs)) return typeof refs === "string" ? cleanRefs([refs]) : [];
  return refs
    .map((r) => (typeof r === "string" ? r.trim().replace(/^=+/, "") : ""))
    .filter((r) => r !== "");
}

/** The first n single-cell refs (a range is kept as given: COUNT decides if it is complete). */
function takeRefs(refs: unknown, n: number): string[] {
  const r = cleanRefs(refs);
  if (r.some((x) => x.includes(":"))) return r;
  return r.slice(0, n);
}

function excelNum(n: number): string {
  // Plain decimal notation for en-US formulas (no exponent, "." as the separator).
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}

interface MeanParts {
  /** Conditions that make the result "" (any true). */
  guards: string[];
  expr: string;
}

function gdpMeanParts(gdpRefs: unknown, params: BlockBudgetParams): MeanParts | null {
  if (!PARAM_VALIDATORS.gdpSmoothingYears(params?.gdpSmoothingYears) || !PARAM_VALIDATORS.gdpSmoothingMethod(params?.gdpSmoothingMethod)) return null;
  const n = params.gdpSmoothingYears;
  const r = takeRefs(gdpRefs, n);
  if (r.length === 0) return null;
  const list = r.join(",");
  const expr = params.gdpSmoothingMethod === "geometricMean" ? `POWER(PRODUCT(${list}),1/${n})` : `AVERAGE(${list})`;
  return { guards: [`COUNT(${list})<${n}`, `MIN(${list})<=0`], expr };
}

function expMeanParts(expRefs: unknown, params: BlockBudgetParams): MeanParts | null {
  if (!PARAM_VALIDATORS.expenditureYearsAveraged(params?.expenditureYearsAveraged)) return null;
  const n = params.expenditureYearsAveraged;
  const r = takeRefs(expRefs, n);
  if (r.length === 0) return null;
  const list = r.join(",");
  return { guards: [`COUNT(${list})<${n}`, `MIN(${list})<0`], expr: `AVERAGE(${list})` };
}

/** `=IFERROR(IF(OR(guards),"",expr),"")`: blank, never #DIV/0!, when an input is missing or invalid. */
function guarded(guards: readonly string[], expr: string): string {
  const cond = guards.length === 1 ? guards[0] : `OR(${guards.join(",")})`;
  return `=IFERROR(IF(${cond},"",${expr}),"")`;
}

const BLANK = '=""';

function shareExpr(g: MeanParts, s: MeanParts, params: BlockBudgetParams): string {
  const k = params.gdpUnitFactor;
  return k === 1 ? `${s.expr}*100/${g.expr}` : `${s.expr}*100/(${g.expr}*${excelNum(k)})`;
}

function roundIf(expr: string, params: BlockBudgetParams): string {
  return params.roundLimitValues ? `ROUND(${expr},${params.displayDecimals})` : expr;
}

function validFor(params: BlockBudgetParams, keys: readonly BlockBudgetParamKey[]): boolean {
  return checkParams(params, keys) === null;
}

export interface ExcelLimitRefs {
  gdpRefs: CellRefs;
  expRefs: CellRefs;
}

/**
 * Excel formulas for the same calculations, parameterised by the same params. Each returns an
 * en-US formula string starting with "=", using only IF, IFERROR, AND, OR, MIN, MAX, ROUND, SUM,
 * SUMPRODUCT, AVERAGE, PRODUCT, POWER, ABS, ISNUMBER, COUNT; a missing or invalid input yields "".
 * Invalid params or no refs give `=""`.
 */
export const excelFormulas = {
  /** ТЖІӨ = AVERAGE(ЖІӨ1…ЖІӨ5) (or the geometric mean). */
  smoothedGdp(gdpRefs: CellRefs, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const g = gdpMeanParts(gdpRefs, params);
    return g ? guarded(g.guards, g.expr) : BLANK;
  },

  /** ОМ ∑жж = AVERAGE(∑1…∑4). */
  averageExpenditure(expRefs: CellRefs, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const s = expMeanParts(expRefs, params);
    return s ? guarded(s.guards, s.expr) : BLANK;
  },

  /** ШҮ % = ОМ ∑жж × 100 / (ТЖІӨ × gdpUnitFactor), a percent number (format as number, not %). */
  expenditureShare(refs: ExcelLimitRefs, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const g = gdpMeanParts(refs?.gdpRefs, params);
    const s = expMeanParts(refs?.expRefs, params);
    if (!g || !s || !validFor(params, ["gdpUnitFactor"])) return BLANK;
    return guarded([...g.guards, ...s.guards], shareExpr(g, s, params));
  },

  /** ББӘ лимиті = ЖІӨ жк × ШҮ % / 100 (× gdpUnitFactor), for one planned year. */
  limitForYear(refs: ExcelLimitRefs & { plannedGdpRef: string }, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const g = gdpMeanParts(refs?.gdpRefs, params);
    const s = expMeanParts(refs?.expRefs, params);
    const p = cleanRefs([refs?.plannedGdpRef])[0];
    if (!g || !s || !p || !validFor(params, ["gdpUnitFactor", "roundLimitValues", "displayDecimals"])) return BLANK;
    const k = params.gdpUnitFactor;
    const pk = k === 1 ? p : `${p}*${excelNum(k)}`;
    return guarded([...g.guards, ...s.guards, `COUNT(${p})<1`, `MIN(${p})<=0`], roundIf(`${pk}*(${shareExpr(g, s, params)})/100`, params));
  },

  /**
   * Three-year total. perYear: the sum of the three yearly limits (each rounded if roundLimitValues);
   * perPeriod: (Σ ЖІӨ жк) × ШҮ %. Blank unless every planned-year cell is filled.
   */
  threeYearTotal(refs: ExcelLimitRefs & { plannedGdpRefs: CellRefs }, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const g = gdpMeanParts(refs?.gdpRefs, params);
    const s = expMeanParts(refs?.expRefs, params);
    if (!g || !s || !validFor(params, ["gdpUnitFactor", "roundLimitValues", "displayDecimals", "limitMode"])) return BLANK;
    const k = params.gdpUnitFactor;
    const kPart = k === 1 ? "" : `*${excelNum(k)}`;
    const sh = shareExpr(g, s, params);
    if (params.limitMode === "perPeriod") {
      const p = cleanRefs(refs?.plannedGdpRefs);
      if (p.length === 0) return BLANK;
      const list = p.join(",");
      const need = p.some((x) => x.includes(":")) ? 1 : p.length;
      return guarded([...g.guards, ...s.guards, `COUNT(${list})<${need}`, `MIN(${list})<=0`], roundIf(`SUM(${list})${kPart}*(${sh})/100`, params));
    }
    const p = takeRefs(refs?.plannedGdpRefs, PLANNING_PERIOD_YEARS).filter((x) => !x.includes(":"));
    if (p.length < PLANNING_PERIOD_YEARS) return BLANK;
    const list = p.join(",");
    const terms = p.map((x) => roundIf(`${x}${kPart}*(${sh})/100`, params));
    return guarded([...g.guards, ...s.guards, `COUNT(${list})<${PLANNING_PERIOD_YEARS}`, `MIN(${list})<=0`], terms.join("+"));
  },

  /** Share of unused funds, %: (Pr − used) / Pr × 100. */
  unusedShare(refs: { allocatedRef: string; usedRef: string }, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const u = unusedParts(refs, params);
    return u ? guarded(u.guards, `(${u.pr}-${u.used})/${u.pr}*100`) : BLANK;
  },

  /** Amount carried over to the next year (p.8 ¶2 / p.45; exception of p.8 ¶4 via exceptionRef). */
  unusedCarryOver(refs: { allocatedRef: string; usedRef: string; exceptionRef?: string }, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const u = unusedParts(refs, params);
    return u ? guarded(u.guards, u.carry) : BLANK;
  },

  /** Amount written off (Budget Code art. 101 p.5) = unused − carried over. */
  unusedWriteOff(refs: { allocatedRef: string; usedRef: string; exceptionRef?: string }, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const u = unusedParts(refs, params);
    return u ? guarded(u.guards, `(${u.pr}-${u.used})-(${u.carry})`) : BLANK;
  },

  /** Number format for limit cells (displayDecimals). */
  limitNumberFormat(params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const d = PARAM_VALIDATORS.displayDecimals(params?.displayDecimals) ? params.displayDecimals : 0;
    return d === 0 ? "#,##0" : `#,##0.${"0".repeat(d)}`;
  },
};

function unusedParts(
  refs: { allocatedRef: string; usedRef: string; exceptionRef?: string } | undefined,
  params: BlockBudgetParams,
): { guards: string[]; pr: string; used: string; carry: string } | null {
  const [pr] = cleanRefs([refs?.allocatedRef]);
  const [used] = cleanRefs([refs?.usedRef]);
  if (!pr || !used || !validFor(params, ["unusedFundsThresholdPercent", "unusedFundsOverThresholdReading", "amountTolerance"])) return null;
  const [exc] = cleanRefs([refs?.exceptionRef]);
  const u = `(${pr}-${used})`;
  const thr = `${pr}*${excelNum(params.unusedFundsThresholdPercent)}/100`;
  const over = params.unusedFundsOverThresholdReading === "excessOnly" ? `MIN(${u},${thr})` : "0";
  const overWithException = exc ? `IF(OR(${exc}=TRUE,${exc}=1),${u},${over})` : over;
  const carry = `IF(${u}<=${thr}+${excelNum(params.amountTolerance)},${u},${overWithException})`;
  return {
    guards: [`COUNT(${pr},${used})<2`, `${pr}<=0`, `${used}<0`, `${used}>${pr}+${excelNum(params.amountTolerance)}`],
    pr,
    used,
    carry,
  };
}
