import type { Grid } from "../core/grid";
import { cellText } from "../core/grid";
import type { FormDocument } from "../core/document";
import { rowHeightFor, refitHeight, WrappedCell, DEFAULT_ROW_HEIGHT } from "../core/text-fit";
import type { OfficeRuntime } from "./runtime";

/** At most this many rows are refitted after one edit (a large paste keeps the heights it had). */
const MAX_ROWS = 200;

/** The wrapped cells of a form's row in a grid, with the widths the template builds its columns with. */
export function formRowCells(doc: FormDocument, grid: Grid, r: number): WrappedCell[] {
  const out: WrappedCell[] = [];
  for (const def of doc.template.table.columns) {
    const c = doc.columns[def.id];
    if (c === undefined) continue;
    const v = grid.values[r]?.[c];
    if (v === null || v === undefined) continue;
    out.push({ text: cellText(v), width: def.width ?? 14, fontPt: def.helper ? 9 : 11 });
  }
  return out;
}

/**
 * After a live edit: give the edited data rows of a form the height their wrapped text needs
 * (Excel does not grow a row whose height was set, as a built template's rows are). Rows whose
 * height the user set by hand are kept (see refitHeight). Nothing is read from Excel unless an
 * edited row needs, or needed, more than one line; then one read and one write.
 */
export async function refitEditedRows(rt: OfficeRuntime, sheetId: string, doc: FormDocument, rows: number[], before: Grid, after: Grid): Promise<number> {
  const first = doc.dataStart ?? (doc.headerRow ?? 0) + 1;
  const want = rows
    .filter((r) => r >= first)
    .slice(0, MAX_ROWS)
    .map((r) => ({ r, before: rowHeightFor(formRowCells(doc, before, r)), after: rowHeightFor(formRowCells(doc, after, r)) }))
    // Only a change of the lines the text needs moves a row: other edits cost no round trip.
    .filter((x) => x.before !== x.after && (x.before > DEFAULT_ROW_HEIGHT || x.after > DEFAULT_ROW_HEIGHT));
  if (want.length === 0) return 0;
  return rt.run({ delayForCellEdit: true }, async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(sheetId);
    const ranges = want.map((x) => ({ ...x, range: ws.getRangeByIndexes(x.r, 0, 1, 1).getEntireRow().load("format/rowHeight") }));
    await ctx.sync();
    let changed = 0;
    for (const x of ranges) {
      const h = refitHeight(x.range.format.rowHeight, x.before, x.after);
      if (h === null) continue;
      x.range.format.rowHeight = h;
      changed++;
    }
    if (changed) await ctx.sync();
    return changed;
  });
}

/** A copy of some rows of a grid (at their sheet rows), taken before a live patch changes them. */
export function copyRows(grid: Grid, rows: number[]): Grid {
  const values: Grid["values"] = [];
  for (const r of rows) values[r] = [...(grid.values[r] ?? [])];
  return { sheet: grid.sheet, values };
}
