import type { Catalog } from "../core/catalog";
import { Checker } from "../core/check";
import type { Lang } from "../core/i18n";
import type { RowValues } from "../core/computed";
import type { Computation } from "../core/trace";
import { a1 } from "../core/grid";
import type { AppService, CheckedForm, FormCard, Notice, PaneState } from "../app/model";
import { EMPTY_STATE } from "../app/model";
import { LiveSession, SessionUpdate } from "./session";
import { insertForms, insertables, TemplateFile } from "./insert";
import type { OfficeRuntime } from "./runtime";

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
    };
  });
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

export function formsOf(u: SessionUpdate, catalog: Catalog): CheckedForm[] {
  return u.result.forms.map((f) => ({
    rowComputed: rowComputedOf(f),
    sheet: f.sheet,
    templateId: f.template.id,
    title: catalog.templates.find((t) => t.id === f.template.id)?.title ?? { kk: f.template.id, ru: f.template.id, en: f.template.id },
    findings: f.findings,
    computed: f.computed,
    computedCells: f.computedCells,
  }));
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
  private state: PaneState = EMPTY_STATE;
  private listeners = new Set<(s: PaneState) => void>();
  private extra: Notice[] = [];

  constructor(
    private readonly rt: OfficeRuntime,
    private readonly catalog: Catalog,
    private readonly templateFile: TemplateFile | null,
    readonly initialLanguage: Lang,
    options: { debounceMs?: number } = {},
  ) {
    this.gallery = galleryOf(catalog);
    this.session = new LiveSession(rt, catalog, {
      debounceMs: options.debounceMs,
      onUpdate: (u) => this.set({ forms: formsOf(u, catalog), unrecognised: this.nonEmpty(u.result.unrecognised), notices: [...this.extra, ...noticesOf(u)] }),
      onStatus: (s) => {
        if (this.state.busy === "inserting" && s !== "waiting-cell-edit") return;
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
      const sheets = await insertForms(this.rt, what, this.templateFile, (id) => params.paramsFor(id));
      this.extra = sheets.map((s) => ({ kind: "inserted" as const, sheet: s.sheetName }));
      this.set({ busy: null });
      await this.session.added(sheets.map((s) => s.sheetId));
    } catch (e) {
      this.fail(e);
    } finally {
      if (this.state.busy === "inserting") this.set({ busy: null });
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
      await this.session.idle();
    } catch (e) {
      this.fail(e);
    }
  }
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
