/** Number formatting for trace formulas and display rounding (pure, locale-independent). */

/** True for a finite number (rejects NaN, ±Infinity and anything that is not a number). */
export function isNum(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** A coefficient or value as written in a trace formula: at most 6 decimals, trailing zeros trimmed. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  let s = (Math.round(x * 1e6) / 1e6).toFixed(6);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  if (s === "-0") s = "0";
  return s;
}

/** `fmt`, with a negative number put in parentheses so it reads as an operand: "5 - (-3)". */
export function fmtOp(x: number): string {
  const s = fmt(x);
  return s.startsWith("-") ? `(${s})` : s;
}

/** Round half away from zero, as Excel's ROUND does. */
export function roundHalfAway(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const d = Math.max(0, Math.min(12, Math.trunc(decimals)));
  const f = Math.pow(10, d);
  const r = Math.round(Math.abs(x) * f * (1 + Number.EPSILON)) / f;
  return x < 0 ? -r : r;
}


/** A number written into an Excel formula (en-US: "." decimals, no exponent for ordinary values). */
export function xlNum(x: number): string {
  if (!Number.isFinite(x)) return "0";
  let s = String(x);
  if (/e/i.test(s)) {
    s = x.toFixed(15);
    if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  }
  return s.startsWith("-") ? `(${s})` : s;
}
