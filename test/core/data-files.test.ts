import { Engine } from "json-rules-engine";
import { readFileSync } from "fs";
import { join } from "path";
import { loadTemplate } from "../../src/core/template/load";
import { loadRulePack } from "../../src/core/rules/pack";
import { DataFileError } from "../../src/core/util/schema";
import { catalog, ROOT } from "../helpers/forms";

const readJson = (p: string) => JSON.parse(readFileSync(join(ROOT, p), "utf8"));
const errorsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataFileError) return e.errors;
    throw e;
  }
  throw new Error("expected a DataFileError");
};

describe("templates and rule packs are data validated by their schemas", () => {
  test("every bundled template and pack loads", () => {
    const c = catalog();
    expect(c.templates.map((t) => t.id).sort()).toEqual(expect.arrayContaining(["operational-plan", "operational-plan-report"]));
    expect(c.packs.map((p) => p.pack.id)).toEqual(expect.arrayContaining(["common", "operational-plan"]));
  });

  test("every rule pack is loadable by `new Engine(rules)` unchanged", () => {
    for (const p of catalog().packs) {
      const engine = new Engine(structuredClone(p.pack.rules) as never[]);
      expect((engine as unknown as { rules: unknown[] }).rules.length).toBe(p.pack.rules.length);
    }
  });

  test("a template error names the file and the JSON path", () => {
    const t = readJson("templates/operational-plan.json");
    t.table.columns[4].type = "calendar";
    const errs = errorsOf(() => loadTemplate(t, "templates/broken.json"));
    expect(errs).toContainEqual(expect.objectContaining({ file: "templates/broken.json", path: "/table/columns/4/type" }));
  });

  test("a template referring to an unknown row kind is refused with the path", () => {
    const t = readJson("templates/operational-plan.json");
    t.table.hierarchy.TI = ["ACTIVITY", "TASK"];
    const errs = errorsOf(() => loadTemplate(t, "x.json"));
    expect(errs).toContainEqual({ file: "x.json", path: "/table/hierarchy/TI", message: 'unknown row kind "TASK"' });
  });

  test("a rule with an unknown operator, or whose row kinds disagree with its condition, is refused with the path", () => {
    const p = readJson("rules/operational-plan.rules.json");
    p.rules[0].conditions.any[0].all[1].operator = "roughlyEqual";
    const i = p.rules.findIndex((r: { name: string }) => r.name === "OP-DEADLINE-IN-YEAR");
    p.rules[i].event.params.rowKinds = ["TI"];
    const errs = errorsOf(() => loadRulePack(p, "rules/x.rules.json"));
    expect(errs.map((e) => e.path)).toEqual(expect.arrayContaining(["/rules/0/conditions/any/0/all/1", `/rules/${i}/event/params/rowKinds`]));
    expect(errs.find((e) => e.path === "/rules/0/conditions/any/0/all/1")!.message).toContain('unknown operator "roughlyEqual"');
  });

  test("every rule carries id, severity, scope, messages in three languages and a seed source", () => {
    for (const p of catalog().packs)
      for (const r of p.rules) {
        expect(r.meta.message.kk && r.meta.message.ru && r.meta.message.en).toBeTruthy();
        expect(r.meta.source.seed).toMatch(/^(\d{3}_[0-9a-f]{16}\.txt|spec)$/);
      }
  });
});
