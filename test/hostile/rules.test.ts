import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { ROOT } from "../helpers/forms";
import { createCatalog, DataFile } from "../../src/core/catalog";
import { DataFileError } from "../../src/core/util/schema";

/**
 * Issue 10 defect 7: rule data that silently disabled itself now fails to load, naming the file
 * and the JSON path. Each case is one change to the real operational-plan pack.
 */
const read = (dir: string, f: string): DataFile => ({ file: join(dir, f), data: JSON.parse(readFileSync(join(ROOT, dir, f), "utf8")) });
const templates = readdirSync(join(ROOT, "templates")).filter((f) => f.endsWith(".json") && f !== "schema.json").map((f) => read("templates", f));
const packFiles = readdirSync(join(ROOT, "rules")).filter((f) => f.endsWith(".rules.json"));
const calendar = read("rules", "calendars/kz.json");
const data = readdirSync(join(ROOT, "rules", "data")).filter((f) => f.endsWith(".json")).map((f) => read("rules", join("data", f)));
const PACK = "operational-plan.rules.json";

type Pack = { rules: { conditions: { all?: Record<string, unknown>[] }; event: { params: { message: Record<string, string> } } }[]; params: Record<string, { value: unknown }> };

function loadWith(change: (p: Pack) => void): string {
  const packs = packFiles.map((f) => read("rules", f));
  const target = packs.find((p) => p.file.endsWith(PACK))!;
  change(target.data as Pack);
  try {
    createCatalog(templates, packs, calendar, data);
  } catch (e) {
    if (e instanceof DataFileError) return e.message;
    throw e;
  }
  return "loaded";
}

/** The first rule whose conditions are an `all` list, and its index. */
function firstAll(p: Pack): [number, Record<string, unknown>[]] {
  const i = p.rules.findIndex((r) => Array.isArray(r.conditions.all));
  return [i, p.rules[i].conditions.all!];
}

test("every pack of the catalog loads under the strict checks", () => {
  expect(loadWith(() => {})).toBe("loaded");
});

test("an unknown fact is a load error with file and JSON path", () => {
  let at = "";
  const msg = loadWith((p) => {
    const [i, all] = firstAll(p);
    all.push({ fact: "headr", path: "$.year", operator: "notBlank", value: true });
    at = `/rules/${i}/conditions/all/${all.length - 1}/fact`;
  });
  expect(msg).toContain(PACK);
  expect(msg).toContain(at);
  expect(msg).toMatch(/unknown fact "headr"/);
});

test("a misspelt row path, parameter or derived value is a load error", () => {
  expect(loadWith((p) => firstAll(p)[1].push({ fact: "row", path: "$.noSuch", operator: "notBlank", value: true }))).toMatch(/unknown row fact "noSuch"/);
  expect(loadWith((p) => firstAll(p)[1].push({ fact: "params", path: "$.noSuchParam", operator: "equal", value: 1 }))).toMatch(/unknown parameter "noSuchParam"/);
  expect(loadWith((p) => firstAll(p)[1].push({ fact: "derived", path: "$.noSuchValue", operator: "equal", value: 1 }))).toMatch(/unknown derived value "noSuchValue"/);
});

test("a message placeholder {row.noSuch} is a load error, not a '—' in every message", () => {
  const msg = loadWith((p) => (p.rules[0].event.params.message.en += " {row.noSuch}"));
  expect(msg).toMatch(/\/rules\/0\/event\/params\/message\/en: placeholder \{row\.noSuch\}: unknown row fact "noSuch"/);
});

test("an invalid regular expression in a pack parameter is a load error, not every workbook unreadable", () => {
  const msg = loadWith((p) => (p.params.budgetCodePattern.value = "^(\\d+"));
  expect(msg).toMatch(/\/params\/budgetCodePattern\/value: not a valid regular expression/);
  const inline = loadWith((p) => firstAll(p)[1].push({ fact: "header", path: "$.body", operator: "matches", value: "[a-" }));
  expect(inline).toMatch(/conditions\/all\/\d+\/value: not a valid regular expression/);
});
