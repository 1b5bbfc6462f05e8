/**
 * `jospar print` exit codes, through the command's own entry point: a sample prints (exit 0, a
 * PDF per form sheet written); a missing input file is named in the user's language (non-zero,
 * the other files still print); no LibreOffice (SOFFICE pointing nowhere, the override the
 * lookup honours) gives the install hint in the user's language and exit 2, and writes nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { main } from "../../src/cli/main";
import { NO_SOFFICE } from "../../src/cli/libreoffice";
import { sofficePath, LibreOfficeMissing } from "../helpers/libreoffice";
import { ROOT } from "../excel/support/setup";

jest.setTimeout(600000);

const SAMPLE = join(ROOT, "samples", "evaluation-central-clean.xlsx");

async function jospar(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } as never);
  return { code, out, err };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jospar-print-exit-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.SOFFICE;
});

test("a sample prints: exit 0, one real PDF per form sheet, each reported as written", async () => {
  if (!sofficePath()) throw new LibreOfficeMissing();
  const r = await jospar(["print", SAMPLE, "--out-dir", join(dir, "pdf"), "--lang", "en"]);
  expect(r.err).toEqual([]);
  expect(r.code).toBe(0);
  const pdfs = readdirSync(join(dir, "pdf")).filter((f) => f.endsWith(".pdf"));
  expect(pdfs.length).toBeGreaterThan(0);
  expect(r.out).toHaveLength(pdfs.length);
  for (const f of pdfs) expect(readFileSync(join(dir, "pdf", f)).subarray(0, 5).toString()).toBe("%PDF-");
});

test.each([
  ["kk", "оқылмайды"],
  ["ru", "не читается"],
  ["en", "unreadable"],
] as const)("a missing input is named in %s, exit non-zero, the other file still prints", async (lang, word) => {
  if (!sofficePath()) throw new LibreOfficeMissing();
  const missing = join(dir, "no-such-plan.xlsx");
  const r = await jospar(["print", missing, SAMPLE, "--out-dir", join(dir, "pdf"), "--lang", lang]);
  expect(r.code).not.toBe(0);
  expect(r.err.join("\n")).toContain(missing);
  expect(r.err.join("\n")).toContain(word);
  expect(r.err.join("\n")).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  expect(readdirSync(join(dir, "pdf")).filter((f) => f.endsWith(".pdf")).length).toBeGreaterThan(0);
});

test.each(["kk", "ru", "en"] as const)("without LibreOffice (%s): the install hint, exit 2, nothing written", async (lang) => {
  process.env.SOFFICE = join(dir, "no-soffice-here");
  const r = await jospar(["print", SAMPLE, "--out-dir", join(dir, "pdf"), "--lang", lang]);
  expect(r.code).toBe(2);
  expect(r.err.join("\n")).toContain(NO_SOFFICE[lang]);
  expect(existsSync(join(dir, "pdf"))).toBe(false);
});
