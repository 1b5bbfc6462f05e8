import type { CellValue, Grid } from "../core/grid";
import { excelSerialToISO } from "../core/dates";

/**
 * Office.js range arrays → the core's Grid, shaped exactly as the ExcelJS adapter shapes it
 * (src/xlsx/read.ts), so both adapters give the parser the same thing:
 *  - empty cells ("") are null and trailing empty cells/rows are dropped;
 *  - error values are { error } (Excel's error literals; a text that merely looks like one
 *    can only be stored with a leading apostrophe, which Office.js returns as text too — rare);
 *  - numbers shown with a date format become ISO dates (ExcelJS hands dates over as Date);
 *  - formulas keep their "=" and sit in `formulas`, only where a cell has one.
 */
const ERROR_LITERALS = new Set([
  "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
  "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
]);

/** Whether a number format shows a date (d, m, y outside quotes, brackets and escapes; not an elapsed time). */
export function isDateFormat(fmt: unknown): boolean {
  if (typeof fmt !== "string" || fmt === "" || fmt === "General" || fmt === "@") return false;
  const section = fmt.split(";")[0];
  const bare = section
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[(?!\$-)[^\]]*\]/g, "")
    .replace(/\[\$-[^\]]*\]/g, "");
  return /[dy]/i.test(bare) || (/m/i.test(bare) && !/[hs]/i.test(bare));
}

export function toCellValue(v: unknown, fmt: unknown): CellValue {
  if (v === "" || v === null || v === undefined) return null;
  if (typeof v === "string") return ERROR_LITERALS.has(v) ? { error: v } : v;
  if (typeof v === "number") {
    if (isDateFormat(fmt) && Number.isInteger(v) && v > 0) return excelSerialToISO(v) ?? v;
    return v;
  }
  if (typeof v === "boolean") return v;
  return String(v);
}

/**
 * Build a grid from the arrays of a range whose top-left cell is (row0, col0) on the sheet.
 * `into` lets a live re-read patch rows of an earlier grid in place.
 */
export function gridFromArrays(
  sheet: string,
  origin: { row: number; col: number },
  values: unknown[][],
  formulas: unknown[][] | undefined,
  numberFormat: unknown[][] | undefined,
  into?: Grid,
): Grid {
  const grid: Grid = into ?? { sheet, values: [], formulas: [] };
  grid.sheet = sheet;
  const fg = (grid.formulas ??= []);
  for (let i = 0; i < values.length; i++) {
    const r = origin.row + i;
    const src = values[i] ?? [];
    const row: CellValue[] = (grid.values[r] ??= []);
    let frow = fg[r];
    for (let j = 0; j < src.length; j++) {
      const c = origin.col + j;
      const f = formulas?.[i]?.[j];
      const isFormula = typeof f === "string" && f.startsWith("=");
      row[c] = toCellValue(src[j], numberFormat?.[i]?.[j]);
      if (isFormula) (frow ??= fg[r] = [])[c] = f as string;
      else if (frow && frow[c] !== undefined) frow[c] = null;
    }
  }
  // Patching a kept grid (a live re-read of a few rows): only the rows written can have changed.
  return into ? trimGrid(grid, origin.row, origin.row + values.length - 1) : trimGrid(grid);
}

/**
 * Drop trailing nulls of each row (of rows `from`–`to` only, when given), trailing empty rows,
 * and formula rows with nothing in them.
 */
export function trimGrid(grid: Grid, from = 0, to = Infinity): Grid {
  for (let r = 0; r < grid.values.length; r++) {
    const row = grid.values[r];
    if (!row) grid.values[r] = [];
    else if (r >= from && r <= to) {
      let n = row.length;
      while (n > 0 && (row[n - 1] === null || row[n - 1] === undefined)) n--;
      if (n !== row.length) row.length = n;
    }
  }
  let h = grid.values.length;
  while (h > 0 && grid.values[h - 1].length === 0) h--;
  grid.values.length = h;
  if (grid.formulas) {
    for (let r = Math.max(0, from); r < Math.min(grid.formulas.length, to + 1); r++) {
      const row = grid.formulas[r];
      if (!row) continue;
      let n = row.length;
      while (n > 0 && (row[n - 1] === null || row[n - 1] === undefined)) n--;
      if (n === 0) delete grid.formulas[r];
      else row.length = n;
    }
    let fh = grid.formulas.length;
    while (fh > 0 && !grid.formulas[fh - 1]) fh--;
    grid.formulas.length = fh;
  }
  return grid;
}

/** "'My sheet'!B2:K50" → its top-left corner and size; "Sheet1!A1" for an empty sheet. */
export function rangeOrigin(address: string): { row: number; col: number } {
  const bare = address.slice(address.lastIndexOf("!") + 1).split(":")[0];
  const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(bare);
  if (!m) return { row: 0, col: 0 };
  let c = 0;
  for (const ch of m[1].toUpperCase()) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: c - 1 };
}
