/**
 * The action plans' in-sheet formulas against a real spreadsheet engine: filled workbooks
 * recalculated by LibreOffice headless (cached results poisoned first), every computed cell —
 * the report's counts by execution status and share executed per section (on each section's row)
 * and in total, the regional plan's totals — compared with the core's value.
 */
import { recalculate, describeLibreOffice, poisoned, LoValue } from "../helpers/libreoffice";
import { checkBuffer, computedCells } from "../helpers/evaluation";
import { buildFamilyWorkbook } from "../../src/xlsx/build";
import { applyPatch, DataPatch } from "../../src/core/formdata";
import { baseData, template } from "../helpers/forms";

async function workbook(forms: { id: string; patch?: DataPatch }[]): Promise<Buffer> {
  const wb = buildFamilyWorkbook(forms.map((f) => template(f.id)), Object.fromEntries(forms.map((f) => [f.id, applyPatch(baseData(f.id), f.patch ?? {})])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}


function same(lo: LoValue, value: number | null): boolean {
  if (value === null) return lo === null || lo === "";
  return typeof lo === "number" && Math.abs(lo - value) <= 1e-9;
}

const ACT = (no: string, name: string, execution: string) => ({
  at: 8, kind: "ACTIVITY",
  cells: { no, name, completionForm: "Бұйрық", executors: "Ішкі істер министрлігі", deadline: "2023 жылғы IV тоқсан", fundingSource: "республикалық бюджет қаражаты", execution },
});

const CASES: { name: string; forms: { id: string; patch?: DataPatch }[]; section?: Record<string, number | null>[] }[] = [
  { name: "the clean report", forms: [{ id: "nss-action-plan-report" }], section: [{ secActivities: 3, secExecuted: 2, secPartly: 1, secShare: 66.7 }, { secActivities: 2, secExecuted: 2, secShare: 100 }] },
  {
    name: "rows added to the first section, statuses in capitals with reasons after them, a section left with no activity",
    forms: [{
      id: "nss-action-plan-report",
      patch: {
        insert: [ACT("20", "Қосымша іс-шара А", "Орындалған жоқ: қаржыландырудың болмауына байланысты"), ACT("21", "Қосымша іс-шара Б", "ішінара орындалды, жабдықтың кешігуі себебінен")],
        delete: [13, 14],
      },
    }],
    section: [{ secActivities: 5, secExecuted: 2, secNotExecuted: 1, secPartly: 2, secShare: 40 }, { secActivities: 0, secShare: null }],
  },
  { name: "a plan with its report, and the regional plan", forms: [{ id: "nss-action-plan" }, { id: "nss-action-plan-report", patch: { delete: [6] } }, { id: "regional-action-plan" }] },
];

describeLibreOffice("LibreOffice recalculates the action plans' counts exactly as the core computes them", () => {
  let results: { mismatches: string[]; checked: number; sections: Record<string, number | null>[] }[] = [];

  beforeAll(async () => {
    const bufs = await Promise.all(CASES.map((c) => workbook(c.forms)));
    const los = await recalculate((await Promise.all(bufs.map((b) => poisoned(b)))).map((p) => p.buf));
    results = await Promise.all(
      CASES.map(async (c, i) => {
        const res = await checkBuffer(bufs[i]);
        const cells = computedCells(res);
        const mismatches = cells
          .filter((x) => !same(los[i].value(x.sheet, x.cell), x.value))
          .map((x) => `${x.sheet}!${x.cell} ${x.what}: core ${x.value}, LibreOffice ${JSON.stringify(los[i].value(x.sheet, x.cell))}`);
        const report = res.forms.find((f) => f.template.id === "nss-action-plan-report");
        const sections = report
          ? report.prepared.doc.rows
              .filter((r) => r.kind === "SECTION")
              .map((r) => Object.fromEntries(["secActivities", "secExecuted", "secNotExecuted", "secPartly", "secShare"].map((col) => [col, report.prepared.rowComputed[col]?.get(r.index)?.value ?? null])))
          : [];
        return { mismatches, checked: cells.length, sections };
      }),
    );
  }, 240_000);

  test.each(CASES.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
    const r = results[i];
    expect(r.checked).toBeGreaterThan(20);
    expect(r.mismatches).toEqual([]);
    // The counts themselves, per section, as a person counts the rows.
    for (const [k, want] of (CASES[i].section ?? []).entries())
      for (const [col, v] of Object.entries(want)) expect({ section: k + 1, col, v: r.sections[k][col] }).toEqual({ section: k + 1, col, v: v === undefined ? 0 : v });
  });
});
