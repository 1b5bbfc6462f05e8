/** Excel.Range and the objects hanging off it (format, borders, protection, conditional formats, data validation). */

import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  boundingRect,
  cellCount,
  colCount,
  formatRect,
  intersect,
  isEntireColumns,
  isEntireRows,
  parseRef,
  qualifiedAddress,
  rectsEqual,
  rowCount,
  validRect,
} from "./address";
import { ClientCollection, ClientObject, ClientResult, defineScalars } from "./client";
import type { FakeRequestContext } from "./context";
import { officeError } from "./errors";
import {
  CondFormatState,
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_ROW_HEIGHT,
  DataValidationState,
  SheetState,
  normalizeColor,
  subtractAreas,
  valueTypeOf,
} from "./model";
import { FakeWorksheet } from "./workbook";

export interface RangeTarget {
  sheet: SheetState;
  rect: Rect;
}

type RangeResolver = () => RangeTarget | null;

function live(sheet: SheetState, location: string): SheetState {
  if (sheet.deleted) throw officeError("ItemNotFound", undefined, location);
  return sheet;
}

function checked(r: Rect, location: string): Rect {
  if (!validRect(r)) throw officeError("InvalidArgument", undefined, location);
  return r;
}

/** AccessDenied when any cell of the target is locked on a protected sheet. */
export function assertEditable(t: RangeTarget, location: string): void {
  if (t.sheet.protection.protected && t.sheet.anyLocked(t.rect)) throw officeError("AccessDenied", undefined, location);
}

/** AccessDenied for formatting on a protected sheet unless the protection option allows it. */
export function assertFormattable(t: { sheet: SheetState }, location: string, option: string | null = "allowFormatCells"): void {
  const p = t.sheet.protection;
  if (p.protected && (option === null || p.options[option] !== true)) throw officeError("AccessDenied", undefined, location);
}

const int = (x: unknown, location: string): number => {
  if (typeof x !== "number" || !Number.isInteger(x)) throw officeError("InvalidArgument", undefined, location);
  return x;
};

/* ============================================================================================ */

export class FakeRange extends ClientObject<RangeTarget> {
  declare address: string;
  declare addressLocal: string;
  declare cellCount: number;
  declare columnCount: number;
  declare columnIndex: number;
  declare rowCount: number;
  declare rowIndex: number;
  declare isEntireColumn: boolean;
  declare isEntireRow: boolean;
  declare values: unknown[][];
  declare formulas: unknown[][];
  declare formulasLocal: unknown[][];
  declare numberFormat: unknown[][];
  declare numberFormatLocal: unknown[][];
  declare text: string[][];
  declare valueTypes: string[][];

  constructor(
    ctx: FakeRequestContext,
    private readonly resolver: RangeResolver,
  ) {
    super(ctx);
  }

  get _typeName(): string {
    return "Range";
  }
  _scalarNames(): readonly string[] {
    return RANGE_SCALARS;
  }
  override _navNames(): readonly string[] {
    return ["format", "worksheet", "conditionalFormats", "dataValidation"];
  }
  protected _resolveTarget(): RangeTarget | null {
    const t = this.resolver();
    if (t) live(t.sheet, "Range");
    return t;
  }

  _read(t: RangeTarget, prop: string): unknown {
    const wb = this.context._host.workbook;
    const r = t.rect;
    switch (prop) {
      case "address":
      case "addressLocal":
        return qualifiedAddress(t.sheet.name, r);
      case "cellCount":
        return cellCount(r);
      case "columnCount":
        return colCount(r);
      case "rowCount":
        return rowCount(r);
      case "columnIndex":
        return r.c0;
      case "rowIndex":
        return r.r0;
      case "isEntireColumn":
        return isEntireColumns(r);
      case "isEntireRow":
        return isEntireRows(r);
      case "values":
        return wb.readRect(t.sheet, r, "values", "Range.values");
      case "formulas":
      case "formulasLocal":
        return wb.readRect(t.sheet, r, "formulas", `Range.${prop}`);
      case "numberFormat":
      case "numberFormatLocal":
        return wb.readRect(t.sheet, r, "numberFormat", `Range.${prop}`);
      case "text":
        return wb.readRect(t.sheet, r, "text", "Range.text");
      case "valueTypes":
        return wb.readRect(t.sheet, r, "valueTypes", "Range.valueTypes");
      case "columnHidden":
        return allIn(r.c0, r.c1, t.sheet.hiddenCols);
      case "rowHidden":
        return allIn(r.r0, r.r1, t.sheet.hiddenRows);
    }
    return undefined;
  }

  /* ---- navigation ---- */

  get worksheet(): FakeWorksheet {
    return this._child("worksheet", () => new FakeWorksheet(this.context, () => this._target().sheet));
  }
  get format(): FakeRangeFormat {
    return this._child("format", () => new FakeRangeFormat(this.context, this));
  }
  get conditionalFormats(): FakeConditionalFormatCollection {
    this.context._host._requireApi("1.6", "Range.conditionalFormats");
    return this._child("conditionalFormats", () => new FakeConditionalFormatCollection(this.context, this));
  }
  get dataValidation(): FakeDataValidation {
    this.context._host._requireApi("1.8", "Range.dataValidation");
    return this._child("dataValidation", () => new FakeDataValidation(this.context, this));
  }

  /* ---- derived ranges ---- */

  private derive(name: string, f: (t: RangeTarget) => Rect | null, nullable = false): FakeRange {
    const r = new FakeRange(this.context, () => {
      const t = this._target();
      const rect = f(t);
      if (rect === null) {
        if (nullable) return null;
        throw officeError("ItemNotFound", undefined, `Range.${name}`);
      }
      return { sheet: t.sheet, rect: checked(rect, `Range.${name}`) };
    });
    if (nullable) r._queueInstantiate();
    return r;
  }

  getCell(row: number, column: number): FakeRange {
    return this.derive("getCell", (t) => {
      const r0 = t.rect.r0 + int(row, "Range.getCell");
      const c0 = t.rect.c0 + int(column, "Range.getCell");
      return { r0, c0, r1: r0, c1: c0 };
    });
  }
  getRow(row: number): FakeRange {
    return this.derive("getRow", (t) => {
      const r0 = t.rect.r0 + int(row, "Range.getRow");
      return { r0, r1: r0, c0: t.rect.c0, c1: t.rect.c1 };
    });
  }
  getColumn(column: number): FakeRange {
    return this.derive("getColumn", (t) => {
      const c0 = t.rect.c0 + int(column, "Range.getColumn");
      return { r0: t.rect.r0, r1: t.rect.r1, c0, c1: c0 };
    });
  }
  getEntireRow(): FakeRange {
    return this.derive("getEntireRow", (t) => ({ r0: t.rect.r0, r1: t.rect.r1, c0: 0, c1: MAX_COLS - 1 }));
  }
  getEntireColumn(): FakeRange {
    return this.derive("getEntireColumn", (t) => ({ r0: 0, r1: MAX_ROWS - 1, c0: t.rect.c0, c1: t.rect.c1 }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derive("getOffsetRange", (t) => {
      const dr = int(rowOffset, "Range.getOffsetRange");
      const dc = int(columnOffset, "Range.getOffsetRange");
      return { r0: t.rect.r0 + dr, r1: t.rect.r1 + dr, c0: t.rect.c0 + dc, c1: t.rect.c1 + dc };
    });
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derive("getResizedRange", (t) => ({
      r0: t.rect.r0,
      c0: t.rect.c0,
      r1: t.rect.r1 + int(deltaRows, "Range.getResizedRange"),
      c1: t.rect.c1 + int(deltaColumns, "Range.getResizedRange"),
    }));
  }
  getAbsoluteResizedRange(numRows: number, numColumns: number): FakeRange {
    return this.derive("getAbsoluteResizedRange", (t) => {
      const n = int(numRows, "Range.getAbsoluteResizedRange");
      const m = int(numColumns, "Range.getAbsoluteResizedRange");
      if (n < 1 || m < 1) throw officeError("InvalidArgument", undefined, "Range.getAbsoluteResizedRange");
      return { r0: t.rect.r0, c0: t.rect.c0, r1: t.rect.r0 + n - 1, c1: t.rect.c0 + m - 1 };
    });
  }
  getLastCell(): FakeRange {
    return this.derive("getLastCell", (t) => ({ r0: t.rect.r1, c0: t.rect.c1, r1: t.rect.r1, c1: t.rect.c1 }));
  }
  getLastRow(): FakeRange {
    return this.derive("getLastRow", (t) => ({ ...t.rect, r0: t.rect.r1 }));
  }
  getLastColumn(): FakeRange {
    return this.derive("getLastColumn", (t) => ({ ...t.rect, c0: t.rect.c1 }));
  }
  private otherRect(t: RangeTarget, other: FakeRange | string, location: string): Rect {
    if (other instanceof FakeRange) {
      if (other.context !== this.context) throw officeError("InvalidRequestContext", undefined, location);
      const o = other._target();
      if (o.sheet !== t.sheet) throw officeError("InvalidArgument", undefined, location);
      return o.rect;
    }
    const p = typeof other === "string" ? parseRef(other) : null;
    if (!p || (p.sheet !== undefined && p.sheet.toLowerCase() !== t.sheet.name.toLowerCase()))
      throw officeError("InvalidArgument", undefined, location);
    return p.rect;
  }
  getIntersection(anotherRange: FakeRange | string): FakeRange {
    return this.derive("getIntersection", (t) => intersect(t.rect, this.otherRect(t, anotherRange, "Range.getIntersection")));
  }
  getIntersectionOrNullObject(anotherRange: FakeRange | string): FakeRange {
    return this.derive("getIntersectionOrNullObject", (t) => intersect(t.rect, this.otherRect(t, anotherRange, "Range.getIntersectionOrNullObject")), true);
  }
  getBoundingRect(anotherRange: FakeRange | string): FakeRange {
    return this.derive("getBoundingRect", (t) => boundingRect(t.rect, this.otherRect(t, anotherRange, "Range.getBoundingRect")));
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return this.derive("getUsedRange", (t) => {
      const u = t.sheet.usedRect(valuesOnly === true);
      return u ? intersect(u, t.rect) : null;
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return this.derive(
      "getUsedRangeOrNullObject",
      (t) => {
        const u = t.sheet.usedRect(valuesOnly === true);
        return u ? intersect(u, t.rect) : null;
      },
      true,
    );
  }

  /* ---- methods ---- */

  clear(applyTo: string = "All"): void {
    this._method("clear", (t) => {
      const host = this.context._host;
      const what = String(applyTo);
      if (!["All", "Formats", "Contents", "Hyperlinks", "RemoveHyperlinks", "ResetContents"].includes(what))
        throw officeError("InvalidArgument", undefined, "Range.clear");
      const contents = what === "All" || what === "Contents" || what === "ResetContents";
      const formats = what === "All" || what === "Formats";
      if (contents) assertEditable(t, "Range.clear");
      if (formats) assertFormattable(t, "Range.clear");
      if (contents) {
        t.sheet.clearContents(t.rect);
        host._recordChange(t.sheet, t.rect, "RangeEdited", "addin");
      }
      if (formats) t.sheet.clearFormats(t.rect);
    });
  }

  delete(shift: string): void {
    this._method("delete", (t) => {
      const dir = String(shift);
      if (dir !== "Up" && dir !== "Left") throw officeError("InvalidArgument", undefined, "Range.delete");
      const rows = isEntireRows(t.rect);
      const cols = isEntireColumns(t.rect);
      const opt = rows ? "allowDeleteRows" : cols ? "allowDeleteColumns" : null;
      assertFormattable(t, "Range.delete", opt);
      this.context._host.workbook.shiftCells(t.sheet, t.rect, dir === "Up" ? "deleteUp" : "deleteLeft");
      const type = rows && dir === "Up" ? "RowDeleted" : cols && dir === "Left" ? "ColumnDeleted" : "CellDeleted";
      this.context._host._recordChange(t.sheet, t.rect, type, "addin");
    });
  }

  insert(shift: string): FakeRange {
    let inserted: RangeTarget | null = null;
    this._method("insert", (t) => {
      const dir = String(shift);
      if (dir !== "Down" && dir !== "Right") throw officeError("InvalidArgument", undefined, "Range.insert");
      const rows = isEntireRows(t.rect);
      const cols = isEntireColumns(t.rect);
      const opt = rows ? "allowInsertRows" : cols ? "allowInsertColumns" : null;
      assertFormattable(t, "Range.insert", opt);
      // Excel refuses to push non-empty cells off the sheet.
      const n = dir === "Down" ? rowCount(t.rect) : colCount(t.rect);
      const tail: Rect =
        dir === "Down"
          ? { r0: MAX_ROWS - n, r1: MAX_ROWS - 1, c0: t.rect.c0, c1: t.rect.c1 }
          : { r0: t.rect.r0, r1: t.rect.r1, c0: MAX_COLS - n, c1: MAX_COLS - 1 };
      let blocked = false;
      t.sheet.forEachStored(tail, (_r, _c, cell) => {
        if (cell.v !== null || cell.f) blocked = true;
      });
      if (blocked) throw officeError("NonBlankCellOffSheet", "Microsoft Excel can't insert new cells because it would push non-empty cells off the end of the worksheet.", "Range.insert");
      this.context._host.workbook.shiftCells(t.sheet, t.rect, dir === "Down" ? "insertDown" : "insertRight");
      inserted = { sheet: t.sheet, rect: t.rect };
      const type = rows && dir === "Down" ? "RowInserted" : cols && dir === "Right" ? "ColumnInserted" : "CellInserted";
      this.context._host._recordChange(t.sheet, t.rect, type, "addin");
    });
    return new FakeRange(this.context, () => {
      if (!inserted) throw officeError("InvalidArgument", undefined, "Range.insert");
      return inserted;
    });
  }

  merge(across = false): void {
    this._method("merge", (t) => {
      assertFormattable(t, "Range.merge", null);
      const areas: Rect[] = across
        ? Array.from({ length: rowCount(t.rect) }, (_x, i) => ({ ...t.rect, r0: t.rect.r0 + i, r1: t.rect.r0 + i }))
        : [t.rect];
      for (const a of areas) {
        if (cellCount(a) < 2) continue;
        t.sheet.merges = t.sheet.merges.filter((m) => !intersect(m, a));
        // Excel keeps only the upper-left value.
        t.sheet.forEachStored(a, (r, c, cell) => {
          if (r !== a.r0 || c !== a.c0) {
            cell.v = null;
            delete cell.f;
            delete cell.err;
          }
        });
        t.sheet.merges.push(a);
      }
    });
  }

  unmerge(): void {
    this._method("unmerge", (t) => {
      assertFormattable(t, "Range.unmerge", null);
      t.sheet.merges = t.sheet.merges.filter((m) => !intersect(m, t.rect));
    });
  }

  select(): void {
    this._method("select", (t) => {
      if (t.sheet.visibility !== "Visible") throw officeError("InvalidOperation", undefined, "Range.select");
      this.context._host._select(t.sheet, t.rect);
    });
  }

  calculate(): void {
    this._method("calculate", () => undefined);
  }

  /** Range.getCellProperties is not modelled; use format reads instead. */
}

const RANGE_SCALARS = [
  "columnHidden",
  "rowHidden",
  "address",
  "addressLocal",
  "cellCount",
  "columnCount",
  "columnIndex",
  "rowCount",
  "rowIndex",
  "isEntireColumn",
  "isEntireRow",
  "values",
  "formulas",
  "formulasLocal",
  "numberFormat",
  "numberFormatLocal",
  "text",
  "valueTypes",
] as const;

function writeCells(mode: "values" | "formulas" | "numberFormat", location: string) {
  return (t: RangeTarget, v: unknown, self: ClientObject<RangeTarget>) => {
    const host = self.context._host;
    if (mode === "numberFormat") assertFormattable(t, location);
    else assertEditable(t, location);
    const single = cellCount(t.rect) === 1;
    const before = single ? host.workbook.readCell(t.sheet, t.rect.r0, t.rect.c0) : null;
    host.workbook.writeRect(t.sheet, t.rect, v, mode, location);
    if (mode === "numberFormat") return;
    let details: Record<string, unknown> | undefined;
    if (before) {
      const after = host.workbook.readCell(t.sheet, t.rect.r0, t.rect.c0);
      details = {
        valueBefore: before.v === null ? "" : before.v,
        valueAfter: after.v === null ? "" : after.v,
        valueTypeBefore: valueTypeOf(before.v, before.err),
        valueTypeAfter: valueTypeOf(after.v, after.err),
      };
    }
    host._recordChange(t.sheet, t.rect, "RangeEdited", "addin", "Local", details);
  };
}

defineScalars(FakeRange, RANGE_SCALARS, {
  values: writeCells("values", "Range.values"),
  formulas: writeCells("formulas", "Range.formulas"),
  formulasLocal: writeCells("formulas", "Range.formulasLocal"),
  numberFormat: writeCells("numberFormat", "Range.numberFormat"),
  numberFormatLocal: writeCells("numberFormat", "Range.numberFormatLocal"),
  columnHidden: (t, v) => hide(t.sheet.hiddenCols, t.rect.c0, t.rect.c1, v, "Range.columnHidden"),
  rowHidden: (t, v) => hide(t.sheet.hiddenRows, t.rect.r0, t.rect.r1, v, "Range.rowHidden"),
});

/** Hidden columns and rows (Range.columnHidden / rowHidden): true when every one of the range is hidden. */
function allIn(a: number, b: number, set: Set<number>): boolean {
  for (let i = a; i <= b; i++) if (!set.has(i)) return false;
  return true;
}
function hide(set: Set<number>, a: number, b: number, v: unknown, location: string): void {
  if (typeof v !== "boolean") throw officeError("InvalidArgument", undefined, location);
  for (let i = a; i <= b; i++) if (v) set.add(i);
  else set.delete(i);
}

/* ============================================================================================ */
/* Formats                                                                                      */
/* ============================================================================================ */

abstract class RangePart extends ClientObject<RangeTarget> {
  constructor(
    ctx: FakeRequestContext,
    protected readonly range: FakeRange,
  ) {
    super(ctx);
  }
  protected _resolveTarget(): RangeTarget | null {
    return this.range._resolve();
  }
}

function fmtSetter(key: string, location: string, normalize?: (v: unknown) => unknown) {
  return (t: RangeTarget, v: unknown) => {
    assertFormattable(t, location);
    t.sheet.setFmt(t.rect, key, normalize ? normalize(v) : v);
  };
}

const bool = (location: string) => (v: unknown) => {
  if (typeof v !== "boolean") throw officeError("InvalidArgument", undefined, location);
  return v;
};
const oneOf = (location: string, allowed: readonly string[]) => (v: unknown) => {
  if (typeof v !== "string" || !allowed.includes(v)) throw officeError("InvalidArgument", undefined, location);
  return v;
};

export class FakeRangeFormat extends RangePart {
  declare columnWidth: number;
  declare rowHeight: number;
  declare wrapText: boolean;
  declare horizontalAlignment: string;
  declare verticalAlignment: string;
  declare indentLevel: number;
  get _typeName(): string {
    return "RangeFormat";
  }
  _scalarNames(): readonly string[] {
    return ["columnWidth", "rowHeight", "wrapText", "horizontalAlignment", "verticalAlignment", "indentLevel"];
  }
  override _navNames(): readonly string[] {
    return ["fill", "font", "borders", "protection"];
  }
  _read(t: RangeTarget, prop: string): unknown {
    switch (prop) {
      case "columnWidth": {
        const w = (c: number) => t.sheet.colWidths.get(c) ?? DEFAULT_COLUMN_WIDTH;
        const first = w(t.rect.c0);
        for (let c = t.rect.c0 + 1; c <= t.rect.c1; c++) if (w(c) !== first) return null;
        return first;
      }
      case "rowHeight": {
        const h = (r: number) => t.sheet.rowHeights.get(r) ?? DEFAULT_ROW_HEIGHT;
        const first = h(t.rect.r0);
        if (t.sheet.rowHeights.size === 0) return first;
        for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) if (h(r) !== first) return null;
        return first;
      }
      case "wrapText":
      case "horizontalAlignment":
      case "verticalAlignment":
      case "indentLevel":
        return t.sheet.uniformFmt(t.rect, prop);
    }
    return undefined;
  }
  get fill(): FakeRangeFill {
    return this._child("fill", () => new FakeRangeFill(this.context, this.range));
  }
  get font(): FakeRangeFont {
    return this._child("font", () => new FakeRangeFont(this.context, this.range));
  }
  get borders(): FakeRangeBorderCollection {
    return this._child("borders", () => new FakeRangeBorderCollection(this.context, this.range));
  }
  get protection(): FakeFormatProtection {
    return this._child("protection", () => new FakeFormatProtection(this.context, this.range));
  }
  autofitColumns(): void {
    this._method("autofitColumns", (t) => assertFormattable(t, "RangeFormat.autofitColumns", "allowFormatColumns"));
  }
  autofitRows(): void {
    this._method("autofitRows", (t) => assertFormattable(t, "RangeFormat.autofitRows", "allowFormatRows"));
  }
}

const positive = (location: string) => (v: unknown) => {
  if (typeof v !== "number" || !(v >= 0)) throw officeError("InvalidArgument", undefined, location);
  return v;
};

defineScalars(FakeRangeFormat, ["columnWidth", "rowHeight", "wrapText", "horizontalAlignment", "verticalAlignment", "indentLevel"], {
  columnWidth: (t, v) => {
    assertFormattable(t, "RangeFormat.columnWidth", "allowFormatColumns");
    const w = positive("RangeFormat.columnWidth")(v) as number;
    for (let c = t.rect.c0; c <= t.rect.c1; c++) t.sheet.colWidths.set(c, w);
  },
  rowHeight: (t, v) => {
    assertFormattable(t, "RangeFormat.rowHeight", "allowFormatRows");
    const h = positive("RangeFormat.rowHeight")(v) as number;
    for (let r = t.rect.r0; r <= t.rect.r1; r++) t.sheet.rowHeights.set(r, h);
  },
  wrapText: fmtSetter("wrapText", "RangeFormat.wrapText", bool("RangeFormat.wrapText")),
  horizontalAlignment: fmtSetter(
    "horizontalAlignment",
    "RangeFormat.horizontalAlignment",
    oneOf("RangeFormat.horizontalAlignment", ["General", "Left", "Center", "Right", "Fill", "Justify", "CenterAcrossSelection", "Distributed"]),
  ),
  verticalAlignment: fmtSetter(
    "verticalAlignment",
    "RangeFormat.verticalAlignment",
    oneOf("RangeFormat.verticalAlignment", ["Top", "Center", "Bottom", "Justify", "Distributed"]),
  ),
  indentLevel: fmtSetter("indentLevel", "RangeFormat.indentLevel", positive("RangeFormat.indentLevel")),
});

export class FakeRangeFill extends RangePart {
  declare color: string;
  get _typeName(): string {
    return "RangeFill";
  }
  _scalarNames(): readonly string[] {
    return ["color"];
  }
  _read(t: RangeTarget, prop: string): unknown {
    if (prop !== "color") return undefined;
    const v = t.sheet.uniformFmt(t.rect, "fill");
    if (v === null) {
      // null is both "no fill" (uniform) and "mixed": distinguish
      const first = t.sheet.fmt(t.rect.r0, t.rect.c0, "fill");
      return first === null && allSame(t, "fill") ? "#FFFFFF" : null;
    }
    return v;
  }
  clear(): void {
    this._method("clear", (t) => {
      assertFormattable(t, "RangeFill.clear");
      t.sheet.setFmt(t.rect, "fill", null);
    });
  }
}

function allSame(t: RangeTarget, key: string): boolean {
  const first = t.sheet.fmt(t.rect.r0, t.rect.c0, key);
  if (cellCount(t.rect) > 200000) return true;
  for (let r = t.rect.r0; r <= t.rect.r1; r++) for (let c = t.rect.c0; c <= t.rect.c1; c++) if (t.sheet.fmt(r, c, key) !== first) return false;
  return true;
}

defineScalars(FakeRangeFill, ["color"], {
  color: fmtSetter("fill", "RangeFill.color", (v) => normalizeColor(v, "RangeFill.color")),
});

export class FakeRangeFont extends RangePart {
  declare bold: boolean;
  declare italic: boolean;
  declare color: string;
  declare name: string;
  declare size: number;
  declare underline: string;
  declare strikethrough: boolean;
  get _typeName(): string {
    return "RangeFont";
  }
  _scalarNames(): readonly string[] {
    return FONT_PROPS;
  }
  _read(t: RangeTarget, prop: string): unknown {
    const key = FONT_KEYS[prop];
    return key ? t.sheet.uniformFmt(t.rect, key) : undefined;
  }
}
const FONT_PROPS = ["bold", "italic", "color", "name", "size", "underline", "strikethrough"];
const FONT_KEYS: Record<string, string> = {
  bold: "bold",
  italic: "italic",
  color: "fontColor",
  name: "fontName",
  size: "fontSize",
  underline: "underline",
  strikethrough: "strikethrough",
};
defineScalars(FakeRangeFont, FONT_PROPS, {
  bold: fmtSetter("bold", "RangeFont.bold", bool("RangeFont.bold")),
  italic: fmtSetter("italic", "RangeFont.italic", bool("RangeFont.italic")),
  strikethrough: fmtSetter("strikethrough", "RangeFont.strikethrough", bool("RangeFont.strikethrough")),
  color: fmtSetter("fontColor", "RangeFont.color", (v) => normalizeColor(v, "RangeFont.color")),
  name: fmtSetter("fontName", "RangeFont.name", (v) => {
    if (typeof v !== "string" || !v) throw officeError("InvalidArgument", undefined, "RangeFont.name");
    return v;
  }),
  size: fmtSetter("fontSize", "RangeFont.size", (v) => {
    if (typeof v !== "number" || !(v >= 1 && v <= 409)) throw officeError("InvalidArgument", undefined, "RangeFont.size");
    return v;
  }),
  underline: fmtSetter(
    "underline",
    "RangeFont.underline",
    oneOf("RangeFont.underline", ["None", "Single", "Double", "SingleAccountant", "DoubleAccountant"]),
  ),
});

const BORDER_INDEXES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical", "InsideHorizontal", "DiagonalDown", "DiagonalUp"] as const;
const BORDER_STYLES = ["None", "Continuous", "Dash", "DashDot", "DashDotDot", "Dot", "Double", "SlantDashDot"];
const BORDER_WEIGHTS = ["Hairline", "Thin", "Medium", "Thick"];

/** Cells and stored edge keys that a border index addresses on a rectangle. */
function borderCells(r: Rect, index: string): { rect: Rect; edge: string }[] {
  switch (index) {
    case "EdgeTop":
      return [{ rect: { ...r, r1: r.r0 }, edge: "EdgeTop" }];
    case "EdgeBottom":
      return [{ rect: { ...r, r0: r.r1 }, edge: "EdgeBottom" }];
    case "EdgeLeft":
      return [{ rect: { ...r, c1: r.c0 }, edge: "EdgeLeft" }];
    case "EdgeRight":
      return [{ rect: { ...r, c0: r.c1 }, edge: "EdgeRight" }];
    case "InsideHorizontal":
      return r.r0 === r.r1
        ? []
        : [
            { rect: { ...r, r1: r.r1 - 1 }, edge: "EdgeBottom" },
            { rect: { ...r, r0: r.r0 + 1 }, edge: "EdgeTop" },
          ];
    case "InsideVertical":
      return r.c0 === r.c1
        ? []
        : [
            { rect: { ...r, c1: r.c1 - 1 }, edge: "EdgeRight" },
            { rect: { ...r, c0: r.c0 + 1 }, edge: "EdgeLeft" },
          ];
    default:
      return [{ rect: r, edge: index }];
  }
}

export class FakeRangeBorderCollection extends ClientCollection<FakeRangeBorder, RangeTarget> {
  constructor(
    ctx: FakeRequestContext,
    private readonly range: FakeRange,
  ) {
    super(ctx);
  }
  get _typeName(): string {
    return "RangeBorderCollection";
  }
  protected _resolveTarget(): RangeTarget | null {
    return this.range._resolve();
  }
  _itemsOf(): FakeRangeBorder[] {
    return BORDER_INDEXES.map((i) => this.getItem(i));
  }
  getItem(index: string): FakeRangeBorder {
    if (!BORDER_INDEXES.includes(index as (typeof BORDER_INDEXES)[number])) throw officeError("InvalidArgument", undefined, "RangeBorderCollection.getItem");
    return this._child(`item:${index}`, () => new FakeRangeBorder(this.context, this.range, index));
  }
  getItemAt(i: number): FakeRangeBorder {
    const index = BORDER_INDEXES[i];
    if (!index) throw officeError("InvalidArgument", undefined, "RangeBorderCollection.getItemAt");
    return this.getItem(index);
  }
  get count(): number {
    return BORDER_INDEXES.length;
  }
}

export class FakeRangeBorder extends RangePart {
  declare sideIndex: string;
  declare style: string;
  declare color: string;
  declare weight: string;
  constructor(
    ctx: FakeRequestContext,
    range: FakeRange,
    readonly index: string,
  ) {
    super(ctx, range);
  }
  get _typeName(): string {
    return "RangeBorder";
  }
  _scalarNames(): readonly string[] {
    return ["sideIndex", "style", "color", "weight"];
  }
  _read(t: RangeTarget, prop: string): unknown {
    if (prop === "sideIndex") return this.index;
    const parts = borderCells(t.rect, this.index);
    if (!parts.length) return prop === "style" ? "None" : prop === "color" ? "#000000" : "Thin";
    const vals = new Set(parts.map((p) => JSON.stringify(t.sheet.uniformFmt(p.rect, `border.${p.edge}.${prop}`))));
    return vals.size === 1 ? JSON.parse([...vals][0]) : null;
  }
}
function borderSetter(prop: "style" | "color" | "weight") {
  return (t: RangeTarget, v: unknown, self: ClientObject<RangeTarget>) => {
    const loc = `RangeBorder.${prop}`;
    assertFormattable(t, loc);
    let value = v;
    if (prop === "style") value = oneOf(loc, BORDER_STYLES)(v);
    if (prop === "weight") value = oneOf(loc, BORDER_WEIGHTS)(v);
    if (prop === "color") value = normalizeColor(v, loc);
    for (const p of borderCells(t.rect, (self as FakeRangeBorder).index)) t.sheet.setFmt(p.rect, `border.${p.edge}.${prop}`, value);
  };
}
defineScalars(FakeRangeBorder, ["sideIndex", "style", "color", "weight"], {
  style: borderSetter("style"),
  color: borderSetter("color"),
  weight: borderSetter("weight"),
});

export class FakeFormatProtection extends RangePart {
  declare locked: boolean;
  declare formulaHidden: boolean;
  get _typeName(): string {
    return "FormatProtection";
  }
  _scalarNames(): readonly string[] {
    return ["locked", "formulaHidden"];
  }
  _read(t: RangeTarget, prop: string): unknown {
    return t.sheet.uniformFmt(t.rect, prop);
  }
}
defineScalars(FakeFormatProtection, ["locked", "formulaHidden"], {
  // Changing cell protection is never allowed while the sheet is protected.
  locked: (t, v) => {
    assertFormattable(t, "FormatProtection.locked", null);
    t.sheet.setFmt(t.rect, "locked", bool("FormatProtection.locked")(v));
  },
  formulaHidden: (t, v) => {
    assertFormattable(t, "FormatProtection.formulaHidden", null);
    t.sheet.setFmt(t.rect, "formulaHidden", bool("FormatProtection.formulaHidden")(v));
  },
});

/* ============================================================================================ */
/* Conditional formats                                                                          */
/* ============================================================================================ */

interface CfTarget {
  sheet: SheetState;
  cf: CondFormatState;
}

const CF_TYPES = ["Custom", "DataBar", "ColorScale", "IconSet", "TopBottom", "PresetCriteria", "ContainsText", "CellValue"];

export class FakeConditionalFormatCollection extends ClientCollection<FakeConditionalFormat, RangeTarget> {
  constructor(
    ctx: FakeRequestContext,
    private readonly range: FakeRange,
  ) {
    super(ctx);
  }
  get _typeName(): string {
    return "ConditionalFormatCollection";
  }
  protected _resolveTarget(): RangeTarget | null {
    return this.range._resolve();
  }
  private applicable(t: RangeTarget): CondFormatState[] {
    return t.sheet.cfs.filter((cf) => cf.areas.some((a) => intersect(a, t.rect)));
  }
  _itemsOf(t: RangeTarget): FakeConditionalFormat[] {
    return this.applicable(t).map((cf) => this.bound(t.sheet, cf.id));
  }
  private bound(sheet: SheetState, id: string, nullable = false): FakeConditionalFormat {
    return new FakeConditionalFormat(this.context, () => {
      const cf = sheet.cfs.find((c) => c.id === id);
      if (!cf) {
        if (nullable) return null;
        throw officeError("ItemNotFound", undefined, "ConditionalFormat");
      }
      return { sheet: live(sheet, "ConditionalFormat"), cf };
    });
  }

  /** New format at the top priority (as Excel does). */
  add(type: string): FakeConditionalFormat {
    let created: CfTarget | null = null;
    this._method("add", (t) => {
      if (!CF_TYPES.includes(String(type))) throw officeError("InvalidArgument", undefined, "ConditionalFormatCollection.add");
      assertFormattable(t, "ConditionalFormatCollection.add", null);
      const cf: CondFormatState = {
        id: this.context._host.workbook.nextCfId(),
        type: String(type),
        areas: [{ ...t.rect }],
        stopIfTrue: false,
        rule: {},
        format: { fillColor: null, fontColor: null, bold: null, italic: null, strikethrough: null, underline: null, numberFormat: null },
      };
      t.sheet.cfs.unshift(cf);
      created = { sheet: t.sheet, cf };
    });
    return new FakeConditionalFormat(this.context, () => {
      if (!created) throw officeError("InvalidArgument", undefined, "ConditionalFormatCollection.add");
      if (!created.sheet.cfs.includes(created.cf)) throw officeError("ItemNotFound", undefined, "ConditionalFormat");
      return created;
    });
  }

  getCount(): ClientResult<number> {
    return this._methodResult("getCount", (t) => this.applicable(t).length);
  }

  getItem(id: string): FakeConditionalFormat {
    return new FakeConditionalFormat(this.context, () => {
      const t = this._target();
      const cf = t.sheet.cfs.find((c) => c.id === id);
      if (!cf) throw officeError("ItemNotFound", undefined, "ConditionalFormatCollection.getItem");
      return { sheet: t.sheet, cf };
    });
  }

  getItemOrNullObject(id: string): FakeConditionalFormat {
    const f = new FakeConditionalFormat(this.context, () => {
      const t = this._target();
      const cf = t.sheet.cfs.find((c) => c.id === id);
      return cf ? { sheet: t.sheet, cf } : null;
    });
    f._queueInstantiate();
    return f;
  }

  getItemAt(index: number): FakeConditionalFormat {
    return new FakeConditionalFormat(this.context, () => {
      const t = this._target();
      const cf = this.applicable(t)[index];
      if (!cf) throw officeError("ItemNotFound", undefined, "ConditionalFormatCollection.getItemAt");
      return { sheet: t.sheet, cf };
    });
  }

  /** Removes conditional formatting from the cells of this range (formats covering other cells keep those). */
  clearAll(): void {
    this._method("clearAll", (t) => {
      assertFormattable(t, "ConditionalFormatCollection.clearAll", null);
      t.sheet.cfs = subtractAreas(t.sheet.cfs, t.rect);
    });
  }
}

export class FakeConditionalFormat extends ClientObject<CfTarget> {
  declare id: string;
  declare type: string;
  declare priority: number;
  declare stopIfTrue: boolean;
  constructor(
    ctx: FakeRequestContext,
    private readonly resolver: () => CfTarget | null,
  ) {
    super(ctx);
  }
  get _typeName(): string {
    return "ConditionalFormat";
  }
  _scalarNames(): readonly string[] {
    return ["id", "type", "priority", "stopIfTrue"];
  }
  override _navNames(): readonly string[] {
    return ["custom", "cellValue", "textComparison", "topBottom", "preset"];
  }
  protected _resolveTarget(): CfTarget | null {
    return this.resolver();
  }
  _read(t: CfTarget, prop: string): unknown {
    switch (prop) {
      case "id":
        return t.cf.id;
      case "type":
        return t.cf.type;
      case "priority":
        return t.sheet.cfs.indexOf(t.cf);
      case "stopIfTrue":
        return t.cf.stopIfTrue;
    }
    return undefined;
  }
  private typed<C extends CfPart>(
    name: string,
    type: string,
    nullable: boolean,
    make: (ctx: FakeRequestContext, r: () => CfTarget | null, typeName: string) => C,
  ): C {
    const f = make(
      this.context,
      () => {
        const t = this._target();
        if (t.cf.type !== type) {
          if (nullable) return null;
          throw officeError("InvalidArgument", undefined, `ConditionalFormat.${name}`);
        }
        return t;
      },
      type === "Custom" ? "CustomConditionalFormat" : `${type}ConditionalFormat`,
    );
    if (nullable) f._queueInstantiate();
    return f;
  }
  private custom_(name: string, nullable: boolean): FakeCustomConditionalFormat {
    return this.typed(name, "Custom", nullable, (c, r, n) => new FakeCustomConditionalFormat(c, r, n));
  }
  private rule_(name: string, type: string, nullable: boolean): FakeRuleConditionalFormat {
    return this.typed(name, type, nullable, (c, r, n) => new FakeRuleConditionalFormat(c, r, n));
  }
  get custom(): FakeCustomConditionalFormat {
    return this._child("custom", () => this.custom_("custom", false));
  }
  get customOrNullObject(): FakeCustomConditionalFormat {
    return this.custom_("customOrNullObject", true);
  }
  get cellValue(): FakeRuleConditionalFormat {
    return this._child("cellValue", () => this.rule_("cellValue", "CellValue", false));
  }
  get cellValueOrNullObject(): FakeRuleConditionalFormat {
    return this.rule_("cellValueOrNullObject", "CellValue", true);
  }
  get textComparison(): FakeRuleConditionalFormat {
    return this._child("textComparison", () => this.rule_("textComparison", "ContainsText", false));
  }
  get topBottom(): FakeRuleConditionalFormat {
    return this._child("topBottom", () => this.rule_("topBottom", "TopBottom", false));
  }
  get preset(): FakeRuleConditionalFormat {
    return this._child("preset", () => this.rule_("preset", "PresetCriteria", false));
  }
  get dataBar(): never {
    throw officeError("NotImplemented", "The fake Excel does not model data bar conditional formats.", "ConditionalFormat.dataBar");
  }
  get colorScale(): never {
    throw officeError("NotImplemented", "The fake Excel does not model color scale conditional formats.", "ConditionalFormat.colorScale");
  }
  get iconSet(): never {
    throw officeError("NotImplemented", "The fake Excel does not model icon set conditional formats.", "ConditionalFormat.iconSet");
  }
  delete(): void {
    this._method("delete", (t) => {
      assertFormattable(t, "ConditionalFormat.delete", null);
      t.sheet.cfs = t.sheet.cfs.filter((c) => c !== t.cf);
    });
  }
  getRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._target();
      if (t.cf.areas.length !== 1) throw officeError("InvalidOperation", undefined, "ConditionalFormat.getRange");
      return { sheet: t.sheet, rect: t.cf.areas[0] };
    });
  }
  getRangeOrNullObject(): FakeRange {
    const r = new FakeRange(this.context, () => {
      const t = this._target();
      return t.cf.areas.length === 1 ? { sheet: t.sheet, rect: t.cf.areas[0] } : null;
    });
    r._queueInstantiate();
    return r;
  }
}
defineScalars(FakeConditionalFormat, ["id", "type", "priority", "stopIfTrue"], {
  priority: (t, v) => {
    assertFormattable(t, "ConditionalFormat.priority", null);
    const p = int(v, "ConditionalFormat.priority");
    const list = t.sheet.cfs.filter((c) => c !== t.cf);
    list.splice(Math.max(0, Math.min(p, list.length)), 0, t.cf);
    t.sheet.cfs = list;
  },
  stopIfTrue: (t, v) => {
    assertFormattable(t, "ConditionalFormat.stopIfTrue", null);
    t.cf.stopIfTrue = bool("ConditionalFormat.stopIfTrue")(v) as boolean;
  },
});

abstract class CfPart extends ClientObject<CfTarget> {
  constructor(
    ctx: FakeRequestContext,
    private readonly resolver: () => CfTarget | null,
    private readonly typeName: string,
  ) {
    super(ctx);
  }
  get _typeName(): string {
    return this.typeName;
  }
  protected _resolveTarget(): CfTarget | null {
    return this.resolver();
  }
  get format(): FakeConditionalRangeFormat {
    return this._child("format", () => new FakeConditionalRangeFormat(this.context, this));
  }
}

/** CustomConditionalFormat: `rule` is a ConditionalFormatRule (formula), `format` the fill/font applied. */
export class FakeCustomConditionalFormat extends CfPart {
  _scalarNames(): readonly string[] {
    return [];
  }
  override _navNames(): readonly string[] {
    return ["rule", "format"];
  }
  _read(): unknown {
    return undefined;
  }
  get rule(): FakeConditionalFormatRule {
    return this._child("rule", () => new FakeConditionalFormatRule(this.context, this));
  }
}

/** CellValue / ContainsText / TopBottom / PresetCriteria formats: `rule` is a plain object property. */
export class FakeRuleConditionalFormat extends CfPart {
  declare rule: Record<string, unknown>;
  _scalarNames(): readonly string[] {
    return ["rule"];
  }
  override _navNames(): readonly string[] {
    return ["format"];
  }
  _read(t: CfTarget, prop: string): unknown {
    return prop === "rule" ? { ...t.cf.rule } : undefined;
  }
}
defineScalars(FakeRuleConditionalFormat, ["rule"], {
  rule: (t, value, self) => {
    assertFormattable(t, `${self._typeName}.rule`, null);
    if (!value || typeof value !== "object") throw officeError("InvalidArgument", undefined, `${self._typeName}.rule`);
    t.cf.rule = { ...(value as Record<string, unknown>) };
  },
});

export class FakeConditionalFormatRule extends ClientObject<CfTarget> {
  declare formula: string;
  declare formulaLocal: string;
  constructor(
    ctx: FakeRequestContext,
    private readonly parent: ClientObject<CfTarget>,
  ) {
    super(ctx);
  }
  get _typeName(): string {
    return "ConditionalFormatRule";
  }
  _scalarNames(): readonly string[] {
    return ["formula", "formulaLocal"];
  }
  protected _resolveTarget(): CfTarget | null {
    return this.parent._resolve();
  }
  _read(t: CfTarget, prop: string): unknown {
    return prop === "formula" || prop === "formulaLocal" ? ((t.cf.rule.formula as string | undefined) ?? "") : undefined;
  }
}
const cfFormula = (loc: string) => (t: CfTarget, v: unknown) => {
  assertFormattable(t, loc, null);
  if (typeof v !== "string" || !v) throw officeError("InvalidArgument", undefined, loc);
  t.cf.rule.formula = v.startsWith("=") ? v : `=${v}`;
};
defineScalars(FakeConditionalFormatRule, ["formula", "formulaLocal"], {
  formula: cfFormula("ConditionalFormatRule.formula"),
  formulaLocal: cfFormula("ConditionalFormatRule.formulaLocal"),
});

export class FakeConditionalRangeFormat extends ClientObject<CfTarget> {
  declare numberFormat: string;
  constructor(
    ctx: FakeRequestContext,
    private readonly parent: ClientObject<CfTarget>,
  ) {
    super(ctx);
  }
  get _typeName(): string {
    return "ConditionalRangeFormat";
  }
  _scalarNames(): readonly string[] {
    return ["numberFormat"];
  }
  override _navNames(): readonly string[] {
    return ["fill", "font"];
  }
  protected _resolveTarget(): CfTarget | null {
    return this.parent._resolve();
  }
  _read(t: CfTarget): unknown {
    return t.cf.format.numberFormat;
  }
  get fill(): FakeConditionalRangeFill {
    return this._child("fill", () => new FakeConditionalRangeFill(this.context, this));
  }
  get font(): FakeConditionalRangeFont {
    return this._child("font", () => new FakeConditionalRangeFont(this.context, this));
  }
}
defineScalars(FakeConditionalRangeFormat, ["numberFormat"], {
  numberFormat: (t, v) => {
    assertFormattable(t, "ConditionalRangeFormat.numberFormat", null);
    t.cf.format.numberFormat = v === null ? null : String(v);
  },
});

export class FakeConditionalRangeFill extends ClientObject<CfTarget> {
  declare color: string;
  constructor(
    ctx: FakeRequestContext,
    private readonly parent: ClientObject<CfTarget>,
  ) {
    super(ctx);
  }
  get _typeName(): string {
    return "ConditionalRangeFill";
  }
  _scalarNames(): readonly string[] {
    return ["color"];
  }
  protected _resolveTarget(): CfTarget | null {
    return this.parent._resolve();
  }
  _read(t: CfTarget): unknown {
    return t.cf.format.fillColor;
  }
  clear(): void {
    this._method("clear", (t) => {
      assertFormattable(t, "ConditionalRangeFill.clear", null);
      t.cf.format.fillColor = null;
    });
  }
}
defineScalars(FakeConditionalRangeFill, ["color"], {
  color: (t, v) => {
    assertFormattable(t, "ConditionalRangeFill.color", null);
    t.cf.format.fillColor = normalizeColor(v, "ConditionalRangeFill.color");
  },
});

export class FakeConditionalRangeFont extends ClientObject<CfTarget> {
  declare color: string;
  declare bold: boolean;
  declare italic: boolean;
  declare strikethrough: boolean;
  declare underline: string;
  constructor(
    ctx: FakeRequestContext,
    private readonly parent: ClientObject<CfTarget>,
  ) {
    super(ctx);
  }
  get _typeName(): string {
    return "ConditionalRangeFont";
  }
  _scalarNames(): readonly string[] {
    return ["color", "bold", "italic", "strikethrough", "underline"];
  }
  protected _resolveTarget(): CfTarget | null {
    return this.parent._resolve();
  }
  _read(t: CfTarget, prop: string): unknown {
    return prop === "color" ? t.cf.format.fontColor : (t.cf.format as Record<string, unknown>)[prop];
  }
  clear(): void {
    this._method("clear", (t) => {
      assertFormattable(t, "ConditionalRangeFont.clear", null);
      Object.assign(t.cf.format, { fontColor: null, bold: null, italic: null, strikethrough: null, underline: null });
    });
  }
}
const cfFont = (key: "bold" | "italic" | "strikethrough" | "underline") => (t: CfTarget, v: unknown) => {
  assertFormattable(t, `ConditionalRangeFont.${key}`, null);
  (t.cf.format as Record<string, unknown>)[key] = v;
};
defineScalars(FakeConditionalRangeFont, ["color", "bold", "italic", "strikethrough", "underline"], {
  color: (t, v) => {
    assertFormattable(t, "ConditionalRangeFont.color", null);
    t.cf.format.fontColor = normalizeColor(v, "ConditionalRangeFont.color");
  },
  bold: cfFont("bold"),
  italic: cfFont("italic"),
  strikethrough: cfFont("strikethrough"),
  underline: cfFont("underline"),
});

/* ============================================================================================ */
/* Data validation                                                                              */
/* ============================================================================================ */

const DV_KINDS: Record<string, string> = {
  wholeNumber: "WholeNumber",
  decimal: "Decimal",
  textLength: "TextLength",
  date: "Date",
  time: "Time",
  list: "List",
  custom: "Custom",
};

function dvDefaults(): Pick<DataValidationState, "errorAlert" | "prompt" | "ignoreBlanks"> {
  return {
    errorAlert: { showAlert: true, style: "Stop", title: "", message: "" },
    prompt: { showPrompt: false, title: "", message: "" },
    ignoreBlanks: true,
  };
}

export class FakeDataValidation extends RangePart {
  declare rule: Record<string, unknown>;
  declare errorAlert: DataValidationState["errorAlert"];
  declare prompt: DataValidationState["prompt"];
  declare ignoreBlanks: boolean;
  declare type: string;
  declare valid: boolean;
  get _typeName(): string {
    return "DataValidation";
  }
  _scalarNames(): readonly string[] {
    return ["rule", "errorAlert", "prompt", "ignoreBlanks", "type", "valid"];
  }
  private covering(t: RangeTarget): DataValidationState[] {
    return t.sheet.dvs.filter((d) => d.areas.some((a) => intersect(a, t.rect)));
  }
  private exact(t: RangeTarget): DataValidationState | undefined {
    return t.sheet.dvs.find((d) => d.areas.length === 1 && rectsEqual(d.areas[0], t.rect));
  }
  _read(t: RangeTarget, prop: string): unknown {
    const list = this.covering(t);
    const only = list.length === 1 && list[0].areas.some((a) => intersect(a, t.rect) && rectsEqual(intersect(a, t.rect)!, t.rect)) ? list[0] : undefined;
    switch (prop) {
      case "rule":
        return only ? JSON.parse(JSON.stringify(only.rule)) : {};
      case "errorAlert":
        return { ...(only ?? dvDefaults()).errorAlert };
      case "prompt":
        return { ...(only ?? dvDefaults()).prompt };
      case "ignoreBlanks":
        return (only ?? dvDefaults()).ignoreBlanks;
      case "type": {
        if (!list.length) return "None";
        if (!only) return "Inconsistent";
        const k = Object.keys(only.rule)[0];
        return k ? DV_KINDS[k] ?? "None" : "None";
      }
      case "valid": {
        const host = this.context._host;
        let ok = true;
        for (const dv of list)
          for (const a of dv.areas) {
            const i = intersect(a, t.rect);
            if (!i) continue;
            for (let r = i.r0; r <= i.r1 && ok; r++)
              for (let c = i.c0; c <= i.c1 && ok; c++) {
                const v = host.workbook.readCell(t.sheet, r, c).v;
                if (!host._cellPassesValidation(t.sheet, r, c, v)) ok = false;
              }
          }
        return ok;
      }
    }
    return undefined;
  }
  /** @internal */
  _upsert(t: RangeTarget): DataValidationState {
    let dv = this.exact(t);
    if (!dv) {
      t.sheet.dvs = subtractAreas(t.sheet.dvs, t.rect);
      dv = { id: this.context._host.workbook.nextCfId(), areas: [{ ...t.rect }], rule: {}, ...dvDefaults() };
      t.sheet.dvs.push(dv);
    }
    return dv;
  }
  clear(): void {
    this._method("clear", (t) => {
      assertFormattable(t, "DataValidation.clear", null);
      t.sheet.dvs = subtractAreas(t.sheet.dvs, t.rect);
    });
  }
  getInvalidCellsOrNullObject(): never {
    throw officeError("NotImplemented", "The fake Excel does not model getInvalidCells (RangeAreas).", "DataValidation.getInvalidCellsOrNullObject");
  }
}
defineScalars(FakeDataValidation, ["rule", "errorAlert", "prompt", "ignoreBlanks", "type", "valid"], {
  rule: (t, v, self) => {
    assertFormattable(t, "DataValidation.rule", null);
    if (!v || typeof v !== "object") throw officeError("InvalidArgument", undefined, "DataValidation.rule");
    const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined && (v as Record<string, unknown>)[k] !== null);
    if (keys.length !== 1 || !DV_KINDS[keys[0]]) throw officeError("InvalidArgument", "No more than one of the rule properties can be set.", "DataValidation.rule");
    const body = (v as Record<string, unknown>)[keys[0]] as Record<string, unknown>;
    if (keys[0] === "list" && (typeof body?.source !== "string" || body.source === ""))
      throw officeError("InvalidArgument", undefined, "DataValidation.rule");
    (self as FakeDataValidation)._upsert(t).rule = JSON.parse(JSON.stringify(v));
  },
  errorAlert: (t, v, self) => {
    assertFormattable(t, "DataValidation.errorAlert", null);
    if (!v || typeof v !== "object") throw officeError("InvalidArgument", undefined, "DataValidation.errorAlert");
    const dv = (self as FakeDataValidation)._upsert(t);
    dv.errorAlert = { ...dv.errorAlert, ...(v as object) };
  },
  prompt: (t, v, self) => {
    assertFormattable(t, "DataValidation.prompt", null);
    if (!v || typeof v !== "object") throw officeError("InvalidArgument", undefined, "DataValidation.prompt");
    const dv = (self as FakeDataValidation)._upsert(t);
    dv.prompt = { ...dv.prompt, ...(v as object) };
  },
  ignoreBlanks: (t, v, self) => {
    assertFormattable(t, "DataValidation.ignoreBlanks", null);
    (self as FakeDataValidation)._upsert(t).ignoreBlanks = bool("DataValidation.ignoreBlanks")(v) as boolean;
  },
});

export { formatRect };
