import {
  addCalendarDays,
  addMonths,
  compareDates,
  dayOfWeek,
  daysBetween,
  endOfMonth,
  excelSerialToISO,
  formatDateDots,
  formatDateKk,
  formatDateRu,
  fromDayNumber,
  halfYearEnd,
  isISODate,
  isoToExcelSerial,
  monthAfterQuarterDay,
  monthFromWord,
  normaliseDeadline,
  parseDate,
  parseQuarter,
  quarterEnd,
  quarterOfDate,
  quarterStart,
  toDayNumber,
} from "../../src/core/dates";
import { normalisationChanged, normaliseKkText } from "../../src/core/text";

/** Independent oracle: the JS Date UTC arithmetic. */
const utcISO = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

describe("day numbers", () => {
  it("agree with Date.UTC over four centuries", () => {
    for (let z = toDayNumber("1900-01-01"); z <= toDayNumber("2300-12-31"); z += 37) {
      const iso = utcISO(z * DAY_MS);
      expect(fromDayNumber(z)).toBe(iso);
      expect(toDayNumber(iso)).toBe(z);
    }
  });

  it("give ISO weekdays", () => {
    expect(dayOfWeek("1970-01-01")).toBe(4);
    expect(dayOfWeek("2026-03-21")).toBe(6); // Saturday
    expect(dayOfWeek("2026-03-22")).toBe(7);
    expect(dayOfWeek("2026-03-23")).toBe(1);
    expect(dayOfWeek("1899-12-31")).toBe(7);
  });

  it("validate ISO strings", () => {
    expect(isISODate("2024-02-29")).toBe(true);
    expect(isISODate("2025-02-29")).toBe(false);
    expect(isISODate("2026-3-1")).toBe(false);
    expect(isISODate(20260301)).toBe(false);
    expect(() => toDayNumber("2026-02-31")).toThrow(RangeError);
  });
});

describe("Excel 1900 serials", () => {
  it("map the known anchors", () => {
    expect(excelSerialToISO(1)).toBe("1900-01-01");
    expect(excelSerialToISO(59)).toBe("1900-02-28");
    expect(excelSerialToISO(61)).toBe("1900-03-01");
    expect(excelSerialToISO(25569)).toBe("1970-01-01");
    expect(excelSerialToISO(36526)).toBe("2000-01-01");
    expect(excelSerialToISO(45658)).toBe("2025-01-01");
    expect(excelSerialToISO(2958465)).toBe("9999-12-31");
  });

  it("reject the phantom 29.02.1900 (serial 60) and out-of-range serials", () => {
    expect(excelSerialToISO(60)).toBeNull();
    expect(excelSerialToISO(0)).toBeNull();
    expect(excelSerialToISO(-5)).toBeNull();
    expect(excelSerialToISO(2958466)).toBeNull();
    expect(excelSerialToISO(Number.NaN)).toBeNull();
  });

  it("drop the time fraction", () => {
    expect(excelSerialToISO(45658.99)).toBe("2025-01-01");
  });

  it("round-trip every serial except 60, and match Date arithmetic from serial 61 on", () => {
    const epoch = Date.UTC(1899, 11, 30);
    for (let s = 1; s <= 80_000; s++) {
      if (s === 60) continue;
      const iso = excelSerialToISO(s) as string;
      expect(isoToExcelSerial(iso)).toBe(s);
      if (s >= 61 && s % 97 === 0) expect(iso).toBe(utcISO(epoch + s * DAY_MS));
    }
  });

  it("serial of dates around the 1900 bug", () => {
    expect(isoToExcelSerial("1900-02-28")).toBe(59);
    expect(isoToExcelSerial("1900-03-01")).toBe(61);
    expect(() => isoToExcelSerial("1899-12-31")).toThrow(RangeError);
    expect(() => isoToExcelSerial("2026-02-30")).toThrow(RangeError);
  });
});

describe("parseDate", () => {
  it.each<[unknown, string | null]>([
    ["15.03.2026", "2026-03-15"],
    ["5.3.2026", "2026-03-05"],
    ["15/03/2026", "2026-03-15"],
    ["15-03-2026", "2026-03-15"],
    [" 15.03.2026 ж. ", "2026-03-15"],
    ["2026-03-15", "2026-03-15"],
    ["2026-03-15T13:45:00Z", "2026-03-15"],
    ["2026-03-15 08:00:00.000+05:00", "2026-03-15"],
    ["2026-03-15 басталады", null],
    ["2026 жылғы 1 наурыз", "2026-03-01"],
    ["2026 жылғы 1 наурыздағы", "2026-03-01"],
    ["2026 жылғы «1» наурызына", "2026-03-01"],
    ["2026 ж. 25 желтоқсан", "2026-12-25"],
    ["2025 жылғы 30 қыркүйегінде", "2025-09-30"],
    ["«15» наурыз 2026 ж.", "2026-03-15"],
    ["15 наурыз 2026 жыл", "2026-03-15"],
    ["15-наурыз 2026 ж.", "2026-03-15"],
    ["1 сәуір 2026", "2026-04-01"],
    ["1 сəуір 2026", "2026-04-01"], // Latin schwa
    ["1 наурыз 2026 ж.", "2026-03-01"],
    ["2026 жылғы 1 нaурыз", "2026-03-01"], // Latin "a" inside the Kazakh word
    ["2026\u00A0жылғы\u00A01\u00A0наурыз", "2026-03-01"],
    ["1 марта 2026 г.", "2026-03-01"],
    ["«1» мая 2026 года", "2026-05-01"],
    ["1-го сентября 2026 г.", "2026-09-01"],
    ["31 декабря 2026", "2026-12-31"],
    ["31.02.2026", null],
    ["29.02.2025", null],
    ["29.02.2024", "2024-02-29"],
    ["2026-02-30", null],
    ["32 наурыз 2026", null],
    ["1 смарт 2026", null],
    ["наурыз", null],
    ["", null],
    [null, null],
    [undefined, null],
    [true, null],
    [45658, "2025-01-01"],
    [60, null],
  ])("%p → %p", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it("takes a Date at UTC midnight by its UTC day, any other Date by its local day", () => {
    expect(parseDate(new Date(Date.UTC(2026, 2, 15)))).toBe("2026-03-15");
    const local = new Date(2026, 2, 15, 23, 30);
    expect(parseDate(local)).toBe("2026-03-15");
    expect(parseDate(new Date(Number.NaN))).toBeNull();
  });
});

describe("month words", () => {
  it("recognise every Kazakh month with case endings, and Russian months", () => {
    const kk = ["қаңтарда", "ақпанның", "наурызға", "сәуірде", "мамырдағы", "маусымына", "шілдеге", "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанның"];
    kk.forEach((w, i) => expect(monthFromWord(w)).toBe(i + 1));
    const ru = ["января", "февраль", "марте", "апреля", "мая", "июнь", "июля", "августа", "сентябре", "октября", "ноябрь", "декабря"];
    ru.forEach((w, i) => expect(monthFromWord(w)).toBe(i + 1));
    expect(monthFromWord("кантар")).toBe(1); // typed without Kazakh letters
    expect(monthFromWord("тоқсан")).toBeNull();
    expect(monthFromWord("мамонт")).toBeNull();
  });
});

describe("formatting", () => {
  it("prints the forms' Kazakh style and dots", () => {
    expect(formatDateKk("2026-03-15")).toBe("«15» наурыз 2026 ж.");
    expect(formatDateKk("2026-09-01")).toBe("«1» қыркүйек 2026 ж.");
    expect(formatDateDots("2026-03-05")).toBe("05.03.2026");
    expect(formatDateRu("2026-05-01")).toBe("1 мая 2026 г.");
    expect(() => formatDateKk("2026-13-01")).toThrow(RangeError);
  });

  it("round-trips through its own Kazakh format", () => {
    for (let z = toDayNumber("2025-12-20"); z < toDayNumber("2027-01-10"); z += 3) {
      const d = fromDayNumber(z);
      expect(parseDate(formatDateKk(d))).toBe(d);
      expect(parseDate(formatDateDots(d))).toBe(d);
      expect(parseDate(formatDateRu(d))).toBe(d);
    }
  });
});

describe("calendar arithmetic (§0.6)", () => {
  it("counts calendar days from the day after the event by default", () => {
    expect(addCalendarDays("2026-03-01", 10)).toBe("2026-03-11");
    expect(addCalendarDays("2026-03-01", 10, { countFromEventDay: true })).toBe("2026-03-10");
    expect(addCalendarDays("2025-12-25", 10)).toBe("2026-01-04");
    expect(addCalendarDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addCalendarDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("adds months keeping the day number, else the last day of the month", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2026-03-15", 2)).toBe("2026-05-15");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-15", -13)).toBe("2024-12-15");
  });

  it("compares and measures", () => {
    expect(compareDates("2026-03-01", "2026-02-28")).toBe(1);
    expect(compareDates("2026-03-01", "2026-03-01")).toBe(0);
    expect(compareDates("2025-12-31", "2026-01-01")).toBe(-1);
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(daysBetween("2024-03-01", "2024-02-01")).toBe(-29);
  });

  it("knows quarters, months and half-years", () => {
    expect([1, 2, 3, 4].map((q) => quarterEnd(2026, q))).toEqual(["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]);
    expect(quarterStart(2026, 3)).toBe("2026-07-01");
    expect(quarterOfDate("2026-04-01")).toBe(2);
    expect(quarterOfDate("2026-12-31")).toBe(4);
    expect(endOfMonth(2024, 2)).toBe("2024-02-29");
    expect(endOfMonth("2026-02-10")).toBe("2026-02-28");
    expect(halfYearEnd(2026, 1)).toBe("2026-06-30");
    expect(halfYearEnd(2026, 2)).toBe("2026-12-31");
    expect(() => quarterEnd(2026, 5)).toThrow(RangeError);
  });

  it("gives the day of the month after a quarter (R049 10th, R051 15th)", () => {
    expect(monthAfterQuarterDay(2026, 1, 10)).toBe("2026-04-10");
    expect(monthAfterQuarterDay(2026, 2, 15)).toBe("2026-07-15");
    expect(monthAfterQuarterDay(2026, 3, 10)).toBe("2026-10-10");
    expect(monthAfterQuarterDay(2026, 4, 10)).toBe("2027-01-10");
    expect(() => monthAfterQuarterDay(2026, 1, 31)).toThrow(RangeError); // 31 April
  });
});

describe("parseQuarter", () => {
  it.each<[unknown, number | null]>([
    ["I тоқсан", 1],
    ["І тоқсан", 1], // Cyrillic І
    ["II тоқсан", 2],
    ["ІІІ тоқсан", 3],
    ["IV тоқсан", 4],
    ["IV тоқсанда", 4],
    ["1-тоқсан", 1],
    ["1 тоқсан", 1],
    ["2-ші тоқсан", 2],
    ["төртінші тоқсан", 4],
    ["I квартал", 1],
    ["4-й квартал", 4],
    ["3 кв.", 3],
    ["Q1", 1],
    ["q4", 4],
    ["IV", 4],
    ["4", 4],
    [3, 3],
    ["5 тоқсан", null],
    ["V тоқсан", null],
    ["тоқсан сайын", null],
    ["2026", null],
    [0, null],
    [null, null],
  ])("%p → %p", (input, expected) => {
    expect(parseQuarter(input)).toBe(expected);
  });
});

describe("normaliseKkText (R213)", () => {
  it("cleans spaces, case and Latin look-alikes inside Cyrillic words", () => {
    expect(normaliseKkText("  Орындалды\u00A0 ")).toBe("орындалды");
    expect(normaliseKkText("Opындaлды")).toBe("орындалды"); // Latin O, p, a
    expect(normaliseKkText("Iске  асырылды")).toBe("іске асырылды");
    expect(normaliseKkText("Cəуір")).toBe("сәуір");
    expect(normaliseKkText("Q1 report")).toBe("q1 report"); // Latin text stays Latin
    expect(normaliseKkText("ж\u200Bыл")).toBe("жыл");
    expect(normaliseKkText("2025\u20132027")).toBe("2025-2027");
    expect(normaliseKkText("e\u0301")).toBe("\u00e9"); // NFC
  });

  it("flags a change only beyond trimming and letter case", () => {
    expect(normalisationChanged("  Орындалды ")).toBe(false);
    expect(normalisationChanged("ОРЫНДАЛДЫ")).toBe(false);
    expect(normalisationChanged("Opындaлды")).toBe(true);
    expect(normalisationChanged("Орындалды\u00A0толық")).toBe(true);
    expect(normalisationChanged("екі  бос")).toBe(true);
  });
});

describe("normaliseDeadline (§0.4, A-22)", () => {
  const cases: Array<[unknown, number | null, { dueDate: string; from?: string; kind: string } | null]> = [
    ["2026 жылғы 1 наурыз", 2026, { dueDate: "2026-03-01", kind: "date" }],
    ["01.03.2026", null, { dueDate: "2026-03-01", kind: "date" }],
    [46082, null, { dueDate: "2026-03-01", kind: "date" }],
    ["2026 жылғы 1 наурызға дейін", 2026, { dueDate: "2026-03-01", kind: "date" }],
    ["1 наурызға дейін", 2026, { dueDate: "2026-03-01", kind: "date" }],
    ["до 1 марта 2026 г.", 2025, { dueDate: "2026-03-01", kind: "date" }],
    ["20 қаңтардан кешіктірмей", 2027, { dueDate: "2027-01-20", kind: "date" }],
    ["IV тоқсан", 2026, { dueDate: "2026-12-31", from: "2026-10-01", kind: "quarter" }],
    ["4-тоқсан", 2026, { dueDate: "2026-12-31", from: "2026-10-01", kind: "quarter" }],
    ["І тоқсан", 2026, { dueDate: "2026-03-31", from: "2026-01-01", kind: "quarter" }],
    ["2027 жылғы II тоқсан", 2026, { dueDate: "2027-06-30", from: "2027-04-01", kind: "quarter" }],
    ["III тоқсан 2025 ж.", 2026, { dueDate: "2025-09-30", from: "2025-07-01", kind: "quarter" }],
    ["IV квартал", 2026, { dueDate: "2026-12-31", from: "2026-10-01", kind: "quarter" }],
    ["II тоқсанның соңына дейін", 2026, { dueDate: "2026-06-30", from: "2026-04-01", kind: "quarter" }],
    ["в течение IV квартала", 2026, { dueDate: "2026-12-31", from: "2026-10-01", kind: "quarter" }],
    ["I-III тоқсан", 2026, { dueDate: "2026-09-30", from: "2026-01-01", kind: "quarter" }],
    ["III-I тоқсан", 2026, null],
    ["наурыздың 15-і", 2026, { dueDate: "2026-03-15", kind: "date" }],
    ["I жартыжылдық", 2026, { dueDate: "2026-06-30", from: "2026-01-01", kind: "half" }],
    ["ІІ жартыжылдық", 2026, { dueDate: "2026-12-31", from: "2026-07-01", kind: "half" }],
    ["2 полугодие", 2026, { dueDate: "2026-12-31", from: "2026-07-01", kind: "half" }],
    ["жыл бойы", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "year" }],
    ["Жыл ішінде", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "year" }],
    ["в течение года", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "year" }],
    ["в течение всего года", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "year" }],
    ["жыл соңына дейін", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "year" }],
    ["в течение 2027 года", 2026, { dueDate: "2027-12-31", from: "2027-01-01", kind: "year" }],
    ["жыл сайын", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "recurring" }],
    ["ай сайын", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "recurring" }],
    ["тоқсан сайын", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "recurring" }],
    ["жыл сайын 1 наурызға дейін", 2026, { dueDate: "2026-03-01", from: "2026-01-01", kind: "recurring" }],
    ["ай сайын, есепті айдан кейінгі 5-күнге дейін", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "recurring" }],
    ["тұрақты", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "recurring" }],
    ["ежемесячно", 2026, { dueDate: "2026-12-31", from: "2026-01-01", kind: "recurring" }],
    ["наурыз", 2026, { dueDate: "2026-03-31", from: "2026-03-01", kind: "month" }],
    ["наурыз айы", 2026, { dueDate: "2026-03-31", from: "2026-03-01", kind: "month" }],
    ["2024 жылғы ақпан", 2026, { dueDate: "2024-02-29", from: "2024-02-01", kind: "month" }],
    ["март", 2026, { dueDate: "2026-03-31", from: "2026-03-01", kind: "month" }],
    ["в марте", 2026, { dueDate: "2026-03-31", from: "2026-03-01", kind: "month" }],
    ["2026 жыл", null, { dueDate: "2026-12-31", from: "2026-01-01", kind: "year" }],
    ["2026", 2025, { dueDate: "2026-12-31", from: "2026-01-01", kind: "year" }],
    ["2025-2027 жылдар", null, { dueDate: "2027-12-31", from: "2025-01-01", kind: "year" }],
    ["IV тоқсан", null, null], // no year to place the quarter in
    ["жыл бойы", null, null],
    ["уақытылы", 2026, null],
    ["31.02.2026", 2026, null],
    ["", 2026, null],
    [null, 2026, null],
  ];
  it.each(cases)("%p (plan year %p)", (text, planYear, expected) => {
    expect(normaliseDeadline(text, planYear)).toEqual(expected);
  });
});
