import { parseArgs } from "util";
import { promises as fs } from "fs";
import { basename, join, extname } from "path";
import { loadCatalog, packageVersion } from "./data";
import { UnreadableError } from "../xlsx/read";
import { XlsxWorkbookPort } from "../xlsx/port";
import { buildTemplateWorkbook, buildFamilyWorkbook } from "../xlsx/build";
import { writeCheckedCopy } from "../xlsx/annotate";
import { printFiles } from "./print";
import { checkWorkbook, WorkbookResult } from "../core/workbook";
import { Checker } from "../core/check";
import type { Catalog } from "../core/catalog";
import { DataFileError } from "../core/util/schema";
import { isLang, Lang, pick } from "../core/i18n";
import { say } from "./messages";
import type { Computation, TraceStep } from "../core/trace";
import type { PreparedForm } from "../core/check";
import type { RowComputation } from "../core/computed-rows";
import { computedText } from "../core/present";
import { a1 } from "../core/grid";
import type { Finding } from "../core/findings";

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = { out: (s) => process.stdout.write(s + "\n"), err: (s) => process.stderr.write(s + "\n") };

class UsageError extends Error {}

/** Run the `jospar` command; resolves to the exit code. Never throws for bad input. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let lang: Lang = envLang();
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        lang: { type: "string" },
        out: { type: "string" },
        "out-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
    if (values.lang !== undefined) {
      if (!isLang(values.lang)) throw new UsageError(`--lang must be kk, ru or en (got "${values.lang}")`);
      lang = values.lang;
    }
    if (values.version) {
      io.out(packageVersion());
      return 0;
    }
    if (values.help || positionals.length === 0) {
      io.out(say("usage", lang));
      return positionals.length === 0 && !values.help ? 2 : 0;
    }
    const format = values.format;
    if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json (got "${format}")`);
    const [command, sub, ...rest] = positionals;
    const catalog = loadCatalog();
    if (command === "templates" && sub === "list") return templatesList(catalog, format, lang, io);
    if (command === "templates" && sub === "build") {
      if (!values.out) throw new UsageError("templates build needs --out DIR");
      return await templatesBuild(catalog, values.out, lang, io);
    }
    if (command === "print") {
      const files = [sub, ...rest].filter((x): x is string => !!x);
      if (files.length === 0 || !values["out-dir"]) throw new UsageError("print needs FILE... and --out-dir DIR");
      return await printFiles(catalog, files, values["out-dir"], lang, io);
    }
    if (command === "check") {
      const files = [sub, ...rest].filter((x): x is string => !!x);
      if (files.length === 0) throw new UsageError("check needs at least one FILE");
      return await check(catalog, files, { format, lang, outDir: values["out-dir"] }, io);
    }
    throw new UsageError(`unknown command: ${positionals.join(" ")}`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`jospar: ${(e as Error).message}\n\n${say("usage", lang)}`);
      return 2;
    }
    if (e instanceof DataFileError) {
      io.err(`jospar: ${say("badData", lang)}\n${e.message}`);
      return 2;
    }
    throw e;
  }
}

function envLang(): Lang {
  const v = process.env.JOSPAR_LANG;
  return isLang(v) ? v : "kk";
}

function templatesList(catalog: Catalog, format: string, lang: Lang, io: Io): number {
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

async function templatesBuild(catalog: Catalog, outDir: string, lang: Lang, io: Io): Promise<number> {
  await fs.mkdir(outDir, { recursive: true });
  // A template on its own is one workbook; a family (forms filled together) is one workbook of several sheets.
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

interface FileReport {
  path: string;
  status: "ok" | "unreadable";
  error?: { code: string; message: string };
  result?: WorkbookResult;
}

async function check(catalog: Catalog, files: string[], opts: { format: string; lang: Lang; outDir?: string }, io: Io): Promise<number> {
  // Each file is checked once: no incremental cache.
  const checker = new Checker(catalog.packs, catalog.calendar, { incremental: false });
  const reports: FileReport[] = [];
  if (opts.outDir) await fs.mkdir(opts.outDir, { recursive: true });
  for (const path of files) {
    try {
      // Through the workbook port, as the add-in reads its workbook.
      const snapshot = await (await XlsxWorkbookPort.open(path)).read();
      const result = checkWorkbook(snapshot, catalog, checker);
      if (result.forms.length === 0) {
        reports.push({ path, status: "unreadable", error: { code: "no-form", message: say("noForm", opts.lang) } });
        continue;
      }
      reports.push({ path, status: "ok", result });
      if (opts.outDir) {
        const out = join(opts.outDir, `${basename(path, extname(path))}.checked.xlsx`);
        await writeCheckedCopy(path, out, result, opts.lang);
        if (opts.format === "text") io.err(`${say("wrote", opts.lang)} ${out}`);
      }
    } catch (e) {
      if (e instanceof UnreadableError) reports.push({ path, status: "unreadable", error: { code: e.code, message: e.message } });
      else reports.push({ path, status: "unreadable", error: { code: "internal", message: (e as Error).message } });
    }
  }
  const counts = { errors: 0, warnings: 0, infos: 0, accepted: 0 };
  for (const r of reports)
    for (const f of r.result?.forms ?? []) {
      for (const x of f.findings) counts[x.severity === "error" ? "errors" : x.severity === "warning" ? "warnings" : "infos"]++;
      counts.accepted += f.accepted.length;
    }
  if (opts.format === "json") io.out(JSON.stringify(jsonReport(reports, counts, opts.lang), null, 2));
  else textReport(reports, counts, opts.lang, io);
  // An unreadable file may hide errors: unusable input outranks findings.
  if (reports.some((r) => r.status === "unreadable")) return 2;
  return counts.errors > 0 ? 1 : 0;
}

function jsonReport(reports: FileReport[], counts: { errors: number; warnings: number; infos: number; accepted: number }, lang: Lang) {
  return {
    jospar: packageVersion(),
    files: reports.map((r) => ({
      path: r.path,
      status: r.status,
      ...(r.error ? { error: r.error } : {}),
      forms: (r.result?.forms ?? []).map((f) => ({
        sheet: f.sheet,
        template: f.template,
        findings: [...f.findings, ...f.accepted].map((x) => ({
          rule: x.rule, severity: x.severity, sheet: x.sheet, cell: x.cell, message: pick(x.message, lang), source: x.source,
          ...(x.legacy ? { legacy: true } : {}),
          ...reviewJson(x),
        })),
        computed: Object.fromEntries(Object.entries(f.computed).map(([k, c]) => [k, c.value])),
        traces: Object.fromEntries(Object.entries(f.computed).map(([k, c]) => [k, traceJson(c, lang)])),
        computedCells: f.computedCells,
        computedRows: rowsJson(f.prepared, lang),
      })),
      ...(r.result?.unrecognised.length ? { unrecognisedSheets: r.result.unrecognised } : {}),
    })),
    summary: { files: reports.length, ...counts },
  };
}

/** A reviewer's decision on a finding: `accepted: {by, at, reason}`, or `lapsed` when the values changed since. */
function reviewJson(x: Finding): Record<string, unknown> {
  if (!x.review) return {};
  const { by, at, reason } = x.review;
  return { [x.review.status]: { by, at, reason } };
}

/** Per-row computed columns: column id → one entry per row (sheet row, cell, value, text, trace). */
function rowsJson(p: PreparedForm, lang: Lang): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [col, values] of Object.entries(p.rowComputed)) {
    const c = p.doc.columns[col];
    out[col] = [...values.entries()]
      .filter(([, v]) => !(v as RowComputation).notApplicable)
      .map(([i, v]) => {
        const row = p.doc.rows[i];
        const text = (v as RowComputation).text;
        return { row: row.sheetRow + 1, cell: c === undefined ? null : a1(row.sheetRow, c), value: v.value, ...(text ? { text } : {}), trace: traceJson(v, lang) };
      });
  }
  return out;
}

function traceJson(c: Computation, lang: Lang): unknown {
  const walk = (s: TraceStep): unknown => ({
    name: s.name,
    ...(s.label ? { label: pick(s.label, lang) } : {}),
    value: s.value,
    ...(s.formula ? { formula: s.formula } : {}),
    ...(s.inputs ? { inputs: s.inputs } : {}),
    ...(s.excluded ? { excluded: pick(s.excluded.reason, lang) } : {}),
    ...(s.cell ? { cell: s.cell } : {}),
    ...(s.children?.length ? { children: s.children.map(walk) } : {}),
  });
  return walk(c.trace);
}

function textReport(reports: FileReport[], counts: { errors: number; warnings: number; infos: number; accepted: number }, lang: Lang, io: Io): void {
  const sev = say("severity", lang);
  for (const r of reports) {
    if (r.status === "unreadable") {
      io.out(`${r.path}: ${say("unreadable", lang)}: ${r.error!.message}`);
      continue;
    }
    for (const f of r.result!.forms) {
      io.out(`${r.path} [${f.sheet}] ${f.template.id} ${f.template.version}`);
      if (f.findings.length === 0 && f.accepted.length === 0) io.out(`  ${say("noFindings", lang)}`);
      for (const x of f.findings) {
        const where = x.cell ?? "—";
        io.out(`  ${sev[x.severity].padEnd(8)} ${where.padEnd(6)} ${x.rule}: ${pick(x.message, lang)}`);
        if (x.review) io.out(`           ${say("lapsed", lang)(x.review.by, x.review.at.slice(0, 10), x.review.reason)}`);
      }
      for (const x of f.accepted) {
        io.out(`  ${say("acceptedWord", lang).padEnd(8)} ${(x.cell ?? "—").padEnd(6)} ${x.rule}: ${pick(x.message, lang)}`);
        io.out(`           ${say("acceptedBy", lang)(x.review!.by, x.review!.at.slice(0, 10), x.review!.reason)}`);
      }
      const computed = Object.entries(f.computed).filter(([, c]) => c.value !== null);
      // By their labels in the chosen language, 10 significant digits; the JSON keeps ids and full precision.
      if (computed.length) io.out(`  = ${computed.map(([k, c]) => computedText(k, c, lang, f.prepared.doc.template)).join("; ")}`);
    }
    if (r.result!.unrecognised.length) io.out(`  (${say("unrecognisedSheets", lang)}: ${r.result!.unrecognised.join(", ")})`);
  }
  io.out(say("summary", lang)(reports.length, counts.errors, counts.warnings, counts.infos) + (counts.accepted ? say("acceptedCount", lang)(counts.accepted) : ""));
}

if (require.main === module) {
  // exitCode, not exit(): a large JSON report piped to another program must be written out first.
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`jospar: internal error: ${(e as Error).message}\n`);
      process.exit(2);
    },
  );
}
