/**
 * Why a workbook cannot be read, in kk, ru and en: the reader's refusals and limits. The English
 * text is the error's message (logs, tests); the CLI shows the reader's language.
 */
import type { Lang, Localized } from "../core/i18n";
import { interpolate } from "../core/i18n";

const NOT_XLSX = { kk: "бұл .xlsx кітабы емес", ru: "это не книга .xlsx", en: "not an .xlsx workbook" };

const REASONS = {
  notFound: { kk: "файл табылмады: {path}", ru: "файл не найден: {path}", en: "file not found: {path}" },
  notFile: { kk: "бұл файл емес: {path}", ru: "это не файл: {path}", en: "not a file: {path}" },
  empty: { kk: "файл бос (0 байт)", ru: "файл пуст (0 байт)", en: "the file is empty (0 bytes)" },
  tooLarge: {
    kk: "файлдың көлемі {size} МБ; шегі {limit} МБ (maxBytes)",
    ru: "размер файла {size} МБ; предел {limit} МБ (maxBytes)",
    en: "the file is {size} MB; the limit is {limit} MB (maxBytes)",
  },
  corrupt: {
    kk: "кітап зақымдалған, оны ашу мүмкін емес ({detail})",
    ru: "книга повреждена и не открывается ({detail})",
    en: "the workbook is damaged and cannot be opened ({detail})",
  },
  encrypted: {
    kk: "кітап құпиясөзбен қорғалған (шифрланған): Excel-де құпиясөзді алып тастап (Файл → Мәліметтер → Кітапты қорғау), қайта жіберіңіз",
    ru: "книга защищена паролем (зашифрована): снимите пароль в Excel (Файл → Сведения → Защита книги) и отправьте её снова",
    en: "the workbook is password-protected (encrypted): remove the password in Excel (File → Info → Protect Workbook) and send it again",
  },
  zipEncrypted: {
    kk: "кітаптың zip-архиві шифрланған: құпиясөзді алып тастап, қайта сақтаңыз",
    ru: "zip-архив книги зашифрован: снимите пароль и сохраните книгу заново",
    en: "the workbook's zip is encrypted: remove the password and save it again",
  },
  oldXls: {
    kk: `${NOT_XLSX.kk} (бұл ескі .xls файлы немесе Office 97–2003 басқа құжаты: оны .xlsx ретінде сақтаңыз)`,
    ru: `${NOT_XLSX.ru} (это старый файл .xls или другой документ Office 97–2003: сохраните его как .xlsx)`,
    en: `${NOT_XLSX.en} (it is an old .xls file or another Office 97–2003 document: save it as .xlsx)`,
  },
  renamed: {
    kk: `${NOT_XLSX.kk} (бұл — кеңейтімі .xlsx деп өзгертілген {what})`,
    ru: `${NOT_XLSX.ru} (это {what} с расширением, изменённым на .xlsx)`,
    en: `${NOT_XLSX.en} (it is {what} renamed to .xlsx)`,
  },
  textFile: {
    kk: `${NOT_XLSX.kk} (кеңейтімі .xlsx деп өзгертілген мәтін файлына ұқсайды)`,
    ru: `${NOT_XLSX.ru} (похоже на текстовый файл с расширением, изменённым на .xlsx)`,
    en: `${NOT_XLSX.en} (it looks like a text file renamed to .xlsx)`,
  },
  unknownBinary: { kk: `${NOT_XLSX.kk} (белгісіз екілік файл)`, ru: `${NOT_XLSX.ru} (неизвестный двоичный файл)`, en: `${NOT_XLSX.en} (an unknown binary file)` },
  zipNoWorkbook: {
    kk: `${NOT_XLSX.kk} (ішінде кітап бөлігі жоқ zip-файл: мүмкін .docx, .ods немесе басқа архив)`,
    ru: `${NOT_XLSX.ru} (zip-файл без части книги: возможно, .docx, .ods или другой архив)`,
    en: `${NOT_XLSX.en} (a zip file without a workbook part: perhaps a .docx, an .ods or another archive)`,
  },
  parts: { kk: "кітапта {n} бөлік бар; шегі {limit} (maxParts)", ru: "в книге {n} частей; предел {limit} (maxParts)", en: "the workbook has {n} parts; the limit is {limit} (maxParts)" },
  sheets: { kk: "кітапта {n} парақ бар; шегі {limit} (maxSheets)", ru: "в книге {n} листов; предел {limit} (maxSheets)", en: "the workbook has {n} sheets; the limit is {limit} (maxSheets)" },
  partInflated: {
    kk: "{part} бөлігі ашылғанда {size} болады; шегі {limit} (maxPartBytes)",
    ru: "часть {part} распаковывается в {size}; предел {limit} (maxPartBytes)",
    en: "the part {part} unpacks to {size}; the limit is {limit} (maxPartBytes)",
  },
  ratio: {
    kk: "{part} бөлігі {ratio}:1 қатынаспен сығылған (zip-бомба болуы мүмкін); шегі {limit}:1 (maxRatio)",
    ru: "часть {part} сжата в {ratio}:1 (zip-бомба?); предел {limit}:1 (maxRatio)",
    en: "the part {part} is compressed {ratio}:1 (a zip bomb?); the limit is {limit}:1 (maxRatio)",
  },
  inflated: {
    kk: "кітап ашылғанда {size} болады; шегі {limit} (maxInflatedBytes)",
    ru: "книга распаковывается в {size}; предел {limit} (maxInflatedBytes)",
    en: "the workbook unpacks to {size}; the limit is {limit} (maxInflatedBytes)",
  },
  inflatedMore: {
    kk: "кітап ашылғанда {limit} шегінен асады (maxInflatedBytes)",
    ru: "книга распаковывается в более чем {limit} (maxInflatedBytes)",
    en: "the workbook unpacks to more than {limit} (maxInflatedBytes)",
  },
  dtd: {
    kk: "{part} бөлігінде DTD (<!DOCTYPE>) жарияланған, ол Excel кітабында болмайды: қабылданбады (entity expansion)",
    ru: "часть {part} объявляет DTD (<!DOCTYPE>), которого не бывает в книгах Excel: отклонено (entity expansion)",
    en: "the part {part} declares a DTD (<!DOCTYPE>), which no Excel workbook has: refused (entity expansion)",
  },
  rows: {
    kk: "парақтағы ({part}) жолдар саны {limit} шегінен асады (maxRows)",
    ru: "на листе ({part}) больше {limit} строк (maxRows)",
    en: "a sheet ({part}) has more than {limit} rows (maxRows)",
  },
  cells: { kk: "кітаптағы ұяшықтар саны {limit} шегінен асады (maxCells)", ru: "в книге больше {limit} ячеек (maxCells)", en: "the workbook has more than {limit} cells (maxCells)" },
  filledCells: {
    kk: "кітаптағы толтырылған ұяшықтар саны {limit} шегінен асады (maxCells)",
    ru: "в книге больше {limit} заполненных ячеек (maxCells)",
    en: "the workbook has more than {limit} filled cells (maxCells)",
  },
  sharedStrings: {
    kk: "кітаптағы ортақ жолдар саны {limit} шегінен асады (maxCells)",
    ru: "в книге больше {limit} общих строк (maxCells)",
    en: "the workbook has more than {limit} shared strings (maxCells)",
  },
  partText: {
    kk: "{part} бөлігінде {limit} таңбадан ұзын мәтін бар, бұл Excel ұяшығының шегі (maxCellChars)",
    ru: "в части {part} есть текст длиннее {limit} символов — предела ячейки Excel (maxCellChars)",
    en: "the part {part} holds a text longer than {limit} characters, Excel's limit for a cell (maxCellChars)",
  },
  cellText: {
    kk: "{cell} ұяшығында {n} таңба бар; ұяшыққа ең көбі {limit} таңба сыяды (maxCellChars)",
    ru: "в ячейке {cell} {n} символов; ячейка вмещает не более {limit} (maxCellChars)",
    en: "the cell {cell} holds {n} characters; a cell holds at most {limit} (maxCellChars)",
  },
} satisfies Record<string, Localized>;

/** What a renamed file really is, by its first bytes. */
export const FILE_KINDS = {
  png: { kk: "PNG суреті", ru: "изображение PNG", en: "a PNG image" },
  jpeg: { kk: "JPEG суреті", ru: "изображение JPEG", en: "a JPEG image" },
  gif: { kk: "GIF суреті", ru: "изображение GIF", en: "a GIF image" },
  pdf: { kk: "PDF құжаты", ru: "документ PDF", en: "a PDF document" },
  rar: { kk: "RAR архиві", ru: "архив RAR", en: "a RAR archive" },
  sevenZip: { kk: "7-Zip архиві", ru: "архив 7-Zip", en: "a 7-Zip archive" },
  gzip: { kk: "gzip архиві", ru: "архив gzip", en: "a gzip archive" },
  rtf: { kk: "RTF құжаты", ru: "документ RTF", en: "an RTF document" },
  windows: { kk: "Windows бағдарламасы", ru: "программа Windows", en: "a Windows program" },
  linux: { kk: "Linux бағдарламасы", ru: "программа Linux", en: "a Linux program" },
} satisfies Record<string, Localized>;

export type ReasonKey = keyof typeof REASONS;
type Value = string | number | Localized;

const LANGS: Lang[] = ["kk", "ru", "en"];

/** A count as the language groups digits ("300,000" in English, "300 000" in Kazakh and Russian). */
function count(n: number, lang: Lang): string {
  return n.toLocaleString(lang === "en" ? "en" : "ru").replace(/\u00a0/g, " ");
}

/**
 * The reason in the three languages. Numbers are counts (grouped per language); pass a string for
 * a value that is not a count (sizes, ratios, paths), a Localized for words.
 */
export function readReason(key: ReasonKey, values: Record<string, Value> = {}): Localized {
  const out = {} as Localized;
  for (const lang of LANGS) {
    const v: Record<string, string> = {};
    for (const [k, x] of Object.entries(values)) v[k] = typeof x === "number" ? count(x, lang) : typeof x === "string" ? x : x[lang];
    out[lang] = interpolate(REASONS[key][lang], v);
  }
  return out;
}
