/**
 * The workbook-port contract: the same .xlsx read through the ExcelJS adapter (src/xlsx) and
 * through the Office.js adapter (src/excel) over the faithful fake gives the same snapshot and
 * the same findings; the presentation writes of a check, applied through either port, leave the
 * same sheets behind (and a second check finds nothing left to write).
 */
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import ExcelJS from "exceljs";
import { catalog, ROOT, template, templateFile, bigPlan } from "./support/setup";
import { copySheet } from "./support/xlsx-to-fake";
import { createFakeExcel } from "../fakes/excel";
import { runtimeOf } from "../../src/excel/runtime";
import { OfficeWorkbookPort } from "../../src/excel/port";
import { XlsxWorkbookPort } from "../../src/xlsx/port";
import { presentationWrites } from "../../src/excel/presentation";
import { Checker } from "../../src/core/check";
import { checkWorkbook, WorkbookPort, WorkbookSnapshot } from "../../src/core/workbook";
import type { Grid } from "../../src/core/grid";
import { isCellError } from "../../src/core/grid";

interface Case {
  name: string;
  buffer: () => Promise<Buffer>;
}

const SAMPLES = join(ROOT, "samples");
const cases: Case[] = [
  ...readdirSync(SAMPLES)
    .filter((f) => f.endsWith(".xlsx") && !f.includes("bad-input"))
    .sort()
    .map((f) => ({ name: `samples/${f}`, buffer: async () => readFileSync(join(SAMPLES, f)) })),
  { name: "a fresh operational plan template", buffer: async () => (await templateFile(template("operational-plan"))).buffer },
  { name: "a 300-activity operational plan", buffer: async () => (await templateFile(template("operational-plan"), bigPlan(300))).buffer },
];

/** Both ports over the same file: ExcelJS in memory, and the fake Excel filled from the same workbook. */
async function ports(buf: Buffer): Promise<{ xlsx: XlsxWorkbookPort; office: OfficeWorkbookPort; fake: ReturnType<typeof createFakeExcel> }> {
  const xlsx = await XlsxWorkbookPort.fromBuffer(buf);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const fake = createFakeExcel({ sheets: ["_placeholder"] });
  for (const ws of wb.worksheets) if (ws.state !== "veryHidden") copySheet(fake.host, ws);
  const names = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
  await fake.Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("_placeholder").delete();
    for (const n of names) for (const r of n.ranges) ctx.workbook.names.add(n.name, `=${r}`);
    await ctx.sync();
  });
  return { xlsx, office: new OfficeWorkbookPort(runtimeOf(fake as never)), fake };
}

/** A grid as the parser sees it: non-blank cells with their formulas ("" and null are both blank). */
function cells(g: Grid): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rows = Math.max(g.values.length, g.formulas?.length ?? 0);
  for (let r = 0; r < rows; r++) {
    const width = Math.max(g.values[r]?.length ?? 0, g.formulas?.[r]?.length ?? 0);
    for (let c = 0; c < width; c++) {
      const v = g.values[r]?.[c];
      const f = g.formulas?.[r]?.[c] ?? null;
      if ((v === null || v === undefined || v === "") && !f) continue;
      out[`${r}:${c}`] = [isCellError(v) ? `#ERR ${v.error}` : v === "" || v === undefined ? null : v, f];
    }
  }
  return out;
}

function shape(s: WorkbookSnapshot) {
  return {
    sheets: s.sheets.map((g) => ({ sheet: g.sheet, cells: cells(g) })),
    bindings: [...s.bindings].sort((a, b) => a.sheet.localeCompare(b.sheet)),
  };
}

function checked(s: WorkbookSnapshot) {
  const result = checkWorkbook(s, catalog(), new Checker(catalog().packs, catalog().calendar));
  return {
    result,
    summary: {
      unrecognised: result.unrecognised,
      forms: result.forms.map((f) => ({
        sheet: f.sheet,
        template: f.template,
        findings: f.findings.map((x) => ({ rule: x.rule, severity: x.severity, cell: x.cell, message: x.message.en, legacy: !!x.legacy })),
        computed: Object.fromEntries(Object.entries(f.computed).map(([k, c]) => [k, c.value])),
        computedCells: f.computedCells,
      })),
    },
  };
}

describe.each(cases)("$name", ({ buffer }) => {
  let p: Awaited<ReturnType<typeof ports>>;
  beforeAll(async () => {
    p = await ports(await buffer());
  }, 60_000);

  test("the same snapshot through both ports", async () => {
    const a = await p.xlsx.read();
    const b = await p.office.read();
    expect(shape(b)).toEqual(shape(a));
  });

  test("the same findings and computed values", async () => {
    const a = checked(await p.xlsx.read());
    const b = checked(await p.office.read());
    expect(b.summary).toEqual(a.summary);
  });

  test("the same sheets after the check's writes, and nothing left to write after them", async () => {
    const present = async (port: WorkbookPort) => {
      const snap = await port.read();
      const { writes } = presentationWrites(snap, checked(snap).result);
      await port.write(writes);
      return writes;
    };
    const wa = await present(p.xlsx);
    const wb = await present(p.office);
    expect(wb).toEqual(wa);
    const a = await p.xlsx.read();
    const b = await p.office.read();
    expect(shape(b)).toEqual(shape(a));
    expect(presentationWrites(b, checked(b).result).writes).toEqual([]);
    expect(presentationWrites(a, checked(a).result).writes).toEqual([]);
  });
});
