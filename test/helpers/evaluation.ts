/**
 * The 002 evaluation workbook in tests: build filled workbooks from samples/data (with patches),
 * check them, and list every computed cell with the core's value (panel cells and per-row cells).
 */
import { buildFamilyWorkbook } from "../../src/xlsx/build";
import { readWorkbookBuffer } from "../../src/xlsx/read";
import { checkWorkbook, WorkbookResult } from "../../src/core/workbook";
import { Checker } from "../../src/core/check";
import { applyPatch, DataPatch } from "../../src/core/formdata";
import { a1 } from "../../src/core/grid";
import type { Catalog } from "../../src/core/catalog";
import { catalog, baseData, template } from "./forms";

export const EVALUATION_IDS = [
  "verification-act", "evaluation-quality", "evaluation-risks", "evaluation-goals", "leb-performance", "evaluation-conclusion", "disagreements",
] as const;
export type EvaluationId = (typeof EVALUATION_IDS)[number];

/** A catalog whose evaluation pack carries `methodology` overrides (what a changed rules file would do). */
export function catalogWith(methodology?: Record<string, unknown>): Catalog {
  const base = catalog();
  if (!methodology) return base;
  return { ...base, packs: base.packs.map((p) => ("methodology" in p.params ? { ...p, params: { ...p.params, methodology } } : p)) };
}

/** An .xlsx of the whole evaluation family, filled from samples/data with the given patches. */
export async function evaluationWorkbook(patches: Partial<Record<EvaluationId, DataPatch>> = {}, methodology?: Record<string, unknown>): Promise<Buffer> {
  const templates = EVALUATION_IDS.map((id) => template(id));
  const data = Object.fromEntries(EVALUATION_IDS.map((id) => [id, applyPatch(baseData(id), patches[id] ?? {})]));
  const wb = buildFamilyWorkbook(templates, data, methodology ? { methodology } : {});
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function checkBuffer(buf: Buffer, cat: Catalog = catalog()): Promise<WorkbookResult> {
  return checkWorkbook(await readWorkbookBuffer(buf), cat, new Checker(cat.packs, cat.calendar));
}

export interface ExpectedCell {
  sheet: string;
  cell: string;
  /** Where it comes from: "computed.A" or "row.h@9". */
  what: string;
  value: number | null;
  text?: string | null;
}

/** Every computed cell of a checked workbook with the core's value. */
export function computedCells(result: WorkbookResult): ExpectedCell[] {
  const out: ExpectedCell[] = [];
  for (const f of result.forms) {
    for (const [id, address] of Object.entries(f.computedCells))
      if (address) out.push({ sheet: f.sheet, cell: address, what: `computed.${id}`, value: f.computed[id]?.value ?? null });
    const doc = f.prepared.doc;
    for (const [col, values] of Object.entries(f.prepared.rowComputed)) {
      const c = doc.columns[col];
      if (c === undefined) continue;
      const def = doc.template.table.columns.find((x) => x.id === col)!;
      const isText = def.type === "text" || def.type === "name";
      for (const [i, v] of values) {
        const row = doc.rows[i];
        out.push({ sheet: f.sheet, cell: a1(row.sheetRow, c), what: `row.${col}@${row.sheetRow + 1}`, value: isText ? null : v.value, ...(isText ? { text: v.text ?? "" } : {}) });
      }
    }
  }
  return out;
}
