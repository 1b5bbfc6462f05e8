import type { Template, FieldDef, ColumnDef } from "./template/types";
import { layoutForm, fillGrid, FormData, FormLayout, headingFormula, columnList, fieldList, fieldCell, columnRange, templateRows, capacityFor } from "./layout";

export { templateRows, capacityFor };
import { computedFormula, FormulaContext, NO_FORMULA_CONTEXT } from "./computed";
import { computedColumns, layoutRowContext, rowFormula } from "./computed-rows";
import { isISODate } from "./dates";
import { a1, columnLetter, quoteSheet, CellScalar } from "./grid";
import { bindingName } from "./workbook";
import { flagRules } from "./flags";
import { rowHeightFor, WrappedCell } from "./text-fit";
import { absolute } from "./formula-text";

/**
 * One renderer of a template: the core turns a template (+ data, + the packs' parameters) into a
 * declarative sheet plan — cells, formulas, number formats, styles by range, validations, merges,
 * names, conditional formats, print setup, column widths and row heights — and the adapters
 * (src/xlsx/build.ts with ExcelJS, src/excel/insert.ts with Office.js) only apply it, so a
 * template built into a file and a template inserted through the API are the same sheet.
 */

/** A rectangle of cells, 0-based and inclusive. */
export interface Box {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface PlanStyle {
  font?: { bold?: boolean; italic?: boolean; size?: number; color?: string };
  /** Solid fill, "#RRGGBB". */
  fill?: string;
  /** "grid": thin borders round every cell of the box; "bottom": a thin line under each cell. */
  border?: "grid" | "bottom";
  horizontal?: "Left" | "Center" | "Right";
  vertical?: "Top" | "Center" | "Bottom";
  wrap?: boolean;
  numberFormat?: string;
  locked?: boolean;
}

/** A value the plan writes: a scalar, or a date (ISO text) written as a real date. */
export type PlanValue = CellScalar | { date: string };

export interface PlanValidation {
  box: Box;
  /** "a,b,c" inline, or an absolute range of the same sheet holding the list ("$X$1:$X$9"). */
  source: string;
  enforce: boolean;
}

export interface PlanConditionalFormat {
  /** A1 range. */
  range: string;
  /** With a leading "=". */
  formula: string;
  fill: string;
  font: string;
}

export interface PrintPlan {
  /** Absolute reference ("$A$1:$F$40"): LibreOffice ignores a print area with mixed references. */
  area: string;
  /** Rows repeated on every page ("$4:$5"), or null. */
  titleRows: string | null;
  orientation: "landscape" | "portrait";
  /** Excel's paper size code (9 = A4). */
  paperSize: number;
  fitToWidth: boolean;
  /** Inches. */
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  /** Centre footer in Excel's header/footer codes: the page number and the page count. */
  footer: string;
}

export interface SheetPlan {
  name: string;
  template: Template;
  layout: FormLayout;
  /** Rows filled with data (skeleton or given rows). */
  filledRows: number;
  width: number;
  height: number;
  /** values[r][c]; formulas (with "=") win over values. */
  values: PlanValue[][];
  formulas: (string | null)[][];
  /** Cached results of formulas known when the plan is made (the heading), keyed "r,c". */
  results: Record<string, CellScalar>;
  /** Applied in order; a later style sets only the properties it names. */
  styles: { box: Box; style: PlanStyle }[];
  merges: Box[];
  validations: PlanValidation[];
  conditionalFormats: PlanConditionalFormat[];
  /** Column widths in Excel's character units. */
  columns: { col: number; width: number; hidden?: boolean }[];
  rowHeights: { row: number; height: number }[];
  /** Rows hidden on screen and in print (the column headings of a form the annex prints as a list). */
  hiddenRows: number[];
  frozenRows: number;
  print: PrintPlan;
  /** Workbook-scoped names: the binding of the sheet to its template. */
  names: { name: string; ref: string }[];
}

export const FONT = "Times New Roman";
export const COLOURS = { input: "#FFF8DC", computed: "#E8F0FE", helper: "#F2F2F2", panelTitle: "#1F4E79" } as const;
const DATE_FORMAT = "dd.mm.yyyy";
/** Excel's text format: "001" typed into a text column stays "001". */
export const TEXT_FORMAT = "@";
const TEXT_TYPES = new Set(["text", "name"]);

export interface PlanOptions {
  data?: FormData;
  sheetName?: string;
  /** The k of the binding name `_JOSPAR.<k>.<id>.v<version>`. */
  index?: number;
  /** Resolves references to the other sheets of a family. */
  formulas?: FormulaContext;
  params?: Record<string, unknown>;
}

/** Where each template of a family sits, so formulas can point at the other sheets. */
export function familyFormulas(placed: { t: Template; sheet: string; layout: FormLayout }[]): FormulaContext {
  return {
    cell: (tid, cid) => {
      const p = placed.find((x) => x.t.id === tid);
      return p ? `${quoteSheet(p.sheet)}!${absolute(fieldCell(p.layout, cid))}` : null;
    },
    range: (tid, col) => {
      const p = placed.find((x) => x.t.id === tid);
      return p ? `${quoteSheet(p.sheet)}!${columnRange(p.layout, col)}` : null;
    },
  };
}

const box = (r0: number, c0: number, r1 = r0, c1 = c0): Box => ({ r0, c0, r1, c1 });

/** The plan of one form sheet. */
export function planSheet(t: Template, opts: PlanOptions = {}): SheetPlan {
  const rows = templateRows(t, opts.data);
  const capacity = capacityFor(t, opts.data);
  const L = layoutForm(t, capacity);
  const name = opts.sheetName ?? t.sheetName.kk;
  const params = opts.params ?? {};
  const others = opts.formulas ?? NO_FORMULA_CONTEXT;
  const grid = fillGrid(t, L, { ...opts.data, rows }, name);
  const width = L.flagsCol + 1;
  const height = grid.values.length;
  const values: PlanValue[][] = grid.values.map((row) => Array.from({ length: width }, (_, c) => (row[c] ?? null) as CellScalar));
  const formulas: (string | null)[][] = Array.from({ length: height }, () => new Array<string | null>(width).fill(null));
  const plan: SheetPlan = {
    name, template: t, layout: L, filledRows: rows.length, width, height, values, formulas, results: {},
    styles: [], merges: [], validations: [], conditionalFormats: [], columns: [], rowHeights: [], hiddenRows: [],
    frozenRows: L.firstDataRow, print: printPlan(t, L, capacity), names: [],
  };
  const style = (b: Box, s: PlanStyle) => plan.styles.push({ box: b, style: s });
  const lastOfficial = L.officialColumns - 1;
  const dataEnd = L.firstDataRow + capacity - 1;

  // Column widths; the flags column hidden; long drop-down lists in hidden columns after it.
  for (const { def, col } of L.columns) plan.columns.push({ col, width: def.width ?? 14 });
  plan.columns.push({ col: L.panelLabelCol, width: 48 }, { col: L.panelValueCol, width: 26 }, { col: L.flagsCol, width: 18, hidden: true });
  let lists = 0;
  const listSource = (list: string[]): string => {
    const inline = list.join(",");
    if (inline.length + 2 <= 255 && !list.some((v) => v.includes(","))) return inline;
    const col = L.flagsCol + 2 + lists++;
    while (plan.values[0].length <= col) for (const row of plan.values) row.push(null);
    for (const row of plan.formulas) while (row.length < plan.values[0].length) row.push(null);
    list.forEach((v, i) => {
      while (plan.values.length <= i) {
        plan.values.push(new Array<PlanValue>(plan.values[0].length).fill(null));
        plan.formulas.push(new Array<string | null>(plan.values[0].length).fill(null));
      }
      plan.values[i][col] = v;
    });
    plan.columns.push({ col, width: 14, hidden: true });
    const X = columnLetter(col);
    return `$${X}$1:$${X}$${list.length}`;
  };

  // Heading block: annex note, the official heading (a live formula over the header fields), caption.
  style(box(L.annexRow, lastOfficial), { horizontal: "Right", vertical: "Top", wrap: true, font: { size: 9, italic: true } });
  plan.merges.push(box(L.headingRow, 0, L.headingRow, lastOfficial));
  const heading = headingFormula(t, L);
  if (heading.formula) {
    formulas[L.headingRow][0] = heading.formula;
    plan.results[`${L.headingRow},0`] = heading.value(opts.data ?? {});
  }
  style(box(L.headingRow, 0), { font: { size: 14, bold: true }, horizontal: "Center", vertical: "Center", wrap: true });
  if (t.caption) {
    plan.merges.push(box(L.captionRow, 0, L.captionRow, lastOfficial));
    style(box(L.captionRow, 0), { font: { size: 12, bold: true }, horizontal: "Center", wrap: true });
  }

  // The table: headings, column numbers, data rows with borders, formats and lists.
  for (const { def, col } of L.columns) {
    const helperFill = def.helper ? { fill: COLOURS.helper } : {};
    style(box(L.headerRow, col), { font: { bold: true, italic: !!def.helper, size: def.helper ? 9 : 11 }, horizontal: "Center", vertical: "Center", wrap: true, border: "grid", ...helperFill });
    style(box(L.numberRow, col), { horizontal: "Center", font: { size: 9 }, border: "grid", ...helperFill });
    const computed = !!def.computed;
    const numberFormat = def.type === "date" ? DATE_FORMAT : def.computed?.format ?? (TEXT_TYPES.has(def.type) && !computed ? TEXT_FORMAT : undefined);
    // A form the annex prints as a numbered list: no grid, the answer on a line to write on.
    const border = !t.table.list || def.helper ? "grid" : def.id === t.table.nameColumn || def.id === t.table.numberColumn ? undefined : "bottom";
    // Rows of a part the annex prints as a table of its own (part 2's two columns) or as a heading
    // line draw the grid only in their own columns; rows inserted under them in Excel look the same.
    if (border === "grid") for (const [r0, r1] of gridSpans(t, def, rows, L.firstDataRow, dataEnd)) style(box(r0, col, r1, col), { border });
    style(box(L.firstDataRow, col, dataEnd, col), {
      vertical: "Top", wrap: true, font: { size: def.helper ? 9 : 11 },
      ...(def.helper ? helperFill : computed ? { fill: COLOURS.computed } : {}),
      ...(numberFormat ? { numberFormat } : {}),
    });
    // (only the items' rows: the rows left for more items print no line).
    // One box per row: Excel's edge between two rows is one line, a file's is each cell's own.
    if (border === "bottom") for (let r = L.firstDataRow; r < L.firstDataRow + rows.length; r++) style(box(r, col), { border });
    const list = columnList(def, t);
    if (list) plan.validations.push({ box: box(L.firstDataRow, col, dataEnd, col), source: listSource(list), enforce: false });
    if (def.type === "date")
      for (let r = L.firstDataRow; r < L.firstDataRow + rows.length; r++) {
        const v = values[r][col];
        if (isISODate(v)) values[r][col] = { date: v as string };
      }
  }
  // Heading rows of the skeleton read as headings: bold names (level 1), italic placeholders.
  const nameCol = L.columns.find((c) => c.def.id === t.table.nameColumn)!.col;
  const kindCol = L.columns.find((c) => c.def.role === "rowKind")?.col;
  const boldRows = new Set<number>();
  rows.forEach((row, i) => {
    const kind = t.table.rowKinds.find((k) => k.id === row.kind);
    if (kindCol === undefined || !kind || kind.isDefault) return;
    if (kind.level <= 1) boldRows.add(L.firstDataRow + i);
    style(box(L.firstDataRow + i, nameCol), { font: { bold: kind.level <= 1, italic: !!kind.placeholder } });
  });


  // Per-row computed columns: the column's formula on every data row, shown only on rows that hold data.
  for (const col of computedColumns(t)) {
    const c = L.columns.find((x) => x.def.id === col.id)!.col;
    for (let r = L.firstDataRow; r <= L.formulaRowsEnd; r++) {
      const f = rowFormula(t, col, layoutRowContext(t, L, r, others), params);
      if (f) formulas[r][c] = col.helper ? f : onDataRows(L, r, f);
    }
  }

  // The fields panel: titles, labels, input cells with their lists, computed values as formulas.
  // Fields in the panel and on the form's own lines: labels, input cells with their lists,
  // computed values as formulas. On the form a value is a blank to fill (a line under it), or a
  // cell of a small table when its line is boxed.
  for (const p of L.panelTitles) style(box(p.row, L.panelLabelCol), { font: { bold: true, size: 10, color: COLOURS.panelTitle } });
  for (const f of L.fields) {
    const size = f.line ? 11 : 10;
    style(box(f.labelRow, f.labelCol), { font: { size, bold: !!f.line?.def.bold }, wrap: true, vertical: "Top" });
    const cell = box(f.row, f.col, f.row, f.line?.valueEnd ?? f.col);
    if (cell.c1 > cell.c0) plan.merges.push(cell);
    const border = f.line && !f.line.def.boxed ? "bottom" : "grid";
    if (f.group === "computed") {
      const def = t.computed!.find((c) => c.id === f.id)!;
      const formula = computedFormula(t, L, def, params, others);
      if (formula) formulas[f.row][f.col] = formula;
      style(cell, { border, font: { size }, fill: COLOURS.computed, ...(def.format ? { numberFormat: def.format } : {}) });
      continue;
    }
    const def = (f.group === "header" ? t.header : t.context).find((x) => x.id === f.id)!;
    style(cell, { border, font: { size }, fill: COLOURS.input, wrap: true, vertical: "Top", ...fieldFormat(def) });
    if (def.type === "date" && isISODate(values[f.row][f.col])) values[f.row][f.col] = { date: values[f.row][f.col] as string };
    const list = fieldList(def);
    if (list) plan.validations.push({ box: cell, source: listSource(list), enforce: false });
  }
  for (const l of L.lines) {
    const d = l.def;
    if (d.below) plan.merges.push(box(l.row, 0, l.row, lastOfficial));
    if (d.text !== undefined && d.shows === undefined) {
      plan.merges.push(box(l.row, 0, l.row, lastOfficial));
      style(box(l.row, 0), { font: { bold: !!d.bold }, wrap: true, vertical: "Top" });
    }
    if (d.text !== undefined && d.shows !== undefined) {
      style(box(l.row, l.labelCol), { font: { bold: !!d.bold }, horizontal: "Right", vertical: "Top" });
      // A value the form prints again (a section's deduction): a formula to the field's own cell.
      formulas[l.row][l.valueCol] = `=${absolute(fieldCell(L, d.shows))}`;
      const shown = (t.computed ?? []).find((c) => c.id === d.shows);
      style(box(l.row, l.valueCol), { border: "bottom", fill: COLOURS.computed, horizontal: "Center", ...(shown?.format ? { numberFormat: shown.format } : {}) });
    }
    if (d.cells) style(box(l.row, 0, l.row, d.cells.length - 1), { font: { bold: true }, horizontal: "Center", vertical: "Center", wrap: true });
    if (d.number !== undefined) style(box(l.row, 0), { horizontal: "Center", vertical: "Top" });
    if (d.boxed) style(box(l.row, 0, l.row, d.cells ? d.cells.length - 1 : l.valueEnd), { border: "grid" });
  }

  // Signature block and footnotes.
  for (const s of L.signatures) {
    style(box(s.row, s.labelCol), { font: { bold: true }, wrap: true, vertical: "Bottom" });
    style(box(s.row, s.valueCol), { border: "bottom", fill: COLOURS.input });
    style(box(s.captionRow, s.valueCol), { font: { size: 9, italic: true } });
  }
  for (const f of L.footnotes) {
    plan.merges.push(box(f.row, 0, f.row, lastOfficial));
    style(box(f.row, 0), { font: { size: 9, italic: true }, wrap: true, vertical: "Top" });
  }

  // The flags column: unlocked (flags are written on a protected sheet too) and the formats it drives.
  style(box(0, L.flagsCol, Math.max(L.lastRow, dataEnd), L.flagsCol), { locked: false });
  for (const rule of flagRules(t, L)) plan.conditionalFormats.push({ range: rule.range, formula: rule.formula, fill: rule.fill, font: rule.font });

  plan.rowHeights = rowHeights(plan, boldRows);
  // The list's column headings stay on the sheet (the parser finds the columns by them), hidden.
  if (t.table.list) plan.hiddenRows.push(L.headerRow, L.numberRow);
  plan.names.push({ name: bindingName(opts.index ?? 1, t), ref: `${quoteSheet(name)}!$A$1` });
  return plan;
}

/** Row spans of a column's data rows that carry the grid: all of them but the rows whose kind prints elsewhere. */
function gridSpans(t: Template, def: ColumnDef, rows: NonNullable<FormData["rows"]>, first: number, last: number): [number, number][] {
  const open = new Set<number>();
  if (!def.helper)
    rows.forEach((row, i) => {
      const printed = t.table.rowKinds.find((k) => k.id === row.kind)?.printedColumns;
      if (printed && !printed.includes(def.id)) open.add(first + i);
    });
  const spans: [number, number][] = [];
  let start: number | null = null;
  for (let r = first; r <= last + 1; r++) {
    if (r <= last && !open.has(r)) start ??= r;
    else if (start !== null) {
      spans.push([start, r - 1]);
      start = null;
    }
  }
  return spans;
}

function fieldFormat(def: FieldDef): PlanStyle {
  if (def.type === "date") return { numberFormat: DATE_FORMAT };
  if (TEXT_TYPES.has(def.type)) return { numberFormat: TEXT_FORMAT };
  return {};
}

/**
 * A row's computed cell shows its value only on a row that holds data: the blank rows left for
 * new entries print empty (no "the expert score is missing" on twenty blank rows).
 */
export function onDataRows(L: FormLayout, r: number, formula: string): string {
  const inputs = L.columns.filter((c) => !c.def.computed).map((c) => a1(r, c.col));
  if (inputs.length === 0 || formula === '=""') return formula;
  return `=IF(COUNTA(${inputs.join(",")})=0,"",${formula.slice(1)})`;
}

/**
 * Print setup: only the official form (and the fields panel when the template prints it),
 * absolute references, header rows repeated, A4 landscape fitted to the page width, and page
 * numbers in the footer.
 */
function printPlan(t: Template, L: FormLayout, capacity: number): PrintPlan {
  const lastPrintRow = Math.max(
    L.signatures.length ? L.signatures[L.signatures.length - 1].captionRow + 1 : L.firstDataRow + capacity,
    ...L.footnotes.map((f) => f.row + 1),
    ...L.lines.map((l) => l.row + l.rows),
  );
  const area = t.print?.includePanel
    ? `$A$1:$${columnLetter(L.panelValueCol)}$${Math.max(lastPrintRow, L.lastRow + 1)}`
    : `$A$1:$${columnLetter(L.officialColumns - 1)}$${lastPrintRow}`;
  return {
    area,
    titleRows: t.print?.repeatHeaderRows !== false && !t.table.list ? `$${L.headerRow + 1}:$${L.numberRow + 1}` : null,
    orientation: t.print?.orientation ?? "landscape",
    paperSize: t.print?.paperSize ?? 9,
    fitToWidth: t.print?.fitToWidth ?? true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    footer: "&P / &N",
  };
}

/** Widths of the columns a cell spans (merged cells span several). */
function spanWidth(plan: SheetPlan, r: number, c: number): number {
  const m = plan.merges.find((x) => x.r0 <= r && r <= x.r1 && x.c0 <= c && c <= x.c1);
  const [c0, c1] = m ? [m.c0, m.c1] : [c, c];
  let w = 0;
  for (let k = c0; k <= c1; k++) w += plan.columns.find((x) => x.col === k)?.width ?? 8.43;
  return w;
}

/** The text a cell shows (values and the heading formula's result). */
function shownText(plan: SheetPlan, r: number, c: number): string {
  const v = plan.formulas[r]?.[c] ? plan.results[`${r},${c}`] ?? null : plan.values[r]?.[c];
  if (v === null || v === undefined || typeof v === "object") return "";
  return String(v);
}

/**
 * Heights of the rows whose wrapped text needs more than the default: the heading block, the
 * column headings, every filled data row, the signature labels and the footnotes. Fixed minimums
 * keep the official look (a tall annex note, a roomy heading).
 */
function rowHeights(plan: SheetPlan, boldRows: Set<number>): { row: number; height: number }[] {
  const L = plan.layout;
  const out = new Map<number, number>();
  const fit = (r: number, cols: number[], min: number, font: (c: number) => { size: number; bold: boolean }) => {
    const cells: WrappedCell[] = cols.map((c) => ({ text: shownText(plan, r, c), width: spanWidth(plan, r, c), fontPt: font(c).size, bold: font(c).bold }));
    out.set(r, Math.max(out.get(r) ?? 0, rowHeightFor(cells, min)));
  };
  const all = L.columns.map((c) => c.col);
  const panel = plan.template.print?.includePanel ? [L.panelLabelCol, L.panelValueCol] : [];
  const helperCol = new Set(L.columns.filter((c) => c.def.helper).map((c) => c.col));
  fit(L.annexRow, [L.officialColumns - 1], 42, () => ({ size: 9, bold: false }));
  fit(L.headingRow, [0], 36, () => ({ size: 14, bold: true }));
  if (plan.template.caption) fit(L.captionRow, [0], 15, () => ({ size: 12, bold: true }));
  fit(L.headerRow, all, 48, (c) => ({ size: helperCol.has(c) ? 9 : 11, bold: true }));
  for (let r = L.firstDataRow; r < L.firstDataRow + plan.filledRows; r++)
    fit(r, [...all, ...panel], 15, (c) => ({ size: helperCol.has(c) ? 9 : c === L.panelLabelCol || c === L.panelValueCol ? 10 : 11, bold: boldRows.has(r) }));
  for (const s of L.signatures) fit(s.row, [s.labelCol], 32, () => ({ size: 11, bold: true }));
  for (const l of L.lines) {
    const cols = l.def.cells ? l.def.cells.map((_, c) => c) : [l.labelCol];
    fit(l.row, cols, 15, () => ({ size: 11, bold: !!l.def.bold || !!l.def.cells }));
    // A long answer below its label: room for a few lines of text.
    if (l.def.below) out.set(l.valueRow, Math.max(out.get(l.valueRow) ?? 0, 48));
  }
  for (const f of L.footnotes) fit(f.row, [0], 30, () => ({ size: 9, bold: false }));
  // Panel rows printed with the form grow with their labels too.
  if (panel.length) for (const f of [...L.fields, ...L.panelTitles]) fit(f.row, panel, 15, () => ({ size: 10, bold: false }));
  return [...out].filter(([, h]) => h > 15).map(([row, height]) => ({ row, height })).sort((a, b) => a.row - b.row);
}
