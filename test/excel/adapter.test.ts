/**
 * The Office.js adapter against the faithful fake Excel (test/fakes/excel): round trips, live
 * checking, the add-in's own writes, cell-edit mode, protection, renamed and deleted sheets,
 * template insertion (file and API), computed cells, and flags as reversible presentation.
 */
import { harness, template, templateFile, catalog, bigPlan, sampleData, Built, Harness } from "./support/setup";
import { place } from "./support/plan";
import { LiveSession } from "../../src/excel/session";
import { insertTemplate, insertForms, insertables } from "../../src/excel/insert";
import { columnLetter } from "../../src/core/grid";
import { OfficeWorkbookPort } from "../../src/excel/port";
import { FLAGS_MARKER } from "../../src/core/flags";
import type { FormData } from "../../src/core/layout";
import type { Finding } from "../../src/core/findings";

const PLAN = "operational-plan";
const ROWS = 5000;

let big: { built: Built; data: FormData };
let small: { built: Built; data: FormData };

beforeAll(async () => {
  const t = template(PLAN);
  const data = bigPlan(ROWS);
  big = { built: await templateFile(t, data), data };
  const s = sampleData(PLAN);
  small = { built: await templateFile(t, s), data: s };
}, 120_000);

/** An activity row of the sample data (index into FormData.rows). */
function activityIndex(data: FormData, nth = 0): number {
  let k = -1;
  return (data.rows ?? []).findIndex((r) => r.kind === "ACTIVITY" && ++k === nth);
}

async function setup(which: "big" | "small", options: Parameters<typeof harness>[0] = {}, debounceMs = 0) {
  const h = harness(options);
  const { built, data } = which === "big" ? big : small;
  const p = await place(h, template(PLAN), built, data);
  const session = new LiveSession(h.rt, catalog(), { debounceMs });
  return { h, p, session, data };
}

/** Let the fake deliver events to the session, then run its debounced check. */
async function settle(h: Harness, s: LiveSession): Promise<void> {
  await h.fake.host.flushEvents();
  await s.flush();
  await h.fake.host.flushEvents();
}

const at = (findings: Finding[], rule: string, cell: string) => findings.filter((f) => f.rule === rule && f.cell === cell);
const findingsOf = (s: LiveSession) => s.result!.forms.flatMap((f) => f.findings);

describe("round trips", () => {
  test(`a full check of a generated ${ROWS}-row operational plan takes at most 4 syncs`, async () => {
    const { h, session } = await setup("big");
    h.fake.host.resetSyncCount();
    const u = await session.checkAll();
    expect(u.result.forms).toHaveLength(1);
    expect(u.result.forms[0].prepared.doc.rows.length).toBeGreaterThanOrEqual(ROWS);
    expect(h.fake.host.syncCount).toBeLessThanOrEqual(4);
    expect(h.fake.host.syncCount).toBe(2 + (u.report.written ? 1 : 0));
  }, 60_000);

  test("once the sheets are known, a full check reads everything in ONE sync (and starts over when the sheet list changed)", async () => {
    const { h, p, session, data } = await setup("big");
    await session.checkAll();
    h.fake.host.resetSyncCount();
    const again = await session.checkAll();
    expect(h.fake.host.syncCount).toBe(1 + (again.report.written ? 1 : 0));
    expect(again.report.written).toBe(0);
    // A sheet added behind the session's back, and one deleted: the read starts over, still right.
    h.fake.host.addWorksheet("Notes");
    h.fake.host.setCell("Notes", "A1", { value: "x" });
    h.fake.host.resetSyncCount();
    await session.checkAll();
    expect(h.fake.host.syncCount).toBe(3); // the one-sync attempt, then the list, then the ranges
    expect(session.current!.sheets.map((g) => g.sheet)).toEqual(["Sheet1", p.sheet, "Notes"]);
    await h.fake.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Notes").delete();
      await ctx.sync();
    });
    const i = activityIndex(data, 3);
    h.fake.host.setCell(p.sheet, p.cell(i, "deadline"), { value: "'01.01.2031" });
    const u = await session.checkAll();
    expect(session.current!.sheets.map((g) => g.sheet)).toEqual(["Sheet1", p.sheet]);
    expect(at(u.result.forms[0].findings, "OP-DEADLINE-IN-YEAR", p.cell(i, "deadline"))).toHaveLength(1);
  }, 60_000);

  test("a live edit of one row takes at most 2 syncs and evaluates only that row", async () => {
    const { h, p, session, data } = await setup("big");
    await session.start();
    await session.checkAll();
    const i = activityIndex(data, 2500);
    h.fake.host.resetSyncCount();
    h.fake.host.typeInCell(p.sheet, p.cell(i, "deadline"), "31.12.2031");
    await settle(h, session);
    expect(h.fake.host.syncCount).toBeLessThanOrEqual(2);
    expect(session.lastUpdate!.kind).toBe("live");
    expect(session.lastUpdate!.evaluatedRows).toBeLessThanOrEqual(2);
    expect(at(findingsOf(session), "OP-DEADLINE-IN-YEAR", p.cell(i, "deadline"))).toHaveLength(1);
    expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBe("|E:deadline|");
  }, 60_000);
});

describe("live checking", () => {
  test("typing a wrong deadline flags the cell; fixing it clears the flag", async () => {
    const { h, p, session, data } = await setup("small");
    await session.start();
    await session.checkAll();
    expect(findingsOf(session)).toEqual([]);
    const i = activityIndex(data, 0);
    h.fake.host.typeInCell(p.sheet, p.cell(i, "deadline"), "15.01.2025");
    await settle(h, session);
    const f = at(findingsOf(session), "OP-DEADLINE-IN-YEAR", p.cell(i, "deadline"));
    expect(f).toHaveLength(1);
    expect(f[0].message.en).toContain("15.01.2025");
    expect(f[0].source).toContain("p.3");
    expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBe("|E:deadline|");
    h.fake.host.typeInCell(p.sheet, p.cell(i, "deadline"), "IV тоқсан");
    await settle(h, session);
    expect(findingsOf(session)).toEqual([]);
    expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBeNull();
  });

  test("a paste of several rows raises one event and is checked in one re-read", async () => {
    const { h, p, session, data } = await setup("small");
    await session.start();
    await session.checkAll();
    const i = activityIndex(data, 1);
    const from = p.cell(i, "executor");
    h.fake.host.resetSyncCount();
    h.fake.host.paste(p.sheet, from, [
      ["", "31.12.2030"],
      ["", "31.12.2030"],
    ]);
    await settle(h, session);
    expect(h.fake.host.syncCount).toBeLessThanOrEqual(2);
    const found = findingsOf(session);
    expect(at(found, "OP-DEADLINE-IN-YEAR", p.cell(i, "deadline"))).toHaveLength(1);
    expect(found.some((f) => f.cell === p.cell(i, "executor"))).toBe(true);
  });

  test("the add-in's own writes do not trigger another check (triggerSource, ExcelApi 1.14+)", async () => {
    const { h, p, session, data } = await setup("small");
    await session.start();
    await session.checkAll();
    h.fake.host.typeInCell(p.sheet, p.cell(activityIndex(data, 0), "deadline"), "01.02.2030");
    await settle(h, session);
    const own = h.fake.host.events.filter((e) => e.type === "WorksheetChanged" && e.args.triggerSource === "ThisLocalAddin");
    expect(own.length).toBeGreaterThan(0); // the flag write raised onChanged …
    h.fake.host.resetSyncCount();
    await settle(h, session);
    expect(h.fake.host.syncCount).toBe(0); // … and nothing followed
  });

  test("below ExcelApi 1.14 the writes run with events off, so they raise nothing", async () => {
    const { h, p, session, data } = await setup("small", { supportedSets: { ExcelApi: "1.13" } });
    await session.start();
    await session.checkAll();
    h.fake.host.clearEvents();
    h.fake.host.typeInCell(p.sheet, p.cell(activityIndex(data, 0), "deadline"), "01.02.2030");
    await settle(h, session);
    const changes = h.fake.host.events.filter((e) => e.type === "WorksheetChanged");
    expect(changes.filter((e) => !e.suppressed)).toHaveLength(1); // the user's edit
    expect(changes.filter((e) => e.suppressed).length).toBeGreaterThan(0); // the flag write
    expect(h.fake.host.enableEvents).toBe(true);
    h.fake.host.resetSyncCount();
    await settle(h, session);
    expect(h.fake.host.syncCount).toBe(0);
  });

  test("several edits within the debounce make one check", async () => {
    const { h, p, session, data } = await setup("small", {}, 50);
    await session.start();
    await session.checkAll();
    h.fake.host.resetSyncCount();
    const i = activityIndex(data, 0);
    h.fake.host.typeInCell(p.sheet, p.cell(i, "deadline"), "01.01.2031");
    h.fake.host.typeInCell(p.sheet, p.cell(i + 0, "executor"), "Басқа департамент");
    await h.fake.host.flushEvents();
    await session.idle();
    expect(h.fake.host.syncCount).toBeLessThanOrEqual(2);
    expect(at(findingsOf(session), "OP-DEADLINE-IN-YEAR", p.cell(i, "deadline"))).toHaveLength(1);
  });
});

describe("cell-edit mode", () => {
  test("a check from the pane waits for the edit to end, then reads afresh (nothing lost)", async () => {
    const { h, p, session, data } = await setup("small");
    const statuses: string[] = [];
    const s2 = new LiveSession(h.rt, catalog(), { onStatus: (x) => statuses.push(x) });
    const i = activityIndex(data, 0);
    h.fake.host.typeInCell(p.sheet, p.cell(i, "deadline"), "01.03.2029");
    h.fake.host.enterCellEditMode();
    const running = s2.checkAll({ manual: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(statuses).toContain("waiting-cell-edit");
    h.fake.host.exitCellEditMode();
    const u = await running;
    expect(at(u.result.forms[0].findings, "OP-DEADLINE-IN-YEAR", p.cell(i, "deadline"))).toHaveLength(1);
    expect(h.fake.host.getValues(p.sheet, p.cell(i, "deadline"))[0][0]).toBe("01.03.2029");
    expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBe("|E:deadline|");
    void session;
  });

  test("event-driven checks use delayForCellEdit: they wait instead of failing", async () => {
    const { h, p, session, data } = await setup("small");
    await session.start();
    await session.checkAll();
    const i = activityIndex(data, 0);
    h.fake.host.typeInCell(p.sheet, p.cell(i, "deadline"), "01.03.2029");
    await h.fake.host.flushEvents();
    h.fake.host.enterCellEditMode();
    const done = session.flush();
    await new Promise((r) => setTimeout(r, 20));
    expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBeNull();
    h.fake.host.exitCellEditMode();
    await done;
    expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBe("|E:deadline|");
  });
});

describe("protection, renames and deletions", () => {
  test("a protected sheet: flags go to the unlocked flags column without unprotecting", async () => {
    const { h, p, session, data } = await setup("small");
    h.fake.host.protect(p.sheet, { allowFormatCells: true });
    const i = activityIndex(data, 0);
    h.fake.host.setCell(p.sheet, p.cell(i, "deadline"), { value: "01.02.2030" });
    const u = await session.checkAll();
    expect(u.report.protectedSheets).toEqual([]);
    expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBe("|E:deadline|");
    expect(h.fake.host.operations.some((o) => o.name.includes("unprotect"))).toBe(false);
    expect(h.fake.host.protection(p.sheet).protected).toBe(true);
  });

  test("a protected sheet: a locked computed cell is written by unprotect → write → protect with the same options", async () => {
    const { h, p, session } = await setup("small");
    const cell = p.field("activitiesTotal");
    h.fake.host.setCell(p.sheet, cell, { value: 99 }); // typed over the formula
    h.fake.host.protect(p.sheet, { allowFormatCells: true, allowSort: true });
    const u = await session.checkAll();
    expect(at(u.result.forms[0].findings, "X-COMPUTED-OVERWRITTEN", cell)).toHaveLength(1);
    const report = await session.restore(p.sheet, cell);
    expect(report.protectedSheets).toEqual([]);
    expect(h.fake.host.getCell(p.sheet, cell).formula).toMatch(/^=COUNTIFS\(/);
    const prot = h.fake.host.protection(p.sheet);
    expect(prot.protected).toBe(true);
    expect(prot.options).toMatchObject({ allowFormatCells: true, allowSort: true });
  });

  test("a sheet protected with a password is reported, not failed", async () => {
    const { h, p, session } = await setup("small");
    const cell = p.field("activitiesTotal");
    h.fake.host.setCell(p.sheet, cell, { value: 99 });
    h.fake.host.protect(p.sheet, {}, "secret");
    await session.checkAll();
    const report = await session.restore(p.sheet, cell);
    expect(report.protectedSheets).toEqual([p.sheet]);
    expect(h.fake.host.getCell(p.sheet, cell).value).toBe(99);
    expect(h.fake.host.protection(p.sheet).protected).toBe(true);
  });

  test("a sheet renamed between checks is followed by its id (and its binding name)", async () => {
    const { h, p, session, data } = await setup("small");
    await session.start();
    await session.checkAll();
    await h.fake.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(p.sheet).name = "Renamed plan";
      await ctx.sync();
    });
    const i = activityIndex(data, 0);
    h.fake.host.typeInCell("Renamed plan", p.cell(i, "deadline"), "01.02.2030");
    await settle(h, session);
    const form = session.result!.forms[0];
    expect(form.sheet).toBe("Renamed plan");
    expect(session.current!.bindings.map((b) => b.sheet)).toEqual(["Renamed plan"]);
    expect(at(form.findings, "OP-DEADLINE-IN-YEAR", p.cell(i, "deadline"))).toHaveLength(1);
    expect(h.fake.host.getValues("Renamed plan", p.flagCell(i))[0][0]).toBe("|E:deadline|");
  });

  test("a sheet renamed between the read and the write still gets its flags", async () => {
    const { h, p, data } = await setup("small");
    const i = activityIndex(data, 0);
    h.fake.host.setCell(p.sheet, p.cell(i, "deadline"), { value: "01.02.2030" });
    const port = new OfficeWorkbookPort(h.rt);
    const snap = await port.read();
    await h.fake.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(p.sheet).name = "Moved";
      await ctx.sync();
    });
    const report = await port.writeDetailed([{ sheet: snap.sheets[1].sheet, address: p.flagCell(i), value: "|E:deadline|" }]);
    expect(report).toEqual({ written: 1, protectedSheets: [], missingSheets: [] });
    expect(h.fake.host.getValues("Moved", p.flagCell(i))[0][0]).toBe("|E:deadline|");
  });

  test("a sheet deleted between the read and the write is skipped cleanly", async () => {
    const { h, p, data } = await setup("small");
    const second = await insertTemplate(h.rt, template(PLAN), h.file(small.built));
    const port = new OfficeWorkbookPort(h.rt);
    await port.read();
    await h.fake.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(p.sheet).delete();
      await ctx.sync();
    });
    const i = activityIndex(data, 0);
    const report = await port.writeDetailed([
      { sheet: p.sheet, address: p.flagCell(i), value: "|E:deadline|" },
      { sheet: second.sheetName, address: p.flagCell(i), value: "|W:deadline|" },
    ]);
    expect(report.missingSheets).toEqual([p.sheet]);
    expect(report.written).toBe(1);
    expect(h.fake.host.getValues(second.sheetName, p.flagCell(i))[0][0]).toBe("|W:deadline|");
  });

  test("a form sheet deleted while the session runs leaves the result without it", async () => {
    const { h, p, session } = await setup("small");
    await session.start();
    await session.checkAll();
    await h.fake.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(p.sheet).delete();
      await ctx.sync();
    });
    await settle(h, session);
    expect(session.result!.forms).toEqual([]);
  });
});

describe("template insertion", () => {
  test("from the generated .xlsx (ExcelApi 1.13): the sheet, its binding name, the flag formats", async () => {
    const h = harness();
    const t = template(PLAN);
    const built = await templateFile(t);
    h.fake.host.resetSyncCount();
    const ins = await insertTemplate(h.rt, t, h.file(built));
    expect(h.fake.host.syncCount).toBe(2);
    expect(ins.via).toBe("file");
    expect(h.fake.host.sheetNames).toEqual(["Sheet1", t.sheetName.kk]);
    expect(h.fake.host.activeWorksheet).toBe(t.sheetName.kk);
    expect(h.fake.host.names().map((n) => [n.name, n.formula])).toEqual([[ins.bindingName, `='${t.sheetName.kk}'!$A$1`]]);
    const cfs = h.fake.host.conditionalFormats(t.sheetName.kk);
    expect(cfs.length).toBeGreaterThan(0);
    expect(cfs.every((c) => /^=ISNUMBER\(FIND\("\|[EWI]:[^|]+\|",\$[A-Z]+\d+\)\)$/.test(String(c.rule.formula)))).toBe(true);
  });

  test("a second copy gets the next binding index and a sheet name of its own", async () => {
    const h = harness();
    const t = template(PLAN);
    const built = await templateFile(t);
    const a = await insertTemplate(h.rt, t, h.file(built));
    const b = await insertTemplate(h.rt, t, h.file(built));
    expect(a.bindingName).toMatch(/^_JOSPAR\.1\./);
    expect(b.bindingName).toMatch(/^_JOSPAR\.2\./);
    expect(b.sheetName).not.toBe(a.sheetName);
    const s = new LiveSession(h.rt, catalog());
    const u = await s.checkAll();
    expect(u.result.forms.map((f) => f.sheet).sort()).toEqual([a.sheetName, b.sheetName].sort());
  });

  test("through the API when the host has no insertWorksheetsFromBase64 (below 1.13): same form, same findings", async () => {
    const t = template(PLAN);
    const viaApi = harness({ supportedSets: { ExcelApi: "1.12" } });
    const a = await insertTemplate(viaApi.rt, t, async () => "unused");
    expect(a.via).toBe("api");
    const viaFile = harness();
    const built = await templateFile(t);
    const b = await insertTemplate(viaFile.rt, t, viaFile.file(built));
    for (const [h, ins] of [
      [viaApi, a],
      [viaFile, b],
    ] as const) {
      const p = (await import("./support/plan")).placed(t, ins);
      h.fake.host.setCell(ins.sheetName, p.field("year"), { value: 2024 });
      h.fake.host.setCell(ins.sheetName, p.cell(10, "name"), { value: "'Жаңа іс-шара" });
      h.fake.host.setCell(ins.sheetName, p.cell(10, "deadline"), { value: "'01.05.2026" });
    }
    const fa = (await new LiveSession(viaApi.rt, catalog()).checkAll()).result.forms[0].findings.map((f) => `${f.rule}@${f.cell}`);
    const fb = (await new LiveSession(viaFile.rt, catalog()).checkAll()).result.forms[0].findings.map((f) => `${f.rule}@${f.cell}`);
    expect(fa).toEqual(fb);
    expect(fa).toContain(`OP-DEADLINE-IN-YEAR@${(await import("./support/plan")).placed(t, a).cell(10, "deadline")}`);
    expect(viaApi.fake.host.conditionalFormats(a.sheetName).length).toBe(viaFile.fake.host.conditionalFormats(b.sheetName).length);
    expect(viaApi.fake.host.names()[0].name).toBe(a.bindingName);
  });

  test("Excel refusing the file (UnsupportedFeature on the web) falls back to the API", async () => {
    const h = harness();
    const { officeError } = await import("../fakes/excel/errors");
    h.fake.host.onInsertWorksheetsFromBase64 = () => {
      throw officeError("UnsupportedFeature");
    };
    const ins = await insertTemplate(h.rt, template(PLAN), async () => "QUJD");
    expect(ins.via).toBe("api");
    expect(h.fake.host.sheetNames).toContain(ins.sheetName);
  });
});

describe("families (forms distributed as one file)", () => {
  const family = () => insertables(catalog().templates).find((x) => x.templates.length > 1);

  test("one Insert adds every sheet of the family, each bound to its template (file, then API)", async () => {
    const fam = family();
    if (!fam) return; // no family in the catalog
    const { buildFamilyWorkbook } = await import("../../src/xlsx/build");
    const buffer = Buffer.from(await buildFamilyWorkbook(fam.templates).xlsx.writeBuffer());
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    for (const supported of ["1.17", "1.12"]) {
      const h = harness({ supportedSets: { ExcelApi: supported } });
      const sheets = await insertForms(h.rt, fam, h.file({ buffer, workbook, b64: buffer.toString("base64") }));
      expect(sheets.map((x) => x.templateId)).toEqual(fam.templates.map((t) => t.id));
      expect(sheets.every((x) => x.via === (supported === "1.17" ? "file" : "api"))).toBe(true);
      const u = await new LiveSession(h.rt, catalog()).checkAll();
      const found = Object.fromEntries(u.result.forms.map((f) => [f.sheet, f.template.id]));
      for (const x of sheets) expect(found[x.sheetName]).toBe(x.templateId);
      // One binding per sheet (the check adds the catalog version's mark beside them).
      expect(new Set(h.fake.host.names().map((n) => n.name).filter((n) => n.startsWith("_JOSPAR."))).size).toBe(fam.templates.length);
      expect(h.fake.host.names().filter((n) => n.name.startsWith("_JOSPAR_CATALOG.v"))).toHaveLength(1);
    }
  }, 60_000);

  test("insertion through the API writes formulas with the rule packs' methodology parameters", async () => {
    const fam = insertables(catalog().templates).find((x) => x.templates.some((t) => t.id === "evaluation-goals"));
    expect(fam).toBeDefined();
    const formulasAfter = async (paramsOf?: (id: string) => Record<string, unknown>) => {
      const h = harness({ supportedSets: { ExcelApi: "1.12" } });
      const sheets = await insertForms(h.rt, fam!, null, paramsOf);
      const out: string[] = [];
      for (const s of sheets)
        for (let r = 1; r <= 60; r++)
          for (let c = 0; c < 30; c++) {
            const f = h.fake.host.getCell(s.sheetName, `${columnLetter(c)}${r}`).formula;
            if (f) out.push(`${s.sheetName}!${r}:${c}:${f}`);
          }
      return out;
    };
    const defaults = await formulasAfter();
    const changed = await formulasAfter((id) => (id === "evaluation-goals" ? { methodology: { pMode: "factOverPlan" } } : {}));
    expect(changed.length).toBe(defaults.length);
    const differing = changed.filter((f, i) => f !== defaults[i]);
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.every((f) => f.startsWith(fam!.templates.find((t) => t.id === "evaluation-goals")!.sheetName.kk))).toBe(true);
  }, 60_000);

  test("the gallery shows a family as one card listing its sheets", async () => {
    const fam = family();
    if (!fam) return;
    const { galleryOf } = await import("../../src/excel/app-service");
    const card = galleryOf(catalog()).find((c) => c.id === fam.fileId)!;
    expect(card.members!.map((m) => m.id)).toEqual(fam.templates.map((t) => t.id));
    expect(card.title).toEqual(fam.templates[0].family!.title);
  });
});

describe("computed cells", () => {
  test("typed over by hand: a finding, and one click restores the template's formula", async () => {
    const { h, p, session } = await setup("small");
    await session.start();
    const cell = p.field("activitiesTotal");
    h.fake.host.setEvaluator(({ formula }) => (formula.startsWith("=COUNTIFS") ? 5 : undefined));
    const before = h.fake.host.getCell(p.sheet, cell).formula;
    h.fake.host.typeInCell(p.sheet, cell, 7);
    await session.checkAll();
    const f = at(findingsOf(session), "X-COMPUTED-OVERWRITTEN", cell);
    expect(f).toHaveLength(1);
    expect(h.fake.host.getValues(p.sheet, p.flagCell(0).replace(/\d+$/, String(Number(cell.replace(/^[A-Z]+/, "")))))[0][0]).toBe("|W:@|");
    await session.restore(p.sheet, cell);
    await settle(h, session);
    expect(h.fake.host.getCell(p.sheet, cell).formula).toBe(before);
    expect(at(findingsOf(session), "X-COMPUTED-OVERWRITTEN", cell)).toEqual([]);
  });

  test("a computed cell left blank gets its formula back with the next check (it is not a typed value)", async () => {
    const { h, p, session } = await setup("small");
    const cell = p.field("activitiesTotal");
    const formula = h.fake.host.getCell(p.sheet, cell).formula;
    h.fake.host.setCell(p.sheet, cell, { value: null });
    h.fake.host.sheet(p.sheet).cell(Number(cell.replace(/^[A-Z]+/, "")) - 1, cell.replace(/\d+$/, "").charCodeAt(0) - 65)!.f = undefined;
    expect(h.fake.host.getCell(p.sheet, cell).formula).toBeNull();
    await session.checkAll();
    expect(h.fake.host.getCell(p.sheet, cell).formula).toBe(formula);
  });

  test("'show the math': every computed value carries its trace", async () => {
    const { session } = await setup("small");
    const u = await session.checkAll();
    const c = u.result.forms[0].computed.activitiesTotal;
    expect(c.value).toBe(5);
    expect(c.trace.name).toBe("activitiesTotal");
  });
});

describe("flags are reversible presentation", () => {
  test("the user's fill, font, borders and number format are exactly as before once the finding clears", async () => {
    const { h, p, session, data } = await setup("small");
    await session.start();
    await session.checkAll();
    const i = activityIndex(data, 0);
    const cell = p.cell(i, "deadline");
    await h.fake.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem(p.sheet).getRange(cell);
      r.format.fill.color = "#FFFF00";
      r.format.font.bold = true;
      r.format.font.color = "#0000FF";
      r.format.font.italic = true;
      r.format.borders.getItem("EdgeBottom").style = "Double";
      r.format.borders.getItem("EdgeLeft").color = "#FF0000";
      r.numberFormat = [["@"]];
      await ctx.sync();
    });
    const { value: _v, text: _t, valueType: _vt, ...formatBefore } = h.fake.host.getCell(p.sheet, cell);
    const cfsBefore = h.fake.host.conditionalFormats(p.sheet);
    const opsBefore = h.fake.host.operations.length;
    h.fake.host.typeInCell(p.sheet, cell, "31.12.2030");
    await settle(h, session);
    expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBe("|E:deadline|");
    h.fake.host.typeInCell(p.sheet, cell, "IV тоқсан");
    await settle(h, session);
    expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBeNull();
    const { value: _v2, text: _t2, valueType: _vt2, ...formatAfter } = h.fake.host.getCell(p.sheet, cell);
    expect(formatAfter).toEqual(formatBefore);
    expect(h.fake.host.conditionalFormats(p.sheet)).toEqual(cfsBefore);
    // The add-in wrote no format at all, only values (the flag cells).
    const writes = h.fake.host.operations.slice(opsBefore).map((o) => o.name).filter((n) => !/\.load$|^Runtime\.|\._instantiate$/.test(n));
    expect([...new Set(writes)]).toEqual(["Range.values"]);
  });

  test("the marker cell keeps its marker when the heading row carries flags", async () => {
    const { h, p, session } = await setup("small");
    const u = await session.checkAll();
    void u;
    const marker = `${p.flagCell(0).replace(/\d+$/, "")}${p.layout.headerRow + 1}`;
    expect(String(h.fake.host.getValues(p.sheet, marker)[0][0])).toMatch(new RegExp(`^${FLAGS_MARKER}`));
  });
});
