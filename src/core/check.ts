import type { FormDocument, FormRow } from "./document";
import type { CompiledPack, CompiledRule } from "./rules/pack";
import type { Calendar } from "./dates";
import { formFacts, rowFact, FormFacts, RowFact, ComputedIssue } from "./facts";
import type { RowValues } from "./computed";
import { computeForm, rowComputedIssues, documentsFormulaContext, restorePanelFormula } from "./computed-rows";
import type { Computation } from "./trace";
import { DERIVED_FUNCTIONS } from "./rules/functions";
import { computeAggregate } from "./rules/aggregates";
import { Finding, renderMessage, sourceText } from "./findings";
import { a1 } from "./grid";
import type { Facts } from "./rules/compile";

/** A document with its facts built: the input of rule evaluation. */
export interface PreparedForm {
  doc: FormDocument;
  facts: FormFacts;
  rows: { row: FormRow; fact: RowFact }[];
  computed: Record<string, Computation>;
  /** Per-row computed columns: column id → row index → value (computed-rows.ts). */
  rowComputed: RowValues;
  rules: { form: CompiledRule[]; byKind: Map<string, CompiledRule[]>; anyKind: CompiledRule[] };
}

/**
 * The runner. Rules are compiled once per pack; per document each row meets only the rules
 * guarded for its kind; findings of a row are cached by the row's fact (and the form's facts),
 * so a live re-check after an edit evaluates only the rows whose facts changed.
 */
export interface CheckerOptions {
  /**
   * Keep each row's findings keyed by its facts, so the next run re-evaluates only changed rows
   * (the add-in's live checking). A one-shot check (the CLI) turns it off and skips the keys.
   */
  incremental?: boolean;
}

export class Checker {
  private cache = new Map<string, { formKey: string; rows: Map<string, Finding[]> }>();
  private readonly incremental: boolean;
  /** Row evaluations done by the last `run` (rows whose findings came from the cache are not counted). */
  lastEvaluatedRows = 0;

  constructor(private readonly packs: CompiledPack[], private readonly calendar: Calendar, options: CheckerOptions = {}) {
    this.incremental = options.incremental ?? true;
  }

  rulesFor(templateId: string): PreparedForm["rules"] {
    const form: CompiledRule[] = [];
    const byKind = new Map<string, CompiledRule[]>();
    const anyKind: CompiledRule[] = [];
    for (const p of this.packs)
      for (const r of p.rules) {
        if (!appliesTo(r.templates, templateId)) continue;
        if (r.level === "form") form.push(r);
        else if (!r.kinds) anyKind.push(r);
        else for (const k of r.kinds) byKind.set(k, [...(byKind.get(k) ?? []), r]);
      }
    return { form, byKind, anyKind };
  }

  paramsFor(templateId: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of this.packs) if (appliesTo(p.pack.templates, templateId)) Object.assign(out, p.params);
    return out;
  }

  prepare(
    doc: FormDocument,
    detection?: { declaredVersion: string | null; mismatch?: { declared: string } },
    others: PreparedForm[] = [],
  ): PreparedForm {
    const params = this.paramsFor(doc.template.id);
    const facts = formFacts(doc, params);
    facts.structure.declaredVersion = detection?.declaredVersion ?? null;
    facts.structure.declaredTemplate = detection?.mismatch?.declared ?? null;
    // Computed cells first: rules read the core's values of per-row computed columns, not the sheet's.
    const { values: computed, rows: rowComputed } = computeForm(doc, params, (id) => {
      const f = others.find((o) => o.doc.template.id === id);
      return f ? { doc: f.doc, computed: f.computed, rows: f.rowComputed } : undefined;
    });
    // Derived values and aggregates may read the computed values (a score before and after an appeal).
    for (const [id, c] of Object.entries(computed)) facts.computed[id] = c.value;
    const rows = doc.rows.filter((r) => !r.placeholder).map((row) => ({ row, fact: withRowComputed(rowFact(doc, row), row, rowComputed) }));
    // Other forms of the workbook, for cross-form rules and derived values: forms.<templateId>.context.x …
    for (const o of others)
      facts.forms[o.doc.template.id] = { sheet: o.doc.sheet, header: o.facts.header, context: o.facts.context, computed: o.facts.computed, summary: o.facts.summary, derived: o.facts.derived };
    const resolve = (a: unknown) => (typeof a === "string" && a.startsWith("$") ? lookup(facts as unknown as Facts, a.slice(1)) : a);
    // Aggregates first (derived values may use them), then derived values in declaration order.
    for (const p of this.packs) {
      if (!appliesTo(p.pack.templates, doc.template.id)) continue;
      for (const [name, spec] of Object.entries(p.pack.aggregates ?? {})) {
        if (spec.templates && !appliesTo(spec.templates, doc.template.id)) continue;
        const { fact, perRow } = computeAggregate(spec, rows.map((r) => ({ sheetRow: r.row.sheetRow, fact: r.fact })), resolve);
        facts.aggregates[name] = fact;
        for (const [rowFact, a] of perRow) ((rowFact.aggregates ??= {}) as Record<string, unknown>)[name] = a;
      }
    }
    // A working-day deadline past the calendar's coverage is a weekends-only estimate: say so (X-CALENDAR-COVERAGE).
    const offCalendar = (cell: string | null) => (from: string, to: string) => {
      if (!facts.structure.offCalendar.some((o) => o.deadline === to && o.cell === cell))
        facts.structure.offCalendar.push({ deadline: to, from, coverageTo: this.calendar.coverage?.to ?? null, cell });
    };
    for (const p of this.packs) {
      if (!appliesTo(p.pack.templates, doc.template.id)) continue;
      for (const [name, d] of Object.entries(p.pack.derived ?? {})) {
        const args = d.args.map(resolve);
        facts.derived[name] = safely(() => DERIVED_FUNCTIONS[d.fn](args, { calendar: this.calendar, offCalendar: offCalendar(null) }));
      }
    }
    // Row-level derived values (a journal row's own deadline), in declaration order: row.derived.<name>.
    for (const p of this.packs) {
      if (!appliesTo(p.pack.templates, doc.template.id)) continue;
      for (const [name, d] of Object.entries(p.pack.rowDerived ?? {})) {
        if (d.templates && !appliesTo(d.templates, doc.template.id)) continue;
        for (const r of rows) {
          if (d.kinds && !d.kinds.includes(r.fact.kind)) continue;
          const args = d.args.map((a) => (typeof a === "string" && a.startsWith("$row.") ? lookup({ row: r.fact } as Facts, a.slice(1)) : resolve(a)));
          const cell = a1(r.row.sheetRow, doc.columns[doc.template.table.nameColumn] ?? 0);
          ((r.fact.derived ??= {}) as Record<string, unknown>)[name] = safely(() => DERIVED_FUNCTIONS[d.fn](args, { calendar: this.calendar, offCalendar: offCalendar(cell) }));
        }
      }
    }
    Object.assign(facts.structure, computedIssues(doc, computed));
    const formulaCtx = documentsFormulaContext([doc, ...others.map((o) => o.doc)]);
    for (const item of facts.structure.computedOverwritten) item.formula = restorePanelFormula(doc, item.field.replace(/^computed\./, ""), params, formulaCtx);
    const rowIssues = rowComputedIssues(doc, rowComputed, params, formulaCtx);
    facts.structure.computedOverwritten.push(...rowIssues.overwritten);
    facts.structure.computedDiffers.push(...rowIssues.differs);
    facts.structure.computedMissing = rowIssues.missing;
    facts.structure.computedKindMissing = rowIssues.kindMissing;
    return { doc, facts, rows, computed, rowComputed, rules: this.rulesFor(doc.template.id) };
  }

  run(form: PreparedForm): Finding[] {
    const { doc, facts } = form;
    const findings: Finding[] = [];
    const base = facts as unknown as Facts;
    for (const rule of form.rules.form) if (rule.test(base)) findings.push(...emit(rule, form, base, null));

    const cacheKey = `${doc.sheet}\u0000${doc.template.id}`;
    // Rows read the form's facts too: when those change, no cached row finding is valid.
    const formKey = this.incremental ? JSON.stringify([facts.header, facts.context, facts.derived, facts.params, facts.summary, facts.forms, facts.aggregates, facts.mirror ?? null]) : "";
    const cached = this.cache.get(cacheKey);
    const previous = cached && cached.formKey === formKey ? cached.rows : new Map<string, Finding[]>();
    const next = new Map<string, Finding[]>();
    const rowFacts: Facts = { ...base, row: null };
    let evaluated = 0;
    for (const { row, fact } of form.rows) {
      const key = this.incremental ? rowKey(row, fact) : "";
      let rowFindings = this.incremental ? previous.get(key) : undefined;
      if (!rowFindings) {
        evaluated++;
        rowFindings = [];
        rowFacts.row = fact;
        const kindRules = form.rules.byKind.get(fact.kind);
        if (kindRules) for (const rule of kindRules) if (rule.test(rowFacts)) rowFindings.push(...emit(rule, form, rowFacts, row));
        for (const rule of form.rules.anyKind) if (rule.test(rowFacts)) rowFindings.push(...emit(rule, form, rowFacts, row));
      }
      if (this.incremental) next.set(key, rowFindings);
      for (const f of rowFindings) findings.push(f);
    }
    if (this.incremental) this.cache.set(cacheKey, { formKey, rows: next });
    this.lastEvaluatedRows = evaluated;
    return findings;
  }

  /** Forget cached row findings (e.g. when a rule pack changes). */
  reset(): void {
    this.cache.clear();
  }
}

/**
 * What a row's findings depend on, cheaply: its place, kind, structure and the texts of its
 * cells (typed values, invalid and blank lists follow from these and the form's facts, which
 * are keyed apart), and its pairing with the counterpart form.
 */
function rowKey(row: FormRow, fact: RowFact): string {
  let key = `${row.sheetRow}\u0001${fact.kind}\u0001${fact.number}\u0001${fact.expectedNumber}\u0001${fact.section}\u0001${fact.parentKind}\u0001${fact.parentNumber}`;
  for (const k in row.children) key += `\u0001${k}=${row.children[k]}`;
  for (const k in row.cells) key += `\u0002${row.cells[k].text}`;
  if (fact.mirror) key += `\u0003${JSON.stringify(fact.mirror)}`;
  return key;
}

/** A row's fact holds the core's value of each per-row computed column (text columns: the text). */
function withRowComputed(fact: RowFact, row: FormRow, rows: RowValues): RowFact {
  for (const [col, values] of Object.entries(rows)) {
    const v = values.get(row.index);
    if (v) fact[col] = v.text !== undefined ? v.text : v.value;
    // A text column's text in every language, for messages: {row.noteLocalized}.
    if (v?.localized) fact[`${col}Localized`] = v.localized;
  }
  return fact;
}

/** A derived value the data cannot give (a 31st of April, a date off the calendar) is simply absent. */
function safely(fn: () => unknown): unknown {
  try {
    return fn() ?? null;
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/** A pack or rule for "*" applies to every template. */
function appliesTo(templates: string[], id: string): boolean {
  return templates.includes(id) || templates.includes("*");
}

/**
 * Computed cells the sheet does not hold as computed: a typed number where the template has a
 * formula (overwritten by hand), or a formula whose cached value differs from the core's.
 */
function computedIssues(doc: FormDocument, computed: Record<string, Computation>): { computedOverwritten: ComputedIssue[]; computedDiffers: ComputedIssue[] } {
  const computedOverwritten: ComputedIssue[] = [];
  const computedDiffers: ComputedIssue[] = [];
  for (const def of doc.template.computed ?? []) {
    const cell = doc.computedCells[def.id];
    if (!cell?.address) continue;
    const expected = computed[def.id]?.value ?? null;
    const actual = cell.value;
    const blank = actual === null || actual === "";
    const item = { field: `computed.${def.id}`, label: def.label, expected, actual };
    if (!cell.formula && !blank) computedOverwritten.push(item);
    else if (cell.formula && typeof actual === "number" && expected !== null && Math.abs(actual - expected) > 1e-9) computedDiffers.push(item);
    // An error shown where a value belongs (#DIV/0!, #REF! of a broken reference), or a number where the core has none.
    else if (cell.formula && !blank && (typeof actual === "string" ? /^#[A-Z0-9/!?]+/.test(actual) : typeof actual === "number" && expected === null))
      computedDiffers.push(item);
  }
  return { computedOverwritten, computedDiffers };
}

export function lookup(facts: Facts, path: string): unknown {
  let cur: unknown = facts;
  for (const k of path.split(".")) {
    if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function emit(rule: CompiledRule, form: PreparedForm, facts: Facts, row: FormRow | null): Finding[] {
  const meta = rule.meta;
  const target = meta.target ?? {};
  const items: (Record<string, unknown> | null)[] = target.each
    ? ((lookup(facts, target.each) as Record<string, unknown>[] | undefined) ?? [])
    : [null];
  return items.map((item) => {
    const get = (p: string) => (p.startsWith("item.") ? lookup({ item } as Facts, p) : lookup(facts, p));
    const { message, values } = renderMessage(meta, get);
    const column = (item?.column as string | undefined) ?? target.column ?? (row ? meta.columns?.[0] : undefined);
    const field = (item?.field as string | undefined) ?? target.field;
    const f: Finding = {
      rule: meta.ruleId, ref: meta.ref, severity: meta.severity, template: form.doc.template.id,
      sheet: form.doc.sheet, cell: (item?.cell as string | undefined) ?? locate(form.doc, row, column, field), message, values,
      source: sourceText(meta), type: rule.def.event.type,
    };
    if (row) {
      f.row = row.sheetRow + 1;
      if (column) f.column = column;
    }
    applyValidity(f, meta, form.facts);
    return f;
  });
}

function locate(doc: FormDocument, row: FormRow | null, column: string | undefined, field: string | undefined): string | null {
  if (field) {
    const [group, id] = field.split(".");
    const m = group === "header" ? doc.header : group === "context" ? doc.context : group === "signature" ? doc.signature : null;
    if (m && m[id]) return m[id].address;
    if (group === "computed") return doc.computedCells[id]?.address ?? null;
    return null;
  }
  if (!row) return null;
  const col = column !== undefined ? doc.columns[column] : doc.columns[doc.template.table.nameColumn];
  return col === undefined ? null : a1(row.sheetRow, col);
}

/**
 * A lapsed act never blocks a user by mistake: for a document whose year lies outside a rule's
 * validity window, an error is reported as a warning and marked legacy (policy in the pack's
 * `legacyPolicy` param: "downgrade" by default, "apply" to keep errors as errors).
 */
function applyValidity(f: Finding, meta: CompiledRule["meta"], facts: FormFacts): void {
  const year = typeof facts.header.year === "number" ? facts.header.year : null;
  if (year === null) return;
  const after = meta.validTo !== undefined && `${year}-01-01` > meta.validTo;
  const before = meta.validFrom !== undefined && `${year}-12-31` < meta.validFrom;
  if (!after && !before) return;
  f.legacy = true;
  if (f.severity === "error" && facts.params.legacyPolicy !== "apply") f.severity = "warning";
}
