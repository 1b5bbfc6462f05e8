import type { Grid, CellScalar } from "./grid";
import type { Localized } from "./i18n";
import type { CompiledPack } from "./rules/pack";
import type { FormDocument } from "./document";
import type { Finding } from "./findings";

/**
 * Reviewers' decisions, kept in the workbook itself: "this finding is justified, because…".
 *
 * The store is a very hidden sheet, `_JOSPAR_REVIEW`, holding an append-only log: one row per
 * acceptance or withdrawal. A sheet is what survives every tool that opens the file: Excel,
 * ExcelJS and LibreOffice all keep a sheet and its cells, while custom XML parts are dropped by
 * ExcelJS and LibreOffice on save. Nothing is ever deleted: a withdrawal is a new row naming the
 * acceptance it withdraws, so the history stays readable.
 *
 * An acceptance names the rule, the sheet and the cell, and a fingerprint of the values the
 * finding was about (the message's values, the row's typed cells, the field at the cell). While
 * the finding's fingerprint is the same, the finding is accepted; when the values change, the
 * acceptance lapses and the finding returns, marked "acceptance lapsed".
 *
 * Warnings are always acceptable; an error only when its rule is marked `acceptable` in its pack.
 * An acceptance of anything else is forged (or stale after a pack change): it is ignored and the
 * workbook gets a finding saying so. A row that cannot be read is reported, never thrown.
 */
export const REVIEW_SHEET = "_JOSPAR_REVIEW";
export const REVIEW_COLUMNS = ["id", "action", "rule", "sheet", "cell", "fingerprint", "by", "at", "reason", "of"] as const;

export interface Decision {
  by: string;
  /** ISO date-time (UTC) of the decision. */
  at: string;
  reason: string;
}

export interface Acceptance extends Decision {
  id: string;
  rule: string;
  sheet: string;
  cell: string | null;
  fingerprint: string;
  /** 1-based row of the review sheet. */
  row: number;
  withdrawn?: Decision;
}

/** A finding's review state, as the pane and the CLI show it. */
export interface FindingReview extends Decision {
  id: string;
  status: "accepted" | "lapsed";
}

export interface ReviewProblem {
  kind: "damaged";
  /** 1-based row of the review sheet (null: the sheet as a whole). */
  row: number | null;
  sheet?: string;
  rule?: string;
  cell?: string | null;
  detail: Localized;
}

export interface ReviewLog {
  acceptances: Acceptance[];
  problems: ReviewProblem[];
  /** Rows the sheet holds (the next entry goes below them). */
  rows: number;
}

export const EMPTY_REVIEW: ReviewLog = { acceptances: [], problems: [], rows: 0 };

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
const FINGERPRINT = /^fp1:[0-9a-f]{14}$/;

const WHY = {
  header: { kk: "бағандар тақырыбы өзгертілген", ru: "заголовки граф изменены", en: "the column headings were changed" },
  field: (col: string): Localized => ({ kk: `«${col}» бағаны бос немесе жарамсыз`, ru: `графа «${col}» пуста или неверна`, en: `column “${col}” is blank or invalid` }),
  action: (v: string): Localized => ({ kk: `белгісіз әрекет «${v}»`, ru: `неизвестное действие «${v}»`, en: `unknown action “${v}”` }),
  of: (v: string): Localized => ({ kk: `«${v}» қабылдауы табылмады`, ru: `принятие «${v}» не найдено`, en: `no acceptance “${v}” to withdraw` }),
  duplicate: (v: string): Localized => ({ kk: `«${v}» идентификаторы қайталанады`, ru: `идентификатор «${v}» повторяется`, en: `id “${v}” is used twice` }),
};

function text(v: CellScalar | undefined): string {
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? "" : String(v).trim();
}

/** Read the review sheet's log. Unreadable rows are reported and skipped; nothing throws. */
export function parseReview(grid: Grid | null | undefined): ReviewLog {
  if (!grid) return EMPTY_REVIEW;
  const rows = grid.values;
  const last = rows.reduce((n, r, i) => (r && r.some((v) => text(v as CellScalar) !== "") ? i + 1 : n), 0);
  if (last === 0) return { acceptances: [], problems: [], rows: 0 };
  const head = (rows[0] ?? []).map((v) => text(v as CellScalar));
  if (REVIEW_COLUMNS.some((c, i) => head[i] !== c))
    return { acceptances: [], problems: [{ kind: "damaged", row: 1, detail: WHY.header }], rows: last };
  const acceptances: Acceptance[] = [];
  const problems: ReviewProblem[] = [];
  const byId = new Map<string, Acceptance>();
  for (let r = 1; r < last; r++) {
    const raw = rows[r] ?? [];
    const cell = (name: (typeof REVIEW_COLUMNS)[number]) => text(raw[REVIEW_COLUMNS.indexOf(name)] as CellScalar);
    if (REVIEW_COLUMNS.every((c) => cell(c) === "")) continue;
    const bad = (detail: Localized) => problems.push({ kind: "damaged", row: r + 1, sheet: cell("sheet") || undefined, rule: cell("rule") || undefined, detail });
    const id = cell("id");
    const action = cell("action");
    const missing = (["id", "by", "at"] as const).find((c) => c === "at" ? !ISO_TIME.test(cell(c)) : cell(c) === "");
    if (missing) {
      bad(WHY.field(missing));
      continue;
    }
    const decision: Decision = { by: cell("by"), at: cell("at"), reason: cell("reason") };
    if (action === "accept") {
      const need = (["rule", "sheet", "reason"] as const).find((c) => cell(c) === "") ?? (FINGERPRINT.test(cell("fingerprint")) ? undefined : "fingerprint");
      if (need) {
        bad(WHY.field(need));
        continue;
      }
      if (byId.has(id)) {
        bad(WHY.duplicate(id));
        continue;
      }
      const a: Acceptance = { id, rule: cell("rule"), sheet: cell("sheet"), cell: cell("cell") || null, fingerprint: cell("fingerprint"), row: r + 1, ...decision };
      byId.set(id, a);
      acceptances.push(a);
    } else if (action === "withdraw") {
      const target = byId.get(cell("of"));
      if (!target) {
        bad(WHY.of(cell("of")));
        continue;
      }
      target.withdrawn ??= decision;
    } else bad(WHY.action(action));
  }
  return { acceptances, problems, rows: last };
}

/** The cells of one log entry, in REVIEW_COLUMNS order. */
export function reviewRow(e: { id: string; action: "accept" | "withdraw"; rule: string; sheet: string; cell: string | null; fingerprint: string; of?: string } & Decision): string[] {
  return [e.id, e.action, e.rule, e.sheet, e.cell ?? "", e.fingerprint, e.by, e.at, e.reason, e.of ?? ""];
}

/** A new acceptance's log row (the id is derived from what it records, so two tools agree). */
export function acceptanceRow(f: Pick<Finding, "rule" | "sheet" | "cell"> & { fingerprint: string }, d: Decision): string[] {
  const id = `a-${hash53(`${f.rule}\u0000${f.sheet}\u0000${f.cell}\u0000${f.fingerprint}\u0000${d.by}\u0000${d.at}`).slice(0, 10)}`;
  return reviewRow({ id, action: "accept", rule: f.rule, sheet: f.sheet, cell: f.cell, fingerprint: f.fingerprint, ...d });
}

export function withdrawalRow(a: Pick<Acceptance, "id" | "rule" | "sheet" | "cell" | "fingerprint">, d: Decision): string[] {
  return reviewRow({ id: `w-${hash53(`${a.id}\u0000${d.by}\u0000${d.at}`).slice(0, 10)}`, action: "withdraw", rule: a.rule, sheet: a.sheet, cell: a.cell, fingerprint: a.fingerprint, of: a.id, ...d });
}

/** The log's heading row, written when the sheet is created. */
export const REVIEW_HEADER: string[] = [...REVIEW_COLUMNS];

/**
 * A stable text of the values a finding was about: the message's values, the typed cells of its
 * row, the header or context field at its cell. The cell's address is left out, so a row moved by
 * an inserted row keeps its acceptance; its values are in, so an edit lapses it.
 */
export function fingerprint(f: Finding, doc?: FormDocument): string {
  const parts: unknown[] = [f.rule, f.values];
  if (doc && f.row !== undefined) {
    const row = rowAt(doc, f.row - 1);
    if (row) parts.push(Object.fromEntries(Object.entries(row.cells).map(([k, c]) => [k, c.value])));
  }
  if (doc && f.cell)
    for (const group of [doc.header, doc.context, doc.signature])
      for (const [k, v] of Object.entries(group)) if (v.address === f.cell) parts.push({ [k]: v.typed.value });
  return `fp1:${hash53(stable(parts))}`;
}

/** The document's row at a sheet row (rows are in sheet order: a binary search). */
function rowAt(doc: FormDocument, sheetRow: number): FormDocument["rows"][number] | undefined {
  let lo = 0;
  let hi = doc.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = doc.rows[mid];
    if (r.sheetRow === sheetRow) return r;
    if (r.sheetRow < sheetRow) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function stable(v: unknown): string {
  if (v === undefined) return "null";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stable(o[k])}`).join(",")}}`;
}

/** cyrb53: a fast 53-bit string hash (public domain), as 14 hex digits. A fingerprint, not a secret. */
function hash53(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

/** Rule ids whose errors a reviewer may accept (the packs' `acceptable` marks). */
export function acceptableRules(packs: CompiledPack[]): Set<string> {
  const out = new Set<string>();
  for (const p of packs) for (const r of p.rules) if (r.meta.acceptable) out.add(r.meta.ruleId);
  return out;
}

/** Whether a reviewer may accept this finding: warnings always, errors of `acceptable` rules. */
export function isAcceptable(f: Pick<Finding, "severity" | "rule">, acceptable: Set<string>): boolean {
  if (f.rule.startsWith(REVIEW_RULE_PREFIX)) return false;
  return f.severity === "warning" || (f.severity === "error" && acceptable.has(f.rule));
}

export interface ReviewedForm {
  /** Findings still to act on: not accepted (a lapsed acceptance is shown on its finding). */
  findings: Finding[];
  /** Findings a reviewer accepted, each with its `review`. */
  accepted: Finding[];
}

/**
 * Apply the log to one check of a workbook. Each finding gets its fingerprint; a live acceptance
 * of the same rule, sheet and fingerprint accepts it (at its cell, or — a row moved — at another
 * cell no other finding claims); one of the same rule, sheet and cell whose fingerprint differs
 * has lapsed. Findings are copied, never changed (the Checker caches them).
 */
export function applyReview(
  forms: { sheet: string; template: string; findings: Finding[]; doc?: FormDocument }[],
  log: ReviewLog,
  acceptable: Set<string>,
): ReviewedForm[] {
  const live = log.acceptances.filter((a) => !a.withdrawn);
  const used = new Set<Acceptance>();
  const forged = new Set<Acceptance>();
  const review = (a: Acceptance, status: FindingReview["status"]): FindingReview => ({ id: a.id, status, by: a.by, at: a.at, reason: a.reason });
  const out: ReviewedForm[] = forms.map((form) => {
    const mine = live.filter((a) => a.sheet === form.sheet);
    const findings: Finding[] = [];
    const accepted: Finding[] = [];
    const pending: { f: Finding; fp: string }[] = [];
    for (const f0 of form.findings) {
      const fp = fingerprint(f0, form.doc);
      const f: Finding = { ...f0, fingerprint: fp };
      const exact = mine.find((a) => a.rule === f.rule && a.cell === f.cell && a.fingerprint === fp);
      if (exact) settle(f, exact);
      else pending.push({ f, fp });
    }
    for (const { f, fp } of pending) {
      const moved = mine.find((a) => a.rule === f.rule && a.fingerprint === fp && !used.has(a) && !forged.has(a));
      if (moved) {
        settle(f, moved);
        continue;
      }
      const stale = mine.find((a) => a.rule === f.rule && a.cell === f.cell);
      findings.push(stale && isAcceptable(f, acceptable) ? { ...f, review: review(stale, "lapsed") } : f);
    }
    return { findings, accepted };

    function settle(f: Finding, a: Acceptance): void {
      if (!isAcceptable(f, acceptable)) {
        forged.add(a);
        findings.push(f);
        return;
      }
      used.add(a);
      accepted.push({ ...f, review: review(a, "accepted") });
    }
  });
  // What is wrong with the log itself, on the form it concerns (else the first form).
  const home = (sheet?: string) => Math.max(0, forms.findIndex((x) => x.sheet === sheet));
  for (const p of log.problems) if (forms.length) out[home(p.sheet)].findings.push(damagedFinding(p, forms[home(p.sheet)]));
  for (const a of forged) out[home(a.sheet)].findings.push(forgedFinding(a, forms[home(a.sheet)]));
  return out;
}

export const REVIEW_RULE_PREFIX = "X-REVIEW-";

/** An acceptance the packs do not allow (its own rule id; never acceptable): ignored, and said so. */
function forgedFinding(a: Acceptance, form: { sheet: string; template: string }): Finding {
  const where = a.cell ?? "—";
  return {
      rule: `${REVIEW_RULE_PREFIX}FORGED`, severity: "warning", template: form.template, sheet: form.sheet, cell: null, type: "violation",
      values: { rule: a.rule, cell: a.cell, by: a.by, at: a.at, row: a.row },
      message: {
        kk: `${a.rule} ережесінің ${where} ұяшығындағы қабылдауы (${a.by}, ${a.at.slice(0, 10)}) ескерілмейді: бұл ереженің қателерін қабылдауға болмайды, ереже жинағы оны қабылдауға болатын деп белгілемеген.`,
        ru: `Принятие правила ${a.rule} в ячейке ${where} (${a.by}, ${a.at.slice(0, 10)}) не учитывается: ошибки этого правила принимать нельзя, пакет правил не отмечает его как допускающее принятие.`,
        en: `The acceptance of rule ${a.rule} at ${where} (by ${a.by}, ${a.at.slice(0, 10)}) is ignored: errors of this rule cannot be accepted; its rule pack does not mark it acceptable.`,
      },
      source: `${REVIEW_SHEET} row ${a.row}`,
  };
}

/** A log entry that cannot be read: reported on the form it names (else the first), never thrown. */
function damagedFinding(p: ReviewProblem, form: { sheet: string; template: string }): Finding {
  const row = p.row === null ? "—" : String(p.row);
  return {
    rule: `${REVIEW_RULE_PREFIX}DAMAGED`, severity: "warning", template: form.template, sheet: form.sheet, cell: null, type: "violation",
    values: { row: p.row, detail: p.detail },
    message: {
      kk: `Жұмыс кітабындағы тексеру шешімдерінің жазбасы бүлінген (${row}-жол: ${p.detail.kk}); бұл жазба ескерілмейді, ол қатысты ескертулер қайта көрсетіледі.`,
      ru: `Запись решений проверяющих в книге повреждена (строка ${row}: ${p.detail.ru}); эта запись не учитывается, замечания, к которым она относилась, показаны снова.`,
      en: `The reviewers' record kept in this workbook is damaged (row ${row}: ${p.detail.en}); that entry is ignored and the findings it concerned are shown again.`,
    },
    source: `${REVIEW_SHEET} row ${row}`,
  };
}
