/**
 * `jospar print FILE... --out-dir DIR`: one PDF per form sheet, printed by LibreOffice as the
 * workbook's own print setup says (the official form only, A4 landscape, header rows repeated,
 * page numbers). Each form sheet is printed from a temporary copy of its workbook in which the
 * other sheets are hidden (LibreOffice leaves hidden sheets out of a PDF), so formulas that read
 * the family's other sheets keep working. Inputs are only read; every file is printed on its own
 * (a damaged file is reported and the others still print).
 */
import { promises as fs, mkdirSync, rmSync, existsSync } from "fs";
import { basename, extname, join, resolve } from "path";
import ExcelJS from "exceljs";
import type { Catalog } from "../core/catalog";
import type { Lang } from "../core/i18n";
import { readWorkbookFile, UnreadableError } from "../xlsx/read";
import { detectForms } from "../core/workbook";
import { keepPrintAreasAbsolute } from "../xlsx/build";
import { NO_SOFFICE, convert, recalcProfile, sofficePath } from "./libreoffice";

export interface PrintIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const WORDS = {
  wrote: { kk: "жазылды", ru: "записан", en: "wrote" },
  unreadable: { kk: "оқылмайды", ru: "не читается", en: "unreadable" },
  noForm: { kk: "басылатын нысан жоқ", ru: "нет формы для печати", en: "no form to print" },
  failed: { kk: "PDF жасалмады", ru: "PDF не создан", en: "no PDF made" },
  overwrite: {
    kk: "шығыс файл кіріс файлдың орнына жазылмайды",
    ru: "выходной файл не может заменить входной",
    en: "an output file would overwrite an input file",
  },
} as const;

/** A file name part from a sheet name (the characters file systems refuse replaced). */
function safe(name: string): string {
  return name.replace(/[\\/:*?"<>|\x00-\x1f]/g, "_").trim() || "sheet";
}

export interface PrintedFile {
  path: string;
  pdfs: string[];
  error?: string;
}

/** Print every form sheet of each file to `<file>.<sheet>.pdf` under outDir; resolves to the exit code. */
export async function printFiles(catalog: Catalog, files: string[], outDir: string, lang: Lang, io: PrintIo, timeoutMs = 600000): Promise<number> {
  const bin = sofficePath();
  if (!bin) {
    io.err(`jospar: ${NO_SOFFICE[lang]}`);
    return 2;
  }
  await fs.mkdir(outDir, { recursive: true });
  const inputs = new Set(await Promise.all(files.map(async (f) => fs.realpath(f).catch(() => resolve(f)))));
  const work = recalcProfile("jospar-print-");
  const inDir = join(work, "in");
  const out = join(work, "out");
  mkdirSync(inDir);
  mkdirSync(out);
  let failed = false;
  const fail = (path: string, message: string) => {
    failed = true;
    io.err(`${path}: ${message}`);
  };
  try {
    // One copy per form sheet (the others print nothing), then one LibreOffice run for them all.
    const jobs: { path: string; sheet: string; name: string; dest: string }[] = [];
    for (const path of files) {
      try {
        const copies = await sheetCopies(catalog, path, lang);
        if (typeof copies === "string") {
          fail(path, copies);
          continue;
        }
        for (const { sheet, wb } of copies) {
          const name = `j${String(jobs.length).padStart(4, "0")}`;
          const dest = resolve(outDir, `${basename(path, extname(path))}.${safe(sheet)}.pdf`);
          if (inputs.has(await fs.realpath(dest).catch(() => dest))) {
            fail(path, WORDS.overwrite[lang]);
            continue;
          }
          await wb.xlsx.writeFile(join(inDir, `${name}.xlsx`));
          jobs.push({ path, sheet, name, dest });
        }
      } catch (e) {
        fail(path, `${WORDS.unreadable[lang]}: ${(e as Error).message}`);
      }
    }
    if (jobs.length) {
      const code = await convert(bin, work, "pdf", out, jobs.map((j) => join(inDir, `${j.name}.xlsx`)), timeoutMs)
        .then((r) => r.code, () => null);
      for (const j of jobs) {
        const made = join(out, `${j.name}.pdf`);
        if (!existsSync(made)) {
          fail(j.path, `${WORDS.failed[lang]} (${j.sheet}, soffice exit ${code})`);
          continue;
        }
        await fs.copyFile(made, j.dest);
        io.out(`${WORDS.wrote[lang]} ${j.dest}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return failed ? 2 : 0;
}

/** Far below any form: a print area there holds nothing, and LibreOffice prints no page for it. */
const NOTHING = "A$1048576:A$1048576";

/** For each form sheet of a workbook, a copy that prints only that sheet (or why the file cannot be printed). */
async function sheetCopies(catalog: Catalog, path: string, lang: Lang): Promise<{ sheet: string; wb: ExcelJS.Workbook }[] | string> {
  let sheets: string[];
  try {
    sheets = detectForms(await readWorkbookFile(path), catalog).forms.map((f) => f.grid.sheet);
  } catch (e) {
    if (e instanceof UnreadableError) return `${WORDS.unreadable[lang]}: ${e.message}`;
    throw e;
  }
  if (sheets.length === 0) return WORDS.noForm[lang];
  const out: { sheet: string; wb: ExcelJS.Workbook }[] = [];
  for (const sheet of sheets) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    keepPrintAreasAbsolute(wb);
    for (const ws of wb.worksheets)
      if (ws.name !== sheet) {
        ws.state = "hidden";
        ws.pageSetup.printArea = NOTHING;
      } else ws.state = "visible";
    const target = wb.getWorksheet(sheet)!;
    wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: wb.worksheets.indexOf(target), visibility: "visible" }];
    out.push({ sheet, wb });
  }
  return out;
}
