/**
 * Issue 10 defect 8 in the add-in: a 1904-date-system workbook (Excel for Mac's old default). The
 * ExcelJS reader knows the system from workbookPr; Office.js has no property for it, so the
 * adapter asks Excel's own DATE(1904, 1, 1) in the read batch (0 in a 1904 workbook, 1462 in a
 * 1900 one) and marks the grids, without a round trip of its own.
 */
import { harness, template, templateFile, catalog, sampleData } from "./support/setup";
import { place } from "./support/plan";
import { LiveSession } from "../../src/excel/session";

const PLAN = "operational-plan";

async function deadlinesRead(date1904: boolean): Promise<{ dues: unknown[]; syncs: number; marked: boolean }> {
  const h = harness();
  h.fake.host.workbook.date1904 = date1904;
  const data = sampleData(PLAN);
  const t = template(PLAN);
  const p = await place(h, t, await templateFile(t, data), data);
  const i = (data.rows ?? []).findIndex((r) => r.kind === "ACTIVITY");
  // A plain serial in a deadline cell (no date format): 44009 days from the workbook's epoch.
  h.fake.host.setCell(p.sheet, p.cell(i, "deadline"), { value: 44009 });
  const session = new LiveSession(h.rt, catalog(), { debounceMs: 0 });
  h.fake.host.resetSyncCount();
  const u = await session.checkAll();
  const doc = u.result.forms[0].prepared.doc;
  return {
    dues: doc.rows.map((r) => (r.cells.deadline as { due?: unknown } | undefined)?.due),
    syncs: h.fake.host.syncCount,
    marked: session.current!.sheets.every((g) => g.date1904 === (date1904 || undefined)),
  };
}

test("a deadline serial in a 1904 workbook is read from 1904-01-01, in the same number of syncs", async () => {
  const in1900 = await deadlinesRead(false);
  const in1904 = await deadlinesRead(true);
  expect(in1900.dues).toContain("2020-06-27");
  expect(in1904.dues).toContain("2024-06-28");
  expect(in1904.dues).not.toContain("2020-06-27");
  expect(in1904.marked && in1900.marked).toBe(true);
  expect(in1904.syncs).toBe(in1900.syncs);
}, 120_000);
