import { Engine } from "json-rules-engine";
import { readFileSync } from "fs";
import { join } from "path";
import { loadTemplate } from "../../src/core/template/load";
import { loadRulePack } from "../../src/core/rules/pack";
import { DataFileError } from "../../src/core/util/schema";
import { catalog, ROOT } from "../helpers/forms";
import { createCatalog } from "../../src/core/catalog";
import { FunctionLibrary } from "../../src/core/functions";
import { GENERIC } from "../../src/core/methodology";

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
    const errs = errorsOf(() => loadTemplate(t, "templates/broken.json", catalog().functions));
    expect(errs).toContainEqual(expect.objectContaining({ file: "templates/broken.json", path: "/table/columns/4/type" }));
  });

  test("a printed line naming no field, placing a field twice or lacking the columns it needs is refused with the path", () => {
    const t = readJson("templates/evaluation-conclusion.json");
    t.printed.after.push({ field: "noSuch" }, { field: "W" }, { text: "Шегеру балы:", shows: "W", suffix: "балл." });
    const n = t.printed.after.length;
    const errs = errorsOf(() => loadTemplate(t, "x.json", catalog().functions));
    expect(errs).toContainEqual({ file: "x.json", path: `/printed/after/${n - 3}/field`, message: 'no field or computed value "noSuch"' });
    expect(errs).toContainEqual({ file: "x.json", path: `/printed/after/${n - 2}/field`, message: 'field "W" is placed twice; repeat its value with "shows"' });
    // F05 prints three official columns: no room for words after a value.
    expect(errs).toContainEqual(expect.objectContaining({ path: `/printed/after/${n - 1}/suffix` }));
    expect(errs).toHaveLength(3);
  });

  test("a template referring to an unknown row kind is refused with the path", () => {
    const t = readJson("templates/operational-plan.json");
    t.table.hierarchy.TI = ["ACTIVITY", "TASK"];
    const errs = errorsOf(() => loadTemplate(t, "x.json", catalog().functions));
    expect(errs).toContainEqual({ file: "x.json", path: "/table/hierarchy/TI", message: 'unknown row kind "TASK"' });
  });

  test("a template calling an unknown function, or one in the wrong place, is refused with the path", () => {
    const t = readJson("templates/evaluation-goals.json");
    const i = t.table.columns.findIndex((c: { computed?: { byKind?: Record<string, { fn: string }> } }) => c.computed?.byKind?.TI?.fn === "ev.h");
    t.table.columns[i].computed.byKind.TI.fn = "ev.hh";
    const j = (t.computed as { fn?: { name: string } }[]).findIndex((c) => c.fn?.name === "ev.D");
    t.computed[j].fn.name = "ev.h";
    const errs = errorsOf(() => loadTemplate(t, "templates/evaluation-goals.json", catalog().functions));
    expect(errs).toContainEqual(expect.objectContaining({ file: "templates/evaluation-goals.json", path: `/table/columns/${i}/computed/byKind/TI/fn`, message: expect.stringContaining('unknown function "ev.hh"') }));
    expect(errs).toContainEqual(expect.objectContaining({ path: `/computed/${j}/fn/name`, message: expect.stringContaining('"ev.h" is a per-row function') }));
  });

  test("a function's arguments are checked against its schema and the template's parts, with the path", () => {
    const t = readJson("templates/block-budget-adjustments.json");
    const cap = (t.computed as { fn?: { name: string; args: Record<string, unknown> } }[]).findIndex((c) => c.fn?.name === "bb.cap");
    delete t.computed[cap].fn.args.totalLimit;
    const adj = (t.computed as { fn?: { name: string } }[]).findIndex((c) => c.fn?.name === "bb.adjusted");
    t.computed[adj].fn.args.year = "one";
    const share = t.table.columns.findIndex((c: { computed?: { fn?: string } }) => c.computed?.fn === "bb.opShare");
    t.table.columns[share].computed.args.amount = "sum";
    const errs = errorsOf(() => loadTemplate(t, "templates/block-budget-adjustments.json", catalog().functions));
    expect(errs).toContainEqual(expect.objectContaining({ path: `/computed/${cap}/fn/args`, message: expect.stringMatching(/^bb\.cap: .*totalLimit/) }));
    expect(errs).toContainEqual(expect.objectContaining({ path: `/computed/${adj}/fn/args/year`, message: expect.stringMatching(/^bb\.adjusted: .*integer/) }));
    expect(errs).toContainEqual({ file: "templates/block-budget-adjustments.json", path: `/table/columns/${share}/computed/args/amount`, message: 'bb.opShare: no column "sum" in template "block-budget-adjustments"' });
    // An unknown argument (a typo of a key) is refused too, rather than silently falling back.
    const g = readJson("templates/evaluation-goals.json");
    const k = g.table.columns.findIndex((c: { computed?: { byKind?: Record<string, { fn: string }> } }) => c.computed?.byKind?.TI?.fn === "ev.h");
    g.table.columns[k].computed.byKind.TI.args.goalkey = "goalKey";
    const e2 = errorsOf(() => loadTemplate(g, "g.json", catalog().functions));
    expect(e2).toContainEqual(expect.objectContaining({ path: `/table/columns/${k}/computed/byKind/TI/args`, message: 'ev.h: unknown property "goalkey"' }));
  });

  test("a catalog made without a methodology its templates call is refused, naming each call", () => {
    const file = "templates/verification-act.json";
    const errs = errorsOf(() => createCatalog([{ file, data: readJson(file) }], [], { file: "kz.json", data: readJson("rules/calendars/kz.json") }, [], [GENERIC]));
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.every((e) => e.file === file && /unknown function "ev\./.test(e.message))).toBe(true);
    // Two modules defining one name is a programming error, found when the library is made.
    expect(() => new FunctionLibrary([GENERIC, GENERIC])).toThrow(/defined by both generic and generic/);
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
