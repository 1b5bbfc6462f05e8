import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { loadCatalog } from "../../src/cli/data";
import type { Catalog } from "../../src/core/catalog";
import type { Template } from "../../src/core/template/types";
import { layoutForm, fillGrid, FormData, layoutColumn, fieldCell } from "../../src/core/layout";
import { applyPatch, DataPatch } from "../../src/core/formdata";
import { Grid, a1 } from "../../src/core/grid";
import { computedColumns, formFormulas } from "../../src/core/computed-rows";
import "../../src/core/catalog";
import type { WorkbookSnapshot, FormBinding } from "../../src/core/workbook";

export const ROOT = join(__dirname, "..", "..");
let cached: Catalog | null = null;
export function catalog(): Catalog {
  return (cached ??= loadCatalog(ROOT));
}

export function template(id: string): Template {
  const t = catalog().templates.find((x) => x.id === id);
  if (!t) throw new Error(`no template ${id}`);
  return t;
}

/** The clean filled form every fixture and sample starts from: samples/data/<template>.json. */
export function baseData(id: string): FormData {
  return JSON.parse(readFileSync(join(ROOT, "samples", "data", `${id}.json`), "utf8")) as FormData;
}

export function formGrid(id: string, patch: DataPatch = {}, sheet?: string): { grid: Grid; data: FormData; layout: ReturnType<typeof layoutForm> } {
  const t = template(id);
  const data = applyPatch(baseData(id), patch);
  const layout = layoutForm(t, (data.rows?.length ?? 0) + 5);
  const grid = fillGrid(t, layout, data, sheet ?? t.sheetName.kk);
  // The formulas of per-row computed columns, as a built sheet has them (values left to the core).
  const cols = new Set(computedColumns(t).map((c) => layoutColumn(layout, c.id)));
  for (const f of formFormulas(t, layout)) if (f.r >= layout.firstDataRow && cols.has(f.c)) ((grid.formulas ??= [])[f.r] ??= [])[f.c] = f.formula;
  return { grid, data, layout };
}

/** Grid-level changes a data patch cannot express: a missing column, merged cells, computed cells. */
export interface GridOps {
  dropColumn?: string;
  merge?: { row: number; from: string; to: string };
  computed?: Record<string, { value: number | string | null; formula?: string }>;
  /** Cells of data rows (index into the form's rows) set after the fill: a value typed over a computed cell, a formula removed, a row kind cleared. */
  cells?: { row: number; column: string; value?: number | string | null | { error: string }; formula?: string | null }[];
}

export function applyGridOps(id: string, g: { grid: Grid; layout: ReturnType<typeof layoutForm> }, ops: GridOps = {}): void {
  const { grid, layout } = g;
  if (ops.dropColumn) {
    const c = layoutColumn(layout, ops.dropColumn);
    for (const row of grid.values) if (row) row[c] = null;
  }
  if (ops.merge) {
    const r = layout.firstDataRow + ops.merge.row;
    const from = a1(r, layoutColumn(layout, ops.merge.from));
    const to = a1(r, layoutColumn(layout, ops.merge.to));
    (grid.merges ??= []).push(`${from}:${to}`);
  }
  for (const op of ops.cells ?? []) {
    const r = layout.firstDataRow + op.row;
    const c = layoutColumn(layout, op.column);
    if (op.value !== undefined) (grid.values[r] ??= [])[c] = op.value;
    if (op.formula !== undefined) ((grid.formulas ??= [])[r] ??= [])[c] = op.formula;
  }
  for (const [cid, spec] of Object.entries(ops.computed ?? {})) {
    const addr = fieldCell(layout, cid);
    const m = /^([A-Z]+)(\d+)$/.exec(addr)!;
    const r = Number(m[2]) - 1;
    const c = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    grid.values[r][c] = spec.value;
    if (spec.formula) ((grid.formulas ??= [])[r] ??= [])[c] = spec.formula;
  }
}

export function snapshot(grids: Grid[], bindings: FormBinding[] = []): WorkbookSnapshot {
  return { sheets: grids, bindings };
}

export function fixtureFiles(): { file: string; pack: string; cases: FixtureCase[] }[] {
  const dir = join(ROOT, "rules", "fixtures");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".fixtures.json"))
    .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(dir, f), "utf8")) as { pack: string; cases: FixtureCase[] }) }));
}

export interface FixtureSide {
  patch?: DataPatch;
  grid?: GridOps;
  binding?: { templateId: string; version: string };
  params?: Record<string, unknown>;
  with?: Record<string, DataPatch>;
  expect?: { row?: number; column?: string; field?: string };
}

export interface FixtureCase {
  rule: string;
  template: string;
  note?: string;
  fail: FixtureSide;
  pass: FixtureSide;
}
