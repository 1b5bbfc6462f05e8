/**
 * Printed forms (issue 15): every sample workbook printed by `jospar print` with LibreOffice, one
 * PDF per form sheet, read back with poppler's pdftotext. Each page holds the official column
 * headings (repeated on every page), no helper-column heading and no label of the fields panel
 * (unless the template prints its panel), and a page number "i / n"; a 300-activity operational
 * plan prints its activities in reading order over several pages. One LibreOffice run for all.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, statSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { printFiles } from "../../src/cli/print";
import { sofficePath, LibreOfficeMissing } from "../helpers/libreoffice";
import { catalog, ROOT, bigPlan, template } from "../excel/support/setup";
import { buildTemplateWorkbook } from "../../src/xlsx/build";
import { readWorkbookFile } from "../../src/xlsx/read";
import { detectForms } from "../../src/core/workbook";
import { PANEL_TITLES } from "../../src/core/layout";
import type { Template } from "../../src/core/template/types";

jest.setTimeout(900000);

const SAMPLES = readdirSync(join(ROOT, "samples")).filter((f) => f.endsWith(".xlsx")).sort();
const squash = (s: string) => s.replace(/\s+/g, "");

function pdftotext(file: string, mode: "-raw" | "-layout"): string[] {
  const r = spawnSync("pdftotext", [mode, file, "-"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pdftotext is needed (apt-get install poppler-utils): ${r.stderr || r.error}`);
  return r.stdout.split("\f").slice(0, -1);
}

let dir: string;
const printed = new Map<string, { pdf: string; template: Template }[]>();
let exitCode = -1;
const messages: string[] = [];

beforeAll(async () => {
  if (!sofficePath()) throw new LibreOfficeMissing();
  dir = mkdtempSync(join(tmpdir(), "jospar-print-test-"));
  const big = join(dir, "plan-300.xlsx");
  writeFileSync(big, Buffer.from(await buildTemplateWorkbook(template("operational-plan"), bigPlan(300)).xlsx.writeBuffer()));
  const files = [...SAMPLES.map((f) => join(ROOT, "samples", f)), big];
  const out = join(dir, "pdf");
  const before = SAMPLES.map((f) => statSync(join(ROOT, "samples", f)).mtimeMs);
  exitCode = await printFiles(catalog(), files, out, "en", { out: (s) => messages.push(s), err: (s) => messages.push(s) });
  expect(SAMPLES.map((f) => statSync(join(ROOT, "samples", f)).mtimeMs)).toEqual(before); // inputs untouched
  for (const f of files) {
    const base = f.replace(/^.*\//, "").replace(/\.xlsx$/, "");
    const forms = detectForms(await readWorkbookFile(f), catalog()).forms;
    printed.set(base, forms.map((d) => ({ pdf: join(out, `${base}.${d.grid.sheet}.pdf`), template: d.template })));
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("jospar print: every sample prints only its official form", () => {
  test("one PDF per form sheet of every sample, exit 0", () => {
    expect(messages.filter((m) => !m.startsWith("wrote "))).toEqual([]);
    expect(exitCode).toBe(0);
    const pdfs = readdirSync(join(dir, "pdf"));
    expect(pdfs.length).toBe([...printed.values()].reduce((n, x) => n + x.length, 0));
    expect(pdfs.length).toBeGreaterThan(SAMPLES.length);
  });

  test.each(SAMPLES.map((f) => f.replace(/\.xlsx$/, "")))("%s: headings on every page, no helper column, no panel label, page numbers", (base) => {
    for (const { pdf, template: t } of printed.get(base)!) {
      const pages = pdftotext(pdf, "-raw");
      const layout = pdftotext(pdf, "-layout");
      expect(pages.length).toBeGreaterThan(0);
      const official = t.table.columns.filter((c) => !c.helper).map((c) => squash(c.heading.kk));
      const helpers = t.table.columns.filter((c) => c.helper).map((c) => squash(c.heading.kk));
      // Words the official form prints itself (a panel label may repeat a skeleton row's label).
      const printedText = squash([
        t.title.kk, t.caption?.kk ?? "", t.heading?.text ?? "", ...t.table.columns.filter((c) => !c.helper).map((c) => c.heading.kk),
        ...(t.table.skeleton ?? []).map((s) => s.label), ...t.table.rowKinds.map((k) => k.label.kk), ...(t.signature ?? []).map((s) => s.label.kk), ...(t.footnotes ?? []).map((f) => f.kk),
        // The fields and lines the template prints on the form itself, where the annex has them.
        ...[...(t.printed?.before ?? []), ...(t.printed?.after ?? [])].flatMap((l) => [l.text ?? "", ...(l.cells ?? []), fieldLabel(t, l.field)]),
      ].join(" "));
      const panel = t.print?.includePanel
        ? []
        : [...Object.values(PANEL_TITLES).map((x) => x.kk), ...t.header.map((f) => f.label.kk), ...t.context.map((f) => f.label.kk), ...(t.computed ?? []).map((f) => f.label.kk)]
            .map(squash)
            .filter((l) => l.length > 6 && !printedText.includes(l));
      pages.forEach((raw, i) => {
        const text = squash(raw);
        const where = `${pdf.replace(/^.*\//, "")} page ${i + 1}`;
        // A form the annex prints as a numbered list keeps its column headings hidden.
        if (t.table.list) expect(text.includes(official[0]) ? `${where}: heading ${official[0]} of a list form` : "").toBe("");
        else if (i === 0 || t.print?.repeatHeaderRows !== false)
          for (const h of official) expect(text.includes(h) ? "" : `${where}: no heading ${h}`).toBe("");
        for (const h of helpers) expect(text.includes(h) ? `${where}: helper heading ${h}` : "").toBe("");
        for (const l of panel) expect(text.includes(l) ? `${where}: panel label ${l}` : "").toBe("");
        expect(layout[i]).toMatch(new RegExp(`\\b${i + 1}\\s*/\\s*${pages.length}\\b`));
      });
    }
  });

  test("a 300-activity operational plan prints in reading order over several pages, headings repeated, numbered", () => {
    const [{ pdf, template: t }] = printed.get("plan-300")!;
    const pages = pdftotext(pdf, "-layout");
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const seen: number[] = [];
    pages.forEach((page, i) => {
      expect(page).toMatch(new RegExp(`\\b${i + 1}\\s*/\\s*${pages.length}\\b`));
      // The column numbers row "1 2 3 4 5 6" heads every page.
      expect(page).toMatch(/^\s*1\s+2\s+3\s+4\s+5\s+6\s*$/m);
      if (i > 0) expect(squash(page)).toContain(squash(t.table.columns[0].heading.kk));
      for (const m of page.matchAll(/Іс-шара (\d+):/g)) seen.push(Number(m[1]));
    });
    const extra = Array.from({ length: 300 }, (_, k) => k + 1).filter((n) => seen.includes(n));
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // reading order, page after page
    expect(extra.length).toBe(new Set(seen).size);
    expect(seen[seen.length - 1]).toBe(300);
    expect(new Set(seen).size).toBeGreaterThanOrEqual(290);
  });

  test("no two text lines of a printed page overlap (pdftotext -bbox-layout)", () => {
    const clashes: string[] = [];
    let lines = 0;
    for (const [base, sheets] of printed)
      for (const { pdf } of sheets) {
        const r = spawnSync("pdftotext", ["-bbox-layout", pdf, "-"], { encoding: "utf8", maxBuffer: 1 << 28 });
        if (r.status !== 0) throw new Error(`pdftotext is needed (apt-get install poppler-utils): ${r.stderr || r.error}`);
        r.stdout.split("<page ").slice(1).forEach((page, p) => {
          const boxes = [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((m) => ({
            x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4],
            text: [...m[5].matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(" "),
          }));
          lines += boxes.length;
          // A line's box spans the font's ascent to descent, so the wrapped lines of one cell touch;
          // lines sharing an x-range and over half the shorter line's height are printed over each other.
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i], b = boxes[j];
              const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
              const dy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
              if (dx > 1 && dy > 0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0)) clashes.push(`${base} p.${p + 1}: "${a.text}" / "${b.text}"`);
            }
        });
      }
    expect(lines).toBeGreaterThan(100);
    expect(clashes).toEqual([]);
  });
});

function fieldLabel(t: Template, id: string | undefined): string {
  if (!id) return "";
  return [...t.header, ...t.context, ...(t.computed ?? [])].find((f) => f.id === id)?.label.kk ?? "";
}
