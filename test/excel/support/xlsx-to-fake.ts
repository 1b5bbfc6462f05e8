/**
 * Turn an .xlsx (as an ExcelJS workbook) into sheets of the fake Excel, the way Excel's
 * insertWorksheetsFromBase64 would: cell values with formulas and their cached results, number
 * formats, fonts, fills, locked flags, column widths, merges, conditional formats and sheet
 * protection. Workbook-scoped names are NOT copied (the add-in adds its binding name itself).
 *
 * The fake's hook is synchronous and ExcelJS parses asynchronously, so files are parsed first
 * (`preload`) and the hook finds them by their base64 text. Plain TS over ExcelJS's object model
 * (no fs), so the browser stub of the E2E test uses it too, with ExcelJS's browser build.
 */
import type ExcelJS from "exceljs";
import type { FakeExcelHost, InsertWorksheetsHook } from "../../fakes/excel";

type Wb = ExcelJS.Workbook;

export function hashKey(b64: string): string {
  let h = 2166136261;
  for (let i = 0; i < b64.length; i++) h = Math.imul(h ^ b64.charCodeAt(i), 16777619) >>> 0;
  return `${b64.length}:${h.toString(16)}`;
}

export class XlsxLibrary {
  private files = new Map<string, Wb>();

  /** Register a parsed workbook under the base64 text of its bytes. */
  add(b64: string, wb: Wb): void {
    this.files.set(hashKey(b64), wb);
  }

  hook(): InsertWorksheetsHook {
    return (b64, options, host) => {
      const wb = this.files.get(hashKey(b64));
      if (!wb) throw new Error("xlsx-to-fake: this file was not preloaded");
      const ids: string[] = [];
      for (const ws of wb.worksheets) {
        if (options?.sheetNamesToInsert?.length && !options.sheetNamesToInsert.includes(ws.name)) continue;
        ids.push(copySheet(host, ws));
      }
      return ids;
    };
  }
}

function uniqueName(host: FakeExcelHost, base: string): string {
  const taken = new Set(host.sheetNames.map((n) => n.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const n = `${base.slice(0, 31 - String(i).length - 3)} (${i})`;
    if (!taken.has(n.toLowerCase())) return n;
  }
}

const argbToHex = (c: { argb?: string } | undefined): string | undefined => (c?.argb ? `#${c.argb.slice(-6)}` : undefined);

function rect(ref: string): { r0: number; c0: number; r1: number; c1: number } {
  const [a, b] = ref.split(":");
  const p = (x: string) => {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(x)!;
    let c = 0;
    for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
    return { r: Number(m[2]) - 1, c: c - 1 };
  };
  const s = p(a);
  const e = p(b ?? a);
  return { r0: s.r, c0: s.c, r1: e.r, c1: e.c };
}

export function copySheet(host: FakeExcelHost, ws: ExcelJS.Worksheet, name?: string): string {
  const sheetName = uniqueName(host, name ?? ws.name);
  const id = host.addWorksheet(sheetName);
  const state = host.sheet(sheetName);
  ws.eachRow({ includeEmpty: true }, (row) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      const address = cell.address;
      if (cell.isMerged && cell.master !== cell) return; // ExcelJS shows the master's value in every merged cell
      const v = cell.value as unknown;
      const spec: Parameters<FakeExcelHost["setCell"]>[2] = {};
      if (v !== null && v !== undefined) {
        if (typeof v === "object" && v !== null && ("formula" in v || "sharedFormula" in v)) {
          const f = v as { formula?: string; sharedFormula?: string; result?: unknown };
          spec.formula = `=${f.formula ?? f.sharedFormula}`;
          const r = f.result;
          spec.value = r === undefined || r === null ? null : r instanceof Date ? serial(r) : typeof r === "object" ? null : (r as string | number | boolean);
        } else if (v instanceof Date) spec.value = serial(v);
        else if (typeof v === "object" && v !== null && "richText" in v) spec.value = `'${(v as { richText: { text: string }[] }).richText.map((t) => t.text).join("")}`;
        else if (typeof v === "object" && v !== null && "error" in v) spec.value = (v as { error: string }).error;
        else if (typeof v === "object") spec.value = String((v as { text?: string }).text ?? "");
        // Text stays text (as in the file): a leading apostrophe stops "001" reading as a number.
        else spec.value = typeof v === "string" ? `'${v}` : (v as number | boolean);
      }
      const st = cell.style ?? {};
      if (st.numFmt) spec.numberFormat = st.numFmt;
      if (st.protection && st.protection.locked === false) spec.locked = false;
      const fmt: NonNullable<typeof spec.format> = {};
      if (st.font) {
        if (st.font.bold !== undefined) fmt.bold = !!st.font.bold;
        if (st.font.italic !== undefined) fmt.italic = !!st.font.italic;
        if (st.font.name) fmt.name = st.font.name;
        if (st.font.size) fmt.size = st.font.size;
        const color = argbToHex(st.font.color as { argb?: string } | undefined);
        if (color) fmt.color = color;
      }
      const fill = st.fill as { type?: string; pattern?: string; fgColor?: { argb?: string } } | undefined;
      if (fill && fill.type === "pattern" && fill.pattern === "solid") {
        const c = argbToHex(fill.fgColor);
        if (c) fmt.fill = c;
      }
      if (st.alignment?.wrapText) fmt.wrapText = true;
      if (Object.keys(fmt).length) spec.format = fmt;
      if (Object.keys(spec).length) host.setCell(sheetName, address, spec);
    });
  });
  const cols = (ws as unknown as { _columns?: { number: number; width?: number }[] })._columns ?? [];
  for (const col of cols) if (col?.width) state.colWidths.set(col.number - 1, col.width * 5.6);
  for (const m of ((ws.model as { merges?: string[] }).merges ?? [])) state.merges.push(rect(m));
  const cfs = (ws as unknown as { conditionalFormattings?: { ref: string; rules: { type: string; formulae?: string[]; style?: { fill?: { bgColor?: { argb?: string } }; font?: { color?: { argb?: string } } } }[] }[] }).conditionalFormattings ?? [];
  // Excel lists conditional formats by priority; the fake keeps them highest first.
  const flat = cfs.flatMap((cf) => cf.rules.map((r) => ({ cf, r, p: (r as { priority?: number }).priority ?? 0 }))).sort((a, b) => a.p - b.p);
  for (const { cf, r } of flat) {
    if (r.type !== "expression" || !r.formulae?.length) continue;
    state.cfs.push({
      id: host.workbook.nextCfId(),
      type: "Custom",
      areas: cf.ref.split(/\s+/).map(rect),
      stopIfTrue: false,
      rule: { formula: `=${r.formulae[0]}` },
      format: {
        fillColor: argbToHex(r.style?.fill?.bgColor) ?? null,
        fontColor: argbToHex(r.style?.font?.color) ?? null,
        bold: null, italic: null, strikethrough: null, underline: null, numberFormat: null,
      },
    });
  }
  const prot = (ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection;
  if (prot?.sheet) host.protect(sheetName);
  return id;
}

function serial(d: Date): number {
  return Math.round(d.getTime() / 86400000 + 25569);
}
