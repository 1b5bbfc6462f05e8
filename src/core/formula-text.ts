/**
 * Pieces of Excel formula text (en-US), in one place for every formula writer of the core: the
 * computed cells and columns, the methodologies, the aggregates.
 */

/** Text as an Excel string literal: "…" with inner quotes doubled. */
export function excelString(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** A cell address made absolute: "C5", "$C5" or "C$5" → "$C$5" (anything else is left as it is). */
export function absolute(address: string): string {
  return address.replace(/^\$?([A-Z]+)\$?(\d+)$/, "$$$1$$$2");
}

/** A number written into a formula: "." as the decimal separator, never an exponent. */
export function excelNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}
