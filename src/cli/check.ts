import { availableParallelism } from "os";
import { performance } from "perf_hooks";
import type { Lang } from "../core/i18n";
import type { RunLimits } from "../xlsx/limits";
import { expandInputs, plan } from "./inputs";
import { checkFiles, newUsage } from "./pool";
import { countFindings, FileResult } from "./result";
import { Io, ResultConsumer, Summary, textOutput, jsonOutput, ndjsonOutput } from "./render";
import { say } from "./messages";
import { EXIT } from "./command";

export interface CheckOptions {
  format: "text" | "json" | "ndjson";
  lang: Lang;
  outDir?: string;
  jobs?: number;
  limits: RunLimits;
  debug?: boolean;
  /** A progress line on stderr (only when stderr is a terminal). */
  progress?: boolean;
  /** More consumers of the per-file results (the register, the HTML report). */
  consumers?: ResultConsumer[];
  /** A catalog release to check with (`--catalog DIR`). */
  catalogDir?: string;
  /** What the JSON report says of the catalog checked with: its release and the rule patches applied. */
  about?: Record<string, unknown>;
}

/**
 * `jospar check`: expand folders, plan the checked copies, check in worker processes and hand
 * each file's result to every consumer as it comes. Resolves to the exit code.
 */
export async function runCheck(args: string[], opts: CheckOptions, io: Io): Promise<number> {
  const started = Date.now();
  const mainLoop = performance.eventLoopUtilization();
  const { files, skipped } = await expandInputs(args);
  const { tasks, blocked } = await plan(files, opts.outDir);
  for (const i of blocked.keys()) delete tasks[i].out;
  const main = opts.format === "json" ? jsonOutput(io, opts.about) : opts.format === "ndjson" ? ndjsonOutput(io) : textOutput(io, opts.lang);
  const consumers = [main, ...(opts.consumers ?? [])];
  for (const c of consumers) await c.start?.({ total: files.length, skipped });
  const s: Summary = { files: 0, errors: 0, warnings: 0, infos: 0, accepted: 0, ok: 0, unreadable: 0, notWritten: 0, internalErrors: 0, skipped: skipped.length, seconds: 0, peakRssMb: 0, cpuSeconds: 0 };
  const progress = opts.progress ? progressLine(files.length, opts.lang) : null;
  const jobs = opts.jobs ?? availableParallelism();
  const usage = newUsage();
  for await (let r of checkFiles(tasks, { lang: opts.lang, limits: opts.limits, jobs, catalogDir: opts.catalogDir, usage })) {
    const out = blocked.get(s.files);
    if (out !== undefined && r.status === "ok") r = { ...r, status: "not-written", error: { code: "is-input", message: say("outIsInput", opts.lang)(out) } };
    tally(s, r);
    if (r.status === "internal-error" && opts.debug && r.error?.stack) io.err(r.error.stack);
    progress?.tick();
    for (const c of consumers) await c.file(r);
  }
  progress?.clear();
  s.seconds = Math.round((Date.now() - started) / 100) / 10;
  // The main process and every worker process: each one's peak, added (an upper bound of the run's).
  const own = process.resourceUsage();
  s.peakRssMb = Math.round(own.maxRSS / 1024) + usage.peakRssMb.reduce((a, b) => a + b, 0);
  s.cpuSeconds = Math.round(((own.userCPUTime + own.systemCPUTime) / 1e6 + usage.cpuSeconds) * 10) / 10;
  // For the benchmark (bench/collect.js): how busy the main thread was, and the workers' share.
  if (process.env.JOSPAR_STATS) io.err(JSON.stringify({ stats: { mainThreadBusy: Math.round(performance.eventLoopUtilization(mainLoop).utilization * 1000) / 1000, mainCpuSeconds: (own.userCPUTime + own.systemCPUTime) / 1e6, workersCpuSeconds: usage.cpuSeconds, workersStarted: usage.started, windowStalls: usage.windowStalls, workersPeakRssMb: usage.peakRssMb, mainPeakRssMb: Math.round(own.maxRSS / 1024) } }));
  for (const c of consumers) await c.end?.(s, skipped);
  if (s.internalErrors) io.err(say("reportBug", opts.lang));
  return exitCode(s);
}

function tally(s: Summary, r: FileResult): void {
  s.files++;
  countFindings(r, s);
  if (r.status === "ok") s.ok++;
  else if (r.status === "unreadable") s.unreadable++;
  else if (r.status === "not-written") s.notWritten++;
  else s.internalErrors++;
}

/** A defect outranks unusable input or output, which outranks findings: each hides what it stopped. */
export function exitCode(s: Summary): number {
  if (s.internalErrors) return EXIT.internal;
  if (s.unreadable || s.notWritten) return EXIT.unusable;
  return s.errors > 0 ? EXIT.errors : EXIT.ok;
}

/** "12/500 files, 84/min, ~5 min left", rewritten in place on stderr. */
function progressLine(total: number, lang: Lang) {
  const started = Date.now();
  let done = 0;
  return {
    tick() {
      done++;
      const perMin = (done / Math.max(1, Date.now() - started)) * 60000;
      const left = perMin > 0 ? Math.ceil((total - done) / perMin) : 0;
      process.stderr.write(`\r\x1b[K${say("progress", lang)(done, total, Math.round(perMin), left)}`);
    },
    clear() {
      process.stderr.write("\r\x1b[K");
    },
  };
}
