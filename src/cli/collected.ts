import type { Lang, Localized } from "../core/i18n";
import { pick } from "../core/i18n";
import type { FormResult } from "../core/workbook";
import type { Finding } from "../core/findings";

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

/** One checked form as the collection keeps it (in the chosen language). */
export function collectForm(f: FormResult, lang: Lang): CollectedForm {
  const t = f.prepared.doc.template;
  const header = f.prepared.facts.header as Record<string, unknown>;
  const pickField = (role: "body" | "year") => {
    const def = t.header.find((h) => h.identifies === role);
    const v = def ? header[def.id] : null;
    if (v === null || v === undefined || v === "") return null;
    if (typeof v === "object" && v !== null && "kk" in v) return pick(v as Localized, lang);
    return typeof v === "number" ? v : String(v);
  };
  const row = (x: Finding): CollectedFinding => ({
    rule: x.rule, severity: x.severity, sheet: x.sheet, cell: x.cell, message: pick(x.message, lang),
    ...(x.review?.status === "accepted" ? { accepted: { by: x.review.by, at: x.review.at, reason: x.review.reason } } : {}),
  });
  const count = (s: Finding["severity"]) => f.findings.filter((x) => x.severity === s).length;
  return {
    sheet: f.sheet, template: f.template, form: t.form ?? null, title: pick(t.title, lang),
    body: pickField("body") as string | null, year: pickField("year"),
    errors: count("error"), warnings: count("warning"), infos: count("info"), accepted: f.accepted.length,
    findings: [...f.findings, ...f.accepted].map(row),
  };
}

/** A collection's consumer: takes each file as it is checked, writes its output at the end. */
export interface Collector {
  file(f: CollectedFile): void;
  end(): Promise<void>;
}
