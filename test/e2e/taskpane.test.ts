/**
 * The task pane in a real headless browser (Debian's /usr/bin/chromium through playwright-core)
 * against the production build in dist/, with office.js replaced by the faithful fake: insert the
 * operational plan, type an activity whose deadline is outside the plan year, see the finding
 * appear, click it, see Excel's selection move. Screenshot: test-output/taskpane.png.
 *
 * `npm test` builds dist/ and the stub first (pretest); a bare `npx jest` builds them here when
 * they are missing.
 */
import { mkdirSync } from "fs";
import { join } from "path";
import type { Browser, Page } from "playwright-core";
import type { Server } from "http";
import { layoutForm, fieldCell, layoutColumn } from "../../src/core/layout";
import { columnLetter } from "../../src/core/grid";
import { template } from "../excel/support/setup";
import { DIST, OUT, serve, ensureBuilt, launch, routeOffice } from "./support";

let browser: Browser;
let page: Page;
let server: Server;
let base: string;

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(OUT, { recursive: true });
  ({ server, url: base } = await serve(DIST));
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 320, height: 900 } });
  await routeOffice(page);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

/** Type into the fake workbook as the user would (one cell, then Enter). */
async function type(sheet: string, address: string, value: string | number): Promise<void> {
  await page.evaluate(
    ([s, a, v]) => (window as unknown as { __fake: { host: { typeInCell(s: string, a: string, v: unknown): boolean } } }).__fake.host.typeInCell(s, a, v),
    [sheet, address, value] as const,
  );
}

test("insert the operational plan, type an activity with a deadline outside the plan year, see the finding, click it", async () => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}taskpane.html?lang=en-US`);
  await page.evaluate(() => (window as unknown as { __stubReady: Promise<unknown> }).__stubReady);

  const t = template("operational-plan");
  await page.getByRole("button", { name: `Insert the form: ${t.title.en}` }).click();
  await page.getByText(`Sheet “${t.sheetName.kk}” was inserted.`).waitFor();
  const sheet = await page.evaluate(() => (window as unknown as { __fake: { host: { sheetNames: string[] } } }).__fake.host.sheetNames);
  expect(sheet).toEqual(["Sheet1", t.sheetName.kk]);

  // The fresh template's layout tells where to type (the add-in itself finds everything by text).
  const L = layoutForm(t, (t.table.skeleton?.length ?? 0) + (t.table.blankRows ?? 40));
  const row = L.firstDataRow + (t.table.skeleton?.length ?? 0) + 1; // first blank row after the skeleton (1-based below)
  const col = (id: string) => columnLetter(layoutColumn(L, id));
  await type(t.sheetName.kk, fieldCell(L, "body"), "Қазақстан Республикасы Цифрлық даму министрлігі");
  await type(t.sheetName.kk, fieldCell(L, "year"), 2024);
  await type(t.sheetName.kk, `${col("no")}${row}`, "1");
  await type(t.sheetName.kk, `${col("name")}${row}`, "Цифрлық инфрақұрылымды дамыту жоспарын әзірлеу");
  await type(t.sheetName.kk, `${col("executor")}${row}`, "Цифрлық инфрақұрылым департаменті");
  await type(t.sheetName.kk, `${col("completionForm")}${row}`, "бұйрық");
  await type(t.sheetName.kk, `${col("deadline")}${row}`, "31.12.2026");

  const deadlineCell = `${col("deadline")}${row}`;
  const item = page.locator(`[role=treeitem][data-rule="OP-DEADLINE-IN-YEAR"][data-cell="${deadlineCell}"]`);
  await item.waitFor({ timeout: 15000 });
  await expect(item.textContent()).resolves.toContain("31.12.2026");
  await expect(item.textContent()).resolves.toContain("2024");

  // The flag is presentation: a code in the hidden flags column; the cell itself keeps its format.
  const flag = await page.evaluate(
    ([s, a]) => (window as unknown as { __fake: { host: { getValues(s: string, a: string): unknown[][] } } }).__fake.host.getValues(s, a)[0][0],
    [t.sheetName.kk, `${columnLetter(L.flagsCol)}${row}`] as const,
  );
  expect(String(flag)).toContain("|E:deadline|");

  await page.evaluate(([s]) => (window as unknown as { __fake: { host: { select(s: string, a: string): void } } }).__fake.host.select(s, "A1"), [t.sheetName.kk] as const);
  await item.click();
  await page.waitForFunction(
    (want) => (window as unknown as { __fake: { host: { selection: string | null } } }).__fake.host.selection === want,
    `'${t.sheetName.kk}'!${deadlineCell}`,
    { timeout: 10000 },
  );
  await expect(item.getAttribute("aria-current")).resolves.toBe("true");

  await page.screenshot({ path: join(OUT, "taskpane.png"), fullPage: true });
  expect(errors).toEqual([]);
}, 120_000);

test("a reviewer accepts a warning with a justification: the Accepted group, the very hidden log; an edit lapses it", async () => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const t = template("operational-plan");
  const L = layoutForm(t, (t.table.skeleton?.length ?? 0) + (t.table.blankRows ?? 40));
  const row = L.firstDataRow + (t.table.skeleton?.length ?? 0) + 1;
  const codeCell = `${columnLetter(layoutColumn(L, "budgetProgram"))}${row}`;
  await type(t.sheetName.kk, codeCell, "12-A");
  const rule = "OP-ACTIVITY-REQUIRED-COLUMNS/budget-code-format";
  const warning = page.locator(`[role=treeitem][data-rule="${rule}"][data-cell="${codeCell}"]`);
  await warning.waitFor({ timeout: 15000 });
  // Accept… sits in the selected finding's detail card.
  await warning.click();

  await page.getByRole("button", { name: `Accept finding ${rule} with a justification` }).click();
  const form = page.getByRole("form", { name: `Accept finding ${rule} with a justification` });
  await form.getByLabel(/Reviewer's name/).fill("А. Сейітова");
  await form.getByLabel(/Justification/).fill("The ministry's internal sub-program code");
  await form.getByRole("button", { name: "Accept" }).click();

  const accepted = page.locator(`li[data-review="accepted"][data-rule="${rule}"]`);
  await accepted.waitFor({ timeout: 15000 });
  await expect(accepted.textContent()).resolves.toContain("Accepted by А. Сейітова");
  await expect(accepted.textContent()).resolves.toContain("The ministry's internal sub-program code");
  await expect(warning.count()).resolves.toBe(0);
  const log = await page.evaluate(() => {
    const host = (window as unknown as { __fake: { host: { workbook: { sheets: { name: string; visibility: string }[] }; getValues(s: string, a: string): unknown[][] } } }).__fake.host;
    const sheet = host.workbook.sheets.find((s) => s.name === "_JOSPAR_REVIEW");
    return sheet ? { visibility: sheet.visibility, rows: host.getValues("_JOSPAR_REVIEW", "A1:J2") } : null;
  });
  expect(log?.visibility).toBe("VeryHidden");
  expect(log?.rows[1].slice(1, 5)).toEqual(["accept", rule, t.sheetName.kk, codeCell]);

  // The values change: the finding is back, marked lapsed.
  await type(t.sheetName.kk, codeCell, "12-B");
  await warning.waitFor({ timeout: 15000 });
  await warning.click();
  await page.getByText(/Acceptance lapsed: the values changed \(А\. Сейітова/).waitFor({ timeout: 15000 });
  await expect(accepted.count()).resolves.toBe(0);
  await page.screenshot({ path: join(OUT, "taskpane-review.png"), fullPage: true });
  expect(errors).toEqual([]);
}, 120_000);
