import ExcelJS from "exceljs";
import type { Template, EnumDef } from "../core/template/types";
import { layoutForm, fillGrid, FormData, FormLayout, fieldCell, headingFormula, columnRange, skeletonRows, columnList, fieldList } from "../core/layout";
import { computedFormula, FormulaContext, NO_FORMULA_CONTEXT, RowValues } from "../core/computed";
import { computeForm, computedColumns, layoutRowContext, rowFormula } from "../core/computed-rows";
import { isISODate } from "../core/dates";
import type { Computation } from "../core/trace";
import { parseForm } from "../core/parse";
import { a1, columnLetter, quoteSheet, CellScalar } from "../core/grid";
import { bindingName } from "../core/workbook";
import { flagRules } from "../core/flags";

const FONT = "Times New Roman";
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" },
};
const INPUT_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF8DC" } };
const COMPUTED_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8F0FE" } };
const HELPER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } };

/** Rows a sheet is built with: the data given, or the official skeleton of a fresh template. */
export function templateRows(t: Template, data?: FormData): NonNullable<FormData["rows"]> {
  return data?.rows ?? skeletonRows(t);
}

/**
 * Write one form sheet into a workbook: official layout with the Kazakh headings and column
 * numbers, merged heading, widths, drop-down lists for enumerations, the fields panel, computed
 * cells as live formulas, A4 landscape print setup with the header rows repeated, and the
 * defined name binding the sheet to the template.
 */
/** Data rows a built sheet offers: the rows given plus room to add more. */
export function capacityFor(t: Template, data?: FormData): number {
  return Math.max(templateRows(t, data).length + (data?.rows ? 20 : t.table.blankRows ?? 40), 10);
}

export interface SheetOptions {
  data?: FormData;
  sheetName?: string;
  index?: number;
  /** Resolves references to the other sheets of a family. */
  formulas?: FormulaContext;
  params?: Record<string, unknown>;
}

export function addFormSheet(wb: ExcelJS.Workbook, t: Template, opts: SheetOptions = {}): ExcelJS.Worksheet {
  const rows = templateRows(t, opts.data);
  const capacity = capacityFor(t, opts.data);
  const layout = layoutForm(t, capacity);
  const sheetName = opts.sheetName ?? t.sheetName.kk;
  const grid = fillGrid(t, layout, { ...opts.data, rows }, sheetName);
  const ws = wb.addWorksheet(sheetName, {
    pageSetup: {
      paperSize: t.print?.paperSize ?? 9,
      orientation: t.print?.orientation ?? "landscape",
      fitToPage: t.print?.fitToWidth ?? true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    views: [{ state: "frozen", ySplit: layout.firstDataRow, xSplit: 0 }],
  });
  const lastOfficial = columnLetter(layout.officialColumns - 1);
  const lastPrintRow = Math.max(
    layout.signatures.length ? layout.signatures[layout.signatures.length - 1].captionRow + 1 : layout.firstDataRow + capacity,
    ...layout.footnotes.map((f) => f.row + 1),
  );
  ws.pageSetup.printArea = t.print?.includePanel
    ? `A1:${columnLetter(layout.panelValueCol)}${Math.max(lastPrintRow, layout.lastRow + 1)}`
    : `A1:${lastOfficial}${lastPrintRow}`;
  if (t.print?.repeatHeaderRows !== false) ws.pageSetup.printTitlesRow = `${layout.headerRow + 1}:${layout.numberRow + 1}`;

  // Hidden drop-down lists sit just right of the flags column, so the sheet's used range stays narrow.
  (ws as unknown as { _josparListStart?: number })._josparListStart = layout.flagsCol + 3;
  for (const { def, col } of layout.columns) ws.getColumn(col + 1).width = def.width ?? 14;
  ws.getColumn(layout.panelLabelCol + 1).width = 48;
  ws.getColumn(layout.panelValueCol + 1).width = 26;

  // Values first, then formulas and styles over them.
  grid.values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== null && v !== undefined) ws.getCell(r + 1, c + 1).value = v as ExcelJS.CellValue;
    }),
  );
  datesAsDates(ws, t, layout, rows.length);
  styleHeading(ws, t, layout, opts.data);
  styleTable(ws, t, layout, rows.length, capacity);
  writeRowFormulas(ws, t, layout, opts.params ?? {}, opts.formulas ?? NO_FORMULA_CONTEXT);
  stylePanel(ws, t, layout, opts.params ?? {}, opts.formulas ?? NO_FORMULA_CONTEXT);
  styleSignatures(ws, t, layout);
  styleFootnotes(ws, layout);
  styleFlags(ws, t, layout, capacity);
  wb.definedNames.add(`${quoteSheet(sheetName)}!$A$1`, bindingName(opts.index ?? 1, t));
  return ws;
}

/** Dates given as ISO text go into the sheet as real dates, so the form's formulas can compare them. */
function datesAsDates(ws: ExcelJS.Worksheet, t: Template, L: FormLayout, filled: number): void {
  const toDate = (cell: ExcelJS.Cell) => {
    if (isISODate(cell.value)) cell.value = new Date(`${cell.value as string}T00:00:00Z`);
  };
  for (const f of L.fields) {
    const def = f.group === "header" ? t.header.find((x) => x.id === f.id) : f.group === "context" ? t.context.find((x) => x.id === f.id) : undefined;
    if (def?.type === "date") toDate(ws.getCell(f.row + 1, L.panelValueCol + 1));
  }
  for (const { def, col } of L.columns)
    if (def.type === "date") for (let r = L.firstDataRow; r < L.firstDataRow + filled; r++) toDate(ws.getCell(r + 1, col + 1));
}

/** Per-row computed columns: the column's formula on every data row (cached results come later, from the core). */
function writeRowFormulas(ws: ExcelJS.Worksheet, t: Template, L: FormLayout, params: Record<string, unknown>, formulas: FormulaContext): void {
  for (const col of computedColumns(t)) {
    const c = L.columns.find((x) => x.def.id === col.id)!.col;
    for (let r = L.firstDataRow; r <= L.formulaRowsEnd; r++) {
      const f = rowFormula(t, col, layoutRowContext(t, L, r, formulas), params);
      const cell = ws.getCell(r + 1, c + 1);
      if (f) cell.value = { formula: f.slice(1) } as ExcelJS.CellFormulaValue;
      if (!col.helper) cell.fill = COMPUTED_FILL;
      if (col.computed?.format) cell.numFmt = col.computed.format;
    }
  }
}

function font(extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> {
  return { name: FONT, size: 11, ...extra };
}

function styleHeading(ws: ExcelJS.Worksheet, t: Template, L: FormLayout, data?: FormData): void {
  const last = L.officialColumns;
  const annex = ws.getCell(L.annexRow + 1, last);
  annex.alignment = { horizontal: "right", vertical: "top", wrapText: true };
  annex.font = font({ size: 9, italic: true });
  ws.getRow(L.annexRow + 1).height = 42;
  ws.mergeCells(L.headingRow + 1, 1, L.headingRow + 1, last);
  const h = ws.getCell(L.headingRow + 1, 1);
  const heading = headingFormula(t, L);
  if (heading.formula) h.value = { formula: heading.formula.slice(1), result: heading.value(data ?? {}) };
  h.font = font({ size: 14, bold: true });
  h.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  ws.getRow(L.headingRow + 1).height = 36;
  if (t.caption) {
    ws.mergeCells(L.captionRow + 1, 1, L.captionRow + 1, last);
    const c = ws.getCell(L.captionRow + 1, 1);
    c.font = font({ size: 12, bold: true });
    c.alignment = { horizontal: "center" };
  }
}

function styleTable(ws: ExcelJS.Worksheet, t: Template, L: FormLayout, filled: number, capacity: number): void {
  ws.getRow(L.headerRow + 1).height = 48;
  for (const { def, col } of L.columns) {
    const head = ws.getCell(L.headerRow + 1, col + 1);
    head.font = font({ bold: true, italic: !!def.helper, size: def.helper ? 9 : 11 });
    head.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    head.border = THIN;
    if (def.helper) head.fill = HELPER_FILL;
    const num = ws.getCell(L.numberRow + 1, col + 1);
    num.alignment = { horizontal: "center" };
    num.font = font({ size: 9 });
    num.border = THIN;
    if (def.helper) num.fill = HELPER_FILL;
    for (let r = L.firstDataRow; r < L.firstDataRow + capacity; r++) {
      const cell = ws.getCell(r + 1, col + 1);
      cell.border = THIN;
      cell.alignment = { vertical: "top", wrapText: true };
      cell.font = font({ size: def.helper ? 9 : 11 });
      if (def.helper) cell.fill = HELPER_FILL;
      if (def.type === "date") cell.numFmt = "dd.mm.yyyy";
    }
    const range = `${columnLetter(col)}${L.firstDataRow + 1}:${columnLetter(col)}${L.firstDataRow + capacity}`;
    const list = columnList(def, t);
    if (list) addListValidation(ws, range, list);
  }
  // Heading rows of the skeleton read as headings: bold names.
  const nameCol = L.columns.find((c) => c.def.id === t.table.nameColumn)!.col;
  const kindCol = L.columns.find((c) => c.def.role === "rowKind")?.col;
  for (let r = L.firstDataRow; kindCol !== undefined && r < L.firstDataRow + filled; r++) {
    const kindCell = ws.getCell(r + 1, kindCol + 1);
    const kind = t.table.rowKinds.find((k) => k.label.kk === kindCell.value);
    if (kind && !kind.isDefault) ws.getCell(r + 1, nameCol + 1).font = font({ bold: kind.level <= 1, italic: !!kind.placeholder });
  }
}


/**
 * A list validation. Excel caps an inline list at 255 characters; longer lists (legal grounds
 * quoted word for word) go to hidden cells of the same sheet, so the sheet stays self-contained
 * when inserted into another workbook.
 */
function addListValidation(ws: ExcelJS.Worksheet, range: string, values: string[], enforce = false): void {
  const inline = `"${values.join(",")}"`;
  let formula = inline;
  if (inline.length > 255 || values.some((v) => v.includes(","))) formula = hiddenList(ws, values);
  const rule: ExcelJS.DataValidation = {
    type: "list",
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: enforce,
    errorStyle: enforce ? "stop" : "information",
  };
  const [a, b] = range.split(":");
  const start = ws.getCell(a);
  const end = ws.getCell(b ?? a);
  for (let r = Number(start.row); r <= Number(end.row); r++)
    for (let c = Number(start.col); c <= Number(end.col); c++) ws.getCell(r, c).dataValidation = rule;
}

const LIST_COLUMN_START = 60; // far to the right, hidden (sheets without a layout)

function hiddenList(ws: ExcelJS.Worksheet, values: string[]): string {
  const used = (ws as unknown as { _josparLists?: number })._josparLists ?? 0;
  const col = ((ws as unknown as { _josparListStart?: number })._josparListStart ?? LIST_COLUMN_START) + used;
  (ws as unknown as { _josparLists?: number })._josparLists = used + 1;
  values.forEach((v, i) => (ws.getCell(i + 1, col).value = v));
  ws.getColumn(col).hidden = true;
  const L = columnLetter(col - 1);
  return `$${L}$1:$${L}$${values.length}`;
}

function stylePanel(ws: ExcelJS.Worksheet, t: Template, L: FormLayout, params: Record<string, unknown>, formulas: FormulaContext): void {
  const labelCol = L.panelLabelCol + 1;
  const valueCol = L.panelValueCol + 1;
  for (const p of L.panelTitles) {
    const c = ws.getCell(p.row + 1, labelCol);
    c.font = font({ bold: true, size: 10, color: { argb: "FF1F4E79" } });
  }
  for (const f of L.fields) {
    const label = ws.getCell(f.row + 1, labelCol);
    label.font = font({ size: 10 });
    label.alignment = { wrapText: true, vertical: "top" };
    const value = ws.getCell(f.row + 1, valueCol);
    value.border = THIN;
    value.font = font({ size: 10 });
    if (f.group === "computed") {
      const def = t.computed!.find((c) => c.id === f.id)!;
      value.fill = COMPUTED_FILL;
      const formula = computedFormula(t, L, def, params, formulas);
      if (formula) value.value = { formula: formula.slice(1), result: undefined } as ExcelJS.CellFormulaValue;
      if (def.format) value.numFmt = def.format;
      continue;
    }
    value.fill = INPUT_FILL;
    const def = (f.group === "header" ? t.header : t.context).find((x) => x.id === f.id)!;
    if (def.type === "date") value.numFmt = "dd.mm.yyyy";
    const list = fieldList(def);
    if (list) addListValidation(ws, value.address, list);
  }
}

/** Footnotes («Ескертпе: …») merged across the official columns, small and wrapped. */
function styleFootnotes(ws: ExcelJS.Worksheet, L: FormLayout): void {
  for (const f of L.footnotes) {
    ws.mergeCells(f.row + 1, 1, f.row + 1, L.officialColumns);
    const c = ws.getCell(f.row + 1, 1);
    c.font = font({ size: 9, italic: true });
    c.alignment = { wrapText: true, vertical: "top" };
    ws.getRow(f.row + 1).height = 30;
  }
}

function styleSignatures(ws: ExcelJS.Worksheet, t: Template, L: FormLayout): void {
  for (const s of L.signatures) {
    const label = ws.getCell(s.row + 1, s.labelCol + 1);
    label.font = font({ bold: true });
    label.alignment = { wrapText: true, vertical: "bottom" };
    ws.getRow(s.row + 1).height = 32;
    const line = ws.getCell(s.row + 1, s.valueCol + 1);
    line.border = { bottom: { style: "thin" } };
    line.fill = INPUT_FILL;
    const cap = ws.getCell(s.captionRow + 1, s.valueCol + 1);
    cap.font = font({ size: 9, italic: true });
  }
}

/**
 * The flags column: hidden, unlocked (so flags can be written on a protected sheet), and the
 * conditional formats that colour a flagged cell while its flag code is present.
 */
function styleFlags(ws: ExcelJS.Worksheet, t: Template, L: FormLayout, capacity: number): void {
  const col = ws.getColumn(L.flagsCol + 1);
  col.width = 18;
  col.hidden = true;
  const last = Math.max(L.lastRow, L.firstDataRow + capacity);
  for (let r = 0; r <= last; r++) ws.getCell(r + 1, L.flagsCol + 1).protection = { locked: false };
  let priority = 1;
  for (const rule of flagRules(t, L)) {
    ws.addConditionalFormatting({
      ref: rule.range,
      rules: [
        {
          type: "expression",
          priority: priority++,
          formulae: [rule.formula.slice(1)],
          style: {
            fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(rule.fill) } },
            font: { color: { argb: argb(rule.font) } },
          },
        } as ExcelJS.ConditionalFormattingRule,
      ],
    });
  }
}

function argb(hex: string): string {
  return "FF" + hex.replace(/^#/, "").toUpperCase();
}

/** Fill cached results of computed cells so readers that do not recalculate see the values. */
export function cacheComputedResults(ws: ExcelJS.Worksheet, t: Template, values: Record<string, Computation>): void {
  const layout = layoutForm(t, 1);
  for (const def of t.computed ?? []) {
    const cell = ws.getCell(fieldCell(layout, def.id));
    const v = cell.value as ExcelJS.CellFormulaValue | null;
    if (v && typeof v === "object" && "formula" in v) cell.value = { formula: v.formula, result: values[def.id]?.value ?? "" } as ExcelJS.CellFormulaValue;
  }
}

/** Fill cached results of per-row computed cells (the core's values of the rows the sheet was built with). */
export function cacheRowResults(ws: ExcelJS.Worksheet, t: Template, doc: ReturnType<typeof parseForm>, rows: RowValues): void {
  for (const col of computedColumns(t)) {
    const c = doc.columns[col.id];
    if (c === undefined) continue;
    const text = col.type === "text" || col.type === "name";
    for (const row of doc.rows) {
      const v = rows[col.id]?.get(row.index);
      const cell = ws.getCell(row.sheetRow + 1, c + 1);
      const f = cell.value as ExcelJS.CellFormulaValue | null;
      if (!v || !f || typeof f !== "object" || !("formula" in f)) continue;
      cell.value = { formula: f.formula, result: (text ? v.text : v.value) ?? "" } as ExcelJS.CellFormulaValue;
    }
  }
}

/** The core's values for the computed cells of a filled form (other forms of the family first). */
export function coreValues(
  t: Template,
  data: FormData,
  sheetName: string,
  others: { t: Template; doc: ReturnType<typeof parseForm>; computed: Record<string, Computation>; rows?: RowValues }[] = [],
  params: Record<string, unknown> = {},
) {
  const rows = templateRows(t, data);
  const grid = fillGrid(t, layoutForm(t, capacityFor(t, data)), { ...data, rows }, sheetName);
  const doc = parseForm(grid, t);
  const { values: computed, rows: rowValues } = computeForm(doc, params, (id) => others.find((o) => o.t.id === id));
  return { t, doc, computed, rows: rowValues };
}

/** A workbook holding one template, fresh (official skeleton) or filled with data. */
export function buildTemplateWorkbook(t: Template, data?: FormData, params: Record<string, unknown> = {}): ExcelJS.Workbook {
  return buildFamilyWorkbook([t], data ? { [t.id]: data } : {}, params);
}

/**
 * A workbook holding several templates as sheets (a family, or a plan with its report): every
 * layout is fixed first, so computed cells can point at the other sheets; cached results come
 * from the core, computed in dependency order.
 */
export function buildFamilyWorkbook(templates: Template[], data: Record<string, FormData> = {}, params: Record<string, unknown> = {}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Jospar";
  wb.calcProperties.fullCalcOnLoad = true;
  const placed = new Map(templates.map((t) => [t.id, { t, sheet: t.sheetName.kk, layout: layoutForm(t, capacityFor(t, data[t.id])) }]));
  const abs = (a: string) => a.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  const formulas: FormulaContext = {
    cell: (tid, cid) => {
      const p = placed.get(tid);
      return p ? `${quoteSheet(p.sheet)}!${abs(fieldCell(p.layout, cid))}` : null;
    },
    range: (tid, col) => {
      const p = placed.get(tid);
      return p ? `${quoteSheet(p.sheet)}!${columnRange(p.layout, col)}` : null;
    },
  };
  const sheets = templates.map((t, i) => addFormSheet(wb, t, { data: data[t.id], index: i + 1, formulas, params }));
  const done: ReturnType<typeof coreValues>[] = [];
  for (const t of dependencyOrder(templates)) done.push(coreValues(t, data[t.id] ?? {}, placed.get(t.id)!.sheet, done, params));
  templates.forEach((t, i) => {
    const d = done.find((x) => x.t.id === t.id)!;
    cacheComputedResults(sheets[i], t, d.computed);
    cacheRowResults(sheets[i], t, d.doc, d.rows);
  });
  return wb;
}

function dependencyOrder(templates: Template[]): Template[] {
  const out: Template[] = [];
  const visit = (t: Template, trail: Set<string>) => {
    if (out.includes(t) || trail.has(t.id)) return;
    trail.add(t.id);
    for (const d of t.dependsOn ?? []) {
      const dep = templates.find((x) => x.id === d);
      if (dep) visit(dep, trail);
    }
    out.push(t);
  };
  templates.forEach((t) => visit(t, new Set()));
  return out;
}

export type { CellScalar, EnumDef };
export { a1 };
