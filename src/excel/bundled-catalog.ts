import { gt } from "semver";
import type { Catalog, DataFile } from "../core/catalog";
import type { Localized } from "../core/i18n";
import { catalogFromParts, todayIso } from "../core/release/catalog";
import { withBuildCheckedPatterns } from "../core/pattern";

/**
 * The catalog as the browser bundle carries it: every template (templates/*.json except the
 * schema), every rule pack (rules/*.rules.json) and the working-day calendar, gathered by
 * webpack's require.context at build time, so a new form is a new data file and nothing here
 * changes. (The CLI reads the same files from disk: src/cli/data.ts.)
 */
interface RequireContext {
  keys(): string[];
  (id: string): unknown;
}
declare const require: { context(dir: string, deep: boolean, filter: RegExp): RequireContext };

function files(ctx: RequireContext, prefix: string, skip: RegExp = /$^/): DataFile[] {
  return ctx
    .keys()
    .filter((k) => !skip.test(k))
    .sort()
    .map((k) => ({ file: prefix + k.replace(/^\.\//, ""), data: ctx(k) }));
}

let cached: Catalog | null = null;

export function bundledCatalog(): Catalog {
  if (cached) return cached;
  const templates = files(require.context("../../templates", false, /^\.\/(?!schema\.json$)[^/]+\.json$/), "templates/");
  const packs = files(require.context("../../rules", false, /\.rules\.json$/), "rules/");
  const calendar = require.context("../../rules/calendars", false, /^\.\/kz\.json$/);
  const data = files(require.context("../../rules/data", false, /\.json$/), "rules/data/");
  const patches = files(require.context("../../rules/patches", false, /\.patch\.json$/), "rules/patches/");
  const meta = require.context("../../catalog", false, /^\.\/release\.json$/)("./release.json") as { version: string; publisher: Localized };
  // The same files `npm run build` packed with the CLI, which analysed their patterns.
  cached = withBuildCheckedPatterns(() =>
    catalogFromParts(
      { templates, packs, patches, calendar: { file: "rules/calendars/kz.json", data: calendar("./kz.json") }, data },
      { today: todayIso(), release: { version: meta.version, released: "", publisher: meta.publisher, source: "bundled" } },
    ),
  );
  return cached;
}

/**
 * The version of each template as bundled with the add-in: the versions the generated template
 * files (dist/templates/<id>.xlsx) were built from. Read from the raw data, without compiling the
 * catalog, so a pane working with a release can tell which files still match it.
 */
export function bundledTemplateVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { data } of files(require.context("../../templates", false, /^\.\/(?!schema\.json$)[^/]+\.json$/), "templates/")) {
    const t = data as { id?: unknown; version?: unknown };
    if (typeof t.id === "string" && typeof t.version === "string" && (!out[t.id] || gt(t.version, out[t.id]))) out[t.id] = t.version;
  }
  return out;
}

