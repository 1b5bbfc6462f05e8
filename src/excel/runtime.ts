/**
 * What the adapter needs from Office.js, passed in rather than read from globals so that tests
 * hand it the fake (test/fakes/excel) and the task pane hands it the real `Excel`/`Office`.
 */
export type RunOptions = { delayForCellEdit?: boolean };

export interface OfficeRuntime {
  run<T>(options: RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version: string): boolean;
}

/** The real runtime (call after Office.onReady). */
export function officeRuntime(): OfficeRuntime {
  return {
    run: <T>(options: RunOptions, batch: (context: Excel.RequestContext) => Promise<T>) =>
      Excel.run(options as Excel.RunOptions, batch),
    isSetSupported: (name, version) => {
      try {
        return Office.context.requirements.isSetSupported(name, version);
      } catch {
        return false;
      }
    },
  };
}

/** Shaped like the globals; the fake's `createFakeExcel()` result fits. */
export interface OfficeLike {
  Excel: { run: (...args: never[]) => Promise<unknown> };
  Office: { context: { requirements: { isSetSupported(name: string, version?: string | number): boolean } } };
}

/** A runtime over `Excel`/`Office`-shaped objects (the fake in tests, the browser stub in the E2E page). */
export function runtimeOf(globals: OfficeLike): OfficeRuntime {
  const run = globals.Excel.run as unknown as (o: RunOptions, b: (c: Excel.RequestContext) => Promise<unknown>) => Promise<unknown>;
  return {
    run: <T>(options: RunOptions, batch: (context: Excel.RequestContext) => Promise<T>) => run(options, batch) as Promise<T>,
    isSetSupported: (name, version) => globals.Office.context.requirements.isSetSupported(name, version),
  };
}

/** The error code of an Office.js error (OfficeExtension.Error), or null. */
export function errorCode(e: unknown): string | null {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" ? (e as { code: string }).code : null;
}

export const CELL_EDIT = "InvalidOperationInCellEditMode";
