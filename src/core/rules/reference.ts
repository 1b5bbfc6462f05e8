import { Engine } from "json-rules-engine";
import type { RuleDef } from "./types";
import { CUSTOM_OPERATORS } from "./operators";
import type { PreparedForm } from "../check";
import type { Facts } from "./compile";

/**
 * json-rules-engine itself, loaded with the same rule objects and the same custom operators.
 * It is the reference the compiled runner must agree with (tests compare them on every
 * fixture), and the naive baseline of the benchmark: one `engine.run` per row.
 */
export function createEngine(rules: RuleDef[]): Engine {
  const engine = new Engine(structuredClone(rules) as never[], { allowUndefinedFacts: true });
  for (const [name, fn] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, (a: unknown, b: unknown) => fn(a, b));
  return engine;
}

/** Which rules fire where, by json-rules-engine: "ruleId@form" or "ruleId@<sheetRow>". */
export async function referenceFirings(form: PreparedForm): Promise<Set<string>> {
  const out = new Set<string>();
  const formRules = form.rules.form.map((r) => r.def);
  const rowRules = uniqueDefs([...form.rules.anyKind, ...[...form.rules.byKind.values()].flat()].map((r) => r.def));
  const base = form.facts as unknown as Facts;
  if (formRules.length) {
    const { events } = await createEngine(formRules).run({ ...base });
    for (const e of events) out.add(`${(e.params as { ruleId: string }).ruleId}@form`);
  }
  if (rowRules.length) {
    const engine = createEngine(rowRules);
    for (const { row, fact } of form.rows) {
      const { events } = await engine.run({ ...base, row: fact });
      for (const e of events) out.add(`${(e.params as { ruleId: string }).ruleId}@${row.sheetRow}`);
    }
  }
  return out;
}

function uniqueDefs(defs: RuleDef[]): RuleDef[] {
  return [...new Map(defs.map((d) => [d.name, d])).values()];
}
