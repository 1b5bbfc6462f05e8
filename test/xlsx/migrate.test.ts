/**
 * Migration without loss (issue 11): every sample workbook moved to the newest versions of the
 * next catalog (operational plan and its report 1.1.0 with a renamed and an added column, the
 * block-budget family's contracts 1.1.0 with a renamed and a dropped column); each value of the
 * old forms is found in the new one or on the carried-over sheet; findings are the same; the
 * input file is never written. A property test does the same on generated forms.
 */
import { readFileSync, readdirSync } from "fs";
import { createHash } from "crypto";
import { join } from "path";
import fc from "fast-check";
import { loadCatalog } from "../../src/cli/data";
import type { Catalog } from "../../src/core/catalog";
import { readWorkbookBuffer, readWorkbookFile, snapshotOf } from "../../src/xlsx/read";
import { migrateSnapshot, CARRIED_SHEET } from "../../src/xlsx/migrate";
import { detectForms, checkWorkbook, WorkbookSnapshot } from "../../src/core/workbook";
import { parseForm } from "../../src/core/parse";
import { Checker } from "../../src/core/check";
import { cellAt, isBlank, isCellError, CellScalar } from "../../src/core/grid";
import type { CarriedValue } from "../../src/core/migrate";
import { buildFamilyWorkbook } from "../../src/xlsx/build";
import { templateVersion } from "../../src/core/template/versions";
import { ROOT, baseData } from "../helpers/forms";
import { nextRoot, tempDir } from "../helpers/catalog-next";
import { run } from "../helpers/cli";

let next: Catalog;
beforeAll(() => {
  next = loadCatalog(nextRoot());
});

const checker = () => new Checker(next.packs, next.calendar, { incremental: false });
const paramsFor = (id: string) => checker().paramsFor(id);

const scalar = (v: ReturnType<typeof cellAt>): CellScalar => (isCellError(v) ? v.error : v);

/**
 * Every non-blank value of every old form (table cells, header, context, signature fields) is at
 * its mapped place in the new form, or on the carried-over list. Returns how many were checked.
 */
function expectEveryValueKept(before: WorkbookSnapshot, after: WorkbookSnapshot, carried: CarriedValue[]): number {
  const old = detectForms(before, next).forms;
  const now = detectForms(after, next).forms;
  let checked = 0;
  for (const d of old) {
    const n = now.find((x) => x.template.id === d.template.id)!;
    expect(n).toBeDefined();
    const a = parseForm(d.grid, d.template);
    const b = parseForm(n.grid, n.template);
    const m = (n.template.migrations ?? []).find((x) => n.template.version !== d.template.version && require("semver").satisfies(d.template.version, x.from));
    const colTo = (id: string) => (m?.columns?.dropped?.includes(id) ? null : m?.columns?.renamed?.[id] ?? id);
    const isCarried = (cell: string | null, value: unknown) => carried.some((c) => c.sheet === d.grid.sheet && c.cell === cell && c.value === value);
    expect(b.rows.length).toBe(a.rows.length);
    a.rows.forEach((row, i) => {
      expect(b.rows[i].kind).toBe(row.kind);
      for (const def of d.template.table.columns) {
        if (def.role || a.columns[def.id] === undefined) continue;
        const v = scalar(cellAt(d.grid, row.sheetRow, a.columns[def.id]));
        if (isBlank(v)) continue;
        checked++;
        const cell = require("../../src/core/grid").a1(row.sheetRow, a.columns[def.id]);
        const to = colTo(def.id);
        if (def.computed || to === null) {
          if (def.computed && row.formulas?.[def.id] !== null) continue; // a formula's result, not a typed value
          expect({ at: `${d.grid.sheet}!${cell}`, carried: isCarried(cell, v) }).toEqual({ at: `${d.grid.sheet}!${cell}`, carried: true });
        } else expect({ at: `${d.grid.sheet}!${cell} ${def.id}→${to}`, v: scalar(cellAt(n.grid, b.rows[i].sheetRow, b.columns[to])) }).toEqual({ at: `${d.grid.sheet}!${cell} ${def.id}→${to}`, v });
      }
    });
    for (const group of ["header", "context", "signature"] as const)
      for (const [id, read] of Object.entries(a[group])) {
        if (!read.address) continue;
        const v = read.typed.value;
        if (v === null || v === "") continue;
        checked++;
        const to = m?.fields?.renamed?.[id] ?? id;
        const nr = b[group][to] ?? b.header[to] ?? b.context[to];
        if (!nr) expect(carried.some((c) => c.sheet === d.grid.sheet && c.cell === read.address)).toBe(true);
        else expect({ field: `${group}.${id}`, v: nr.typed.value }).toEqual({ field: `${group}.${id}`, v });
      }
  }
  return checked;
}

const samples = readdirSync(join(ROOT, "samples")).filter((f) => f.endsWith(".xlsx")).sort();

describe("every sample workbook migrated to the newest versions", () => {
  test.each(samples)("%s keeps every typed value, and its findings", async (file) => {
    const path = join(ROOT, "samples", file);
    const hash = () => createHash("sha256").update(readFileSync(path)).digest("hex");
    const before = hash();
    const snapshot = await readWorkbookFile(path);
    const r = migrateSnapshot(snapshot, next, "latest", paramsFor);
    const after = await readWorkbookBuffer(Buffer.from(await r.workbook.xlsx.writeBuffer()));
    expect(expectEveryValueKept(snapshot, after, r.carried)).toBeGreaterThan(10);
    // Every form is on the newest version of its template, bound by name.
    for (const f of detectForms(after, next).forms) {
      expect(f.via).toBe("name");
      expect(f.template).toBe(next.templates.find((t) => t.id === f.template.id));
    }
    // The same findings, rule for rule (cells may move with an added column); clean stays clean.
    const key = (res: ReturnType<typeof checkWorkbook>) =>
      res.forms.flatMap((f) => f.findings.filter((x) => x.rule !== "X-TEMPLATE-NEWER-VERSION").map((x) => `${f.template.id} ${x.rule} ${x.severity} row ${x.row ?? "-"}`)).sort();
    const was = checkWorkbook(snapshot, next, checker());
    const now = checkWorkbook(after, next, checker());
    // The rebuilt sheet repairs its own shape — merged data cells, a wrong binding, missing columns,
    // computed cells typed over (their values are on the carried-over sheet): those findings go, no other.
    const repaired = /^\S+ (X-MERGED-CELLS|X-FORM-COLUMNS|X-TEMPLATE-MISMATCH|X-TEMPLATE-VERSION|X-COMPUTED-OVERWRITTEN) /;
    const rule = (k: string) => k.replace(/ row .*$/, "");
    expect(key(now).map(rule)).toEqual(key(was).filter((k) => !repaired.test(k)).map(rule));
    if (file.includes("clean")) expect(now.forms.flatMap((f) => f.findings).filter((x) => x.severity !== "info")).toEqual([]);
    // The workbook records the catalog it was migrated with.
    const names = (r.workbook.definedNames as unknown as { model: { name: string }[] }).model.map((n) => n.name);
    expect(names).toContain(`_JOSPAR_CATALOG.v${next.release!.version.replace(/\./g, "_")}`);
    expect(hash()).toBe(before);
  });
});

test("a dropped column's values land on the visible carried-over sheet, with where they were and why", async () => {
  const snapshot = await readWorkbookFile(join(ROOT, "samples", "block-budget-clean.xlsx"));
  const r = migrateSnapshot(snapshot, next, "latest", paramsFor);
  const subjects = (baseData("block-budget-contracts").rows ?? []).map((row) => row.cells.subject).filter((v) => v !== undefined && v !== null);
  expect(subjects.length).toBeGreaterThan(0);
  expect(r.carried.map((c) => c.value)).toEqual(subjects);
  expect(r.carried.every((c) => c.reason === "dropped" && c.id === "subject" && c.template === "block-budget-contracts")).toBe(true);
  const ws = r.workbook.getWorksheet(CARRIED_SHEET)!;
  expect(ws.state).toBe("visible");
  const texts = ws.getSheetValues().flat().map(String);
  for (const s of subjects) expect(texts).toContain(String(s));
  expect(texts.some((t) => t.includes("Шарттың нысанасы (subject)"))).toBe(true);
  expect(texts.some((t) => t.includes("the new version dropped this column"))).toBe(true);
});

test("a 1.0.0 workbook is checked with the 1.0.0 rules and told a newer version exists; migrated, it gets the 1.1.0 rules", async () => {
  const snapshot = await readWorkbookFile(join(ROOT, "samples", "operational-plan-clean.xlsx"));
  // Put a completion form outside the 1.1.0 list into the 1.0.0 sheet.
  const d = detectForms(snapshot, next).forms[0];
  expect(d.template.version).toBe("1.0.0");
  const doc = parseForm(d.grid, d.template);
  const act = doc.rows.find((r) => r.kind === "ACTIVITY")!;
  d.grid.values[act.sheetRow][doc.columns.completionForm] = "жарнама";
  const old = checkWorkbook(snapshot, next, checker());
  const rules = old.forms[0].findings.map((f) => f.rule);
  expect(rules).not.toContain("OPN-RESULT-FORM-LIST");
  const info = old.forms[0].findings.find((f) => f.rule === "X-TEMPLATE-NEWER-VERSION")!;
  expect(info.severity).toBe("info");
  expect(info.message.en).toContain("A newer version 1.1.0 of this form exists (from 01.12.2026): Column 6 “Completion form” is renamed “Result form”");
  expect(info.message.ru).toContain("Существует новая версия формы 1.1.0 (с 01.12.2026): Графа 6 «Форма завершения» переименована");
  expect(info.message.kk).toContain("жаңа 1.1.0 нұсқасы бар (01.12.2026 бастап)");
  const r = migrateSnapshot(snapshot, next, "1.1.0", paramsFor);
  const after = await readWorkbookBuffer(Buffer.from(await r.workbook.xlsx.writeBuffer()));
  const now = checkWorkbook(after, next, checker());
  expect(now.forms[0].template.version).toBe("1.1.0");
  expect(now.forms[0].findings.map((f) => f.rule)).toEqual(["OPN-RESULT-FORM-LIST"]);
  // The shipped catalog (1.0.0 only) has no newer version to announce.
  expect(checkWorkbook(await readWorkbookFile(join(ROOT, "samples", "operational-plan-clean.xlsx")), loadCatalog(ROOT)).forms[0].findings).toEqual([]);
});

test("property: generated forms of both test templates keep every typed value through migration", async () => {
  const op = templateVersion(next, "operational-plan", "1.0.0")!;
  const bb = templateVersion(next, "block-budget-contracts", "1.0.0")!;
  const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.trim() !== "" && !/^[=+\-@]/.test(s));
  const date = fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const opRow = fc.record({ no: fc.integer({ min: 1, max: 99 }).map(String), name: text, budgetProgram: fc.option(fc.constantFrom("001", "002.015", "12-A"), { nil: undefined }), executor: text, deadline: date, completionForm: text });
  const bbRow = fc.record({ no: fc.integer({ min: 1, max: 99 }).map(String), contractNo: text, subject: text, signed: date, amount: fc.integer({ min: 1, max: 10_000_000 }) });
  await fc.assert(
    fc.asyncProperty(fc.array(opRow, { minLength: 1, maxLength: 6 }), fc.array(bbRow, { minLength: 1, maxLength: 6 }), async (opRows, bbRows) => {
      const opData = { ...baseData("operational-plan"), rows: [...(baseData("operational-plan").rows ?? []).slice(0, 3), ...opRows.map((cells) => ({ kind: "ACTIVITY", cells: Object.fromEntries(Object.entries(cells).filter(([, v]) => v !== undefined)) as Record<string, CellScalar> }))] };
      const a = snapshotOf(buildFamilyWorkbook([op], { "operational-plan": opData }, paramsFor("operational-plan")));
      const ra = migrateSnapshot(a, next, "latest", paramsFor);
      expectEveryValueKept(a, snapshotOf(ra.workbook), ra.carried);
      const b = snapshotOf(buildFamilyWorkbook([bb], { "block-budget-contracts": { ...baseData("block-budget-contracts"), rows: bbRows.map((cells) => ({ kind: "CONTRACT", cells })) } }, paramsFor("block-budget-contracts")));
      const rb = migrateSnapshot(b, next, "latest", paramsFor);
      expectEveryValueKept(b, snapshotOf(rb.workbook), rb.carried);
      expect(rb.carried.filter((c) => c.id === "subject").map((c) => c.value)).toEqual(bbRows.map((r) => r.subject));
    }),
    { numRuns: 12, seed: 11 },
  );
}, 120_000);

test("jospar migrate: writes DIR/<name>.migrated.xlsx, reports each form's versions, refuses bad usage and unreadable files", async () => {
  const root = nextRoot();
  const release = join(tempDir(), "rel");
  expect((await run(["catalog", "pack", "--from", root, "--out", release, "--catalog-version", "1.1.0", "--date", "2026-12-04"])).code).toBe(0);
  const out = tempDir();
  const r = await run(["migrate", join(ROOT, "samples", "operational-plan-violations.xlsx"), join(ROOT, "samples", "bad", "truncated.xlsx"), "--to", "1.1.0", "--out-dir", out, "--catalog", release, "--lang", "en"]);
  expect(r.out).toMatch(/operational-plan-violations\.xlsx \[Операциялық жоспар\] operational-plan 1\.0\.0 → 1\.1\.0/);
  expect(r.err).toMatch(/truncated\.xlsx: cannot migrate: /);
  expect(r.code).toBe(2);
  const check = await run(["check", join(out, "operational-plan-violations.migrated.xlsx"), "--catalog", release, "--format", "json"]);
  const report = JSON.parse(check.out);
  expect(report.files[0].forms[0].template).toEqual({ id: "operational-plan", version: "1.1.0" });
  expect(report.catalog.version).toBe("1.1.0");
  expect((await run(["migrate", "x.xlsx", "--to", "soon", "--out-dir", out, "--lang", "en"])).err).toMatch(/--to needs a version such as 1\.1\.0, or latest/);
  expect((await run(["migrate", "x.xlsx", "--to", "1.1.0"])).code).toBe(2);
}, 60_000);
