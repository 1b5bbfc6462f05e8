import { readFileSync, existsSync } from "fs";
import { join, dirname, resolve } from "path";
import type { Catalog, ReleaseInfo } from "../core/catalog";
import { partsByRole } from "../core/release/manifest";
import { catalogFromParts, todayIso } from "../core/release/catalog";
import { DataFileError } from "../core/util/schema";
import { catalogFiles } from "./release-fs";
import { usePatternAnalysis } from "../core/pattern";
import { superLinearPattern } from "../core/pattern-analysis";

// The command line analyses every pattern it loads (every catalog it reads comes through here or
// cli/catalog.ts, which imports this module): the checked catalog, a release, a migration target.
usePatternAnalysis(superLinearPattern);

/** The package root (where templates/ and rules/ live), found from this file upward. */
export function packageRoot(start = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && existsSync(join(dir, "templates")) && existsSync(join(dir, "rules"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the Jospar package root (templates/ and rules/)");
    dir = up;
  }
}

/**
 * Templates (templates/*.json), rule packs (rules/*.rules.json), rule patches
 * (rules/patches/*.patch.json, applied as of `today`), the calendar and the reference data
 * (rules/data/*.json), from a repository-shaped directory on disk.
 */
export function loadCatalog(root = packageRoot(), today = todayIso()): Catalog {
  const { parts, problems } = partsByRole(catalogFiles(root));
  if (problems.length) throw new DataFileError(problems.map((p) => ({ file: join(root, p.file), path: p.path, message: p.message.en })));
  const named = (f: { file: string; data: unknown }) => ({ file: join(root, f.file), data: f.data });
  return catalogFromParts(
    { templates: parts.templates.map(named), packs: parts.packs.map(named), patches: parts.patches.map(named), calendar: named(parts.calendar), data: parts.data.map(named) },
    { today, release: releaseMeta(root) },
  );
}

/** catalog/release.json of a repository (the version the next `catalog pack` cuts), when present. */
export function releaseMeta(root = packageRoot()): ReleaseInfo | undefined {
  const file = join(root, "catalog", "release.json");
  if (!existsSync(file)) return undefined;
  const m = JSON.parse(readFileSync(file, "utf8")) as { version: string; publisher: ReleaseInfo["publisher"]; notes?: ReleaseInfo["notes"] };
  return { version: m.version, released: "", publisher: m.publisher, ...(m.notes ? { notes: m.notes } : {}), source: "repository" };
}

export function packageVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
}
