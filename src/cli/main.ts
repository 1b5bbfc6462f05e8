import { loadCatalog, packageVersion } from "./data";
import { catalogForCheck } from "./catalog";
import { catalogReport } from "./catalog-report";
import { isLang, Lang } from "../core/i18n";
import { say } from "./messages";
import { EXIT, runCommand, UsageError, type UsageKey } from "./command";
import { DEFAULT_LIMITS, isLimitName, RunLimits } from "../xlsx/limits";
import { runCheck } from "./check";
import { CatalogError } from "./pool";
import { templatesList, templatesBuild } from "./templates";
import { printFiles } from "./print";
import type { Io } from "./render";
import { asConsumer } from "./collected";
import { registerCollector } from "./register";
import { reportCollector } from "./report";

export type { Io } from "./render";

/** stdout closed by the reader (`jospar check … | head -1`): stop printing, finish the work quietly. */
let stdoutClosed = false;
const stdio: Io = {
  out: (s) => {
    if (!stdoutClosed) process.stdout.write(s + "\n");
  },
  err: (s) => process.stderr.write(s + "\n"),
};

export function watchStdout(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") stdoutClosed = true;
    else throw e;
  });
}

/** Run the `jospar` command; resolves to the exit code. Never throws: bad input is a status, a defect is exit 3. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const lang: Lang = envLang();
  // The catalog's and migration's commands parse their own options (src/cli/catalog.ts, src/cli/migrate.ts).
  if (argv[0] === "catalog") return (await import("./catalog")).catalogMain(argv.slice(1), io, lang);
  if (argv[0] === "migrate") return (await import("./migrate")).migrateMain(argv.slice(1), io, lang);
  const options = {
    format: { type: "string", default: "text" },
    out: { type: "string" },
    "out-dir": { type: "string" },
    jobs: { type: "string" },
    limit: { type: "string", multiple: true },
    register: { type: "string" },
    report: { type: "string" },
    catalog: { type: "string" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean", short: "v" },
  } as const;
  return runCommand(argv, io, lang, { options, usage: (l) => say("usage", l), badInput: workerCatalog }, async ({ values, positionals, lang, debug }) => {
    if (values.version) {
      io.out(packageVersion());
      return 0;
    }
    if (values.help || positionals.length === 0) {
      io.out(say("usage", lang));
      return positionals.length === 0 && !values.help ? 2 : 0;
    }
    const format = values.format;
    if (format !== "text" && format !== "json" && format !== "ndjson") throw new UsageError("badFormat", format);
    const [command, sub, ...rest] = positionals;
    if (command === "check") {
      const args = [sub, ...rest].filter((x): x is string => !!x);
      if (args.length === 0) throw new UsageError("needFile");
      // The register and the report consume each file's result as it comes (collected.ts).
      const failed: string[] = [];
      const catalogDir = values.catalog;
      const catalog = format === "json" || values.register ? (catalogDir ? await catalogForCheck(catalogDir) : loadCatalog()) : null;
      const consumers = [
        ...(values.register && catalog ? [asConsumer(registerCollector(values.register, catalog, lang), io, failed, lang)] : []),
        ...(values.report ? [asConsumer(reportCollector(values.report, lang), io, failed, lang)] : []),
      ];
      const code = await runCheck(args, {
        format, lang, debug,
        outDir: values["out-dir"],
        jobs: values.jobs === undefined ? undefined : positiveInt(values.jobs, "badJobs"),
        limits: limitsFrom(values.limit ?? []),
        progress: io === stdio && process.stderr.isTTY === true,
        consumers,
        catalogDir,
        ...(format === "json" && catalog ? { about: catalogReport(catalog) } : {}),
      }, io);
      return failed.length ? Math.max(code, EXIT.unusable) : code;
    }
    if (format === "ndjson") throw new UsageError("badFormat", format);
    const catalog = loadCatalog();
    if (command === "print") {
      const files = [sub, ...rest].filter((x): x is string => !!x);
      if (files.length === 0 || !values["out-dir"]) throw new UsageError("needPrint");
      return await printFiles(catalog, files, values["out-dir"], lang, io);
    }
    if (command === "templates" && sub === "list") return templatesList(catalog, format, lang, io);
    if (command === "templates" && sub === "build") {
      if (!values.out) throw new UsageError("needOut");
      return await templatesBuild(catalog, values.out, lang, io);
    }
    throw new UsageError("unknownCommand", positionals.join(" "));
  });
}

/** The catalog's data failed to load in a checking worker: said as bad data (exit 2); any other failure there is a defect. */
function workerCatalog(e: unknown, lang: Lang, io: Io): number | null {
  if (!(e instanceof CatalogError) || !e.dataErrors) return null;
  io.err(`jospar: ${say("badData", lang)}\n${e.message}`);
  return EXIT.unusable;
}

function positiveInt(v: string, key: UsageKey): number {
  if (!/^[1-9][0-9]{0,5}$/.test(v)) throw new UsageError(key, v);
  return Number(v);
}

/** `--limit NAME=VALUE` over the defaults (README, "Limits"). */
function limitsFrom(args: string[]): RunLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const a of args) {
    const eq = a.indexOf("=");
    const name = a.slice(0, eq);
    const value = Number(a.slice(eq + 1));
    if (eq < 1 || !isLimitName(name) || !Number.isFinite(value) || value <= 0) throw new UsageError("badLimit", a);
    limits[name] = value;
  }
  return limits;
}

function envLang(): Lang {
  const v = process.env.JOSPAR_LANG;
  return isLang(v) ? v : "kk";
}

if (require.main === module) {
  watchStdout();
  // exitCode, not exit(): a large JSON report piped to another program must be written out first.
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
