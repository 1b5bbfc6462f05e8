import type { Lang } from "../core/i18n";
import { interpolate } from "../core/i18n";
import { PANE } from "./strings-pane";

/** Every text of the pane and the ribbon command, in the three languages (the findings list's in strings-pane.ts). */
const BASE = {
  appTitle: { kk: "Jospar", ru: "Jospar", en: "Jospar" },
  tabForms: { kk: "Нысандар", ru: "Формы", en: "Forms" },
  tabCheck: { kk: "Тексеру", ru: "Проверка", en: "Check" },
  language: { kk: "Тіл", ru: "Язык", en: "Language" },
  galleryIntro: {
    kk: "Ресми нысанды таңдап, кітапқа жаңа парақ ретінде қосыңыз.",
    ru: "Выберите официальную форму и вставьте её в книгу новым листом.",
    en: "Pick an official form and insert it into the workbook as a new sheet.",
  },
  insert: { kk: "Қосу", ru: "Вставить", en: "Insert" },
  insertLabel: { kk: "Нысанды қосу: {title}", ru: "Вставить форму: {title}", en: "Insert the form: {title}" },
  familySheets: { kk: "Бірге қосылатын парақтар", ru: "Вставляются вместе листы", en: "Sheets inserted together" },
  legalBasis: { kk: "Құқықтық негізі", ru: "Правовое основание", en: "Legal basis" },
  legacy: { kk: "Күші жойылған нысан", ru: "Утратившая силу форма", en: "Legacy form" },
  suspended: { kk: "Тоқтатылған", ru: "Приостановлена", en: "Suspended" },
  validity: { kk: "Қолданылу мерзімі", ru: "Срок действия", en: "In force" },
  checkWorkbook: { kk: "Кітапты тексеру", ru: "Проверить книгу", en: "Check workbook" },
  checking: { kk: "Тексерілуде…", ru: "Идёт проверка…", en: "Checking…" },
  inserting: { kk: "Нысан қосылуда…", ru: "Форма вставляется…", en: "Inserting the form…" },
  waitingCellEdit: {
    kk: "Ұяшықты өңдеуді аяқтаңыз (Enter): тексеру содан кейін жалғасады.",
    ru: "Завершите редактирование ячейки (Enter): проверка продолжится после этого.",
    en: "Finish editing the cell (press Enter): the check continues then.",
  },
  notChecked: {
    kk: "Кітап әлі тексерілген жоқ. Нысанды толтырған кезде тексеру өздігінен жүреді.",
    ru: "Книга ещё не проверена. При заполнении формы проверка идёт сама.",
    en: "The workbook has not been checked yet. Checks run by themselves as you fill a form.",
  },
  noForms: {
    kk: "Бұл кітапта танылған нысан жоқ. «Нысандар» қойындысынан нысанды қосыңыз.",
    ru: "В книге нет распознанных форм. Вставьте форму на вкладке «Формы».",
    en: "No form was recognised in this workbook. Insert one from the Forms tab.",
  },
  noFindings: { kk: "Ескертулер жоқ.", ru: "Замечаний нет.", en: "No findings." },
  error: { kk: "Қателер", ru: "Ошибки", en: "Errors" },
  warning: { kk: "Ескертулер", ru: "Предупреждения", en: "Warnings" },
  info: { kk: "Ақпарат", ru: "Сведения", en: "Information" },
  // One finding's kind (the groups above are plural).
  errorOne: { kk: "Қате", ru: "Ошибка", en: "Error" },
  warningOne: { kk: "Ескерту", ru: "Предупреждение", en: "Warning" },
  infoOne: { kk: "Ақпарат", ru: "Сведение", en: "Note" },
  summary: {
    kk: "Қателер: {errors} · ескертулер: {warnings} · ақпарат: {infos}",
    ru: "Ошибок: {errors} · предупреждений: {warnings} · сведений: {infos}",
    en: "Errors: {errors} · warnings: {warnings} · notes: {infos}",
  },
  next: { kk: "Келесі", ru: "Следующее", en: "Next" },
  previous: { kk: "Алдыңғы", ru: "Предыдущее", en: "Previous" },
  nextLabel: { kk: "Келесі ескертуге өту", ru: "Перейти к следующему замечанию", en: "Go to the next finding" },
  previousLabel: { kk: "Алдыңғы ескертуге өту", ru: "Перейти к предыдущему замечанию", en: "Go to the previous finding" },
  goTo: { kk: "{cell} ұяшығына өту", ru: "Перейти к ячейке {cell}", en: "Go to cell {cell}" },
  position: { kk: "{i} / {n}", ru: "{i} из {n}", en: "{i} of {n}" },
  rule: { kk: "Ереже", ru: "Правило", en: "Rule" },
  source: { kk: "Негіз", ru: "Основание", en: "Source" },
  restore: { kk: "Формуланы қалпына келтіру", ru: "Восстановить формулу", en: "Restore the formula" },
  // Office.js writes cannot be undone with Ctrl+Z, so the typed value is named before it is replaced.
  restoreConfirm: {
    kk: "{cell} ұяшығына терілген мән үлгінің формуласымен ауыстырылады. Мұны Excel-де болдырмау мүмкін емес.",
    ru: "Введённое в {cell} значение будет заменено формулой шаблона. В Excel это нельзя отменить.",
    en: "The value typed in {cell} will be replaced by the template's formula. Excel cannot undo this.",
  },
  restoreYes: { kk: "Ауыстыру", ru: "Заменить", en: "Replace" },
  legacyFinding: {
    kk: "Күші жойылған акт бойынша: ескерту ретінде көрсетілді",
    ru: "По утратившему силу акту: показано как предупреждение",
    en: "Under a repealed act: shown as a warning",
  },
  theMath: { kk: "Есептеу жолы", ru: "Как посчитано", en: "Show the math" },
  mathIntro: {
    kk: "Таңдалған ұяшық есептеледі: {label}",
    ru: "Выбранная ячейка вычисляется: {label}",
    en: "The selected cell is computed: {label}",
  },
  excluded: { kk: "есептен тыс", ru: "исключено", en: "left out" },
  protected: {
    kk: "«{sheet}» парағы құпиясөзбен қорғалған: белгілер мен есептелетін ұяшықтар жазылмады.",
    ru: "Лист «{sheet}» защищён паролем: отметки и вычисляемые ячейки не записаны.",
    en: "Sheet “{sheet}” is protected with a password: flags and computed cells were not written.",
  },
  missing: {
    kk: "«{sheet}» парағы тексеру кезінде жойылды.",
    ru: "Лист «{sheet}» удалён во время проверки.",
    en: "Sheet “{sheet}” was deleted during the check.",
  },
  noFlags: {
    kk: "«{sheet}» парағы үлгіден жасалмаған: ескертулер тек осы тізімде көрсетіледі.",
    ru: "Лист «{sheet}» создан не из шаблона: замечания показаны только в этом списке.",
    en: "Sheet “{sheet}” was not made from a template: findings are shown in this list only.",
  },
  inserted: { kk: "«{sheet}» парағы қосылды.", ru: "Лист «{sheet}» вставлен.", en: "Sheet “{sheet}” was inserted." },
  failed: { kk: "Орындалмады: {text}", ru: "Не выполнено: {text}", en: "Failed: {text}" },
  sheet: { kk: "Парақ", ru: "Лист", en: "Sheet" },
  cell: { kk: "Ұяшық", ru: "Ячейка", en: "Cell" },
  formLevel: { kk: "бүкіл нысан", ru: "вся форма", en: "whole form" },
  unrecognised: {
    kk: "Нысан ретінде танылмаған парақтар: {sheets}",
    ru: "Листы, не распознанные как формы: {sheets}",
    en: "Sheets not recognised as forms: {sheets}",
  },
  commandDone: {
    kk: "Jospar: қателер {errors}, ескертулер {warnings} (тексерілген нысандар: {forms})",
    ru: "Jospar: ошибок {errors}, предупреждений {warnings} (форм: {forms})",
    en: "Jospar: errors {errors}, warnings {warnings} (forms checked: {forms})",
  },
  commandNoForms: {
    kk: "Jospar: бұл кітапта нысан табылмады",
    ru: "Jospar: в книге не найдено форм",
    en: "Jospar: no form found in this workbook",
  },
} as const;

const S = { ...BASE, ...PANE };

export type StringKey = keyof typeof S;

/** A text of the pane in a language, with `{name}` placeholders filled. */
export function t(key: StringKey, lang: Lang, values: Record<string, string | number> = {}): string {
  return interpolate(S[key][lang] ?? S[key].kk, values);
}

export const LANG_NAMES: Record<Lang, string> = { kk: "Қазақша", ru: "Русский", en: "English" };
