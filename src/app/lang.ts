import type { Lang } from "../core/i18n";

/** Office's display language ("kk-KZ", "ru-RU", "en-US", "ru", …) → the pane's language; Kazakh by default. */
export function langFromOffice(displayLanguage: string | undefined | null): Lang {
  const tag = (displayLanguage ?? "").toLowerCase();
  if (tag.startsWith("kk")) return "kk";
  if (tag.startsWith("ru")) return "ru";
  if (tag.startsWith("en")) return "en";
  return "kk";
}
