/** Event argument shapes delivered by the fake (same fields as the Excel.*EventArgs interfaces). */

import type { FakeRequestContext } from "./context";
import type { FakeRange } from "./range";

export interface FakeChangedEventDetail {
  valueAfter: unknown;
  valueBefore: unknown;
  valueTypeAfter: string;
  valueTypeBefore: string;
}

export interface FakeWorksheetChangedEventArgs {
  type: "WorksheetChanged";
  /** Address without the sheet name ("B3", "A1:C4"). */
  address: string;
  changeType: "Unknown" | "RangeEdited" | "RowInserted" | "RowDeleted" | "ColumnInserted" | "ColumnDeleted" | "CellInserted" | "CellDeleted";
  source: "Local" | "Remote";
  worksheetId: string;
  /** ExcelApi 1.14+: "ThisLocalAddin" for this add-in's own writes, "Unknown" otherwise. Absent below 1.14. */
  triggerSource?: "ThisLocalAddin" | "Unknown";
  /** ExcelApi 1.9+, single-cell user edits only. */
  details?: FakeChangedEventDetail;
  getRange(ctx: FakeRequestContext): FakeRange;
  getRangeOrNullObject(ctx: FakeRequestContext): FakeRange;
}

export interface FakeWorksheetSelectionChangedEventArgs {
  type: "WorksheetSelectionChanged";
  address: string;
  worksheetId: string;
}

export interface FakeWorksheetAddedEventArgs {
  type: "WorksheetAdded";
  worksheetId: string;
  source: "Local" | "Remote";
}

export interface FakeWorksheetDeletedEventArgs {
  type: "WorksheetDeleted";
  worksheetId: string;
  source: "Local" | "Remote";
}

export interface FakeWorksheetActivatedEventArgs {
  type: "WorksheetActivated" | "WorksheetDeactivated";
  worksheetId: string;
}
