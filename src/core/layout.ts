import type { Template, ColumnDef, FieldDef, FormLine } from "./template/types";
import type { FormDocument } from "./document";
import { Grid, CellScalar, a1, columnLetter, quoteSheet, parseA1 } from "./grid";

/**
 * Where each part of a template sits on a freshly built sheet. The parser does not rely on it
 * (it finds headings and labels by text, so moved columns and inserted rows are tolerated);
 * the writers, samples, fixtures and benchmarks do.
 *
 *   row 0  annex note ("…қағидаларына 1-қосымша / Нысан")
 *   row 1  official heading (a formula that shows the header fields, or the form's blanks)
 *   then   the lines the annex prints above the table (`printed.before`; none on most forms)
 *   then   table caption
 *          column headings          ┐ repeated on every printed page
 *          official column numbers  ┘
 *   then   skeleton rows and data rows, the lines printed after the table (`printed.after`),
 *          the signature block and the footnotes
 * Official columns come first, helper columns (row kind, status…) after them, outside the
 * print area; the fields panel (the header fields, context fields and computed values the form
 * does not print on its own lines) stands to the
 * right of everything, also outside the print area. Every layout also has a hidden flags column
 * (after the panel, out of the parser's reach): the add-in writes each row's findings there as
 * short codes and conditional formats installed with the template colour the flagged cells, so
 * flags are presentation that never touches the user's own formatting (see flags.ts).
 */
export interface FormLayout {
  columns: { def: ColumnDef; col: number }[];
  officialColumns: number;
  annexRow: number;
  headingRow: number;
  captionRow: number;
  headerRow: number;
  numberRow: number;
  firstDataRow: number;
  /** Rows reserved for data (skeleton + data + blank rows). */
  dataRowCount: number;
  signatures: { id: string; row: number; labelCol: number; valueCol: number; captionRow: number }[];
  panelLabelCol: number;
  panelValueCol: number;
  /**
   * Every field's value cell (`row`, `col`) and its label cell: in the panel, or on a line of the
   * form (`line`) where the template places it.
   */
  fields: { id: string; group: "header" | "context" | "computed"; row: number; col: number; labelRow: number; labelCol: number; line?: FormLinePlace }[];
  /** The template's printed lines outside the table (`printed.before` / `printed.after`), each at its row. */
  lines: FormLinePlace[];
  panelTitles: { group: "header" | "context" | "computed"; row: number }[];
  lastRow: number;
  /** Rows used by formula ranges, so inserted rows inside the table stay covered. */
  formulaRowsEnd: number;
  /** The hidden flags column (its heading cell carries FLAGS_MARKER). */
  flagsCol: number;
  /** The template's footnotes, under the signature block (or the data rows), one row each. */
  footnotes: { index: number; row: number }[];
}

/**
 * Where a printed line sits: its first row (`rows` rows tall: a label with its answer below takes
 * two) and its columns — the number in the first column, the label (or text) in `labelCol`, the
 * value in `valueCol` spanning to `valueEnd`, words after it in `suffixCol`.
 */
export interface FormLinePlace {
  part: "before" | "after";
  index: number;
  def: FormLine;
  row: number;
  rows: number;
  labelCol: number;
  valueRow: number;
  valueCol: number;
  valueEnd: number;
  suffixCol: number | null;
}

/**
 * Columns between the panel's value column and the flags column. The parser takes a field's
 * value from the first non-blank cell up to four columns right of its label, so the flags
 * column stays beyond that reach and a blank field never reads a flag.
 */
export const FLAGS_GAP = 4;

/** Text that starts the flags column's heading cell; the add-in finds the column by it. */
export const FLAGS_MARKER = "JOSPAR:FLAGS";

export interface FormData {
  header?: Record<string, CellScalar>;
  context?: Record<string, CellScalar>;
  /** Table rows in order; `kind` is a row-kind id; cells keyed by column id. */
  rows?: { kind: string; cells: Record<string, CellScalar> }[];
  signature?: Record<string, CellScalar>;
}

export function layoutForm(template: Template, dataRowCount: number): FormLayout {
  const official = template.table.columns.filter((c) => !c.helper);
  const helpers = template.table.columns.filter((c) => c.helper);
  // A printed panel stands right after the official columns (one print area); the helper
  // columns then go beyond the panel's reach, so they stay out of the printout.
  // The panel also stays beyond a signature label's reach (its value is read up to four columns right).
  const panelPrinted = !!template.print?.includePanel;
  const printedPanelCol = Math.max(official.length + 1, 6);
  const helperStart = panelPrinted ? printedPanelCol + 2 + FLAGS_GAP : official.length;
  const columns = [...official.map((def, col) => ({ def, col })), ...helpers.map((def, i) => ({ def, col: helperStart + i }))];
  const lastOfficial = official.length - 1;
  const nameCol = Math.max(1, Math.min(official.findIndex((c) => c.id === template.table.nameColumn), lastOfficial - 1));
  const placeLines = (part: "before" | "after", start: number): FormLinePlace[] => {
    let r = start;
    return (template.printed?.[part] ?? []).map((def, index) => {
      const below = !!def.below;
      const wide = below || (def.text !== undefined && def.shows === undefined) || (def.field !== undefined && !def.boxed && def.number === undefined && isLongField(template, def.field));
      const labelCol = below || (def.text !== undefined && def.shows === undefined) || def.cells ? 0 : nameCol;
      const valueCol = below ? 0 : labelCol + 1;
      const valueEnd = below || (wide && def.field !== undefined) ? lastOfficial : valueCol;
      const suffixCol = def.suffix !== undefined ? Math.min(valueCol + 1, lastOfficial) : null;
      const place: FormLinePlace = { part, index, def, row: r, rows: below ? 2 : 1, labelCol, valueRow: below ? r + 1 : r, valueCol, valueEnd, suffixCol };
      r += place.rows;
      return place;
    });
  };
  const before = placeLines("before", 2);
  const captionRow = 2 + before.reduce((n, l) => n + l.rows, 0);
  const firstDataRow = captionRow + 3;
  const after = placeLines("after", firstDataRow + dataRowCount + 1);
  const afterEnd = after.length ? after[after.length - 1].row + after[after.length - 1].rows : firstDataRow + dataRowCount;
  const sigStart = afterEnd + 1;
  const signatures = (template.signature ?? []).map((s, i) => ({
    id: s.id,
    row: sigStart + i * 3,
    labelCol: 1,
    valueCol: Math.min(3, official.length - 1),
    captionRow: sigStart + i * 3 + 1,
  }));
  const panelLabelCol = panelPrinted ? printedPanelCol : columns.length + 1;
  const fields: FormLayout["fields"] = [];
  const panelTitles: FormLayout["panelTitles"] = [];
  let r = 0;
  const lines = [...before, ...after];
  const inForm = new Map(lines.filter((l) => l.def.field !== undefined).map((l) => [l.def.field!, l]));
  const groupOf = (id: string): "header" | "context" | "computed" =>
    template.header.some((f) => f.id === id) ? "header" : template.context.some((f) => f.id === id) ? "context" : "computed";
  for (const [id, l] of inForm) fields.push({ id, group: groupOf(id), row: l.valueRow, col: l.valueCol, labelRow: l.row, labelCol: l.labelCol, line: l });
  const group = (g: "header" | "context" | "computed", ids: string[]) => {
    ids = ids.filter((id) => !inForm.has(id));
    if (ids.length === 0) return;
    panelTitles.push({ group: g, row: r++ });
    for (const id of ids) fields.push({ id, group: g, row: r, col: panelLabelCol + 1, labelRow: r++, labelCol: panelLabelCol });
    r++;
  };
  group("header", template.header.map((f) => f.id));
  group("context", template.context.map((f) => f.id));
  group("computed", (template.computed ?? []).map((f) => f.id));
  const lastSig = signatures.length ? signatures[signatures.length - 1].captionRow : afterEnd;
  const footStart = signatures.length ? lastSig + 2 : afterEnd + 1;
  const footnotes = (template.footnotes ?? []).map((_, index) => ({ index, row: footStart + index }));
  const lastFoot = footnotes.length ? footnotes[footnotes.length - 1].row : lastSig;
  return {
    columns,
    officialColumns: official.length,
    annexRow: 0,
    headingRow: 1,
    captionRow,
    headerRow: captionRow + 1,
    numberRow: captionRow + 2,
    firstDataRow,
    dataRowCount,
    signatures,
    panelLabelCol,
    panelValueCol: panelLabelCol + 1,
    fields,
    lines,
    panelTitles,
    lastRow: Math.max(lastSig, lastFoot, r, afterEnd - 1),
    formulaRowsEnd: firstDataRow + Math.max(dataRowCount, 1) - 1,
    flagsCol: panelPrinted && helpers.length ? helperStart + helpers.length + 1 : panelLabelCol + 1 + FLAGS_GAP,
    footnotes,
  };
}

/**
 * A column or field asked of a layout its template does not have: expected where a sheet or an
 * older template version lacks the part (the caller then writes nothing), a bug anywhere else.
 */
export class NotInTemplateError extends Error {
  constructor(
    readonly part: "column" | "field",
    readonly id: string,
  ) {
    super(`${part === "column" ? "Column" : "Field"} ${id} is not in the template`);
    this.name = "NotInTemplateError";
  }
}

/** Column index of a table column in a fresh layout. */
export function layoutColumn(layout: FormLayout, id: string): number {
  const c = layout.columns.find((x) => x.def.id === id);
  if (!c) throw new NotInTemplateError("column", id);
  return c.col;
}

export function fieldCell(layout: FormLayout, id: string): string {
  const f = layout.fields.find((x) => x.id === id);
  if (!f) throw new NotInTemplateError("field", id);
  return a1(f.row, f.col);
}

/** A field whose answer is free text: on a line of the form it takes the rest of the line. */
function isLongField(t: Template, id: string): boolean {
  const f = [...t.header, ...t.context].find((x) => x.id === id);
  return !!f && (f.type === "text" || f.type === "name");
}

/** Absolute A1 range of a column's data rows, e.g. "$G$6:$G$505". */
export function columnRange(layout: FormLayout, id: string): string {
  const L = columnLetter(layoutColumn(layout, id));
  return `$${L}$${layout.firstDataRow + 1}:$${L}$${layout.formulaRowsEnd + 1}`;
}

export const PANEL_TITLES = {
  header: { kk: "Нысан деректемелері", ru: "Реквизиты формы", en: "Form details" },
  context: {
    kk: "Тексеру үшін қосымша мәліметтер (нысанда басылмайды)",
    ru: "Дополнительные сведения для проверки (в форме не печатаются)",
    en: "Additional data for checking (not printed on the form)",
  },
  computed: { kk: "Есептелетін мәндер", ru: "Вычисляемые значения", en: "Computed values" },
} as const;

/**
 * Fill a fresh layout with data: the grid the xlsx writer styles and saves, and the grid
 * that tests and benchmarks feed straight to the parser.
 */
export function fillGrid(template: Template, layout: FormLayout, data: FormData, sheetName?: string): Grid {
  const width = layout.flagsCol + 1;
  const height = layout.lastRow + 1;
  const values: CellScalar[][] = Array.from({ length: height }, () => new Array<CellScalar>(width).fill(null));
  const formulas: (string | null)[][] = Array.from({ length: height }, () => new Array<string | null>(width).fill(null));
  const set = (r: number, c: number, v: CellScalar) => {
    values[r][c] = v;
  };
  set(layout.annexRow, layout.officialColumns - 1, annexNote(template));
  const heading = headingFormula(template, layout);
  formulas[layout.headingRow][0] = heading.formula;
  set(layout.headingRow, 0, heading.value(data));
  if (template.caption) set(layout.captionRow, 0, template.caption.kk);
  for (const { def, col } of layout.columns) {
    set(layout.headerRow, col, def.heading.kk);
    if (def.number !== undefined) set(layout.numberRow, col, def.number);
  }
  const kinds = new Map(template.table.rowKinds.map((k) => [k.id, k]));
  const rowKindCol = layout.columns.find((c) => c.def.role === "rowKind")?.col;
  (data.rows ?? []).forEach((row, i) => {
    const r = layout.firstDataRow + i;
    if (r >= height) return;
    for (const { def, col } of layout.columns) {
      const v = row.cells[def.id];
      if (v !== undefined) set(r, col, v);
    }
    if (rowKindCol !== undefined && values[r][rowKindCol] === null) set(r, rowKindCol, kinds.get(row.kind)?.label.kk ?? row.kind);
  });
  for (const s of layout.signatures) {
    const def = template.signature!.find((x) => x.id === s.id)!;
    set(s.row, s.labelCol, def.label.kk);
    const v = data.signature?.[s.id];
    if (v !== undefined) set(s.row, s.valueCol, v);
    if (def.caption) set(s.captionRow, s.valueCol, def.caption);
  }
  for (const f of layout.footnotes) set(f.row, 0, template.footnotes![f.index].kk);
  set(layout.headerRow, layout.flagsCol, FLAGS_MARKER);
  for (const t of layout.panelTitles) set(t.row, layout.panelLabelCol, PANEL_TITLES[t.group].kk);
  for (const f of layout.fields) {
    const def =
      f.group === "header" ? template.header.find((x) => x.id === f.id) :
      f.group === "context" ? template.context.find((x) => x.id === f.id) :
      template.computed!.find((x) => x.id === f.id);
    set(f.labelRow, f.labelCol, def!.label.kk);
    const source = f.group === "header" ? data.header : f.group === "context" ? data.context : undefined;
    const v = source?.[f.id];
    if (v !== undefined) set(f.row, f.col, v);
  }
  // The form's own words outside the table.
  for (const l of layout.lines) {
    if (l.def.number !== undefined) set(l.row, 0, l.def.number);
    if (l.def.text !== undefined) set(l.row, l.labelCol, l.def.text);
    (l.def.cells ?? []).forEach((text, c) => set(l.row, c, text));
    if (l.def.suffix !== undefined && l.suffixCol !== null) set(l.row, l.suffixCol, l.def.suffix);
  }
  return { sheet: sheetName ?? template.sheetName.kk, values, formulas };
}

export function annexNote(template: Template): string {
  const annex = template.legalBasis.annex;
  return annex ? `${annex}\nНысан` : "Нысан";
}

/**
 * The official heading as a live formula over the header fields: the printed form reads
 * "<body> <year> жылға арналған операциялық жоспары", and shows the form's own blanks while the
 * fields are empty.
 */
export function headingFormula(template: Template, layout: FormLayout): { formula: string | null; value: (d: FormData) => string } {
  const h = template.heading;
  if (!h) return { formula: null, value: () => template.title.kk };
  const parts = h.text.split(/(\{[A-Za-z0-9_]+\})/).filter((p) => p !== "");
  const exprs: string[] = [];
  for (const p of parts) {
    const m = /^\{([A-Za-z0-9_]+)\}$/.exec(p);
    if (m) {
      const ref = fieldCell(layout, m[1]);
      const blank = (h.blanks?.[m[1]] ?? "____").replace(/"/g, '""');
      exprs.push(`IF(${ref}="","${blank}",${ref})`);
    } else exprs.push(`"${p.replace(/"/g, '""')}"`);
  }
  return {
    formula: "=" + exprs.join("&"),
    value: (d) =>
      parts
        .map((p) => {
          const m = /^\{([A-Za-z0-9_]+)\}$/.exec(p);
          if (!m) return p;
          const v = d.header?.[m[1]];
          return v === null || v === undefined || v === "" ? h.blanks?.[m[1]] ?? "____" : String(v);
        })
        .join(""),
  };
}

/** A reference to a cell on the form's sheet for formulas written elsewhere. */
export function sheetRef(sheet: string, address: string): string {
  return `${quoteSheet(sheet)}!${address}`;
}

/** Rows a fresh template offers: the official skeleton, each label in the name column. */
export function skeletonRows(t: Template): NonNullable<FormData["rows"]> {
  return (t.table.skeleton ?? []).map((s) => ({ kind: s.kind, cells: { ...s.cells, [t.table.nameColumn]: s.label } }));
}

/** The drop-down list of a column: row kinds, enumerations, yes/no, suggestions. */
export function columnList(def: ColumnDef, t: Template): string[] | null {
  if (def.role === "rowKind") return t.table.rowKinds.map((k) => k.label.kk);
  if (def.enum) return def.enum.values;
  if (def.type === "bool") return ["иә", "жоқ"];
  if (def.suggestions) return def.suggestions;
  return null;
}

/** The drop-down list of a header or context field. */
export function fieldList(f: FieldDef): string[] | null {
  if (f.enum) return f.enum.values;
  if (f.type === "bool") return ["иә", "жоқ"];
  return null;
}

/** Rows a sheet is built with: the data given, or the official skeleton of a fresh template. */
export function templateRows(t: Template, data?: FormData): NonNullable<FormData["rows"]> {
  return data?.rows ?? skeletonRows(t);
}

/** Data rows a built sheet offers: the rows given plus room to add more. */
export function capacityFor(t: Template, data?: FormData): number {
  return Math.max(templateRows(t, data).length + (data?.rows ? 20 : t.table.blankRows ?? 40), 10);
}

/**
 * The last row (0-based) the template's formulas cover on a parsed sheet, so a formula written
 * again (restoring a computed cell typed over by hand) spans the template's whole range, not just
 * the rows filled so far: the end of the column ranges the sheet's own formulas still hold
 * ("$D$6:$D$30"), else the row above the signature block, else the capacity a fresh template
 * is built with.
 */
export function formulaRowsEndOf(doc: FormDocument): number {
  const first = doc.dataStart ?? (doc.headerRow ?? 3) + 2;
  const lastData = doc.rows.length ? doc.rows[doc.rows.length - 1].sheetRow : first;
  const ends: number[] = [];
  const scan = (f: string | null | undefined) => {
    if (!f) return;
    for (const m of f.matchAll(/(^|[^!A-Za-z0-9_$'])\$([A-Z]{1,3})\$(\d+):\$\2\$(\d+)/g))
      if (Number(m[3]) - 1 === first) ends.push(Number(m[4]) - 1);
  };
  for (const c of Object.values(doc.computedCells)) scan(c.formula);
  for (const r of doc.rows) for (const f of Object.values(r.formulas ?? {})) scan(f);
  if (ends.length) return Math.max(lastData, ...ends);
  const sig = Object.values(doc.signature).map((s) => (s.address ? parseA1(s.address).r : null)).filter((r): r is number => r !== null);
  if (sig.length) return Math.max(lastData, Math.min(...sig) - 2);
  return Math.max(lastData, first + capacityFor(doc.template) - 1);
}
