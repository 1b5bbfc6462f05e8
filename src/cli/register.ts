import ExcelJS from "exceljs";
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, rmSync, writeSync } from "fs";
import { tmpdir } from "os";
import { createInterface } from "readline";
import { dirname, join, relative, basename, sep } from "path";
import type { Lang, Localized } from "../core/i18n";
import { pick } from "../core/i18n";
import type { Catalog } from "../core/catalog";
import { CollectedFile, Collector, formStatus, STATUS_TEXT } from "./collected";

/**
 * `jospar check --register FILE.xlsx`: the collector's consolidated workbook.
 *  - «Register»: one row per file and form (body and year from the form's header, form, template
 *    version, catalog version, status, errors, warnings, accepted, the file's path as a link);
 *    an unreadable file is one row with the reason;
 *  - «By rule»: findings counted by rule, with the rule's message in the chosen language;
 *  - «Findings»: every finding, each with a link to its file (and cell).
 * Filters and frozen headings on every sheet. Only compact rows (one per file and form) and the
 * per-rule counts are kept while files come in; the findings are spilled to a temporary NDJSON
 * file and streamed back into a streaming workbook writer, so memory does not grow with them.
 */
const T = {
  register: { kk: "Тізілім", ru: "Реестр", en: "Register" },
  byRule: { kk: "Ережелер бойынша", ru: "По правилам", en: "By rule" },
  findings: { kk: "Ескертулер", ru: "Замечания", en: "Findings" },
  file: { kk: "Файл", ru: "Файл", en: "File" },
  body: { kk: "Орган", ru: "Орган", en: "Body" },
  year: { kk: "Жыл", ru: "Год", en: "Year" },
  form: { kk: "Нысан", ru: "Форма", en: "Form" },
  title: { kk: "Атауы", ru: "Название", en: "Title" },
  sheet: { kk: "Парақ", ru: "Лист", en: "Sheet" },
  template: { kk: "Үлгі", ru: "Шаблон", en: "Template" },
  version: { kk: "Үлгі нұсқасы", ru: "Версия шаблона", en: "Template version" },
  catalog: { kk: "Каталог нұсқасы", ru: "Версия каталога", en: "Catalog version" },
  status: { kk: "Күйі", ru: "Статус", en: "Status" },
  errors: { kk: "Қателер", ru: "Ошибки", en: "Errors" },
  warnings: { kk: "Ескертулер", ru: "Предупреждения", en: "Warnings" },
  infos: { kk: "Ақпарат", ru: "Информация", en: "Info" },
  accepted: { kk: "Қабылданған", ru: "Принято", en: "Accepted" },
  path: { kk: "Жолы", ru: "Путь", en: "Path" },
  reason: { kk: "Себебі", ru: "Причина", en: "Reason" },
  rule: { kk: "Ереже", ru: "Правило", en: "Rule" },
  severity: { kk: "Деңгейі", ru: "Уровень", en: "Severity" },
  message: { kk: "Хабарлама", ru: "Сообщение", en: "Message" },
  count: { kk: "Саны", ru: "Количество", en: "Count" },
  files: { kk: "Файлдар", ru: "Файлов", en: "Files" },
  cell: { kk: "Ұяшық", ru: "Ячейка", en: "Cell" },
  acceptedBy: { kk: "Қабылдаған", ru: "Кем принято", en: "Accepted by" },
  sev: { kk: { error: "қате", warning: "ескерту", info: "ақпарат" }, ru: { error: "ошибка", warning: "предупреждение", info: "информация" }, en: { error: "error", warning: "warning", info: "info" } },
} as const;

const say = (k: Exclude<keyof typeof T, "sev">, lang: Lang) => pick(T[k] as Localized, lang);

interface RuleCount {
  rule: string;
  severity: string;
  message: string;
  count: number;
  accepted: number;
  files: Set<number>;
}

export function registerCollector(out: string, catalog: Catalog, lang: Lang): Collector & { counts(): { files: number; errors: number; warnings: number; infos: number; accepted: number } } {
  const base = dirname(out);
  const catalogVersion = catalog.release?.version ?? null;
  const files: { path: string; link: string }[] = [];
  const register: (string | number | null)[][] = [];
  // The findings' rows, one JSON array per line, in a private temporary folder removed at the end.
  const spillDir = mkdtempSync(join(tmpdir(), "jospar-register-"));
  const spill = join(spillDir, "findings.ndjson");
  const spillFd = openSync(spill, "w");
  let findingCount = 0;
  const rules = new Map<string, RuleCount>();
  const totals = { files: 0, errors: 0, warnings: 0, infos: 0, accepted: 0 };
  const linkTo = (path: string) => relative(base, path).split(sep).join("/") || basename(path);
  return {
    counts: () => ({ ...totals }),
    file(f: CollectedFile) {
      const fi = files.push({ path: f.path, link: linkTo(f.path) }) - 1;
      totals.files++;
      if (f.status === "unreadable" || f.forms.length === 0) {
        register.push([fi, null, null, null, null, null, null, catalogVersion, pick(STATUS_TEXT.unreadable, lang), null, null, null, f.error?.message ?? null]);
        return;
      }
      for (const form of f.forms) {
        totals.errors += form.errors;
        totals.warnings += form.warnings;
        totals.infos += form.infos;
        totals.accepted += form.accepted;
        register.push([fi, form.body, form.year, form.form ?? form.template.id, form.sheet, form.template.id, form.template.version, catalogVersion, pick(STATUS_TEXT[formStatus(form)], lang), form.errors, form.warnings, form.accepted, null]);
        let lines = "";
        for (const x of form.findings) {
          lines += JSON.stringify([fi, form.body, x.sheet, x.cell, x.rule, T.sev[lang][x.severity], x.message, x.accepted ? `${x.accepted.by}, ${x.accepted.at.slice(0, 10)}: ${x.accepted.reason}` : null]) + "\n";
          findingCount++;
          const rc = rules.get(x.rule) ?? { rule: x.rule, severity: x.severity, message: ruleMessage(catalog, x.rule, lang) || x.message, count: 0, accepted: 0, files: new Set<number>() };
          if (x.accepted) rc.accepted++;
          else rc.count++;
          rc.files.add(fi);
          rules.set(x.rule, rc);
        }
        if (lines) writeSync(spillFd, lines);
      }
    },
    async end() {
      closeSync(spillFd);
      try {
        await writeRegister();
      } finally {
        rmSync(spillDir, { recursive: true, force: true });
      }
    },
  };

  async function writeRegister() {
    // Our own stream, opened first: the streaming writer would only emit an unopenable path's error.
    const stream = createWriteStream(out);
    let failed: Error | null = null;
    await new Promise<void>((resolve, reject) => stream.once("open", () => resolve()).once("error", reject));
    stream.on("error", (e) => (failed = e));
    const closed = new Promise<void>((resolve, reject) => stream.once("close", () => (failed ? reject(failed) : resolve())));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    wb.creator = "Jospar";
    const link = (fi: number, sheet?: string | null, cell?: string | null) => {
      const f = files[fi];
      const anchor = sheet && cell ? `#'${sheet.replace(/'/g, "''")}'!${cell}` : "";
      return { text: basename(f.path), hyperlink: `${f.link}${anchor}` };
    };
    const sheet = (name: string, headings: string[], widths: number[], rows: number) => {
      const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
      ws.columns = headings.map((h, i) => ({ header: h, width: widths[i] }));
      ws.getRow(1).font = { bold: true };
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows + 1), column: headings.length } };
      return ws;
    };
    const linkFont = { color: { argb: "FF0563C1" }, underline: true } as const;
    const reg = sheet(
      say("register", lang),
      [say("file", lang), say("body", lang), say("year", lang), say("form", lang), say("sheet", lang), say("template", lang), say("version", lang), say("catalog", lang), say("status", lang), say("errors", lang), say("warnings", lang), say("accepted", lang), say("reason", lang), say("path", lang)],
      [28, 36, 8, 10, 24, 24, 10, 10, 16, 9, 9, 9, 40, 50],
      register.length,
    );
    for (const r of register) {
      const row = reg.addRow([link(r[0] as number), ...r.slice(1), files[r[0] as number].path]);
      row.getCell(1).font = linkFont;
      row.commit();
    }
    reg.commit();

    const br = sheet(say("byRule", lang), [say("rule", lang), say("severity", lang), say("count", lang), say("accepted", lang), say("files", lang), say("message", lang)], [36, 14, 9, 10, 9, 90], rules.size);
    for (const r of [...rules.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)))
      br.addRow([r.rule, T.sev[lang][r.severity as "error"], r.count, r.accepted, r.files.size, r.message]).commit();
    br.commit();

    const fs = sheet(say("findings", lang), [say("file", lang), say("body", lang), say("sheet", lang), say("cell", lang), say("rule", lang), say("severity", lang), say("message", lang), say("acceptedBy", lang)], [28, 36, 24, 8, 36, 14, 90, 40], findingCount);
    const lines = createInterface({ input: createReadStream(spill, "utf8"), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      const r = JSON.parse(line) as (string | number | null)[];
      const row = fs.addRow([link(r[0] as number, r[2] as string, r[3] as string | null), ...r.slice(1)]);
      row.getCell(1).font = linkFont;
      row.commit();
    }
    fs.commit();
    await wb.commit();
    await closed;
  }
}

/** The rule's message as its pack words it (placeholders left as they are: it describes the rule, not one finding). */
function ruleMessage(catalog: Catalog, ruleId: string, lang: Lang): string {
  for (const p of catalog.packs) for (const r of p.rules) if (r.meta.ruleId === ruleId) return pick(r.meta.message, lang);
  return "";
}
