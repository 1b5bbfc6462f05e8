import type { Grid } from "../core/grid";
import { columnLetter } from "../core/grid";
import { REVIEW_HEADER, REVIEW_SHEET } from "../core/review";
import { gridFromArrays, rangeOrigin } from "./grid-convert";
import type { OfficeRuntime, RunOptions } from "./runtime";

/**
 * The reviewers' log on the Office.js side: the very hidden sheet `_JOSPAR_REVIEW` (see
 * src/core/review.ts). A full check reads it in the forms' own batch (port.ts); on its own (after
 * an append) it costs one sync when the workbook has no log, two when it has one (a null object is
 * only known after a sync). Appending is two syncs: find the sheet and its last
 * row, then create it if needed (very hidden, with its headings) and write the rows as text.
 */
export async function readReviewGrid(rt: OfficeRuntime, runOptions: RunOptions = {}): Promise<{ grid: Grid; sheetId: string } | null> {
  return rt.run(runOptions, async (context) => {
    const ws = context.workbook.worksheets.getItemOrNullObject(REVIEW_SHEET);
    ws.load("id");
    await context.sync();
    if (ws.isNullObject) return null;
    const used = ws.getUsedRangeOrNullObject(true);
    used.load("address,values");
    await context.sync();
    return { grid: reviewGridOf(used), sheetId: ws.id };
  });
}

/** The log's used range (loaded: address, values) as a grid; every cell is text. */
export function reviewGridOf(used: Excel.Range): Grid {
  const grid: Grid = { sheet: REVIEW_SHEET, values: [], formulas: [], merges: [] };
  if (!used.isNullObject) gridFromArrays(REVIEW_SHEET, rangeOrigin(used.address), used.values, [], [], grid);
  return grid;
}

/** Append log rows (review.ts acceptanceRow / withdrawalRow) below the ones the sheet holds. */
export async function appendReviewRows(rt: OfficeRuntime, rows: string[][]): Promise<void> {
  if (rows.length === 0) return;
  await rt.run({}, async (context) => {
    let ws = context.workbook.worksheets.getItemOrNullObject(REVIEW_SHEET);
    await context.sync();
    let next: number;
    let block = rows;
    if (ws.isNullObject) {
      ws = context.workbook.worksheets.add(REVIEW_SHEET);
      ws.visibility = "VeryHidden" as Excel.SheetVisibility;
      block = [REVIEW_HEADER, ...rows];
      next = 1;
    } else {
      const used = ws.getUsedRangeOrNullObject(true);
      used.load("rowCount,rowIndex");
      await context.sync();
      next = used.isNullObject ? 1 : used.rowIndex + used.rowCount + 1;
      // A tool that unhid the log does not get to keep it in view.
      ws.visibility = "VeryHidden" as Excel.SheetVisibility;
    }
    const width = REVIEW_HEADER.length;
    const range = ws.getRange(`A${next}:${columnLetter(width - 1)}${next + block.length - 1}`);
    range.numberFormat = block.map((r) => r.map(() => "@"));
    range.values = block.map((r) => [...r, ...Array(Math.max(0, width - r.length)).fill("")].slice(0, width));
    await context.sync();
  });
}
