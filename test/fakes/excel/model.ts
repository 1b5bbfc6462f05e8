/**
 * The in-memory workbook behind the fake: sheets with sparse cell maps, formats, protection,
 * conditional formats, data validation and defined names. No Office.js semantics here
 * (queueing, loading, events live in runtime.ts / host.ts).
 */

import { defaultPageLayout, type PageLayoutState } from "./page-layout";
import {
  AbsFlags,
  MAX_COLS,
  MAX_ROWS,
  Rect,
  cellAddress,
  cellCount,
  contains,
  formatRect,
  formatRectWithFlags,
  intersect,
  isEntireColumns,
  isEntireRows,
  parseRef,
  quoteSheetName,
  subtract,
} from "./address";
import { SHAPE_MISMATCH_MESSAGE as SHAPE_MISMATCH, officeError } from "./errors";

export type Scalar = string | number | boolean;
/** Value of a cell as the fake stores it: null means empty (Range.values reports it as ""). */
export type CellValue = Scalar | null;

export type FmtMap = Record<string, unknown>;

export interface CellData {
  /** Constant value, or the cached value of a formula cell (null: empty / never calculated). */
  v: CellValue;
  /** True when v is an error value such as "#N/A". */
  err?: boolean;
  /** Formula text, always starting with "=". */
  f?: string;
  /** Explicit formats on this cell (override row, column and sheet formats). */
  fmt?: FmtMap;
}

export const ERROR_VALUES = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
]);

export const BORDER_EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "DiagonalDown", "DiagonalUp"] as const;

/** Defaults of a fresh Excel workbook (Calibri 11, no fill, General, locked). */
export const FMT_DEFAULTS: FmtMap = {
  fill: null,
  bold: false,
  italic: false,
  underline: "None",
  strikethrough: false,
  fontColor: "#000000",
  fontName: "Calibri",
  fontSize: 11,
  wrapText: false,
  horizontalAlignment: "General",
  verticalAlignment: "Bottom",
  indentLevel: 0,
  locked: true,
  formulaHidden: false,
  numberFormat: "General",
};
for (const e of BORDER_EDGES) {
  FMT_DEFAULTS[`border.${e}.style`] = "None";
  FMT_DEFAULTS[`border.${e}.color`] = "#000000";
  FMT_DEFAULTS[`border.${e}.weight`] = "Thin";
}

export const DEFAULT_COLUMN_WIDTH = 48; // points (8.43 characters of Calibri 11)
export const DEFAULT_ROW_HEIGHT = 15; // points

export interface ProtectionState {
  protected: boolean;
  options: Record<string, unknown>;
  password?: string;
}

export interface CondFormatState {
  id: string;
  type: string;
  areas: Rect[];
  stopIfTrue: boolean;
  /** custom: { formula }, cellValue: { formula1, formula2, operator }, containsText: { operator, text } ... */
  rule: Record<string, unknown>;
  format: {
    fillColor: string | null;
    fontColor: string | null;
    bold: boolean | null;
    italic: boolean | null;
    strikethrough: boolean | null;
    underline: string | null;
    numberFormat: string | null;
  };
}

export interface DataValidationState {
  id: string;
  areas: Rect[];
  rule: Record<string, unknown>;
  errorAlert: { showAlert: boolean; style: string; title: string; message: string };
  prompt: { showPrompt: boolean; title: string; message: string };
  ignoreBlanks: boolean;
}

export interface NameState {
  name: string;
  comment: string;
  visible: boolean;
  /** For references to ranges: the sheet by id, so the reference follows renames. */
  ref?: { sheetId: string; rect: Rect; abs: AbsFlags };
  /** The reference pointed to a sheet that was deleted: formula "=#REF!$A$1", value "#REF!". */
  refError?: { abs: AbsFlags; rect: Rect };
  /** Any other formula ("=\"text\"", "=1", "=SUM(...)"). */
  formula?: string;
}

export interface SelectionState {
  sheetId: string;
  rect: Rect;
}

export type FormulaEvaluator = (args: {
  formula: string;
  sheet: string;
  address: string;
  /** Value of another cell ("B2" on the same sheet or "Sheet2!B2"), evaluated recursively. */
  getValue: (ref: string) => CellValue;
}) => CellValue | undefined;

const key = (r: number, c: number) => r * MAX_COLS + c;
const rowOf = (k: number) => Math.floor(k / MAX_COLS);
const colOf = (k: number) => k % MAX_COLS;

export class SheetState {
  cells = new Map<number, CellData>();
  rowFmt = new Map<number, FmtMap>();
  colFmt = new Map<number, FmtMap>();
  sheetFmt: FmtMap = {};
  colWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  hiddenCols = new Set<number>();
  hiddenRows = new Set<number>();
  protection: ProtectionState = { protected: false, options: {} };
  merges: Rect[] = [];
  cfs: CondFormatState[] = [];
  dvs: DataValidationState[] = [];
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  tabColor = "";
  showGridlines = true;
  pageLayout: PageLayoutState = defaultPageLayout();
  deleted = false;
  constructor(
    public readonly id: string,
    public name: string,
  ) {}

  cell(r: number, c: number): CellData | undefined {
    return this.cells.get(key(r, c));
  }
  ensureCell(r: number, c: number): CellData {
    const k = key(r, c);
    let cell = this.cells.get(k);
    if (!cell) {
      cell = { v: null };
      this.cells.set(k, cell);
    }
    return cell;
  }
  /** Iterate stored cells inside rect (chooses the cheaper of scanning the rect or the map). */
  forEachStored(rect: Rect, fn: (r: number, c: number, cell: CellData) => void): void {
    if (cellCount(rect) <= this.cells.size * 2) {
      for (let r = rect.r0; r <= rect.r1; r++)
        for (let c = rect.c0; c <= rect.c1; c++) {
          const cell = this.cells.get(key(r, c));
          if (cell) fn(r, c, cell);
        }
    } else {
      for (const [k, cell] of this.cells) {
        const r = rowOf(k);
        const c = colOf(k);
        if (contains(rect, r, c)) fn(r, c, cell);
      }
    }
  }

  fmt(r: number, c: number, k: string): unknown {
    const cell = this.cells.get(key(r, c));
    let v = cell?.fmt?.[k];
    if (v !== undefined) return v;
    v = this.rowFmt.get(r)?.[k];
    if (v !== undefined) return v;
    v = this.colFmt.get(c)?.[k];
    if (v !== undefined) return v;
    v = this.sheetFmt[k];
    if (v !== undefined) return v;
    return FMT_DEFAULTS[k];
  }

  /** Set one format property over a rectangle, using row/column/sheet layers for entire rows/columns. */
  setFmt(rect: Rect, k: string, value: unknown): void {
    const rows = isEntireRows(rect);
    const cols = isEntireColumns(rect);
    const put = (m: FmtMap | undefined) => {
      if (m && m[k] !== undefined) m[k] = value;
    };
    if (rows && cols) {
      this.sheetFmt[k] = value;
      for (const m of this.rowFmt.values()) delete m[k];
      for (const m of this.colFmt.values()) delete m[k];
      for (const cell of this.cells.values()) if (cell.fmt) delete cell.fmt[k];
      return;
    }
    if (cols) {
      for (let c = rect.c0; c <= rect.c1; c++) {
        const m = this.colFmt.get(c) ?? {};
        m[k] = value;
        this.colFmt.set(c, m);
      }
      this.forEachStored(rect, (_r, _c, cell) => put(cell.fmt));
      // Row formats override column formats: materialize the intersections.
      for (const [r, m] of this.rowFmt)
        if (m[k] !== undefined)
          for (let c = rect.c0; c <= rect.c1; c++) {
            const cell = this.ensureCell(r, c);
            (cell.fmt ??= {})[k] = value;
          }
      return;
    }
    if (rows) {
      for (let r = rect.r0; r <= rect.r1; r++) {
        const m = this.rowFmt.get(r) ?? {};
        m[k] = value;
        this.rowFmt.set(r, m);
      }
      this.forEachStored(rect, (_r, _c, cell) => put(cell.fmt));
      return;
    }
    for (let r = rect.r0; r <= rect.r1; r++)
      for (let c = rect.c0; c <= rect.c1; c++) {
        const cell = this.ensureCell(r, c);
        (cell.fmt ??= {})[k] = value;
      }
  }

  /** Uniform value of a format property over rect, or null when cells differ (as Excel reports). */
  uniformFmt(rect: Rect, k: string): unknown {
    const n = cellCount(rect);
    if (n > 200000) {
      // Large areas: sample layers instead of every cell.
      const seen = new Set<string>();
      const add = (v: unknown) => seen.add(JSON.stringify(v));
      add(this.fmt(rect.r0, rect.c0, k));
      this.forEachStored(rect, (r, c) => add(this.fmt(r, c, k)));
      for (const [r] of this.rowFmt) if (r >= rect.r0 && r <= rect.r1) add(this.fmt(r, rect.c0, k));
      for (const [c] of this.colFmt) if (c >= rect.c0 && c <= rect.c1) add(this.fmt(rect.r0, c, k));
      return seen.size === 1 ? this.fmt(rect.r0, rect.c0, k) : null;
    }
    const first = this.fmt(rect.r0, rect.c0, k);
    for (let r = rect.r0; r <= rect.r1; r++)
      for (let c = rect.c0; c <= rect.c1; c++) if (this.fmt(r, c, k) !== first) return null;
    return first;
  }

  /** True if any cell of rect is locked (used for protection checks). */
  anyLocked(rect: Rect): boolean {
    if (cellCount(rect) <= 500000) {
      for (let r = rect.r0; r <= rect.r1; r++)
        for (let c = rect.c0; c <= rect.c1; c++) if (this.fmt(r, c, "locked") !== false) return true;
      return false;
    }
    let locked = false;
    this.forEachStored(rect, (r, c) => {
      if (this.fmt(r, c, "locked") !== false) locked = true;
    });
    if (locked) return true;
    for (const [r, m] of this.rowFmt) if (r >= rect.r0 && r <= rect.r1 && m.locked !== undefined && m.locked !== false) return true;
    for (let c = rect.c0; c <= rect.c1; c++) {
      const v = this.colFmt.get(c)?.locked ?? this.sheetFmt.locked ?? FMT_DEFAULTS.locked;
      if (v !== false) return true;
    }
    return false;
  }

  isCellUsed(cell: CellData, valuesOnly: boolean): boolean {
    if (cell.v !== null || cell.f) return true;
    if (valuesOnly) return false;
    return !!cell.fmt && Object.keys(cell.fmt).some((k) => cell.fmt![k] !== undefined);
  }

  usedRect(valuesOnly: boolean): Rect | null {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    for (const [k, cell] of this.cells) {
      if (!this.isCellUsed(cell, valuesOnly)) continue;
      const r = rowOf(k);
      const c = colOf(k);
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
    return r1 < 0 ? null : { r0, c0, r1, c1 };
  }

  clearContents(rect: Rect): void {
    this.forEachStored(rect, (_r, _c, cell) => {
      cell.v = null;
      delete cell.err;
      delete cell.f;
    });
  }

  clearFormats(rect: Rect): void {
    const full = (m: FmtMap) => {
      for (const k of Object.keys(m)) delete m[k];
    };
    if (isEntireRows(rect) && isEntireColumns(rect)) {
      this.sheetFmt = {};
      this.rowFmt.clear();
      this.colFmt.clear();
    } else if (isEntireColumns(rect)) {
      for (let c = rect.c0; c <= rect.c1; c++) this.colFmt.delete(c);
      // cells in rows that have row formats must explicitly reset to defaults
      for (const [r, m] of this.rowFmt)
        for (const k of Object.keys(m))
          for (let c = rect.c0; c <= rect.c1; c++) (this.ensureCell(r, c).fmt ??= {})[k] = FMT_DEFAULTS[k];
    } else if (isEntireRows(rect)) {
      for (let r = rect.r0; r <= rect.r1; r++) this.rowFmt.delete(r);
    }
    const layered = isEntireColumns(rect) || isEntireRows(rect);
    if (!layered) {
      // explicit defaults so that row/column/sheet formats no longer show through
      const keys = new Set<string>(Object.keys(this.sheetFmt));
      for (const m of this.rowFmt.values()) Object.keys(m).forEach((k) => keys.add(k));
      for (const m of this.colFmt.values()) Object.keys(m).forEach((k) => keys.add(k));
      this.forEachStored(rect, (_r, _c, cell) => cell.fmt && full(cell.fmt));
      if (keys.size)
        for (let r = rect.r0; r <= rect.r1; r++)
          for (let c = rect.c0; c <= rect.c1; c++) {
            const cell = this.ensureCell(r, c);
            for (const k of keys) (cell.fmt ??= {})[k] = FMT_DEFAULTS[k];
          }
    } else {
      this.forEachStored(rect, (_r, _c, cell) => cell.fmt && full(cell.fmt));
    }
    this.merges = this.merges.filter((m) => !intersect(m, rect));
  }

  mergedAreaAt(r: number, c: number): Rect | undefined {
    return this.merges.find((m) => contains(m, r, c));
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Values                                                                                     */
/* ------------------------------------------------------------------------------------------ */

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * What Excel stores when the API writes `input` to a cell (as if typed): "=..." is a formula,
 * a leading apostrophe forces text, numeric strings become numbers (unless the cell is formatted
 * as Text "@"), "TRUE"/"FALSE" become booleans and error literals become errors.
 */
export function parseInput(input: unknown, textFormat: boolean, location: string): CellData {
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw officeError("InvalidArgument", undefined, location);
    return { v: input };
  }
  if (typeof input === "boolean") return { v: input };
  if (typeof input !== "string") throw officeError("InvalidArgument", undefined, location);
  if (input === "") return { v: null };
  if (input.length > 1 && input[0] === "=") return { v: null, f: input };
  if (input[0] === "'") return input.length === 1 ? { v: null } : { v: input.slice(1) };
  if (textFormat) return { v: input };
  const t = input.trim();
  if (NUMERIC.test(t)) return { v: Number(t) };
  const up = t.toUpperCase();
  if (up === "TRUE") return { v: true };
  if (up === "FALSE") return { v: false };
  if (ERROR_VALUES.has(up)) return { v: up, err: true };
  return { v: input };
}

export function valueTypeOf(v: CellValue, err?: boolean): "Empty" | "String" | "Double" | "Boolean" | "Error" {
  if (v === null || v === "") return v === null ? "Empty" : "String";
  if (err) return "Error";
  if (typeof v === "number") return "Double";
  if (typeof v === "boolean") return "Boolean";
  return "String";
}

/* ------------------------------------------------------------------------------------------ */
/* Number formats (subset) for Range.text                                                     */
/* ------------------------------------------------------------------------------------------ */

function general(n: number): string {
  if (n === 0) return "0";
  const a = Math.abs(n);
  if (a >= 1e11 || a < 1e-9) {
    const [m, e] = n.toExponential(5).split("e");
    const mant = String(Number(m));
    const exp = Number(e);
    return `${mant}E${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(Number(n.toPrecision(10)));
}

function splitSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '"') q = !q;
    if (ch === "\\" && i + 1 < fmt.length) {
      cur += ch + fmt[++i];
      continue;
    }
    if (ch === ";" && !q) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function literalText(s: string): string {
  return s.replace(/\[[^\]]*\]/g, "").replace(/"([^"]*)"|\\(.)|_.|\*./g, (_m, a, b) => a ?? b ?? "");
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function formatDate(serial: number, sec: string): string {
  const ms = Math.round((serial - 25569) * 86400000);
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const M = d.getUTCMonth() + 1;
  const D = d.getUTCDate();
  const h = d.getUTCHours();
  const mi = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  const p2 = (x: number) => String(x).padStart(2, "0");
  let out = "";
  let lastWasHour = false;
  const f = sec.replace(/\[[^\]]*\]/g, "");
  let i = 0;
  while (i < f.length) {
    const rest = f.slice(i);
    const tok = /^(yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|"[^"]*"|\\.|.)/i.exec(rest)![0];
    const low = tok.toLowerCase();
    i += tok.length;
    if (low === "yyyy") out += Y;
    else if (low === "yy") out += p2(Y % 100);
    else if (low === "mmmm") out += MONTHS[M - 1];
    else if (low === "mmm") out += MONTHS[M - 1].slice(0, 3);
    else if (low === "mm") out += lastWasHour ? p2(mi) : p2(M);
    else if (low === "m") out += lastWasHour ? String(mi) : String(M);
    else if (low === "dd") out += p2(D);
    else if (low === "d") out += String(D);
    else if (low === "dddd" || low === "ddd") out += ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][d.getUTCDay()].slice(0, low === "ddd" ? 3 : undefined);
    else if (low === "hh") out += p2(h);
    else if (low === "h") out += String(h);
    else if (low === "ss") out += p2(s);
    else if (low === "s") out += String(s);
    else out += literalText(tok);
    if (low === "hh" || low === "h") lastWasHour = true;
    else if (/[a-z]/i.test(low)) lastWasHour = false;
  }
  return out;
}

function formatWithSection(n: number, sec: string): string {
  const plain = sec.replace(/"[^"]*"|\\./g, (m) => "\u0000".repeat(m.length));
  if (/[ymdhs]/i.test(plain.replace(/\[[^\]]*\]/g, "")) && !/[0#?]/.test(plain.replace(/\[[^\]]*\]/g, "")))
    return formatDate(n, sec);
  const core = /[#0?,]*[#0?](?:[#0?,]*)(?:\.[#0?]*)?(?:[eE][+-][0#]+)?|\.[#0?]+/.exec(plain);
  if (!core) return literalText(sec);
  const prefix = literalText(sec.slice(0, core.index));
  const suffix = literalText(sec.slice(core.index + core[0].length));
  let pattern = core[0];
  let x = n;
  if (/%/.test(plain)) x *= 100;
  const exp = /[eE][+-]([0#]+)$/.exec(pattern);
  if (exp) {
    pattern = pattern.slice(0, exp.index);
    const decs = (pattern.split(".")[1] ?? "").length;
    const [m, e] = x.toExponential(decs).split("e");
    const en = Number(e);
    return `${prefix}${m}E${en < 0 ? "-" : "+"}${String(Math.abs(en)).padStart(exp[1].length, "0")}${suffix}`;
  }
  // trailing commas scale by 1000
  while (pattern.endsWith(",")) {
    pattern = pattern.slice(0, -1);
    x /= 1000;
  }
  const [intPat, decPat = ""] = pattern.split(".");
  const minDec = (decPat.match(/0/g) ?? []).length;
  const maxDec = decPat.length;
  let s = Math.abs(x).toFixed(maxDec);
  if (maxDec > minDec) {
    const [i, d = ""] = s.split(".");
    let dd = d;
    while (dd.length > minDec && dd.endsWith("0")) dd = dd.slice(0, -1);
    s = dd ? `${i}.${dd}` : i;
  }
  const parts = s.split(".");
  let ip = parts[0];
  const dp = parts[1];
  const minInt = (intPat.replace(/,/g, "").match(/0/g) ?? []).length;
  if (ip === "0" && minInt === 0) ip = "";
  ip = ip.padStart(minInt, "0");
  if (intPat.includes(",")) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const body = dp !== undefined ? `${ip}.${dp}` : ip;
  return `${x < 0 ? "-" : ""}${prefix}${body}${suffix}`;
}

/** Range.text for one cell (subset of Excel number formats: General, 0, 0.00, #,##0.00, %, E, dates, literals). */
export function formatText(v: CellValue, err: boolean | undefined, numberFormat: string): string {
  if (v === null) return "";
  if (err) return String(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string") {
    const secs = splitSections(numberFormat);
    if (secs.length >= 4 && secs[3].includes("@")) return literalText(secs[3]).replace("@", v);
    return v;
  }
  const fmt = numberFormat || "General";
  if (fmt === "General" || fmt === "@") return general(v);
  const secs = splitSections(fmt);
  if (v < 0 && secs.length > 1 && secs[1] !== "") return formatWithSection(-v, secs[1]);
  if (v === 0 && secs.length > 2 && secs[2] !== "") return formatWithSection(0, secs[2]);
  if (/^general$/i.test(secs[0].trim())) return general(v);
  return formatWithSection(v, secs[0]);
}

/* ------------------------------------------------------------------------------------------ */
/* Colors                                                                                     */
/* ------------------------------------------------------------------------------------------ */

const NAMED_COLORS: Record<string, string> = {
  black: "#000000",
  white: "#FFFFFF",
  red: "#FF0000",
  green: "#008000",
  lime: "#00FF00",
  blue: "#0000FF",
  yellow: "#FFFF00",
  orange: "#FFA500",
  purple: "#800080",
  pink: "#FFC0CB",
  gray: "#808080",
  grey: "#808080",
  silver: "#C0C0C0",
  maroon: "#800000",
  navy: "#000080",
  teal: "#008080",
  olive: "#808000",
  aqua: "#00FFFF",
  cyan: "#00FFFF",
  fuchsia: "#FF00FF",
  magenta: "#FF00FF",
  lightgreen: "#90EE90",
  lightblue: "#ADD8E6",
  lightgray: "#D3D3D3",
  lightgrey: "#D3D3D3",
  lightyellow: "#FFFFE0",
  lightpink: "#FFB6C1",
  darkred: "#8B0000",
  darkgreen: "#006400",
  darkblue: "#00008B",
  gold: "#FFD700",
};

/** Excel accepts "#RRGGBB", "#RGB" and HTML color names and reports "#RRGGBB" in upper case. */
export function normalizeColor(input: unknown, location: string): string {
  if (typeof input !== "string") throw officeError("InvalidArgument", undefined, location);
  const s = input.trim();
  let m = /^#?([0-9a-fA-F]{6})$/.exec(s);
  if (m) return `#${m[1].toUpperCase()}`;
  m = /^#([0-9a-fA-F]{3})$/.exec(s);
  if (m)
    return `#${m[1]
      .split("")
      .map((ch) => ch + ch)
      .join("")
      .toUpperCase()}`;
  const named = NAMED_COLORS[s.toLowerCase()];
  if (named) return named;
  throw officeError("InvalidArgument", undefined, location);
}

/* ------------------------------------------------------------------------------------------ */
/* Formula text rewriting on sheet rename/delete                                              */
/* ------------------------------------------------------------------------------------------ */

const SHEET_REF =
  /(?:'((?:[^']|'')+)'|([\p{L}_][\p{L}\p{N}_.]*))!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)/gu;

/** Apply fn to the parts of a formula outside string literals. */
function outsideStrings(formula: string, fn: (s: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : fn(part)))
    .join("");
}

/** Rewrite references to sheet `oldName`: to `newName` (rename), or to #REF! (newName null: deleted). */
export function rewriteSheetRefs(formula: string, oldName: string, newName: string | null): string {
  const old = oldName.toLowerCase();
  return outsideStrings(formula, (s) =>
    s.replace(SHEET_REF, (m, quoted: string | undefined, bare: string | undefined, ref: string) => {
      const name = quoted !== undefined ? quoted.replace(/''/g, "'") : bare!;
      if (name.toLowerCase() !== old) return m;
      return newName === null ? "#REF!" : `${quoteSheetName(newName)}!${ref}`;
    }),
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Workbook                                                                                   */
/* ------------------------------------------------------------------------------------------ */

const INVALID_SHEET_CHARS = /[:\\/?*[\]]/;

export class WorkbookModel {
  sheets: SheetState[] = [];
  names = new Map<string, NameState>();
  activeSheetId = "";
  selection: SelectionState | null = null;
  evaluator: FormulaEvaluator | null = null;
  workbookName = "Book1.xlsx";
  calculationMode = "Automatic";
  /** The workbook counts dates from 1904 (Excel for Mac's old system): DATE() gives serials from 1904-01-01. */
  date1904 = false;
  private sheetSeq = 0;
  private idSeq = 0;
  private cfSeq = 0;

  nextCfId(): string {
    return `{CF-${(++this.cfSeq).toString(16).padStart(8, "0")}}`;
  }

  sheetByName(name: string): SheetState | undefined {
    const n = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === n);
  }
  sheetById(id: string): SheetState | undefined {
    return this.sheets.find((s) => s.id === id);
  }
  /** Look a sheet up by name or id. */
  sheet(nameOrId: string): SheetState | undefined {
    return this.sheetByName(nameOrId) ?? this.sheetById(nameOrId);
  }

  validateSheetName(name: unknown, location: string, except?: SheetState): string {
    if (typeof name !== "string" || name.length === 0 || name.length > 31 || INVALID_SHEET_CHARS.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === "history")
      throw officeError("InvalidArgument", undefined, location);
    const clash = this.sheetByName(name);
    if (clash && clash !== except) throw officeError("ItemAlreadyExists", undefined, location);
    return name;
  }

  nextDefaultSheetName(): string {
    let n = this.sheets.length + 1;
    for (;;) {
      const candidate = `Sheet${n}`;
      if (!this.sheetByName(candidate)) return candidate;
      n++;
    }
  }

  addSheet(name: string | undefined, location = "WorksheetCollection.add", position?: number): SheetState {
    const nm = name === undefined || name === null ? this.nextDefaultSheetName() : this.validateSheetName(name, location);
    this.idSeq++;
    const id = `{${this.idSeq.toString(16).toUpperCase().padStart(8, "0")}-0001-0000-0000-000000000000}`;
    this.sheetSeq++;
    const sheet = new SheetState(id, nm);
    if (position === undefined || position >= this.sheets.length) this.sheets.push(sheet);
    else this.sheets.splice(Math.max(0, position), 0, sheet);
    if (!this.activeSheetId) this.activeSheetId = id;
    if (!this.selection) this.selection = { sheetId: id, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    return sheet;
  }

  visibleSheets(): SheetState[] {
    return this.sheets.filter((s) => s.visibility === "Visible");
  }

  deleteSheet(sheet: SheetState, location = "Worksheet.delete"): void {
    if (this.sheets.length <= 1 || (sheet.visibility === "Visible" && this.visibleSheets().length <= 1))
      throw officeError("InvalidOperation", "A workbook must contain at least one visible worksheet.", location);
    const idx = this.sheets.indexOf(sheet);
    this.sheets.splice(idx, 1);
    sheet.deleted = true;
    for (const n of this.names.values())
      if (n.ref && n.ref.sheetId === sheet.id) {
        n.refError = { abs: n.ref.abs, rect: n.ref.rect };
        delete n.ref;
      }
    this.rewriteAllFormulas(sheet.name, null);
    if (this.activeSheetId === sheet.id) {
      const next = this.visibleSheets()[Math.min(idx, this.visibleSheets().length - 1)] ?? this.sheets[0];
      this.activeSheetId = next.id;
    }
    if (this.selection?.sheetId === sheet.id) this.selection = { sheetId: this.activeSheetId, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
  }

  renameSheet(sheet: SheetState, newName: unknown, location = "Worksheet.name"): void {
    const nm = this.validateSheetName(newName, location, sheet);
    const old = sheet.name;
    if (old === nm) return;
    sheet.name = nm;
    this.rewriteAllFormulas(old, nm);
  }

  moveSheet(sheet: SheetState, position: number, location = "Worksheet.position"): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.sheets.length)
      throw officeError("InvalidArgument", undefined, location);
    const idx = this.sheets.indexOf(sheet);
    this.sheets.splice(idx, 1);
    this.sheets.splice(position, 0, sheet);
  }

  private rewriteAllFormulas(oldName: string, newName: string | null): void {
    for (const s of this.sheets) {
      for (const cell of s.cells.values()) if (cell.f) cell.f = rewriteSheetRefs(cell.f, oldName, newName);
      for (const cf of s.cfs)
        for (const k of ["formula", "formula1", "formula2"])
          if (typeof cf.rule[k] === "string") cf.rule[k] = rewriteSheetRefs(cf.rule[k] as string, oldName, newName);
      for (const dv of s.dvs) {
        const r = dv.rule as Record<string, Record<string, unknown>>;
        for (const kind of Object.keys(r))
          for (const k of ["source", "formula", "formula1", "formula2"])
            if (r[kind] && typeof r[kind][k] === "string") r[kind][k] = rewriteSheetRefs(r[kind][k] as string, oldName, newName);
      }
    }
    for (const n of this.names.values()) if (n.formula) n.formula = rewriteSheetRefs(n.formula, oldName, newName);
  }

  /* ---- cell values ---- */

  readCell(sheet: SheetState, r: number, c: number, depth = 0): { v: CellValue; err?: boolean } {
    const cell = sheet.cell(r, c);
    if (!cell) return { v: null };
    if (cell.f && this.evaluator && depth < 64) {
      const result = this.evaluator({
        formula: cell.f,
        sheet: sheet.name,
        address: cellAddress(r, c),
        getValue: (ref: string) => {
          const p = parseRef(ref);
          if (!p) return "#REF!";
          const target = p.sheet ? this.sheetByName(p.sheet) : sheet;
          if (!target) return "#REF!";
          return this.readCell(target, p.rect.r0, p.rect.c0, depth + 1).v;
        },
      });
      if (result !== undefined) {
        if (typeof result === "string" && ERROR_VALUES.has(result)) return { v: result, err: true };
        return { v: result === "" ? null : result };
      }
    }
    return { v: cell.v, err: cell.err };
  }

  /* ---- bulk reads and writes (Range.values / formulas / numberFormat) ---- */

  /**
   * Write `input` (a 2-D array of exactly rowCount x columnCount, or one scalar for every cell)
   * to rect. `null` entries of a 2-D array leave their cell unchanged. Shape errors throw
   * InvalidArgument before anything is written.
   */
  writeRect(sheet: SheetState, r: Rect, input: unknown, mode: "values" | "formulas" | "numberFormat", location: string): void {
    const rows = r.r1 - r.r0 + 1;
    const cols = r.c1 - r.c0 + 1;
    if (Array.isArray(input)) {
      if (input.length !== rows || !input.every((row) => Array.isArray(row) && row.length === cols))
        throw officeError("InvalidArgument", SHAPE_MISMATCH, location);
      if (mode !== "numberFormat") {
        // validate all entries first: a bad entry rejects the whole write
        const parsed: (CellData | null)[][] = (input as unknown[][]).map((row, i) =>
          row.map((x, j) => {
            if (x === null || x === undefined) return null;
            return parseInput(x, sheet.fmt(r.r0 + i, r.c0 + j, "numberFormat") === "@", location);
          }),
        );
        for (let i = 0; i < rows; i++)
          for (let j = 0; j < cols; j++) {
            const p = parsed[i][j];
            if (p) this.putCell(sheet, r.r0 + i, r.c0 + j, p);
          }
      } else {
        (input as unknown[][]).forEach((row) =>
          row.forEach((x) => {
            if (x === null || x === undefined) return;
            if (typeof x !== "string") throw officeError("InvalidArgument", undefined, location);
          }),
        );
        (input as unknown[][]).forEach((row, i) =>
          row.forEach((x, j) => {
            if (x === null || x === undefined) return;
            sheet.setFmt({ r0: r.r0 + i, c0: r.c0 + j, r1: r.r0 + i, c1: r.c0 + j }, "numberFormat", x);
          }),
        );
      }
      return;
    }
    if (input === null || input === undefined) throw officeError("InvalidArgument", undefined, location);
    if (mode === "numberFormat") {
      if (typeof input !== "string") throw officeError("InvalidArgument", undefined, location);
      sheet.setFmt(r, "numberFormat", input);
      return;
    }
    if (input === "") {
      sheet.clearContents(r);
      return;
    }
    const text = parseInput(input, false, location);
    const asText = typeof input === "string" ? parseInput(input, true, location) : text;
    for (let i = r.r0; i <= r.r1; i++)
      for (let j = r.c0; j <= r.c1; j++) this.putCell(sheet, i, j, sheet.fmt(i, j, "numberFormat") === "@" ? asText : text);
  }

  putCell(sheet: SheetState, r: number, c: number, p: CellData): void {
    const m = sheet.mergedAreaAt(r, c);
    if (m && (m.r0 !== r || m.c0 !== c)) return; // only the top-left cell of a merged area holds a value
    const cell = sheet.ensureCell(r, c);
    cell.v = p.v;
    if (p.err) cell.err = true;
    else delete cell.err;
    if (p.f) cell.f = p.f;
    else delete cell.f;
  }

  /** Range.values (empty cells read as ""), Range.formulas, Range.valueTypes, Range.text, Range.numberFormat. */
  readRect(sheet: SheetState, r: Rect, what: "values" | "formulas" | "valueTypes" | "text" | "numberFormat", location: string): unknown[][] {
    if (cellCount(r) > 5_000_000) throw officeError("RangeExceedsLimit", undefined, location);
    const out: unknown[][] = [];
    for (let i = r.r0; i <= r.r1; i++) {
      const row: unknown[] = [];
      for (let j = r.c0; j <= r.c1; j++) {
        if (what === "numberFormat") {
          row.push(sheet.fmt(i, j, "numberFormat"));
          continue;
        }
        if (what === "formulas") {
          const cell = sheet.cell(i, j);
          if (cell?.f) {
            row.push(cell.f);
            continue;
          }
        }
        const { v, err } = this.readCell(sheet, i, j);
        if (what === "valueTypes") row.push(valueTypeOf(v, err));
        else if (what === "text") row.push(formatText(v, err, String(sheet.fmt(i, j, "numberFormat"))));
        else row.push(v === null ? "" : v);
      }
      out.push(row);
    }
    return out;
  }

  /* ---- names ---- */

  nameFormula(n: NameState): string {
    if (n.ref) {
      const sheet = this.sheetById(n.ref.sheetId);
      return `=${quoteSheetName(sheet ? sheet.name : "#REF")}!${formatRectWithFlags(n.ref.rect, n.ref.abs)}`;
    }
    if (n.refError) return `=#REF!${formatRectWithFlags(n.refError.rect, n.refError.abs)}`;
    return n.formula ?? "=#REF!";
  }

  nameTypeAndValue(n: NameState): { type: string; value: unknown } {
    if (n.ref) {
      const sheet = this.sheetById(n.ref.sheetId)!;
      return { type: "Range", value: `${quoteSheetName(sheet.name)}!${formatRect(n.ref.rect, true)}` };
    }
    if (n.refError) return { type: "Error", value: "#REF!" };
    const body = (n.formula ?? "").replace(/^=/, "").trim();
    const str = /^"((?:[^"]|"")*)"$/.exec(body);
    if (str) return { type: "String", value: str[1].replace(/""/g, '"') };
    if (NUMERIC.test(body)) return { type: "Double", value: Number(body) };
    if (/^(TRUE|FALSE)$/i.test(body)) return { type: "Boolean", value: body.toUpperCase() === "TRUE" };
    if (ERROR_VALUES.has(body.toUpperCase())) return { type: "Error", value: body.toUpperCase() };
    if (this.evaluator) {
      const v = this.evaluator({ formula: n.formula ?? "", sheet: "", address: "", getValue: () => null });
      if (v !== undefined) {
        if (typeof v === "number") return { type: "Double", value: v };
        if (typeof v === "boolean") return { type: "Boolean", value: v };
        if (typeof v === "string" && ERROR_VALUES.has(v)) return { type: "Error", value: v };
        return { type: "String", value: v ?? "" };
      }
    }
    return { type: "Error", value: "#VALUE!" };
  }

  /** Parse the `reference` argument of names.add / NamedItem.formula into a NameState shape. */
  parseNameReference(reference: string, location: string): Pick<NameState, "ref" | "formula"> {
    const text = reference.trim();
    const body = text.startsWith("=") ? text.slice(1) : text;
    const p = parseRef(body);
    if (p && p.sheet !== undefined) {
      const sheet = this.sheetByName(p.sheet);
      if (!sheet) throw officeError("InvalidArgument", undefined, location);
      return { ref: { sheetId: sheet.id, rect: p.rect, abs: p.abs } };
    }
    if (!text.startsWith("=")) throw officeError("InvalidArgument", undefined, location);
    return { formula: text };
  }

  /* ---- insert / delete shifting ---- */

  shiftCells(sheet: SheetState, area: Rect, mode: "insertDown" | "insertRight" | "deleteUp" | "deleteLeft"): void {
    const vertical = mode === "insertDown" || mode === "deleteUp";
    const n = vertical ? area.r1 - area.r0 + 1 : area.c1 - area.c0 + 1;
    const sign = mode.startsWith("insert") ? 1 : -1;
    const moved = new Map<number, CellData>();
    for (const [k, cell] of sheet.cells) {
      let r = rowOf(k);
      let c = colOf(k);
      const inBand = vertical ? c >= area.c0 && c <= area.c1 : r >= area.r0 && r <= area.r1;
      if (inBand) {
        if (sign < 0 && contains(area, r, c)) continue; // deleted
        if (vertical && r >= (sign > 0 ? area.r0 : area.r1 + 1)) r += sign * n;
        if (!vertical && c >= (sign > 0 ? area.c0 : area.c1 + 1)) c += sign * n;
        if (r >= MAX_ROWS || c >= MAX_COLS) continue;
      }
      moved.set(key(r, c), cell);
    }
    sheet.cells = moved;
    const shiftIndexMap = <T>(m: Map<number, T>, from: number, del: boolean) => {
      const out = new Map<number, T>();
      for (const [i, v] of m) {
        if (del && i >= from && i < from + n) continue;
        const j = i >= from + (del ? n : 0) ? i + sign * n : i;
        if (j >= 0) out.set(j, v);
      }
      return out;
    };
    if (vertical && isEntireRows(area)) {
      sheet.rowFmt = shiftIndexMap(sheet.rowFmt, area.r0, sign < 0);
      sheet.rowHeights = shiftIndexMap(sheet.rowHeights, area.r0, sign < 0);
    }
    if (!vertical && isEntireColumns(area)) {
      sheet.colFmt = shiftIndexMap(sheet.colFmt, area.c0, sign < 0);
      sheet.colWidths = shiftIndexMap(sheet.colWidths, area.c0, sign < 0);
    }
    // Shift dependent rectangles (names, CF, DV, merges) when they lie inside the shifted band.
    const shiftRect = (r: Rect): Rect | null => {
      if (vertical) {
        if (r.c0 < area.c0 || r.c1 > area.c1) return r;
        if (sign > 0) {
          if (r.r0 >= area.r0) return { ...r, r0: r.r0 + n, r1: Math.min(MAX_ROWS - 1, r.r1 + n) };
          if (r.r1 >= area.r0) return { ...r, r1: Math.min(MAX_ROWS - 1, r.r1 + n) };
          return r;
        }
        if (r.r1 < area.r0) return r;
        if (r.r0 > area.r1) return { ...r, r0: r.r0 - n, r1: r.r1 - n };
        if (r.r0 >= area.r0 && r.r1 <= area.r1) return null;
        const r0 = r.r0 < area.r0 ? r.r0 : area.r0;
        const r1 = r.r1 - Math.min(n, r.r1 - Math.max(r.r0, area.r0) + 1);
        return { ...r, r0, r1 };
      }
      if (r.r0 < area.r0 || r.r1 > area.r1) return r;
      if (sign > 0) {
        if (r.c0 >= area.c0) return { ...r, c0: r.c0 + n, c1: Math.min(MAX_COLS - 1, r.c1 + n) };
        if (r.c1 >= area.c0) return { ...r, c1: Math.min(MAX_COLS - 1, r.c1 + n) };
        return r;
      }
      if (r.c1 < area.c0) return r;
      if (r.c0 > area.c1) return { ...r, c0: r.c0 - n, c1: r.c1 - n };
      if (r.c0 >= area.c0 && r.c1 <= area.c1) return null;
      const c0 = r.c0 < area.c0 ? r.c0 : area.c0;
      const c1 = r.c1 - Math.min(n, r.c1 - Math.max(r.c0, area.c0) + 1);
      return { ...r, c0, c1 };
    };
    const shiftAreas = (areas: Rect[]) => areas.map(shiftRect).filter((x): x is Rect => x !== null);
    for (const cf of sheet.cfs) cf.areas = shiftAreas(cf.areas);
    sheet.cfs = sheet.cfs.filter((cf) => cf.areas.length > 0);
    for (const dv of sheet.dvs) dv.areas = shiftAreas(dv.areas);
    sheet.dvs = sheet.dvs.filter((dv) => dv.areas.length > 0);
    sheet.merges = shiftAreas(sheet.merges);
    for (const nm of this.names.values())
      if (nm.ref && nm.ref.sheetId === sheet.id) {
        const r = shiftRect(nm.ref.rect);
        if (r) nm.ref.rect = r;
        else {
          nm.refError = { abs: nm.ref.abs, rect: nm.ref.rect };
          delete nm.ref;
        }
      }
  }
}

/** Remove `area` from each rectangle list, dropping entries left empty. */
export function subtractAreas<T extends { areas: Rect[] }>(items: T[], area: Rect): T[] {
  for (const it of items) it.areas = it.areas.flatMap((a) => subtract(a, area));
  return items.filter((it) => it.areas.length > 0);
}
