/**
 * The limits every input file is held to (issue 10). Checked before work where they can be (file
 * size, the zip's directory, the parts as they inflate), the rest while reading (cells, text), and
 * by the worker that checks the file (heap and time). Each has a name the user can set with
 * `jospar check --limit NAME=VALUE`; README "Limits" documents them.
 */
import type { Localized } from "../core/i18n";
export interface ReadLimits {
  /** Bytes of the .xlsx file itself. */
  maxBytes: number;
  /** Bytes all parts inflate to, together. */
  maxInflatedBytes: number;
  /** Bytes one part inflates to. */
  maxPartBytes: number;
  /** Inflated : compressed size of a part over 1 MB (a zip bomb by ratio). */
  maxRatio: number;
  /** Parts (files) in the zip (a zip bomb by parts). */
  maxParts: number;
  /** Worksheets in the workbook. */
  maxSheets: number;
  /** Rows of one sheet. */
  maxRows: number;
  /** Cells over all sheets, also the number of shared strings. */
  maxCells: number;
  /** Characters of one cell (Excel's own limit is 32,767). */
  maxCellChars: number;
}

export interface RunLimits extends ReadLimits {
  /** Seconds one file may take to read and check. */
  timeSeconds: number;
  /** Peak resident memory of the whole process, MB: shared between the workers as their heap limits. */
  memoryMb: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxInflatedBytes: 200 * 1024 * 1024,
  maxPartBytes: 150 * 1024 * 1024,
  maxRatio: 200,
  maxParts: 2000,
  maxSheets: 100,
  maxRows: 200_000,
  maxCells: 300_000,
  maxCellChars: 32_767,
  timeSeconds: 60,
  memoryMb: 1024,
};

export type LimitName = keyof RunLimits;

export function isLimitName(s: string): s is LimitName {
  return Object.prototype.hasOwnProperty.call(DEFAULT_LIMITS, s);
}

/** Why a file cannot be checked at all; the CLI reports it and goes on with the other files. */
export type UnreadableCode =
  | "not-found" | "not-xlsx" | "corrupt" | "too-large" | "empty" | "encrypted" | "no-form"
  | "limit-parts" | "limit-sheets" | "limit-inflated" | "limit-ratio" | "limit-rows" | "limit-cells" | "limit-text"
  | "limit-memory" | "limit-time";

export class UnreadableError extends Error {
  /** The reason in kk, ru and en (reasons.ts); the message is its English text. */
  constructor(
    public readonly code: UnreadableCode,
    public readonly reason: Localized,
  ) {
    super(reason.en);
    this.name = "UnreadableError";
  }
}
