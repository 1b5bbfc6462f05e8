/**
 * An old sheet kept beside its upgraded copy (the pane's Upgrade marks it `_JOSPAR_KEPT.…`) is not
 * checked by `jospar check` either: it is listed as keptSheets, the other forms are checked as usual.
 */
import { join } from "path";
import { buildFamilyWorkbook } from "../../src/xlsx/build";
import { keptName } from "../../src/core/workbook";
import { template, baseData } from "../helpers/forms";
import { tempDir } from "../helpers/catalog-next";
import { run } from "../helpers/cli";

test("jospar check skips a kept sheet and names it in keptSheets", async () => {
  const plan = template("operational-plan");
  const report = template("operational-plan-report");
  const wb = buildFamilyWorkbook([plan, report], { [plan.id]: baseData(plan.id), [report.id]: baseData(report.id) });
  const file = join(tempDir(), "kept.xlsx");
  await wb.xlsx.writeFile(file);
  const before = JSON.parse((await run(["check", file, "--format", "json"])).out).files[0];
  expect(before.forms.map((f: { template: { id: string } }) => f.template.id).sort()).toEqual([plan.id, report.id].sort());
  expect(before).not.toHaveProperty("keptSheets");

  wb.definedNames.add(`'${report.sheetName.kk}'!$A$1`, keptName(9, report));
  const marked = join(tempDir(), "kept.xlsx");
  await wb.xlsx.writeFile(marked);
  const after = JSON.parse((await run(["check", marked, "--format", "json"])).out).files[0];
  expect(after.status).toBe("ok");
  expect(after.forms.map((f: { template: { id: string } }) => f.template.id)).toEqual([plan.id]);
  expect(after.keptSheets).toEqual([report.sheetName.kk]);
  const text = await run(["check", marked, "--lang", "en"]);
  expect(text.out).toContain(`(sheets kept after an upgrade to a newer version (not checked): ${report.sheetName.kk})`);
}, 120_000);
