import type { Template, ColumnDef, FieldDef, RowKindDef } from "./template/types";
import { Grid, CellValue, cellAt, cellText, formulaAt, isBlank, a1, gridWidth, parseRange, isCellError } from "./grid";
import { typeValue, Typed } from "./values";
import type { FormDocument, FormRow, FieldRead, Structure, ComputedRead } from "./document";
import { compilePattern } from "./pattern";

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/** Text key for matching headings and labels: case, spaces, hyphenation and punctuation do not count. */
export function headingKey(s: string): string {
  const t = s.normalize("NFC").toLowerCase();
  // The Unicode-class regex costs ~2 µs a cell; Latin digits/letters and the Cyrillic block
  // (every code point in 0400–0481 and 048A–052F is a letter) are decided by code, anything
  // else by the regex, so the key is the same.
  let out = "";
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    let keep: boolean;
    if (c < 0x80) keep = (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
    else if ((c >= 0x400 && c <= 0x481) || (c >= 0x48a && c <= 0x52f)) keep = true;
    else return t.replace(NOT_LETTER_OR_DIGIT, "");
    if (!keep) {
      if (i > start) out += t.slice(start, i);
      start = i + 1;
    }
  }
  return start === 0 ? t : out + t.slice(start);
}

/**
 * What a text must look like for its headingKey to be one of some keys: the number of characters
 * the key keeps, its first and its last. Deciding "none of them" this way costs no allocation.
 */
export interface KeyShape {
  lengths: Set<number>;
  first: Set<number>;
  last: Set<number>;
}

export function keyShape(keys: Iterable<string>): KeyShape {
  const shape: KeyShape = { lengths: new Set(), first: new Set(), last: new Set() };
  for (const k of keys) {
    if (!k) continue;
    shape.lengths.add(k.length);
    shape.first.add(k.charCodeAt(0));
    shape.last.add(k.charCodeAt(k.length - 1));
  }
  return shape;
}

/**
 * False when headingKey(s) is certainly none of the keys of `shape`; true when it may be. Exact
 * for text of ASCII and Cyrillic letters (NFC leaves it as it is, lower-casing keeps each letter
 * one code unit); any other character answers true, for headingKey itself to decide.
 */
export function mayHaveKey(s: string, shape: KeyShape): boolean {
  // The first kept character, then the last, then their count: most texts are told apart at once.
  let i = 0;
  let c = -1;
  for (; i < s.length; i++) {
    const k = keptCode(s.charCodeAt(i));
    if (k === FOREIGN) return true;
    if (k >= 0) {
      c = k;
      break;
    }
  }
  if (c < 0 || !shape.first.has(c)) return false;
  let j = s.length - 1;
  for (; j > i; j--) {
    const k = keptCode(s.charCodeAt(j));
    if (k === FOREIGN) return true;
    if (k >= 0) {
      c = k;
      break;
    }
  }
  if (!shape.last.has(c)) return false;
  let n = 0;
  for (let x = i; x <= j; x++) {
    const k = keptCode(s.charCodeAt(x));
    if (k === FOREIGN) return true;
    if (k >= 0) n++;
  }
  return shape.lengths.has(n);
}

const FOREIGN = -2;

/** Lower-case of each Cyrillic letter headingKey keeps (U+0400–U+052F). */
const CYRILLIC_LOWER = Array.from({ length: 0x130 }, (_, i) => String.fromCharCode(0x400 + i).toLowerCase().charCodeAt(0));

/** A character as headingKey keeps it (lower-cased), -1 when it drops it, FOREIGN outside ASCII and Cyrillic. */
function keptCode(c: number): number {
  if (c < 0x80) {
    if (c >= 97 && c <= 122) return c;
    if (c >= 65 && c <= 90) return c + 32;
    return c >= 48 && c <= 57 ? c : -1;
  }
  if ((c >= 0x400 && c <= 0x481) || (c >= 0x48a && c <= 0x52f)) return CYRILLIC_LOWER[c - 0x400];
  return FOREIGN;
}

/** Lower-cased, one-spaced, dash-normalised text for row-kind patterns. */
export function labelText(s: string): string {
  // Most labels are printable ASCII and Cyrillic letters with single inner spaces: only the case changes.
  let plain = true;
  for (let i = 0; i < s.length && plain; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) plain = i > 0 && i < s.length - 1 && s.charCodeAt(i - 1) !== 32;
    else plain = (c > 32 && c < 127) || (c >= 0x400 && c <= 0x482) || (c >= 0x48a && c <= 0x52f);
  }
  if (plain) return s.toLowerCase();
  return s
    .normalize("NFC")
    .replace(/[\u00a0\u202f\u2007]/g, " ")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** Rows a sheet's headings are looked for in. */
export const MAX_HEADER_SCAN = 60;

/** Each template's heading keys → its column indexes (built once per template), with their shape. */
const HEADING_INDEX = new WeakMap<Template, Map<string, number[]> & { shape?: KeyShape }>();

function headingIndex(template: Template): Map<string, number[]> & { shape: KeyShape } {
  let m = HEADING_INDEX.get(template);
  if (m?.shape) return m as Map<string, number[]> & { shape: KeyShape };
  m = new Map();
  template.table.columns.forEach((d, i) => {
    for (const k of new Set([d.heading.kk, d.heading.ru, d.heading.en].map(headingKey).filter(Boolean))) m!.set(k, [...(m!.get(k) ?? []), i]);
  });
  m.shape = keyShape(m.keys());
  HEADING_INDEX.set(template, m);
  return m as Map<string, number[]> & { shape: KeyShape };
}

/** Where the table's heading row is and which sheet column each template column sits in. */
export function findColumns(grid: Grid, template: Template): { headerRow: number | null; columns: Record<string, number>; score: number } {
  const defs = template.table.columns;
  const index = headingIndex(template);
  let best = { headerRow: null as number | null, columns: {} as Record<string, number>, score: 0 };
  const rows = Math.min(grid.values.length, MAX_HEADER_SCAN);
  for (let r = 0; r < rows; r++) {
    const row = grid.values[r] ?? [];
    const columns: Record<string, number> = {};
    let score = 0;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      const text = cellText(v);
      const hit = mayHaveKey(text, index.shape) ? index.get(headingKey(text)) : undefined;
      if (!hit) continue;
      for (const i of hit)
        if (columns[defs[i].id] === undefined) {
          columns[defs[i].id] = c;
          score++;
        }
    }
    if (score > best.score) best = { headerRow: r, columns: orderLike(defs, columns), score };
  }
  return best;
}

/** The found columns in the template's order (as before the index: callers list them). */
function orderLike(defs: ColumnDef[], columns: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of defs) if (columns[d.id] !== undefined) out[d.id] = columns[d.id];
  return out;
}

/** The row of official column numbers (1 2 3 …) right under the headings, if present. */
function numberRowAt(grid: Grid, r: number): Map<number, number> | null {
  const found = new Map<number, number>();
  const row = grid.values[r] ?? [];
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    const n = typeof v === "number" ? v : /^\d{1,2}$/.test(cellText(v)) ? Number(cellText(v)) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= 40 && !found.has(n)) found.set(n, c);
  }
  return found.size >= 2 && found.has(1) && found.has(2) ? found : null;
}

/**
 * What one sheet row reads as on its own — its cells typed, its kind by the row-kind column or
 * its label, the number in the label — a pure function of the row's cells (and the plan year),
 * so a live re-parse reuses it for every row whose cells did not change.
 */
interface RowRead {
  /** The row's values in the table's columns, then the formulas of its computed columns. */
  raw: unknown[];
  /** Neither a kind nor any value outside computed columns: not a table row. */
  blank: boolean;
  cells: Record<string, Typed>;
  formulas?: Record<string, string | null>;
  kind?: RowKindDef;
  kindSource: FormRow["kindSource"];
  /** Text of the row-kind cell that names no kind. */
  unknownKind: string | null;
  number: string | null;
}

/**
 * Reads kept between parses of one sheet (the add-in's live checks): by sheet row, and by
 * content when rows moved (inserted or deleted above them). Valid while the table's columns,
 * its first data row and the plan year stay the same.
 */
export class ParseCache {
  private layout = "";
  rows: (RowRead | undefined)[] = [];
  /** Typed values by column id, then by the cell's raw value (shared between equal cells). */
  typed = new Map<string, Map<unknown, Typed>>();
  private keys = new Map<string, string>();

  /** The last whole parse and the sheet as it was then: the base a value edit is patched onto (patchForm). */
  last: LastParse | null = null;
  /** The row reader of the current layout (its patterns compiled once). */
  reader: { layout: string; read: RowReader } | null = null;

  /** `persistent`: kept between parses of a sheet (a one-off parse skips the memo of label keys). */
  constructor(readonly persistent = true) {}
  /** Rows read afresh by the last parse (the others were unchanged). */
  lastRead = 0;

  /** Start a parse: forget everything when the layout changed. */
  begin(layout: string): void {
    if (layout !== this.layout) {
      this.layout = layout;
      this.rows = [];
      this.typed.clear();
    }
    for (const m of this.typed.values()) if (m.size > 20_000) m.clear();
    if (this.keys.size > 200_000) this.keys.clear();
    this.lastRead = 0;
  }

  /** headingKey, remembered: the fields panel is looked for in every text cell of the sheet. */
  key(s: string): string {
    if (!this.persistent) return headingKey(s);
    let k = this.keys.get(s);
    if (k === undefined) this.keys.set(s, (k = headingKey(s)));
    return k;
  }
}

/**
 * What a parse of a sheet depended on, kept so the next parse can tell which rows changed (by
 * comparing cell by cell with copies of the rows, so edits made in place in the grid are seen).
 */
interface LastParse {
  template: Template;
  doc: FormDocument;
  /** Copies of the sheet's rows (values and formulas) as parsed. */
  values: (CellValue[] | undefined)[];
  formulas: ((string | null)[] | undefined)[];
  merges: string;
  date1904: boolean;
  /** Sheet row → the columns of the field labels in it (a label's value is one of the 4 cells to its right). */
  fieldRows: Map<number, number[]>;
  width: number;
  /** The first sheet row after the table (the signature block, or the end of the sheet). */
  tableEnd: number;
  /** Sheet row → index in doc.rows (-1: not a table row). */
  index: Int32Array;
}

/** Beyond this many changed rows a whole parse is as cheap as a patch. */
const MAX_PATCHED_ROWS = 256;

export function parseForm(grid: Grid, template: Template, cache?: ParseCache): FormDocument {
  if (cache?.persistent) {
    const patched = patchForm(grid, template, cache);
    if (patched) return patched;
  }
  const doc = parseWhole(grid, template, cache);
  return doc;
}

/**
 * A live edit that changes only values of table rows — no row's kind, label number or
 * blankness, no heading, no field label or value, no merge, the sheet as long as before — gives
 * the last document with those rows' cells replaced: every other row (its object, its place in
 * the hierarchy) stays as it was, so the facts and findings built from it stay valid too.
 * Anything else (null) is a whole parse.
 */
function patchForm(grid: Grid, template: Template, cache: ParseCache): FormDocument | null {
  const last = cache.last;
  if (!last || last.template !== template || last.doc.sheet !== grid.sheet || (grid.date1904 ?? false) !== last.date1904) return null;
  if (grid.values.length !== last.values.length || (grid.formulas?.length ?? 0) > last.values.length) return null;
  if (JSON.stringify(grid.merges ?? []) !== last.merges) return null;
  const changed: number[] = [];
  for (let r = 0; r < grid.values.length; r++)
    if (!sameCells(grid.values[r], last.values[r]) || !sameCells(grid.formulas?.[r], last.formulas[r])) {
      changed.push(r);
      if (changed.length > MAX_PATCHED_ROWS) return null;
    }
  const doc = last.doc;
  cache.lastRead = 0;
  if (changed.length === 0) return doc;
  const headings = headingIndex(template);
  const labels = labelIndex(template);
  const dataStart = doc.dataStart ?? 0;
  if (gridWidth(grid) !== last.width) return null;
  const hasKey = (row: CellValue[] | undefined, cols: number[], keys: Map<string, unknown> & { shape: KeyShape }, min: number) => {
    if (!row) return false;
    for (const c of cols) {
      const v = row[c];
      if (v === null || v === undefined || (typeof v === "string" && v.length < min)) continue;
      const text = cellText(v);
      if (mayHaveKey(text, keys.shape) && keys.has(cache.key(text))) return true;
    }
    return false;
  };
  const reader = cache.reader?.read;
  const updates: { r: number; i: number; read: RowRead }[] = [];
  const reads: { r: number; read: RowRead }[] = [];
  const numberColumn = template.table.numberColumn;
  for (const r of changed) {
    const before = last.values[r];
    const now = grid.values[r];
    const cols = changedColumns(before, now, last.formulas[r], grid.formulas?.[r]);
    // The headings (and the official numbers under them) decide where every column is.
    if (r < MAX_HEADER_SCAN && (hasKey(before, cols, headings, 1) || hasKey(now, cols, headings, 1))) return null;
    if (doc.headerRow !== null && r === doc.headerRow + 1) return null;
    // A field's label or value, or a label typed anywhere: the fields panel, the signature block.
    const fields = last.fieldRows.get(r);
    if (fields?.some((at) => cols.some((c) => c >= at && c <= at + 4))) return null;
    if (hasKey(before, cols, labels, 3) || hasKey(now, cols, labels, 3)) return null;
    if (doc.headerRow === null || r < dataStart || r >= last.tableEnd) continue;
    if (!reader) return null;
    const old = cache.rows[r];
    if (!old) return null;
    const { at, computedAt } = reader;
    if (sameRaw(old.raw, now, grid.formulas?.[r], at, computedAt)) continue;
    const read = reader.read(grid, r, rawOf(now, grid.formulas?.[r], at, computedAt));
    cache.lastRead++;
    reads.push({ r, read });
    if (read.blank !== old.blank) return null;
    if (read.blank) continue;
    if (read.kind !== old.kind || read.kindSource !== old.kindSource || read.unknownKind !== old.unknownKind || read.number !== old.number) return null;
    // A row without a label number takes the number column's text.
    if (read.number === null && numberColumn && (read.cells[numberColumn]?.text || null) !== (old.cells[numberColumn]?.text || null)) return null;
    const i = last.index[r];
    if (i < 0) return null;
    updates.push({ r, i, read });
  }
  const rows = doc.rows.slice();
  for (const { i, read } of updates) {
    const row: FormRow = { ...rows[i], cells: read.cells };
    if (read.formulas) row.formulas = read.formulas;
    else delete row.formulas;
    rows[i] = row;
  }
  for (const { r, read } of reads) cache.rows[r] = read;
  for (const r of changed) {
    last.values[r] = grid.values[r]?.slice();
    last.formulas[r] = grid.formulas?.[r]?.slice();
  }
  last.doc = { ...doc, rows };
  return last.doc;
}

/** The columns where two versions of a row differ, in values or formulas. */
function changedColumns(a: CellValue[] | undefined, b: CellValue[] | undefined, fa: (string | null)[] | undefined, fb: (string | null)[] | undefined): number[] {
  const out: number[] = [];
  const n = Math.max(a?.length ?? 0, b?.length ?? 0, fa?.length ?? 0, fb?.length ?? 0);
  for (let c = 0; c < n; c++) if ((a?.[c] ?? null) !== (b?.[c] ?? null) || (fa?.[c] ?? null) !== (fb?.[c] ?? null)) out.push(c);
  return out;
}

/** Two rows of cells hold the same values (missing cells and nulls alike). */
function sameCells(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === b) return true;
  const n = Math.max(a ? a.length : 0, b ? b.length : 0);
  for (let i = 0; i < n; i++) {
    const x = a ? a[i] : undefined;
    const y = b ? b[i] : undefined;
    if ((x === undefined ? null : x) !== (y === undefined ? null : y)) return false;
  }
  return true;
}

function parseWhole(grid: Grid, template: Template, cache?: ParseCache): FormDocument {
  const structure: Structure = { missingColumns: [], movedColumns: [], missingFields: [], unknownKinds: [], mergedDataCells: [], sections: [] };
  const { headerRow, columns } = findColumns(grid, template);
  let dataStart = headerRow === null ? 0 : headerRow + 1;
  const numbers = headerRow === null ? null : numberRowAt(grid, dataStart);
  if (numbers) {
    // Headings that were not recognised by text can still be placed by their official number.
    for (const d of template.table.columns)
      if (columns[d.id] === undefined && d.number !== undefined && numbers.has(d.number)) columns[d.id] = numbers.get(d.number)!;
    dataStart++;
  }
  const official = template.table.columns.filter((d) => d.number !== undefined);
  for (const d of official) if (columns[d.id] === undefined) structure.missingColumns.push(d.id);
  // Columns out of the official order (found by heading, so still read correctly).
  const present = official.filter((d) => columns[d.id] !== undefined);
  const bySheet = [...present].sort((a, b) => columns[a.id] - columns[b.id]);
  present.forEach((d, i) => {
    if (bySheet[i].id !== d.id) structure.movedColumns.push(d.id);
  });

  cache ??= new ParseCache(false);
  const labels = labelIndex(template);
  // The table ends where the form goes on below it: its printed lines, signature block or footnotes.
  const signatureRows = new Set<number>();
  const fieldCells = findFieldCells(grid, labels, columns, dataStart, cache, signatureRows);

  const header = readFields(grid, template.header, "header", fieldCells, null, structure);
  const planYear = typeof header.year?.typed.value === "number" ? (header.year.typed.value as number) : null;
  const context = readFields(grid, template.context, "context", fieldCells, planYear, structure);
  const signature: Record<string, FieldRead> = {};
  for (const s of template.signature ?? []) {
    const hit = fieldCells.get(`signature:${s.id}`);
    signature[s.id] = hit
      ? { typed: typeValue(cellAt(grid, hit.valueRow, hit.valueCol), "name"), address: a1(hit.valueRow, hit.valueCol) }
      : { typed: { value: null, text: "", ok: true }, address: null };
  }
  const computedCells: Record<string, ComputedRead> = {};
  for (const c of template.computed ?? []) {
    const hit = fieldCells.get(`computed:${c.id}`);
    computedCells[c.id] = hit
      ? { address: a1(hit.valueRow, hit.valueCol), value: plain(cellAt(grid, hit.valueRow, hit.valueCol)), formula: formulaAt(grid, hit.valueRow, hit.valueCol) }
      : { address: null, value: null, formula: null };
  }

  const table = headerRow === null ? { rows: [], end: dataStart } : readRows(grid, template, columns, dataStart, signatureRows, planYear, structure, cache);
  const rows = table.rows;
  linkHierarchy(rows, template);
  structure.sections = rows.filter((r) => r.kind === sectionKind(template)).map((r) => r.number ?? "");
  structure.mergedDataCells = mergedInData(grid, columns, rows, template);
  const doc: FormDocument = { template, sheet: grid.sheet, columns, headerRow, dataStart, header, context, signature, computedCells, rows, structure };
  if (cache.persistent) {
    const index = new Int32Array(grid.values.length).fill(-1);
    for (const row of rows) index[row.sheetRow] = row.index;
    const fieldRows = new Map<number, number[]>();
    for (const hit of fieldCells.values()) {
      fieldRows.set(hit.labelRow, [...(fieldRows.get(hit.labelRow) ?? []), hit.labelCol]);
      // An answer below its label: its own row holds the value.
      if (hit.valueRow !== hit.labelRow) fieldRows.set(hit.valueRow, [...(fieldRows.get(hit.valueRow) ?? []), hit.valueCol]);
    }
    cache.last = {
      template, doc, index, fieldRows, tableEnd: table.end, width: gridWidth(grid),
      values: grid.values.map((row) => row?.slice()),
      formulas: Array.from({ length: grid.values.length }, (_, r) => grid.formulas?.[r]?.slice()),
      merges: JSON.stringify(grid.merges ?? []),
      date1904: grid.date1904 ?? false,
    };
  }
  return doc;
}

function plain(v: CellValue): unknown {
  return isCellError(v) ? v.error : v;
}

type LabelTarget = {
  key: string;
  group: "header" | "context" | "signature" | "computed" | "footnote" | "line";
  id: string;
  /** Placed below the table (signatures, footnotes, the form's lines after it): the table ends on its row. */
  endsTable: boolean;
  /** The value is on the line below the label, not to its right. */
  below: boolean;
};

type LabelIndex = Map<string, LabelTarget> & { shape?: KeyShape };

const LABEL_INDEX = new WeakMap<Template, LabelIndex>();

/** Each template's label keys → the field they name (built once per template), with their shape. */
function labelIndex(t: Template): LabelIndex & { shape: KeyShape } {
  let known = LABEL_INDEX.get(t);
  if (!known) {
    known = buildLabelIndex(t);
    known.shape = keyShape(known.keys());
    LABEL_INDEX.set(t, known);
  }
  return known as LabelIndex & { shape: KeyShape };
}

function buildLabelIndex(t: Template): Map<string, LabelTarget> {
  const m = new Map<string, LabelTarget>();
  const after = new Set((t.printed?.after ?? []).filter((l) => l.field).map((l) => l.field!));
  const below = new Set([...(t.printed?.before ?? []), ...(t.printed?.after ?? [])].filter((l) => l.below).map((l) => l.field!));
  const add = (group: LabelTarget["group"], id: string, texts: string[]) => {
    const endsTable = group === "signature" || group === "footnote" || group === "line" || after.has(id);
    for (const s of texts) {
      const k = headingKey(s);
      if (k && !m.has(k)) m.set(k, { key: `${group}:${id}`, group, id, endsTable, below: below.has(id) });
    }
  };
  t.header.forEach((f) => add("header", f.id, [f.label.kk, f.label.ru, f.label.en]));
  t.context.forEach((f) => add("context", f.id, [f.label.kk, f.label.ru, f.label.en]));
  (t.signature ?? []).forEach((s) => add("signature", s.id, [s.label.kk, s.label.ru, s.label.en]));
  (t.computed ?? []).forEach((c) => add("computed", c.id, [c.label.kk, c.label.ru, c.label.en]));
  (t.footnotes ?? []).forEach((f, i) => add("footnote", String(i), [f.kk]));
  // The words of the lines printed after the table (never fields themselves).
  (t.printed?.after ?? []).forEach((l, i) => add("line", String(i), [l.text ?? "", ...(l.cells ?? [])]));
  return m;
}

interface FieldHit {
  labelRow: number;
  labelCol: number;
  valueRow: number;
  valueCol: number;
}

/**
 * Fields are found by their label anywhere on the sheet (outside the table's data cells); the
 * value is the first non-blank cell to its right, or the cell right next to it when blank.
 */
function findFieldCells(
  grid: Grid,
  labels: LabelIndex & { shape: KeyShape },
  columns: Record<string, number>,
  dataStart: number,
  cache: ParseCache,
  tableEnds: Set<number>,
): Map<string, FieldHit> {
  const hits = new Map<string, FieldHit>();
  const tableCols = new Set(Object.values(columns));
  const width = gridWidth(grid);
  for (let r = 0; r < grid.values.length; r++) {
    const row = grid.values[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v !== "string" || v.length < 3 || !mayHaveKey(v, labels.shape)) continue;
      // Inside the data rows, table columns hold data, except the labels of what the form prints below the table.
      const target = labels.get(cache.key(v));
      if (!target) continue;
      if (r >= dataStart && tableCols.has(c) && !target.endsTable) continue;
      if (r >= dataStart && target.endsTable) tableEnds.add(r);
      if (hits.has(target.key) || target.group === "line") continue;
      if (target.below) {
        hits.set(target.key, { labelRow: r, labelCol: c, valueRow: r + 1, valueCol: c });
        continue;
      }
      let valueCol = c + 1;
      for (let k = c + 1; k < Math.min(width, c + 5); k++) {
        const w = cellAt(grid, r, k);
        if (isBlank(w)) continue;
        if (typeof w === "string" && labels.has(cache.key(w))) break;
        valueCol = k;
        break;
      }
      hits.set(target.key, { labelRow: r, labelCol: c, valueRow: r, valueCol });
    }
  }
  return hits;
}

function readFields(
  grid: Grid,
  defs: FieldDef[],
  group: "header" | "context",
  hits: Map<string, FieldHit>,
  planYear: number | null,
  structure: Structure,
): Record<string, FieldRead> {
  const out: Record<string, FieldRead> = {};
  for (const f of defs) {
    const hit = hits.get(`${group}:${f.id}`);
    if (!hit) {
      structure.missingFields.push(f.id);
      out[f.id] = { typed: { value: null, text: "", ok: true }, address: null };
      continue;
    }
    out[f.id] = {
      typed: typeValue(cellAt(grid, hit.valueRow, hit.valueCol), f.type, { enumDef: f.enum, planYear, date1904: grid.date1904 }),
      address: a1(hit.valueRow, hit.valueCol),
    };
  }
  return out;
}

function sectionKind(t: Template): string | undefined {
  return t.table.rowKinds.find((k) => k.level === 0)?.id;
}

function readRows(
  grid: Grid,
  template: Template,
  columns: Record<string, number>,
  dataStart: number,
  stopRows: Set<number>,
  planYear: number | null,
  structure: Structure,
  cache: ParseCache,
): { rows: FormRow[]; end: number } {
  const fallback = template.table.rowKinds.find((k) => k.isDefault)!;
  const rows: FormRow[] = [];
  const byId = kindsById(template);
  const layout = JSON.stringify([template.id, template.version, columns, dataStart, planYear, grid.date1904 ?? false]);
  cache.begin(layout);
  if (cache.reader?.layout !== layout) cache.reader = { layout, read: rowReader(template, columns, planYear, cache.typed) };
  const reader = cache.reader.read;
  const { at, computedAt } = reader;
  const numberColumn = template.table.numberColumn;
  const previous = cache.rows;
  const next: (RowRead | undefined)[] = [];
  // Rows that moved (inserted or deleted above them) are found by content, once there are several.
  let misses = 0;
  let byContent: Map<string, RowRead> | null = null;
  // Rows with neither a kind nor a label take the `defaultChild` of the heading above them
  // ("Ішкі факторлар:" → internal factors) until a heading of the same or a higher level.
  const scope: { current: { level: number; kind: RowKindDef } | null } = { current: null };
  const end = grid.values.length;
  let r = dataStart;
  for (; r < end; r++) {
    if (stopRows.has(r)) break;
    const values = grid.values[r];
    const fs = grid.formulas?.[r];
    let read = previous[r];
    if (read && !sameRaw(read.raw, values, fs, at, computedAt)) read = undefined;
    if (!read) {
      const raw = rawOf(values, fs, at, computedAt);
      if (previous.length && ++misses > 8) {
        byContent ??= contentIndex(previous);
        read = byContent.get(JSON.stringify(raw));
      }
      if (!read) {
        read = reader.read(grid, r, raw);
        cache.lastRead++;
      }
    }
    // A one-off parse keeps no reads: its raw values die young, which the collector finds cheap.
    if (cache.persistent) next[r] = read;
    // Computed columns hold a formula on every row of the form, so they never make a row a data row.
    if (read.blank) continue;
    let kind = read.kind;
    let kindSource = read.kindSource;
    let number = read.number;
    if (read.unknownKind !== null) structure.unknownKinds.push({ row: r, text: read.unknownKind });
    if (!kind) {
      kind = scope.current?.kind ?? fallback;
      kindSource = "default";
    }
    const scoped = scope.current;
    if (kind.defaultChild && byId.has(kind.defaultChild)) scope.current = { level: kind.level, kind: byId.get(kind.defaultChild)! };
    else if (scoped && kind.id !== scoped.kind.id && !kind.placeholder && kind.level <= scoped.level) scope.current = null;
    if (kind.level === 0 && number) number = romanNumber(number);
    if (number === null && numberColumn && read.cells[numberColumn]?.text) number = read.cells[numberColumn].text;
    const row: FormRow = {
      index: rows.length, sheetRow: r, kind: kind.id, kindSource, placeholder: !!kind.placeholder,
      number, cells: read.cells, parent: null, section: null, children: {}, before: {}, ordinal: 0,
    };
    if (read.formulas) row.formulas = read.formulas;
    rows.push(row);
  }
  cache.rows = next;
  return { rows, end: r };
}

const KINDS_BY_ID = new WeakMap<Template, Map<string, RowKindDef>>();

function kindsById(t: Template): Map<string, RowKindDef> {
  let m = KINDS_BY_ID.get(t);
  if (!m) KINDS_BY_ID.set(t, (m = new Map(t.table.rowKinds.map((k) => [k.id, k]))));
  return m;
}

function sameRaw(raw: unknown[], values: CellValue[] | undefined, fs: (string | null)[] | undefined, at: number[], computedAt: number[]): boolean {
  for (let i = 0; i < at.length; i++) {
    const v = values ? values[at[i]] : undefined;
    if ((v === undefined ? null : v) !== raw[i]) return false;
  }
  for (let i = 0; i < computedAt.length; i++) {
    const f = fs ? fs[computedAt[i]] : undefined;
    if ((f === undefined ? null : f) !== raw[at.length + i]) return false;
  }
  return true;
}

function rawOf(values: CellValue[] | undefined, fs: (string | null)[] | undefined, at: number[], computedAt: number[]): unknown[] {
  const raw: unknown[] = new Array(at.length + computedAt.length);
  for (let i = 0; i < at.length; i++) raw[i] = values?.[at[i]] ?? null;
  for (let i = 0; i < computedAt.length; i++) raw[at.length + i] = fs?.[computedAt[i]] ?? null;
  return raw;
}

function contentIndex(rows: (RowRead | undefined)[]): Map<string, RowRead> {
  const m = new Map<string, RowRead>();
  for (const read of rows) if (read) m.set(JSON.stringify(read.raw), read);
  return m;
}

/** Reads one row on its own (see RowRead): the sheet columns of its raw values, then the reading. */
interface RowReader {
  /** Sheet columns of the table's columns present, in template order; then those of the computed columns. */
  at: number[];
  computedAt: number[];
  read(grid: Grid, r: number, raw: unknown[]): RowRead;
}

/** A blank text cell: one frozen object shared by every row. */
const EMPTY_TEXT: Typed = Object.freeze({ value: null, text: "", ok: true });

/** Read one row on its own (see RowRead). Typed values are shared between equal cells of a column. */
function rowReader(template: Template, columns: Record<string, number>, planYear: number | null, typed: Map<string, Map<unknown, Typed>>): RowReader {
  const defs = template.table.columns.filter((d) => columns[d.id] !== undefined);
  const kindCol = template.table.columns.find((d) => d.role === "rowKind");
  const kindAt = kindCol ? columns[kindCol.id] : undefined;
  const kindByText = kindLookup(template.table.rowKinds);
  const kindMemo = new Map<string, RowKindDef | null>();
  // Loading refused any pattern that is invalid or could backtrack super-linearly on a label.
  const compiled = template.table.rowKinds.map((k) => ({ def: k, res: (k.patterns ?? []).map(compilePattern).filter((re): re is RegExp => re !== null) }));
  const patternsOf = new Map(compiled.map((c) => [c.def.id, c.res]));
  const nameCol = columns[template.table.nameColumn];
  const computedDefs = defs.filter((d) => d.computed);
  const memo = defs.map((d) => {
    let m = typed.get(d.id);
    if (!m) typed.set(d.id, (m = new Map()));
    return m;
  });
  // Every cell of a row is set below, in this order: one object of the final shape, not one grown key by key.
  const shape: Record<string, Typed> = {};
  for (const d of defs) shape[d.id] = EMPTY_TEXT;
  const readRow = (grid: Grid, r: number, raw: unknown[]): RowRead => {
    let blank = true;
    for (let i = 0; i < defs.length; i++) if (!defs[i].computed && !isBlank(raw[i])) blank = false;
    const read: RowRead = { raw, blank, cells: blank ? {} : { ...shape }, kindSource: "default", unknownKind: null, number: null };
    if (blank) return read;
    for (let i = 0; i < defs.length; i++) {
      const d = defs[i];
      const v = raw[i] as CellValue;
      // Free text types as itself, trimmed (typeValue's own reading, without its options object).
      if (typeof v === "string" && (d.type === "text" || d.type === "name")) {
        const text = v.trim();
        read.cells[d.id] = text === "" ? EMPTY_TEXT : { value: text, text, ok: true };
        continue;
      }
      // Errors are objects: not worth a memo entry.
      if (v === null || typeof v === "object" || d.type === "text" || d.type === "name") {
        read.cells[d.id] = typeCell(v, d, planYear, grid.date1904);
        continue;
      }
      // Keyed by the value itself: 1 and "1" are different keys, as they may type differently.
      let t = memo[i].get(v);
      if (!t) memo[i].set(v, (t = typeCell(v, d, planYear, grid.date1904)));
      read.cells[d.id] = t;
    }
    for (const d of computedDefs) (read.formulas ??= {})[d.id] = formulaAt(grid, r, columns[d.id]);
    let kind: RowKindDef | undefined;
    if (kindAt !== undefined) {
      const text = cellText(cellAt(grid, r, kindAt));
      if (text) {
        // The row-kind column repeats a few texts: their keys are looked up once.
        let known = kindMemo.get(text);
        if (known === undefined) {
          if (kindMemo.size > 1000) kindMemo.clear();
          kindMemo.set(text, (known = kindByText.get(headingKey(text)) ?? null));
        }
        kind = known ?? undefined;
        if (kind) read.kindSource = "column";
        else read.unknownKind = text;
      }
    }
    if (kind) {
      // The kind is the column's: only its own patterns give the number.
      const own = patternsOf.get(kind.id);
      if (own?.length) {
        const label = nameCol === undefined ? "" : labelText(cellText(cellAt(grid, r, nameCol)));
        for (const re of own) {
          const m = re.exec(label);
          if (!m) continue;
          if (m[1] !== undefined) read.number = m[1];
          break;
        }
      }
      read.kind = kind;
      return read;
    }
    const label = nameCol === undefined ? "" : labelText(cellText(cellAt(grid, r, nameCol)));
    for (const { def, res } of compiled) {
      for (const re of res) {
        const m = re.exec(label);
        if (!m) continue;
        if (!kind) {
          kind = def;
          read.kindSource = "label";
        }
        if (kind.id === def.id && m[1] !== undefined) read.number = m[1];
        break;
      }
      if (kind && read.kindSource === "label") break;
    }
    read.kind = kind;
    return read;
  };
  return { at: defs.map((d) => columns[d.id]), computedAt: computedDefs.map((d) => columns[d.id]), read: readRow };
}

/** Section numbers typed with Latin or Cyrillic letters ("І", "II") read as Latin Roman numerals. */
function romanNumber(s: string): string {
  return s.toUpperCase().replace(/І/g, "I");
}

function kindLookup(kinds: RowKindDef[]): Map<string, RowKindDef> {
  const m = new Map<string, RowKindDef>();
  for (const k of kinds) for (const s of [k.id, k.label.kk, k.label.ru, k.label.en]) m.set(headingKey(s), k);
  return m;
}

function typeCell(raw: CellValue, def: ColumnDef, planYear: number | null, date1904: boolean | undefined): Typed {
  return typeValue(raw, def.type, { enumDef: def.enum, planYear, date1904 });
}

/** Parent = nearest row above with a smaller level; placeholders take no part. */
function linkHierarchy(rows: FormRow[], template: Template): void {
  const level = new Map(template.table.rowKinds.map((k) => [k.id, k.level]));
  const sectionId = sectionKind(template);
  const stack: FormRow[] = [];
  const ordinals = new Map<string, number>();
  const rootChildren: Record<string, number> = {};
  let section: string | null = null;
  for (const row of rows) {
    if (row.placeholder) continue;
    const L = level.get(row.kind) ?? 99;
    while (stack.length && (level.get(stack[stack.length - 1].kind) ?? 99) >= L) stack.pop();
    const parent = stack.length ? stack[stack.length - 1] : null;
    row.parent = parent ? parent.index : null;
    if (row.kind === sectionId) section = row.number;
    row.section = section;
    const siblings = parent ? parent.children : rootChildren;
    row.before = { ...siblings };
    siblings[row.kind] = (siblings[row.kind] ?? 0) + 1;
    const key = `${parent ? parent.index : -1}:${row.kind}`;
    row.ordinal = (ordinals.get(key) ?? 0) + 1;
    ordinals.set(key, row.ordinal);
    stack.push(row);
  }
}

/**
 * Merged cells across the columns of a data row (an activity) hide every value but the first
 * from the check; heading rows merged across the table, as the Word form prints them, are fine.
 */
function mergedInData(grid: Grid, columns: Record<string, number>, rows: FormRow[], template: Template): string[] {
  if (!grid.merges?.length || rows.length === 0) return [];
  const leaf = template.table.rowKinds.find((k) => k.isDefault)!.id;
  const dataRows = new Set(rows.filter((r) => r.kind === leaf).map((r) => r.sheetRow));
  const cols = Object.values(columns);
  const lo = Math.min(...cols);
  const hi = Math.max(...cols);
  return grid.merges.filter((m) => {
    const g = parseRange(m);
    if (g.c1 === g.c2 && g.r1 === g.r2) return false;
    if (g.c2 < lo || g.c1 > hi) return false;
    for (let r = g.r1; r <= g.r2; r++) if (dataRows.has(r)) return true;
    return false;
  });
}
