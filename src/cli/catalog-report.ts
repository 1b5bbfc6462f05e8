import type { Catalog } from "../core/catalog";

/** What `check --format json` says about the catalog it checked with: its release and the rule patches. */
export function catalogReport(catalog: Catalog): { catalog: unknown; patches: unknown[] } {
  const r = catalog.release;
  return {
    catalog: r ? { version: r.version, released: r.released || null, publisher: r.publisher, source: r.source, signed: r.signed ?? false } : null,
    patches: (catalog.patches ?? []).map((p) => ({
      id: p.id, version: p.version, effective: p.effective, status: p.status, issuedBy: p.issuedBy,
      ...(p.document ? { document: p.document } : {}),
      changes: p.changes.map((c) => ({ op: c.op, ...(c.rule ? { rule: c.rule } : {}), ...(c.severity ? { severity: c.severity } : {}), ...(c.pack ? { pack: c.pack, param: c.param, value: c.value } : {}), effective: c.effective, applied: c.applied, reason: c.reason })),
    })),
  };
}
