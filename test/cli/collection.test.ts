/**
 * `jospar check --register FILE.xlsx --report FILE.html` (issue 12 item 4) on the sample set
 * (every form, clean and with violations, four broken files, one workbook with acceptances):
 * the register opened by ExcelJS and LibreOffice, the report by headless Chromium; their numbers
 * equal the JSON summary. Screenshot: test-output/collection-report.png.
 */
import ExcelJS from "exceljs";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";
import { run } from "../helpers/cli";
import { catalog } from "../helpers/forms";
import { saveWithLibreOffice, testLibreOffice } from "../helpers/libreoffice";
import { readWorkbookBuffer } from "../../src/xlsx/read";
import { appendReviewRows } from "../../src/xlsx/review";
import { checkWorkbook } from "../../src/core/workbook";
import { acceptanceRow } from "../../src/core/review";

const ROOT = join(__dirname, "..", "..");
const SAMPLES = join(ROOT, "samples");
const OUT = join(ROOT, "test-output");
const CHROMIUM = "/usr/bin/chromium";
const work = mkdtempSync(join(tmpdir(), "jospar-collect-"));
const inbox = join(work, "returned");

interface Summary { files: number; errors: number; warnings: number; infos: number; accepted: number }
let json: { files: { path: string; status: string; forms: { findings: { rule: string; severity: string; accepted?: unknown }[] }[] }[]; summary: Summary };
let code: number;
const registerFile = join(work, "out", "register.xlsx");
const reportFile = join(work, "out", "report.html");

beforeAll(async () => {
  mkdirSync(join(inbox, "bad"), { recursive: true });
  mkdirSync(join(work, "out"), { recursive: true });
  for (const f of readdirSync(SAMPLES).filter((x) => x.endsWith(".xlsx"))) copyFileSync(join(SAMPLES, f), join(inbox, f));
  for (const f of readdirSync(join(SAMPLES, "bad"))) copyFileSync(join(SAMPLES, "bad", f), join(inbox, "bad", f));
  // One returned workbook carries a reviewer's acceptance of its late approval.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(SAMPLES, "operational-plan-violations.xlsx"));
  const late = checkWorkbook(await readWorkbookBuffer(Buffer.from(await wb.xlsx.writeBuffer())), catalog()).forms[0].findings.find((f) => f.rule === "OP-DEADLINE-APPROVAL")!;
  appendReviewRows(wb, [acceptanceRow({ ...late, fingerprint: late.fingerprint! }, { by: "А. Сейітова", at: "2026-12-04T10:00:00Z", reason: "Minister abroad" })]);
  writeFileSync(join(inbox, "operational-plan-reviewed.xlsx"), Buffer.from(await wb.xlsx.writeBuffer()));
  const files = readdirSync(inbox).filter((x) => x.endsWith(".xlsx")).sort().map((x) => join(inbox, x))
    .concat(readdirSync(join(inbox, "bad")).sort().map((x) => join(inbox, "bad", x)));
  const r = await run(["check", ...files, "--format", "json", "--lang", "en", "--register", registerFile, "--report", reportFile]);
  code = r.code;
  json = JSON.parse(r.out);
}, 300_000);

test("the run: unreadable files give exit 2, and one acceptance is counted", () => {
  expect(code).toBe(2);
  expect(json.summary.accepted).toBe(1);
  expect(json.summary.files).toBeGreaterThan(25);
});

async function openRegister(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows = (name: string) => {
    const ws = wb.getWorksheet(name)!;
    const out: ExcelJS.CellValue[][] = [];
    ws.eachRow((row, n) => n > 1 && out.push((row.values as ExcelJS.CellValue[]).slice(1)));
    return { ws, rows: out };
  };
  return { wb, rows };
}

const num = (v: ExcelJS.CellValue) => (typeof v === "number" ? v : 0);

test("register: one row per file and form, counts equal the JSON summary, links to the files", async () => {
  const { wb, rows } = await openRegister(readFileSync(registerFile));
  expect(wb.worksheets.map((w) => w.name)).toEqual(["Register", "By rule", "Findings"]);
  const reg = rows("Register");
  const forms = json.files.reduce((n, f) => n + Math.max(1, f.forms.length), 0);
  expect(reg.rows).toHaveLength(forms);
  const headings = (reg.ws.getRow(1).values as string[]).slice(1);
  expect(headings).toEqual(["File", "Body", "Year", "Form", "Sheet", "Template", "Template version", "Catalog version", "Status", "Errors", "Warnings", "Accepted", "Reason", "Path"]);
  const col = (h: string) => headings.indexOf(h);
  expect(reg.rows.reduce((n, r) => n + num(r[col("Errors")]), 0)).toBe(json.summary.errors);
  expect(reg.rows.reduce((n, r) => n + num(r[col("Warnings")]), 0)).toBe(json.summary.warnings);
  expect(reg.rows.reduce((n, r) => n + num(r[col("Accepted")]), 0)).toBe(json.summary.accepted);
  expect(reg.rows.filter((r) => r[col("Status")] === "unreadable")).toHaveLength(json.files.filter((f) => f.status === "unreadable").length);
  // Body and year come from the form's header.
  const plan = reg.rows.find((r) => (r[col("Path")] as string).endsWith("operational-plan-clean.xlsx"))!;
  expect(plan[col("Body")]).toEqual(expect.any(String));
  expect(plan[col("Year")]).toBe(2024);
  expect(plan[col("Form")]).toBe("F01");
  // Links are relative to the register, and lead to the files.
  for (const r of reg.rows) {
    const link = r[0] as { hyperlink: string; text: string };
    expect(existsSync(resolve(join(work, "out"), decodeURI(link.hyperlink.split("#")[0])))).toBe(true);
  }
  expect(reg.ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(reg.ws.autoFilter).toBeTruthy();

  const byRule = rows("By rule");
  const total = json.summary.errors + json.summary.warnings + json.summary.infos;
  expect(byRule.rows.reduce((n, r) => n + num(r[2]), 0)).toBe(total);
  expect(byRule.rows.reduce((n, r) => n + num(r[3]), 0)).toBe(json.summary.accepted);
  const late = byRule.rows.find((r) => r[0] === "OP-DEADLINE-APPROVAL")!;
  expect(late[5]).toMatch(/The operational plan was approved on \{context\.opApprovalDate\}/);
  const all = rows("Findings");
  expect(all.rows).toHaveLength(total + json.summary.accepted);
  expect((all.rows[0][0] as { hyperlink: string }).hyperlink).toMatch(/#'.+'!|\.xlsx$/);
  expect(all.ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(all.rows.filter((r) => typeof r[7] === "string" && /А\. Сейітова, 2026-12-04: Minister abroad/.test(r[7] as string))).toHaveLength(1);
});

testLibreOffice("register: LibreOffice opens it and reads the same numbers", async () => {
  const [saved] = await saveWithLibreOffice([readFileSync(registerFile)]);
  const { rows } = await openRegister(saved);
  const reg = rows("Register");
  expect(reg.rows.reduce((n, r) => n + num(r[9]), 0)).toBe(json.summary.errors);
  expect(reg.rows.reduce((n, r) => n + num(r[10]), 0)).toBe(json.summary.warnings);
}, 240_000);

describe("report in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  }, 120_000);
  afterAll(async () => browser?.close());

  test("renders with no console errors and no network; numbers equal the JSON; tables sort and filter", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("request", (r) => !r.url().startsWith("file:") && requests.push(r.url()));
    await page.goto(`file://${reportFile}`);
    const count = (k: string) => page.locator(`[data-count="${k}"] .n`).textContent();
    expect(Number(await count("files"))).toBe(json.summary.files);
    expect(Number(await count("errors"))).toBe(json.summary.errors);
    expect(Number(await count("warnings"))).toBe(json.summary.warnings);
    expect(Number(await count("infos"))).toBe(json.summary.infos);
    expect(Number(await count("accepted"))).toBe(json.summary.accepted);
    expect(Number(await count("unreadable"))).toBe(json.files.filter((f) => f.status === "unreadable").length);

    // The chart's bars: errors and warnings per rule, as the JSON has them (the most frequent 20).
    const perRule = new Map<string, number>();
    for (const f of json.files) for (const form of f.forms) for (const x of form.findings) if (!x.accepted && x.severity !== "info") perRule.set(x.rule, (perRule.get(x.rule) ?? 0) + 1);
    const bars = await page.locator("g[data-rule]").evaluateAll((gs) => gs.map((g) => [g.getAttribute("data-rule"), Number(g.getAttribute("data-count"))] as [string, number]));
    expect(bars.length).toBe(Math.min(20, perRule.size));
    for (const [rule, n] of bars) expect(n).toBe(perRule.get(rule!));
    // Status by body: one bar group per body, the forms of all bodies add up.
    const statusTotal = await page.locator("rect[data-status]").evaluateAll((rs) => rs.reduce((n, r) => n + Number(r.getAttribute("data-count")), 0));
    expect(statusTotal).toBe(json.files.reduce((n, f) => n + Math.max(1, f.forms.length), 0));

    // Per-body tables: rows add up; sort by errors; filter.
    const rowsAll = await page.locator("table.sortable tbody tr").count();
    expect(rowsAll).toBe(statusTotal);
    const table = page.locator("table.sortable").first();
    const errorsTh = table.locator("th", { hasText: "Errors" });
    await errorsTh.click();
    await errorsTh.click();
    expect(await errorsTh.getAttribute("aria-sort")).toBe("descending");
    const errs = await table.locator("tbody tr td:nth-child(6)").allTextContents();
    expect(errs.map(Number)).toEqual([...errs.map(Number)].sort((a, b) => b - a));
    const filter = page.locator("input[data-filter]").first();
    const firstFile = (await table.locator("tbody tr td:first-child").first().textContent())!;
    await filter.fill(firstFile);
    const visible = await table.locator("tbody tr:not([hidden])").allTextContents();
    expect(visible.length).toBeGreaterThan(0);
    for (const v of visible) expect(v).toContain(firstFile);

    mkdirSync(OUT, { recursive: true });
    await filter.fill("");
    await page.screenshot({ path: join(OUT, "collection-report.png"), fullPage: false });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);

  test("in Kazakh and Russian", async () => {
    for (const [lang, word] of [["kk", "Жинақ бойынша есеп"], ["ru", "Сводный отчёт по сбору"]] as const) {
      const file = join(work, "out", `report.${lang}.html`);
      await run(["check", join(SAMPLES, "operational-plan-violations.xlsx"), "--lang", lang, "--report", file]);
      const page = await browser.newPage();
      await page.goto(`file://${file}`);
      expect(await page.locator("h1").textContent()).toBe(word);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      await page.close();
    }
  }, 60_000);
});

test("a register that cannot be written is said in words, with exit code 2, not a crash", async () => {
  const r = await run(["check", join(SAMPLES, "operational-plan-clean.xlsx"), "--lang", "en", "--register", join(work, "no-such-folder", "r.xlsx")]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/jospar: not written: .*no-such-folder/);
});
