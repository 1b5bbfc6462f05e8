import schema from "../../../rules/schema.json";
import type { RulePack, RuleDef, RuleMeta } from "./types";
import { compileConditions, kindGuard, factsUsed, Predicate, RuleCompileError } from "./compile";
import { DataError, DataFileError, validateAgainst } from "../util/schema";
import { DERIVED_FUNCTIONS } from "./functions";

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
export function loadRulePack(data: unknown, file: string, knownTemplates?: Set<string>): CompiledPack {
  const errors = validateAgainst(schema, data, file);
  if (errors.length) throw new DataFileError(errors);
  const pack = data as RulePack;
  const problems: DataError[] = [];
  const err = (path: string, message: string) => problems.push({ file, path, message });
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
  if (problems.length) throw new DataFileError(problems);
  const params = Object.fromEntries(Object.entries(pack.params ?? {}).map(([k, v]) => [k, v.value]));
  return { pack, file, rules, params };
}
