import {
  parseDate, addCalendarDays, addMonths, addWorkingDays, quarterEnd, monthAfterQuarterDay, parseQuarter,
  nthWorkingDayOfMonth, isoDate, Calendar, coversDate,
} from "../dates";
import { normaliseKkText } from "../text";
import { CUSTOM_OPERATORS } from "./operators";

/**
 * Functions a rule pack may use for derived values ("derived": {"x": {"fn": …, "args": […]}}).
 * They are generic date and arithmetic helpers: no form is named here. Every function returns
 * null when an input is missing or unusable, so a rule over it simply does not fire.
 */
export interface DerivedEnv {
  calendar: Calendar;
  /** Told when a working-day count runs outside the calendar's coverage: the result counts weekends only. */
  offCalendar?: (from: string, to: string) => void;
}
export type DerivedFn = (args: unknown[], env: DerivedEnv) => unknown;

/** A working-day result, reported to env.offCalendar when the days counted leave the calendar's coverage. */
function counted(env: DerivedEnv, from: string | null, to: string | null): string | null {
  if (from && to && env.offCalendar && (!coversDate(env.calendar, from) || !coversDate(env.calendar, to))) env.offCalendar(from, to);
  return to;
}

const num = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
};
const date = (v: unknown): string | null => (v === null || v === undefined || v === "" ? null : parseDate(v));
const quarter = (v: unknown): number | null => (typeof v === "number" && v >= 1 && v <= 4 ? v : parseQuarter(v));

export const DERIVED_FUNCTIONS: Record<string, DerivedFn> = {
  /** The deadline n calendar days after an event (counting from the next day unless told otherwise). */
  addCalendarDays: ([d, n, fromEventDay]) => {
    const x = date(d);
    const k = num(n);
    return x && k !== null ? addCalendarDays(x, k, { countFromEventDay: fromEventDay === true }) : null;
  },
  addWorkingDays: ([d, n], env) => {
    const x = date(d);
    const k = num(n);
    return x && k !== null ? counted(env, x, addWorkingDays(env.calendar, x, k)) : null;
  },
  addMonths: ([d, n]) => {
    const x = date(d);
    const k = num(n);
    return x && k !== null ? addMonths(x, k) : null;
  },
  date: ([y, m, d]) => {
    const a = num(y), b = num(m), c = num(d);
    return a !== null && b !== null && c !== null ? isoDate(a, b, c) : null;
  },
  yearStart: ([y]) => (num(y) !== null ? isoDate(num(y)!, 1, 1) : null),
  yearEnd: ([y]) => (num(y) !== null ? isoDate(num(y)!, 12, 31) : null),
  yearOf: ([d]) => {
    const x = date(d);
    return x ? Number(x.slice(0, 4)) : null;
  },
  quarterEnd: ([y, q]) => {
    const a = num(y), b = quarter(q);
    return a !== null && b !== null ? quarterEnd(a, b) : null;
  },
  /** Day `day` of the month after quarter q (Q4 → January of the next year). */
  monthAfterQuarterDay: ([y, q, day]) => {
    const a = num(y), b = quarter(q), c = num(day);
    return a !== null && b !== null && c !== null ? monthAfterQuarterDay(a, b, c) : null;
  },
  nthWorkingDayOfMonth: ([y, m, n], env) => {
    const a = num(y), b = num(m), c = num(n);
    return a !== null && b !== null && c !== null ? counted(env, isoDate(a, b, 1), nthWorkingDayOfMonth(env.calendar, a, b, c)) : null;
  },
  maxDate: ([list]) => extreme(list, 1),
  /** The latest of the given dates that falls in the year (an anchor such as a signing or amendment). */
  latestInYear: ([y, ...dates]) => {
    const year = num(y);
    if (year === null) return null;
    return extreme(dates.filter((d) => date(d)?.startsWith(`${year}-`)), 1);
  },
  minDate: ([list]) => extreme(list, -1),
  /** Inclusive span of years: 2021…2025 → 5. */
  span: ([a, b]) => (num(a) !== null && num(b) !== null ? num(b)! - num(a)! + 1 : null),
  add: ([a, b]) => (num(a) !== null && num(b) !== null ? num(a)! + num(b)! : null),
  sub: ([a, b]) => (num(a) !== null && num(b) !== null ? num(a)! - num(b)! : null),
  coalesce: (args) => args.find((a) => a !== null && a !== undefined && a !== "") ?? null,
  /** A number as text, for comparing a year with text cells. */
  text: ([a]) => (a === null || a === undefined ? null : String(a)),
  /**
   * pct % of base, rounded as the pack's params say ("floor" by default, "round", "ceil" or
   * "none"): the 20 % cap on additional indicators is floor(0.2 × approved), configurable.
   */
  percentOf: ([base, pct, rounding]) => {
    const b = num(base), p = num(pct);
    if (b === null || p === null) return null;
    const x = (b * p) / 100;
    const r = rounding === undefined || rounding === null ? "floor" : String(rounding);
    // Tolerate binary noise (20 % of 15 is 3, not 2.9999999999999996).
    const eps = 1e-9;
    return r === "none" ? x : r === "ceil" ? Math.ceil(x - eps) : r === "round" ? Math.round(x) : Math.floor(x + eps);
  },
  /** The value paired with `key` in a list of key/value pairs: pick(source, "context", $x, "rows", $y). */
  pick: ([key, ...pairs]) => {
    for (let i = 0; i + 1 < pairs.length; i += 2) if (pairs[i] === key) return pairs[i + 1] ?? null;
    return null;
  },
  /** Years from start to end (inclusive) that are not in the list: a period year with no deadline. */
  yearsMissing: ([start, end, years]) => {
    const a = num(start), b = num(end);
    if (a === null || b === null || b < a || b - a > 100) return null;
    const have = new Set((Array.isArray(years) ? years : []).map((y) => num(y)));
    const out: number[] = [];
    for (let y = a; y <= b; y++) if (!have.has(y)) out.push(y);
    return out;
  },
  /** The parts joined as text (a pattern built from years), null when one is missing. */
  concat: (args) => (args.some((a) => a === null || a === undefined || a === "") ? null : args.map((a) => String(a)).join("")),
  /** Day `day` of the month after the date's month: 25 July for a half-year ending 30.06, 20 January for a year. */
  dayOfNextMonth: ([d, day]) => {
    const x = date(d), k = num(day);
    if (!x || k === null) return null;
    const y = Number(x.slice(0, 4)), m = Number(x.slice(5, 7));
    return m === 12 ? isoDate(y + 1, 1, k) : isoDate(y, m + 1, k);
  },
  /** The n-th working day (Kazakhstan calendar: holidays, moved days off, transferred working days) of the month after the date's. */
  nthWorkingDayOfNextMonth: ([d, n], env) => {
    const x = date(d), k = num(n);
    if (!x || k === null) return null;
    const y = Number(x.slice(0, 4)), m = Number(x.slice(5, 7));
    const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    return counted(env, isoDate(ny, nm, 1), nthWorkingDayOfMonth(env.calendar, ny, nm, k));
  },
  /** The day of the month of a date (a certificate sent on the 26th). */
  dayOfMonth: ([d]) => {
    const x = date(d);
    return x ? Number(x.slice(8, 10)) : null;
  },
  abs: ([a]) => (num(a) !== null ? Math.abs(num(a)!) : null),
  /** |a + b|: how far two changes are from mirroring each other. */
  absSum: ([a, b]) => (num(a) !== null && num(b) !== null ? Math.abs(num(a)! + num(b)!) : null),
  /** |a − b| (a computed value against the one typed). */
  absDiff: ([a, b]) => (num(a) !== null && num(b) !== null ? Math.abs(num(a)! - num(b)!) : null),
  /** The `key` of every object of a list (the codes of a participants list). */
  pluck: ([list, key]) => (Array.isArray(list) ? list.map((x) => (x && typeof x === "object" ? (x as Record<string, unknown>)[String(key)] : undefined)).filter((x) => x !== undefined && x !== null) : null),
  /**
   * Items of the first list that no item of the second contains, compared after X-TEXT-NORMALISE:
   * the Strategy's target indicators the plan does not list (a plan row may carry its label,
   * «1-нысаналы индикатор. …», before the name). Empty when the first list is.
   */
  missingItems: ([wanted, have]) => {
    if (!Array.isArray(wanted)) return [];
    const texts = (Array.isArray(have) ? have : []).map((x) => normaliseKkText(String(x)));
    return wanted.filter((w) => {
      const n = normaliseKkText(String(w));
      return n !== "" && !texts.some((t) => t.includes(n));
    });
  },
  /** Whether the text contains an item of the list (after X-TEXT-NORMALISE); null for no text or an empty list. */
  containsAny: ([text, list]) => {
    if (typeof text !== "string" || !text.trim() || !Array.isArray(list) || list.length === 0) return null;
    const t = normaliseKkText(text);
    return list.some((x) => {
      const n = normaliseKkText(String(x));
      return n !== "" && t.includes(n);
    });
  },
  /** The `key` of the list's object whose `matchKey` equals `value` (a participant's role by its code); null when none. */
  lookup: ([list, matchKey, value, key]) => {
    if (!Array.isArray(list) || value === null || value === undefined || value === "") return null;
    const hit = list.find((x) => x && typeof x === "object" && String((x as Record<string, unknown>)[String(matchKey)]) === String(value)) as Record<string, unknown> | undefined;
    return hit?.[String(key)] ?? null;
  },
  /**
   * The object of the list whose `body` (or one of its `aliases`) is the value, compared after
   * X-TEXT-NORMALISE: an evaluated body's entry in a reference map. Null when none.
   */
  entryFor: ([list, value]) => {
    if (!Array.isArray(list) || typeof value !== "string" || !value.trim()) return null;
    const v = normaliseKkText(value);
    const names = (x: Record<string, unknown>) => [x.body, ...(Array.isArray(x.aliases) ? x.aliases : [])];
    return list.find((x) => x && typeof x === "object" && names(x as Record<string, unknown>).some((n) => typeof n === "string" && normaliseKkText(n) === v)) ?? null;
  },
  /** Whether the text matches one of the patterns after X-TEXT-NORMALISE (operator matchesKk); null for no text. */
  matchesAny: ([text, patterns]) => (typeof text === "string" && text.trim() ? CUSTOM_OPERATORS.matchesKk(text, patterns) : null),
  /** The number of items of a list (0 for no list). */
  count: ([list]) => (Array.isArray(list) ? list.length : 0),
  /** A text list ("А; Б; В", or one item a line) as its trimmed non-blank items; null for no text. */
  splitList: ([text, separators]) =>
    typeof text === "string" && text.trim()
      ? text.split(new RegExp(`[${typeof separators === "string" ? separators.replace(/[\]\\^-]/g, "\\$&") : ";\n"}]+`)).map((s) => s.trim()).filter(Boolean)
      : null,
  /** Items of the first list also in the second, compared after X-TEXT-NORMALISE (case, spaces, look-alike letters). */
  commonItems: ([a, b]) => {
    if (!Array.isArray(a) || !Array.isArray(b)) return [];
    const other = new Set(b.map((x) => normaliseKkText(String(x))));
    return a.filter((x) => other.has(normaliseKkText(String(x))));
  },
  /** Items of the first list not in the second, compared after X-TEXT-NORMALISE: values outside a closed list. */
  itemsNotIn: ([a, b]) => {
    if (!Array.isArray(a)) return [];
    const allowed = new Set((Array.isArray(b) ? b : []).map((x) => normaliseKkText(String(x))));
    return a.filter((x) => !allowed.has(normaliseKkText(String(x))));
  },
  /** The list without its first n items (the co-executors after the lead executor); empty for no list. */
  dropItems: ([list, n]) => (Array.isArray(list) ? list.slice(Math.max(0, num(n) ?? 0)) : []),
};

function extreme(list: unknown, sign: 1 | -1): string | null {
  if (!Array.isArray(list)) return date(list);
  let best: string | null = null;
  for (const v of list) {
    const d = date(v);
    if (d && (best === null || (sign > 0 ? d > best : d < best))) best = d;
  }
  return best;
}
