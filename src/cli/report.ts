import { promises as fs } from "fs";
import type { Lang, Localized } from "../core/i18n";
import { pick } from "../core/i18n";
import { CollectedFile, Collector, formStatus, FormStatus, STATUS_TEXT } from "./collected";

/**
 * `jospar check --report FILE.html`: one self-contained page for the collector — the summary,
 * charts drawn as inline SVG by this code (findings by rule, status by body), and a sortable,
 * filterable table per body. No CDN, no fonts, no network: it opens from a USB stick. The
 * numbers are written into the page as it is built; the little script only sorts and filters.
 */
const T = {
  title: { kk: "Жинақ бойынша есеп", ru: "Сводный отчёт по сбору", en: "Collection report" },
  summary: { kk: "Қорытынды", ru: "Итоги", en: "Summary" },
  files: { kk: "Файлдар", ru: "Файлы", en: "Files" },
  forms: { kk: "Нысандар", ru: "Формы", en: "Forms" },
  unreadable: { kk: "Оқылмайтын файлдар", ru: "Нечитаемые файлы", en: "Unreadable files" },
  errors: { kk: "Қателер", ru: "Ошибки", en: "Errors" },
  warnings: { kk: "Ескертулер", ru: "Предупреждения", en: "Warnings" },
  infos: { kk: "Ақпарат", ru: "Информация", en: "Info" },
  accepted: { kk: "Қабылданған", ru: "Принято", en: "Accepted" },
  byRule: { kk: "Ережелер бойынша ескертулер", ru: "Замечания по правилам", en: "Findings by rule" },
  byBody: { kk: "Органдар бойынша күйі", ru: "Статус по органам", en: "Status by body" },
  body: { kk: "Орган", ru: "Орган", en: "Body" },
  noBody: { kk: "(орган көрсетілмеген)", ru: "(орган не указан)", en: "(no body given)" },
  file: { kk: "Файл", ru: "Файл", en: "File" },
  form: { kk: "Нысан", ru: "Форма", en: "Form" },
  year: { kk: "Жыл", ru: "Год", en: "Year" },
  version: { kk: "Нұсқа", ru: "Версия", en: "Version" },
  status: { kk: "Күйі", ru: "Статус", en: "Status" },
  filter: { kk: "Сүзгі…", ru: "Фильтр…", en: "Filter…" },
  filterLabel: { kk: "{body} кестесін сүзу", ru: "Фильтр таблицы {body}", en: "Filter the table of {body}" },
  sortHint: { kk: "Сұрыптау үшін тақырыпты басыңыз", ru: "Нажмите на заголовок, чтобы отсортировать", en: "Click a heading to sort" },
  reason: { kk: "Себебі", ru: "Причина", en: "Reason" },
  top: { kk: "ең жиі {n} ереже", ru: "{n} самых частых правил", en: "the {n} most frequent rules" },
} satisfies Record<string, Localized>;

const say = (k: keyof typeof T, lang: Lang, v: Record<string, string | number> = {}) => pick(T[k], lang).replace(/\{(\w+)\}/g, (_, n: string) => String(v[n] ?? ""));

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

interface Row {
  file: string;
  path: string;
  form: string;
  year: string;
  version: string;
  status: FormStatus;
  errors: number;
  warnings: number;
  accepted: number;
  reason: string;
}

const COLORS: Record<FormStatus, string> = { errors: "#c50f1f", warnings: "#bc4b09", clean: "#107c10", unreadable: "#616161" };
const ORDER: FormStatus[] = ["errors", "warnings", "clean", "unreadable"];

export function reportCollector(out: string, lang: Lang): Collector {
  const bodies = new Map<string, Row[]>();
  const rules = new Map<string, { severity: string; count: number }>();
  const totals = { files: 0, forms: 0, unreadable: 0, errors: 0, warnings: 0, infos: 0, accepted: 0 };
  return {
    file(f: CollectedFile) {
      totals.files++;
      const name = f.path.replace(/^.*[\\/]/, "");
      if (f.status === "unreadable" || f.forms.length === 0) {
        totals.unreadable++;
        const key = say("noBody", lang);
        bodies.set(key, [...(bodies.get(key) ?? []), { file: name, path: f.path, form: "—", year: "", version: "", status: "unreadable", errors: 0, warnings: 0, accepted: 0, reason: f.error?.message ?? "" }]);
        return;
      }
      for (const form of f.forms) {
        totals.forms++;
        totals.errors += form.errors;
        totals.warnings += form.warnings;
        totals.infos += form.infos;
        totals.accepted += form.accepted;
        const key = form.body ?? say("noBody", lang);
        const rows = bodies.get(key) ?? [];
        rows.push({ file: name, path: f.path, form: form.form ?? form.template.id, year: form.year === null ? "" : String(form.year), version: form.template.version, status: formStatus(form), errors: form.errors, warnings: form.warnings, accepted: form.accepted, reason: "" });
        bodies.set(key, rows);
        for (const x of form.findings) {
          if (x.accepted || x.severity === "info") continue;
          const r = rules.get(x.rule) ?? { severity: x.severity, count: 0 };
          r.count++;
          rules.set(x.rule, r);
        }
      }
    },
    async end() {
      await fs.writeFile(out, page(lang, totals, bodies, rules), "utf8");
    },
  };
}

function page(lang: Lang, totals: Record<string, number>, bodies: Map<string, Row[]>, rules: Map<string, { severity: string; count: number }>): string {
  const cards = (["files", "forms", "unreadable", "errors", "warnings", "infos", "accepted"] as const)
    .map((k) => `<div class="card" data-count="${k}"><span class="n">${totals[k]}</span><span>${esc(say(k, lang))}</span></div>`)
    .join("");
  const sorted = [...bodies.keys()].sort((a, b) => a.localeCompare(b, lang));
  const tables = sorted.map((body, i) => table(body, bodies.get(body)!, lang, i)).join("\n");
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(say("title", lang))}</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px;color:#242424;background:#fff}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:24px 0 8px}
.cards{display:flex;flex-wrap:wrap;gap:8px}.card{border:1px solid #d1d1d1;border-radius:6px;padding:8px 12px;min-width:90px;display:flex;flex-direction:column}
.card .n{font-size:22px;font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}svg text{font:12px system-ui,Arial,sans-serif;fill:#242424}
table{border-collapse:collapse;margin:4px 0 12px;min-width:60%}th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left}
th{background:#f5f5f5;cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right}.st{font-weight:600}.st-errors{color:${COLORS.errors}}.st-warnings{color:${COLORS.warnings}}.st-clean{color:${COLORS.clean}}.st-unreadable{color:${COLORS.unreadable}}
input[type=search]{padding:4px 6px;margin:4px 0;min-width:240px}.hint{color:#616161;font-size:12px}
.legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
</style></head><body>
<h1>${esc(say("title", lang))}</h1>
<section aria-labelledby="s-summary"><h2 id="s-summary">${esc(say("summary", lang))}</h2><div class="cards">${cards}</div></section>
<section class="charts">
<figure>${rulesChart(rules, lang)}</figure>
<figure>${bodiesChart(bodies, sorted, lang)}</figure>
</section>
<p class="hint">${esc(say("sortHint", lang))}</p>
${tables}
<script>
(function(){
  function key(td){var v=td.getAttribute("data-v");return v!==null&&v!==""&&!isNaN(+v)?+v:(td.textContent||"").toLowerCase();}
  document.querySelectorAll("table.sortable").forEach(function(t){
    t.querySelectorAll("th").forEach(function(th,i){
      th.addEventListener("click",function(){
        var dir=th.getAttribute("aria-sort")==="ascending"?"descending":"ascending";
        t.querySelectorAll("th").forEach(function(x){x.removeAttribute("aria-sort");});
        th.setAttribute("aria-sort",dir);
        var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);return (x<y?-1:x>y?1:0)*(dir==="ascending"?1:-1);});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  document.querySelectorAll("input[data-filter]").forEach(function(inp){
    var t=document.getElementById(inp.getAttribute("data-filter"));
    inp.addEventListener("input",function(){
      var q=inp.value.toLowerCase();
      Array.prototype.forEach.call(t.tBodies[0].rows,function(r){r.hidden=q!==""&&(r.textContent||"").toLowerCase().indexOf(q)<0;});
    });
  });
})();
</script>
</body></html>
`;
}

function table(body: string, rows: Row[], lang: Lang, i: number): string {
  const id = `t${i}`;
  const head = [say("file", lang), say("form", lang), say("year", lang), say("version", lang), say("status", lang), say("errors", lang), say("warnings", lang), say("accepted", lang), say("reason", lang)];
  const tr = rows
    .map(
      (r) =>
        `<tr><td title="${esc(r.path)}">${esc(r.file)}</td><td>${esc(r.form)}</td><td data-v="${esc(r.year)}">${esc(r.year)}</td><td>${esc(r.version)}</td>` +
        `<td class="st st-${r.status}" data-v="${ORDER.indexOf(r.status)}">${esc(pick(STATUS_TEXT[r.status], lang))}</td>` +
        `<td class="num" data-v="${r.errors}">${r.errors}</td><td class="num" data-v="${r.warnings}">${r.warnings}</td><td class="num" data-v="${r.accepted}">${r.accepted}</td><td>${esc(r.reason)}</td></tr>`,
    )
    .join("");
  return `<section class="body" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(body)}</h2>
<input type="search" data-filter="${id}" placeholder="${esc(say("filter", lang))}" aria-label="${esc(say("filterLabel", lang, { body }))}">
<table id="${id}" class="sortable"><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${tr}</tbody></table></section>`;
}

const TOP = 20;

/** Horizontal bars: findings (errors and warnings, not accepted) per rule, the most frequent first. */
function rulesChart(rules: Map<string, { severity: string; count: number }>, lang: Lang): string {
  const list = [...rules.entries()].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).slice(0, TOP);
  const max = Math.max(1, ...list.map(([, r]) => r.count));
  const label = 320;
  const width = 720;
  const bar = width - label - 50;
  const h = 22;
  const height = Math.max(1, list.length) * h + 8;
  const bars = list
    .map(([rule, r], i) => {
      const w = Math.max(1, Math.round((r.count / max) * bar));
      const y = 4 + i * h;
      return `<g data-rule="${esc(rule)}" data-count="${r.count}"><text x="${label - 6}" y="${y + 15}" text-anchor="end">${esc(rule.length > 42 ? rule.slice(0, 41) + "…" : rule)}</text>` +
        `<rect x="${label}" y="${y + 3}" width="${w}" height="${h - 8}" fill="${r.severity === "error" ? COLORS.errors : COLORS.warnings}"><title>${esc(rule)}: ${r.count}</title></rect>` +
        `<text x="${label + w + 4}" y="${y + 15}">${r.count}</text></g>`;
    })
    .join("");
  const caption = `${esc(say("byRule", lang))}${rules.size > TOP ? ` (${esc(say("top", lang, { n: TOP }))})` : ""}`;
  return `<figcaption>${caption}</figcaption><svg role="img" aria-label="${esc(say("byRule", lang))}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars}</svg>`;
}

/** Stacked bars: the forms of each body by status. */
function bodiesChart(bodies: Map<string, Row[]>, sorted: string[], lang: Lang): string {
  const label = 320;
  const width = 720;
  const bar = width - label - 40;
  const h = 22;
  const max = Math.max(1, ...sorted.map((b) => bodies.get(b)!.length));
  const height = Math.max(1, sorted.length) * h + 8;
  const rows = sorted
    .map((body, i) => {
      const y = 4 + i * h;
      let x = label;
      const parts = ORDER.map((s) => {
        const n = bodies.get(body)!.filter((r) => r.status === s).length;
        if (!n) return "";
        const w = Math.round((n / max) * bar);
        const rect = `<rect x="${x}" y="${y + 3}" width="${Math.max(1, w)}" height="${h - 8}" fill="${COLORS[s]}" data-status="${s}" data-count="${n}"><title>${esc(body)}: ${esc(pick(STATUS_TEXT[s], lang))} ${n}</title></rect>`;
        x += w;
        return rect;
      }).join("");
      const name = body.length > 40 ? body.slice(0, 39) + "…" : body;
      return `<g data-body="${esc(body)}"><text x="${label - 6}" y="${y + 15}" text-anchor="end">${esc(name)}</text>${parts}<text x="${x + 4}" y="${y + 15}">${bodies.get(body)!.length}</text></g>`;
    })
    .join("");
  const legend = ORDER.map((s) => `<span><i style="background:${COLORS[s]}"></i>${esc(pick(STATUS_TEXT[s], lang))}</span>`).join("");
  return `<figcaption>${esc(say("byBody", lang))}</figcaption><div class="legend">${legend}</div><svg role="img" aria-label="${esc(say("byBody", lang))}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows}</svg>`;
}
