import type { Template, ComputedDef, AggregateDef } from "./template/types";
import type { FormDocument } from "./document";
import type { FormLayout } from "./layout";
import { columnRange, fieldCell } from "./layout";
import { normaliseKkText } from "./text";
import type { Computation, TraceStep } from "./trace";
import type { Localized } from "./i18n";
import { cellFunction } from "./functions";
import { excelString } from "./formula-text";

/**
 * Computed cells: each declared once in the template, evaluated twice — as an Excel formula
 * written into the sheet (so the sheet explains itself without the add-in) and here, by the
 * core, to fill values and cross-check the sheet.
 */
export type ComputeFunction = (doc: FormDocument, args: Record<string, unknown>, params: Record<string, unknown>, ctx: ComputeContext) => Computation;

/**
 * What a computed value may read besides its own form: the values already computed on this
 * form, and the other forms of the same workbook (a conclusion reads B, C and D from their
 * sheets). Forms are computed in the order of their templates' `dependsOn`.
 */
export interface ComputeContext {
  done: Record<string, Computation>;
  form(templateId: string): { doc: FormDocument; computed: Record<string, Computation>; rows?: RowValues } | undefined;
  /** The value of a per-row computed column on a row of this form (see computed-rows.ts). */
  rowValue?(rowIndex: number, columnId: string): Computation | undefined;
}

/** Per-row computed values of a form: column id → row index → computation. */
export type RowValues = Record<string, Map<number, Computation & { text?: string | null; localized?: Localized | null; notApplicable?: boolean }>>;

/** Where the Excel formula of one form may point in the workbook being built. */
export interface FormulaContext {
  /** A computed cell of another form of the family, sheet-qualified ("'B'!$K$4"), or null. */
  cell(templateId: string, computedId: string): string | null;
  /** A column's data rows on another form of the family, sheet-qualified. */
  range(templateId: string, columnId: string): string | null;
}

export const NO_FORMULA_CONTEXT: FormulaContext = { cell: () => null, range: () => null };

/** The Excel counterpart of a cell function (en-US, with "="), given the layout, the same params and the family. */
export type CellFormula = (t: Template, layout: FormLayout, args: Record<string, unknown>, params: Record<string, unknown>, ctx: FormulaContext) => string | null;

export function computeValues(
  doc: FormDocument,
  params: Record<string, unknown> = {},
  forms: ComputeContext["form"] = () => undefined,
  rowValue?: ComputeContext["rowValue"],
): Record<string, Computation> {
  const out: Record<string, Computation> = {};
  const ctx: ComputeContext = { done: out, form: forms, ...(rowValue ? { rowValue } : {}) };
  for (const def of doc.template.computed ?? []) out[def.id] = computeOne(doc, def, out, params, ctx);
  return out;
}

function computeOne(doc: FormDocument, def: ComputedDef, done: Record<string, Computation>, params: Record<string, unknown>, ctx: ComputeContext): Computation {
  if (def.aggregate) return aggregate(doc, def, def.aggregate);
  if (def.ratio) {
    const n = done[def.ratio.numerator];
    const d = done[def.ratio.denominator];
    const scale = def.ratio.scale ?? 1;
    const value =
      n?.value === null || d?.value === null || n === undefined || d === undefined || d.value === 0
        ? null
        : round((n.value! / d.value!) * scale, def.ratio.digits);
    const trace: TraceStep = {
      name: def.id, internal: true, label: def.label, value,
      formula: value === null ? undefined : `${n.value} / ${d.value} × ${scale} = ${value}`,
      children: [n?.trace, d?.trace].filter((x): x is TraceStep => !!x),
      excluded: value === null ? { reason: { kk: "бөлгіш нөлге тең", ru: "знаменатель равен нулю", en: "the denominator is zero" } } : undefined,
    };
    return { value, trace };
  }
  if (!def.fn) return { value: null, trace: { name: def.id, internal: true, label: def.label, value: null } };
  return cellFunction(doc.template, def.fn.name).compute(doc, def.fn.args ?? {}, params, ctx);
}

function aggregate(doc: FormDocument, def: ComputedDef, a: AggregateDef): Computation {
  const kinds = a.where?.kinds ? new Set(a.where.kinds) : null;
  const want = a.where?.equals !== undefined ? normaliseKkText(a.where.equals) : null;
  let value = 0;
  let rows = 0;
  for (const r of doc.rows) {
    if (r.placeholder || (kinds && !kinds.has(r.kind))) continue;
    if (a.where?.column) {
      const v = r.cells[a.where.column]?.value;
      if (want !== null && (typeof v !== "string" || normaliseKkText(v) !== want)) continue;
    }
    rows++;
    if (a.op === "count") value++;
    else {
      const v = r.cells[a.column!]?.value;
      if (typeof v === "number") value += v;
    }
  }
  return {
    value,
    trace: {
      name: def.id, internal: true, label: def.label, value,
      formula: a.op === "count" ? `${rows} rows` : `sum over ${rows} rows = ${value}`,
      inputs: { kinds: a.where?.kinds?.join(",") ?? null, column: a.where?.column ?? a.column ?? null, equals: a.where?.equals ?? null },
      says: aggregateWords(doc, a, rows, value),
    },
  };
}

/** What an aggregate counted or summed, with the form's own row-kind and column names. */
function aggregateWords(doc: FormDocument, a: AggregateDef, rows: number, value: number): Localized {
  const t = doc.template;
  const kinds = (a.where?.kinds ?? []).map((k) => t.table.rowKinds.find((x) => x.id === k)?.label).filter((x): x is Localized => !!x);
  const heading = (id: string | undefined) => (id ? t.table.columns.find((c) => c.id === id)?.heading : undefined);
  const out = {} as Localized;
  for (const lang of ["kk", "ru", "en"] as const) {
    const q = (x: string) => (lang === "en" ? `“${x}”` : `«${x}»`);
    const of = kinds.length ? kinds.map((k) => q(k[lang])).join(", ") : null;
    const col = heading(a.column)?.[lang];
    const where = a.where?.column && a.where.equals !== undefined ? `${q(heading(a.where.column)?.[lang] ?? "")} = ${q(a.where.equals)}` : null;
    const parts = {
      kk: [`${rows} жол`, of && `түрі: ${of}`, where, a.op === "sum" && col && `«${col}» бағанының қосындысы: ${value}`],
      ru: [`строк: ${rows}`, of && `вид: ${of}`, where, a.op === "sum" && col && `сумма по графе «${col}»: ${value}`],
      en: [`${rows} rows`, of && `of kind ${of}`, where, a.op === "sum" && col && `sum of “${col}”: ${value}`],
    }[lang];
    out[lang] = parts.filter(Boolean).join("; ");
  }
  return out;
}

function round(x: number, digits: number | undefined): number {
  if (digits === undefined) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The Excel formula (en-US, with "=") for a computed cell in a freshly laid-out sheet. */
export function computedFormula(
  t: Template,
  layout: FormLayout,
  def: ComputedDef,
  params: Record<string, unknown> = {},
  ctx: FormulaContext = NO_FORMULA_CONTEXT,
): string | null {
  if (def.aggregate) return "=" + aggregateFormula(t, layout, def.aggregate);
  if (def.ratio) {
    const n = fieldCell(layout, def.ratio.numerator);
    const d = fieldCell(layout, def.ratio.denominator);
    const scale = def.ratio.scale ?? 1;
    const core = `${n}/${d}${scale !== 1 ? `*${scale}` : ""}`;
    const val = def.ratio.digits !== undefined ? `ROUND(${core},${def.ratio.digits})` : core;
    return `=IF(OR(${d}="",${d}=0),"",${val})`;
  }
  const f = def.fn && cellFunction(t, def.fn.name).formula;
  return f ? f(t, layout, def.fn!.args ?? {}, params, ctx) : null;
}

/**
 * COUNTIFS over the row-kind helper column. Rows whose kind cell is blank are rows of the
 * default kind (activities) as long as they have a name, the same reading the parser makes.
 */
function aggregateFormula(t: Template, layout: FormLayout, a: AggregateDef): string {
  const kindCol = t.table.columns.find((c) => c.role === "rowKind");
  const kindRange = kindCol ? columnRange(layout, kindCol.id) : null;
  const nameRange = columnRange(layout, t.table.nameColumn);
  const extra: string[] = [];
  if (a.where?.column && a.where.equals !== undefined) {
    // An enumeration followed by free text («орындалды. …») is counted by its first words.
    const prefix = t.table.columns.find((c) => c.id === a.where!.column)?.enum?.prefix;
    const crit = prefix ? a.where.equals.replace(/[~*?]/g, "~$&") + "*" : a.where.equals;
    extra.push(`${columnRange(layout, a.where.column)},${excelString(crit)}`);
  }
  const fn = a.op === "count" ? "COUNTIFS" : "SUMIFS";
  const head = a.op === "sum" ? `${columnRange(layout, a.column!)},` : "";
  const tail = extra.length ? "," + extra.join(",") : "";
  if (!kindRange || !a.where?.kinds) return `${fn}(${head}${nameRange},"<>"${tail})`;
  const parts: string[] = [];
  for (const k of a.where.kinds) {
    const def = t.table.rowKinds.find((x) => x.id === k)!;
    parts.push(`${fn}(${head}${kindRange},"${def.label.kk}"${tail})`);
    if (def.isDefault) parts.push(`${fn}(${head}${kindRange},"",${nameRange},"<>"${tail})`);
  }
  return parts.join("+");
}
