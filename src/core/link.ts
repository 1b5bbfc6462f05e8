import type { PreparedForm } from "./check";
import type { MirrorFact } from "./facts";
import { normaliseKkText } from "./dates";
import { a1 } from "./grid";

/**
 * Pair the rows of a form with the rows of the form it mirrors (a report with its plan), when
 * both are in the same check. Each row of either side gets a `mirror` fact: paired or not, and
 * for pairs the columns that differ. Rules decide what that means; nothing here names a form.
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
  }
}
