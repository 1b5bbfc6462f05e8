import { promises as fs } from "fs";
import { basename, extname, join, resolve } from "path";
import { valid as validSemver } from "semver";
import type { Lang } from "../core/i18n";
import { Checker } from "../core/check";
import type { Catalog } from "../core/catalog";
import { MigrationError } from "../core/migrate";
import { readWorkbookFile, UnreadableError } from "../xlsx/read";
import { migrateSnapshot } from "../xlsx/migrate";
import { loadCatalog } from "./data";
import type { Io } from "./main";
import { cm } from "./catalog-messages";
import { EXIT, runCommand, UsageError } from "./command";

const WORDS = {
  wrote: {
    kk: (f: string, n: number, c: number) => `жазылды ${f}: ${n} нысан жаңа нұсқада, ${c} мән «Ауыстырылған мәндер» парағында`,
    ru: (f: string, n: number, c: number) => `записан ${f}: форм в новой версии — ${n}, значений на листе «Ауыстырылған мәндер» — ${c}`,
    en: (f: string, n: number, c: number) => `wrote ${f}: ${n} form(s) on the new version, ${c} value(s) on the carried-over sheet`,
  },
  form: { kk: "нысан", ru: "форма", en: "form" },
  failed: { kk: "көшіру мүмкін емес", ru: "перенос невозможен", en: "cannot migrate" },
  sameFile: { kk: "бастапқы файлдың орнына жазылмайды", ru: "исходный файл не перезаписывается", en: "the input file is never overwritten" },
};

/**
 * `jospar migrate FILE... --to VERSION|latest --out-dir DIR [--catalog DIR]`: each workbook's
 * forms moved to the template version, written to DIR/<name>.migrated.xlsx; inputs untouched.
 * Exit 0 all migrated; 2 a file that could not be (the others still are) or bad usage.
 */
export async function migrateMain(argv: string[], io: Io, envLang: Lang): Promise<number> {
  const options = { to: { type: "string" }, "out-dir": { type: "string" }, catalog: { type: "string" }, format: { type: "string", default: "text" } } as const;
  return runCommand(argv, io, envLang, { options, usage: (lang) => cm("usage", lang) }, async ({ values, positionals, lang }) => {
    if (values.format !== "text" && values.format !== "json") throw new UsageError("badFormatTextJson", values.format);
    if (positionals.length === 0) throw new UsageError("needMigrateFile");
    if (!values.to || (values.to !== "latest" && !validSemver(values.to))) throw new UsageError("badTo", values.to ?? "");
    if (!values["out-dir"]) throw new UsageError("needMigrateOutDir");
    const catalog: Catalog = values.catalog ? await (await import("./catalog")).catalogForCheck(values.catalog) : loadCatalog();
    const outDir = values["out-dir"];
    await fs.mkdir(outDir, { recursive: true });
    const checker = new Checker(catalog.packs, catalog.calendar, { incremental: false });
    const report: unknown[] = [];
    let failed = false;
    for (const path of positionals) {
      const out = join(outDir, `${basename(path, extname(path))}.migrated.xlsx`);
      try {
        if (resolve(out) === resolve(path)) throw new MigrationError("no-path", WORDS.sameFile[lang]);
        const snapshot = await readWorkbookFile(path);
        const r = migrateSnapshot(snapshot, catalog, values.to, (id) => checker.paramsFor(id));
        await r.workbook.xlsx.writeFile(out);
        report.push({ path, status: "ok", out, forms: r.forms, carried: r.carried });
        if (values.format === "text") {
          for (const f of r.forms) io.out(`${path} [${f.sheet}] ${f.template} ${f.from} → ${f.to}`);
          io.out(WORDS.wrote[lang](out, r.forms.filter((f) => f.from !== f.to).length, r.carried.length));
        }
      } catch (e) {
        if (!(e instanceof MigrationError || e instanceof UnreadableError)) throw e;
        failed = true;
        report.push({ path, status: "failed", error: e.message });
        if (values.format === "text") io.err(`${path}: ${WORDS.failed[lang]}: ${e.message}`);
      }
    }
    if (values.format === "json") io.out(JSON.stringify({ files: report }, null, 2));
    return failed ? EXIT.unusable : EXIT.ok;
  });
}
