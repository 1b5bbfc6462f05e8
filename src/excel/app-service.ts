import type { Catalog } from "../core/catalog";
import { Checker } from "../core/check";
import type { Lang } from "../core/i18n";
import type { RowValues } from "../core/computed";
import type { Computation } from "../core/trace";
import { a1 } from "../core/grid";
import type { AppService, CheckedForm, FormCard, Notice, PaneState, ReviewService } from "../app/model";
import { acceptableRules, acceptanceRow, isAcceptable, withdrawalRow } from "../core/review";
import { EMPTY_STATE } from "../app/model";
import { LiveSession, SessionUpdate } from "./session";
import { insertForms, insertables, TemplateFile } from "./insert";
import type { OfficeRuntime } from "./runtime";
import { LANGS, Localized } from "../core/i18n";
import { actBySeed } from "../core/acts";
import { repealText } from "../core/present";
import { REQUIRED_RULE } from "../app/findings";
import { newerVersion } from "../core/template/versions";
import { upgradedSheetName, CARRIED_SHEET } from "../core/migrate";

/**
 * The task pane's application service over Office.js: the gallery from the catalog, insertion,
 * checks (full and live) through one LiveSession, selection, restore. Components only see the
 * AppService interface.
 */
export function galleryOf(catalog: Catalog): FormCard[] {
  return insertables(catalog.templates).map(({ fileId, templates }) => {
    const t = templates[0];
    const family = templates.length > 1 || t.family ? t.family : undefined;
    return {
      id: fileId,
      ...(family ? { members: templates.map((m) => ({ id: m.id, title: m.title })) } : {}),
      version: t.version,
      form: family ? templates.map((m) => m.form).filter(Boolean).join(", ") || undefined : t.form,
      title: family ? family.title : t.title,
      act: t.legalBasis.act,
      annex: family ? undefined : t.legalBasis.annex,
      status: t.legalBasis.status,
      statusNote: t.legalBasis.statusNote,
      validFrom: t.legalBasis.validFrom,
      validTo: t.legalBasis.validTo,
      note: t.note,
      ...(repealedOf(t.legalBasis.seed) ? { repealed: repealedOf(t.legalBasis.seed) } : {}),
    };
  });
}

function repealedOf(seed: string): Localized | undefined {
  const act = actBySeed(seed);
  if (!act || act.status !== "repealed") return undefined;
  return Object.fromEntries(LANGS.map((l) => [l, repealText(act, l) ?? ""])) as Localized;
}

/** Per-row computed cells of a checked form by address, with their computations ("show the math"). */
function rowComputedOf(f: SessionUpdate["result"]["forms"][number]): Record<string, Computation> | undefined {
  const doc = f.prepared.doc;
  const rows = (f.prepared as { rowComputed?: RowValues }).rowComputed;
  if (!rows) return undefined;
  const out: Record<string, Computation> = {};
  for (const [colId, m] of Object.entries(rows)) {
    const c = doc.columns[colId];
    if (c === undefined) continue;
    for (const row of doc.rows) {
      const comp = m.get(row.index);
      if (comp && !comp.notApplicable) out[a1(row.sheetRow, c)] = comp;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/** What Upgrade offers for a form checked on an older version of its template (the version X-TEMPLATE-NEWER-VERSION names). */
export function upgradeOf(f: SessionUpdate["result"]["forms"][number], catalog: Catalog, sheetNames: string[]): CheckedForm["upgrade"] {
  const from = f.prepared.doc.template;
  const newer = newerVersion(catalog, from);
  if (!newer || !catalog.templates.some((t) => t.id === from.id && t.version === newer.version)) return undefined;
  return { from: from.version, to: newer.version, changes: newer.changes, newSheet: upgradedSheetName(f.sheet, newer.version, sheetNames), carriedSheet: CARRIED_SHEET };
}

export function formsOf(u: SessionUpdate, catalog: Catalog, inProgress: ReadonlySet<string> = new Set(), sheetNames: string[] = []): CheckedForm[] {
  return u.result.forms.map((f) => {
    const t = catalog.templates.find((x) => x.id === f.template.id);
    const legacy = f.findings.some((x) => x.legacy);
    const out: CheckedForm = {
      rowComputed: rowComputedOf(f),
      sheet: f.sheet,
      templateId: f.template.id,
      title: t?.title ?? { kk: f.template.id, ru: f.template.id, en: f.template.id },
      findings: f.findings,
      accepted: f.accepted,
      computed: f.computed,
      computedCells: f.computedCells,
    };
    const upgrade = upgradeOf(f, catalog, sheetNames);
    if (upgrade) out.upgrade = upgrade;
    if (t) out.legal = { status: legacy ? "repealed" : t.legalBasis.status === "repealed" ? "repealed" : "in-force", act: t.legalBasis.act, ...(repealedOf(t.legalBasis.seed) && legacy ? { repealed: repealedOf(t.legalBasis.seed) } : {}) };
    if (t && inProgress.has(f.sheet)) {
      // Required cells: the required header and context fields, plus the table cells the rules found empty.
      const empty = f.findings.filter((x) => REQUIRED_RULE.test(x.rule));
      const fields = [...t.header, ...(t.context ?? [])].filter((x) => x.required).length;
      const required = fields + empty.filter((x) => x.row !== undefined).length;
      out.progress = { required, filled: Math.max(0, required - empty.length) };
    }
    return out;
  });
}

export function noticesOf(u: SessionUpdate): Notice[] {
  return [
    ...u.report.protectedSheets.map((sheet): Notice => ({ kind: "protected", sheet })),
    ...u.report.missingSheets.map((sheet): Notice => ({ kind: "missing", sheet })),
    ...u.withoutFlags.map((sheet): Notice => ({ kind: "no-flags", sheet })),
  ];
}

export class OfficeAppService implements AppService {
  readonly gallery: FormCard[];
  readonly session: LiveSession;
  catalogStatus?: import("../core/release/status").CatalogStatus;
  private state: PaneState = EMPTY_STATE;
  private listeners = new Set<(s: PaneState) => void>();
  private extra: Notice[] = [];
  readonly review: ReviewService;
  /**
   * The template version each generated template file was built from (the bundled templates);
   * a template the release in use holds in another version is inserted through the API from the
   * release's own template. Null: the files match the catalog.
   */
  private readonly fileVersions: Record<string, string> | null;
  /** Sheets inserted by the pane and not edited since (their fingerprint as inserted), until an explicit Check. */
  private pristine = new Map<string, string | null>();

  constructor(
    private readonly rt: OfficeRuntime,
    private readonly catalog: Catalog,
    private readonly templateFile: TemplateFile | null,
    readonly initialLanguage: Lang,
    options: { debounceMs?: number; fileVersions?: Record<string, string> } = {},
  ) {
    this.fileVersions = options.fileVersions ?? null;
    this.gallery = galleryOf(catalog);
    this.review = reviewServiceOf(acceptableRules(catalog.packs), (rows) => this.record(rows));
    this.session = new LiveSession(rt, catalog, {
      debounceMs: options.debounceMs,
      onUpdate: (u) =>
        this.set({
          forms: formsOf(u, catalog, this.untouched(), (this.session?.current?.meta ?? []).map((m) => m.name)),
          unrecognised: this.nonEmpty(u.result.unrecognised),
          notices: [...this.extra, ...noticesOf(u)],
        }),
      onStatus: (s) => {
        if ((this.state.busy === "inserting" || this.state.busy === "upgrading") && s !== "waiting-cell-edit") return;
        this.set({ busy: s === "idle" ? null : s });
      },
      onSelection: (selection) => this.set({ selection }),
      onError: (e) => this.fail(e),
    });
  }

  /** Unrecognised sheets worth mentioning: the ones with something in them. */
  private nonEmpty(sheets: string[]): string[] {
    const grids = this.session?.current?.sheets ?? [];
    return sheets.filter((s) => grids.some((g) => g.sheet === s && g.values.some((r) => r && r.some((v) => v !== null && v !== ""))));
  }

  /** The sheets still as inserted: the first reading after insertion is their fingerprint, any change ends it. */
  private untouched(): Set<string> {
    const out = new Set<string>();
    for (const [sheet, print] of this.pristine) {
      const grid = this.session?.current?.sheets.find((g) => g.sheet === sheet);
      if (!grid) continue;
      const now = JSON.stringify(grid.values);
      if (print === null) this.pristine.set(sheet, now);
      else if (print !== now) {
        this.pristine.delete(sheet);
        continue;
      }
      out.add(sheet);
    }
    return out;
  }

  /** Card id → the sheets of the workbook made from its templates. */
  inWorkbook(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const forms = this.state.forms ?? [];
    for (const { fileId, templates } of insertables(this.catalog.templates)) {
      const sheets = forms.filter((f) => templates.some((t) => t.id === f.templateId)).map((f) => f.sheet);
      if (sheets.length) out[fileId] = sheets;
    }
    return out;
  }

  dismiss(): void {
    this.extra = [];
    this.set({ notices: this.state.notices.filter((n) => n.kind !== "inserted" && n.kind !== "restored" && n.kind !== "upgraded" && n.kind !== "error") });
  }

  revealFindings(): void {
    this.set({ reveal: (this.state.reveal ?? 0) + 1 });
  }

  /** Register events and run the first check. */
  async start(): Promise<void> {
    await this.session.start();
    await this.checkAll();
  }

  getState(): PaneState {
    return this.state;
  }

  subscribe(listener: (s: PaneState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<PaneState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  private fail(e: unknown): void {
    const text = e instanceof Error ? e.message : String(e);
    this.extra = [{ kind: "error", text }];
    this.set({ notices: [...this.extra], busy: null });
  }

  async checkAll(): Promise<void> {
    this.extra = [];
    this.pristine.clear(); // an explicit check: every sheet's empty required cells are findings now
    try {
      await this.session.checkAll({ manual: true });
    } catch (e) {
      this.fail(e);
    }
  }

  async insert(cardId: string): Promise<void> {
    const what = insertables(this.catalog.templates).find((x) => x.fileId === cardId);
    if (!what) return;
    this.set({ busy: "inserting" });
    try {
      // The API path writes formulas itself: with the packs' parameters, as `jospar templates build` does.
      const params = new Checker(this.catalog.packs, this.catalog.calendar);
      // The generated file only when it was built from the very versions the catalog in use holds.
      const file = this.fileVersions && what.templates.some((t) => this.fileVersions![t.id] !== t.version) ? null : this.templateFile;
      const sheets = await insertForms(this.rt, what, file, (id) => params.paramsFor(id));
      // One message for the whole insert (a family adds several sheets).
      this.extra = [{ kind: "inserted" as const, sheet: sheets.map((s) => s.sheetName).join(", ") }];
      for (const s of sheets) this.pristine.set(s.sheetName, null);
      this.set({ busy: null });
      await this.session.added(sheets.map((s) => s.sheetId));
    } catch (e) {
      this.fail(e);
    } finally {
      if (this.state.busy === "inserting") this.set({ busy: null });
    }
  }

  /** Upgrade a sheet to the newest version of its template (LiveSession.upgrade), then say what was done. */
  async upgrade(sheet: string): Promise<void> {
    this.set({ busy: "upgrading" });
    try {
      const done = await this.session.upgrade(sheet);
      this.extra = [{ kind: "upgraded", sheet: done.oldSheet, upgraded: { newSheet: done.newSheet, to: done.to, carried: done.carried, carriedSheet: CARRIED_SHEET } }];
      this.set({ busy: null, notices: [...this.extra, ...this.state.notices.filter((n) => n.kind !== "upgraded" && n.kind !== "inserted")] });
    } catch (e) {
      this.fail(e);
    } finally {
      if (this.state.busy === "upgrading") this.set({ busy: null });
    }
  }

  private async record(rows: string[][]): Promise<void> {
    try {
      await this.session.review(rows);
    } catch (e) {
      this.fail(e);
    }
  }

  async select(sheet: string, cell: string): Promise<void> {
    try {
      await this.session.select(sheet, cell);
      this.set({ selection: { sheet, address: cell } });
    } catch (e) {
      this.fail(e);
    }
  }

  async restore(sheet: string, cell: string): Promise<void> {
    try {
      const report = await this.session.restore(sheet, cell);
      if (report.protectedSheets.length) this.set({ notices: [...this.state.notices, { kind: "protected", sheet }] });
      else {
        this.extra = [{ kind: "restored", sheet, text: cell }];
        this.set({ notices: [...this.extra, ...this.state.notices.filter((n) => n.kind !== "restored")] });
      }
      await this.session.idle();
    } catch (e) {
      this.fail(e);
    }
  }
}

/** Accept and withdraw as log rows of the core's review model, written through `record`. */
export function reviewServiceOf(acceptable: Set<string>, record: (rows: string[][]) => Promise<void>, now: () => Date = () => new Date()): ReviewService {
  const at = () => now().toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    canAccept: (f) => !!f.fingerprint && !f.review?.status.startsWith("accepted") && isAcceptable(f, acceptable),
    accept: (f, by, reason) => {
      const when = at();
      const rows = [acceptanceRow({ rule: f.rule, sheet: f.sheet, cell: f.cell, fingerprint: f.fingerprint! }, { by, at: when, reason })];
      // A new acceptance of a lapsed one replaces it: the old one is withdrawn (and stays in the log).
      if (f.review?.status === "lapsed") rows.unshift(withdrawalRow({ id: f.review.id, rule: f.rule, sheet: f.sheet, cell: f.cell, fingerprint: f.fingerprint! }, { by, at: when, reason: "" }));
      return record(rows);
    },
    withdraw: async (f, by, reason) => {
      if (f.review?.status !== "accepted") return;
      await record([withdrawalRow({ id: f.review.id, rule: f.rule, sheet: f.sheet, cell: f.cell, fingerprint: f.fingerprint ?? "" }, { by, at: at(), reason })]);
    },
  };
}

/** Fetch a generated template file (dist/templates/<id>.xlsx) as base64. */
export function fetchTemplateFile(base: string): TemplateFile {
  return async (id) => {
    const res = await fetch(`${base}templates/${encodeURIComponent(id)}.xlsx`);
    if (!res.ok) return null;
    const bytes = new Uint8Array(await res.arrayBuffer());
    let bin = "";
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  };
}
