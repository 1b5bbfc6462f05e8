/**
 * Flags are reversible presentation, proven on the file itself: a user's own formatting of a
 * cell (fill, font, border, number format) survives a finding being flagged and cleared byte for
 * byte. The workbook goes through the ExcelJS port (the same writes the add-in makes), and the
 * parts of the saved .xlsx are compared: the cell's style index, the style records it points to,
 * every cell's style, and the conditional formats.
 */
import ExcelJS from "exceljs";
import { catalog, template, templateFile, sampleData } from "./support/setup";
import { placed } from "./support/plan";
import { unzip } from "./support/zip";
import { XlsxWorkbookPort } from "../../src/xlsx/port";
import { presentationWrites } from "../../src/excel/presentation";
import { Checker } from "../../src/core/check";
import { checkWorkbook } from "../../src/core/workbook";

const PLAN = "operational-plan";

async function checkAndPresent(buf: Buffer): Promise<{ buf: Buffer; rules: string[]; writes: number }> {
  const port = await XlsxWorkbookPort.fromBuffer(buf);
  const snap = await port.read();
  const result = checkWorkbook(snap, catalog(), new Checker(catalog().packs, catalog().calendar));
  const { writes } = presentationWrites(snap, result);
  await port.write(writes);
  return { buf: await port.toBuffer(), rules: result.forms.flatMap((f) => f.findings.map((x) => `${x.rule}@${x.cell}`)), writes: writes.length };
}

async function edit(buf: Buffer, sheet: string, fn: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  fn(wb.getWorksheet(sheet)!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every cell's style index in the sheet part, and the XML of the style records one cell uses. */
function styles(buf: Buffer, cellRef: string) {
  const parts = unzip(buf);
  const sheet = parts.get("xl/worksheets/sheet1.xml")!.toString("utf8");
  const styleXml = parts.get("xl/styles.xml")!.toString("utf8");
  const cellStyles = [...sheet.matchAll(/<c r="([A-Z]+\d+)"(?: s="(\d+)")?/g)].map((m) => `${m[1]}:${m[2] ?? 0}`);
  const s = Number(new RegExp(`<c r="${cellRef}" s="(\\d+)"`).exec(sheet)![1]);
  const list = (tag: string, child: string) => [...new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`).exec(styleXml)![1].matchAll(new RegExp(`<${child}(?:\\s[^>]*?)?(?:/>|>[\\s\\S]*?</${child}>)`, "g"))].map((m) => m[0]);
  const xf = list("cellXfs", "xf")[s];
  const attr = (k: string) => Number(new RegExp(`${k}="(\\d+)"`).exec(xf)?.[1] ?? 0);
  const numFmtId = attr("numFmtId");
  return {
    cellStyles,
    xf,
    font: list("fonts", "font")[attr("fontId")],
    fill: list("fills", "fill")[attr("fillId")],
    border: list("borders", "border")[attr("borderId")],
    numFmt: numFmtId >= 164 ? new RegExp(`<numFmt numFmtId="${numFmtId}"[^>]*/>`).exec(styleXml)![0] : `builtin ${numFmtId}`,
    conditionalFormats: [...sheet.matchAll(/<conditionalFormatting[\s\S]*?<\/conditionalFormatting>/g)].map((m) => m[0]),
    dxfs: /<dxfs[\s\S]*?<\/dxfs>/.exec(styleXml)?.[0] ?? "",
  };
}

test("a user's fill, font, border and number format are byte-for-byte the same after a finding clears (.xlsx round trip)", async () => {
  const t = template(PLAN);
  const data = sampleData(PLAN);
  const p = placed(t, { sheetId: "", sheetName: t.sheetName.kk, templateId: t.id, via: "file", bindingName: "" }, data);
  const i = (data.rows ?? []).findIndex((r) => r.kind === "ACTIVITY");
  const cell = p.cell(i, "deadline");
  const flag = p.flagCell(i);

  // The user formats the cell in their own way and types a deadline outside the plan year.
  const built = (await templateFile(t, data)).buffer;
  const formatted = await edit(built, t.sheetName.kk, (ws) => {
    const c = ws.getCell(cell);
    c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
    c.font = { name: "Arial", size: 13, bold: true, italic: true, color: { argb: "FF0000FF" } };
    c.border = { bottom: { style: "double", color: { argb: "FFFF0000" } }, left: { style: "thick" } };
    c.numFmt = "@";
    c.value = "31.12.2030";
  });
  const before = styles(formatted, cell);

  const flagged = await checkAndPresent(formatted);
  expect(flagged.rules).toContain(`OP-DEADLINE-IN-YEAR@${cell}`);
  const wbFlagged = new ExcelJS.Workbook();
  await wbFlagged.xlsx.load(flagged.buf as unknown as ArrayBuffer);
  expect(wbFlagged.getWorksheet(t.sheetName.kk)!.getCell(flag).value).toBe("|E:deadline|");
  expect(styles(flagged.buf, cell)).toEqual(before); // flagging touched no style either

  // The user fixes the deadline; the next check clears the flag.
  const fixed = await edit(flagged.buf, t.sheetName.kk, (ws) => {
    ws.getCell(cell).value = "IV тоқсан";
  });
  const cleared = await checkAndPresent(fixed);
  expect(cleared.rules).not.toContain(`OP-DEADLINE-IN-YEAR@${cell}`);
  expect(cleared.writes).toBeGreaterThan(0);
  const wbCleared = new ExcelJS.Workbook();
  await wbCleared.xlsx.load(cleared.buf as unknown as ArrayBuffer);
  expect(wbCleared.getWorksheet(t.sheetName.kk)!.getCell(flag).value).toBeNull();

  const after = styles(cleared.buf, cell);
  expect(after.xf).toBe(before.xf);
  expect(after.font).toBe(before.font);
  expect(after.fill).toBe(before.fill);
  expect(after.border).toBe(before.border);
  expect(after.numFmt).toBe(before.numFmt);
  expect(after.cellStyles).toEqual(before.cellStyles);
  expect(after.conditionalFormats).toEqual(before.conditionalFormats);
  expect(after.dxfs).toBe(before.dxfs);
  expect(before.font).toContain('rgb="FF0000FF"');
  expect(before.fill).toContain('rgb="FFFFFF00"');
  expect(before.border).toContain('style="double"');
});
