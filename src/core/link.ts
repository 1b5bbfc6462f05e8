import type { PreparedForm } from "./check";
import type { MirrorFact, MirrorRowItem } from "./facts";
import { normaliseKkText } from "./text";
import { a1 } from "./grid";

/**
 * Pair the rows of a form with the rows of the form it mirrors (a report with its plan), when
 * both are in the same check. Each row of either side gets a `mirror` fact: paired or not, and
 * for pairs the columns that differ. Rules decide what that means; nothing here names a form.
 *
 * Each side also gets a form-level `mirror` fact listing the other side's unpaired rows, with the
 * cell after which each would stand here (the pair of the nearest paired row above it), so a row
 * dropped from a report is reported in both sheets. A template may declare a `window`: only the
 * counterpart's rows whose deadline falls between two of the report's derived dates are expected
 * in it (`row.mirror.inWindow`), e.g. the activities due in the reporting year.
 */
export function linkMirrors(forms: PreparedForm[]): void {
  for (const self of forms) {
    const m = self.doc.template.mirrors;
    if (!m) continue;
    const other = forms.find((f) => f.doc.template.id === m.template);
    if (!other) continue;
    const kinds = new Set(m.kinds);
    const key = (v: unknown) => normaliseKkText(v === null || v === undefined ? "" : String(v));
    const pool = new Map<string, PreparedForm["rows"]>();
    for (const r of other.rows) {
      if (!kinds.has(r.fact.kind)) continue;
      const k = key(r.fact[m.key.other]);
      if (!k) continue;
      pool.set(k, [...(pool.get(k) ?? []), r]);
    }
    const paired = new Set<PreparedForm["rows"][number]>();
    const pairOf = new Map<PreparedForm["rows"][number], PreparedForm["rows"][number]>();
    const selfCounterpart = { sheet: other.doc.sheet, template: other.doc.template.id, derived: other.facts.derived };
    const otherCounterpart = { sheet: self.doc.sheet, template: self.doc.template.id, derived: self.facts.derived };
    const cellOf = (f: PreparedForm, sheetRow: number) => {
      const c = f.doc.columns[f.doc.template.table.nameColumn];
      return c === undefined ? null : a1(sheetRow, c);
    };
    for (const r of self.rows) {
      if (!kinds.has(r.fact.kind)) continue;
      const candidates = pool.get(key(r.fact[m.key.self])) ?? [];
      const match = candidates.find((c) => !paired.has(c));
      if (!match) {
        r.fact.mirror = { status: "unpaired", counterpart: selfCounterpart, mismatches: [] };
        continue;
      }
      paired.add(match);
      pairOf.set(r, match);
      pairOf.set(match, r);
      const mismatches: MirrorFact["mismatches"] = [];
      for (const [mine, theirs] of Object.entries(m.columns)) {
        const a = r.fact[mine];
        const b = match.fact[theirs];
        const sameDue = r.fact[`${mine}Due`] !== undefined && r.fact[`${mine}Due`] !== null && r.fact[`${mine}Due`] === match.fact[`${theirs}Due`];
        if (key(a) !== key(b) && !sameDue) {
          const heading = self.doc.template.table.columns.find((c) => c.id === mine)?.heading;
          mismatches.push({ column: mine, heading, self: a === null ? "" : String(a), other: b === null ? "" : String(b) });
        }
      }
      r.fact.mirror = { status: "paired", counterpart: selfCounterpart, mismatches, otherCell: cellOf(other, match.row.sheetRow) };
      match.fact.mirror = { status: "paired", counterpart: otherCounterpart, mismatches: [], otherCell: cellOf(self, r.row.sheetRow) };
    }
    for (const r of other.rows)
      if (kinds.has(r.fact.kind) && !paired.has(r)) r.fact.mirror = { status: "unpaired", counterpart: otherCounterpart, mismatches: [] };

    // The window of the counterpart's rows the report is expected to hold.
    const w = m.window;
    const from = w?.from ? self.facts.derived[w.from] : null;
    const to = w?.to ? self.facts.derived[w.to] : null;
    const inWindow = (r: PreparedForm["rows"][number]): boolean => {
      if (!w) return true;
      const due = r.fact[`${w.column}Due`];
      if (typeof due !== "string") return false;
      if (w.from && (typeof from !== "string" || due < from)) return false;
      if (w.to && (typeof to !== "string" || due > to)) return false;
      return true;
    };
    for (const r of other.rows) if (r.fact.mirror) r.fact.mirror.inWindow = inWindow(r);
    for (const r of self.rows) if (r.fact.mirror) r.fact.mirror.inWindow = true;

    // Each side's list of the other's unpaired rows, anchored after the nearest pair above.
    const unpairedIn = (source: PreparedForm, target: PreparedForm, expected: (r: PreparedForm["rows"][number]) => boolean): MirrorRowItem[] => {
      const out: MirrorRowItem[] = [];
      let anchor: string | null = null;
      for (const r of source.rows) {
        const pair = pairOf.get(r);
        if (pair) {
          anchor = cellOf(target, pair.row.sheetRow);
          continue;
        }
        if (!kinds.has(r.fact.kind) || r.fact.mirror?.status !== "unpaired" || !expected(r)) continue;
        const name = r.fact[source === self ? m.key.self : m.key.other];
        out.push({
          row: r.row.sheetRow + 1, otherCell: cellOf(source, r.row.sheetRow), cell: anchor,
          name: name === null || name === undefined ? "" : String(name), kindLabel: r.fact.kindLabel,
          due: w ? r.fact[`${w.column}Due`] ?? null : null,
        });
      }
      return out;
    };
    self.facts.mirror = { counterpart: { sheet: other.doc.sheet, template: other.doc.template.id }, unpaired: unpairedIn(other, self, inWindow) };
    other.facts.mirror = { counterpart: { sheet: self.doc.sheet, template: self.doc.template.id }, unpaired: unpairedIn(self, other, () => true) };
  }
}
