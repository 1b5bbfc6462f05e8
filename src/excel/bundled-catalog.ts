import { createCatalog, Catalog, DataFile } from "../core/catalog";
import { STANDARD_METHODOLOGIES } from "../core/methodology";

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
  cached = createCatalog(templates, packs, { file: "rules/calendars/kz.json", data: calendar("./kz.json") }, data, STANDARD_METHODOLOGIES);
  return cached;
}
