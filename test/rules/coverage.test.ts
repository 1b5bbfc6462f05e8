import { readFileSync } from "fs";
import { join } from "path";
import { auditCoverage, coverageCounts, Ledger, readmeProblems, renderReadme } from "../../src/core/rules/coverage";
import type { RulePack } from "../../src/core/rules/types";
import { validateAgainst } from "../../src/core/util/schema";
import { catalog, ROOT } from "../helpers/forms";

const readJson = <T>(p: string): T => JSON.parse(readFileSync(join(ROOT, p), "utf8")) as T;
const ledger = () => readJson<Ledger>("rules/coverage.json");
const packs = (): RulePack[] => catalog().packs.map((p) => structuredClone(p.pack));
const readme = () => readFileSync(join(ROOT, "README.md"), "utf8");

describe("the coverage ledger: every spec rule R001–R234 accounted for", () => {
  test("the ledger is valid against its schema and lists 234 rules", () => {
    const l = ledger();
    expect(validateAgainst(readJson("rules/coverage.schema.json"), l, "rules/coverage.json")).toEqual([]);
    expect(l.total).toBe(234);
    expect(l.entries).toHaveLength(234);
  });

  test("the ledger and the packs agree on every rule: 234/234, no conflicting status, severities as the spec says or justified", () => {
    expect(auditCoverage(ledger(), packs())).toEqual([]);
    const c = coverageCounts(ledger());
    expect(c.checked + c.partial + c.computed + c.notCheckable).toBe(234);
  });

  test("removing a rule from a copy of the ledger fails the audit, naming it", () => {
    const l = ledger();
    l.entries = l.entries.filter((e) => e.ref !== "R101");
    expect(auditCoverage(l, packs())).toEqual(expect.arrayContaining([expect.stringContaining("R101 is missing from the ledger")]));
  });

  test("a rule listed twice with conflicting statuses fails the audit", () => {
    const l = ledger();
    const e = l.entries.find((x) => x.ref === "R042")!;
    l.entries.push({ ...e, status: "notCheckable", rules: undefined });
    expect(auditCoverage(l, packs())).toEqual(expect.arrayContaining([expect.stringMatching(/^R042 appears twice in the ledger \(checked and notCheckable\)/)]));
  });

  test("a pack that drops a rule, or declares a checked rule not checkable, contradicts the ledger", () => {
    const dropped = packs().map((p) => ({ ...p, rules: p.rules.filter((r) => r.event.params.ref !== "R042") }));
    expect(auditCoverage(ledger(), dropped)).toEqual(expect.arrayContaining([expect.stringContaining("R042 OP-DEADLINE-APPROVAL: the ledger says checked, but no pack holds it")]));

    const both = packs();
    both.find((p) => p.id === "operational-plan")!.notCheckable!.push({ ref: "R042", ruleId: "OP-DEADLINE-APPROVAL", reason: "test" });
    expect(auditCoverage(ledger(), both)).toEqual(expect.arrayContaining([expect.stringContaining("R042 OP-DEADLINE-APPROVAL: the ledger says checked, the packs say partial")]));

    const conflict = packs();
    const ev = conflict.find((p) => p.id === "evaluation")!;
    ev.notCheckable!.push({ ref: "R061", ruleId: "EV-DED-INCOMPLETE", reason: "test" });
    expect(auditCoverage(ledger(), conflict).join("\n")).toMatch(/R061 .*the packs say conflicting \(computes and notCheckable\)/);
  });

  test("a rule whose severity differs from the spec's without a note in its source fails the audit", () => {
    const p = packs();
    const rule = p.flatMap((x) => x.rules).find((r) => r.name === "OP-DEADLINE-APPROVAL")!;
    rule.event.params.severity = "info";
    expect(auditCoverage(ledger(), p)).toEqual([expect.stringContaining("OP-DEADLINE-APPROVAL (R042) is info where the spec says error")]);
  });
});

describe("the README's not-checkable lists are generated from the packs", () => {
  test("the README is in step with the packs (regenerate with `npm run readme:rules`)", () => {
    expect(readmeProblems(readme(), packs())).toEqual([]);
    // Every not-checkable rule of every pack is listed, by ref and id.
    for (const p of packs()) for (const n of p.notCheckable ?? []) expect(readme()).toContain(`- ${n.ref} ${n.ruleId} — `);
  });

  test("a pack that gains a not-checkable entry makes the README stale until it is regenerated", () => {
    const p = packs();
    p.find((x) => x.id === "nss")!.notCheckable!.push({ ref: "R999", ruleId: "NSS-TEST", reason: "A test entry." });
    expect(readmeProblems(readme(), p)).toEqual([expect.stringContaining("differ from the packs")]);
    const regenerated = renderReadme(readme(), p);
    expect(regenerated).toContain("- R999 NSS-TEST — A test entry.");
    expect(readmeProblems(regenerated, p)).toEqual([]);
  });

  test("a pack with not-checkable rules and no README section is reported", () => {
    const r = readme().replace(/<!-- not-checkable:nss -->[\s\S]*?<!-- \/not-checkable:nss -->\n?/, "");
    expect(readmeProblems(r, packs())).toEqual(expect.arrayContaining(["the README has no not-checkable section for pack nss"]));
  });
});
