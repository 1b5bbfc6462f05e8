import ExcelJS from "exceljs";
import { promises as fs } from "fs";
import type { WorkbookResult } from "../core/workbook";
import type { Lang } from "../core/i18n";
import { pick } from "../core/i18n";
import { SEVERITY_ORDER, Finding } from "../core/findings";
import { quoteSheet } from "../core/grid";
import { catalogMarkName, isCatalogMark } from "../core/release/mark";
import { keepPrintAreasAbsolute } from "./build";
import { rowHeightFor, DEFAULT_ROW_HEIGHT, WrappedCell } from "../core/text-fit";
import type { FormDocument } from "../core/document";
import { citation } from "../core/present";

const FINDINGS_SHEET: Record<Lang, string> = { kk: "Jospar тексеру", ru: "Jospar проверка", en: "Jospar check" };
const HEADINGS: Record<Lang, string[]> = {
  kk: ["Маңыздылығы", "Ереже", "Парақ", "Ұяшық", "Хабарлама", "Құқықтық негіз"],
  ru: ["Важность", "Правило", "Лист", "Ячейка", "Сообщение", "Правовое основание"],
  en: ["Severity", "Rule", "Sheet", "Cell", "Message", "Source"],
};
const SEVERITY_WORDS: Record<Lang, Record<string, string>> = {
  kk: { error: "қате", warning: "ескерту", info: "ақпарат" },
  ru: { error: "ошибка", warning: "предупреждение", info: "информация" },
  en: { error: "error", warning: "warning", info: "info" },
};

/**
 * Write a checked copy of a workbook: computed values filled into the computed cells (a formula
 * keeps its formula and gets the value as its cached result; a blank computed cell gets the
 * value; a value typed over a computed cell is left as the user typed it), each flagged cell
 * annotated with a note, and a findings sheet with links to the cells. The input file is only
 * read, never written; an existing output file is never replaced (EEXIST).
 */
export async function writeCheckedCopy(inputPath: string, outputPath: string, result: WorkbookResult, lang: Lang): Promise<void> {
  if ((await fs.realpath(inputPath).catch(() => inputPath)) === (await fs.realpath(outputPath).catch(() => outputPath)))
    throw new Error("the checked copy must not overwrite the input file");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(inputPath);
  keepPrintAreasAbsolute(wb);
  for (const form of result.forms) {
    const ws = wb.getWorksheet(form.sheet);
    if (!ws) continue;
    fitRowHeights(ws, form.prepared.doc);
    for (const [id, address] of Object.entries(form.computedCells)) {
      if (!address) continue;
      const value = form.computed[id]?.value ?? null;
      const cell = ws.getCell(address);
      const v = cell.value as ExcelJS.CellValue;
      if (v && typeof v === "object" && "formula" in (v as object))
        cell.value = { formula: (v as ExcelJS.CellFormulaValue).formula, result: value ?? "" } as ExcelJS.CellFormulaValue;
      else if (v === null || v === undefined || v === "") cell.value = value;
    }
    // Per-row computed columns: each formula cell gets the core's value as its result.
    const doc = form.prepared.doc;
    for (const [col, values] of Object.entries(form.prepared.rowComputed)) {
      const c = doc.columns[col];
      if (c === undefined) continue;
      for (const [i, r] of values) {
        const cell = ws.getCell(doc.rows[i].sheetRow + 1, c + 1);
        const v = cell.value as ExcelJS.CellValue;
        if (v && typeof v === "object" && "formula" in (v as object))
          cell.value = { formula: (v as ExcelJS.CellFormulaValue).formula, result: (r.text !== undefined ? r.text : r.value) ?? "" } as ExcelJS.CellFormulaValue;
      }
    }
    const byCell = new Map<string, Finding[]>();
    for (const f of form.findings) if (f.cell) byCell.set(f.cell, [...(byCell.get(f.cell) ?? []), f]);
    for (const [address, list] of byCell) {
      list.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
      ws.getCell(address).note = list.map((f) => `[${SEVERITY_WORDS[lang][f.severity]} ${f.rule}] ${pick(f.message, lang)}`).join("\n\n");
    }
  }
  const existing = wb.getWorksheet(FINDINGS_SHEET[lang]);
  if (existing) wb.removeWorksheet(existing.id);
  const sheet = wb.addWorksheet(FINDINGS_SHEET[lang]);
  sheet.addRow(HEADINGS[lang]).font = { bold: true };
  [12, 34, 22, 8, 90, 50].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  for (const form of result.forms)
    for (const f of form.findings) {
      const row = sheet.addRow([SEVERITY_WORDS[lang][f.severity], f.rule, f.sheet, f.cell ?? "", pick(f.message, lang), citation(f, lang).text]);
      row.alignment = { wrapText: true, vertical: "top" };
      if (f.cell) row.getCell(4).value = { text: f.cell, hyperlink: `#${quoteSheet(f.sheet)}!${f.cell}` };
    }
  if (result.catalogVersion && result.forms[0]) recordCatalogVersion(wb, result.catalogVersion, result.forms[0].sheet);
  // "wx": never over an existing file — an input of the call, an earlier copy, anyone's file.
  await fs.writeFile(outputPath, Buffer.from(await wb.xlsx.writeBuffer()), { flag: "wx" });
}

/** The catalog version the copy was checked with, as a defined name (replacing an earlier one). */
function recordCatalogVersion(wb: ExcelJS.Workbook, version: string, sheet: string): void {
  const model = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
  for (const n of model.filter((x) => isCatalogMark(x.name))) for (const r of n.ranges) wb.definedNames.remove(r, n.name);
  wb.definedNames.add(`${quoteSheet(sheet)}!$A$1`, catalogMarkName(version));
}

/**
 * Rows of a form whose wrapped text needs more than the row's height grow to fit it (Excel does
 * not autofit a file's rows when it opens it). Only rows at Excel's default height: a height set
 * in the file (by the user, or by the template build for its own text) is kept.
 */
function fitRowHeights(ws: ExcelJS.Worksheet, doc: FormDocument): void {
  for (const row of doc.rows) {
    const r = ws.getRow(row.sheetRow + 1);
    if (r.height !== undefined && r.height > DEFAULT_ROW_HEIGHT + 0.5) continue;
    const cells: WrappedCell[] = [];
    for (const c of Object.values(doc.columns)) {
      const cell = r.getCell(c + 1);
      if (cell.isMerged || !cell.alignment?.wrapText || !cell.text) continue;
      cells.push({ text: cell.text, width: ws.getColumn(c + 1).width ?? 8.43, fontPt: cell.font?.size ?? 11, bold: !!cell.font?.bold });
    }
    const h = rowHeightFor(cells);
    if (h > (r.height ?? DEFAULT_ROW_HEIGHT) + 0.5) r.height = h;
  }
}
