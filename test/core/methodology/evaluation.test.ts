/**
 * Seed 002 methodology: worked examples of shared/spec/methodology-formulas.md §3.x and §4 as unit
 * tests (to 1e-9), edge cases, parameters and the Excel formula generators.
 */
import paramsJson from "../../../rules/methodology/evaluation.params.json";
import {
  DEFAULT_EVALUATION_PARAMS,
  EVALUATION_PARAM_DOCS,
  withEvaluationParams,
  sphereScore,
  sphereCoefficient,
  coefficientB,
  coefficientC,
  indicatorH,
  taskP,
  taskZ,
  goalK,
  goalY,
  goalX,
  goalCoefficient,
  coefficientD,
  indexS,
  coefficientE,
  penaltiesW,
  overallScoreCentral,
  overallScoreLocal,
  excelFormulas,
  asCellFormula,
  roundHalfAway,
  type PenaltyInput,
  type RiskInput,
  type Num,
  type GoalInput,
  type IndexInput,
  type SphereInput,
} from "../../../src/core/methodology/evaluation";
import type { Computation, TraceStep } from "../../../src/core/trace";
import { noteLocalized } from "../../../src/core/methodology/evaluation/sheets";

const P = DEFAULT_EVALUATION_PARAMS;
const P2 = withEvaluationParams({ pMode: "factOverPlan" });
const close = (actual: number | null, expected: number): void => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThan(1e-9);
};

function find(t: TraceStep, name: string): TraceStep | undefined {
  if (t.name === name) return t;
  for (const c of t.children ?? []) {
    const r = find(c, name);
    if (r) return r;
  }
  return undefined;
}

function allSteps(t: TraceStep, out: TraceStep[] = []): TraceStep[] {
  out.push(t);
  for (const c of t.children ?? []) allSteps(c, out);
  return out;
}

function expectExcluded(c: Computation, en?: RegExp): void {
  expect(c.value).toBeNull();
  expect(c.trace.value).toBeNull();
  expect(c.trace.excluded).toBeDefined();
  const r = c.trace.excluded!.reason;
  expect(r.kk.length).toBeGreaterThan(0);
  expect(r.ru.length).toBeGreaterThan(0);
  if (en) expect(r.en).toMatch(en);
}

// ---------------------------------------------------------------------------------------------
// The worked example of spec §3.3–§3.8 (central body) as inputs
// ---------------------------------------------------------------------------------------------

/** §3.3: sphere 1 q = 0.75; sphere 2 directions 0.5 and 1.0; sphere 3 q = 0.25. */
const SPHERES: SphereInput[] = [
  { id: "1", q1: 1, q2: 0.5 },
  { id: "2", directions: [{ id: "2.1", q1: 0.5, q2: 0.5 }, { id: "2.2", q1: 1, q2: 1 }] },
  { id: "3", q1: 0.5, q2: 0 },
];

/** §3.6.4 / §3.6.6: goal 1 (h 0.6, 1, 0, excluded; tasks 1.1 and 1.2) and goal 2. */
const GOALS: GoalInput[] = [
  {
    id: "1",
    indicators: [
      { id: "h1", previous: 100, plan: 110, actual: 106, direction: 1, cells: { previous: { sheet: "D", address: "C5" }, plan: { sheet: "D", address: "D5" }, actual: { sheet: "D", address: "E5" }, result: { sheet: "D", address: "G5" } } },
      { id: "h2 unemployment", previous: 5.5, plan: 5.0, actual: 4.8, direction: -1 },
      { id: "h3", previous: 50, plan: 55, actual: 48, direction: 1 },
      { id: "h4 no plan", previous: 10, plan: null, actual: 12, direction: 1 },
    ],
    tasks: [
      { id: "1.1", results: [
        { previous: 10, plan: 20, actual: 18, direction: 1 },
        { previous: 40, plan: 50, actual: 55, direction: 1 },
      ] },
      { id: "1.2", results: [{ previous: 0, plan: 5, actual: 5, direction: 1 }] },
    ],
  },
  {
    id: "2",
    indicators: [
      { previous: 200, plan: 220, actual: 220, direction: 1 },
      { previous: 30, plan: 25, actual: 27, direction: -1 },
    ],
    tasks: [
      { id: "2.1", results: [
        { previous: 100, plan: 120, actual: 110, direction: 1 },
        { previous: 0, plan: 10, actual: 10, direction: 1 },
      ] },
    ],
  },
];

const RISKS = [1, 0.5, 1, 0];

/** §3.7: the six Annex 4 indicators (directions from the params: −1 −1 −1 −1 +1 +1). */
const INDICES: IndexInput[] = [
  { id: "unemployment", previous: 5.0, current: 4.8 },
  { id: "self-employed", previous: 30.0, current: 31.5 },
  { id: "housing queue", previous: 12000, current: 12480 },
  { id: "emissions", previous: 40, current: 41 },
  { id: "income index", previous: 104.0, current: 102.0 },
  { id: "GRP per capita", previous: 2000, current: 2200 },
];
const E_EXACT = Math.pow((30 / 31.5) * (12000 / 12480) * (40 / 41) * (102 / 104), 1 / 6);

const CENTRAL = {
  spheres: SPHERES,
  risks: RISKS,
  goals: GOALS,
  penalties: { late: true, incomplete: false, unreliableFacts: 4 } as PenaltyInput,
};

/**
 * A central body's A as the evaluation workbook computes it: B, C, D and W each from its sheet's
 * rows, then A on the conclusion (the same functions the `ev.*` computed cells call).
 */
function centralA(input: { spheres: SphereInput[]; risks: Array<Num | RiskInput>; goals: GoalInput[]; penalties: PenaltyInput }, params = P) {
  const B = coefficientB(input.spheres, params);
  const C = coefficientC(input.risks, params);
  const D = coefficientD(input.goals, params);
  const W = penaltiesW(input.penalties, params);
  return { B, C, D, W, A: overallScoreCentral(B, C, D, W, params) };
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

describe("parameters (rules/methodology/evaluation.params.json)", () => {
  it("loads every key with its spec default", () => {
    expect(P.scale).toBe(100);
    expect(P.weightsCentral).toEqual({ B: 0.1, C: 0.1, D: 0.8 });
    expect(P.weightsLocal).toEqual({ B: 0.2, D: 0.8 });
    expect(P.eMode).toBe("whole");
    expect(P.sphereCombine).toBe("mean");
    expect(P.bAveraging).toBe("twoLevel");
    expect(P.allowedScores).toEqual([1, 0.5, 0]);
    expect(P.pMode).toBe("changeRatio");
    expect(P.hClamp).toEqual({ min: 0, max: 1 });
    expect(P.pClamp).toEqual({ min: 0, max: 1 });
    expect(P.zeroPlannedChange).toBe("attainment");
    expect(P.deterioratingPlan).toBe("attainment");
    expect(P.useOperationalData).toBe(true);
    expect(P.sNegativeDynamics).toBe("inverse");
    expect(P.sCap).toBe(1);
    expect(P.sCapInverse).toBe(true);
    expect(P.sZeroDenominator).toBe("one");
    expect(P.eIndicatorDirections).toEqual([-1, -1, -1, -1, 1, 1]);
    expect(P.lateDeduction).toBe(1.5);
    expect(P.incompleteDeduction).toBe(2);
    expect(P.unreliableThreshold).toBe(3);
    expect(P.unreliablePerFact).toBe(0.2);
    expect(P.unreliableChargeBelowThreshold).toBe(false);
    expect(P.unreliableCap).toBe(5);
    expect(P.unreliableCapScope).toBe("unreliable");
    expect(P.floor).toBe(0);
    expect(P.displayDecimals).toBe(2);
    expect(P.roundScore).toBe(false);
    expect(P.emptySpheres).toBe("null");
    expect(P.emptyRisks).toBe("zero");
    expect(P.goalWithoutIndicators).toBe("useY");
    expect(P.goalWithoutTasks).toBe("useK");
    expect(P.emptyGoals).toBe("zero");
    expect(P.emptyIndices).toBe("null");
  });

  it("documents every key with the spec section and the seed paragraph; defaults are allowed values", () => {
    const file = paramsJson as unknown as { params: Record<string, { default: unknown; allowed?: unknown[]; doc: string }> };
    expect(Object.keys(file.params).sort()).toEqual(Object.keys(P).sort());
    for (const [k, d] of Object.entries(EVALUATION_PARAM_DOCS)) {
      expect(d.doc).toMatch(/§\d/);
      expect(d.doc).toMatch(/p\.\d|[Ss]eed/);
      if (d.allowed) expect(d.allowed).toContainEqual(d.default);
      expect(k in P).toBe(true);
    }
  });

  it("is frozen; withEvaluationParams merges one level deep", () => {
    expect(Object.isFrozen(P)).toBe(true);
    const q = withEvaluationParams({ weightsCentral: { D: 0.7 } });
    expect(q.weightsCentral).toEqual({ B: 0.1, C: 0.1, D: 0.7 });
    expect(P.weightsCentral.D).toBe(0.8);
  });
});

// ---------------------------------------------------------------------------------------------
// §3.4 b, §3.3 B
// ---------------------------------------------------------------------------------------------

describe("b and B (seed p.19–21; spec §3.3, §3.4)", () => {
  it("§3.4 example: q1 = 1, q2 = 0.5 → b = 0.75 (product alternative 0.5)", () => {
    const b = sphereScore(1, 0.5);
    close(b.value, 0.75);
    expect(b.trace.formula).toBe("(1 + 0.5) / 2 = 0.75");
    expect(b.trace.label?.kk).toContain("сапасы мен толықтығы");
    close(sphereScore(1, 0.5, withEvaluationParams({ sphereCombine: "product" })).value, 0.5);
  });

  it("a score outside {1, 0.5, 0} or a missing score is excluded, never zero", () => {
    expectExcluded(sphereScore(0.7, 1), /admissible/);
    expectExcluded(sphereScore(1, null), /missing/);
    expectExcluded(sphereScore(Number.NaN, 1), /not a number/);
  });

  it("§3.3 example: B = (0.75 + 0.75 + 0.25)/3 = 0.583333; flat alternative 0.625", () => {
    const B = coefficientB(SPHERES);
    close(B.value, 1.75 / 3);
    expect(roundHalfAway(B.value as number, 6)).toBe(0.583333);
    close(find(B.trace, "b_2")!.value, 0.75);
    close(find(B.trace, "b_2.1")!.value, 0.5);
    expect(B.trace.formula).toBe("(0.75 + 0.75 + 0.25) / 3 = 0.583333");
    close(coefficientB(SPHERES, withEvaluationParams({ bAveraging: "flat" })).value, 0.625);
  });

  it("a sphere without a valid score is left out of B; no sphere → null (or 0 by parameter)", () => {
    const B = coefficientB([{ q1: 1, q2: 1 }, { q1: 2, q2: 1 }]);
    close(B.value, 1);
    expect(find(B.trace, "b_2")!.excluded).toBeDefined();
    expectExcluded(coefficientB([]), /no sphere/);
    const zero = coefficientB([], withEvaluationParams({ emptySpheres: "zero" }));
    expect(zero.value).toBe(0);
    expect(zero.trace.excluded).toBeUndefined();
    expect(noteLocalized(zero)?.en).toBeTruthy();
    expectExcluded(sphereCoefficient({ directions: [{ q1: null, q2: 1 }] }), /no sphere/);
  });
});

// ---------------------------------------------------------------------------------------------
// §3.5 C
// ---------------------------------------------------------------------------------------------

describe("C (seed p.22; spec §3.5)", () => {
  it("§3.5 example: R = 1, 0.5, 1, 0 → C = 2.5/4 = 0.625", () => {
    const C = coefficientC(RISKS);
    close(C.value, 0.625);
    expect(C.trace.formula).toBe("(1 + 0.5 + 1 + 0) / 4 = 0.625");
    expect(C.trace.children!.map((c) => c.name)).toEqual(["R_1", "R_2", "R_3", "R_4"]);
  });

  it("k = 0 → C = 0 with a review note (policy), or null by parameter; invalid R_j excluded", () => {
    const C0 = coefficientC([]);
    expect(C0.value).toBe(0);
    expect(noteLocalized(C0)!.en).toMatch(/k = 0/);
    expectExcluded(coefficientC([], withEvaluationParams({ emptyRisks: "null" })));
    const C = coefficientC([1, { R: 0.3, id: "bad" }, { R: 0 }]);
    close(C.value, 0.5);
    expect(find(C.trace, "R_2")!.excluded!.reason.en).toMatch(/admissible/);
  });
});

// ---------------------------------------------------------------------------------------------
// §3.6 h, K, p, z, Y, X, D
// ---------------------------------------------------------------------------------------------

describe("h and K (seed p.24; spec §3.6.3–§3.6.5)", () => {
  it("§3.6.4 examples: h1 = 0.6, h2 = 1 (1.4 clamped), h3 = 0 (−0.4 clamped), h4 excluded; K1 = 1.6/3", () => {
    const h1 = indicatorH(100, 110, 106, 1);
    close(h1.value, 0.6);
    expect(h1.trace.formula).toBe("(106 - 100) / (110 - 100) = 0.6");
    const h2 = indicatorH(5.5, 5.0, 4.8, -1);
    close(h2.value, 1);
    expect(h2.trace.formula).toContain("= 1.4");
    expect(h2.trace.formula).toContain("= 1");
    const h3 = indicatorH(50, 55, 48, 1);
    expect(h3.value).toBe(0);
    expect(h3.trace.formula).toContain("-0.4");
    expectExcluded(indicatorH(10, null, 12, 1), /no plan value/);
    const K = goalK(GOALS[0].indicators, P, { index: "1" });
    close(K.value, 1.6 / 3);
    expect(roundHalfAway(K.value as number, 6)).toBe(0.533333);
    expect(K.trace.name).toBe("K_1");
    expect(K.trace.children!.map((c) => c.name)).toEqual(["h_1.1", "h_1.2", "h_1.3", "h_1.4"]);
    expect(K.trace.inputs).toMatchObject({ included: 3, listed: 4 });
  });

  it("h above the clamp max and below the min are clamped; the clamp range is a parameter", () => {
    expect(indicatorH(0, 10, 25, 1).value).toBe(1);
    expect(indicatorH(0, 10, -5, 1).value).toBe(0);
    const wide = withEvaluationParams({ hClamp: { max: 1.2 } });
    close(indicatorH(0, 10, 25, 1, wide).value, 1.2);
    close(indicatorH(0, 10, 11, 1, wide).value, 1.1);
  });

  it("operational data replace missing official statistics; with neither the indicator is excluded", () => {
    const h = indicatorH(100, 110, { official: null, operational: 105 }, 1);
    close(h.value, 0.5);
    expect(h.trace.inputs).toMatchObject({ source: "operational", used: 105 });
    expect(noteLocalized(h)!.en).toMatch(/operational/);
    close(indicatorH(100, 110, { official: 108, operational: 105 }, 1).value, 0.8);
    expectExcluded(indicatorH(100, 110, { official: null, operational: null }, 1), /official statistics/);
    expectExcluded(indicatorH(100, 110, { operational: 105 }, 1, withEvaluationParams({ useOperationalData: false })));
    expectExcluded(indicatorH(null, 110, 105, 1), /previous/);
  });

  it("planned change zero: attainment test by default, excluded with the reason by parameter", () => {
    const met = indicatorH(5, 5, 6, 1);
    expect(met.value).toBe(1);
    expect(met.trace.inputs!.note).toBe("zeroPlannedChangeAttainment");
    expect(indicatorH(5, 5, 4, 1).value).toBe(0);
    expect(indicatorH(5, 5, 4, -1).value).toBe(1);
    expectExcluded(indicatorH(5, 5, 6, null), /planned change is zero/);
    const ex = indicatorH(5, 5, 6, 1, withEvaluationParams({ zeroPlannedChange: "exclude" }));
    expectExcluded(ex, /planned change is zero/);
    expect(ex.trace.excluded!.reason.kk).toBe("жоспарланған өзгеріс нөлге тең");
    expect(ex.trace.excluded!.reason.ru).toBe("плановое изменение равно нулю");
  });

  it("a plan that is itself a deterioration: attainment (policy) or the raw ratio", () => {
    // Higher is better, but the plan goes down from 100 to 95.
    expect(indicatorH(100, 95, 97, 1).value).toBe(1);
    expect(indicatorH(100, 95, 90, 1).value).toBe(0);
    const rawP = withEvaluationParams({ deterioratingPlan: "raw" });
    expect(indicatorH(100, 95, 101, 1, rawP).value).toBe(0); // beating the plan is punished by the raw ratio
    // Without a direction the plan's own sign is the desired direction.
    close(indicatorH(100, 95, 97, null).value, 0.6);
  });

  it("bad data never throws and never yields NaN or Infinity", () => {
    const weird: unknown[] = [null, undefined, Number.NaN, Infinity, -Infinity, "12", {}, 0, -3];
    for (const a of weird) for (const b of weird) for (const c of weird) {
      for (const fn of [indicatorH, taskP]) {
        const r = fn(a as number, b as number, c as number, 1);
        expect(r.value === null || Number.isFinite(r.value)).toBe(true);
        if (r.value === null) expect(r.trace.excluded).toBeDefined();
      }
      const s = indexS(a as number, b as number, (c === 0 ? -1 : 1));
      expect(s.value === null || Number.isFinite(s.value)).toBe(true);
    }
    expectExcluded(indicatorH(1, 2, 3, 7 as unknown as 1), /direction/);
  });
});

describe("p, z, Y, X, D (seed p.24; spec §3.6.1, §3.6.2, §3.6.6, §3.6.7)", () => {
  it("§3.6.6 goal 1: p = 0.8, 1 (1.5 clamped), 1; z1 = 0.9, z2 = 1; Y1 = 0.95; X1 = 0.506667", () => {
    close(taskP(10, 20, 18, 1).value, 0.8);
    close(taskP(40, 50, 55, 1).value, 1);
    close(taskP(0, 5, 5, 1).value, 1);
    const z1 = taskZ(GOALS[0].tasks[0].results, P, { index: "1.1" });
    close(z1.value, 0.9);
    expect(z1.trace.children!.map((c) => c.name)).toEqual(["p_1.1.1", "p_1.1.2"]);
    const Y1 = goalY(GOALS[0].tasks, P, { index: "1" });
    close(Y1.value, 0.95);
    expect(Y1.trace.children!.map((c) => c.name)).toEqual(["z_1.1", "z_1.2"]);
    const X1 = goalX(goalK(GOALS[0].indicators, P, { index: "1" }), Y1, P, { index: "1" });
    close(X1.value, (1.6 / 3) * 0.95);
    expect(roundHalfAway(X1.value as number, 6)).toBe(0.506667);
    expect(X1.trace.formula).toBe("0.533333 * 0.95 = 0.506667");
  });

  it("§3.6.6 goal 2: K2 = 0.8, z = 0.75, X2 = 0.6; D = 0.553333", () => {
    const X2 = goalCoefficient(GOALS[1], P, { index: "2" });
    close(X2.value, 0.6);
    close(find(X2.trace, "K_2")!.value, 0.8);
    close(find(X2.trace, "h_2.2")!.value, 0.6);
    close(find(X2.trace, "z_2.1")!.value, 0.75);
    const D = coefficientD(GOALS);
    close(D.value, (1.52 / 3 + 0.6) / 2);
    expect(roundHalfAway(D.value as number, 6)).toBe(0.553333);
  });

  it("P2 (fact ÷ plan): X1 = 0.52, X2 = 0.766667, D = 0.643333", () => {
    close(taskP(10, 20, 18, 1, P2).value, 0.9);
    close(taskP(40, 50, 55, 1, P2).value, 1);
    close(goalCoefficient(GOALS[0], P2, { index: "1" }).value, 0.52);
    close(goalCoefficient(GOALS[1], P2, { index: "2" }).value, 0.8 * (0.5 * (110 / 120 + 1)));
    const D = coefficientD(GOALS, P2);
    close(D.value, (0.52 + 0.8 * (0.5 * (110 / 120 + 1))) / 2);
    expect(roundHalfAway(D.value as number, 6)).toBe(0.643333);
    // Lower is better under P2: P/F, capped; zero reached → 1; non-positive plan excluded.
    close(taskP(30, 25, 27, -1, P2).value, 25 / 27);
    expect(taskP(30, 25, 0, -1, P2).value).toBe(1);
    expectExcluded(taskP(0, 0, 5, 1, P2), /positive plan/);
  });

  it("empty sets (§3.6.7): K undefined → X = Y; Y undefined → X = K; neither → goal left out; no goal → D = 0", () => {
    const onlyY = goalCoefficient({ indicators: [{ previous: 1, plan: null, actual: 1 }], tasks: [{ results: [{ previous: 0, plan: 10, actual: 5, direction: 1 }] }] });
    close(onlyY.value, 0.5);
    expect(onlyY.trace.inputs!.note).toBe("xFromY");
    const onlyK = goalCoefficient({ indicators: [{ previous: 0, plan: 10, actual: 7, direction: 1 }], tasks: [] });
    close(onlyK.value, 0.7);
    expect(onlyK.trace.inputs!.note).toBe("xFromK");
    expectExcluded(goalCoefficient({ indicators: [], tasks: [] }), /neither K nor Y/);
    expectExcluded(goalCoefficient({ indicators: [], tasks: [{ results: [] }] }), /neither K nor Y/);
    expectExcluded(goalCoefficient({ indicators: [{ previous: 0, plan: 10, actual: 7 }], tasks: [] }, withEvaluationParams({ goalWithoutTasks: "exclude" })));
    expectExcluded(goalX(null, 0.5, withEvaluationParams({ goalWithoutIndicators: "exclude" })));

    const D = coefficientD([GOALS[1], { indicators: [], tasks: [] }]);
    close(D.value, 0.6);
    expect(D.trace.inputs).toMatchObject({ included: 1, listed: 2 });
    const D0 = coefficientD([]);
    expect(D0.value).toBe(0);
    expect(D0.trace.excluded).toBeUndefined();
    expect(noteLocalized(D0)!.en).toMatch(/manual review/);
    expectExcluded(coefficientD([], withEvaluationParams({ emptyGoals: "null" })));
    expectExcluded(goalK([]), /m = 0/);
    expectExcluded(taskZ([]), /r = 0/);
    expectExcluded(goalY([]), /T = 0/);
  });

  it("a single goal: D = X_1", () => {
    const D = coefficientD([GOALS[1]]);
    close(D.value, 0.6);
    expect(D.trace.formula).toBe("0.6 / 1 = 0.6");
  });
});

// ---------------------------------------------------------------------------------------------
// §3.7 S, E
// ---------------------------------------------------------------------------------------------

describe("S and E (seed p.25–26; spec §3.7)", () => {
  it("§3.7 example: S = 1, 0.952381, 0.961538, 0.975610, 0.980769, 1; E = 0.978220", () => {
    const E = coefficientE(INDICES);
    const S = E.trace.children!.map((c) => c.value as number);
    expect(S.map((s) => roundHalfAway(s, 6))).toEqual([1, 0.952381, 0.961538, 0.97561, 0.980769, 1]);
    close(E.value, E_EXACT);
    expect(roundHalfAway(E.value as number, 6)).toBe(0.97822);
    // ln route of the spec gives the same value
    close(E.value, Math.exp(S.reduce((a, s) => a + Math.log(s), 0) / 6));
    expect(E.trace.formula).toContain("^(1/6)");
  });

  it("increase: SR/SB capped at 1; decrease (negative dynamics): SB/SR capped; parameters change it", () => {
    close(indexS(2000, 2200, 1).value, 1);
    close(indexS(104, 102, 1).value, 102 / 104);
    close(indexS(5.0, 4.8, -1).value, 1);
    close(indexS(30, 31.5, -1).value, 30 / 31.5);
    close(indexS(5.0, 4.8, -1, withEvaluationParams({ sCapInverse: false })).value, 5 / 4.8);
    close(indexS(5.0, 4.8, -1, withEvaluationParams({ sNegativeDynamics: "direct" })).value, 4.8 / 5);
    close(indexS(2000, 2200, 1, withEvaluationParams({ sCap: null })).value, 1.1);
  });

  it("negative values excluded; zero denominator → 1 (policy) or excluded; no direction excluded", () => {
    expectExcluded(indexS(-5, 4, 1), /non-negative/);
    expectExcluded(indexS(5, -4, -1), /non-negative/);
    expect(indexS(5, 0, -1).value).toBe(1);
    expect(indexS(0, 3, 1).value).toBe(1);
    expect(indexS(5, 0, 1).value).toBe(0);
    expectExcluded(indexS(0, 3, 1, withEvaluationParams({ sZeroDenominator: "exclude" })), /denominator/);
    expectExcluded(indexS(1, 2, null), /direction/);
  });

  it("missing indicators are left out (n = available); none → null, or 1 by parameter", () => {
    const E = coefficientE([...INDICES.slice(0, 5), { previous: null, current: 2200 }]);
    close(E.value, Math.pow((30 / 31.5) * (12000 / 12480) * (40 / 41) * (102 / 104), 1 / 5));
    expect(E.trace.inputs).toMatchObject({ included: 5, listed: 6 });
    expectExcluded(coefficientE([]), /no indicator index/);
    expect(coefficientE([], withEvaluationParams({ emptyIndices: "one" })).value).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// §3.8 W
// ---------------------------------------------------------------------------------------------

describe("W (seed p.38–42; spec §3.8)", () => {
  it.each([
    ["a", true, false, 4, 2.3],
    ["b", true, false, 2, 1.5],
    ["c", true, true, 4, 4.3],
    ["d", false, false, 30, 5],
    ["e (all penalties)", true, true, 30, 8.5],
    ["none", false, false, 0, 0],
    ["threshold exactly", false, false, 3, 0.6],
  ])("case %s → W", (_c, late, incomplete, f, expected) => {
    close(penaltiesW({ late, incomplete, unreliableFacts: f }).value, expected);
  });

  it("trace: W → W_late, W_incomplete, W_unreliable with formulas", () => {
    const W = penaltiesW({ late: true, incomplete: false, unreliableFacts: 4 });
    expect(W.trace.formula).toBe("1.5 + 0 + 0.8 = 2.3");
    expect(W.trace.children!.map((c) => c.name)).toEqual(["W_late", "W_incomplete", "W_unreliable"]);
    expect(find(W.trace, "W_unreliable")!.formula).toBe("min(0.2 * 4, 5) = 0.8");
    expect(find(W.trace, "W_late")!.label!.kk).toBe("Есепті ақпараттың уақтылы ұсынылмауы");
  });

  it("alternatives: charge from the first fact; cap on the total; missing elements imply incomplete", () => {
    close(penaltiesW({ unreliableFacts: 2 }, withEvaluationParams({ unreliableChargeBelowThreshold: true })).value, 0.4);
    close(penaltiesW({ late: true, incomplete: true, unreliableFacts: 30 }, withEvaluationParams({ unreliableCapScope: "total" })).value, 5);
    close(penaltiesW({ late: true, incomplete: true, unreliableFacts: 4 }, withEvaluationParams({ unreliableCapScope: "total" })).value, 4.3);
    close(penaltiesW({ missingElements: 3 }).value, 2);
    close(penaltiesW({ incomplete: false, missingElements: 3 }).value, 0);
  });

  it("an invalid fact count gives W = null with the reason", () => {
    expectExcluded(penaltiesW({ unreliableFacts: -1 }), /non-negative integer/);
    expectExcluded(penaltiesW({ unreliableFacts: 2.5 }), /non-negative integer/);
    expectExcluded(penaltiesW({ unreliableFacts: Number.NaN }));
  });
});

// ---------------------------------------------------------------------------------------------
// §3.1, §3.2 A; §4 end to end
// ---------------------------------------------------------------------------------------------

describe("A (seed p.16–17; spec §3.1, §3.2, §4)", () => {
  it("§3.1: B = 0.583333, C = 0.625, D = 0.553333, W = 2.3 → A = 54.05", () => {
    const B = 1.75 / 3;
    const D = (1.52 / 3 + 0.6) / 2;
    const A = overallScoreCentral(B, 0.625, D, 2.3);
    close(A.value, 54.05);
    expect(A.trace.formula).toBe("max(0, 100 * (0.1 * 0.583333 + 0.1 * 0.625 + 0.8 * 0.553333) - 2.3) = 54.05");
    expect(A.trace.inputs!.gross).toBeCloseTo(56.35, 9);
  });

  it("§3.2: B = 0.75, D = 0.80, E = 0.978220, W = 1.5 → A = 75.78 (E1), 76.11 (E2), 77.50 (E ignored)", () => {
    const A1 = overallScoreLocal(0.75, 0.8, E_EXACT, 1.5);
    close(A1.value, 79 * E_EXACT - 1.5);
    expect(roundHalfAway(A1.value as number, 2)).toBe(75.78);
    expect(roundHalfAway(79 * E_EXACT, 4)).toBe(77.2794);
    const A2 = overallScoreLocal(0.75, 0.8, E_EXACT, 1.5, withEvaluationParams({ eMode: "dOnly" }));
    close(A2.value, 100 * (0.15 + 0.64 * E_EXACT) - 1.5);
    expect(roundHalfAway(A2.value as number, 2)).toBe(76.11);
    close(overallScoreLocal(0.75, 0.8, null, 1.5, withEvaluationParams({ eMode: "ignore" })).value, 77.5);
    expectExcluded(overallScoreLocal(0.75, 0.8, null, 1.5), /E/);
  });

  it("floor at 0, scale 0–1, rounding and missing components", () => {
    expect(overallScoreCentral(0, 0, 0.05, 8.5).value).toBe(0);
    close(overallScoreCentral(0, 0, 0.05, 8.5, withEvaluationParams({ floor: null })).value, 4 - 8.5);
    const unit = overallScoreCentral(1.75 / 3, 0.625, (1.52 / 3 + 0.6) / 2, 2.3, withEvaluationParams({ scale: 1 }));
    close(unit.value, 0.5405);
    expect(overallScoreCentral(0.5, 0.5, 0.123456, 0, withEvaluationParams({ roundScore: true })).value).toBe(19.88);
    const miss = overallScoreCentral(null, 0.5, 0.5, 0);
    expectExcluded(miss, /: B$/);
  });

  it("§4 central end to end: A = 54.05 (P1) and 61.25 (P2)", () => {
    const r = centralA(CENTRAL);
    close(r.B.value, 1.75 / 3);
    close(r.C.value, 0.625);
    close(r.D.value, (1.52 / 3 + 0.6) / 2);
    close(r.W.value, 2.3);
    close(r.A.value, 54.05);
    close(r.A.trace.inputs!.gross as number, 56.35);
    const r2 = centralA(CENTRAL, P2);
    close(r2.D.value, (0.52 + 0.8 * (0.5 * (110 / 120 + 1))) / 2);
    close(r2.A.trace.inputs!.gross as number, 63.55);
    close(r2.A.value, 61.25);
  });

  it("§4: ONE trace tree A → B, C, D, W; path A → D → X_1 → K_1 → h_1.1 with its inputs and cells", () => {
    const trace = centralA(CENTRAL).A.trace;
    expect(trace.name).toBe("A");
    expect(trace.label!.kk).toContain("тиімділігін бағалау");
    expect(trace.children!.map((c) => c.name)).toEqual(["B", "C", "D", "W"]);
    const D = trace.children!.find((c) => c.name === "D")!;
    const X1 = D.children!.find((c) => c.name === "X_1")!;
    const K1 = X1.children!.find((c) => c.name === "K_1")!;
    const h11 = K1.children!.find((c) => c.name === "h_1.1")!;
    expect(h11.value).toBeCloseTo(0.6, 12);
    expect(h11.inputs).toMatchObject({ previous: 100, plan: 110, actual: 106, used: 106, source: "official", direction: 1 });
    expect(h11.formula).toBe("(106 - 100) / (110 - 100) = 0.6");
    expect(h11.cell).toEqual({ sheet: "D", address: "G5" });
    expect(h11.children!.map((c) => [c.name, c.value, c.cell?.address])).toEqual([["B0", 100, "C5"], ["P", 110, "D5"], ["F", 106, "E5"]]);
    expect(h11.label).toEqual(expect.objectContaining({ kk: expect.any(String), ru: expect.any(String), en: expect.stringContaining("target indicator") }));
    // the excluded indicator is in the tree, with its reason
    const h14 = find(trace, "h_1.4")!;
    expect(h14.value).toBeNull();
    expect(h14.excluded!.reason.en).toMatch(/no plan value/);
    // the task branch: X_1 → Y_1 → z_1.1 → p_1.1.2
    expect(find(X1, "p_1.1.2")!.formula).toContain("= 1.5");
    // every step is labelled in three languages and no value is NaN/Infinity
    for (const s of allSteps(trace)) {
      expect(s.value === null || Number.isFinite(s.value)).toBe(true);
      if (!["B0", "P", "F", "F_op", "q1", "q2", "SB", "SR"].includes(s.name)) {
        expect(s.label?.kk && s.label.ru && s.label.en).toBeTruthy();
      }
    }
  });

  it("§4 LEB end to end: B = 0.75, D = 0.80, E = 0.978220, late → A = 75.78", () => {
    const B = coefficientB([{ q1: 1, q2: 0.5 }]);
    const D = coefficientD([{ indicators: [{ previous: 0, plan: 10, actual: 10, direction: 1 }], tasks: [{ results: [{ previous: 0, plan: 10, actual: 8, direction: 1 }] }] }]);
    const E = coefficientE(INDICES);
    const W = penaltiesW({ late: true });
    const A = overallScoreLocal(B, D, E, W);
    close(B.value, 0.75);
    close(D.value, 0.8);
    close(E.value, E_EXACT);
    close(W.value, 1.5);
    close(A.value, 79 * E_EXACT - 1.5);
    expect(roundHalfAway(A.value as number, 2)).toBe(75.78);
    expect(A.trace.children!.map((c) => c.name)).toEqual(["B", "D", "E", "W"]);
    expect(find(A.trace, "S_2")!.formula).toBe("min(1, 30 / 31.5) = 0.952381");
  });

  it("empty input never throws: A is null with reasons", () => {
    const r = centralA({ spheres: [], risks: [], goals: [], penalties: {} });
    expect(r.A.value).toBeNull();
    expect(r.A.trace.excluded!.reason.en).toMatch(/B/);
    expect(r.C.value).toBe(0);
    expect(r.D.value).toBe(0);
  });

  it("a parameter change changes the value", () => {
    const base = centralA(CENTRAL).A.value as number;
    close(centralA(CENTRAL, withEvaluationParams({ lateDeduction: 3 })).A.value, base - 1.5);
    close(centralA(CENTRAL, withEvaluationParams({ weightsCentral: { B: 0.2, C: 0, D: 0.8 } })).A.value, base + 100 * 0.1 * (1.75 / 3 - 0.625));
  });
});

// ---------------------------------------------------------------------------------------------
// Excel formula generators
// ---------------------------------------------------------------------------------------------

const ALLOWED_FUNCTIONS = new Set([
  "IF", "IFERROR", "AND", "OR", "MIN", "MAX", "ROUND", "SUM", "SUMPRODUCT", "COUNT", "COUNTA", "COUNTIF", "COUNTIFS",
  "AVERAGE", "PRODUCT", "POWER", "EXP", "LN", "ABS", "ISNUMBER", "ISBLANK",
]);

function functionsUsed(f: string): string[] {
  return [...f.matchAll(/([A-Z][A-Z0-9.]*)\(/g)].map((m) => m[1]);
}

function balanced(f: string): boolean {
  let depth = 0;
  let inStr = false;
  for (const ch of f) {
    if (ch === '"') inStr = !inStr;
    else if (!inStr && ch === "(") depth++;
    else if (!inStr && ch === ")" && --depth < 0) return false;
  }
  return depth === 0 && !inStr;
}

describe("Excel formula generators", () => {
  const all = (p = P): string[] => [
    excelFormulas.b("F5", "G5", p),
    excelFormulas.sphereFromDirections("H6:H7"),
    excelFormulas.B({ spheres: "H5:H7", leaves: "I5:I8" }, p),
    excelFormulas.C("R5:R8", p),
    excelFormulas.h("C5", "D5", "E5", "F5", p, "G5"),
    excelFormulas.p("C9", "D9", "E9", "F9", p),
    excelFormulas.p("C9", "D9", "E9", "F9", withEvaluationParams({ pMode: "factOverPlan" }, p)),
    excelFormulas.K("H5:H8"),
    excelFormulas.z("H9:H10"),
    excelFormulas.Y("J9:J11"),
    excelFormulas.X("K5", "Y5", p),
    excelFormulas.D("X5:X6", p),
    excelFormulas.S("C20", "D20", "E20", p),
    excelFormulas.E("F20:F25", p),
    excelFormulas.W("B30", "B31", "B32", p),
    excelFormulas.Wunreliable("B32", p),
    excelFormulas.Acentral("B1", "B2", "B3", "B4", p),
    excelFormulas.Alocal("B1", "B2", "B3", "B4", p),
    excelFormulas.points("B1", 0.1, p),
  ];

  it("use only functions that Excel and LibreOffice 7.4 both evaluate; parentheses balance; no leading '='", () => {
    for (const p of [P, P2, withEvaluationParams({ unreliableCapScope: "total", eMode: "dOnly", roundScore: true, zeroPlannedChange: "exclude", deterioratingPlan: "raw", sNegativeDynamics: "direct" })]) {
      for (const f of all(p)) {
        for (const fn of functionsUsed(f)) expect(ALLOWED_FUNCTIONS.has(fn)).toBe(true);
        expect(balanced(f)).toBe(true);
        expect(f.startsWith("=")).toBe(false);
        expect(f).not.toMatch(/#DIV|NaN|undefined|null/);
      }
    }
    expect(asCellFormula("A1+1")).toBe("=A1+1");
    expect(asCellFormula("=A1")).toBe("=A1");
  });

  it("h references its cells, the clamp and yields '' for excluded cases", () => {
    const f = excelFormulas.h("C5", "D5", "E5", "F5");
    expect(f).toBe(
      'IF(AND(ISNUMBER(D5),ISNUMBER(E5),ISNUMBER(C5),OR(F5=1,F5=-1)),IF(D5=C5,IF(F5*(E5-D5)>=0,1,0),IF(F5*(D5-C5)<0,IF(F5*(E5-D5)>=0,1,0),MAX(0,MIN(1,(E5-C5)/(D5-C5))))),"")',
    );
    const withOp = excelFormulas.h("C5", "D5", "E5", "F5", P, "G5");
    expect(withOp).toContain("IF(ISNUMBER(E5),E5,G5)");
    const ex = excelFormulas.h("C5", "D5", "E5", "F5", withEvaluationParams({ zeroPlannedChange: "exclude", deterioratingPlan: "raw", hClamp: { max: 1.2 } }));
    expect(ex).toBe('IF(AND(ISNUMBER(D5),ISNUMBER(E5),ISNUMBER(C5),OR(F5=1,F5=-1)),IF(D5=C5,"",MAX(0,MIN(1.2,(E5-C5)/(D5-C5)))),"")');
  });

  it("p under P2, S, E, b, C, K/Y/X/D reference the right cells and the params", () => {
    expect(excelFormulas.p("C9", "D9", "E9", "F9", P2)).toBe(
      'IF(AND(ISNUMBER(D9),ISNUMBER(E9),OR(F9=1,F9=-1)),IF(F9=1,IF(D9>0,MAX(0,MIN(1,E9/D9)),""),IF(AND(D9>0,E9>=0),IF(E9=0,1,MAX(0,MIN(1,D9/E9))),"")),"")',
    );
    expect(excelFormulas.S("C20", "D20", "E20")).toBe(
      'IF(AND(ISNUMBER(C20),ISNUMBER(D20),OR(E20=1,E20=-1)),IF(OR(C20<0,D20<0),"",IF(E20=1,IF(C20=0,1,MIN(1,D20/C20)),IF(D20=0,1,MIN(1,C20/D20)))),"")',
    );
    expect(excelFormulas.E("F20:F25")).toBe('IF(COUNT(F20:F25)=0,"",POWER(PRODUCT(F20:F25),1/COUNT(F20:F25)))');
    expect(excelFormulas.b("F5", "G5")).toBe('IF(AND(ISNUMBER(F5),ISNUMBER(G5),OR(F5=1,F5=0.5,F5=0),OR(G5=1,G5=0.5,G5=0)),(F5+G5)/2,"")');
    expect(excelFormulas.b("F5", "G5", withEvaluationParams({ sphereCombine: "product" }))).toContain("F5*G5");
    expect(excelFormulas.C("R5:R8")).toBe(
      "IF(SUMPRODUCT(ISNUMBER(R5:R8)*((R5:R8=1)+(R5:R8=0.5)+(R5:R8=0)))=0,0,SUMPRODUCT(ISNUMBER(R5:R8)*((R5:R8=1)*1+(R5:R8=0.5)*0.5+(R5:R8=0)*0))/SUMPRODUCT(ISNUMBER(R5:R8)*((R5:R8=1)+(R5:R8=0.5)+(R5:R8=0))))",
    );
    expect(excelFormulas.K("H5:H8")).toBe('IF(COUNT(H5:H8)=0,"",AVERAGE(H5:H8))');
    expect(excelFormulas.X("K5", "Y5")).toBe('IF(AND(ISNUMBER(K5),ISNUMBER(Y5)),K5*Y5,IF(ISNUMBER(K5),K5,IF(ISNUMBER(Y5),Y5,"")))');
    expect(excelFormulas.D("X5:X6")).toBe('IF(COUNT(X5:X6)=0,0,AVERAGE(X5:X6))');
    expect(excelFormulas.B({ spheres: "H5:H7", leaves: "I5:I8" })).toBe('IF(COUNT(H5:H7)=0,"",AVERAGE(H5:H7))');
    expect(excelFormulas.B({ spheres: "H5:H7", leaves: "I5:I8" }, withEvaluationParams({ bAveraging: "flat" }))).toContain("AVERAGE(I5:I8)");
  });

  it("W and A carry the param values", () => {
    expect(excelFormulas.W("B30", "B31", "B32")).toBe("IF(B30,1.5,0)+IF(B31,2,0)+IF(AND(ISNUMBER(B32),B32>=3),MIN(0.2*B32,5),0)");
    expect(excelFormulas.W("B30", "B31", "B32", withEvaluationParams({ unreliableCapScope: "total" }))).toBe(
      "MIN(5,IF(B30,1.5,0)+IF(B31,2,0)+IF(AND(ISNUMBER(B32),B32>=3),0.2*B32,0))",
    );
    expect(excelFormulas.Acentral("B1", "B2", "B3", "B4")).toBe(
      'IF(AND(ISNUMBER(B1),ISNUMBER(B2),ISNUMBER(B3),ISNUMBER(B4)),MAX(0,100*(0.1*B1+0.1*B2+0.8*B3)-B4),"")',
    );
    expect(excelFormulas.Alocal("B1", "B2", "B3", "B4")).toBe(
      'IF(AND(ISNUMBER(B1),ISNUMBER(B2),ISNUMBER(B3),ISNUMBER(B4)),MAX(0,100*(0.2*B1+0.8*B2)*B3-B4),"")',
    );
    expect(excelFormulas.Alocal("B1", "B2", "B3", "B4", withEvaluationParams({ eMode: "dOnly" }))).toContain("100*(0.2*B1+0.8*B2*B3)-B4");
    expect(excelFormulas.Acentral("B1", "B2", "B3", "B4", withEvaluationParams({ scale: 1, floor: null, roundScore: true }))).toBe(
      'IF(AND(ISNUMBER(B1),ISNUMBER(B2),ISNUMBER(B3),ISNUMBER(B4)),ROUND(1*(0.1*B1+0.1*B2+0.8*B3)-B4*0.01,2),"")',
    );
  });

  it("changing a param changes both the value and the generated formula", () => {
    const p = withEvaluationParams({ lateDeduction: 2.5, unreliablePerFact: 0.3, unreliableThreshold: 2 });
    const f = excelFormulas.W("B30", "B31", "B32", p);
    expect(f).toContain("IF(B30,2.5,0)");
    expect(f).toContain("0.3*B32");
    expect(f).toContain("B32>=2");
    expect(f).not.toBe(excelFormulas.W("B30", "B31", "B32"));
    close(penaltiesW({ late: true, unreliableFacts: 2 }, p).value, 2.5 + 0.6);

    const w = withEvaluationParams({ weightsCentral: { B: 0.15, C: 0.05, D: 0.8 } });
    expect(excelFormulas.Acentral("B1", "B2", "B3", "B4", w)).toContain("0.15*B1+0.05*B2+0.8*B3");
    close(overallScoreCentral(1, 0, 0, 0, w).value, 15);

    const pAll = all();
    const changed = all(withEvaluationParams({ hClamp: { min: 0, max: 1.1 }, pClamp: { min: 0, max: 1.3 }, sCap: 1.05, emptyIndices: "one", emptyGoals: "null", emptyRisks: "null", emptySpheres: "zero", allowedScores: [1, 0.5, 0.25, 0], goalWithoutIndicators: "exclude" }));
    for (const i of [0, 2, 3, 4, 5, 10, 11, 12, 13]) expect(changed[i]).not.toBe(pAll[i]);
    expect(changed[4]).toContain("MIN(1.1,");
    expect(changed[12]).toContain("MIN(1.05,");
    close(indexS(2000, 2200, 1, withEvaluationParams({ sCap: 1.05 })).value, 1.05);
  });
});

// ---------------------------------------------------------------------------------------------
// A tiny evaluator of the emitted formula subset (Excel semantics: lazy IF, blanks as 0 in
// arithmetic, aggregates skipping text and blanks, elementwise arrays inside SUMPRODUCT), used to
// check that each generated formula evaluates like its TS function. LibreOffice recalculation
// tests will come separately; this only guards the logic of the generators.
// ---------------------------------------------------------------------------------------------

type XV = number | string | boolean | null | { err: string } | XV[];
type Sheet = Record<string, number | string | boolean | null>;

function xlEval(formula: string, sheet: Sheet): XV {
  const toks = formula.match(/"[^"]*"|\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?|[A-Z][A-Z0-9.]*\(|\d+(?:\.\d+)?|>=|<=|<>|[-+*/^=<>(),]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const eat = (t?: string): string => {
    const x = toks[i++];
    if (t !== undefined && x !== t) throw new Error(`expected ${t} got ${x} in ${formula}`);
    return x;
  };
  const isErr = (v: XV): v is { err: string } => typeof v === "object" && v !== null && !Array.isArray(v) && "err" in v;
  const cellsOf = (ref: string): string[] => {
    const [a, b] = ref.replace(/\$/g, "").split(":");
    if (!b) return [a];
    const [, c1, r1] = /([A-Z]+)(\d+)/.exec(a)!;
    const [, c2, r2] = /([A-Z]+)(\d+)/.exec(b)!;
    if (c1 !== c2) throw new Error("only one-column ranges");
    const out: string[] = [];
    for (let r = +r1; r <= +r2; r++) out.push(`${c1}${r}`);
    return out;
  };
  const num = (v: XV): number | { err: string } => {
    if (isErr(v)) return v;
    if (v === null) return 0;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "number") return v;
    return { err: "#VALUE!" };
  };
  const lift = (a: XV, b: XV, f: (x: XV, y: XV) => XV): XV => {
    if (Array.isArray(a) || Array.isArray(b)) {
      const n = Array.isArray(a) ? a.length : (b as XV[]).length;
      return Array.from({ length: n }, (_, k) => f(Array.isArray(a) ? a[k] : a, Array.isArray(b) ? b[k] : b));
    }
    return f(a, b);
  };
  const arith = (op: string) => (x: XV, y: XV): XV => {
    const a = num(x);
    const b = num(y);
    if (isErr(a)) return a;
    if (isErr(b)) return b;
    if (op === "+") return a + b;
    if (op === "-") return a - b;
    if (op === "*") return a * b;
    if (op === "^") return Math.pow(a, b);
    return b === 0 ? { err: "#DIV/0!" } : a / b;
  };
  const cmp = (op: string) => (x: XV, y: XV): XV => {
    if (isErr(x)) return x;
    if (isErr(y)) return y;
    const norm = (v: XV, other: XV): XV => (v === null ? (typeof other === "string" ? "" : typeof other === "boolean" ? false : 0) : v);
    const a = norm(x, y);
    const b = norm(y, x);
    const rank = (v: XV): number => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
    let c: number;
    if (rank(a) !== rank(b)) c = rank(a) - rank(b);
    else c = (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    return op === "=" ? c === 0 : op === "<>" ? c !== 0 : op === "<" ? c < 0 : op === ">" ? c > 0 : op === "<=" ? c <= 0 : c >= 0;
  };
  const flat = (args: XV[]): XV[] => args.flatMap((a) => (Array.isArray(a) ? a : [a]));
  const truth = (v: XV): boolean | { err: string } => {
    if (isErr(v)) return v;
    if (typeof v === "string") return { err: "#VALUE!" };
    return !!v;
  };

  function primary(): XV {
    const t = eat();
    if (t === "(") {
      const v = expr();
      eat(")");
      return v;
    }
    if (t === "-") {
      const v = primary();
      return lift(v, 0, (x) => arith("-")(0, x));
    }
    if (t.startsWith('"')) return t.slice(1, -1);
    if (/^\d/.test(t)) return Number(t);
    if (t.endsWith("(")) return call(t.slice(0, -1));
    const cells = cellsOf(t);
    if (t.includes(":")) return cells.map((c) => sheet[c] ?? null);
    return sheet[cells[0]] ?? null;
  }
  function power(): XV {
    let v = primary();
    while (peek() === "^") {
      eat();
      v = lift(v, primary(), arith("^"));
    }
    return v;
  }
  function term(): XV {
    let v = power();
    while (peek() === "*" || peek() === "/") {
      const op = eat();
      v = lift(v, power(), arith(op));
    }
    return v;
  }
  function additive(): XV {
    let v = term();
    while (peek() === "+" || peek() === "-") {
      const op = eat();
      v = lift(v, term(), arith(op));
    }
    return v;
  }
  function expr(): XV {
    let v = additive();
    while (["=", "<", ">", "<=", ">=", "<>"].includes(peek() ?? "")) {
      const op = eat();
      v = lift(v, additive(), cmp(op));
    }
    return v;
  }
  /** Parse an argument without evaluating it (for lazy IF): returns a thunk over the token span. */
  function skipArg(): void {
    let depth = 0;
    while (i < toks.length) {
      const t = toks[i];
      if (depth === 0 && (t === "," || t === ")")) return;
      if (t === "(" || t.endsWith("(")) depth++;
      if (t === ")") depth--;
      i++;
    }
  }
  function call(fn: string): XV {
    if (fn === "IF") {
      const c = truth(expr());
      eat(",");
      let res: XV = null;
      if (isErr(c)) { skipArg(); eat(","); skipArg(); eat(")"); return c; }
      if (c) { res = expr(); if (peek() === ",") { eat(","); skipArg(); } }
      else { skipArg(); if (peek() === ",") { eat(","); res = expr(); } else res = false; }
      eat(")");
      return res;
    }
    const args: XV[] = [];
    if (peek() !== ")") {
      args.push(expr());
      while (peek() === ",") { eat(","); args.push(expr()); }
    }
    eat(")");
    const nums = (a: XV[]): number[] => flat(a).filter((v): v is number => typeof v === "number");
    const firstErr = flat(args).find(isErr);
    switch (fn) {
      case "ISNUMBER": return Array.isArray(args[0]) ? args[0].map((v) => typeof v === "number") : typeof args[0] === "number";
      case "AND": case "OR": {
        if (firstErr) return firstErr;
        const bs = args.map(truth);
        const e = bs.find(isErr);
        if (e) return e as { err: string };
        return fn === "AND" ? bs.every(Boolean) : bs.some(Boolean);
      }
      case "MIN": case "MAX": {
        if (firstErr) return firstErr;
        const vs = args.map(num);
        const e = vs.find(isErr);
        if (e) return e as { err: string };
        return fn === "MIN" ? Math.min(...(vs as number[])) : Math.max(...(vs as number[]));
      }
      case "COUNT": return nums(args).length;
      case "AVERAGE": { const v = nums(args); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : { err: "#DIV/0!" }; }
      case "PRODUCT": { const v = nums(args); return v.length ? v.reduce((a, b) => a * b, 1) : 0; }
      case "SUMPRODUCT": { if (firstErr) return firstErr; return flat(args).reduce<number>((a, v) => a + (typeof v === "number" ? v : 0), 0); }
      case "POWER": return arith("^")(args[0], args[1]);
      case "ROUND": { const v = num(args[0]); return isErr(v) ? v : roundHalfAway(v, num(args[1]) as number); }
      default: throw new Error(`unsupported ${fn}`);
    }
  }
  const v = expr();
  if (i !== toks.length) throw new Error(`trailing tokens in ${formula}`);
  return v;
}

/** TS value vs evaluated formula: null ↔ "", numbers to 1e-12. */
const hits = { numeric: 0, excluded: 0 };
function sameAs(ts: number | null, xl: XV): boolean {
  if (ts === null) hits.excluded++;
  else hits.numeric++;
  if (ts === null) return xl === "";
  return typeof xl === "number" && Math.abs(xl - ts) < 1e-12;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe("generated formulas evaluate like the TS functions (test-only evaluator)", () => {
  const r = rng(2012);
  const pick = <T,>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const vals = [null, 0, 1, 2, 5, 5.5, 10, 20, -3, 4.8, 100, 110, 106, 12000, 0.5];
  const variants = [
    P,
    P2,
    withEvaluationParams({ zeroPlannedChange: "exclude", deterioratingPlan: "raw", hClamp: { max: 1.2 }, pClamp: { min: 0.1 } }),
    withEvaluationParams({ sNegativeDynamics: "direct", sZeroDenominator: "exclude", sCap: null, unreliableCapScope: "total", unreliableChargeBelowThreshold: true, eMode: "dOnly", floor: null, roundScore: true, scale: 1 }),
    withEvaluationParams({ sCapInverse: false, eMode: "ignore", sphereCombine: "product", goalWithoutIndicators: "exclude", goalWithoutTasks: "exclude", useOperationalData: false }),
  ];

  it("h, p, S, b, X, W, A on random cells", () => {
    for (const prm of variants) {
      for (let k = 0; k < 400; k++) {
        const sheet: Sheet = { C1: pick(vals), D1: pick(vals), E1: pick(vals), F1: pick([1, -1]), G1: pick(vals) };
        if (r() < 0.3) sheet.D1 = sheet.C1;
        const actual = { official: sheet.E1 as number | null, operational: sheet.G1 as number | null };
        const dir = sheet.F1 as 1 | -1;
        expect(sameAs(indicatorH(sheet.C1 as number, sheet.D1 as number, actual, dir, prm).value, xlEval(excelFormulas.h("C1", "D1", "E1", "F1", prm, "G1"), sheet))).toBe(true);
        expect(sameAs(taskP(sheet.C1 as number, sheet.D1 as number, actual, dir, prm).value, xlEval(excelFormulas.p("C1", "D1", "E1", "F1", prm, "G1"), sheet))).toBe(true);
        expect(sameAs(indexS(sheet.C1 as number, sheet.D1 as number, dir, prm).value, xlEval(excelFormulas.S("C1", "D1", "F1", prm), sheet))).toBe(true);

        const q = { A1: pick([null, 0, 0.5, 1, 0.7]), A2: pick([null, 0, 0.5, 1]) };
        expect(sameAs(sphereScore(q.A1, q.A2, prm).value, xlEval(excelFormulas.b("A1", "A2", prm), q))).toBe(true);

        const kx = { K1: pick([null, "", 0.4, 1]), Y1: pick([null, "", 0.5, 0]) };
        const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
        expect(sameAs(goalX(num(kx.K1), num(kx.Y1), prm).value, xlEval(excelFormulas.X("K1", "Y1", prm), kx))).toBe(true);

        const w = { B1: pick([true, false, null]), B2: pick([true, false, null]), B3: pick([null, 0, 1, 2, 3, 4, 10, 24, 25, 30]) };
        expect(sameAs(penaltiesW({ late: w.B1 as boolean, incomplete: w.B2 as boolean, unreliableFacts: w.B3 as number }, prm).value, xlEval(excelFormulas.W("B1", "B2", "B3", prm), w))).toBe(true);

        const a = { B1: pick([0, 0.25, 0.5, 0.75, 1, "", null]), B2: pick([0, 0.625, 1]), B3: pick([0, 0.3, 0.553333, 1]), B4: pick([0, 1.5, 2.3, 8.5]) };
        const an = (v: unknown): number | null => (typeof v === "number" ? v : null);
        expect(sameAs(overallScoreCentral(an(a.B1), a.B2, a.B3, a.B4, prm).value, xlEval(excelFormulas.Acentral("B1", "B2", "B3", "B4", prm), a))).toBe(true);
        expect(sameAs(overallScoreLocal(an(a.B1), a.B3, a.B2 === 0 ? 0.97 : a.B2, a.B4, prm).value, xlEval(excelFormulas.Alocal("B1", "B3", "B5", "B4", prm), { ...a, B5: a.B2 === 0 ? 0.97 : a.B2 }))).toBe(true);
      }
    }
  });

  it("aggregates over ranges with excluded (\"\") cells: B, C, K, D, E", () => {
    for (const prm of variants) {
      for (let k = 0; k < 200; k++) {
        const n = Math.floor(r() * 5);
        const cells = Array.from({ length: n }, () => pick<number | string | null>([0, 0.5, 1, 0.25, "", null, 0.3]));
        const sheet: Sheet = {};
        cells.forEach((v, j) => (sheet[`H${j + 1}`] = v));
        const range = n ? `H1:H${n}` : "H1:H1";
        if (!n) sheet.H1 = null;
        const comps = cells.map((v): Computation => (typeof v === "number" ? { value: v, trace: { name: "x", value: v } } : { value: null, trace: { name: "x", value: null, excluded: { reason: { kk: "-", ru: "-", en: "-" } } } }));
        expect(sameAs(goalK(comps, prm).value, xlEval(excelFormulas.K(range), sheet))).toBe(true);
        expect(sameAs(coefficientD(comps, prm).value, xlEval(excelFormulas.D(range, prm), sheet))).toBe(true);
        expect(sameAs(coefficientB(comps, prm).value, xlEval(excelFormulas.B({ spheres: range, leaves: range }, prm), sheet))).toBe(true);
        expect(sameAs(coefficientC(cells.map((v) => (typeof v === "number" ? v : null)), prm).value, xlEval(excelFormulas.C(range, prm), sheet))).toBe(true);
        const sComps = comps.map((c) => (c.value === null ? c : { ...c, value: c.value + 0.5 }));
        const sSheet: Sheet = {};
        cells.forEach((v, j) => (sSheet[`H${j + 1}`] = typeof v === "number" ? v + 0.5 : v));
        if (!n) sSheet.H1 = null;
        const e = coefficientE(sComps, prm).value;
        const xe = xlEval(excelFormulas.E(range, prm), sSheet);
        expect(e === null ? xe === "" : typeof xe === "number" && Math.abs(xe - e) < 1e-12).toBe(true);
      }
    }
  });

  it("the random cases exercise both computed and excluded results", () => {
    expect(hits.numeric).toBeGreaterThan(5000);
    expect(hits.excluded).toBeGreaterThan(1000);
  });
});
