import ExcelJS from "exceljs";
import type { Template, EnumDef } from "../core/template/types";
import { layoutForm, fillGrid, FormData, fieldCell } from "../core/layout";
import { planSheet, templateRows, capacityFor, familyFormulas, PlanOptions, SheetPlan, PlanStyle, FONT } from "../core/sheet-plan";
import { RowValues } from "../core/computed";
import { computeForm, computedColumns } from "../core/computed-rows";
import type { Computation } from "../core/trace";
import { parseForm } from "../core/parse";
import { a1, CellScalar } from "../core/grid";

export { templateRows, capacityFor };
export type SheetOptions = PlanOptions;

/**
 * Write one form sheet into a workbook: the core's sheet plan (src/core/sheet-plan.ts) applied
 * with ExcelJS — the same plan the add-in applies through Office.js.
 */
export function addFormSheet(wb: ExcelJS.Workbook, t: Template, opts: PlanOptions = {}): ExcelJS.Worksheet {
  return applyPlan(wb, planSheet(t, opts));
}

const BORDER: Partial<ExcelJS.Border> = { style: "thin" };
const argb = (hex: string) => "FF" + hex.replace(/^#/, "").toUpperCase();
const HORIZONTAL = { Left: "left", Center: "center", Right: "right" } as const;
const VERTICAL = { Top: "top", Center: "middle", Bottom: "bottom" } as const;

/** Apply a sheet plan with ExcelJS. */
export function applyPlan(wb: ExcelJS.Workbook, plan: SheetPlan): ExcelJS.Worksheet {
  const p = plan.print;
  const ws = wb.addWorksheet(plan.name, {
    pageSetup: {
      paperSize: p.paperSize as ExcelJS.PageSetup["paperSize"],
      orientation: p.orientation,
      fitToPage: p.fitToWidth,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: p.margins,
    },
    headerFooter: { oddFooter: `&C${p.footer}`, differentFirst: false, differentOddEven: false } as Partial<ExcelJS.HeaderFooter>,
    views: [{ state: "frozen", ySplit: plan.frozenRows, xSplit: 0 }],
  });
  ws.pageSetup.printArea = forExcelJs(p.area);
  if (p.titleRows) ws.pageSetup.printTitlesRow = forExcelJs(p.titleRows);
  for (const c of plan.columns) {
    const col = ws.getColumn(c.col + 1);
    col.width = c.width;
    if (c.hidden) col.hidden = true;
  }
  plan.values.forEach((row, r) =>
    row.forEach((v, c) => {
      const f = plan.formulas[r]?.[c];
      const cell = ws.getCell(r + 1, c + 1);
      if (f) {
        const result = plan.results[`${r},${c}`];
        cell.value = (result === undefined ? { formula: f.slice(1) } : { formula: f.slice(1), result }) as ExcelJS.CellFormulaValue;
      } else if (v !== null && v !== undefined) cell.value = typeof v === "object" ? new Date(`${v.date}T00:00:00Z`) : v;
    }),
  );
  for (const { box, style } of plan.styles)
    for (let r = box.r0; r <= box.r1; r++) for (let c = box.c0; c <= box.c1; c++) styleCell(ws.getCell(r + 1, c + 1), style);
  for (const m of plan.merges) ws.mergeCells(m.r0 + 1, m.c0 + 1, m.r1 + 1, m.c1 + 1);
  for (const h of plan.rowHeights) ws.getRow(h.row + 1).height = h.height;
  for (const r of plan.hiddenRows) ws.getRow(r + 1).hidden = true;
  for (const v of plan.validations) {
    const rule: ExcelJS.DataValidation = {
      type: "list",
      allowBlank: true,
      formulae: [v.source.startsWith("$") ? v.source : `"${v.source}"`],
      showErrorMessage: v.enforce,
      errorStyle: v.enforce ? "stop" : "information",
    };
    for (let r = v.box.r0; r <= v.box.r1; r++) for (let c = v.box.c0; c <= v.box.c1; c++) ws.getCell(r + 1, c + 1).dataValidation = rule;
  }
  plan.conditionalFormats.forEach((cf, i) =>
    ws.addConditionalFormatting({
      ref: cf.range,
      rules: [
        {
          type: "expression",
          priority: i + 1,
          formulae: [cf.formula.slice(1)],
          style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(cf.fill) } }, font: { color: { argb: argb(cf.font) } } },
        } as ExcelJS.ConditionalFormattingRule,
      ],
    }),
  );
  for (const n of plan.names) wb.definedNames.add(n.ref, n.name);
  return ws;
}

/**
 * ExcelJS writes a print area or print titles by putting one "$" before each end of the range
 * ("A1:F40" → "$A1:$F40", mixed references LibreOffice ignores): hand it "A$1:F$40" so the
 * file holds "$A$1:$F$40".
 */
export function forExcelJs(absolute: string): string {
  return absolute
    .split(":")
    .map((end) => end.replace(/^\$/, "").replace(/^([A-Z]+)(\d+)$/, "$1$$$2"))
    .join(":");
}

/** Make a print area read from a file (ExcelJS reads it without "$") absolute again before it is written back. */
export function keepPrintAreasAbsolute(wb: ExcelJS.Workbook): void {
  for (const ws of wb.worksheets) {
    const area = ws.pageSetup.printArea;
    if (area) ws.pageSetup.printArea = area.split("&&").map((a) => forExcelJs(a.replace(/\$/g, ""))).join("&&");
  }
}

function styleCell(cell: ExcelJS.Cell, s: PlanStyle): void {
  if (s.font) cell.font = { name: FONT, size: 11, ...cell.font, ...s.font, ...(s.font.color ? { color: { argb: argb(s.font.color) } } : {}) } as Partial<ExcelJS.Font>;
  if (s.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(s.fill) } };
  if (s.border === "grid") cell.border = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
  if (s.border === "bottom") cell.border = { bottom: BORDER };
  if (s.horizontal || s.vertical || s.wrap !== undefined)
    cell.alignment = {
      ...cell.alignment,
      ...(s.horizontal ? { horizontal: HORIZONTAL[s.horizontal] } : {}),
      ...(s.vertical ? { vertical: VERTICAL[s.vertical] } : {}),
      ...(s.wrap !== undefined ? { wrapText: s.wrap } : {}),
    };
  if (s.numberFormat) cell.numFmt = s.numberFormat;
  if (s.locked !== undefined) cell.protection = { locked: s.locked };
}

/** Fill cached results of computed cells so readers that do not recalculate see the values. */
export function cacheComputedResults(ws: ExcelJS.Worksheet, t: Template, values: Record<string, Computation>, data?: FormData): void {
  // The sheet's own layout: a field the form prints after its table sits below the data rows.
  const layout = layoutForm(t, capacityFor(t, data));
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
  const formulas = familyFormulas(templates.map((t) => ({ t, sheet: t.sheetName.kk, layout: layoutForm(t, capacityFor(t, data[t.id])) })));
  const sheets = templates.map((t, i) => addFormSheet(wb, t, { data: data[t.id], index: i + 1, formulas, params }));
  const done: ReturnType<typeof coreValues>[] = [];
  for (const t of dependencyOrder(templates)) done.push(coreValues(t, data[t.id] ?? {}, t.sheetName.kk, done, params));
  templates.forEach((t, i) => {
    const d = done.find((x) => x.t.id === t.id)!;
    cacheComputedResults(sheets[i], t, d.computed, data[t.id]);
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
