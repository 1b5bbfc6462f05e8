/**
 * Layering is enforced by lint, not convention (issue 9): ESLint's no-restricted-imports fails
 * an adapter (src/excel, src/xlsx) or the application layer (src/app) that imports a surface
 * (src/taskpane, src/commands, src/cli). Run through ESLint's API with the project's config.
 */
import { ESLint } from "eslint";
import { join } from "path";
import { readdirSync, readFileSync } from "fs";

const ROOT = join(__dirname, "..", "..");
// The config is handed in (jest cannot run ESLint's dynamic import of eslint.config.js).
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: require(join(ROOT, "eslint.config.js")) });

async function restricted(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return r.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

test.each([
  ["src/excel/x.ts", 'import { t } from "../taskpane/components/App";'],
  ["src/excel/x.ts", 'import { checkCommand } from "../commands/check-command";'],
  ["src/xlsx/x.ts", 'import { main } from "../cli/main";'],
  ["src/app/x.ts", 'import { App } from "../taskpane/components/App";'],
])("%s importing a surface fails lint: %s", async (file, code) => {
  const m = await restricted(file, `${code}\nexport const used = [typeof ${code.match(/\{ (\w+)/)![1]}];\n`);
  expect(m).toHaveLength(1);
  expect(m[0]).toMatch(/must not import a surface/);
}, 60_000);

test.each([
  ["src/excel/x.ts", 'import { t } from "../app/strings";'],
  ["src/commands/x.ts", 'import { t } from "../app/strings";'],
  ["src/taskpane/x.ts", 'import { t } from "../app/strings";'],
])("%s importing the application layer passes: %s", async (file, code) => {
  expect(await restricted(file, `${code}\nexport const used = [typeof t];\n`)).toEqual([]);
}, 60_000);

test("no file of the adapters or the application layer imports a surface today", async () => {
  const files = ["src/excel", "src/xlsx", "src/app"].flatMap((d) =>
    (readdirSync(join(ROOT, d), { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => join(d, f)),
  );
  const hits: string[] = [];
  for (const f of files) hits.push(...(await restricted(f, readFileSync(join(ROOT, f), "utf8"))).map((m) => `${f}: ${m}`));
  expect(files.length).toBeGreaterThan(10);
  expect(hits).toEqual([]);
}, 120_000);
