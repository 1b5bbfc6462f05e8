import type { Template } from "../core/template/types";
import type { FormDocument } from "../core/document";
import type { FormulaContext } from "../core/computed";
import { parseForm } from "../core/parse";
import { keptName, parseBindings } from "../core/workbook";
import { CARRIED_SHEET, CARRIED_WIDTHS, carriedSheetHead, planUpgrade, upgradedSheetName } from "../core/migrate";
import { columnLetter, type CellScalar } from "../core/grid";
import { gridFromArrays, rangeOrigin } from "./grid-convert";
import { applyPlanThroughApi, MISREAD } from "./insert";
import type { OfficeRuntime } from "./runtime";

/**
 * The pane's Upgrade of one form sheet to a newer version of its template, through Office.js.
 * The core (src/core/migrate.ts, planUpgrade) decides everything — the new sheet as the one
 * renderer plans it, filled with the old form's values mapped by the template's `migrations`,
 * and the carried-over rows; this adapter only reads the sheet and applies the plan:
 *  - sync 1: the sheet list, the names and the old sheet's used range (read fresh, so a value
 *    typed a moment ago moves too);
 *  - sync 2, only when values are carried over and the carried-over sheet already exists: its
 *    used range, to append below it;
 *  - last sync: the new sheet right after the old one (values, formulas, styles, lists, print
 *    setup, binding), the carried-over rows, and a `_JOSPAR_KEPT` name marking the old sheet as
 *    kept — all in one batch.
 * The old sheet is neither deleted nor changed (not even renamed: formulas of other sheets that
 * read it keep reading it); the kept mark only tells the checker it is no longer a form to check.
 */
export interface Upgraded {
  oldSheet: string;
  newSheet: string;
  newSheetId: string;
  from: string;
  to: string;
  /** Values the new version has no place for, listed on the carried-over sheet. */
  carried: number;
  carriedSheetId: string | null;
}

export interface UpgradeRequest {
  /** The old sheet, by id (a rename since the last check does not matter). */
  sheetId: string;
  /** The template the sheet was checked with (the old version). */
  from: Template;
  to: Template;
  /** The other forms of the workbook as last checked (formulas of a family's form point at them). */
  others?: FormulaContext;
  params?: Record<string, unknown>;
}

function nextIndex(names: { name: string }[]): number {
  let k = 0;
  for (const n of names) {
    const m = /^_JOSPAR(?:_KEPT)?\.(\d+)\./i.exec(n.name);
    if (m) k = Math.max(k, Number(m[1]));
  }
  return k + 1;
}

const asText = (v: CellScalar): string | number | boolean => (v === null ? "" : typeof v === "string" && MISREAD.test(v) ? `'${v}` : v);

export async function upgradeSheet(rt: OfficeRuntime, req: UpgradeRequest): Promise<Upgraded> {
  return rt.run({ delayForCellEdit: true }, async (ctx) => {
    const wb = ctx.workbook;
    const sheets = wb.worksheets.load("items/id,items/name,items/position");
    const names = wb.names.load("items/name,items/formula,items/type");
    const used = wb.worksheets.getItem(req.sheetId).getUsedRangeOrNullObject().load("address,values,formulas,numberFormat");
    await ctx.sync();
    const found = sheets.items.find((s) => s.id === req.sheetId);
    if (!found) throw new Error(`the sheet ${req.sheetId} is gone`);
    const old = { name: found.name, position: found.position };

    const grid = used.isNullObject ? { sheet: old.name, values: [], formulas: [] } : gridFromArrays(old.name, rangeOrigin(used.address), used.values, used.formulas, used.numberFormat);
    const doc: FormDocument = parseForm(grid, req.from);
    const list = names.items.map((n) => ({ name: n.name, formula: n.formula }));
    if (parseBindings(list).some((b) => b.sheet === old.name && b.kept)) throw new Error(`«${old.name}» was upgraded already`);
    const k = nextIndex(list);
    const newName = upgradedSheetName(old.name, req.to.version, sheets.items.map((s) => s.name));
    const plan = planUpgrade(doc, grid, req.to, { sheetName: newName, index: k, formulas: req.others, params: req.params });

    // The carried-over sheet: appended to when it exists (its used range read first), else made.
    const existing = sheets.items.find((s) => s.name === CARRIED_SHEET);
    let carriedStart = 0;
    if (plan.carriedRows.length && existing) {
      const last = existing.getUsedRangeOrNullObject(true).load("rowIndex,rowCount");
      await ctx.sync();
      carriedStart = last.isNullObject ? 0 : last.rowIndex + last.rowCount;
    }

    const triggerSource = rt.isSetSupported("ExcelApi", "1.14");
    if (!triggerSource) ctx.runtime.enableEvents = false; // the add-in's own writes are not edits
    ctx.application.suspendApiCalculationUntilNextSync();
    const ws = wb.worksheets.add(newName);
    ws.position = old.position + 1;
    ws.load("id");
    applyPlanThroughApi(wb, ws, plan.sheet, rt.isSetSupported("ExcelApi", "1.9"));
    wb.names.add(keptName(k, req.from), wb.worksheets.getItem(req.sheetId).getRange("A1"));
    let carriedSheet: Excel.Worksheet | null = null;
    if (plan.carriedRows.length) {
      carriedSheet = existing ? wb.worksheets.getItem(existing.id) : wb.worksheets.add(CARRIED_SHEET);
      carriedSheet.load("id");
      const rows = existing ? plan.carriedRows : [...carriedSheetHead(), ...plan.carriedRows];
      const width = Math.max(...rows.map((r) => r.length));
      const block = carriedSheet.getRange(`A${carriedStart + 1}:${columnLetter(width - 1)}${carriedStart + rows.length}`);
      block.values = rows.map((r) => Array.from({ length: width }, (_, c) => asText(r[c] ?? null)));
      if (!existing) {
        carriedSheet.getRange("A1:A2").getEntireRow().format.font.bold = true;
        CARRIED_WIDTHS.forEach((w, c) => (carriedSheet!.getRange(`${columnLetter(c)}1`).getEntireColumn().format.columnWidth = w * 5.6));
      }
    }
    ws.activate();
    if (!triggerSource) ctx.runtime.enableEvents = true;
    await ctx.sync();
    return {
      oldSheet: old.name,
      newSheet: newName,
      newSheetId: ws.id,
      from: req.from.version,
      to: req.to.version,
      carried: plan.carried.length,
      carriedSheetId: carriedSheet ? carriedSheet.id : null,
    };
  });
}
