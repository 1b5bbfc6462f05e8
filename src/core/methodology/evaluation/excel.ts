/**
 * Excel formula generators for the 002 methodology, parameterised by the same `EvaluationParams` as
 * the TypeScript functions in compute.ts.
 *
 * Conventions
 *  - Every generator returns en-US formula text ("," separators, "." decimals) WITHOUT the leading
 *    "=": that is what ExcelJS's `{ formula }` takes; Office.js `range.formulas` and a typed cell need
 *    "=" in front (`asCellFormula`).
 *  - Arguments are references as the caller wants them written: "C5", "$C$5", "'Д'!C5", a defined
 *    name, or a range "H5:H12" for the aggregates.
 *  - Only functions that Excel and LibreOffice 7.4 both evaluate are emitted: IF, AND, OR, MIN, MAX,
 *    ROUND, SUMPRODUCT, COUNT, AVERAGE, PRODUCT, POWER, ISNUMBER (no NOT, IFS, LET, XLOOKUP, LAMBDA).
 *  - For valid inputs a formula evaluates exactly as its TS counterpart; where the TS function returns
 *    null (excluded), the formula returns "" (empty text), never #DIV/0!. Aggregates (AVERAGE, COUNT,
 *    PRODUCT) skip "" cells, exactly as the TS means skip excluded items.
 *  - Differences on *invalid* inputs: an Excel direction cell must hold 1 or -1 (the TS functions
 *    can infer a missing direction from the plan's sign); a text fact count gives 0 points in Excel
 *    and W = null in TS.
 */
import { DEFAULT_EVALUATION_PARAMS, type EvaluationParams } from "./params";
import { xlNum } from "./format";

/** Prefix "=" for Office.js `range.formulas` or a cell typed by hand. */
export function asCellFormula(formula: string): string {
  return formula.startsWith("=") ? formula : `=${formula}`;
}

const n = xlNum;

/** F: the official value, or the operational one when the official cell is not a number (seed p.24). */
function actualExpr(actualRef: string, operationalRef: string | undefined, params: EvaluationParams): string {
  if (!operationalRef || !params.useOperationalData) return actualRef;
  return `IF(ISNUMBER(${actualRef}),${actualRef},${operationalRef})`;
}

function validScore(ref: string, params: EvaluationParams): string {
  const opts = params.allowedScores.map((v) => `${ref}=${n(v)}`);
  return opts.length === 1 ? opts[0] : `OR(${opts.join(",")})`;
}

function clampExpr(expr: string, lo: number, hi: number): string {
  return `MAX(${n(lo)},MIN(${n(hi)},${expr}))`;
}

/** Ratio of changes shared by h and p (P1), with the zero-change and deteriorating-plan policies. */
function changeRatioFormula(prev: string, plan: string, actual: string, dir: string, lo: number, hi: number, params: EvaluationParams, operational?: string): string {
  const F = actualExpr(actual, operational, params);
  const attain = `IF(${dir}*(${F}-${plan})>=0,${n(hi)},${n(lo)})`;
  const zero = params.zeroPlannedChange === "exclude" ? '""' : attain;
  const ratio = clampExpr(`(${F}-${prev})/(${plan}-${prev})`, lo, hi);
  const body = params.deterioratingPlan === "attainment" ? `IF(${dir}*(${plan}-${prev})<0,${attain},${ratio})` : ratio;
  return `IF(AND(ISNUMBER(${plan}),ISNUMBER(${F}),ISNUMBER(${prev}),OR(${dir}=1,${dir}=-1)),IF(${plan}=${prev},${zero},${body}),"")`;
}

function countGuard(range: string, formula: string, empty: string): string {
  return `IF(COUNT(${range})=0,${empty},${formula})`;
}

function scoreWrap(expr: string, parts: string[], params: EvaluationParams): string {
  let body = expr;
  if (params.floor !== null && Number.isFinite(params.floor)) body = `MAX(${n(params.floor)},${body})`;
  if (params.roundScore) body = `ROUND(${body},${Math.trunc(params.displayDecimals)})`;
  return `IF(AND(${parts.map((p) => `ISNUMBER(${p})`).join(",")}),${body},"")`;
}

function deduction(wRef: string, params: EvaluationParams): string {
  const f = params.scale / 100;
  return f === 1 ? wRef : `${wRef}*${n(f)}`;
}

export const excelFormulas = {
  /** b of one sphere/direction from q1, q2 (seed p.20–21): (q1+q2)/2 or q1*q2; "" unless both are admissible. */
  b(q1Ref: string, q2Ref: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    const combine = params.sphereCombine === "product" ? `${q1Ref}*${q2Ref}` : `(${q1Ref}+${q2Ref})/2`;
    return `IF(AND(ISNUMBER(${q1Ref}),ISNUMBER(${q2Ref}),${validScore(q1Ref, params)},${validScore(q2Ref, params)}),${combine},"")`;
  },

  /** b_j of a sphere with directions: the mean of the directions' b (seed p.19). */
  sphereFromDirections(directionsRange: string): string {
    return countGuard(directionsRange, `AVERAGE(${directionsRange})`, '""');
  },

  /**
   * B (seed p.19): twoLevel → mean of the sphere scores `ranges.spheres`; flat → mean of the leaf
   * scores `ranges.leaves` (directions, and spheres without directions).
   */
  B(ranges: { spheres?: string; leaves?: string }, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    const range = params.bAveraging === "flat" ? ranges.leaves ?? ranges.spheres ?? "" : ranges.spheres ?? ranges.leaves ?? "";
    return countGuard(range, `AVERAGE(${range})`, params.emptySpheres === "zero" ? "0" : '""');
  },

  /** C = Σ R_j / k over the admissible R_j (seed p.22); inadmissible or blank cells are skipped. */
  C(risksRange: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    const r = risksRange;
    const scores = params.allowedScores;
    const count = `SUMPRODUCT(ISNUMBER(${r})*(${scores.map((v) => `(${r}=${n(v)})`).join("+")}))`;
    const sum = `SUMPRODUCT(ISNUMBER(${r})*(${scores.map((v) => `(${r}=${n(v)})*${n(v)}`).join("+")}))`;
    return `IF(${count}=0,${params.emptyRisks === "zero" ? "0" : '""'},${sum}/${count})`;
  },

  /**
   * h of one target indicator (seed p.24): "" when the plan, the actual (official, else operational
   * when `operationalRef` is given) or the previous value is not a number, or the direction is not ±1.
   */
  h(prevRef: string, planRef: string, actualRef: string, dirRef: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, operationalRef?: string): string {
    return changeRatioFormula(prevRef, planRef, actualRef, dirRef, params.hClamp.min, params.hClamp.max, params, operationalRef);
  },

  /** p_g of one direct-result indicator (seed p.24): as h (changeRatio) or F/P, P/F (factOverPlan). */
  p(prevRef: string, planRef: string, actualRef: string, dirRef: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS, operationalRef?: string): string {
    const { min: lo, max: hi } = params.pClamp;
    if (params.pMode !== "factOverPlan") return changeRatioFormula(prevRef, planRef, actualRef, dirRef, lo, hi, params, operationalRef);
    const F = actualExpr(actualRef, operationalRef, params);
    const P = planRef;
    const up = `IF(${P}>0,${clampExpr(`${F}/${P}`, lo, hi)},"")`;
    const down = `IF(AND(${P}>0,${F}>=0),IF(${F}=0,${n(hi)},${clampExpr(`${P}/${F}`, lo, hi)}),"")`;
    return `IF(AND(ISNUMBER(${P}),ISNUMBER(${F}),OR(${dirRef}=1,${dirRef}=-1)),IF(${dirRef}=1,${up},${down}),"")`;
  },

  /** K_i = mean of the goal's h cells; "" when none is a number (m = 0). */
  K(hRange: string): string {
    return countGuard(hRange, `AVERAGE(${hRange})`, '""');
  },

  /** z_t = mean of the task's p cells; "" when r = 0. */
  z(pRange: string): string {
    return countGuard(pRange, `AVERAGE(${pRange})`, '""');
  },

  /** Y_i = mean of the goal's z cells; "" when T = 0. */
  Y(zRange: string): string {
    return countGuard(zRange, `AVERAGE(${zRange})`, '""');
  },

  /** X_i = K_i * Y_i, with the policies for an undefined K or Y (spec §3.6.7). */
  X(kRef: string, yRef: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    const onlyK = params.goalWithoutTasks === "useK" ? kRef : '""';
    const onlyY = params.goalWithoutIndicators === "useY" ? yRef : '""';
    return `IF(AND(ISNUMBER(${kRef}),ISNUMBER(${yRef})),${kRef}*${yRef},IF(ISNUMBER(${kRef}),${onlyK},IF(ISNUMBER(${yRef}),${onlyY},"")))`;
  },

  /** D = mean of the X cells; no goal → 0 (emptyGoals "zero") or "". */
  D(xRange: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    return countGuard(xRange, `AVERAGE(${xRange})`, params.emptyGoals === "zero" ? "0" : '""');
  },

  /** S_i of one Annex 4 indicator (seed p.26). */
  S(prevRef: string, curRef: string, dirRef: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    const zero = params.sZeroDenominator === "one" ? "1" : '""';
    const cap = params.sCap !== null && Number.isFinite(params.sCap) ? params.sCap : null;
    const ratio = (num: string, den: string, capped: boolean): string => (capped && cap !== null ? `MIN(${n(cap)},${num}/${den})` : `${num}/${den}`);
    const up = `IF(${prevRef}=0,${zero},${ratio(curRef, prevRef, true)})`;
    const down = params.sNegativeDynamics === "inverse" ? `IF(${curRef}=0,${zero},${ratio(prevRef, curRef, params.sCapInverse)})` : up;
    return `IF(AND(ISNUMBER(${prevRef}),ISNUMBER(${curRef}),OR(${dirRef}=1,${dirRef}=-1)),IF(OR(${prevRef}<0,${curRef}<0),"",IF(${dirRef}=1,${up},${down})),"")`;
  },

  /** E = geometric mean of the S cells, PRODUCT(…)^(1/COUNT(…)) (seed p.25–26). */
  E(sRange: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    return countGuard(sRange, `POWER(PRODUCT(${sRange}),1/COUNT(${sRange}))`, params.emptyIndices === "one" ? "1" : '""');
  },

  /** W from the verification act (seed p.40–42): late and incomplete are TRUE/FALSE or 1/0 cells, facts a count. */
  W(lateRef: string, incompleteRef: string, factsRef: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    const late = `IF(${lateRef},${n(params.lateDeduction)},0)`;
    const inc = `IF(${incompleteRef},${n(params.incompleteDeduction)},0)`;
    const cond = params.unreliableChargeBelowThreshold
      ? `ISNUMBER(${factsRef})`
      : `AND(ISNUMBER(${factsRef}),${factsRef}>=${n(params.unreliableThreshold)})`;
    const perFact = `${n(params.unreliablePerFact)}*${factsRef}`;
    if (params.unreliableCapScope === "total") {
      return `MIN(${n(params.unreliableCap)},${late}+${inc}+IF(${cond},${perFact},0))`;
    }
    return `${late}+${inc}+IF(${cond},MIN(${perFact},${n(params.unreliableCap)}),0)`;
  },

  /** W_unreliable alone (F03 table A row 3). */
  Wunreliable(factsRef: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    const cond = params.unreliableChargeBelowThreshold
      ? `ISNUMBER(${factsRef})`
      : `AND(ISNUMBER(${factsRef}),${factsRef}>=${n(params.unreliableThreshold)})`;
    const perFact = `${n(params.unreliablePerFact)}*${factsRef}`;
    return params.unreliableCapScope === "total" ? `IF(${cond},${perFact},0)` : `IF(${cond},MIN(${perFact},${n(params.unreliableCap)}),0)`;
  },

  /** A of a central body (seed p.16). */
  Acentral(bRef: string, cRef: string, dRef: string, wRef: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    const w = params.weightsCentral;
    const expr = `${n(params.scale)}*(${n(w.B)}*${bRef}+${n(w.C)}*${cRef}+${n(w.D)}*${dRef})-${deduction(wRef, params)}`;
    return scoreWrap(expr, [bRef, cRef, dRef, wRef], params);
  },

  /** A of a local executive body (seed p.17), E entering per `params.eMode`. */
  Alocal(bRef: string, dRef: string, eRef: string, wRef: string, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    const w = params.weightsLocal;
    const s = n(params.scale);
    let gross: string;
    if (params.eMode === "ignore") gross = `${s}*(${n(w.B)}*${bRef}+${n(w.D)}*${dRef})`;
    else if (params.eMode === "dOnly") gross = `${s}*(${n(w.B)}*${bRef}+${n(w.D)}*${dRef}*${eRef})`;
    else gross = `${s}*(${n(w.B)}*${bRef}+${n(w.D)}*${dRef})*${eRef}`;
    const parts = params.eMode === "ignore" ? [bRef, dRef, wRef] : [bRef, dRef, eRef, wRef];
    return scoreWrap(`${gross}-${deduction(wRef, params)}`, parts, params);
  },

  /** Points of one criterion for the conclusion form (seed p.27): scale * weight * coefficient. */
  points(coefRef: string, weight: number, params: EvaluationParams = DEFAULT_EVALUATION_PARAMS): string {
    return `IF(ISNUMBER(${coefRef}),${n(params.scale)}*${n(weight)}*${coefRef},"")`;
  },
};

export type ExcelFormulas = typeof excelFormulas;
