import type { FieldType, EnumDef } from "./template/types";
import { CellValue, cellText, isBlank, isCellError } from "./grid";
import { parseDate, normaliseDeadline, parseQuarter } from "./dates";
import { normaliseKkText } from "./text";

/**
 * A cell read as its declared type. `value` is the canonical value the rules compare
 * (ISO date, number, official enum wording…); when the text does not fit the type,
 * `ok` is false and `value` keeps the text so the finding can quote it.
 */
export interface Typed {
  value: unknown;
  text: string;
  ok: boolean;
  /** For deadlines: the normalised due date (end of the period). */
  due?: string | null;
  /** True when X-TEXT-NORMALISE changed an enumeration value to match (Latin look-alikes, spaces…). */
  normalised?: boolean;
  /**
   * For an enumeration with `prefix`: the free text after the matched value («орындалды. Қаулы
   * қабылданды» → "қаулы қабылданды"), normalised (X-TEXT-NORMALISE), without leading punctuation;
   * "" when nothing follows.
   */
  rest?: string;
}

const QUARTER_NAMES = ["I тоқсан", "II тоқсан", "III тоқсан", "IV тоқсан"];

/** Days from Excel's 1900-system serial to its 1904-system serial of the same day. */
const DAYS_1900_TO_1904 = 1462;

export function typeValue(raw: CellValue, type: FieldType, opts: { enumDef?: EnumDef; planYear?: number | null; date1904?: boolean } = {}): Typed {
  const text = cellText(raw);
  // A serial of a 1904-system workbook, in a date cell, as the 1900-system serial of the same day.
  if (opts.date1904 && typeof raw === "number" && (type === "date" || type === "deadline" || type === "dates")) raw += DAYS_1900_TO_1904;
  if (isCellError(raw)) return { value: text, text, ok: false };
  if (isBlank(raw)) return { value: null, text: "", ok: true };
  switch (type) {
    case "text":
    case "name":
      return { value: text, text, ok: true };
    case "int":
    case "year": {
      const n = toNumber(raw, type === "year");
      const ok = n !== null && Number.isInteger(n) && (type !== "year" || (n >= 1990 && n <= 2100));
      return { value: ok ? n : text, text, ok };
    }
    case "number":
    case "money":
    case "coef":
    case "points":
    case "pct": {
      const n = toNumber(raw, false);
      // A numeric column may accept listed words instead of a number (costs «талап етілмейді»).
      if (n === null && opts.enumDef) {
        const w = typeEnum(text, opts.enumDef);
        if (w.ok) return w;
      }
      return { value: n ?? text, text, ok: n !== null };
    }
    case "date": {
      const d = parseDate(raw);
      return { value: d ?? text, text, ok: d !== null };
    }
    case "deadline": {
      const d = normaliseDeadline(raw, opts.planYear ?? null);
      if (d) return { value: text, text, ok: true, due: d.dueDate };
      // A period ("IV тоқсан") is well formed even when the plan year is unknown; its due date is not.
      const wellFormed = (opts.planYear ?? null) === null && normaliseDeadline(raw, 2000) !== null;
      return { value: text, text, ok: wellFormed, due: null };
    }
    case "dates": {
      const parts = typeof raw === "number" ? [raw] : text.split(/[;,\n]+/).map((s) => s.trim()).filter(Boolean);
      const dates = parts.map((p) => parseDate(p));
      const ok = dates.every((d) => d !== null);
      return { value: ok ? dates : text, text, ok };
    }
    case "bool": {
      const b = toBool(raw);
      return { value: b ?? text, text, ok: b !== null };
    }
    case "quarter": {
      const q = parseQuarter(text);
      return { value: q ? QUARTER_NAMES[q - 1] : text, text, ok: q !== null };
    }
    case "enum":
    case "period":
      return typeEnum(text, opts.enumDef);
    default:
      return { value: text, text, ok: true };
  }
}

function typeEnum(text: string, def: EnumDef | undefined): Typed {
  if (!def) return { value: text, text, ok: true };
  const key = normaliseKkText(text);
  const simple = text.trim().toLowerCase().replace(/\s+/g, " ");
  const pool: [string, string][] = [
    ...def.values.map((v): [string, string] => [v, v]),
    ...Object.entries(def.synonyms ?? {}),
  ];
  // An exact match (official value or synonym) first; a match only after normalisation is
  // accepted too, but marked so the user can fix the source (X-TEXT-NORMALISE).
  for (const [candidate, official] of pool) {
    const exact = def.prefix ? simple.startsWith(candidate.toLowerCase()) : simple === candidate.toLowerCase();
    if (exact) return def.prefix ? { value: official, text, ok: true, rest: restAfter(key, normaliseKkText(candidate)) } : { value: official, text, ok: true };
  }
  for (const [candidate, official] of pool) {
    const c = normaliseKkText(candidate);
    if (def.prefix ? key.startsWith(c) : key === c)
      return def.prefix ? { value: official, text, ok: true, normalised: true, rest: restAfter(key, c) } : { value: official, text, ok: true, normalised: true };
  }
  return { value: text, text, ok: false };
}

/** The free text after an enumerated prefix, without the punctuation that separates them. */
function restAfter(key: string, prefix: string): string {
  return key.startsWith(prefix) ? key.slice(prefix.length).replace(/^[\s.,;:()\-–—]+/u, "").trim() : "";
}

/** Numbers as Excel stores them, or as people type them: "1 234,5", "12.5%". */
export function toNumber(raw: CellValue, allowYearSuffix: boolean): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== "string") return null;
  let s = raw.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (allowYearSuffix) s = s.replace(/(ж\.?|жыл|г\.?|год)$/i, "");
  if (/^[-+]?\d+(,\d+)?$/.test(s)) s = s.replace(",", ".");
  // \d+(?:\.\d*)? rather than \d+\.?\d*, which tries every split of a long run of digits (quadratic).
  if (!/^[-+]?(\d+(?:\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

const TRUE_WORDS = new Set(["иә", "ия", "да", "yes", "true", "1", "✓", "x", "х", "+"]);
const FALSE_WORDS = new Set(["жоқ", "нет", "no", "false", "0", "-", "—"]);

export function toBool(raw: CellValue): boolean | null {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "number") return raw === 1 ? true : raw === 0 ? false : null;
  const s = cellText(raw).toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return null;
}

/** Human name of a type for messages. */
export const TYPE_NAMES: Record<FieldType, { kk: string; ru: string; en: string }> = {
  text: { kk: "мәтін", ru: "текст", en: "text" },
  name: { kk: "атау", ru: "наименование", en: "name" },
  int: { kk: "бүтін сан", ru: "целое число", en: "whole number" },
  number: { kk: "сан", ru: "число", en: "number" },
  year: { kk: "жыл (ЖЖЖЖ)", ru: "год (ГГГГ)", en: "year (YYYY)" },
  date: { kk: "күні (КК.АА.ЖЖЖЖ)", ru: "дата (ДД.ММ.ГГГГ)", en: "date (DD.MM.YYYY)" },
  period: { kk: "кезең", ru: "период", en: "period" },
  quarter: { kk: "тоқсан (I–IV тоқсан)", ru: "квартал (I–IV)", en: "quarter (I–IV)" },
  deadline: { kk: "мерзім (күні немесе кезең, мысалы «IV тоқсан»)", ru: "срок (дата или период, например «IV квартал»)", en: "deadline (a date or a period such as “IV тоқсан”)" },
  enum: { kk: "тізімдегі мән", ru: "значение из списка", en: "a value from the list" },
  money: { kk: "ақша сомасы", ru: "денежная сумма", en: "amount of money" },
  coef: { kk: "коэффициент", ru: "коэффициент", en: "coefficient" },
  points: { kk: "балл", ru: "балл", en: "points" },
  pct: { kk: "пайыз", ru: "процент", en: "percentage" },
  bool: { kk: "иә/жоқ", ru: "да/нет", en: "yes/no" },
  dates: { kk: "күндер тізімі", ru: "список дат", en: "list of dates" },
};
