import { promises as fs } from "fs";
import { basename, dirname } from "path";
import { loadCatalog } from "./data";
import { catalogForCheck } from "./catalog";
import type { Catalog } from "../core/catalog";
import { XlsxWorkbookPort } from "../xlsx/port";
import { UnreadableError, RunLimits } from "../xlsx/limits";
import { writeCheckedCopy } from "../xlsx/annotate";
import { checkWorkbook } from "../core/workbook";
import { Checker } from "../core/check";
import { DataFileError } from "../core/util/schema";
import type { Lang } from "../core/i18n";
import { pick } from "../core/i18n";
import { FileResult, formsJson } from "./result";
import { say } from "./messages";

/**
 * One checking worker: a process with its own heap limit, forked by the pool (src/cli/pool.ts)
 * and given one file at a time over its IPC channel. It loads and compiles the catalog once, then
 * reads, checks and writes each file's checked copy itself; the main process only dispatches and
 * renders. Whatever a file does to this process — runs out of heap, loops — the pool ends it and
 * reports that file alone; the other files go on in a fresh worker.
 */
export interface WorkerInit {
  lang: Lang;
  limits: RunLimits;
  /** A catalog release folder (`--catalog`), verified as `jospar catalog verify` does. */
  catalogDir?: string;
}

export interface FileTask {
  index: number;
  path: string;
  /** Where to write the checked copy, decided by the main thread (unique, never an input). */
  out?: string;
}

/** What the worker process has used so far (its CPU counts every thread of it: GC, compilation). */
export interface WorkerUsage {
  cpuSeconds: number;
  rssMb: number;
}

export type WorkerMessage =
  | { type: "ready"; usage: WorkerUsage }
  | { type: "fatal"; dataErrors?: string; message: string; stack?: string }
  | { type: "result"; index: number; result: FileResult; usage: WorkerUsage };

const { lang, limits, catalogDir } = JSON.parse(process.argv[2]) as WorkerInit;
const post = (m: WorkerMessage) => process.send!(m);
// The pool is gone (it ended or was killed): nothing is left to do.
process.on("disconnect", () => process.exit(0));

function usage(): WorkerUsage {
  const u = process.resourceUsage();
  return { cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMb: Math.round(u.maxRSS / 1024) };
}

async function start(): Promise<void> {
  let catalog: Catalog;
  try {
    catalog = catalogDir ? await catalogForCheck(catalogDir) : loadCatalog();
  } catch (e) {
    const msg: WorkerMessage = e instanceof DataFileError
      ? { type: "fatal", dataErrors: e.describe(lang), message: e.describe(lang) }
      : { type: "fatal", message: (e as Error).message, stack: (e as Error).stack };
    post(msg);
    return;
  }
  // Each file is checked once: no incremental cache.
  const checker = new Checker(catalog.packs, catalog.calendar, { incremental: false });
  process.on("message", async (task: FileTask) => {
    const result = await checkOne(task, catalog, checker);
    post({ type: "result", index: task.index, result, usage: usage() });
  });
  post({ type: "ready", usage: usage() });
}

async function checkOne(task: FileTask, catalog: Catalog, checker: Checker): Promise<FileResult> {
  const { path } = task;
  let result;
  try {
    // Through the workbook port, as the add-in reads its workbook.
    const snapshot = await (await XlsxWorkbookPort.open(path, limits)).read();
    // Tests prove that a defect is reported as one (status internal-error, exit 3) with this.
    if (process.env.JOSPAR_FAULT_INJECTION && basename(path) === process.env.JOSPAR_FAULT_INJECTION) throw new TypeError("injected fault (JOSPAR_FAULT_INJECTION)");
    result = checkWorkbook(snapshot, catalog, checker);
  } catch (e) {
    if (e instanceof UnreadableError) return { path, status: "unreadable", error: { code: e.code, message: pick(e.reason, lang) }, forms: [] };
    return internal(path, e);
  }
  if (result.forms.length === 0) return { path, status: "unreadable", error: { code: "no-form", message: say("noForm", lang) }, forms: [] };
  let forms;
  try {
    forms = formsJson(result, lang);
  } catch (e) {
    return internal(path, e);
  }
  const out: FileResult = {
    path,
    status: "ok",
    forms,
    ...(result.unrecognised.length ? { unrecognisedSheets: result.unrecognised } : {}),
    ...(result.lastCheckedWith ? { lastCheckedWith: result.lastCheckedWith } : {}),
    ...(result.kept?.length ? { keptSheets: result.kept } : {}),
  };
  if (task.out) {
    try {
      await fs.mkdir(dirname(task.out), { recursive: true });
    } catch (e) {
      return notWritten(out, task.out, e);
    }
    try {
      await writeCheckedCopy(path, task.out, result, lang);
      out.checkedCopy = task.out;
    } catch (e) {
      return notWritten(out, task.out, e);
    }
  }
  return out;
}

/** The file was checked; its copy could not be written (an existing file is never replaced). */
function notWritten(r: FileResult, target: string, e: unknown): FileResult {
  const err = e as NodeJS.ErrnoException;
  const exists = err.code === "EEXIST" && err.syscall === "open";
  const message = exists ? say("outExists", lang)(target) : `${say("outFailed", lang)(target)}: ${err.code ?? err.message}`;
  return { ...r, status: "not-written", error: { code: exists ? "exists" : "write-failed", message } };
}

function internal(path: string, e: unknown): FileResult {
  const err = e instanceof Error ? e : new Error(String(e));
  return { path, status: "internal-error", error: { code: "internal", message: err.message, stack: err.stack }, forms: [] };
}

void start();
