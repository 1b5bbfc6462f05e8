import type { Condition, LeafCondition, RuleDef, RuleMeta } from "./types";
import { CUSTOM_OPERATORS, DEFAULT_OPERATORS, OperatorFn } from "./operators";

/** The facts one evaluation sees: plain objects keyed by fact name (row, header, context…). */
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
  return compile(rule.conditions, rule.name, "/conditions");
}

function compile(c: Condition, rule: string, path: string): Predicate {
  if ("all" in c) {
    const parts = c.all.map((x, i) => compile(x, rule, `${path}/all/${i}`));
    return (f) => {
      for (const p of parts) if (!p(f)) return false;
      return true;
    };
  }
  if ("any" in c) {
    const parts = c.any.map((x, i) => compile(x, rule, `${path}/any/${i}`));
    // json-rules-engine treats an empty `any` as true (prioritizeAndRun on an empty list).
    if (parts.length === 0) return () => true;
    return (f) => {
      for (const p of parts) if (p(f)) return true;
      return false;
    };
  }
  if ("not" in c) {
    const inner = compile(c.not, rule, `${path}/not`);
    return (f) => !inner(f);
  }
  if ("condition" in c) throw new RuleCompileError(rule, path, "shared condition references are not used in Jospar rule packs; write the condition inline");
  return compileLeaf(c as LeafCondition, rule, path);
}

function compileLeaf(c: LeafCondition, rule: string, path: string): Predicate {
  if (typeof c.fact !== "string") throw new RuleCompileError(rule, path, "a condition needs a fact");
  if (c.operator.includes(":")) throw new RuleCompileError(rule, path, `operator decorators (${c.operator}) are not used; use a custom operator`);
  const op = OPERATORS[c.operator];
  if (!op) throw new RuleCompileError(rule, path, `unknown operator "${c.operator}"`);
  const left = getter(c.fact, c.path, rule, path);
  const v = c.value;
  if (isFactRef(v)) {
    const right = getter(v.fact, v.path, rule, `${path}/value`);
    return (f) => op(left(f), right(f));
  }
  return (f) => op(left(f), v);
}

export function isFactRef(v: unknown): v is { fact: string; path?: string } {
  return v !== null && typeof v === "object" && Object.prototype.hasOwnProperty.call(v, "fact");
}

/**
 * A getter for `fact` + JSONPath. Only plain member paths ($.a.b, $.a[0], $['a']) are used in
 * rule packs; as in the json-rules-engine almanac, a path applies only to object facts.
 */
function getter(fact: string, jsonPath: string | undefined, rule: string, where: string): (f: Facts) => unknown {
  if (!jsonPath) return (f) => f[fact];
  const keys = parsePath(jsonPath);
  if (!keys) throw new RuleCompileError(rule, where, `path "${jsonPath}" is not a plain member path`);
  return (f) => {
    const root = f[fact];
    if (root === null || typeof root !== "object") return root;
    let cur: unknown = root;
    for (const k of keys) {
      if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
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
