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
