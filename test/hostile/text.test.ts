import { normaliseDeadline, parseDate, parseQuarter, monthFromWord } from "../../src/core/dates";
import { toNumber } from "../../src/core/values";

/**
 * Issue 10, defect 2: a deadline cell of dots hung the batch (/[.;,]+$/ backtracks quadratically
 * on a run of dots that does not end the text). User text meets only linear-time handling: each
 * pathological text of 200,000 characters (6× Excel's cell limit) is parsed within seconds —
 * quadratic code needs over a minute for it (measured before the fix: 1.9 s for 32,000 characters).
 */
const PATHOLOGICAL: Record<string, (n: number) => string> = {
  "dots then a letter": (n) => ".".repeat(n) + "x",
  "dots then a year": (n) => ".".repeat(n) + " 2024",
  "punctuation runs": (n) => ",;.".repeat(n / 3) + "x",
  "digits and spaces": (n) => "1 ".repeat(n / 2) + ".",
  "ordinal suffixes": (n) => "1-ші ".repeat(n / 5) + "x",
  "one long word": (n) => "а".repeat(n) + " 1",
  "roman numerals": (n) => "i".repeat(n) + "x",
  "years": (n) => "2024 ".repeat(n / 5) + "x",
  "quotes": (n) => "«1»".repeat(n / 3),
  // Frame words were stripped one per pass of a replace-and-trim loop (73 s for 300,000 characters).
  "opening frame words": (n) => "до ".repeat(n / 3) + "x",
  "closing frame words": (n) => "x" + " дейін".repeat(n / 6),
  "a year, then frame words": (n) => "2024 " + "в ".repeat(n / 2) + "x",
};

test.each(Object.entries(PATHOLOGICAL))("a deadline text of 200,000 characters (%s) is parsed in linear time", (_name, make) => {
  const text = make(200_000);
  const t0 = Date.now();
  expect(normaliseDeadline(text, 2024)).toBeNull();
  expect(parseDate(text)).toBeNull();
  expect(parseQuarter(text)).toBeNull();
  expect(monthFromWord(text)).toBeNull();
  expect(Date.now() - t0).toBeLessThan(5_000);
});

test("the linear-time trimming still reads framed deadlines", () => {
  expect(normaliseDeadline("15.02.2025...;", 2024)).toEqual({ dueDate: "2025-02-15", kind: "date" });
  expect(normaliseDeadline("IV тоқсан.", 2024)?.dueDate).toBe("2024-12-31");
});

test("issue 10 defect 8: a serial of 60 or less in a date cell is not read as a date of 1899–1900", () => {
  for (const n of [1, 15, 59, 60, 60.5]) expect(parseDate(n)).toBeNull();
  expect(parseDate(61)).toBe("1900-03-01");
  expect(parseDate(45658)).toBe("2025-01-01");
  expect(parseDate(Number.NaN)).toBeNull();
  expect(parseDate(Infinity)).toBeNull();
});

test("a number cell of a million digits and a letter is refused in linear time (\\d+\\.?\\d* tried every split)", () => {
  const t0 = Date.now();
  expect(toNumber("1".repeat(1_000_000) + "x", false)).toBeNull();
  expect(toNumber("1".repeat(1_000_000) + ".5e", false)).toBeNull();
  expect(Date.now() - t0).toBeLessThan(5_000);
  expect(toNumber("12.5", false)).toBe(12.5);
  expect(toNumber("1 234,5", false)).toBe(1234.5);
  expect(toNumber("7.", false)).toBe(7);
});
