/** What the browser tests share: a static server for dist/, Debian's chromium, office.js answered by the fake's stub. */
import { createServer, Server } from "http";
import { existsSync, readFileSync, statSync } from "fs";
import { join, extname, normalize } from "path";
import { execSync } from "child_process";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { ROOT } from "../excel/support/setup";

export const DIST = join(ROOT, "dist");
export const STUB = join(ROOT, "build", "e2e", "office-stub.js");
export const EXCELJS = join(ROOT, "node_modules", "exceljs", "dist", "exceljs.min.js");
export const OUT = join(ROOT, "test-output");
export const CHROMIUM = "/usr/bin/chromium";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "application/javascript",
  ".json": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".map": "application/json",
  ".sig": "text/plain",
};

/**
 * A static server for `dir` on 127.0.0.1. `mounts` serve a path prefix from another directory
 * chosen at request time (the catalog test switches the release under /catalog/); null: 404.
 */
export function serve(dir: string, mounts: Record<string, () => string | null> = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const prefix = Object.keys(mounts).find((m) => path.startsWith(m));
    const root = prefix ? mounts[prefix]() : dir;
    const file = root && join(root, prefix ? path.slice(prefix.length) : path);
    if (!root || !file || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", ...(prefix ? { "cache-control": "no-store" } : {}) });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

/** Build what the browser tests need when it is missing (npm test's pretest builds it first). */
export function ensureBuilt(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  if (!existsSync(join(DIST, "taskpane.html")) || !existsSync(join(DIST, "templates", "index.json")) || !existsSync(join(DIST, "catalog", "manifest.json"))) execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
  if (!existsSync(STUB)) execSync("npm run build:e2e", { cwd: ROOT, stdio: "inherit" });
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * office.js from the CDN is the stub (ExcelJS + the fake); nothing else leaves the machine.
 * `?theme=dark` in the page's URL gives the fake Office a dark body colour, as dark Office has.
 */
export async function routeOffice(page: Page, options: { officeJs?: "stub" | "fail" } = {}): Promise<void> {
  const theme = `\n;(function(){var p=new URLSearchParams(location.search).get("theme");if(p==="dark"&&window.Office&&Office.context)Office.context.officeTheme={bodyBackgroundColor:"#262626",bodyForegroundColor:"#ffffff",controlBackgroundColor:"#3b3b3b",controlForegroundColor:"#ffffff"};})();\n`;
  const stub = readFileSync(EXCELJS, "utf8") + "\n;\n" + readFileSync(STUB, "utf8") + theme;
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.request().url().startsWith("https://appsforoffice.microsoft.com/") && options.officeJs !== "fail"
      ? route.fulfill({ status: 200, contentType: "application/javascript", body: stub })
      : route.abort(),
  );
}
