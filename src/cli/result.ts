import type { WorkbookResult } from "../core/workbook";
import type { PreparedForm } from "../core/check";
import type { Computation, TraceStep } from "../core/trace";
import type { RowComputation } from "../core/computed-rows";
import { a1 } from "../core/grid";
import { pick, Lang } from "../core/i18n";
import type { Finding } from "../core/findings";
import { computedText } from "../core/present";
import { patchNote, PatchMark } from "../core/rules/patches";
import { identityOf, FormIdentity } from "./collected";

/**
 * What `jospar check` reports about one file: plain data (it crosses from the worker that checked
 * the file to the main thread), rendered in one language. The stream of these is the internal API
 * every output consumes (text, JSON, NDJSON, and the register and report).
 *
 * - `ok`: read and checked; `forms` holds the findings.
 * - `unreadable`: bad input (not an .xlsx, damaged, encrypted, over a limit, no form): `error` says why.
 * - `not-written`: checked (`forms` as for ok) but its checked copy could not be written: `error` says why.
 * - `internal-error`: a defect of Jospar itself while checking this file; `error.stack` for --debug.
 */
export type FileStatus = "ok" | "unreadable" | "not-written" | "internal-error";

export interface FindingJson {
  rule: string;
  severity: "error" | "warning" | "info";
  sheet: string;
  cell: string | null;
  message: string;
  source: string;
  legacy?: true;
  /** A reviewer's decision (issue 12): accepted, or lapsed because the values changed since. */
  accepted?: Review;
  lapsed?: Review;
  /** The rule was changed by a rule patch (issue 11): which, how, and a sentence saying so. */
  patched?: PatchMark & { note: string };
}

export interface Review {
  by: string;
  at: string;
  reason: string;
}

export interface FormJson {
  sheet: string;
  template: { id: string; version: string };
  findings: FindingJson[];
  computed: Record<string, unknown>;
  traces: Record<string, unknown>;
  computedCells: Record<string, string | null>;
  computedRows: Record<string, unknown[]>;
  /** The computed values by their labels in the report's language ("Activities in total: 5"). */
  computedText: string[];
  /** Who filed the form and for which year (header fields marked `identifies`), its form number and title: what a register lists. */
  identity?: FormIdentity;
}

export interface FileResult {
  path: string;
  status: FileStatus;
  error?: { code: string; message: string; stack?: string };
  forms: FormJson[];
  unrecognisedSheets?: string[];
  /** The catalog version the workbook records it was last checked with (by the add-in or a checked copy), when it does. */
  lastCheckedWith?: string;
  /** Old sheets kept beside their upgraded copies (the pane's Upgrade): not checked. */
  keptSheets?: string[];
  /** Where the checked copy was written (with --out-dir). */
  checkedCopy?: string;
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  /** Findings a reviewer accepted: counted apart, never errors or warnings. */
  accepted: number;
}

export function countFindings(r: FileResult, into: Counts = { errors: 0, warnings: 0, infos: 0, accepted: 0 }): Counts {
  for (const f of r.forms)
    for (const x of f.findings) {
      if (x.accepted) into.accepted++;
      else into[x.severity === "error" ? "errors" : x.severity === "warning" ? "warnings" : "infos"]++;
    }
  return into;
}

export function formsJson(result: WorkbookResult, lang: Lang): FormJson[] {
  return result.forms.map((f) => ({
    sheet: f.sheet,
    template: f.template,
    findings: [...f.findings, ...f.accepted].map((x) => ({
      rule: x.rule, severity: x.severity, sheet: x.sheet, cell: x.cell, message: pick(x.message, lang), source: x.source,
      ...(x.legacy ? { legacy: true as const } : {}),
      ...(x.patched ? { patched: { ...x.patched, note: pick(patchNote(x.patched), lang) } } : {}),
      ...reviewJson(x),
    })),
    computed: Object.fromEntries(Object.entries(f.computed).map(([k, c]) => [k, c.value])),
    traces: Object.fromEntries(Object.entries(f.computed).map(([k, c]) => [k, traceJson(c, lang)])),
    computedCells: f.computedCells,
    computedRows: rowsJson(f.prepared, lang),
    computedText: Object.entries(f.computed).filter(([, c]) => c.value !== null).map(([k, c]) => computedText(k, c, lang, f.prepared.doc.template)),
    identity: identityOf(f, lang),
  }));
}

/** A reviewer's decision on a finding: `accepted: {by, at, reason}`, or `lapsed` when the values changed since. */
function reviewJson(x: Finding): { accepted?: Review; lapsed?: Review } {
  if (!x.review) return {};
  const { by, at, reason } = x.review;
  return { [x.review.status]: { by, at, reason } };
}

/** Per-row computed columns: column id → one entry per row (sheet row, cell, value, text, trace). */
function rowsJson(p: PreparedForm, lang: Lang): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [col, values] of Object.entries(p.rowComputed)) {
    const c = p.doc.columns[col];
    out[col] = [...values.entries()]
      .filter(([, v]) => !(v as RowComputation).notApplicable)
      .map(([i, v]) => {
        const row = p.doc.rows[i];
        const text = (v as RowComputation).text;
        return { row: row.sheetRow + 1, cell: c === undefined ? null : a1(row.sheetRow, c), value: v.value, ...(text ? { text } : {}), trace: traceJson(v, lang) };
      });
  }
  return out;
}

function traceJson(c: Computation, lang: Lang): unknown {
  const walk = (s: TraceStep): unknown => ({
    name: s.name,
    ...(s.label ? { label: pick(s.label, lang) } : {}),
    value: s.value,
    ...(s.formula ? { formula: s.formula } : {}),
    ...(s.inputs ? { inputs: s.inputs } : {}),
    ...(s.excluded ? { excluded: pick(s.excluded.reason, lang) } : {}),
    ...(s.cell ? { cell: s.cell } : {}),
    ...(s.children?.length ? { children: s.children.map(walk) } : {}),
  });
  return walk(c.trace);
}
