import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";
import { UnreadableError, ReadLimits } from "./limits";
import { readReason } from "./reasons";

/**
 * What a zip holds, measured before any XML parser sees it: the central directory (part count,
 * declared sizes, compression ratio, encryption) and then every part inflated as a stream with
 * its declared size enforced (yauzl stops a part that inflates to more than it declares), the
 * worksheets scanned for rows and cells on the way. A zip bomb costs at most one chunk beyond a
 * limit, never its inflated size.
 */
export interface ZipInspection {
  parts: number;
  sheets: number;
  inflatedBytes: number;
  cells: number;
}

const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;

function openZip(buf: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(err) : resolve(zip!))),
  );
}

function entries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    zip.on("entry", (e: Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on("end", () => resolve(out));
    zip.on("error", reject);
    zip.readEntry();
  });
}

const isSheetPart = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name);
const isXmlPart = (name: string) => /\.(xml|rels|vml)$/i.test(name);

/** Inspect an .xlsx zip held in memory against the limits; throws UnreadableError naming the limit. */
export async function inspectZip(buf: Buffer, limits: ReadLimits): Promise<ZipInspection> {
  let zip: ZipFile;
  try {
    zip = await openZip(buf);
  } catch (e) {
    throw new UnreadableError("corrupt", readReason("corrupt", { detail: (e as Error).message.split("\n")[0] }));
  }
  let list: Entry[];
  try {
    list = await entries(zip);
  } catch (e) {
    throw new UnreadableError("corrupt", readReason("corrupt", { detail: (e as Error).message.split("\n")[0] }));
  }
  if (list.length > limits.maxParts)
    throw new UnreadableError("limit-parts", readReason("parts", { n: list.length, limit: limits.maxParts }));
  if (list.some((e) => (e.generalPurposeBitFlag & 1) !== 0)) throw new UnreadableError("encrypted", readReason("zipEncrypted"));
  const sheets = list.filter((e) => isSheetPart(e.fileName)).length;
  if (sheets > limits.maxSheets) throw new UnreadableError("limit-sheets", readReason("sheets", { n: sheets, limit: limits.maxSheets }));
  if (!list.some((e) => e.fileName === "[Content_Types].xml") || !list.some((e) => /^xl\/workbook\.xml$/i.test(e.fileName)))
    throw new UnreadableError("not-xlsx", readReason("zipNoWorkbook"));
  let declared = 0;
  for (const e of list) {
    if (e.uncompressedSize > limits.maxPartBytes)
      throw new UnreadableError("limit-inflated", readReason("partInflated", { part: e.fileName, size: mb(e.uncompressedSize), limit: mb(limits.maxPartBytes) }));
    declared += e.uncompressedSize;
    // Ratio only counts for parts large enough to matter: a tiny part may compress 1000:1.
    if (e.uncompressedSize > MB && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio)
      throw new UnreadableError("limit-ratio", readReason("ratio", { part: e.fileName, ratio: String(Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))), limit: String(limits.maxRatio) }));
  }
  if (declared > limits.maxInflatedBytes)
    throw new UnreadableError("limit-inflated", readReason("inflated", { size: mb(declared), limit: mb(limits.maxInflatedBytes) }));
  // Now the parts themselves: sizes as they really inflate, sheets' rows and cells, no DTDs.
  const counts = { cells: 0, inflated: 0 };
  try {
    for (const e of list) if (isXmlPart(e.fileName)) await scanPart(zip, e, limits, counts);
  } finally {
    zip.close();
  }
  return { parts: list.length, sheets, inflatedBytes: counts.inflated, cells: counts.cells };
}

function openStream(zip: ZipFile, e: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(e, (err, s) => (err ? reject(err) : resolve(s!))));
}

/** Count occurrences of byte patterns across chunk boundaries, in one pass. */
class TokenCounter {
  private tail = Buffer.alloc(0);
  readonly counts: number[];
  constructor(private readonly tokens: Buffer[]) {
    this.counts = tokens.map(() => 0);
  }
  push(chunk: Buffer): void {
    const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const tl = this.tail.length;
    this.tokens.forEach((t, i) => {
      // Only occurrences that end inside the new chunk: the others were counted with the previous one.
      for (let at = buf.indexOf(t, Math.max(0, tl - t.length + 1)); at !== -1; at = buf.indexOf(t, at + 1)) this.counts[i]++;
    });
    this.tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 15)));
  }
}

const ROW = [Buffer.from("<row "), Buffer.from("<row>")];
const CELL = [Buffer.from("<c "), Buffer.from("<c>")];
const DTD = Buffer.from("<!DOCTYPE");
const SI = Buffer.from("<si>");

async function scanPart(zip: ZipFile, e: Entry, limits: ReadLimits, counts: { cells: number; inflated: number }): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await openStream(zip, e);
  } catch (err) {
    throw new UnreadableError("corrupt", readReason("corrupt", { detail: `${e.fileName}: ${(err as Error).message}` }));
  }
  const sheet = isSheetPart(e.fileName);
  const strings = /^xl\/sharedStrings\.xml$/i.test(e.fileName);
  const counter = new TokenCounter([...ROW, ...CELL, DTD, SI]);
  let textRun = 0;
  try {
    for await (const c of stream as AsyncIterable<Buffer>) {
      counts.inflated += c.length;
      if (counts.inflated > limits.maxInflatedBytes)
        throw new UnreadableError("limit-inflated", readReason("inflatedMore", { limit: mb(limits.maxInflatedBytes) }));
      counter.push(c);
      const [r1, r2, c1, c2, dtd, si] = counter.counts;
      if (dtd > 0) throw new UnreadableError("corrupt", readReason("dtd", { part: e.fileName }));
      if (sheet && r1 + r2 > limits.maxRows)
        throw new UnreadableError("limit-rows", readReason("rows", { part: e.fileName, limit: limits.maxRows }));
      if (sheet && counts.cells + c1 + c2 > limits.maxCells)
        throw new UnreadableError("limit-cells", readReason("cells", { limit: limits.maxCells }));
      if (strings && si > limits.maxCells)
        throw new UnreadableError("limit-cells", readReason("sharedStrings", { limit: limits.maxCells }));
      // A text node longer than any cell may hold (Excel's 32,767 characters, up to 4 bytes each,
      // escaped). Runs inside one chunk (≤ 64 KB) are below the limit by size alone.
      const first = c.indexOf(0x3c);
      textRun += first === -1 ? c.length : first;
      if (textRun > limits.maxCellChars * 6)
        throw new UnreadableError("limit-text", readReason("partText", { part: e.fileName, limit: limits.maxCellChars }));
      if (first !== -1) textRun = c.length - 1 - c.lastIndexOf(0x3c);
    }
  } catch (err) {
    (stream as unknown as { destroy?: () => void }).destroy?.();
    if (err instanceof UnreadableError) throw err;
    throw new UnreadableError("corrupt", readReason("corrupt", { detail: `${e.fileName}: ${(err as Error).message}` }));
  }
  if (sheet) counts.cells += counter.counts[2] + counter.counts[3];
}
