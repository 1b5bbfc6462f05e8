import type { Localized } from "./i18n";

/**
 * Regular expressions written in the data — row-kind patterns of templates, pattern parameters
 * and conditions of rule packs — run on user text (cell values, field values) with JavaScript's
 * backtracking engine. This module is their one home: every such pattern is compiled here, and
 * only once it is known to run in linear time.
 *
 * The analysis (pattern-analysis.ts) is static and runs when data load, before any pattern is
 * used. A pattern it doubts is refused: the data's author rewrites it unambiguously
 * (`\s*(?:-\s*)?` for `\s*-?\s*`). The program hands the analysis in (usePatternAnalysis): the
 * CLI and the tests when they start, the add-in only for a catalog release its build did not
 * check; the catalog bundled with the add-in was analysed by `npm run build`, which packs it with
 * the CLI, so the pane loads it with withBuildCheckedPatterns and does not download the analysis.
 */

/** Patterns are short; a longer one is a data mistake (or an attempt to slow the analysis). */
export const PATTERN_MAX_LENGTH = 2000;

const verdicts = new Map<string, Localized | null>();

/** The part of a pattern that could backtrack super-linearly, or null (pattern-analysis.ts superLinearPattern). */
export type PatternAnalysis = (source: string) => string | null;

let analysis: PatternAnalysis | null = null;
let buildChecked = false;

/** Hand in the analysis, before loading data no build has checked. */
export function usePatternAnalysis(a: PatternAnalysis): void {
  analysis = a;
}

/**
 * Load data whose patterns `npm run build` analysed (the catalog bundled with the add-in, or a
 * release with the same digest): their length and syntax are still checked, not their backtracking.
 */
export function withBuildCheckedPatterns<T>(load: () => T): T {
  buildChecked = true;
  try {
    return load();
  } finally {
    buildChecked = false;
  }
}

/** Why a pattern is refused, in every UI language; null when it compiles and runs in linear time. */
export function patternProblem(source: string): Localized | null {
  let v = verdicts.get(source);
  if (v === undefined) {
    v = judge(source);
    if (verdicts.size > 10_000) verdicts.clear();
    verdicts.set(source, v);
  }
  return v;
}

function judge(source: string): Localized | null {
  if (source.length > PATTERN_MAX_LENGTH) {
    const n = source.length.toLocaleString("en");
    return {
      kk: `өрнек ${n} таңбадан тұрады: ең көбі ${PATTERN_MAX_LENGTH} таңба`,
      ru: `выражение из ${n} символов: допускается не более ${PATTERN_MAX_LENGTH}`,
      en: `a pattern of ${n} characters: patterns are limited to ${PATTERN_MAX_LENGTH}`,
    };
  }
  try {
    new RegExp(source, "u");
  } catch (e) {
    const why = (e as Error).message;
    return {
      kk: `жарамды тұрақты өрнек емес: ${why}`,
      ru: `недопустимое регулярное выражение: ${why}`,
      en: `not a valid regular expression: ${why}`,
    };
  }
  if (buildChecked) return null;
  // A defect of the program, not of the data: it loaded data before handing in the analysis.
  if (!analysis) throw new Error("pattern analysis not loaded: call usePatternAnalysis before loading data no build has checked");
  const culprit = analysis(source);
  if (!culprit) return null;
  return {
    kk: `тұрақты өрнек ұзын мәтінде шегініспен өте баяу орындалуы мүмкін (${culprit}): оны бір мағыналы етіп қайта жазыңыз`,
    ru: `регулярное выражение может выполняться на длинном тексте сверхлинейно долго из-за возвратов (${culprit}): перепишите его однозначно`,
    en: `the regular expression can backtrack super-linearly on a long text (${culprit}): rewrite it unambiguously`,
  };
}

const compiled = new Map<string, RegExp | null>();

/**
 * The data pattern as a RegExp (unicode), compiled once; null when it is invalid or could
 * backtrack super-linearly (loaders refuse such data with file and JSON path; a pattern made at
 * run time, e.g. from derived values, is refused here and never matches).
 */
export function compilePattern(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    re = patternProblem(source) ? null : new RegExp(source, "u");
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}
