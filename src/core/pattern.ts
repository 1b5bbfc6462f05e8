import { RegExpParser, visitRegExpAST, AST } from "@eslint-community/regexpp";
import { getFirstConsumedChar, isPotentiallyEmpty, toCharSet } from "regexp-ast-analysis";
import { analyse } from "scslre";
import type { Localized } from "./i18n";

/**
 * Regular expressions written in the data — row-kind patterns of templates, pattern parameters
 * and conditions of rule packs — run on user text (cell values, field values) with JavaScript's
 * backtracking engine. This module is their one home: every such pattern is compiled here, and
 * only once it is known to run in linear time.
 *
 * The analysis is static and takes about a millisecond a pattern, so it runs at every catalog
 * load, in the CLI and in the add-in alike: scslre finds super-linear backtracking (polynomial and
 * exponential: `\s*-?\s*`, `(a+)+`, a `[.;,]+$` tried at every start), and an ambiguity check of
 * our own covers what its single-character method cannot see, a repeated group whose alternatives
 * can begin with the same character (`(a|a)*`, `(a|ab)+`), the shape of exponential backtracking
 * it misses. A pattern the analysis doubts is refused: the data's author rewrites it unambiguously
 * (`\s*(?:-\s*)?` for `\s*-?\s*`).
 */

/** Patterns are short; a longer one is a data mistake (or an attempt to slow the analysis). */
export const PATTERN_MAX_LENGTH = 2000;

const verdicts = new Map<string, Localized | null>();

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
  let pattern: AST.Pattern;
  try {
    new RegExp(source, "u");
    pattern = parser.parsePattern(source, 0, source.length, { unicode: true });
  } catch (e) {
    const why = (e as Error).message;
    return {
      kk: `жарамды тұрақты өрнек емес: ${why}`,
      ru: `недопустимое регулярное выражение: ${why}`,
      en: `not a valid regular expression: ${why}`,
    };
  }
  const culprit = superLinear(pattern);
  if (!culprit) return null;
  return {
    kk: `тұрақты өрнек ұзын мәтінде шегініспен өте баяу орындалуы мүмкін (${culprit}): оны бір мағыналы етіп қайта жазыңыз`,
    ru: `регулярное выражение может выполняться на длинном тексте сверхлинейно долго из-за возвратов (${culprit}): перепишите его однозначно`,
    en: `the regular expression can backtrack super-linearly on a long text (${culprit}): rewrite it unambiguously`,
  };
}

const parser = new RegExpParser({ ecmaVersion: 2024 });
const FLAGS = parser.parseFlags("u");

/**
 * The part of a regular expression (source and flags, as in a literal) that could backtrack
 * super-linearly, or null; for the audit of our own code's expressions (test/hostile).
 */
export function superLinearPart(source: string, flags: string): string | null {
  const f = parser.parseFlags(flags);
  return superLinear(parser.parsePattern(source, 0, source.length, { unicode: f.unicode, unicodeSets: f.unicodeSets }), f);
}

/** The part of the pattern that backtracks super-linearly, or null. */
function superLinear(pattern: AST.Pattern, flags: AST.Flags = FLAGS): string | null {
  const report = analyse({ pattern, flags }, { maxReports: 1 }).reports[0];
  if (report) {
    const q = report.type === "Trade" ? `${report.startQuant.raw} … ${report.endQuant.raw}` : report.quant.raw;
    return `${q}, ${JSON.stringify(report.character.pick)}`;
  }
  return ambiguousRepetition(pattern, flags) ?? tradeAcrossWord(pattern, flags);
}

/** The characters one element reads, when it reads exactly one (a character, a class, \d, \p{L}…). */
function charsOf(e: AST.Node, flags: AST.Flags): ReturnType<typeof toCharSet> | null {
  const single =
    (e.type === "Character" && e.parent.type === "Alternative") ||
    (e.type === "CharacterClass" && !e.unicodeSets) ||
    (e.type === "CharacterSet" && !(e.kind === "property" && e.strings));
  return single ? toCharSet(e as Parameters<typeof toCharSet>[0], flags) : null;
}

/**
 * Two unbounded runs of characters with a word between them that both runs can read
 * (`.*дәреже.*`): a text repeating the word is split between them in quadratically many ways.
 * scslre looks for one repeated character only, so it misses this one.
 */
function tradeAcrossWord(pattern: AST.Pattern, flags: AST.Flags): string | null {
  let found: string | null = null;
  const run = (e: AST.Element) => (e.type === "Quantifier" && e.max === Infinity ? charsOf(e.element, flags) : null);
  visitRegExpAST(pattern, {
    onAlternativeEnter(a) {
      const els = a.elements;
      for (let i = 0; i < els.length && !found; i++) {
        const first = run(els[i]);
        if (!first) continue;
        for (let j = i + 1; j < els.length; j++) {
          const e = els[j];
          const second = run(e);
          if (second) {
            const middle = els.slice(i + 1, j);
            const both = first.intersect(second);
            if (middle.length && middle.every((m) => charsOf(m, flags)?.isSubsetOf(both))) found = `${els[i].raw}${middle.map((m) => m.raw).join("")}${e.raw}`;
            break;
          }
          if (!charsOf(e, flags)) break;
        }
      }
    },
  });
  return found;
}

/**
 * A group inside a repetition (maximum above 1) whose alternatives can begin with the same
 * character, or a repetition of something that can match nothing (`(a?){25}`): the repetition
 * can match one text in exponentially many ways, bounded or not.
 */
function ambiguousRepetition(pattern: AST.Pattern, flags: AST.Flags): string | null {
  let found: string | null = null;
  const visitQuantifier = (q: AST.Quantifier) => {
    if (!found && q.max > 1 && isPotentiallyEmpty(q.element, flags)) found = q.raw;
  };
  const visitGroup = (g: AST.Group | AST.CapturingGroup) => {
    if (found || g.alternatives.length < 2 || !repeated(g)) return;
    const first = g.alternatives.map((a) => getFirstConsumedChar(a, "ltr", flags));
    for (let i = 0; i < first.length && !found; i++)
      for (let j = i + 1; j < first.length && !found; j++)
        if (!first[i].char.isDisjointWith(first[j].char)) found = `${g.raw}, ${g.alternatives[i].raw} | ${g.alternatives[j].raw}`;
  };
  visitRegExpAST(pattern, { onGroupEnter: visitGroup, onCapturingGroupEnter: visitGroup, onQuantifierEnter: visitQuantifier });
  return found;
}

function repeated(node: AST.Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === "Quantifier" && p.max > 1) return true;
  return false;
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
