import type { FormDocument, FormRow } from "./document";
import type { Grid } from "./grid";
import type { Template } from "./template/types";
import type { Typed } from "./values";
import type { AggregateSpec, Condition } from "./rules/types";
import { parseForm, ParseCache } from "./parse";
import type { CompiledPack, CompiledRule } from "./rules/pack";
import type { Calendar } from "./dates";
import { formFacts, resummarise, rowFact, absentWhenInvalid, FormFacts, RowFact, ComputedIssue, Summary } from "./facts";
import type { RowValues } from "./computed";
import { computeForm, rowComputedIssues, documentsFormulaContext, restorePanelFormula } from "./computed-rows";
import type { Computation } from "./trace";
import { DERIVED_FUNCTIONS } from "./rules/functions";
import { computeAggregate } from "./rules/aggregates";
import { Finding, renderMessage, sourceText } from "./findings";
import { a1 } from "./grid";
import { isFactRef, parsePath, type Facts } from "./rules/compile";
import { versionApplies, NewerVersion } from "./template/versions";
import type { DetectionMemo } from "./workbook";

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
   * Keep, per form, the rows' reads, facts and findings, so the next check re-reads only the rows
   * whose cells changed, rebuilds only the facts that depend on them and re-evaluates only the
   * rows whose facts changed (the add-in's live checking). A one-shot check (the CLI) turns it off.
   */
  incremental?: boolean;
  /**
   * The text a row's facts are keyed by in the findings cache. The default serialises the whole
   * row fact (everything a row rule can read); tests inject a key that drops a fact to show the
   * property test catches it.
   */
  rowKey?: (fact: RowFact) => string;
}

/** What the Checker keeps of one form (sheet + template) between runs, in incremental mode. */
interface FormState {
  parse: ParseCache;
  /** The rows' states as built last time, in the order of the document's rows (placeholders left out). */
  states: RowState[];
  /** Row findings by the row fact's key, then by where the row stands and its pairing; valid while `formKey` holds. */
  findings: Map<string, CachedFindings[]>;
  formKey: string;
  /** The last run, row by row (the rows of the prepared form): what a row whose fact is the same object reuses. */
  last: LastRun | null;
  /** Each pack aggregate as computed last time, with the rows it was computed over. */
  aggregates: Map<AggregateSpec, AggregateMemo>;
  /** Every read (its cells object) a row state was built for: a read not in it has no earlier state. */
  seen: WeakSet<Record<string, Typed>>;
  /** The last document's rows and their summary (facts.ts resummarise). */
  summary: { rows: FormRow[]; summary: Summary } | null;
}

interface LastRun {
  facts: RowFact[];
  sheetRows: number[];
  mirrors: string[];
  keys: string[];
  entries: CachedFindings[];
}

interface AggregateMemo {
  facts: RowFact[];
  sheetRows: number[];
  refs: string;
  out: ReturnType<typeof computeAggregate>;
}

interface CachedFindings {
  sheetRow: number;
  mirror: string;
  findings: Finding[];
}

interface RowState {
  row: FormRow;
  /** rowFact(): what the row and its place in the hierarchy give. */
  base: RowFact;
  /** With the per-row computed columns' values (the same object as `base` when the form has none). */
  stage: RowFact;
  computed: string;
  /** With the row's aggregates membership and row-derived values (the same as `stage` when none). */
  fact: RowFact;
  extras: string;
  /** The row's aggregates membership objects (computeAggregate's, the same objects while an aggregate is unchanged). */
  aggregates?: Record<string, unknown>;
}

export class Checker {
  private states = new Map<string, FormState>();
  private readonly incremental: boolean;
  private readonly keyOf: (fact: RowFact) => string;
  /** Each row fact's key, computed once: facts are never changed after prepare (the mirror aside, keyed apart). */
  private keys = new WeakMap<RowFact, string>();
  private rules = new Map<string, PreparedForm["rules"] & { reads: string[][] }>();
  /** Template detection by sheet, kept between checks in incremental mode (workbook.ts detectForms). */
  readonly detections: DetectionMemo | null;
  /** Row evaluations done by the last `run` (rows whose findings came from the cache are not counted). */
  lastEvaluatedRows = 0;
  /** Rows read afresh by the last `parse` and row facts built afresh by the last `prepare`. */
  lastParsedRows = 0;
  lastBuiltFacts = 0;

  constructor(private readonly packs: CompiledPack[], private readonly calendar: Calendar, options: CheckerOptions = {}) {
    this.incremental = options.incremental ?? true;
    this.detections = this.incremental ? new Map() : null;
    this.keyOf = options.rowKey ?? ((f) => JSON.stringify(f));
  }

  private state(sheet: string, templateId: string): FormState | null {
    if (!this.incremental) return null;
    const id = `${sheet}\u0000${templateId}`;
    let st = this.states.get(id);
    if (!st) this.states.set(id, (st = { parse: new ParseCache(), states: [], findings: new Map(), formKey: "", last: null, aggregates: new Map(), summary: null, seen: new WeakSet() }));
    return st;
  }

  /** Parse a sheet as a form; incrementally, only the rows whose cells changed are read again. */
  parse(grid: Grid, template: Template): FormDocument {
    const st = this.state(grid.sheet, template.id);
    const doc = parseForm(grid, template, st?.parse);
    this.lastParsedRows = st ? st.parse.lastRead : doc.rows.length;
    return doc;
  }

  rulesFor(templateId: string, version?: string): PreparedForm["rules"] {
    return this.compiledFor(templateId, version);
  }

  private compiledFor(templateId: string, version?: string): PreparedForm["rules"] & { reads: string[][] } {
    // Versions side by side: a template's rules differ by version when a rule declares `versions`.
    const cacheKey = version ? `${templateId}@${version}` : templateId;
    const known = this.rules.get(cacheKey);
    if (known) return known;
    const form: CompiledRule[] = [];
    const byKind = new Map<string, CompiledRule[]>();
    const anyKind: CompiledRule[] = [];
    for (const p of this.packs)
      for (const r of p.rules) {
        if (!appliesTo(r.templates, templateId)) continue;
        // A rule for other versions of the template (semver range in `versions`) does not run.
        if (version && !versionApplies(r.meta.versions, version)) continue;
        if (r.level === "form") form.push(r);
        else if (!r.kinds) anyKind.push(r);
        else for (const k of r.kinds) byKind.set(k, [...(byKind.get(k) ?? []), r]);
      }
    const rowRules = new Set([...anyKind, ...[...byKind.values()].flat()]);
    const out = { form, byKind, anyKind, reads: formReads([...rowRules]) };
    this.rules.set(cacheKey, out);
    return out;
  }

  paramsFor(templateId: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of this.packs) if (appliesTo(p.pack.templates, templateId)) Object.assign(out, p.params);
    return out;
  }

  prepare(
    doc: FormDocument,
    detection?: { declaredVersion: string | null; mismatch?: { declared: string }; newer?: NewerVersion | null },
    others: PreparedForm[] = [],
  ): PreparedForm {
    const params = this.paramsFor(doc.template.id);
    const st = this.state(doc.sheet, doc.template.id);
    // A live edit of values leaves the row counts as they were: only the replaced rows are recounted.
    const summary = st ? resummarise(doc, st.summary) : undefined;
    if (st && summary) st.summary = { rows: doc.rows, summary };
    const facts = formFacts(doc, params, summary);
    facts.structure.declaredVersion = detection?.declaredVersion ?? null;
    facts.structure.declaredTemplate = detection?.mismatch?.declared ?? null;
    // Computed cells first: rules read the core's values of per-row computed columns, not the sheet's.
    const { values: computed, rows: rowComputed } = computeForm(doc, params, (id) => {
      const f = others.find((o) => o.doc.template.id === id);
      return f ? { doc: f.doc, computed: f.computed, rows: f.rowComputed } : undefined;
    });
    // Derived values and aggregates may read the computed values (a score before and after an appeal).
    for (const [id, c] of Object.entries(computed)) facts.computed[id] = c.value;
    const prevStates = st?.states ?? [];
    const states: RowState[] = [];
    let built = 0;
    const computedCols = Object.keys(rowComputed);
    // A row of the last document (the parse patched only other rows) keeps its state; other rows
    // find last time's state with the same read (takeSame), by the read's cells.
    const sameRow: (RowState | undefined)[] = [];
    {
      let k = 0;
      for (const row of doc.rows) {
        if (row.placeholder) continue;
        const o = prevStates[k++];
        sameRow.push(o && o.row === row ? o : undefined);
      }
    }
    let byCells: Map<Record<string, Typed>, RowState[]> | null = null;
    const previous = () => {
      if (byCells) return byCells;
      byCells = new Map();
      const reused = new Set(sameRow);
      for (const o of prevStates) {
        if (reused.has(o)) continue;
        const list = byCells.get(o.row.cells);
        if (list) list.push(o);
        else byCells.set(o.row.cells, [o]);
      }
      return byCells;
    };
    // The row's own facts: reused when the row's read, its place in the hierarchy and its
    // computed values are what they were (a dependency of the row's fact on nothing else).
    const rows: PreparedForm["rows"] = [];
    let k = 0;
    for (const row of doc.rows) {
      if (row.placeholder) continue;
      // A read never seen before (the rows a value edit read again) has no earlier state to find.
      const old = st ? sameRow[k] ?? (st.seen.has(row.cells) ? takeSame(previous(), doc, row) : undefined) : undefined;
      k++;
      if (st && !old) st.seen.add(row.cells);
      let base = old?.base;
      if (base?.mirror) delete base.mirror;
      if (old?.stage.mirror) delete old.stage.mirror;
      if (!base) {
        base = rowFact(doc, row);
        built++;
      }
      let stage = base;
      let computedSig = "";
      if (computedCols.length) {
        computedSig = st ? JSON.stringify(computedCols.map((c) => rowComputedOf(rowComputed, c, row.index))) : "";
        stage = old && old.base === base && old.computed === computedSig ? old.stage : withRowComputed({ ...base }, row, rowComputed);
      }
      const rs: RowState = { row, base, stage, computed: computedSig, fact: stage, extras: "" };
      if (old && old.stage === stage) {
        rs.fact = old.fact; // provisional: replaced below when its aggregates or derived values differ
        rs.extras = old.extras;
        rs.aggregates = old.aggregates;
      }
      states.push(rs);
      rows.push({ row, fact: stage });
    }
    // Other forms of the workbook, for cross-form rules and derived values: forms.<templateId>.context.x …
    for (const o of others)
      facts.forms[o.doc.template.id] = { sheet: o.doc.sheet, header: o.facts.header, context: o.facts.context, computed: o.facts.computed, summary: o.facts.summary, derived: o.facts.derived };
    const resolve = (a: unknown) => (typeof a === "string" && a.startsWith("$") ? lookup(facts as unknown as Facts, a.slice(1)) : a);
    // Aggregates first (derived values may use them), then derived values in declaration order.
    // Each row's membership goes to `extras` (compared with last time's below), never into a shared fact.
    const rowAggregates = new Map<RowFact, Record<string, unknown>>();
    for (const p of this.packs) {
      if (!appliesTo(p.pack.templates, doc.template.id)) continue;
      for (const [name, spec] of Object.entries(p.pack.aggregates ?? {})) {
        if (spec.templates && !appliesTo(spec.templates, doc.template.id)) continue;
        const { fact, perRow } = this.aggregate(st, spec, rows, resolve);
        facts.aggregates[name] = fact;
        for (const [rowFact, a] of perRow) {
          const m = rowAggregates.get(rowFact);
          if (m) m[name] = a;
          else rowAggregates.set(rowFact, { [name]: a });
        }
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
    const rowDerived: { name: string; d: NonNullable<CompiledPack["pack"]["rowDerived"]>[string] }[] = [];
    for (const p of this.packs) {
      if (!appliesTo(p.pack.templates, doc.template.id)) continue;
      for (const [name, d] of Object.entries(p.pack.rowDerived ?? {})) if (!d.templates || appliesTo(d.templates, doc.template.id)) rowDerived.push({ name, d });
    }
    for (let i = 0; i < states.length; i++) {
      const rs = states[i];
      const aggregates = rowAggregates.get(rs.stage);
      // Unchanged own facts and the same membership objects, no row-derived values: last time's fact.
      if (st && rowDerived.length === 0 && rs.fact !== rs.stage && sameMembers(rs.aggregates, aggregates)) {
        if (rs.fact.mirror) delete rs.fact.mirror;
        rows[i].fact = rs.fact;
        continue;
      }
      let derived: Record<string, unknown> | undefined;
      let work: RowFact | null = null;
      for (const { name, d } of rowDerived) {
        if (d.kinds && !d.kinds.includes(rs.stage.kind)) continue;
        work ??= aggregates ? { ...rs.stage, aggregates } : rs.stage;
        const row = { ...work, ...(derived ? { derived } : {}) };
        const args = d.args.map((a) => (typeof a === "string" && a.startsWith("$row.") ? lookup({ row } as Facts, a.slice(1)) : resolve(a)));
        const cell = a1(rows[i].row.sheetRow, doc.columns[doc.template.table.nameColumn] ?? 0);
        (derived ??= {})[name] = safely(() => DERIVED_FUNCTIONS[d.fn](args, { calendar: this.calendar, offCalendar: offCalendar(cell) }));
      }
      const extras = aggregates || derived ? (st ? JSON.stringify([aggregates ?? null, derived ?? null]) : "\u0001") : "";
      if (extras === "") rs.fact = rs.stage;
      else if (!(st && rs.fact !== rs.stage && rs.extras === extras)) {
        // A new fact only when the row's membership or derived values changed (or its own facts did).
        const f: RowFact = { ...rs.stage };
        if (aggregates) f.aggregates = aggregates;
        if (derived) f.derived = derived;
        rs.fact = f;
      }
      rs.extras = extras;
      rs.aggregates = aggregates;
      // The mirror (link.ts) is set on the rows after prepare, for one check only: keyed apart in run.
      if (rs.fact.mirror) delete rs.fact.mirror;
      rows[i].fact = rs.fact;
    }
    if (st) st.states = states;
    this.lastBuiltFacts = built;
    Object.assign(facts.structure, computedIssues(doc, computed));
    const formulaCtx = documentsFormulaContext([doc, ...others.map((o) => o.doc)]);
    for (const item of facts.structure.computedOverwritten) item.formula = restorePanelFormula(doc, item.field.replace(/^computed\./, ""), params, formulaCtx);
    const rowIssues = rowComputedIssues(doc, rowComputed, params, formulaCtx);
    facts.structure.computedOverwritten.push(...rowIssues.overwritten);
    facts.structure.computedDiffers.push(...rowIssues.differs);
    facts.structure.computedMissing = rowIssues.missing;
    facts.structure.computedKindMissing = rowIssues.kindMissing;
    if (detection?.newer) facts.template.newer = detection.newer;
    return { doc, facts, rows, computed, rowComputed, rules: this.compiledFor(doc.template.id, doc.template.version) };
  }

  /**
   * A pack aggregate over the rows of its kinds: last time's result (the same objects) when those
   * rows are the same fact objects at the same sheet rows and its parameters resolve the same.
   */
  private aggregate(st: FormState | null, spec: AggregateSpec, rows: PreparedForm["rows"], resolve: (a: unknown) => unknown): ReturnType<typeof computeAggregate> {
    const kinds = spec.kinds ? new Set(spec.kinds) : null;
    const facts: RowFact[] = [];
    const sheetRows: number[] = [];
    for (const r of rows)
      if (!kinds || kinds.has(r.fact.kind)) {
        facts.push(r.fact);
        sheetRows.push(r.row.sheetRow);
      }
    const refs = st ? JSON.stringify([spec.where?.equals, spec.where?.matches, spec.where?.notMatches, spec.maxDistinct, spec.maxCount].map(resolve)) : "";
    const memo = st?.aggregates.get(spec);
    if (memo && memo.refs === refs && sameList(memo.facts, facts) && sameList(memo.sheetRows, sheetRows)) return memo.out;
    const out = computeAggregate(spec, facts.map((fact, i) => ({ sheetRow: sheetRows[i], fact })), resolve);
    st?.aggregates.set(spec, { facts, sheetRows, refs, out });
    return out;
  }

  run(form: PreparedForm): Finding[] {
    const { doc, facts } = form;
    const findings: Finding[] = [];
    const base = facts as unknown as Facts;
    for (const rule of form.rules.form) if (rule.test(base)) findings.push(...emit(rule, form, base, null));

    const st = this.state(doc.sheet, doc.template.id);
    // Rows read the form's facts too: when those they read change, no cached row finding is valid.
    const formKey = st ? this.formKey(form) : "";
    const valid = st !== null && st.formKey === formKey;
    const previous = st && valid ? st.findings : new Map<string, CachedFindings[]>();
    // A row whose fact is the very object of last run's row at the same place takes its findings
    // without a key; the key map is then changed only where rows differ.
    const last = st && valid && st.last && st.last.facts.length === form.rows.length ? st.last : null;
    const next = last ? previous : new Map<string, CachedFindings[]>();
    const cur: LastRun = last
      ? { facts: last.facts.slice(), sheetRows: last.sheetRows.slice(), mirrors: last.mirrors.slice(), keys: last.keys.slice(), entries: last.entries.slice() }
      : { facts: [], sheetRows: [], mirrors: [], keys: [], entries: [] };
    const changed: number[] = [];
    const rowFacts: Facts = { ...base, row: null };
    let evaluated = 0;
    for (let i = 0; i < form.rows.length; i++) {
      const { row, fact } = form.rows[i];
      const mirror = st && fact.mirror ? JSON.stringify(fact.mirror) : "";
      if (last && last.facts[i] === fact && last.sheetRows[i] === row.sheetRow && last.mirrors[i] === mirror) {
        for (const f of last.entries[i].findings) findings.push(f);
        continue;
      }
      // The key: the row's facts (a string kept per fact object, so its hash is computed once),
      // where the row stands (findings name its cells) and its pairing in this check.
      const key = st ? this.keyFor(fact) : "";
      let rowFindings: Finding[] | undefined;
      if (st) {
        const hit = previous.get(key)?.find((c) => c.sheetRow === row.sheetRow && c.mirror === mirror);
        rowFindings = hit?.findings;
      }
      if (!rowFindings) {
        evaluated++;
        rowFindings = [];
        rowFacts.row = fact;
        const kindRules = form.rules.byKind.get(fact.kind);
        if (kindRules) for (const rule of kindRules) if (rule.test(rowFacts)) rowFindings.push(...emit(rule, form, rowFacts, row));
        for (const rule of form.rules.anyKind) if (rule.test(rowFacts)) rowFindings.push(...emit(rule, form, rowFacts, row));
      }
      if (st) {
        const entry = { sheetRow: row.sheetRow, mirror, findings: rowFindings };
        if (last) changed.push(i);
        else {
          const list = next.get(key);
          if (list) list.push(entry);
          else next.set(key, [entry]);
        }
        cur.facts[i] = fact;
        cur.sheetRows[i] = row.sheetRow;
        cur.mirrors[i] = mirror;
        cur.keys[i] = key;
        cur.entries[i] = entry;
      }
      for (const f of rowFindings) findings.push(f);
    }
    if (st) {
      // The key map follows the rows that changed: last run's entry out, this run's in.
      for (const i of changed) {
        const list = next.get(last!.keys[i]);
        const at = list ? list.indexOf(last!.entries[i]) : -1;
        if (list && at >= 0) {
          list.splice(at, 1);
          if (list.length === 0) next.delete(last!.keys[i]);
        }
      }
      for (const i of changed) {
        const list = next.get(cur.keys[i]);
        if (list) list.push(cur.entries[i]);
        else next.set(cur.keys[i], [cur.entries[i]]);
      }
      st.findings = next;
      st.formKey = formKey;
      st.last = cur;
    }
    this.lastEvaluatedRows = evaluated;
    return findings;
  }

  /** A row fact's key (without its mirror, keyed apart), computed once per fact object. */
  private keyFor(fact: RowFact): string {
    let k = this.keys.get(fact);
    if (k === undefined) {
      let own = fact;
      if (fact.mirror) {
        own = { ...fact };
        delete own.mirror;
      }
      this.keys.set(fact, (k = this.keyOf(own)));
    }
    return k;
  }

  /**
   * What row rules read of the form besides the row (the paths of their conditions, messages and
   * targets, found when the rules are compiled), and where findings point (columns, fields).
   */
  private formKey(form: PreparedForm): string {
    const facts = form.facts as unknown as Facts;
    const { reads } = this.compiledFor(form.doc.template.id);
    const values = reads.map((keys) => {
      let cur: unknown = facts;
      for (const k of keys) {
        if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
        cur = (cur as Record<string, unknown>)[k];
      }
      return cur;
    });
    const d = form.doc;
    const at = (m: Record<string, { address: string | null }>) => Object.values(m).map((x) => x.address);
    return JSON.stringify([values, d.columns, at(d.header), at(d.context), at(d.signature), at(d.computedCells)]);
  }

  /** Forget everything kept between runs (e.g. when a rule pack changes). */
  reset(): void {
    this.states.clear();
    this.detections?.clear();
  }
}

/** Last time's state of a row with the same read, when its own facts would be built the same. */
function takeSame(previous: Map<Record<string, Typed>, RowState[]>, doc: FormDocument, row: FormRow): RowState | undefined {
  const list = previous.get(row.cells);
  if (!list) return undefined;
  const parent = row.parent === null ? null : doc.rows[row.parent];
  for (let i = 0; i < list.length; i++) {
    const o = list[i];
    const p = o.row;
    if (p.kind !== row.kind || p.number !== row.number || p.section !== row.section || p.ordinal !== row.ordinal) continue;
    if (o.base.parentKind !== (parent ? parent.kind : null) || o.base.parentNumber !== (parent ? parent.number : null)) continue;
    if (!sameMembers(p.children, row.children) || !sameMembers(p.before, row.before)) continue;
    list.splice(i, 1);
    return o;
  }
  return undefined;
}

/** The same keys holding the same values (identical objects), or both absent. */
function sameMembers(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  if (!a || !b) return a === b;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

function sameList<T>(a: T[], b: T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}


function rowComputedOf(rows: RowValues, col: string, index: number): unknown {
  const v = rows[col]?.get(index);
  return v ? [v.text !== undefined ? v.text : v.value, v.localized ?? null] : null;
}

/**
 * The paths of the form's facts (not `row`) that row rules read: condition facts and fact
 * references, message placeholders, `target.each`, and what the legacy downgrade reads.
 */
function formReads(rules: CompiledRule[]): string[][] {
  const out = new Map<string, string[]>();
  const add = (fact: string, keys: string[] | null) => {
    if (fact === "row" || fact === "item") return;
    const path = [fact, ...(keys ?? [])];
    out.set(path.join("\u0000"), path);
  };
  const walk = (c: Condition) => {
    if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
    else if ("not" in c) walk(c.not);
    else if ("fact" in c) {
      add(c.fact, c.path ? parsePath(c.path) : null);
      if (isFactRef(c.value)) add(c.value.fact, c.value.path ? parsePath(c.value.path) : null);
    }
  };
  add("header", ["year"]);
  add("params", ["legacyPolicy"]);
  for (const r of rules) {
    walk(r.def.conditions);
    for (const text of Object.values(r.meta.message ?? {}))
      for (const m of String(text).matchAll(/\{([A-Za-z0-9_.]+)\}/g)) {
        const [fact, ...keys] = m[1].split(".");
        add(fact, keys);
      }
    const each = r.meta.target?.each;
    if (each) {
      const [fact, ...keys] = each.split(".");
      add(fact, keys);
    }
  }
  return [...out.values()];
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

/** The lists of type-invalid values: findings about them are the data-type rule's own. */
const TYPE_INVALID = new Set(["row.invalid", "structure.invalidFields"]);
const invalidCellsOf = new WeakMap<PreparedForm, Set<string>>();

/**
 * The cells holding a number invalid for its type (text in a number column, NaN, 1e309). Their
 * value is absent for every rule but the data-type rule (facts.ts, `usable`), so another rule's
 * finding on such a cell could only say it is missing or zero — misleading beside "not a number".
 * An invalid text of another type (an enumeration's value off the list) stays readable, and the
 * rules that read it say what is wrong with it.
 */
function invalidCells(form: PreparedForm): Set<string> {
  let cells = invalidCellsOf.get(form);
  if (!cells) {
    cells = new Set<string>();
    const t = form.doc.template;
    const columnType = new Map(t.table.columns.map((c) => [c.id, c.type]));
    const fieldType = new Map<string, string>([...t.header.map((f) => [`header.${f.id}`, f.type] as const), ...t.context.map((f) => [`context.${f.id}`, f.type] as const)]);
    for (const { row, fact } of form.rows)
      for (const item of fact.invalid) {
        const at = absentWhenInvalid(columnType.get(item.column ?? "")) ? locate(form.doc, row, item.column, undefined) : null;
        if (at) cells.add(at);
      }
    for (const item of form.facts.structure.invalidFields) {
      const at = absentWhenInvalid(fieldType.get(item.field ?? "")) ? locate(form.doc, null, undefined, item.field) : null;
      if (at) cells.add(at);
    }
    invalidCellsOf.set(form, cells);
  }
  return cells;
}

/**
 * A rule's findings, without those on a cell whose value is invalid for its type: one generic
 * place instead of a guard in every rule that reads a numeric column. Findings elsewhere that
 * follow from the absence (a coefficient that leaves the row out) stay: they say what it costs.
 */
function emit(rule: CompiledRule, form: PreparedForm, facts: Facts, row: FormRow | null): Finding[] {
  const out = emitAll(rule, form, facts, row);
  if (rule.meta.target?.each && TYPE_INVALID.has(rule.meta.target.each)) return out;
  const invalid = invalidCells(form);
  return invalid.size ? out.filter((f) => f.cell === null || !invalid.has(f.cell)) : out;
}

function emitAll(rule: CompiledRule, form: PreparedForm, facts: Facts, row: FormRow | null): Finding[] {
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
      citation: { seed: meta.source.seed, paragraph: meta.source.paragraph, quote: meta.source.quote, derived: meta.derived },
      ...(meta.patched ? { patched: meta.patched } : {}),
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
