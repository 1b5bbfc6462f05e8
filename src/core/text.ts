/**
 * Kazakh (and Russian) text as people type, paste and scan it, brought to one form before any
 * comparison: spec rule R213 X-TEXT-NORMALISE. Used by the parser, the operators, the aggregates
 * and the computed counts alike, so "Орындалды", "орындалды " and a Latin-"о" look-alike match.
 */

// Latin letters that look like Cyrillic ones in Kazakh text pasted from PDF or Word.
const LOOKALIKES: Record<string, string> = {
  A: "А", B: "В", C: "С", E: "Е", H: "Н", I: "І", K: "К", M: "М", O: "О", P: "Р", T: "Т", X: "Х", Y: "У",
  a: "а", c: "с", e: "е", i: "і", k: "к", o: "о", p: "р", x: "х", y: "у",
  "\u0259": "ә", "\u018F": "Ә", // Latin schwa, common in place of Cyrillic ә
};
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const LATIN_RE = /\p{Script=Latin}/u;

function mapLookalikes(word: string, textHasCyrillic: boolean): string {
  const hasCyrillic = CYRILLIC_RE.test(word);
  const allLookalike = [...word].every((ch) => ch in LOOKALIKES);
  // A mixed word is certainly Cyrillic; a word made only of look-alikes is, when the text around it is.
  if (!(hasCyrillic && LATIN_RE.test(word)) && !(allLookalike && textHasCyrillic)) return word;
  return [...word].map((ch) => LOOKALIKES[ch] ?? ch).join("");
}

/**
 * Spec rule R213 X-TEXT-NORMALISE: NFC, drop zero-width characters, collapse all whitespace
 * (incl. NBSP) to one space, trim, unify dashes, map Latin look-alikes to Cyrillic inside
 * Cyrillic words, lower-case. Use it before any enumeration or keyword comparison.
 */
export function normaliseKkText(s: string): string {
  const spaced = String(s)
    .normalize("NFC")
    .replace(/[\u200B-\u200D\u2060\u00AD]/g, "")
    .replace(/[\s\u00A0\u2007\u202F\uFEFF]+/g, " ")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .trim();
  const textHasCyrillic = CYRILLIC_RE.test(spaced);
  return spaced.replace(/[\p{L}\p{M}]+/gu, (w) => mapLookalikes(w, textHasCyrillic)).toLowerCase().normalize("NFC");
}

/** True when cleaning changed more than surrounding spaces and letter case, so the UI can ask the user to fix the source. */
export function normalisationChanged(s: string): boolean {
  return normaliseKkText(s) !== String(s).trim().toLowerCase();
}
