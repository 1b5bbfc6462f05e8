import type { Template } from "./template/types";
import { loadTemplate } from "./template/load";
import { loadRulePack, CompiledPack } from "./rules/pack";
import { createCalendar, Calendar } from "./dates";
import { DataFileError, validateAgainst } from "./util/schema";
import { FunctionLibrary, type Methodology } from "./functions";

/** Everything the checker knows: templates, compiled rule packs, the working-day calendar, the functions templates call. */
export interface Catalog {
  templates: Template[];
  packs: CompiledPack[];
  calendar: Calendar;
  functions: FunctionLibrary;
}

export interface DataFile {
  file: string;
  data: unknown;
}

/**
 * Build a catalog from data files (read by the caller: the CLI from disk, the add-in from its
 * bundle). Every problem in every file is reported at once.
 *
 * `data` are the reference data files of `rules/data/` (a list a central body maintains, such as
 * the participants of a pilot): `<name>.json`, validated by `<name>.schema.json` when present. A
 * pack parameter whose value is `{"$data": "<name>"}` takes the file's content.
 *
 * `methodologies` are the modules whose functions the templates may call (computed cells and
 * columns): given explicitly (STANDARD_METHODOLOGIES for Jospar's own), checked as each template
 * loads.
 */
export function createCatalog(templates: DataFile[], packs: DataFile[], calendar: DataFile, data: DataFile[], methodologies: readonly Methodology[]): Catalog {
  const errors: DataFileError[] = [];
  const loaded: Template[] = [];
  const functions = new FunctionLibrary(methodologies);
  for (const t of templates) {
    try {
      loaded.push(loadTemplate(t.data, t.file, functions));
    } catch (e) {
      if (e instanceof DataFileError) errors.push(e);
      else throw e;
    }
  }
  const ids = new Set(loaded.map((t) => t.id));
  const columns = new Map(loaded.map((t) => [t.id, t.table.columns.map((c) => c.id)]));
  const compiled: CompiledPack[] = [];
  for (const p of packs) {
    try {
      compiled.push(loadRulePack(p.data, p.file, ids, columns));
    } catch (e) {
      if (e instanceof DataFileError) errors.push(e);
      else throw e;
    }
  }
  for (const t of loaded) {
    if (t.mirrors && !ids.has(t.mirrors.template))
      errors.push(new DataFileError([{ file: t.id, path: "/mirrors/template", message: `unknown template "${t.mirrors.template}"` }]));
    (t.dependsOn ?? []).forEach((d, i) => {
      if (!ids.has(d)) errors.push(new DataFileError([{ file: t.id, path: `/dependsOn/${i}`, message: `unknown template "${d}"` }]));
    });
  }
  const base = (f: string) => f.replace(/^.*[\\/]/, "");
  const schemas = new Map(data.filter((d) => base(d.file).endsWith(".schema.json")).map((d) => [base(d.file).replace(/\.schema\.json$/, ""), d.data]));
  const refData = new Map<string, unknown>();
  for (const d of data) {
    const name = base(d.file);
    if (name.endsWith(".schema.json") || !name.endsWith(".json")) continue;
    const id = name.replace(/\.json$/, "");
    const schema = schemas.get(id);
    const problems = schema ? validateAgainst(canonicalSchema(schema as object), d.data, d.file) : [];
    if (problems.length) errors.push(new DataFileError(problems));
    else refData.set(id, d.data);
  }
  for (const p of compiled)
    for (const [k, v] of Object.entries(p.params)) {
      if (!v || typeof v !== "object" || Array.isArray(v) || !("$data" in v)) continue;
      const id = String((v as { $data: unknown }).$data);
      if (refData.has(id)) p.params[k] = refData.get(id);
      else errors.push(new DataFileError([{ file: p.file, path: `/params/${k}`, message: `no reference data file "${id}" (rules/data/${id}.json)` }]));
    }
  if (errors.length) throw new DataFileError(errors.flatMap((e) => e.errors));
  let cal: Calendar;
  try {
    cal = createCalendar(calendar.data);
  } catch (e) {
    throw new DataFileError([{ file: calendar.file, path: "/", message: (e as Error).message }]);
  }
  return { templates: loaded, packs: compiled, calendar: cal, functions };
}

/** One object per distinct schema text: a data schema read again (a new catalog) is compiled once. */
const schemaObjects = new Map<string, object>();
function canonicalSchema(schema: object): object {
  const key = JSON.stringify(schema);
  let s = schemaObjects.get(key);
  if (!s) schemaObjects.set(key, (s = schema));
  return s;
}

export function findTemplate(catalog: Catalog, id: string): Template | undefined {
  return catalog.templates.find((t) => t.id === id);
}
