import type { Template } from "../core/template/types";
import { layoutForm, fillGrid, FormLayout, fieldCell, columnRange, skeletonRows, columnList } from "../core/layout";
import { computedFormula, FormulaContext } from "../core/computed";
import { computedColumns, layoutRowContext, rowFormula } from "../core/computed-rows";
import { bindingName, parseBindings } from "../core/workbook";
import { a1, columnLetter, quoteSheet } from "../core/grid";
import { flagRules } from "../core/flags";
import { OfficeRuntime, errorCode } from "./runtime";

/**
 * Template insertion. Where ExcelApi 1.13 is there (the manifest's minimum), the form sheet
 * comes from the generated .xlsx (`templates/<id>.xlsx`, built by the same code as
 * `jospar templates build`) through workbook.insertWorksheetsFromBase64; where that is refused
 * (an older host, or Excel on the web rejecting a feature of the file) the sheet is built
 * through the API from the core layout in one batch. Either way the sheet is then bound to its
 * template by a workbook-scoped defined name (`_JOSPAR.<k>.<id>.v<version>` → the sheet's A1).
 */
export interface Inserted {
  sheetId: string;
  sheetName: string;
  templateId: string;
  via: "file" | "api";
  bindingName: string;
}

export type TemplateFile = (fileId: string) => Promise<string | null>;

/**
 * What one Insert puts into the workbook: a template on its own, or a family of templates
 * distributed as one file (an evaluation's act with its input sheets), in family order. The
 * file is named after the template, or after the family (as `jospar templates build` names it).
 */
export interface Insertable {
  fileId: string;
  templates: Template[];
}

export function insertables(templates: Template[]): Insertable[] {
  const out: Insertable[] = [];
  for (const t of templates) {
    if (!t.family) {
      out.push({ fileId: t.id, templates: [t] });
      continue;
    }
    const f = out.find((x) => x.fileId === t.family!.id);
    if (f) f.templates.push(t);
    else out.push({ fileId: t.family.id, templates: [t] });
  }
  for (const x of out) x.templates.sort((a, b) => (a.family?.order ?? 0) - (b.family?.order ?? 0));
  return out;
}

export async function insertTemplate(rt: OfficeRuntime, t: Template | Insertable, file: TemplateFile | null): Promise<Inserted> {
  return (await insertForms(rt, "fileId" in t ? t : { fileId: t.id, templates: [t] }, file))[0];
}

/** The rule packs' parameters of a template (methodology choices the sheet formulas follow). */
export type ParamsOf = (templateId: string) => Record<string, unknown>;

export async function insertForms(rt: OfficeRuntime, what: Insertable, file: TemplateFile | null, paramsOf: ParamsOf = () => ({})): Promise<Inserted[]> {
  if (file && rt.isSetSupported("ExcelApi", "1.13")) {
    const b64 = await file(what.fileId).catch(() => null);
    if (b64) {
      try {
        return await insertFromFile(rt, what.templates, b64);
      } catch (e) {
        const code = errorCode(e);
        if (code !== "UnsupportedFeature" && code !== "ApiNotFound" && code !== "NotImplemented" && code !== "AccessDenied") throw e;
      }
    }
  }
  return insertThroughApi(rt, what.templates, paramsOf);
}

function nextIndex(names: { name: string }[]): number {
  let k = 0;
  for (const n of names) {
    const m = /^_JOSPAR\.(\d+)\./i.exec(n.name);
    if (m) k = Math.max(k, Number(m[1]));
  }
  return k + 1;
}

async function insertFromFile(rt: OfficeRuntime, templates: Template[], base64: string): Promise<Inserted[]> {
  return rt.run({ delayForCellEdit: true }, async (ctx) => {
    const wb = ctx.workbook;
    const ids = wb.insertWorksheetsFromBase64(base64, { positionType: "End" });
    const sheets = wb.worksheets.load("items/id,items/name");
    const names = wb.names.load("items/name,items/formula,items/type");
    await ctx.sync();
    const list = names.items.map((n) => ({ name: n.name, formula: n.formula }));
    const bound = parseBindings(list);
    let k = nextIndex(list);
    const out: Inserted[] = [];
    // The file's sheets come in family order, as the build wrote them.
    ids.value.forEach((id, i) => {
      const t = templates[i];
      const sheet = sheets.items.find((s) => s.id === id);
      if (!t || !sheet) return;
      // The file carries its own binding names; Excel may or may not bring them along.
      const name = bindingName(k, t);
      if (!bound.some((b) => b.sheet === sheet.name && b.templateId === t.id)) {
        wb.names.add(name, wb.worksheets.getItem(id).getRange("A1"));
        k++;
      }
      out.push({ sheetId: id, sheetName: sheet.name, templateId: t.id, via: "file", bindingName: name });
    });
    if (out.length === 0) throw new Error("the template file held no worksheet");
    wb.worksheets.getItem(out[0].sheetId).activate();
    await ctx.sync();
    return out;
  });
}

function uniqueName(base: string, taken: string[]): string {
  const lower = new Set(taken.map((x) => x.toLowerCase()));
  const clean = base.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);
  if (!lower.has(clean.toLowerCase())) return clean;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = clean.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(name.toLowerCase())) return name;
  }
}


/** Points per character of column width (Calibri 11 at 96 dpi), for Range.format.columnWidth. */
const POINTS_PER_CHAR = 5.6;

/**
 * The sheets built through the API: values, formulas (the heading, computed values, per-row
 * computed columns; formulas between the family's sheets too), formats, lists, flag formats,
 * binding names; one batch after one read of the existing names.
 */
async function insertThroughApi(rt: OfficeRuntime, templates: Template[], paramsOf: ParamsOf): Promise<Inserted[]> {
  return rt.run({ delayForCellEdit: true }, async (ctx) => {
    const wb = ctx.workbook;
    const sheets = wb.worksheets.load("items/name");
    const names = wb.names.load("items/name");
    await ctx.sync();
    const taken = sheets.items.map((s) => s.name);
    const plans = templates.map((t) => {
      const rows = skeletonRows(t);
      const capacity = Math.max(rows.length + (t.table.blankRows ?? 40), 10);
      const sheetName = uniqueName(t.sheetName.kk, taken);
      taken.push(sheetName);
      return { t, rows, capacity, sheetName, layout: layoutForm(t, capacity) };
    });
    const abs = (a: string) => a.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
    const family: FormulaContext = {
      cell: (tid, cid) => {
        const p = plans.find((x) => x.t.id === tid);
        return p ? `${quoteSheet(p.sheetName)}!${abs(fieldCell(p.layout, cid))}` : null;
      },
      range: (tid, col) => {
        const p = plans.find((x) => x.t.id === tid);
        return p ? `${quoteSheet(p.sheetName)}!${columnRange(p.layout, col)}` : null;
      },
    };
    ctx.application.suspendApiCalculationUntilNextSync();
    let k = nextIndex(names.items);
    const made = plans.map(({ t, rows, capacity, sheetName, layout }) => {
      const grid = fillGrid(t, layout, { rows }, sheetName);
      const ws = wb.worksheets.add(sheetName);
      ws.load("id");
      const width = layout.flagsCol + 1;
      const height = grid.values.length;
      const data = grid.values.map((row, r) =>
        Array.from({ length: width }, (_, c) => grid.formulas?.[r]?.[c] ?? (row[c] === null || row[c] === undefined ? null : row[c])),
      );
      for (const f of layout.fields.filter((x) => x.group === "computed")) {
        const def = t.computed!.find((c) => c.id === f.id)!;
        const formula = computedFormula(t, layout, def, paramsOf(t.id), family);
        if (formula) data[f.row][layout.panelValueCol] = formula;
      }
      for (const col of computedColumns(t)) {
        const c = layout.columns.find((x) => x.def.id === col.id)?.col;
        if (c === undefined) continue;
        for (let r = layout.firstDataRow; r <= layout.formulaRowsEnd && r < height; r++) {
          const f = rowFormula(t, col, layoutRowContext(t, layout, r, family), paramsOf(t.id));
          if (f) data[r][c] = f;
        }
      }
      ws.getRange(`A1:${a1(height - 1, width - 1)}`).formulas = data as (string | number | boolean)[][];
      styleThroughApi(ws, t, layout, capacity);
      const name = bindingName(k++, t);
      wb.names.add(name, ws.getRange("A1"));
      return { ws, t, sheetName, name };
    });
    made[0].ws.activate();
    await ctx.sync();
    return made.map((m) => ({ sheetId: m.ws.id, sheetName: m.sheetName, templateId: m.t.id, via: "api" as const, bindingName: m.name }));
  });
}

function styleThroughApi(ws: Excel.Worksheet, t: Template, L: FormLayout, capacity: number): void {
  const lastOfficial = L.officialColumns - 1;
  const head = ws.getRange(`A${L.headingRow + 1}:${a1(L.headingRow, lastOfficial)}`);
  head.merge(false);
  head.format.font.bold = true;
  head.format.font.size = 14;
  head.format.horizontalAlignment = "Center";
  head.format.wrapText = true;
  if (t.caption) {
    const cap = ws.getRange(`A${L.captionRow + 1}:${a1(L.captionRow, lastOfficial)}`);
    cap.merge(false);
    cap.format.font.bold = true;
    cap.format.horizontalAlignment = "Center";
  }
  const lastCol = L.columns.length - 1;
  const headers = ws.getRange(`A${L.headerRow + 1}:${a1(L.numberRow, lastCol)}`);
  headers.format.font.bold = true;
  headers.format.wrapText = true;
  headers.format.horizontalAlignment = "Center";
  headers.format.verticalAlignment = "Center";
  const table = ws.getRange(`A${L.headerRow + 1}:${a1(L.firstDataRow + capacity - 1, lastCol)}`);
  for (const edge of ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideHorizontal", "InsideVertical"] as const)
    table.format.borders.getItem(edge).style = "Continuous";
  for (const { def, col } of L.columns) {
    const L1 = columnLetter(col);
    ws.getRange(`${L1}:${L1}`).format.columnWidth = (def.width ?? 14) * POINTS_PER_CHAR;
    const data = ws.getRange(`${L1}${L.firstDataRow + 1}:${L1}${L.firstDataRow + capacity}`);
    if (def.type === "date") data.numberFormat = Array.from({ length: capacity }, () => ["dd.mm.yyyy"]);
    if (def.helper) data.format.fill.color = "#F2F2F2";
    const list = columnList(def, t);
    const source = list?.join(",");
    if (source && source.length <= 255 && !list!.some((v) => v.includes(","))) {
      data.dataValidation.rule = { list: { inCellDropDown: true, source } };
      data.dataValidation.errorAlert = { showAlert: false, style: "Information", title: "", message: "" };
    }
  }
  const panel = columnLetter(L.panelLabelCol);
  ws.getRange(`${panel}:${panel}`).format.columnWidth = 48 * POINTS_PER_CHAR;
  const value = columnLetter(L.panelValueCol);
  ws.getRange(`${value}:${value}`).format.columnWidth = 26 * POINTS_PER_CHAR;
  for (const f of L.fields) {
    const cell = ws.getRange(fieldCell(L, f.id));
    cell.format.fill.color = f.group === "computed" ? "#E8F0FE" : "#FFF8DC";
  }
  for (const p of L.panelTitles) ws.getRange(a1(p.row, L.panelLabelCol)).format.font.bold = true;
  // The flags column: unlocked (written on a protected sheet too), hidden, and the formats it drives.
  const flags = columnLetter(L.flagsCol);
  const flagsRange = ws.getRange(`${flags}1:${flags}${Math.max(L.lastRow, L.firstDataRow + capacity) + 1}`);
  flagsRange.format.protection.locked = false;
  ws.getRange(`${flags}:${flags}`).columnHidden = true;
  addFlagFormats(ws, t, L);
}

/** The conditional formats that colour flagged cells (the same rules src/xlsx/build.ts writes). */
export function addFlagFormats(ws: Excel.Worksheet, t: Template, L: FormLayout): void {
  // conditionalFormats.add puts the new format on top: add in reverse so errors end up first.
  for (const rule of [...flagRules(t, L)].reverse()) {
    const cf = ws.getRange(rule.range).conditionalFormats.add("Custom");
    cf.custom.rule.formula = rule.formula;
    cf.custom.format.fill.color = rule.fill;
    cf.custom.format.font.color = rule.font;
  }
}
