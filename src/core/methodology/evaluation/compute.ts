/**
 * Seed 002 (MEDT order No. 14 of 19.01.2012, annex in the edition of order No. 351 of 29.12.2012):
 * «Қадағаланатын саладағы/аядағы/өңірдегі стратегиялық мақсаттар мен міндеттерге қол жеткізу және
 * іске асыру тиiмдiлiгiн бағалау жөніндегі әдістеме», as pure traced functions.
 *
 * Every formula of the seed was an image that was lost; only the legends («мұнда:») and the prose
 * survive, plus one formula as text: «Хi = Ki х Yi». The reconstruction follows
 * shared/spec/methodology-formulas.md (cited "spec §x") and forms-and-rules.md §2.4 (R059–R099) and
 * §3 A-24…A-36; each reconstructed choice is a parameter (see params.ts and
 * rules/methodology/evaluation.params.json).
 *
 * Seed versus spec (the seed wins):
 *  - Naming of the two expert parameters (seed p.20): the surviving fragment «… екі параметр бойынша
 *    q … :1» puts the symbol q (q₁, q₂) on the two *parameters*, as forms-and-rules R067 does;
 *    methodology-formulas §3.4 relabels them a₁, a₂ and calls the sphere score q. Here the parameters
 *    are q1, q2 and the sphere/direction score is b (its own symbol was lost, seed p.19).
 *  - No numeric or structural conflict was found: every quoted number and clamp of the spec
 *    (0,1/0,1/0,8; 0,2/0,8; 1/0,5/0; h, p clamps; S > 1 → 1; 1,5; 2; 3 facts; 0,2; 5) matches the
 *    seed text (p.16, 17, 20–22, 24, 26, 40–42).
 *
 * Conventions:
 *  - All functions are total: they never throw on bad data and never return NaN/Infinity. A value
 *    that cannot be computed is null, and its trace step carries `excluded.reason` (kk/ru/en).
 *  - Coefficients are on [0, 1]; A is in points (scale 100) unless `params.scale` is 1.
 *  - A rule applied by policy (not stated in the seed) leaves a note code in `inputs.note` of its
 *    trace step; the note columns of the workbook show it with the excluded items' reasons (seed p.27, p.43).
 */
import type { Localized } from "../../i18n";
import { step, type Computation, type TraceStep } from "../../trace";
import { DEFAULT_EVALUATION_PARAMS, type Direction, type EvaluationParams } from "./params";
import { LABELS, REASONS, joinReasons, labelWith, type NoteCode } from "./labels";
import { fmt, fmtOp, isNum, roundHalfAway } from "./format";

// ---------------------------------------------------------------------------------------------
// Input types
// ---------------------------------------------------------------------------------------------

/** A numeric cell value as it may arrive from a sheet: a number, or nothing. */
export type Num = number | null | undefined;

export interface CellRef {
  sheet: string;
  address: string;
}

/** Where the inputs (and the result) of an indicator sit in the workbook, for the trace. */
export interface IndicatorCells {
  previous?: CellRef;
  plan?: CellRef;
  actual?: CellRef;
  operational?: CellRef;
  direction?: CellRef;
  /** The cell holding h / p itself. */
  result?: CellRef;
}

/**
 * The actual value F: a number (official statistics), or both sources. Official statistics come
 * first; operational data (шұғыл деректер) are used only when the official value is missing (seed p.24).
 */
export type ActualInput = Num | { official?: Num; operational?: Num };

/** A target indicator (нысаналы индикатор) or a direct-result indicator (тікелей нәтиже көрсеткіші). */
export interface IndicatorInput {
  id?: string;
  label?: Localized | string;
  /** B₀: the actual value of the preceding period (spec §3.6.4). */
  previous: Num;
  /** P: the plan value for the reporting period. None → the indicator is excluded (seed p.24). */
  plan: Num;
  /** F from official statistics. */
  actual?: Num;
  /** F from operational data, used when `actual` is missing. */
  operational?: Num;
  /** +1: an increase is an improvement; −1: a decrease is. Omitted: inferred from the plan's sign. */
  direction?: Direction | null;
  cells?: IndicatorCells;
}

export interface TaskInput {
  id?: string;
  label?: Localized | string;
  /** Direct-result indicators of the task (r of them before exclusions). */
  results: IndicatorInput[];
}

export interface GoalInput {
  id?: string;
  label?: Localized | string;
  /** Target indicators of the goal (m of them before exclusions). */
  indicators: IndicatorInput[];
  /** Tasks of the goal (T of them before exclusions). */
  tasks: TaskInput[];
}

/** A sphere (сала) or direction (бағыт) of activity, scored by experts on q1 and q2 (seed p.20, p.21). */
export interface SphereInput {
  id?: string;
  label?: Localized | string;
  q1?: Num;
  q2?: Num;
  /** When present and non-empty, the sphere scores the mean of its directions (seed p.19). */
  directions?: SphereInput[];
  cells?: { q1?: CellRef; q2?: CellRef; result?: CellRef };
}

/** A risk of section 6 of the strategic plan, with R_j ∈ {1, 0.5, 0} (seed p.22). */
export interface RiskInput {
  id?: string;
  label?: Localized | string;
  R: Num;
  cell?: CellRef;
}

/** One of the six Annex 4 indicators of E (seed p.25, p.26). */
export interface IndexInput {
  id?: string;
  label?: Localized | string;
  /** SB_i: value in the previous period. */
  previous: Num;
  /** SR_i: actual value in the reporting period. */
  current: Num;
  /** Omitted: `params.eIndicatorDirections[i]` by position. */
  direction?: Direction | null;
  cells?: { previous?: CellRef; current?: CellRef; result?: CellRef };
}

/** Facts recorded in the verification act (Annex 1) for the deductions of chapter 8 (seed p.38–43). */
export interface PenaltyInput {
  /** Submitted after the date of the Evaluation Schedule (p.40; R060). */
  late?: boolean | null;
  /** Required elements missing (p.41; R061). */
  incomplete?: boolean | null;
  /** Count of missing elements; ≥ 1 makes the information incomplete when `incomplete` is not given. */
  missingElements?: number | null;
  /** Number of recorded non-conforming facts f (p.42; R062–R063). */
  unreliableFacts?: number | null;
}

export type BodyType = "central" | "local";


/** Options naming one trace step. */
export interface StepOptions {
  /** Full step name, e.g. "h_1.2". */
  name?: string;
  /** Numbering used for child names, e.g. "1" gives K_1 with children h_1.1, h_1.2 … */
  index?: string;
  /** Appended to the standard label (an indicator's name, an id). */
  label?: Localized | string;
  /** Where the result sits in the sheet. */
  cell?: CellRef;
}



// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

type Inputs = NonNullable<TraceStep["inputs"]>;

function numOrNull(x: unknown): number | null {
  return isNum(x) ? x : null;
}

/** For `inputs`: numbers as such, anything else that is present as its string, nothing as null. */
function raw(x: unknown): number | string | boolean | null {
  if (x === null || x === undefined) return null;
  if (typeof x === "number") return Number.isFinite(x) ? x : String(x);
  if (typeof x === "boolean" || typeof x === "string") return x;
  return String(x);
}

function isMissing(x: unknown): boolean {
  return x === null || x === undefined || (typeof x === "string" && x.trim() === "");
}

function isComputation(x: unknown): x is Computation {
  return typeof x === "object" && x !== null && "trace" in x && "value" in x;
}

function excludedStep(name: string, reason: Localized, extra: Omit<TraceStep, "name" | "value" | "excluded"> = {}): Computation {
  return { value: null, trace: step(name, null, { ...extra, excluded: { reason } }) };
}

function withNote(inputs: Inputs, code: NoteCode): Inputs {
  const prev = inputs.note;
  return { ...inputs, note: typeof prev === "string" && prev ? `${prev},${code}` : code };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function clampText(ratio: number, value: number, lo: number, hi: number): string {
  return value === ratio ? "" : ` → min(${fmt(hi)}, max(${fmt(lo)}, ${fmt(ratio)})) = ${fmt(value)}`;
}

function meanText(values: number[], mean: number): string {
  if (values.length === 1) return `${fmtOp(values[0])} / 1 = ${fmt(mean)}`;
  return `(${values.map(fmtOp).join(" + ")}) / ${values.length} = ${fmt(mean)}`;
}

function mean(values: number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

function leafStep(name: string, value: unknown, label: Localized, cell?: CellRef): TraceStep {
  return step(name, numOrNull(value), { label, inputs: { value: raw(value) }, ...(cell ? { cell } : {}) });
}

function dirText(d: Direction): string {
  return d === 1 ? "+1" : "-1";
}

function ensureParams(params: EvaluationParams | undefined): EvaluationParams {
  return (params ?? DEFAULT_EVALUATION_PARAMS) as EvaluationParams;
}

/** Direction given, or inferred from the sign of the planned change; `invalid` when given but not ±1. */
function resolveDirection(direction: unknown, previous: unknown, plan: unknown): { dir: Direction | null; inferred: boolean; invalid: boolean } {
  if (direction === 1 || direction === -1) return { dir: direction, inferred: false, invalid: false };
  if (direction !== null && direction !== undefined) return { dir: null, inferred: false, invalid: true };
  if (isNum(previous) && isNum(plan) && plan !== previous) return { dir: plan > previous ? 1 : -1, inferred: true, invalid: false };
  return { dir: null, inferred: false, invalid: false };
}

interface ResolvedActual {
  value: number | null;
  source: "official" | "operational" | null;
  official: unknown;
  operational: unknown;
}

function resolveActual(actual: ActualInput, params: EvaluationParams): ResolvedActual {
  let official: unknown;
  let operational: unknown;
  if (typeof actual === "object" && actual !== null) {
    official = (actual as { official?: Num }).official;
    operational = (actual as { operational?: Num }).operational;
  } else {
    official = actual;
  }
  if (isNum(official)) return { value: official, source: "official", official, operational };
  if (params.useOperationalData && isNum(operational)) return { value: operational, source: "operational", official, operational };
  return { value: null, source: null, official, operational };
}

function missingOrNaN(x: unknown, missing: Localized): Localized | null {
  if (isMissing(x)) return missing;
  if (!isNum(x)) return REASONS.notANumber;
  return null;
}

// ---------------------------------------------------------------------------------------------
// h and p: one indicator
// ---------------------------------------------------------------------------------------------

interface IndicatorMeta extends StepOptions {
  cells?: IndicatorCells;
}

function indicatorInputs(previous: Num, plan: Num, act: ResolvedActual, direction: unknown): Inputs {
  return {
    previous: raw(previous),
    plan: raw(plan),
    actual: raw(act.official),
    operational: raw(act.operational),
    used: act.value,
    source: act.source,
    direction: raw(direction),
  };
}

function indicatorChildren(previous: Num, plan: Num, act: ResolvedActual, cells: IndicatorCells | undefined): TraceStep[] | undefined {
  if (!cells) return undefined;
  const out: TraceStep[] = [];
  if (cells.previous) out.push(leafStep("B0", previous, LABELS.previous, cells.previous));
  if (cells.plan) out.push(leafStep("P", plan, LABELS.plan, cells.plan));
  if (cells.actual) out.push(leafStep("F", act.official, LABELS.actual, cells.actual));
  if (cells.operational) out.push(leafStep("F_op", act.operational, LABELS.operational, cells.operational));
  return out.length ? out : undefined;
}

/**
 * The ratio of changes shared by h (target indicator) and p_g under pMode "changeRatio":
 * clamp((F − B₀) / (P − B₀)) with the policies for P = B₀ and for a deteriorating plan.
 */
function changeRatioCoefficient(
  kind: "h" | "p",
  previous: Num,
  plan: Num,
  actual: ActualInput,
  direction: Direction | null | undefined,
  params: EvaluationParams,
  meta: IndicatorMeta,
): Computation {
  const { min: lo, max: hi } = kind === "h" ? params.hClamp : params.pClamp;
  const name = meta.name ?? kind;
  const act = resolveActual(actual, params);
  let inputs = indicatorInputs(previous, plan, act, direction);
  if (act.source === "operational") inputs = withNote(inputs, "operationalData");
  const children = indicatorChildren(previous, plan, act, meta.cells);
  const cell = meta.cell ?? meta.cells?.result;
  const base = { label: labelWith(LABELS[kind], meta.label), ...(cell ? { cell } : {}), ...(children ? { children } : {}) };

  // Exclusions, in the order of seed p.24: no plan value, no data (official → operational), then ours.
  const reasons: Localized[] = [];
  const planReason = missingOrNaN(plan, REASONS.noPlan);
  if (planReason) reasons.push(planReason);
  if (act.value === null) reasons.push(isMissing(act.official) || isNum(act.official) ? REASONS.noActual : REASONS.notANumber);
  const prevReason = missingOrNaN(previous, REASONS.noPrevious);
  if (prevReason) reasons.push(prevReason);
  const d = resolveDirection(direction, previous, plan);
  if (d.invalid) reasons.push(REASONS.directionUnknown);
  if (reasons.length) return excludedStep(name, joinReasons(reasons), { ...base, inputs });

  const B0 = previous as number;
  const P = plan as number;
  const F = act.value as number;
  const dP = P - B0;
  const dir = d.dir;

  const attainment = (prefix: string, note: NoteCode): Computation => {
    const gap = (dir as Direction) * (F - P);
    const met = gap >= 0;
    const value = met ? hi : lo;
    const formula = `${prefix}${dirText(dir as Direction)} * (${fmtOp(F)} - ${fmtOp(P)}) = ${fmt(gap)} ${met ? ">=" : "<"} 0 → ${fmt(value)}`;
    return { value, trace: step(name, value, { ...base, inputs: withNote(inputs, note), formula }) };
  };

  if (dP === 0) {
    const zeroText = `${fmtOp(P)} - ${fmtOp(B0)} = 0`;
    if (params.zeroPlannedChange === "exclude") {
      return excludedStep(name, REASONS.zeroPlannedChange, { ...base, inputs, formula: zeroText });
    }
    if (dir === null) {
      return excludedStep(name, joinReasons([REASONS.zeroPlannedChange, REASONS.directionUnknown]), { ...base, inputs, formula: zeroText });
    }
    return attainment(`${zeroText}; `, "zeroPlannedChangeAttainment");
  }
  if (dir !== null && dir * dP < 0 && params.deterioratingPlan === "attainment") {
    return attainment(`${dirText(dir)} * (${fmtOp(P)} - ${fmtOp(B0)}) < 0; `, "deterioratingPlan");
  }
  const ratio = (F - B0) / dP;
  const value = clamp(ratio, lo, hi);
  const formula = `(${fmtOp(F)} - ${fmtOp(B0)}) / (${fmtOp(P)} - ${fmtOp(B0)}) = ${fmt(ratio)}${clampText(ratio, value, lo, hi)}`;
  return { value, trace: step(name, value, { ...base, inputs, formula }) };
}

/** h and p share their inputs: B₀, P, F (official and operational), the direction, the params. */
export type IndicatorCoefficient = (
  previous: Num,
  plan: Num,
  actual: ActualInput,
  direction?: Direction | null,
  params?: EvaluationParams,
  opts?: IndicatorMeta,
) => Computation;

/**
 * h: achievement coefficient of one target indicator (seed p.24; spec §3.6.4; R073, R074).
 * h = clamp((F − B₀) / (P − B₀)) to `params.hClamp` ("the ratio of what was actually achieved,
 * improvement or deterioration, to the planned improvement"). A decrease that is an improvement needs
 * no inverse: numerator and denominator are both negative.
 * Excluded (value null, reason in the trace): no plan value; neither official statistics nor operational
 * data; no previous value; an invalid direction; P = B₀ when `zeroPlannedChange` is "exclude".
 */
export const indicatorH: IndicatorCoefficient = (previous, plan, actual, direction, params = DEFAULT_EVALUATION_PARAMS, opts = {}) =>
  changeRatioCoefficient("h", previous, plan, actual, direction, ensureParams(params), { ...opts, name: opts.name ?? "h" });

/**
 * p_g: implementation coefficient of one direct-result indicator of a task (seed p.24; spec §3.6.6;
 * R075, R076). pMode "changeRatio" (P1, default): as h with `params.pClamp`; "factOverPlan" (P2):
 * F / P, or P / F when a decrease is an improvement, clamped. The exclusions are those of h.
 */
export const taskP: IndicatorCoefficient = (previous, plan, actual, direction, params = DEFAULT_EVALUATION_PARAMS, opts = {}) => {
  const prm = ensureParams(params);
  if (prm.pMode !== "factOverPlan") return changeRatioCoefficient("p", previous, plan, actual, direction, prm, { ...opts, name: opts.name ?? "p" });

  const name = opts.name ?? "p";
  const { min: lo, max: hi } = prm.pClamp;
  const act = resolveActual(actual, prm);
  let inputs = indicatorInputs(previous, plan, act, direction);
  if (act.source === "operational") inputs = withNote(inputs, "operationalData");
  const children = indicatorChildren(previous, plan, act, opts.cells);
  const cell = opts.cell ?? opts.cells?.result;
  const base = { label: labelWith(LABELS.p, opts.label), ...(cell ? { cell } : {}), ...(children ? { children } : {}) };

  const reasons: Localized[] = [];
  const planReason = missingOrNaN(plan, REASONS.noPlan);
  if (planReason) reasons.push(planReason);
  if (act.value === null) reasons.push(isMissing(act.official) || isNum(act.official) ? REASONS.noActual : REASONS.notANumber);
  const d = resolveDirection(direction, previous, plan);
  if (d.invalid || (d.dir === null && !planReason)) reasons.push(REASONS.directionUnknown);
  if (reasons.length) return excludedStep(name, joinReasons(reasons), { ...base, inputs });

  const P = plan as number;
  const F = act.value as number;
  if (P <= 0) return excludedStep(name, REASONS.nonPositivePlan, { ...base, inputs });
  if (d.dir === 1) {
    const ratio = F / P;
    const value = clamp(ratio, lo, hi);
    return { value, trace: step(name, value, { ...base, inputs, formula: `${fmtOp(F)} / ${fmtOp(P)} = ${fmt(ratio)}${clampText(ratio, value, lo, hi)}` }) };
  }
  if (F < 0) return excludedStep(name, REASONS.negativeValue, { ...base, inputs });
  if (F === 0) {
    return { value: hi, trace: step(name, hi, { ...base, inputs, formula: `F = 0 (a decrease to zero) → ${fmt(hi)}` }) };
  }
  const ratio = P / F;
  const value = clamp(ratio, lo, hi);
  return { value, trace: step(name, value, { ...base, inputs, formula: `${fmtOp(P)} / ${fmtOp(F)} = ${fmt(ratio)}${clampText(ratio, value, lo, hi)}` }) };
};

// ---------------------------------------------------------------------------------------------
// Means over included items
// ---------------------------------------------------------------------------------------------

/** Mean of the non-null children; null (with `emptyReason`) when none is included. */
function meanOver(name: string, label: Localized, children: Computation[], emptyReason: Localized, extra: Partial<TraceStep> = {}): Computation {
  const values = children.filter((c) => c.value !== null).map((c) => c.value as number);
  const traces = children.map((c) => c.trace);
  const inputs: Inputs = { included: values.length, listed: children.length, ...(extra.inputs ?? {}) };
  if (!values.length) return excludedStep(name, emptyReason, { ...extra, label, inputs, children: traces });
  const m = mean(values);
  return { value: m, trace: step(name, m, { ...extra, label, inputs, formula: meanText(values, m), children: traces }) };
}

// ---------------------------------------------------------------------------------------------
// K, z, Y, X, D
// ---------------------------------------------------------------------------------------------

function indicatorFrom(x: IndicatorInput | Computation, kind: "h" | "p", name: string, params: EvaluationParams): Computation {
  if (isComputation(x)) return x;
  if (typeof x !== "object" || x === null) return excludedStep(name, REASONS.notANumber, { label: LABELS[kind] });
  const actual: ActualInput = { official: x.actual, operational: x.operational };
  const opts: IndicatorMeta = { name, label: x.label ?? x.id, cells: x.cells };
  return kind === "h"
    ? indicatorH(x.previous, x.plan, actual, x.direction, params, opts)
    : taskP(x.previous, x.plan, actual, x.direction, params, opts);
}

/**
 * K_i: target-indicator achievement of goal i = Σ h / m over the included indicators (seed p.24;
 * spec §3.6.3; R073). Excluded indicators leave both the sum and m. m = 0 → null ("K undefined").
 */
export function goalK(indicators: Array<IndicatorInput | Computation>, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  return meanOfIndicators(indicators, "K", "h", LABELS.K, REASONS.noIndicators, params, opts);
}

/**
 * z_t: implementation coefficient of one task = Σ p_g / r over the included direct-result indicators
 * (seed p.24; spec §3.6.6; R075). r = 0 → null, and the task is left out of Y.
 */
export function taskZ(results: Array<IndicatorInput | Computation>, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  return meanOfIndicators(results, "z", "p", LABELS.z, REASONS.noResults, params, opts);
}

/** K and z alike: the mean of the included indicators' h (or p); none included → null with the reason. */
function meanOfIndicators(
  items: Array<IndicatorInput | Computation>,
  symbol: "K" | "z",
  kind: "h" | "p",
  label: typeof LABELS.K,
  reason: typeof REASONS.noIndicators,
  params: EvaluationParams,
  opts: StepOptions,
): Computation {
  const prm = ensureParams(params);
  const idx = opts.index ?? "";
  const name = opts.name ?? (idx ? `${symbol}_${idx}` : symbol);
  const list = Array.isArray(items) ? items : [];
  const children = list.map((x, n) => indicatorFrom(x, kind, idx ? `${kind}_${idx}.${n + 1}` : `${kind}_${n + 1}`, prm));
  return meanOver(name, labelWith(label, opts.label), children, reason, opts.cell ? { cell: opts.cell } : {});
}

/**
 * Y_i: task implementation of goal i = Σ z_t / T over the tasks with a computable z (seed p.24;
 * spec §3.6.6; R075). T = 0 → null ("Y undefined").
 */
export function goalY(tasks: Array<TaskInput | Computation>, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  const prm = ensureParams(params);
  const idx = opts.index ?? "";
  const name = opts.name ?? (idx ? `Y_${idx}` : "Y");
  const list = Array.isArray(tasks) ? tasks : [];
  const children = list.map((t, k) => {
    if (isComputation(t)) return t;
    const tIdx = idx ? `${idx}.${k + 1}` : `${k + 1}`;
    if (typeof t !== "object" || t === null) return excludedStep(`z_${tIdx}`, REASONS.noResults, { label: LABELS.z });
    return taskZ(t.results, prm, { index: tIdx, label: t.label ?? t.id });
  });
  return meanOver(name, labelWith(LABELS.Y, opts.label), children, REASONS.noTasks, opts.cell ? { cell: opts.cell } : {});
}

function asComputation(x: Computation | Num, name: string, label: Localized, missing: Localized): Computation {
  if (isComputation(x)) return x;
  if (isNum(x)) return { value: x, trace: step(name, x, { label }) };
  return excludedStep(name, isMissing(x) ? missing : REASONS.notANumber, { label });
}

/**
 * X_i = K_i × Y_i (seed p.24, the one formula that survived as text: «Хi = Ki х Yi»; R072).
 * When one factor is undefined (spec §3.6.7): K missing → X = Y (goalWithoutIndicators "useY") or
 * the goal is left out; Y missing → X = K ("useK") or left out; both missing → left out of D.
 */
export function goalX(K: Computation | Num, Y: Computation | Num, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  const prm = ensureParams(params);
  const idx = opts.index ?? "";
  const name = opts.name ?? (idx ? `X_${idx}` : "X");
  const k = asComputation(K, idx ? `K_${idx}` : "K", LABELS.K, REASONS.noIndicators);
  const y = asComputation(Y, idx ? `Y_${idx}` : "Y", LABELS.Y, REASONS.noTasks);
  const label = labelWith(LABELS.X, opts.label);
  const base = { label, children: [k.trace, y.trace], ...(opts.cell ? { cell: opts.cell } : {}) };
  const inputs: Inputs = { K: k.value, Y: y.value };
  if (k.value !== null && y.value !== null) {
    const value = k.value * y.value;
    return { value, trace: step(name, value, { ...base, inputs, formula: `${fmtOp(k.value)} * ${fmtOp(y.value)} = ${fmt(value)}` }) };
  }
  if (k.value === null && y.value === null) return excludedStep(name, REASONS.noGoalData, { ...base, inputs });
  if (k.value === null) {
    if (prm.goalWithoutIndicators === "exclude") return excludedStep(name, REASONS.goalExcludedNoK, { ...base, inputs });
    const value = y.value as number;
    return { value, trace: step(name, value, { ...base, inputs: withNote(inputs, "xFromY"), formula: `K undefined → X = Y = ${fmt(value)}` }) };
  }
  if (prm.goalWithoutTasks === "exclude") return excludedStep(name, REASONS.goalExcludedNoY, { ...base, inputs });
  const value = k.value;
  return { value, trace: step(name, value, { ...base, inputs: withNote(inputs, "xFromK"), formula: `Y undefined → X = K = ${fmt(value)}` }) };
}

/** X_i of one goal from its target indicators and tasks: goalX(goalK(…), goalY(…)). */
export function goalCoefficient(goal: GoalInput, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  const prm = ensureParams(params);
  const idx = opts.index ?? "1";
  const g = typeof goal === "object" && goal !== null ? goal : ({ indicators: [], tasks: [] } as GoalInput);
  const K = goalK(g.indicators, prm, { index: idx });
  const Y = goalY(g.tasks, prm, { index: idx });
  return goalX(K, Y, prm, { ...opts, index: idx, label: opts.label ?? g.label ?? g.id });
}

/**
 * D = Σ X_i / n over the goals with a computable X_i (seed p.24; spec §3.6.1; R072). No goal at all →
 * D = 0 with a review note (emptyGoals "zero", spec §3.6.7) or null.
 */
export function coefficientD(goals: Array<GoalInput | Computation>, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  const prm = ensureParams(params);
  const name = opts.name ?? "D";
  const list = Array.isArray(goals) ? goals : [];
  const children = list.map((g, i) => (isComputation(g) ? g : goalCoefficient(g, prm, { index: `${i + 1}` })));
  const res = meanOver(name, LABELS.D, children, REASONS.noGoals, opts.cell ? { cell: opts.cell } : {});
  if (res.value === null && prm.emptyGoals === "zero") {
    return zeroWhenEmpty(res, "n = 0 → D = 0", "emptyGoalsZero");
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// b, B, R, C
// ---------------------------------------------------------------------------------------------

function scoreReason(q: unknown, params: EvaluationParams): Localized | null {
  if (isMissing(q)) return REASONS.missingScore;
  if (!isNum(q)) return REASONS.notANumber;
  if (!params.allowedScores.includes(q)) return REASONS.invalidScore;
  return null;
}

/**
 * b: score of one sphere/direction from the two expert parameters q1, q2 ∈ {1, 0.5, 0}
 * (seed p.20, p.21; spec §3.4; R067, R068). mean: (q1 + q2)/2 (default); product: q1·q2.
 * A missing or inadmissible score → null with the reason.
 */
export function sphereScore(q1: Num, q2: Num, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions & { cells?: SphereInput["cells"] } = {}): Computation {
  const prm = ensureParams(params);
  const name = opts.name ?? (opts.index ? `b_${opts.index}` : "b");
  const inputs: Inputs = { q1: raw(q1), q2: raw(q2) };
  const cell = opts.cell ?? opts.cells?.result;
  const kids: TraceStep[] = [];
  if (opts.cells?.q1) kids.push(leafStep("q1", q1, LABELS.b, opts.cells.q1));
  if (opts.cells?.q2) kids.push(leafStep("q2", q2, LABELS.b, opts.cells.q2));
  const base = { label: labelWith(LABELS.b, opts.label), inputs, ...(cell ? { cell } : {}), ...(kids.length ? { children: kids } : {}) };
  const reasons = [scoreReason(q1, prm), scoreReason(q2, prm)]
    .map((r, i) => (r ? { kk: `q${i + 1}: ${r.kk}`, ru: `q${i + 1}: ${r.ru}`, en: `q${i + 1}: ${r.en}` } : null))
    .filter((r): r is Localized => r !== null);
  if (reasons.length) return excludedStep(name, joinReasons(reasons), base);
  const a = q1 as number;
  const c = q2 as number;
  if (prm.sphereCombine === "product") {
    const value = a * c;
    return { value, trace: step(name, value, { ...base, formula: `${fmt(a)} * ${fmt(c)} = ${fmt(value)}` }) };
  }
  const value = (a + c) / 2;
  return { value, trace: step(name, value, { ...base, formula: `(${fmt(a)} + ${fmt(c)}) / 2 = ${fmt(value)}` }) };
}

/** b_j of a sphere: its own score, or the mean of its directions' scores when it has directions (seed p.19). */
export function sphereCoefficient(sphere: SphereInput, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  const prm = ensureParams(params);
  const idx = opts.index ?? "";
  const name = opts.name ?? (idx ? `b_${idx}` : "b");
  if (typeof sphere !== "object" || sphere === null) return excludedStep(name, REASONS.missingScore, { label: LABELS.b });
  const label = opts.label ?? sphere.label ?? sphere.id;
  const dirs = Array.isArray(sphere.directions) ? sphere.directions : [];
  if (!dirs.length) return sphereScore(sphere.q1, sphere.q2, prm, { name, label, cells: sphere.cells, cell: opts.cell });
  const children = dirs.map((d, k) =>
    sphereScore(d?.q1, d?.q2, prm, { name: idx ? `b_${idx}.${k + 1}` : `b_${k + 1}`, label: d?.label ?? d?.id, cells: d?.cells }),
  );
  const cell = opts.cell ?? sphere.cells?.result;
  return meanOver(name, labelWith(LABELS.b, label), children, REASONS.noSpheres, cell ? { cell } : {});
}

/**
 * B: quality and completeness coefficient (seed p.19; spec §3.3; R068). twoLevel (default):
 * B = Σ b_j / n over the spheres, a sphere with directions scoring the mean of its directions;
 * flat: mean over all leaves. Spheres with no valid score are left out. None → null (emptySpheres
 * "null", default) or 0 with a review note.
 */
export function coefficientB(spheres: Array<SphereInput | Computation>, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  const prm = ensureParams(params);
  const name = opts.name ?? "B";
  const list = Array.isArray(spheres) ? spheres : [];
  const children = list.map((s, j) => (isComputation(s) ? s : sphereCoefficient(s, prm, { index: `${j + 1}` })));
  const extra: Partial<TraceStep> = { ...(opts.cell ? { cell: opts.cell } : {}), inputs: { averaging: prm.bAveraging } };
  let res: Computation;
  if (prm.bAveraging === "flat") {
    // Leaves: the directions of a sphere that has them, else the sphere itself.
    const leaves: number[] = [];
    children.forEach((c, j) => {
      const s = list[j];
      const hasDirs = !isComputation(s) && typeof s === "object" && s !== null && Array.isArray(s.directions) && s.directions.length > 0;
      if (hasDirs) {
        for (const k of c.trace.children ?? []) if (k.value !== null && !k.excluded) leaves.push(k.value);
      } else if (c.value !== null) {
        leaves.push(c.value);
      }
    });
    const traces = children.map((c) => c.trace);
    if (!leaves.length) res = excludedStep(name, REASONS.noSpheres, { ...extra, label: LABELS.B, children: traces });
    else {
      const m = mean(leaves);
      res = { value: m, trace: step(name, m, { ...extra, label: LABELS.B, inputs: { ...extra.inputs, included: leaves.length, listed: children.length }, formula: meanText(leaves, m), children: traces }) };
    }
  } else {
    res = meanOver(name, LABELS.B, children, REASONS.noSpheres, extra);
  }
  if (res.value === null && prm.emptySpheres === "zero") {
    return zeroWhenEmpty(res, "n = 0 → B = 0", "emptySpheresZero");
  }
  return res;
}

/**
 * C: risk management = Σ R_j / k over the risks with an admissible R_j ∈ {1, 0.5, 0} (seed p.22;
 * spec §3.5; R070). Central bodies only. k = 0 → C = 0 with a review note (emptyRisks "zero",
 * spec §3.5, R070) or null. An inadmissible R_j is left out with the reason.
 */
export function coefficientC(risks: Array<Num | RiskInput | Computation>, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  const prm = ensureParams(params);
  const name = opts.name ?? "C";
  const list = Array.isArray(risks) ? risks : [];
  const children = list.map((r, j): Computation => {
    if (isComputation(r)) return r;
    const rName = `R_${j + 1}`;
    const obj = typeof r === "object" && r !== null ? (r as RiskInput) : null;
    const v = obj ? obj.R : r;
    const label = labelWith(LABELS.R, obj ? obj.label ?? obj.id : undefined);
    const extra = { label, inputs: { R: raw(v) }, ...(obj?.cell ? { cell: obj.cell } : {}) };
    const reason = scoreReason(v, prm);
    if (reason) return excludedStep(rName, reason, extra);
    return { value: v as number, trace: step(rName, v as number, extra) };
  });
  const res = meanOver(name, LABELS.C, children, REASONS.noRisks, opts.cell ? { cell: opts.cell } : {});
  if (res.value === null && prm.emptyRisks === "zero") {
    return zeroWhenEmpty(res, "k = 0 → C = 0", "emptyRisksZero");
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// S, E
// ---------------------------------------------------------------------------------------------

/**
 * S_i: index of one Annex 4 indicator (seed p.26; spec §3.7; R077). Increase is an improvement:
 * S = SR/SB; decrease is an improvement ("negative dynamics"): S = SB/SR (sNegativeDynamics
 * "inverse"); then S = min(sCap, S) (the cap on the inverse per sCapInverse). Negative values are
 * excluded; a zero denominator gives S = 1 (sZeroDenominator "one") or is excluded.
 */
export function indexS(
  previous: Num,
  current: Num,
  direction: Direction | null | undefined,
  params: EvaluationParams = DEFAULT_EVALUATION_PARAMS,
  opts: StepOptions & { cells?: IndexInput["cells"] } = {},
): Computation {
  const prm = ensureParams(params);
  const name = opts.name ?? (opts.index ? `S_${opts.index}` : "S");
  const inputs: Inputs = { previous: raw(previous), current: raw(current), direction: raw(direction) };
  const kids: TraceStep[] = [];
  if (opts.cells?.previous) kids.push(leafStep("SB", previous, LABELS.previous, opts.cells.previous));
  if (opts.cells?.current) kids.push(leafStep("SR", current, LABELS.current, opts.cells.current));
  const cell = opts.cell ?? opts.cells?.result;
  const base = { label: labelWith(LABELS.S, opts.label), inputs, ...(cell ? { cell } : {}), ...(kids.length ? { children: kids } : {}) };

  const reasons: Localized[] = [];
  const pr = missingOrNaN(previous, REASONS.noPrevious);
  if (pr) reasons.push(pr);
  const cr = missingOrNaN(current, REASONS.noActual);
  if (cr) reasons.push(cr);
  if (direction !== 1 && direction !== -1) reasons.push(REASONS.directionUnknown);
  if (reasons.length) return excludedStep(name, joinReasons(reasons), base);
  const SB = previous as number;
  const SR = current as number;
  if (SB < 0 || SR < 0) return excludedStep(name, REASONS.negativeValue, base);

  const inverse = direction === -1 && prm.sNegativeDynamics === "inverse";
  const num = inverse ? SB : SR;
  const den = inverse ? SR : SB;
  if (den === 0) {
    if (prm.sZeroDenominator === "exclude") return excludedStep(name, REASONS.zeroDenominator, { ...base, formula: `${fmt(num)} / 0` });
    return { value: 1, trace: step(name, 1, { ...base, inputs: withNote(inputs, "sZeroDenominator"), formula: `${fmt(num)} / 0 → 1` }) };
  }
  const ratio = num / den;
  const capped = prm.sCap !== null && isNum(prm.sCap) && (!inverse || prm.sCapInverse);
  const value = capped ? Math.min(prm.sCap as number, ratio) : ratio;
  const formula = capped
    ? `min(${fmt(prm.sCap as number)}, ${fmtOp(num)} / ${fmtOp(den)}) = ${fmt(value)}`
    : `${fmtOp(num)} / ${fmtOp(den)} = ${fmt(value)}`;
  return { value, trace: step(name, value, { ...base, formula }) };
}

/**
 * E: performance coefficient of a local executive body = geometric mean of the indices,
 * (Π S_i)^(1/n), n = number of computable indices (seed p.25 «индекстердің орташа геометриялық
 * көрсеткіші», p.26; spec §3.7; R078). A row without a direction takes
 * `params.eIndicatorDirections[i]`. No computable index → null (emptyIndices "null") or 1.
 */
export function coefficientE(indices: Array<IndexInput | Computation>, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  const prm = ensureParams(params);
  const name = opts.name ?? "E";
  const list = Array.isArray(indices) ? indices : [];
  const children = list.map((x, i): Computation => {
    if (isComputation(x)) return x;
    if (typeof x !== "object" || x === null) return excludedStep(`S_${i + 1}`, REASONS.noActual, { label: LABELS.S });
    const dir = x.direction === 1 || x.direction === -1 ? x.direction : x.direction === undefined || x.direction === null ? prm.eIndicatorDirections[i] ?? null : (x.direction as Direction);
    return indexS(x.previous, x.current, dir, prm, { index: `${i + 1}`, label: x.label ?? x.id, cells: x.cells });
  });
  const values = children.filter((c) => c.value !== null).map((c) => c.value as number);
  const traces = children.map((c) => c.trace);
  const extra = { label: LABELS.E, ...(opts.cell ? { cell: opts.cell } : {}) };
  const inputs: Inputs = { included: values.length, listed: children.length };
  if (!values.length) {
    if (prm.emptyIndices === "one") {
      return { value: 1, trace: step(name, 1, { ...extra, inputs: withNote(inputs, "emptyIndicesOne"), formula: "n = 0 → E = 1", children: traces }) };
    }
    return excludedStep(name, REASONS.noIndices, { ...extra, inputs, children: traces });
  }
  let product = 1;
  for (const v of values) product *= v;
  const value = Math.pow(product, 1 / values.length);
  const formula = `(${values.map(fmtOp).join(" * ")})^(1/${values.length}) = ${fmt(product)}^(1/${values.length}) = ${fmt(value)}`;
  return { value, trace: step(name, value, { ...extra, inputs, formula, children: traces }) };
}

// ---------------------------------------------------------------------------------------------
// W
// ---------------------------------------------------------------------------------------------

function truthy(x: unknown): boolean {
  return x === true || x === 1;
}

/**
 * W: deducted points (seed chapter 8, p.38–43; spec §3.8; R060–R064):
 * W_late = 1.5 if late; W_incomp = 2 if incomplete (once); W_unrel = min(0.2·f, 5) if f ≥ 3 else 0;
 * W = W_late + W_incomp + W_unrel ∈ [0, 8.5]. Alternatives by parameter: charge from the first fact,
 * cap on the total. An invalid fact count → W null with the reason.
 */
export function penaltiesW(inputs: PenaltyInput, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, opts: StepOptions = {}): Computation {
  const prm = ensureParams(params);
  const name = opts.name ?? "W";
  const inp = typeof inputs === "object" && inputs !== null ? inputs : {};
  const late = truthy(inp.late);
  const missingEl = inp.missingElements;
  const incomplete = inp.incomplete === null || inp.incomplete === undefined ? isNum(missingEl) && missingEl >= 1 : truthy(inp.incomplete);
  const fRaw = inp.unreliableFacts;
  const f = isMissing(fRaw) ? 0 : fRaw;

  const wLate = late ? prm.lateDeduction : 0;
  const wInc = incomplete ? prm.incompleteDeduction : 0;
  const lateStep = step("W_late", wLate, { label: LABELS.W_late, inputs: { late: raw(inp.late) }, formula: late ? `late → ${fmt(prm.lateDeduction)}` : "on time → 0" });
  const incStep = step("W_incomplete", wInc, {
    label: LABELS.W_incomplete,
    inputs: { incomplete: raw(inp.incomplete), missingElements: raw(missingEl) },
    formula: incomplete ? `incomplete → ${fmt(prm.incompleteDeduction)}` : "complete → 0",
  });
  const base = { label: LABELS.W, ...(opts.cell ? { cell: opts.cell } : {}) };

  if (!isNum(f) || f < 0 || !Number.isInteger(f)) {
    const bad = excludedStep("W_unreliable", REASONS.invalidFacts, { label: LABELS.W_unreliable, inputs: { facts: raw(fRaw) } });
    return excludedStep(name, REASONS.invalidFacts, { ...base, children: [lateStep, incStep, bad.trace] });
  }
  const charged = f >= prm.unreliableThreshold || prm.unreliableChargeBelowThreshold;
  const rawUnrel = charged ? prm.unreliablePerFact * f : 0;
  const unrelInputs: Inputs = { facts: f, threshold: prm.unreliableThreshold, perFact: prm.unreliablePerFact, cap: prm.unreliableCap, unreliable: f >= prm.unreliableThreshold };
  let W: number;
  let wUnrel: number;
  let unrelFormula: string;
  let formula: string;
  if (prm.unreliableCapScope === "total") {
    wUnrel = rawUnrel;
    unrelFormula = charged ? `${fmt(prm.unreliablePerFact)} * ${f} = ${fmt(wUnrel)}` : `${f} < ${prm.unreliableThreshold} → 0`;
    const sum = wLate + wInc + wUnrel;
    W = Math.min(prm.unreliableCap, sum);
    formula = `min(${fmt(prm.unreliableCap)}, ${fmt(wLate)} + ${fmt(wInc)} + ${fmt(wUnrel)}) = ${fmt(W)}`;
  } else {
    wUnrel = Math.min(rawUnrel, prm.unreliableCap);
    unrelFormula = charged ? `min(${fmt(prm.unreliablePerFact)} * ${f}, ${fmt(prm.unreliableCap)}) = ${fmt(wUnrel)}` : `${f} < ${prm.unreliableThreshold} → 0`;
    W = wLate + wInc + wUnrel;
    formula = `${fmt(wLate)} + ${fmt(wInc)} + ${fmt(wUnrel)} = ${fmt(W)}`;
  }
  const unrelStep = step("W_unreliable", wUnrel, { label: LABELS.W_unreliable, inputs: unrelInputs, formula: unrelFormula });
  return { value: W, trace: step(name, W, { ...base, inputs: { late, incomplete, facts: f }, formula, children: [lateStep, incStep, unrelStep] }) };
}

// ---------------------------------------------------------------------------------------------
// A
// ---------------------------------------------------------------------------------------------

function finishScore(name: string, net: number, grossText: string, W: number, prm: EvaluationParams, children: TraceStep[], inputs: Inputs): Computation {
  const dedFactor = prm.scale / 100;
  const wText = dedFactor === 1 ? fmtOp(W) : `${fmtOp(W)} * ${fmt(dedFactor)}`;
  let value = net;
  let text = `${grossText} - ${wText}`;
  let ins = inputs;
  if (prm.floor !== null && isNum(prm.floor)) {
    text = `max(${fmt(prm.floor)}, ${text})`;
    if (net < prm.floor) ins = withNote(ins, "floorApplied");
    value = Math.max(prm.floor, net);
  }
  if (prm.roundScore) {
    text = `round(${text}, ${prm.displayDecimals})`;
    value = roundHalfAway(value, prm.displayDecimals);
  }
  if (value === 0) value = 0; // no -0
  return { value, trace: step(name, value, { label: LABELS.A, inputs: ins, formula: `${text} = ${fmt(value)}`, children }) };
}

function missingParts(parts: Array<[string, Computation]>): Computation | null {
  const missing = parts.filter(([, c]) => c.value === null).map(([n]) => n);
  if (!missing.length) return null;
  const r = REASONS.missingComponent;
  const reason = { kk: `${r.kk}: ${missing.join(", ")}`, ru: `${r.ru}: ${missing.join(", ")}`, en: `${r.en}: ${missing.join(", ")}` };
  return excludedStep("A", reason, { label: LABELS.A, children: parts.map(([, c]) => c.trace) });
}

/** A component of the overall score A: computed, or given as a number (null: missing). */
type Component = Computation | Num;

/** The components of A as computations, in the order given (a bare number becomes a step; a missing one is excluded). */
function components(parts: Partial<Record<"B" | "C" | "D" | "E" | "W", Component>>): Computation[] {
  return Object.entries(parts).map(([k, x]) => asComputation(x as Component, k, LABELS[k as "B"], REASONS.missingComponent));
}

/** An empty set taken as 0 by policy instead of excluded, with the policy's review note. */
function zeroWhenEmpty(res: Computation, formula: string, note: NoteCode): Computation {
  const { excluded: _drop, ...rest } = res.trace;
  void _drop;
  return { value: 0, trace: { ...rest, value: 0, formula, inputs: withNote(rest.inputs ?? {}, note) } };
}

/**
 * A for a central state body (seed p.16; spec §3.1; R081):
 * A = max(floor, scale·(0.1·B + 0.1·C + 0.8·D) − W·scale/100). Any missing component → null.
 */
export function overallScoreCentral(B: Component, C: Component, D: Component, W: Component, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): Computation {
  const prm = ensureParams(params);
  const [b, c, d, w] = components({ B, C, D, W });
  const miss = missingParts([["B", b], ["C", c], ["D", d], ["W", w]]);
  if (miss) return miss;
  const { B: wB, C: wC, D: wD } = prm.weightsCentral;
  const [vB, vC, vD, vW] = [b.value, c.value, d.value, w.value] as number[];
  const weighted = wB * vB + wC * vC + wD * vD;
  const gross = prm.scale * weighted;
  const net = gross - (vW * prm.scale) / 100;
  const grossText = `${fmt(prm.scale)} * (${fmt(wB)} * ${fmtOp(vB)} + ${fmt(wC)} * ${fmtOp(vC)} + ${fmt(wD)} * ${fmtOp(vD)})`;
  return finishScore("A", net, grossText, vW, prm, [b.trace, c.trace, d.trace, w.trace], { bodyType: "central", gross, deduction: (vW * prm.scale) / 100 });
}

/**
 * A for a local executive body (seed p.17; spec §3.2; R082). eMode "whole" (E1, default):
 * A = max(floor, scale·(0.2·B + 0.8·D)·E − W·scale/100); "dOnly" (E2): scale·(0.2·B + 0.8·D·E) − …;
 * "ignore": E is not in A. Any missing component (E included unless ignored) → null.
 */
export function overallScoreLocal(B: Component, D: Component, E: Component, W: Component, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): Computation {
  const prm = ensureParams(params);
  const [b, d, e, w] = components({ B, D, E, W });
  const parts: Array<[string, Computation]> = prm.eMode === "ignore" ? [["B", b], ["D", d], ["W", w]] : [["B", b], ["D", d], ["E", e], ["W", w]];
  const miss = missingParts(parts);
  if (miss) return { value: null, trace: { ...miss.trace, children: [b.trace, d.trace, e.trace, w.trace] } };
  const { B: wB, D: wD } = prm.weightsLocal;
  const vB = b.value as number;
  const vD = d.value as number;
  const vW = w.value as number;
  const s = fmt(prm.scale);
  let gross: number;
  let grossText: string;
  if (prm.eMode === "ignore") {
    gross = prm.scale * (wB * vB + wD * vD);
    grossText = `${s} * (${fmt(wB)} * ${fmtOp(vB)} + ${fmt(wD)} * ${fmtOp(vD)})`;
  } else if (prm.eMode === "dOnly") {
    const vE = e.value as number;
    gross = prm.scale * (wB * vB + wD * vD * vE);
    grossText = `${s} * (${fmt(wB)} * ${fmtOp(vB)} + ${fmt(wD)} * ${fmtOp(vD)} * ${fmtOp(vE)})`;
  } else {
    const vE = e.value as number;
    gross = prm.scale * (wB * vB + wD * vD) * vE;
    grossText = `${s} * (${fmt(wB)} * ${fmtOp(vB)} + ${fmt(wD)} * ${fmtOp(vD)}) * ${fmtOp(vE)}`;
  }
  const net = gross - (vW * prm.scale) / 100;
  return finishScore("A", net, grossText, vW, prm, [b.trace, d.trace, e.trace, w.trace], { bodyType: "local", eMode: prm.eMode, gross, deduction: (vW * prm.scale) / 100 });
}
