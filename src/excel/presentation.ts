import type { Grid } from "../core/grid";
import { a1, cellAt, formulaAt, isBlank, parseA1 } from "../core/grid";
import type { CellWrite, FormResult, WorkbookResult, WorkbookSnapshot } from "../core/workbook";
import type { FormDocument } from "../core/document";
import type { FormLayout } from "../core/layout";
import { layoutForm } from "../core/layout";
import { computedFormula } from "../core/computed";
import { findFlagsColumn, flagChanges, flagCodes } from "../core/flags";

/**
 * What a check puts into the workbook, as plain cell writes any port can apply: the flags of
 * every form (only the flag cells whose text changes) and the template's formula in computed
 * cells left blank. A computed cell holding a typed value is the user's: it is reported
 * (X-COMPUTED-OVERWRITTEN) and restored only on request (restoreWrite).
 */
export interface Presentation {
  writes: CellWrite[];
  /** Forms whose sheet has no flags column (found by headings, not built from a template). */
  withoutFlags: string[];
}

export function presentationWrites(snapshot: WorkbookSnapshot, result: WorkbookResult, params: (templateId: string) => Record<string, unknown> = () => ({})): Presentation {
  const writes: CellWrite[] = [];
  const withoutFlags: string[] = [];
  for (const form of result.forms) {
    const grid = snapshot.sheets.find((g) => g.sheet === form.sheet);
    if (!grid) continue;
    writes.push(...formFlagWrites(grid, form, withoutFlags));
    for (const def of form.prepared.doc.template.computed ?? []) {
      const address = form.computedCells[def.id];
      if (!address) continue;
      const { r, c } = parseA1(address);
      if (formulaAt(grid, r, c) || !isBlank(cellAt(grid, r, c))) continue;
      const w = restoreWrite(form, def.id, params(form.template.id), grid);
      if (w) writes.push(w);
    }
  }
  return { writes, withoutFlags };
}

export function formFlagWrites(grid: Grid, form: FormResult, withoutFlags: string[] = []): CellWrite[] {
  const flags = findFlagsColumn(grid);
  if (!flags) {
    withoutFlags.push(form.sheet);
    return [];
  }
  const codes = flagCodes(form.findings, form.prepared.doc.columns);
  return flagChanges(grid, flags, codes).map((x) => ({ sheet: form.sheet, address: a1(x.row, flags.col), value: x.text }));
}

/** Apply writes to the grids of a snapshot (keeps a cached snapshot equal to the sheet after a write). */
export function applyToSnapshot(snapshot: WorkbookSnapshot, writes: CellWrite[]): void {
  for (const w of writes) {
    const grid = snapshot.sheets.find((g) => g.sheet === w.sheet);
    if (!grid) continue;
    const { r, c } = parseA1(w.address);
    const row = (grid.values[r] ??= []);
    while (row.length < c) row.push(null);
    if (w.formula !== undefined) {
      ((grid.formulas ??= [])[r] ??= [])[c] = w.formula;
    } else {
      row[c] = w.value === undefined || w.value === "" ? null : w.value;
      const f = grid.formulas?.[r];
      if (f && f[c] !== undefined) f[c] = null;
    }
  }
}

/**
 * The formula of a computed cell in this sheet's actual layout: the template's formula
 * (computedFormula) written for where the parser found the table and the fields panel, which may
 * differ from a fresh template after rows were inserted. Null when the template has no Excel
 * formula for it or the panel was rearranged so that no single layout describes it.
 */
export function restoreWrite(form: FormResult, computedId: string, params: Record<string, unknown> = {}, grid?: Grid): CellWrite | null {
  const doc = form.prepared.doc;
  const def = (doc.template.computed ?? []).find((c) => c.id === computedId);
  const address = form.computedCells[computedId];
  if (!def || !address) return null;
  const layout = actualLayout(doc, parseA1(address).c, grid);
  if (!layout) return null;
  let formula: string | null;
  try {
    formula = computedFormula(doc.template, layout, def, params);
  } catch {
    return null; // the formula needs a column the sheet does not have
  }
  return formula ? { sheet: form.sheet, address, formula } : null;
}

export function actualLayout(doc: FormDocument, panelValueCol: number, grid?: Grid): FormLayout | null {
  const t = doc.template;
  if (doc.headerRow === null) return null;
  const base = layoutForm(t, 1);
  const columns = base.columns.map(({ def }) => ({ def, col: doc.columns[def.id] ?? -1 }));
  // Aggregates run over the name and row-kind columns; without them no formula can be written.
  if (columns.some((c) => c.col < 0 && (c.def.id === t.table.nameColumn || c.def.role === "rowKind"))) return null;
  const firstDataRow = doc.headerRow + 1 + (numbersRowPresent(doc, grid) ? 1 : 0);
  const signatureRows = Object.values(doc.signature).map((s) => (s.address ? parseA1(s.address).r : null)).filter((r): r is number => r !== null);
  const lastData = doc.rows.length ? doc.rows[doc.rows.length - 1].sheetRow : firstDataRow;
  const formulaRowsEnd = signatureRows.length ? Math.max(lastData, Math.min(...signatureRows) - 2) : Math.max(lastData, firstDataRow + (t.table.blankRows ?? 40));
  const fields: FormLayout["fields"] = [];
  const groups: [FormLayout["fields"][number]["group"], Record<string, { address: string | null }>][] = [
    ["header", doc.header],
    ["context", doc.context],
    ["computed", doc.computedCells],
  ];
  for (const [group, map] of groups)
    for (const [id, read] of Object.entries(map)) {
      if (!read.address) continue;
      const p = parseA1(read.address);
      if (p.c !== panelValueCol) return null;
      fields.push({ id, group, row: p.r });
    }
  return { ...base, columns: columns.filter((c) => c.col >= 0), firstDataRow, formulaRowsEnd, fields, panelValueCol, panelLabelCol: panelValueCol - 1, dataRowCount: formulaRowsEnd - firstDataRow + 1 };
}

/** The official column numbers (1 2 3 …) right under the headings, as the parser skips them. */
function numbersRowPresent(doc: FormDocument, grid?: Grid): boolean {
  const r = (doc.headerRow ?? 0) + 1;
  if (!grid) {
    const first = doc.rows[0]?.sheetRow;
    return first === undefined || first > r;
  }
  let hits = 0;
  for (const d of doc.template.table.columns) {
    const c = doc.columns[d.id];
    if (d.number === undefined || c === undefined) continue;
    const v = cellAt(grid, r, c);
    if (v === d.number || v === String(d.number)) hits++;
  }
  return hits >= 2;
}
