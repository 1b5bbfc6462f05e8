import type { Finding } from "../core/findings";
import type { Severity } from "../core/rules/types";
import type { TraceStep, Computation } from "../core/trace";
import { parseA1 } from "../core/grid";
import type { CheckedForm } from "./model";

/** The pane's reading of a check: findings in severity groups, a flat order for next/previous. */
export interface Entry {
  key: string;
  form: CheckedForm;
  finding: Finding;
  /** A computed cell typed over by hand: the pane offers to restore its formula. */
  restorable: boolean;
}

export interface Group {
  severity: Severity;
  entries: Entry[];
}

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

export function entryKey(f: Finding, i: number): string {
  return `${f.sheet}!${f.cell ?? "-"}#${f.rule}#${i}`;
}

export function groupFindings(forms: CheckedForm[]): Group[] {
  const groups = new Map<Severity, Entry[]>(SEVERITIES.map((s) => [s, []]));
  let i = 0;
  for (const form of forms) {
    for (const finding of form.findings) {
      const restorable = finding.rule === "X-COMPUTED-OVERWRITTEN" && !!finding.cell;
      groups.get(finding.severity)!.push({ key: entryKey(finding, i++), form, finding, restorable });
    }
  }
  return SEVERITIES.map((severity) => ({ severity, entries: groups.get(severity)! }));
}

export function counts(groups: Group[]): Record<Severity, number> {
  const c = { error: 0, warning: 0, info: 0 } as Record<Severity, number>;
  for (const g of groups) c[g.severity] = g.entries.length;
  return c;
}

/** Findings in the order next/previous walk them: errors, then warnings, then infos. */
export function flatten(groups: Group[]): Entry[] {
  return groups.flatMap((g) => g.entries);
}

/** Index of the next (+1) or previous (−1) finding that has a cell, wrapping around. */
export function step(entries: Entry[], current: number, dir: 1 | -1): number {
  if (entries.length === 0) return -1;
  const n = entries.length;
  const start = current < 0 ? (dir === 1 ? -1 : 0) : current;
  for (let k = 1; k <= n; k++) {
    const i = (((start + dir * k) % n) + n) % n;
    if (entries[i].finding.cell) return i;
  }
  return -1;
}

/** The computed value at a selected cell, for "show the math". */
export function computedAt(forms: CheckedForm[] | null, sel: { sheet: string; address: string } | null): { form: CheckedForm; id: string; computation: Computation } | null {
  if (!forms || !sel) return null;
  let target: { r: number; c: number };
  try {
    target = parseA1(sel.address.split(":")[0]);
  } catch {
    return null;
  }
  for (const form of forms) {
    if (form.sheet !== sel.sheet) continue;
    for (const [id, address] of Object.entries(form.computedCells)) {
      if (!address) continue;
      const p = parseA1(address);
      if (p.r === target.r && p.c === target.c && form.computed[id]) return { form, id, computation: form.computed[id] };
    }
    const bare = sel.address.split(":")[0].replace(/\$/g, "");
    const row = form.rowComputed?.[bare];
    if (row) return { form, id: bare, computation: row };
  }
  return null;
}

/** A trace tree as indented lines (also what screen readers get as the tree's text). */
export function traceLines(step: TraceStep, depth = 0): { depth: number; step: TraceStep }[] {
  return [{ depth, step }, ...(step.children ?? []).flatMap((c) => traceLines(c, depth + 1))];
}

/* ---------- The findings list of the pane: sheet → severity → items, in reading order ---------- */

/**
 * Rules whose findings, on a sheet the user has not touched yet, are progress rather than errors:
 * the required-cell rules (their ids say REQUIRED, as X-REQUIRED-HEADER and the packs' *-REQUIRED-*).
 */
export const REQUIRED_RULE = /REQUIRED/;

export interface Filter {
  severities: Severity[];
  /** A sheet name, or null for every sheet. */
  sheet: string | null;
  /** A rule id, or null for every rule. */
  rule: string | null;
  /** Text searched in the message (in the pane's language), the cell and the rule id. */
  text: string;
}

export const NO_FILTER: Filter = { severities: [...SEVERITIES], sheet: null, rule: null, text: "" };

export interface SheetGroup {
  sheet: string;
  form: CheckedForm;
  /** Severity groups with at least one entry, errors first. */
  groups: Group[];
  count: number;
}

/** Reading order inside a sheet: row, then column; form-level findings (no cell) first. */
export function readingKey(f: Finding): [number, number] {
  if (!f.cell) return [-1, -1];
  try {
    const p = parseA1(f.cell.split(":")[0]);
    return [p.r, p.c];
  } catch {
    return [-1, -1];
  }
}

function byReading(a: Entry, b: Entry): number {
  const [ra, ca] = readingKey(a.finding);
  const [rb, cb] = readingKey(b.finding);
  return ra - rb || ca - cb || a.finding.rule.localeCompare(b.finding.rule);
}

/** The findings a form shows: on a sheet still in progress, empty required cells are not listed (they are its progress). */
export function shownFindings(form: CheckedForm): Finding[] {
  return form.progress ? form.findings.filter((f) => !REQUIRED_RULE.test(f.rule)) : form.findings;
}

export function matches(e: Entry, filter: Filter, text: (e: Entry) => string): boolean {
  if (!filter.severities.includes(e.finding.severity)) return false;
  if (filter.sheet !== null && e.finding.sheet !== filter.sheet) return false;
  if (filter.rule !== null && e.finding.rule !== filter.rule) return false;
  const q = filter.text.trim().toLocaleLowerCase();
  return !q || text(e).toLocaleLowerCase().includes(q);
}

/** Sheets in workbook order, each with its severity groups in reading order, after the filter. */
export function sheetGroups(forms: CheckedForm[], filter: Filter = NO_FILTER, text: (e: Entry) => string = (e) => e.finding.rule): SheetGroup[] {
  let i = 0;
  const out: SheetGroup[] = [];
  for (const form of forms) {
    const by = new Map<Severity, Entry[]>(SEVERITIES.map((s) => [s, []]));
    for (const finding of shownFindings(form)) {
      const e: Entry = { key: entryKey(finding, i++), form, finding, restorable: finding.rule === "X-COMPUTED-OVERWRITTEN" && !!finding.cell };
      if (matches(e, filter, text)) by.get(finding.severity)!.push(e);
    }
    const groups = SEVERITIES.map((severity) => ({ severity, entries: by.get(severity)!.sort(byReading) })).filter((g) => g.entries.length > 0);
    const count = groups.reduce((n, g) => n + g.entries.length, 0);
    if (count > 0 || form.progress) out.push({ sheet: form.sheet, form, groups, count });
  }
  return out;
}

/** Next/previous walk: sheet by sheet in reading order (severity does not reorder the walk). */
export function readingOrder(sheets: SheetGroup[]): Entry[] {
  return sheets.flatMap((s) => s.groups.flatMap((g) => g.entries).sort(byReading));
}

/** Every rule id and sheet present, for the filters' choices. */
export function choices(forms: CheckedForm[]): { sheets: string[]; rules: string[] } {
  const rules = new Set<string>();
  for (const f of forms) for (const x of shownFindings(f)) rules.add(x.rule);
  return { sheets: forms.map((f) => f.sheet), rules: [...rules].sort() };
}

/** Findings as CSV (RFC 4180, UTF-8 with BOM so Excel opens Kazakh and Russian text right). */
export function findingsCsv(rows: string[][]): string {
  const cell = (v: string) => (/[",\n\r;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return "\uFEFF" + rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
