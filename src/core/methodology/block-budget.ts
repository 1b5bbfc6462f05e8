/**
 * Block budgeting (seed 004: Government Resolution No. 602 of 08.08.2025, «Блоктық бюджеттеуді
 * іске асыру (ендіру) қағидалары»): the expenditure limit of a budget programme administrator
 * (p.6), advances and transfers within 10 % (p.7), and the 5 % rule for unused funds (p.8, p.45).
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
// Structured check results
// ---------------------------------------------------------------------------------------------

export type Severity = "error" | "warning" | "info";
/** pass: no error; fail: at least one error; unknown: the check could not be evaluated (missing data). */
export type CheckStatus = "pass" | "fail" | "unknown";

export interface CheckIssue {
  /** Spec rule: R145, R148, R149, R150, R151, R153, R154… */
  ruleId: string;
  /** Stable machine code, e.g. "BB-ADVANCE-TRANSFER-MAX10". */
  code: string;
  severity: Severity;
  message: Localized;
  /** Index of the operation (advance/transfer) or year (growth) concerned. */
  index?: number;
  values?: Record<string, number | string | boolean | null>;
}

function statusOf(issues: readonly CheckIssue[], determinate: boolean): CheckStatus {
  if (issues.some((i) => i.severity === "error")) return "fail";
  return determinate ? "pass" : "unknown";
}

// ---------------------------------------------------------------------------------------------
// p.7: advances and transfers, ≤ 10 % of the three-year total
// ---------------------------------------------------------------------------------------------

export type AdvanceTransferKind = "advance" | "transfer";

/** One row of F11 table D. Either the amount with the kind, or the two year changes, or both. */
export interface AdvanceTransferOperation {
  id?: string;
  /** advance (аванс беру): +year 1, −year 2; transfer (ауыстыру): −year 1, +year 2. */
  kind: AdvanceTransferKind | string;
  /** Col 2: the amount moved (positive). */
  amount?: MaybeNumber;
  /** Col 3: change of year 1 (first, current), signed. */
  year1Change?: MaybeNumber;
  /** Col 4: change of year 2 (second, next), signed. */
  year2Change?: MaybeNumber;
  /** Year 3 must stay untouched (warning when not). */
  year3Change?: MaybeNumber;
  /** Col 6: budget formation or clarification (R150). */
  procedure?: string | null;
}

export interface AdvanceTransferOperationResult {
  index: number;
  id?: string;
  kind: AdvanceTransferKind | null;
  /** Amount counted against the cap (|Δyear1|, or the declared amount). */
  amount: number | null;
  year1Change: number | null;
  year2Change: number | null;
  year3Change: number;
  /** Col 5: share of the three-year total, %. */
  sharePercent: number | null;
  mirrored: boolean | null;
  /** Only for the perOperation reading; null under the cumulative reading. */
  withinCap: boolean | null;
  issues: CheckIssue[];
}

export interface AdjustedLimits {
  year1: number;
  year2: number;
  year3: number;
  total: number;
}

export interface AdvanceTransferCheckResult extends Computation {
  /** value = the cumulative amount moved (Σ|amount|); null when an amount is unknown. */
  status: CheckStatus;
  ok: boolean;
  reading: CapReading;
  capPercent: number | null;
  totalLimit: number | null;
  cap: number | null;
  movedTotal: number | null;
  movedSharePercent: number | null;
  operations: AdvanceTransferOperationResult[];
  /** Limits after the operations (when yearly limits were given). */
  adjustedLimits: AdjustedLimits | null;
  issues: CheckIssue[];
}

const PROCEDURES_OK = new Set(
  ["formation", "clarification", "refinement", "қалыптастыру", "нақтылау", "формирование", "уточнение"].map((x) => x.toLowerCase()),
);

function kindOf(x: unknown): AdvanceTransferKind | null {
  if (typeof x !== "string") return null;
  const k = x.trim().toLowerCase();
  if (k === "advance" || k === "аванс" || k === "аванс беру") return "advance";
  if (k === "transfer" || k === "ауыстыру" || k === "перенос" || k === "шығыстар көлемін ауыстыру") return "transfer";
  return null;
}

/**
 * p.7 (R148–R151): each advance/transfer mirrors between years 1 and 2 (Δyear1 = −Δyear2; advance
 * ⇒ Δyear1 > 0, transfer ⇒ Δyear1 < 0; year 3 untouched), and the amounts stay within
 * advanceTransferCapPercent of the three-year total: cumulatively (Σ|amount| ≤ cap, default) or
 * per operation. With `yearLimits` the adjusted limits are returned and the three-year balance and
 * non-negativity are checked.
 */
export function advanceTransferCheck(
  operations: readonly AdvanceTransferOperation[],
  totalLimit: Computation | MaybeNumber,
  params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS,
  yearLimits?: readonly MaybeNumber[],
): AdvanceTransferCheckResult {
  const name = "Аванс / ауыстыру";
  const lbl = L(
    "Аванс беру және шығыстар көлемін ауыстыру (7-тармақ)",
    "Авансирование и перенос объёма расходов (п. 7)",
    "Advances and transfers of expenditure (p.7)",
  );
  const ops: readonly unknown[] = Array.isArray(operations) ? operations : [];
  const issues: CheckIssue[] = [];
  const pErr = checkParams(params, ["advanceTransferCapPercent", "advanceTransferCapReading", "amountTolerance", "requireNonNegativeAdjustedLimits"]);
  const reading: CapReading = params?.advanceTransferCapReading === "perOperation" ? "perOperation" : "cumulative";
  if (pErr) {
    issues.push({ ruleId: "R148", code: "BB-PARAMS", severity: "error", message: pErr });
    return {
      ...unavailable(name, pErr, { label: lbl }),
      status: "unknown",
      ok: false,
      reading,
      capPercent: null,
      totalLimit: valueOf(totalLimit),
      cap: null,
      movedTotal: null,
      movedSharePercent: null,
      operations: [],
      adjustedLimits: null,
      issues,
    };
  }
  const tol = params.amountTolerance;
  const pct = params.advanceTransferCapPercent;
  const total = valueOf(totalLimit);
  const cap = total !== null && total > 0 ? finite((total * pct) / 100) : null;
  // A Computation's trace is referenced without its subtree (computeLimits already holds it once).
  const totalStep =
    typeof totalLimit === "object" && totalLimit !== null
      ? step(totalLimit.trace.name, total, { label: totalLimit.trace.label, formula: totalLimit.trace.formula })
      : step(NAME.total, total, { label: label("total", symbols("republican")) });
  const capStep = step("cap", cap, {
    label: L(
      `Үш жылдық кезеңге арналған шығыстардың жалпы көлемінің ${fmt(pct)} %`,
      `${fmt(pct)} % общего объёма расходов на трёхлетний период`,
      `${fmt(pct)} % of the total expenditure for the three-year period`,
    ),
    formula: cap !== null ? `${fmt(pct)} % × ${fmt(total)} = ${fmt(cap)}` : undefined,
    inputs: { capPercent: pct, totalLimit: total },
    children: [totalStep],
    ...(cap === null
      ? {
          excluded: {
            reason: L(
              "Үш жылдық лимиттер жиыны жоқ немесе оң емес: шекті тексеру мүмкін емес",
              "Нет итога лимитов за три года или он не положителен: проверить предел нельзя",
              "The three-year limit total is missing or not positive: the cap cannot be checked",
            ),
          },
        }
      : {}),
  });
  if (cap === null && ops.length > 0) {
    issues.push({
      ruleId: "R148",
      code: "BB-ADVANCE-TRANSFER-NO-BASE",
      severity: "warning",
      message: capStep.excluded!.reason,
      values: { totalLimit: total },
    });
  }

  const results: AdvanceTransferOperationResult[] = [];
  const opSteps: TraceStep[] = [];
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let changesKnown = true;
  let movedTotal: number | null = 0;

  ops.forEach((rawOp, index) => {
    const op = (typeof rawOp === "object" && rawOp !== null ? rawOp : {}) as Partial<AdvanceTransferOperation>;
    const opIssues: CheckIssue[] = [];
    const push = (i: Omit<CheckIssue, "index">) => opIssues.push({ ...i, index });
    const kind = kindOf(op.kind);
    const declared = num(op.amount);
    let d1 = num(op.year1Change);
    let d2 = num(op.year2Change);
    const d3 = num(op.year3Change) ?? 0;
    if (kind === null) {
      push({
        ruleId: "R149",
        code: "BB-ADVANCE-TRANSFER-KIND",
        severity: "error",
        message: L(
          `Операция түрі белгісіз: «${String(op.kind)}» (аванс беру / ауыстыру)`,
          `Неизвестный вид операции: «${String(op.kind)}» (авансирование / перенос)`,
          `Unknown operation kind: "${String(op.kind)}" (advance / transfer)`,
        ),
      });
    }
    if (declared !== null && !(declared > 0)) {
      push({
        ruleId: "R148",
        code: "BB-ADVANCE-TRANSFER-AMOUNT",
        severity: "error",
        message: L(`Сома оң болуы тиіс: ${fmt(declared)}`, `Сумма должна быть положительной: ${fmt(declared)}`, `The amount must be positive: ${fmt(declared)}`),
        values: { amount: declared },
      });
    }
    // Derive the missing side from the kind and amount (col 2 ⇒ cols 3 and 4).
    if (kind !== null && declared !== null && declared > 0) {
      const sign = kind === "advance" ? 1 : -1;
      if (d1 === null && d2 === null) {
        d1 = sign * declared;
        d2 = -sign * declared;
      }
    }
    if (d1 === null && d2 !== null) d1 = -d2;
    if (d2 === null && d1 !== null) d2 = -d1;

    let mirrored: boolean | null = null;
    if (d1 === null || d2 === null) {
      changesKnown = false;
      push({
        ruleId: "R149",
        code: "BB-ADVANCE-TRANSFER-MISSING",
        severity: "error",
        message: L(
          "Сома да, 1-жыл мен 2-жыл өзгерісі де көрсетілмеген",
          "Не указаны ни сумма, ни изменения 1-го и 2-го года",
          "Neither the amount nor the year 1 / year 2 changes are given",
        ),
      });
    } else {
      mirrored = Math.abs(d1 + d2) <= tol;
      if (!mirrored) {
        push({
          ruleId: "R149",
          code: "BB-ADVANCE-TRANSFER-SYMMETRY",
          severity: "error",
          message: L(
            `1-жыл өзгерісі (${fmt(d1)}) 2-жыл өзгерісіне (${fmt(d2)}) қарама-қарсы сомаға тең емес`,
            `Изменение 1-го года (${fmt(d1)}) не равно изменению 2-го года (${fmt(d2)}) с обратным знаком`,
            `The year 1 change (${fmt(d1)}) does not mirror the year 2 change (${fmt(d2)})`,
          ),
          values: { year1Change: d1, year2Change: d2 },
        });
      }
      if (kind === "advance" && !(d1 > 0)) {
        push({
          ruleId: "R149",
          code: "BB-ADVANCE-TRANSFER-DIRECTION",
          severity: "error",
          message: L(
            "Аванс беру 1-жылды ұлғайтып, 2-жылды азайтуы тиіс",
            "Авансирование должно увеличивать 1-й год и уменьшать 2-й",
            "An advance must increase year 1 and decrease year 2",
          ),
          values: { year1Change: d1 },
        });
      }
      if (kind === "transfer" && !(d1 < 0)) {
        push({
          ruleId: "R149",
          code: "BB-ADVANCE-TRANSFER-DIRECTION",
          severity: "error",
          message: L(
            "Ауыстыру 1-жылды азайтып, 2-жылды ұлғайтуы тиіс",
            "Перенос должен уменьшать 1-й год и увеличивать 2-й",
            "A transfer must decrease year 1 and increase year 2",
          ),
          values: { year1Change: d1 },
        });
      }
      if (declared !== null && declared > 0 && Math.abs(Math.abs(d1) - declared) > tol) {
        push({
          ruleId: "R149",
          code: "BB-ADVANCE-TRANSFER-AMOUNT-MISMATCH",
          severity: "error",
          message: L(
            `Сома (${fmt(declared)}) 1-жыл өзгерісіне (${fmt(d1)}) сәйкес келмейді`,
            `Сумма (${fmt(declared)}) не соответствует изменению 1-го года (${fmt(d1)})`,
            `The amount (${fmt(declared)}) does not match the year 1 change (${fmt(d1)})`,
          ),
          values: { amount: declared, year1Change: d1 },
        });
      }
    }
    if (Math.abs(d3) > tol) {
      push({
        ruleId: "R149",
        code: "BB-ADVANCE-TRANSFER-YEAR3",
        severity: "warning",
        message: L(
          "7-тармақ тек бірінші және екінші жыл арасындағы аванс пен ауыстыруды көздейді; 3-жыл өзгертілген",
          "П. 7 предусматривает авансирование и перенос только между первым и вторым годом; 3-й год изменён",
          "p.7 provides for advances and transfers between years 1 and 2 only; year 3 is changed",
        ),
        values: { year3Change: d3 },
      });
    }
    if (op.procedure !== undefined && op.procedure !== null && op.procedure !== "" && !PROCEDURES_OK.has(String(op.procedure).trim().toLowerCase())) {
      push({
        ruleId: "R150",
        code: "BB-ADVANCE-TRANSFER-PROCEDURE",
        severity: "warning",
        message: L(
          "Аванс беру және ауыстыру бюджетті қалыптастыру және (немесе) нақтылау шеңберінде жүзеге асырылады",
          "Авансирование и перенос осуществляются в рамках формирования и (или) уточнения бюджета",
          "Advances and transfers are made within budget formation and/or clarification",
        ),
        values: { procedure: String(op.procedure) },
      });
    }

    const amount = declared !== null && declared > 0 ? declared : d1 !== null && d2 !== null ? Math.max(Math.abs(d1), Math.abs(d2)) : null;
    if (amount === null || movedTotal === null) movedTotal = null;
    else movedTotal += amount;
    if (d1 !== null && d2 !== null) {
      sum1 += d1;
      sum2 += d2;
    }
    sum3 += d3;
    const sharePercent = amount !== null && total !== null && total > 0 ? finite((amount / total) * 100) : null;
    let withinCap: boolean | null = null;
    if (reading === "perOperation" && amount !== null && cap !== null) {
      withinCap = amount <= cap + tol;
      if (!withinCap) {
        push({
          ruleId: "R148",
          code: "BB-ADVANCE-TRANSFER-MAX10",
          severity: "error",
          message: L(
            `Операция сомасы ${fmt(amount)} шектен (${fmt(cap)} = ${fmt(pct)} %) асады`,
            `Сумма операции ${fmt(amount)} превышает предел (${fmt(cap)} = ${fmt(pct)} %)`,
            `Operation amount ${fmt(amount)} exceeds the cap (${fmt(cap)} = ${fmt(pct)} %)`,
          ),
          values: { amount, cap, sharePercent },
        });
      }
    }
    results.push({
      index,
      ...(op.id !== undefined ? { id: String(op.id) } : {}),
      kind,
      amount,
      year1Change: d1,
      year2Change: d2,
      year3Change: d3,
      sharePercent,
      mirrored,
      withinCap,
      issues: opIssues,
    });
    issues.push(...opIssues);
    opSteps.push(
      step(`${kind === "transfer" ? "ауыстыру" : "аванс"}_${index + 1}`, amount, {
        label: kind === "transfer" ? L("Ауыстыру", "Перенос", "Transfer") : L("Аванс беру", "Авансирование", "Advance"),
        formula: d1 !== null && d2 !== null ? `Δ1 = ${fmt(d1)}, Δ2 = ${fmt(d2)}, Δ1 + Δ2 = ${fmt(d1 + d2)}` : undefined,
        inputs: { kind: kind ?? String(op.kind ?? ""), amount: declared, year1Change: d1, year2Change: d2, year3Change: d3, sharePercent },
        ...(amount === null ? { excluded: { reason: missingReason("amount") } } : {}),
      }),
    );
  });

  const moved = movedTotal === null ? null : finite(movedTotal);
  const movedSharePercent = moved !== null && total !== null && total > 0 ? finite((moved / total) * 100) : null;
  let determinate = cap !== null || ops.length === 0;
  if (reading === "cumulative" && moved !== null && cap !== null && moved > cap + tol) {
    issues.push({
      ruleId: "R148",
      code: "BB-ADVANCE-TRANSFER-MAX10",
      severity: "error",
      message: L(
        `Аванс пен ауыстырудың жиыны ${fmt(moved)} (${fmt(movedSharePercent)} %) үш жылдық көлемнің ${fmt(pct)} % шегінен (${fmt(cap)}) асады`,
        `Итого авансирования и переноса ${fmt(moved)} (${fmt(movedSharePercent)} %) превышает ${fmt(pct)} % трёхлетнего объёма (${fmt(cap)})`,
        `Advances and transfers total ${fmt(moved)} (${fmt(movedSharePercent)} %), above ${fmt(pct)} % of the three-year total (${fmt(cap)})`,
      ),
      values: { moved, cap, movedSharePercent },
    });
  }
  if (moved === null) determinate = false;

  // Adjusted limits, three-year balance (R151), non-negativity (spec §5.2 POLICY).
  let adjustedLimits: AdjustedLimits | null = null;
  const lims = Array.isArray(yearLimits) ? yearLimits.slice(0, 3).map(num) : null;
  let adjustedStep: TraceStep | null = null;
  if (lims && lims.length === 3 && lims.every((x) => x !== null) && changesKnown) {
    const [l1, l2, l3] = lims as number[];
    const a1 = finite(l1 + sum1);
    const a2 = finite(l2 + sum2);
    const a3 = finite(l3 + sum3);
    if (a1 !== null && a2 !== null && a3 !== null) {
      adjustedLimits = { year1: a1, year2: a2, year3: a3, total: a1 + a2 + a3 };
      const before = l1 + l2 + l3;
      if (Math.abs(adjustedLimits.total - before) > tol) {
        issues.push({
          ruleId: "R151",
          code: "BB-3Y-BALANCE",
          severity: "error",
          message: L(
            `Үш жылдық көлем теңгерімді емес: ${fmt(adjustedLimits.total)} ≠ ${fmt(before)}`,
            `Объём расходов за три года не сбалансирован: ${fmt(adjustedLimits.total)} ≠ ${fmt(before)}`,
            `The three-year volume is not balanced: ${fmt(adjustedLimits.total)} ≠ ${fmt(before)}`,
          ),
          values: { before, after: adjustedLimits.total },
        });
      }
      if (params.requireNonNegativeAdjustedLimits) {
        ([["year1", a1], ["year2", a2]] as const).forEach(([y, v]) => {
          if (v < -tol) {
            issues.push({
              ruleId: "R149",
              code: "BB-ADVANCE-TRANSFER-NEGATIVE",
              severity: "error",
              message: L(`${y} лимиті теріс болып қалды: ${fmt(v)}`, `Лимит ${y} стал отрицательным: ${fmt(v)}`, `The ${y} limit became negative: ${fmt(v)}`),
              values: { [y]: v },
            });
          }
        });
      }
      adjustedStep = step("L'", adjustedLimits.total, {
        label: L("Түзетілген лимиттер", "Скорректированные лимиты", "Adjusted limits"),
        formula: `${fmt(l1)} + (${fmt(sum1)}) = ${fmt(a1)}; ${fmt(l2)} + (${fmt(sum2)}) = ${fmt(a2)}; ${fmt(l3)} + (${fmt(sum3)}) = ${fmt(a3)}; Σ = ${fmt(adjustedLimits.total)}`,
        inputs: { year1: a1, year2: a2, year3: a3 },
      });
    }
  }

  const status = statusOf(issues, determinate);
  const formula =
    reading === "cumulative"
      ? `Σ|amount| = ${fmt(moved)} ≤ ${fmt(cap)} (${fmt(pct)} % × ${fmt(total)})`
      : `max |amount| = ${fmt(results.reduce<number | null>((m, r) => (r.amount === null || m === null ? null : Math.max(m, r.amount)), 0))} ≤ ${fmt(cap)} (${fmt(pct)} % × ${fmt(total)})`;
  const trace = step(name, moved, {
    label: lbl,
    formula,
    inputs: { reading, capPercent: pct, cap, movedSharePercent, status },
    children: [capStep, ...opSteps, ...(adjustedStep ? [adjustedStep] : [])],
    ...(moved === null ? { excluded: { reason: L("Бір операцияның сомасы белгісіз", "Сумма одной из операций неизвестна", "An operation amount is unknown") } } : {}),
  });
  return {
    value: moved,
    trace,
    status,
    ok: status === "pass",
    reading,
    capPercent: pct,
    totalLimit: total,
    cap,
    movedTotal: moved,
    movedSharePercent,
    operations: results,
    adjustedLimits,
    issues,
  };
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

export interface UnusedFundsCheckResult extends Computation {
  /** value = share of unused (non-exempt) funds in the funds provided, %. */
  status: CheckStatus;
  ok: boolean;
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
  issues: CheckIssue[];
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
export function unusedFundsCheck(
  allocated: MaybeNumber,
  used: MaybeNumber,
  exceptionRecorded: boolean | number | null | undefined,
  params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS,
): UnusedFundsCheckResult {
  const name = "U %";
  const lbl = L(
    "Пайдаланылмаған бюджет қаражатының үлесі (8, 45-тармақтар)",
    "Доля неиспользованных бюджетных средств (пп. 8, 45)",
    "Share of unused budget funds (p.8, p.45)",
  );
  const pr = num(allocated);
  const ex = num(used);
  const issues: CheckIssue[] = [];
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
  const fail = (reason: Localized, code: string): UnusedFundsCheckResult => {
    issues.push({ ruleId: "R153", code, severity: "warning", message: reason, values: { allocated: pr, used: ex } });
    return { ...unavailable(name, reason, { label: lbl, children: inputStep }), ...base, status: "unknown", ok: false, issues };
  };
  const pErr = checkParams(params, ["unusedFundsThresholdPercent", "unusedFundsOverThresholdReading", "amountTolerance"]);
  if (pErr) return fail(pErr, "BB-PARAMS");
  if (pr === null) return fail(missingReason("Pr"), "BB-UNUSED-NO-DATA");
  if (!(pr > 0)) {
    return fail(
      L(`Көзделген қаражат (${fmt(pr)}) оң болуы тиіс: үлесті есептеу мүмкін емес`, `Предусмотренные средства (${fmt(pr)}) должны быть положительными: долю не вычислить`, `Funds provided (${fmt(pr)}) must be positive: the share cannot be computed`),
      "BB-UNUSED-NO-BASE",
    );
  }
  if (ex === null) return fail(missingReason("used"), "BB-UNUSED-NO-DATA");
  if (ex < 0) {
    return fail(L(`Пайдаланылған қаражат теріс: ${fmt(ex)}`, `Использованные средства отрицательны: ${fmt(ex)}`, `Funds used are negative: ${fmt(ex)}`), "BB-UNUSED-BAD-DATA");
  }
  const tol = params.amountTolerance;
  if (ex > pr + tol) {
    return fail(
      L(`Пайдаланылған қаражат (${fmt(ex)}) көзделгеннен (${fmt(pr)}) көп`, `Использовано (${fmt(ex)}) больше предусмотренного (${fmt(pr)})`, `Funds used (${fmt(ex)}) exceed the funds provided (${fmt(pr)})`),
      "BB-UNUSED-BAD-DATA",
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

  if (within) {
    issues.push({
      ruleId: "R153",
      code: "BB-UNUSED-UPTO5-CARRYOVER",
      severity: "info",
      message: L(
        `Пайдаланылмаған қаражат ${fmt(sharePercent)} % ≤ ${fmt(thr)} %: келесі қаржы жылы толық пайдаланылады, игерілмеу болып табылмайды`,
        `Неиспользованные средства ${fmt(sharePercent)} % ≤ ${fmt(thr)} %: полностью используются в следующем финансовом году, не являются неосвоением`,
        `Unused funds ${fmt(sharePercent)} % ≤ ${fmt(thr)} %: fully usable next financial year, not under-utilisation`,
      ),
      values: { unused: u, sharePercent, carryOver },
    });
  } else if (writeOff > 0) {
    issues.push({
      ruleId: "R154",
      code: "BB-UNUSED-OVER5-WRITE-OFF",
      severity: "error",
      message: L(
        `Пайдаланылмаған қаражат ${fmt(sharePercent)} % > ${fmt(thr)} %: ${fmt(writeOff)} Бюджет кодексінің 101-бабының 5-тармағына сәйкес жоққа шығарылады`,
        `Неиспользованные средства ${fmt(sharePercent)} % > ${fmt(thr)} %: ${fmt(writeOff)} отменяются согласно п. 5 ст. 101 Бюджетного кодекса`,
        `Unused funds ${fmt(sharePercent)} % > ${fmt(thr)} %: ${fmt(writeOff)} is written off under Budget Code art. 101 p.5`,
      ),
      values: { unused: u, sharePercent, writtenOff: writeOff, carryOver },
    });
  } else {
    issues.push({
      ruleId: "R154",
      code: "BB-UNUSED-EXCEPTION",
      severity: "info",
      message: L(
        `Пайдаланылмаған қаражат ${fmt(sharePercent)} % > ${fmt(thr)} %, бірақ 8-тармақтың 4-бөлігіндегі ерекшелік тіркелген: жоққа шығарылмайды, 46-тармаққа сәйкес көшіріледі`,
        `Неиспользованные средства ${fmt(sharePercent)} % > ${fmt(thr)} %, но зафиксировано исключение ч. 4 п. 8: не отменяются, переносятся по п. 46`,
        `Unused funds ${fmt(sharePercent)} % > ${fmt(thr)} %, but a p.8 ¶4 exception is recorded: not written off, carried over under p.46`,
      ),
      values: { unused: u, sharePercent, carryOver },
    });
  }
  const status = statusOf(issues, true);
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
    status,
    ok: status === "pass",
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
    issues,
  };
}

// ---------------------------------------------------------------------------------------------
// p.6 ¶5: growth of the limit vs the allowed growth of budget expenditure (R145)
// ---------------------------------------------------------------------------------------------

export interface GrowthYearResult {
  year: number;
  limit: number | null;
  base: number | null;
  growthPercent: number | null;
  allowedPercent: number | null;
  within: boolean | null;
}

export interface GrowthCheckResult extends Computation {
  /** value = the largest growth %, null if any year cannot be computed. */
  status: CheckStatus;
  ok: boolean;
  years: GrowthYearResult[];
  issues: CheckIssue[];
}

/**
 * R145 (p.6 ¶5): limit_t / base_{t−1} − 1 ≤ allowed growth of republican (local) budget expenditure
 * g_t, %. base for year 1 = current-year approved expenditure (∑4), then the previous year's limit.
 * `allowedGrowthPercent`: one rate for all years or one per year (external input, not in the seed).
 */
export function growthCheck(
  limits: readonly (Computation | MaybeNumber)[],
  baseExpenditure: MaybeNumber,
  allowedGrowthPercent: MaybeNumber | readonly MaybeNumber[],
  params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS,
): GrowthCheckResult {
  const lbl = L("Шығыстардың өсу қарқыны (6-тармақ)", "Темп роста расходов (п. 6)", "Expenditure growth rate (p.6)");
  const arr = Array.isArray(limits) ? limits : [];
  const tol = PARAM_VALIDATORS.amountTolerance(params?.amountTolerance) ? params.amountTolerance : 0;
  const issues: CheckIssue[] = [];
  const years: GrowthYearResult[] = [];
  const steps: TraceStep[] = [];
  let prev = num(baseExpenditure);
  let determinate = true;
  for (let i = 0; i < arr.length; i++) {
    const year = i + 1;
    const limit = valueOf(arr[i]);
    const allowed = Array.isArray(allowedGrowthPercent) ? num(allowedGrowthPercent[i]) : num(allowedGrowthPercent as MaybeNumber);
    const base = prev;
    const growthPercent = limit !== null && base !== null && base > 0 ? finite((limit / base - 1) * 100) : null;
    let within: boolean | null = null;
    if (limit !== null && base !== null && base > 0 && allowed !== null) {
      within = limit <= base * (1 + allowed / 100) + tol;
      if (!within) {
        issues.push({
          ruleId: "R145",
          code: "BB-GROWTH-CAP",
          severity: "error",
          index: i,
          message: L(
            `${year}-жыл: өсу қарқыны ${fmt(growthPercent)} % рұқсат етілген ${fmt(allowed)} %-дан асады`,
            `Год ${year}: темп роста ${fmt(growthPercent)} % превышает допустимые ${fmt(allowed)} %`,
            `Year ${year}: growth ${fmt(growthPercent)} % exceeds the allowed ${fmt(allowed)} %`,
          ),
          values: { limit, base, growthPercent, allowedPercent: allowed },
        });
      }
    } else {
      determinate = false;
    }
    years.push({ year, limit, base, growthPercent, allowedPercent: allowed, within });
    steps.push(
      step(`g_${year}`, growthPercent, {
        formula: growthPercent !== null ? `${fmt(limit)} / ${fmt(base)} − 1 = ${fmt(growthPercent)} % ${within === false ? ">" : "≤"} ${fmt(allowed)} %` : undefined,
        inputs: { limit, base, allowedPercent: allowed },
        ...(growthPercent === null ? { excluded: { reason: L("Лимит немесе базалық шама жоқ", "Нет лимита или базы", "The limit or the base is missing") } } : {}),
      }),
    );
    prev = limit;
  }
  if (arr.length === 0) determinate = false;
  const g = years.map((y) => y.growthPercent);
  const value = g.length > 0 && g.every((x) => x !== null) ? Math.max(...(g as number[])) : null;
  const status = statusOf(issues, determinate);
  return {
    value,
    trace: step("g", value, { label: lbl, children: steps, ...(value === null ? { excluded: { reason: L("Есептеу мүмкін емес", "Невозможно вычислить", "Cannot be computed") } } : {}) }),
    status,
    ok: status === "pass",
    years,
    issues,
  };
}

// ---------------------------------------------------------------------------------------------
// End to end
// ---------------------------------------------------------------------------------------------

export interface BlockBudgetInput extends ThreeYearInput {
  operations?: readonly AdvanceTransferOperation[];
  unusedFunds?: { allocated: MaybeNumber; used: MaybeNumber; exceptionRecorded?: boolean | number | null };
  growth?: { baseExpenditure?: MaybeNumber; allowedGrowthPercent: MaybeNumber | readonly MaybeNumber[] };
}

export interface BlockBudgetResult extends Computation {
  /** value = the three-year total limit. trace = one tree with every part below. */
  smoothedGdp: Computation;
  averageExpenditure: Computation;
  share: Computation;
  limits: ThreeYearLimits;
  advanceTransfer: AdvanceTransferCheckResult | null;
  unusedFunds: UnusedFundsCheckResult | null;
  growth: GrowthCheckResult | null;
  issues: CheckIssue[];
  status: CheckStatus;
}

/** Everything for F11 in one call: ТЖІӨ, ОМ ∑жж, ШҮ %, the limits by year and in total, and the checks. */
export function computeLimits(input: BlockBudgetInput, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): BlockBudgetResult {
  const inp = (typeof input === "object" && input !== null ? input : {}) as Partial<BlockBudgetInput>;
  const limits = threeYearLimits({ gdp: inp.gdp ?? [], expenditure: inp.expenditure ?? [], plannedGdp: inp.plannedGdp ?? [], level: inp.level }, params);
  const yearValues = limits.years.map((c) => c.value);
  const advanceTransfer = inp.operations ? advanceTransferCheck(inp.operations, limits, params, limits.mode === "perYear" ? yearValues : undefined) : null;
  const unusedFunds = inp.unusedFunds ? unusedFundsCheck(inp.unusedFunds.allocated, inp.unusedFunds.used, inp.unusedFunds.exceptionRecorded, params) : null;
  let growth: GrowthCheckResult | null = null;
  if (inp.growth && limits.mode === "perYear") {
    const nExp = PARAM_VALIDATORS.expenditureYearsAveraged(params?.expenditureYearsAveraged) ? params.expenditureYearsAveraged : 4;
    const exp: readonly unknown[] = Array.isArray(inp.expenditure) ? inp.expenditure : [];
    // Base for year 1: current-year expenditure ∑4 (R145), i.e. the 4th value whatever the averaging count.
    const base = inp.growth.baseExpenditure !== undefined ? inp.growth.baseExpenditure : num(exp[Math.min(3, nExp - 1)]);
    growth = growthCheck(limits.years, base, inp.growth.allowedGrowthPercent, params);
  }
  const issues = [...(advanceTransfer?.issues ?? []), ...(unusedFunds?.issues ?? []), ...(growth?.issues ?? [])];
  const determinate =
    limits.value !== null &&
    (advanceTransfer === null || advanceTransfer.status !== "unknown") &&
    (unusedFunds === null || unusedFunds.status !== "unknown") &&
    (growth === null || growth.status !== "unknown");
  const status = statusOf(issues, determinate);
  const children = [limits.trace, ...[advanceTransfer, growth, unusedFunds].filter((x): x is NonNullable<typeof x> => x !== null).map((x) => x.trace)];
  const trace = step("F11", limits.value, {
    label: L(
      "Бюджеттік бағдарламалар әкімшісі шығыстарының лимитін есептеу",
      "Расчёт лимита расходов администратора бюджетных программ",
      "Calculation of the budget programme administrator's expenditure limit",
    ),
    formula: limits.trace.formula,
    inputs: { level: inp.level ?? "republican", mode: limits.mode, status },
    children,
    ...(limits.value === null && limits.trace.excluded ? { excluded: limits.trace.excluded } : {}),
  });
  return {
    value: limits.value,
    trace,
    smoothedGdp: limits.smoothedGdp,
    averageExpenditure: limits.averageExpenditure,
    share: limits.share,
    limits,
    advanceTransfer,
    unusedFunds,
    growth,
    issues,
    status,
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

  /** Cap for advances and transfers: capPercent % of the sum of the three limits. */
  advanceTransferCap(limitRefs: CellRefs, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const l = takeRefs(limitRefs, PLANNING_PERIOD_YEARS);
    if (l.length === 0 || !validFor(params, ["advanceTransferCapPercent"])) return BLANK;
    const list = l.join(",");
    const need = l.some((x) => x.includes(":")) ? PLANNING_PERIOD_YEARS : l.length;
    return guarded([`COUNT(${list})<${need}`, `SUM(${list})<=0`], `SUM(${list})*${excelNum(params.advanceTransferCapPercent)}/100`);
  },

  /**
   * TRUE when the amounts are within the cap: cumulative SUM(|amount|) ≤ cap, or per operation
   * MAX(|amount|) ≤ cap. Blank cells among the amounts count as no operation.
   */
  advanceTransferWithinCap(refs: { amountRefs: CellRefs; limitRefs: CellRefs }, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const a = cleanRefs(refs?.amountRefs);
    const l = takeRefs(refs?.limitRefs, PLANNING_PERIOD_YEARS);
    if (a.length === 0 || l.length === 0 || !validFor(params, ["advanceTransferCapPercent", "advanceTransferCapReading", "amountTolerance"])) return BLANK;
    const list = l.join(",");
    const need = l.some((x) => x.includes(":")) ? PLANNING_PERIOD_YEARS : l.length;
    const amounts = a.map((x) => (x.includes(":") ? `SUMPRODUCT(ABS(${x}))` : `ABS(${x})`));
    const moved =
      params.advanceTransferCapReading === "perOperation"
        ? `MAX(${a.map((x) => (x.includes(":") ? `MAX(${x},-MIN(${x}))` : `ABS(${x})`)).join(",")})`
        : amounts.length === 1
          ? amounts[0]
          : `SUM(${amounts.join(",")})`;
    const cap = `SUM(${list})*${excelNum(params.advanceTransferCapPercent)}/100`;
    return guarded([`COUNT(${list})<${need}`, `SUM(${list})<=0`], `${moved}<=${cap}+${excelNum(params.amountTolerance)}`);
  },

  /** TRUE when Δyear1 = −Δyear2 (within amountTolerance); advance ⇒ Δyear1 > 0 when kind is "advance"/"transfer". */
  advanceTransferMirror(
    refs: { year1ChangeRef: string; year2ChangeRef: string; kind?: AdvanceTransferKind },
    params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS,
  ): string {
    const [d1] = cleanRefs([refs?.year1ChangeRef]);
    const [d2] = cleanRefs([refs?.year2ChangeRef]);
    if (!d1 || !d2 || !validFor(params, ["amountTolerance"])) return BLANK;
    const mirror = `ABS(${d1}+${d2})<=${excelNum(params.amountTolerance)}`;
    const dir = refs?.kind === "advance" ? `,${d1}>0` : refs?.kind === "transfer" ? `,${d1}<0` : "";
    return guarded([`COUNT(${d1},${d2})<2`], `AND(${mirror}${dir})`);
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

  /** R145: TRUE when limit ≤ base × (1 + allowed % / 100). */
  growthWithinCap(refs: { limitRef: string; baseRef: string; allowedGrowthPercentRef: string }, params: BlockBudgetParams = DEFAULT_BLOCK_BUDGET_PARAMS): string {
    const [l] = cleanRefs([refs?.limitRef]);
    const [b] = cleanRefs([refs?.baseRef]);
    const [g] = cleanRefs([refs?.allowedGrowthPercentRef]);
    if (!l || !b || !g || !validFor(params, ["amountTolerance"])) return BLANK;
    return guarded([`COUNT(${l},${b},${g})<3`, `${b}<=0`], `${l}<=${b}*(1+${g}/100)+${excelNum(params.amountTolerance)}`);
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
