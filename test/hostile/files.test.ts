import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync, rmSync, copyFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import JSZip from "jszip";
import { ROOT } from "../helpers/forms";
import { rawWorkbook, sheetXml, gridXml, sampleWith, encryptedOoxml, png } from "./build";

/**
 * The adversarial suite (issue 10): hostile files built here, checked in one call of the real
 * command (a child process, so its peak memory is the process's own) together with a good
 * sample. Each hostile file gets its clear status and reason; the good one is still reported.
 */
interface Line {
  path?: string;
  status?: string;
  error?: { code: string; message: string };
  forms?: { findings: { rule: string; cell: string | null; message: string }[] }[];
  summary?: { files: number; peakRssMb: number; seconds: number; unreadable: number };
}

let dir: string;
const GOOD = join(ROOT, "samples", "operational-plan-violations.xlsx");

function jospar(args: string[]): { code: number | null; lines: Line[]; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "jospar.js"), "check", ...args, "--format", "ndjson", "--lang", "en"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, lines: r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Line), stderr: r.stderr, ms: Date.now() - t0 };
}

const file = (name: string) => join(dir, name);
const HOSTILE: Record<string, () => Promise<Buffer>> = {
  // Ratio: 8 MB of one character compresses about 1000:1.
  "bomb-ratio.xlsx": () => rawWorkbook([sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${"0".repeat(8 * 1024 * 1024)}</t></is></c></row>`)]),
  // Parts: 3,000 tiny parts.
  "bomb-parts.xlsx": () => rawWorkbook([sheetXml("")], Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`xl/media/p${i}.xml`, "<x/>"]))),
  // 400,000 distinct shared strings (over maxCells).
  "shared-strings.xlsx": () => rawWorkbook([sheetXml("")], { "xl/sharedStrings.xml": `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${Array.from({ length: 400_000 }, (_, i) => `<si><t>s${i * 7919}</t></si>`).join("")}</sst>` }),
  "many-sheets.xlsx": () => rawWorkbook(Array.from({ length: 150 }, () => sheetXml(""))),
  // Issue 10 defect 3: 20 sheets of 20,000 cells (the reported file had 600,000 a sheet).
  "twenty-sheets.xlsx": () => rawWorkbook(Array.from({ length: 20 }, () => gridXml(2000, 10))),
  // 1,048,576 rows: Excel's maximum, each row empty.
  "million-rows.xlsx": () => rawWorkbook([sheetXml(Array.from({ length: 1_048_576 }, (_, i) => `<row r="${i + 1}"/>`).join(""))]),
  // A cell of 1 MB of dots (issue 10 defect 2's cell, in a workbook).
  "long-text.xlsx": () => rawWorkbook([sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${".".repeat(1024 * 1024)}</t></is></c></row>`)], {}, true),
  "entities.xlsx": () => rawWorkbook([`<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`]),
  "encrypted.xlsx": async () => encryptedOoxml(),
  "picture.xlsx": async () => png(),
  // A deadline of 32,000 dots (within Excel's cell limit) in a real form: checked, in bounded time.
  "dots-deadline.xlsx": () => sampleWith("operational-plan-violations.xlsx", { E9: ".".repeat(32_000) + "x" }),
};

const WANT: Record<string, [status: string, code: string, message: RegExp]> = {
  "bomb-ratio.xlsx": ["unreadable", "limit-ratio", /compressed \d+:1.*maxRatio/],
  "bomb-parts.xlsx": ["unreadable", "limit-parts", /3,0\d\d parts; the limit is 2,000 \(maxParts\)/],
  "shared-strings.xlsx": ["unreadable", "limit-cells", /more than 300,000 shared strings \(maxCells\)/],
  "many-sheets.xlsx": ["unreadable", "limit-sheets", /150 sheets; the limit is 100 \(maxSheets\)/],
  "twenty-sheets.xlsx": ["unreadable", "limit-cells", /more than 300,000 cells \(maxCells\)/],
  "million-rows.xlsx": ["unreadable", "limit-rows", /more than 200,000 rows \(maxRows\)/],
  "long-text.xlsx": ["unreadable", "limit-text", /32,767.*\(maxCellChars\)/],
  "entities.xlsx": ["unreadable", "corrupt", /DTD.*entity expansion/],
  "encrypted.xlsx": ["unreadable", "encrypted", /password-protected/],
  "picture.xlsx": ["unreadable", "not-xlsx", /a PNG image renamed/],
  "document.xlsx": ["unreadable", "not-xlsx", /without a workbook part/],
  "dots-deadline.xlsx": ["ok", "", /./],
};

let run: ReturnType<typeof jospar>;
const byName = (name: string) => run.lines.find((l) => l.path === file(name))!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "jospar-hostile-"));
  for (const [name, make] of Object.entries(HOSTILE)) writeFileSync(file(name), await make());
  // A Word document renamed to .xlsx: a zip, but no workbook part.
  const docx = new JSZip();
  docx.file("[Content_Types].xml", "<Types/>");
  docx.file("word/document.xml", "<w:document/>");
  writeFileSync(file("document.xlsx"), await docx.generateAsync({ type: "nodebuffer" }));
  copyFileSync(GOOD, file("good.xlsx"));
  run = jospar([...Object.keys(HOSTILE).map(file), file("document.xlsx"), file("good.xlsx"), "--jobs", "2"]);
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each(Object.entries(WANT))("%s: %s %s, with the limit or the reason named", (name, [status, code, message]) => {
  const l = byName(name);
  expect(l.status).toBe(status);
  if (code) {
    expect(l.error!.code).toBe(code);
    expect(l.error!.message).toMatch(message);
    expect(l.error!.message).not.toMatch(/\n\s+at /);
  }
});

test("the good file of the same call is reported in full, and the call ends with exit 2 and no stack", () => {
  const good = byName("good.xlsx");
  expect(good.status).toBe("ok");
  expect(good.forms![0].findings.map((f) => f.rule)).toContain("OP-DEADLINE-IN-YEAR");
  expect(run.code).toBe(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

test("the whole hostile call stays within the default memory (1 GB peak RSS) and the time budget", () => {
  const summary = run.lines[run.lines.length - 1].summary!;
  expect(summary.files).toBe(Object.keys(HOSTILE).length + 2);
  expect(summary.peakRssMb).toBeLessThan(1024);
  // 13 files, 60 s each at most; in practice a few seconds for all of them.
  expect(run.ms).toBeLessThan(120_000);
});

test("the 32,000-dot deadline is checked like any bad deadline", () => {
  const l = byName("dots-deadline.xlsx");
  const e9 = l.forms!.flatMap((f) => f.findings).filter((f) => f.cell === "E9");
  expect(e9.length).toBeGreaterThan(0);
});

describe("a file over the worker's heap or time budget", () => {
  let big: string;
  beforeAll(async () => {
    big = file("big.xlsx");
    // 25,000 rows × 10 cells: within the cell limit, heavy for ExcelJS.
    writeFileSync(big, await rawWorkbook([gridXml(25_000, 10)]));
  }, 60_000);

  test("over the heap: unreadable (limit-memory), the next file still checked", () => {
    const r = jospar([big, GOOD, "--jobs", "1", "--limit", "memoryMb=400"]);
    expect(r.lines[0].status).toBe("unreadable");
    expect(r.lines[0].error!.code).toBe("limit-memory");
    expect(r.lines[0].error!.message).toMatch(/more than \d+ MB of memory \(limit memoryMb\)/);
    expect(r.lines[1].status).toBe("ok");
    expect(r.code).toBe(2);
  });

  test("over the time budget: unreadable (limit-time), the next file still checked", async () => {
    // Four times the big file, let in by raised size limits: it takes several seconds to read even on
    // an idle machine, far over a 2-second budget; the good file takes a fraction of that.
    const slow = file("slow.xlsx");
    writeFileSync(slow, await rawWorkbook([gridXml(100_000, 10)]));
    const r = jospar([slow, GOOD, "--jobs", "1", "--limit", "timeSeconds=2", "--limit", "maxCells=2000000", "--limit", "maxRatio=100000", "--limit", "memoryMb=4000"]);
    expect(r.lines[0].error!.code).toBe("limit-time");
    expect(r.lines[0].error!.message).toMatch(/longer than 2 seconds \(limit timeSeconds\)/);
    expect(r.lines[1].status).toBe("ok");
  });
});
