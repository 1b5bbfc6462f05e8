import { readFileSync, readdirSync, existsSync } from "fs";
import { join, dirname, resolve } from "path";
import { createCatalog, Catalog, DataFile } from "../core/catalog";
import { STANDARD_METHODOLOGIES } from "../core/methodology";

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

function readJson(file: string): DataFile {
  try {
    return { file, data: JSON.parse(readFileSync(file, "utf8")) };
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Templates (templates/*.json), rule packs (rules/*.rules.json), the calendar and the reference data (rules/data/*.json), from disk. */
export function loadCatalog(root = packageRoot()): Catalog {
  const tdir = join(root, "templates");
  const rdir = join(root, "rules");
  const templates = readdirSync(tdir).filter((f) => f.endsWith(".json") && f !== "schema.json").sort().map((f) => readJson(join(tdir, f)));
  const packs = readdirSync(rdir).filter((f) => f.endsWith(".rules.json")).sort().map((f) => readJson(join(rdir, f)));
  const ddir = join(rdir, "data");
  const data = existsSync(ddir) ? readdirSync(ddir).filter((f) => f.endsWith(".json")).sort().map((f) => readJson(join(ddir, f))) : [];
  return createCatalog(templates, packs, readJson(join(rdir, "calendars", "kz.json")), data, STANDARD_METHODOLOGIES);
}

export function packageVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
}
