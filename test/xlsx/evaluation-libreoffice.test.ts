/**
 * Proof against a real spreadsheet engine: filled evaluation workbooks (the spec's worked
 * examples and edge cases) recalculated by LibreOffice headless, every computed cell (panel and
 * per row) compared with the core's value to 1e-9, texts (the notes) exactly.
 */
import { recalculate, poisoned, describeLibreOffice, LoValue } from "../helpers/libreoffice";
import { evaluationWorkbook, checkBuffer, computedCells, catalogWith, EvaluationId } from "../helpers/evaluation";
import type { DataPatch } from "../../src/core/formdata";
import { readFileSync } from "fs";
import { join } from "path";
import { a1 } from "../../src/core/grid";
import { ROOT } from "../helpers/forms";


interface Case {
  name: string;
  /** A sample workbook (samples/…) instead of one built from patches. */
  file?: string;
  patches?: Partial<Record<EvaluationId, DataPatch>>;
  methodology?: Record<string, unknown>;
  /** Values the spec's worked examples give, by sheet and computed id. */
  expect?: Record<string, number>;
  /** The sheet's own (LibreOffice) values of a computed column, row by row (numbers only), as the spec's examples print them. */
  rows?: Record<string, Record<string, number[]>>;
}

const LOCAL = { context: { bodyType: "жергілікті атқарушы орган" } };

const CASES: Case[] = [
  {
    name: "central body, spec §4 (P1)",
    expect: { A: 54.05, B: 0.583333333333, C: 0.625, D: 0.553333333333, W: 2.3, W_late: 1.5, W_unreliable: 0.8 },
    rows: {
      "evaluation-quality": { b: [0.75, 0.5, 1, 0.25], bj: [0.75, 0.75, 0.25] }, // §3.3, §3.4
      "evaluation-goals": { h: [0.6, 1, 0, 1, 0.6], K: [0.533333, 0.8], p: [0.8, 1, 1, 0.5, 1], z: [0.9, 1, 0.75], Y: [0.95, 0.75], X: [0.506667, 0.6] }, // §3.6
      "verification-act": { deduction: [0.2, 0.2, 0.2, 0.2] }, // §3.8 case a
      "evaluation-conclusion": { coef: [0.583333, 0.553333, 0.625], points: [5.833333, 44.266667, 6.25] }, // §3.1
    },
  },
  { name: "central body, spec §4 (P2: p = fact/plan)", methodology: { pMode: "factOverPlan" }, expect: { A: 61.25, D: 0.643333333333 } },
  {
    name: "local body, spec §3.2 and §3.7 (E1), a single goal",
    patches: {
      "evaluation-conclusion": LOCAL,
      "verification-act": { delete: [0, 1, 2, 3] },
      "evaluation-quality": {
        set: { "0": { q1: 1, q2: 0.5 }, "4": { q1: 0.5, q2: 1 } },
      },
      "evaluation-goals": {
        delete: [0, 1, 2, 3, 4, 5, 6, 7, 8],
        set: { "13": { actual: 120 } }, // goal 2 alone: K = (1 + 0.6)/2 = 0.8, Y = 1, so D = 0.8 as in spec §3.2
      },
      "leb-performance": {
        set: {
          "0": { previous: 5.0, current: 4.8 }, "1": { previous: 30.0, current: 31.5 }, "2": { previous: 12000, current: 12480 },
          "3": { previous: 40, current: 41 }, "4": { previous: 104.0, current: 102.0 }, "5": { previous: 2000, current: 2200 },
        },
      },
    },
    expect: { E: 0.978220, A: 75.78 },
    rows: { "leb-performance": { S: [1, 0.952381, 0.961538, 0.975610, 0.980769, 1] } }, // §3.7
  },
  { name: "sample evaluation-central-clean.xlsx", file: "evaluation-central-clean.xlsx", expect: { A: 54.05 } },
  { name: "sample evaluation-local-clean.xlsx", file: "evaluation-local-clean.xlsx", expect: { A: 75.78 } },
  { name: "sample evaluation-bad-input.xlsx (bad inputs never show an error)", file: "evaluation-bad-input.xlsx" },
  {
    name: "edge cases: h above 1 and below 0, zero planned change, deteriorating plan, operational data, exclusions, text in number cells",
    patches: {
      "evaluation-goals": {
        set: {
          "1": { actual: 130 }, // h > 1 → 1
          "3": { actual: 20 }, // h < 0 → 0
          "5": { plan: 10, actual: 12 }, // planned change 0: attainment
          "6": { actual: null, operational: 52 }, // operational data
          "8": { plan: "бес" }, // text in a number cell → excluded
          "10": { plan: 210, direction: -1, actual: 205 }, // deteriorating plan
          "11": { direction: "төмен" }, // invalid direction
          "13": { previous: null }, // no previous value
        },
        insert: [{ at: 4, kind: "TI", cells: { no: "1.4", name: "1.4-нысаналы индикатор. Жоспарсыз", previous: 10, plan: null, actual: 12, direction: 1 } }],
      },
      "evaluation-quality": { set: { "0": { q1: 0.7 }, "4": { q2: "жоқ" } } },
      "evaluation-risks": { set: { "1": { R: 2 } } },
      "leb-performance": { set: { "0": { previous: -5, current: 4 }, "1": { previous: 30, current: 0 }, "2": { previous: 0, current: 10, direction: 1 } } },
    },
  },
  {
    name: "all penalties: late, incomplete, 30 facts (W = 8.5); a goal with no tasks; a task with no results",
    patches: {
      "verification-act": {
        context: { missingElements: "1) 3-қосымша; 2) 4-кесте" },
        insert: Array.from({ length: 26 }, (_, i) => ({ at: 4, kind: "FACT", cells: { no: String(5 + i), name: `Факт ${5 + i}`, plan: 10, reported: 12, verified: 11 } })),
      },
      "evaluation-goals": { delete: [12, 13, 14], set: { "8": { plan: null } } },
    },
    expect: { W: 8.5 },
  },
  {
    name: "parameters: product of q, flat B, total cap, charge from the first fact, E on D only, exclusions instead of attainment",
    methodology: { sphereCombine: "product", bAveraging: "flat", unreliableCapScope: "total", unreliableChargeBelowThreshold: true, eMode: "dOnly", zeroPlannedChange: "exclude", goalWithoutTasks: "exclude", sZeroDenominator: "exclude", roundScore: true },
    patches: {
      "evaluation-conclusion": LOCAL,
      "verification-act": { delete: [2, 3], context: { missingElements: "3-бөлім" } },
      "evaluation-goals": { set: { "5": { plan: 10 } }, delete: [12, 13, 14] },
      "leb-performance": { set: { "0": { previous: 5.0, current: 4.8 }, "1": { previous: 30.0, current: 0 }, "4": { previous: 104.0, current: 102.0 } } },
    },
  },
  {
    name: "parameters: A on [0, 1], no floor, clamps of h and p widened, 5 facts before a deduction, cap 0.5, S uncapped, no operational data",
    methodology: { scale: 1, floor: null, hClamp: { min: -1, max: 2 }, pClamp: { min: -0.5, max: 1.5 }, unreliableThreshold: 5, unreliableCap: 0.5, sCap: null, useOperationalData: false, weightsCentral: { B: 0.2, C: 0.2, D: 0.6 } },
    patches: {
      "verification-act": { insert: [{ at: 4, kind: "FACT", cells: { no: "5", name: "Факт 5", plan: 1, reported: 2, verified: 3 } }] },
      "evaluation-goals": { set: { "1": { actual: 130 }, "3": { actual: 20 }, "6": { actual: null, operational: 52 } } },
      "leb-performance": { set: { "0": { previous: 5.0, current: 4.8 }, "5": { previous: 2000, current: 2200 } } },
    },
  },
];

function same(lo: LoValue, value: number | null, text: string | null | undefined): boolean {
  if (text !== undefined) return (typeof lo === "string" ? lo : lo === null ? "" : JSON.stringify(lo)) === (text ?? "");
  if (value === null) return lo === null || lo === "";
  return typeof lo === "number" && Math.abs(lo - value) <= 1e-9;
}

describeLibreOffice("LibreOffice recalculates the evaluation workbook exactly as the core computes it", () => {
  let results: { c: Case; mismatches: string[]; checked: number; computed: Record<string, number | null>; errors: string[]; rows: Record<string, Record<string, number[]>> }[] = [];

  beforeAll(async () => {
    const bufs = await Promise.all(CASES.map((c) => (c.file ? Promise.resolve(readFileSync(join(ROOT, "samples", c.file))) : evaluationWorkbook(c.patches, c.methodology))));
    const stale = await Promise.all(bufs.map((b) => poisoned(b)));
    expect(Math.min(...stale.map((x) => x.formulas))).toBeGreaterThan(500);
    const los = await recalculate(stale.map((x) => x.buf));
    results = await Promise.all(
      CASES.map(async (c, i) => {
        const res = await checkBuffer(bufs[i], catalogWith(c.methodology));
        const cells = computedCells(res);
        const mismatches = cells
          .filter((x) => !same(los[i].value(x.sheet, x.cell), x.value, x.text))
          .map((x) => `${x.sheet}!${x.cell} ${x.what}: core ${x.text !== undefined ? JSON.stringify(x.text) : x.value}, LibreOffice ${JSON.stringify(los[i].value(x.sheet, x.cell))}`);
        const computed: Record<string, number | null> = {};
        for (const f of res.forms) for (const [k, v] of Object.entries(f.computed)) computed[k] = v.value;
        // Errors (#DIV/0!, #VALUE!, #REF!…) in any computed cell, as LibreOffice shows them.
        const errors = cells.filter((x) => typeof los[i].value(x.sheet, x.cell) === "object" && los[i].value(x.sheet, x.cell) !== null).map((x) => `${x.sheet}!${x.cell}`);
        const rows: Record<string, Record<string, number[]>> = {};
        for (const [tid, cols] of Object.entries(c.rows ?? {})) {
          const f = res.forms.find((x) => x.template.id === tid)!;
          for (const col of Object.keys(cols)) {
            const cc = f.prepared.doc.columns[col];
            const vals = f.prepared.doc.rows.map((r) => los[i].value(f.sheet, a1(r.sheetRow, cc))).filter((v): v is number => typeof v === "number");
            (rows[tid] ??= {})[col] = vals;
          }
        }
        return { c, mismatches, checked: cells.length, computed, errors, rows };
      }),
    );
  }, 240_000);

  test.each(CASES.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
    const r = results[i];
    expect(r.checked).toBeGreaterThan(60);
    expect(r.mismatches).toEqual([]);
    expect(r.errors).toEqual([]);
    // The sheet formulas reproduce the spec's worked examples (printed to 6 decimals).
    for (const [tid, cols] of Object.entries(r.c.rows ?? {}))
      for (const [col, want] of Object.entries(cols)) {
        const got = r.rows[tid][col];
        expect({ tid, col, n: got.length }).toEqual({ tid, col, n: want.length });
        got.forEach((v, k) => expect({ tid, col, k, ok: Math.abs(v - want[k]) <= 5e-7 }).toEqual({ tid, col, k, ok: true }));
      }
    // The spec prints its results rounded (75.78 for 75.7794…): equal to the digits printed.
    for (const [id, v] of Object.entries(r.c.expect ?? {})) {
      const digits = (String(v).split(".")[1] ?? "").length;
      expect({ id, value: Math.abs((r.computed[id] ?? NaN) - v) <= 0.5 * 10 ** -digits + 1e-12 }).toEqual({ id, value: true });
    }
  });
});
