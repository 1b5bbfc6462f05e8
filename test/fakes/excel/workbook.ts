/** Excel.Workbook, Application, Runtime, WorksheetCollection, Worksheet, WorksheetProtection, NamedItem(Collection). */

import { MAX_COLS, MAX_ROWS, Rect, parseLocalRef, splitSheet } from "./address";
import { FakePageLayout, FakeWorksheetFreezePanes } from "./page-layout";
import { ClientCollection, ClientObject, ClientResult, EventHandlers, defineScalars } from "./client";
import type { FakeRequestContext } from "./context";
import type {
  FakeWorksheetActivatedEventArgs,
  FakeWorksheetAddedEventArgs,
  FakeWorksheetChangedEventArgs,
  FakeWorksheetDeletedEventArgs,
  FakeWorksheetSelectionChangedEventArgs,
} from "./events";
import { OfficeExtensionError, officeError } from "./errors";
import { NameState, SheetState, WorkbookModel, normalizeColor } from "./model";
import { FakeRange, RangeTarget } from "./range";

function liveSheet(s: SheetState | undefined, location: string): SheetState {
  if (!s || s.deleted) throw officeError("ItemNotFound", undefined, location);
  return s;
}

/* ============================================================================================ */

export class FakeWorkbook extends ClientObject<WorkbookModel> {
  declare name: string;
  declare readOnly: boolean;
  get _typeName(): string {
    return "Workbook";
  }
  _scalarNames(): readonly string[] {
    return ["name", "readOnly"];
  }
  override _navNames(): readonly string[] {
    return ["application", "worksheets", "names"];
  }
  protected _resolveTarget(): WorkbookModel {
    return this.context._host.workbook;
  }
  _read(wb: WorkbookModel, prop: string): unknown {
    if (prop === "name") return wb.workbookName;
    if (prop === "readOnly") return false;
    return undefined;
  }
  get application(): FakeApplication {
    return this._child("application", () => new FakeApplication(this.context));
  }
  get worksheets(): FakeWorksheetCollection {
    return this._child("worksheets", () => new FakeWorksheetCollection(this.context));
  }
  get names(): FakeNamedItemCollection {
    return this._child("names", () => new FakeNamedItemCollection(this.context));
  }
  /** ExcelApi 1.2: Excel's worksheet functions; the fake evaluates DATE only. */
  get functions(): FakeFunctions {
    return this._child("functions", () => new FakeFunctions(this.context));
  }

  getSelectedRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const wb = this.context._host.workbook;
      const sel = wb.selection;
      if (!sel) throw officeError("ItemNotFound", undefined, "Workbook.getSelectedRange");
      return { sheet: liveSheet(wb.sheetById(sel.sheetId), "Workbook.getSelectedRange"), rect: { ...sel.rect } };
    });
  }

  getActiveCell(): FakeRange {
    return new FakeRange(this.context, () => {
      const wb = this.context._host.workbook;
      const sel = wb.selection;
      if (!sel) throw officeError("ItemNotFound", undefined, "Workbook.getActiveCell");
      const r = sel.rect;
      return { sheet: liveSheet(wb.sheetById(sel.sheetId), "Workbook.getActiveCell"), rect: { r0: r.r0, c0: r.c0, r1: r.r0, c1: r.c0 } };
    });
  }

  /**
   * ExcelApi 1.13. The bytes are handed to `host.onInsertWorksheetsFromBase64`, which creates the
   * sheets (host.addWorksheet) and returns their ids; the fake then places them per options.
   */
  insertWorksheetsFromBase64(
    base64File: string,
    options?: { positionType?: string; relativeTo?: FakeWorksheet | string; sheetNamesToInsert?: string[] },
  ): ClientResult<string[]> {
    const host = this.context._host;
    host._requireApi("1.13", "Workbook.insertWorksheetsFromBase64");
    if (typeof base64File !== "string") throw officeError("InvalidArgument", undefined, "Workbook.insertWorksheetsFromBase64");
    return this._methodResult("insertWorksheetsFromBase64", (wb) => {
      const loc = "Workbook.insertWorksheetsFromBase64";
      const pos = options?.positionType ?? "None";
      if (!["None", "Before", "After", "Beginning", "End"].includes(pos)) throw officeError("InvalidArgument", undefined, loc);
      let relative: SheetState | undefined;
      if (pos === "Before" || pos === "After") {
        const rel = options?.relativeTo;
        if (rel instanceof FakeWorksheet) {
          if (rel.context !== this.context) throw officeError("InvalidRequestContext", undefined, loc);
          relative = rel._target();
        }
        else if (typeof rel === "string") relative = wb.sheet(rel);
        if (!relative) throw officeError("InvalidArgument", undefined, loc);
      }
      const hook = host.onInsertWorksheetsFromBase64;
      if (!hook) throw officeError("NotImplemented", "fake Excel: set host.onInsertWorksheetsFromBase64 to turn the bytes into sheets", loc);
      let ids: string[];
      const relName = relative?.name ?? (typeof options?.relativeTo === "string" ? options.relativeTo : undefined);
      try {
        ids = hook(base64File, options ? { positionType: options.positionType, relativeTo: relName, sheetNamesToInsert: options.sheetNamesToInsert } : undefined, host);
      } catch (e) {
        if (e instanceof OfficeExtensionError) throw e;
        throw officeError("GeneralException", `onInsertWorksheetsFromBase64 failed: ${String(e)}`, loc);
      }
      const sheets = ids.map((id) => liveSheet(wb.sheetById(id), loc));
      for (const s of sheets) wb.sheets.splice(wb.sheets.indexOf(s), 1);
      let at = wb.sheets.length;
      if (pos === "Beginning") at = 0;
      else if (pos === "Before") at = wb.sheets.indexOf(relative!);
      else if (pos === "After") at = wb.sheets.indexOf(relative!) + 1;
      wb.sheets.splice(at, 0, ...sheets);
      for (const s of sheets) host._recordEvent("WorksheetAdded", s, { type: "WorksheetAdded", worksheetId: s.id, source: "Local" });
      return ids.slice();
    });
  }
}
defineScalars(FakeWorkbook, ["name", "readOnly"]);

/* ============================================================================================ */

export class FakeApplication extends ClientObject<WorkbookModel> {
  declare calculationMode: string;
  declare calculationState: string;
  declare decimalSeparator: string;
  declare thousandsSeparator: string;
  declare useSystemSeparators: boolean;
  get _typeName(): string {
    return "Application";
  }
  _scalarNames(): readonly string[] {
    return ["calculationMode", "calculationState", "decimalSeparator", "thousandsSeparator", "useSystemSeparators"];
  }
  protected _resolveTarget(): WorkbookModel {
    return this.context._host.workbook;
  }
  _read(wb: WorkbookModel, prop: string): unknown {
    switch (prop) {
      case "calculationMode":
        return wb.calculationMode;
      case "calculationState":
        return "Done";
      case "decimalSeparator":
        return ".";
      case "thousandsSeparator":
        return ",";
      case "useSystemSeparators":
        return true;
    }
    return undefined;
  }
  calculate(calculationType: string = "Recalculate"): void {
    this._method("calculate", () => {
      if (!["Recalculate", "Full", "FullRebuild"].includes(String(calculationType))) throw officeError("InvalidArgument", undefined, "Application.calculate");
    });
  }
  /** Recorded in host.operations; calculation in the fake is lazy (on read) anyway. */
  suspendApiCalculationUntilNextSync(): void {
    this._method("suspendApiCalculationUntilNextSync", () => undefined);
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this._method("suspendScreenUpdatingUntilNextSync", () => undefined);
  }
}
defineScalars(FakeApplication, ["calculationMode", "calculationState", "decimalSeparator", "thousandsSeparator", "useSystemSeparators"], {
  calculationMode: (wb, v) => {
    if (!["Automatic", "AutomaticExceptTables", "Manual"].includes(String(v))) throw officeError("InvalidArgument", undefined, "Application.calculationMode");
    wb.calculationMode = String(v);
  },
});

/* ============================================================================================ */

/** context.runtime: `enableEvents` switches event delivery for this add-in (queued, applied at sync). */
export class FakeRuntime extends ClientObject<WorkbookModel> {
  declare enableEvents: boolean;
  get _typeName(): string {
    return "Runtime";
  }
  _scalarNames(): readonly string[] {
    return ["enableEvents"];
  }
  protected _resolveTarget(): WorkbookModel {
    return this.context._host.workbook;
  }
  _read(_wb: WorkbookModel, prop: string): unknown {
    return prop === "enableEvents" ? this.context._host._enableEvents : undefined;
  }
}
defineScalars(FakeRuntime, ["enableEvents"], {
  enableEvents: (_wb, v, self) => {
    if (typeof v !== "boolean") throw officeError("InvalidArgument", undefined, "Runtime.enableEvents");
    self.context._host._enableEvents = v;
  },
});

/* ============================================================================================ */

export class FakeWorksheetCollection extends ClientCollection<FakeWorksheet, WorkbookModel> {
  private readonly handlers = new Map<string, unknown>();
  get _typeName(): string {
    return "WorksheetCollection";
  }
  protected _resolveTarget(): WorkbookModel {
    return this.context._host.workbook;
  }
  _itemsOf(wb: WorkbookModel): FakeWorksheet[] {
    return wb.sheets.map((s) => FakeWorksheet.bound(this.context, s));
  }

  add(name?: string): FakeWorksheet {
    let created: SheetState | null = null;
    this._method("add", (wb) => {
      const host = this.context._host;
      created = wb.addSheet(name, "WorksheetCollection.add");
      host._recordEvent("WorksheetAdded", created, { type: "WorksheetAdded", worksheetId: created.id, source: "Local" });
    });
    return new FakeWorksheet(this.context, () => {
      if (!created) throw officeError("InvalidArgument", undefined, "WorksheetCollection.add");
      return created;
    });
  }

  /** By name (case-insensitive) or id; ItemNotFound at sync when missing. */
  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => liveSheet(this._target().sheet(String(key)), "WorksheetCollection.getItem"));
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    this.context._host._requireApi("1.4", "WorksheetCollection.getItemOrNullObject");
    const ws = new FakeWorksheet(this.context, () => this._target().sheet(String(key)) ?? null);
    ws._queueInstantiate();
    return ws;
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const wb = this._target();
      return liveSheet(wb.sheetById(wb.activeSheetId), "WorksheetCollection.getActiveWorksheet");
    });
  }

  getCount(visibleOnly = false): ClientResult<number> {
    return this._methodResult("getCount", (wb) => (visibleOnly ? wb.visibleSheets().length : wb.sheets.length));
  }

  getFirst(visibleOnly = false): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const wb = this._target();
      return liveSheet((visibleOnly ? wb.visibleSheets() : wb.sheets)[0], "WorksheetCollection.getFirst");
    });
  }

  getLast(visibleOnly = false): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const wb = this._target();
      const list = visibleOnly ? wb.visibleSheets() : wb.sheets;
      return liveSheet(list[list.length - 1], "WorksheetCollection.getLast");
    });
  }

  private ev<A>(type: string): EventHandlers<A> {
    let h = this.handlers.get(type) as EventHandlers<A> | undefined;
    if (!h) {
      h = new EventHandlers<A>(this.context, this, type, () => ({}));
      this.handlers.set(type, h);
    }
    return h;
  }
  /** Any worksheet's cells changed (ExcelApi 1.9). */
  get onChanged(): EventHandlers<FakeWorksheetChangedEventArgs> {
    return this.ev<FakeWorksheetChangedEventArgs>("WorksheetChanged");
  }
  get onSelectionChanged(): EventHandlers<FakeWorksheetSelectionChangedEventArgs> {
    return this.ev<FakeWorksheetSelectionChangedEventArgs>("WorksheetSelectionChanged");
  }
  get onAdded(): EventHandlers<FakeWorksheetAddedEventArgs> {
    return this.ev<FakeWorksheetAddedEventArgs>("WorksheetAdded");
  }
  get onDeleted(): EventHandlers<FakeWorksheetDeletedEventArgs> {
    return this.ev<FakeWorksheetDeletedEventArgs>("WorksheetDeleted");
  }
  get onActivated(): EventHandlers<FakeWorksheetActivatedEventArgs> {
    return this.ev<FakeWorksheetActivatedEventArgs>("WorksheetActivated");
  }
  get onDeactivated(): EventHandlers<FakeWorksheetActivatedEventArgs> {
    return this.ev<FakeWorksheetActivatedEventArgs>("WorksheetDeactivated");
  }
}

/* ============================================================================================ */

export class FakeWorksheet extends ClientObject<SheetState> {
  declare id: string;
  declare name: string;
  declare position: number;
  declare visibility: string;
  declare tabColor: string;
  declare showGridlines: boolean;
  declare standardWidth: number;
  declare standardHeight: number;
  private boundId: string | undefined;
  private readonly handlers = new Map<string, unknown>();

  constructor(
    ctx: FakeRequestContext,
    private readonly resolver: () => SheetState | null,
  ) {
    super(ctx);
  }

  /** @internal A proxy bound to an existing sheet (collection items, event args). */
  static bound(ctx: FakeRequestContext, sheet: SheetState): FakeWorksheet {
    const ws = new FakeWorksheet(ctx, () => sheet);
    ws.boundId = sheet.id;
    return ws;
  }

  get _typeName(): string {
    return "Worksheet";
  }
  _scalarNames(): readonly string[] {
    return ["id", "name", "position", "visibility", "tabColor", "showGridlines", "standardWidth", "standardHeight"];
  }
  override _navNames(): readonly string[] {
    return ["protection", "pageLayout"];
  }
  /** Print setup (ExcelApi 1.9). */
  get pageLayout(): FakePageLayout {
    this.context._host._requireApi("1.9", "Worksheet.pageLayout");
    return this._child("pageLayout", () => new FakePageLayout(this.context, this));
  }
  /** Frozen panes (ExcelApi 1.7); only frozen rows are modelled. */
  get freezePanes(): FakeWorksheetFreezePanes {
    return this._child("freezePanes", () => new FakeWorksheetFreezePanes(this.context, this));
  }
  /** Resolved once by key, then followed by id (so a proxy keeps pointing at a renamed sheet). */
  protected _resolveTarget(): SheetState | null {
    const wb = this.context._host.workbook;
    if (this.boundId) return liveSheet(wb.sheetById(this.boundId), "Worksheet");
    const s = this.resolver();
    if (s) {
      liveSheet(s, "Worksheet");
      this.boundId = s.id;
    }
    return s;
  }
  _read(s: SheetState, prop: string): unknown {
    const wb = this.context._host.workbook;
    switch (prop) {
      case "id":
        return s.id;
      case "name":
        return s.name;
      case "position":
        return wb.sheets.indexOf(s);
      case "visibility":
        return s.visibility;
      case "tabColor":
        return s.tabColor;
      case "showGridlines":
        return s.showGridlines;
      case "standardWidth":
        return 8.43;
      case "standardHeight":
        return 15;
    }
    return undefined;
  }

  get protection(): FakeWorksheetProtection {
    return this._child("protection", () => new FakeWorksheetProtection(this.context, this));
  }

  private range(name: string, f: (s: SheetState) => Rect | null, nullable = false): FakeRange {
    const r = new FakeRange(this.context, () => {
      const s = this._target();
      const rect = f(s);
      if (rect === null) {
        if (nullable) return null;
        throw officeError("ItemNotFound", undefined, `Worksheet.${name}`);
      }
      return { sheet: s, rect };
    });
    if (nullable) r._queueInstantiate();
    return r;
  }

  /** "A1:F20", "A:C", "3:5", "Sheet1!A1" (same sheet), a workbook name that refers to a range here, or nothing (whole sheet). */
  getRange(address?: string): FakeRange {
    return new FakeRange(this.context, () => {
      const s = this._target();
      if (address === undefined || address === null || address === "") return { sheet: s, rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 } };
      if (typeof address !== "string") throw officeError("InvalidArgument", undefined, "Worksheet.getRange");
      const { sheet, local } = splitSheet(address);
      const p = parseLocalRef(local);
      if (p) {
        if (sheet !== undefined && sheet.toLowerCase() !== s.name.toLowerCase()) throw officeError("InvalidArgument", undefined, "Worksheet.getRange");
        return { sheet: s, rect: p.rect };
      }
      const named = this.context._host.workbook.names.get(address.toLowerCase());
      if (named?.ref && named.ref.sheetId === s.id) return { sheet: s, rect: { ...named.ref.rect } };
      throw officeError("InvalidArgument", undefined, "Worksheet.getRange");
    });
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    return this.range("getRangeByIndexes", () => {
      const ok = [startRow, startColumn, rowCount, columnCount].every((n) => Number.isInteger(n)) && rowCount > 0 && columnCount > 0;
      const r = { r0: startRow, c0: startColumn, r1: startRow + rowCount - 1, c1: startColumn + columnCount - 1 };
      if (!ok || r.r0 < 0 || r.c0 < 0 || r.r1 >= MAX_ROWS || r.c1 >= MAX_COLS) throw officeError("InvalidArgument", undefined, "Worksheet.getRangeByIndexes");
      return r;
    });
  }

  getCell(row: number, column: number): FakeRange {
    return this.range("getCell", () => {
      if (!Number.isInteger(row) || !Number.isInteger(column) || row < 0 || column < 0 || row >= MAX_ROWS || column >= MAX_COLS)
        throw officeError("InvalidArgument", undefined, "Worksheet.getCell");
      return { r0: row, c0: column, r1: row, c1: column };
    });
  }

  /** An empty sheet's used range is A1 (as in Excel); the OrNullObject variant returns a null object. */
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return this.range("getUsedRange", (s) => s.usedRect(valuesOnly === true) ?? { r0: 0, c0: 0, r1: 0, c1: 0 });
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return this.range("getUsedRangeOrNullObject", (s) => s.usedRect(valuesOnly === true), true);
  }

  delete(): void {
    this._method("delete", (s) => {
      const host = this.context._host;
      const wasActive = host.workbook.activeSheetId === s.id;
      host.workbook.deleteSheet(s, "Worksheet.delete");
      host._recordEvent("WorksheetDeleted", s, { type: "WorksheetDeleted", worksheetId: s.id, source: "Local" });
      if (wasActive) {
        const now = host.workbook.sheetById(host.workbook.activeSheetId);
        if (now) host._recordEvent("WorksheetActivated", now, { type: "WorksheetActivated", worksheetId: now.id });
      }
    });
  }

  activate(): void {
    this._method("activate", (s) => {
      if (s.visibility !== "Visible") throw officeError("InvalidOperation", undefined, "Worksheet.activate");
      this.context._host._activate(s);
    });
  }

  calculate(_markAllDirty?: boolean): void {
    this._method("calculate", () => undefined);
  }

  private neighbour(name: string, step: number, visibleOnly: boolean, nullable: boolean): FakeWorksheet {
    const ws = new FakeWorksheet(this.context, () => {
      const s = this._target();
      const wb = this.context._host.workbook;
      const list = visibleOnly ? wb.visibleSheets() : wb.sheets;
      const n = list[list.indexOf(s) + step];
      if (!n) {
        if (nullable) return null;
        throw officeError("ItemNotFound", undefined, `Worksheet.${name}`);
      }
      return n;
    });
    if (nullable) ws._queueInstantiate();
    return ws;
  }
  getNext(visibleOnly = false): FakeWorksheet {
    return this.neighbour("getNext", 1, visibleOnly, false);
  }
  getNextOrNullObject(visibleOnly = false): FakeWorksheet {
    return this.neighbour("getNextOrNullObject", 1, visibleOnly, true);
  }
  getPrevious(visibleOnly = false): FakeWorksheet {
    return this.neighbour("getPrevious", -1, visibleOnly, false);
  }
  getPreviousOrNullObject(visibleOnly = false): FakeWorksheet {
    return this.neighbour("getPreviousOrNullObject", -1, visibleOnly, true);
  }

  private ev<A>(type: string): EventHandlers<A> {
    let h = this.handlers.get(type) as EventHandlers<A> | undefined;
    if (!h) {
      h = new EventHandlers<A>(this.context, this, type, () => ({ sheetId: this._target().id }));
      this.handlers.set(type, h);
    }
    return h;
  }
  get onChanged(): EventHandlers<FakeWorksheetChangedEventArgs> {
    return this.ev<FakeWorksheetChangedEventArgs>("WorksheetChanged");
  }
  get onSelectionChanged(): EventHandlers<FakeWorksheetSelectionChangedEventArgs> {
    return this.ev<FakeWorksheetSelectionChangedEventArgs>("WorksheetSelectionChanged");
  }
  get onActivated(): EventHandlers<FakeWorksheetActivatedEventArgs> {
    return this.ev<FakeWorksheetActivatedEventArgs>("WorksheetActivated");
  }
  get onDeactivated(): EventHandlers<FakeWorksheetActivatedEventArgs> {
    return this.ev<FakeWorksheetActivatedEventArgs>("WorksheetDeactivated");
  }
}
defineScalars(FakeWorksheet, ["id", "name", "position", "visibility", "tabColor", "showGridlines", "standardWidth", "standardHeight"], {
  name: (s, v, self) => self.context._host.workbook.renameSheet(s, v, "Worksheet.name"),
  position: (s, v, self) => self.context._host.workbook.moveSheet(s, v as number, "Worksheet.position"),
  visibility: (s, v, self) => {
    const host = self.context._host;
    const wb = host.workbook;
    if (!["Visible", "Hidden", "VeryHidden"].includes(String(v))) throw officeError("InvalidArgument", undefined, "Worksheet.visibility");
    if (v !== "Visible" && s.visibility === "Visible" && wb.visibleSheets().length <= 1)
      throw officeError("InvalidOperation", "A workbook must contain at least one visible worksheet.", "Worksheet.visibility");
    s.visibility = v as SheetState["visibility"];
    if (v !== "Visible" && wb.activeSheetId === s.id) host._activate(wb.visibleSheets()[0]);
  },
  tabColor: (s, v) => {
    s.tabColor = v === "" || v === null ? "" : normalizeColor(v, "Worksheet.tabColor");
  },
  showGridlines: (s, v) => {
    if (typeof v !== "boolean") throw officeError("InvalidArgument", undefined, "Worksheet.showGridlines");
    s.showGridlines = v;
  },
});

/* ============================================================================================ */

const PROTECTION_DEFAULTS = {
  allowAutoFilter: false,
  allowDeleteColumns: false,
  allowDeleteRows: false,
  allowEditObjects: false,
  allowEditScenarios: false,
  allowFormatCells: false,
  allowFormatColumns: false,
  allowFormatRows: false,
  allowInsertColumns: false,
  allowInsertHyperlinks: false,
  allowInsertRows: false,
  allowPivotTables: false,
  allowSort: false,
  selectionMode: "Normal",
};

export class FakeWorksheetProtection extends ClientObject<SheetState> {
  declare protected: boolean;
  declare options: Record<string, unknown>;
  declare isPasswordProtected: boolean;
  constructor(
    ctx: FakeRequestContext,
    private readonly sheet: FakeWorksheet,
  ) {
    super(ctx);
  }
  get _typeName(): string {
    return "WorksheetProtection";
  }
  _scalarNames(): readonly string[] {
    return ["protected", "options", "isPasswordProtected"];
  }
  protected _resolveTarget(): SheetState | null {
    return this.sheet._resolve();
  }
  _read(s: SheetState, prop: string): unknown {
    if (prop === "protected") return s.protection.protected;
    if (prop === "options") return { ...PROTECTION_DEFAULTS, ...s.protection.options };
    if (prop === "isPasswordProtected") return !!s.protection.password;
    return undefined;
  }
  /**
   * Protect. On an already protected sheet this is a no-op (Excel's long-standing behaviour; a
   * 2026 regression that threw AccessDenied was reverted, office-js#6784).
   */
  protect(options?: Record<string, unknown>, password?: string): void {
    this._method("protect", (s) => {
      if (s.protection.protected) return;
      if (options !== undefined && options !== null && typeof options !== "object") throw officeError("InvalidArgument", undefined, "WorksheetProtection.protect");
      s.protection = { protected: true, options: { ...PROTECTION_DEFAULTS, ...(options ?? {}) }, password: password || undefined };
    });
  }
  /** Unprotect; a wrong password fails with InvalidArgument (nothing changes). */
  unprotect(password?: string): void {
    this._method("unprotect", (s) => {
      if (!s.protection.protected) return;
      if (s.protection.password && s.protection.password !== password) throw officeError("InvalidArgument", "The password you supplied is incorrect.", "WorksheetProtection.unprotect");
      s.protection = { protected: false, options: s.protection.options };
    });
  }
}
defineScalars(FakeWorksheetProtection, ["protected", "options", "isPasswordProtected"]);

/* ============================================================================================ */

const NAME_RE = /^[\p{L}_\\][\p{L}\p{N}_.\\?]*$/u;
const CELLISH = /^(?:[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]?\d*|[Cc]\d*)$/;

export class FakeNamedItemCollection extends ClientCollection<FakeNamedItem, WorkbookModel> {
  get _typeName(): string {
    return "NamedItemCollection";
  }
  protected _resolveTarget(): WorkbookModel {
    return this.context._host.workbook;
  }
  _itemsOf(wb: WorkbookModel): FakeNamedItem[] {
    return [...wb.names.values()]
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
      .map((n) => FakeNamedItem.byKey(this.context, n.name));
  }

  /** reference: a Range, "=Sheet1!$A$1", "Sheet1!A1:B2" or any formula such as "=\"operational-plan\"". */
  add(name: string, reference: FakeRange | string, comment?: string): FakeNamedItem {
    this.context._host._requireApi("1.4", "NamedItemCollection.add");
    this._method("add", (wb) => {
      const loc = "NamedItemCollection.add";
      if (typeof name !== "string" || name.length > 255 || !NAME_RE.test(name) || CELLISH.test(name)) throw officeError("InvalidArgument", undefined, loc);
      if (wb.names.has(name.toLowerCase())) throw officeError("ItemAlreadyExists", undefined, loc);
      let shape: Pick<NameState, "ref" | "formula">;
      if (reference instanceof FakeRange) {
        if (reference.context !== this.context) throw officeError("InvalidRequestContext", undefined, loc);
        const t: RangeTarget = reference._target();
        shape = { ref: { sheetId: t.sheet.id, rect: { ...t.rect }, abs: { r0: true, c0: true, r1: true, c1: true } } };
      } else if (typeof reference === "string") shape = wb.parseNameReference(reference, loc);
      else throw officeError("InvalidArgument", undefined, loc);
      wb.names.set(name.toLowerCase(), { name, comment: comment ?? "", visible: true, ...shape });
    });
    return FakeNamedItem.byKey(this.context, name);
  }

  addFormulaLocal(name: string, formula: string, comment?: string): FakeNamedItem {
    return this.add(name, formula, comment);
  }

  getItem(name: string): FakeNamedItem {
    return FakeNamedItem.byKey(this.context, name);
  }

  getItemOrNullObject(name: string): FakeNamedItem {
    const n = FakeNamedItem.byKey(this.context, name, true);
    n._queueInstantiate();
    return n;
  }

  getCount(): ClientResult<number> {
    return this._methodResult("getCount", (wb) => wb.names.size);
  }
}

export class FakeNamedItem extends ClientObject<NameState> {
  declare name: string;
  declare type: string;
  declare value: unknown;
  declare formula: string;
  declare visible: boolean;
  declare comment: string;
  declare scope: string;
  constructor(
    ctx: FakeRequestContext,
    private readonly key: string,
    private readonly nullable: boolean,
  ) {
    super(ctx);
  }
  /** @internal */
  static byKey(ctx: FakeRequestContext, name: string, nullable = false): FakeNamedItem {
    return new FakeNamedItem(ctx, String(name).toLowerCase(), nullable);
  }
  get _typeName(): string {
    return "NamedItem";
  }
  _scalarNames(): readonly string[] {
    return ["name", "type", "value", "formula", "visible", "comment", "scope"];
  }
  protected _resolveTarget(): NameState | null {
    const n = this.context._host.workbook.names.get(this.key);
    if (!n) {
      if (this.nullable) return null;
      throw officeError("ItemNotFound", undefined, "NamedItemCollection.getItem");
    }
    return n;
  }
  _read(n: NameState, prop: string): unknown {
    const wb = this.context._host.workbook;
    switch (prop) {
      case "name":
        return n.name;
      case "type":
        return wb.nameTypeAndValue(n).type;
      case "value":
        return wb.nameTypeAndValue(n).value;
      case "formula":
        return wb.nameFormula(n);
      case "visible":
        return n.visible;
      case "comment":
        return n.comment;
      case "scope":
        return "Workbook";
    }
    return undefined;
  }
  delete(): void {
    this._method("delete", (n) => {
      this.context._host.workbook.names.delete(n.name.toLowerCase());
    });
  }
  /** The referenced range; fails (InvalidOperation) when the name is not a range reference. */
  getRange(): FakeRange {
    return new FakeRange(this.context, () => this.rangeOf(this._target(), false));
  }
  getRangeOrNullObject(): FakeRange {
    const r = new FakeRange(this.context, () => {
      const n = this._resolve();
      return n ? this.rangeOf(n, true) : null;
    });
    r._queueInstantiate();
    return r;
  }
  private rangeOf(n: NameState, nullable: boolean): RangeTarget | null {
    const sheet = n.ref ? this.context._host.workbook.sheetById(n.ref.sheetId) : undefined;
    if (!n.ref || !sheet) {
      if (nullable) return null;
      throw officeError("InvalidOperation", undefined, "NamedItem.getRange");
    }
    return { sheet, rect: { ...n.ref.rect } };
  }
}
defineScalars(FakeNamedItem, ["name", "type", "value", "formula", "visible", "comment", "scope"], {
  formula: (n, v, self) => {
    if (typeof v !== "string") throw officeError("InvalidArgument", undefined, "NamedItem.formula");
    const shape = self.context._host.workbook.parseNameReference(v, "NamedItem.formula");
    delete n.ref;
    delete n.refError;
    delete n.formula;
    Object.assign(n, shape);
  },
  visible: (n, v) => {
    if (typeof v !== "boolean") throw officeError("InvalidArgument", undefined, "NamedItem.visible");
    n.visible = v;
  },
  comment: (n, v) => {
    n.comment = String(v ?? "");
  },
});

/* ============================================================================================ */

/** Excel.Functions (ExcelApi 1.2), DATE only: a serial in the workbook's date system. */
export class FakeFunctions extends ClientObject<WorkbookModel> {
  get _typeName(): string {
    return "Functions";
  }
  _scalarNames(): readonly string[] {
    return [];
  }
  protected _resolveTarget(): WorkbookModel {
    return this.context._host.workbook;
  }
  _read(): unknown {
    return undefined;
  }
  date(year: number, month: number, day: number): FakeFunctionResult {
    return new FakeFunctionResult(this.context, () => {
      const epoch = this.context._host.workbook.date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
      return Math.round((Date.UTC(year, month - 1, day) - epoch) / 86_400_000);
    });
  }
}

/** Excel.FunctionResult: `value` and `error` (null when the function succeeded). */
export class FakeFunctionResult extends ClientObject<{ value: number }> {
  declare value: number;
  declare error: string | null;
  constructor(
    context: FakeRequestContext,
    private readonly compute: () => number,
  ) {
    super(context);
  }
  get _typeName(): string {
    return "FunctionResult";
  }
  _scalarNames(): readonly string[] {
    return ["value", "error"];
  }
  protected _resolveTarget(): { value: number } {
    return { value: this.compute() };
  }
  _read(t: { value: number }, prop: string): unknown {
    return prop === "value" ? t.value : prop === "error" ? null : undefined;
  }
}
defineScalars(FakeFunctionResult, ["value", "error"]);
