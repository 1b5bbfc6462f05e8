import ts from "typescript";
import { readFileSync, readdirSync, statSync } from "fs";
import { join, relative } from "path";
import { ROOT } from "../helpers/forms";
import { createCatalog, DataFile } from "../../src/core/catalog";
import { STANDARD_METHODOLOGIES } from "../../src/core/methodology";
import { DataFileError } from "../../src/core/util/schema";
import * as pattern from "../../src/core/pattern";
import { superLinearPart } from "../../src/core/pattern-analysis";
import { CUSTOM_OPERATORS } from "../../src/core/rules/operators";

/**
 * Issue 10: no user text reaches a regular expression that can backtrack super-linearly. Patterns
 * written in the data are refused at load (file, JSON path, the reason in kk/ru/en); every pattern
 * the bundled catalog runs finishes on 1 MB pathological texts; and every expression literal in
 * src/ passes the same analysis, or runs only on text whose length Excel or our own code bounds.
 */
const read = (dir: string, f: string): DataFile => ({ file: join(dir, f), data: JSON.parse(readFileSync(join(ROOT, dir, f), "utf8")) });
const templateFiles = readdirSync(join(ROOT, "templates")).filter((f) => f.endsWith(".json") && f !== "schema.json");
const packFiles = readdirSync(join(ROOT, "rules")).filter((f) => f.endsWith(".rules.json"));
const calendar = read("rules", "calendars/kz.json");
const data = readdirSync(join(ROOT, "rules", "data")).filter((f) => f.endsWith(".json")).map((f) => read("rules", join("data", f)));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Load the catalog with one change to one file; the load error, or "loaded". */
function loadWith(file: string, change: (d: Json) => void): DataFileError | "loaded" {
  const templates = templateFiles.map((f) => read("templates", f));
  const packs = packFiles.map((f) => read("rules", f));
  const target = [...templates, ...packs].find((p) => p.file.endsWith(file))!;
  change(target.data as Json);
  try {
    createCatalog(templates, packs, calendar, data, STANDARD_METHODOLOGIES);
  } catch (e) {
    if (e instanceof DataFileError) return e;
    throw e;
  }
  return "loaded";
}

function refusal(file: string, change: (d: Json) => void): DataFileError {
  const e = loadWith(file, change);
  if (e === "loaded") throw new Error(`${file}: the catastrophic pattern was loaded`);
  return e;
}

describe("a catastrophic pattern in the data is refused at load, with file and JSON path", () => {
  test("a pack parameter (exponential: nested quantifiers)", () => {
    const e = refusal("operational-plan.rules.json", (p) => (p.params.budgetCodePattern.value = "^(\\d+)*$"));
    expect(e.errors).toHaveLength(1);
    expect(e.errors[0].file).toMatch(/operational-plan\.rules\.json$/);
    expect(e.errors[0].path).toBe("/params/budgetCodePattern/value");
    expect(e.message).toMatch(/can backtrack super-linearly/);
    // In the user's language, file and path as they are.
    expect(e.describe("kk")).toMatch(/operational-plan\.rules\.json орны \/params\/budgetCodePattern\/value: тұрақты өрнек/);
    expect(e.describe("ru")).toMatch(/в \/params\/budgetCodePattern\/value: регулярное выражение может выполняться/);
    expect(e.describe("en")).toMatch(/at \/params\/budgetCodePattern\/value: the regular expression can backtrack/);
  });

  test("one item of a list parameter (exponential: alternatives that start alike, which scslre alone misses)", () => {
    const e = refusal("nss.rules.json", (p) => p.params.reasonPatterns.value.push("^(?:себеп|себ)+$"));
    const i = 15; // the list has 15 stems
    expect(e.errors.map((x) => x.path)).toEqual([`/params/reasonPatterns/value/${i}`]);
  });

  test("an aggregate's where.matches, inline or through $params (polynomial)", () => {
    const inline = refusal("nss.rules.json", (p) => (p.aggregates.noteDegree.where.matches = "\\s*дәреже\\s*$"));
    expect(inline.errors.map((x) => x.path)).toEqual(["/aggregates/noteDegree/where/matches"]);
    // Polynomial in a repeated word, not a repeated character: beyond scslre, caught by our own check.
    const param = refusal("nss.rules.json", (p) => (p.params.degreePatterns.value = ["^.*дәреже.*дәреже.*x$"]));
    expect(param.errors.map((x) => x.path)).toEqual(["/params/degreePatterns/value/0"]);
  });

  test("a condition's inline pattern and a pattern function's argument", () => {
    const cond = refusal("operational-plan.rules.json", (p) => {
      const rule = p.rules.find((r: Json) => Array.isArray(r.conditions.all));
      rule.conditions.all.push({ fact: "header", path: "$.body", operator: "matchesKk", value: ["ok", "(a|a)*b"] });
    });
    expect(cond.errors).toHaveLength(1);
    expect(cond.errors[0].path).toMatch(/^\/rules\/\d+\/conditions\/all\/\d+\/value\/1$/);
    const fn = refusal("evaluation.rules.json", (p) => (p.derived.isLocalBody.args[1] = "(\\p{L}+\\s?)+$"));
    expect(fn.errors.map((x) => x.path)).toEqual(["/derived/isLocalBody/args/1"]);
  });

  test("a template's row-kind pattern, and the quadratic ones the bundled templates had", () => {
    const e = refusal("nss-action-plan.json", (t) => (t.table.rowKinds[0].patterns[0] = "^(\\d+|n)\\s*-?\\s*бөлім"));
    // The refused template is named first (the packs and forms that need it then say so too).
    expect(`${e.errors[0].file} ${e.errors[0].path}`).toBe("templates/nss-action-plan.json /table/rowKinds/0/patterns/0");
    expect(e.errors[0].text!.en).toMatch(/\\s\* … \\s\*/);
  });

  test("a pattern of more than 2,000 characters, and an invalid one, in all three languages", () => {
    const long = refusal("operational-plan.rules.json", (p) => (p.params.budgetCodePattern.value = "a".repeat(2001)));
    expect(long.describe("en")).toMatch(/a pattern of 2,001 characters: patterns are limited to 2000/);
    expect(long.describe("ru")).toMatch(/выражение из 2,001 символов/);
    const bad = refusal("operational-plan.rules.json", (p) => (p.params.budgetCodePattern.value = "[a-"));
    expect(bad.describe("kk")).toMatch(/жарамды тұрақты өрнек емес/);
  });

  test("a pattern made at run time that could backtrack never runs: matchesKk is false, matches throws as for an invalid one", () => {
    expect(pattern.compilePattern("^(a+)+$")).toBeNull();
    expect(CUSTOM_OPERATORS.matchesKk("a".repeat(40) + "!", "^(a+)+$")).toBe(false);
    expect(() => CUSTOM_OPERATORS.matches("a".repeat(40) + "!", "^(a+)+$")).toThrow(SyntaxError);
  });
});

describe("every pattern of the bundled catalog on 1 MB pathological texts", () => {
  // Every pattern the loaders vetted: row kinds of every template and what every pack runs.
  const vetted = new Set<string>();
  beforeAll(() => {
    const original = pattern.patternProblem;
    const spy = jest.spyOn(pattern, "patternProblem").mockImplementation((p: string) => {
      vetted.add(p);
      return original(p);
    });
    expect(loadWith("nss.rules.json", () => {})).toBe("loaded");
    spy.mockRestore();
  });

  const MB = 1 << 20;
  /** Runs of one character (a space, a digit, a letter, a dash, a dot…), alone or after a digit, ending in a near miss of the pattern's own words. */
  const PUMPS = [" ", "1", "а", "."];
  const runs = new Map(PUMPS.map((c) => [c, c.repeat(MB)]));
  const tails = (p: string) => ["\u0001", ...(p.match(/\p{L}{2,}/gu) ?? []).slice(0, 1).map((w) => w.slice(0, -1))];

  test("the catalog runs a known set of patterns (the spy saw them)", () => {
    expect(vetted.size).toBeGreaterThan(60);
    expect([...vetted]).toEqual(expect.arrayContaining(["^(\\d+|n)\\s*(?:-\\s*)?бөлім", "№\\s*\\d+"]));
  });

  test("each finishes on every text, well within a generous bound", () => {
    const t0 = Date.now();
    let slowest = { ms: 0, what: "" };
    let runsDone = 0;
    for (const p of vetted) {
      const re = pattern.compilePattern(p)!;
      expect(re).not.toBeNull();
      for (const [c, run] of runs)
        for (const prefix of ["", "1"])
          for (const tail of tails(p)) {
            const text = prefix + run + tail;
            const t = Date.now();
            re.test(text);
            const ms = Date.now() - t;
            runsDone++;
            if (ms > slowest.ms) slowest = { ms, what: `${p} on ${JSON.stringify(prefix + c)}×1 MB + ${JSON.stringify(tail)}` };
          }
    }
    // Linear-time patterns take milliseconds on a megabyte; a quadratic one takes hours.
    expect(runsDone).toBeGreaterThan(500);
    expect(Date.now() - t0).toBeLessThan(300_000);
    if (slowest.ms >= 10_000) throw new Error(`slowest: ${slowest.what}, ${slowest.ms} ms`);
  }, 600_000);
});

describe("our own regular expressions", () => {
  /**
   * Expressions the analysis flags that only ever see short text, with the bound that makes them
   * safe. Anything else flagged in src/ fails this test.
   */
  const BOUNDED: Record<string, string> = {
    "src/core/formula-text.ts /0+$/": "a number we formatted with toFixed(20): at most ~45 characters",
    "src/core/methodology/evaluation/format.ts /0+$/": "a number we formatted with toFixed(6)",
    "src/core/migrate.ts / v\\d+\\.\\d+\\.\\d+\\S*$/": "a sheet name: at most 31 characters in Excel",
    "src/excel/grid-convert.ts /\\[(?!\\$-)[^\\]]*\\]/g": "an Excel number format from Office.js: at most 255 characters",
  };

  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) && !f.endsWith(".d.ts") ? [p] : [];
    });
  }

  test("every literal in src/ runs in linear time, or only on text of bounded length", () => {
    const flagged: string[] = [];
    let literals = 0;
    for (const f of files(join(ROOT, "src"))) {
      const sf = ts.createSourceFile(f, readFileSync(f, "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          literals++;
          const text = node.getText(sf);
          const slash = text.lastIndexOf("/");
          const part = superLinearPart(text.slice(1, slash), text.slice(slash + 1));
          const key = `${relative(ROOT, f)} ${text}`;
          if (part && !BOUNDED[key]) flagged.push(`${key} (${part})`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(literals).toBeGreaterThan(150);
    expect(flagged).toEqual([]);
  });

  test("the analysis does flag what it must (the test could fail)", () => {
    expect(superLinearPart("^[-+]?(\\d+\\.?\\d*|\\.\\d+)(e[-+]?\\d+)?$", "i")).not.toBeNull();
    expect(superLinearPart("[.;,]+$", "")).not.toBeNull();
    expect(superLinearPart("^(a|ab|b)*$", "")).not.toBeNull();
    expect(superLinearPart("^.*дәреже.*дәреже.*x$", "u")).not.toBeNull();
    expect(superLinearPart("^[-+]?(\\d+(?:\\.\\d*)?|\\.\\d+)(e[-+]?\\d+)?$", "i")).toBeNull();
  });
});
