/**
 * No text for people names a seed file or an internal computed-value key (issue 14 item 3): the
 * CLI's text report and the checked copies, in kk, ru and en, on every sample workbook.
 */
import { mkdtempSync, readdirSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { ROOT } from "../helpers/forms";
import { run } from "../helpers/cli";
import { loadCatalog } from "../../src/cli/data";
import { LANGS } from "../../src/core/i18n";

const catalog = loadCatalog();
/** Computed ids that are not ordinary words (camelCase, digits, underscores): they must never be printed. */
const KEYS = [...new Set(catalog.templates.flatMap((t) => (t.computed ?? []).map((c) => c.id)))].filter((id) => id.length >= 4 && /[A-Z0-9_]/.test(id.slice(1)));
const FORBIDDEN = new RegExp(`\\d{3}_[0-9a-f]{16}\\.txt|forms-and-rules\\.md|\\b(${KEYS.join("|")})\\b`);
const samples = readdirSync(join(ROOT, "samples")).filter((f) => f.endsWith(".xlsx")).map((f) => join(ROOT, "samples", f));

test("the forbidden keys are real computed ids", () => {
  expect(KEYS).toEqual(expect.arrayContaining(["activitiesTotal", "targetIndicatorsTotal", "W_late"]));
});

test.each(LANGS)("the CLI's text report in %s names no seed file and no computed key", async (lang) => {
  const { out, err } = await run(["check", ...samples, "--lang", lang]);
  expect(out).toMatch(/^ {2}= /m); // computed values are printed, by label
  expect(out.match(FORBIDDEN)).toBeNull();
  expect(err.match(FORBIDDEN)).toBeNull();
}, 120_000);

test.each(LANGS)("checked copies in %s name no seed file and no computed key", async (lang) => {
  const dir = mkdtempSync(join(tmpdir(), "jospar-people-"));
  const files = samples.filter((f) => /violations/.test(f));
  await run(["check", ...files, "--lang", lang, "--out-dir", dir]);
  let cells = 0;
  for (const f of readdirSync(dir)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, f));
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const text = [typeof cell.value === "string" ? cell.value : "", typeof cell.note === "string" ? cell.note : ""].join("\n");
          cells++;
          if (FORBIDDEN.test(text)) throw new Error(`${f} ${ws.name}!${cell.address}: ${text.match(FORBIDDEN)![0]}`);
        }),
      ),
    );
  }
  expect(cells).toBeGreaterThan(100);
}, 120_000);
