import type { Lang, Localized } from "./i18n";
import { pick } from "./i18n";
import type { Finding } from "./findings";
import type { Computation } from "./trace";
import { formatDateDots } from "./dates";
import { Act, ActRef, acts, actBySeed } from "./acts";

/**
 * Text for people about findings and computed values, one home for the pane, the CLI and the
 * checked copies: the legal act a finding cites (name, number, date, paragraph, in the reader's
 * language, from rules/acts.json) and computed values by their labels. Seed file names and
 * internal ids never reach this text; they stay in the data and behind "Details".
 */

const NO: Record<Lang, string> = { kk: "№", ru: "№", en: "No." };

/** "Order of the Minister of National Economy No. 45 of 14.06.2022" in each language's word order. */
export function actRefText(r: ActRef, lang: Lang): string {
  const date = formatDateDots(r.date);
  const kind = pick(r.kind, lang);
  if (lang === "kk") return `${date} № ${r.number} ${kind}`;
  if (lang === "ru") return `${kind} от ${date} № ${r.number}`;
  return `${kind} ${NO.en} ${r.number} of ${date}`;
}

/** The act's full citation: title (kind, number, date[, as amended]). */
export function actText(act: Act, lang: Lang): string {
  const amended = act.amendedBy
    ? { kk: `, ${actRefText(act.amendedBy, lang)} редакциясында`, ru: `, в редакции: ${actRefText(act.amendedBy, lang)}`, en: `, as amended by ${actRefText(act.amendedBy, lang)}` }[lang]
    : "";
  return `${pick(act.title, lang)} (${actRefText(act, lang)}${amended})`;
}

/** "repealed 24.05.2025 by Order … No. 28 of 14.05.2025" */
export function repealText(act: Act, lang: Lang): string | null {
  if (act.status !== "repealed") return null;
  const when = act.validTo ? formatDateDots(act.validTo) : "";
  const by = act.repealedBy ? actRefText(act.repealedBy, lang) : "";
  if (lang === "kk") return `күші жойылған ${when}${by ? ` (${by})` : ""}`.trim();
  if (lang === "ru") return `утратил силу ${when}${by ? ` (${by})` : ""}`.trim();
  return `repealed ${when}${by ? ` by ${by}` : ""}`.trim();
}

// Paragraph references as the packs write them ("p.7 ¶2–3", "A1 Expl.8; A2 Expl.4(4)", "Annexes 1–2", "Annex 6 col 4").
const NUM = "(\\d+(?:[–-]\\d+)?)";
type Rewrite = [RegExp, Record<Lang, string>];
const REWRITES: Rewrite[] = [
  [new RegExp(`\\bA${NUM} Expl\\.${NUM}`, "g"), { kk: "$1-қосымшаның $2-түсіндірмесі", ru: "прил. $1, пояснение $2", en: "Annex $1, note $2" }],
  [new RegExp(`\\bExpl\\.${NUM}`, "g"), { kk: "$1-түсіндірме", ru: "пояснение $1", en: "note $1" }],
  [new RegExp(`\\bAnnexes ${NUM}`, "g"), { kk: "$1-қосымшалар", ru: "приложения $1", en: "Annexes $1" }],
  [new RegExp(`\\bAnnex ${NUM}`, "g"), { kk: "$1-қосымша", ru: "приложение $1", en: "Annex $1" }],
  [new RegExp(`\\bp\\.${NUM}\\((\\d+)\\)`, "g"), { kk: "$1-тармақтың $2) тармақшасы", ru: "пп. $2 п. $1", en: "para $1($2)" }],
  [new RegExp(`\\bp\\.${NUM}`, "g"), { kk: "$1-тармақ", ru: "п. $1", en: "para $1" }],
  [new RegExp(`¶${NUM}`, "g"), { kk: "$1-абзац", ru: "абз. $1", en: "subpara $1" }],
  [new RegExp(`\\bcols ${NUM}`, "g"), { kk: "$1-бағандар", ru: "графы $1", en: "columns $1" }],
  [new RegExp(`\\bcol ${NUM}`, "g"), { kk: "$1-баған", ru: "графа $1", en: "column $1" }],
  [new RegExp(`\\bsection ${NUM}`, "g"), { kk: "$1-бөлім", ru: "раздел $1", en: "section $1" }],
  [new RegExp(`\\bitem ${NUM}`, "g"), { kk: "$1-тармақ", ru: "пункт $1", en: "item $1" }],
  [/\bsignature lines\b/g, { kk: "қол қою жолдары", ru: "строки подписей", en: "signature lines" }],
  [/\bfooter\b/g, { kk: "ескертпе", ru: "примечание", en: "footnote" }],
  [/\bdecree\b/g, { kk: "қаулы", ru: "постановление", en: "decree" }],
  [/\bRules\b/g, { kk: "Қағидалар", ru: "Правила", en: "Rules" }],
  [/\binterim wording until\b/g, { kk: "уақытша редакция, мерзімі:", ru: "временная редакция до", en: "interim wording until" }],
  [/\binterim wording\b/g, { kk: "уақытша редакция", ru: "временная редакция", en: "interim wording" }],
  [/^header$/g, { kk: "нысанның тақырыбы", ru: "заголовок формы", en: "the form's heading" }],
];

/** A paragraph reference in the reader's language ("p.7 ¶2–3" → "п. 7 абз. 2–3"). */
export function paragraphText(p: string, lang: Lang): string {
  let s = p;
  for (const [re, to] of REWRITES) s = s.replace(re, to[lang]);
  return s;
}

export interface Citation {
  /** The act and paragraph, in the reader's language (what the pane shows by default). */
  text: string;
  /** The act, when the rule has one (null for a general check of the template). */
  act: Act | null;
  /** The original Kazakh quotation of the act (behind "Details"). */
  quote: string | null;
  /** The rule is derived from the act rather than stated in it word for word. */
  derived: boolean;
}

const DERIVED: Localized = { kk: "актіден туындайды", ru: "следует из акта", en: "derived from the act" };

/** How a finding cites its legal basis. */
export function citation(f: Pick<Finding, "citation">, lang: Lang): Citation {
  const c = f.citation;
  const act = actBySeed(c?.seed);
  if (!c || !act) return { text: pick(acts().general, lang), act: null, quote: c?.quote ?? null, derived: false };
  const derived = !!c.derived;
  return {
    text: `${actText(act, lang)}, ${paragraphText(c.paragraph, lang)}${derived ? ` (${pick(DERIVED, lang)})` : ""}`,
    act,
    quote: c.quote ?? null,
    derived,
  };
}

/** A number as the reports print it: 10 significant digits (54.05, not 54.050000000000004). */
export function numberText(v: number): string {
  return String(Number(v.toPrecision(10)));
}

/** A computed value's label: the template's declaration, else its trace's, else (a data gap) the id. */
export function computedLabel(id: string, c: Computation, lang: Lang, template?: { computed?: { id: string; label: Localized }[] }): string {
  const def = template?.computed?.find((d) => d.id === id);
  return def ? pick(def.label, lang) : c.trace.label ? pick(c.trace.label, lang) : id;
}

/** A computed value by its label in the reader's language: "Number of activities: 5". */
export function computedText(id: string, c: Computation, lang: Lang, template?: { computed?: { id: string; label: Localized }[] }): string {
  const label = computedLabel(id, c, lang, template);
  return `${label.replace(/[:：]\s*$/, "")}: ${c.value === null ? "—" : numberText(c.value)}`;
}
