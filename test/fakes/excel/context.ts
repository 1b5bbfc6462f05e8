/** Excel.RequestContext and Excel.run for the fake. */

import { ClientObject, Op } from "./client";
import { invalidObjectPath, officeError } from "./errors";
import type { FakeExcelHost } from "./host";
import { FakeRuntime, FakeWorkbook } from "./workbook";

export interface FakeRunOptions {
  delayForCellEdit?: boolean;
  mergeUndoGroup?: boolean;
  previousObjects?: unknown;
  session?: unknown;
}

export class FakeRequestContext {
  /** @internal */ _queue: Op[] = [];
  /** @internal */ _syncSeq = 0;
  /** @internal */ _touched = new Set<ClientObject>();
  /** @internal */ _closed = false;
  readonly workbook: FakeWorkbook;
  readonly runtime: FakeRuntime;
  requestHeaders: Record<string, string> = {};
  /** Object tracking is a no-op in the fake (proxies stay valid while their run is active). */
  readonly trackedObjects = {
    add(_o: unknown): void {},
    remove(_o: unknown): void {},
  };

  constructor(
    /** @internal */ readonly _host: FakeExcelHost,
    /** @internal */ public _delayForCellEdit = false,
  ) {
    this.workbook = new FakeWorkbook(this);
    this.runtime = new FakeRuntime(this);
  }

  get application() {
    return this.workbook.application;
  }

  get debugInfo(): { pendingStatements: string[] } {
    return { pendingStatements: this._queue.map((o) => o.name) };
  }

  load(object: ClientObject, option?: unknown): void {
    object.load(option);
  }

  trace(_message: string): void {}

  /** The only asynchronous operation: applies the queued operations in order. */
  sync<T>(passThroughValue?: T): Promise<T> {
    if (this._closed) return Promise.reject(invalidObjectPath("RequestContext.sync"));
    return this._host._sync(this, passThroughValue);
  }

  /** @internal */
  _enqueue(op: Op): void {
    if (this._closed) throw invalidObjectPath(op.name);
    this._queue.push(op);
  }
}

/** Build `Excel.run` bound to a host. */
export function makeRun(host: FakeExcelHost) {
  return async function run<T>(...args: unknown[]): Promise<T> {
    let batch: (ctx: FakeRequestContext) => Promise<T>;
    let ctx: FakeRequestContext | null = null;
    let delay = false;
    if (args.length === 1) batch = args[0] as typeof batch;
    else if (args.length >= 2) {
      const first = args[0];
      batch = args[1] as typeof batch;
      const prior = first instanceof FakeRequestContext ? first : first instanceof ClientObject ? first.context : Array.isArray(first) && first[0] instanceof ClientObject ? first[0].context : null;
      if (prior) ctx = prior;
      else if (first && typeof first === "object") {
        const o = first as FakeRunOptions;
        delay = o.delayForCellEdit === true;
        const prev = o.previousObjects;
        if (prev instanceof FakeRequestContext) ctx = prev;
        else if (prev instanceof ClientObject) ctx = prev.context;
        else if (Array.isArray(prev) && prev[0] instanceof ClientObject) ctx = prev[0].context;
      }
    } else throw officeError("InvalidArgument", undefined, "Excel.run");
    if (typeof batch !== "function") throw officeError("InvalidArgument", undefined, "Excel.run");
    const reused = ctx !== null;
    if (!ctx) ctx = new FakeRequestContext(host, delay);
    const wasClosed = ctx._closed;
    const wasDelay = ctx._delayForCellEdit;
    ctx._closed = false;
    if (reused && delay) ctx._delayForCellEdit = true;
    try {
      const ret = batch(ctx) as unknown;
      if (!ret || typeof (ret as Promise<T>).then !== "function") throw officeError("RunMustReturnPromise", undefined, "Excel.run");
      const result = await (ret as Promise<T>);
      // The runtime flushes whatever the batch queued after its last sync.
      if (ctx._queue.length > 0) await host._sync(ctx);
      return result;
    } finally {
      ctx._queue = [];
      ctx._closed = reused ? wasClosed : true;
      ctx._delayForCellEdit = wasDelay;
    }
  };
}
