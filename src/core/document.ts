import type { Template } from "./template/types";
import type { Typed } from "./values";

/** A form read from a sheet: the template's structure filled with the sheet's typed values. */
export interface FormDocument {
  template: Template;
  sheet: string;
  /** Column id → 0-based sheet column; absent columns are missing from the sheet. */
  columns: Record<string, number>;
  headerRow: number | null;
  /** 0-based sheet row of the first data row (after the headings and the column numbers). */
  dataStart?: number;
  header: Record<string, FieldRead>;
  context: Record<string, FieldRead>;
  signature: Record<string, FieldRead>;
  computedCells: Record<string, ComputedRead>;
  rows: FormRow[];
  structure: Structure;
}

export interface FieldRead {
  typed: Typed;
  /** A1 address of the value cell; null when the label was not found on the sheet. */
  address: string | null;
}

export interface ComputedRead {
  address: string | null;
  value: unknown;
  formula: string | null;
}

export interface FormRow {
  /** Position among the table's rows. */
  index: number;
  /** 0-based sheet row. */
  sheetRow: number;
  kind: string;
  kindSource: "column" | "label" | "default";
  placeholder: boolean;
  /** Number from the official label ("1.1" of "1.1-мақсаты") or the number column. */
  number: string | null;
  cells: Record<string, Typed>;
  /** Formulas of the row's computed-column cells (column id → formula, or null when the cell holds none). */
  formulas?: Record<string, string | null>;
  parent: number | null;
  section: string | null;
  /** Other rows under this one, by kind. */
  children: Record<string, number>;
  /** Rows under the same parent that come before this one, by kind. */
  before: Record<string, number>;
  /** 1-based position among siblings of the same kind. */
  ordinal: number;
}

export interface Structure {
  /** Official columns whose headings were not found (by id). */
  missingColumns: string[];
  /** Official headings found under another column number than the form's (moved columns). */
  movedColumns: string[];
  /** Labels of header/context fields that are not on the sheet. */
  missingFields: string[];
  /** Texts in the row-kind column that name no kind. */
  unknownKinds: { row: number; text: string }[];
  /** Merged cells inside the data rows (they hide values from the check). */
  mergedDataCells: string[];
  /** Section numbers present ("I", "II"). */
  sections: string[];
}
