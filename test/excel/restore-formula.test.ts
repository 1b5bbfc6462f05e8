/**
 * "Restore the formula" writes exactly the template's formula: after a computed value of the
 * fields panel is typed over by hand on a freshly inserted sheet with two rows filled, one click
 * gives back the formula the sheet was built with, over the template's whole range ($D$6:$D$30,
 * not only the rows filled so far: rows added later must still count).
 */
import { harness, catalog } from "./support/setup";
import { insertForms, insertables } from "../../src/excel/insert";
import { LiveSession } from "../../src/excel/session";
import { layoutForm, fieldCell, capacityFor } from "../../src/core/layout";
import { a1 } from "../../src/core/grid";

const cases = insertables(catalog().templates)
  .flatMap((x) => x.templates.filter((t) => (t.computed ?? []).length).map((t) => [`${t.id} ${t.computed![0].id}`, x, t] as const));

describe("restoring a computed cell typed over by hand", () => {
  test.each(cases)("%s: the template's formula, whole range included", async (_name, x, t) => {
    const h = harness({ supportedSets: { ExcelApi: "1.12" } });
    await insertForms(h.rt, x, null);
    const sheet = t.sheetName.kk;
    const layout = layoutForm(t, capacityFor(t));
    const name = layout.columns.find((c) => c.def.id === t.table.nameColumn)!.col;
    const first = layout.firstDataRow + (t.table.skeleton?.length ?? 0);
    for (const r of [first, first + 1]) h.fake.host.typeInCell(sheet, a1(r, name), `Жол ${r}`);
    const cell = fieldCell(layout, t.computed![0].id);
    const before = h.fake.host.getCell(sheet, cell).formula;
    expect(before).toMatch(/^=/);
    h.fake.host.typeInCell(sheet, cell, 7);
    const session = new LiveSession(h.rt, catalog());
    await session.checkAll();
    await session.restore(sheet, cell);
    expect(h.fake.host.getCell(sheet, cell).formula).toBe(before);
  });

  test("the evaluation's risks sheet keeps $…$6:$…$30 (the reported case)", () => {
    expect(cases.some(([n]) => n.startsWith("evaluation-risks "))).toBe(true);
    const t = catalog().templates.find((x) => x.id === "evaluation-risks")!;
    expect(capacityFor(t)).toBe(25);
  });
});
