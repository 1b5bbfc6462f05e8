/**
 * The test's back door into the fake Excel: workbook state, user actions (typing, pasting,
 * selecting, cell-edit mode), event delivery, sync counting and requirement sets.
 * Nothing here is reachable from the `Excel` / `Office` globals the add-in sees.
 */

import type { PageLayoutState } from "./page-layout";
import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  cellCount,
  colToLetters,
  formatRect,
  lettersToCol,
  parseLocalRef,
  qualifiedAddress,
  splitSheet,
} from "./address";
import type { ClientObject, Op } from "./client";
import type { FakeRequestContext } from "./context";
import { OfficeExtensionError, officeError } from "./errors";
import {
  BORDER_EDGES,
  CellValue,
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_ROW_HEIGHT,
  FormulaEvaluator,
  SheetState,
  WorkbookModel,
  formatText,
  normalizeColor,
  parseInput,
  valueTypeOf,
} from "./model";

export interface CellSpec {
  value?: CellValue;
  formula?: string;
  numberFormat?: string;
  locked?: boolean;
  format?: {
    fill?: string | null;
    bold?: boolean;
    italic?: boolean;
    color?: string;
    name?: string;
    size?: number;
    wrapText?: boolean;
    horizontalAlignment?: string;
    verticalAlignment?: string;
  };
}

export interface CellSnapshot {
  address: string;
  /** Stored value (null: empty; for formula cells the evaluated or cached value). */
  value: CellValue;
  formula: string | null;
  valueType: "Empty" | "String" | "Double" | "Boolean" | "Error";
  text: string;
  numberFormat: string;
  /** null: no fill. */
  fill: string | null;
  font: { bold: boolean; italic: boolean; color: string; name: string; size: number; underline: string; strikethrough: boolean };
  borders: Record<string, { style: string; color: string; weight: string }>;
  locked: boolean;
  formulaHidden: boolean;
  wrapText: boolean;
  horizontalAlignment: string;
  verticalAlignment: string;
  columnWidth: number;
  rowHeight: number;
  mergedArea: string | null;
}

export interface FakeEventRecord {
  /** "WorksheetChanged", "WorksheetSelectionChanged", "WorksheetAdded", ... */
  type: string;
  /** Sheet name at the time of the event. */
  sheet: string;
  args: Record<string, unknown>;
  /** True when runtime.enableEvents was false: no handler was called. */
  suppressed: boolean;
  /** Number of handlers the event was delivered to. */
  delivered: number;
}

export interface OperationRecord {
  /** 1-based index of the sync (round trip) that applied it. */
  sync: number;
  name: string;
}

export interface ActionInvocation {
  id: string;
  completed: boolean;
  options?: unknown;
}

export type InsertWorksheetsHook = (
  base64: string,
  options: { positionType?: string; relativeTo?: string; sheetNamesToInsert?: string[] } | undefined,
  host: FakeExcelHost,
) => string[];

interface Registration {
  type: string;
  sheetId?: string;
  handler: (args: unknown) => unknown;
}

interface PendingEvent {
  record: FakeEventRecord;
  sheetId?: string;
}

function versionAtLeast(have: string | undefined, want: string | number | undefined): boolean {
  if (have === undefined) return false;
  if (want === undefined || want === null || want === "") return true;
  const a = String(have).split(".").map(Number);
  const b = String(want).split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export interface FakeExcelOptions {
  /** Sheets to create (default ["Sheet1"]). */
  sheets?: string[];
  /** Requirement sets, e.g. { ExcelApi: "1.13" } (default ExcelApi 1.17, SharedRuntime 1.1, ...). */
  supportedSets?: Record<string, string>;
  displayLanguage?: string;
  platform?: string;
}

export class FakeExcelHost {
  /** The workbook state (sheets with sparse cell maps, names, selection). */
  readonly workbook = new WorkbookModel();
  /** Number of round trips: every `context.sync()` plus the implicit final sync of `Excel.run` when it had queued work. */
  syncCount = 0;
  /** Requirement sets reported by `Office.context.requirements.isSetSupported`. */
  supportedSets: Record<string, string>;
  displayLanguage: string;
  platform: string;
  /** Functions registered with `Office.actions.associate`. */
  readonly actions = new Map<string, (event: unknown) => unknown>();
  readonly actionInvocations: ActionInvocation[] = [];
  /** Every event raised (delivered or suppressed), in order. */
  readonly events: FakeEventRecord[] = [];
  /** Every operation applied by a sync, in order (e.g. "Range.values", "Application.calculate"). */
  readonly operations: OperationRecord[] = [];
  /** Errors thrown (or rejected) by event handlers; flushEvents() rethrows them. */
  readonly handlerErrors: unknown[] = [];
  /** Test-supplied implementation of `workbook.insertWorksheetsFromBase64`. */
  onInsertWorksheetsFromBase64: InsertWorksheetsHook | null = null;
  /** Dialogs opened with Office.context.ui.displayDialogAsync. */
  readonly dialogs: { url: string; options?: unknown }[] = [];
  /** Messages a dialog page sent with Office.context.ui.messageParent (a test hands them to the opener's dialog). */
  readonly messagesToParent: string[] = [];
  /** Calls of Office.addin (showAsTaskpane, hide) that succeeded, in order. */
  readonly addinCalls: string[] = [];
  /** Whether the task pane is shown (Office.addin.showAsTaskpane / hide, SharedRuntime 1.1). */
  taskpaneVisible = false;

  /** @internal */ _enableEvents = true;
  /** @internal */ _syncIndex = 0;
  private registrations: Registration[] = [];
  private pendingEvents: PendingEvent[] = [];
  private pendingHandlers = new Set<Promise<unknown>>();
  private cellEdit = false;
  private cellEditWaiters: (() => void)[] = [];

  constructor(options: FakeExcelOptions = {}) {
    this.supportedSets = {
      ExcelApi: "1.17",
      SharedRuntime: "1.1",
      DialogApi: "1.2",
      RibbonApi: "1.1",
      AddinCommands: "1.1",
      ...(options.supportedSets ?? {}),
    };
    this.displayLanguage = options.displayLanguage ?? "en-US";
    this.platform = options.platform ?? "PC";
    for (const name of options.sheets ?? ["Sheet1"]) this.workbook.addSheet(name, "host");
  }

  /* ------------------------------------------------------------------ state access */

  resetSyncCount(): void {
    this.syncCount = 0;
  }

  /** Sheet names in tab order. */
  get sheetNames(): string[] {
    return this.workbook.sheets.map((s) => s.name);
  }

  sheetId(name: string): string {
    return this.sheet(name).id;
  }

  /** Name of the active worksheet. */
  get activeWorksheet(): string {
    return this.workbook.sheetById(this.workbook.activeSheetId)?.name ?? "";
  }

  /** Current selection as a sheet-qualified address ("Sheet1!B2:C3"), as the add-in or user left it. */
  get selection(): string | null {
    const sel = this.workbook.selection;
    if (!sel) return null;
    const sheet = this.workbook.sheetById(sel.sheetId);
    return sheet ? qualifiedAddress(sheet.name, sel.rect) : null;
  }

  /** Add a worksheet directly (no events, no protection checks). Returns its id. */
  addWorksheet(name?: string, options: { position?: number; visibility?: "Visible" | "Hidden" | "VeryHidden" } = {}): string {
    const sheet = this.workbook.addSheet(name, "host.addWorksheet", options.position);
    if (options.visibility) sheet.visibility = options.visibility;
    return sheet.id;
  }

  /** @internal */
  sheet(nameOrId: string): SheetState {
    const s = this.workbook.sheet(nameOrId);
    if (!s) throw new Error(`fake Excel host: no worksheet "${nameOrId}"`);
    return s;
  }

  private rectOf(address: string): Rect {
    const p = parseLocalRef(splitSheet(address).local);
    if (!p) throw new Error(`fake Excel host: bad address "${address}"`);
    return p.rect;
  }

  /** Set cells directly, as if the workbook had been opened with this content (no events, no checks). */
  setCell(sheet: string, address: string, spec: CellSpec): void {
    const s = this.sheet(sheet);
    const r = this.rectOf(address);
    if (spec.numberFormat !== undefined) s.setFmt(r, "numberFormat", spec.numberFormat);
    if (spec.locked !== undefined) s.setFmt(r, "locked", spec.locked);
    const f = spec.format ?? {};
    if (f.fill !== undefined) s.setFmt(r, "fill", f.fill === null ? null : normalizeColor(f.fill, "host"));
    if (f.bold !== undefined) s.setFmt(r, "bold", f.bold);
    if (f.italic !== undefined) s.setFmt(r, "italic", f.italic);
    if (f.color !== undefined) s.setFmt(r, "fontColor", normalizeColor(f.color, "host"));
    if (f.name !== undefined) s.setFmt(r, "fontName", f.name);
    if (f.size !== undefined) s.setFmt(r, "fontSize", f.size);
    if (f.wrapText !== undefined) s.setFmt(r, "wrapText", f.wrapText);
    if (f.horizontalAlignment !== undefined) s.setFmt(r, "horizontalAlignment", f.horizontalAlignment);
    if (f.verticalAlignment !== undefined) s.setFmt(r, "verticalAlignment", f.verticalAlignment);
    if (spec.value === undefined && spec.formula === undefined) return;
    for (let i = r.r0; i <= r.r1; i++)
      for (let j = r.c0; j <= r.c1; j++) {
        const cell = s.ensureCell(i, j);
        if (spec.formula !== undefined) {
          cell.f = spec.formula.startsWith("=") ? spec.formula : `=${spec.formula}`;
          const v = spec.value ?? null;
          cell.v = v === "" ? null : v;
          if (typeof v === "string" && /^#/.test(v)) cell.err = parseInput(v, false, "host").err;
          else delete cell.err;
        } else {
          const p = spec.value === null ? { v: null } : parseInput(spec.value, s.fmt(i, j, "numberFormat") === "@", "host");
          this.workbook.putCell(s, i, j, p);
        }
      }
  }

  /** Fill a block of values starting at topLeft (fast path for big fixtures; no events, no checks). */
  setValues(sheet: string, topLeft: string, values: CellValue[][]): void {
    const s = this.sheet(sheet);
    const r = this.rectOf(topLeft);
    values.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v === undefined) return;
        this.workbook.putCell(s, r.r0 + i, r.c0 + j, v === null ? { v: null } : parseInput(v, false, "host"));
      }),
    );
  }

  /** Values of a range as stored (null for empty cells). */
  getValues(sheet: string, address: string): CellValue[][] {
    const s = this.sheet(sheet);
    const r = this.rectOf(address);
    const out: CellValue[][] = [];
    for (let i = r.r0; i <= r.r1; i++) {
      const row: CellValue[] = [];
      for (let j = r.c0; j <= r.c1; j++) row.push(this.workbook.readCell(s, i, j).v);
      out.push(row);
    }
    return out;
  }

  getCell(sheet: string, address: string): CellSnapshot {
    const s = this.sheet(sheet);
    const { r0: r, c0: c } = this.rectOf(address);
    const cell = s.cell(r, c);
    const { v, err } = this.workbook.readCell(s, r, c);
    const fmt = (k: string) => s.fmt(r, c, k);
    const borders: CellSnapshot["borders"] = {};
    for (const e of BORDER_EDGES)
      borders[e] = {
        style: String(fmt(`border.${e}.style`)),
        color: String(fmt(`border.${e}.color`)),
        weight: String(fmt(`border.${e}.weight`)),
      };
    const merged = s.mergedAreaAt(r, c);
    return {
      address: qualifiedAddress(s.name, { r0: r, c0: c, r1: r, c1: c }),
      value: v,
      formula: cell?.f ?? null,
      valueType: valueTypeOf(v, err),
      text: formatText(v, err, String(fmt("numberFormat"))),
      numberFormat: String(fmt("numberFormat")),
      fill: (fmt("fill") as string | null) ?? null,
      font: {
        bold: fmt("bold") as boolean,
        italic: fmt("italic") as boolean,
        color: fmt("fontColor") as string,
        name: fmt("fontName") as string,
        size: fmt("fontSize") as number,
        underline: fmt("underline") as string,
        strikethrough: fmt("strikethrough") as boolean,
      },
      borders,
      locked: fmt("locked") !== false,
      formulaHidden: fmt("formulaHidden") === true,
      wrapText: fmt("wrapText") === true,
      horizontalAlignment: String(fmt("horizontalAlignment")),
      verticalAlignment: String(fmt("verticalAlignment")),
      columnWidth: s.colWidths.get(c) ?? DEFAULT_COLUMN_WIDTH,
      rowHeight: s.rowHeights.get(r) ?? DEFAULT_ROW_HEIGHT,
      mergedArea: merged ? formatRect(merged) : null,
    };
  }

  /** Conditional formats of a sheet, highest priority first. */
  conditionalFormats(sheet: string): {
    id: string;
    type: string;
    address: string;
    priority: number;
    stopIfTrue: boolean;
    rule: Record<string, unknown>;
    format: Record<string, unknown>;
  }[] {
    const s = this.sheet(sheet);
    return s.cfs.map((cf, i) => ({
      id: cf.id,
      type: cf.type,
      address: cf.areas.map((a) => formatRect(a)).join(","),
      priority: i,
      stopIfTrue: cf.stopIfTrue,
      rule: { ...cf.rule },
      format: { ...cf.format },
    }));
  }

  dataValidations(sheet: string): { address: string; rule: Record<string, unknown>; errorAlert: Record<string, unknown>; prompt: Record<string, unknown>; ignoreBlanks: boolean }[] {
    const s = this.sheet(sheet);
    return s.dvs.map((dv) => ({
      address: dv.areas.map((a) => formatRect(a)).join(","),
      rule: JSON.parse(JSON.stringify(dv.rule)),
      errorAlert: { ...dv.errorAlert },
      prompt: { ...dv.prompt },
      ignoreBlanks: dv.ignoreBlanks,
    }));
  }

  /** Workbook-scoped defined names. */
  names(): { name: string; formula: string; type: string; value: unknown; visible: boolean; comment: string }[] {
    return [...this.workbook.names.values()].map((n) => ({
      name: n.name,
      formula: this.workbook.nameFormula(n),
      ...this.workbook.nameTypeAndValue(n),
      visible: n.visible,
      comment: n.comment,
    }));
  }

  protection(sheet: string): { protected: boolean; options: Record<string, unknown>; password?: string } {
    const p = this.sheet(sheet).protection;
    return { protected: p.protected, options: { ...p.options }, password: p.password };
  }

  /** Protect a sheet directly (as if the file had been saved protected). */
  protect(sheet: string, options: Record<string, unknown> = {}, password?: string): void {
    this.sheet(sheet).protection = { protected: true, options: { ...options }, password };
  }

  /** Print setup and frozen rows of a sheet (Worksheet.pageLayout, Worksheet.freezePanes). */
  pageLayout(sheet: string): PageLayoutState {
    return JSON.parse(JSON.stringify(this.sheet(sheet).pageLayout)) as PageLayoutState;
  }

  merges(sheet: string): string[] {
    return this.sheet(sheet).merges.map((m) => formatRect(m));
  }

  /** Optional formula evaluator; default: a formula cell's value is its cached value (null if none). */
  setEvaluator(fn: FormulaEvaluator | null): void {
    this.workbook.evaluator = fn;
  }

  /* ------------------------------------------------------------------ user actions */

  /**
   * The user types `value` into one cell and presses Enter: parsed as Excel parses typing, list
   * data validation with a "Stop" alert rejects invalid entries (returns false, nothing changes),
   * locked cells of a protected sheet refuse the edit (throws). Fires onChanged with source
   * "Local" (or "Remote" for a coauthor) and triggerSource "Unknown" (ExcelApi 1.14+).
   */
  typeInCell(sheet: string, address: string, value: string | number | boolean, options: { source?: "Local" | "Remote" } = {}): boolean {
    const s = this.sheet(sheet);
    const { r0: r, c0: c } = this.rectOf(address);
    const one = { r0: r, c0: c, r1: r, c1: c };
    if (s.protection.protected && s.anyLocked(one))
      throw new Error(`fake Excel host: ${address} on "${s.name}" is locked and the sheet is protected`);
    const parsed = parseInput(value, s.fmt(r, c, "numberFormat") === "@", "host.typeInCell");
    if (!this._cellPassesValidation(s, r, c, parsed.v)) return false;
    const before = this.workbook.readCell(s, r, c);
    this.workbook.putCell(s, r, c, parsed);
    const after = this.workbook.readCell(s, r, c);
    this._recordChange(s, one, "RangeEdited", "user", options.source ?? "Local", {
      valueBefore: before.v === null ? "" : before.v,
      valueAfter: after.v === null ? "" : after.v,
      valueTypeBefore: valueTypeOf(before.v, before.err),
      valueTypeAfter: valueTypeOf(after.v, after.err),
    });
    this._deliverPending();
    return true;
  }

  /**
   * The user pastes a block of values at `rangeAddress` (its top-left cell anchors the block; a
   * multi-cell address must match the block's shape). Paste bypasses data validation, as in Excel.
   * Fires ONE onChanged for the whole pasted range.
   */
  paste(sheet: string, rangeAddress: string, values: (string | number | boolean | null)[][], options: { source?: "Local" | "Remote" } = {}): void {
    const s = this.sheet(sheet);
    const anchor = this.rectOf(rangeAddress);
    const rows = values.length;
    const cols = values[0]?.length ?? 0;
    if (!rows || !cols || values.some((r) => r.length !== cols)) throw new Error("fake Excel host: paste needs a non-empty rectangular block");
    const target = { r0: anchor.r0, c0: anchor.c0, r1: anchor.r0 + rows - 1, c1: anchor.c0 + cols - 1 };
    if (cellCount(anchor) > 1 && (anchor.r1 !== target.r1 || anchor.c1 !== target.c1))
      throw new Error(`fake Excel host: paste block is ${rows}x${cols} but ${rangeAddress} is not`);
    if (target.r1 >= MAX_ROWS || target.c1 >= MAX_COLS) throw new Error("fake Excel host: paste goes off the sheet");
    if (s.protection.protected && s.anyLocked(target))
      throw new Error(`fake Excel host: paste target on "${s.name}" contains locked cells and the sheet is protected`);
    values.forEach((row, i) =>
      row.forEach((v, j) => {
        const rr = target.r0 + i;
        const cc = target.c0 + j;
        this.workbook.putCell(s, rr, cc, v === null || v === "" ? { v: null } : parseInput(v, s.fmt(rr, cc, "numberFormat") === "@", "host.paste"));
      }),
    );
    this._recordChange(s, target, "RangeEdited", "user", options.source ?? "Local");
    this._deliverPending();
  }

  /**
   * The user inserts entire rows ("5:6") above row 5, or deletes them: cells, formats, names and
   * merges below shift as for Range.insert/delete; fires ONE onChanged (RowInserted / RowDeleted).
   */
  insertRows(sheet: string, rows: string, options: { source?: "Local" | "Remote" } = {}): void {
    this._userShift(sheet, rows, "insertDown", "RowInserted", options.source);
  }

  deleteRows(sheet: string, rows: string, options: { source?: "Local" | "Remote" } = {}): void {
    this._userShift(sheet, rows, "deleteUp", "RowDeleted", options.source);
  }

  private _userShift(sheet: string, rows: string, mode: "insertDown" | "deleteUp", changeType: string, source: "Local" | "Remote" = "Local"): void {
    const s = this.sheet(sheet);
    if (!/^\$?\d+:\$?\d+$/.test(rows)) throw new Error(`fake Excel host: "${rows}" is not a range of entire rows`);
    const r = this.rectOf(rows);
    if (s.protection.protected) throw new Error(`fake Excel host: "${s.name}" is protected`);
    this.workbook.shiftCells(s, r, mode);
    this._recordChange(s, r, changeType, "user", source);
    this._deliverPending();
  }

  /** The user selects a range (fires onSelectionChanged; activates the sheet). */
  select(sheet: string, address: string): void {
    const s = this.sheet(sheet);
    this._select(s, this.rectOf(address));
    this._deliverPending();
  }

  /** The user starts editing a cell (F2 / typing). Syncs now fail or wait (delayForCellEdit). */
  enterCellEditMode(): void {
    this.cellEdit = true;
  }

  /** The user leaves cell-edit mode; batches waiting with delayForCellEdit run now, in order. */
  exitCellEditMode(): void {
    this.cellEdit = false;
    const waiters = this.cellEditWaiters;
    this.cellEditWaiters = [];
    waiters.forEach((w) => w());
  }

  get inCellEditMode(): boolean {
    return this.cellEdit;
  }

  /** Runtime event switch of the add-in (`context.runtime.enableEvents`). */
  get enableEvents(): boolean {
    return this._enableEvents;
  }

  /**
   * Invoke a ribbon function registered with Office.actions.associate, with a fake event whose
   * completed() is recorded. Resolves when completed() is called (rejects after timeoutMs).
   */
  invokeAction(id: string, options: { timeoutMs?: number; source?: unknown } = {}): Promise<ActionInvocation> {
    const fn = this.actions.get(id);
    if (!fn) return Promise.reject(new Error(`fake Excel host: no action "${id}" was associated`));
    const record: ActionInvocation = { id, completed: false };
    this.actionInvocations.push(record);
    return new Promise<ActionInvocation>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake Excel host: action "${id}" did not call event.completed()`)), options.timeoutMs ?? 5000);
      const event = {
        source: options.source ?? { id },
        completed: (opts?: unknown) => {
          if (record.completed) return;
          record.completed = true;
          record.options = opts;
          clearTimeout(timer);
          resolve(record);
        },
      };
      try {
        const ret = fn(event);
        if (ret && typeof (ret as Promise<unknown>).then === "function")
          (ret as Promise<unknown>).then(undefined, (e: unknown) => {
            clearTimeout(timer);
            reject(e);
          });
      } catch (e) {
        clearTimeout(timer);
        reject(e);
      }
    });
  }

  /** Resolves when every pending event handler (and anything they triggered) has finished. Rethrows handler errors. */
  async flushEvents(): Promise<void> {
    for (let guard = 0; guard < 10000; guard++) {
      await Promise.resolve();
      if (this.pendingHandlers.size === 0) {
        // one more turn for handlers scheduled by handlers
        await Promise.resolve();
        if (this.pendingHandlers.size === 0) break;
      }
      await Promise.allSettled([...this.pendingHandlers]);
    }
    if (this.handlerErrors.length) {
      const errs = this.handlerErrors.splice(0);
      const first = errs[0];
      if (errs.length === 1) throw first;
      const e = new Error(`${errs.length} event handlers failed; first: ${String(first)}`);
      (e as Error & { errors?: unknown[] }).errors = errs;
      throw e;
    }
  }

  clearEvents(): void {
    this.events.length = 0;
  }

  /* ------------------------------------------------------------------ internals */

  /** @internal */
  _apiAtLeast(version: string, set = "ExcelApi"): boolean {
    return versionAtLeast(this.supportedSets[set], version);
  }

  /** @internal ApiNotFound, thrown synchronously when the member is called (as Office.js does). */
  _requireApi(version: string, member: string): void {
    if (!this._apiAtLeast(version)) throw officeError("ApiNotFound", undefined, member);
  }

  /** @internal */
  _isSetSupported(name: string, version?: string | number): boolean {
    return versionAtLeast(this.supportedSets[name], version);
  }

  /** @internal */
  _cellPassesValidation(s: SheetState, r: number, c: number, v: CellValue): boolean {
    const dv = s.dvs.find((d) => d.areas.some((a) => r >= a.r0 && r <= a.r1 && c >= a.c0 && c <= a.c1));
    if (!dv || !dv.errorAlert.showAlert || dv.errorAlert.style !== "Stop") return true;
    if ((v === null || v === "") && dv.ignoreBlanks) return true;
    const rule = dv.rule as Record<string, Record<string, unknown>>;
    if (rule.list) {
      const src = String(rule.list.source ?? "");
      let allowed: string[];
      if (src.startsWith("=")) {
        const ref = splitSheet(src.slice(1));
        const target = ref.sheet ? this.workbook.sheetByName(ref.sheet) : s;
        const rr = parseLocalRef(ref.local);
        allowed = [];
        if (target && rr)
          for (let i = rr.rect.r0; i <= rr.rect.r1; i++)
            for (let j = rr.rect.c0; j <= rr.rect.c1; j++) {
              const x = this.workbook.readCell(target, i, j).v;
              if (x !== null) allowed.push(String(x));
            }
      } else allowed = src.split(",").map((x) => x.trim());
      return allowed.some((a) => a.toLowerCase() === String(v).toLowerCase());
    }
    const numeric = rule.wholeNumber ?? rule.decimal ?? rule.textLength;
    if (numeric) {
      const x = rule.textLength ? String(v ?? "").length : Number(v);
      if (typeof v !== "number" && !rule.textLength) return false;
      if (rule.wholeNumber && !Number.isInteger(x)) return false;
      const f1 = Number(String(numeric.formula1 ?? "").replace(/^=/, ""));
      const f2 = Number(String(numeric.formula2 ?? "").replace(/^=/, ""));
      switch (numeric.operator) {
        case "Between":
          return x >= f1 && x <= f2;
        case "NotBetween":
          return x < f1 || x > f2;
        case "EqualTo":
          return x === f1;
        case "NotEqualTo":
          return x !== f1;
        case "GreaterThan":
          return x > f1;
        case "LessThan":
          return x < f1;
        case "GreaterThanOrEqualTo":
          return x >= f1;
        case "LessThanOrEqualTo":
          return x <= f1;
        default:
          return true;
      }
    }
    return true;
  }

  /** @internal Move the selection (add-in range.select() or user). */
  _select(sheet: SheetState, r: Rect): void {
    if (this.workbook.activeSheetId !== sheet.id) this._activate(sheet);
    this.workbook.selection = { sheetId: sheet.id, rect: r };
    this._recordEvent("WorksheetSelectionChanged", sheet, { type: "WorksheetSelectionChanged", address: formatRect(r), worksheetId: sheet.id });
  }

  /** @internal */
  _activate(sheet: SheetState): void {
    const prev = this.workbook.sheetById(this.workbook.activeSheetId);
    if (prev === sheet) return;
    this.workbook.activeSheetId = sheet.id;
    this.workbook.selection = { sheetId: sheet.id, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    if (prev) this._recordEvent("WorksheetDeactivated", prev, { type: "WorksheetDeactivated", worksheetId: prev.id });
    this._recordEvent("WorksheetActivated", sheet, { type: "WorksheetActivated", worksheetId: sheet.id });
  }

  /** @internal A change to cells: queued for delivery after the sync (or user action) completes. */
  _recordChange(
    sheet: SheetState,
    r: Rect,
    changeType: string,
    origin: "addin" | "user",
    source: "Local" | "Remote" = "Local",
    details?: Record<string, unknown>,
  ): void {
    const address = formatRect(r);
    const args: Record<string, unknown> = { type: "WorksheetChanged", changeType, source, address, worksheetId: sheet.id };
    if (this._apiAtLeast("1.14")) args.triggerSource = origin === "addin" ? "ThisLocalAddin" : "Unknown";
    if (details && this._apiAtLeast("1.9") && cellCount(r) === 1) args.details = details;
    args.getRange = (ctx: FakeRequestContext) => ctx.workbook.worksheets.getItem(sheet.id).getRange(address);
    args.getRangeOrNullObject = (ctx: FakeRequestContext) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet.id);
      return ws.getRange(address);
    };
    this._recordEvent("WorksheetChanged", sheet, args);
  }

  /** @internal */
  _recordEvent(type: string, sheet: SheetState, args: Record<string, unknown>): void {
    const record: FakeEventRecord = { type, sheet: sheet.name, args, suppressed: !this._enableEvents, delivered: 0 };
    this.events.push(record);
    if (!record.suppressed) this.pendingEvents.push({ record, sheetId: sheet.id });
  }

  /** @internal Deliver queued events to the handlers registered now (asynchronously, via microtasks). */
  _deliverPending(): void {
    const batch = this.pendingEvents;
    this.pendingEvents = [];
    for (const { record, sheetId } of batch) {
      const regs = this.registrations.filter((r) => r.type === record.type && (r.sheetId === undefined || r.sheetId === sheetId));
      record.delivered = regs.length;
      for (const reg of regs) {
        // A few microtask hops: the handler runs after the code awaiting the sync has resumed
        // (events reach the add-in after the round trip), without timers (fake timers stay usable).
        const p: Promise<unknown> = Promise.resolve()
          .then(() => undefined)
          .then(() => undefined)
          .then(() => reg.handler(record.args))
          .then(undefined, (e: unknown) => {
            this.handlerErrors.push(e);
          })
          .finally(() => this.pendingHandlers.delete(p));
        this.pendingHandlers.add(p);
      }
    }
  }

  /** @internal */
  _registerHandler(reg: Registration): void {
    this.registrations.push(reg);
  }

  /** @internal */
  _unregisterHandler(type: string, sheetId: string | undefined, handler: (a: unknown) => unknown): void {
    const i = this.registrations.findIndex((r) => r.type === type && r.sheetId === sheetId && r.handler === handler);
    if (i >= 0) this.registrations.splice(i, 1);
  }

  /** Number of event handlers currently registered (all types). */
  get handlerCount(): number {
    return this.registrations.length;
  }

  /** @internal The round trip. */
  async _sync<T>(ctx: FakeRequestContext, passThrough?: T): Promise<T> {
    this.syncCount++;
    const ops: Op[] = ctx._queue;
    ctx._queue = [];
    await Promise.resolve();
    if (ops.length === 0) return passThrough as T;
    if (this.cellEdit) {
      if (!ctx._delayForCellEdit) throw officeError("InvalidOperationInCellEditMode", undefined, ops[0].name);
      await new Promise<void>((resolve) => this.cellEditWaiters.push(resolve));
    }
    ctx._syncSeq++;
    ctx._touched = new Set<ClientObject>();
    const syncIndex = ++this._syncIndex;
    const commits: (() => void)[] = [];
    let failure: unknown = null;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      try {
        const commit = op.run();
        if (commit) commits.push(commit);
        this.operations.push({ sync: syncIndex, name: op.name });
      } catch (e) {
        if (e instanceof OfficeExtensionError) {
          e.debugInfo.errorLocation = e.debugInfo.errorLocation ?? op.name;
          e.debugInfo.statement = op.name;
          e.debugInfo.surroundingStatements = ops.slice(Math.max(0, i - 2), i + 3).map((o) => o.name);
        }
        failure = e;
        break;
      }
    }
    if (failure === null) {
      commits.forEach((c) => c());
      for (const o of ctx._touched) {
        const n = o._resolvedNull();
        if (n !== undefined) o._isNull = n;
      }
    }
    this._deliverPending();
    if (failure !== null) throw failure;
    return passThrough as T;
  }
}

export { colToLetters, lettersToCol };
