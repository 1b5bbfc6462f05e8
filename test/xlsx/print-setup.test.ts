/**
 * Printed forms, without LibreOffice: the print areas and print titles every sample and every
 * checked copy holds are absolute references (LibreOffice ignores "$A1:$F40"), and every data
 * row of every sample is tall enough for the lines its wrapped text needs; a checked copy grows a
 * row whose text was lengthened after the build.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ROOT, catalog } from "../helpers/forms";
import { run } from "../helpers/cli";
import { readWorkbookFile } from "../../src/xlsx/read";
import { detectForms } from "../../src/core/workbook";
import { parseForm } from "../../src/core/parse";
import { DEFAULT_ROW_HEIGHT } from "../../src/core/text-fit";

const SAMPLES = readdirSync(join(ROOT, "samples")).filter((f) => f.endsWith(".xlsx")).sort();

async function definedNames(buf: Buffer): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(buf)).file("xl/workbook.xml")!.async("string");
  return [...xml.matchAll(/<definedName name="(_xlnm\.Print_(?:Area|Titles))"[^>]*>([^<]*)</g)].map((m) => `${m[1]} ${m[2]}`);
}

/** A pessimistic lower bound of the lines a text wraps to: every character at least 0.42 em wide, no word-wrap loss. */
function minLines(text: string, widthChars: number, pt: number): number {
  const px = (pt * 96) / 72;
  return text.split("\n").reduce((n, para) => n + Math.max(1, Math.ceil((para.length * 0.42 * px) / (widthChars * 7 + 5))), 0);
}

describe("print setup in the files", () => {
  test.each(SAMPLES)("%s: print areas and titles are absolute", async (file) => {
    const names = await definedNames(readFileSync(join(ROOT, "samples", file)));
    expect(names.some((n) => n.startsWith("_xlnm.Print_Area"))).toBe(true);
    for (const n of names) {
      const ref = n.replace(/^.*!/, "");
      if (n.startsWith("_xlnm.Print_Area")) expect(ref).toMatch(/^\$[A-Z]+\$\d+:\$[A-Z]+\$\d+$/);
      else expect(ref).toMatch(/^\$\d+:\$\d+$/);
    }
  });

  test.each(SAMPLES)("%s: every data row is as tall as its wrapped text needs", async (file) => {
    const path = join(ROOT, "samples", file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const snapshot = await readWorkbookFile(path);
    for (const d of detectForms(snapshot, catalog()).forms) {
      const doc = parseForm(d.grid, d.template);
      const ws = wb.getWorksheet(d.grid.sheet)!;
      for (const row of doc.rows) {
        const r = ws.getRow(row.sheetRow + 1);
        const height = r.height ?? DEFAULT_ROW_HEIGHT;
        for (const c of Object.values(doc.columns)) {
          const cell = r.getCell(c + 1);
          if (typeof cell.value !== "string" || !cell.alignment?.wrapText || cell.isMerged) continue; // dates and numbers print on one line
          const pt = cell.font?.size ?? 11;
          const need = minLines(cell.text, ws.getColumn(c + 1).width ?? 8.43, pt) * pt * 1.15;
          if (height < need) throw new Error(`${file} ${d.grid.sheet}!${cell.address}: row height ${height} pt < ${need.toFixed(1)} pt for «${cell.text}»`);
        }
      }
    }
  });
});

describe("checked copies", () => {
  test("keep absolute print areas and grow a row whose text outgrew it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jospar-checked-"));
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(ROOT, "samples", "operational-plan-clean.xlsx"));
      const ws = wb.getWorksheet("Операциялық жоспар")!;
      // The user lengthened an activity name in a program that does not autofit rows.
      const long = "Мемлекеттік көрсетілетін қызметтердің тізіліміне және оларды көрсету стандарттарына өзгерістер мен толықтырулар енгізу туралы бұйрықтың жобасын әзірлеу, келісу және бекіту";
      let target = 0;
      ws.eachRow((row, n) => {
        if (!target && n > 5 && typeof row.getCell(1).value === "string" && /^\d+$/.test(String(row.getCell(1).value))) target = n;
      });
      ws.getCell(target, 2).value = long;
      ws.getRow(target).height = undefined as unknown as number;
      const input = join(dir, "edited.xlsx");
      await wb.xlsx.writeFile(input);
      const { code } = await run(["check", input, "--out-dir", join(dir, "out"), "--format", "json"]);
      expect(code).toBeLessThan(2);
      const out = readFileSync(join(dir, "out", "edited.checked.xlsx"));
      for (const n of await definedNames(out)) if (n.startsWith("_xlnm.Print_Area")) expect(n).toMatch(/!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+$/);
      const back = new ExcelJS.Workbook();
      await back.xlsx.load(out as unknown as ArrayBuffer);
      expect(back.getWorksheet("Операциялық жоспар")!.getRow(target).height).toBeGreaterThanOrEqual(3 * 13);
      writeFileSync(join(dir, "done"), "");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
