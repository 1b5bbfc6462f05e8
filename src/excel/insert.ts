import type { Template } from "../core/template/types";
import { layoutForm, FormLayout } from "../core/layout";
import { planSheet, capacityFor, familyFormulas, SheetPlan, Box, PlanStyle, FONT } from "../core/sheet-plan";
import { bindingName, parseBindings } from "../core/workbook";
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
 * The sheets built through the API: the core's sheet plans (the same src/xlsx/build.ts writes
 * into the template files) applied in one batch after one read of the existing names.
 */
async function insertThroughApi(rt: OfficeRuntime, templates: Template[], paramsOf: ParamsOf): Promise<Inserted[]> {
  return rt.run({ delayForCellEdit: true }, async (ctx) => {
    const wb = ctx.workbook;
    const sheets = wb.worksheets.load("items/name");
    const names = wb.names.load("items/name");
    await ctx.sync();
    const taken = sheets.items.map((s) => s.name);
    const placed = templates.map((t) => {
      const sheet = uniqueName(t.sheetName.kk, taken);
      taken.push(sheet);
      return { t, sheet, layout: layoutForm(t, capacityFor(t)) };
    });
    const family = familyFormulas(placed);
    ctx.application.suspendApiCalculationUntilNextSync();
    let k = nextIndex(names.items);
    const printSetup = rt.isSetSupported("ExcelApi", "1.9");
    const made = placed.map(({ t, sheet }) => {
      const plan = planSheet(t, { sheetName: sheet, index: k++, formulas: family, params: paramsOf(t.id) });
      const ws = wb.worksheets.add(sheet);
      ws.load("id");
      applyPlanThroughApi(wb, ws, plan, printSetup);
      return { ws, t, sheetName: sheet, name: plan.names[0].name };
    });
    made[0].ws.activate();
    await ctx.sync();
    return made.map((m) => ({ sheetId: m.ws.id, sheetName: m.sheetName, templateId: m.t.id, via: "api" as const, bindingName: m.name }));
  });
}

/** A string Excel would read as something else when written (a number, a boolean, a formula, an error): kept as text. */
// Trailing spaces belong to [\d\s.,]* unless an exponent or % comes first: a second \s* beside it
// would try every split of a long run of spaces (quadratic).
export const MISREAD = /^\s*[-+]?(\d|\.\d)[\d\s.,]*(?:(?:e[-+]?\d+%?|%)\s*)?$|^(true|false)$|^[=#'@+-]/i;

/**
 * Apply a sheet plan through Office.js, queued on `ws` (no sync): number formats before values
 * (so "001" in a text column stays text), styles by range, merges, widths, row heights,
 * validations, conditional formats, frozen rows, print setup (ExcelApi 1.9) and the binding name.
 */
export function applyPlanThroughApi(wb: Excel.Workbook, ws: Excel.Worksheet, plan: SheetPlan, printSetup: boolean): void {
  const rangeOf = (b: Box) => ws.getRangeByIndexes(b.r0, b.c0, b.r1 - b.r0 + 1, b.c1 - b.c0 + 1);
  for (const { box, style } of plan.styles) {
    if (!style.numberFormat) continue;
    rangeOf(box).numberFormat = Array.from({ length: box.r1 - box.r0 + 1 }, () => new Array<string>(box.c1 - box.c0 + 1).fill(style.numberFormat!));
  }
  const width = Math.max(...plan.values.map((r) => r.length));
  const data = plan.values.map((row, r) =>
    Array.from({ length: width }, (_, c) => {
      const f = plan.formulas[r]?.[c];
      if (f) return f;
      const v = row[c] ?? null;
      if (v !== null && typeof v === "object") return dateSerial(v.date);
      return typeof v === "string" && MISREAD.test(v) ? `'${v}` : v;
    }),
  );
  ws.getRangeByIndexes(0, 0, data.length, width).formulas = data as (string | number | boolean)[][];
  for (const { box, style } of plan.styles) applyStyle(rangeOf(box), box, style);
  for (const m of plan.merges) rangeOf(m).merge(false);
  for (const c of plan.columns) {
    const col = ws.getRangeByIndexes(0, c.col, 1, 1).getEntireColumn();
    col.format.columnWidth = c.width * POINTS_PER_CHAR;
    if (c.hidden) col.columnHidden = true;
  }
  for (const h of plan.rowHeights) ws.getRangeByIndexes(h.row, 0, 1, 1).getEntireRow().format.rowHeight = h.height;
  for (const r of plan.hiddenRows) ws.getRangeByIndexes(r, 0, 1, 1).getEntireRow().rowHidden = true;
  for (const v of plan.validations) {
    const dv = rangeOf(v.box).dataValidation;
    dv.rule = { list: { inCellDropDown: true, source: v.source.startsWith("$") ? `=${v.source}` : v.source } };
    dv.errorAlert = { showAlert: v.enforce, style: v.enforce ? "Stop" : "Information", title: "", message: "" };
  }
  // conditionalFormats.add puts the new format on top: add in reverse so the first stays first.
  for (const rule of [...plan.conditionalFormats].reverse()) {
    const cf = ws.getRange(rule.range).conditionalFormats.add("Custom");
    cf.custom.rule.formula = rule.formula;
    cf.custom.format.fill.color = rule.fill;
    cf.custom.format.font.color = rule.font;
  }
  if (plan.frozenRows) ws.freezePanes.freezeRows(plan.frozenRows);
  if (printSetup) {
    const p = plan.print;
    const pl = ws.pageLayout;
    pl.orientation = p.orientation === "landscape" ? "Landscape" : "Portrait";
    pl.paperSize = PAPER[p.paperSize] ?? "A4";
    if (p.fitToWidth) pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    pl.leftMargin = p.margins.left * 72;
    pl.rightMargin = p.margins.right * 72;
    pl.topMargin = p.margins.top * 72;
    pl.bottomMargin = p.margins.bottom * 72;
    pl.headerMargin = p.margins.header * 72;
    pl.footerMargin = p.margins.footer * 72;
    pl.setPrintArea(p.area);
    if (p.titleRows) pl.setPrintTitleRows(p.titleRows);
    pl.headersFooters.defaultForAllPages.centerFooter = p.footer;
  }
  for (const n of plan.names) wb.names.add(n.name, ws.getRange("A1"));
}

const PAPER: Record<number, Excel.PaperType> = { 8: "A3" as Excel.PaperType, 9: "A4" as Excel.PaperType, 11: "A5" as Excel.PaperType };

function dateSerial(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86400000 + 25569);
}

function applyStyle(range: Excel.Range, b: Box, s: PlanStyle): void {
  const f = range.format;
  if (s.font) {
    f.font.name = FONT;
    if (s.font.bold !== undefined) f.font.bold = s.font.bold;
    if (s.font.italic !== undefined) f.font.italic = s.font.italic;
    if (s.font.size !== undefined) f.font.size = s.font.size;
    if (s.font.color) f.font.color = s.font.color;
  }
  if (s.fill) f.fill.color = s.fill;
  if (s.border === "grid") {
    const edges: Excel.BorderIndex[] = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"] as Excel.BorderIndex[];
    if (b.r1 > b.r0) edges.push("InsideHorizontal" as Excel.BorderIndex);
    if (b.c1 > b.c0) edges.push("InsideVertical" as Excel.BorderIndex);
    for (const e of edges) f.borders.getItem(e).style = "Continuous";
  }
  if (s.border === "bottom") f.borders.getItem("EdgeBottom").style = "Continuous";
  if (s.horizontal) f.horizontalAlignment = s.horizontal;
  if (s.vertical) f.verticalAlignment = s.vertical;
  if (s.wrap !== undefined) f.wrapText = s.wrap;
  if (s.locked !== undefined) f.protection.locked = s.locked;
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
