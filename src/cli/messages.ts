import type { Lang } from "../core/i18n";

/** The command line's own words, in the three languages. */
export const M = {
  usage: {
    en: `Usage:
  jospar templates list [--format text|json] [--lang kk|ru|en]
  jospar templates build --out DIR
  jospar check FILE... [--format text|json] [--lang kk|ru|en] [--out-dir DIR]
  jospar print FILE... --out-dir DIR [--lang kk|ru|en]   (one PDF per form sheet, with LibreOffice)

Exit codes: 0 no error-severity finding; 1 at least one; 2 unusable input or usage.`,
    ru: `Использование:
  jospar templates list [--format text|json] [--lang kk|ru|en]
  jospar templates build --out КАТАЛОГ
  jospar check ФАЙЛ... [--format text|json] [--lang kk|ru|en] [--out-dir КАТАЛОГ]
  jospar print ФАЙЛ... --out-dir КАТАЛОГ [--lang kk|ru|en]   (PDF на каждый лист формы, через LibreOffice)

Коды выхода: 0 — нет ошибок; 1 — есть хотя бы одна ошибка; 2 — непригодный ввод или неверный вызов.`,
    kk: `Қолданылуы:
  jospar templates list [--format text|json] [--lang kk|ru|en]
  jospar templates build --out КАТАЛОГ
  jospar check ФАЙЛ... [--format text|json] [--lang kk|ru|en] [--out-dir КАТАЛОГ]
  jospar print ФАЙЛ... --out-dir КАТАЛОГ [--lang kk|ru|en]   (нысанның әр парағына бір PDF, LibreOffice арқылы)

Шығу кодтары: 0 — қате жоқ; 1 — кемінде бір қате бар; 2 — файл жарамсыз немесе команда қате берілген.`,
  },
  unreadable: { kk: "оқылмайды", ru: "не читается", en: "unreadable" },
  noForm: {
    kk: "танылған нысан жоқ: парақтарда бірде-бір үлгінің бағандары табылмады",
    ru: "нет распознанной формы: ни на одном листе не найдены графы шаблона",
    en: "no recognised form: no sheet carries the columns of any template",
  },
  noFindings: { kk: "ескертулер жоқ", ru: "замечаний нет", en: "no findings" },
  summary: {
    kk: (f: number, e: number, w: number, i: number) => `${f} файл: ${e} қате, ${w} ескерту, ${i} ақпарат`,
    ru: (f: number, e: number, w: number, i: number) => `файлов: ${f}; ошибок: ${e}, предупреждений: ${w}, информации: ${i}`,
    en: (f: number, e: number, w: number, i: number) => `${f} file(s): ${e} error(s), ${w} warning(s), ${i} info`,
  },
  acceptedWord: { kk: "қабылд.", ru: "принято", en: "accepted" },
  acceptedBy: {
    kk: (by: string, at: string, reason: string) => `қабылдаған: ${by}, ${at}: ${reason}`,
    ru: (by: string, at: string, reason: string) => `принял(а) ${by}, ${at}: ${reason}`,
    en: (by: string, at: string, reason: string) => `accepted by ${by} on ${at}: ${reason}`,
  },
  lapsed: {
    kk: (by: string, at: string, reason: string) => `қабылдау күшін жойды: мәндер өзгерді (${by}, ${at}: ${reason})`,
    ru: (by: string, at: string, reason: string) => `принятие утратило силу: значения изменились (${by}, ${at}: ${reason})`,
    en: (by: string, at: string, reason: string) => `acceptance lapsed: the values changed (${by}, ${at}: ${reason})`,
  },
  acceptedCount: {
    kk: (n: number) => `, ${n} қабылданған`,
    ru: (n: number) => `, принято: ${n}`,
    en: (n: number) => `, ${n} accepted`,
  },
  wrote: { kk: "жазылды", ru: "записан", en: "wrote" },
  legacy: { kk: "ескірген нысан", ru: "устаревшая форма", en: "legacy form" },
  unrecognisedSheets: { kk: "танылмаған парақтар", ru: "нераспознанные листы", en: "sheets not recognised" },
  severity: {
    kk: { error: "қате", warning: "ескерту", info: "ақпарат" },
    ru: { error: "ошибка", warning: "предупр.", info: "инфо" },
    en: { error: "error", warning: "warning", info: "info" },
  },
  badData: {
    kk: "Jospar деректер файлдарында қате бар:",
    ru: "Ошибки в файлах данных Jospar:",
    en: "Jospar's data files have errors:",
  },
} as const;

export function say<K extends keyof typeof M>(key: K, lang: Lang): (typeof M)[K]["en"] {
  return (M[key] as Record<Lang, (typeof M)[K]["en"]>)[lang];
}
