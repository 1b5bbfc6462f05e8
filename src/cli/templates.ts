import { promises as fs } from "fs";
import { join } from "path";
import { packageVersion } from "./data";
import { buildTemplateWorkbook, buildFamilyWorkbook } from "../xlsx/build";
import { Checker } from "../core/check";
import type { Catalog } from "../core/catalog";
import { Lang, pick } from "../core/i18n";
import { say } from "./messages";
import type { Io } from "./render";

/** `jospar templates list`: every template with its form, title and legal status. */
export function templatesList(catalog: Catalog, format: string, lang: Lang, io: Io): number {
  const list = catalog.templates.map((t) => ({
    id: t.id,
    version: t.version,
    form: t.form ?? null,
    title: t.title,
    legalBasis: { seed: t.legalBasis.seed, status: t.legalBasis.status, validFrom: t.legalBasis.validFrom ?? null, validTo: t.legalBasis.validTo ?? null },
    rules: catalog.packs.filter((p) => p.pack.templates.includes(t.id)).reduce((n, p) => n + p.rules.filter((r) => r.templates.includes(t.id)).length, 0),
  }));
  if (format === "json") {
    io.out(JSON.stringify({ jospar: packageVersion(), templates: list }, null, 2));
    return 0;
  }
  for (const t of list) {
    const legacy = t.legalBasis.status === "repealed" ? `  [${say("legacy", lang)}]` : "";
    io.out(`${t.id.padEnd(28)} ${t.version.padEnd(7)} ${(t.form ?? "").padEnd(4)} ${pick(t.title, lang)}${legacy}`);
  }
  return 0;
}

/** `jospar templates build`: one workbook per template, or per family of forms filled together. */
export async function templatesBuild(catalog: Catalog, outDir: string, lang: Lang, io: Io): Promise<number> {
  await fs.mkdir(outDir, { recursive: true });
  const families = new Map<string, Catalog["templates"]>();
  for (const t of catalog.templates) {
    if (!t.family) {
      const file = join(outDir, `${t.id}.xlsx`);
      await buildTemplateWorkbook(t, undefined, packParams(catalog, [t.id])).xlsx.writeFile(file);
      io.out(`${say("wrote", lang)} ${file}`);
    } else families.set(t.family.id, [...(families.get(t.family.id) ?? []), t]);
  }
  for (const [id, members] of families) {
    const file = join(outDir, `${id}.xlsx`);
    await buildFamilyWorkbook(members.sort((a, b) => a.family!.order - b.family!.order), {}, packParams(catalog, members.map((m) => m.id))).xlsx.writeFile(file);
    io.out(`${say("wrote", lang)} ${file}`);
  }
  return 0;
}

/** The rule packs' parameters for templates (e.g. the methodology choices their formulas are written with). */
function packParams(catalog: Catalog, ids: string[]): Record<string, unknown> {
  const checker = new Checker(catalog.packs, catalog.calendar);
  return Object.assign({}, ...ids.map((id) => checker.paramsFor(id)));
}
