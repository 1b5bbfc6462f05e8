import { createCatalog, Catalog, ReleaseInfo } from "../catalog";
import { applyPatches, loadPatches } from "../rules/patches";
import type { ReleaseParts } from "./manifest";
import { STANDARD_METHODOLOGIES } from "../methodology";

/**
 * A catalog from its parts — a release's files, or the repository's — with the rule patches
 * applied as of `today` (ISO date). One path for the CLI, the bundled catalog and a release the
 * pane fetched, so all three check alike.
 */
export function catalogFromParts(parts: ReleaseParts, opts: { today: string; release?: ReleaseInfo }): Catalog {
  const base = createCatalog(parts.templates, parts.packs, parts.calendar, parts.data, STANDARD_METHODOLOGIES);
  const patches = loadPatches(parts.patches, base.packs);
  const { packs, applied } = applyPatches(base.packs, patches, opts.today);
  return { ...base, packs, patches: applied, ...(opts.release ? { release: opts.release } : {}) };
}

/** Today's date (ISO), in local time: a patch effective "from 1 January" applies on the user's 1 January. */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
