import type { Finding } from "../core/findings";
import type { Computation } from "../core/trace";
import type { Lang, Localized } from "../core/i18n";

/**
 * What the task pane shows and what it can ask for. Components get an AppService and never
 * touch Office.js: the Office implementation lives in src/excel/app-service.ts, tests pass a
 * plain object.
 */
/** One Insert of the gallery: a template, or a family of templates inserted together. */
export interface FormCard {
  /** The template id, or the family id. */
  id: string;
  /** The sheets one Insert adds, for a family (in order). */
  members?: { id: string; title: Localized }[];
  version: string;
  form?: string;
  title: Localized;
  act: Localized;
  annex?: string;
  status: "in-force" | "repealed" | "suspended";
  statusNote?: Localized;
  validFrom?: string;
  validTo?: string;
  note?: Localized;
}

export interface CheckedForm {
  sheet: string;
  templateId: string;
  title: Localized;
  findings: Finding[];
  computed: Record<string, Computation>;
  /** Computed value id → its cell (local A1), null when the label is not on the sheet. */
  computedCells: Record<string, string | null>;
  /** Per-row computed cells (local A1) → their computation, for "show the math". */
  rowComputed?: Record<string, Computation>;
}

export type Busy = "checking" | "inserting" | "waiting-cell-edit";

export interface Notice {
  kind: "protected" | "missing" | "no-flags" | "error" | "inserted";
  sheet?: string;
  text?: string;
}

export interface PaneState {
  busy: Busy | null;
  /** null until the first check. */
  forms: CheckedForm[] | null;
  unrecognised: string[];
  notices: Notice[];
  /** The cell selected in Excel (for "show the math"). */
  selection: { sheet: string; address: string } | null;
}

export interface AppService {
  readonly gallery: FormCard[];
  /** From Office's display language (kk-KZ, ru-RU, en-US …). */
  readonly initialLanguage: Lang;
  getState(): PaneState;
  subscribe(listener: (s: PaneState) => void): () => void;
  insert(templateId: string): Promise<void>;
  checkAll(): Promise<void>;
  select(sheet: string, cell: string): Promise<void>;
  /** Put the template's formula back into a computed cell typed over by hand. */
  restore(sheet: string, cell: string): Promise<void>;
}

export const EMPTY_STATE: PaneState = { busy: null, forms: null, unrecognised: [], notices: [], selection: null };
