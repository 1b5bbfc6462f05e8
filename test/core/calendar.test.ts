import Ajv2020 from "ajv/dist/2020";
import {
  addWorkingDays,
  CalendarDataError,
  coversDate,
  createCalendar,
  dayOfWeek,
  fromDayNumber,
  holidayOn,
  isWorkingDay,
  nthWorkingDayOfMonth,
  toDayNumber,
  workingDaysBetween,
  type Calendar,
} from "../../src/core/dates";

const kz = require("../../rules/calendars/kz.json");
const schema = require("../../rules/calendars/schema.json");

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const cal: Calendar = createCalendar(kz);

function nonWorkingDaysIn(c: Calendar, year: number): number {
  let n = 0;
  for (let z = toDayNumber(`${year}-01-01`); z <= toDayNumber(`${year}-12-31`); z++) if (!isWorkingDay(c, fromDayNumber(z))) n++;
  return n;
}

describe("rules/calendars/kz.json", () => {
  it("validates against schema.json", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(schema);
    const ok = validate(kz);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the schema rejects a malformed entry", () => {
    const validate = new Ajv2020({ strict: true }).compile(schema);
    const bad = clone(kz);
    bad.holidays[0].date = "2026-3-1";
    expect(validate(bad)).toBe(false);
    const moved = clone(kz);
    delete moved.holidays.find((h: { kind: string }) => h.kind === "moved").movedFrom;
    expect(validate(moved)).toBe(false);
  });

  it("lists every holiday date once, within 2012–2028, and each source is declared", () => {
    const dates: string[] = kz.holidays.map((h: { date: string }) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (const d of dates) expect(d >= "2012-01-01" && d <= "2028-12-31").toBe(true);
    expect([...dates].sort()).toEqual(dates); // kept in date order
    for (const t of kz.transfers) expect(t.workday >= "2012-01-01" && t.dayOff <= "2028-12-31").toBe(true);
    const ids = new Set(kz.sources.map((s: { id: string }) => s.id));
    for (const e of [...kz.holidays, ...kz.transfers]) expect(ids).toContain(e.source);
  });

  it("covers every year 2012–2028 with New Year, Nauryz, Independence Day and Kurban ait", () => {
    for (let y = 2012; y <= 2028; y++) {
      for (const md of ["01-01", "01-02", "03-21", "03-22", "03-23", "12-16"]) expect(holidayOn(cal, `${y}-${md}`)?.kind).toBe("holiday");
      const kurban = kz.holidays.filter((h: { date: string; name: { en: string } }) => h.date.startsWith(`${y}`) && /Kurban/.test(h.name.en));
      expect(kurban).toHaveLength(1);
      expect(kurban[0].kind).toBe("religious");
    }
  });

  it("2028, past the pilot: the law's holidays and weekend moves, Kurban ait provisional, no transfer decreed yet", () => {
    // New Year falls on Saturday and Sunday: both days off move to Monday 3 and Tuesday 4 January.
    expect(holidayOn(cal, "2028-01-03")).toMatchObject({ kind: "moved", movedFrom: "2028-01-01" });
    expect(holidayOn(cal, "2028-01-04")).toMatchObject({ kind: "moved", movedFrom: "2028-01-02" });
    expect(holidayOn(cal, "2028-01-07")?.kind).toBe("religious");
    expect(holidayOn(cal, "2028-12-18")).toMatchObject({ kind: "moved", movedFrom: "2028-12-16" });
    const kurban = kz.holidays.find((h: { date: string; name: { en: string } }) => h.date.startsWith("2028") && /Kurban/.test(h.name.en));
    expect(kurban.provisional).toBe(true);
    expect(kz.transfers.filter((t: { dayOff: string }) => t.dayOff.startsWith("2028"))).toEqual([]);
    expect(kz.notes.join("\n")).toMatch(/2028[^]*no transfer of days off for 2028 has been decreed yet/);
    // The block-budget monthly reports for December 2027 (Rules p.56: 5th working day local, 7th republican).
    expect(nthWorkingDayOfMonth(cal, 2028, 1, 5)).toBe("2028-01-12");
    expect(nthWorkingDayOfMonth(cal, 2028, 1, 7)).toBe("2028-01-14");
  });

  it("follows the 2022 law: Republic Day from 2022, no 1 and 17 December from 2022", () => {
    expect(holidayOn(cal, "2021-10-25")).toBeUndefined();
    expect(holidayOn(cal, "2022-10-25")?.kind).toBe("holiday");
    expect(holidayOn(cal, "2021-12-01")?.kind).toBe("holiday");
    expect(holidayOn(cal, "2022-12-01")).toBeUndefined();
    expect(holidayOn(cal, "2021-12-17")?.kind).toBe("holiday");
    expect(holidayOn(cal, "2022-12-17")).toBeUndefined();
  });

  it("follows the law as it stood in 2012–2021: First President Day from 2012, Defender of the Fatherland Day from 2013, no Republic Day", () => {
    expect(holidayOn(cal, "2012-12-01")?.kind).toBe("holiday"); // first year, a Saturday
    expect(holidayOn(cal, "2012-12-03")).toMatchObject({ kind: "moved", movedFrom: "2012-12-01" });
    expect(holidayOn(cal, "2012-05-07")).toBeUndefined();
    expect(isWorkingDay(cal, "2012-05-07")).toBe(true); // Monday, not yet a holiday
    expect(holidayOn(cal, "2013-05-07")?.kind).toBe("holiday");
    for (let y = 2012; y <= 2021; y++) {
      expect(holidayOn(cal, `${y}-10-25`)).toBeUndefined();
      expect(holidayOn(cal, `${y}-12-01`)?.kind).toBe("holiday");
      expect(holidayOn(cal, `${y}-12-17`)?.kind).toBe("holiday");
      if (y >= 2013) expect(holidayOn(cal, `${y}-05-07`)?.kind).toBe("holiday");
    }
    const kurban = (y: number) => kz.holidays.find((h: { date: string; name: { en: string } }) => h.date.startsWith(`${y}`) && /Kurban/.test(h.name.en)).date;
    expect([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019].map(kurban)).toEqual([
      "2012-10-26", "2013-10-15", "2014-10-04", "2015-09-24", "2016-09-12", "2017-09-01", "2018-08-21", "2019-08-11",
    ]);
  });

  it("moves a weekend holiday to the next working day, but never a religious one", () => {
    for (const h of kz.holidays.filter((x: { kind: string }) => x.kind === "moved")) {
      expect([6, 7]).toContain(dayOfWeek(h.movedFrom));
      expect(h.date > h.movedFrom).toBe(true);
      expect(dayOfWeek(h.date)).toBeLessThanOrEqual(5);
    }
    const movedFrom = new Set(kz.holidays.map((h: { movedFrom?: string }) => h.movedFrom).filter(Boolean));
    for (const h of kz.holidays.filter((x: { kind: string; date: string }) => x.kind === "holiday" && dayOfWeek(x.date) >= 6)) {
      expect(movedFrom).toContain(h.date);
    }
    expect(isWorkingDay(cal, "2023-01-09")).toBe(true); // Christmas on Saturday 07.01.2023: no extra day
    expect(isWorkingDay(cal, "2024-06-17")).toBe(true); // Kurban ait on Sunday 16.06.2024: no extra day
    expect(isWorkingDay(cal, "2014-10-06")).toBe(true); // Kurban ait on Saturday 04.10.2014: no extra day
    expect(isWorkingDay(cal, "2012-01-09")).toBe(true); // Christmas on Saturday 07.01.2012
    expect(holidayOn(cal, "2012-12-18")).toMatchObject({ kind: "moved", movedFrom: "2012-12-16" }); // 17.12 is itself a holiday
    expect(holidayOn(cal, "2016-05-10")).toMatchObject({ kind: "moved", movedFrom: "2016-05-07" }); // 9 May in between
    expect(holidayOn(cal, "2014-03-24")).toMatchObject({ kind: "moved", movedFrom: "2014-03-22" });
    expect(holidayOn(cal, "2014-03-25")).toMatchObject({ kind: "moved", movedFrom: "2014-03-23" });
  });

  it("matches the published yearly totals (246 working days in 2025 and in 2026, five-day week)", () => {
    expect(nonWorkingDaysIn(cal, 2025)).toBe(119);
    expect(nonWorkingDaysIn(cal, 2026)).toBe(119);
  });
});

describe("createCalendar", () => {
  it("indexes the data", () => {
    expect(cal.country).toBe("KZ");
    expect(cal.version).toBe(kz.version);
    expect(cal.coverage).toEqual({ from: "2012-01-01", to: "2028-12-31" });
    expect(coversDate(cal, "2012-01-01")).toBe(true);
    expect(coversDate(cal, "2011-12-31")).toBe(false);
    expect(coversDate(cal, "2028-12-31")).toBe(true);
    expect(coversDate(cal, "2029-01-03")).toBe(false);
  });

  it.each<[string, (d: ReturnType<typeof clone<typeof kz>>) => void, RegExp]>([
    ["a bad date", (d) => (d.holidays[3].date = "2024-02-30"), /holidays\[3\] \(2024-02-30\): date is not a valid/],
    ["a duplicate date", (d) => d.holidays.push(clone(d.holidays[0])), /\(2012-01-01\): date is listed twice/],
    ["an unknown kind", (d) => (d.holidays[0].kind = "festive"), /holidays\[0\].*kind must be one of/],
    ["a missing Kazakh name", (d) => delete d.holidays[0].name.kk, /holidays\[0\].*name\.kk is required/],
    ["a moved day without its holiday", (d) => (d.holidays.find((h: { kind: string }) => h.kind === "moved").movedFrom = "2020-02-03"), /movedFrom 2020-02-03 is not a listed holiday/],
    ["a transfer that works a holiday", (d) => d.transfers.push({ workday: "2026-03-23", dayOff: "2026-03-27", source: "x" }), /transfers\[\d+\] \(2026-03-23 → 2026-03-27\): workday 2026-03-23 is a public holiday/],
    ["a transfer onto a day already off", (d) => d.transfers.push({ workday: "2026-06-06", dayOff: "2026-06-07", source: "x" }), /dayOff 2026-06-07 is already a day off/],
    ["a transfer from a working day", (d) => d.transfers.push({ workday: "2026-06-03", dayOff: "2026-06-05", source: "x" }), /workday 2026-06-03 is already a working day/],
    ["a bad weekend", (d) => (d.weekend = [1, 2, 3, 4, 5, 6, 7]), /weekend/],
    ["holidays that are not a list", (d) => (d.holidays = {}), /holidays: expected an array/],
  ])("rejects %s with a message naming the entry", (_what, spoil, message) => {
    const data = clone(kz);
    spoil(data);
    expect(() => createCalendar(data)).toThrow(CalendarDataError);
    expect(() => createCalendar(data)).toThrow(message);
  });

  it("works with a bare minimum: weekends only", () => {
    const bare = createCalendar({ holidays: [] });
    expect(bare.coverage).toBeNull();
    expect(addWorkingDays(bare, "2026-03-20", 1)).toBe("2026-03-23");
  });
});

describe("working days", () => {
  it("knows weekends, holidays, moved days off and transfers", () => {
    expect(isWorkingDay(cal, "2026-03-20")).toBe(true); // Friday
    expect(isWorkingDay(cal, "2026-03-21")).toBe(false); // Nauryz, Saturday
    expect(isWorkingDay(cal, "2026-03-23")).toBe(false); // Nauryz, Monday
    expect(isWorkingDay(cal, "2026-03-24")).toBe(false); // moved from 21.03
    expect(isWorkingDay(cal, "2026-03-25")).toBe(false); // moved from 22.03
    expect(isWorkingDay(cal, "2026-03-26")).toBe(true);
    expect(isWorkingDay(cal, "2024-05-04")).toBe(true); // Saturday worked (MLSP order of 17.04.2024)
    expect(isWorkingDay(cal, "2024-05-08")).toBe(false); // its day off
    expect(isWorkingDay(cal, "2025-01-05")).toBe(true); // Sunday worked
    expect(isWorkingDay(cal, "2025-01-03")).toBe(false);
    expect(isWorkingDay(cal, "2020-05-11")).toBe(true); // moved Victory Day rest moved on to 08.05.2020
    expect(isWorkingDay(cal, "2020-05-08")).toBe(false);
    expect(() => isWorkingDay(cal, "2026-02-30")).toThrow(RangeError);
  });

  it("adds working days across Nauryz", () => {
    expect(addWorkingDays(cal, "2026-03-20", 1)).toBe("2026-03-26");
    expect(addWorkingDays(cal, "2024-03-20", 1)).toBe("2024-03-26"); // 21–22 holiday, 23 Sat moved to 25
    expect(addWorkingDays(cal, "2026-03-19", 5)).toBe("2026-03-31"); // 20, 26, 27, 30, 31
    expect(addWorkingDays(cal, "2026-03-26", -1)).toBe("2026-03-20");
    expect(addWorkingDays(cal, "2026-03-26", 0)).toBe("2026-03-26");
  });

  it("adds working days across a government transfer", () => {
    expect(addWorkingDays(cal, "2024-05-03", 1)).toBe("2024-05-04"); // the worked Saturday
    expect(addWorkingDays(cal, "2024-05-06", 1)).toBe("2024-05-10"); // 7, 8, 9 May off
    expect(addWorkingDays(cal, "2024-05-02", 3)).toBe("2024-05-06"); // 3, 4 (Sat), 6
    expect(addWorkingDays(cal, "2025-01-02", 1)).toBe("2025-01-05"); // 3 Jan off, Sunday 5 Jan worked
  });

  it("counts working days in (a, b], consistent with addWorkingDays", () => {
    expect(workingDaysBetween(cal, "2026-03-19", "2026-03-31")).toBe(5);
    expect(workingDaysBetween(cal, "2026-03-31", "2026-03-19")).toBe(-5);
    expect(workingDaysBetween(cal, "2026-03-21", "2026-03-25")).toBe(0);
    for (let z = toDayNumber("2024-12-20"); z < toDayNumber("2025-02-01"); z += 2) {
      const a = fromDayNumber(z);
      for (const n of [1, 5, 10, 22]) expect(workingDaysBetween(cal, a, addWorkingDays(cal, a, n))).toBe(n);
    }
  });

  describe("2012–2019, for the working-day rules of the 2012–2014 evaluation methodology", () => {
    it("knows the Government decrees' transfers, including Sundays worked and one across the new year", () => {
      expect(isWorkingDay(cal, "2012-03-11")).toBe(true); // Sunday worked for Friday 09.03.2012
      expect(isWorkingDay(cal, "2012-03-09")).toBe(false);
      expect(isWorkingDay(cal, "2013-05-04")).toBe(true); // Saturday worked for Friday 10.05.2013
      expect(isWorkingDay(cal, "2013-05-10")).toBe(false);
      expect(isWorkingDay(cal, "2013-12-28")).toBe(true); // Saturday worked for Friday 03.01.2014
      expect(isWorkingDay(cal, "2014-01-03")).toBe(false);
      expect(isWorkingDay(cal, "2014-05-04")).toBe(true); // Sundays worked for 2 and 8 May 2014
      expect(isWorkingDay(cal, "2014-05-11")).toBe(true);
      expect(isWorkingDay(cal, "2014-05-02")).toBe(false);
      expect(isWorkingDay(cal, "2014-05-08")).toBe(false);
      expect(isWorkingDay(cal, "2019-05-04")).toBe(true);
      expect(isWorkingDay(cal, "2019-05-10")).toBe(false);
      expect(kz.transfers.some((t: { workday: string }) => t.workday.startsWith("2015"))).toBe(false); // no decree for 2015
    });

    it("an appeal within 5 working days crosses Nauryz 2014 and its moved days", () => {
      // Thursday 20.03.2014: 21 (Fri) holiday, 22–23 on the weekend moved to Monday 24 and Tuesday 25.
      expect(addWorkingDays(cal, "2014-03-20", 5)).toBe("2014-04-01"); // 26, 27, 28, 31, 1
      expect(addWorkingDays(cal, "2014-03-20", 1)).toBe("2014-03-26");
    });

    it("5 working days across the May 2014 holidays count the two Sundays worked", () => {
      // 1 May holiday, 2 May off (transfer), Sunday 4 May worked; 7 May holiday, 8 May off (transfer), 9 May holiday, Sunday 11 May worked.
      expect(addWorkingDays(cal, "2014-04-30", 5)).toBe("2014-05-12"); // 4 (Sun), 5, 6, 11 (Sun), 12
      expect(addWorkingDays(cal, "2014-05-06", 1)).toBe("2014-05-11");
      expect(workingDaysBetween(cal, "2014-04-30", "2014-05-12")).toBe(5);
    });

    it("5 working days across Kurban ait 2013 and its transfer", () => {
      // Saturday 12.10.2013 worked, Monday 14.10 off (transfer), Tuesday 15.10 Kurban ait.
      expect(addWorkingDays(cal, "2013-10-11", 5)).toBe("2013-10-21"); // 12 (Sat), 16, 17, 18, 21
      expect(addWorkingDays(cal, "2013-10-11", 1)).toBe("2013-10-12");
      expect(addWorkingDays(cal, "2013-10-21", -5)).toBe("2013-10-11");
    });

    it("working days across the new year 2013/2014 and the Defender of the Fatherland Day 2013", () => {
      expect(addWorkingDays(cal, "2013-12-27", 2)).toBe("2013-12-30"); // Saturday 28.12 worked
      expect(addWorkingDays(cal, "2013-12-31", 1)).toBe("2014-01-06"); // 1–2 Jan holidays, 3 Jan transfer, weekend
      expect(addWorkingDays(cal, "2013-12-31", 2)).toBe("2014-01-08"); // 7 Jan Christmas
      expect(addWorkingDays(cal, "2013-05-03", 3)).toBe("2013-05-08"); // 4 (Sat), 6, 8: 7 May holiday
      expect(addWorkingDays(cal, "2013-05-08", 1)).toBe("2013-05-13"); // 9 May holiday, 10 May transfer
    });

    it("counts working days in (a, b] consistently with addWorkingDays over 2012–2019", () => {
      for (let z = toDayNumber("2012-01-01"); z < toDayNumber("2020-01-01"); z += 11) {
        const a = fromDayNumber(z);
        for (const n of [1, 5, 10]) expect(workingDaysBetween(cal, a, addWorkingDays(cal, a, n))).toBe(n);
      }
    });
  });

  it("R172/R173: a budget request 10 working days after the limits are delivered", () => {
    // Limits delivered on Friday 30.05.2025: June 2025 has Kurban ait on Friday 06.06.
    expect(addWorkingDays(cal, "2025-05-30", 10)).toBe("2025-06-16");
  });

  describe("monthly monitoring deadlines (§2.8)", () => {
    // R204: local administrators, the 5th working day of the month after the reporting month.
    // R205: republican administrators, the 7th.
    it.each<[string, number, number, string, string]>([
      ["February 2026", 2026, 3, "2026-03-06", "2026-03-11"], // 9 March moved from Sunday 8 March
      ["March 2026", 2026, 4, "2026-04-07", "2026-04-09"],
      ["April 2026", 2026, 5, "2026-05-12", "2026-05-14"], // 1, 7 and 11 May off
      ["December 2024", 2025, 1, "2025-01-10", "2025-01-14"], // 1–3 Jan off, Sunday 5 Jan worked, 7 Jan Christmas
      ["February 2025", 2025, 3, "2025-03-07", "2025-03-12"], // 10 March moved from Saturday 8 March
    ])("report for %s", (_month, year, nextMonth, r204, r205) => {
      expect(nthWorkingDayOfMonth(cal, year, nextMonth, 5)).toBe(r204);
      expect(nthWorkingDayOfMonth(cal, year, nextMonth, 7)).toBe(r205);
    });

    it("returns null past the month's last working day", () => {
      expect(nthWorkingDayOfMonth(cal, 2026, 3, 1)).toBe("2026-03-02");
      // March 2026: 22 weekdays less 9, 23, 24 and 25 March = 18 working days.
      expect(nthWorkingDayOfMonth(cal, 2026, 3, 18)).toBe("2026-03-31");
      expect(nthWorkingDayOfMonth(cal, 2026, 3, 19)).toBeNull();
    });
  });
});

describe("working-day deadlines past the calendar's coverage", () => {
  // Imported here so the calendar's own suite stays independent of the rules engine.
  const { catalog, formGrid, snapshot } = require("../helpers/forms");
  const { checkWorkbook } = require("../../src/core/workbook");
  const { Checker } = require("../../src/core/check");
  const run = (period: string) => {
    const c = catalog();
    const g = formGrid("block-budget-reports", { set: { "2": { period } } });
    const r = checkWorkbook(snapshot([g.grid], []), c, new Checker(c.packs, c.calendar));
    return r.forms[0].findings as { rule: string; severity: string; cell: string | null; message: { en: string } }[];
  };

  it("a January 2028 block-budget deadline computes from the calendar, without a coverage warning", () => {
    const findings = run("2027 жылғы желтоқсан");
    expect(findings.filter((f) => f.rule === "X-CALENDAR-COVERAGE")).toEqual([]);
  });

  it("one in 2029 computes from weekends only and says so with a visible warning on the row", () => {
    const findings = run("2028 жылғы желтоқсан").filter((f) => f.rule === "X-CALENDAR-COVERAGE");
    expect(findings).toHaveLength(1);
    expect(findings[0].severity).toBe("warning");
    expect(findings[0].cell).not.toBeNull();
    // 7th working day of January 2029 by weekends alone: 1–5 and 8–9 January.
    expect(findings[0].message.en).toContain("09.01.2029");
    expect(findings[0].message.en).toContain("31.12.2028");
  });
});
