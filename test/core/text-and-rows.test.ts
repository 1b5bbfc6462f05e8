import { typeValue } from "../../src/core/values";
import { CUSTOM_OPERATORS } from "../../src/core/rules/operators";
import { parseForm } from "../../src/core/parse";
import { checkWorkbook } from "../../src/core/workbook";
import { Checker } from "../../src/core/check";
import type { Template } from "../../src/core/template/types";
import type { Grid } from "../../src/core/grid";
import type { Catalog } from "../../src/core/catalog";
import { catalog, formGrid, template, snapshot } from "../helpers/forms";

const STATUS = { values: ["орындалды", "орындалған жоқ", "ішінара орындалды"], prefix: true };

describe("an enumeration followed by free text (EnumDef.prefix)", () => {
  test("the value is the official word, the rest is the information after it", () => {
    expect(typeValue("Орындалды. Қаулы 2023 жылғы 5 мамырда қабылданды", "enum", { enumDef: STATUS })).toMatchObject({
      value: "орындалды", ok: true, rest: "қаулы 2023 жылғы 5 мамырда қабылданды",
    });
    expect(typeValue("ішінара орындалды: қаржыландыру кешіктірілді", "enum", { enumDef: STATUS })).toMatchObject({ value: "ішінара орындалды", rest: "қаржыландыру кешіктірілді" });
    expect(typeValue("орындалған жоқ", "enum", { enumDef: STATUS })).toMatchObject({ value: "орындалған жоқ", rest: "" });
    // Latin look-alikes are recognised and marked for X-TEXT-NORMALISE.
    expect(typeValue("opындалды — есеп жіберілді", "enum", { enumDef: STATUS })).toMatchObject({ value: "орындалды", normalised: true, rest: "есеп жіберілді" });
    expect(typeValue("жартылай", "enum", { enumDef: STATUS }).ok).toBe(false);
  });

  test("a numeric column accepts the words its enumeration lists, and nothing else", () => {
    const words = { values: ["талап етілмейді"] };
    expect(typeValue("1 250,5", "money", { enumDef: words })).toMatchObject({ value: 1250.5, ok: true });
    expect(typeValue("Талап етілмейді", "money", { enumDef: words })).toMatchObject({ value: "талап етілмейді", ok: true });
    expect(typeValue("көп", "money", { enumDef: words }).ok).toBe(false);
    expect(typeValue("талап етілмейді", "money").ok).toBe(false);
  });
});

describe("operators for free text", () => {
  const { matchesKk, notMatchesKk, equalKk } = CUSTOM_OPERATORS;
  test("matchesKk recognises stems after normalisation; notMatchesKk is its negation on filled text", () => {
    const stems = ["себеп", "байланысты", "салдарынан"];
    expect(matchesKk("Мердігердің кінәсінен, қаржыландыру кешігуіне БАЙЛАНЫСТЫ", stems)).toBe(true);
    expect(matchesKk("есеп жіберілді", stems)).toBe(false);
    expect(notMatchesKk("есеп жіберілді", stems)).toBe(true);
    expect(notMatchesKk("", stems)).toBe(false);
    expect(matchesKk(null, stems)).toBe(false);
    expect(matchesKk("x", "(")).toBe(false);
  });
  test("equalKk compares after normalisation", () => {
    expect(equalKk("Жол салу ", "жол  салу")).toBe(true);
    expect(equalKk("Жол салу", "Жол салу актісі")).toBe(false);
    expect(equalKk("", "")).toBe(false);
  });
});

describe("rows: siblings before, default kind under a heading", () => {
  test("each row knows how many siblings of each kind precede it", () => {
    const doc = parseForm(formGrid("operational-plan").grid, template("operational-plan"));
    // Rows 6 and 7 are the 1st and 2nd activities under TI 1; row 9 the only one under TI 2.
    expect(doc.rows[6].before).toEqual({});
    expect(doc.rows[7].before).toEqual({ ACTIVITY: 1 });
    expect(doc.rows[8].before).toEqual({ TI: 1 });
    expect(doc.rows[10].before).toEqual({ SECTION: 1 });
  });

  test("unlabelled rows under a heading with defaultChild take that kind until the next heading", () => {
    const base = template("operational-plan-report");
    const t: Template = structuredClone(base);
    t.table.rowKinds.push(
      { id: "NOTE_HEAD", level: 0, label: { kk: "Жазба", ru: "Записка", en: "Note" }, patterns: ["^жазба:?$"], defaultChild: "NOTE" },
      { id: "NOTE", level: 1, label: { kk: "Жазба мәтіні", ru: "Текст", en: "Note text" } },
    );
    const { grid, layout } = formGrid("operational-plan-report");
    const kindCol = layout.columns.find((c) => c.def.role === "rowKind")!.col;
    const nameCol = layout.columns.find((c) => c.def.id === "name")!.col;
    const width = grid.values[0].length;
    const line = (name: string) => Object.assign(new Array(width).fill(null), { [nameCol]: name });
    // Append after the last data row: a heading, two plain lines, then a section heading and an activity.
    const last = layout.firstDataRow + 12;
    const values = grid.values.map((r) => [...r]);
    values.splice(last, 0, line("Жазба:"), line("Бірінші абзац"), line("Екінші абзац"), line("II. Басқа бөлім"), line("Іс-шара мәтіні"));
    for (const r of [last, last + 1, last + 2, last + 3, last + 4]) values[r][kindCol] = null;
    const g: Grid = { ...grid, values };
    const doc = parseForm(g, t);
    const tail = doc.rows.slice(-5).map((r) => r.kind);
    expect(tail).toEqual(["NOTE_HEAD", "NOTE", "NOTE", "SECTION", "ACTIVITY"]);
  });
});

describe("mirror window and the unpaired rows listed on both sides", () => {
  /** The operational plan pair, the report expecting only activities due by its quarter's end. */
  function run(reportPatch: Parameters<typeof formGrid>[1], window = true) {
    const base = catalog();
    const report = structuredClone(base.templates.find((t) => t.id === "operational-plan-report")!);
    if (window) report.mirrors!.window = { column: "deadline", to: "quarterEnd" };
    const cat: Catalog = { ...base, templates: base.templates.map((t) => (t.id === report.id ? report : t)) };
    const plan = formGrid("operational-plan");
    const rep = formGrid("operational-plan-report", reportPatch);
    const res = checkWorkbook(snapshot([plan.grid, rep.grid]), cat, new Checker(cat.packs, cat.calendar));
    const p = res.forms.find((f) => f.template.id === "operational-plan")!.prepared;
    const r = res.forms.find((f) => f.template.id === "operational-plan-report")!.prepared;
    return { p, r, plan, rep };
  }

  test("a plan row dropped from the report is listed on the report with the cell it belongs after", () => {
    // Report row 7 (due 30.06.2024, in the II quarter) is dropped.
    const { p, r, plan, rep } = run({ delete: [7] });
    const nameCol = "B";
    expect(r.facts.mirror!.counterpart.sheet).toBe(plan.grid.sheet);
    expect(r.facts.mirror!.unpaired).toEqual([
      expect.objectContaining({ row: plan.layout.firstDataRow + 7 + 1, otherCell: `${nameCol}${plan.layout.firstDataRow + 8}`, cell: `${nameCol}${rep.layout.firstDataRow + 7}`, due: "2024-06-30" }),
    ]);
    expect(p.facts.mirror!.unpaired).toEqual([]);
    const dropped = p.rows.find((x) => x.row.index === 7)!;
    expect(dropped.fact.mirror).toMatchObject({ status: "unpaired", inWindow: true });
    // Activities due after the quarter are outside the window.
    expect(p.rows.find((x) => x.row.index === 9)!.fact.mirror!.inWindow).toBe(false);
  });

  test("rows outside the window are not expected in the report; without a window every row is", () => {
    // Drop the III-quarter activity (row 9): outside the II-quarter report's window.
    expect(run({ delete: [9] }).r.facts.mirror!.unpaired).toEqual([]);
    expect(run({ delete: [9] }, false).r.facts.mirror!.unpaired.map((u) => u.due)).toEqual([null]);
  });

  test("a row only in the report is listed on the plan side", () => {
    const { p, rep } = run({ insert: [{ at: 8, kind: "ACTIVITY", cells: { no: "9", name: "Жоспарда жоқ іс-шара", executor: "Департамент", deadline: "II тоқсан", completionForm: "есеп", execution: "орындалды", status: "орындалды" } }] });
    expect(p.facts.mirror!.unpaired).toEqual([expect.objectContaining({ name: "Жоспарда жоқ іс-шара", row: rep.layout.firstDataRow + 8 + 1 })]);
  });
});
