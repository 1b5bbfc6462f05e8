import type { CellScalar } from "./grid";
import type { FormData } from "./layout";

/**
 * A change to a filled form, as data: how fixtures, samples and benchmarks derive a form with
 * a known violation from a clean one. Row indexes refer to the rows before the patch.
 */
export interface DataPatch {
  header?: Record<string, CellScalar>;
  context?: Record<string, CellScalar>;
  signature?: Record<string, CellScalar>;
  /** Row index → cells to set (null clears). */
  set?: Record<string, Record<string, CellScalar>>;
  /** Rows to insert before the row at `at` (an index into the original rows). */
  insert?: { at: number; kind: string; cells: Record<string, CellScalar> }[];
  delete?: number[];
}

export function applyPatch(data: FormData, patch: DataPatch): FormData {
  const rows = (data.rows ?? []).map((r) => ({ kind: r.kind, cells: { ...r.cells } }));
  for (const [i, cells] of Object.entries(patch.set ?? {})) {
    const row = rows[Number(i)];
    if (!row) throw new Error(`patch sets row ${i}, but the form has ${rows.length} rows`);
    Object.assign(row.cells, cells);
  }
  const removed = new Set(patch.delete ?? []);
  const out: NonNullable<FormData["rows"]> = [];
  rows.forEach((row, i) => {
    for (const ins of patch.insert ?? []) if (ins.at === i) out.push({ kind: ins.kind, cells: { ...ins.cells } });
    if (!removed.has(i)) out.push(row);
  });
  for (const ins of patch.insert ?? []) if (ins.at >= rows.length) out.push({ kind: ins.kind, cells: { ...ins.cells } });
  return {
    header: { ...data.header, ...patch.header },
    context: { ...data.context, ...patch.context },
    signature: { ...data.signature, ...patch.signature },
    rows: out,
  };
}
