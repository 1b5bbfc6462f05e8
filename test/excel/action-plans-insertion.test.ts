/**
 * The action-plan forms (F07–F10) and the block-budgeting family inserted through the add-in
 * (fake Excel host): from the generated .xlsx and through the API below ExcelApi 1.13, each
 * sheet bound to its template and recognised by a live check, with the same findings either way.
 */
import ExcelJS from "exceljs";
import { harness, catalog, templateFile, Built } from "./support/setup";
import { LiveSession } from "../../src/excel/session";
import { insertForms, insertables } from "../../src/excel/insert";
import { buildFamilyWorkbook } from "../../src/xlsx/build";
import type { Insertable } from "../../src/excel/insert";

const IDS = ["nss-action-plan", "nss-action-plan-report", "nss-conclusion", "regional-action-plan", "block-budget-limit"];

function ours(): Insertable[] {
  return insertables(catalog().templates).filter((x) => x.templates.some((t) => IDS.includes(t.id)));
}

async function builtFile(x: Insertable): Promise<Built> {
  if (x.templates.length === 1) return templateFile(x.templates[0]);
  const buffer = Buffer.from(await buildFamilyWorkbook(x.templates).xlsx.writeBuffer());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return { b64: buffer.toString("base64"), buffer, workbook };
}

describe("inserting the action plans and the block-budgeting workbook through the add-in", () => {
  test("the insertables are the four action-plan forms and one block-budgeting file of seven sheets (the passports register last)", () => {
    const xs = ours();
    expect(xs.map((x) => x.fileId).sort()).toEqual(["block-budget", "nss-action-plan", "nss-action-plan-report", "nss-conclusion", "regional-action-plan"]);
    expect(xs.find((x) => x.fileId === "block-budget")!.templates.map((t) => t.id)).toEqual([
      "block-budget-limit", "block-budget-adjustments", "block-budget-reallocations", "block-budget-contracts", "block-budget-year-end", "block-budget-reports",
      "block-budget-passports",
    ]);
  });

  test.each(ours().map((x) => [x.fileId, x] as const))("%s: from the file and through the API, bound and recognised alike", async (_id, x) => {
    const results: string[][] = [];
    for (const via of ["file", "api"] as const) {
      const h = harness(via === "api" ? { supportedSets: { ExcelApi: "1.12" } } : {});
      const built = await builtFile(x);
      const ins = await insertForms(h.rt, x, via === "file" ? h.file(built) : null);
      expect(ins.map((i) => i.via)).toEqual(x.templates.map(() => via));
      expect(h.fake.host.sheetNames).toEqual(["Sheet1", ...x.templates.map((t) => t.sheetName.kk)]);
      const session = new LiveSession(h.rt, catalog());
      const { result } = await session.checkAll();
      expect(result.forms.map((f) => f.template.id).sort()).toEqual(x.templates.map((t) => t.id).sort());
      results.push(result.forms.flatMap((f) => f.findings.map((g) => `${f.template.id} ${g.rule}@${g.cell}`)).sort());
    }
    expect(results[1]).toEqual(results[0]);
  });
});
