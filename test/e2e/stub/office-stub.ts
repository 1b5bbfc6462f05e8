/**
 * The browser stand-in for office.js in the E2E test: the page's request for Microsoft's CDN is
 * answered with ExcelJS's browser build followed by this bundle, which installs the faithful
 * fake (test/fakes/excel) as the `Office`/`Excel`/`OfficeExtension` globals before the add-in's
 * scripts run. The template files the pane inserts are parsed here in advance so the fake's
 * synchronous insertWorksheetsFromBase64 hook can turn them into sheets.
 */
import { createFakeExcel } from "../../fakes/excel";
import { XlsxLibrary } from "../../excel/support/xlsx-to-fake";

interface ExcelJsGlobal {
  Workbook: new () => { xlsx: { load(data: ArrayBuffer): Promise<unknown> } };
}
declare const ExcelJS: ExcelJsGlobal;

function base64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const params = new URLSearchParams(window.location.search);
const fake = createFakeExcel({ sheets: ["Sheet1"], displayLanguage: params.get("lang") ?? "en-US" });
// ?sharedRuntime=0: a host without SharedRuntime 1.1 (the ribbon's dialog cannot open the pane there).
if (params.get("sharedRuntime") === "0") delete fake.host.supportedSets.SharedRuntime;
fake.installGlobals(window as unknown as Record<string, unknown>);
const library = new XlsxLibrary();
fake.host.onInsertWorksheetsFromBase64 = library.hook();

const w = window as unknown as Record<string, unknown>;
w.__fake = fake;
w.__stubReady = (async () => {
  const ids = (await (await fetch("templates/index.json")).json()) as string[];
  for (const id of ids) {
    const buf = await (await fetch(`templates/${id}.xlsx`)).arrayBuffer();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf);
    library.add(base64(new Uint8Array(buf)), wb as never);
  }
  return ids;
})();
