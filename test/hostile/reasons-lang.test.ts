/**
 * The reader's refusals speak the user's language (issue 10): a zip bomb, a renamed picture and an
 * old-format file are refused with the limit or the reason in kk, ru and en, through the real command.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ROOT } from "../helpers/forms";
import { rawWorkbook, sheetXml, png } from "./build";

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "jospar-reasons-"));
  writeFileSync(join(dir, "bomb.xlsx"), await rawWorkbook([sheetXml("")], Object.fromEntries(Array.from({ length: 2100 }, (_, i) => [`xl/media/p${i}.xml`, "<x/>"]))));
  writeFileSync(join(dir, "picture.xlsx"), png());
  writeFileSync(join(dir, "old.xlsx"), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reasons(lang: string): Record<string, string> {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "jospar.js"), "check", join(dir, "bomb.xlsx"), join(dir, "picture.xlsx"), join(dir, "old.xlsx"), "--format", "ndjson", "--lang", lang], { encoding: "utf8" });
  expect(r.status).toBe(2);
  const out: Record<string, string> = {};
  for (const line of r.stdout.trim().split("\n")) {
    const o = JSON.parse(line) as { path?: string; error?: { message: string } };
    if (o.path && o.error) out[o.path.split(/[\\/]/).pop()!] = o.error.message;
  }
  return out;
}

test.each([
  ["en", /the workbook has 2,1\d\d parts; the limit is 2,000 \(maxParts\)/, /it is a PNG image renamed to \.xlsx/, /old \.xls file/],
  ["ru", /в книге 2 1\d\d частей; предел 2 000 \(maxParts\)/, /это изображение PNG с расширением, изменённым на \.xlsx/, /старый файл \.xls/],
  ["kk", /кітапта 2 1\d\d бөлік бар; шегі 2 000 \(maxParts\)/, /PNG суреті/, /ескі \.xls файлы/],
])("--lang %s: every refusal in that language, the limit's name kept", (lang, bomb, picture, old) => {
  const r = reasons(lang as string);
  expect(r["bomb.xlsx"]).toMatch(bomb);
  expect(r["picture.xlsx"]).toMatch(picture);
  expect(r["old.xlsx"]).toMatch(old);
  if (lang !== "en") for (const m of Object.values(r)) expect(m).not.toMatch(/workbook|renamed|the limit/);
}, 60_000);
