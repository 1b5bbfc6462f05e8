/**
 * Seed 004 (block budgeting) against a real spreadsheet engine. The block-budgeting workbook —
 * limit, advances and transfers, year end, passports register — filled with the spec's worked example
 * (methodology-formulas.md §5.1–5.3) is recalculated by LibreOffice headless after every cached
 * result was poisoned; every computed cell (panel and per row) must equal the core's value, the
 * worked example's figures must come out on both sides, `jospar check --format json` must report
 * the same limits, and a methodology parameter changed in the rules data must change the sheet
 * and the core alike.
 */
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { recalculate, poisoned, describeLibreOffice, LoValue, RecalculatedWorkbook } from "../helpers/libreoffice";
import { checkBuffer, computedCells } from "../helpers/evaluation";
import { buildFamilyWorkbook } from "../../src/xlsx/build";
import { applyPatch, DataPatch } from "../../src/core/formdata";
import type { Catalog } from "../../src/core/catalog";
import type { WorkbookResult } from "../../src/core/workbook";
import { baseData, catalog, template } from "../helpers/forms";
import { run } from "../helpers/cli";

const FAMILY = ["block-budget-limit", "block-budget-adjustments", "block-budget-year-end", "block-budget-passports"];

/** The catalog with the block-budget pack's `methodology` overrides, as a changed rules file gives it. */
function catalogWith(methodology?: Record<string, unknown>): Catalog {
  const base = catalog();
  if (!methodology) return base;
  return { ...base, packs: base.packs.map((p) => (p.pack.id === "block-budget" ? { ...p, params: { ...p.params, methodology } } : p)) };
}

async function workbook(patches: Record<string, DataPatch> = {}, methodology?: Record<string, unknown>): Promise<Buffer> {
  const data = Object.fromEntries(FAMILY.map((id) => [id, applyPatch(baseData(id), patches[id] ?? {})]));
  const wb = buildFamilyWorkbook(FAMILY.map(template), data, methodology ? { methodology } : {});
  return Buffer.from(await wb.xlsx.writeBuffer());
}


function same(lo: LoValue, value: number | null): boolean {
  if (value === null) return lo === null || lo === "";
  return typeof lo === "number" && Math.abs(lo - value) <= 1e-9 * Math.max(1, Math.abs(value));
}

interface Case {
  name: string;
  patches?: Record<string, DataPatch>;
  methodology?: Record<string, unknown>;
}

const CASES: Case[] = [
  { name: "the worked example (§5.1 limits, §5.2 advance, §5.3 3.75 % unused)" },
  { name: "6.25 % unused: the whole amount is written off (reading A)", patches: { "block-budget-year-end": { set: { "0": { used: 750 } } } } },
  { name: "6.25 % unused, reading B: the part above 5 % is written off", patches: { "block-budget-year-end": { set: { "0": { used: 750 } } } }, methodology: { unusedFundsOverThresholdReading: "excessOnly" } },
  {
    name: "an exception of p.8 ¶4 taken out first; rows in another order; a transfer with a year-3 change",
    patches: {
      "block-budget-year-end": { set: { "0": { used: 740, exception: "еңсерілмейтін күш мән-жайлары", exemptAmount: 30, carryList: "ВБК, 20.01.2026" } } },
      "block-budget-limit": { delete: [6], insert: [{ at: 0, kind: "PLANNED", cells: { year: 2027, gdp: 160000, allowedGrowth: 8, request: 733 } }] },
      "block-budget-adjustments": { set: { "0": { type: "шығыстар көлемін ауыстыру", year1Change: -150, year2Change: 150, year3Change: 5 } } },
    },
  },
  { name: "methodology changed in the rules data: geometric smoothing, limits rounded", methodology: { gdpSmoothingMethod: "geometricMean", roundLimitValues: true, displayDecimals: 1 } },
  { name: "a missing input: no limit on either side", patches: { "block-budget-limit": { set: { "2": { gdp: null } } } } },
  { name: "one limit for the whole period (limitMode perPeriod, A-54)", methodology: { limitMode: "perPeriod" } },
];

const computedOf = (res: WorkbookResult, tid: string) => Object.fromEntries(Object.entries(res.forms.find((f) => f.template.id === tid)!.computed).map(([k, v]) => [k, v.value]));
const rowsOf = (res: WorkbookResult, tid: string, col: string) => {
  const f = res.forms.find((x) => x.template.id === tid)!;
  const m = f.prepared.rowComputed[col];
  return f.prepared.doc.rows.filter((r) => m?.get(r.index)?.value !== null && m?.get(r.index)?.value !== undefined).map((r) => m.get(r.index)!.value as number);
};

describeLibreOffice("LibreOffice recalculates the block-budgeting workbook exactly as the core computes it", () => {
  let results: { res: WorkbookResult; lo: RecalculatedWorkbook; mismatches: string[]; checked: number }[] = [];
  let files: string[] = [];

  beforeAll(async () => {
    const bufs = await Promise.all(CASES.map((c) => workbook(c.patches, c.methodology)));
    const stale = await Promise.all(bufs.map((b) => poisoned(b)));
    expect(Math.min(...stale.map((x) => x.formulas))).toBeGreaterThan(20);
    const los = await recalculate(stale.map((x) => x.buf));
    const dir = mkdtempSync(join(tmpdir(), "jospar-bb-"));
    files = bufs.map((b, i) => {
      const f = join(dir, `case${i}.xlsx`);
      writeFileSync(f, b);
      return f;
    });
    results = await Promise.all(
      CASES.map(async (c, i) => {
        const res = await checkBuffer(bufs[i], catalogWith(c.methodology));
        const cells = computedCells(res);
        const mismatches = cells
          .filter((x) => !same(los[i].value(x.sheet, x.cell), x.value))
          .map((x) => `${x.sheet}!${x.cell} ${x.what}: core ${x.value}, LibreOffice ${JSON.stringify(los[i].value(x.sheet, x.cell))}`);
        return { res, lo: los[i], mismatches, checked: cells.length };
      }),
    );
  }, 240_000);

  test.each(CASES.map((c, i) => [c.name, i] as const))("%s: every computed cell agrees", (_name, i) => {
    expect(results[i].checked).toBeGreaterThan(10);
    expect(results[i].mismatches).toEqual([]);
  });

  test("the worked example's figures, in the core and in the sheet", () => {
    const { res, lo } = results[0];
    const limit = computedOf(res, "block-budget-limit");
    expect(limit.tgdp).toBeCloseTo(120000, 9);
    expect(limit.avgExp).toBeCloseTo(550, 9);
    expect(limit.share).toBeCloseTo(0.458333, 6);
    expect(limit.totalLimit).toBeCloseTo(2062.5, 9);
    expect(rowsOf(res, "block-budget-limit", "limit").map((x) => Math.round(x * 1000) / 1000)).toEqual([641.667, 687.5, 733.333]);
    expect(rowsOf(res, "block-budget-limit", "growth").map((x) => Math.round(x * 100) / 100)).toEqual([3.49, 7.14, 6.67]);
    const adj = computedOf(res, "block-budget-adjustments");
    expect(adj.cap).toBeCloseTo(206.25, 9);
    expect([adj.adjusted1, adj.adjusted2, adj.adjusted3].map((x) => Math.round((x as number) * 1000) / 1000)).toEqual([791.667, 537.5, 733.333]);
    expect(rowsOf(res, "block-budget-year-end", "unusedShare")).toEqual([3.75]);
    expect(rowsOf(res, "block-budget-year-end", "carryOver")).toEqual([30]);
    // The same figures as LibreOffice computed them, read at the cells the check reports.
    const f = res.forms.find((x) => x.template.id === "block-budget-limit")!;
    expect(lo.value(f.sheet, f.computedCells.totalLimit!)).toBeCloseTo(2062.5, 9);
    // The passports register sums its programs by year (subprograms not counted twice), within the adjusted limits.
    const pass = computedOf(res, "block-budget-passports");
    expect([pass.year1Total, pass.year2Total, pass.year3Total]).toEqual([780, 530, 720]);
    const p = res.forms.find((x) => x.template.id === "block-budget-passports")!;
    expect(lo.value(p.sheet, p.computedCells.year1Total!)).toBe(780);
    expect(p.findings.filter((x) => x.rule.startsWith("BB-PASSPORT-WITHIN-LIMIT"))).toEqual([]);
  });

  test("reading A and reading B of p.8 ¶3 on 6.25 % unused (spec §5.3: 50 written off, or 10)", () => {
    expect(rowsOf(results[1].res, "block-budget-year-end", "writeOff")).toEqual([50]);
    expect(rowsOf(results[1].res, "block-budget-year-end", "carryOver")).toEqual([0]);
    expect(rowsOf(results[2].res, "block-budget-year-end", "writeOff").map((x) => Math.round(x * 1e9) / 1e9)).toEqual([10]);
    expect(rowsOf(results[2].res, "block-budget-year-end", "carryOver")).toEqual([40]);
  });

  test("a methodology parameter changed in the rules data changes the sheet and the core alike", () => {
    const base = computedOf(results[0].res, "block-budget-limit");
    const changed = computedOf(results[4].res, "block-budget-limit");
    const geo = Math.exp([100000, 110000, 120000, 130000, 140000].reduce((a, x) => a + Math.log(x), 0) / 5);
    expect(changed.tgdp).toBeCloseTo(geo, 6);
    expect(changed.tgdp).not.toBeCloseTo(base.tgdp as number, 3);
    const limits = rowsOf(results[4].res, "block-budget-limit", "limit");
    for (const l of limits) expect(Math.round(l * 10) / 10).toBe(l);
    expect(limits).not.toEqual(rowsOf(results[0].res, "block-budget-limit", "limit"));
    expect(results[4].mismatches).toEqual([]);
  });

  test("a missing input leaves the limits blank on both sides", () => {
    expect(computedOf(results[5].res, "block-budget-limit").totalLimit).toBeNull();
    expect(rowsOf(results[5].res, "block-budget-limit", "limit")).toEqual([]);
    expect(results[5].mismatches).toEqual([]);
  });

  test("one limit for the period: no yearly limits, the same total (the GDP sum × ШҮ %)", () => {
    expect(rowsOf(results[6].res, "block-budget-limit", "limit")).toEqual([]);
    expect(computedOf(results[6].res, "block-budget-limit").totalLimit).toBeCloseTo(((140000 + 150000 + 160000) * 550) / 120000, 9);
    expect(results[6].mismatches).toEqual([]);
  });

  test("jospar check --format json gives the limits LibreOffice computes", async () => {
    const { code, out } = await run(["check", files[0], "--format", "json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as { files: { forms: { sheet: string; template: { id: string }; computed: Record<string, number>; computedCells: Record<string, string>; computedRows: Record<string, { cell: string; value: number }[]> }[] }[] };
    const f = report.files[0].forms.find((x) => x.template.id === "block-budget-limit")!;
    const lo = results[0].lo;
    expect(lo.value(f.sheet, f.computedCells.totalLimit)).toBeCloseTo(f.computed.totalLimit, 9);
    expect(f.computedRows.limit).toHaveLength(3);
    for (const r of f.computedRows.limit) expect(lo.value(f.sheet, r.cell)).toBeCloseTo(r.value, 9);
    expect(f.computedRows.limit.map((r) => Math.round(r.value * 1000) / 1000)).toEqual([641.667, 687.5, 733.333]);
  });
});
