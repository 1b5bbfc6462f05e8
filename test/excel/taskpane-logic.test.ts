/** The pane's logic modules (no React, no Office): language, grouping, next/previous, show-the-math lookup. */
import { langFromOffice } from "../../src/app/lang";
import { computedAt, counts, flatten, groupFindings, step, traceLines } from "../../src/app/findings";
import { t } from "../../src/app/strings";
import type { CheckedForm } from "../../src/app/model";
import type { Finding } from "../../src/core/findings";

const f = (rule: string, severity: Finding["severity"], cell: string | null): Finding => ({
  rule, severity, cell, sheet: "S", template: "x", message: { kk: rule, ru: rule, en: rule }, values: {}, source: "src", type: "violation",
});

const form: CheckedForm = {
  sheet: "S",
  templateId: "x",
  title: { kk: "T", ru: "T", en: "T" },
  findings: [f("A", "warning", "B2"), f("B", "error", "C3"), f("C", "info", null), f("X-COMPUTED-OVERWRITTEN", "warning", "K19"), f("D", "error", "C4")],
  computed: { total: { value: 5, trace: { name: "total", value: 5, children: [{ name: "n", value: 5 }] } } },
  computedCells: { total: "K19" },
};

test("Office display language → pane language", () => {
  expect(langFromOffice("kk-KZ")).toBe("kk");
  expect(langFromOffice("ru-RU")).toBe("ru");
  expect(langFromOffice("en-US")).toBe("en");
  expect(langFromOffice("en-GB")).toBe("en");
  expect(langFromOffice("de-DE")).toBe("kk");
  expect(langFromOffice(undefined)).toBe("kk");
});

test("findings grouped by severity with counts; next/previous walk errors first and skip form-level ones", () => {
  const groups = groupFindings([form]);
  expect(groups.map((g) => g.severity)).toEqual(["error", "warning", "info"]);
  expect(counts(groups)).toEqual({ error: 2, warning: 2, info: 1 });
  const all = flatten(groups);
  expect(all.map((e) => e.finding.rule)).toEqual(["B", "D", "A", "X-COMPUTED-OVERWRITTEN", "C"]);
  expect(all.find((e) => e.finding.rule === "X-COMPUTED-OVERWRITTEN")!.restorable).toBe(true);
  expect(step(all, -1, 1)).toBe(0);
  expect(step(all, 3, 1)).toBe(0); // skips C (no cell), wraps
  expect(step(all, 0, -1)).toBe(3);
  expect(step(all, -1, -1)).toBe(3);
  expect(step([], -1, 1)).toBe(-1);
});

test("show the math: the trace of the computed value at the selected cell", () => {
  expect(computedAt([form], { sheet: "S", address: "K19" })!.id).toBe("total");
  expect(computedAt([form], { sheet: "S", address: "K19:K20" })!.id).toBe("total");
  expect(computedAt([form], { sheet: "S", address: "K18" })).toBeNull();
  expect(computedAt([form], { sheet: "Other", address: "K19" })).toBeNull();
  const withRows: CheckedForm = { ...form, rowComputed: { F7: { value: 2, trace: { name: "h", value: 2 } } } };
  expect(computedAt([withRows], { sheet: "S", address: "$F$7" })!.computation.value).toBe(2);
  expect(traceLines(form.computed.total.trace).map((l) => [l.depth, l.step.name])).toEqual([
    [0, "total"],
    [1, "n"],
  ]);
});

test("UI strings exist in every language and fill their placeholders", () => {
  expect(t("summary", "en", { errors: 1, warnings: 2, infos: 3 })).toBe("Errors: 1 · warnings: 2 · notes: 3");
  expect(t("goTo", "kk", { cell: "E14" })).toContain("E14");
  expect(t("protected", "ru", { sheet: "Лист" })).toContain("«Лист»");
});
