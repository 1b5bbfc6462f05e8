import type { Condition, LeafCondition, RuleDef, RuleMeta } from "./types";
import { CUSTOM_OPERATORS, DEFAULT_OPERATORS, OperatorFn } from "./operators";
import { compilePattern } from "../pattern";

/**
 * The facts one evaluation sees: plain objects keyed by fact name (row, header, context…), holding
 * JSON-like values (no null-prototype objects: on those even the numeric operators throw).
 */
export type Facts = Record<string, unknown>;
export type Predicate = (facts: Facts) => boolean;

const OPERATORS: Record<string, OperatorFn> = { ...DEFAULT_OPERATORS, ...CUSTOM_OPERATORS };

export class RuleCompileError extends Error {
  constructor(public readonly rule: string, public readonly path: string, message: string) {
    super(`rule ${rule} at ${path}: ${message}`);
    this.name = "RuleCompileError";
  }
}

/**
 * Compile a rule's conditions once into a plain function, as ajv compiles a schema. The result
 * decides exactly as json-rules-engine v7 would with the same facts and operators (the test
 * suite runs every fixture through both and compares). Unsupported constructs are refused at
 * load time, so a rule is never silently evaluated differently.
 */
export function compileConditions(rule: RuleDef): Predicate {
  const c = rule.conditions as unknown;
  // json-rules-engine refuses a rule whose root is not all / any / not / condition.
  if (c === null || typeof c !== "object" || !["all", "any", "not", "condition"].some((k) => Object.prototype.hasOwnProperty.call(c, k)))
    throw new RuleCompileError(rule.name, "/conditions", 'the root of the conditions must be "all", "any" or "not"');
  return compile(rule.conditions, rule.name, "/conditions").test;
}

/** A compiled condition, and whether evaluating it can throw (an operator such as `in` given a non-list). */
interface Compiled {
  test: Predicate;
  mayThrow: boolean;
}

function compile(c: Condition, rule: string, path: string): Compiled {
  if (c === null || typeof c !== "object") throw new RuleCompileError(rule, path, "a condition must be an object");
  if ("all" in c) return group(c.all, "all", rule, path);
  if ("any" in c) return group(c.any, "any", rule, path);
  if ("not" in c) {
    const inner = compile(c.not, rule, `${path}/not`);
    return { test: (f) => !inner.test(f), mayThrow: inner.mayThrow };
  }
  if ("condition" in c) throw new RuleCompileError(rule, path, "shared condition references are not used in Jospar rule packs; write the condition inline");
  return compileLeaf(c as LeafCondition, rule, path);
}

/**
 * `all` / `any` as json-rules-engine v7 runs them: an empty list is true; the conditions are
 * grouped by priority (a condition's own, else 1), highest first; each group is evaluated whole
 * (Promise.all) and the groups are short-circuited. Within a group a condition that cannot throw
 * may be skipped once the answer is known; when one can, the whole group is evaluated first, so a
 * throw surfaces exactly when the engine's run would reject.
 */
function group(list: Condition[], op: "all" | "any", rule: string, path: string): Compiled {
  if (!Array.isArray(list)) throw new RuleCompileError(rule, `${path}/${op}`, `"${op}" must be a list of conditions`);
  const parts = list.map((x, i) => ({ c: compile(x, rule, `${path}/${op}/${i}`), priority: priorityOf(x) }));
  if (parts.length === 0) return { test: () => true, mayThrow: false };
  if (parts.length === 1) return parts[0].c;
  const byPriority = new Map<number, Compiled[]>();
  for (const p of parts) byPriority.set(p.priority, [...(byPriority.get(p.priority) ?? []), p.c]);
  const sets = [...byPriority.entries()].sort((a, b) => b[0] - a[0]).map(([, cs]) => cs);
  const want = op === "any";
  const runSet = (set: Compiled[]): ((f: Facts) => boolean) => {
    const tests = set.map((x) => x.test);
    if (!set.some((x) => x.mayThrow))
      return (f) => {
        for (const t of tests) if (t(f) === want) return want;
        return !want;
      };
    return (f) => {
      let decided = false;
      for (const t of tests) if (t(f) === want) decided = true;
      return decided ? want : !want;
    };
  };
  const runs = sets.map(runSet);
  const mayThrow = parts.some((p) => p.c.mayThrow);
  if (runs.length === 1) return { test: runs[0], mayThrow };
  return {
    test: (f) => {
      for (const r of runs) if (r(f) === want) return want;
      return !want;
    },
    mayThrow,
  };
}

/** A condition's priority as json-rules-engine groups it: its own (parseInt) when set and not 0, else the facts' default, 1. */
function priorityOf(c: Condition): number {
  const p = (c as { priority?: unknown }).priority;
  return (p === undefined ? NaN : parseInt(String(p), 10)) || 1;
}

function compileLeaf(c: LeafCondition, rule: string, path: string): Compiled {
  if (typeof c.fact !== "string") throw new RuleCompileError(rule, path, "a condition needs a fact");
  if (c.operator.includes(":")) throw new RuleCompileError(rule, path, `operator decorators (${c.operator}) are not used; use a custom operator`);
  const op = OPERATORS[c.operator];
  if (!op) throw new RuleCompileError(rule, path, `unknown operator "${c.operator}"`);
  const left = getter(c.fact, c.path, rule, path);
  const v = c.value;
  if (isFactRef(v)) {
    const right = getter(v.fact, v.path, rule, `${path}/value`);
    return { test: (f) => op(left(f), right(f)) === true, mayThrow: THROWS_ON_BAD_VALUE.has(c.operator) || THROWS_ON_BAD_PATTERN.has(c.operator) };
  }
  // `in` / `notIn` call value.indexOf: a constant list or text never throws, anything else always does.
  // `matches` / `notMatches` compile the value as a regular expression: an invalid one throws.
  const mayThrow =
    (THROWS_ON_BAD_VALUE.has(c.operator) && !(Array.isArray(v) || typeof v === "string")) ||
    (THROWS_ON_BAD_PATTERN.has(c.operator) && typeof v === "string" && !validPattern(v));
  return { test: (f) => op(left(f), v) === true, mayThrow };
}

/** Operators that throw when the value is not a list (json-rules-engine's own `in` and `notIn`). */
const THROWS_ON_BAD_VALUE = new Set(["in", "notIn"]);
/** Operators that throw when the value is text that is not a regular expression (or one refused as super-linear). */
const THROWS_ON_BAD_PATTERN = new Set(["matches", "notMatches"]);
const validPattern = (p: string) => compilePattern(p) !== null;

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function isFactRef(v: unknown): v is { fact: string; path?: string } {
  return v !== null && typeof v === "object" && Object.prototype.hasOwnProperty.call(v, "fact");
}

/**
 * A getter for `fact` + JSONPath. Only plain member paths ($.a.b, $.a[0], $['a']) are used in
 * rule packs; as in the json-rules-engine almanac, a path applies only to object facts.
 */
function getter(fact: string, jsonPath: string | undefined, rule: string, where: string): (f: Facts) => unknown {
  // Facts are the run's own keys: a name such as "constructor" is an undefined fact, not Object's.
  const factOf = (f: Facts) => (own(f, fact) ? f[fact] : undefined);
  if (!jsonPath) return factOf;
  const keys = parsePath(jsonPath);
  if (!keys) throw new RuleCompileError(rule, where, `path "${jsonPath}" is not a plain member path`);
  return (f) => {
    const root = factOf(f);
    if (root === null || typeof root !== "object") return root;
    let cur: unknown = root;
    for (const k of keys) {
      // JSONPath reads own properties only (no "constructor" or "toString" from the prototype).
      if (cur === null || cur === undefined || typeof cur !== "object" || !own(cur, k)) return undefined;
      cur = (cur as Record<string, unknown>)[k];
    }
    return cur;
  };
}

export function parsePath(p: string): string[] | null {
  if (!p.startsWith("$")) return null;
  const keys: string[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\['([^']+)'\]/gy;
  re.lastIndex = 1;
  while (re.lastIndex < p.length) {
    const m = re.exec(p);
    if (!m) return null;
    keys.push(m[1] ?? m[2] ?? m[3]);
  }
  return keys;
}

/** The row kinds a rule guards itself with (`row.kind` equal/in at the top of an `all`). */
export function kindGuard(rule: RuleDef): string[] | null {
  const c = rule.conditions;
  const leaves = "all" in c ? c.all : [c];
  for (const l of leaves) {
    if (!("fact" in l) || l.fact !== "row" || l.path !== "$.kind") continue;
    if (l.operator === "equal" && typeof l.value === "string") return [l.value];
    if (l.operator === "in" && Array.isArray(l.value)) return l.value as string[];
  }
  return null;
}

/** Facts a condition tree reads (for choosing the evaluation level and for documentation). */
export function factsUsed(c: Condition, out = new Set<string>()): Set<string> {
  if ("all" in c) c.all.forEach((x) => factsUsed(x, out));
  else if ("any" in c) c.any.forEach((x) => factsUsed(x, out));
  else if ("not" in c) factsUsed(c.not, out);
  else if ("fact" in c) {
    out.add(c.fact);
    if (isFactRef(c.value)) out.add(c.value.fact);
  }
  return out;
}

export function metaOf(rule: RuleDef): RuleMeta {
  return rule.event.params;
}
