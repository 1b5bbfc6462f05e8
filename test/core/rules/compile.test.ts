/**
 * The compiled rule runner (src/core/rules/compile.ts) on its own: unit tests of what it compiles
 * and refuses, and a generated differential test — random condition trees over random facts —
 * against json-rules-engine itself (the same rule object, the same custom operators), covering
 * where the two could differ: same-priority conditions the engine evaluates together, priorities,
 * inherited property names, operators that throw, missing facts and paths.
 */
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { compileConditions, factsUsed, kindGuard, parsePath, RuleCompileError, type Facts } from "../../../src/core/rules/compile";
import { CUSTOM_OPERATORS } from "../../../src/core/rules/operators";
import type { Condition, RuleDef } from "../../../src/core/rules/types";

const rule = (conditions: unknown, name = "T"): RuleDef =>
  ({ name, conditions, event: { type: "violation", params: {} } }) as unknown as RuleDef;
const run = (conditions: unknown, facts: Facts) => compileConditions(rule(conditions))(facts);

function compileError(conditions: unknown): RuleCompileError {
  try {
    compileConditions(rule(conditions, "R-1"));
  } catch (e) {
    if (e instanceof RuleCompileError) return e;
    throw e;
  }
  throw new Error("expected a RuleCompileError");
}

describe("compileConditions", () => {
  test("all / any / not over leaves, with paths and fact references", () => {
    const facts = { row: { kind: "TI", plan: 5, actual: 7, list: [1, 2] }, params: { max: 6 } };
    expect(run({ all: [{ fact: "row", path: "$.kind", operator: "equal", value: "TI" }, { fact: "row", path: "$.actual", operator: "greaterThan", value: { fact: "params", path: "$.max" } }] }, facts)).toBe(true);
    expect(run({ all: [{ fact: "row", path: "$.kind", operator: "equal", value: "TI" }, { fact: "row", path: "$.plan", operator: "greaterThan", value: { fact: "params", path: "$.max" } }] }, facts)).toBe(false);
    expect(run({ any: [{ fact: "row", path: "$.plan", operator: "equal", value: 1 }, { fact: "row", path: "$.list[1]", operator: "equal", value: 2 }] }, facts)).toBe(true);
    expect(run({ not: { fact: "row", path: "$['kind']", operator: "in", value: ["TI", "GOAL"] } }, facts)).toBe(false);
    expect(run({ all: [{ fact: "row", path: "$.list", operator: "contains", value: 2 }, { fact: "row", path: "$.actual", operator: "between", value: [7, 9] }] }, facts)).toBe(true);
  });

  test("empty all and empty any are true, as in json-rules-engine", () => {
    expect(run({ all: [] }, {})).toBe(true);
    expect(run({ any: [] }, {})).toBe(true);
    expect(run({ not: { any: [] } }, {})).toBe(false);
  });

  test("missing facts and paths read as undefined; a path on a non-object fact gives the fact itself", () => {
    expect(run({ all: [{ fact: "nothing", operator: "isBlank", value: true }] }, {})).toBe(true);
    expect(run({ all: [{ fact: "row", path: "$.a.b.c", operator: "equal", value: undefined }] }, { row: { a: 1 } })).toBe(true);
    expect(run({ all: [{ fact: "year", path: "$.value", operator: "equal", value: 2024 }] }, { year: 2024 })).toBe(true);
  });

  test("inherited names are not facts or members: constructor, toString", () => {
    expect(run({ all: [{ fact: "constructor", operator: "equal", value: undefined }] }, {})).toBe(true);
    expect(run({ all: [{ fact: "row", path: "$.toString", operator: "equal", value: undefined }] }, { row: {} })).toBe(true);
  });

  test("an operator that throws makes the evaluation throw, even after a false condition of the same priority", () => {
    const bad = { fact: "row", path: "$.kind", operator: "in", value: { fact: "row", path: "$.missing" } };
    expect(() => run({ all: [{ fact: "row", path: "$.kind", operator: "equal", value: "X" }, bad] }, { row: { kind: "TI" } })).toThrow(TypeError);
    // …but not when the false condition has a higher priority: the engine stops after its group.
    expect(run({ all: [{ fact: "row", path: "$.kind", operator: "equal", value: "X", priority: 5 }, bad] }, { row: { kind: "TI" } })).toBe(false);
  });

  test("refuses what it does not support, naming the rule and the JSON path", () => {
    const e1 = compileError({ all: [{ fact: "row", operator: "roughlyEqual", value: 1 }] });
    expect(e1.rule).toBe("R-1");
    expect(e1.path).toBe("/conditions/all/0");
    expect(e1.message).toBe('rule R-1 at /conditions/all/0: unknown operator "roughlyEqual"');
    expect(compileError({ any: [{ all: [{ fact: "row", path: "$..kind", operator: "equal", value: 1 }] }] }).path).toBe("/conditions/any/0/all/0");
    expect(compileError({ all: [{ fact: "row", path: "$.kind", operator: "equal", value: { fact: "row", path: "kind" } }] }).path).toBe("/conditions/all/0/value");
    expect(compileError({ all: [{ condition: "shared" }] }).message).toMatch(/shared condition references/);
    expect(compileError({ all: [{ fact: "row", operator: "equal:upper", value: 1 }] }).message).toMatch(/decorators/);
    expect(compileError({ all: [{ operator: "equal", value: 1 }] }).message).toMatch(/needs a fact/);
    expect(compileError({ fact: "row", operator: "equal", value: 1 }).path).toBe("/conditions");
    expect(compileError({ not: { all: "x" } }).path).toBe("/conditions/not/all");
  });

  test("parsePath, kindGuard and factsUsed", () => {
    expect(parsePath("$.a[0]['b c'].d")).toEqual(["a", "0", "b c", "d"]);
    expect(parsePath("$..a")).toBeNull();
    expect(parsePath("a.b")).toBeNull();
    expect(kindGuard(rule({ all: [{ fact: "row", path: "$.kind", operator: "in", value: ["TI", "GOAL"] }, { fact: "x", operator: "equal", value: 1 }] }))).toEqual(["TI", "GOAL"]);
    expect(kindGuard(rule({ any: [{ fact: "row", path: "$.kind", operator: "equal", value: "TI" }] }))).toBeNull();
    const c = { all: [{ fact: "row", operator: "equal", value: { fact: "params" } }, { not: { fact: "header", operator: "isBlank", value: true } }] } as unknown as Condition;
    expect([...factsUsed(c)].sort()).toEqual(["header", "params", "row"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: the compiled runner against json-rules-engine on generated rules and facts
// ---------------------------------------------------------------------------------------------

// Inherited names are tried as fact names and as path members (values holding such keys are left
// out: json-rules-engine copies a condition's value and drops them, an artefact of no rule pack).
// Facts are plain JSON-like values, as facts.ts builds them (no null-prototype objects, which
// make even the numeric operators throw).
const NAMES = ["a", "b", "row", "constructor", "toString", "hasOwnProperty"];
const scalar = fc.oneof(
  fc.constant(null), fc.constant(undefined), fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.double({ min: -5, max: 5, noNaN: true }),
  fc.constantFrom("", " ", "2", "2024-01-15", "15.01.2024", "TI", "ti", "Орындалды", "орындалды.", "x y z", "("),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "row", "0", "kind"), tie("v"), { maxKeys: 3, noNullPrototype: true })),
})).v;
const facts = fc.dictionary(fc.constantFrom(...NAMES.filter((n) => !["constructor", "toString", "hasOwnProperty"].includes(n)), "kind"), value, { maxKeys: 4, noNullPrototype: true });
const path = fc.option(fc.constantFrom("$.a", "$.a.b", "$.kind", "$[0]", "$['a']", "$.length", "$.constructor", "$.toString", "$.a[1]"), { nil: undefined });
const OPERATORS = [
  "equal", "notEqual", "in", "notIn", "contains", "doesNotContain", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive",
  "isBlank", "notBlank", "dateLt", "dateGte", "inSetKk", "startsWithKk", "between", "matches", "notMatches", "sizeGreaterThan", "equalKk", "matchesKk",
];
const operand = fc.oneof(value, fc.constantFrom(["TI", "GOAL"], [1, 2], ["орындалды"], "^\\d+$", "(", [0, 2]), fc.record({ fact: fc.constantFrom(...NAMES), path }, { requiredKeys: ["fact"] }));
const priority = fc.option(fc.constantFrom(1, 2, 3), { nil: undefined });
const leaf = fc.record({ fact: fc.constantFrom(...NAMES), path, operator: fc.constantFrom(...OPERATORS), value: operand, priority }, { requiredKeys: ["fact", "operator", "value"] });
const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("node"), { maxLength: 4 }), priority }, { requiredKeys: ["all"] }),
    fc.record({ any: fc.array(tie("node"), { maxLength: 4 }), priority }, { requiredKeys: ["any"] }),
    fc.record({ not: tie("node"), priority }, { requiredKeys: ["not"] }),
  ),
})).node;
const root = fc.oneof(fc.record({ all: fc.array(tree, { maxLength: 4 }) }), fc.record({ any: fc.array(tree, { maxLength: 4 }) }), fc.record({ not: tree }));

type Outcome = "fires" | "silent" | "throws";

async function engineOutcome(conditions: unknown, f: Facts): Promise<Outcome> {
  const engine = new Engine([{ name: "T", conditions, event: { type: "violation" } }] as never[], { allowUndefinedFacts: true });
  for (const [name, fn] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, (a: unknown, b: unknown) => fn(a, b));
  try {
    const { events } = await engine.run({ ...f });
    return events.length ? "fires" : "silent";
  } catch {
    return "throws";
  }
}

function compiledOutcome(conditions: unknown, f: Facts): Outcome {
  const test = compileConditions(rule(structuredClone(conditions)));
  try {
    return test(f) ? "fires" : "silent";
  } catch {
    return "throws";
  }
}

describe("compiled runner = json-rules-engine on generated rules and facts", () => {
  const seen: Record<Outcome, number> = { fires: 0, silent: 0, throws: 0 };

  test("same outcome (fires, silent or throws) for every generated case", async () => {
    await fc.assert(
      fc.asyncProperty(root, facts, async (conditions, f) => {
        const expected = await engineOutcome(structuredClone(conditions), f);
        const actual = compiledOutcome(conditions, f);
        seen[actual]++;
        expect(actual).toBe(expected);
      }),
      { numRuns: 1500 },
    );
  });

  test("the generated cases exercise every outcome", () => {
    // A generator that never produced a throw or a firing rule would prove nothing about them.
    expect(seen.fires).toBeGreaterThan(50);
    expect(seen.silent).toBeGreaterThan(50);
    expect(seen.throws).toBeGreaterThan(10);
  });
});
