/**
 * A faithful in-memory fake of the Excel JavaScript API (Office.js) for tests.
 *
 *   const { Excel, Office, host } = createFakeExcel({ sheets: ["Form"] });
 *   await Excel.run(async (ctx) => { ... await ctx.sync(); });
 *   expect(host.getCell("Form", "B2").value).toBe(42);
 *
 * Plain TypeScript with no Node built-ins and no dependencies, so it also bundles for a browser
 * page (install it there as the `Excel` / `Office` / `OfficeExtension` globals with installGlobals()).
 * See README.md next to this file for the behaviours modelled and the choices made.
 */

import { ClientObject } from "./client";
import { FakeRequestContext, FakeRunOptions, makeRun } from "./context";
import * as enums from "./enums";
import { OfficeExtensionError } from "./errors";
import { FakeExcelHost, FakeExcelOptions } from "./host";
import { makeOffice, makeOfficeExtension } from "./office";
import {
  FakeConditionalFormat,
  FakeConditionalFormatCollection,
  FakeDataValidation,
  FakeFormatProtection,
  FakeRange,
  FakeRangeBorder,
  FakeRangeBorderCollection,
  FakeRangeFill,
  FakeRangeFont,
  FakeRangeFormat,
} from "./range";
import {
  FakeApplication,
  FakeNamedItem,
  FakeNamedItemCollection,
  FakeRuntime,
  FakeWorkbook,
  FakeWorksheet,
  FakeWorksheetCollection,
  FakeWorksheetProtection,
} from "./workbook";

export interface FakeRun {
  <T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T>;
  <T>(
    options: FakeRunOptions | ClientObject | ClientObject[] | FakeRequestContext,
    batch: (context: FakeRequestContext) => Promise<T>,
  ): Promise<T>;
}

function makeExcel(host: FakeExcelHost) {
  class RequestContext extends FakeRequestContext {
    constructor() {
      super(host);
    }
  }
  return {
    run: makeRun(host) as FakeRun,
    RequestContext,
    // classes, for instanceof checks
    Workbook: FakeWorkbook,
    Application: FakeApplication,
    Runtime: FakeRuntime,
    WorksheetCollection: FakeWorksheetCollection,
    Worksheet: FakeWorksheet,
    WorksheetProtection: FakeWorksheetProtection,
    Range: FakeRange,
    RangeFormat: FakeRangeFormat,
    RangeFill: FakeRangeFill,
    RangeFont: FakeRangeFont,
    RangeBorderCollection: FakeRangeBorderCollection,
    RangeBorder: FakeRangeBorder,
    FormatProtection: FakeFormatProtection,
    ConditionalFormatCollection: FakeConditionalFormatCollection,
    ConditionalFormat: FakeConditionalFormat,
    DataValidation: FakeDataValidation,
    NamedItemCollection: FakeNamedItemCollection,
    NamedItem: FakeNamedItem,
    // enums
    ...enums,
  };
}

export type FakeExcelNamespace = ReturnType<typeof makeExcel>;
export type FakeOfficeNamespace = ReturnType<typeof makeOffice>;
export type FakeOfficeExtensionNamespace = ReturnType<typeof makeOfficeExtension>;

export interface FakeExcel {
  /** Shaped like the `Excel` global. */
  Excel: FakeExcelNamespace;
  /** Shaped like the `Office` global. */
  Office: FakeOfficeNamespace;
  /** Shaped like the `OfficeExtension` global (Error, ErrorCodes, ClientResult, ...). */
  OfficeExtension: FakeOfficeExtensionNamespace;
  /** The test's back door. */
  host: FakeExcelHost;
  /**
   * Define `Excel`, `Office` and `OfficeExtension` on target (default globalThis) so code written
   * against the real globals runs on the fake. Returns a function restoring the previous values.
   */
  installGlobals(target?: Record<string, unknown>): () => void;
}

export function createFakeExcel(options: FakeExcelOptions = {}): FakeExcel {
  const host = new FakeExcelHost(options);
  const Excel = makeExcel(host);
  const Office = makeOffice(host);
  const OfficeExtension = makeOfficeExtension();
  return {
    Excel,
    Office,
    OfficeExtension,
    host,
    installGlobals(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>) {
      const keys = ["Excel", "Office", "OfficeExtension"] as const;
      const previous = keys.map((k) => ({ k, had: k in target, v: target[k] }));
      target.Excel = Excel;
      target.Office = Office;
      target.OfficeExtension = OfficeExtension;
      return () => {
        for (const p of previous) {
          if (p.had) target[p.k] = p.v;
          else delete target[p.k];
        }
      };
    },
  };
}

export { FakeExcelHost, FakeRequestContext, OfficeExtensionError };
export type { FakeExcelOptions, FakeRunOptions };
export type { CellSnapshot, CellSpec, FakeEventRecord, OperationRecord, ActionInvocation, InsertWorksheetsHook } from "./host";
export type { CellValue, FormulaEvaluator } from "./model";
export type { FakeDialog } from "./office";
export type * from "./events";
export {
  FakeRange,
  FakeWorksheet,
  FakeWorkbook,
  FakeWorksheetCollection,
  FakeNamedItem,
  FakeNamedItemCollection,
  FakeConditionalFormat,
  FakeConditionalFormatCollection,
  FakeDataValidation,
};
