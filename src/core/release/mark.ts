/**
 * The catalog version a workbook was last checked (or migrated) with, recorded in the workbook
 * itself as a workbook-scoped defined name `_JOSPAR_CATALOG.v<version>` referring to a form
 * sheet's A1 — like the template bindings, because ExcelJS drops names with constant values.
 */
export const CATALOG_MARK_PREFIX = "_JOSPAR_CATALOG.v";

export function catalogMarkName(version: string): string {
  return CATALOG_MARK_PREFIX + version.replace(/-/g, "__").replace(/\./g, "_");
}

/** The recorded catalog version among a workbook's names, or null. */
export function readCatalogMark(names: { name: string }[]): string | null {
  for (const n of names) {
    const m = /^_JOSPAR_CATALOG\.v([0-9A-Za-z_]+)$/i.exec(n.name);
    if (m) return m[1].split("__").map((p) => p.replace(/_/g, ".")).join("-");
  }
  return null;
}

export function isCatalogMark(name: string): boolean {
  return name.toUpperCase().startsWith(CATALOG_MARK_PREFIX.toUpperCase());
}

/**
 * What to change in a workbook's names so it records `version`: the marks of other versions to
 * remove and the name to add; null when it already records it (or there is no version to record).
 */
export function catalogMarkChange(names: { name: string }[], version: string | undefined | null): { remove: string[]; add: string | null } | null {
  if (!version) return null;
  const want = catalogMarkName(version);
  const marks = names.filter((n) => isCatalogMark(n.name)).map((n) => n.name);
  if (marks.length === 1 && marks[0] === want) return null;
  return { remove: marks.filter((n) => n !== want), add: marks.includes(want) ? null : want };
}
