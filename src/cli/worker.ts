import { parentPort, workerData } from "worker_threads";
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
 * One checking worker: a thread with its own heap limit, given one file at a time by the pool
 * (src/cli/pool.ts). Whatever a file does to this thread — runs out of heap, loops — the pool
 * ends it and reports that file alone; the other files go on in a fresh worker.
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

export type WorkerMessage =
  | { type: "ready" }
  | { type: "fatal"; dataErrors?: string; message: string; stack?: string }
  | { type: "result"; index: number; result: FileResult };

const { lang, limits, catalogDir } = workerData as WorkerInit;
const port = parentPort!;

async function start(): Promise<void> {
  let catalog: Catalog;
  try {
    catalog = catalogDir ? await catalogForCheck(catalogDir) : loadCatalog();
  } catch (e) {
    const msg: WorkerMessage = e instanceof DataFileError
      ? { type: "fatal", dataErrors: e.describe(lang), message: e.describe(lang) }
      : { type: "fatal", message: (e as Error).message, stack: (e as Error).stack };
    port.postMessage(msg);
    return;
  }
  // Each file is checked once: no incremental cache.
  const checker = new Checker(catalog.packs, catalog.calendar, { incremental: false });
  port.on("message", async (task: FileTask) => {
    const result = await checkOne(task, catalog, checker);
    port.postMessage({ type: "result", index: task.index, result } satisfies WorkerMessage);
  });
  port.postMessage({ type: "ready" } satisfies WorkerMessage);
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
