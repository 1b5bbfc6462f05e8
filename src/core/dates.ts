/**
 * Dates of the planning forms: parsing (Excel serials, DD.MM.YYYY, Kazakh and Russian text),
 * Kazakh formatting, calendar and working-day arithmetic (spec §0.6) and deadline
 * normalisation (spec §0.4 `deadline`, A-22).
 *
 * Pure TypeScript with no platform imports, so it runs in the task pane and in the CLI alike.
 * A date is an ISO string `YYYY-MM-DD`; arithmetic runs on integer day numbers
 * (days since 1970-01-01, proleptic Gregorian), so no time zone can shift a date.
 */
import type { Localized } from "./i18n";
import { normaliseKkText } from "./text";

export type ISODate = string;
export type Quarter = 1 | 2 | 3 | 4;
export type HalfYear = 1 | 2;

// ───────────────────────────── day numbers ─────────────────────────────

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Build an ISO date from parts; null when the parts do not name a real day (31.02, month 13…). */
export function isoDate(y: number, m: number, d: number): ISODate | null {
  if (![y, m, d].every(Number.isInteger) || y < 1 || y > 9999 || m < 1 || m > 12) return null;
  if (d < 1 || d > daysInMonth(y, m)) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function isISODate(v: unknown): v is ISODate {
  if (typeof v !== "string") return false;
  const m = ISO_RE.exec(v);
  return m !== null && isoDate(+m[1], +m[2], +m[3]) !== null;
}

interface DateParts {
  y: number;
  m: number;
  d: number;
}

function partsOf(d: ISODate): DateParts {
  const m = typeof d === "string" ? ISO_RE.exec(d) : null;
  if (!m || isoDate(+m[1], +m[2], +m[3]) === null) throw new RangeError(`Not a valid YYYY-MM-DD date: ${String(d)}`);
  return { y: +m[1], m: +m[2], d: +m[3] };
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function toDayNumber(date: ISODate): number {
  const { y: y0, m, d } = partsOf(date);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): ISODate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const out = isoDate(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
  if (out === null) throw new RangeError(`Day number out of range: ${n}`);
  return out;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(d: ISODate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(d) + 3) % 7) + 7) % 7) + 1;
}

/** Today's date in the local time zone of the machine (the user's wall calendar). */
export function todayISO(now: Date = new Date()): ISODate {
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate()) as ISODate;
}

// ───────────────────────────── Excel serials ─────────────────────────────

// Excel's 1900 system counts the fictitious 29.02.1900 as serial 60, so serials from 61 on are
// one day "late": day 0 is 1899-12-30 for them and 1899-12-31 for serials 1–59.
const EXCEL_EPOCH_EARLY = toDayNumber("1899-12-31");
const EXCEL_EPOCH = toDayNumber("1899-12-30");
const EXCEL_MAX_SERIAL = 2958465; // 9999-12-31

/** Excel 1900-system serial → ISO date. A time fraction is dropped; 0, negatives and the phantom serial 60 → null. */
export function excelSerialToISO(n: number): ISODate | null {
  if (typeof n !== "number" || !Number.isFinite(n)) return null;
  const serial = Math.floor(n);
  if (serial < 1 || serial === 60 || serial > EXCEL_MAX_SERIAL) return null;
  return fromDayNumber((serial < 60 ? EXCEL_EPOCH_EARLY : EXCEL_EPOCH) + serial);
}

/** ISO date → Excel 1900-system serial. Throws for invalid dates and dates before 1900-01-01. */
export function isoToExcelSerial(d: ISODate): number {
  const z = toDayNumber(d);
  if (z < EXCEL_EPOCH_EARLY + 1) throw new RangeError(`Excel's 1900 date system starts on 1900-01-01: ${d}`);
  return z < EXCEL_EPOCH + 61 ? z - EXCEL_EPOCH_EARLY : z - EXCEL_EPOCH;
}

// ───────────────────────────── month names ─────────────────────────────

export const KK_MONTHS: readonly string[] = [
  "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
];
export const RU_MONTHS_GENITIVE: readonly string[] = [
  "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря",
];

// Kazakh-only letters folded to their Russian neighbours, so "кантар" or "сэуір" typed on a
// Russian keyboard still match.
const FOLD: Record<string, string> = { ә: "а", э: "а", ғ: "г", қ: "к", ң: "н", ө: "о", ұ: "у", ү: "у", һ: "х", і: "и" };
const fold = (w: string): string => [...w].map((ch) => FOLD[ch] ?? ch).join("");

// Stems followed by a case ending: "наурыздағы", "қыркүйегінде", "марта", "сентябре".
// қыркүйек voices its final к to г before a vowel, hence the shorter stem.
const MONTH_STEMS: ReadonlyArray<readonly [string, number]> = [
  ["қаңтар", 1], ["ақпан", 2], ["наурыз", 3], ["сәуір", 4], ["мамыр", 5], ["маусым", 6], ["шілде", 7],
  ["тамыз", 8], ["қыркүйе", 9], ["қазан", 10], ["қараша", 11], ["желтоқсан", 12],
  ["январ", 1], ["феврал", 2], ["март", 3], ["апрел", 4], ["июн", 6], ["июл", 7], ["август", 8],
  ["сентябр", 9], ["октябр", 10], ["ноябр", 11], ["декабр", 12],
].map(([stem, m]) => [fold(stem as string), m as number] as const);
const RU_MAY = new Set(["май", "мая", "мае", "маю", "маем"]);

/** Month number (1–12) of a Kazakh or Russian month word in any case form; null if it is not one. */
export function monthFromWord(word: string): number | null {
  const w = fold(normaliseKkText(word).replace(/\.$/, ""));
  if (!/^\p{L}+$/u.test(w)) return null;
  if (RU_MAY.has(w)) return 5;
  for (const [stem, month] of MONTH_STEMS) {
    if (w.startsWith(stem) && w.length - stem.length <= 8) return month;
  }
  return null;
}

// ───────────────────────────── parsing ─────────────────────────────

const YEAR_WORD = "(?:жылғы|жылдың|жылы|жыл|жж|ж|года|год|гг|г)\\.?";
// Day number with optional quotes and an ordinal suffix ("1-ші", "1-го") that must end the token.
const DAY = "[«\"“„']?(\\d{1,2})[»\"”']?(?:-?(?:ші|шы|сі|сы|і|ы|го|е|ое)(?=[\\s»\"”']))?[»\"”']?";
const RE_YEAR_FIRST = new RegExp(`^(\\d{4})\\s*(?:${YEAR_WORD})?\\s*${DAY}[\\s-]*(\\p{L}+)\\.?$`, "u");
const RE_DAY_FIRST = new RegExp(`^${DAY}[\\s-]*(\\p{L}+)\\.?\\s*(\\d{4})\\s*(?:${YEAR_WORD})?$`, "u");
const RE_NUMERIC_DMY = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:\s*(?:ж|г|жыл|года?)\.?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const RE_NUMERIC_YMD = /^(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?:[t\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?$/;

function parseDateText(text: string): ISODate | null {
  const s = normaliseKkText(text);
  let m = RE_NUMERIC_YMD.exec(s);
  if (m) return isoDate(+m[1], +m[3], +m[4]);
  m = RE_NUMERIC_DMY.exec(s);
  if (m) return isoDate(+m[4], +m[3], +m[1]);
  m = RE_YEAR_FIRST.exec(s);
  if (m) {
    const month = monthFromWord(m[3]);
    return month === null ? null : isoDate(+m[1], month, +m[2]);
  }
  m = RE_DAY_FIRST.exec(s);
  if (m) {
    const month = monthFromWord(m[2]);
    return month === null ? null : isoDate(+m[3], month, +m[1]);
  }
  return null;
}

/**
 * Any date a cell may hold → ISO date, or null when it is not a (valid) date:
 * a JS Date, an Excel serial, "15.03.2026" (also 15/03/2026, 15-03-2026, 5.3.2026), ISO
 * "2026-03-15" (time allowed), "2026 жылғы 15 наурыз(дағы)", "«15» наурыз 2026 ж.",
 * "15 наурыз 2026 жыл", "15 марта 2026 г.".
 */
export function parseDate(v: unknown): ISODate | null {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    const utcMidnight = v.getUTCHours() === 0 && v.getUTCMinutes() === 0 && v.getUTCSeconds() === 0 && v.getUTCMilliseconds() === 0;
    // Excel libraries hand dates over as UTC midnight; anything else is a wall-clock moment.
    return utcMidnight
      ? isoDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate())
      : isoDate(v.getFullYear(), v.getMonth() + 1, v.getDate());
  }
  // Serials up to 60 are January–February 1900 (and Excel's phantom 29.02.1900): in a planning
  // form's date cell that is a small number typed by mistake, not a date.
  if (typeof v === "number") return v > MIN_PLAUSIBLE_SERIAL ? excelSerialToISO(v) : null;
  if (typeof v === "string") return parseDateText(v);
  return null;
}

const MIN_PLAUSIBLE_SERIAL = 60;

// ───────────────────────────── formatting ─────────────────────────────

/** «15» наурыз 2026 ж. — the way the official forms print a date. */
export function formatDateKk(d: ISODate): string {
  const { y, m, d: day } = partsOf(d);
  return `«${day}» ${KK_MONTHS[m - 1]} ${y} ж.`;
}

/** 15.03.2026 */
export function formatDateDots(d: ISODate): string {
  const { y, m, d: day } = partsOf(d);
  return `${String(day).padStart(2, "0")}.${String(m).padStart(2, "0")}.${y}`;
}

/** 15 марта 2026 г. — for the Russian UI. */
export function formatDateRu(d: ISODate): string {
  const { y, m, d: day } = partsOf(d);
  return `${day} ${RU_MONTHS_GENITIVE[m - 1]} ${y} г.`;
}

// ───────────────────────────── calendar arithmetic (§0.6) ─────────────────────────────

/** −1, 0 or 1. */
export function compareDates(a: ISODate, b: ISODate): number {
  return Math.sign(toDayNumber(a) - toDayNumber(b));
}

/** b − a in days (negative when b is earlier). */
export function daysBetween(a: ISODate, b: ISODate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/**
 * Deadline n calendar days after event d. By default counting starts the day after the event
 * (the civil-law rule, §0.6 and A-06), so the deadline is d + n. With countFromEventDay the
 * event day is day 1 and the deadline is d + n − 1.
 */
export function addCalendarDays(d: ISODate, n: number, opts: { countFromEventDay?: boolean } = {}): ISODate {
  if (!Number.isInteger(n)) throw new RangeError(`Whole number of days expected: ${n}`);
  const shift = opts.countFromEventDay && n > 0 ? n - 1 : n;
  return fromDayNumber(toDayNumber(d) + shift);
}

/** The same day number n months later; when that month is shorter, its last day. */
export function addMonths(d: ISODate, n: number): ISODate {
  if (!Number.isInteger(n)) throw new RangeError(`Whole number of months expected: ${n}`);
  const { y, m, d: day } = partsOf(d);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const out = isoDate(ny, nm, Math.min(day, daysInMonth(ny, nm)));
  if (out === null) throw new RangeError(`Date out of range: ${d} + ${n} months`);
  return out;
}

function mustDate(y: number, m: number, d: number, what: string): ISODate {
  const out = isoDate(y, m, d);
  if (out === null) throw new RangeError(`No such date for ${what}: ${y}-${m}-${d}`);
  return out;
}

function checkQuarter(q: number): asserts q is Quarter {
  if (q !== 1 && q !== 2 && q !== 3 && q !== 4) throw new RangeError(`Quarter must be 1–4: ${q}`);
}

/** Last day of a month: endOfMonth(2026, 2) or endOfMonth("2026-02-10") → "2026-02-28". */
export function endOfMonth(year: number, month: number): ISODate;
export function endOfMonth(d: ISODate): ISODate;
export function endOfMonth(a: number | ISODate, month?: number): ISODate {
  const { y, m } = typeof a === "string" ? partsOf(a) : { y: a, m: month ?? NaN };
  return mustDate(y, m, Number.isInteger(m) && m >= 1 && m <= 12 ? daysInMonth(y, m) : NaN, "end of month");
}

export function quarterStart(year: number, q: number): ISODate {
  checkQuarter(q);
  return mustDate(year, 3 * q - 2, 1, "quarter start");
}

export function quarterEnd(year: number, q: number): ISODate {
  checkQuarter(q);
  return endOfMonth(year, 3 * q);
}

export function quarterOfDate(d: ISODate): Quarter {
  return Math.ceil(partsOf(d).m / 3) as Quarter;
}

/** Day `day` of the month after quarter q: Q1 → April, Q2 → July, Q3 → October, Q4 → January of year + 1. */
export function monthAfterQuarterDay(year: number, q: number, day: number): ISODate {
  checkQuarter(q);
  return q === 4 ? mustDate(year + 1, 1, day, "month after Q4") : mustDate(year, 3 * q + 1, day, `month after Q${q}`);
}

export function halfYearStart(year: number, half: number): ISODate {
  if (half !== 1 && half !== 2) throw new RangeError(`Half-year must be 1 or 2: ${half}`);
  return mustDate(year, half === 1 ? 1 : 7, 1, "half-year start");
}

export function halfYearEnd(year: number, half: number): ISODate {
  if (half !== 1 && half !== 2) throw new RangeError(`Half-year must be 1 or 2: ${half}`);
  return mustDate(year, half === 1 ? 6 : 12, half === 1 ? 30 : 31, "half-year end");
}

// ───────────────────────────── quarters in text ─────────────────────────────

const ROMAN_1_4: Record<string, Quarter> = { i: 1, ii: 2, iii: 3, iv: 4 };
const QUARTER_WORDS: Record<string, Quarter> = {
  бірінші: 1, екінші: 2, үшінші: 3, төртінші: 4,
  первый: 1, второй: 2, третий: 3, четвертый: 4, четвёртый: 4,
};
const ORDINAL_SUFFIX = "(?:ші|шы|нші|ншы|й|ый|ий|ой)";
const QUARTER_NOUN = "(?:тоқсан|токсан)\\p{L}{0,6}|квартал\\p{L}{0,3}|кв\\.?";
const RE_QUARTER = new RegExp(`^(iv|i{1,3}|[1-4])(?:\\s*-?\\s*${ORDINAL_SUFFIX})?(?:\\s*-?\\s*(?:${QUARTER_NOUN}))?$`, "u");
const RE_QUARTER_RANGE = new RegExp(`^([^\\s-]+)\\s*-\\s*([^\\s-]+)(\\s*-?\\s*(?:${QUARTER_NOUN}))$`, "u");
const RE_QUARTER_WORD = new RegExp(`^(\\p{L}+)\\s+(?:${QUARTER_NOUN})$`, "u");

/** "I тоқсан", "IV тоқсан", "1-тоқсан", "1 тоқсан", "I квартал", "Q1", "IV", "4" → 1..4; otherwise null. */
export function parseQuarter(text: unknown): Quarter | null {
  if (typeof text === "number") return Number.isInteger(text) && text >= 1 && text <= 4 ? (text as Quarter) : null;
  if (typeof text !== "string") return null;
  // Kazakh keyboards give Cyrillic "І" for the Roman one.
  const s = normaliseKkText(text)
    .replace(/^[іi]+v?(?=[\s-]|$)/u, (roman) => roman.replace(/і/g, "i"))
    .replace(/\.$/, "");
  const q = /^q\s*(?:-\s*)?([1-4])$/.exec(s) ?? /^([1-4])\s*q$/.exec(s);
  if (q) return +q[1] as Quarter;
  const m = RE_QUARTER.exec(s);
  if (m) return ROMAN_1_4[m[1]] ?? (+m[1] as Quarter);
  const w = RE_QUARTER_WORD.exec(s);
  return w ? (QUARTER_WORDS[w[1]] ?? null) : null;
}

// ───────────────────────────── deadlines (§0.4, A-22) ─────────────────────────────

export type DeadlineKind = "date" | "quarter" | "half" | "month" | "year" | "recurring";

export interface NormalisedDeadline {
  /** The last day the deadline allows (the end of the period for period expressions). */
  dueDate: ISODate;
  /** First day of the period, for period expressions. */
  from?: ISODate;
  kind: DeadlineKind;
}

const RE_RECURRING = /(?:сайын|^тұрақты|^үнемі|^еже|^постоянн|на постоянной основе|^раз в )/u;
// Matched after stripDeadlineFrame, which has already removed "в течение", "до", "дейін", "ішінде"…
const RE_THROUGH_YEAR = /^(?:жыл|жылдың|год|года|жыл бойы\p{L}*|жылдың соңына|всего года|конца года|(?:весь|целый) год)$/u;
const RE_DAY_MONTH_INSIDE = /(\d{1,2})(?:-\p{L}{1,3})?\s+(\p{L}+)/u;
const RE_HALF = /^(i|ii|1|2|бірінші|екінші|первое|второе)(?:\s*(?:-\s*)?(?:ші|шы|нші|ншы|е|ое))?\s*(?:-\s*)?(?:жартыжылдық|жарты жылдық|жарты жыл|полугоди)\p{L}*$/u;
const RE_YEAR_ONLY = new RegExp(`^(\\d{4})\\s*(?:${YEAR_WORD})?$`, "u");
const RE_YEAR_RANGE = /^(\d{4})\s*-\s*(\d{4})\s*(?:жылдар\p{L}*|жж\.?|гг\.?|годы|годов|жыл\p{L}*)?$/u;
const RE_YEAR_PREFIX = new RegExp(`^(\\d{4})\\s*(?:жылғы|жылдың|жылы|ж\\.?|года|г\\.?)?\\s+(.+)$`, "u");
const RE_YEAR_SUFFIX = new RegExp(`^(.+?)\\s+(\\d{4})\\s*(?:${YEAR_WORD})?$`, "u");
const RE_DAY_MONTH = new RegExp(`^${DAY}[\\s-]*(\\p{L}+)$`, "u");
const RE_MONTH_DAY = /^(\p{L}+)\s+(\d{1,2})(?:-?\p{L}{1,3})?$/u;
const RE_MONTH = /^(?:в\s+)?(\p{L}+)(?:\s+(?:айы\p{L}*|ай\p{L}{0,4}|месяц\p{L}*))?$/u;
const HALF_NUMBERS: Record<string, HalfYear> = { i: 1, ii: 2, "1": 1, "2": 2, бірінші: 1, екінші: 2, первое: 1, второе: 2 };

// "…-ға дейін", "…кешіктірмей", "… ішінде", "до …", "в течение …" only frame the date or period itself.
// Sticky: tried at the current start of the text, so stripping a frame copies nothing.
const FRAME_START = /(?:до|не позднее|не позже|по|в течение|в)\s+/uy;
const FRAME_END = ["дейінгі", "дейін", "кешіктірмей", "қоса алғанда", "включительно", "ішінде", "бойына", "бойы", "соңына", "аяғына", "аралығында"];
const isSpace = (ch: string) => /\s/u.test(ch);

/** s without its trailing dots, semicolons and commas: a loop, since /[.;,]+$/ is quadratic on a long run of dots not at the end. */
function trimTrailingPunctuation(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === "." || s[end - 1] === ";" || s[end - 1] === ",")) end--;
  return s.slice(0, end);
}

/**
 * s without the words that frame a deadline at its start and end, repeatedly ("до … дейін").
 * Moves two indices over the text: replacing and trimming a copy per frame word was quadratic on
 * a cell of thousands of "до " (73 s for 300,000 characters).
 */
function stripDeadlineFrame(s: string): string {
  const t = trimTrailingPunctuation(s);
  let start = 0;
  let end = t.length;
  const trim = () => {
    while (start < end && isSpace(t[start])) start++;
    while (end > start && isSpace(t[end - 1])) end--;
  };
  trim();
  for (let changed = true; changed; ) {
    changed = false;
    FRAME_START.lastIndex = start;
    if (FRAME_START.exec(t) && FRAME_START.lastIndex <= end) [start, changed] = [FRAME_START.lastIndex, true];
    const word = FRAME_END.find((w) => end - w.length > start && t.startsWith(w, end - w.length) && isSpace(t[end - w.length - 1]));
    if (word) [end, changed] = [end - word.length, true];
    trim();
  }
  return t.slice(start, end);
}

function periodDeadline(rest: string, year: number): NormalisedDeadline | null {
  const yearStart = mustDate(year, 1, 1, "year");
  const yearEnd = mustDate(year, 12, 31, "year");
  if (RE_RECURRING.test(rest)) {
    // "жыл сайын 1 наурызға дейін": every year by 1 March, so in the plan year 1 March.
    const inner = RE_DAY_MONTH_INSIDE.exec(rest);
    const innerMonth = inner ? monthFromWord(inner[2]) : null;
    const innerDate = inner && innerMonth !== null ? isoDate(year, innerMonth, +inner[1]) : null;
    return { dueDate: innerDate ?? yearEnd, from: yearStart, kind: "recurring" };
  }
  if (RE_THROUGH_YEAR.test(rest)) return { dueDate: yearEnd, from: yearStart, kind: "year" };
  const h = RE_HALF.exec(rest.replace(/^[іi]{1,2}(?=[\s-]|$)/u, (roman) => roman.replace(/і/g, "i")));
  if (h) {
    const half = HALF_NUMBERS[h[1]];
    return { dueDate: halfYearEnd(year, half), from: halfYearStart(year, half), kind: "half" };
  }
  const q = parseQuarter(rest);
  if (q !== null) return { dueDate: quarterEnd(year, q), from: quarterStart(year, q), kind: "quarter" };
  // "I-II тоқсан": from the first quarter's start to the last one's end.
  const qr = RE_QUARTER_RANGE.exec(rest);
  const q1 = qr ? parseQuarter(qr[1] + qr[3]) : null;
  const q2 = qr ? parseQuarter(qr[2] + qr[3]) : null;
  if (q1 !== null && q2 !== null && q1 < q2) return { dueDate: quarterEnd(year, q2), from: quarterStart(year, q1), kind: "quarter" };
  // "1 наурыз" or "наурыздың 15-і" without a year: that day in the plan year.
  const dm = RE_DAY_MONTH.exec(rest);
  const md = dm ? null : RE_MONTH_DAY.exec(rest);
  const dmMonth = dm ? monthFromWord(dm[2]) : md ? monthFromWord(md[1]) : null;
  if (dmMonth !== null) {
    const due = isoDate(year, dmMonth, dm ? +dm[1] : +(md as RegExpExecArray)[2]);
    return due === null ? null : { dueDate: due, kind: "date" };
  }
  const mm = RE_MONTH.exec(rest);
  const month = mm ? monthFromWord(mm[1]) : null;
  if (month !== null) return { dueDate: endOfMonth(year, month), from: mustDate(year, month, 1, "month"), kind: "month" };
  return null;
}

/**
 * A deadline cell ("Орындалу мерзімі") → its due date: a date in any parseDate form, or a
 * period — "IV тоқсан", "2026 жылғы IV тоқсан", "I жартыжылдық", "наурыз (айы)", "2026 жыл",
 * "жыл бойы" / "жыл ішінде", "ай сайын" / "тұрақты" (recurring), and the Russian equivalents.
 * A period is dated in the year written in the text, else in planYear; without either → null.
 */
export function normaliseDeadline(text: unknown, planYear: number | null): NormalisedDeadline | null {
  if (typeof text !== "string") {
    const d = parseDate(text);
    return d === null ? null : { dueDate: d, kind: "date" };
  }
  const s = stripDeadlineFrame(normaliseKkText(text));
  if (s === "") return null;
  const date = parseDate(s);
  if (date !== null) return { dueDate: date, kind: "date" };

  const range = RE_YEAR_RANGE.exec(s);
  if (range && +range[1] <= +range[2]) {
    return { dueDate: mustDate(+range[2], 12, 31, "year"), from: mustDate(+range[1], 1, 1, "year"), kind: "year" };
  }
  const only = RE_YEAR_ONLY.exec(s);
  if (only) return { dueDate: mustDate(+only[1], 12, 31, "year"), from: mustDate(+only[1], 1, 1, "year"), kind: "year" };

  // A year written in the text overrides the plan year.
  const pre = RE_YEAR_PREFIX.exec(s);
  const suf = pre ? null : RE_YEAR_SUFFIX.exec(s);
  const year = pre ? +pre[1] : suf ? +suf[2] : planYear;
  const rest = pre ? pre[2] : suf ? suf[1] : s;
  if (year === null || !Number.isInteger(year) || year < 1 || year > 9999) return null;
  return periodDeadline(stripDeadlineFrame(rest), year);
}

// ───────────────────────────── working-day calendar ─────────────────────────────

export type HolidayKind = "holiday" | "religious" | "moved";

export interface HolidayEntry {
  date: ISODate;
  name: Partial<Localized> & { kk: string };
  /** holiday: moves when on a day off; religious: never moves; moved: the day off a holiday moved to. */
  kind: HolidayKind;
  movedFrom?: ISODate;
  source?: string;
  provisional?: boolean;
  note?: string;
}

export interface TransferEntry {
  /** Worked although it would be a day off (usually a Saturday or Sunday). */
  workday: ISODate;
  /** Not worked although it would be a working day. */
  dayOff: ISODate;
  source?: string;
  note?: string;
}

/** Plain data as in rules/calendars/kz.json. */
export interface CalendarData {
  country?: string;
  version?: string;
  coverage?: { from: ISODate; to: ISODate };
  weekend?: number[];
  holidays: HolidayEntry[];
  transfers?: TransferEntry[];
}

export interface Calendar {
  readonly country: string;
  readonly version: string;
  /** ISO weekdays off (6, 7). */
  readonly weekend: ReadonlySet<number>;
  /** Dates for which the holiday list is complete; null when the data does not say. */
  readonly coverage: { readonly from: ISODate; readonly to: ISODate } | null;
  readonly holidays: ReadonlyMap<ISODate, HolidayEntry>;
  readonly transfers: readonly TransferEntry[];
  readonly extraWorkdays: ReadonlySet<ISODate>;
  readonly extraDaysOff: ReadonlySet<ISODate>;
}

export class CalendarDataError extends Error {
  override name = "CalendarDataError";
}

const HOLIDAY_KINDS: readonly HolidayKind[] = ["holiday", "religious", "moved"];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validate calendar data (e.g. kz.json) and index it. Throws CalendarDataError naming the bad entry. */
export function createCalendar(data: unknown): Calendar {
  const fail = (where: string, why: string): never => {
    throw new CalendarDataError(`Invalid calendar data: ${where}: ${why}`);
  };
  if (!isObject(data)) return fail("root", "expected an object");
  if (!Array.isArray(data.holidays)) return fail("holidays", "expected an array");
  const transfersIn = data.transfers ?? [];
  if (!Array.isArray(transfersIn)) return fail("transfers", "expected an array");

  const weekendIn = data.weekend ?? [6, 7];
  if (!Array.isArray(weekendIn) || weekendIn.some((w) => !Number.isInteger(w) || w < 1 || w > 7) || new Set(weekendIn).size !== weekendIn.length || weekendIn.length > 6) {
    fail("weekend", "expected distinct ISO weekdays 1–7, at least one working weekday");
  }
  const weekend = new Set<number>(weekendIn as number[]);

  let coverage: Calendar["coverage"] = null;
  if (data.coverage !== undefined) {
    const c = data.coverage;
    if (!isObject(c) || !isISODate(c.from) || !isISODate(c.to) || c.from > c.to) fail("coverage", "expected {from, to} ISO dates with from ≤ to");
    coverage = { from: (c as { from: ISODate }).from, to: (c as { to: ISODate }).to };
  }

  const holidays = new Map<ISODate, HolidayEntry>();
  data.holidays.forEach((h: unknown, i: number) => {
    const where = `holidays[${i}]` + (isObject(h) && typeof h.date === "string" ? ` (${h.date})` : "");
    if (!isObject(h)) return fail(where, "expected an object");
    if (!isISODate(h.date)) return fail(where, "date is not a valid YYYY-MM-DD date");
    if (!HOLIDAY_KINDS.includes(h.kind as HolidayKind)) return fail(where, `kind must be one of ${HOLIDAY_KINDS.join(", ")}`);
    if (!isObject(h.name) || typeof h.name.kk !== "string" || h.name.kk.trim() === "") return fail(where, "name.kk is required");
    if (h.kind === "moved" && !isISODate(h.movedFrom)) return fail(where, "a moved day needs movedFrom (YYYY-MM-DD)");
    if (h.kind !== "moved" && h.movedFrom !== undefined) return fail(where, "movedFrom is only for kind \"moved\"");
    if (holidays.has(h.date)) return fail(where, "date is listed twice");
    holidays.set(h.date, h as unknown as HolidayEntry);
  });
  for (const h of holidays.values()) {
    if (h.kind === "moved" && holidays.get(h.movedFrom as ISODate)?.kind !== "holiday") {
      fail(`holidays (${h.date})`, `movedFrom ${h.movedFrom} is not a listed holiday of kind "holiday"`);
    }
  }

  const extraWorkdays = new Set<ISODate>();
  const extraDaysOff = new Set<ISODate>();
  transfersIn.forEach((t: unknown, i: number) => {
    const where = `transfers[${i}]` + (isObject(t) && typeof t.workday === "string" ? ` (${t.workday} → ${String(t.dayOff)})` : "");
    if (!isObject(t)) return fail(where, "expected an object");
    if (!isISODate(t.workday) || !isISODate(t.dayOff)) return fail(where, "workday and dayOff must be valid YYYY-MM-DD dates");
    if (t.workday === t.dayOff) return fail(where, "workday and dayOff are the same date");
    const kind = holidays.get(t.workday)?.kind;
    // A holiday itself cannot be worked by transfer; a moved day off can (the decree moves it on).
    if (kind === "holiday" || kind === "religious") return fail(where, `workday ${t.workday} is a public holiday`);
    if (!weekend.has(dayOfWeek(t.workday)) && kind !== "moved") return fail(where, `workday ${t.workday} is already a working day`);
    if (holidays.has(t.dayOff) || weekend.has(dayOfWeek(t.dayOff))) return fail(where, `dayOff ${t.dayOff} is already a day off`);
    if (extraWorkdays.has(t.workday) || extraDaysOff.has(t.dayOff)) return fail(where, "date used by another transfer");
    extraWorkdays.add(t.workday);
    extraDaysOff.add(t.dayOff);
  });

  return {
    country: typeof data.country === "string" ? data.country : "",
    version: typeof data.version === "string" ? data.version : "",
    weekend,
    coverage,
    holidays,
    transfers: transfersIn as TransferEntry[],
    extraWorkdays,
    extraDaysOff,
  };
}

/** Mon–Fri (per the calendar's weekend), not a holiday or moved day off, plus transferred workdays. */
export function isWorkingDay(cal: Calendar, d: ISODate): boolean {
  const weekday = dayOfWeek(d); // validates d
  if (cal.extraWorkdays.has(d)) return true;
  if (cal.extraDaysOff.has(d) || cal.holidays.has(d)) return false;
  return !cal.weekend.has(weekday);
}

/** The holiday or moved day off on d, if any (for tooltips and messages). */
export function holidayOn(cal: Calendar, d: ISODate): HolidayEntry | undefined {
  return cal.holidays.get(d);
}

/** Whether the calendar's holiday list is known to be complete for d; outside it only weekends count. */
export function coversDate(cal: Calendar, d: ISODate): boolean {
  toDayNumber(d);
  return cal.coverage !== null && d >= cal.coverage.from && d <= cal.coverage.to;
}

const MAX_SCAN_DAYS = 100_000;

/** The n-th working day after d (n < 0: before d; n = 0: d itself). */
export function addWorkingDays(cal: Calendar, d: ISODate, n: number): ISODate {
  if (!Number.isInteger(n)) throw new RangeError(`Whole number of working days expected: ${n}`);
  const step = n < 0 ? -1 : 1;
  let z = toDayNumber(d);
  for (let left = Math.abs(n), scanned = 0; left > 0; ) {
    z += step;
    if (++scanned > MAX_SCAN_DAYS) throw new RangeError("No working days found: check the calendar's weekend");
    if (isWorkingDay(cal, fromDayNumber(z))) left--;
  }
  return fromDayNumber(z);
}

/** The n-th working day of a month (month 1–12, n ≥ 1), or null when the month has fewer. */
export function nthWorkingDayOfMonth(cal: Calendar, year: number, month: number, n: number): ISODate | null {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive whole number: ${n}`);
  const first = mustDate(year, month, 1, "month");
  const day = addWorkingDays(cal, fromDayNumber(toDayNumber(first) - 1), n);
  return day <= endOfMonth(year, month) ? day : null;
}

/**
 * Working days in (a, b]: a itself is not counted and b is, matching addWorkingDays, so
 * workingDaysBetween(cal, a, addWorkingDays(cal, a, n)) === n. Negative when b is before a.
 */
export function workingDaysBetween(cal: Calendar, a: ISODate, b: ISODate): number {
  const za = toDayNumber(a);
  const zb = toDayNumber(b);
  const [lo, hi, sign] = za <= zb ? [za, zb, 1] : [zb, za, -1];
  let count = 0;
  for (let z = lo + 1; z <= hi; z++) if (isWorkingDay(cal, fromDayNumber(z))) count++;
  return sign * count;
}
