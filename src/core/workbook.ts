import type { Grid, CellScalar } from "./grid";
import type { Template } from "./template/types";
import type { Catalog } from "./catalog";
import { findColumns, MAX_HEADER_SCAN } from "./parse";
import { cellText } from "./grid";
import { Checker, PreparedForm } from "./check";
import { linkMirrors } from "./link";
import { Finding, sortFindings } from "./findings";
import type { Computation } from "./trace";
import { templateVersion, newerVersion } from "./template/versions";
import { applyReview, parseReview, acceptableRules } from "./review";

/**
 * The workbook port: the one small interface both adapters implement (Office.js in the add-in,
 * ExcelJS in Node). Reads return plain grids; writes touch only the cells a template declares
 * as computed (or a finding's presentation), never a cell the user typed.
 */
export interface WorkbookPort {
  read(sheets?: string[]): Promise<WorkbookSnapshot>;
  write(writes: CellWrite[]): Promise<void>;
}

export interface WorkbookSnapshot {
  sheets: Grid[];
  bindings: FormBinding[];
  /** The very hidden review sheet (reviewers' acceptances, review.ts), when the workbook has one. */
  review?: Grid | null;
  /** The catalog version the workbook was last checked with (its `_JOSPAR_CATALOG.v…` name), when recorded. */
  checkedWith?: string | null;
}

/** A sheet that declares (through workbook-scoped defined names) the template it was built from. */
export interface FormBinding {
  sheet: string;
  templateId: string;
  version: string;
  /**
   * The sheet was upgraded to a newer version of its template on another sheet and is kept as it
   * was (`_JOSPAR_KEPT.<k>.<id>.v<version>`): not a form to check any more.
   */
  kept?: boolean;
}

export interface CellWrite {
  sheet: string;
  address: string;
  value?: CellScalar;
  formula?: string;
}

/**
 * A workbook-scoped defined name binds a sheet to its template: `_JOSPAR.<k>.<id>.v<version>`
 * refers to the form sheet's A1, so Excel keeps the binding right when the sheet is renamed,
 * and every tool (Office.js, ExcelJS, LibreOffice, SheetJS) can read it. The id and version
 * live in the name itself because ExcelJS drops names with constant values.
 * Template ids use "-" (mapped to "_"), versions "." (mapped to "_") and "-" (mapped to "__").
 */
export const BINDING_PREFIX = "_JOSPAR.";
/** An old sheet kept beside its upgraded copy (pane's Upgrade): same shape as a binding. */
export const KEPT_PREFIX = "_JOSPAR_KEPT.";

export function bindingName(k: number, t: { id: string; version: string }): string {
  const v = t.version.replace(/-/g, "__").replace(/\./g, "_");
  return `${BINDING_PREFIX}${k}.${t.id.replace(/-/g, "_")}.v${v}`;
}

export function keptName(k: number, t: { id: string; version: string }): string {
  return KEPT_PREFIX + bindingName(k, t).slice(BINDING_PREFIX.length);
}

/** Read bindings from name → reference pairs as any adapter lists them. */
export function parseBindings(names: { name: string; formula: string }[]): FormBinding[] {
  const out: FormBinding[] = [];
  for (const n of names) {
    const m = /^_JOSPAR(_KEPT)?\.(\d+)\.([a-z0-9_]+)\.v([0-9A-Za-z_]+)$/i.exec(n.name);
    if (!m) continue;
    const ref = n.formula.replace(/^=/, "");
    const bang = ref.lastIndexOf("!");
    if (bang <= 0) continue;
    const sheet = ref.slice(0, bang).replace(/^'(.*)'$/, "$1").replace(/''/g, "'");
    const version = m[4].split("__").map((p) => p.replace(/_/g, ".")).join("-");
    out.push({ sheet, templateId: m[3].replace(/_/g, "-"), version, ...(m[1] ? { kept: true } : {}) });
  }
  return out;
}

export interface Detection {
  grid: Grid;
  template: Template;
  via: "name" | "headings";
  declaredVersion: string | null;
  /** The sheet declares a template whose headings it does not carry. */
  mismatch?: { declared: string };
}

const MIN_SHARE = 0.6;

type SheetDetection = { kind: "kept" } | { kind: "unrecognised" } | ({ kind: "form" } & Omit<Detection, "grid">);

/**
 * What detection found on each sheet, kept by an incremental Checker across live checks: valid
 * while the sheet's first rows (where headings are looked for), its binding names and the
 * catalog are the same.
 */
export type DetectionMemo = Map<string, { catalog: Catalog; key: string; found: SheetDetection }>;

/** Which template each sheet holds: the binding names first, then the column headings. */
export function detectForms(snapshot: WorkbookSnapshot, catalog: Catalog, memo?: DetectionMemo | null): { forms: Detection[]; unrecognised: string[]; kept: string[] } {
  const forms: Detection[] = [];
  const unrecognised: string[] = [];
  const kept: string[] = [];
  for (const grid of snapshot.sheets) {
    const key = memo ? JSON.stringify(snapshot.bindings.filter((b) => b.sheet === grid.sheet)) + headingArea(grid) : "";
    const known = memo?.get(grid.sheet);
    let found: SheetDetection;
    if (known && known.catalog === catalog && known.key === key) found = known.found;
    else {
      found = detectSheet(grid, snapshot.bindings, catalog);
      memo?.set(grid.sheet, { catalog, key, found });
    }
    if (found.kind === "kept") kept.push(grid.sheet);
    else if (found.kind === "unrecognised") unrecognised.push(grid.sheet);
    else {
      const { kind: _, ...d } = found;
      forms.push({ grid, ...d });
    }
  }
  if (memo) for (const name of [...memo.keys()]) if (!snapshot.sheets.some((g) => g.sheet === name)) memo.delete(name);
  return { forms, unrecognised, kept };
}

/** The text of the rows headings are looked for in (findColumns), cell by cell. */
function headingArea(grid: Grid): string {
  let s = "";
  const rows = Math.min(grid.values.length, MAX_HEADER_SCAN);
  for (let r = 0; r < rows; r++) {
    const row = grid.values[r];
    if (row)
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (v !== null && v !== undefined) s += `${c}\u0001${cellText(v)}\u0002`;
      }
    s += "\u0003";
  }
  return s;
}

function detectSheet(grid: Grid, bindings: FormBinding[], catalog: Catalog): SheetDetection {
  {
    if (bindings.some((b) => b.sheet === grid.sheet && b.kept)) return { kind: "kept" };
    const binding = bindings.find((b) => b.sheet === grid.sheet && !b.kept);
    // By headings, every version the catalog holds competes (a sheet filled on an older form matches it best); ties go to the newest.
    const best = bestTemplate(grid, catalog.olderTemplates?.length ? [...catalog.templates, ...catalog.olderTemplates] : catalog.templates);
    // The exact version the sheet was built from, when the catalog still holds it (versions side by side).
    const declared = binding ? (templateVersion(catalog, binding.templateId, binding.version) ?? catalog.templates.find((t) => t.id === binding.templateId)) : undefined;
    if (declared) {
      const share = headingShare(grid, declared);
      const better = best && best.template.id !== declared.id && best.share > share;
      if ((share >= MIN_SHARE && !better) || !best) return { kind: "form", template: declared, via: "name", declaredVersion: binding!.version };
      return { kind: "form", template: best.template, via: "headings", declaredVersion: null, mismatch: { declared: declared.id } };
    }
    if (best) return { kind: "form", template: best.template, via: "headings", declaredVersion: binding?.version ?? null };
    return { kind: "unrecognised" };
  }
}

function headingShare(grid: Grid, t: Template): number {
  const official = t.table.columns.filter((c) => c.number !== undefined);
  const { columns } = findColumns(grid, t);
  return official.filter((c) => columns[c.id] !== undefined).length / Math.max(1, official.length);
}

function bestTemplate(grid: Grid, templates: Template[]): { template: Template; share: number } | null {
  let best: { template: Template; share: number; n: number } | null = null;
  for (const t of templates) {
    const official = t.table.columns.filter((c) => c.number !== undefined);
    const { columns } = findColumns(grid, t);
    const share = official.filter((c) => columns[c.id] !== undefined).length / Math.max(1, official.length);
    // Evidence counts the helper columns too: a three-column form whose "№" has no text to match
    // is still told apart by its other headings and its helper columns.
    const n = Object.keys(columns).length;
    if (n < 3 || share < MIN_SHARE) continue;
    if (!best || share > best.share || (share === best.share && n > best.n)) best = { template: t, share, n };
  }
  return best;
}

/** Forms whose templates others depend on come first (a stable topological order). */
function dependencyOrder(forms: Detection[]): Detection[] {
  const out: Detection[] = [];
  const placed = new Set<Detection>();
  const visit = (d: Detection, trail: Set<Detection>) => {
    if (placed.has(d) || trail.has(d)) return;
    trail.add(d);
    for (const dep of d.template.dependsOn ?? []) for (const other of forms) if (other.template.id === dep) visit(other, trail);
    placed.add(d);
    out.push(d);
  };
  for (const d of forms) visit(d, new Set());
  return out;
}

export interface FormResult {
  sheet: string;
  template: { id: string; version: string };
  declaredVersion: string | null;
  /** Findings to act on (a lapsed acceptance rides on its finding as `review`). */
  findings: Finding[];
  /** Findings a reviewer accepted (each with `review`): not errors or warnings any more. */
  accepted: Finding[];
  computed: Record<string, Computation>;
  /** Where each computed value lives on the sheet (null when its label is not there). */
  computedCells: Record<string, string | null>;
  prepared: PreparedForm;
}

export interface WorkbookResult {
  forms: FormResult[];
  unrecognised: string[];
  /** The catalog release checked with (recorded in checked copies and by the add-in). */
  catalogVersion?: string;
  /** The catalog version the workbook had recorded from its previous check, when it had one. */
  lastCheckedWith?: string;
  /** Old sheets kept beside their upgraded copies (not checked). */
  kept?: string[];
}

/** The whole flow for one workbook: grids → documents → facts → rules → findings and computed values. */
export function checkWorkbook(snapshot: WorkbookSnapshot, catalog: Catalog, checker = new Checker(catalog.packs, catalog.calendar)): WorkbookResult {
  const { forms, unrecognised, kept } = detectForms(snapshot, catalog, checker.detections);
  const prepared: PreparedForm[] = [];
  for (const d of dependencyOrder(forms)) prepared.push(checker.prepare(checker.parse(d.grid, d.template), { ...d, newer: newerVersion(catalog, d.template, d.declaredVersion) }, prepared));
  linkMirrors(prepared);
  // Reviewers' acceptances apply in the one place both the add-in and the CLI pass through.
  const reviewed = applyReview(
    prepared.map((p) => ({ sheet: p.doc.sheet, template: p.doc.template.id, findings: checker.run(p), doc: p.doc })),
    parseReview(snapshot.review),
    acceptableRules(catalog.packs),
  );
  const results = prepared.map((p, i) => ({
    sheet: p.doc.sheet,
    template: { id: p.doc.template.id, version: p.doc.template.version },
    declaredVersion: forms.find((d) => d.grid.sheet === p.doc.sheet)?.declaredVersion ?? null,
    findings: sortFindings(reviewed[i].findings),
    accepted: sortFindings(reviewed[i].accepted),
    computed: p.computed,
    computedCells: Object.fromEntries(Object.entries(p.doc.computedCells).map(([k, v]) => [k, v.address])),
    prepared: p,
  }));
  return {
    forms: results,
    unrecognised,
    ...(catalog.release ? { catalogVersion: catalog.release.version } : {}),
    ...(snapshot.checkedWith ? { lastCheckedWith: snapshot.checkedWith } : {}),
    ...(kept.length ? { kept } : {}),
  };
}
