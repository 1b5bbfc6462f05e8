import { mkdtempSync, readFileSync, statSync } from "fs";
import { createHash } from "crypto";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { run } from "../helpers/cli";
import { ROOT } from "../helpers/forms";

const tmp = () => mkdtempSync(join(tmpdir(), "jospar-"));

describe("jospar templates", () => {
  test("list --format json gives every template with its legal status", async () => {
    const { code, out } = await run(["templates", "list", "--format", "json"]);
    expect(code).toBe(0);
    const list = JSON.parse(out) as { templates: { id: string; version: string; legalBasis: { status: string; validTo: string } }[] };
    const op = list.templates.find((t) => t.id === "operational-plan")!;
    expect(op.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(op.legalBasis.status).toBe("repealed");
    expect(op.legalBasis.validTo).toBe("2025-05-24");
  });

  test("build writes one workbook per template with the official Kazakh headings, column numbers, binding name and print setup", async () => {
    const dir = tmp();
    const { code } = await run(["templates", "build", "--out", dir]);
    expect(code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "operational-plan.xlsx"));
    const ws = wb.getWorksheet("Операциялық жоспар")!;
    expect(ws.getRow(4).values).toEqual(expect.arrayContaining(["Р/с №", "Атауы", "Бюджеттік бағдарламаның коды", "Жауапты орындаушы", "Орындалу мерзімі", "Аяқталу нысаны"]));
    expect([1, 2, 3, 4, 5, 6].map((c) => ws.getCell(5, c).value)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ws.getCell("A2").isMerged).toBe(true);
    expect(String((ws.getCell("A2").value as ExcelJS.CellFormulaValue).formula)).toContain("жылға арналған операциялық жоспары");
    expect(ws.pageSetup.orientation).toBe("landscape");
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.printTitlesRow).toBe("4:5");
    const names = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
    expect(names).toContainEqual({ name: "_JOSPAR.1.operational_plan.v1_0_0", ranges: ["'Операциялық жоспар'!$A$1"] });
    expect(ws.getCell("G6").dataValidation.type).toBe("list");

    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(join(dir, "operational-plan-report.xlsx"));
    const rs = report.worksheets[0];
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((c) => rs.getCell(5, c).value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rs.getCell(4, 6).value).toBe("Іс-шаралардың нақты орындалуы");
    expect(rs.getCell(4, 8).value).toBe("Ұсынымдар, оның ішінде операциялық жоспарға өзгерістер енгізу жөніндегі ұсыныстар");
  });

  test("check --out-dir writes an annotated copy with findings and never touches the input", async () => {
    const input = join(ROOT, "samples", "operational-plan-violations.xlsx");
    const hash = () => createHash("sha256").update(readFileSync(input)).digest("hex");
    const before = { hash: hash(), mtime: statSync(input).mtimeMs };
    const dir = tmp();
    const { code } = await run(["check", input, "--out-dir", dir, "--lang", "en"]);
    expect(code).toBe(1);
    expect({ hash: hash(), mtime: statSync(input).mtimeMs }).toEqual(before);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "operational-plan-violations.checked.xlsx"));
    const ws = wb.getWorksheet("Операциялық жоспар")!;
    expect(String(ws.getCell("E9").note)).toContain("OP-DEADLINE-IN-YEAR");
    const findings = wb.getWorksheet("Jospar check")!;
    expect(findings.getCell("B2").value).toBeTruthy();
    expect(findings.rowCount).toBe(5);
    // The user's own values are as they were.
    expect(ws.getCell("E9").value).toBe("15.02.2025");
  });
});
