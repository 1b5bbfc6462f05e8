/** The three languages of the forms and the UI. Kazakh is the forms' own language. */
export type Lang = "kk" | "ru" | "en";
export const LANGS: readonly Lang[] = ["kk", "ru", "en"];

/** A text in every UI language. Official headings keep their Kazakh wording word for word in `kk`. */
export type Localized = Record<Lang, string>;

export function isLang(x: unknown): x is Lang {
  return x === "kk" || x === "ru" || x === "en";
}

/** Pick a language, falling back to Kazakh (always present) when a translation is blank. */
export function pick(text: Localized | string | undefined, lang: Lang): string {
  if (text === undefined) return "";
  if (typeof text === "string") return text;
  return text[lang] || text.kk || text.en || "";
}

/** Fill `{name}` placeholders from a value map; unknown names stay visible so a data mistake shows. */
export function interpolate(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([A-Za-z0-9_.]+)\}/g, (whole, key: string) => {
    if (!(key in values)) return whole;
    const v = values[key];
    if (v === null || v === undefined || v === "") return "—";
    return String(v);
  });
}
