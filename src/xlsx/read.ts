import ExcelJS from "exceljs";
import { promises as fs } from "fs";
import type { Grid, CellValue } from "../core/grid";
import { parseRange } from "../core/grid";
import { parseBindings, WorkbookSnapshot } from "../core/workbook";
import { DEFAULT_LIMITS, ReadLimits, UnreadableError } from "./limits";
import { inspectZip } from "./inspect";
import { REVIEW_SHEET } from "../core/review";
import { readCatalogMark } from "../core/release/mark";
import type { Localized } from "../core/i18n";
import { FILE_KINDS, readReason } from "./reasons";

export { UnreadableError, DEFAULT_LIMITS } from "./limits";
export type { ReadLimits } from "./limits";

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Read an .xlsx file into grids, refusing anything that is not one before ExcelJS sees it. */
export async function readWorkbookFile(path: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<WorkbookSnapshot> {
  return snapshotOf(await openWorkbookFile(path, limits), limits);
}

/** Open an .xlsx file as an ExcelJS workbook (for the workbook port), with the same refusals and limits. */
export async function openWorkbookFile(path: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<ExcelJS.Workbook> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch {
    throw new UnreadableError("not-found", readReason("notFound", { path }));
  }
  if (!stat.isFile()) throw new UnreadableError("not-found", readReason("notFile", { path }));
  if (stat.size === 0) throw new UnreadableError("empty", readReason("empty"));
  if (stat.size > limits.maxBytes)
    throw new UnreadableError("too-large", readReason("tooLarge", { size: (stat.size / 1048576).toFixed(1), limit: (limits.maxBytes / 1048576).toFixed(0) }));
  const buf = await fs.readFile(path);
  return openWorkbookBuffer(buf, limits);
}

export async function readWorkbookBuffer(buf: Buffer, limits: ReadLimits = DEFAULT_LIMITS): Promise<WorkbookSnapshot> {
  return snapshotOf(await openWorkbookBuffer(buf, limits), limits);
}

async function openWorkbookBuffer(buf: Buffer, limits: ReadLimits): Promise<ExcelJS.Workbook> {
  if (buf.length === 0) throw new UnreadableError("empty", readReason("empty"));
  if (buf.length > limits.maxBytes)
    throw new UnreadableError("too-large", readReason("tooLarge", { size: (buf.length / 1048576).toFixed(1), limit: (limits.maxBytes / 1048576).toFixed(0) }));
  if (buf.length < 4 || !buf.subarray(0, 4).equals(ZIP_MAGIC)) throw foreignFile(buf);
  // The zip's directory and its parts as they inflate, before ExcelJS holds any of it in memory.
  await inspectZip(buf, limits);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new UnreadableError("corrupt", readReason("corrupt", { detail: (e as Error).message.split("\n")[0] }));
  }
  return wb;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Binary formats a sender may rename to .xlsx, by their first bytes. */
const SIGNATURES: [number[], Localized][] = [
  [[0x89, 0x50, 0x4e, 0x47], FILE_KINDS.png],
  [[0xff, 0xd8, 0xff], FILE_KINDS.jpeg],
  [[0x47, 0x49, 0x46, 0x38], FILE_KINDS.gif],
  [[0x25, 0x50, 0x44, 0x46], FILE_KINDS.pdf],
  [[0x52, 0x61, 0x72, 0x21], FILE_KINDS.rar],
  [[0x37, 0x7a, 0xbc, 0xaf], FILE_KINDS.sevenZip],
  [[0x1f, 0x8b], FILE_KINDS.gzip],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], FILE_KINDS.rtf],
  [[0x4d, 0x5a], FILE_KINDS.windows],
  [[0x7f, 0x45, 0x4c, 0x46], FILE_KINDS.linux],
];

/** Not a zip: say what it is, so the sender knows what to send instead. */
function foreignFile(buf: Buffer): UnreadableError {
  if (buf.length >= 8 && buf.subarray(0, 8).equals(OLE_MAGIC)) {
    // Office's password protection wraps the .xlsx in an OLE container with these two streams.
    const utf16 = (s: string) => Buffer.from(s, "utf16le");
    if (buf.includes(utf16("EncryptedPackage")) || buf.includes(utf16("EncryptionInfo")))
      return new UnreadableError("encrypted", readReason("encrypted"));
    return new UnreadableError("not-xlsx", readReason("oldXls"));
  }
  for (const [magic, what] of SIGNATURES) if (buf.length >= magic.length && magic.every((b, i) => buf[i] === b)) return new UnreadableError("not-xlsx", readReason("renamed", { what }));
  if (looksLikeText(buf)) return new UnreadableError("not-xlsx", readReason("textFile"));
  return new UnreadableError("not-xlsx", readReason("unknownBinary"));
}

/** Text: valid UTF-8 without control characters other than tab, CR, LF, FF in the first 512 bytes. */
function looksLikeText(buf: Buffer): boolean {
  const head = buf.subarray(0, 512);
  for (const b of head) if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.length === buf.length ? head : trimPartialUtf8(head));
    return true;
  } catch {
    return false;
  }
}

/** Cut a UTF-8 sequence the 512-byte window split in two. */
function trimPartialUtf8(b: Buffer): Buffer {
  const end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = b[end - i];
    if ((c & 0xc0) === 0xc0) return b.subarray(0, end - i);
    if ((c & 0xc0) !== 0x80) break;
  }
  return b;
}

export function snapshotOf(wb: ExcelJS.Workbook, limits: ReadLimits = DEFAULT_LIMITS): WorkbookSnapshot {
  const sheets: Grid[] = [];
  let review: Grid | null = null;
  let cells = 0;
  // ExcelJS converts date-formatted cells by the workbook's date system itself; plain serials are ours.
  const date1904 = wb.properties?.date1904 === true;
  wb.eachSheet((ws) => {
    // The reviewers' log is read by name, whatever its state (a tool may have unhidden it).
    const isReview = ws.name === REVIEW_SHEET;
    if (ws.state === "veryHidden" && !isReview) return;
    const values: CellValue[][] = [];
    const formulas: (string | null)[][] = [];
    const merges: string[] = ((ws.model as { merges?: string[] }).merges ?? []).slice();
    const slaves = new Set<string>();
    for (const m of merges) {
      const g = parseRange(m);
      for (let r = g.r1; r <= g.r2; r++) for (let c = g.c1; c <= g.c2; c++) if (r !== g.r1 || c !== g.c1) slaves.add(`${r}:${c}`);
    }
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const r = rowNumber - 1;
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        const c = colNumber - 1;
        if (slaves.has(`${r}:${c}`)) return;
        if (++cells > limits.maxCells)
          throw new UnreadableError("limit-cells", readReason("filledCells", { limit: limits.maxCells }));
        const { value, formula } = plainValue(cell.value);
        // Longer than Excel lets a cell hold: no sender's Excel wrote it, and no rule reads it.
        if (typeof value === "string" && value.length > limits.maxCellChars)
          throw new UnreadableError("limit-text", readReason("cellText", { cell: `${ws.name}!${cell.address}`, n: value.length, limit: limits.maxCellChars }));
        (values[r] ??= [])[c] = value;
        if (formula) (formulas[r] ??= [])[c] = formula;
      });
    });
    for (let r = 0; r < values.length; r++) values[r] ??= [];
    if (isReview) review = { sheet: ws.name, values, formulas, merges };
    else sheets.push({ sheet: ws.name, values, formulas, merges, ...(date1904 ? { date1904 } : {}) });
  });
  const names: { name: string; formula: string }[] = [];
  for (const n of (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model)
    for (const r of n.ranges) names.push({ name: n.name, formula: r });
  return { sheets, bindings: parseBindings(names), review, checkedWith: readCatalogMark(names) };
}

/** ExcelJS cell values to the grid's plain values; dates become ISO text. */
function plainValue(v: ExcelJS.CellValue): { value: CellValue; formula: string | null } {
  if (v === null || v === undefined) return { value: null, formula: null };
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return { value: v, formula: null };
  if (v instanceof Date) return { value: isoOf(v), formula: null };
  const o = v as unknown as Record<string, unknown>;
  if ("error" in o) return { value: { error: String(o.error) }, formula: null };
  if ("richText" in o) return { value: (o.richText as { text: string }[]).map((t) => t.text).join(""), formula: null };
  if ("formula" in o || "sharedFormula" in o) {
    const inner = plainValue((o.result ?? null) as ExcelJS.CellValue);
    const f = (o.formula ?? o.sharedFormula) as string;
    return { value: inner.value, formula: `=${f}` };
  }
  if ("text" in o) return { value: String(o.text), formula: null };
  return { value: String(v), formula: null };
}

function isoOf(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}
