/**
 * The live check is incremental (only the rows whose cells changed are read again, only the facts
 * that depend on them rebuilt, only rows with changed facts evaluated); a property test shows it
 * never changes the answer. Random sequences of user actions — typing, pasting blocks, inserting
 * and deleting rows, editing the fields panel — go through the fake Excel to a LiveSession, and
 * after every action the session's findings and computed values (form-level and per row) must
 * equal a fresh one-shot check of the workbook as it now is.
 *
 * The forms: the NSS action plan (rules on `row.before`, aggregates with per-row membership), its
 * report (per-row computed columns over groups of rows) and the operational plan.
 * A mutation shows the property has teeth: a row key that drops `row.before` is caught.
 */
import fc from "fast-check";
import { harness, template, templateFile, catalog, sampleData, Built } from "./support/setup";
import { place, Placed } from "./support/plan";
import { LiveSession } from "../../src/excel/session";
import { OfficeWorkbookPort } from "../../src/excel/port";
import { Checker, CheckerOptions } from "../../src/core/check";
import { checkWorkbook, WorkbookResult } from "../../src/core/workbook";
import type { FormData } from "../../src/core/layout";
import type { Template } from "../../src/core/template/types";
import type { RowFact } from "../../src/core/facts";

const FORMS = ["nss-action-plan", "nss-action-plan-report", "operational-plan"] as const;
/** Random action sequences per form (≥ 500 in all). */
const RUNS = Number(process.env.LIVE_RUNS ?? 170);

type Action =
  | { t: "type"; row: number; col: number; value: string }
  | { t: "paste"; row: number; col: number; values: string[][] }
  | { t: "insert"; row: number; count: number; label: string | null }
  | { t: "delete"; row: number; count: number }
  | { t: "field"; field: number; value: string };

interface Form {
  t: Template;
  built: Built;
  data: FormData;
  /** Table columns on the sheet, in sheet order (ids). */
  columns: string[];
  fields: string[];
  values: string[];
  labels: string[];
}

const forms = new Map<string, Form>();

beforeAll(async () => {
  for (const id of FORMS) {
    const t = template(id);
    const data = sampleData(id);
    const texts = new Set<string>();
    for (const r of data.rows ?? []) for (const v of Object.values(r.cells ?? {})) if (typeof v === "string") texts.add(v);
    // Row labels of every kind (a row typed as a task, an indicator, a goal…), by the row-kind column too.
    const labels = t.table.rowKinds.flatMap((k) => [k.label.kk, `1-${k.label.kk.toLowerCase()}. Жаңа жол`, `2-${k.label.kk.toLowerCase()}. Жаңа жол`]);
    labels.push("1-міндет. Жаңа міндет", "2-нысаналы индикатор. Жаңа индикатор", "Мақсаты: жаңа мақсат", "1-нәтижелер көрсеткіштері. Жаңа", "2. Экономикалық қауіпсіздік");
    const values = [...texts, ...labels, "2024 жыл", "2025 жыл", "2026 жыл", "IV тоқсан", "I тоқсан", "31.12.2025", "15.01.2030", "орындалды", "орындалмады", "ішінара орындалды. Себебі бар", "Жоғары тұрған органдарды хабардар ету", "001", "12-A", "—", "", "x"];
    const fields = [...t.header, ...t.context].filter((f) => ["year", "date"].includes(f.type)).map((f) => f.id);
    forms.set(id, { t, data, built: await templateFile(t, data), columns: [], fields, values, labels });
  }
}, 120_000);

function action(f: Form, rows: number): fc.Arbitrary<Action> {
  const row = fc.integer({ min: -1, max: rows + 1 });
  const col = fc.integer({ min: 0, max: f.columns.length - 1 });
  const value = fc.constantFrom(...f.values);
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ t: fc.constant("type" as const), row, col, value }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("paste" as const), row, col, values: fc.array(fc.array(value, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((b) => b.map((r) => b[0].map((_, j) => r[j] ?? ""))) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("insert" as const), row, count: fc.integer({ min: 1, max: 2 }), label: fc.option(fc.constantFrom(...f.labels), { nil: null }) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("delete" as const), row: fc.integer({ min: 0, max: rows - 1 }), count: fc.integer({ min: 1, max: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("field" as const), field: fc.integer({ min: 0, max: Math.max(0, f.fields.length - 1) }), value: fc.constantFrom("2023", "2024", "2025", "01.02.2024", "15.01.2025", "") }) },
  );
}

/** What the user sees: findings, computed values, per-row computed values. */
function visible(r: WorkbookResult) {
  return r.forms.map((f) => ({
    sheet: f.sheet,
    template: f.template.id,
    findings: f.findings,
    computed: Object.fromEntries(Object.entries(f.computed).map(([k, c]) => [k, c.value])),
    rows: Object.fromEntries(Object.entries(f.prepared.rowComputed).map(([col, m]) => [col, [...m].map(([i, v]) => [i, v.value, v.text ?? null])])),
  }));
}

async function apply(h: ReturnType<typeof harness>, p: Placed, f: Form, a: Action): Promise<void> {
  const host = h.fake.host;
  const sheetRow = (row: number) => p.sheetRow(0) + row; // 1-based
  const cell = (row: number, col: number) => p.cell(row, f.columns[col]);
  try {
    if (a.t === "type") {
      if (a.value === "") host.paste(p.sheet, cell(a.row, a.col), [[null]]);
      else host.typeInCell(p.sheet, cell(a.row, a.col), a.value);
    } else if (a.t === "paste") {
      const width = Math.min(a.values[0].length, f.columns.length - a.col);
      host.paste(p.sheet, cell(a.row, a.col), a.values.map((r) => r.slice(0, width).map((v) => (v === "" ? null : v))));
    } else if (a.t === "insert") {
      const r = sheetRow(a.row);
      host.insertRows(p.sheet, `${r}:${r + a.count - 1}`);
      if (a.label) host.typeInCell(p.sheet, cell(a.row, f.columns.indexOf(p.t.table.nameColumn)), a.label);
    } else if (a.t === "delete") {
      const r = sheetRow(a.row);
      host.deleteRows(p.sheet, `${r}:${r + a.count - 1}`);
    } else if (f.fields.length) {
      const at = p.field(f.fields[a.field]);
      if (a.value === "") host.paste(p.sheet, at, [[null]]);
      else host.typeInCell(p.sheet, at, a.value);
    }
  } catch (e) {
    // Excel itself refuses some actions (a locked cell, a value a Stop validation rejects): nothing happened.
    if (!/fake Excel host/.test(String(e))) throw e;
  }
}

/** The property for one form: after every action of the sequence, live = fresh. */
function property(id: string, checker: CheckerOptions = {}) {
  const f = forms.get(id)!;
  return fc.asyncProperty(fc.array(action(f, (f.data.rows ?? []).length), { minLength: 1, maxLength: 4 }), async (actions) => {
    const cat = catalog();
    const h = harness();
    const p = await place(h, f.t, f.built, f.data);
    const session = new LiveSession(h.rt, cat, { debounceMs: 0, checker });
    await session.start();
    await session.checkAll();
    for (const a of actions) {
      await apply(h, p, f, a);
      await h.fake.host.flushEvents();
      await session.flush();
      const fresh = checkWorkbook(await new OfficeWorkbookPort(h.rt).read(), cat, new Checker(cat.packs, cat.calendar, { incremental: false }));
      expect(visible(session.result!)).toEqual(visible(fresh));
    }
    await session.stop();
  });
}

/** The columns a user types into (the computed ones hold the form's formulas). */
function columnsOf(id: string): string[] {
  return forms.get(id)!.t.table.columns.filter((c) => !c.computed).map((c) => c.id);
}

describe("live check = fresh full check, for random edits, pastes, row inserts and deletes", () => {
  beforeAll(() => {
    for (const id of FORMS) forms.get(id)!.columns = columnsOf(id);
  });

  for (const id of FORMS)
    test(`${id}: ${RUNS} random action sequences`, async () => {
      await fc.assert(property(id), { numRuns: RUNS });
    }, 300_000);

  test("the property fails when the row key drops a fact (row.before)", async () => {
    const withoutBefore = (fact: RowFact) => JSON.stringify({ ...fact, before: undefined });
    // Random sequences rarely hit it (400 did not, seed 20261204); this one does: a blank row
    // inserted above a target indicator, then typed as a task — the indicator's facts change only
    // in row.before (a task now precedes it: NSS-AP-HIERARCHY/order), its sheet row stays.
    const taskAbove: Action[] = [
      { t: "insert", row: 2, count: 1, label: null },
      { t: "type", row: 2, col: forms.get("nss-action-plan")!.columns.indexOf("name"), value: "1-міндет. Жаңа міндет" },
    ];
    const params = { numRuns: 10, seed: 20261204, examples: [[taskAbove]] as [Action[]][] };
    const out = await fc.check(property("nss-action-plan", { rowKey: withoutBefore }), { ...params, endOnFailure: true });
    expect(out.failed).toBe(true);
    // …and with the whole fact as the key, the same sequences pass.
    const ok = await fc.check(property("nss-action-plan"), params);
    expect(ok.failed).toBe(false);
  }, 300_000);
});
