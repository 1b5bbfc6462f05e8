/**
 * Every `jospar` command says bad usage in the user's language and a defect of ours as such
 * (cli/command.ts): `check`, `catalog` and `migrate` alike, exit 2 and exit 3.
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { run } from "../helpers/cli";
import { USAGE_ERRORS } from "../../src/cli/messages";
import { cm } from "../../src/cli/catalog-messages";
import { say } from "../../src/cli/messages";
import { LANGS, type Lang } from "../../src/core/i18n";
import { ROOT } from "../helpers/forms";
import * as xlsxMigrate from "../../src/xlsx/migrate";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "jospar-usage-"))));
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

test("every usage error exists in kk, ru and en, and they differ (a message left in English is caught)", () => {
  for (const [key, by] of Object.entries(USAGE_ERRORS)) {
    const texts = LANGS.map((l) => (by[l] as (v: string) => string)("X"));
    for (const t of texts) expect(t.trim().length).toBeGreaterThan(3);
    expect({ key, distinct: new Set(texts).size }).toEqual({ key, distinct: 3 });
  }
});

type Key = keyof typeof USAGE_ERRORS;
/** argv (the output folder as DIR) → the usage error it must give, with its argument. */
const CASES: [string[], Key, string, "catalog" | "main"][] = [
  [["catalog"], "needCatalogCommand", "", "catalog"],
  [["catalog", "publish"], "unknownCommand", "catalog publish", "catalog"],
  [["catalog", "pack"], "needPackOut", "", "catalog"],
  [["catalog", "pack", "--out", "DIR", "--date", "4.12.2026"], "badDate", "4.12.2026", "catalog"],
  [["catalog", "verify"], "needVerifyDir", "", "catalog"],
  [["catalog", "verify", "a", "b"], "unexpected", "b", "catalog"],
  [["catalog", "info", "--format", "xml"], "badFormatTextJson", "xml", "catalog"],
  [["catalog", "sign", "DIR"], "needSignArgs", "", "catalog"],
  [["catalog", "keygen"], "needKeygenOut", "", "catalog"],
  [["migrate", "--to", "latest", "--out-dir", "DIR"], "needMigrateFile", "", "catalog"],
  [["migrate", "x.xlsx", "--to", "soon", "--out-dir", "DIR"], "badTo", "soon", "catalog"],
  [["migrate", "x.xlsx", "--to", "latest"], "needMigrateOutDir", "", "catalog"],
  [["migrate", "x.xlsx", "--to", "latest", "--out-dir", "DIR", "--format", "xml"], "badFormatTextJson", "xml", "catalog"],
  [["check", "x.xlsx", "--format", "xml"], "badFormat", "xml", "main"],
  [["check"], "needFile", "", "main"],
];

test.each(LANGS)("bad usage of check, catalog and migrate is said in %s, then that command's usage; exit 2", async (lang: Lang) => {
  for (const [argv, key, arg, usage] of CASES) {
    const r = await run([...argv.map((a) => (a === "DIR" ? dir : a)), "--lang", lang]);
    const said = (USAGE_ERRORS[key][lang] as (v: string) => string)(arg);
    expect({ argv, code: r.code, said: r.err.includes(`jospar: ${said}`) }).toEqual({ argv, code: 2, said: true });
    expect(r.err).toContain(usage === "catalog" ? cm("usage", lang) : say("usage", lang));
  }
});

test("--lang itself is checked by every command, in the language of the environment", async () => {
  for (const argv of [["catalog", "info"], ["migrate", "x.xlsx"], ["check", "x.xlsx"]]) {
    const r = await run([...argv, "--lang", "de"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(USAGE_ERRORS.badLang.kk("de"));
  }
});

test("a file given where a release folder is expected is bad input, not a defect", async () => {
  const r = await run(["catalog", "verify", join(ROOT, "package.json"), "--lang", "en"]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/manifest\.json is missing: not a catalog release/);
  expect(r.err).not.toMatch(/internal error/);
});

test("a defect inside migrate is exit 3 with a request to report it, in the user's language; the stack on --debug", async () => {
  jest.spyOn(xlsxMigrate, "migrateSnapshot").mockImplementation(() => {
    throw new TypeError("injected fault");
  });
  const file = join(ROOT, "samples", "operational-plan-clean.xlsx");
  const plain = await run(["migrate", file, "--to", "latest", "--out-dir", dir, "--lang", "ru"]);
  expect(plain.code).toBe(3);
  expect(plain.err).toContain(`jospar: ${say("internalError", "ru")}: injected fault`);
  expect(plain.err).toContain(say("reportBug", "ru"));
  expect(plain.err).not.toMatch(/\n\s+at /);
  const debug = await run(["migrate", file, "--to", "latest", "--out-dir", dir, "--debug"]);
  expect(debug.code).toBe(3);
  expect(debug.err).toMatch(/TypeError: injected fault[^]*\n\s+at /);
});
