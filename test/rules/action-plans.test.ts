import { readFileSync, readdirSync, statSync } from "fs";
import { join } from "path";
import { checkWorkbook } from "../../src/core/workbook";
import { Checker } from "../../src/core/check";
import { a1 } from "../../src/core/grid";
import type { DataPatch } from "../../src/core/formdata";
import { baseData, catalog, formGrid, snapshot, ROOT } from "../helpers/forms";
import { buildTemplateWorkbook, capacityFor } from "../../src/xlsx/build";
import { layoutColumn, layoutForm } from "../../src/core/layout";

const PLAN = "nss-action-plan";
const REPORT = "nss-action-plan-report";

function check(forms: { id: string; patch?: DataPatch }[]) {
  const grids = forms.map((f) => formGrid(f.id, f.patch ?? {}));
  const res = checkWorkbook(snapshot(grids.map((g) => g.grid)), catalog(), new Checker(catalog().packs, catalog().calendar));
  return { res, grids };
}

/** Findings of rules that compare two forms (scope "workbook"). */
const crossForm = new Set(catalog().packs.flatMap((p) => p.rules.filter((r) => r.meta.scope === "workbook").map((r) => r.meta.ruleId)));

describe("an action plan and its report checked together (R211)", () => {
  const report = baseData(REPORT);
  const plan = baseData(PLAN);
  // Every report activity whose deadline falls in the reporting year, with its plan row.
  const dropped = report.rows!
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.kind === "ACTIVITY")
    .map(({ r, i }) => ({ i, name: r.cells.name as string, planIndex: plan.rows!.findIndex((p) => p.cells.name === r.cells.name) }));

  test("the clean pair has no cross-form finding", () => {
    const { res } = check([{ id: PLAN }, { id: REPORT }]);
    expect(res.forms.flatMap((f) => f.findings).filter((f) => crossForm.has(f.rule))).toEqual([]);
  });

  test.each(dropped.map((d) => [d.name, d] as const))("dropping «%s» from the report gives exactly one cross-form finding per sheet", (_name, d) => {
    expect(d.planIndex).toBeGreaterThanOrEqual(0);
    const { res, grids } = check([{ id: PLAN }, { id: REPORT, patch: { delete: [d.i] } }]);
    const [planGrid, reportGrid] = grids;
    const bySheet = (sheet: string) => res.forms.filter((f) => f.sheet === sheet).flatMap((f) => f.findings).filter((f) => crossForm.has(f.rule));
    const onPlan = bySheet(planGrid.grid.sheet);
    const onReport = bySheet(reportGrid.grid.sheet);
    expect(onPlan).toHaveLength(1);
    expect(onReport).toHaveLength(1);
    // The plan's finding is on the dropped row; the report's names it and stands where it belongs.
    const planCell = a1(planGrid.layout.firstDataRow + d.planIndex, layoutColumn(planGrid.layout, "name"));
    expect(onPlan[0].cell).toBe(planCell);
    expect(onReport[0].values["item.otherCell"]).toBe(planCell);
    expect(onReport[0].message.kk).toContain(d.name);
    expect(onReport[0].cell).toBe(a1(reportGrid.layout.firstDataRow + d.i - 1, layoutColumn(reportGrid.layout, "name")));
  });

  test("an activity due outside the reporting year is not expected in the report", () => {
    // The plan's 2022 activity (row 5) is not in the 2023 report: no finding for it.
    const { res } = check([{ id: PLAN }, { id: REPORT }]);
    const planForm = res.forms.find((f) => f.template.id === PLAN)!;
    const row5 = planForm.prepared.rows.find((r) => r.row.index === 5)!;
    expect(row5.fact.mirror).toMatchObject({ status: "unpaired", inWindow: false });
  });
});

describe("form-level counts name the rows they counted", () => {
  test("informing higher bodies more than twice a year (R115) names the year, the dates and the rows", () => {
    // Activity 15 moves from 29.12.2023 to 30.09.2023: 2023 now has three informing dates.
    const { res, grids } = check([{ id: PLAN, patch: { set: { "15": { deadline: "30.09.2023" } } } }]);
    const f = res.forms[0].findings.filter((x) => x.rule === "NSS-INFORM-HIGHER-MAX2");
    expect(f).toHaveLength(1);
    const data = baseData(PLAN);
    const informing = data.rows!.map((r, i) => ({ r, i })).filter(({ r }) => /хабардар ету/i.test(String(r.cells.completionForm ?? "")));
    const rows = informing.map(({ i }) => grids[0].layout.firstDataRow + i + 1);
    expect(rows).toHaveLength(3);
    expect(f[0].values["item.rows"]).toEqual(rows);
    expect(f[0].values["item.key"]).toBe(2023);
    expect(f[0].values["item.distinct"]).toBe(3);
    expect(f[0].values["item.values"]).toEqual(["2023-06-30", "2023-09-30", "2023-12-29"]);
    expect(f[0].message.en).toContain(`rows ${rows.join(", ")}`);
    expect(f[0].message.kk).toContain("30.09.2023");
  });

  test("more than 20 % additional indicators (R025) names the count, the limit and the rows", () => {
    const data = baseData("regional-action-plan");
    const additional = data.rows!.map((r, i) => ({ r, i })).filter(({ r }) => r.cells.additional === true);
    const { res, grids } = check([{ id: "regional-action-plan", patch: { context: { approvedIndicators: 9 } } }]);
    const f = res.forms[0].findings.filter((x) => x.rule === "SPS-RDP-ADDITIONAL-INDICATORS-MAX20");
    expect(f).toHaveLength(1);
    const rows = additional.map(({ i }) => grids[0].layout.firstDataRow + i + 1);
    expect(f[0].values["aggregates.additional.count"]).toBe(additional.length);
    expect(f[0].values["aggregates.additional.rows"]).toEqual(rows);
    expect(f[0].values["derived.additionalLimit"]).toBe(Math.floor((9 * 20) / 100));
    expect(f[0].message.en).toContain(`rows ${rows.join(", ")}`);
    // With 10 approved indicators the limit is 2: the same plan passes.
    const ok = check([{ id: "regional-action-plan", patch: { context: { approvedIndicators: 10 } } }]);
    expect(ok.res.forms[0].findings.filter((x) => x.rule === "SPS-RDP-ADDITIONAL-INDICATORS-MAX20")).toEqual([]);
  });
});

describe("the forms' footnotes («Ескертпе: …»)", () => {
  test.each([PLAN, REPORT])("%s prints its footnote under the form and the table is read down to it", async (id) => {
    const t = catalog().templates.find((x) => x.id === id)!;
    expect(t.footnotes?.[0].kk).toMatch(/^Ескертпе: Ұлттық қауіпсіздік тәуекелдерін басқару жөніндегі іс-қимыл жоспар/);
    const { grid, layout, data } = formGrid(id);
    const foot = layout.footnotes[0];
    expect(grid.values[foot.row][0]).toBe(t.footnotes![0].kk);
    expect(foot.row).toBeGreaterThan(layout.firstDataRow + data.rows!.length);
    const { res } = check([{ id }]);
    // Every data row and nothing else: the footnote is not read as an activity.
    expect(res.forms[0].prepared.doc.rows).toHaveLength(data.rows!.length);
    expect(res.forms[0].findings).toEqual([]);
    // The built sheet merges it across the official columns inside the print area.
    const wb = buildTemplateWorkbook(t, data);
    const ws = wb.worksheets[0];
    const built = layoutForm(t, capacityFor(t, data)).footnotes[0].row;
    expect(ws.getCell(built + 1, 1).value).toBe(t.footnotes![0].kk);
    expect(ws.getCell(built + 1, 1).isMerged).toBe(true);
    expect(ws.pageSetup.printArea).toMatch(new RegExp(`:[A-Z]+\\$?${built + 1}$`));
  });
});

describe("the engine and the adapters never name a form", () => {
  // Every template and family id of the catalog: adding a form is adding data.
  const ids = [...new Set(catalog().templates.flatMap((t) => [t.id, ...(t.family ? [t.family.id] : [])]))];
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|js)$/.test(f) ? [p] : [];
    });
  test.each(["src/core", "src/xlsx", "src/excel", "src/cli", "src/taskpane", "src/commands"])("%s holds no template id", (dir) => {
    const hits = files(join(ROOT, dir)).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return ids.filter((id) => new RegExp(`["'\`]${id}["'\`]`).test(text)).map((id) => `${file.slice(ROOT.length + 1)}: ${id}`);
    });
    expect(hits).toEqual([]);
  });
});
