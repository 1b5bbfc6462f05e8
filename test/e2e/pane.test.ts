/**
 * The task pane at the standard of Excel's own panes (issue 14), in headless Chromium against the
 * production build and the fake Excel: gallery order and badges, a fresh form shown as progress,
 * one dismissable message, a long findings list grouped and collapsed (≤ 3 screens at 320 px),
 * every finding reached by keys alone, Next with F8 scrolling into view, show the math, the
 * ribbon dialog and the failure page; axe-core on each in light, dark and forced-colours modes;
 * no seed file name or computed key in the rendered text in kk, ru and en.
 * Screenshots: test-output/pane-*.png.
 */
import { mkdirSync, existsSync, readFileSync } from "fs";
import { join } from "path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Server } from "http";
import { layoutForm, fieldCell, layoutColumn } from "../../src/core/layout";
import { columnLetter } from "../../src/core/grid";
import { loadCatalog } from "../../src/cli/data";
import { template } from "../excel/support/setup";
import { DIST, OUT, serve, ensureBuilt, launch, routeOffice } from "./support";

const W = 320;
const H = 700;
const AXE = require.resolve("axe-core/axe.min.js");
const KEYS = [...new Set(loadCatalog().templates.flatMap((t) => (t.computed ?? []).map((c) => c.id)))].filter((id) => id.length >= 4 && /[A-Z0-9_]/.test(id.slice(1)));
const FORBIDDEN = new RegExp(`\\d{3}_[0-9a-f]{16}\\.txt|forms-and-rules\\.md|\\b(${KEYS.join("|")})\\b`);

let browser: Browser;
let server: Server;
let base: string;

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(OUT, { recursive: true });
  ({ server, url: base } = await serve(DIST));
  browser = await launch();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

type Mode = "light" | "dark" | "forced";

async function open(mode: Mode, path = "taskpane.html?lang=en-US", officeJs: "stub" | "fail" = "stub"): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: W, height: H }, colorScheme: mode === "dark" ? "dark" : "light", forcedColors: mode === "forced" ? "active" : "none" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await routeOffice(page, { officeJs });
  await page.goto(`${base}${path}${mode === "dark" ? "&theme=dark" : ""}`);
  return { context, page, errors };
}

/** axe-core's serious and critical violations on the page as it is now. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({ exclude: [["[data-tabster-dummy]"]] }, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
  return found;
}

const host = (page: Page) => ({
  paste: (s: string, a: string, v: (string | number | null)[][]) =>
    page.evaluate(([s, a, v]) => (window as unknown as { __fake: { host: { paste(s: string, a: string, v: unknown[][]): void } } }).__fake.host.paste(s, a, v), [s, a, v] as const),
  select: (s: string, a: string) => page.evaluate(([s, a]) => (window as unknown as { __fake: { host: { select(s: string, a: string): void } } }).__fake.host.select(s, a), [s, a] as const),
  selection: () => page.evaluate(() => (window as unknown as { __fake: { host: { selection: string | null } } }).__fake.host.selection),
  type: (s: string, a: string, v: string | number) =>
    page.evaluate(([s, a, v]) => (window as unknown as { __fake: { host: { typeInCell(s: string, a: string, v: unknown): boolean } } }).__fake.host.typeInCell(s, a, v), [s, a, v] as const),
});

const t = template("operational-plan");
const sheet = t.sheetName.kk;
const L = layoutForm(t, (t.table.skeleton?.length ?? 0) + (t.table.blankRows ?? 40));
const col = (id: string) => columnLetter(layoutColumn(L, id));
const firstBlank = L.firstDataRow + (t.table.skeleton?.length ?? 0) + 1;

async function total(page: Page): Promise<number> {
  const text = (await page.getByRole("status").filter({ hasText: /Errors:/ }).first().textContent()) ?? "";
  return [...text.matchAll(/\d+/g)].reduce((n, m) => n + Number(m[0]), 0);
}

/** Insert the plan, see it as progress, then paste activities that break its rules until the list is long. */
async function longList(page: Page): Promise<number> {
  await page.evaluate(() => (window as unknown as { __stubReady: Promise<unknown> }).__stubReady);
  await page.getByRole("button", { name: `Insert the form: ${t.title.en}` }).click();
  await page.getByText(`Sheet “${sheet}” was inserted.`).waitFor();
  const rows = 40;
  const values = Array.from({ length: rows }, (_, i) => [String(i + 1), `Іс-шара ${i + 1}`, null, null, "31.12.2030"]);
  await host(page).type(sheet, fieldCell(L, "year"), 2024);
  await host(page).paste(sheet, `${col("no")}${firstBlank}:${col("no")}${firstBlank + rows - 1}`, values.map((r) => [r[0]]));
  await host(page).paste(sheet, `${col("name")}${firstBlank}:${col("name")}${firstBlank + rows - 1}`, values.map((r) => [r[1]]));
  await host(page).paste(sheet, `${col("deadline")}${firstBlank}:${col("deadline")}${firstBlank + rows - 1}`, values.map((r) => [r[4]]));
  await page.waitForFunction(() => document.querySelectorAll("[role=treeitem]").length > 0 && /Errors: [1-9]\d/.test(document.body.innerText), null, { timeout: 30000 });
  await page.waitForTimeout(500);
  return total(page);
}

test("gallery: in-force forms first with badges, an in-force-only filter; axe clean in light, dark and forced colours", async () => {
  for (const mode of ["light", "dark", "forced"] as Mode[]) {
    const { context, page, errors } = await open(mode);
    await page.getByText("Pick an official form").waitFor();
    const cards = await page.locator("[data-card]").evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    const firstLegacy = cards.findIndex((c) => c.includes("Legacy"));
    expect(cards.slice(0, firstLegacy).every((c) => c.includes("In force"))).toBe(true);
    expect(cards.slice(firstLegacy).every((c) => !c.includes("In force"))).toBe(true);
    expect(cards.find((c) => c.includes("Legacy"))).toMatch(/Legacy: repealed \d\d\.\d\d\.\d{4}/);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(OUT, `pane-gallery-${mode}.png`), fullPage: false });
    if (mode === "light") {
      await page.getByRole("switch", { name: "In force only" }).click();
      expect(await page.locator("[data-card]").evaluateAll((els) => els.every((e) => (e.textContent ?? "").includes("In force")))).toBe(true);
    }
    expect(errors).toEqual([]);
    await context.close();
  }
}, 240_000);

test("a fresh form is progress, not errors; one dismissable message; inserting twice asks", async () => {
  const { context, page, errors } = await open("light");
  await page.evaluate(() => (window as unknown as { __stubReady: Promise<unknown> }).__stubReady);
  await page.getByRole("button", { name: `Insert the form: ${t.title.en}` }).click();
  await page.getByText(`Sheet “${sheet}” was inserted.`).waitFor();
  await page.getByText(/In progress: \d+ of \d+ required cells filled/).waitFor();
  expect(await page.locator('[role=treeitem][data-rule*="REQUIRED"]').count()).toBe(0);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.screenshot({ path: join(OUT, "pane-progress.png") });
  await page.getByRole("button", { name: "Dismiss" }).click();
  expect(await page.getByText(`Sheet “${sheet}” was inserted.`).count()).toBe(0);
  // The gallery knows the form is there and asks before a second copy.
  await page.getByRole("tab", { name: "Forms" }).click();
  await page.getByText(`Already in the workbook: ${sheet}`).waitFor();
  await page.getByRole("button", { name: `Insert the form: ${t.title.en}` }).click();
  await page.getByText(/This form is already in the workbook/).waitFor();
  await page.getByRole("button", { name: "Cancel" }).click();
  expect(await page.evaluate(() => (window as unknown as { __fake: { host: { sheetNames: string[] } } }).__fake.host.sheetNames)).toEqual(["Sheet1", sheet]);
  // An explicit check turns the empty required cells into findings.
  await page.getByRole("tab", { name: "Check" }).click();
  await page.getByRole("button", { name: "Check workbook" }).click();
  await page.waitForFunction(() => !/In progress:/.test(document.body.innerText), null, { timeout: 20000 });
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test("restore asks, writes the template's formula and moves on; help is one click away; the language is remembered", async () => {
  const { context, page, errors } = await open("light");
  await page.evaluate(() => (window as unknown as { __stubReady: Promise<unknown> }).__stubReady);
  await page.getByRole("button", { name: `Insert the form: ${t.title.en}` }).click();
  await page.getByText(`Sheet “${sheet}” was inserted.`).waitFor();
  const formulaAt = (a: string) =>
    page.evaluate(([s, a]) => (window as unknown as { __fake: { host: { getCell(s: string, a: string): { formula: string | null } } } }).__fake.host.getCell(s, a).formula, [sheet, a] as const);
  // The template's computed value (the number of activities) in the fields panel.
  const cell = fieldCell(L, "activitiesTotal");
  const formula = await formulaAt(cell);
  expect(formula).toMatch(/^=/);
  await host(page).type(sheet, cell, 99);
  const leaf = page.locator('[role=treeitem][data-rule="X-COMPUTED-OVERWRITTEN"]');
  await leaf.waitFor({ timeout: 20000 });
  await leaf.click();
  await page.getByRole("button", { name: "Restore the formula" }).click();
  await page.getByText(`The value typed in ${sheet}!${cell} will be replaced by the template's formula.`, { exact: false }).waitFor();
  await page.screenshot({ path: join(OUT, "pane-restore-confirm.png") });
  // Show the math of the computed cell speaks the form's words, not the template's ids.
  const math = (await page.getByTestId("math").textContent()) ?? "";
  expect(math).toContain("Number of activities");
  expect(math).toMatch(/0 rows; of kind “Activity”/);
  expect(math).not.toMatch(FORBIDDEN);
  expect(math).not.toMatch(/ACTIVITY|kinds =/);
  await page.getByRole("button", { name: "Cancel" }).click();
  expect(await formulaAt(cell)).toBeNull();
  await page.getByRole("button", { name: "Restore the formula" }).click();
  await page.getByRole("button", { name: "Replace" }).click();
  await page.getByText(`The template's formula is back in ${sheet}!${cell}.`).waitFor();
  expect(await formulaAt(cell)).toBe(formula);
  await page.waitForFunction(() => !document.querySelector('[role=treeitem][data-rule="X-COMPUTED-OVERWRITTEN"]'), null, { timeout: 20000 });
  await page.screenshot({ path: join(OUT, "pane-restored.png") });
  // Help, with the legend of severities.
  await page.getByRole("button", { name: "Help" }).click();
  await page.getByRole("heading", { name: "Jospar help" }).waitFor();
  await page.screenshot({ path: join(OUT, "pane-help.png"), fullPage: true });
  expect(await axe(page)).toEqual([]);
  // The language chosen survives a reload.
  await page.getByLabel("Language").selectOption("ru");
  await page.reload();
  await page.getByRole("tab", { name: "Формы" }).waitFor();
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test("a long list at 320 px: groups collapsed within 3 screens, every finding reached by keys, F8 scrolls into view, axe clean", async () => {
  const { context, page, errors } = await open("light");
  const n = await longList(page);
  expect(n).toBeGreaterThanOrEqual(126);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThanOrEqual(3 * H);
  await page.screenshot({ path: join(OUT, "pane-list-collapsed.png"), fullPage: true });

  // Keys only: Tab into the tree, then → opens a group, ↓ moves; every leaf is a finding.
  await page.locator("body").focus();
  for (let k = 0; k < 40; k++) {
    if (await page.evaluate(() => document.activeElement?.getAttribute("role") === "treeitem")) break;
    await page.keyboard.press("Tab");
  }
  expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("treeitem");
  const seen = new Set<string>();
  for (let k = 0; k < 4 * n + 200; k++) {
    const at = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const all = Array.from(document.querySelectorAll("[role=treeitem]"));
      return { key: el.getAttribute("data-key"), expanded: el.getAttribute("aria-expanded"), index: all.indexOf(el), count: all.length };
    });
    if (at.key) seen.add(at.key);
    if (at.expanded === "false") {
      await page.keyboard.press("ArrowRight");
      continue;
    }
    await page.keyboard.press("ArrowDown");
    const after = await page.evaluate(() => Array.from(document.querySelectorAll("[role=treeitem]")).indexOf(document.activeElement as Element));
    if (after === at.index) break;
  }
  expect(seen.size).toBe(n);
  await page.screenshot({ path: join(OUT, "pane-list-expanded.png") });
  // At 320 px nothing runs past the pane's edge: a long message ends in an ellipsis on its one line.
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    past: Array.from(document.querySelectorAll<HTMLElement>("[role=treeitem][data-key]:not([aria-current])")).filter((el) => {
      const main = el.querySelector<HTMLElement>(".fui-TreeItemLayout__main")!;
      return main.getBoundingClientRect().right > window.innerWidth + 0.5 || main.getBoundingClientRect().height > 40;
    }).length,
    ellipsed: Array.from(document.querySelectorAll<HTMLElement>("[role=treeitem][data-key] span")).filter((el) => getComputedStyle(el).textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth).length,
  }));
  expect(overflow.page).toBeLessThanOrEqual(W);
  expect(overflow.past).toBe(0);
  expect(overflow.ellipsed).toBeGreaterThan(0);

  // Enter on a finding selects its cell in Excel.
  const focusedCell = await page.evaluate(() => document.activeElement?.getAttribute("data-cell"));
  await page.keyboard.press("Enter");
  await page.waitForFunction((want) => (window as unknown as { __fake: { host: { selection: string | null } } }).__fake.host.selection?.endsWith(`!${want}`), focusedCell, { timeout: 10000 });

  // F8 goes to the next finding in reading order and brings it into view under the pinned bar.
  await page.keyboard.press("Home");
  await page.keyboard.press("F8");
  await page.keyboard.press("F8");
  await page.waitForTimeout(300);
  const current = await page.evaluate(() => {
    const el = document.querySelector('[role=treeitem][aria-current="true"]') as HTMLElement;
    const r = el.getBoundingClientRect();
    const bar = (document.querySelector("[data-testid=pinned]") as HTMLElement).getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, barBottom: bar.bottom, vh: window.innerHeight, position: document.body.innerText.match(/(\d+) of (\d+)/)?.[0] };
  });
  expect(current.position).toBe(`2 of ${n}`);
  expect(current.top).toBeGreaterThanOrEqual(current.barBottom - 1);
  expect(current.bottom).toBeLessThanOrEqual(current.vh);
  await page.getByTestId("finding-detail").getByRole("button", { name: "Details" }).click();
  // The pinned card leaves the list most of the pane, even with Details open.
  const card = await page.getByTestId("finding-detail").boundingBox();
  expect(card!.height).toBeLessThanOrEqual(0.4 * H + 1);
  await page.screenshot({ path: join(OUT, "pane-list-current.png") });
  expect(await axe(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
}, 300_000);

test("list and show the math: axe clean in light, dark and forced colours; no seed file or computed key in kk, ru, en", async () => {
  for (const mode of ["light", "dark", "forced"] as Mode[]) {
    const { context, page, errors } = await open(mode);
    await longList(page);
    expect(await axe(page)).toEqual([]);
    await host(page).select(sheet, fieldCell(L, "activitiesTotal"));
    await page.getByTestId("math").waitFor();
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(OUT, `pane-math-${mode}.png`) });
    if (mode === "light") {
      for (const lang of ["kk", "ru", "en"]) {
        await page.getByRole("combobox").first().selectOption(lang);
        // F8 to the next finding whose rule cites the operational-plan rules (order No. 45 of 14.06.2022),
        // past the general form checks (a required header field) that come first in reading order.
        const detail = page.getByTestId("finding-detail");
        for (let i = 0; i < 10; i++) {
          await page.keyboard.press("F8");
          await detail.waitFor();
          if ((await detail.innerText()).includes("2022")) break;
        }
        await detail.getByRole("button", { name: { kk: "Толығырақ", ru: "Подробнее", en: "Details" }[lang] }).click();
        const text = await page.evaluate(() => document.body.innerText);
        expect(text.match(FORBIDDEN)).toBeNull();
        expect(text).toMatch(lang === "en" ? /Order of the Minister of National Economy No\. 45 of 14\.06\.2022/ : lang === "ru" ? /приказ Министра национальной экономики РК от 14\.06\.2022 № 45/ : /14\.06\.2022 № 45/);
        await page.screenshot({ path: join(OUT, `pane-detail-${lang}.png`) });
      }
    }
    expect(errors).toEqual([]);
    await context.close();
  }
}, 400_000);

test("the ribbon dialog: translated, styled, stays open, Show findings; axe clean in three modes", async () => {
  for (const mode of ["light", "dark", "forced"] as Mode[]) {
    const { context, page, errors } = await open(mode, `notify.html?s=error&l=ru&p=1&t=${encodeURIComponent("Jospar: ошибок 3, предупреждений 1 (форм: 1)")}`);
    await page.getByRole("button", { name: "Показать замечания" }).waitFor();
    expect(await page.getByRole("button", { name: "Закрыть" }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ru");
    await page.waitForTimeout(9000 * (mode === "light" ? 1 : 0)); // it used to close itself after 8 s
    expect(await page.getByText("ошибок 3").count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(OUT, `pane-dialog-${mode}.png`) });
    expect(errors).toEqual([]);
    await context.close();
  }
}, 120_000);

type FakeWindow = {
  __stubReady: Promise<unknown>;
  __ribbon?: Promise<{ completed: boolean }>;
  __fake: { host: { dialogs: { url: string; closed: boolean; messageFromDialog(m: string): void }[]; messagesToParent: string[]; addinCalls: string[]; taskpaneVisible: boolean; invokeAction(id: string, o: { timeoutMs: number }): Promise<{ completed: boolean }> } };
};

/**
 * The ribbon's Check as Office runs it in the shared runtime: the function the pane's page
 * registered is invoked, its dialog (the real notify.html, in its own page as Office shows it)
 * is clicked, and what the dialog sends with messageParent is handed to the opener's dialog.
 */
async function ribbonCheck(page: Page, button: string | null, lang: "en" | "ru", mode: Mode = "light"): Promise<{ dialogUrl: URL; dialogText: string }> {
  await page.evaluate(() => {
    const w = window as unknown as FakeWindow;
    w.__ribbon = w.__fake.host.invokeAction("checkWorkbook", { timeoutMs: 60_000 });
  });
  await page.waitForFunction(() => (window as unknown as FakeWindow).__fake.host.dialogs.length === 1, null, { timeout: 30_000 });
  const dialogUrl = new URL(await page.evaluate(() => (window as unknown as FakeWindow).__fake.host.dialogs[0].url));
  expect(`${dialogUrl.origin}/`).toBe(base);
  const dialog = await page.context().newPage();
  await routeOffice(dialog);
  await dialog.goto(`${dialogUrl.toString()}${mode === "dark" ? "&theme=dark" : ""}`);
  const close = { en: "Close", ru: "Закрыть" }[lang];
  await dialog.getByRole("button", { name: close }).waitFor();
  const dialogText = await dialog.evaluate(() => document.body.innerText);
  expect(await axe(dialog)).toEqual([]);
  await dialog.screenshot({ path: join(OUT, `pane-ribbon-dialog-${button ? "show" : "hint"}.png`) });
  await dialog.getByRole("button", { name: button ?? close }).click();
  const sent = await dialog.evaluate(() => (window as unknown as FakeWindow).__fake.host.messagesToParent);
  await dialog.close();
  expect(sent.length).toBe(1);
  await page.evaluate((m) => (window as unknown as FakeWindow).__fake.host.dialogs[0].messageFromDialog(m), sent[0]);
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__ribbon!.then((r) => r.completed))).toBe(true);
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.host.dialogs[0].closed)).toBe(true);
  return { dialogUrl, dialogText };
}

test("the ribbon's Check in the shared runtime: Show findings shows the pane and lands on the findings; without SharedRuntime a translated hint", async () => {
  // One page is the pane and the function file (the manifest's shared runtime): no commands.html is built.
  expect(existsSync(join(DIST, "commands.html"))).toBe(false);
  expect(readFileSync(join(DIST, "manifest.xml"), "utf8")).toMatch(/<FunctionFile resid="Taskpane\.Url"\/>/);
  const { context, page, errors } = await open("light");
  await page.evaluate(() => (window as unknown as FakeWindow).__stubReady);
  await page.getByRole("button", { name: `Insert the form: ${t.title.en}` }).click();
  await page.getByText(`Sheet “${sheet}” was inserted.`).waitFor();
  // The user is elsewhere in the pane (the gallery) when the ribbon's Check runs.
  await page.getByRole("tab", { name: "Forms" }).click();
  await page.getByText("Pick an official form").waitFor();
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.host.taskpaneVisible)).toBe(false);

  const { dialogUrl, dialogText } = await ribbonCheck(page, "Show findings", "en");
  expect(dialogUrl.pathname).toBe("/notify.html");
  expect(dialogUrl.searchParams.get("p")).toBe("1");
  const counted = dialogText.match(/errors (\d+), warnings (\d+)/);
  expect(counted).not.toBeNull();
  expect(Number(counted![1])).toBeGreaterThan(0); // an explicit check: the fresh form's empty required cells

  // Office.addin.showAsTaskpane was called, then the pane went to the Check tab, on its first finding.
  await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "treeitem", null, { timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.host.addinCalls)).toEqual(["showAsTaskpane"]);
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.host.taskpaneVisible)).toBe(true);
  expect(await page.getByRole("tab", { name: "Check" }).getAttribute("aria-selected")).toBe("true");
  // The focused item is the current one, "1 of N", and Excel's selection went to its cell.
  const focused = await page.evaluate(() => ({ current: document.activeElement?.getAttribute("aria-current"), cell: document.activeElement?.getAttribute("data-cell") }));
  expect(focused.current).toBe("true");
  const n = await total(page);
  await page.getByText(`1 of ${n}`, { exact: true }).waitFor();
  expect(focused.cell).toBeTruthy();
  await page.waitForFunction((c) => ((window as unknown as { __fake: { host: { selection: string | null } } }).__fake.host.selection ?? "").endsWith(`!${c}`), focused.cell, { timeout: 10_000 });
  // The pane's counts are the dialog's.
  const summary = (await page.getByRole("status").filter({ hasText: /Errors:/ }).first().textContent()) ?? "";
  expect(summary).toContain(`Errors: ${counted![1]} · warnings: ${counted![2]}`);
  await page.screenshot({ path: join(OUT, "pane-ribbon-show-findings.png") });
  expect(errors).toEqual([]);
  await context.close();

  // A host without SharedRuntime 1.1: no Show findings, the dialog says where the pane is, nothing calls showAsTaskpane.
  const old = await open("light", "taskpane.html?lang=ru-RU&sharedRuntime=0");
  await old.page.evaluate(() => (window as unknown as FakeWindow).__stubReady);
  await old.page.getByRole("button", { name: `Вставить форму: ${t.title.ru}` }).click();
  await old.page.getByText(`Лист «${sheet}» вставлен.`).waitFor();
  const hint = await ribbonCheck(old.page, null, "ru");
  expect(hint.dialogUrl.searchParams.get("p")).toBeNull();
  expect(hint.dialogText).toMatch(/Jospar: ошибок [1-9]\d*, предупреждений \d+ \(форм: 1\)/);
  expect(hint.dialogText).toContain("Список замечаний: Главная → Jospar → «Формы и проверка».");
  expect(hint.dialogText).not.toContain("Показать замечания");
  expect(await old.page.evaluate(() => (window as unknown as FakeWindow).__fake.host.addinCalls)).toEqual([]);
  expect(old.errors).toEqual([]);
  await old.context.close();
}, 180_000);

test("without office.js the pane says what to do, translated, instead of a blank page", async () => {
  const { context, page } = await open("light", "taskpane.html?lang=ru-RU", "fail");
  await page.getByTestId("failure").waitFor();
  expect(await page.getByTestId("failure").textContent()).toMatch(/Open this in Excel|Откройте эту страницу в Excel|Excel ішінде/);
  expect(await axe(page)).toEqual([]);
  await page.screenshot({ path: join(OUT, "pane-failure.png") });
  await context.close();
}, 60_000);
