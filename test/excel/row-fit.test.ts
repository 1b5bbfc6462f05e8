/**
 * Row heights after a live edit: a long text typed into a form row grows the row to the lines
 * its wrapped text needs (Excel does not grow a row whose height the template set); a height
 * the user set by hand is kept; a short edit costs no extra round trip.
 */
import { harness, catalog, template } from "./support/setup";
import { insertForms } from "../../src/excel/insert";
import { LiveSession } from "../../src/excel/session";
import { layoutForm, capacityFor } from "../../src/core/layout";
import { a1 } from "../../src/core/grid";
import { rowHeightFor, wrappedLines, lineHeight } from "../../src/core/text-fit";

const LONG = "Мемлекеттік көрсетілетін қызметтердің тізіліміне және оларды көрсету стандарттарына өзгерістер мен толықтырулар енгізу туралы бұйрықтың жобасын әзірлеу және келісу";

async function setup() {
  const t = template("operational-plan");
  const h = harness({ supportedSets: { ExcelApi: "1.12" } });
  await insertForms(h.rt, { fileId: t.id, templates: [t] }, null);
  const session = new LiveSession(h.rt, catalog());
  await session.start();
  await session.checkAll();
  const L = layoutForm(t, capacityFor(t));
  const name = L.columns.find((c) => c.def.id === "name")!;
  const row = L.firstDataRow + (t.table.skeleton?.length ?? 0) + 2;
  const settle = async () => {
    await h.fake.host.flushEvents();
    await session.flush();
    await h.fake.host.flushEvents();
  };
  return { t, h, session, sheet: t.sheetName.kk, address: a1(row, name.col), width: name.def.width!, settle };
}

describe("row heights follow a long text typed live", () => {
  test("a long activity name grows its row to the lines it wraps to", async () => {
    const { h, sheet, address, width, settle } = await setup();
    expect(h.fake.host.getCell(sheet, address).rowHeight).toBe(15);
    h.fake.host.typeInCell(sheet, address, LONG);
    await settle();
    const height = h.fake.host.getCell(sheet, address).rowHeight;
    expect(wrappedLines(LONG, width)).toBeGreaterThanOrEqual(3);
    expect(height).toBe(rowHeightFor([{ text: LONG, width }]));
    expect(height).toBeGreaterThanOrEqual(wrappedLines(LONG, width) * lineHeight(11));
    // Back to a short text: the row returns to the default height (it was ours).
    h.fake.host.typeInCell(sheet, address, "Қысқа");
    await settle();
    expect(h.fake.host.getCell(sheet, address).rowHeight).toBe(15);
  });

  test("a height the user set by hand is kept", async () => {
    const { h, sheet, address, settle } = await setup();
    await h.fake.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(sheet).getRange(address).format.rowHeight = 22;
      await ctx.sync();
    });
    h.fake.host.typeInCell(sheet, address, LONG);
    await settle();
    expect(h.fake.host.getCell(sheet, address).rowHeight).toBe(22);
  });

  test("a short edit reads no row heights", async () => {
    const { h, sheet, address, settle } = await setup();
    h.fake.host.clearEvents();
    const before = h.fake.host.operations.length;
    h.fake.host.typeInCell(sheet, address, "Қысқа атау");
    await settle();
    expect(h.fake.host.operations.slice(before).filter((o) => o.name.includes("rowHeight"))).toEqual([]);
  });
});
