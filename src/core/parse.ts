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

/** Lower-cased, one-spaced, dash-normalised text for row-kind patterns. */
export function labelText(s: string): string {
  return s
    .normalize("NFC")
    .replace(/[\u00a0\u202f\u2007]/g, " ")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

const MAX_HEADER_SCAN = 60;

/** Each template's heading keys → its column indexes (built once per template). */
const HEADING_INDEX = new WeakMap<Template, Map<string, number[]>>();

function headingIndex(template: Template): Map<string, number[]> {
  let m = HEADING_INDEX.get(template);
  if (m) return m;
  m = new Map();
  template.table.columns.forEach((d, i) => {
    for (const k of new Set([d.heading.kk, d.heading.ru, d.heading.en].map(headingKey).filter(Boolean))) m!.set(k, [...(m!.get(k) ?? []), i]);
  });
  HEADING_INDEX.set(template, m);
  return m;
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
      const hit = index.get(headingKey(cellText(v)));
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
  typed = new Map<string, Typed>();
  private keys = new Map<string, string>();

  /** `persistent`: kept between parses of a sheet (a one-off parse skips the memo of label keys). */
  constructor(private readonly persistent = true) {}
  /** Rows read afresh by the last parse (the others were unchanged). */
  lastRead = 0;

  /** Start a parse: forget everything when the layout changed. */
  begin(layout: string): void {
    if (layout !== this.layout) {
      this.layout = layout;
      this.rows = [];
      this.typed.clear();
    }
    if (this.typed.size > 50_000) this.typed.clear();
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

export function parseForm(grid: Grid, template: Template, cache?: ParseCache): FormDocument {
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
  const fieldCells = findFieldCells(grid, labels, columns, dataStart, cache);
  const signatureRows = new Set<number>();
  for (const s of template.signature ?? []) {
    const hit = fieldCells.get(`signature:${s.id}`);
    if (hit) signatureRows.add(hit.labelRow);
  }
  // The table ends at the form's footnotes too (a form without a signature block).
  (template.footnotes ?? []).forEach((_, i) => {
    const hit = fieldCells.get(`footnote:${i}`);
    if (hit) signatureRows.add(hit.labelRow);
  });

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

  const rows = headerRow === null ? [] : readRows(grid, template, columns, dataStart, signatureRows, planYear, structure, cache);
  linkHierarchy(rows, template);
  structure.sections = rows.filter((r) => r.kind === sectionKind(template)).map((r) => r.number ?? "");
  structure.mergedDataCells = mergedInData(grid, columns, rows, template);
  return { template, sheet: grid.sheet, columns, headerRow, dataStart, header, context, signature, computedCells, rows, structure };
}

function plain(v: CellValue): unknown {
  return isCellError(v) ? v.error : v;
}

type LabelTarget = { key: string; group: "header" | "context" | "signature" | "computed" | "footnote"; id: string };

function labelIndex(t: Template): Map<string, LabelTarget> {
  const m = new Map<string, LabelTarget>();
  const add = (group: LabelTarget["group"], id: string, texts: string[]) => {
    for (const s of texts) {
      const k = headingKey(s);
      if (k && !m.has(k)) m.set(k, { key: `${group}:${id}`, group, id });
    }
  };
  t.header.forEach((f) => add("header", f.id, [f.label.kk, f.label.ru, f.label.en]));
  t.context.forEach((f) => add("context", f.id, [f.label.kk, f.label.ru, f.label.en]));
  (t.signature ?? []).forEach((s) => add("signature", s.id, [s.label.kk, s.label.ru, s.label.en]));
  (t.computed ?? []).forEach((c) => add("computed", c.id, [c.label.kk, c.label.ru, c.label.en]));
  (t.footnotes ?? []).forEach((f, i) => add("footnote", String(i), [f.kk]));
  return m;
}

interface FieldHit {
  labelRow: number;
  valueRow: number;
  valueCol: number;
}

/**
 * Fields are found by their label anywhere on the sheet (outside the table's data cells); the
 * value is the first non-blank cell to its right, or the cell right next to it when blank.
 */
function findFieldCells(grid: Grid, labels: Map<string, LabelTarget>, columns: Record<string, number>, dataStart: number, cache: ParseCache): Map<string, FieldHit> {
  const hits = new Map<string, FieldHit>();
  const tableCols = new Set(Object.values(columns));
  const width = gridWidth(grid);
  for (let r = 0; r < grid.values.length; r++) {
    const row = grid.values[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v !== "string" || v.length < 3) continue;
      // Inside the data rows, table columns hold data, except the signature label in the name column.
      const target = labels.get(cache.key(v));
      if (!target || hits.has(target.key)) continue;
      if (r >= dataStart && tableCols.has(c) && target.group !== "signature" && target.group !== "footnote") continue;
      let valueCol = c + 1;
      for (let k = c + 1; k < Math.min(width, c + 5); k++) {
        const w = cellAt(grid, r, k);
        if (isBlank(w)) continue;
        if (typeof w === "string" && labels.has(cache.key(w))) break;
        valueCol = k;
        break;
      }
      hits.set(target.key, { labelRow: r, valueRow: r, valueCol });
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
): FormRow[] {
  const defs = template.table.columns.filter((d) => columns[d.id] !== undefined);
  const at = defs.map((d) => columns[d.id]);
  const computedAt = defs.filter((d) => d.computed).map((d) => columns[d.id]);
  const fallback = template.table.rowKinds.find((k) => k.isDefault)!;
  const rows: FormRow[] = [];
  const byId = new Map(template.table.rowKinds.map((k) => [k.id, k]));
  cache.begin(JSON.stringify([template.id, template.version, columns, dataStart, planYear, grid.date1904 ?? false]));
  const reader = rowReader(template, defs, columns, planYear, cache.typed);
  const previous = cache.rows;
  const next: (RowRead | undefined)[] = [];
  // Rows that moved (inserted or deleted above them) are found by content, once there are several.
  let misses = 0;
  let byContent: Map<string, RowRead> | null = null;
  // Rows with neither a kind nor a label take the `defaultChild` of the heading above them
  // ("Ішкі факторлар:" → internal factors) until a heading of the same or a higher level.
  const scope: { current: { level: number; kind: RowKindDef } | null } = { current: null };
  const end = grid.values.length;
  for (let r = dataStart; r < end; r++) {
    if (stopRows.has(r)) break;
    const values = grid.values[r];
    const fs = grid.formulas?.[r];
    let read = previous[r];
    if (read && !sameRaw(read.raw, values, fs, at, computedAt)) read = undefined;
    if (!read) {
      const raw = rawOf(values, fs, at, computedAt);
      if (++misses > 8) {
        byContent ??= contentIndex(previous);
        read = byContent.get(JSON.stringify(raw));
      }
      if (!read) {
        read = reader(grid, r, raw);
        cache.lastRead++;
      }
    }
    next[r] = read;
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
    if (number === null && template.table.numberColumn && read.cells[template.table.numberColumn]?.text)
      number = read.cells[template.table.numberColumn].text;
    rows.push({
      index: rows.length, sheetRow: r, kind: kind.id, kindSource, placeholder: !!kind.placeholder,
      number, cells: read.cells, parent: null, section: null, children: {}, before: {}, ordinal: 0,
    } as FormRow);
    if (read.formulas) rows[rows.length - 1].formulas = read.formulas;
  }
  cache.rows = next;
  return rows;
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
  const raw: unknown[] = [];
  for (const c of at) raw.push(values?.[c] ?? null);
  for (const c of computedAt) raw.push(fs?.[c] ?? null);
  return raw;
}

function contentIndex(rows: (RowRead | undefined)[]): Map<string, RowRead> {
  const m = new Map<string, RowRead>();
  for (const read of rows) if (read) m.set(JSON.stringify(read.raw), read);
  return m;
}

/** Read one row on its own (see RowRead). Typed values are shared between equal cells of a column. */
function rowReader(template: Template, defs: ColumnDef[], columns: Record<string, number>, planYear: number | null, typed: Map<string, Typed>) {
  const kindCol = template.table.columns.find((d) => d.role === "rowKind");
  const kindAt = kindCol ? columns[kindCol.id] : undefined;
  const kindByText = kindLookup(template.table.rowKinds);
  // Loading refused any pattern that is invalid or could backtrack super-linearly on a label.
  const compiled = template.table.rowKinds.map((k) => ({ def: k, res: (k.patterns ?? []).map(compilePattern).filter((re): re is RegExp => re !== null) }));
  const nameCol = columns[template.table.nameColumn];
  return (grid: Grid, r: number, raw: unknown[]): RowRead => {
    let blank = true;
    for (let i = 0; i < defs.length; i++) if (!defs[i].computed && !isBlank(raw[i])) blank = false;
    const read: RowRead = { raw, blank, cells: {}, kindSource: "default", unknownKind: null, number: null };
    if (blank) return read;
    for (let i = 0; i < defs.length; i++) {
      const d = defs[i];
      const v = raw[i] as CellValue;
      // Free text types as itself; errors are objects: neither is worth a memo entry.
      if (v === null || typeof v === "object" || d.type === "text" || d.type === "name") {
        read.cells[d.id] = typeCell(v, d, planYear, grid.date1904);
        continue;
      }
      const key = `${d.id}\u0001${typeof v}\u0001${v}`;
      let t = typed.get(key);
      if (!t) typed.set(key, (t = typeCell(v, d, planYear, grid.date1904)));
      read.cells[d.id] = t;
    }
    for (const d of defs) if (d.computed) (read.formulas ??= {})[d.id] = formulaAt(grid, r, columns[d.id]);
    let kind: RowKindDef | undefined;
    if (kindAt !== undefined) {
      const text = cellText(cellAt(grid, r, kindAt));
      if (text) {
        kind = kindByText.get(headingKey(text));
        if (kind) read.kindSource = "column";
        else read.unknownKind = text;
      }
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
