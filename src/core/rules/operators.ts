import { parseDate, normaliseKkText } from "../dates";
import { isBlank as blank } from "../grid";

/**
 * Custom operators, registered identically on json-rules-engine and in the compiled evaluator.
 * Each returns false (never throws) when a side is missing or of the wrong kind, as the
 * built-in operators do.
 */
export type OperatorFn = (factValue: unknown, jsonValue: unknown) => boolean;

function date(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  return parseDate(v);
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
  inSetKk: (a, b) => Array.isArray(b) && !blank(a) && b.some((x) => kk(x) === kk(a)),
  notInSetKk: (a, b) => Array.isArray(b) && !blank(a) && !b.some((x) => kk(x) === kk(a)),
  startsWithKk: (a, b) => Array.isArray(b) && !blank(a) && b.some((x) => kk(a).startsWith(kk(x))),
  between: (a, b) => Array.isArray(b) && typeof a === "number" && a >= Number(b[0]) && a <= Number(b[1]),
  matches: (a, b) => typeof a === "string" && typeof b === "string" && new RegExp(b, "u").test(a),
  notMatches: (a, b) => typeof a === "string" && typeof b === "string" && !new RegExp(b, "u").test(a),
  sizeGreaterThan: (a, b) => Array.isArray(a) && a.length > Number(b),
  sizeEqual: (a, b) => Array.isArray(a) && a.length === Number(b),
  wordsFewerThan: (a, b) => typeof a === "string" && a.trim() !== "" && a.trim().split(/\s+/).length < Number(b),
};

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
