/**
 * The evaluation workbook end to end: a filled workbook checked with `jospar check --format json`
 * gives A (and every coefficient) with its whole trace; a changed methodology parameter changes
 * the sheet's formulas and the engine together; the built template is one bound workbook; the
 * pack's compute rules name real computed cells.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { spawnSync } from "child_process";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { run } from "../helpers/cli";
import { ROOT, catalog, template } from "../helpers/forms";
import { evaluationWorkbook, checkBuffer, catalogWith, EVALUATION_IDS } from "../helpers/evaluation";
import { evaluationParams } from "../../src/core/methodology/evaluation/sheets";
import { DEFAULT_EVALUATION_PARAMS } from "../../src/core/methodology/evaluation";

interface Trace {
  name: string;
  label?: string;
  value: number | null;
  formula?: string;
  inputs?: Record<string, unknown>;
  excluded?: string;
  cell?: { sheet: string; address: string };
  children?: Trace[];
}
interface FormJson {
  sheet: string;
  template: { id: string };
  findings: { rule: string; cell: string | null }[];
  computed: Record<string, number | null>;
  traces: Record<string, Trace>;
  computedCells: Record<string, string | null>;
  computedRows: Record<string, { row: number; cell: string; value: number | null; text?: string; trace: Trace }[]>;
}

async function checkJson(file: string): Promise<FormJson[]> {
  const { out } = await run(["check", file, "--format", "json", "--lang", "en"]);
  return (JSON.parse(out) as { files: { forms: FormJson[] }[] }).files[0].forms;
}

function find(t: Trace, name: string): Trace | undefined {
  if (t.name === name) return t;
  for (const c of t.children ?? []) {
    const r = find(c, name);
    if (r) return r;
  }
  return undefined;
}

const close = (a: number | null | undefined, b: number, eps = 1e-9) => expect(Math.abs((a ?? NaN) - b)).toBeLessThanOrEqual(eps);

describe("jospar check on an evaluation workbook", () => {
  let forms: FormJson[];
  beforeAll(async () => {
    forms = await checkJson(join(ROOT, "samples", "evaluation-central-clean.xlsx"));
  });
  const form = (id: string) => forms.find((f) => f.template.id === id)!;

  test("A is computed in the conclusion sheet from B, C, D and the act's W: 54.05 points, no findings", () => {
    expect(forms.map((f) => f.template.id)).toEqual([...EVALUATION_IDS]);
    expect(forms.flatMap((f) => f.findings)).toEqual([]);
    const c = form("evaluation-conclusion");
    close(c.computed.A, 54.05);
    close(c.computed.W, 2.3);
    expect(c.computedCells.A).toMatch(/^[A-Z]+\d+$/);
    close(form("evaluation-quality").computed.B, 0.5833333333333334);
    close(form("evaluation-risks").computed.C, 0.625);
    close(form("evaluation-goals").computed.D, 0.5533333333333333);
  });

  test("the trace of A goes end to end: A → B, C, D, W → spheres, risks, goals → h, p with their cells and inputs", () => {
    const A = form("evaluation-conclusion").traces.A;
    expect(A.name).toBe("A");
    close(A.value, 54.05);
    expect(A.formula).toBe("max(0, 100 * (0.1 * 0.583333 + 0.1 * 0.625 + 0.8 * 0.553333) - 2.3) = 54.05");
    expect(A.cell).toEqual({ sheet: "Қорытынды", address: form("evaluation-conclusion").computedCells.A });
    expect(A.children!.map((c) => c.name)).toEqual(["B", "C", "D", "W"]);
    // B: a sphere with two directions, each from its expert scores in their cells.
    const b2 = find(A, "b_2")!;
    expect(b2.formula).toBe("(0.5 + 1) / 2 = 0.75");
    expect(b2.children!.map((c) => c.name)).toEqual(["b_2.1", "b_2.2"]);
    expect(find(b2, "b_2.1")!.children!.map((c) => [c.name, c.value, c.cell?.sheet])).toEqual([
      ["q1", 0.5, "B сапа мен толықтық"],
      ["q2", 0.5, "B сапа мен толықтық"],
    ]);
    // C: each risk's R_j and where it was typed.
    expect(find(A, "C")!.children!.map((c) => c.value)).toEqual([1, 0.5, 1, 0]);
    expect(find(A, "R_2")!.cell!.sheet).toBe("C тәуекелдер");
    // D → X_1 = K_1 × Y_1 → h and p with previous, plan and actual.
    expect(find(A, "X_1")!.formula).toBe("0.533333 * 0.95 = 0.506667");
    const h11 = find(A, "h_1.1")!;
    expect(h11.formula).toBe("(106 - 100) / (110 - 100) = 0.6");
    expect(h11.inputs).toMatchObject({ previous: 100, plan: 110, actual: 106, used: 106, source: "official", direction: 1 });
    expect(h11.cell!.sheet).toBe("D мақсаттар");
    expect(h11.children!.map((c) => c.name)).toEqual(["B0", "P", "F", "F_op"]);
    expect(find(A, "h_1.2")!.formula).toBe("(4.8 - 5.5) / (5 - 5.5) = 1.4 → min(1, max(0, 1.4)) = 1");
    expect(find(A, "p_1.1.2")!.formula).toBe("(55 - 40) / (50 - 40) = 1.5 → min(1, max(0, 1.5)) = 1");
    expect(find(A, "z_1.1")!.formula).toBe("(0.8 + 1) / 2 = 0.9");
    // W: late (the two dates), 4 recorded facts × 0,2.
    const W = find(A, "W")!;
    expect(W.formula).toBe("1.5 + 0 + 0.8 = 2.3");
    expect(find(W, "W_late")!.inputs).toMatchObject({ dueDate: "2013-02-01", submittedDate: "2013-02-05", late: true });
    expect(find(W, "W_unreliable")!.children).toHaveLength(4);
  });

  test("every computed value has a trace, per row too (the note columns carry the texts)", () => {
    for (const f of forms) {
      for (const [id, t] of Object.entries(f.traces)) {
        expect({ form: f.template.id, id, named: typeof t.name === "string" && t.name.length > 0 }).toEqual({ form: f.template.id, id, named: true });
        expect(t.value === f.computed[id] || (t.value === null && f.computed[id] === null)).toBe(true);
      }
      for (const [col, rows] of Object.entries(f.computedRows))
        for (const r of rows) expect({ col, row: r.row, hasTrace: !!r.trace && typeof r.trace.name === "string" }).toEqual({ col, row: r.row, hasTrace: true });
    }
    const h = form("evaluation-goals").computedRows.h;
    expect(h.map((r) => r.value)).toEqual([0.6, 1, 0, 1, 0.6]);
    expect(h[0].trace.name).toBe("h_1.1");
    expect(h[0].cell).toBe(h[0].trace.cell!.address);
  });

  test("an excluded indicator is blank with its reason in the note column and the trace, never zero", async () => {
    const buf = await evaluationWorkbook({ "evaluation-goals": { set: { "2": { plan: null } } } });
    const dir = mkdtempSync(join(tmpdir(), "jospar-ev-"));
    writeFileSync(join(dir, "ev.xlsx"), buf);
    const goals = (await checkJson(join(dir, "ev.xlsx"))).find((f) => f.template.id === "evaluation-goals")!;
    const row = goals.computedRows.h[1];
    expect(row.value).toBeNull();
    expect(row.trace.excluded).toBe("no plan value for the reporting period");
    const note = goals.computedRows.note.find((n) => n.row === row.row)!;
    expect(note.text).toBe("есепті кезеңге жоспарлы мәні жоқ");
    expect(goals.findings.map((f) => f.rule)).toContain("EV-K-EXCLUSIONS");
    // K_1 averages the two indicators left: (0.6 + 0) / 2.
    expect(goals.traces.D.children![0].children![0].formula).toBe("(0.6 + 0) / 2 = 0.3");
  });
});

test("the checked copy keeps a value typed over a computed cell, notes it with the rule, and fills the other rows' results", async () => {
  const dir = mkdtempSync(join(tmpdir(), "jospar-ev-"));
  const { code, out } = await run(["check", join(ROOT, "samples", "evaluation-violations.xlsx"), "--out-dir", dir, "--lang", "en"]);
  expect(code).toBe(1);
  expect(out).toMatch(/= Deduction of points: 2\.3; Overall score: 54\.05\n/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, "evaluation-violations.checked.xlsx"));
  const goals = wb.getWorksheet("D мақсаттар")!;
  expect(goals.getCell("L6").value).toBe(0.9);
  expect(String(goals.getCell("L6").note)).toContain("X-COMPUTED-OVERWRITTEN");
  const K2 = goals.getCell("L15").value as ExcelJS.CellFormulaValue;
  expect(K2.formula).toMatch(/^IF\(COUNTA\(A15,[A-Z0-9,]*P15\)=0,"",IF\(\$P15="Мақсат",IF\(SUMPRODUCT/); // blank rows show nothing
  expect(K2.result).toBeCloseTo(0.8, 12);
});

test("the JSON report is written out whole when piped (~150 KB of traces), with the exit code", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "jospar.js"), "check", join(ROOT, "samples", "evaluation-central-clean.xlsx"), "--format", "json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  // Compact JSON, one file per line: ~150 KB for this workbook, far beyond a pipe buffer (64 KB).
  expect(r.stdout.length).toBeGreaterThan(100_000);
  const report = JSON.parse(r.stdout) as { files: { forms: FormJson[] }[] };
  expect(report.files[0].forms.find((f) => f.template.id === "evaluation-conclusion")!.traces.A.name).toBe("A");
  expect(r.status).toBe(0);
});

describe("methodology parameters are data read by the sheet and the engine together", () => {
  test("the pack's `methodology` overrides the defaults of rules/methodology/evaluation.params.json", () => {
    const file = JSON.parse(readFileSync(join(ROOT, "rules", "methodology", "evaluation.params.json"), "utf8")) as { params: Record<string, { default: unknown }> };
    expect(evaluationParams({}).pMode).toBe(file.params.pMode.default);
    expect(evaluationParams({ methodology: {} })).toEqual(DEFAULT_EVALUATION_PARAMS);
    expect(evaluationParams({ methodology: { pMode: "factOverPlan" } }).pMode).toBe("factOverPlan");
    const pack = catalog().packs.find((p) => p.pack.id === "evaluation")!;
    expect(pack.params.methodology).toEqual({});
  });

  test("p as fact ÷ plan (spec §3.6.6 P2): the p formulas of the sheet change, and A goes from 54.05 to 61.25 in the engine and the built sheet", async () => {
    const formulaOf = async (buf: Buffer, sheet: string, address: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      return wb.getWorksheet(sheet)!.getCell(address).value as ExcelJS.CellFormulaValue;
    };
    const dflt = await evaluationWorkbook();
    const p2 = await evaluationWorkbook({}, { pMode: "factOverPlan" });
    const rDefault = await checkBuffer(dflt, catalogWith());
    const rP2 = await checkBuffer(p2, catalogWith({ pMode: "factOverPlan" }));
    const goals = rDefault.forms.find((f) => f.template.id === "evaluation-goals")!;
    const pCell = goals.prepared.rows.find((r) => r.row.kind === "RI")!;
    const address = `${String.fromCharCode(65 + goals.prepared.doc.columns.p)}${pCell.row.sheetRow + 1}`;
    const f1 = await formulaOf(dflt, goals.sheet, address);
    const f2 = await formulaOf(p2, goals.sheet, address);
    expect(f1.formula).toContain("-$D"); // (F − B₀)/(P − B₀)
    expect(f2.formula).not.toBe(f1.formula);
    expect(f2.formula).toContain("MIN(1,IF(ISNUMBER($F"); // F/P, clamped
    const A = (r: typeof rDefault) => r.forms.find((f) => f.template.id === "evaluation-conclusion")!.computed.A.value;
    close(A(rDefault), 54.05);
    close(A(rP2), 61.25);
    // The built sheet carries the engine's values as the formulas' results.
    const concl = rP2.forms.find((f) => f.template.id === "evaluation-conclusion")!;
    const cached = await formulaOf(p2, concl.sheet, concl.computedCells.A!);
    close(cached.result as number, 61.25);
    // Checked with the default parameters instead, the P2 sheet's cached p values differ from the engine's.
    const mixed = await checkBuffer(p2, catalogWith());
    expect(mixed.forms.flatMap((f) => f.findings).filter((x) => x.rule === "X-COMPUTED-DIFFERS").length).toBeGreaterThan(0);
  });
});

describe("the evaluation template family", () => {
  test("jospar templates build writes one workbook with the seven sheets, each bound, formulas between them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jospar-"));
    expect((await run(["templates", "build", "--out", dir])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "evaluation.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(EVALUATION_IDS.map((id) => template(id).sheetName.kk));
    const names = (wb.definedNames as unknown as { model: { name: string }[] }).model.map((n) => n.name);
    for (const [i, id] of EVALUATION_IDS.entries()) expect(names).toContain(`_JOSPAR.${i + 1}.${id.replace(/-/g, "_")}.v1_0_0`);
    const concl = wb.getWorksheet("Қорытынды")!;
    const A = await checkBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    const address = A.forms.find((f) => f.template.id === "evaluation-conclusion")!.computedCells.A!;
    const f = (concl.getCell(address).value as ExcelJS.CellFormulaValue).formula;
    for (const sheet of ["'B сапа мен толықтық'", "'C тәуекелдер'", "'D мақсаттар'", "'E нәтижелілік'"]) expect(f).toContain(sheet);
    // The act prints its own columns only: the deductions table and sections 1–2 are lines of the form above the table.
    expect(wb.getWorksheet("Тексеру актісі")!.pageSetup.printArea).toMatch(/^A1:G\d+$/);
    expect(wb.getWorksheet("D мақсаттар")!.pageSetup.printArea).toMatch(/^A1:O\d+$/);
    // The official Annex 4 rows are there, with their units.
    const e = wb.getWorksheet("E нәтижелілік")!;
    expect(e.getCell("B6").value).toBe("Жұмыссыздық деңгейі");
    expect(e.getCell("C8").value).toBe("адам.");
  });

  test("every compute rule of the pack names computed cells of its template", () => {
    const pack = catalog().packs.find((p) => p.pack.id === "evaluation")!.pack;
    expect(pack.computes!.length).toBeGreaterThanOrEqual(14);
    for (const c of pack.computes!) {
      const t = template(c.template);
      const ids = new Set([...(t.computed ?? []).map((x) => x.id), ...t.table.columns.filter((x) => x.computed).map((x) => x.id)]);
      for (const id of c.computed) expect({ rule: c.ruleId, id, known: ids.has(id) }).toEqual({ rule: c.ruleId, id, known: true });
    }
    // Every spec rule R059–R099 is a rule, a compute rule or listed as not checkable.
    const refs = new Set([...catalog().packs.flatMap((p) => p.rules.map((r) => r.meta.ref)), ...pack.computes!.map((c) => c.ref), ...(pack.notCheckable ?? []).map((n) => n.ref)]);
    const missing = Array.from({ length: 41 }, (_, i) => `R0${59 + i}`).filter((r) => !refs.has(r));
    expect(missing).toEqual([]);
  });
});
