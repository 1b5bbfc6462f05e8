import type { Lang } from "../core/i18n";

/** The command line's own words, in the three languages. */
export const M = {
  usage: {
    en: `Usage:
  jospar templates list [--format text|json] [--lang kk|ru|en]
  jospar templates build --out DIR
  jospar check FILE|FOLDER... [--format text|json|ndjson] [--lang kk|ru|en] [--out-dir DIR]
               [--jobs N] [--limit NAME=VALUE]... [--debug]
               [--register FILE.xlsx] [--report FILE.html] [--catalog DIR]
  jospar print FILE... --out-dir DIR [--lang kk|ru|en]   (one PDF per form sheet, with LibreOffice)

A folder is searched recursively for .xlsx files. --jobs: files checked at once (default: the
number of cores). --limit: one of the input limits (see README, "Limits").

Exit codes: 0 no error-severity finding; 1 at least one; 2 unusable input (unreadable file),
a checked copy not written, or bad usage; 3 an internal error of Jospar (please report it).`,
    ru: `Использование:
  jospar templates list [--format text|json] [--lang kk|ru|en]
  jospar templates build --out КАТАЛОГ
  jospar check ФАЙЛ|КАТАЛОГ... [--format text|json|ndjson] [--lang kk|ru|en] [--out-dir КАТАЛОГ]
               [--jobs N] [--limit ИМЯ=ЗНАЧЕНИЕ]... [--debug]
               [--register ФАЙЛ.xlsx] [--report ФАЙЛ.html] [--catalog КАТАЛОГ]
  jospar print ФАЙЛ... --out-dir КАТАЛОГ [--lang kk|ru|en]   (PDF на каждый лист формы, через LibreOffice)

В каталоге файлы .xlsx ищутся рекурсивно. --jobs: сколько файлов проверять одновременно (по
умолчанию — число ядер). --limit: один из пределов для входных файлов (README, «Limits»).

Коды выхода: 0 — нет ошибок; 1 — есть хотя бы одна ошибка; 2 — непригодный файл, незаписанная
проверенная копия или неверный вызов; 3 — внутренняя ошибка Jospar (сообщите о ней).`,
    kk: `Қолданылуы:
  jospar templates list [--format text|json] [--lang kk|ru|en]
  jospar templates build --out КАТАЛОГ
  jospar check ФАЙЛ|КАТАЛОГ... [--format text|json|ndjson] [--lang kk|ru|en] [--out-dir КАТАЛОГ]
               [--jobs N] [--limit АТЫ=МӘНІ]... [--debug]
               [--register ФАЙЛ.xlsx] [--report ФАЙЛ.html] [--catalog КАТАЛОГ]
  jospar print ФАЙЛ... --out-dir КАТАЛОГ [--lang kk|ru|en]   (нысанның әр парағына бір PDF, LibreOffice арқылы)

Каталогтағы .xlsx файлдары ішкі каталогтарымен бірге ізделеді. --jobs: бір мезгілде тексерілетін
файлдар саны (әдепкі — ядролар саны). --limit: кіріс файлдарының шектерінің бірі (README, «Limits»).

Шығу кодтары: 0 — қате жоқ; 1 — кемінде бір қате бар; 2 — файл жарамсыз, тексерілген көшірме
жазылмады немесе команда қате берілген; 3 — Jospar-дың ішкі қатесі (ол туралы хабарлаңыз).`,
  },
  internalError: { kk: "Jospar-дың ішкі қатесі", ru: "внутренняя ошибка Jospar", en: "internal error of Jospar" },
  reportBug: {
    kk: "Бұл — файлдың емес, Jospar-дың қатесі. Файлды және --debug кілтімен шыққан мәтінді әзірлеушілерге жіберіңіз.",
    ru: "Это ошибка Jospar, а не файла. Пришлите разработчикам файл и вывод команды с ключом --debug.",
    en: "This is a defect of Jospar, not of the file. Please report it with the file and the output of the command run with --debug.",
  },
  notWritten: { kk: "тексерілген көшірме жазылмады", ru: "проверенная копия не записана", en: "checked copy not written" },
  outExists: {
    kk: (p: string) => `${p} бұрыннан бар: Jospar осы шақыруда өзі жазбаған файлдың үстіне жазбайды (бос каталогты таңдаңыз)`,
    ru: (p: string) => `${p} уже существует: Jospar не записывает поверх файла, который не создан этим вызовом (выберите пустой каталог)`,
    en: (p: string) => `${p} already exists: Jospar never writes over a file this call did not write (choose an empty folder)`,
  },
  outFailed: {
    kk: (p: string) => `${p} жазу мүмкін болмады`,
    ru: (p: string) => `не удалось записать ${p}`,
    en: (p: string) => `cannot write ${p}`,
  },
  outIsInput: {
    kk: (p: string) => `${p} — осы шақырудың кіріс файлы: оның үстіне жазылмайды`,
    ru: (p: string) => `${p} — входной файл этого вызова: поверх него не записывается`,
    en: (p: string) => `${p} is an input of this call: it is never written over`,
  },
  skipped: { kk: "өткізілді", ru: "пропущен", en: "skipped" },
  skipReason: {
    kk: { "not-xlsx": ".xlsx емес", "lock-file": "Excel-дің құлып файлы (~$)", "checked-copy": "Jospar жазған тексерілген көшірме", duplicate: "екінші рет берілген", symlink: "символдық сілтеме (ерілмейді)", "unreadable-folder": "каталог оқылмайды" },
    ru: { "not-xlsx": "не .xlsx", "lock-file": "файл блокировки Excel (~$)", "checked-copy": "проверенная копия, записанная Jospar", duplicate: "указан повторно", symlink: "символическая ссылка (не открывается)", "unreadable-folder": "каталог не читается" },
    en: { "not-xlsx": "not .xlsx", "lock-file": "Excel's lock file (~$)", "checked-copy": "a checked copy Jospar wrote", duplicate: "given twice", symlink: "a symbolic link (not followed)", "unreadable-folder": "the folder cannot be read" },
  },
  progress: {
    kk: (d: number, t: number, r: number, m: number) => `${d}/${t} файл, минутына ${r}, шамамен ${m} мин қалды`,
    ru: (d: number, t: number, r: number, m: number) => `${d}/${t} файлов, ${r} в минуту, осталось ~${m} мин`,
    en: (d: number, t: number, r: number, m: number) => `${d}/${t} files, ${r}/min, ~${m} min left`,
  },
  limitTime: {
    kk: (s: number) => `файлды тексеру ${s} секундтан асты (шек: timeSeconds)`,
    ru: (s: number) => `проверка файла заняла больше ${s} секунд (предел timeSeconds)`,
    en: (s: number) => `checking the file took longer than ${s} seconds (limit timeSeconds)`,
  },
  limitMemory: {
    kk: (mb: number) => `файлды тексеруге ${mb} МБ жадтан көп қажет (шек: memoryMb)`,
    ru: (mb: number) => `для проверки файла нужно больше ${mb} МБ памяти (предел memoryMb)`,
    en: (mb: number) => `checking the file needs more than ${mb} MB of memory (limit memoryMb)`,
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
  keptSheets: {
    kk: "жаңа нұсқаға көшірілгеннен кейін сақталған, тексерілмейтін парақтар",
    ru: "листы, сохранённые после перехода на новую версию (не проверяются)",
    en: "sheets kept after an upgrade to a newer version (not checked)",
  },
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

/** Bad usage, in the three languages: key → language → message. */
export const USAGE_ERRORS = {
  badLang: { kk: (v: string) => `--lang мәні kk, ru немесе en болуы керек ("${v}" берілді)`, ru: (v: string) => `--lang должен быть kk, ru или en (указано "${v}")`, en: (v: string) => `--lang must be kk, ru or en (got "${v}")` },
  badFormat: { kk: (v: string) => `--format мәні text, json немесе ndjson болуы керек ("${v}" берілді)`, ru: (v: string) => `--format должен быть text, json или ndjson (указано "${v}")`, en: (v: string) => `--format must be text, json or ndjson (got "${v}")` },
  badJobs: { kk: (v: string) => `--jobs оң бүтін сан болуы керек ("${v}" берілді)`, ru: (v: string) => `--jobs должен быть положительным целым числом (указано "${v}")`, en: (v: string) => `--jobs must be a positive whole number (got "${v}")` },
  badLimit: { kk: (v: string) => `--limit АТЫ=МӘНІ түрінде, белгілі шек атауымен және оң санмен беріледі ("${v}" берілді; атаулар: README, «Limits»)`, ru: (v: string) => `--limit задаётся как ИМЯ=ЗНАЧЕНИЕ с известным именем предела и положительным числом (указано "${v}"; имена: README, «Limits»)`, en: (v: string) => `--limit takes NAME=VALUE with a known limit name and a positive number (got "${v}"; names: README, "Limits")` },
  needOut: { kk: () => "templates build үшін --out КАТАЛОГ қажет", ru: () => "для templates build нужен --out КАТАЛОГ", en: () => "templates build needs --out DIR" },
  needPrint: { kk: () => "print үшін ФАЙЛ және --out-dir КАТАЛОГ қажет", ru: () => "для print нужны ФАЙЛ и --out-dir КАТАЛОГ", en: () => "print needs FILE... and --out-dir DIR" },
  needFile: { kk: () => "check үшін кемінде бір ФАЙЛ немесе КАТАЛОГ қажет", ru: () => "для check нужен хотя бы один ФАЙЛ или КАТАЛОГ", en: () => "check needs at least one FILE or FOLDER" },
  unknownCommand: { kk: (v: string) => `белгісіз команда: ${v}`, ru: (v: string) => `неизвестная команда: ${v}`, en: (v: string) => `unknown command: ${v}` },
  badOption: { kk: (v: string) => `команда қате берілген: ${v}`, ru: (v: string) => `неверный вызов: ${v}`, en: (v: string) => `bad usage: ${v}` },
  unexpected: { kk: (v: string) => `артық аргументтер: ${v}`, ru: (v: string) => `лишние аргументы: ${v}`, en: (v: string) => `unexpected arguments: ${v}` },
  badFormatTextJson: { kk: (v: string) => `--format мәні text немесе json болуы керек ("${v}" берілді)`, ru: (v: string) => `--format должен быть text или json (указано "${v}")`, en: (v: string) => `--format must be text or json (got "${v}")` },
  needCatalogCommand: { kk: () => "catalog үшін команда қажет: pack, verify, info, sign немесе keygen", ru: () => "для catalog нужна команда: pack, verify, info, sign или keygen", en: () => "catalog needs a command: pack, verify, info, sign or keygen" },
  needPackOut: { kk: () => "catalog pack үшін --out КАТАЛОГ қажет", ru: () => "для catalog pack нужен --out КАТАЛОГ", en: () => "catalog pack needs --out DIR" },
  needVerifyDir: { kk: () => "catalog verify үшін КАТАЛОГ қажет", ru: () => "для catalog verify нужен КАТАЛОГ", en: () => "catalog verify needs DIR" },
  needSignArgs: { kk: () => "catalog sign үшін КАТАЛОГ және --key ЖАБЫҚ.pem қажет", ru: () => "для catalog sign нужны КАТАЛОГ и --key ЗАКРЫТЫЙ.pem", en: () => "catalog sign needs DIR and --key PRIVATE.pem" },
  needKeygenOut: { kk: () => "catalog keygen үшін --out КАТАЛОГ қажет", ru: () => "для catalog keygen нужен --out КАТАЛОГ", en: () => "catalog keygen needs --out DIR" },
  badKey: { kk: (v: string) => `Ed25519 кілті емес: ${v}`, ru: (v: string) => `не ключ Ed25519: ${v}`, en: (v: string) => `not an Ed25519 key: ${v}` },
  notEmpty: {
    kk: (d: string) => `${d} бос емес: релиз бос каталогқа жазылады (бар файлдар қайта жазылмайды)`,
    ru: (d: string) => `${d} не пуст: выпуск пишется в пустой каталог (существующие файлы не перезаписываются)`,
    en: (d: string) => `${d} is not empty: a release is written to an empty directory (existing files are never overwritten)`,
  },
  keyExists: { kk: (v: string) => `${v} бар: қайта жазылмайды`, ru: (v: string) => `${v} уже существует: не перезаписывается`, en: (v: string) => `${v} exists: not overwritten` },
  badDate: { kk: (v: string) => `--date мәні ЖЖЖЖ-АА-КК түрінде болуы керек ("${v}" берілді)`, ru: (v: string) => `--date должен быть в виде ГГГГ-ММ-ДД (указано "${v}")`, en: (v: string) => `--date must be YYYY-MM-DD (got "${v}")` },
  needMigrateFile: { kk: () => "migrate үшін кемінде бір ФАЙЛ қажет", ru: () => "для migrate нужен хотя бы один ФАЙЛ", en: () => "migrate needs at least one FILE" },
  badTo: { kk: (v: string) => `--to үшін 1.1.0 сияқты нұсқа немесе latest қажет ("${v}" берілді)`, ru: (v: string) => `для --to нужна версия вида 1.1.0 или latest (указано "${v}")`, en: (v: string) => `--to needs a version such as 1.1.0, or latest (got "${v}")` },
  needMigrateOutDir: { kk: () => "migrate үшін --out-dir КАТАЛОГ қажет", ru: () => "для migrate нужен --out-dir КАТАЛОГ", en: () => "migrate needs --out-dir DIR" },
} as const;
