import type { AggregateSpec } from "./types";
import type { RowFact } from "../facts";
import { CUSTOM_OPERATORS } from "./operators";
import { isBlank } from "../grid";

/**
 * Pack-declared aggregates over a form's rows: how many rows of some kinds satisfy a condition
 * (a column equal to a value, recognised by patterns, filled), which distinct values they carry,
 * grouped (e.g. by the year of a deadline), and which groups have more distinct values than
 * allowed. Exposed to the rules as the fact `aggregates.<name>` — with the sheet rows counted,
 * so a form-level finding can name them — and on each counted row as `row.aggregates.<name>`.
 * Nothing here names a form: the pack says which kinds, columns and patterns.
 */
export interface AggregateGroup {
  key: string | number | null;
  count: number;
  /** 1-based sheet rows of the group's rows. */
  rows: number[];
  /** Distinct values, sorted. */
  values: unknown[];
}

export interface AggregateOver extends AggregateGroup {
  distinct: number;
  max: number;
  /** Rows whose value is not among the group's `max` most frequent values. */
  outlierRows: number[];
}

export interface AggregateFact extends AggregateGroup {
  groups: AggregateGroup[];
  /** The groups' keys, in order (e.g. the years that have a deadline). */
  keys: (string | number | null)[];
  /** Groups with more distinct values than `maxDistinct`. */
  over: AggregateOver[];
}

export interface AggregateRowFact {
  group: string | number | null;
  value: unknown;
  /** The row's value is not among its group's most frequent values (when the group has too many). */
  outlier: boolean;
  /** The group's most frequent values (at most `maxDistinct`). */
  common: unknown[];
  /** 1-based position of the row in its group, in sheet order. */
  position: number;
}

/** A "$params.x"-style reference resolved against the form's facts; other values as they are. */
export type Resolve = (v: unknown) => unknown;

export function computeAggregate(
  spec: AggregateSpec,
  rows: { sheetRow: number; fact: RowFact }[],
  resolve: Resolve,
): { fact: AggregateFact; perRow: Map<RowFact, AggregateRowFact> } {
  const kinds = spec.kinds ? new Set(spec.kinds) : null;
  const members: { sheetRow: number; fact: RowFact; value: unknown; group: string | number | null }[] = [];
  for (const r of rows) {
    if (kinds && !kinds.has(r.fact.kind)) continue;
    if (spec.where && !rowMatches(spec.where, r.fact, resolve)) continue;
    const value = spec.value ? r.fact[spec.value] ?? null : null;
    const group = groupKey(spec, r.fact, value);
    if (group === null && Array.isArray(spec.groupBy)) continue;
    members.push({ sheetRow: r.sheetRow + 1, fact: r.fact, value, group });
  }
  const byGroup = new Map<string | number | null, typeof members>();
  for (const m of members) byGroup.set(m.group, [...(byGroup.get(m.group) ?? []), m]);
  const groups: AggregateGroup[] = [...byGroup.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([key, ms]) => ({ key, count: ms.length, rows: ms.map((m) => m.sheetRow), values: distinct(ms.map((m) => m.value)) }));
  const maxRaw = resolve(spec.maxDistinct);
  const max = typeof maxRaw === "number" && Number.isFinite(maxRaw) ? maxRaw : null;
  const maxCountRaw = resolve(spec.maxCount);
  const maxCount = typeof maxCountRaw === "number" && Number.isFinite(maxCountRaw) ? maxCountRaw : null;
  const over: AggregateOver[] = [];
  const perRow = new Map<RowFact, AggregateRowFact>();
  for (const [key, ms] of byGroup) {
    const common = max === null ? distinct(ms.map((m) => m.value)) : mostFrequent(ms.map((m) => m.value), max);
    const commonKeys = new Set(common.map(valueKey));
    const tooMany = max !== null && distinct(ms.map((m) => m.value)).length > max;
    const tooManyRows = maxCount !== null && ms.length > maxCount;
    const outlierRows: number[] = [];
    ms.forEach((m, i) => {
      const outlier = (tooMany && m.value !== null && !commonKeys.has(valueKey(m.value))) || (tooManyRows && i >= maxCount!);
      if (outlier) outlierRows.push(m.sheetRow);
      perRow.set(m.fact, { group: key, value: m.value, outlier, common, position: i + 1 });
    });
    if (tooMany || tooManyRows) {
      const g = groups.find((x) => x.key === key)!;
      over.push({ ...g, distinct: g.values.length, max: (tooMany ? max : maxCount)!, outlierRows });
    }
  }
  over.sort((a, b) => compare(a.key, b.key));
  return {
    fact: { key: null, count: members.length, rows: members.map((m) => m.sheetRow), values: distinct(members.map((m) => m.value)), groups, keys: groups.map((g) => g.key), over },
    perRow,
  };
}

function rowMatches(where: NonNullable<AggregateSpec["where"]>, fact: RowFact, resolve: Resolve): boolean {
  const v = fact[where.column];
  if (where.notBlank !== undefined && isBlank(v as never) === where.notBlank) return false;
  if (where.equals !== undefined && v !== resolve(where.equals)) return false;
  if (where.matches !== undefined && !CUSTOM_OPERATORS.matchesKk(v, resolve(where.matches))) return false;
  if (where.notMatches !== undefined && !CUSTOM_OPERATORS.notMatchesKk(v, resolve(where.notMatches))) return false;
  return true;
}

function groupKey(spec: AggregateSpec, fact: RowFact, value: unknown): string | number | null {
  if (!spec.groupBy) return null;
  if (Array.isArray(spec.groupBy)) {
    // A composite key: each part as typed, spaces collapsed; a blank part leaves the row ungrouped.
    const parts = spec.groupBy.map((field) => fact[field]);
    if (parts.some((p) => (typeof p !== "string" && typeof p !== "number") || String(p).trim() === "")) return null;
    return parts.map((p) => String(p).replace(/\s+/g, " ").trim()).join(" · ");
  }
  if (spec.groupBy === "valueYear") return typeof value === "string" && /^\d{4}-/.test(value) ? Number(value.slice(0, 4)) : null;
  if (spec.groupBy === "valueMonth") return typeof value === "string" && /^\d{4}-\d{2}/.test(value) ? value.slice(0, 7) : null;
  const g = fact[spec.groupBy];
  return typeof g === "string" || typeof g === "number" ? g : null;
}

function valueKey(v: unknown): string {
  return JSON.stringify(v ?? null);
}

function distinct(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) if (v !== null && v !== undefined && v !== "") seen.set(valueKey(v), v);
  return [...seen.values()].sort(compare);
}

/** The `n` most frequent non-blank values; ties go to the earlier value (dates: the earlier date). */
function mostFrequent(values: unknown[], n: number): unknown[] {
  const counts = new Map<string, { v: unknown; c: number }>();
  for (const v of values) {
    if (v === null || v === undefined || v === "") continue;
    const k = valueKey(v);
    counts.set(k, { v, c: (counts.get(k)?.c ?? 0) + 1 });
  }
  return [...counts.values()]
    .sort((a, b) => b.c - a.c || compare(a.v, b.v))
    .slice(0, Math.max(0, n))
    .map((x) => x.v)
    .sort(compare);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : 1;
}
