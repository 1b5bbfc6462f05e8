import type { Template } from "./template/types";
import { loadTemplate } from "./template/load";
import { loadRulePack, CompiledPack } from "./rules/pack";
import { createCalendar, Calendar } from "./dates";
import { DataFileError } from "./util/schema";
// The methodology functions templates call (002 evaluation, …): registered wherever a catalog is made.
import "./methodology/register";
// Generic per-row group counts (activities by status in each section…).
import "./computed-groups";

/** Everything the checker knows: templates, compiled rule packs and the working-day calendar. */
export interface Catalog {
  templates: Template[];
  packs: CompiledPack[];
  calendar: Calendar;
}

export interface DataFile {
  file: string;
  data: unknown;
}

/**
 * Build a catalog from data files (read by the caller: the CLI from disk, the add-in from its
 * bundle). Every problem in every file is reported at once.
 */
export function createCatalog(templates: DataFile[], packs: DataFile[], calendar: DataFile): Catalog {
  const errors: DataFileError[] = [];
  const loaded: Template[] = [];
  for (const t of templates) {
    try {
      loaded.push(loadTemplate(t.data, t.file));
    } catch (e) {
      if (e instanceof DataFileError) errors.push(e);
      else throw e;
    }
  }
  const ids = new Set(loaded.map((t) => t.id));
  const compiled: CompiledPack[] = [];
  for (const p of packs) {
    try {
      compiled.push(loadRulePack(p.data, p.file, ids));
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
  if (errors.length) throw new DataFileError(errors.flatMap((e) => e.errors));
  let cal: Calendar;
  try {
    cal = createCalendar(calendar.data);
  } catch (e) {
    throw new DataFileError([{ file: calendar.file, path: "/", message: (e as Error).message }]);
  }
  return { templates: loaded, packs: compiled, calendar: cal };
}

export function findTemplate(catalog: Catalog, id: string): Template | undefined {
  return catalog.templates.find((t) => t.id === id);
}
