import { computeAggregate } from "../../src/core/rules/aggregates";
import type { RowFact } from "../../src/core/facts";
import type { AggregateSpec } from "../../src/core/rules/types";
import { DERIVED_FUNCTIONS } from "../../src/core/rules/functions";
import { createCalendar } from "../../src/core/dates";
import { readFileSync } from "fs";
import { join } from "path";
import { ROOT } from "../helpers/forms";

/** Row facts as the checker builds them: only the fields an aggregate reads matter here. */
function row(kind: string, cells: Record<string, unknown>): RowFact {
  return { kind, number: null, expectedNumber: null, section: null, parentKind: null, parentNumber: null, parentAllowed: true, children: {}, before: {}, kindLabel: kind, parentLabel: null, invalid: [], normalised: [], blankRequired: [], ...cells };
}

const params: Record<string, unknown> = {
  patterns: ["жоғары тұрған орган\\p{L}* хабардар", "^үкіметке ақпарат"],
  max: 2,
};
const resolve = (v: unknown) => (typeof v === "string" && v.startsWith("$params.") ? params[v.slice(8)] : v);

const inform: AggregateSpec = {
  kinds: ["ACTIVITY"],
  where: { column: "completionForm", matches: "$params.patterns" },
  value: "deadlineDue",
  groupBy: "valueYear",
  maxDistinct: "$params.max",
};

describe("pack-declared aggregates", () => {
  const rows = [
    { sheetRow: 5, fact: row("ACTIVITY", { completionForm: "Жоғары тұрған органдарды хабардар ету", deadlineDue: "2023-06-30" }) },
    { sheetRow: 6, fact: row("ACTIVITY", { completionForm: "ЖОҒАРЫ ТҰРҒАН ОРГАНДАРҒА хабардар ету", deadlineDue: "2023-12-31" }) },
    // Latin look-alikes and spacing are recognised; the text is free.
    { sheetRow: 7, fact: row("ACTIVITY", { completionForm: "Үкіметке  aқпарат", deadlineDue: "2023-06-30" }) },
    { sheetRow: 8, fact: row("ACTIVITY", { completionForm: "Үкіметке ақпарат", deadlineDue: "2023-09-30" }) },
    { sheetRow: 9, fact: row("ACTIVITY", { completionForm: "Мемлекеттік комиссияның қабылдау актілері", deadlineDue: "2023-10-01" }) },
    { sheetRow: 10, fact: row("TI", { completionForm: "Жоғары тұрған органдарды хабардар ету", deadlineDue: "2023-03-31" }) },
    { sheetRow: 11, fact: row("ACTIVITY", { completionForm: "жоғары тұрған органдарды хабардар ету", deadlineDue: "2024-06-30" }) },
  ];

  test("counts the matching rows of the kinds, names their sheet rows, groups their distinct values by year", () => {
    const { fact } = computeAggregate(inform, rows, resolve);
    expect(fact.count).toBe(5);
    expect(fact.rows).toEqual([6, 7, 8, 9, 12]);
    expect(fact.groups).toEqual([
      { key: 2023, count: 4, rows: [6, 7, 8, 9], values: ["2023-06-30", "2023-09-30", "2023-12-31"] },
      { key: 2024, count: 1, rows: [12], values: ["2024-06-30"] },
    ]);
  });

  test("a group with more distinct values than allowed is listed with its rows, and the odd rows are marked", () => {
    const { fact, perRow } = computeAggregate(inform, rows, resolve);
    expect(fact.over).toHaveLength(1);
    const over = fact.over[0];
    expect(over).toMatchObject({ key: 2023, distinct: 3, max: 2, rows: [6, 7, 8, 9] });
    // 30.06 is used twice; of the single ones, the earliest (30.09) is kept as the second common date.
    expect(perRow.get(rows[0].fact)).toEqual({ group: 2023, value: "2023-06-30", outlier: false, common: ["2023-06-30", "2023-09-30"], position: 1 });
    expect(perRow.get(rows[1].fact)!.outlier).toBe(true);
    expect(over.outlierRows).toEqual([7]);
    expect(perRow.get(rows[6].fact)!.outlier).toBe(false);
    expect(perRow.has(rows[4].fact)).toBe(false);
    expect(perRow.has(rows[5].fact)).toBe(false);
  });

  test("with the limit raised by params no group is over and no row is an outlier", () => {
    params.max = 3;
    try {
      const { fact, perRow } = computeAggregate(inform, rows, resolve);
      expect(fact.over).toEqual([]);
      expect([...perRow.values()].some((r) => r.outlier)).toBe(false);
    } finally {
      params.max = 2;
    }
  });

  test("equals and notBlank conditions; no groupBy gives one group", () => {
    const spec: AggregateSpec = { kinds: ["TI"], where: { column: "additional", equals: true } };
    const ti = [
      { sheetRow: 1, fact: row("TI", { additional: true }) },
      { sheetRow: 2, fact: row("TI", { additional: false }) },
      { sheetRow: 3, fact: row("TI", { additional: true }) },
      { sheetRow: 4, fact: row("ACTIVITY", { additional: true }) },
    ];
    const { fact } = computeAggregate(spec, ti, resolve);
    expect(fact).toMatchObject({ count: 2, rows: [2, 4], groups: [{ key: null, count: 2 }] });
    const filled = computeAggregate({ where: { column: "additional", notBlank: true } }, [...ti, { sheetRow: 5, fact: row("TI", { additional: null }) }], resolve);
    expect(filled.fact.count).toBe(4);
  });
});

describe("derived functions added for form-level counts", () => {
  const env = { calendar: createCalendar(JSON.parse(readFileSync(join(ROOT, "rules", "calendars", "kz.json"), "utf8"))) };
  test("percentOf rounds as configured (floor by default, A-09)", () => {
    expect(DERIVED_FUNCTIONS.percentOf([7, 20], env)).toBe(1);
    expect(DERIVED_FUNCTIONS.percentOf([15, 20, "floor"], env)).toBe(3);
    expect(DERIVED_FUNCTIONS.percentOf([7, 20, "round"], env)).toBe(1);
    expect(DERIVED_FUNCTIONS.percentOf([8, 20, "round"], env)).toBe(2);
    expect(DERIVED_FUNCTIONS.percentOf([7, 20, "ceil"], env)).toBe(2);
    expect(DERIVED_FUNCTIONS.percentOf([7, 20, "none"], env)).toBeCloseTo(1.4);
    expect(DERIVED_FUNCTIONS.percentOf([null, 20], env)).toBeNull();
  });
  test("pick chooses a value by key; yearsMissing lists period years without a value; count", () => {
    expect(DERIVED_FUNCTIONS.pick(["rows", "context", 12, "rows", 9], env)).toBe(9);
    expect(DERIVED_FUNCTIONS.pick(["other", "context", 12], env)).toBeNull();
    expect(DERIVED_FUNCTIONS.yearsMissing([2021, 2025, [2021, 2022, 2024]], env)).toEqual([2023, 2025]);
    expect(DERIVED_FUNCTIONS.yearsMissing([2021, 2025, null], env)).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(DERIVED_FUNCTIONS.count([[1, 2, 3]], env)).toBe(3);
  });
});

describe("a composite group key (a program's budget-structure section and goal)", () => {
  const spec: AggregateSpec = { kinds: ["PROGRAM"], value: "code", groupBy: ["section", "goal"], maxCount: 1 };
  const rows = [
    { sheetRow: 5, fact: row("PROGRAM", { code: "005", section: "04 Білім беру", goal: "Сапалы білім" }) },
    { sheetRow: 6, fact: row("SUBPROGRAM", { code: "005.100", section: "04 Білім беру", goal: "Сапалы білім" }) },
    // Same goal, another section: its own group.
    { sheetRow: 7, fact: row("PROGRAM", { code: "006", section: "05 Денсаулық сақтау", goal: "Сапалы білім" }) },
    // Same section and goal (spaces differ): the second program of the group.
    { sheetRow: 8, fact: row("PROGRAM", { code: "007", section: "04  Білім беру", goal: " Сапалы білім" }) },
    // A blank part: ungrouped, not counted.
    { sheetRow: 9, fact: row("PROGRAM", { code: "008", section: "", goal: "Сапалы білім" }) },
    { sheetRow: 10, fact: row("PROGRAM", { code: "009", section: null, goal: "Сапалы білім" }) },
  ];

  test("groups rows by all the fields together and flags the rows after maxCount in each group", () => {
    const { fact, perRow } = computeAggregate(spec, rows, (v) => v);
    expect(fact.count).toBe(3);
    expect(fact.keys).toEqual(["04 Білім беру · Сапалы білім", "05 Денсаулық сақтау · Сапалы білім"]);
    expect(fact.over).toEqual([expect.objectContaining({ key: "04 Білім беру · Сапалы білім", rows: [6, 9], values: ["005", "007"], outlierRows: [9] })]);
    expect(perRow.get(rows[3].fact)).toEqual(expect.objectContaining({ outlier: true, position: 2 }));
    expect(perRow.get(rows[0].fact)?.outlier).toBe(false);
    expect(perRow.has(rows[4].fact)).toBe(false);
    expect(perRow.has(rows[5].fact)).toBe(false);
  });
});

describe("list functions of the rule packs", () => {
  const env = { calendar: createCalendar(JSON.parse(readFileSync(join(ROOT, "rules/calendars/kz.json"), "utf8"))) };
  test("itemsNotIn keeps what a closed list lacks, compared after X-TEXT-NORMALISE; dropItems drops the lead", () => {
    expect(DERIVED_FUNCTIONS.itemsNotIn([["Орталық мемлекеттік орган", "ұлттық компания"], ["орталық мемлекеттік орган", "басқа ұйым"]], env)).toEqual(["ұлттық компания"]);
    expect(DERIVED_FUNCTIONS.itemsNotIn([null, ["a"]], env)).toEqual([]);
    expect(DERIVED_FUNCTIONS.dropItems([["lead", "co1", "co2"], 1], env)).toEqual(["co1", "co2"]);
    expect(DERIVED_FUNCTIONS.dropItems([null, 1], env)).toEqual([]);
  });
  test("entryFor finds a body by its name or an alias, after X-TEXT-NORMALISE; matchesAny tells a text by stems", () => {
    const map = [{ body: "Қазақстан Республикасы Мәдениет және ақпарат министрлiгi", aliases: [], areas: [1] }, { body: "A", aliases: ["Б агенттігі"], areas: [2] }];
    // The seed writes «министрлiгi» with Latin i; a user types the Kazakh letter.
    expect(DERIVED_FUNCTIONS.entryFor([map, "Қазақстан Республикасы Мәдениет және ақпарат министрлігі"], env)).toBe(map[0]);
    expect(DERIVED_FUNCTIONS.entryFor([map, " б  агенттігі"], env)).toBe(map[1]);
    expect(DERIVED_FUNCTIONS.entryFor([map, "В"], env)).toBeNull();
    expect(DERIVED_FUNCTIONS.matchesAny(["Ақмола облысының әкімдігі", ["әкімдігі"]], env)).toBe(true);
    expect(DERIVED_FUNCTIONS.matchesAny(["Қаржы министрлігі", ["әкімдігі"]], env)).toBe(false);
    expect(DERIVED_FUNCTIONS.matchesAny([null, ["әкімдігі"]], env)).toBeNull();
  });
});
