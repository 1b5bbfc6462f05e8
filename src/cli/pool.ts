import { fork, ChildProcess } from "child_process";
import { existsSync } from "fs";
import { join } from "path";
import { packageRoot } from "./data";
import type { RunLimits } from "../xlsx/limits";
import type { Lang } from "../core/i18n";
import type { FileResult } from "./result";
import type { FileTask, WorkerInit, WorkerMessage, WorkerUsage } from "./worker";
import { say } from "./messages";

export interface PoolOptions {
  /** A catalog release to check with (`--catalog DIR`); the bundled catalog otherwise. */
  catalogDir?: string;
  lang: Lang;
  limits: RunLimits;
  /** Worker processes checking files at once. */
  jobs: number;
  /** Filled in as the run goes: what the workers used (for the summary and the benchmark). */
  usage?: PoolUsage;
}

/** The workers' own resources, which the main process's figures do not include. */
export interface PoolUsage {
  /** CPU seconds of every worker process, those replaced included. */
  cpuSeconds: number;
  /** Per worker place: the highest peak RSS of the processes that held it, MB. */
  peakRssMb: number[];
  /** Worker processes started (the jobs, plus one for each worker a file killed). */
  started: number;
  /** Times a worker was free but had to wait for an earlier file's result to be handed on. */
  windowStalls: number;
}

export const newUsage = (): PoolUsage => ({ cpuSeconds: 0, peakRssMb: [], started: 0, windowStalls: 0 });

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

/** What a worker process holds besides its heap (Node itself, our code, the compiled catalog). */
const WORKER_PROCESS_BASE_MB = 60;

/**
 * Each worker's heap limit: the run's memory budget less the main process's share, divided
 * between the worker processes, less each process's own base and what a file may hold outside
 * the heap (its bytes and inflated parts).
 */
export function heapPerWorkerMb(limits: RunLimits, jobs: number): number {
  const outside = (limits.maxBytes + limits.maxInflatedBytes / 2) / 1048576;
  return Math.max(96, Math.floor((limits.memoryMb - 160) / jobs - WORKER_PROCESS_BASE_MB - outside));
}

/** The last bytes a worker wrote on stderr: V8 says there why it aborted (heap out of memory). */
const STDERR_TAIL = 4096;

interface Slot {
  /** Which worker place this process holds (a replacement takes its predecessor's). */
  place: number;
  child: ChildProcess;
  ready: boolean;
  task?: FileTask & { timer: NodeJS.Timeout };
  /** Set when the pool itself ended the worker (time budget, end of run), so its exit is expected. */
  ending?: "time" | "done";
  stderr: string;
  /** The worker's CPU seconds as last reported. */
  cpu: number;
}

/**
 * Check files in worker processes and yield one result per file, in the order of `tasks`, as soon
 * as each (and every one before it) is done. At most `8 × jobs` results (a few MB) wait for an
 * earlier file, so memory stays flat however many files there are; with `2 × jobs` a worker sat
 * idle behind one slow workbook 80 times in a 500-file run. A file that exhausts a worker's heap or its
 * time budget is reported `unreadable` with the limit named; its worker is replaced and the
 * other files go on.
 *
 * Processes, not worker threads: the threads of one process share V8's few background threads
 * (parallel and concurrent garbage collection, compilation), and two checking threads on two
 * cores spent ~40 % more CPU per file fighting over them than two processes do — `--jobs 2` was
 * no faster than `--jobs 1` (bench/README.md). A process also confines a native crash to its file.
 */
export async function* checkFiles(tasks: FileTask[], opts: PoolOptions): AsyncGenerator<FileResult> {
  const jobs = Math.max(1, Math.min(opts.jobs, tasks.length || 1));
  const script = workerScript();
  const heapMb = heapPerWorkerMb(opts.limits, jobs);
  const window = jobs * 8;
  const usage = opts.usage ?? newUsage();
  const done = new Map<number, FileResult>();
  let next = 0;
  let emitted = 0;
  let fatal: CatalogError | null = null;
  let wake: () => void = () => {};
  const slots: Slot[] = [];
  const init: WorkerInit = { lang: opts.lang, limits: opts.limits, ...(opts.catalogDir ? { catalogDir: opts.catalogDir } : {}) };

  const settle = (task: FileTask, result: FileResult) => {
    done.set(task.index, result);
    wake();
  };

  const account = (slot: Slot, u: WorkerUsage) => {
    usage.cpuSeconds += u.cpuSeconds - slot.cpu;
    slot.cpu = u.cpuSeconds;
    usage.peakRssMb[slot.place] = Math.max(usage.peakRssMb[slot.place] ?? 0, u.rssMb);
  };

  const spawn = (place: number): Slot => {
    usage.started++;
    const child = fork(script, [JSON.stringify(init)], {
      // The worker's own heap limit; the young generation bounded as the threads' was (32 MB).
      execArgv: [`--max-old-space-size=${heapMb}`, "--max-semi-space-size=16"],
      // This module's process.env, which a test may have changed (jest gives each test file its own).
      env: { ...process.env },
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    const slot: Slot = { place, child, ready: false, stderr: "", cpu: 0 };
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (s: string) => (slot.stderr = (slot.stderr + s).slice(-STDERR_TAIL)));
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "ready") {
        slot.ready = true;
        account(slot, m.usage);
        pump();
      } else if (m.type === "fatal") {
        fatal = new CatalogError(m.message, !!m.dataErrors, m.stack);
        wake();
      } else if (m.type === "result" && slot.task && slot.task.index === m.index) {
        account(slot, m.usage);
        clearTimeout(slot.task.timer);
        const task = slot.task;
        slot.task = undefined;
        settle(task, m.result);
        pump();
      }
    });
    let failure: Error | null = null;
    child.on("error", (e) => (failure = e));
    // "close", not "exit": by then its stderr is read to the end (V8's out-of-memory report).
    child.on("close", (code, signal) => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      if (slot.ending === "done") return wake();
      const why = slot.ending === "time" ? "time" : /heap out of memory|Reached heap limit/.test(slot.stderr) ? "memory" : failure ?? new Error(`the checking worker stopped unexpectedly (${signal ?? `exit ${code}`})${slot.stderr ? `: ${slot.stderr.trim().split("\n").slice(-3).join(" ")}` : ""}`);
      // Dying before it could load the catalog: no file is to blame, and a new worker would die too.
      if (!slot.ready && !fatal) fatal = new CatalogError(`the checking worker stopped while starting (${why instanceof Error ? why.message : why}); heap ${heapMb} MB`, false, why instanceof Error ? why.stack : undefined);
      const task = slot.task;
      if (task) {
        clearTimeout(task.timer);
        slot.task = undefined;
        settle(task, lostFile(task, why, opts, heapMb));
      }
      if (!fatal && (next < tasks.length || slots.some((s) => s.task))) slots.push(spawn(slot.place));
      wake();
    });
    return slot;
  };

  const pump = () => {
    for (const slot of slots) {
      if (!slot.ready || slot.task || slot.ending) continue;
      if (next >= tasks.length) return;
      if (next >= emitted + window) {
        usage.windowStalls++;
        return;
      }
      const task = tasks[next++];
      const timer = setTimeout(() => {
        slot.ending = "time";
        slot.child.kill("SIGKILL");
      }, opts.limits.timeSeconds * 1000);
      slot.task = { ...task, timer };
      slot.child.send(task);
    }
  };

  for (let i = 0; i < jobs; i++) slots.push(spawn(i));
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
    await Promise.all(
      slots.splice(0).map((s) => {
        s.ending = "done";
        if (s.task) clearTimeout(s.task.timer);
        if (s.child.exitCode !== null || s.child.signalCode !== null) return undefined;
        return new Promise<void>((resolve) => {
          s.child.once("close", () => resolve());
          s.child.kill("SIGKILL");
        });
      }),
    );
  }
}

/** The result for a file whose worker died with it: over the heap or time limit, or a defect. */
function lostFile(task: FileTask, why: "time" | "memory" | Error, opts: PoolOptions, heapMb: number): FileResult {
  const path = task.path;
  if (why === "time") return { path, status: "unreadable", error: { code: "limit-time", message: say("limitTime", opts.lang)(opts.limits.timeSeconds) }, forms: [] };
  if (why === "memory") return { path, status: "unreadable", error: { code: "limit-memory", message: say("limitMemory", opts.lang)(heapMb) }, forms: [] };
  return { path, status: "internal-error", error: { code: "internal", message: why.message, stack: why.stack }, forms: [] };
}
