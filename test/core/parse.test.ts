import { parseForm, ParseCache } from "../../src/core/parse";
import { checkWorkbook } from "../../src/core/workbook";
import { Checker } from "../../src/core/check";
import { layoutColumn } from "../../src/core/layout";
import type { Grid, CellValue } from "../../src/core/grid";
import { catalog, formGrid, template, snapshot } from "../helpers/forms";

const findingKeys = (grid: Grid) =>
  checkWorkbook(snapshot([grid]), catalog(), new Checker(catalog().packs, catalog().calendar))
    .forms[0].findings.map((f) => `${f.rule}|${f.row ?? "-"}|${f.column ?? f.cell}`)
    .sort();

/** The base plan with one known violation, so "same findings" compares something. */
const withViolation = { set: { "3": { deadline: "15.02.2025" } } };

describe("parsing a sheet into a form document", () => {
  test("reads the hierarchy, numbers, sections and typed values of the clean plan", () => {
    const { grid } = formGrid("operational-plan");
    const doc = parseForm(grid, template("operational-plan"));
    const kinds = doc.rows.map((r) => r.kind);
    expect(kinds).toEqual(["SECTION", "DIRECTION", "MACRO", "ACTIVITY", "GOAL", "TI", "ACTIVITY", "ACTIVITY", "TI", "ACTIVITY", "SECTION", "ACTIVITY"]);
    expect(doc.rows.map((r) => r.number)).toEqual(["I", "1", "1", "1", "1.1", "1", "2", "3", "2", "4", "II", "5"]);
    expect(doc.rows[7].cells.deadline.due).toBe("2024-06-30");
    expect(doc.rows[3].cells.deadline.due).toBe("2024-12-31");
    expect(doc.rows[9].parent).toBe(8);
    expect(doc.rows[11].section).toBe("II");
    expect(doc.context.opApprovalDate.typed.value).toBe("2024-01-12");
    expect(doc.header.year.typed.value).toBe(2024);
  });

  test("moved columns are found by their heading text and give the same findings", () => {
    const { grid, layout } = formGrid("operational-plan", withViolation);
    const a = layoutColumn(layout, "executor");
    const b = layoutColumn(layout, "completionForm");
    const swapped: Grid = { ...grid, values: grid.values.map((row) => { const r = [...row]; [r[a], r[b]] = [r[b], r[a]]; return r; }) };
    const doc = parseForm(swapped, template("operational-plan"));
    expect(doc.columns.executor).toBe(b);
    expect(doc.structure.movedColumns.sort()).toEqual(["completionForm", "executor"]);
    const original = findingKeys(grid);
    expect(original).toContain("OP-DEADLINE-IN-YEAR|9|deadline");
    expect(findingKeys(swapped)).toEqual(original);
  });

  test("blank and inserted rows do not change the reading", () => {
    const { grid } = formGrid("operational-plan", withViolation);
    const blank = () => new Array<CellValue>(grid.values[0].length).fill(null);
    const spaced: Grid = { ...grid, values: [...grid.values.slice(0, 8), blank(), blank(), ...grid.values.slice(8)] };
    const doc = parseForm(spaced, template("operational-plan"));
    expect(doc.rows.map((r) => r.kind)).toEqual(parseForm(grid, template("operational-plan")).rows.map((r) => r.kind));
    expect(findingKeys(spaced).map((k) => k.replace(/\|\d+\|/, "|n|"))).toEqual(findingKeys(grid).map((k) => k.replace(/\|\d+\|/, "|n|")));
  });

  test("a sheet filled from the Word form (no row-kind column) is typed from the official labels", () => {
    const { grid, layout } = formGrid("operational-plan", withViolation);
    const kindCol = layoutColumn(layout, "rowKind");
    const word: Grid = { ...grid, values: grid.values.map((row, r) => (r === layout.headerRow ? row : row.map((v, c) => (c === kindCol ? null : v)))) };
    const doc = parseForm(word, template("operational-plan"));
    expect(doc.rows.filter((r) => r.kindSource === "label").map((r) => r.kind)).toEqual(["SECTION", "DIRECTION", "MACRO", "GOAL", "TI", "TI", "SECTION"]);
    expect(doc.rows.filter((r) => r.kind === "ACTIVITY").length).toBe(5);
    expect(findingKeys(word)).toEqual(findingKeys(grid));
  });

  test("Russian headings are recognised too", () => {
    const { grid, layout } = formGrid("operational-plan");
    const t = template("operational-plan");
    const ru: Grid = { ...grid, values: grid.values.map((row, r) => (r !== layout.headerRow ? row : row.map((v, c) => { const col = layout.columns.find((x) => x.col === c); return col ? col.def.heading.ru : v; }))) };
    const doc = parseForm(ru, t);
    expect(doc.structure.missingColumns).toEqual([]);
  });

  test("a sheet of another kind is not taken for a form", () => {
    const grid: Grid = { sheet: "Парақ1", values: [["Тауар", "Бағасы"], ["Қалам", 150]] };
    const result = checkWorkbook(snapshot([grid]), catalog());
    expect(result.forms).toEqual([]);
    expect(result.unrecognised).toEqual(["Парақ1"]);
  });
});

describe("incremental re-checking", () => {
  test("after one edit only the edited row is evaluated again, and the findings equal a fresh check", () => {
    const cat = catalog();
    const checker = new Checker(cat.packs, cat.calendar);
    const first = formGrid("operational-plan");
    checkWorkbook(snapshot([first.grid]), cat, checker);
    expect(checker.lastEvaluatedRows).toBe(12);
    const edited = formGrid("operational-plan", withViolation);
    const live = checkWorkbook(snapshot([edited.grid]), cat, checker);
    expect(checker.lastEvaluatedRows).toBe(1);
    const fresh = checkWorkbook(snapshot([edited.grid]), cat, new Checker(cat.packs, cat.calendar));
    expect(live.forms[0].findings).toEqual(fresh.forms[0].findings);
    expect(live.forms[0].findings.map((f) => f.rule)).toContain("OP-DEADLINE-IN-YEAR");
  });

  test("a header change re-evaluates every row (rows read the plan year)", () => {
    const cat = catalog();
    const checker = new Checker(cat.packs, cat.calendar);
    checkWorkbook(snapshot([formGrid("operational-plan").grid]), cat, checker);
    checkWorkbook(snapshot([formGrid("operational-plan", { header: { year: 2025 } }).grid]), cat, checker);
    expect(checker.lastEvaluatedRows).toBe(12);
  });
});

describe("patching the last document (the add-in's live edits)", () => {
  const t = template("operational-plan");

  test("a value edit replaces only the edited row, and the document equals a whole parse", () => {
    const cache = new ParseCache();
    const first = parseForm(formGrid("operational-plan").grid, t, cache);
    const edited = formGrid("operational-plan", withViolation).grid;
    const patched = parseForm(edited, t, cache);
    expect(cache.lastRead).toBe(1);
    expect(patched.rows.filter((r, i) => r !== first.rows[i]).map((r) => r.index)).toEqual([3]);
    expect(patched.rows[3].cells.deadline.text).toBe("15.02.2025");
    expect(patched).toEqual(parseForm(edited, t));
  });

  test("an edit that changes a row's kind is parsed as a whole, and equals a whole parse", () => {
    const cache = new ParseCache();
    const first = parseForm(formGrid("operational-plan").grid, t, cache);
    const goal = t.table.rowKinds.find((k) => k.id === "GOAL")!.label.kk;
    const edited = formGrid("operational-plan", { set: { "3": { rowKind: goal } } }).grid;
    const whole = parseForm(edited, t, cache);
    expect(whole.rows[3].kind).toBe("GOAL");
    // A whole parse: every row is a new object (the hierarchy under the new goal changed).
    expect(whole.rows.some((r, i) => r === first.rows[i])).toBe(false);
    expect(whole).toEqual(parseForm(edited, t));
  });

  test("an answer typed below its label, on a line the form prints after the table, is read by a live parse", () => {
    const tc = template("evaluation-conclusion");
    const cache = new ParseCache();
    const base = formGrid("evaluation-conclusion");
    parseForm(base.grid, tc, cache);
    const f = base.layout.fields.find((x) => x.id === "analysisQuality")!;
    expect(f.row).toBe(f.labelRow + 1);
    const edited = formGrid("evaluation-conclusion").grid;
    edited.values[f.row][f.col] = "Стратегиялық талдау толық емес.";
    const live = parseForm(edited, tc, cache);
    expect(live.context.analysisQuality.typed.value).toBe("Стратегиялық талдау толық емес.");
    expect(live).toEqual(parseForm(edited, tc));
  });
});
