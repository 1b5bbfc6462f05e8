import type { Grid } from "../core/grid";
import { a1, cellAt, formulaAt, isBlank, parseA1 } from "../core/grid";
import type { CellWrite, FormResult, WorkbookResult, WorkbookSnapshot } from "../core/workbook";
import type { FormDocument } from "../core/document";
import type { FormLayout } from "../core/layout";
import { formulaRowsEndOf, layoutForm } from "../core/layout";
import { computedFormula, FormulaContext, NO_FORMULA_CONTEXT } from "../core/computed";
import { documentsFormulaContext, isMissingPart } from "../core/computed-rows";
import { findFlagsColumn, flagChanges, flagCodes } from "../core/flags";
import type { ComputedIssue } from "../core/facts";

/**
 * What a check puts into the workbook, as plain cell writes any port can apply: the flags of
 * every form (only the flag cells whose text changes) and the template's formula in computed
 * cells that are blank (a panel value or a per-row computed cell without its formula). A
 * computed cell holding a typed value is the user's: it is reported (X-COMPUTED-OVERWRITTEN)
 * and restored only on request (restoreWrite).
 */
export interface Presentation {
  writes: CellWrite[];
  /** Forms whose sheet has no flags column (found by headings, not built from a template). */
  withoutFlags: string[];
}

type Params = (templateId: string) => Record<string, unknown>;

export function presentationWrites(snapshot: WorkbookSnapshot, result: WorkbookResult, params: Params = () => ({})): Presentation {
  const writes: CellWrite[] = [];
  const withoutFlags: string[] = [];
  const ctx = documentsFormulaContext(result.forms.map((f) => f.prepared.doc));
  for (const form of result.forms) {
    const grid = snapshot.sheets.find((g) => g.sheet === form.sheet);
    if (!grid) continue;
    writes.push(...formFlagWrites(grid, form, withoutFlags));
    const structure = form.prepared.facts.structure as { computedMissing?: ComputedIssue[] };
    for (const issue of structure.computedMissing ?? [])
      if (issue.cell && issue.formula && isBlankAt(grid, issue.cell)) writes.push({ sheet: form.sheet, address: issue.cell, formula: issue.formula });
    for (const def of form.prepared.doc.template.computed ?? []) {
      const address = form.computedCells[def.id];
      if (!address || !isBlankAt(grid, address)) continue;
      const formula = panelFormula(form.prepared.doc, def.id, params(form.template.id), ctx);
      if (formula) writes.push({ sheet: form.sheet, address, formula });
    }
  }
  return { writes, withoutFlags };
}

function isBlankAt(grid: Grid, address: string): boolean {
  const { r, c } = parseA1(address);
  return !formulaAt(grid, r, c) && isBlank(cellAt(grid, r, c));
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
 * The write that restores a computed cell typed over by hand (the one-click fix of
 * X-COMPUTED-OVERWRITTEN): the formula the core derived for the issue, else the template's
 * formula written for where the parser found the table and the fields panel.
 */
export function restoreWrite(result: WorkbookResult, sheet: string, cell: string, params: Params = () => ({})): CellWrite | null {
  const form = result.forms.find((f) => f.sheet === sheet);
  if (!form) return null;
  const structure = form.prepared.facts.structure as { computedOverwritten?: ComputedIssue[]; computedDiffers?: ComputedIssue[]; computedMissing?: ComputedIssue[] };
  const panelId = Object.entries(form.computedCells).find(([, a]) => a === cell)?.[0];
  const issues = [...(structure.computedOverwritten ?? []), ...(structure.computedDiffers ?? []), ...(structure.computedMissing ?? [])];
  const issue = issues.find((i) => i.cell === cell || (panelId !== undefined && i.field === `computed.${panelId}`));
  let formula = issue?.formula ?? null;
  if (!formula && panelId) formula = panelFormula(form.prepared.doc, panelId, params(form.template.id), documentsFormulaContext(result.forms.map((f) => f.prepared.doc)));
  return formula ? { sheet, address: cell, formula } : null;
}

/** The template's formula of a panel computed value in this sheet's actual layout. */
export function panelFormula(doc: FormDocument, id: string, params: Record<string, unknown> = {}, ctx: FormulaContext = NO_FORMULA_CONTEXT): string | null {
  const def = (doc.template.computed ?? []).find((c) => c.id === id);
  const address = doc.computedCells[id]?.address;
  if (!def || !address) return null;
  const layout = actualLayout(doc, parseA1(address).c);
  if (!layout) return null;
  try {
    return computedFormula(doc.template, layout, def, params, ctx);
  } catch (e) {
    // The formula needs a column or field the sheet does not have: no formula to offer. Anything
    // else is a bug and surfaces (the session reports it) rather than silently leaving the cell.
    if (isMissingPart(e)) return null;
    throw e;
  }
}

/**
 * A FormLayout describing a parsed sheet as it is (rows inserted, the table further down…), so
 * the core's formula writers can write for it (each field where the sheet has it). Null when no
 * layout describes it (the name or row-kind column missing).
 */
export function actualLayout(doc: FormDocument, panelValueCol: number): FormLayout | null {
  const t = doc.template;
  if (doc.headerRow === null) return null;
  const base = layoutForm(t, 1);
  const columns = base.columns.map(({ def }) => ({ def, col: doc.columns[def.id] ?? -1 }));
  // Aggregates run over the name and row-kind columns; without them no formula can be written.
  if (columns.some((c) => c.col < 0 && (c.def.id === t.table.nameColumn || c.def.role === "rowKind"))) return null;
  const firstDataRow = doc.dataStart ?? doc.headerRow + 1;
  const formulaRowsEnd = formulaRowsEndOf(doc);
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
      fields.push({ id, group, row: p.r, col: p.c, labelRow: p.r, labelCol: p.c - 1 });
    }
  return {
    ...base,
    columns: columns.filter((c) => c.col >= 0),
    firstDataRow,
    formulaRowsEnd,
    fields,
    panelValueCol,
    panelLabelCol: panelValueCol - 1,
    dataRowCount: formulaRowsEnd - firstDataRow + 1,
  };
}
