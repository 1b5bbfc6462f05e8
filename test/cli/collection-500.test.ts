/**
 * `--register` and `--report` for a 500-file collection (issue 12 acceptance): the sample set's
 * workbooks and broken files cycled into 40 body folders, checked with --jobs 2. The register
 * (written by the streaming writer, findings spilled to disk) opens with ExcelJS and its counts
 * equal the JSON summary; the report's numbers, read in headless Chromium, equal the JSON's.
 * Speed and memory are measured in bench/collect.js, not here.
 */
import ExcelJS from "exceljs";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { basename, join } from "path";
import { chromium } from "playwright-core";
import { run } from "../helpers/cli";

const ROOT = join(__dirname, "..", "..");
const SAMPLES = join(ROOT, "samples");
const N = 500;
const work = mkdtempSync(join(tmpdir(), "jospar-collect-500-"));
const inbox = join(work, "returned");
const registerFile = join(work, "out", "register.xlsx");
const reportFile = join(work, "out", "report.html");

interface Summary { files: number; errors: number; warnings: number; infos: number; accepted: number; unreadable: number }
let json: { files: { path: string; status: string; forms: unknown[] }[]; summary: Summary };

beforeAll(async () => {
  const spec = JSON.parse(readFileSync(join(SAMPLES, "samples.json"), "utf8")) as { samples: { file: string }[]; bad: { file: string }[] };
  const pool = [...spec.samples.map((s) => s.file), ...spec.bad.map((b) => b.file)].map((f) => join(SAMPLES, f));
  mkdirSync(join(work, "out"), { recursive: true });
  for (let i = 0; i < N; i++) {
    const body = join(inbox, `body-${String(i % 40).padStart(2, "0")}`);
    mkdirSync(body, { recursive: true });
    copyFileSync(pool[i % pool.length], join(body, `${String(i).padStart(4, "0")}-${basename(pool[i % pool.length])}`));
  }
  const r = await run(["check", inbox, "--format", "json", "--lang", "en", "--jobs", "2", "--register", registerFile, "--report", reportFile]);
  json = JSON.parse(r.out);
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const num = (v: unknown) => (typeof v === "number" ? v : 0);

test("500 files: the register opens with ExcelJS and its counts equal the JSON summary", async () => {
  expect(json.summary.files).toBe(N);
  expect(json.summary.unreadable).toBeGreaterThan(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(registerFile);
  expect(wb.worksheets.map((w) => w.name)).toEqual(["Register", "By rule", "Findings"]);
  const rows = (ws: ExcelJS.Worksheet) => {
    const out: unknown[][] = [];
    ws.eachRow((row, i) => i > 1 && out.push((row.values as unknown[]).slice(1)));
    return out;
  };
  const reg = rows(wb.worksheets[0]);
  expect(reg).toHaveLength(json.files.reduce((n, f) => n + Math.max(1, f.forms.length), 0));
  expect(new Set(reg.map((r) => r[13])).size).toBe(N);
  expect(reg.reduce((n, r) => n + num(r[9]), 0)).toBe(json.summary.errors);
  expect(reg.reduce((n, r) => n + num(r[10]), 0)).toBe(json.summary.warnings);
  expect(reg.reduce((n, r) => n + num(r[11]), 0)).toBe(json.summary.accepted);
  expect(reg.filter((r) => r[8] === "unreadable")).toHaveLength(json.summary.unreadable);
  const total = json.summary.errors + json.summary.warnings + json.summary.infos;
  expect(rows(wb.worksheets[1]).reduce((n, r) => n + num(r[2]), 0)).toBe(total);
  const findings = rows(wb.worksheets[2]);
  expect(findings).toHaveLength(total + json.summary.accepted);
  expect(findings.every((r) => typeof (r[0] as { hyperlink?: string }).hyperlink === "string")).toBe(true);
  expect(wb.worksheets[2].views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(wb.worksheets[2].autoFilter).toBeTruthy();
}, 60_000);

test("500 files: the report's numbers equal the JSON's (headless Chromium)", async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`file://${reportFile}`);
    const count = async (k: string) => Number(await page.locator(`[data-count="${k}"] .n`).textContent());
    expect(await count("files")).toBe(N);
    expect(await count("errors")).toBe(json.summary.errors);
    expect(await count("warnings")).toBe(json.summary.warnings);
    expect(await count("accepted")).toBe(json.summary.accepted);
    expect(await count("unreadable")).toBe(json.summary.unreadable);
    const forms = json.files.reduce((n, f) => n + Math.max(1, f.forms.length), 0);
    expect(await page.locator("table.sortable tbody tr").count()).toBe(forms);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60_000);
