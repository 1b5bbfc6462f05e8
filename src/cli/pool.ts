import { Worker } from "worker_threads";
import { existsSync } from "fs";
import { join } from "path";
import { packageRoot } from "./data";
import type { RunLimits } from "../xlsx/limits";
import type { Lang } from "../core/i18n";
import type { FileResult } from "./result";
import type { FileTask, WorkerInit, WorkerMessage } from "./worker";
import { say } from "./messages";

export interface PoolOptions {
  /** A catalog release to check with (`--catalog DIR`); the bundled catalog otherwise. */
  catalogDir?: string;
  lang: Lang;
  limits: RunLimits;
  /** Worker threads checking files at once. */
  jobs: number;
}

/** Jospar's data files (templates, rule packs) failed to load in a worker: nothing can be checked. */
export class CatalogError extends Error {
  constructor(message: string, readonly dataErrors: boolean, readonly detail?: string) {
    super(message);
  }
}

/** The compiled worker beside this module, or the build's when running from TypeScript (tests). */
function workerScript(): string {
  const here = join(__dirname, "worker.js");
  if (!__filename.endsWith(".ts") && existsSync(here)) return here;
  const built = join(packageRoot(), "build", "src", "cli", "worker.js");
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build:cli`);
  return built;
}

/**
 * Each worker's heap limit: the process's memory budget less the main thread's share, divided
 * between the workers, less what a file may hold outside the heap (its bytes and inflated parts).
 */
export function heapPerWorkerMb(limits: RunLimits, jobs: number): number {
  const outside = (limits.maxBytes + limits.maxInflatedBytes / 2) / 1048576;
  return Math.max(96, Math.floor((limits.memoryMb - 160) / jobs - outside));
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: FileTask & { timer: NodeJS.Timeout };
  /** Set when the pool itself ended the worker (time budget), so its exit is expected. */
  ending?: "time" | "done";
}

/**
 * Check files on worker threads and yield one result per file, in the order of `tasks`, as soon
 * as each (and every one before it) is done. At most `2 × jobs` results wait for an earlier file,
 * so memory stays flat however many files there are. A file that exhausts a worker's heap or its
 * time budget is reported `unreadable` with the limit named; its worker is replaced and the
 * other files go on.
 */
export async function* checkFiles(tasks: FileTask[], opts: PoolOptions): AsyncGenerator<FileResult> {
  const jobs = Math.max(1, Math.min(opts.jobs, tasks.length || 1));
  const script = workerScript();
  const heapMb = heapPerWorkerMb(opts.limits, jobs);
  const window = jobs * 2;
  const done = new Map<number, FileResult>();
  let next = 0;
  let emitted = 0;
  let fatal: CatalogError | null = null;
  let wake: () => void = () => {};
  const slots: Slot[] = [];

  const settle = (task: FileTask, result: FileResult) => {
    done.set(task.index, result);
    wake();
  };

  const spawn = (): Slot => {
    const init: WorkerInit = { lang: opts.lang, limits: opts.limits, ...(opts.catalogDir ? { catalogDir: opts.catalogDir } : {}) };
    const worker = new Worker(script, {
      workerData: init,
      env: { ...process.env },
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, ready: false };
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "ready") {
        slot.ready = true;
        pump();
      } else if (m.type === "fatal") {
        fatal = new CatalogError(m.message, !!m.dataErrors, m.stack);
        wake();
      } else if (m.type === "result" && slot.task && slot.task.index === m.index) {
        clearTimeout(slot.task.timer);
        const task = slot.task;
        slot.task = undefined;
        settle(task, m.result);
        pump();
      }
    });
    let failure: Error | null = null;
    worker.on("error", (e) => (failure = e));
    worker.on("exit", () => {
      // Dying before it could load the catalog: no file is to blame, and a new worker would die too.
      if (!slot.ready && slot.ending !== "done" && !fatal) fatal = new CatalogError(`the checking worker stopped while starting (${failure?.message ?? "exit"}); heap ${heapMb} MB`, false, failure?.stack);
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      const task = slot.task;
      if (task) {
        clearTimeout(task.timer);
        slot.task = undefined;
        settle(task, lostFile(task, slot.ending === "time" ? "time" : failure, opts, heapMb));
      }
      if (slot.ending !== "done" && !fatal && (next < tasks.length || slots.some((s) => s.task))) slots.push(spawn());
      wake();
    });
    return slot;
  };

  const pump = () => {
    for (const slot of slots) {
      if (!slot.ready || slot.task || slot.ending) continue;
      if (next >= tasks.length || next >= emitted + window) return;
      const task = tasks[next++];
      const timer = setTimeout(() => {
        slot.ending = "time";
        void slot.worker.terminate();
      }, opts.limits.timeSeconds * 1000);
      slot.task = { ...task, timer };
      slot.worker.postMessage(task);
    }
  };

  for (let i = 0; i < jobs; i++) slots.push(spawn());
  try {
    while (emitted < tasks.length) {
      if (fatal) throw fatal;
      const r = done.get(emitted);
      if (r) {
        done.delete(emitted);
        emitted++;
        pump();
        yield r;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    for (const s of slots.splice(0)) {
      s.ending = "done";
      if (s.task) clearTimeout(s.task.timer);
      await s.worker.terminate();
    }
  }
}

/** The result for a file whose worker died with it: over the heap or time limit, or a defect. */
function lostFile(task: FileTask, why: "time" | Error | null, opts: PoolOptions, heapMb: number): FileResult {
  const path = task.path;
  if (why === "time") return { path, status: "unreadable", error: { code: "limit-time", message: say("limitTime", opts.lang)(opts.limits.timeSeconds) }, forms: [] };
  if (why && (why as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY")
    return { path, status: "unreadable", error: { code: "limit-memory", message: say("limitMemory", opts.lang)(heapMb) }, forms: [] };
  const e = why ?? new Error("the checking worker stopped unexpectedly");
  return { path, status: "internal-error", error: { code: "internal", message: e.message, stack: e.stack }, forms: [] };
}
