import schema from "../../../rules/schema.json";
import type { RulePack, RuleDef, RuleMeta } from "./types";
import { compileConditions, kindGuard, factsUsed, Predicate, RuleCompileError } from "./compile";
import { DataError, DataFileError, validateAgainst } from "../util/schema";
import { DERIVED_FUNCTIONS } from "./functions";
import { patternProblem } from "../pattern";
import type { Localized } from "../i18n";

/** A rule compiled for evaluation, with what the runner needs to scope it. */
export interface CompiledRule {
  def: RuleDef;
  meta: RuleMeta;
  test: Predicate;
  /** Evaluated once per row when it reads the `row` fact, once per form otherwise. */
  level: "row" | "form";
  kinds: string[] | null;
  templates: string[];
}

export interface CompiledPack {
  pack: RulePack;
  file: string;
  rules: CompiledRule[];
  params: Record<string, unknown>;
}

/**
 * Load a rule pack: JSON Schema, then the checks a schema cannot make (unique ids, known
 * functions, kind guards that agree with the declared row kinds), then compile every rule.
 */
export function loadRulePack(data: unknown, file: string, knownTemplates?: Set<string>, columns?: Map<string, string[]>): CompiledPack {
  const errors = validateAgainst(schema, data, file);
  if (errors.length) throw new DataFileError(errors);
  const pack = data as RulePack;
  const problems: DataError[] = [];
  const err = (path: string, message: string | Localized) =>
    problems.push(typeof message === "string" ? { file, path, message } : { file, path, message: message.en, text: message });
  const ids = new Set<string>();
  pack.templates.forEach((t, i) => knownTemplates && t !== "*" && !knownTemplates.has(t) && err(`/templates/${i}`, `unknown template "${t}"`));
  for (const [name, d] of Object.entries(pack.derived ?? {}))
    if (!DERIVED_FUNCTIONS[d.fn]) err(`/derived/${name}/fn`, `unknown function "${d.fn}"`);
  for (const [name, d] of Object.entries(pack.rowDerived ?? {}))
    if (!DERIVED_FUNCTIONS[d.fn]) err(`/rowDerived/${name}/fn`, `unknown function "${d.fn}"`);
  const rules: CompiledRule[] = [];
  pack.rules.forEach((def, i) => {
    const meta = def.event.params;
    const at = `/rules/${i}`;
    if (def.name !== meta.ruleId) err(`${at}/name`, `name "${def.name}" differs from event.params.ruleId "${meta.ruleId}"`);
    if (ids.has(meta.ruleId)) err(`${at}/name`, `duplicate rule id "${meta.ruleId}"`);
    ids.add(meta.ruleId);
    (meta.templates ?? []).forEach((t) => pack.templates.includes(t) || pack.templates.includes("*") || err(`${at}/event/params/templates`, `template "${t}" is not in the pack`));
    const guard = kindGuard(def);
    if (meta.rowKinds && (!guard || guard.slice().sort().join() !== meta.rowKinds.slice().sort().join()))
      err(`${at}/event/params/rowKinds`, `rowKinds [${meta.rowKinds}] must match the condition on row.kind [${guard ?? "none"}]`);
    let test: Predicate;
    try {
      test = compileConditions(def);
    } catch (e) {
      if (e instanceof RuleCompileError) err(`${at}${e.path}`, e.message);
      else throw e;
      return;
    }
    const used = factsUsed(def.conditions);
    rules.push({
      def, meta, test,
      level: used.has("row") ? "row" : "form",
      kinds: guard,
      templates: meta.templates ?? pack.templates,
    });
  });
  checkPatterns(pack, err);
  checkFacts(pack, err, columns);
  if (problems.length) throw new DataFileError(problems);
  const params = Object.fromEntries(Object.entries(pack.params ?? {}).map(([k, v]) => [k, v.value]));
  return { pack, file, rules, params };
}

const PATTERN_OPERATORS = new Set(["matches", "notMatches", "matchesKk", "notMatchesKk"]);

/** Derived functions whose argument (by position) is a pattern or a list of them. */
const PATTERN_ARGS: Record<string, number> = { matchesAny: 1 };

/**
 * Every regular expression that will run on user text — written in a condition of a pattern
 * operator, an aggregate's `where` or a pattern function's arguments, or kept in the pack's
 * params — compiles (with the u flag, as the operators compile it), is no longer than a pattern
 * needs to be and cannot backtrack super-linearly (src/core/pattern.ts); a bad one is a load error
 * with its JSON path, not a rule that never matches, a workbook reported unreadable or a check
 * that never ends.
 */
function checkPatterns(pack: RulePack, err: (path: string, message: string | Localized) => void): void {
  const check = (p: unknown, path: string) => {
    if (typeof p !== "string") return err(path, "a pattern must be a string");
    const problem = patternProblem(p);
    if (problem) err(path, problem);
  };
  const checkParam = (name: string, at: string) => {
    const param = pack.params?.[name];
    if (!param) return err(at, `unknown parameter "${name}"`);
    const v = param.value;
    (Array.isArray(v) ? v : [v]).forEach((p, i) => check(p, Array.isArray(v) ? `/params/${name}/value/${i}` : `/params/${name}/value`));
  };
  /** A pattern value: a {fact: "params"} reference, a "$params.x" reference, or the pattern(s) themselves. */
  const checkValue = (v: unknown, path: string, dollarRefs: boolean) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const ref = v as { fact?: string; path?: string };
      const name = ref.fact === "params" && ref.path ? /^\$\.([A-Za-z_$][A-Za-z0-9_$]*)$/.exec(ref.path)?.[1] : undefined;
      if (name) checkParam(name, `${path}/path`);
      return;
    }
    if (dollarRefs && typeof v === "string" && v.startsWith("$")) {
      const name = /^\$params\.([A-Za-z_$][A-Za-z0-9_$]*)$/.exec(v)?.[1];
      if (name) checkParam(name, path);
      return;
    }
    (Array.isArray(v) ? v : [v]).forEach((p, i) => check(p, Array.isArray(v) ? `${path}/${i}` : path));
  };
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}/${i}`));
    if (node === null || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (typeof o.operator === "string" && PATTERN_OPERATORS.has(o.operator)) checkValue(o.value, `${path}/value`, false);
    for (const [k, x] of Object.entries(o)) walk(x, `${path}/${k}`);
  };
  walk(pack.rules, "/rules");
  for (const [name, a] of Object.entries(pack.aggregates ?? {}))
    for (const key of ["matches", "notMatches"] as const)
      if (a.where?.[key] !== undefined) checkValue(a.where[key], `/aggregates/${name}/where/${key}`, true);
  for (const section of ["derived", "rowDerived"] as const)
    for (const [name, d] of Object.entries(pack[section] ?? {})) {
      const at = PATTERN_ARGS[d.fn];
      if (at !== undefined && d.args.length > at) checkValue(d.args[at], `/${section}/${name}/args/${at}`, true);
    }
}

/** The facts the facts builder provides (docs/architecture.md, "Facts the rules read"). */
const KNOWN_FACTS = new Set(["header", "context", "signature", "template", "summary", "structure", "params", "derived", "computed", "forms", "aggregates", "mirror", "row"]);

/**
 * Facts named by conditions and message placeholders exist, and the pack's own names behind
 * `params` and `derived` are declared: a misspelt fact or name would load and never fire.
 */
function checkFacts(pack: RulePack, err: (path: string, message: string) => void, columns?: Map<string, string[]>): void {
  const row = columns ? rowKeys(pack, columns) : null;
  const params = new Set(Object.keys(pack.params ?? {}));
  const derived = new Set(Object.keys(pack.derived ?? {}));
  const first = (path: string | undefined) => (path ? /^\$\.([A-Za-z_$][A-Za-z0-9_$]*)/.exec(path)?.[1] : undefined);
  const factRef = (fact: unknown, path: string | undefined, at: string) => {
    if (typeof fact !== "string") return;
    if (!KNOWN_FACTS.has(fact)) return err(`${at}/fact`, `unknown fact "${fact}" (facts: ${[...KNOWN_FACTS].join(", ")})`);
    const name = first(path);
    if (fact === "params" && name && !params.has(name) && name !== "legacyPolicy") err(`${at}/path`, `unknown parameter "${name}" (not in the pack's params)`);
    if (fact === "derived" && name && !derived.has(name)) err(`${at}/path`, `unknown derived value "${name}" (not in the pack's derived)`);
    if (fact === "row" && name && row && !row.has(name)) err(`${at}/path`, `unknown row fact "${name}" (not a column of the pack's templates nor a row fact)`);
  };
  const walk = (c: unknown, at: string): void => {
    if (c === null || typeof c !== "object") return;
    const o = c as Record<string, unknown>;
    if (Array.isArray(o.all)) return o.all.forEach((x, i) => walk(x, `${at}/all/${i}`));
    if (Array.isArray(o.any)) return o.any.forEach((x, i) => walk(x, `${at}/any/${i}`));
    if (o.not) return walk(o.not, `${at}/not`);
    factRef(o.fact, o.path as string | undefined, at);
    const v = o.value as { fact?: unknown; path?: string } | null;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && "fact" in v) factRef(v.fact, v.path, `${at}/value`);
  };
  pack.rules.forEach((r, i) => {
    walk(r.conditions, `/rules/${i}/conditions`);
    for (const lang of ["kk", "ru", "en"] as const) {
      const text = r.event.params.message[lang] ?? "";
      for (const m of text.matchAll(/\{([A-Za-z0-9_.]+)\}/g)) {
        const [fact, name] = m[1].split(".");
        const at = `/rules/${i}/event/params/message/${lang}`;
        if (!KNOWN_FACTS.has(fact) && !fact.startsWith("item")) err(at, `placeholder {${m[1]}}: unknown fact "${fact}"`);
        else if (fact === "params" && name && !params.has(name)) err(at, `placeholder {${m[1]}}: unknown parameter "${name}"`);
        else if (fact === "derived" && name && !derived.has(name)) err(at, `placeholder {${m[1]}}: unknown derived value "${name}"`);
        else if (fact === "row" && name && row && !row.has(name)) err(at, `placeholder {${m[1]}}: unknown row fact "${name}"`);
      }
    }
  });
}

/** What a row fact holds (src/core/facts.ts rowFact): its fixed keys, and per column the value and derived texts. */
const ROW_KEYS = ["kind", "kindLabel", "parentLabel", "number", "expectedNumber", "section", "parentKind", "parentNumber", "parentAllowed", "children", "before", "invalid", "normalised", "blankRequired", "mirror", "aggregates", "derived"];

function rowKeys(pack: RulePack, columns: Map<string, string[]>): Set<string> {
  const ids = pack.templates.includes("*") ? [...columns.keys()] : pack.templates;
  const keys = new Set(ROW_KEYS);
  for (const id of ids) for (const c of columns.get(id) ?? []) for (const suffix of ["", "Due", "Rest", "Localized"]) keys.add(c + suffix);
  return keys;
}
