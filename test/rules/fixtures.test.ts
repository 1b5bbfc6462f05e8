import { Checker } from "../../src/core/check";
import { checkWorkbook } from "../../src/core/workbook";
import { referenceFirings } from "../../src/core/rules/reference";
import { a1 } from "../../src/core/grid";
import { layoutColumn, fieldCell } from "../../src/core/layout";
import type { Catalog } from "../../src/core/catalog";
import type { Finding } from "../../src/core/findings";
import { catalog, fixtureFiles, formGrid, applyGridOps, snapshot, FixtureSide, FixtureCase } from "../helpers/forms";

/** Run one side of a fixture through the whole flow: grid → document → facts → rules. */
function runSide(c: FixtureCase, side: FixtureSide) {
  const base = catalog();
  const packs = base.packs.map((p) =>
    side.params && Object.keys(side.params).some((k) => k in p.params) ? { ...p, params: { ...p.params, ...side.params } } : p,
  );
  const cat: Catalog = { ...base, packs };
  const main = formGrid(c.template, side.patch);
  applyGridOps(c.template, main, side.grid);
  const grids = [main.grid];
  for (const [other, patch] of Object.entries(side.with ?? {})) grids.push(formGrid(other, patch).grid);
  const bindings = side.binding ? [{ sheet: main.grid.sheet, ...side.binding }] : [];
  const result = checkWorkbook(snapshot(grids, bindings), cat, new Checker(cat.packs, cat.calendar));
  return { result, main };
}

function expectedCell(c: FixtureCase, side: FixtureSide, layout: ReturnType<typeof formGrid>["layout"]): string | null {
  const e = side.expect;
  if (!e) return null;
  if (e.field) {
    const [group, id] = e.field.split(".");
    if (group === "signature") {
      const s = layout.signatures.find((x) => x.id === id)!;
      return a1(s.row, s.valueCol);
    }
    return fieldCell(layout, id);
  }
  return a1(layout.firstDataRow + e.row!, layoutColumn(layout, e.column!));
}

const files = fixtureFiles();

describe.each(files.map((f) => [f.file, f] as const))("rule fixtures %s", (_name, file) => {
  test.each(file.cases.map((c) => [c.rule, c] as const))("%s fires on its failing fixture and not on its passing one", (_rule, c) => {
    const fail = runSide(c, c.fail);
    const fired = fail.result.forms.flatMap((f) => f.findings).filter((f) => f.rule === c.rule);
    expect(fired.length).toBeGreaterThan(0);
    const cell = expectedCell(c, c.fail, fail.main.layout);
    if (cell) expect(fired.map((f) => f.cell)).toContain(cell);
    for (const f of fired) {
      expect(f.message.kk).not.toMatch(/\{[a-z]/i);
      expect(f.message.en).not.toMatch(/\{[a-z]/i);
    }
    const pass = runSide(c, c.pass);
    const stray = pass.result.forms.flatMap((f) => f.findings).filter((f) => f.rule === c.rule);
    expect(stray.map((f: Finding) => `${f.cell}: ${f.message.en}`)).toEqual([]);
  });

  test("json-rules-engine and the compiled runner agree on every fixture", async () => {
    for (const c of file.cases)
      for (const side of [c.fail, c.pass]) {
        const { result } = runSide(c, side);
        for (const form of result.forms) {
          const compiled = new Set(form.findings.map((f) => `${f.rule}@${f.row === undefined ? "form" : f.row - 1}`));
          const reference = await referenceFirings(form.prepared);
          expect({ rule: c.rule, sheet: form.sheet, firings: [...compiled].sort() }).toEqual({ rule: c.rule, sheet: form.sheet, firings: [...reference].sort() });
        }
      }
  });
});

test("every rule of every pack has a failing and a passing fixture", () => {
  const covered = new Set(files.flatMap((f) => f.cases.map((c) => c.rule)));
  const missing = catalog().packs.flatMap((p) => p.rules.map((r) => r.meta.ruleId)).filter((id) => !covered.has(id));
  expect(missing).toEqual([]);
});
