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
  /** The act's repeal, in words ("repealed 24.05.2025 by Order … No. 28 of 14.05.2025"). */
  repealed?: Localized;
  /** Sheets of the open workbook made from this card's template(s). */
  inWorkbook?: string[];
}

export interface CheckedForm {
  sheet: string;
  templateId: string;
  title: Localized;
  findings: Finding[];
  /** Findings a reviewer accepted (each with `review`). */
  accepted?: Finding[];
  computed: Record<string, Computation>;
  /** Computed value id → its cell (local A1), null when the label is not on the sheet. */
  computedCells: Record<string, string | null>;
  /** Per-row computed cells (local A1) → their computation, for "show the math". */
  rowComputed?: Record<string, Computation>;
  /**
   * Set while the sheet is untouched since it was inserted (and no explicit Check ran): its empty
   * required cells are progress ("12 of 40 required cells filled"), not errors.
   */
  progress?: { filled: number; required: number };
  /** The form's legal status for the document's period (banner on a repealed form). */
  legal?: { status: "in-force" | "repealed" | "suspended"; act: Localized; repealed?: Localized; year?: number };
  /** The catalog holds a newer version of the sheet's template: what Upgrade would move it to. */
  upgrade?: { from: string; to: string; changes: Localized | null; newSheet: string; carriedSheet: string };
}

export type Busy = "checking" | "inserting" | "upgrading" | "waiting-cell-edit";

export interface Notice {
  kind: "protected" | "missing" | "no-flags" | "error" | "inserted" | "restored" | "upgraded";
  sheet?: string;
  text?: string;
  /** An upgrade: the new sheet, its version and the values carried over. */
  upgraded?: { newSheet: string; to: string; carried: number; carriedSheet: string };
}

export interface PaneState {
  busy: Busy | null;
  /** null until the first check. */
  forms: CheckedForm[] | null;
  unrecognised: string[];
  notices: Notice[];
  /** The cell selected in Excel (for "show the math"). */
  selection: { sheet: string; address: string } | null;
  /** Bumped by each request from outside the pane (the ribbon's "Show findings") to open the Check tab on the findings. */
  reveal?: number;
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
  /** The catalog release in use and why, when it is not the configured one (About, notice). */
  readonly catalogStatus?: import("../core/release/status").CatalogStatus;
  /** Put the template's formula back into a computed cell typed over by hand. */
  restore(sheet: string, cell: string): Promise<void>;
  /** Reviewers' decisions, kept in the workbook (src/core/review.ts); absent where the host cannot store them. */
  review?: ReviewService;
  /** Move a sheet on an older template version to the newest the catalog holds (a new sheet beside it). */
  upgrade?(sheet: string): Promise<void>;
  /** Dismiss the notices (e.g. "sheet inserted"). */
  dismiss?(): void;
  /** Sheets made from each gallery card, when the workbook is known (card id → sheet names). */
  inWorkbook?(): Record<string, string[]>;
  /** Open the Check tab on the findings (the ribbon's "Show findings", after it showed the pane). */
  revealFindings?(): void;
}

export interface ReviewService {
  /** Whether a reviewer may accept the finding (warnings; errors of rules marked acceptable). */
  canAccept(f: Finding): boolean;
  accept(f: Finding, by: string, reason: string): Promise<void>;
  /** Withdraw an accepted finding's acceptance; the log keeps it. */
  withdraw(f: Finding, by: string, reason: string): Promise<void>;
}

export const EMPTY_STATE: PaneState = { busy: null, forms: null, unrecognised: [], notices: [], selection: null };
