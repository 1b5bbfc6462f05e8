import type { Template, ColumnDef } from "./template/types";
import type { FormDocument, FormRow } from "./document";
import type { FormLayout } from "./layout";
import { columnRange, fieldCell, formulaRowsEndOf, layoutColumn, layoutForm, NotInTemplateError } from "./layout";
import { a1, columnLetter, parseA1, quoteSheet } from "./grid";
import { computeValues, computedFormula, ComputeContext, FormulaContext, NO_FORMULA_CONTEXT, RowValues } from "./computed";
import type { Computation } from "./trace";
import type { Localized } from "./i18n";
import { step } from "./trace";
import type { ComputedIssue } from "./facts";
import { rowFunction } from "./functions";
import { absolute as abs, excelString as str } from "./formula-text";

/**
 * Per-row computed columns: a column declared `computed` in the template holds, on every row, a
 * formula the form writes (the same formula on every row, row-relative, so a row copied down or
 * inserted with its formulas keeps working) and a core value per row that cross-checks it.
 *
 *   core:  rowFunction(t, fn).compute(doc, row, args, params, ctx) → { value, trace, text? }
 *   Excel: rowFunction(t, fn).formula(template, at, args, params) → formula text for the row `at.row`
 *
 * The functions come from the methodologies the catalog was made with (functions.ts).
 *
 * A column computed `byKind` dispatches on the row kind: the Excel formula tests the row-kind
 * cell (`IF($Q7="Мақсат",…,IF(…)))`), the core the row's kind. Row functions may read other
 * computed columns of any row of the form (`ctx.cell`, memoised, in any order) and the forms the
 * template depends on (`ctx.form`); form-level computed cells read them through `ctx.rowValue`.
 * Group aggregates (a goal's K = mean of the h of its target indicators) use a key column:
 * `row.countKind` numbers the rows by how many rows of a kind precede them, and the group's
 * members are the rows with the same key (`groupRows`, `excelGroupMean`); both sides read the
 * same keys, so the sheet and the core agree row for row.
 */

/** A row's computed value; `text` for text columns (a reason, a note), `localized` the same text in every UI language. */
export interface RowComputation extends Computation {
  text?: string | null;
  localized?: Localized | null;
  /** True when no function applies to the row (its kind has none): the cell is expected empty. */
  notApplicable?: boolean;
}

export interface RowComputeContext extends ComputeContext {
  /** The rows of the form that computed columns run on (placeholders excluded). */
  rows: FormRow[];
  /** A computed column's value on a row of this form, by row index (memoised; any order). */
  cell(rowIndex: number, columnId: string): RowComputation;
  /** The column being computed (its cell on the row is `cellOf(doc, row, ctx.column)`). */
  column: string;
}

export type RowComputeFunction = (doc: FormDocument, row: FormRow, args: Record<string, unknown>, params: Record<string, unknown>, ctx: RowComputeContext) => RowComputation;

/** Where one row's formula may point: this row, the form's columns and fields, other sheets. */
export interface RowFormulaContext {
  /** 0-based sheet row the formula is written in. */
  row: number;
  /** This row's cell of a column, column absolute and row relative: "$H7". */
  here(columnId: string): string;
  /** The data rows of a column, absolute: "$H$6:$H$65". */
  range(columnId: string): string;
  /** From the first data row down to this row (a running range): "$H$6:$H7". */
  upTo(columnId: string): string;
  /** A panel field (header, context or computed) of this form, absolute: "$X$3". */
  field(id: string): string;
  /** Excel test that this row is of a kind: `$Q7="Мақсат"` ("TRUE" when the form has no kind column). */
  isKind(kind: string): string;
  /** The same test over the data range, for SUMPRODUCT: `($Q$6:$Q$65="Мақсат")`. */
  kindMask(kind: string): string;
  /** Cells and ranges of the other forms of the workbook. */
  others: FormulaContext;
}

/** The formula of one row (en-US, without "="), or null when the function has no sheet twin. */
export type RowFormula = (t: Template, at: RowFormulaContext, args: Record<string, unknown>, params: Record<string, unknown>) => string | null;

export function computedColumns(t: Template): ColumnDef[] {
  return t.table.columns.filter((c) => c.computed);
}

function rowFn(col: ColumnDef, kind: string): { fn: string; args: Record<string, unknown> } | null {
  const d = col.computed!;
  if (d.fn) return { fn: d.fn, args: d.args ?? {} };
  const k = d.byKind?.[kind];
  return k ? { fn: k.fn, args: k.args ?? {} } : null;
}

/** Whether a computed column has a function on a row of this kind. */
export function appliesTo(col: ColumnDef, kind: string): boolean {
  return rowFn(col, kind) !== null;
}

const NONE = (name: string): RowComputation => ({ value: null, text: null, notApplicable: true, trace: step(name, null) });

/**
 * Compute every per-row computed column of a document, then its form-level computed cells (which
 * may read the rows through `rowValue`). Forms this one depends on come through `forms`.
 */
export function computeForm(
  doc: FormDocument,
  params: Record<string, unknown> = {},
  forms: ComputeContext["form"] = () => undefined,
): { values: Record<string, Computation>; rows: RowValues } {
  const cols = computedColumns(doc.template);
  const rows = doc.rows.filter((r) => !r.placeholder);
  const memo = new Map<string, RowComputation>();
  const active = new Set<string>();
  const values: Record<string, Computation> = {};
  const ctx: RowComputeContext = {
    done: values,
    form: forms,
    rows,
    column: "",
    cell(rowIndex, columnId) {
      const key = `${rowIndex}\u0000${columnId}`;
      const hit = memo.get(key);
      if (hit) return hit;
      const row = doc.rows[rowIndex];
      const col = cols.find((c) => c.id === columnId);
      if (!row || !col || row.placeholder || active.has(key)) return NONE(columnId);
      const f = rowFn(col, row.kind);
      const impl = f && rowFunction(doc.template, f.fn).compute;
      let out: RowComputation;
      if (!f || !impl) out = NONE(columnId);
      else {
        active.add(key);
        try {
          out = impl(doc, row, f.args, params, { ...ctx, column: columnId });
        } finally {
          active.delete(key);
        }
      }
      memo.set(key, out);
      return out;
    },
  };
  const out: RowValues = {};
  for (const c of cols) {
    const m = new Map<number, RowComputation>();
    for (const r of rows) m.set(r.index, ctx.cell(r.index, c.id));
    out[c.id] = m;
  }
  const rowValue = (i: number, col: string) => out[col]?.get(i);
  Object.assign(values, computeValues(doc, params, forms, rowValue));
  // Each form-level value's trace says where it sits, for "show the math".
  for (const [id, c] of Object.entries(values)) {
    const address = doc.computedCells[id]?.address;
    if (address && !c.trace.cell) c.trace.cell = { sheet: doc.sheet, address };
  }
  return { values, rows: out };
}

/** The rows whose key column holds the same core value as this row's (a group: a goal with its rows). */
export function groupRows(ctx: RowComputeContext, row: FormRow, keyColumn: string, kinds?: string[]): FormRow[] {
  const key = ctx.cell(row.index, keyColumn).value;
  if (key === null) return [];
  return ctx.rows.filter((r) => (!kinds || kinds.includes(r.kind)) && ctx.cell(r.index, keyColumn).value === key);
}

/** Where a row sits in the sheet, for traces. */
export function cellOf(doc: FormDocument, row: FormRow, columnId: string): { sheet: string; address: string } | undefined {
  const c = doc.columns[columnId];
  return c === undefined ? undefined : { sheet: doc.sheet, address: a1(row.sheetRow, c) };
}

// ---------------------------------------------------------------------------------------------
// Excel side
// ---------------------------------------------------------------------------------------------

/**
 * Mean of the numbers of `valueRange` over the rows where every condition holds (array
 * expressions such as `($K$6:$K$65=$K7)`), "" when there are none: text and blank cells are
 * skipped, as the core's means skip excluded items. SUMPRODUCT treats text as 0 in Excel and
 * LibreOffice alike, and the ISNUMBER mask keeps it out of the count.
 */
export function excelGroupMean(valueRange: string, conditions: string[]): string {
  const mask = [...conditions, `ISNUMBER(${valueRange})`].join("*");
  const count = `SUMPRODUCT(${mask})`;
  return `IF(${count}=0,"",SUMPRODUCT(${mask},${valueRange})/${count})`;
}

/** Count of the rows where every condition holds. */
export function excelGroupCount(conditions: string[]): string {
  return `SUMPRODUCT(${conditions.length === 1 ? `--${conditions[0]}` : conditions.join("*")})`;
}

/**
 * A formula cannot be written because the sheet (or the layout it was given) lacks a column or a
 * field the formula reads: an expected outcome on a sheet the user rearranged, unlike a bug.
 */
export class NotOnSheetError extends Error {
  constructor(
    readonly part: "column" | "field",
    readonly id: string,
  ) {
    super(`${part} ${id} is not on the sheet`);
    this.name = "NotOnSheetError";
  }
}

/**
 * Whether an error of a formula writer means "a part is missing" (NotOnSheetError here, or the
 * layout's lookup of a column or field it does not have) rather than a bug to surface.
 */
export function isMissingPart(e: unknown): boolean {
  return e instanceof NotOnSheetError || e instanceof NotInTemplateError;
}

/** A row formula context over a freshly laid-out sheet. */
export function layoutRowContext(t: Template, layout: FormLayout, sheetRow: number, others: FormulaContext = NO_FORMULA_CONTEXT): RowFormulaContext {
  const L = (id: string) => columnLetter(layoutColumn(layout, id));
  const first = layout.firstDataRow + 1;
  return rowContext(t, {
    row: sheetRow,
    letter: (id) => (layout.columns.some((c) => c.def.id === id) ? L(id) : null),
    range: (id) => columnRange(layout, id),
    upTo: (id) => `$${L(id)}$${first}:$${L(id)}${sheetRow + 1}`,
    field: (id) => abs(fieldCell(layout, id)),
    others,
  });
}

interface Locator {
  row: number;
  letter(columnId: string): string | null;
  range(columnId: string): string;
  upTo(columnId: string): string;
  field(id: string): string;
  others: FormulaContext;
}

function rowContext(t: Template, loc: Locator): RowFormulaContext {
  const kindCol = t.table.columns.find((c) => c.role === "rowKind");
  const kinds = new Map(t.table.rowKinds.map((k) => [k.id, k]));
  const letterOf = (id: string) => {
    const l = loc.letter(id);
    if (!l) throw new NotOnSheetError("column", id);
    return l;
  };
  const label = (kind: string) => str(kinds.get(kind)?.label.kk ?? kind);
  return {
    row: loc.row,
    here: (id) => `$${letterOf(id)}${loc.row + 1}`,
    range: (id) => loc.range(id),
    upTo: (id) => loc.upTo(id),
    field: (id) => loc.field(id),
    isKind: (kind) => (kindCol && loc.letter(kindCol.id) ? `$${letterOf(kindCol.id)}${loc.row + 1}=${label(kind)}` : "TRUE"),
    kindMask: (kind) => (kindCol && loc.letter(kindCol.id) ? `(${loc.range(kindCol.id)}=${label(kind)})` : "1"),
    others: loc.others,
  };
}

/**
 * The formula of a computed column on one row, with "=". `byKind` columns become one formula for
 * every row: `IF(<kind test>,<formula of that kind>,IF(…,""))`.
 */
export function rowFormula(t: Template, col: ColumnDef, at: RowFormulaContext, params: Record<string, unknown> = {}): string | null {
  const d = col.computed;
  if (!d) return null;
  if (d.fn) {
    const f = rowFunction(t, d.fn).formula;
    const body = f ? f(t, at, d.args ?? {}, params) : null;
    return body === null ? null : `=${body}`;
  }
  const entries = Object.entries(d.byKind ?? {});
  let body = '""';
  let any = false;
  for (const [kind, k] of entries.reverse()) {
    const f = rowFunction(t, k.fn).formula;
    const part = f ? f(t, at, k.args ?? {}, params) : null;
    if (part === null) continue;
    any = true;
    const test = at.isKind(kind);
    body = test === "TRUE" ? part : `IF(${test},${part},${body})`;
  }
  return any ? `=${body}` : null;
}

/** Every formula of a laid-out form: its panel's computed cells and each computed column on each data row. */
export function formFormulas(
  t: Template,
  layout: FormLayout,
  params: Record<string, unknown> = {},
  others: FormulaContext = NO_FORMULA_CONTEXT,
): { r: number; c: number; formula: string }[] {
  const out: { r: number; c: number; formula: string }[] = [];
  for (const def of t.computed ?? []) {
    const f = computedFormula(t, layout, def, params, others);
    const { r, c } = parseA1(fieldCell(layout, def.id));
    if (f) out.push({ r, c, formula: f });
  }
  for (const col of computedColumns(t)) {
    const c = layoutColumn(layout, col.id);
    for (let r = layout.firstDataRow; r <= layout.formulaRowsEnd; r++) {
      const f = rowFormula(t, col, layoutRowContext(t, layout, r, others), params);
      if (f) out.push({ r, c, formula: f });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cross-check: the sheet's computed cells against the core's values
// ---------------------------------------------------------------------------------------------

/**
 * Shift the relative row references of a formula by `delta` rows, as Excel does when a formula
 * is copied down ("$H7" → "$H9"; "$H$6" stays). Text in quotes is left alone.
 */
export function shiftFormulaRows(formula: string, delta: number): string {
  if (delta === 0) return formula;
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(^|[^A-Za-z0-9_.$'])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(A-Za-z_])/g, (m, pre: string, d1: string, col: string, d2: string, row: string) =>
            d2 === "$" ? m : `${pre}${d1}${col}${Number(row) + delta}`,
          ),
    )
    .join("");
}

/** A row formula context over a parsed sheet (for restoring a formula where the layout may have moved). */
export function documentRowContext(doc: FormDocument, sheetRow: number, others: FormulaContext = NO_FORMULA_CONTEXT): RowFormulaContext {
  const first = (doc.dataStart ?? (doc.headerRow ?? 0) + 1) + 1;
  const last = Math.max(first, ...doc.rows.map((r) => r.sheetRow + 1));
  const letter = (id: string) => (doc.columns[id] === undefined ? null : columnLetter(doc.columns[id]));
  return rowContext(doc.template, {
    row: sheetRow,
    letter,
    range: (id) => `$${letter(id)}$${first}:$${letter(id)}$${last}`,
    upTo: (id) => `$${letter(id)}$${first}:$${letter(id)}${sheetRow + 1}`,
    field: (id) => {
      const f = doc.header[id] ?? doc.context[id];
      const address = f?.address ?? doc.computedCells[id]?.address ?? null;
      if (!address) throw new NotOnSheetError("field", id);
      return abs(address);
    },
    others,
  });
}

/** Cells and ranges of the parsed forms of a workbook, for formulas written into one of them. */
export function documentsFormulaContext(docs: FormDocument[]): FormulaContext {
  const find = (tid: string) => docs.find((d) => d.template.id === tid);
  return {
    cell(tid, id) {
      const d = find(tid);
      const address = d ? (d.header[id] ?? d.context[id])?.address ?? d.computedCells[id]?.address ?? null : null;
      return d && address ? `${quoteSheet(d.sheet)}!${abs(address)}` : null;
    },
    range(tid, col) {
      const d = find(tid);
      if (!d || d.columns[col] === undefined) return null;
      const ctx = documentRowContext(d, d.dataStart ?? 0);
      return `${quoteSheet(d.sheet)}!${ctx.range(col)}`;
    },
  };
}

/** The formula that restores a computed cell on a row: its neighbour's formula shifted, else generated. */
export function restoreRowFormula(doc: FormDocument, row: FormRow, col: ColumnDef, params: Record<string, unknown>, others: FormulaContext): string | null {
  let best: FormRow | null = null;
  for (const r of doc.rows) {
    const f = r.formulas?.[col.id];
    if (!f || r === row) continue;
    if (!best || Math.abs(r.sheetRow - row.sheetRow) < Math.abs(best.sheetRow - row.sheetRow)) best = r;
  }
  if (best) return shiftFormulaRows(best.formulas![col.id]!, row.sheetRow - best.sheetRow);
  try {
    return rowFormula(doc.template, col, documentRowContext(doc, row.sheetRow, others), params);
  } catch (e) {
    if (isMissingPart(e)) return null; // the sheet lacks a column or field the formula reads
    throw e;
  }
}

/**
 * The formula of a form-level computed cell on a parsed sheet, when the sheet still has the
 * template's layout (fields and columns where a fresh build puts them).
 */
export function restorePanelFormula(doc: FormDocument, id: string, params: Record<string, unknown>, others: FormulaContext): string | null {
  const t = doc.template;
  // The template's whole range (down to where its formulas end), not just the rows filled so far.
  const layout = layoutForm(t, Math.max(1, formulaRowsEndOf(doc) - layoutForm(t, 1).firstDataRow + 1));
  const same =
    layout.columns.every((c) => doc.columns[c.def.id] === undefined || doc.columns[c.def.id] === c.col) &&
    layout.fields.every((f) => {
      const a = (doc.header[f.id] ?? doc.context[f.id])?.address ?? doc.computedCells[f.id]?.address ?? null;
      return a === null || a === fieldCell(layout, f.id);
    });
  if (!same) return null;
  const def = (t.computed ?? []).find((c) => c.id === id);
  return def ? computedFormula(t, layout, def, params, others) : null;
}

export interface RowIssues {
  overwritten: ComputedIssue[];
  differs: ComputedIssue[];
  missing: ComputedIssue[];
  /** Rows with computed columns whose row-kind cell is blank: the sheet's formulas cannot tell their kind. */
  kindMissing: { row: number; cell: string | null; kind: unknown }[];
}

const EPS = 1e-9;

/**
 * Per-row computed cells the sheet does not hold as the form computes them: a value typed over
 * the formula, a data row without the formula, a formula whose result differs from the core's
 * (a broken reference, an error such as #DIV/0!, a wrong number or text). Each issue carries the
 * cell and the formula that restores it.
 */
export function rowComputedIssues(doc: FormDocument, rows: RowValues, params: Record<string, unknown>, others: FormulaContext): RowIssues {
  const out: RowIssues = { overwritten: [], differs: [], missing: [], kindMissing: [] };
  const cols = computedColumns(doc.template).filter((c) => doc.columns[c.id] !== undefined);
  if (!cols.length) return out;
  const kindCol = doc.template.table.columns.find((c) => c.role === "rowKind");
  const kinds = new Map(doc.template.table.rowKinds.map((k) => [k.id, k.label]));
  for (const row of doc.rows) {
    if (row.placeholder) continue;
    const applicable = cols.filter((c) => appliesTo(c, row.kind));
    if (kindCol && doc.columns[kindCol.id] !== undefined && row.kindSource !== "column" && applicable.some((c) => c.computed?.byKind))
      out.kindMissing.push({ row: row.sheetRow + 1, cell: a1(row.sheetRow, doc.columns[kindCol.id]), kind: kinds.get(row.kind) ?? row.kind });
    for (const col of cols) {
      const cell = row.cells[col.id];
      if (!cell) continue;
      const expectedC = rows[col.id]?.get(row.index);
      const isText = col.type === "text" || col.type === "name";
      const expected = isText ? expectedC?.text ?? null : expectedC?.value ?? null;
      const formula = row.formulas?.[col.id] ?? null;
      const blank = cell.value === null || cell.value === "";
      const actual = cell.ok ? cell.value : cell.text;
      const address = a1(row.sheetRow, doc.columns[col.id]);
      const item = (): ComputedIssue => ({
        field: `row.${col.id}`, label: col.heading, expected, actual: blank ? null : actual,
        cell: address, column: col.id, row: row.sheetRow + 1, formula: restoreRowFormula(doc, row, col, params, others),
      });
      if (!formula) {
        if (!blank) out.overwritten.push(item());
        else if (appliesTo(col, row.kind)) out.missing.push(item());
        continue;
      }
      if (blank) continue; // a formula never calculated (a file from a tool that does not recalculate)
      if (isText) {
        if (String(actual).trim() !== String(expected ?? "").trim()) out.differs.push(item());
      } else if (typeof actual !== "number" || expected === null || Math.abs(actual - (expected as number)) > EPS) {
        out.differs.push(item());
      }
    }
  }
  return out;
}
