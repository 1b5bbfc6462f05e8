/**
 * Citations for people (issue 14 item 3): every rule of every pack cites an act of the register
 * (rules/acts.json) or is a general check of the template; the citation names the act, its
 * number, date and paragraph in the reader's language and never a seed file or spec file name.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { loadActs, acts } from "../../src/core/acts";
import { citation, paragraphText, computedText, repealText } from "../../src/core/present";
import { LANGS } from "../../src/core/i18n";
import { loadCatalog } from "../../src/cli/data";
import { ROOT } from "../helpers/forms";
import { DataFileError } from "../../src/core/util/schema";

const catalog = loadCatalog();
const SEED = /\d{3}_[0-9a-f]{16}\.txt|\.md\b|forms-and-rules/;

test("the register covers every source a rule pack or template cites, once each", () => {
  const seeds = new Set(acts().acts.map((a) => a.seed));
  expect(seeds.size).toBe(acts().acts.length);
  for (const t of catalog.templates) expect(seeds).toContain(t.legalBasis.seed);
  for (const p of catalog.packs)
    for (const r of p.rules) if (r.meta.source.seed !== "spec") expect([r.meta.ruleId, seeds.has(r.meta.source.seed)]).toEqual([r.meta.ruleId, true]);
});

test("a bad register is rejected with the file and the JSON path", () => {
  const raw = JSON.parse(readFileSync(join(ROOT, "rules", "acts.json"), "utf8"));
  delete raw.acts[1].number;
  expect(() => loadActs(raw)).toThrow(DataFileError);
  expect(() => loadActs(raw)).toThrow(/rules\/acts\.json at \/acts\/1/);
});

test("every rule's citation names the act, number, date and paragraph in kk, ru and en, and no file", () => {
  let n = 0;
  for (const p of catalog.packs)
    for (const r of p.rules)
      for (const lang of LANGS) {
        const c = citation({ citation: { seed: r.meta.source.seed, paragraph: r.meta.source.paragraph, quote: r.meta.source.quote, derived: r.meta.derived } }, lang);
        expect(c.text).not.toMatch(SEED);
        if (c.act) {
          expect(c.text).toContain(c.act.number);
          expect(c.text).toMatch(/\d\d\.\d\d\.\d{4}/);
          if (lang !== "en") expect(c.text).not.toMatch(/\bp\.\d|Annex|Expl\./);
          n++;
        }
      }
  expect(n).toBeGreaterThan(500);
});

test("paragraph references read in each language", () => {
  expect(paragraphText("p.7 ¶2–3", "ru")).toBe("п. 7 абз. 2–3");
  expect(paragraphText("p.7 ¶2–3", "kk")).toBe("7-тармақ 2–3-абзац");
  expect(paragraphText("A1 Expl.8; A2 Expl.4(4)", "en")).toBe("Annex 1, note 8; Annex 2, note 4(4)");
  expect(paragraphText("Annex 6 col 4", "kk")).toBe("6-қосымша 4-баған");
  expect(paragraphText("p.18(3)", "ru")).toBe("пп. 3 п. 18");
});

test("the operational plan's citation, and its repeal", () => {
  const c = citation({ citation: { seed: "001_2593ffb7e47e0347.txt", paragraph: "p.3", quote: "«…»" } }, "en");
  expect(c.text).toBe("Rules for developing, implementing and monitoring the operational plan (Order of the Minister of National Economy No. 45 of 14.06.2022), para 3");
  expect(c.quote).toBe("«…»");
  expect(repealText(c.act!, "ru")).toBe("утратил силу 24.05.2025 (приказ Министра национальной экономики РК от 14.05.2025 № 28)");
  expect(citation({ citation: { seed: "spec", paragraph: "forms-and-rules.md §2.7 R213" } }, "kk").text).toBe("Нысан үлгісінің жалпы тексерісі");
});

test("computed values print with their labels, not their ids", () => {
  const c = { value: 54.050000000000004, trace: { name: "executedShare", value: 54.05, label: { kk: "Орындалу үлесі", ru: "Доля исполненных", en: "Share executed" } } };
  expect(computedText("executedShare", c, "en")).toBe("Share executed: 54.05");
  expect(computedText("executedShare", c, "ru")).not.toContain("executedShare");
});
