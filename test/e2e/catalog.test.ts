/**
 * Catalog releases in the real pane (issue 11), headless Chromium (/usr/bin/chromium via
 * playwright-core) against the production build in dist/, office.js replaced by the fake: the
 * server hands out release A, then B (a rule patch), then a tampered B — the same build, never
 * rebuilt. A's finding disappears under B's patch, B's severity change shows on its finding and
 * in About; the tampered release is refused with a visible notice naming the file, and the pane
 * keeps the last good release. Screenshot: test-output/catalog-refused.png.
 */
import type { Server } from "http";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { generateKeyPairSync, sign } from "crypto";
import type { Browser, Page } from "playwright-core";
import { layoutForm, fieldCell, layoutColumn } from "../../src/core/layout";
import { columnLetter } from "../../src/core/grid";
import { template } from "../excel/support/setup";
import { run } from "../helpers/cli";
import { nextRoot, tempDir } from "../helpers/catalog-next";
import { DIST, OUT, serve, ensureBuilt, launch, routeOffice } from "./support";

/** dist/ as the add-in's host, with /catalog/ served from whichever release directory is current. */
let current: string | null = null;

let browser: Browser;
let page: Page;
let server: Server;
let base: string;
let releaseA: string;
let releaseB: string;
let tampered: string;

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(OUT, { recursive: true });
  releaseA = join(tempDir(), "a");
  expect((await run(["catalog", "pack", "--from", nextRoot({ next: false }), "--out", releaseA, "--catalog-version", "1.0.0", "--date", "2026-12-01"])).code).toBe(0);
  releaseB = join(tempDir(), "b");
  expect((await run(["catalog", "pack", "--from", nextRoot({ next: false, patches: ["op-2026-01.patch.json"] }), "--out", releaseB, "--catalog-version", "1.0.1", "--date", "2026-12-04"])).code).toBe(0);
  tampered = join(tempDir(), "t");
  cpSync(releaseB, tampered, { recursive: true });
  const f = join(tampered, "rules", "patches", "op-2026-01.patch.json");
  writeFileSync(f, readFileSync(f, "utf8").replace('"severity": "warning"', '"severity": "info"'));
  ({ server, url: base } = await serve(DIST, { "/catalog/": () => current }));
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 360, height: 1000 } });
  await routeOffice(page);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

async function type(sheet: string, address: string, value: string | number): Promise<void> {
  await page.evaluate(
    ([s, a, v]) => (window as unknown as { __fake: { host: { typeInCell(s: string, a: string, v: unknown): boolean } } }).__fake.host.typeInCell(s, a, v),
    [sheet, address, value] as const,
  );
}

/** Open the pane, insert the operational plan, fill an activity (deadline outside the year, plan approved late), wait for the re-check. */
async function openAndFill(): Promise<void> {
  await page.goto(`${base}taskpane.html?lang=en-US`);
  await page.evaluate(() => (window as unknown as { __stubReady: Promise<unknown> }).__stubReady);
  const t = template("operational-plan");
  await page.getByRole("button", { name: `Insert the form: ${t.title.en}` }).click();
  await page.getByText(`Sheet “${t.sheetName.kk}” was inserted.`).waitFor();
  const L = layoutForm(t, (t.table.skeleton?.length ?? 0) + (t.table.blankRows ?? 40));
  const row = L.firstDataRow + (t.table.skeleton?.length ?? 0) + 1;
  const col = (id: string) => columnLetter(layoutColumn(L, id));
  const s = t.sheetName.kk;
  await type(s, fieldCell(L, "body"), "Қазақстан Республикасы Цифрлық даму министрлігі");
  await type(s, fieldCell(L, "year"), 2024);
  await type(s, fieldCell(L, "dpSigningDate"), "05.01.2024");
  await type(s, fieldCell(L, "opApprovalDate"), "19.01.2024");
  await type(s, `${col("no")}${row}`, "1");
  await type(s, `${col("name")}${row}`, "Цифрлық инфрақұрылымды дамыту жоспарын әзірлеу");
  await type(s, `${col("deadline")}${row}`, "31.12.2026");
  await type(s, `${col("completionForm")}${row}`, "бұйрық");
  // The executor stays blank: its finding shows the check after the last edit has run.
  await page.locator(`[role=treeitem][data-rule="OP-ACTIVITY-REQUIRED-COLUMNS"][data-cell="${col("executor")}${row}"]`).waitFor({ timeout: 15000 });
  await page.locator(`[role=treeitem][data-rule="OP-ACTIVITY-REQUIRED-COLUMNS"][data-cell="${col("completionForm")}${row}"]`).waitFor({ state: "detached", timeout: 15000 });
}

const count = (rule: string) => page.locator(`[role=treeitem][data-rule="${rule}"]`).count();

test("release A, then B with a rule patch, then a tampered B: switched without rebuilding, the tampered one refused", async () => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  current = releaseA;
  await openAndFill();
  await expect(page.getByTestId("catalog-version").textContent()).resolves.toMatch(/Catalog 1\.0\.0 \(01\.12\.2026\) · Ministry of National Economy .* · from the configured address/);
  expect(await count("OP-DEADLINE-IN-YEAR")).toBe(1);
  const approvalA = page.locator('[role=treeitem][data-rule="OP-DEADLINE-APPROVAL"]');
  await expect(approvalA.textContent()).resolves.toMatch(/^Error, /);
  expect(await page.getByTestId("catalog-notice").count()).toBe(0);

  current = releaseB;
  await openAndFill();
  await expect(page.getByTestId("catalog-version").textContent()).resolves.toMatch(/Catalog 1\.0\.1 \(04\.12\.2026\)/);
  expect(await count("OP-DEADLINE-IN-YEAR")).toBe(0);
  const approvalB = page.locator('[role=treeitem][data-rule="OP-DEADLINE-APPROVAL"]');
  await expect(approvalB.textContent()).resolves.toMatch(/^Warning, /);
  // The detail card of the selected finding says that a patch changed its rule.
  await approvalB.click();
  await expect(page.getByTestId("patched-note").textContent()).resolves.toContain("Severity changed by patch op-2026-01 1.0.0 (Ministry of National Economy, 01.12.2026): error → warning.");
  await page.getByRole("button", { name: "About the catalog" }).click();
  const about = page.getByTestId("catalog-about");
  await expect(about.textContent()).resolves.toMatch(/op-2026-01 1\.0\.0 · 01\.12\.2026 · applied · Ministry of National Economy, № 12-3\/456/);
  await expect(about.textContent()).resolves.toContain("deactivated OP-DEADLINE-IN-YEAR: In the transition period deadlines running into the next year are allowed.");

  current = tampered;
  await openAndFill();
  const notice = page.getByTestId("catalog-notice");
  await expect(notice.textContent()).resolves.toMatch(/The configured catalog release failed verification and is not used; using the last good release\./);
  await expect(notice.textContent()).resolves.toContain("rules/patches/op-2026-01.patch.json: the file was changed");
  await expect(page.getByTestId("catalog-version").textContent()).resolves.toMatch(/Catalog 1\.0\.1 .* · last good copy/);
  // The tampered severity (info) is not what the pane uses: the last good release's warning is.
  await expect(page.locator('[role=treeitem][data-rule="OP-DEADLINE-APPROVAL"]').textContent()).resolves.toMatch(/^Warning, /);
  expect(await count("OP-DEADLINE-IN-YEAR")).toBe(0);
  await page.screenshot({ path: join(OUT, "catalog-refused.png"), fullPage: true });

  // Unreachable (the server has no release): the last good one again, with the notice.
  current = null;
  await openAndFill();
  await expect(page.getByTestId("catalog-notice").textContent()).resolves.toMatch(/could not be loaded; using the last good release/);
  expect(errors).toEqual([]);
}, 240_000);

test("this Chromium verifies Ed25519 through WebCrypto (what a configured CATALOG_PUBLIC_KEY uses)", async () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const data = Buffer.from("manifest bytes");
  const sig = sign(null, data, privateKey).toString("base64");
  const spki = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  const result = await page.evaluate(
    async ([k, s, d]) => {
      const bytes = (b: string) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0));
      const key = await crypto.subtle.importKey("spki", bytes(k), { name: "Ed25519" }, false, ["verify"]);
      const good = await crypto.subtle.verify({ name: "Ed25519" }, key, bytes(s), new TextEncoder().encode(d));
      const bad = await crypto.subtle.verify({ name: "Ed25519" }, key, bytes(s), new TextEncoder().encode(d + "!"));
      return { good, bad };
    },
    [spki, sig, data.toString()] as const,
  );
  expect(result).toEqual({ good: true, bad: false });
});

test("a release with a newer form version: the pane offers Upgrade, confirms, and moves the sheet's values to a new sheet beside it", async () => {
  const releaseNext = join(tempDir(), "n");
  expect((await run(["catalog", "pack", "--from", nextRoot(), "--out", releaseNext, "--catalog-version", "1.1.0", "--date", "2026-12-05"])).code).toBe(0);
  current = releaseNext;
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}taskpane.html?lang=en-US`);
  await page.evaluate(() => (window as unknown as { __stubReady: Promise<unknown> }).__stubReady);
  await page.getByTestId("catalog-version").filter({ hasText: "Catalog 1.1.0" }).waitFor();
  const t = template("operational-plan");
  // A sheet filled on version 1.0.0 (the file the add-in was built with), bound as such.
  const sheet = await page.evaluate(async () => {
    const buf = new Uint8Array(await (await fetch("templates/operational-plan.xlsx")).arrayBuffer());
    let bin = "";
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    const X = (window as unknown as { Excel: { run<T>(f: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> } }).Excel;
    return X.run(async (ctx) => {
      const ids = ctx.workbook.insertWorksheetsFromBase64(btoa(bin));
      await ctx.sync();
      const ws = ctx.workbook.worksheets.getItem(ids.value[0]);
      ctx.workbook.names.add("_JOSPAR.1.operational_plan.v1_0_0", ws.getRange("A1"));
      ws.load("name");
      await ctx.sync();
      return ws.name;
    });
  });
  const L = layoutForm(t, (t.table.skeleton?.length ?? 0) + (t.table.blankRows ?? 40));
  const row = L.firstDataRow + (t.table.skeleton?.length ?? 0) + 1;
  const col = (id: string) => columnLetter(layoutColumn(L, id));
  await type(sheet, `${col("name")}${row}`, "Цифрлық инфрақұрылымды дамыту жоспарын әзірлеу");
  await type(sheet, `${col("completionForm")}${row}`, "бұйрық");
  await page.getByRole("button", { name: "Check workbook" }).click();
  const offer = page.locator(`[data-upgrade="${sheet}"]`);
  await offer.waitFor({ timeout: 15000 });
  await expect(offer.textContent()).resolves.toContain("is filled on version 1.0.0 of its form; the catalog holds version 1.1.0.");
  await offer.locator(`[data-upgrade-action="${sheet}"]`).click();
  const confirm = page.locator(`[data-upgrade-confirm="${sheet}"]`);
  await expect(confirm.textContent()).resolves.toContain("stays as it is, under its name, but is no longer checked");
  await confirm.getByText("Upgrade", { exact: true }).click();
  await page.getByText(`“${sheet}” was upgraded to version 1.1.0`).waitFor({ timeout: 15000 });
  const state = await page.evaluate(([s, a]) => {
    const host = (window as unknown as { __fake: { host: { sheetNames: string[]; getValues(s: string, a: string): unknown[][] } } }).__fake.host;
    const names = host.sheetNames;
    const upgraded = names[names.indexOf(s) + 1];
    return { names, upgraded, old: host.getValues(s, a)[0][0], moved: host.getValues(upgraded, "A1:Z80").flat() };
  }, [sheet, `${col("completionForm")}${row}`] as const);
  expect(state.upgraded).toBe(`${sheet} v1.1.0`);
  expect(state.old).toBe("бұйрық"); // the old sheet is untouched
  expect(state.moved).toEqual(expect.arrayContaining(["бұйрық", "Цифрлық инфрақұрылымды дамыту жоспарын әзірлеу"]));
  expect(await page.locator("[data-upgrade]").count()).toBe(0);
  await page.screenshot({ path: join(OUT, "catalog-upgraded.png"), fullPage: true });
  expect(errors).toEqual([]);
}, 240_000);
