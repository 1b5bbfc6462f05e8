import paramsJson from "../../../rules/methodology/block-budget.params.json";
import type { TraceStep } from "../../../src/core/trace";
import {
  BLOCK_BUDGET_PARAM_DOCS,
  DEFAULT_BLOCK_BUDGET_PARAMS,
  averageExpenditure,
  excelFormulas,
  expenditureShare,
  limitForYear,
  resolveBlockBudgetParams,
  smoothedGdp,
  threeYearLimits,
  unusedFunds,
  validateBlockBudgetParams,
  type BlockBudgetParams,
} from "../../../src/core/methodology/block-budget";

// ---------------------------------------------------------------------------------------------
// A tiny evaluator for the generated en-US formulas: only the functions both Excel and
// LibreOffice 7.4 evaluate. It fails the test if the formula uses anything else.
// ---------------------------------------------------------------------------------------------

const ALLOWED = new Set(["IF", "IFERROR", "AND", "OR", "MIN", "MAX", "ROUND", "SUM", "SUMPRODUCT", "AVERAGE", "PRODUCT", "POWER", "ABS", "ISNUMBER", "COUNT"]);

class XlError {
  constructor(public readonly code: string) {}
}
type Blank = { blank: true };
const BLANK: Blank = { blank: true };
type Scalar = number | string | boolean | XlError | Blank;
type Cells = Record<string, number | string | boolean | undefined>;

type Node =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "ref"; v: string }
  | { t: "call"; name: string; args: Node[] }
  | { t: "un"; op: string; a: Node }
  | { t: "bin"; op: string; a: Node; b: Node };

function tokenize(src: string): string[] {
  const re = /\s*(<=|>=|<>|"[^"]*"|[A-Za-z_][A-Za-z0-9_.]*!?\$?[A-Z]*\$?[0-9]*|\d+(?:\.\d+)?|[-+*/^(),=<>&])/y;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < src.length && (m = re.exec(src))) out.push(m[1]);
  if (re.lastIndex < src.length && src.slice(re.lastIndex).trim() !== "") throw new Error(`cannot tokenize at ${src.slice(re.lastIndex)}`);
  return out;
}

function parse(formula: string): Node {
  expect(formula.startsWith("=")).toBe(true);
  const toks = tokenize(formula.slice(1));
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  const PREC: Record<string, number> = { "=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "+": 2, "-": 2, "*": 3, "/": 3, "^": 4 };
  function primary(): Node {
    const tok = next();
    if (tok === undefined) throw new Error("unexpected end");
    if (tok === "(") {
      const e = expr(0);
      expect(next()).toBe(")");
      return e;
    }
    if (tok === "-" || tok === "+") return { t: "un", op: tok, a: primary() };
    if (/^\d/.test(tok)) return { t: "num", v: Number(tok) };
    if (tok.startsWith('"')) return { t: "str", v: tok.slice(1, -1) };
    if (peek() === "(") {
      next();
      const name = tok.toUpperCase();
      if (!ALLOWED.has(name)) throw new Error(`function not allowed: ${name}`);
      const args: Node[] = [];
      if (peek() !== ")") {
        for (;;) {
          args.push(expr(0));
          if (peek() === ",") next();
          else break;
        }
      }
      expect(next()).toBe(")");
      return { t: "call", name, args };
    }
    if (tok === "TRUE" || tok === "FALSE") return { t: "bool", v: tok === "TRUE" };
    return { t: "ref", v: tok };
  }
  function expr(minPrec: number): Node {
    let left = primary();
    for (;;) {
      const op = peek();
      const p = op !== undefined ? PREC[op] : undefined;
      if (p === undefined || p < minPrec) break;
      next();
      const right = expr(op === "^" ? p : p + 1);
      left = { t: "bin", op, a: left, b: right };
    }
    return left;
  }
  const root = expr(0);
  expect(i).toBe(toks.length);
  return root;
}

function evaluate(formula: string, cells: Cells): Scalar {
  const ast = parse(formula);
  const cell = (ref: string): Scalar => {
    const v = cells[ref];
    return v === undefined || v === "" ? BLANK : v;
  };
  const toNum = (v: Scalar): number | XlError => {
    if (v instanceof XlError) return v;
    if (typeof v === "number") return v;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "object") return 0; // blank
    return new XlError("#VALUE!");
  };
  /** Numbers from arguments, as MIN/SUM/AVERAGE/COUNT see them: refs ignore blanks and text. */
  const nums = (args: Node[]): number[] | XlError => {
    const out: number[] = [];
    for (const a of args) {
      if (a.t === "ref") {
        const v = cell(a.v);
        if (v instanceof XlError) return v;
        if (typeof v === "number") out.push(v);
        continue;
      }
      const v = ev(a);
      if (v instanceof XlError) return v;
      const n = toNum(v);
      if (n instanceof XlError) return n;
      out.push(n);
    }
    return out;
  };
  const ev = (n: Node): Scalar => {
    switch (n.t) {
      case "num":
        return n.v;
      case "str":
        return n.v;
      case "bool":
        return n.v;
      case "ref":
        return cell(n.v);
      case "un": {
        const a = toNum(ev(n.a));
        return a instanceof XlError ? a : n.op === "-" ? -a : a;
      }
      case "bin": {
        const av = ev(n.a);
        const bv = ev(n.b);
        if (av instanceof XlError) return av;
        if (bv instanceof XlError) return bv;
        if (["=", "<>", "<", ">", "<=", ">="].includes(n.op)) {
          const norm = (x: Scalar) => (typeof x === "object" ? (typeof (n.op === "=" ? bv : av) === "boolean" ? false : 0) : x);
          const a = norm(av);
          const b = norm(bv);
          if (typeof a !== typeof b) return n.op === "<>";
          const c = a < b ? -1 : a > b ? 1 : 0;
          return { "=": c === 0, "<>": c !== 0, "<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0 }[n.op]!;
        }
        const a = toNum(av);
        const b = toNum(bv);
        if (a instanceof XlError) return a;
        if (b instanceof XlError) return b;
        switch (n.op) {
          case "+":
            return a + b;
          case "-":
            return a - b;
          case "*":
            return a * b;
          case "/":
            return b === 0 ? new XlError("#DIV/0!") : a / b;
          case "^":
            return Math.pow(a, b);
        }
        throw new Error(n.op);
      }
      case "call": {
        const args = n.args;
        switch (n.name) {
          case "IF": {
            const c = ev(args[0]);
            if (c instanceof XlError) return c;
            const truthy = typeof c === "boolean" ? c : toNum(c) !== 0;
            return truthy ? ev(args[1]) : args.length > 2 ? ev(args[2]) : false;
          }
          case "IFERROR": {
            const v = ev(args[0]);
            return v instanceof XlError ? ev(args[1]) : v;
          }
          case "AND":
          case "OR": {
            const vs = args.map(ev);
            const e = vs.find((v) => v instanceof XlError);
            if (e) return e;
            const bs = vs.map((v) => (typeof v === "boolean" ? v : toNum(v) !== 0));
            return n.name === "AND" ? bs.every(Boolean) : bs.some(Boolean);
          }
          case "COUNT":
            return args.reduce((k, a) => k + (typeof (a.t === "ref" ? cell(a.v) : ev(a)) === "number" ? 1 : 0), 0);
          case "ISNUMBER":
            return typeof ev(args[0]) === "number";
          case "ABS": {
            const a = toNum(ev(args[0]));
            return a instanceof XlError ? a : Math.abs(a);
          }
          case "ROUND": {
            const a = toNum(ev(args[0]));
            const d = toNum(ev(args[1]));
            if (a instanceof XlError) return a;
            if (d instanceof XlError) return d;
            const f = Math.pow(10, d);
            return (Math.sign(a) * Math.round(Math.abs(a) * f * (1 + Number.EPSILON))) / f;
          }
          case "POWER": {
            const a = toNum(ev(args[0]));
            const b = toNum(ev(args[1]));
            if (a instanceof XlError) return a;
            if (b instanceof XlError) return b;
            return Math.pow(a, b);
          }
          default: {
            const xs = nums(args);
            if (xs instanceof XlError) return xs;
            switch (n.name) {
              case "MIN":
                return xs.length ? Math.min(...xs) : 0;
              case "MAX":
                return xs.length ? Math.max(...xs) : 0;
              case "SUM":
              case "SUMPRODUCT":
                return xs.reduce((a, b) => a + b, 0);
              case "PRODUCT":
                return xs.reduce((a, b) => a * b, 1);
              case "AVERAGE":
                return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : new XlError("#DIV/0!");
            }
            throw new Error(n.name);
          }
        }
      }
    }
  };
  return ev(ast);
}

// ---------------------------------------------------------------------------------------------
// Fixtures: the worked example of methodology-formulas.md §5.1–§5.3
// ---------------------------------------------------------------------------------------------

// GDP in trillion tenge, expenditure in billion tenge (spec §5.1 worked example).
const GDP_TN = [100, 110, 120, 130, 140];
const GDP_BN = GDP_TN.map((x) => x * 1000);
const EXP = [500, 520, 560, 620];
const PLANNED_TN = [140, 150, 160];
const PLANNED_BN = PLANNED_TN.map((x) => x * 1000);

const P = DEFAULT_BLOCK_BUDGET_PARAMS;
const close = (a: number | null | undefined, b: number, eps = 1e-9) => {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(eps);
};

function walk(t: TraceStep, f: (s: TraceStep) => void): void {
  f(t);
  t.children?.forEach((c) => walk(c, f));
}
function names(t: TraceStep): Set<string> {
  const s = new Set<string>();
  walk(t, (x) => s.add(x.name));
  return s;
}
function assertNoNaN(x: unknown): void {
  JSON.stringify(x, (_k, v) => {
    if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
    return v;
  });
  // JSON turns NaN into null; check the raw numbers too.
  const visit = (v: unknown): void => {
    if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(x);
}

// Sheet layout for the formula tests: GDP B2:B6, expenditure C2:C5, planned GDP D2:D4.
const GDP_REFS = ["B2", "B3", "B4", "B5", "B6"];
const EXP_REFS = ["C2", "C3", "C4", "C5"];
const PLANNED_REFS = ["D2", "D3", "D4"];
function sheet(gdp: (number | undefined)[], exp: (number | undefined)[], planned: (number | undefined)[]): Cells {
  const c: Cells = {};
  gdp.forEach((v, i) => (c[GDP_REFS[i]] = v));
  exp.forEach((v, i) => (c[EXP_REFS[i] ?? "C6"] = v));
  planned.forEach((v, i) => (c[PLANNED_REFS[i]] = v));
  return c;
}

// ---------------------------------------------------------------------------------------------

describe("parameters", () => {
  it("defaults come from the JSON and every key has a doc citing the spec and the seed", () => {
    const json = paramsJson as unknown as { params: Record<string, { default: unknown; doc: string }> };
    expect(Object.keys(json.params).sort()).toEqual(Object.keys(P).sort());
    for (const [k, v] of Object.entries(json.params)) {
      expect((P as unknown as Record<string, unknown>)[k]).toEqual(v.default);
      expect(v.doc).toMatch(/§|R1\d\d/);
      expect(v.doc).toMatch(/p\.\d|004/);
      expect(BLOCK_BUDGET_PARAM_DOCS[k as keyof BlockBudgetParams]).toBe(v.doc);
    }
    expect(P).toMatchObject({
      gdpSmoothingYears: 5,
      gdpSmoothingMethod: "arithmeticMean",
      expenditureYearsAveraged: 4,
      limitMode: "perYear",
      advanceTransferCapPercent: 10,
      advanceTransferCapReading: "cumulative",
      unusedFundsThresholdPercent: 5,
      unusedFundsOverThresholdReading: "whole",
    });
    expect(P.unit.kk).toBe("мың теңге");
    expect(validateBlockBudgetParams(P)).toEqual([]);
  });

  it("reports invalid params instead of throwing", () => {
    const bad = resolveBlockBudgetParams({ expenditureYearsAveraged: 0 });
    expect(validateBlockBudgetParams(bad)).toEqual(["expenditureYearsAveraged"]);
    const r = averageExpenditure(EXP, bad);
    expect(r.value).toBeNull();
    expect(r.trace.excluded?.reason.en).toMatch(/expenditureYearsAveraged/);
    expect(excelFormulas.averageExpenditure(EXP_REFS, bad)).toBe('=""');
    expect(() => threeYearLimits({ gdp: GDP_BN, expenditure: EXP, plannedGdp: PLANNED_BN }, bad)).not.toThrow();
    expect(threeYearLimits({ gdp: GDP_BN, expenditure: EXP, plannedGdp: PLANNED_BN }, bad).value).toBeNull();
    expect(smoothedGdp(GDP_BN, null as unknown as BlockBudgetParams).value).toBeNull();
  });
});

describe("p.6 worked example (methodology-formulas.md §5.1)", () => {
  it("ТЖІӨ, ОМ ∑жж, ШҮ %, limits by year and the three-year total, exactly", () => {
    const tg = smoothedGdp(GDP_BN);
    close(tg.value, 120000);
    expect(tg.trace.name).toBe("ТЖІӨ");
    expect(tg.trace.formula).toBe("(100000 + 110000 + 120000 + 130000 + 140000) / 5 = 120000");
    expect(tg.trace.label?.kk).toContain("тегістелген ЖІӨ");

    const om = averageExpenditure(EXP);
    close(om.value, 550);
    expect(om.trace.name).toBe("ОМ ∑жж");
    expect(om.trace.formula).toBe("(500 + 520 + 560 + 620) / 4 = 550");

    const sh = expenditureShare(om, tg);
    close(sh.value, (550 * 100) / 120000);
    close(sh.value, 0.458333333333, 1e-9);
    expect(sh.trace.name).toBe("ШҮ %");
    expect(sh.trace.formula).toBe("550 × 100 % / 120000 = 0.458333 %");

    const l1 = limitForYear({ share: sh, plannedGdp: 140000, year: 1 });
    close(l1.value, 641.6666666666667);
    expect(l1.trace.name).toBe("ББӘ лимиті_1");
    expect(l1.trace.formula).toContain("140000 × 0.458333 % = 641.666667");

    const all = threeYearLimits({ gdp: GDP_BN, expenditure: EXP, plannedGdp: PLANNED_BN });
    close(all.years[0].value, 641.6666666666667);
    close(all.years[1].value, 687.5);
    close(all.years[2].value, 733.3333333333334);
    close(all.value, 2062.5);
    expect(all.trace.formula).toContain("= 2062.5");
    for (const lang of ["kk", "ru", "en"] as const) expect(all.trace.label?.[lang]).toContain("ББӘ лимиті");
  });

  it("GDP in trillion with gdpUnitFactor = 1000 gives a true percentage and the same limits", () => {
    const k = resolveBlockBudgetParams({ gdpUnitFactor: 1000 });
    const all = threeYearLimits({ gdp: GDP_TN, expenditure: EXP, plannedGdp: PLANNED_TN }, k);
    close(all.smoothedGdp.value, 120);
    close(all.share.value, 0.458333333333, 1e-9);
    close(all.value, 2062.5);
    // With factor 1 the GDP unit still cancels in the limit; only ШҮ % is not a percentage.
    const raw = threeYearLimits({ gdp: GDP_TN, expenditure: EXP, plannedGdp: PLANNED_TN });
    close(raw.share.value, 458.333333333333, 1e-9);
    close(raw.value, 2062.5);
  });

  it("the trace of the total limit reaches each input", () => {
    const r = threeYearLimits({ gdp: GDP_BN, expenditure: EXP, plannedGdp: PLANNED_BN });
    close(r.value, 2062.5);
    const n = names(r.trace);
    for (const x of ["ЖІӨ1", "ЖІӨ2", "ЖІӨ3", "ЖІӨ4", "ЖІӨ5", "∑1", "∑2", "∑3", "∑4", "ЖІӨ жк_1", "ЖІӨ жк_2", "ЖІӨ жк_3", "ТЖІӨ", "ОМ ∑жж", "ШҮ %", "ББӘ лимиті_1", "ББӘ лимиті_2", "ББӘ лимиті_3"]) {
      expect(n.has(x)).toBe(true);
    }
    // and the leaves carry the actual input values
    const leaves: Record<string, number | null> = {};
    walk(r.trace, (s) => (leaves[s.name] = s.value));
    expect([leaves["ЖІӨ1"], leaves["ЖІӨ5"], leaves["∑4"], leaves["ЖІӨ жк_3"]]).toEqual([100000, 140000, 620, 160000]);
    // every step with a value has kk/ru/en labels or is a raw input
    walk(r.trace, (s) => {
      if (s.label) for (const lang of ["kk", "ru", "en"] as const) expect(s.label[lang].length).toBeGreaterThan(0);
    });
  });

  it("local level uses ЖӨӨ / ТЖӨӨ", () => {
    const r = threeYearLimits({ level: "local", gdp: GDP_BN, expenditure: EXP, plannedGdp: PLANNED_BN });
    close(r.value, 2062.5);
    const n = names(r.trace);
    expect(n.has("ТЖӨӨ")).toBe(true);
    expect(n.has("ЖӨӨ3")).toBe(true);
    expect(n.has("ТЖІӨ")).toBe(false);
  });
});

describe("edge cases: null with a reason, never NaN/Infinity, never a throw", () => {
  it("a missing year", () => {
    const gdp = [100000, 110000, null, 130000, 140000];
    const tg = smoothedGdp(gdp);
    expect(tg.value).toBeNull();
    expect(tg.trace.excluded?.reason.en).toMatch(/ЖІӨ3 is missing/);
    const r = threeYearLimits({ gdp, expenditure: EXP, plannedGdp: PLANNED_BN });
    expect(r.value).toBeNull();
    expect(r.trace.excluded?.reason.en).toMatch(/ЖІӨ3/);
    assertNoNaN(r);

    const short = averageExpenditure([500, 520, 560]);
    expect(short.value).toBeNull();
    expect(short.trace.excluded?.reason.kk).toMatch(/∑4/);

    const missingPlanned = threeYearLimits({ gdp: GDP_BN, expenditure: EXP, plannedGdp: [140000, undefined, 160000] });
    expect(missingPlanned.years[0].value).not.toBeNull();
    expect(missingPlanned.years[1].value).toBeNull();
    expect(missingPlanned.value).toBeNull();
    expect(missingPlanned.trace.excluded?.reason.en).toMatch(/ЖІӨ жк_2/);
  });

  it("zero or negative GDP", () => {
    for (const bad of [0, -5]) {
      const tg = smoothedGdp([100000, 110000, bad, 130000, 140000]);
      expect(tg.value).toBeNull();
      expect(tg.trace.excluded?.reason.en).toMatch(/greater than zero/);
    }
    const sh = expenditureShare(550, 0);
    expect(sh.value).toBeNull();
    expect(sh.trace.excluded?.reason.en).toMatch(/division by zero/);
    const l = limitForYear({ gdp: GDP_BN, expenditure: EXP, plannedGdp: 0 });
    expect(l.value).toBeNull();
    assertNoNaN([sh, l, tg()]);
    function tg() {
      return smoothedGdp([0, 0, 0, 0, 0]);
    }
  });

  it("negative expenditure, text and NaN/Infinity in cells", () => {
    const om = averageExpenditure([500, -520, 560, 620]);
    expect(om.value).toBeNull();
    expect(om.trace.excluded?.reason.en).toMatch(/negative/);
    const weird = averageExpenditure([500, "520" as unknown as number, NaN, Infinity]);
    expect(weird.value).toBeNull();
    expect(smoothedGdp(undefined as unknown as number[]).value).toBeNull();
    const r = threeYearLimits(undefined as unknown as Parameters<typeof threeYearLimits>[0]);
    expect(r.value).toBeNull();
    const huge = smoothedGdp([1e308, 1e308, 1e308, 1e308, 1e308]);
    expect(huge.value).toBeNull();
    assertNoNaN([om, weird, r, huge]);
  });

  it("values beyond the formula are shown as excluded, not used (p.6: 4 expenditure values)", () => {
    const om = averageExpenditure([500, 520, 560, 620, 700]);
    close(om.value, 550);
    const s5 = om.trace.children?.find((c) => c.name === "∑5");
    expect(s5?.excluded?.reason.en).toMatch(/averages 4 values/);
  });
});

describe("p.8 and p.45: the 5 % rule (computed; R153, R154 are the pack's rules)", () => {
  it("≤ 5 %: carried over in full, not under-utilisation (spec: Pr 800, executed 770)", () => {
    const r = unusedFunds(800, 770, false);
    close(r.sharePercent, 3.75);
    expect(r).toMatchObject({ withinThreshold: true, countsAsUnderUtilisation: false, carryOver: 30, writtenOff: 0, known: true, basis: "withinThreshold" });
    // exactly 5 % is allowed ("бес пайызынан аспайтын")
    expect(unusedFunds(800, 760, false)).toMatchObject({ withinThreshold: true, carryOver: 40, writtenOff: 0 });
  });

  it("> 5 % without an exception: written off — whole (default) or the excess only", () => {
    const a = unusedFunds(800, 750, false);
    close(a.sharePercent, 6.25);
    expect(a).toMatchObject({ withinThreshold: false, countsAsUnderUtilisation: true, carryOver: 0, writtenOff: 50, known: true });
    const b = unusedFunds(800, 750, false, resolveBlockBudgetParams({ unusedFundsOverThresholdReading: "excessOnly" }));
    expect(b).toMatchObject({ carryOver: 40, writtenOff: 10, basis: "thresholdPart" });
  });

  it("> 5 % with a p.8 ¶4 exception recorded: not written off", () => {
    const r = unusedFunds(800, 750, true);
    expect(r).toMatchObject({ withinThreshold: false, carryOver: 50, writtenOff: 0, basis: "exception", exceptionRecorded: true, known: true });
    // numeric form: the exempt amount is taken out before the test (spec §5.3 POLICY)
    const part = unusedFunds(800, 750, 20);
    expect(part).toMatchObject({ withinThreshold: true, carryOver: 50, writtenOff: 0, exemptAmount: 20 });
    close(part.sharePercent, 3.75);
  });

  it("bad data gives null with a reason, not known", () => {
    for (const [pr, used] of [
      [0, 0],
      [-5, 1],
      [800, 900],
      [800, -1],
      [null, 5],
      [800, undefined],
    ] as const) {
      const r = unusedFunds(pr, used, false);
      expect(r.value).toBeNull();
      expect(r.known).toBe(false);
      expect(r.trace.excluded?.reason.en.length).toBeGreaterThan(0);
      assertNoNaN(r);
    }
  });

  it("a param change changes the result", () => {
    const six = resolveBlockBudgetParams({ unusedFundsThresholdPercent: 7 });
    expect(unusedFunds(800, 750, false, six)).toMatchObject({ withinThreshold: true, carryOver: 50, writtenOff: 0 });
  });
});

describe("perPeriod limit mode", () => {
  it("one limit for the period, years not computed", () => {
    const pp = resolveBlockBudgetParams({ limitMode: "perPeriod" });
    const r = threeYearLimits({ gdp: GDP_BN, expenditure: EXP, plannedGdp: PLANNED_BN }, pp);
    close(r.value, 2062.5);
    expect(r.years.every((y) => y.value === null && y.trace.excluded)).toBe(true);
    const one = threeYearLimits({ gdp: GDP_BN, expenditure: EXP, plannedGdp: [450000] }, pp);
    close(one.value, 2062.5);
    const n = names(r.trace);
    for (const x of ["ЖІӨ1", "ЖІӨ5", "∑1", "∑4", "ЖІӨ жк_1", "ЖІӨ жк_3"]) expect(n.has(x)).toBe(true);
  });
});

describe("Excel formula generators", () => {
  const cells = sheet(GDP_BN, EXP, PLANNED_BN);

  it("use only the allowed functions and reproduce the worked example", () => {
    const all = [
      excelFormulas.smoothedGdp(GDP_REFS),
      excelFormulas.averageExpenditure(EXP_REFS),
      excelFormulas.expenditureShare({ gdpRefs: GDP_REFS, expRefs: EXP_REFS }),
      excelFormulas.limitForYear({ gdpRefs: GDP_REFS, expRefs: EXP_REFS, plannedGdpRef: "D2" }),
      excelFormulas.threeYearTotal({ gdpRefs: GDP_REFS, expRefs: EXP_REFS, plannedGdpRefs: PLANNED_REFS }),
    ];
    for (const f of all) {
      for (const m of f.matchAll(/([A-Z]+)\(/g)) expect(ALLOWED.has(m[1])).toBe(true);
      expect(f).not.toMatch(/XLOOKUP|LET\(|IFS\(|NOT\(/);
    }
    close(evaluate(all[0], cells) as number, 120000);
    close(evaluate(all[1], cells) as number, 550);
    close(evaluate(all[2], cells) as number, 0.458333333333, 1e-9);
    close(evaluate(all[3], cells) as number, 641.6666666666667);
    close(evaluate(all[4], cells) as number, 2062.5);
    expect(all[0]).toBe('=IFERROR(IF(OR(COUNT(B2,B3,B4,B5,B6)<5,MIN(B2,B3,B4,B5,B6)<=0),"",AVERAGE(B2,B3,B4,B5,B6)),"")');
  });

  it("yield \"\" rather than #DIV/0! when inputs are missing or invalid", () => {
    const f = excelFormulas.limitForYear({ gdpRefs: GDP_REFS, expRefs: EXP_REFS, plannedGdpRef: "D2" });
    expect(evaluate(f, {})).toBe("");
    expect(evaluate(f, sheet([100000, 110000, undefined, 130000, 140000], EXP, PLANNED_BN))).toBe("");
    expect(evaluate(f, sheet([0, 0, 0, 0, 0], EXP, PLANNED_BN))).toBe("");
    expect(evaluate(f, sheet(GDP_BN, [500, -1, 560, 620], PLANNED_BN))).toBe("");
    expect(evaluate(f, sheet(GDP_BN, EXP, [undefined]))).toBe("");
    expect(evaluate(f, { ...cells, B4: "n/a" })).toBe("");
    expect(evaluate(excelFormulas.expenditureShare({ gdpRefs: GDP_REFS, expRefs: EXP_REFS }), {})).toBe("");
    expect(evaluate(excelFormulas.unusedShare({ allocatedRef: "F2", usedRef: "F3" }), { F2: 0, F3: 0 })).toBe("");
    expect(excelFormulas.smoothedGdp([])).toBe('=""');
  });

  it("a param change changes the generated formula and the value, in step with the TS functions", () => {
    const refs = { gdpRefs: GDP_REFS, expRefs: [...EXP_REFS, "C6"], plannedGdpRef: "D2" };
    const five = resolveBlockBudgetParams({ expenditureYearsAveraged: 5 });
    const f4 = excelFormulas.limitForYear(refs, P);
    const f5 = excelFormulas.limitForYear(refs, five);
    expect(f4).not.toBe(f5);
    expect(f4).toContain("AVERAGE(C2,C3,C4,C5)");
    expect(f5).toContain("AVERAGE(C2,C3,C4,C5,C6)");
    const c = { ...cells, C6: 700 };
    const ts4 = limitForYear({ gdp: GDP_BN, expenditure: [...EXP, 700], plannedGdp: 140000 }, P);
    const ts5 = limitForYear({ gdp: GDP_BN, expenditure: [...EXP, 700], plannedGdp: 140000 }, five);
    close(ts4.value, 641.6666666666667);
    close(ts5.value, (140000 * 580) / 120000);
    close(evaluate(f4, c) as number, ts4.value as number);
    close(evaluate(f5, c) as number, ts5.value as number);

    const geo = resolveBlockBudgetParams({ gdpSmoothingMethod: "geometricMean" });
    const g = excelFormulas.smoothedGdp(GDP_REFS, geo);
    expect(g).toContain("POWER(PRODUCT(B2,B3,B4,B5,B6),1/5)");
    close(evaluate(g, cells) as number, smoothedGdp(GDP_BN, geo).value as number, 1e-6);

    const rounded = resolveBlockBudgetParams({ roundLimitValues: true, displayDecimals: 1 });
    const fr = excelFormulas.limitForYear(refs, rounded);
    expect(fr).toContain("ROUND(");
    expect(evaluate(fr, cells)).toBe(641.7);
    expect(limitForYear({ gdp: GDP_BN, expenditure: EXP, plannedGdp: 140000 }, rounded).value).toBe(641.7);
    expect(excelFormulas.limitNumberFormat(rounded)).toBe("#,##0.0");

    const kFactor = resolveBlockBudgetParams({ gdpUnitFactor: 1000 });
    const fk = excelFormulas.expenditureShare({ gdpRefs: GDP_REFS, expRefs: EXP_REFS }, kFactor);
    close(evaluate(fk, sheet(GDP_TN, EXP, PLANNED_TN)) as number, 0.458333333333, 1e-9);
    close(evaluate(excelFormulas.threeYearTotal({ gdpRefs: GDP_REFS, expRefs: EXP_REFS, plannedGdpRefs: PLANNED_REFS }, kFactor), sheet(GDP_TN, EXP, PLANNED_TN)) as number, 2062.5);

    const pp = resolveBlockBudgetParams({ limitMode: "perPeriod" });
    const tp = excelFormulas.threeYearTotal({ gdpRefs: GDP_REFS, expRefs: EXP_REFS, plannedGdpRefs: PLANNED_REFS }, pp);
    expect(tp).toContain("SUM(D2,D3,D4)");
    close(evaluate(tp, cells) as number, 2062.5);
  });

  it("unused funds: share, carry-over and write-off, with and without an exception, both readings", () => {
    const refs = { allocatedRef: "F2", usedRef: "F3", exceptionRef: "F4" };
    close(evaluate(excelFormulas.unusedShare(refs), { F2: 800, F3: 750 }) as number, 6.25);
    expect(evaluate(excelFormulas.unusedCarryOver(refs), { F2: 800, F3: 770 })).toBe(30);
    expect(evaluate(excelFormulas.unusedCarryOver(refs), { F2: 800, F3: 750 })).toBe(0);
    expect(evaluate(excelFormulas.unusedWriteOff(refs), { F2: 800, F3: 750 })).toBe(50);
    expect(evaluate(excelFormulas.unusedCarryOver(refs), { F2: 800, F3: 750, F4: true })).toBe(50);
    expect(evaluate(excelFormulas.unusedWriteOff(refs), { F2: 800, F3: 750, F4: true })).toBe(0);
    const b = resolveBlockBudgetParams({ unusedFundsOverThresholdReading: "excessOnly" });
    expect(excelFormulas.unusedCarryOver(refs, b)).not.toBe(excelFormulas.unusedCarryOver(refs, P));
    expect(evaluate(excelFormulas.unusedCarryOver(refs, b), { F2: 800, F3: 750 })).toBe(40);
    expect(evaluate(excelFormulas.unusedWriteOff(refs, b), { F2: 800, F3: 750 })).toBe(10);
    // same answers as the TS function
    for (const used of [770, 760, 750, 700]) {
      for (const exc of [false, true]) {
        const ts = unusedFunds(800, used, exc);
        expect(evaluate(excelFormulas.unusedCarryOver(refs), { F2: 800, F3: used, F4: exc })).toBe(ts.carryOver);
        expect(evaluate(excelFormulas.unusedWriteOff(refs), { F2: 800, F3: used, F4: exc })).toBe(ts.writtenOff);
      }
    }
  });
});
