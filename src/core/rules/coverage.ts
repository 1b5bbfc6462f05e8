/**
 * The coverage ledger (rules/coverage.json): every rule of the specification (R001–R234) and where
 * it lives — pack rules, computed cells (`computes`), or `notCheckable` with a reason. The ledger is
 * the project's own list of the spec's ids; `auditCoverage` holds it against the packs so that a
 * rule the packs forget, or a status the packs contradict, is a test failure rather than a gap.
 * The README's "not checkable" lists are generated from the packs (`renderNotCheckable`).
 */
import type { RulePack, Severity } from "./types";

/**
 * checked: pack rules decide it. computed: computed cells carry it (guard rules may flag edge cases).
 * partial: pack rules check a part, the rest is `notCheckable` with the reason. notCheckable: no rule.
 */
export type CoverageStatus = "checked" | "computed" | "partial" | "notCheckable";

export interface LedgerEntry {
  ref: string;
  /** The spec's id for the rule (its `ruleId` in the packs). */
  id: string;
  /** The spec's severity; a pack rule of another severity says why in `source.note`. */
  severity: Severity;
  status: CoverageStatus;
  /** The packs that hold the rule. */
  packs: string[];
  /** Pack rule names (with sub-rules) that check it. */
  rules?: string[];
}

export interface Ledger {
  source: string;
  total: number;
  entries: LedgerEntry[];
}

interface Found {
  packs: Set<string>;
  rules: Set<string>;
  computes: number;
  notCheckable: number;
}

function refId(n: number): string {
  return `R${String(n).padStart(3, "0")}`;
}

function found(packs: RulePack[]): Map<string, Found> {
  const by = new Map<string, Found>();
  const get = (ref: string) => {
    let f = by.get(ref);
    if (!f) by.set(ref, (f = { packs: new Set(), rules: new Set(), computes: 0, notCheckable: 0 }));
    return f;
  };
  for (const p of packs) {
    for (const r of p.rules) {
      const ref = r.event.params.ref;
      if (!ref) continue;
      const f = get(ref);
      f.packs.add(p.id);
      f.rules.add(r.name);
    }
    for (const c of p.computes ?? []) {
      const f = get(c.ref);
      f.packs.add(p.id);
      f.computes++;
    }
    for (const n of p.notCheckable ?? []) {
      const f = get(n.ref);
      f.packs.add(p.id);
      f.notCheckable++;
    }
  }
  return by;
}

function statusOf(f: Found): CoverageStatus | string {
  const rules = f.rules.size > 0;
  if (f.computes && f.notCheckable) return "conflicting (computes and notCheckable)";
  if (f.computes) return "computed";
  if (rules && f.notCheckable) return "partial";
  if (rules) return "checked";
  if (f.notCheckable) return "notCheckable";
  return "nowhere";
}

const sameSet = (a: Iterable<string>, b: Iterable<string>) => {
  const x = [...a].sort().join("\n");
  const y = [...b].sort().join("\n");
  return x === y;
};

/** Every way the ledger and the packs disagree, one sentence each; empty when all 234 are accounted for. */
export function auditCoverage(ledger: Ledger, packs: RulePack[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, LedgerEntry>();
  for (const e of ledger.entries) {
    const prev = seen.get(e.ref);
    if (prev) problems.push(`${e.ref} appears twice in the ledger (${prev.status} and ${e.status})`);
    else seen.set(e.ref, e);
  }
  for (let i = 1; i <= ledger.total; i++) if (!seen.has(refId(i))) problems.push(`${refId(i)} is missing from the ledger`);
  const inPacks = found(packs);
  for (const [ref] of inPacks) if (!seen.has(ref)) problems.push(`${ref} is in a pack but not in the ledger`);

  for (const e of seen.values()) {
    const f = inPacks.get(e.ref);
    if (!f) {
      problems.push(`${e.ref} ${e.id}: the ledger says ${e.status}, but no pack holds it`);
      continue;
    }
    const actual = statusOf(f);
    if (actual !== e.status) problems.push(`${e.ref} ${e.id}: the ledger says ${e.status}, the packs say ${actual}`);
    if (!sameSet(f.packs, e.packs)) problems.push(`${e.ref} ${e.id}: the ledger names packs [${e.packs.join(", ")}], the packs are [${[...f.packs].join(", ")}]`);
    if (!sameSet(f.rules, e.rules ?? [])) problems.push(`${e.ref} ${e.id}: the ledger names rules [${(e.rules ?? []).join(", ")}], the packs have [${[...f.rules].join(", ")}]`);
  }

  // Severity as the spec says, or the difference justified in the rule's source note.
  for (const p of packs)
    for (const r of p.rules) {
      const m = r.event.params;
      const e = m.ref ? seen.get(m.ref) : undefined;
      if (e && m.severity !== e.severity && !m.source.note)
        problems.push(`${r.name} (${m.ref}) is ${m.severity} where the spec says ${e.severity}, and its source note gives no reason`);
    }
  return problems;
}

export function coverageCounts(ledger: Ledger): Record<CoverageStatus, number> {
  const counts: Record<CoverageStatus, number> = { checked: 0, computed: 0, partial: 0, notCheckable: 0 };
  for (const e of ledger.entries) counts[e.status]++;
  return counts;
}

/** The README list of a pack's not-checkable rules: one line each, "- R041 OP-… — reason". */
export function renderNotCheckable(pack: RulePack): string {
  return (pack.notCheckable ?? []).map((n) => `- ${n.ref} ${n.ruleId} — ${n.reason}`).join("\n");
}

const SECTION = /<!-- not-checkable:([a-z0-9-]+) -->\n([\s\S]*?)<!-- \/not-checkable:\1 -->/g;

/** The README with every `<!-- not-checkable:<pack> -->` section regenerated from its pack. */
export function renderReadme(readme: string, packs: RulePack[]): string {
  return readme.replace(SECTION, (_all, id: string) => {
    const pack = packs.find((p) => p.id === id);
    const body = pack ? renderNotCheckable(pack) : `(no pack ${id})`;
    return `<!-- not-checkable:${id} -->\n${body ? body + "\n" : ""}<!-- /not-checkable:${id} -->`;
  });
}

/** Where the README differs from the packs: a stale section, or a pack with not-checkable rules and no section. */
export function readmeProblems(readme: string, packs: RulePack[]): string[] {
  const problems: string[] = [];
  const sections = new Set([...readme.matchAll(SECTION)].map((m) => m[1]));
  for (const p of packs)
    if ((p.notCheckable ?? []).length && !sections.has(p.id)) problems.push(`the README has no not-checkable section for pack ${p.id}`);
  for (const id of sections) if (!packs.some((p) => p.id === id)) problems.push(`the README has a not-checkable section for an unknown pack ${id}`);
  if (renderReadme(readme, packs) !== readme) problems.push("the README's not-checkable lists differ from the packs: run `npm run readme:rules`");
  return problems;
}
