/** A1 address arithmetic for the fake. Rows and columns are 0-based, rectangles inclusive. */

import { officeError } from "./errors";

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface AbsFlags {
  r0: boolean;
  c0: boolean;
  r1: boolean;
  c1: boolean;
}

export interface ParsedRef {
  sheet?: string;
  rect: Rect;
  abs: AbsFlags;
}

export function rect(r0: number, c0: number, r1 = r0, c1 = c0): Rect {
  return { r0, c0, r1, c1 };
}

export function rowCount(r: Rect): number {
  return r.r1 - r.r0 + 1;
}
export function colCount(r: Rect): number {
  return r.c1 - r.c0 + 1;
}
export function cellCount(r: Rect): number {
  return rowCount(r) * colCount(r);
}
export function isEntireColumns(r: Rect): boolean {
  return r.r0 === 0 && r.r1 === MAX_ROWS - 1;
}
export function isEntireRows(r: Rect): boolean {
  return r.c0 === 0 && r.c1 === MAX_COLS - 1;
}
export function contains(outer: Rect, row: number, col: number): boolean {
  return row >= outer.r0 && row <= outer.r1 && col >= outer.c0 && col <= outer.c1;
}
export function intersect(a: Rect, b: Rect): Rect | null {
  const r0 = Math.max(a.r0, b.r0);
  const c0 = Math.max(a.c0, b.c0);
  const r1 = Math.min(a.r1, b.r1);
  const c1 = Math.min(a.c1, b.c1);
  return r0 <= r1 && c0 <= c1 ? { r0, c0, r1, c1 } : null;
}
export function boundingRect(a: Rect, b: Rect): Rect {
  return {
    r0: Math.min(a.r0, b.r0),
    c0: Math.min(a.c0, b.c0),
    r1: Math.max(a.r1, b.r1),
    c1: Math.max(a.c1, b.c1),
  };
}
/** a minus b, as up to four disjoint rectangles. */
export function subtract(a: Rect, b: Rect): Rect[] {
  const i = intersect(a, b);
  if (!i) return [a];
  const out: Rect[] = [];
  if (a.r0 < i.r0) out.push({ r0: a.r0, c0: a.c0, r1: i.r0 - 1, c1: a.c1 });
  if (i.r1 < a.r1) out.push({ r0: i.r1 + 1, c0: a.c0, r1: a.r1, c1: a.c1 });
  if (a.c0 < i.c0) out.push({ r0: i.r0, c0: a.c0, r1: i.r1, c1: i.c0 - 1 });
  if (i.c1 < a.c1) out.push({ r0: i.r0, c0: i.c1 + 1, r1: i.r1, c1: a.c1 });
  return out;
}
export function rectsEqual(a: Rect, b: Rect): boolean {
  return a.r0 === b.r0 && a.c0 === b.c0 && a.r1 === b.r1 && a.c1 === b.c1;
}
export function validRect(r: Rect): boolean {
  return r.r0 >= 0 && r.c0 >= 0 && r.r1 < MAX_ROWS && r.c1 < MAX_COLS && r.r0 <= r.r1 && r.c0 <= r.c1;
}

export function colToLetters(col: number): string {
  let n = col + 1;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function lettersToCol(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function cellAddress(row: number, col: number, absolute = false): string {
  return absolute ? `$${colToLetters(col)}$${row + 1}` : `${colToLetters(col)}${row + 1}`;
}

/** Excel's own rendering: "A1", "A1:B2", "A:B" (entire columns), "1:2" (entire rows and whole sheet). */
export function formatRect(r: Rect, absolute = false): string {
  const d = absolute ? "$" : "";
  if (isEntireRows(r)) return `${d}${r.r0 + 1}:${d}${r.r1 + 1}`;
  if (isEntireColumns(r)) return `${d}${colToLetters(r.c0)}:${d}${colToLetters(r.c1)}`;
  const a = cellAddress(r.r0, r.c0, absolute);
  if (r.r0 === r.r1 && r.c0 === r.c1) return a;
  return `${a}:${cellAddress(r.r1, r.c1, absolute)}`;
}

/** Like formatRect but keeps per-corner $ flags (for names given as text). */
export function formatRectWithFlags(r: Rect, abs: AbsFlags): string {
  const cell = (row: number, col: number, ar: boolean, ac: boolean) =>
    `${ac ? "$" : ""}${colToLetters(col)}${ar ? "$" : ""}${row + 1}`;
  if (isEntireRows(r)) return `${abs.r0 ? "$" : ""}${r.r0 + 1}:${abs.r1 ? "$" : ""}${r.r1 + 1}`;
  if (isEntireColumns(r)) return `${abs.c0 ? "$" : ""}${colToLetters(r.c0)}:${abs.c1 ? "$" : ""}${colToLetters(r.c1)}`;
  const a = cell(r.r0, r.c0, abs.r0, abs.c0);
  if (r.r0 === r.r1 && r.c0 === r.c1) return a;
  return `${a}:${cell(r.r1, r.c1, abs.r1, abs.c1)}`;
}

const CELL_LIKE = /^(?:[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*(?:[Cc][0-9]*)?|[Cc][0-9]*)$/;
const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_.]*$/u;

/**
 * Quote a sheet name the way Excel writes it in addresses: names made only of letters (any script),
 * digits, "_" and "." that do not start with a digit and do not look like a cell reference stay bare
 * (`Sheet1!A1`, `Лист1!A1`), anything else is quoted with inner apostrophes doubled
 * (`'Операциялық жоспар'!A1`, `'2024'!A1`).
 */
export function quoteSheetName(name: string): string {
  if (PLAIN_NAME.test(name) && !CELL_LIKE.test(name)) return name;
  return `'${name.replace(/'/g, "''")}'`;
}

/** Split "Sheet1!A1:B2" / "'My sheet'!A1" into sheet and local part. */
export function splitSheet(ref: string): { sheet?: string; local: string } {
  const s = ref.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < s.length) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += s[i];
      i++;
    }
    if (s[i] === "'" && s[i + 1] === "!") return { sheet: name, local: s.slice(i + 2) };
    return { local: s };
  }
  const bang = s.lastIndexOf("!");
  if (bang > 0) return { sheet: s.slice(0, bang), local: s.slice(bang + 1) };
  return { local: s };
}

const CELL_RE = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)$/;
const COL_RE = /^(\$?)([A-Za-z]{1,3})$/;
const ROW_RE = /^(\$?)([0-9]+)$/;

/** Parse a local A1 reference ("A1", "$A$1:B2", "A:C", "3:5"). Returns null if it is not one. */
export function parseLocalRef(local: string): { rect: Rect; abs: AbsFlags } | null {
  const parts = local.trim().split(":");
  if (parts.length < 1 || parts.length > 2) return null;
  const [p, q] = [parts[0], parts[1] ?? parts[0]];
  let m1 = CELL_RE.exec(p);
  let m2 = CELL_RE.exec(q);
  if (m1 && m2) {
    const c0 = lettersToCol(m1[2]);
    const r0 = Number(m1[4]) - 1;
    const c1 = lettersToCol(m2[2]);
    const r1 = Number(m2[4]) - 1;
    const r = { r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) };
    if (!validRect(r)) return null;
    return { rect: r, abs: { c0: m1[1] === "$", r0: m1[3] === "$", c1: m2[1] === "$", r1: m2[3] === "$" } };
  }
  if (parts.length !== 2) return null;
  m1 = COL_RE.exec(p);
  m2 = COL_RE.exec(q);
  if (m1 && m2) {
    const c0 = lettersToCol(m1[2]);
    const c1 = lettersToCol(m2[2]);
    const r = { r0: 0, r1: MAX_ROWS - 1, c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
    if (!validRect(r)) return null;
    return { rect: r, abs: { c0: m1[1] === "$", c1: m2[1] === "$", r0: false, r1: false } };
  }
  m1 = ROW_RE.exec(p);
  m2 = ROW_RE.exec(q);
  if (m1 && m2) {
    const r0 = Number(m1[2]) - 1;
    const r1 = Number(m2[2]) - 1;
    const r = { r0: Math.min(r0, r1), r1: Math.max(r0, r1), c0: 0, c1: MAX_COLS - 1 };
    if (!validRect(r)) return null;
    return { rect: r, abs: { r0: m1[1] === "$", r1: m2[1] === "$", c0: false, c1: false } };
  }
  return null;
}

export function parseRef(ref: string): ParsedRef | null {
  const { sheet, local } = splitSheet(ref);
  const p = parseLocalRef(local);
  if (!p) return null;
  return { sheet, rect: p.rect, abs: p.abs };
}

export function parseRefOrThrow(ref: string, location: string): ParsedRef {
  const p = parseRef(ref);
  if (!p) throw officeError("InvalidArgument", undefined, location);
  return p;
}

/** Full sheet-qualified address as Range.address returns it. */
export function qualifiedAddress(sheetName: string, r: Rect, absolute = false): string {
  return `${quoteSheetName(sheetName)}!${formatRect(r, absolute)}`;
}
