/**
 * LibreOffice as a second spreadsheet engine: recalculate .xlsx workbooks headless and read back
 * every cell's value, to prove that a template's formulas compute what the core computes.
 *
 *   const [wb] = await recalculate([buffer]);        // one soffice call for any number of files
 *   wb.value("D мақсаттар", "K7")                     // number | string | boolean | null | {error}
 *   wb.sheets["D мақсаттар"]["K7"]
 *
 * LibreOffice keeps the cached results a file carries unless told otherwise, so the private
 * profile sets OOXMLRecalcMode = 0 ("always recalculate"). ExcelJS drops falsy cached results
 * (0, FALSE, "") when it reads, so the converted files are read straight from their XML.
 * Needs `soffice` (Debian: libreoffice-calc-nogui); SOFFICE=/path/to/soffice overrides the PATH.
 */
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import JSZip from "jszip";
import ExcelJS from "exceljs";
import { NO_SOFFICE, convert, recalcProfile, sofficePath } from "../../src/cli/libreoffice";

export { sofficePath };

export type LoValue = number | string | boolean | null | { error: string };

export interface RecalculatedWorkbook {
  /** Sheet name → A1 address → value, for every cell that holds one. */
  sheets: Record<string, Record<string, LoValue>>;
  value(sheet: string, address: string): LoValue;
}

export class LibreOfficeMissing extends Error {
  constructor() {
    super(NO_SOFFICE.en);
    this.name = "LibreOfficeMissing";
  }
}

let profileDir: string | null = null;

/** One private recalculating profile per test process, shared by its LibreOffice calls. */
function profile(): string {
  if (profileDir && existsSync(profileDir)) return profileDir;
  profileDir = recalcProfile();
  return profileDir;
}

/**
 * Recalculate workbooks (buffers or paths) with LibreOffice in one `soffice --convert-to xlsx`
 * call, and read the recalculated values back, in the order given.
 */
export async function recalculate(inputs: Array<Buffer | Uint8Array | string>, opts: { timeoutMs?: number } = {}): Promise<RecalculatedWorkbook[]> {
  const bin = sofficePath();
  if (!bin) throw new LibreOfficeMissing();
  const work = mkdtempSync(join(tmpdir(), "jospar-lo-"));
  const inDir = join(work, "in");
  const outDir = join(work, "out");
  mkdirSync(inDir);
  mkdirSync(outDir);
  try {
    const names = inputs.map((x, i) => {
      const name = `w${String(i).padStart(4, "0")}.xlsx`;
      writeFileSync(join(inDir, name), typeof x === "string" ? readFileSync(x) : x);
      return name;
    });
    if (!names.length) return [];
    const { code, stderr } = await convert(bin, profile(), "xlsx:Calc MS Excel 2007 XML", outDir, names.map((n) => join(inDir, n)), opts.timeoutMs ?? 180000);
    const missing = names.filter((n) => !existsSync(join(outDir, n)));
    if (code !== 0 || missing.length)
      throw new Error(`soffice failed (exit ${code}) to convert ${missing.join(", ") || "the files"}: ${stderr.trim().slice(0, 500)}`);
    return await Promise.all(names.map((n) => readValues(readFileSync(join(outDir, n)))));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Open each workbook in LibreOffice and save it again as .xlsx (a user's round trip); the saved files, in order. */
export async function saveWithLibreOffice(inputs: Buffer[], opts: { timeoutMs?: number } = {}): Promise<Buffer[]> {
  const bin = sofficePath();
  if (!bin) throw new LibreOfficeMissing();
  const work = mkdtempSync(join(tmpdir(), "jospar-lo-"));
  const inDir = join(work, "in");
  const outDir = join(work, "out");
  mkdirSync(inDir);
  mkdirSync(outDir);
  try {
    const names = inputs.map((x, i) => {
      const name = `s${String(i).padStart(4, "0")}.xlsx`;
      writeFileSync(join(inDir, name), x);
      return name;
    });
    const { code, stderr } = await convert(bin, profile(), "xlsx:Calc MS Excel 2007 XML", outDir, names.map((n) => join(inDir, n)), opts.timeoutMs ?? 180000);
    const missing = names.filter((n) => !existsSync(join(outDir, n)));
    if (code !== 0 || missing.length) throw new Error(`soffice failed (exit ${code}): ${stderr.trim().slice(0, 500)}`);
    return names.map((n) => readFileSync(join(outDir, n)));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e] ?? m,
  );
}

function texts(xml: string): string {
  let out = "";
  for (const m of xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) out += m[1] ? unescapeXml(m[1]) : "";
  return out;
}

/** Every cell value of an .xlsx, read from its XML (types: n, s, str, inlineStr, b, e). */
export async function readValues(buf: Buffer): Promise<RecalculatedWorkbook> {
  const zip = await JSZip.loadAsync(buf);
  const file = async (p: string) => (await zip.file(p)?.async("string")) ?? null;
  const wbXml = (await file("xl/workbook.xml")) ?? "";
  const rels = (await file("xl/_rels/workbook.xml.rels")) ?? "";
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const t = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && t) target.set(id, t.startsWith("/") ? t.slice(1) : `xl/${t}`);
  }
  const shared: string[] = [];
  const sst = await file("xl/sharedStrings.xml");
  if (sst) for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>/g)) shared.push(texts(m[1]));
  const sheets: RecalculatedWorkbook["sheets"] = {};
  for (const m of wbXml.matchAll(/<sheet\b[^>]*\/>/g)) {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? "");
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const xml = rid && target.has(rid) ? await file(target.get(rid)!) : null;
    const cells: Record<string, LoValue> = {};
    if (xml)
      for (const c of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = c[1];
        const body = c[2] ?? "";
        const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
        if (!ref) continue;
        const type = /\bt="([^"]+)"/.exec(attrs)?.[1] ?? "n";
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        let value: LoValue = null;
        if (type === "inlineStr") value = texts(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? "");
        else if (v === undefined) value = type === "str" && /<f\b/.test(body) ? "" : null;
        else if (type === "s") value = shared[Number(v)] ?? "";
        else if (type === "str") value = unescapeXml(v);
        else if (type === "b") value = v === "1" || v === "true";
        else if (type === "e") value = { error: unescapeXml(v) };
        else value = Number(v);
        if (value !== null) cells[ref] = value;
      }
    sheets[name] = cells;
  }
  return { sheets, value: (sheet, address) => sheets[sheet]?.[address.replace(/\$/g, "")] ?? null };
}

/**
 * `describe` / `test` for suites that need LibreOffice. Without soffice they still run and fail
 * with the install hint (CI must not pass by skipping the proof); JOSPAR_SKIP_LIBREOFFICE=1 skips
 * them instead, on a machine where LibreOffice cannot be installed.
 */
export const describeLibreOffice: jest.Describe = process.env.JOSPAR_SKIP_LIBREOFFICE === "1" ? describe.skip : describe;
export const testLibreOffice: jest.It = process.env.JOSPAR_SKIP_LIBREOFFICE === "1" ? test.skip : test;

/**
 * Every formula's cached result replaced by a wrong number, so only a real recalculation can
 * match the core (comparing cached results would prove nothing). Returns how many formulas.
 */
export async function poisoned(buf: Buffer, marker = -4242): Promise<{ buf: Buffer; formulas: number }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  let formulas = 0;
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as ExcelJS.CellFormulaValue | null;
        if (v && typeof v === "object" && "formula" in v) {
          cell.value = { formula: v.formula, result: marker } as ExcelJS.CellFormulaValue;
          formulas++;
        }
      }),
    ),
  );
  return { buf: Buffer.from(await wb.xlsx.writeBuffer()), formulas };
}
