import ExcelJS from "exceljs";
import { promises as fs } from "fs";
import type { Grid, CellValue } from "../core/grid";
import { parseRange } from "../core/grid";
import { parseBindings, WorkbookSnapshot } from "../core/workbook";
import { REVIEW_SHEET } from "../core/review";

/** Why a file cannot be checked at all; the CLI reports it and goes on with the other files. */
export class UnreadableError extends Error {
  constructor(public readonly code: "not-found" | "not-xlsx" | "corrupt" | "too-large" | "empty", message: string) {
    super(message);
    this.name = "UnreadableError";
  }
}

export interface ReadLimits {
  /** Bytes of the .xlsx file. */
  maxBytes: number;
  /** Non-empty cells over all sheets. */
  maxCells: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxBytes: 50 * 1024 * 1024, maxCells: 2_000_000 };

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
    throw new UnreadableError("not-found", `file not found: ${path}`);
  }
  if (!stat.isFile()) throw new UnreadableError("not-found", `not a file: ${path}`);
  if (stat.size === 0) throw new UnreadableError("empty", "the file is empty (0 bytes)");
  if (stat.size > limits.maxBytes)
    throw new UnreadableError("too-large", `the file is ${(stat.size / 1048576).toFixed(1)} MB; the limit is ${(limits.maxBytes / 1048576).toFixed(0)} MB`);
  const buf = await fs.readFile(path);
  return openWorkbookBuffer(buf);
}

export async function readWorkbookBuffer(buf: Buffer, limits: ReadLimits = DEFAULT_LIMITS): Promise<WorkbookSnapshot> {
  return snapshotOf(await openWorkbookBuffer(buf), limits);
}

async function openWorkbookBuffer(buf: Buffer): Promise<ExcelJS.Workbook> {
  if (buf.length === 0) throw new UnreadableError("empty", "the file is empty (0 bytes)");
  if (buf.length < 4 || !buf.subarray(0, 4).equals(ZIP_MAGIC)) {
    const hint = looksLikeText(buf) ? " (it looks like a text file renamed to .xlsx)" : buf.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])) ? " (it is an old .xls file: save it as .xlsx)" : "";
    throw new UnreadableError("not-xlsx", `not an .xlsx workbook${hint}`);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new UnreadableError("corrupt", `the workbook is damaged and cannot be opened (${(e as Error).message.split("\n")[0]})`);
  }
  return wb;
}

function looksLikeText(buf: Buffer): boolean {
  const head = buf.subarray(0, 512);
  return !head.includes(0) && /^[\s\S]*$/.test(head.toString("utf8"));
}

export function snapshotOf(wb: ExcelJS.Workbook, limits: ReadLimits = DEFAULT_LIMITS): WorkbookSnapshot {
  const sheets: Grid[] = [];
  let review: Grid | null = null;
  let cells = 0;
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
          throw new UnreadableError("too-large", `the workbook has more than ${limits.maxCells.toLocaleString("en")} filled cells`);
        const { value, formula } = plainValue(cell.value);
        (values[r] ??= [])[c] = value;
        if (formula) (formulas[r] ??= [])[c] = formula;
      });
    });
    for (let r = 0; r < values.length; r++) values[r] ??= [];
    if (isReview) review = { sheet: ws.name, values, formulas, merges };
    else sheets.push({ sheet: ws.name, values, formulas, merges });
  });
  const names: { name: string; formula: string }[] = [];
  for (const n of (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model)
    for (const r of n.ranges) names.push({ name: n.name, formula: r });
  return { sheets, bindings: parseBindings(names), review };
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
