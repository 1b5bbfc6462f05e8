import type { CellWrite, WorkbookPort, WorkbookSnapshot } from "../core/workbook";
import { parseBindings } from "../core/workbook";
import type { Grid } from "../core/grid";
import { parseA1, columnLetter } from "../core/grid";
import { gridFromArrays, rangeOrigin } from "./grid-convert";
import { OfficeRuntime, RunOptions, errorCode } from "./runtime";
import { REVIEW_SHEET } from "../core/review";
import { reviewGridOf } from "./review-store";
import { readCatalogMark } from "../core/release/mark";

/**
 * The Office.js side of the workbook port. Round trips are the cost that matters in Excel (on
 * the web each one crosses the network), so:
 *  - a full read is two syncs: the sheet list and the names, then every form sheet's used range
 *    (values, formulas, number formats) and protection, all at once;
 *  - a live re-read of edited rows is one sync (rows, computed cells, names, sheet name);
 *  - all writes go out in one sync (runs of cells in a column are written as one range);
 *  - a protected sheet costs extra syncs only when it has something to write: first the write
 *    as is (unlocked cells such as the flags column accept it), then unprotect → write →
 *    protect with the same options; a password we do not have is reported, not thrown.
 * Sheets are addressed by id, so a rename between the read and the write does not matter, and a
 * sheet deleted in between is skipped.
 */
export interface SheetMeta {
  id: string;
  name: string;
  protected: boolean;
  protectionOptions?: Record<string, unknown>;
}

export interface OfficeSnapshot extends WorkbookSnapshot {
  meta: SheetMeta[];
  names: { name: string; formula: string }[];
  /** The id of the reviewers' log sheet (review.ts), when the workbook has one. */
  reviewSheetId?: string | null;
}

export interface TargetedWrite extends CellWrite {
  /** The sheet's id when known (preferred over the name). */
  sheetId?: string;
}

/** Workbook names to change with a write (the catalog version a workbook was checked with). */
export interface NameChange {
  remove: string[];
  /** A name to add, referring to A1 of the sheet `sheetId`. */
  add: string | null;
  sheetId: string;
}

export interface WriteReport {
  /** Cells written, plus the names changed. */
  written: number;
  /** The name change given was applied. */
  namesChanged?: boolean;
  /** Sheets whose writes were refused because they are protected with a password. */
  protectedSheets: string[];
  /** Sheets that no longer exist (deleted while the check ran). */
  missingSheets: string[];
}

export interface ReadSpec {
  sheetId: string;
  /** 0-based inclusive row spans, or the whole used range. */
  rows: { from: number; to: number }[] | "all";
  /** Columns to read from A (the cached grid's width). */
  width: number;
  /** Single cells to read as well (local A1). */
  cells: string[];
}

export interface SheetPatch {
  /** The sheet's name now (it may have been renamed). */
  name: string;
  /** Write the rows read into a grid (in place where possible); returns the grid to keep. */
  patch: (grid: Grid) => Grid;
  names: { name: string; formula: string }[];
}

export interface PortOptions {
  /** Use Excel.run({ delayForCellEdit: true }) (event-driven batches). */
  delayForCellEdit?: boolean;
}


export class OfficeWorkbookPort implements WorkbookPort {
  /** Sheet name → id as of the last read, to address writes given by name. */
  private ids = new Map<string, string>();
  private protection = new Map<string, { protected: boolean; options?: Record<string, unknown> }>();
  /** The reviewers' log sheet as of the last read: read in the same batch as the forms. */
  private reviewSheetId: string | null = null;
  readonly triggerSource: boolean;

  constructor(
    private readonly rt: OfficeRuntime,
    private readonly options: PortOptions = {},
  ) {
    this.triggerSource = rt.isSetSupported("ExcelApi", "1.14");
  }

  private runOpts(extra: RunOptions = {}): RunOptions {
    return { delayForCellEdit: this.options.delayForCellEdit ?? false, ...extra };
  }

  /** Remember what a read learnt about the sheets (used by writes). */
  remember(meta: SheetMeta[]): void {
    for (const m of meta) {
      this.ids.set(m.name, m.id);
      this.protection.set(m.id, { protected: m.protected, options: m.protectionOptions });
    }
  }

  /**
   * Every form sheet's used range (values, formulas, number formats), its protection, and the
   * workbook's names. With the sheets of an earlier read (`known`), all of it is ONE sync: the
   * sheet list is loaded in the same batch and only checked afterwards; if it changed (a sheet
   * added, deleted, hidden), the read starts over without that knowledge. Without `known`, the
   * sheet list comes first: two syncs.
   */
  async read(sheets?: string[], runOptions?: RunOptions, known?: SheetMeta[]): Promise<OfficeSnapshot> {
    let snap: OfficeSnapshot | null = null;
    if (known?.length) {
      try {
        snap = await this.readKnown(known, sheets, runOptions);
      } catch (e) {
        if (!isMissing(e)) throw e; // a known sheet was deleted: read the list first
      }
    }
    snap ??= await this.readListFirst(sheets, runOptions);
    this.remember(snap.meta);
    this.reviewSheetId = snap.reviewSheetId ?? null;
    return snap;
  }

  private async readListFirst(sheets?: string[], runOptions?: RunOptions): Promise<OfficeSnapshot> {
    return this.rt.run(this.runOpts(runOptions), async (ctx) => {
      const list = ctx.workbook.worksheets;
      list.load("items/id,items/name,items/visibility");
      const names = ctx.workbook.names;
      names.load("items/name,items/formula,items/type");
      await ctx.sync();
      const picked = list.items.filter((ws) => ws.visibility !== "VeryHidden" && ws.name !== REVIEW_SHEET && (!sheets || sheets.includes(ws.name)));
      const loads = picked.map((ws) => {
        const used = ws.getUsedRangeOrNullObject();
        used.load("address,values,formulas,numberFormat");
        ws.protection.load("protected,options");
        return { ws, used };
      });
      const logSheet = list.items.find((ws) => ws.name === REVIEW_SHEET);
      const log = logSheet ? { id: logSheet.id, used: logSheet.getUsedRangeOrNullObject(true).load("address,values") } : null;
      const epoch = dateSystemProbe(ctx);
      await ctx.sync();
      return withReview(snapshotFrom(loads, names.items, is1904(epoch)), log);
    });
  }

  private async readKnown(known: SheetMeta[], sheets: string[] | undefined, runOptions?: RunOptions): Promise<OfficeSnapshot | null> {
    return this.rt.run(this.runOpts(runOptions), async (ctx) => {
      const list = ctx.workbook.worksheets;
      list.load("items/id,items/name,items/visibility");
      const names = ctx.workbook.names;
      names.load("items/name,items/formula,items/type");
      const loads = known.map((m) => {
        const ws = ctx.workbook.worksheets.getItem(m.id);
        ws.load("id,name");
        const used = ws.getUsedRangeOrNullObject();
        used.load("address,values,formulas,numberFormat");
        ws.protection.load("protected,options");
        return { ws, used };
      });
      const knownLog = this.reviewSheetId;
      const log = knownLog ? { id: knownLog, used: ctx.workbook.worksheets.getItem(knownLog).getUsedRangeOrNullObject(true).load("address,values") } : null;
      const epoch = dateSystemProbe(ctx);
      await ctx.sync();
      const want = list.items.filter((ws) => ws.visibility !== "VeryHidden" && ws.name !== REVIEW_SHEET && (!sheets || sheets.includes(ws.name))).map((ws) => ws.id);
      const have = known.map((m) => m.id);
      if (want.length !== have.length || want.some((id, i) => id !== have[i])) return null;
      // The log appeared (or was replaced) since the last read: read the list first.
      if ((list.items.find((ws) => ws.name === REVIEW_SHEET)?.id ?? null) !== knownLog) return null;
      return withReview(snapshotFrom(loads, names.items, is1904(epoch)), log);
    });
  }

  /**
   * One sync for any number of sheets (by id): the given rows (or the whole used range), single
   * cells (computed values, whose formulas do not raise onChanged), and the workbook's names.
   * A sheet that no longer exists maps to null; if its absence fails the batch, the existing
   * sheets are read again without it (an extra sync only in that case).
   */
  async readMany(specs: ReadSpec[], runOptions?: RunOptions): Promise<Map<string, SheetPatch | null>> {
    try {
      return await this.readManyOnce(specs, runOptions);
    } catch (e) {
      if (!isMissing(e) && errorCode(e) !== "InvalidReference") throw e;
      const alive = await this.rt.run(this.runOpts(runOptions), async (ctx) => {
        const probes = specs.map((s) => ({ id: s.sheetId, ws: ctx.workbook.worksheets.getItemOrNullObject(s.sheetId) }));
        await ctx.sync();
        return new Set(probes.filter((p) => !p.ws.isNullObject).map((p) => p.id));
      });
      const out = await this.readManyOnce(specs.filter((s) => alive.has(s.sheetId)), runOptions);
      for (const s of specs) if (!alive.has(s.sheetId)) out.set(s.sheetId, null);
      return out;
    }
  }

  private async readManyOnce(specs: ReadSpec[], runOptions?: RunOptions): Promise<Map<string, SheetPatch | null>> {
    return this.rt.run(this.runOpts(runOptions), async (ctx) => {
      const names = ctx.workbook.names;
      names.load("items/name,items/formula,items/type");
      const loads = specs.map((spec) => {
        const ws = ctx.workbook.worksheets.getItemOrNullObject(spec.sheetId);
        ws.load("name");
        const last = columnLetter(Math.max(0, spec.width - 1));
        const blocks =
          spec.rows === "all"
            ? [ws.getUsedRangeOrNullObject().load("address,values,formulas,numberFormat")]
            : spec.rows.map((r) => ws.getRange(`A${r.from + 1}:${last}${r.to + 1}`).load("address,values,formulas,numberFormat"));
        const singles = spec.cells.map((a) => ws.getRange(a).load("address,values,formulas,numberFormat"));
        return { spec, ws, blocks, singles };
      });
      const epoch = dateSystemProbe(ctx);
      await ctx.sync();
      const date1904 = is1904(epoch);
      const nameList = names.items.filter((n) => n.type === "Range" || n.type === "Error").map((n) => ({ name: n.name, formula: n.formula }));
      const out = new Map<string, SheetPatch | null>();
      for (const { spec, ws, blocks, singles } of loads) {
        if (ws.isNullObject) {
          out.set(spec.sheetId, null);
          continue;
        }
        const name = ws.name;
        const patch = (grid: Grid): Grid => {
          if (spec.rows === "all") {
            const b = blocks[0];
            const fresh: Grid = { sheet: name, values: [], formulas: [], merges: grid.merges };
            if (!b.isNullObject) gridFromArrays(name, rangeOrigin(b.address), b.values, b.formulas, b.numberFormat, fresh);
            grid = fresh;
          } else {
            for (const range of blocks) {
              const o = rangeOrigin(range.address);
              // Rows read afresh replace what the grid held in the columns read.
              for (let i = 0; i < range.values.length; i++) {
                const row = grid.values[o.row + i];
                if (!row) continue;
                for (let j = 0; j < range.values[i].length && o.col + j < row.length; j++) row[o.col + j] = null;
              }
              gridFromArrays(name, o, range.values, range.formulas, range.numberFormat, grid);
            }
          }
          for (const r of singles) gridFromArrays(name, rangeOrigin(r.address), r.values, r.formulas, r.numberFormat, grid);
          grid.sheet = name;
          if (date1904) grid.date1904 = true;
          else delete grid.date1904;
          // Each write above trimmed the rows it wrote (and the empty rows at the end).
          return grid;
        };
        out.set(spec.sheetId, { name, patch, names: nameList });
      }
      return out;
    });
  }

  async write(writes: CellWrite[]): Promise<void> {
    await this.writeDetailed(writes);
  }

  /**
   * Write cells (and change names) in as few syncs as possible: the name change rides in the
   * first batch of unprotected sheets; only when there is none does it take a sync of its own.
   */
  async writeDetailed(writes: TargetedWrite[], runOptions?: RunOptions, names?: NameChange): Promise<WriteReport> {
    const report: WriteReport = { written: 0, protectedSheets: [], missingSheets: [] };
    const nameCount = names ? names.remove.length + (names.add ? 1 : 0) : 0;
    if (writes.length === 0) {
      if (names && nameCount) report.written += await this.namesAlone(names, runOptions);
      report.namesChanged = nameCount > 0 && report.written > 0;
      return report;
    }
    const bySheet = new Map<string, { name: string; writes: TargetedWrite[] }>();
    for (const w of writes) {
      const id = w.sheetId ?? this.ids.get(w.sheet) ?? w.sheet;
      const g = bySheet.get(id) ?? { name: w.sheet, writes: [] };
      g.writes.push(w);
      bySheet.set(id, g);
    }
    const open = [...bySheet].filter(([id]) => !this.protection.get(id)?.protected);
    const locked = [...bySheet].filter(([id]) => this.protection.get(id)?.protected);
    let pendingNames = nameCount ? names : undefined;
    if (open.length) {
      try {
        await this.batch(open, runOptions, undefined, pendingNames);
        report.written += open.reduce((n, [, g]) => n + g.writes.length, 0) + nameCount;
        if (nameCount) report.namesChanged = true;
        pendingNames = undefined;
      } catch (e) {
        if (!isMissing(e)) throw e;
        // A sheet went away between the read and the write: write the others, one by one.
        for (const entry of open) {
          try {
            await this.batch([entry], runOptions);
            report.written += entry[1].writes.length;
          } catch (e2) {
            if (!isMissing(e2)) throw e2;
            report.missingSheets.push(entry[1].name);
          }
        }
      }
    }
    // No open sheet to ride with (or its batch failed): the names alone, once.
    if (pendingNames) {
      const n = await this.namesAlone(pendingNames, runOptions);
      report.written += n;
      report.namesChanged = n > 0;
    }
    for (const entry of locked) {
      const [id, g] = entry;
      try {
        await this.batch([entry], runOptions); // unlocked targets (the flags column) need no unprotect
        report.written += g.writes.length;
        continue;
      } catch (e) {
        if (isMissing(e)) {
          report.missingSheets.push(g.name);
          continue;
        }
        if (errorCode(e) !== "AccessDenied") throw e;
      }
      try {
        await this.batch([entry], runOptions, this.protection.get(id)?.options ?? {});
        report.written += g.writes.length;
      } catch (e) {
        if (isMissing(e)) report.missingSheets.push(g.name);
        else if (errorCode(e) === "InvalidArgument" || errorCode(e) === "AccessDenied") report.protectedSheets.push(g.name);
        else throw e;
      }
    }
    return report;
  }

  /** A name change in a sync of its own; 0 when its sheet went away (the next check records it). */
  private async namesAlone(names: NameChange, runOptions?: RunOptions): Promise<number> {
    try {
      await this.batch([], runOptions, undefined, names);
      return names.remove.length + (names.add ? 1 : 0);
    } catch (e) {
      if (!isMissing(e)) throw e;
      return 0;
    }
  }

  /** One sync writing every group; with `reprotect`, each sheet is unprotected around its writes. */
  private async batch(groups: [string, { writes: TargetedWrite[] }][], runOptions?: RunOptions, reprotect?: Record<string, unknown>, names?: NameChange): Promise<void> {
    await this.rt.run(this.runOpts(runOptions), async (ctx) => {
      if (!this.triggerSource) ctx.runtime.enableEvents = false;
      if (names) {
        for (const n of names.remove) ctx.workbook.names.getItem(n).delete();
        if (names.add) ctx.workbook.names.add(names.add, ctx.workbook.worksheets.getItem(names.sheetId).getRange("A1"));
      }
      for (const [id, g] of groups) {
        const ws = ctx.workbook.worksheets.getItem(id);
        if (reprotect) ws.protection.unprotect();
        for (const run of runsOf(g.writes)) {
          const range = ws.getRange(run.address);
          if (run.mode === "formulas") range.formulas = run.data;
          else range.values = run.data;
        }
        if (reprotect) ws.protection.protect(reprotect as Excel.WorksheetProtectionOptions);
      }
      if (!this.triggerSource) ctx.runtime.enableEvents = true;
      await ctx.sync();
    });
  }
}

/**
 * Office.js has no property for the workbook's date system; Excel's own DATE(1904, 1, 1) tells it,
 * read in the batch it rides with (no sync of its own): 0 in a 1904 workbook, 1462 in a 1900 one.
 * Null on a host without ExcelApi 1.2's functions (serials then count from 1900).
 */
function dateSystemProbe(ctx: Excel.RequestContext): Excel.FunctionResult<number> | null {
  const functions = (ctx.workbook as { functions?: Excel.Functions }).functions;
  return functions ? functions.date(1904, 1, 1).load("value") : null;
}

const is1904 = (probe: Excel.FunctionResult<number> | null): boolean => probe?.value === 0;

function snapshotFrom(
  loads: { ws: Excel.Worksheet; used: Excel.Range }[],
  names: Excel.NamedItem[],
  date1904: boolean,
): OfficeSnapshot {
  const grids: Grid[] = [];
  const meta: SheetMeta[] = [];
  for (const { ws, used } of loads) {
    meta.push({ id: ws.id, name: ws.name, protected: ws.protection.protected, protectionOptions: plainOptions(ws.protection.options) });
    if (used.isNullObject) grids.push({ sheet: ws.name, values: [], formulas: [] });
    else grids.push(gridFromArrays(ws.name, rangeOrigin(used.address), used.values, used.formulas, used.numberFormat));
    if (date1904) grids[grids.length - 1].date1904 = true;
  }
  const nameList = names.filter((n) => n.type === "Range" || n.type === "Error").map((n) => ({ name: n.name, formula: n.formula }));
  return { sheets: grids, bindings: parseBindings(nameList), meta, names: nameList, checkedWith: readCatalogMark(nameList) };
}

/** The reviewers' log read in a form batch, on the snapshot. */
function withReview(snap: OfficeSnapshot, log: { id: string; used: Excel.Range } | null): OfficeSnapshot {
  snap.reviewSheetId = log?.id ?? null;
  snap.review = log ? reviewGridOf(log.used) : null;
  return snap;
}

function isMissing(e: unknown): boolean {
  const c = errorCode(e);
  return c === "ItemNotFound" || c === "InvalidObjectPath";
}

function plainOptions(o: unknown): Record<string, unknown> | undefined {
  if (!o || typeof o !== "object") return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) if (typeof v === "boolean" || typeof v === "string") out[k] = v;
  return out;
}

/**
 * Group single-cell writes into vertical runs of one column (the flags column is written as a
 * few blocks, not thousands of ranges). Values are written through `values` ("" clears a cell:
 * null would leave it unchanged), formulas through `formulas`.
 */
export function runsOf(writes: CellWrite[]): { address: string; mode: "values" | "formulas"; data: (string | number | boolean)[][] }[] {
  const cells = writes.map((w) => {
    const { r, c } = parseA1(w.address);
    const mode: "values" | "formulas" = w.formula !== undefined ? "formulas" : "values";
    const v = w.formula !== undefined ? w.formula : w.value === null || w.value === undefined ? "" : w.value;
    return { r, c, mode, v };
  });
  // Last write to a cell wins.
  const unique = new Map<string, (typeof cells)[number]>();
  for (const x of cells) unique.set(`${x.r}:${x.c}`, x);
  const sorted = [...unique.values()].sort((a, b) => a.c - b.c || a.r - b.r);
  const out: { address: string; mode: "values" | "formulas"; data: (string | number | boolean)[][] }[] = [];
  let cur: { c: number; r0: number; r1: number; mode: "values" | "formulas"; data: (string | number | boolean)[][] } | null = null;
  const flush = () => {
    if (!cur) return;
    const L = columnLetter(cur.c);
    out.push({ address: cur.r0 === cur.r1 ? `${L}${cur.r0 + 1}` : `${L}${cur.r0 + 1}:${L}${cur.r1 + 1}`, mode: cur.mode, data: cur.data });
    cur = null;
  };
  for (const x of sorted) {
    if (cur && cur.c === x.c && cur.r1 + 1 === x.r && cur.mode === x.mode) {
      cur.r1 = x.r;
      cur.data.push([x.v]);
      continue;
    }
    flush();
    cur = { c: x.c, r0: x.r, r1: x.r, mode: x.mode, data: [[x.v]] };
  }
  flush();
  return out;
}
