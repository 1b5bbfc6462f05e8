import { satisfies } from "semver";
import type { Template, TemplateMigration, MigrationMap } from "./template/types";
import type { FormDocument } from "./document";
import type { FormData } from "./layout";
import type { Lang, Localized } from "./i18n";
import { pick } from "./i18n";
import { Grid, CellScalar, cellAt, isCellError, isBlank, parseA1, a1 } from "./grid";
import { planSheet, SheetPlan } from "./sheet-plan";
import type { FormulaContext } from "./computed";

/**
 * Moving a filled form to a newer version of its template, as data: columns and fields are
 * matched by id, renames and drops come from the newer template's `migrations`. Every value the
 * user typed lands in the new form or, when the new version has no place for it, in the list of
 * carried-over values (written to a visible sheet) — never silently lost.
 */
export interface CarriedValue {
  sheet: string;
  /** Where it was on the old sheet. */
  cell: string | null;
  template: string;
  fromVersion: string;
  /** Column or field id in the old version (or "" for a cell of an unrecognised sheet). */
  id: string;
  heading: Localized | null;
  value: CellScalar;
  reason: "dropped" | "not-in-new-version" | "typed-over-computed" | "unrecognised-sheet";
}

export class MigrationError extends Error {
  constructor(public readonly code: "no-path" | "downgrade", message: string) {
    super(message);
  }
}

/** The entry of `to.migrations` that covers `from`'s version; identity when the versions are equal. */
export function migrationFor(from: Template, to: Template): TemplateMigration {
  if (from.version === to.version) return { from: from.version, changes: { kk: "", ru: "", en: "" } };
  const m = (to.migrations ?? []).find((x) => satisfies(from.version, x.from, { includePrerelease: true }));
  if (!m) throw new MigrationError("no-path", `${to.id} ${to.version} declares no migration from version ${from.version}`);
  return m;
}

/** Where an old id goes in the new version, or null when it has no place there. */
function target(map: MigrationMap | undefined, id: string, ids: Set<string>): string | null {
  if (map?.dropped?.includes(id)) return null;
  const to = map?.renamed?.[id] ?? id;
  return ids.has(to) ? to : null;
}

function scalar(v: ReturnType<typeof cellAt>): CellScalar {
  return isCellError(v) ? v.error : v;
}

/**
 * The old form's values as the new template's data: table rows in order with their kinds,
 * header, context and signature fields. Computed cells are not data (the new template writes its
 * own formulas), unless a user typed over one: then the typed value is carried over.
 */
export function migrateDocument(doc: FormDocument, grid: Grid, to: Template): { data: FormData; carried: CarriedValue[] } {
  const from = doc.template;
  const m = migrationFor(from, to);
  const carried: CarriedValue[] = [];
  const carry = (cell: string | null, id: string, heading: Localized | null, value: CellScalar, reason: CarriedValue["reason"]) =>
    carried.push({ sheet: doc.sheet, cell, template: from.id, fromVersion: from.version, id, heading, value, reason });
  const newCols = new Set(to.table.columns.filter((c) => c.role !== "rowKind" && c.role !== "flags" && !c.computed).map((c) => c.id));
  const newKinds = new Set(to.table.rowKinds.map((k) => k.id));
  const rows: NonNullable<FormData["rows"]> = [];
  for (const row of doc.rows) {
    const cells: Record<string, CellScalar> = {};
    for (const def of from.table.columns) {
      if (def.role === "rowKind" || def.role === "flags") continue;
      const col = doc.columns[def.id];
      if (col === undefined) continue;
      const value = scalar(cellAt(grid, row.sheetRow, col));
      if (isBlank(value)) continue;
      const cell = a1(row.sheetRow, col);
      if (def.computed) {
        // A computed column's own formula is not data; a number typed over it is.
        if (row.formulas && row.formulas[def.id] === null) carry(cell, def.id, def.heading, value, "typed-over-computed");
        continue;
      }
      const id = target(m.columns, def.id, newCols);
      if (id === null) carry(cell, def.id, def.heading, value, m.columns?.dropped?.includes(def.id) ? "dropped" : "not-in-new-version");
      else cells[id] = value;
    }
    const kind = newKinds.has(row.kind) ? row.kind : to.table.rowKinds.find((k) => k.isDefault)!.id;
    rows.push({ kind, cells });
  }
  const moved: Record<string, CellScalar> = {};
  const fieldValues = (group: "header" | "context") => {
    const out: Record<string, CellScalar> = {};
    const newIds = new Set((group === "header" ? to.header : to.context).map((f) => f.id));
    const otherIds = new Set((group === "header" ? to.context : to.header).map((f) => f.id));
    for (const def of group === "header" ? from.header : from.context) {
      const read = doc[group][def.id];
      if (!read?.address) continue;
      const { r, c } = parseA1(read.address);
      const value = scalar(cellAt(grid, r, c));
      if (isBlank(value)) continue;
      const id = target(m.fields, def.id, new Set([...newIds, ...otherIds]));
      if (id === null) carry(read.address, def.id, def.label, value, m.fields?.dropped?.includes(def.id) ? "dropped" : "not-in-new-version");
      else if (newIds.has(id)) out[id] = value;
      // A field may move between the printed header and the context panel.
      else moved[id] = value;
    }
    return out;
  };
  const header = fieldValues("header");
  const context = fieldValues("context");
  for (const [id, v] of Object.entries(moved)) {
    if (to.header.some((f) => f.id === id)) header[id] = v;
    else context[id] = v;
  }
  const signature: Record<string, CellScalar> = {};
  const newSigs = new Set((to.signature ?? []).map((s) => s.id));
  for (const def of from.signature ?? []) {
    const read = doc.signature[def.id];
    if (!read?.address) continue;
    const { r, c } = parseA1(read.address);
    const value = scalar(cellAt(grid, r, c));
    if (isBlank(value)) continue;
    const id = target(m.fields, def.id, newSigs);
    if (id === null) carry(read.address, def.id, def.label, value, "not-in-new-version");
    else signature[id] = value;
  }
  for (const def of from.computed ?? []) {
    const read = doc.computedCells[def.id];
    if (!read?.address || read.formula || isBlank(read.value)) continue;
    carry(read.address, def.id, def.label, read.value as CellScalar, "typed-over-computed");
  }
  return { data: { header, context, signature, rows }, carried };
}

/** Every filled cell of a sheet no template recognised, carried over as it was. */
export function carrySheet(grid: Grid): CarriedValue[] {
  const out: CarriedValue[] = [];
  grid.values.forEach((row, r) =>
    row.forEach((v, c) => {
      const value = scalar(v ?? null);
      if (!isBlank(value)) out.push({ sheet: grid.sheet, cell: a1(r, c), template: "", fromVersion: "", id: "", heading: null, value, reason: "unrecognised-sheet" });
    }),
  );
  return out;
}

/**
 * The sheet that keeps what the new versions have no place for; its name in Kazakh, as the
 * forms'. `jospar migrate` and the pane's Upgrade write it from the same rows.
 */
export const CARRIED_SHEET = "Ауыстырылған мәндер";

const CARRIED_HEAD: Record<Lang, string[]> = {
  kk: ["Парақ", "Ұяшық", "Үлгі", "Нұсқа", "Баған немесе өріс", "Мән", "Себебі"],
  ru: ["Лист", "Ячейка", "Шаблон", "Версия", "Графа или поле", "Значение", "Причина"],
  en: ["Sheet", "Cell", "Template", "Version", "Column or field", "Value", "Reason"],
};
const CARRIED_REASON: Record<CarriedValue["reason"], Record<Lang, string>> = {
  dropped: { kk: "жаңа нұсқада бұл баған алынып тасталған", ru: "в новой версии эта графа исключена", en: "the new version dropped this column" },
  "not-in-new-version": { kk: "жаңа нұсқада оған орын жоқ", ru: "в новой версии для него нет места", en: "the new version has no place for it" },
  "typed-over-computed": { kk: "есептелетін ұяшыққа қолмен енгізілген", ru: "введено вручную поверх вычисляемой ячейки", en: "typed over a computed cell" },
  "unrecognised-sheet": { kk: "танылмаған парақтағы мән", ru: "значение с нераспознанного листа", en: "a value of a sheet no template recognised" },
};

/** Column widths of the carried-over sheet, in characters. */
export const CARRIED_WIDTHS = [24, 8, 26, 8, 36, 40, 60];

/** The carried-over sheet's first rows: a title, then the column headings in kk, ru and en. */
export function carriedSheetHead(): CellScalar[][] {
  return [
    ["Жаңа нұсқада орны жоқ мәндер / Значения, которым нет места в новой версии / Values the new version has no place for"],
    ...(["kk", "ru", "en"] as Lang[]).map((l) => CARRIED_HEAD[l]),
  ];
}

/** One carried-over value as a row of that sheet: where it was, what it was, why it is there. */
export function carriedSheetRow(c: CarriedValue): CellScalar[] {
  const why = CARRIED_REASON[c.reason];
  return [c.sheet, c.cell, c.template, c.fromVersion, c.heading ? `${pick(c.heading, "kk")} (${c.id})` : c.id, c.value, `${why.kk} / ${why.ru} / ${why.en}`];
}

/** Where the upgraded copy of a form goes and how it is bound. */
export interface UpgradeOptions {
  /** The new sheet's name. */
  sheetName: string;
  /** The k of the new sheet's binding name. */
  index: number;
  /** The other forms of the workbook, for the formulas of a family's form. */
  formulas?: FormulaContext;
  params?: Record<string, unknown>;
}

/**
 * Everything an adapter needs to upgrade one form sheet in place (the pane's Upgrade): the new
 * sheet built by the one renderer from the old form's values, and the carried-over rows for what
 * the new version has no place for. The adapter only applies it.
 */
export interface UpgradePlan {
  from: Template;
  to: Template;
  sheet: SheetPlan;
  carried: CarriedValue[];
  /** Rows to append to the carried-over sheet (its head first when the sheet is new: `carriedSheetHead`). */
  carriedRows: CellScalar[][];
}

export function planUpgrade(doc: FormDocument, grid: Grid, to: Template, opts: UpgradeOptions): UpgradePlan {
  if (to.id !== doc.template.id) throw new MigrationError("no-path", `${doc.sheet}: ${doc.template.id} cannot become ${to.id}`);
  if (satisfies(doc.template.version, `>=${to.version}`, { includePrerelease: true }))
    throw new MigrationError("downgrade", `${doc.sheet}: ${to.id} is on version ${doc.template.version}, not older than ${to.version}`);
  const { data, carried } = migrateDocument(doc, grid, to);
  const sheet = planSheet(to, { data, sheetName: opts.sheetName, index: opts.index, formulas: opts.formulas, params: opts.params });
  return { from: doc.template, to, sheet, carried, carriedRows: carried.map(carriedSheetRow) };
}

/** The upgraded copy's name: the old sheet's with the new version, within Excel's 31 characters and unique. */
export function upgradedSheetName(old: string, version: string, taken: string[]): string {
  const suffix = ` v${version}`;
  const base = old.replace(/ v\d+\.\d+\.\d+\S*$/, "").slice(0, 31 - suffix.length) + suffix;
  const lower = new Set(taken.map((x) => x.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const n = ` (${i})`;
    const name = base.slice(0, 31 - n.length) + n;
    if (!lower.has(name.toLowerCase())) return name;
  }
}
