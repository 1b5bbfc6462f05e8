/**
 * The workbook records the catalog version it was last checked with (issue 11): the add-in writes
 * the `_JOSPAR_CATALOG.v…` name in the presentation's own write batch (no extra sync), replaces a
 * mark of another version, and the CLI reads the same name back (lastCheckedWith).
 */
import { harness, template, templateFile, catalog, sampleData } from "./support/setup";
import { place } from "./support/plan";
import { LiveSession } from "../../src/excel/session";
import { catalogMarkName, readCatalogMark } from "../../src/core/release/mark";
import { checkWorkbook } from "../../src/core/workbook";
import { OfficeWorkbookPort } from "../../src/excel/port";

const PLAN = "operational-plan";

async function setup(data = sampleData(PLAN)) {
  const h = harness();
  const p = await place(h, template(PLAN), await templateFile(template(PLAN), data), data);
  return { h, p, session: new LiveSession(h.rt, catalog(), { debounceMs: 0 }) };
}

const marks = (h: ReturnType<typeof harness>) => h.fake.host.names().filter((n) => n.name.startsWith("_JOSPAR_CATALOG"));

test("a check records the catalog version in the workbook, in the same sync as the flags it writes", async () => {
  const version = catalog().release!.version;
  const d = sampleData(PLAN);
  const rows = (d.rows ?? []).map((r) => ({ ...r, cells: { ...r.cells } }));
  rows[rows.findIndex((r) => r.kind === "ACTIVITY")].cells.deadline = "15.02.2031"; // a finding: its flag cell is written
  const { h, p, session } = await setup({ ...d, rows });
  expect(marks(h)).toEqual([]);
  h.fake.host.resetSyncCount();
  const from = h.fake.host.operations.length;
  const u = await session.checkAll();
  const ops = h.fake.host.operations.slice(from);
  expect(u.report.written).toBeGreaterThan(1);
  expect(h.fake.host.syncCount).toBe(3); // the sheet list, the ranges, one write batch
  expect(marks(h).map((n) => [n.name, n.formula.replace(/'/g, "")])).toEqual([[catalogMarkName(version), `=${p.sheet}!$A$1`]]);
  const writeSync = ops.find((o) => /^NamedItemCollection\.add|names\.add/i.test(o.name))?.sync;
  const flagSync = ops.filter((o) => o.name === "Range.values").map((o) => o.sync).pop();
  expect(writeSync).toBeDefined();
  expect(writeSync).toBe(flagSync);
  // Checked again: nothing to record, nothing written, one sync.
  h.fake.host.resetSyncCount();
  const again = await session.checkAll();
  expect(again.report.written).toBe(0);
  expect(h.fake.host.syncCount).toBe(1);
  // What the CLI reads back: the same name, the same version.
  const snap = await new OfficeWorkbookPort(h.rt).read();
  expect(snap.checkedWith).toBe(version);
  expect(checkWorkbook(snap, catalog()).lastCheckedWith).toBe(version);
}, 60_000);

test("a workbook last checked with another catalog version gets its mark replaced, and reports the old one first", async () => {
  const version = catalog().release!.version;
  const { h, p, session } = await setup();
  await h.fake.Excel.run(async (ctx) => {
    ctx.workbook.names.add(catalogMarkName("0.9.0"), ctx.workbook.worksheets.getItem(p.sheet).getRange("A1"));
    await ctx.sync();
  });
  const u = await session.checkAll();
  expect(u.result.lastCheckedWith).toBe("0.9.0");
  expect(u.result.catalogVersion).toBe(version);
  expect(readCatalogMark(marks(h))).toBe(version);
  expect(marks(h)).toHaveLength(1);
}, 60_000);
