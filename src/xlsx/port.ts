import ExcelJS from "exceljs";
import type { CellWrite, WorkbookPort, WorkbookSnapshot } from "../core/workbook";
import { DEFAULT_LIMITS, openWorkbookFile, snapshotOf, type ReadLimits } from "./read";

/**
 * The workbook port over an ExcelJS workbook in memory: the same interface the add-in's
 * Office.js adapter implements (src/excel/port.ts), so one contract suite checks both. Writes
 * set a cell's value or formula and leave its style as it is.
 */
export class XlsxWorkbookPort implements WorkbookPort {
  constructor(
    readonly workbook: ExcelJS.Workbook,
    private readonly limits: ReadLimits = DEFAULT_LIMITS,
  ) {}

  /** An .xlsx file on disk, refused (UnreadableError) when it is not one or exceeds the limits. */
  static async open(path: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<XlsxWorkbookPort> {
    return new XlsxWorkbookPort(await openWorkbookFile(path, limits), limits);
  }

  static async fromBuffer(buf: Buffer | ArrayBuffer): Promise<XlsxWorkbookPort> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as ArrayBuffer);
    return new XlsxWorkbookPort(wb);
  }

  async read(sheets?: string[]): Promise<WorkbookSnapshot> {
    const snap = snapshotOf(this.workbook, this.limits);
    if (!sheets) return snap;
    return { sheets: snap.sheets.filter((g) => sheets.includes(g.sheet)), bindings: snap.bindings.filter((b) => sheets.includes(b.sheet)) };
  }

  async write(writes: CellWrite[]): Promise<void> {
    for (const w of writes) {
      const ws = this.workbook.getWorksheet(w.sheet);
      if (!ws) continue;
      const cell = ws.getCell(w.address);
      if (w.formula !== undefined) cell.value = { formula: w.formula.replace(/^=/, "") } as ExcelJS.CellFormulaValue;
      else cell.value = w.value === undefined || w.value === "" ? null : w.value;
    }
  }

  async toBuffer(): Promise<Buffer> {
    return Buffer.from(await this.workbook.xlsx.writeBuffer());
  }
}
