import type { Template, ColumnDef, FieldDef, RowKindDef } from "./template/types";
import { Grid, CellValue, cellAt, cellText, formulaAt, isBlank, a1, gridWidth, parseRange, isCellError } from "./grid";
import { typeValue, Typed } from "./values";
import type { FormDocument, FormRow, FieldRead, Structure, ComputedRead } from "./document";

/** Text key for matching headings and labels: case, spaces, hyphenation and punctuation do not count. */
export function headingKey(s: string): string {
  return s.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
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

/** Where the table's heading row is and which sheet column each template column sits in. */
export function findColumns(grid: Grid, template: Template): { headerRow: number | null; columns: Record<string, number>; score: number } {
  const defs = template.table.columns;
  const keys = defs.map((d) => new Set([d.heading.kk, d.heading.ru, d.heading.en].map(headingKey).filter(Boolean)));
  let best = { headerRow: null as number | null, columns: {} as Record<string, number>, score: 0 };
  const rows = Math.min(grid.values.length, MAX_HEADER_SCAN);
  for (let r = 0; r < rows; r++) {
    const row = grid.values[r] ?? [];
    const columns: Record<string, number> = {};
    for (let c = 0; c < row.length; c++) {
      const k = headingKey(cellText(row[c]));
      if (!k) continue;
      defs.forEach((d, i) => {
        if (columns[d.id] === undefined && keys[i].has(k)) columns[d.id] = c;
      });
    }
    const score = Object.keys(columns).length;
    if (score > best.score) best = { headerRow: r, columns, score };
  }
  return best;
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

export function parseForm(grid: Grid, template: Template): FormDocument {
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

  const labels = labelIndex(template);
  const fieldCells = findFieldCells(grid, labels, columns, dataStart);
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

  const rows = headerRow === null ? [] : readRows(grid, template, columns, dataStart, signatureRows, planYear, structure);
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
function findFieldCells(grid: Grid, labels: Map<string, LabelTarget>, columns: Record<string, number>, dataStart: number): Map<string, FieldHit> {
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
      const target = labels.get(headingKey(v));
      if (!target || hits.has(target.key)) continue;
      if (r >= dataStart && tableCols.has(c) && target.group !== "signature" && target.group !== "footnote") continue;
      let valueCol = c + 1;
      for (let k = c + 1; k < Math.min(width, c + 5); k++) {
        const w = cellAt(grid, r, k);
        if (isBlank(w)) continue;
        if (typeof w === "string" && labels.has(headingKey(w))) break;
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
      typed: typeValue(cellAt(grid, hit.valueRow, hit.valueCol), f.type, { enumDef: f.enum, planYear }),
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
): FormRow[] {
  const defs = template.table.columns.filter((d) => columns[d.id] !== undefined);
  const kindCol = template.table.columns.find((d) => d.role === "rowKind");
  const kindByText = kindLookup(template.table.rowKinds);
  const compiled = template.table.rowKinds.map((k) => ({ def: k, res: (k.patterns ?? []).map((p) => new RegExp(p, "u")) }));
  const fallback = template.table.rowKinds.find((k) => k.isDefault)!;
  const nameCol = columns[template.table.nameColumn];
  const rows: FormRow[] = [];
  const byId = new Map(template.table.rowKinds.map((k) => [k.id, k]));
  // Rows with neither a kind nor a label take the `defaultChild` of the heading above them
  // ("Ішкі факторлар:" → internal factors) until a heading of the same or a higher level.
  const scope: { current: { level: number; kind: RowKindDef } | null } = { current: null };
  const end = grid.values.length;
  for (let r = dataStart; r < end; r++) {
    if (stopRows.has(r)) break;
    // Computed columns hold a formula on every row of the form, so they never make a row a data row.
    if (defs.every((d) => d.computed || isBlank(cellAt(grid, r, columns[d.id])))) continue;
    const cells: Record<string, Typed> = {};
    for (const d of defs) cells[d.id] = typeCell(cellAt(grid, r, columns[d.id]), d, planYear);
    let formulas: Record<string, string | null> | undefined;
    for (const d of defs) if (d.computed) (formulas ??= {})[d.id] = formulaAt(grid, r, columns[d.id]);
    let kind: RowKindDef | undefined;
    let kindSource: FormRow["kindSource"] = "default";
    let number: string | null = null;
    if (kindCol && columns[kindCol.id] !== undefined) {
      const text = cellText(cellAt(grid, r, columns[kindCol.id]));
      if (text) {
        kind = kindByText.get(headingKey(text));
        if (kind) kindSource = "column";
        else structure.unknownKinds.push({ row: r, text });
      }
    }
    const label = nameCol === undefined ? "" : labelText(cellText(cellAt(grid, r, nameCol)));
    for (const { def, res } of compiled) {
      for (const re of res) {
        const m = re.exec(label);
        if (!m) continue;
        if (!kind) {
          kind = def;
          kindSource = "label";
        }
        if (kind.id === def.id && m[1] !== undefined) number = m[1];
        break;
      }
      if (kind && kindSource === "label") break;
    }
    if (!kind) kind = scope.current?.kind ?? fallback;
    const scoped = scope.current;
    if (kind.defaultChild && byId.has(kind.defaultChild)) scope.current = { level: kind.level, kind: byId.get(kind.defaultChild)! };
    else if (scoped && kind.id !== scoped.kind.id && !kind.placeholder && kind.level <= scoped.level) scope.current = null;
    if (kind.level === 0 && number) number = romanNumber(number);
    if (number === null && template.table.numberColumn && cells[template.table.numberColumn]?.text)
      number = cells[template.table.numberColumn].text;
    rows.push({
      index: rows.length, sheetRow: r, kind: kind.id, kindSource, placeholder: !!kind.placeholder,
      number, cells, parent: null, section: null, children: {}, before: {}, ordinal: 0,
      ...(formulas ? { formulas } : {}),
    });
  }
  return rows;
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

function typeCell(raw: CellValue, def: ColumnDef, planYear: number | null): Typed {
  return typeValue(raw, def.type, { enumDef: def.enum, planYear });
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
