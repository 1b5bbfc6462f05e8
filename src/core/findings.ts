import type { Localized, Lang } from "./i18n";
import { interpolate, pick } from "./i18n";
import type { RuleMeta, Severity } from "./rules/types";
import { isISODate, formatDateDots } from "./dates";
import type { FindingReview } from "./review";

/**
 * One finding, as a validator reports it (rule id, severity, location, message, source —
 * the shape Arelle and Frictionless use): language-independent until rendered.
 */
export interface Finding {
  rule: string;
  ref?: string;
  severity: Severity;
  template: string;
  sheet: string;
  /** A1 address, or null for a finding about the whole form. */
  cell: string | null;
  /** 1-based sheet row of a table row, when the finding is about one. */
  row?: number;
  column?: string;
  message: Localized;
  values: Record<string, unknown>;
  /** Provenance of the rule (seed file, paragraph, quote): for data and JSON, never shown as is. */
  source: string;
  /** The rule's legal basis, cited for people through the acts register (src/core/present.ts). */
  citation?: { seed: string; paragraph: string; quote?: string; derived?: boolean };
  type: "violation" | "reminder";
  /** Set when the act had lapsed for the document's period and an error was shown as a warning. */
  legacy?: boolean;
  /** A stable hash of the values the finding is about (review.ts): what a reviewer's acceptance is bound to. */
  fingerprint?: string;
  /** A reviewer accepted it (or accepted it before its values changed: "lapsed"). */
  review?: FindingReview;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sourceText(meta: RuleMeta): string {
  const s = meta.source;
  return `${s.seed} ${s.paragraph}${s.quote ? ` «${s.quote}»` : ""}${meta.derived ? " (derived)" : ""}`;
}

/** Render a rule's message in every language with the values it names. */
export function renderMessage(meta: RuleMeta, lookup: (path: string) => unknown): { message: Localized; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const message = {} as Localized;
  for (const lang of ["kk", "ru", "en"] as Lang[]) {
    const template = meta.message[lang] || meta.message.kk;
    const local: Record<string, unknown> = {};
    for (const m of template.matchAll(/\{([A-Za-z0-9_.]+)\}/g)) {
      const raw = lookup(m[1]);
      values[m[1]] = raw;
      local[m[1]] = display(raw, lang);
    }
    message[lang] = interpolate(template, local);
  }
  return { message, values };
}

/** A value as a person reads it: dates as DD.MM.YYYY, localized texts in the language, lists joined. */
export function display(v: unknown, lang: Lang): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (isISODate(v)) return formatDateDots(v);
  if (Array.isArray(v)) return v.map((x) => display(x, lang)).filter(Boolean).join(", ");
  if (typeof v === "object" && v !== null && "kk" in v) return pick(v as Localized, lang);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (typeof v === "boolean") return v ? { kk: "иә", ru: "да", en: "yes" }[lang] : { kk: "жоқ", ru: "нет", en: "no" }[lang];
  return String(v);
}

export function sortFindings(list: Finding[]): Finding[] {
  return list.sort(
    (a, b) =>
      a.sheet.localeCompare(b.sheet) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.rule.localeCompare(b.rule),
  );
}
