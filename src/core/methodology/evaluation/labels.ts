/**
 * Trace labels and exclusion reasons of the 002 methodology in kk / ru / en.
 * Kazakh labels follow the seed's own wording where the seed names the quantity.
 */
import type { Localized } from "../../i18n";

const L = (kk: string, ru: string, en: string): Localized => ({ kk, ru, en });

export const LABELS = {
  A: L(
    "Қадағаланатын саладағы/аядағы/өңірдегі стратегиялық мақсаттар мен міндеттерге қол жеткізу және іске асыру тиімділігін бағалау",
    "Оценка эффективности достижения и реализации стратегических целей и задач в курируемых отрасли/сфере/регионе",
    "Effectiveness score: achievement and implementation of strategic goals and tasks in the supervised sector/sphere/region",
  ),
  B: L(
    "Стратегиялық жоспардың/Аумақтарды дамыту бағдарламасының сапасы мен толықтығы коэффициенті",
    "Коэффициент качества и полноты стратегического плана/Программы развития территорий",
    "Quality and completeness coefficient of the strategic plan / territorial development programme",
  ),
  b: L(
    "Қызмет саласының/бағытының сапасы мен толықтығы коэффициенті",
    "Коэффициент качества и полноты сферы/направления деятельности",
    "Quality and completeness coefficient of a sphere/direction of activity",
  ),
  C: L("Тәуекелдерді басқару", "Управление рисками", "Risk management"),
  R: L("Тәуекелді талдау коэффициенті", "Коэффициент анализа риска", "Risk analysis coefficient"),
  D: L(
    "Стратегиялық жоспардың/Аумақтарды дамыту бағдарламасының мақсаттары мен міндеттеріне қол жеткізу коэффициенті",
    "Коэффициент достижения целей и задач стратегического плана/Программы развития территорий",
    "Achievement coefficient of the goals and tasks of the strategic plan / territorial development programme",
  ),
  X: L(
    "Тиісті міндеттерге сәйкес мақсатқа қол жеткізу коэффициенті",
    "Коэффициент достижения цели с учётом соответствующих задач",
    "Goal achievement coefficient (with its tasks)",
  ),
  K: L(
    "Мақсатқа қол жеткізу коэффициенті (нысаналы индикаторлар)",
    "Коэффициент достижения цели (целевые индикаторы)",
    "Goal achievement coefficient (target indicators)",
  ),
  h: L(
    "Нысаналы индикаторға қол жеткізу коэффициенті",
    "Коэффициент достижения целевого индикатора",
    "Achievement coefficient of a target indicator",
  ),
  Y: L(
    "Мақсатты іске асыруға жоспарланған міндеттерді іске асыру коэффициенті",
    "Коэффициент реализации задач, запланированных для достижения цели",
    "Implementation coefficient of the goal's tasks",
  ),
  z: L("Міндетті іске асыру коэффициенті", "Коэффициент реализации задачи", "Implementation coefficient of a task"),
  p: L(
    "Тікелей нәтиже көрсеткішін іске асыру коэффициенті",
    "Коэффициент реализации показателя прямого результата",
    "Implementation coefficient of a direct-result indicator",
  ),
  E: L(
    "Жергілікті атқарушы органдардың нәтижелілік коэффициенті",
    "Коэффициент результативности местных исполнительных органов",
    "Performance coefficient of the local executive body",
  ),
  S: L("Көрсеткіш индексі", "Индекс показателя", "Indicator index"),
  W: L("Балды шегеру", "Вычет баллов", "Deduction of points"),
  W_late: L(
    "Есепті ақпараттың уақтылы ұсынылмауы",
    "Несвоевременное представление отчётной информации",
    "Late submission of the reporting information",
  ),
  W_incomplete: L(
    "Ақпараттың толық емес ақпарат ұсынылуы",
    "Представление неполной информации",
    "Submission of incomplete information",
  ),
  W_unreliable: L(
    "Ақпараттың дұрыс емес ұсынылуы",
    "Представление недостоверной информации",
    "Submission of unreliable information",
  ),
  previous: L("Алдыңғы кезеңдегі мәні", "Значение за предыдущий период", "Previous-period value"),
  plan: L("Есепті кезеңнің жоспары", "План на отчётный период", "Plan for the reporting period"),
  actual: L("Есепті кезеңнің фактісі", "Факт за отчётный период", "Actual for the reporting period"),
  operational: L("Шұғыл деректер", "Оперативные данные", "Operational data"),
  current: L("Есепті кезеңдегі нақты мәні", "Фактическое значение за отчётный период", "Reporting-period value"),
} satisfies Record<string, Localized>;

/** Why an item is left out of a calculation (never shown as zero). */
export const REASONS = {
  noPlan: L(
    "есепті кезеңге жоспарлы мәні жоқ",
    "нет планового значения на отчётный период",
    "no plan value for the reporting period",
  ),
  noActual: L(
    "ресми статистикалық деректер де, шұғыл деректер де жоқ",
    "нет ни официальных статистических, ни оперативных данных",
    "neither official statistics nor operational data are available",
  ),
  noPrevious: L("алдыңғы кезеңнің мәні жоқ", "нет значения за предыдущий период", "no previous-period value"),
  notANumber: L("мән сан емес", "значение не является числом", "the value is not a number"),
  zeroPlannedChange: L(
    "жоспарланған өзгеріс нөлге тең",
    "плановое изменение равно нулю",
    "planned change is zero",
  ),
  directionUnknown: L(
    "көрсеткіштің жақсару бағыты белгісіз (+1 немесе −1 болуы керек)",
    "не задано направление улучшения показателя (+1 или −1)",
    "the improvement direction of the indicator is unknown (must be +1 or −1)",
  ),
  invalidScore: L(
    "мәні рұқсат етілген мәндердің бірі емес (1; 0,5; 0)",
    "значение не из допустимых (1; 0,5; 0)",
    "the value is not one of the admissible scores (1; 0.5; 0)",
  ),
  missingScore: L("сараптамалық баға қойылмаған", "экспертная оценка не выставлена", "the expert score is missing"),
  negativeValue: L(
    "арақатынас үшін теріс емес мән қажет",
    "для отношения нужно неотрицательное значение",
    "a ratio needs a non-negative value",
  ),
  nonPositivePlan: L(
    "арақатынас үшін жоспар оң болуы керек",
    "для отношения план должен быть положительным",
    "a ratio needs a positive plan value",
  ),
  zeroDenominator: L(
    "арақатынастың бөлгіші нөлге тең",
    "знаменатель отношения равен нулю",
    "the denominator of the ratio is zero",
  ),
  noIndicators: L(
    "есепке алынатын нысаналы индикатор жоқ (m = 0)",
    "нет учитываемых целевых индикаторов (m = 0)",
    "no includable target indicator (m = 0)",
  ),
  noResults: L(
    "есепке алынатын тікелей нәтиже көрсеткіші жоқ (r = 0)",
    "нет учитываемых показателей прямого результата (r = 0)",
    "no includable direct-result indicator (r = 0)",
  ),
  noTasks: L("есепке алынатын міндет жоқ (T = 0)", "нет учитываемых задач (T = 0)", "no includable task (T = 0)"),
  noGoalData: L(
    "мақсат бойынша K да, Y да есептелмейді",
    "по цели не вычисляются ни K, ни Y",
    "neither K nor Y can be computed for the goal",
  ),
  goalExcludedNoK: L(
    "K есептелмейді, мақсат D-дан алынып тасталды (параметр goalWithoutIndicators = exclude)",
    "K не вычисляется, цель исключена из D (параметр goalWithoutIndicators = exclude)",
    "K cannot be computed; goal left out of D (parameter goalWithoutIndicators = exclude)",
  ),
  goalExcludedNoY: L(
    "Y есептелмейді, мақсат D-дан алынып тасталды (параметр goalWithoutTasks = exclude)",
    "Y не вычисляется, цель исключена из D (параметр goalWithoutTasks = exclude)",
    "Y cannot be computed; goal left out of D (parameter goalWithoutTasks = exclude)",
  ),
  noSpheres: L(
    "бағаланған сала/бағыт жоқ",
    "нет оценённых сфер/направлений",
    "no sphere/direction has a valid score",
  ),
  noRisks: L("тәуекелдер көрсетілмеген (k = 0)", "риски не указаны (k = 0)", "no risks listed (k = 0)"),
  noGoals: L("есептелетін мақсат жоқ (n = 0)", "нет вычислимых целей (n = 0)", "no goal can be computed (n = 0)"),
  noIndices: L(
    "бірде-бір көрсеткіш индексі есептелмейді",
    "не вычисляется ни один индекс показателя",
    "no indicator index can be computed",
  ),
  invalidFacts: L(
    "фактілер саны теріс емес бүтін сан болуы керек",
    "число фактов должно быть неотрицательным целым",
    "the number of facts must be a non-negative integer",
  ),
  missingComponent: L(
    "бағалаудың құрамдас бөлігі есептелмеді",
    "не вычислена составляющая оценки",
    "a component of the score could not be computed",
  ),
  notApplicable: L(
    "бұл өлшем осы орган түріне қолданылмайды",
    "критерий не применяется к этому типу органа",
    "the criterion does not apply to this type of body",
  ),
} satisfies Record<string, Localized>;

/** Policy notes: a value was computed, but by a rule the seed does not state; listed for review (seed p.27, p.43). */
export const NOTES = {
  zeroPlannedChangeAttainment: L(
    "жоспарланған өзгеріс нөлге тең: жоспарға қол жеткізу тексерілді (1 немесе 0)",
    "плановое изменение равно нулю: проверено достижение плана (1 или 0)",
    "planned change is zero: plan attainment tested (1 or 0)",
  ),
  deterioratingPlan: L(
    "жоспардың өзі нашарлау: жоспарға қол жеткізу тексерілді (1 немесе 0)",
    "план сам предусматривает ухудшение: проверено достижение плана (1 или 0)",
    "the plan itself is a deterioration: plan attainment tested (1 or 0)",
  ),
  operationalData: L(
    "ресми статистика жоқ, шұғыл деректер алынды",
    "официальной статистики нет, взяты оперативные данные",
    "no official statistics; operational data used",
  ),
  xFromY: L("K жоқ: X = Y", "K нет: X = Y", "no K: X = Y"),
  xFromK: L("Y жоқ: X = K", "Y нет: X = K", "no Y: X = K"),
  emptyRisksZero: L(
    "тәуекелдер көрсетілмеген (k = 0): C = 0, қарау қажет",
    "риски не указаны (k = 0): C = 0, требуется проверка",
    "no risks listed (k = 0): C = 0, review needed",
  ),
  emptyGoalsZero: L(
    "есептелетін мақсат жоқ: D = 0, қолмен қарау қажет",
    "нет вычислимых целей: D = 0, требуется ручная проверка",
    "no computable goal: D = 0, manual review needed",
  ),
  emptySpheresZero: L(
    "бағаланған сала жоқ: B = 0, қарау қажет",
    "нет оценённых сфер: B = 0, требуется проверка",
    "no scored sphere: B = 0, review needed",
  ),
  emptyIndicesOne: L(
    "бірде-бір индекс есептелмейді: E = 1, қарау қажет",
    "не вычисляется ни один индекс: E = 1, требуется проверка",
    "no index can be computed: E = 1, review needed",
  ),
  sZeroDenominator: L(
    "бөлгіш нөлге тең: S = 1 қабылданды",
    "знаменатель равен нулю: принято S = 1",
    "zero denominator: S = 1 taken",
  ),
  floorApplied: L(
    "баға нөлден төмен: 0 қабылданды",
    "оценка ниже нуля: принят 0",
    "score below the floor: floor taken",
  ),
  criterionIgnored: L(
    "берілген деректер бұл орган түріне қолданылмайды және ескерілмеді",
    "переданные данные не применяются к этому типу органа и не учтены",
    "data given for a criterion that does not apply to this type of body; ignored",
  ),
} satisfies Record<string, Localized>;

export type ReasonCode = keyof typeof REASONS;
export type NoteCode = keyof typeof NOTES;

/** Several reasons in one. */
export function joinReasons(parts: Localized[]): Localized {
  return {
    kk: parts.map((p) => p.kk).join("; "),
    ru: parts.map((p) => p.ru).join("; "),
    en: parts.map((p) => p.en).join("; "),
  };
}

/** A label with a suffix such as an id or a name. */
export function labelWith(base: Localized, suffix?: Localized | string): Localized {
  if (suffix === undefined || suffix === "") return base;
  if (typeof suffix === "string") return { kk: `${base.kk}: ${suffix}`, ru: `${base.ru}: ${suffix}`, en: `${base.en}: ${suffix}` };
  return { kk: `${base.kk}: ${suffix.kk}`, ru: `${base.ru}: ${suffix.ru}`, en: `${base.en}: ${suffix.en}` };
}
