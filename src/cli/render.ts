import type { Lang } from "../core/i18n";
import type { Counts, FileResult } from "./result";
import type { Skipped } from "./inputs";
import { say } from "./messages";
import { packageVersion } from "./data";

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The whole call, after the last file. */
export interface Summary extends Counts {
  files: number;
  ok: number;
  unreadable: number;
  notWritten: number;
  internalErrors: number;
  skipped: number;
  seconds: number;
  /** Peak resident memory of the run, MB: the main process's peak plus each worker process's (an upper bound). */
  peakRssMb: number;
  /** CPU time of the run (main process and worker processes, every thread), seconds. */
  cpuSeconds: number;
}

/**
 * A consumer of the per-file results of `jospar check` — the text, JSON and NDJSON outputs here;
 * the register and the HTML report beside them. `file` is called once per file, in input order,
 * as soon as it is checked; nothing is kept for later by the pool.
 */
export interface ResultConsumer {
  start?(info: { total: number; skipped: Skipped[] }): void | Promise<void>;
  file(r: FileResult): void | Promise<void>;
  end?(summary: Summary, skipped: Skipped[]): void | Promise<void>;
}

/**
 * Text from workbooks is shown, never obeyed: control characters (ESC sequences, BEL, NUL, CR,
 * newlines), C1 controls, line/paragraph separators and bidirectional overrides are printed as
 * escapes, so a cell cannot retitle the terminal or forge a report line. One pass, linear time.
 */
export function escapeControls(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    const h = c.charCodeAt(0).toString(16);
    return c.charCodeAt(0) < 0x100 ? `\\x${h.padStart(2, "0")}` : `\\u${h.padStart(4, "0")}`;
  });
}

export function textOutput(io: Io, lang: Lang): ResultConsumer {
  const sev = say("severity", lang);
  const t = escapeControls;
  return {
    file(r) {
      if (r.status === "unreadable") {
        io.out(`${t(r.path)}: ${say("unreadable", lang)}: ${t(r.error!.message)}`);
        return;
      }
      if (r.status === "internal-error") {
        io.out(`${t(r.path)}: ${say("internalError", lang)}: ${t(r.error!.message)}`);
        return;
      }
      for (const f of r.forms) {
        io.out(`${t(r.path)} [${t(f.sheet)}] ${f.template.id} ${f.template.version}`);
        if (f.findings.length === 0) io.out(`  ${say("noFindings", lang)}`);
        for (const x of f.findings.filter((x) => !x.accepted)) {
          const where = x.cell ?? "—";
          io.out(`  ${sev[x.severity].padEnd(8)} ${where.padEnd(6)} ${x.rule}: ${t(x.message)}${x.patched ? ` [${t(x.patched.note)}]` : ""}`);
          if (x.lapsed) io.out(`           ${t(say("lapsed", lang)(x.lapsed.by, x.lapsed.at.slice(0, 10), x.lapsed.reason))}`);
        }
        for (const x of f.findings.filter((x) => x.accepted)) {
          io.out(`  ${say("acceptedWord", lang).padEnd(8)} ${(x.cell ?? "—").padEnd(6)} ${x.rule}: ${t(x.message)}`);
          io.out(`           ${t(say("acceptedBy", lang)(x.accepted!.by, x.accepted!.at.slice(0, 10), x.accepted!.reason))}`);
        }
        // By their labels in the chosen language, 10 significant digits; the JSON keeps ids and full precision.
        if (f.computedText.length) io.out(`  = ${f.computedText.map(t).join("; ")}`);
      }
      if (r.unrecognisedSheets?.length) io.out(`  (${say("unrecognisedSheets", lang)}: ${r.unrecognisedSheets.map(t).join(", ")})`);
      if (r.keptSheets?.length) io.out(`  (${say("keptSheets", lang)}: ${r.keptSheets.map(t).join(", ")})`);
      if (r.status === "not-written") io.out(`${t(r.path)}: ${say("notWritten", lang)}: ${t(r.error!.message)}`);
      else if (r.checkedCopy) io.err(`${say("wrote", lang)} ${t(r.checkedCopy)}`);
    },
    end(s, skipped) {
      for (const k of skipped) io.out(`${say("skipped", lang)}: ${t(k.path)} (${say("skipReason", lang)[k.reason]})`);
      io.out(say("summary", lang)(s.files, s.errors, s.warnings, s.infos) + (s.accepted ? say("acceptedCount", lang)(s.accepted) : ""));
    },
  };
}

/** One JSON document, written as the files come (the whole report is never held in memory). */
export function jsonOutput(io: Io, about: Record<string, unknown> = {}): ResultConsumer {
  let first = true;
  return {
    start() {
      io.out(`{"jospar":${JSON.stringify(packageVersion())},"files":[`);
    },
    file(r) {
      io.out(`${first ? "" : ","}${JSON.stringify(publicResult(r))}`);
      first = false;
    },
    end(s, skipped) {
      const more = Object.entries(about).map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`).join("");
      io.out(`],"skipped":${JSON.stringify(skipped)},"summary":${JSON.stringify(s)}${more}}`);
    },
  };
}

/** One JSON object per line: each skipped entry first, then each file as it is checked, then the summary. */
export function ndjsonOutput(io: Io): ResultConsumer {
  return {
    start({ skipped }) {
      for (const k of skipped) io.out(JSON.stringify({ path: k.path, status: "skipped", reason: k.reason }));
    },
    file(r) {
      io.out(JSON.stringify(publicResult(r)));
    },
    end(s) {
      io.out(JSON.stringify({ jospar: packageVersion(), summary: s }));
    },
  };
}

/** The stack of an internal error goes to stderr with --debug, not into the report. */
function publicResult(r: FileResult): FileResult {
  if (!r.error?.stack) return r;
  const { stack: _stack, ...error } = r.error;
  return { ...r, error };
}
