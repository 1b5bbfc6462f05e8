import { rcompare, satisfies, valid, validRange } from "semver";
import type { Template } from "./types";
import type { DataError } from "../util/schema";
import type { Localized } from "../i18n";

/**
 * Several versions of one template side by side: the newest is what a new workbook gets; a
 * workbook bound to an older one is checked with that version and the rules for it.
 */
export function newestFirst(templates: Template[]): { newest: Template[]; older: Template[]; duplicates: DataError[] } {
  const byId = new Map<string, Template[]>();
  for (const t of templates) byId.set(t.id, [...(byId.get(t.id) ?? []), t]);
  const newest: Template[] = [];
  const older: Template[] = [];
  const duplicates: DataError[] = [];
  for (const [id, list] of byId) {
    const bad = list.find((t) => !valid(t.version));
    if (bad) {
      duplicates.push({ file: id, path: "/version", message: `"${bad.version}" is not a semantic version (major.minor.patch)` });
      continue;
    }
    const sorted = [...list].sort((a, b) => rcompare(a.version, b.version));
    sorted.forEach((t, i) => {
      if (i > 0 && t.version === sorted[i - 1].version) duplicates.push({ file: id, path: "/version", message: `two templates "${id}" have version ${t.version}` });
    });
    newest.push(sorted[0]);
    older.push(...sorted.slice(1));
  }
  // The newest keep the order the files came in (the gallery's order).
  const order = new Map(templates.map((t, i) => [t, i]));
  newest.sort((a, b) => order.get(a)! - order.get(b)!);
  return { newest, older, duplicates };
}

/** The exact version a workbook declares, when the catalog still holds it. */
export function templateVersion(catalog: { templates: Template[]; olderTemplates?: Template[] }, id: string, version: string | null | undefined): Template | undefined {
  if (!version) return undefined;
  return [...catalog.templates, ...(catalog.olderTemplates ?? [])].find((t) => t.id === id && t.version === version);
}

/** Does a rule declaring `range` apply to a template at `version`? No range: every version. */
export function versionApplies(range: string | undefined, version: string): boolean {
  if (!range) return true;
  return satisfies(version, range, { includePrerelease: true });
}

/** What a workbook on an older version is told: the newer version, since when, what changed. */
export interface NewerVersion {
  version: string;
  since: string | null;
  changes: Localized | null;
}

/**
 * The newest version of the template when it is newer than the sheet's: the version the sheet
 * declares (its binding), or else the version it is checked with.
 */
export function newerVersion(catalog: { templates: Template[] }, t: Template, declared?: string | null): NewerVersion | null {
  const base = declared && valid(declared) ? declared : t.version;
  const newest = catalog.templates.find((x) => x.id === t.id);
  if (!newest || rcompare(newest.version, base) >= 0) return null;
  const m = (newest.migrations ?? []).find((x) => satisfies(base, x.from, { includePrerelease: true }));
  return { version: newest.version, since: newest.released ?? null, changes: m?.changes ?? null };
}

/** What the schema cannot say about `migrations`: valid ranges, and ids that exist (or no longer exist) in this version. */
export function checkMigrations(t: Template, file: string): DataError[] {
  const errs: DataError[] = [];
  const cols = new Set(t.table.columns.map((c) => c.id));
  const fields = new Set([...t.header, ...t.context].map((f) => f.id));
  (t.migrations ?? []).forEach((m, i) => {
    const at = `/migrations/${i}`;
    if (validRange(m.from) === null) errs.push({ file, path: `${at}/from`, message: `"${m.from}" is not a semver range` });
    else if (satisfies(t.version, m.from)) errs.push({ file, path: `${at}/from`, message: `the range "${m.from}" includes this template's own version ${t.version}` });
    for (const [part, ids] of [["columns", cols], ["fields", fields]] as const) {
      const map = m[part];
      if (!map) continue;
      for (const [from, to] of Object.entries(map.renamed ?? {})) {
        if (!ids.has(to)) errs.push({ file, path: `${at}/${part}/renamed/${from}`, message: `"${to}" is not a ${part === "columns" ? "column" : "field"} of version ${t.version}` });
        if (ids.has(from) && !Object.values(map.renamed ?? {}).includes(from)) errs.push({ file, path: `${at}/${part}/renamed/${from}`, message: `"${from}" still exists in version ${t.version}; a rename needs a new id` });
      }
      (map.added ?? []).forEach((id, j) => ids.has(id) || errs.push({ file, path: `${at}/${part}/added/${j}`, message: `"${id}" is not a ${part === "columns" ? "column" : "field"} of version ${t.version}` }));
      (map.dropped ?? []).forEach((id, j) => ids.has(id) && errs.push({ file, path: `${at}/${part}/dropped/${j}`, message: `"${id}" is still a ${part === "columns" ? "column" : "field"} of version ${t.version}` }));
    }
  });
  return errs;
}
