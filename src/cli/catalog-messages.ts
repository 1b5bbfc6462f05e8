import type { Lang } from "../core/i18n";

/** The words of `jospar catalog` and `jospar migrate`, in the three languages. */
export const CM = {
  usage: {
    en: `Usage:
  jospar catalog pack --out DIR [--from ROOT] [--catalog-version X.Y.Z] [--date YYYY-MM-DD]
  jospar catalog verify DIR [--key PUBLIC.pem]
  jospar catalog info [DIR] [--key PUBLIC.pem] [--format text|json] [--lang kk|ru|en]
  jospar catalog sign DIR --key PRIVATE.pem
  jospar catalog keygen --out DIR
  jospar migrate FILE... --to VERSION --out-dir DIR [--catalog DIR]

Exit codes: 0 done; 2 a release that fails verification, bad data or usage.`,
    ru: `Использование:
  jospar catalog pack --out КАТАЛОГ [--from КОРЕНЬ] [--catalog-version X.Y.Z] [--date ГГГГ-ММ-ДД]
  jospar catalog verify КАТАЛОГ [--key ОТКРЫТЫЙ.pem]
  jospar catalog info [КАТАЛОГ] [--key ОТКРЫТЫЙ.pem] [--format text|json] [--lang kk|ru|en]
  jospar catalog sign КАТАЛОГ --key ЗАКРЫТЫЙ.pem
  jospar catalog keygen --out КАТАЛОГ
  jospar migrate ФАЙЛ... --to ВЕРСИЯ --out-dir КАТАЛОГ [--catalog КАТАЛОГ]

Коды выхода: 0 — выполнено; 2 — выпуск не прошёл проверку, ошибка в данных или в вызове.`,
    kk: `Қолданылуы:
  jospar catalog pack --out КАТАЛОГ [--from ТҮБІР] [--catalog-version X.Y.Z] [--date ЖЖЖЖ-АА-КК]
  jospar catalog verify КАТАЛОГ [--key АШЫҚ.pem]
  jospar catalog info [КАТАЛОГ] [--key АШЫҚ.pem] [--format text|json] [--lang kk|ru|en]
  jospar catalog sign КАТАЛОГ --key ЖАБЫҚ.pem
  jospar catalog keygen --out КАТАЛОГ
  jospar migrate ФАЙЛ... --to НҰСҚА --out-dir КАТАЛОГ [--catalog КАТАЛОГ]

Шығу кодтары: 0 — орындалды; 2 — релиз тексеруден өтпеді, деректерде не командада қате.`,
  },
  packed: {
    kk: (v: string, n: number, dir: string) => `${v} каталог релизі жазылды: ${n} файл, ${dir}`,
    ru: (v: string, n: number, dir: string) => `Выпуск каталога ${v} записан: файлов ${n}, ${dir}`,
    en: (v: string, n: number, dir: string) => `Catalog release ${v} written: ${n} file(s), ${dir}`,
  },
  verified: {
    kk: (v: string, n: number, signed: boolean) => `Релиз ${v} тексерілді: ${n} файлдың бәрі сәйкес${signed ? ", қолтаңба дұрыс" : ""}`,
    ru: (v: string, n: number, signed: boolean) => `Выпуск ${v} проверен: все ${n} файлов совпадают${signed ? ", подпись верна" : ""}`,
    en: (v: string, n: number, signed: boolean) => `Release ${v} verified: all ${n} file(s) match${signed ? ", signature valid" : ""}`,
  },
  failed: {
    kk: "Релиз тексеруден өтпеді, оны қолдануға болмайды:",
    ru: "Выпуск не прошёл проверку и не может использоваться:",
    en: "The release failed verification and must not be used:",
  },
  signed: { kk: (f: string) => `Қолтаңба жазылды: ${f}`, ru: (f: string) => `Подпись записана: ${f}`, en: (f: string) => `Signature written: ${f}` },
  keys: {
    kk: (a: string, b: string) => `Жабық кілт: ${a} (құпия сақтаңыз); ашық кілт: ${b} (агенттіктерге беріледі)`,
    ru: (a: string, b: string) => `Закрытый ключ: ${a} (храните в тайне); открытый ключ: ${b} (передаётся ведомствам)`,
    en: (a: string, b: string) => `Private key: ${a} (keep it secret); public key: ${b} (give it to the agencies)`,
  },
  heads: {
    kk: { catalog: "Каталог", released: "шыққан күні", publisher: "шығарушы", templates: "Үлгілер", packs: "Ереже жинақтары", patches: "Ереже түзетулері", calendar: "Күнтізбе", data: "Анықтамалық деректер", rules: "ереже", older: "ескі нұсқа", pending: "күшіне енбеген", applied: "қолданылады", none: "жоқ", digest: "дайджест" },
    ru: { catalog: "Каталог", released: "дата выпуска", publisher: "издатель", templates: "Шаблоны", packs: "Пакеты правил", patches: "Поправки к правилам", calendar: "Календарь", data: "Справочные данные", rules: "правил", older: "прежняя версия", pending: "ещё не действует", applied: "действует", none: "нет", digest: "дайджест" },
    en: { catalog: "Catalog", released: "released", publisher: "publisher", templates: "Templates", packs: "Rule packs", patches: "Rule patches", calendar: "Calendar", data: "Reference data", rules: "rules", older: "older version", pending: "pending", applied: "applied", none: "none", digest: "digest" },
  },
  ops: {
    kk: { deactivate: "өшірілді", reactivate: "қайта қосылды", severity: "деңгейі", param: "параметр" },
    ru: { deactivate: "отключено", reactivate: "снова включено", severity: "уровень", param: "параметр" },
    en: { deactivate: "deactivated", reactivate: "reactivated", severity: "severity", param: "parameter" },
  },
} as const;

export function cm<K extends keyof typeof CM>(key: K, lang: Lang): (typeof CM)[K]["en"] {
  return (CM[key] as Record<Lang, (typeof CM)[K]["en"]>)[lang];
}
