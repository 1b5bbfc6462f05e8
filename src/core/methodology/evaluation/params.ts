/**
 * Parameters of the 2012 effectiveness-evaluation methodology (seed 002) as data.
 *
 * The values live in `rules/methodology/evaluation.params.json` (bundled with the core through
 * `resolveJsonModule`; no file system access). Each key there carries its default, the admissible
 * values, the spec's status tag and a `doc` citing the spec section and the seed paragraph.
 */
import paramsJson from "../../../../rules/methodology/evaluation.params.json";

/** Desired direction of an indicator: +1 an increase is an improvement, −1 a decrease is. */
export type Direction = 1 | -1;

export interface EvaluationParams {
  /** 100: A in points out of 100 (W in points); 1: A on [0, 1] (W divided by 100). */
  scale: number;
  weightsCentral: { B: number; C: number; D: number };
  weightsLocal: { B: number; D: number };
  /** whole: A = s·(wB·B + wD·D)·E − W; dOnly: A = s·(wB·B + wD·D·E) − W; ignore: E not in A. */
  eMode: "whole" | "dOnly" | "ignore";
  /** b = (q1 + q2)/2 or q1·q2. */
  sphereCombine: "mean" | "product";
  /** B = mean over spheres of (mean over directions), or mean over all leaves. */
  bAveraging: "twoLevel" | "flat";
  /** Admissible expert scores of q1, q2 and R_j. */
  allowedScores: number[];
  /** p_g as the ratio of changes (like h) or as fact ÷ plan. */
  pMode: "changeRatio" | "factOverPlan";
  hClamp: { min: number; max: number };
  pClamp: { min: number; max: number };
  zeroPlannedChange: "attainment" | "exclude";
  deterioratingPlan: "attainment" | "raw";
  useOperationalData: boolean;
  sNegativeDynamics: "inverse" | "direct";
  sCap: number | null;
  sCapInverse: boolean;
  sZeroDenominator: "one" | "exclude";
  /** Directions of the six Annex 4 indicators, in Annex 4 order. */
  eIndicatorDirections: Direction[];
  lateDeduction: number;
  incompleteDeduction: number;
  unreliableThreshold: number;
  unreliablePerFact: number;
  unreliableChargeBelowThreshold: boolean;
  unreliableCap: number;
  unreliableCapScope: "unreliable" | "total";
  floor: number | null;
  displayDecimals: number;
  roundScore: boolean;
  emptySpheres: "null" | "zero";
  emptyRisks: "zero" | "null";
  goalWithoutIndicators: "useY" | "exclude";
  goalWithoutTasks: "useK" | "exclude";
  emptyGoals: "zero" | "null";
  emptyIndices: "null" | "one";
}

export type EvaluationParamKey = keyof EvaluationParams;

/** Documentation of one parameter, as stored in the JSON file. */
export interface EvaluationParamDoc {
  default: unknown;
  allowed?: unknown[];
  status?: string;
  doc: string;
}

interface ParamsFile {
  version: number;
  source: string;
  params: Record<string, EvaluationParamDoc>;
}

const FILE = paramsJson as unknown as ParamsFile;

const KEYS: readonly EvaluationParamKey[] = [
  "scale", "weightsCentral", "weightsLocal", "eMode", "sphereCombine", "bAveraging", "allowedScores",
  "pMode", "hClamp", "pClamp", "zeroPlannedChange", "deterioratingPlan", "useOperationalData",
  "sNegativeDynamics", "sCap", "sCapInverse", "sZeroDenominator", "eIndicatorDirections",
  "lateDeduction", "incompleteDeduction", "unreliableThreshold", "unreliablePerFact",
  "unreliableChargeBelowThreshold", "unreliableCap", "unreliableCapScope", "floor", "displayDecimals",
  "roundScore", "emptySpheres", "emptyRisks", "goalWithoutIndicators", "goalWithoutTasks", "emptyGoals",
  "emptyIndices",
];

/** Every parameter key with its `doc`, `allowed` values and status, straight from the JSON file. */
export const EVALUATION_PARAM_DOCS: Readonly<Record<EvaluationParamKey, EvaluationParamDoc>> = (() => {
  const out = {} as Record<EvaluationParamKey, EvaluationParamDoc>;
  for (const k of KEYS) {
    const entry = FILE.params[k];
    // A missing key is a packaging error of bundled data, not bad user data: fail loudly at load.
    if (!entry) throw new Error(`evaluation.params.json: missing parameter "${k}"`);
    out[k] = entry;
  }
  return out;
})();

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** The defaults of `rules/methodology/evaluation.params.json`. Frozen; derive variants with `withEvaluationParams`. */
export const DEFAULT_EVALUATION_PARAMS: Readonly<EvaluationParams> = Object.freeze(
  Object.fromEntries(KEYS.map((k) => [k, clone(EVALUATION_PARAM_DOCS[k].default)])) as unknown as EvaluationParams,
);

/**
 * Defaults with some parameters replaced. Object-valued parameters (weights, clamps) are merged
 * one level deep, so `{ weightsCentral: { D: 0.7 } }` keeps B and C.
 */
export function withEvaluationParams(
  overrides: { [K in EvaluationParamKey]?: EvaluationParams[K] extends object ? (EvaluationParams[K] extends unknown[] ? EvaluationParams[K] : Partial<EvaluationParams[K]>) : EvaluationParams[K] },
  base: Readonly<EvaluationParams> = DEFAULT_EVALUATION_PARAMS,
): EvaluationParams {
  const out = clone(base) as EvaluationParams;
  for (const k of Object.keys(overrides) as EvaluationParamKey[]) {
    const v = overrides[k];
    if (v === undefined) continue;
    const cur = out[k];
    if (v !== null && typeof v === "object" && !Array.isArray(v) && cur !== null && typeof cur === "object" && !Array.isArray(cur)) {
      (out as unknown as Record<string, unknown>)[k] = { ...(cur as object), ...(v as object) };
    } else {
      (out as unknown as Record<string, unknown>)[k] = clone(v);
    }
  }
  return out;
}
