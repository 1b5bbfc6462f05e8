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
