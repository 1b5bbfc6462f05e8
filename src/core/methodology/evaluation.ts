/**
 * The 2012 effectiveness-evaluation methodology (seed 002_fe0966b36eba2e6a.txt) as pure, traced
 * functions of the core, their Excel formula twins, and the parameters they share.
 *
 * Each coefficient is a function whose trace is a tree down to the cells: A → B / C | E / D / W → … →
 * h, p, S, R, b. The workbook's computed cells call them (./evaluation/sheets.ts); the pack's rules
 * judge the results. There is no second, form-less evaluation path.
 *
 * Implementation: ./evaluation/compute.ts (functions), ./evaluation/excel.ts (formula generators),
 * ./evaluation/params.ts (EvaluationParams from rules/methodology/evaluation.params.json),
 * ./evaluation/labels.ts (kk/ru/en labels and reasons).
 * Browser- and Node-safe: no fs/path/node:*, Office.js, React or ExcelJS imports.
 */
export {
  DEFAULT_EVALUATION_PARAMS,
  EVALUATION_PARAM_DOCS,
  withEvaluationParams,
  type Direction,
  type EvaluationParams,
  type EvaluationParamKey,
  type EvaluationParamDoc,
} from "./evaluation/params";
export {
  sphereScore,
  sphereCoefficient,
  coefficientB,
  coefficientC,
  indicatorH,
  taskP,
  taskZ,
  goalK,
  goalY,
  goalX,
  goalCoefficient,
  coefficientD,
  indexS,
  coefficientE,
  penaltiesW,
  overallScoreCentral,
  overallScoreLocal,
  type Num,
  type CellRef,
  type ActualInput,
  type IndicatorCells,
  type IndicatorInput,
  type TaskInput,
  type GoalInput,
  type SphereInput,
  type RiskInput,
  type IndexInput,
  type PenaltyInput,
  type BodyType,
  type StepOptions,
} from "./evaluation/compute";
export { excelFormulas, asCellFormula, type ExcelFormulas } from "./evaluation/excel";
export { LABELS as EVALUATION_LABELS, REASONS as EVALUATION_REASONS, NOTES as EVALUATION_NOTES } from "./evaluation/labels";
export { roundHalfAway } from "./evaluation/format";
