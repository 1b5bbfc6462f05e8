import { parseDate } from "../dates";
import { normaliseKkText } from "../text";
import { isBlank as blank } from "../grid";
import { compilePattern } from "../pattern";

/**
 * Custom operators, registered identically on json-rules-engine and in the compiled evaluator.
 * Each returns false (never throws) when a side is missing or of the wrong kind, as the
 * built-in operators do.
 */
export type OperatorFn = (factValue: unknown, jsonValue: unknown) => boolean;

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Facts hold ISO dates already; anything else (a serial, DD.MM.YYYY typed in a param) is parsed. */
function date(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "string" && v.length === 10 && ISO.test(v)) return v;
  return parseDate(v);
}

/**
 * A pattern of `matches`: compiled by the one home of data patterns, which refuses any that could
 * backtrack super-linearly on user text. json-rules-engine's contract for a text that is no
 * regular expression is to throw (the compiled runner mirrors it, see compile.ts); a refused
 * pattern does too, which loaders prevent for the data they load.
 */
function regex(source: string): RegExp {
  const re = compilePattern(source);
  if (!re) throw new SyntaxError(`pattern refused: ${source}`);
  return re;
}

/** Normalised members of a list, computed once per list object. */
const normalisedLists = new WeakMap<object, Set<string>>();
function kkSet(list: unknown[]): Set<string> {
  let set = normalisedLists.get(list);
  if (!set) normalisedLists.set(list, (set = new Set(list.map(kk))));
  return set;
}

function dateCmp(pred: (c: number) => boolean): OperatorFn {
  return (a, b) => {
    const x = date(a);
    const y = date(b);
    if (x === null || y === null) return false;
    return pred(x < y ? -1 : x > y ? 1 : 0);
  };
}

function kk(v: unknown): string {
  return typeof v === "string" ? normaliseKkText(v) : v === null || v === undefined ? "" : normaliseKkText(String(v));
}

export const CUSTOM_OPERATORS: Record<string, OperatorFn> = {
  isBlank: (a, b) => blank(a) === (b !== false),
  notBlank: (a, b) => !blank(a) === (b !== false),
  dateLt: dateCmp((c) => c < 0),
  dateLte: dateCmp((c) => c <= 0),
  dateGt: dateCmp((c) => c > 0),
  dateGte: dateCmp((c) => c >= 0),
  dateEq: dateCmp((c) => c === 0),
  inSetKk: (a, b) => Array.isArray(b) && !blank(a) && kkSet(b).has(kk(a)),
  notInSetKk: (a, b) => Array.isArray(b) && !blank(a) && !kkSet(b).has(kk(a)),
  startsWithKk: (a, b) => Array.isArray(b) && !blank(a) && b.some((x) => kk(a).startsWith(kk(x))),
  between: (a, b) => Array.isArray(b) && typeof a === "number" && a >= Number(b[0]) && a <= Number(b[1]),
  matches: (a, b) => typeof a === "string" && typeof b === "string" && regex(b).test(a),
  notMatches: (a, b) => typeof a === "string" && typeof b === "string" && !regex(b).test(a),
  sizeGreaterThan: (a, b) => Array.isArray(a) && a.length > Number(b),
  sizeEqual: (a, b) => Array.isArray(a) && a.length === Number(b),
  wordsFewerThan: (a, b) => typeof a === "string" && a.trim() !== "" && a.trim().split(/\s+/).length < Number(b),
  /**
   * Free text recognised tolerantly: the text after X-TEXT-NORMALISE (lower case, Cyrillic
   * look-alikes, one space) matches one of the patterns (a regular expression or a list of them,
   * typically stems kept in a pack's params). False on a blank or non-text side.
   */
  matchesKk: (a, b) => !blank(a) && (typeof a === "string" || typeof a === "number") && kkPatterns(b).some((re) => re.test(kk(a))),
  notMatchesKk: (a, b) => !blank(a) && (typeof a === "string" || typeof a === "number") && kkPatterns(b).length > 0 && !kkPatterns(b).some((re) => re.test(kk(a))),
  /** Equal after X-TEXT-NORMALISE (a completion form that merely repeats the activity's name). */
  equalKk: (a, b) => !blank(a) && !blank(b) && kk(a) === kk(b),
};

/** Patterns as regular expressions (unicode), compiled once; invalid or super-linear ones never match. */
function kkPatterns(b: unknown): RegExp[] {
  const list = Array.isArray(b) ? b : [b];
  const out: RegExp[] = [];
  for (const p of list) {
    const re = typeof p === "string" && p !== "" ? compilePattern(p) : null;
    if (re) out.push(re);
  }
  return out;
}

/** json-rules-engine's own operators, reproduced exactly (v7 engine-default-operators.js). */
function numeric(v: unknown): boolean {
  return Number.parseFloat(v as string).toString() !== "NaN";
}

export const DEFAULT_OPERATORS: Record<string, OperatorFn> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as unknown[]).indexOf(a) > -1,
  notIn: (a, b) => (b as unknown[]).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => numeric(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => numeric(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => numeric(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => numeric(a) && (a as number) >= (b as number),
};
