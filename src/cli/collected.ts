import type { Lang, Localized } from "../core/i18n";
import { pick } from "../core/i18n";
import type { FormResult } from "../core/workbook";
import type { FileResult } from "./result";
import type { ResultConsumer } from "./render";

/**
 * What the register and the HTML report keep of one checked file: who filed which form for which
 * year, its counts and its findings as short rows — never the whole report (traces, computed
 * values, grids). Built from a file's result as it comes, so a collection of hundreds of files
 * holds only these.
 */
export interface CollectedFinding {
  rule: string;
  severity: "error" | "warning" | "info";
  sheet: string;
  cell: string | null;
  message: string;
  /** Who accepted it, when and why (then it is not an error or warning any more). */
  accepted?: { by: string; at: string; reason: string };
}

export interface CollectedForm {
  sheet: string;
  template: { id: string; version: string };
  form: string | null;
  title: string;
  body: string | null;
  year: string | number | null;
  errors: number;
  warnings: number;
  infos: number;
  accepted: number;
  findings: CollectedFinding[];
}

export interface CollectedFile {
  path: string;
  status: "ok" | "unreadable" | string;
  error?: { code: string; message: string };
  forms: CollectedForm[];
}

export type FormStatus = "unreadable" | "errors" | "warnings" | "clean";

export function formStatus(f: Pick<CollectedForm, "errors" | "warnings">): FormStatus {
  return f.errors > 0 ? "errors" : f.warnings > 0 ? "warnings" : "clean";
}

export const STATUS_TEXT: Record<FormStatus, Localized> = {
  unreadable: { kk: "оқылмайды", ru: "не читается", en: "unreadable" },
  errors: { kk: "қателер бар", ru: "есть ошибки", en: "has errors" },
  warnings: { kk: "ескертулер бар", ru: "есть предупреждения", en: "has warnings" },
  clean: { kk: "ескертусіз", ru: "без замечаний", en: "clean" },
};

export interface FormIdentity {
  form: string | null;
  title: string;
  body: string | null;
  year: string | number | null;
}

/** Who filed a checked form and for which year: the header fields its template marks `identifies`. */
export function identityOf(f: FormResult, lang: Lang): FormIdentity {
  const t = f.prepared.doc.template;
  const header = f.prepared.facts.header as Record<string, unknown>;
  const field = (role: "body" | "year") => {
    const def = t.header.find((h) => h.identifies === role);
    const v = def ? header[def.id] : null;
    if (v === null || v === undefined || v === "") return null;
    if (typeof v === "object" && "kk" in v) return pick(v as Localized, lang);
    return typeof v === "number" ? v : String(v);
  };
  const body = field("body");
  return { form: t.form ?? null, title: pick(t.title, lang), body: body === null ? null : String(body), year: field("year") };
}

/** A file's result as the worker sends it (result.ts), reduced to what the register and the report keep. */
export function collectFile(r: FileResult): CollectedFile {
  return {
    path: r.path,
    status: r.status,
    ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
    forms: r.forms.map((f): CollectedForm => {
      const open = f.findings.filter((x) => !x.accepted);
      const n = (s: CollectedFinding["severity"]) => open.filter((x) => x.severity === s).length;
      return {
        sheet: f.sheet, template: f.template,
        form: f.identity?.form ?? null, title: f.identity?.title ?? f.template.id, body: f.identity?.body ?? null, year: f.identity?.year ?? null,
        errors: n("error"), warnings: n("warning"), infos: n("info"), accepted: f.findings.length - open.length,
        findings: f.findings.map((x) => ({ rule: x.rule, severity: x.severity, sheet: x.sheet, cell: x.cell, message: x.message, ...(x.accepted ? { accepted: x.accepted } : {}) })),
      };
    }),
  };
}

/**
 * The register or the report as a consumer of `jospar check`'s per-file results (render.ts). A
 * failure to write it is said on stderr and recorded in `failed` (the command then exits 2); it
 * never ends the run.
 */
export function asConsumer(c: Collector, io: { err: (s: string) => void }, failed: string[], lang: Lang): ResultConsumer {
  return {
    file: (r) => c.file(collectFile(r)),
    async end() {
      try {
        await c.end();
      } catch (e) {
        failed.push((e as Error).message);
        io.err(`jospar: ${pick(NOT_WRITTEN, lang)}: ${(e as Error).message}`);
      }
    },
  };
}

const NOT_WRITTEN: Localized = { kk: "жазылмады", ru: "не записан", en: "not written" };

/** A collection's consumer: takes each file as it is checked, writes its output at the end. */
export interface Collector {
  file(f: CollectedFile): void;
  end(): Promise<void>;
}
