import type { FormDocument, FormRow, FieldRead } from "./document";
import type { ColumnDef, Template } from "./template/types";
import { TYPE_NAMES, Typed } from "./values";

/**
 * Facts: the plain objects the rules read. Form facts are built once per document; a row fact
 * once per row. They hold values only (no addresses), so that an unchanged row gives an
 * unchanged fact and its findings can be reused.
 */
export interface FormFacts {
  template: { id: string; version: string; status: string; validFrom: string | null; validTo: string | null; newer?: import("./template/versions").NewerVersion };
  header: Record<string, unknown>;
  context: Record<string, unknown>;
  signature: Record<string, unknown>;
  summary: Summary;
  structure: {
    missingColumns: { column: string; heading: unknown }[];
    movedColumns: string[];
    missingFields: string[];
    unknownKinds: { row: number; text: string }[];
    mergedDataCells: { range: string; cell: string }[];
    invalidFields: InvalidItem[];
    normalisedFields: { field: string; value: string }[];
    blankRequired: { field: string; label: unknown }[];
    /** Version in the workbook's binding names, when the sheet has them. */
    declaredVersion: string | null;
    /** The template the binding names declare, when the sheet's headings belong to another. */
    declaredTemplate: string | null;
    /** Computed cells holding a typed value instead of the template's formula. */
    computedOverwritten: ComputedIssue[];
    /** Computed cells whose formula result differs from the core's value. */
    computedDiffers: ComputedIssue[];
    /** Data rows whose per-row computed cell holds neither the formula nor a value. */
    computedMissing: ComputedIssue[];
    /** Rows with per-row computed columns whose row-kind cell is blank (the sheet's formulas cannot see their kind). */
    computedKindMissing: { row: number; cell: string | null; kind: unknown }[];
    /** Working-day deadlines counted outside the calendar's coverage (weekends only): X-CALENDAR-COVERAGE. */
    offCalendar: { deadline: string; from: string; coverageTo: string | null; cell: string | null }[];
  };
  params: Record<string, unknown>;
  derived: Record<string, unknown>;
  computed: Record<string, unknown>;
  /** The other forms of the same workbook, by template id (filled for forms that come later in dependency order). */
  forms: Record<string, Record<string, unknown>>;
  /** Pack-declared aggregates over the rows (rules/aggregates.ts), by name. */
  aggregates: Record<string, unknown>;
  /** The counterpart of a mirrored pair in the same check: its rows this form lacks (link.ts). */
  mirror?: FormMirrorFact;
}

export interface MirrorRowItem {
  /** 1-based sheet row in the form that has the row. */
  row: number;
  /** Its cell (name column) in that form. */
  otherCell: string | null;
  /** Where it belongs in this form: the row after which it would stand (name column), or null. */
  cell: string | null;
  name: string;
  kindLabel: unknown;
  due: unknown;
}

export interface FormMirrorFact {
  counterpart: { sheet: string; template: string };
  /** Rows of the counterpart (within the report's window) that have no pair in this form. */
  unpaired: MirrorRowItem[];
}

export interface ComputedIssue {
  field: string;
  label: unknown;
  expected: number | string | null;
  actual: unknown;
  /** For a per-row computed cell: its address, column id and 1-based sheet row. */
  cell?: string;
  column?: string;
  row?: number;
  /** The formula (with "=") that restores the cell, when it can be derived from the sheet. */
  formula?: string | null;
}

export interface Summary {
  rows: number;
  counts: Record<string, number>;
  sections: string[];
  /** Non-blank cells per column over rows of the default kind. */
  filled: Record<string, number>;
}

export interface InvalidItem {
  column?: string;
  field?: string;
  heading: unknown;
  value: string;
  expected: unknown;
}

export function formFacts(doc: FormDocument, params: Record<string, unknown>, summary: Summary = summarise(doc)): FormFacts {
  const t = doc.template;
  const types = new Map([...t.header, ...t.context].map((f) => [f.id, f.type]));
  const values = (m: Record<string, FieldRead>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, usable(v.typed, types.get(k))]));
  const fieldDefs = [...t.header.map((f) => ({ f, g: "header" as const })), ...t.context.map((f) => ({ f, g: "context" as const }))];
  const invalidFields: InvalidItem[] = [];
  const normalisedFields: { field: string; value: string }[] = [];
  const blankRequired: { field: string; label: unknown }[] = [];
  for (const { f, g } of fieldDefs) {
    const read = (g === "header" ? doc.header : doc.context)[f.id];
    if (!read.typed.ok) invalidFields.push({ field: `${g}.${f.id}`, heading: f.label, value: read.typed.text, expected: TYPE_NAMES[f.type] });
    if (read.typed.normalised) normalisedFields.push({ field: `${g}.${f.id}`, value: read.typed.text });
    if (f.required && read.typed.value === null) blankRequired.push({ field: `${g}.${f.id}`, label: f.label });
  }
  const byId = new Map(t.table.columns.map((c) => [c.id, c]));
  return {
    template: {
      id: t.id, version: t.version, status: t.legalBasis.status,
      validFrom: t.legalBasis.validFrom ?? null, validTo: t.legalBasis.validTo ?? null,
    },
    header: values(doc.header),
    context: values(doc.context),
    signature: values(doc.signature),
    summary,
    structure: {
      missingColumns: doc.structure.missingColumns.map((c) => ({ column: c, heading: byId.get(c)!.heading })),
      movedColumns: doc.structure.movedColumns,
      missingFields: doc.structure.missingFields,
      unknownKinds: doc.structure.unknownKinds.map((u) => ({ row: u.row + 1, text: u.text })),
      mergedDataCells: doc.structure.mergedDataCells.map((range) => ({ range, cell: range.split(":")[0] })),
      invalidFields, normalisedFields, blankRequired,
      declaredVersion: null, declaredTemplate: null, computedOverwritten: [], computedDiffers: [],
      computedMissing: [], computedKindMissing: [], offCalendar: [],
    },
    params,
    derived: {},
    computed: {},
    forms: {},
    aggregates: {},
  };
}

export function summarise(doc: FormDocument): Summary {
  const counts: Record<string, number> = {};
  const filled: Record<string, number> = {};
  const leaf = doc.template.table.rowKinds.find((k) => k.isDefault)!.id;
  for (const r of doc.rows) {
    if (r.placeholder) continue;
    counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    if (r.kind === leaf) addFilled(filled, r, 1);
  }
  return { rows: doc.rows.length, counts, sections: doc.structure.sections, filled };
}

function addFilled(filled: Record<string, number>, r: FormRow, by: 1 | -1): void {
  for (const k in r.cells) {
    const v = r.cells[k].value;
    if (v !== null && v !== "") filled[k] = (filled[k] ?? 0) + by;
  }
}

/**
 * The summary of a document whose rows are those of an earlier one, some replaced by rows of
 * the same kind (a live edit of values, parse.ts patchForm): the earlier counts, the filled
 * cells of the replaced rows recounted. Anything else is summarised afresh.
 */
export function resummarise(doc: FormDocument, before: { rows: FormRow[]; summary: Summary } | null): Summary {
  if (!before || before.rows.length !== doc.rows.length || before.summary.sections !== doc.structure.sections) return summarise(doc);
  const leaf = doc.template.table.rowKinds.find((k) => k.isDefault)!.id;
  let filled: Record<string, number> | null = null;
  for (let i = 0; i < doc.rows.length; i++) {
    const now = doc.rows[i];
    const was = before.rows[i];
    if (now === was) continue;
    if (now.kind !== was.kind || now.placeholder !== was.placeholder) return summarise(doc);
    if (now.placeholder || now.kind !== leaf) continue;
    filled ??= { ...before.summary.filled };
    addFilled(filled, was, -1);
    addFilled(filled, now, 1);
  }
  if (!filled) return before.summary;
  for (const k of Object.keys(filled)) if (filled[k] === 0) delete filled[k];
  return { ...before.summary, filled };
}

export interface RowFact extends Record<string, unknown> {
  kind: string;
  number: string | null;
  expectedNumber: string | null;
  section: string | null;
  parentKind: string | null;
  parentNumber: string | null;
  parentAllowed: boolean;
  children: Record<string, number>;
  /** Earlier rows under the same parent, by kind (order rules: targets before tasks). */
  before: Record<string, number>;
  kindLabel: unknown;
  parentLabel: unknown;
  invalid: InvalidItem[];
  normalised: { column: string; value: string }[];
  /** Columns the template requires on this row's kind that are blank. */
  blankRequired: { column: string; heading: unknown }[];
  mirror?: MirrorFact;
}

export interface MirrorFact {
  status: "paired" | "unpaired";
  counterpart: { sheet: string; template: string; derived: Record<string, unknown> };
  mismatches: { column: string; heading: unknown; self: string; other: string }[];
  otherCell?: string | null;
  /** The row falls in the report's window (template `mirrors.window`); true when none is declared. */
  inWindow?: boolean;
}

/** A row fact's empty lists are one shared frozen array (most rows have nothing to list). */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** What rowFact reads of each table column, worked out once per template. */
interface ColumnFacts {
  def: ColumnDef;
  id: string;
  type: ColumnDef["type"];
  /** `<col>Due` for deadlines, `<col>Rest` after an enumerated prefix. */
  due: string | null;
  rest: string | null;
  /** A data-type finding when the cell is not of its type. */
  typed: boolean;
  required: ReadonlySet<string> | null;
}

const COLUMN_FACTS = new WeakMap<Template, ColumnFacts[]>();

function columnFacts(t: Template): ColumnFacts[] {
  let list = COLUMN_FACTS.get(t);
  if (!list)
    COLUMN_FACTS.set(
      t,
      (list = t.table.columns.map((c) => ({
        def: c, id: c.id, type: c.type,
        due: c.type === "deadline" ? `${c.id}Due` : null,
        rest: c.enum?.prefix ? `${c.id}Rest` : null,
        typed: c.role !== "rowKind" && !c.computed,
        required: c.requiredOn?.length ? new Set(c.requiredOn) : null,
      }))),
    );
  return list;
}

/** Build a row's fact. `mirror` is attached later, when the workbook holds the counterpart form. */
export function rowFact(doc: FormDocument, row: FormRow): RowFact {
  const t = doc.template;
  const parent = row.parent === null ? null : doc.rows[row.parent];
  const kinds = kindLabels(t);
  const fact: RowFact = {
    kind: row.kind,
    kindLabel: kinds.get(row.kind) ?? row.kind,
    parentLabel: parent ? kinds.get(parent.kind) ?? parent.kind : null,
    number: row.number,
    expectedNumber: expectedNumber(row, parent),
    section: row.section,
    parentKind: parent ? parent.kind : null,
    parentNumber: parent ? parent.number : null,
    parentAllowed: parentAllowed(t, row, parent),
    children: row.children,
    before: row.before,
    invalid: NONE,
    normalised: NONE,
    blankRequired: NONE,
  };
  const columns = columnFacts(t);
  for (const c of columns) {
    const cell = row.cells[c.id];
    if (!cell) {
      fact[c.id] = null;
      continue;
    }
    fact[c.id] = usable(cell, c.type);
    if (c.due) fact[c.due] = cell.due ?? null;
    // Free text after an enumerated prefix («орындалды. …»): the information the rules require.
    if (c.rest) fact[c.rest] = cell.ok && cell.value !== null ? cell.rest ?? "" : null;
    // A computed cell's own value is cross-checked by computedIssues (X-COMPUTED-*), not typed here.
    if (!cell.ok && c.typed) (fact.invalid === NONE ? (fact.invalid = []) : fact.invalid).push({ column: c.id, heading: c.def.heading, value: cell.text, expected: TYPE_NAMES[c.type] });
    if (cell.normalised) (fact.normalised === NONE ? (fact.normalised = []) : fact.normalised).push({ column: c.id, value: cell.text });
    if (cell.value === null && c.required?.has(row.kind)) (fact.blankRequired === NONE ? (fact.blankRequired = []) : fact.blankRequired).push({ column: c.id, heading: c.def.heading });
  }
  for (const c of columns)
    if (c.required?.has(row.kind) && !row.cells[c.id] && c.def.number !== undefined)
      (fact.blankRequired === NONE ? (fact.blankRequired = []) : fact.blankRequired).push({ column: c.id, heading: c.def.heading });
  return fact;
}

const NUMERIC: ReadonlySet<string> = new Set(["int", "year", "number", "money", "coef", "points", "pct"]);

/**
 * What the rules may read of a typed value. A numeric cell that is not a number ("NaN", "1e309",
 * "12 млн") is reported once, by the data-type rule (its `invalid` item keeps the text), and is
 * absent for every other rule: its text would otherwise be compared as a number
 * (json-rules-engine's `greaterThan` takes "1e309" for Infinity).
 */
function usable(t: Typed, type: string | undefined): unknown {
  return !t.ok && absentWhenInvalid(type) ? null : t.value;
}

/** Whether an invalid value of this type is absent for the rules (numbers); other types keep their text. */
export function absentWhenInvalid(type: string | undefined): boolean {
  return type !== undefined && NUMERIC.has(type);
}

const KIND_LABELS = new WeakMap<Template, Map<string, unknown>>();

function kindLabels(t: Template): Map<string, unknown> {
  let m = KIND_LABELS.get(t);
  if (!m) KIND_LABELS.set(t, (m = new Map(t.table.rowKinds.map((k) => [k.id, k.label]))));
  return m;
}

/** "2.1" under direction "2" as the first goal; plain ordinals elsewhere. */
function expectedNumber(row: FormRow, parent: FormRow | null): string | null {
  if (row.number === null) return null;
  if (row.number.includes(".") && parent?.number) return `${parent.number}.${row.ordinal}`;
  if (/^[IVXivx]+$/.test(row.number)) return toRoman(row.ordinal);
  return String(row.ordinal);
}

function toRoman(n: number): string {
  const map: [number, string][] = [[10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let s = "";
  for (const [v, r] of map) while (n >= v) { s += r; n -= v; }
  return s;
}

function parentAllowed(t: Template, row: FormRow, parent: FormRow | null): boolean {
  const h = t.table.hierarchy;
  const key = parent ? (parent.number && h[`${parent.kind}#${parent.number}`] ? `${parent.kind}#${parent.number}` : parent.kind) : "$root";
  return (h[key] ?? []).includes(row.kind);
}
