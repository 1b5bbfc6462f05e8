import { RegExpParser, visitRegExpAST, AST } from "@eslint-community/regexpp";
import { getFirstConsumedChar, isPotentiallyEmpty, toCharSet } from "regexp-ast-analysis";
import { analyse } from "scslre";

/**
 * The static analysis behind pattern.ts: does a regular expression backtrack super-linearly?
 * scslre finds polynomial and exponential backtracking (`\s*-?\s*`, `(a+)+`, a `[.;,]+$` tried at
 * every start); two checks of our own cover what its single-character method cannot see (a
 * repeated group whose alternatives can begin with the same character, `(a|a)*`, `(a|ab)+`; two
 * unbounded runs around a word both can read, `.*дәреже.*`). About a millisecond a pattern, but
 * its libraries are large (refa): the add-in loads this module only for a catalog release that
 * `npm run build` did not check (src/excel/catalog-release.ts).
 */

/** The part of a data pattern (unicode, as pattern.ts compiles it) that could backtrack super-linearly, or null. */
export function superLinearPattern(source: string): string | null {
  try {
    return superLinear(parser.parsePattern(source, 0, source.length, { unicode: true }));
  } catch (e) {
    // JavaScript compiled it (pattern.ts checks that first); a syntax this parser does not know is not vouched for.
    return `not analysable: ${(e as Error).message}`;
  }
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

