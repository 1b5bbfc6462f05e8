import ExcelJS from "exceljs";
import { rcompare } from "semver";
import type { Catalog } from "../core/catalog";
import type { Template } from "../core/template/types";
import { detectForms, WorkbookSnapshot } from "../core/workbook";
import { parseForm } from "../core/parse";
import { migrateDocument, carrySheet, CarriedValue, MigrationError, CARRIED_SHEET, CARRIED_WIDTHS, carriedSheetHead, carriedSheetRow } from "../core/migrate";
import { templateVersion } from "../core/template/versions";
import type { FormData } from "../core/layout";
import { buildFamilyWorkbook } from "./build";
import { catalogMarkName } from "../core/release/mark";
import { quoteSheet } from "../core/grid";

export interface MigratedForm {
  sheet: string;
  template: string;
  from: string;
  to: string;
}

export interface MigrationResult {
  workbook: ExcelJS.Workbook;
  forms: MigratedForm[];
  carried: CarriedValue[];
}

export { CARRIED_SHEET };

/**
 * Move every form of a workbook to version `to` of its template ("latest": the newest the
 * catalog holds); forms whose template has no such version are rebuilt on their own version.
 * Returns a new workbook: the input is never touched.
 */
export function migrateSnapshot(snapshot: WorkbookSnapshot, catalog: Catalog, to: string, paramsFor: (templateId: string) => Record<string, unknown>): MigrationResult {
  const { forms, unrecognised } = detectForms(snapshot, catalog);
  if (forms.length === 0) throw new MigrationError("no-path", "no recognised form in the workbook");
  const targets: Template[] = [];
  const data: Record<string, FormData> = {};
  const done: MigratedForm[] = [];
  const carried: CarriedValue[] = [];
  let moved = 0;
  for (const d of forms) {
    const newest = catalog.templates.find((t) => t.id === d.template.id)!;
    const want = to === "latest" ? newest : templateVersion(catalog, d.template.id, to) ?? d.template;
    if (rcompare(want.version, d.template.version) > 0)
      throw new MigrationError("downgrade", `${d.grid.sheet}: ${d.template.id} is on version ${d.template.version}; moving it back to ${want.version} is not supported`);
    if (data[want.id]) throw new MigrationError("no-path", `${d.grid.sheet}: a second sheet of ${want.id} in one workbook`);
    if (want.version !== d.template.version) moved++;
    const doc = parseForm(d.grid, d.template);
    const m = migrateDocument(doc, d.grid, want);
    targets.push(want);
    data[want.id] = m.data;
    carried.push(...m.carried);
    done.push({ sheet: d.grid.sheet, template: want.id, from: d.template.version, to: want.version });
  }
  if (moved === 0 && to !== "latest") throw new MigrationError("no-path", `no form of the workbook has a version ${to} in the catalog`);
  for (const name of unrecognised) carried.push(...carrySheet(snapshot.sheets.find((g) => g.sheet === name)!));
  // Family sheets in their family order, others as they were.
  const ordered = targets.map((t, i) => ({ t, i })).sort((a, b) => (a.t.family && b.t.family && a.t.family.id === b.t.family.id ? a.t.family.order - b.t.family.order : a.i - b.i)).map((x) => x.t);
  // Formulas written with the packs' parameters for these templates, as `templates build` does.
  const workbook = buildFamilyWorkbook(ordered, data, Object.assign({}, ...ordered.map((t) => paramsFor(t.id))));
  if (carried.length) addCarriedSheet(workbook, carried);
  if (catalog.release) {
    const first = workbook.worksheets[0];
    workbook.definedNames.add(`${quoteSheet(first.name)}!$A$1`, catalogMarkName(catalog.release.version));
  }
  return { workbook, forms: done, carried };
}

/** A visible sheet listing each carried-over value with where it was and why, headings in kk / ru / en. */
function addCarriedSheet(wb: ExcelJS.Workbook, carried: CarriedValue[]): void {
  const ws = wb.addWorksheet(CARRIED_SHEET);
  carriedSheetHead().forEach((row, i) => (ws.addRow(row).font = { bold: i <= 1 }));
  for (const c of carried) ws.addRow(carriedSheetRow(c));
  ws.columns.forEach((col, i) => (col.width = CARRIED_WIDTHS[i]));
}
