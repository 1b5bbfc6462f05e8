/**
 * A sheet as plain data: the one shape every workbook adapter (Office.js, ExcelJS) reads into
 * and the parser reads from. Row and column indexes are 0-based; addresses are A1 text.
 */
export type CellScalar = string | number | boolean | null;

/** An Excel error value (#DIV/0!, #REF!, …) kept apart from text so it is never mistaken for data. */
export interface CellError {
  error: string;
}

export type CellValue = CellScalar | CellError;

export interface Grid {
  sheet: string;
  /** values[r][c]; rows may be ragged, missing cells are empty. */
  values: CellValue[][];
  /** Formulas where a cell holds one (en-US, with leading "="), same indexing as values. */
  formulas?: (string | null)[][];
  /** Merged ranges as A1 addresses ("A1:F1"). */
  merges?: string[];
  /** Number formats where known (used to tell a date serial from a plain number). */
  numberFormats?: (string | null)[][];
  /**
   * The workbook counts dates from 1904 (Excel for Mac's old system, `<workbookPr date1904="1"/>`):
   * a plain serial number in a date cell is days since 1904-01-01, not since 1900.
   */
  date1904?: boolean;
}

export function isCellError(v: unknown): v is CellError {
  return typeof v === "object" && v !== null && "error" in v;
}

export function cellAt(grid: Grid, r: number, c: number): CellValue {
  const row = grid.values[r];
  if (!row) return null;
  const v = row[c];
  return v === undefined ? null : v;
}

export function formulaAt(grid: Grid, r: number, c: number): string | null {
  return grid.formulas?.[r]?.[c] ?? null;
}

export function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

export function gridWidth(grid: Grid): number {
  let w = 0;
  for (const row of grid.values) if (row && row.length > w) w = row.length;
  return w;
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetter(c: number): string {
  let s = "";
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function a1(r: number, c: number): string {
  return `${columnLetter(c)}${r + 1}`;
}

/** "B12" → {r: 11, c: 1}; accepts "$B$12". */
export function parseA1(address: string): { r: number; c: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address.trim());
  if (!m) throw new Error(`Not a cell address: ${address}`);
  return { r: Number(m[2]) - 1, c: columnIndex(m[1]) };
}

/** "A1:F3" → corners; a single cell gives equal corners. Sheet prefix is ignored. */
export function parseRange(address: string): { r1: number; c1: number; r2: number; c2: number } {
  const bare = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const [a, b] = bare.split(":");
  const p = parseA1(a);
  const q = b ? parseA1(b) : p;
  return { r1: Math.min(p.r, q.r), c1: Math.min(p.c, q.c), r2: Math.max(p.r, q.r), c2: Math.max(p.c, q.c) };
}

/** Quote a sheet name for a reference, as Excel does for names with spaces or non-ASCII letters. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Text of a cell for matching and messages. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return "";
  if (isCellError(v)) return v.error;
  return String(v).trim();
}
