import type { Catalog } from "../core/catalog";
import { Checker, CheckerOptions } from "../core/check";
import { checkWorkbook, parseBindings, WorkbookResult } from "../core/workbook";
import type { Grid } from "../core/grid";
import { gridWidth, parseA1, parseRange } from "../core/grid";
import { findFlagsColumn } from "../core/flags";
import { computedColumns } from "../core/computed-rows";
import { columnLetter } from "../core/grid";
import { OfficeSnapshot, OfficeWorkbookPort, TargetedWrite, WriteReport } from "./port";
import { applyToSnapshot, presentationWrites, restoreWrite } from "./presentation";
import { CELL_EDIT, errorCode, OfficeRuntime, RunOptions } from "./runtime";
import { appendReviewRows, readReviewGrid } from "./review-store";
import { copyRows, refitEditedRows } from "./row-fit";
import { upgradeSheet, Upgraded } from "./upgrade";
import { catalogMarkChange } from "../core/release/mark";
import { quoteSheet } from "../core/grid";
import { documentsFormulaContext } from "../core/computed-rows";
import { newerVersion } from "../core/template/versions";

/**
 * One add-in session over one workbook: full checks, live checks as the user types, and the
 * writes that present the findings. ONE Checker lives as long as the session, so its per-row
 * cache makes every re-check evaluate only the rows whose facts changed.
 *
 * Live checking: worksheets.onChanged (typing, paste, fill, clear, insert/delete) → the changed
 * sheet and rows are queued → after a quiet period (debounce) one sync re-reads those rows, the
 * computed cells of the forms on those sheets and the names → the whole workbook is re-checked
 * from the cached grids (cheap: unchanged rows come from the Checker's cache) → one sync writes
 * the flag cells that change and blank computed cells. The add-in's own writes do not trigger a
 * check: their events carry triggerSource "ThisLocalAddin" (ExcelApi 1.14) and are dropped;
 * below 1.14 the writes run with runtime.enableEvents off.
 */
export type SessionStatus = "idle" | "checking" | "waiting-cell-edit";

export interface SessionUpdate {
  result: WorkbookResult;
  report: WriteReport;
  withoutFlags: string[];
  /** Rows the Checker evaluated (the rest came from its cache). */
  evaluatedRows: number;
  /** "full" for a check of the whole workbook, "live" for an edit. */
  kind: "full" | "live";
}

export interface SessionOptions {
  debounceMs?: number;
  /** Timer functions (tests may pass their own). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  onUpdate?: (u: SessionUpdate) => void;
  onStatus?: (s: SessionStatus) => void;
  onSelection?: (sel: { sheet: string; address: string }) => void;
  onError?: (e: unknown) => void;
  /** Options of the session's Checker (tests inject a row key). */
  checker?: CheckerOptions;
}

interface Pending {
  all: boolean;
  rows: [number, number][];
}

/** Rows of non-form sheets that may hold a form's headings (a pasted form becomes a form). */
const HEADING_ROWS = 60;
/** Beyond this many changed rows, re-read the sheet's whole used range instead. */
const MAX_PATCH_ROWS = 2000;

export class LiveSession {
  readonly checker: Checker;
  private readonly manualPort: OfficeWorkbookPort;
  private readonly livePort: OfficeWorkbookPort;
  private snapshot: OfficeSnapshot | null = null;
  private last: SessionUpdate | null = null;
  private pending = new Map<string, Pending>();
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private handlers: { remove(): void; context: unknown }[] = [];
  private waiters: (() => void)[] = [];
  /** The reviewers' log sheet (very hidden; its own writes are not edits of a form). */
  private reviewSheetId: string | null = null;
  readonly triggerSource: boolean;

  constructor(
    private readonly rt: OfficeRuntime,
    private readonly catalog: Catalog,
    private readonly options: SessionOptions = {},
  ) {
    this.checker = new Checker(catalog.packs, catalog.calendar, options.checker);
    this.manualPort = new OfficeWorkbookPort(rt, { delayForCellEdit: false });
    this.livePort = new OfficeWorkbookPort(rt, { delayForCellEdit: true });
    this.triggerSource = rt.isSetSupported("ExcelApi", "1.14");
  }

  get result(): WorkbookResult | null {
    return this.last?.result ?? null;
  }

  get lastUpdate(): SessionUpdate | null {
    return this.last;
  }

  /** The grids as last read (for tests and the task pane's "show the math"). */
  get current(): OfficeSnapshot | null {
    return this.snapshot;
  }

  private status(s: SessionStatus): void {
    this.options.onStatus?.(s);
  }

  /**
   * A full check: read every sheet, check, present. From a button (manual): if Excel is in
   * cell-edit mode the batch is refused; the check then waits for the edit to end
   * (delayForCellEdit) and starts over from a fresh read, so the user's edit is part of it.
   */
  async checkAll(opts: { manual?: boolean } = {}): Promise<SessionUpdate> {
    const manual = opts.manual ?? true;
    return this.exclusive(async () => {
      this.status("checking");
      try {
        try {
          return await this.fullCycle(manual ? this.manualPort : this.livePort);
        } catch (e) {
          if (errorCode(e) !== CELL_EDIT) throw e;
          this.status("waiting-cell-edit");
          return await this.fullCycle(this.livePort);
        }
      } finally {
        this.status("idle");
      }
    });
  }

  private async fullCycle(port: OfficeWorkbookPort): Promise<SessionUpdate> {
    // Once the sheets are known, a full read is one sync (see OfficeWorkbookPort.read).
    const snapshot = await port.read(undefined, undefined, this.snapshot?.meta);
    this.reviewSheetId = snapshot.reviewSheetId ?? null;
    this.snapshot = snapshot;
    this.livePort.remember(snapshot.meta);
    this.manualPort.remember(snapshot.meta);
    this.pending.clear();
    return this.present(port, "full");
  }

  /** Check the cached grids and write what changes. */
  private async present(port: OfficeWorkbookPort, kind: "full" | "live", runOptions?: RunOptions): Promise<SessionUpdate> {
    const snapshot = this.snapshot!;
    const params = (id: string) => this.checker.paramsFor(id);
    let result = checkWorkbook(snapshot, this.catalog, this.checker);
    let evaluatedRows = this.checker.lastEvaluatedRows;
    let { writes, withoutFlags } = presentationWrites(snapshot, result, params);
    const formulas = writes.filter((w) => w.formula !== undefined);
    if (formulas.length) {
      // Blank computed cells get their formulas back in this same write: check the sheet as it will
      // be, so the result does not report a missing formula the write restores (no extra sync).
      applyToSnapshot(snapshot, formulas);
      result = checkWorkbook(snapshot, this.catalog, this.checker);
      evaluatedRows += this.checker.lastEvaluatedRows;
      const again = presentationWrites(snapshot, result, params);
      writes = [...formulas, ...again.writes];
      withoutFlags = again.withoutFlags;
    }
    const targeted: TargetedWrite[] = writes.map((w) => ({ ...w, sheetId: this.idOf(w.sheet) }));
    // The catalog version the workbook is checked with, recorded in the same batch as the presentation.
    const mark = catalogMarkChange(snapshot.names, result.catalogVersion);
    const markSheet = result.forms.length ? this.idOf(result.forms[0].sheet) : undefined;
    const names = mark && markSheet ? { ...mark, sheetId: markSheet } : undefined;
    const report = await port.writeDetailed(targeted, runOptions, names);
    if (names && report.namesChanged) {
      snapshot.names = [...snapshot.names.filter((n) => !names.remove.includes(n.name)), ...(names.add ? [{ name: names.add, formula: `=${quoteSheet(result.forms[0].sheet)}!$A$1` }] : [])];
    }
    const skipped = new Set([...report.protectedSheets, ...report.missingSheets]);
    applyToSnapshot(snapshot, writes.filter((w) => !skipped.has(w.sheet)));
    for (const name of report.missingSheets) this.dropSheet(name);
    const update: SessionUpdate = { result, report, withoutFlags, evaluatedRows, kind };
    this.last = update;
    this.options.onUpdate?.(update);
    return update;
  }

  private idOf(sheet: string): string | undefined {
    return this.snapshot?.meta.find((m) => m.name === sheet)?.id;
  }

  private dropSheet(name: string): void {
    if (!this.snapshot) return;
    this.snapshot.sheets = this.snapshot.sheets.filter((g) => g.sheet !== name);
    this.snapshot.meta = this.snapshot.meta.filter((m) => m.name !== name);
    this.snapshot.bindings = this.snapshot.bindings.filter((b) => b.sheet !== name);
  }

  /** Record reviewers' decisions (review.ts log rows) in the workbook, then check it again with them. */
  async review(rows: string[][]): Promise<SessionUpdate> {
    return this.exclusive(async () => {
      await appendReviewRows(this.rt, rows);
      const review = await readReviewGrid(this.rt);
      this.reviewSheetId = review?.sheetId ?? null;
      if (!this.snapshot) return this.fullCycle(this.manualPort);
      this.snapshot.review = review?.grid ?? null;
      this.snapshot.reviewSheetId = this.reviewSheetId;
      return this.present(this.manualPort, "full");
    });
  }

  /** Register the workbook-level events (one sync). */
  async start(): Promise<void> {
    await this.rt.run({}, async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      this.handlers.push(sheets.onChanged.add(async (e) => this.onChanged(e)) as never);
      this.handlers.push(sheets.onDeleted.add(async (e) => this.onDeleted(e)) as never);
      this.handlers.push(sheets.onSelectionChanged.add(async (e) => this.onSelectionChanged(e)) as never);
      await ctx.sync();
    });
  }

  async stop(): Promise<void> {
    if (this.timer !== null) (this.options.clearTimer ?? clearTimeout)(this.timer as never);
    this.timer = null;
    const hs = this.handlers;
    this.handlers = [];
    for (const h of hs)
      await this.rt.run({}, async () => {
        h.remove();
      }).catch(() => undefined);
  }

  /** worksheets.onChanged: queue the rows and (re)start the debounce. Public for tests. */
  onChanged(e: Pick<Excel.WorksheetChangedEventArgs, "worksheetId" | "address" | "changeType"> & { triggerSource?: string }): void {
    if (e.triggerSource === "ThisLocalAddin" || e.worksheetId === this.reviewSheetId) return;
    const p = this.pending.get(e.worksheetId) ?? { all: false, rows: [] };
    if (e.changeType !== "RangeEdited" || !e.address) p.all = true;
    else {
      for (const part of e.address.split(",")) {
        const rows = rowsOf(part.trim());
        if (rows) p.rows.push(rows);
        else p.all = true;
      }
    }
    this.pending.set(e.worksheetId, p);
    this.schedule();
  }

  onDeleted(e: { worksheetId: string }): void {
    const meta = this.snapshot?.meta.find((m) => m.id === e.worksheetId);
    this.pending.delete(e.worksheetId);
    if (meta) {
      this.dropSheet(meta.name);
      this.pending.set("", { all: false, rows: [] }); // re-check the rest (mirrors may depend on it)
      this.schedule();
    }
  }

  onSelectionChanged(e: { worksheetId: string; address: string }): void {
    const meta = this.snapshot?.meta.find((m) => m.id === e.worksheetId);
    if (meta) this.options.onSelection?.({ sheet: meta.name, address: e.address.slice(e.address.lastIndexOf("!") + 1) });
  }

  private schedule(): void {
    const set = this.options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    const clear = this.options.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>));
    if (this.timer !== null) clear(this.timer);
    this.timer = set(() => {
      this.timer = null;
      void this.exclusive(() => this.liveCycle()).catch((e) => this.options.onError?.(e));
    }, this.options.debounceMs ?? 300);
  }

  /** Resolves when no check is waiting or running (tests, and the ribbon command). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.timer === null && this.running === null) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Run the debounced check now (tests). */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      (this.options.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>)))(this.timer);
      this.timer = null;
      await this.exclusive(() => this.liveCycle());
    }
    await this.idle();
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    let done!: () => void;
    this.running = new Promise<void>((r) => (done = r));
    try {
      return await fn();
    } finally {
      this.running = null;
      done();
      if (this.pending.size && this.timer === null) this.schedule();
      if (this.timer === null) {
        const w = this.waiters;
        this.waiters = [];
        w.forEach((f) => f());
      }
    }
  }

  private async liveCycle(): Promise<void> {
    if (this.pending.size === 0) return;
    if (!this.snapshot) {
      await this.fullCycle(this.livePort);
      return;
    }
    const recheck = this.pending.has(""); // a sheet went away: the others are checked again as they are
    const work = [...this.pending].filter(([id]) => id !== "");
    this.pending.clear();
    const forms = new Set((this.last?.result.forms ?? []).map((f) => f.sheet));
    const requests = work
      .map(([id, p]) => {
        const meta = this.snapshot!.meta.find((m) => m.id === id);
        const grid = meta ? this.snapshot!.sheets.find((g) => g.sheet === meta.name) : undefined;
        const isForm = meta ? forms.has(meta.name) : false;
        // A sheet not seen before, or a structural change: its whole used range.
        if (!meta || !grid || p.all) return { id, rows: "all" as const, grid, meta };
        const rows = mergeRows(p.rows);
        const count = rows.reduce((n, [a, b]) => n + b - a + 1, 0);
        if (!isForm && rows.every(([a]) => a >= HEADING_ROWS)) return null; // not a form, and no headings touched
        if (!isForm || count > MAX_PATCH_ROWS) return { id, rows: "all" as const, grid, meta };
        return { id, rows, grid, meta };
      })
      .filter((x): x is NonNullable<typeof x> => x !== null);
    if (requests.length === 0) {
      if (recheck) await this.present(this.livePort, "live");
      return;
    }
    // Formula cells change without events: the computed cells of the other forms are read too.
    for (const f of this.last?.result.forms ?? []) {
      const meta = this.snapshot.meta.find((m) => m.name === f.sheet);
      if (!meta || requests.some((r) => r.id === meta.id)) continue;
      const grid = this.snapshot.sheets.find((g) => g.sheet === f.sheet);
      if (grid && this.formulaCells(f.sheet).length) requests.push({ id: meta.id, rows: [], grid, meta });
    }
    this.status("checking");
    try {
      const patches = await this.readPatches(requests);
      const edited: { id: string; sheet: string; rows: number[]; before: Grid; after: Grid }[] = [];
      for (const { id, meta, grid, rows } of requests) {
        const got = patches.get(id);
        if (!got) {
          if (meta) this.dropSheet(meta.name);
          continue;
        }
        const base: Grid = grid ?? { sheet: got.name, values: [], formulas: [] };
        const list = rows === "all" ? [] : rows.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k));
        const before = grid && list.length ? copyRows(grid, list) : null;
        const patched = got.patch(base);
        if (before) edited.push({ id, sheet: got.name, rows: list, before, after: patched });
        if (meta) {
          // a rename: the grid, the bindings and the meta follow the sheet's id
          if (meta.name !== got.name) meta.name = got.name;
          this.snapshot!.sheets = this.snapshot!.sheets.map((g) => (g === grid ? patched : g));
        } else {
          this.snapshot!.meta.push({ id, name: got.name, protected: false });
          this.snapshot!.sheets.push(patched);
        }
        this.snapshot!.names = got.names;
        this.snapshot!.bindings = parseBindings(got.names);
      }
      this.livePort.remember(this.snapshot.meta);
      await this.present(this.livePort, "live");
      await this.refitRows(edited);
    } finally {
      this.status("idle");
    }
  }

  /** Edited rows of a form grow to fit a long text (row-fit.ts); a sheet that refuses row formats keeps its heights. */
  private async refitRows(edited: { id: string; sheet: string; rows: number[]; before: Grid; after: Grid }[]): Promise<void> {
    for (const e of edited) {
      const doc = this.last?.result.forms.find((f) => f.sheet === e.sheet)?.prepared.doc;
      if (!doc) continue;
      await refitEditedRows(this.rt, e.id, doc, e.rows, e.before, e.after).catch((err: unknown) => {
        if (errorCode(err) !== "AccessDenied") throw err;
      });
    }
  }

  /** One sync for every sheet with pending edits. */
  private async readPatches(
    requests: { id: string; rows: [number, number][] | "all"; grid?: Grid }[],
  ): Promise<Map<string, { name: string; patch: (g: Grid) => Grid; names: { name: string; formula: string }[] }>> {
    const out = new Map<string, { name: string; patch: (g: Grid) => Grid; names: { name: string; formula: string }[] }>();
    const lastResult = this.last?.result;
    const specs = requests.map((r) => {
      const grid = r.grid;
      const flags = grid ? findFlagsColumn(grid) : null;
      const width = Math.max(grid ? gridWidth(grid) : 1, flags ? flags.col + 1 : 1);
      const cells = grid && lastResult ? this.formulaCells(grid.sheet) : [];
      return { sheetId: r.id, rows: r.rows === "all" ? ("all" as const) : r.rows.map(([from, to]) => ({ from, to })), width, cells };
    });
    const got = await this.livePort.readMany(specs);
    for (const [id, v] of got) if (v) out.set(id, v);
    return out;
  }

  /**
   * Cells whose values Excel computes on a form's sheet: the panel's computed values and the
   * per-row computed columns (their data rows). Re-read on every live check.
   */
  private formulaCells(sheet: string): string[] {
    const form = this.last?.result.forms.find((f) => f.sheet === sheet);
    if (!form) return [];
    const doc = form.prepared.doc;
    const out = Object.values(form.computedCells).filter((a): a is string => !!a);
    const first = doc.dataStart ?? (doc.headerRow ?? 0) + 1;
    const last = doc.rows.length ? doc.rows[doc.rows.length - 1].sheetRow : first;
    for (const col of computedColumns(doc.template)) {
      const c = doc.columns[col.id];
      if (c === undefined) continue;
      const L = columnLetter(c);
      out.push(`${L}${first + 1}:${L}${last + 1}`);
    }
    return out;
  }

  /** Restore the template's formula in a computed cell typed over by hand (one click in the pane). */
  async restore(sheet: string, cell: string): Promise<WriteReport> {
    return this.exclusive(async () => {
      const result = this.last?.result;
      if (!result || !this.snapshot) throw new Error(`no checked form on sheet ${sheet}`);
      const w = restoreWrite(result, sheet, cell, (id) => this.checker.paramsFor(id));
      if (!w) throw new Error(`the formula of ${sheet}!${cell} cannot be restored`);
      const report = await this.manualPort.writeDetailed([{ ...w, sheetId: this.idOf(sheet) }]);
      if (report.written) {
        // The cell's value is Excel's to compute: re-read it with the rest of the live cycle.
        applyToSnapshot(this.snapshot, [w]);
        const id = this.idOf(sheet);
        if (id) {
          const { r } = parseA1(w.address);
          const p = this.pending.get(id) ?? { all: false, rows: [] };
          p.rows.push([r, r]);
          this.pending.set(id, p);
          this.schedule();
        }
      }
      return report;
    });
  }

  /** Select a cell (a finding's location) on its sheet (one sync). */
  async select(sheet: string, address: string): Promise<void> {
    const id = this.idOf(sheet);
    await this.rt.run({ delayForCellEdit: true }, async (ctx) => {
      const ws = id ? ctx.workbook.worksheets.getItem(id) : ctx.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await ctx.sync();
    });
  }

  /**
   * Upgrade a form sheet to the newest version of its template the catalog holds (upgrade.ts):
   * the new sheet next to the old one, then the workbook checked again with it.
   */
  async upgrade(sheet: string): Promise<Upgraded> {
    const done = await this.exclusive(async () => {
      const form = this.last?.result.forms.find((f) => f.sheet === sheet);
      const id = this.idOf(sheet);
      if (!form || !id) throw new Error(`no checked form on sheet ${sheet}`);
      const from = form.prepared.doc.template;
      const newer = newerVersion(this.catalog, from);
      const to = newer && this.catalog.templates.find((t) => t.id === from.id && t.version === newer.version);
      if (!to) throw new Error(`${sheet}: ${from.id} ${from.version} is the newest version the catalog holds`);
      const others = documentsFormulaContext(this.last!.result.forms.filter((f) => f.sheet !== sheet).map((f) => f.prepared.doc));
      return upgradeSheet(this.rt, { sheetId: id, from, to, others, params: this.checker.paramsFor(to.id) });
    });
    // The old sheet's kept mark comes with the names the re-check reads.
    await this.added([done.newSheetId, ...(done.carriedSheetId ? [done.carriedSheetId] : [])]);
    return done;
  }

  /** Note that sheets were added by the add-in (template insertion) and check them. */
  async added(sheetIds: string | string[]): Promise<void> {
    for (const id of typeof sheetIds === "string" ? [sheetIds] : sheetIds) this.pending.set(id, { all: true, rows: [] });
    if (this.snapshot) await this.exclusive(() => this.liveCycle());
    else await this.checkAll({ manual: true });
  }
}

/** Rows touched by a local address ("B3:C5", "3:5", "A1"); null for whole columns. */
export function rowsOf(address: string): [number, number] | null {
  const bare = address.slice(address.lastIndexOf("!") + 1).replace(/\$/g, "");
  const whole = /^(\d+)(?::(\d+))?$/.exec(bare);
  if (whole) {
    const a = Number(whole[1]) - 1;
    const b = Number(whole[2] ?? whole[1]) - 1;
    return [Math.min(a, b), Math.max(a, b)];
  }
  if (/^[A-Z]+(:[A-Z]+)?$/i.test(bare)) return null;
  try {
    const g = parseRange(bare);
    return [g.r1, g.r2];
  } catch {
    return null;
  }
}

function mergeRows(rows: [number, number][]): [number, number][] {
  const s = [...rows].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
