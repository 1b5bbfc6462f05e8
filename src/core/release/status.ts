import type { Localized } from "../i18n";
import type { ReleaseProblem } from "./manifest";
import type { AppliedPatch } from "../rules/patches";

/** What the pane shows about the catalog in use (About, the notice when a release was refused). */
export interface CatalogStatus {
  version: string | null;
  released: string | null;
  publisher: Localized | null;
  source: "url" | "cache" | "bundled";
  url: string;
  signed: boolean;
  patches: AppliedPatch[];
  /** Set when the configured release could not be used. */
  notice: null | { reason: "refused" | "unreachable"; problems: ReleaseProblem[]; detail: string };
}
