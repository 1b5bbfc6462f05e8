import * as fs from "fs";
import * as path from "path";
import { planSheet, SheetPlan } from "../../src/core/sheet-plan";
import { parseRange } from "../../src/core/grid";
import { template } from "../helpers/forms";
import { loadTemplate } from "../../src/core/template/load";
import { functionsOf } from "../../src/core/functions";

/**
 * The forms a state body signs print the annex's words and structure. Each annex's text is kept
 * word for word under test/data/annexes (copied from the seed named in its first line). For each
 * template the built sheet's printed cells (inside the print area, on rows that are not hidden)
 * are compared with it, both ways:
 * - every text the sheet prints is the annex's own (whitespace, punctuation and the blanks to
 *   fill aside: the seeds letter-space some lines), except the additions listed here with why;
 * - the annex's headings, labels and lines, listed in the annex's order, are printed in that order.
 */

const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

function annex(id: string): string {
  const text = fs.readFileSync(path.join(__dirname, "../data/annexes", `${id}.txt`), "utf8");
  return key(text.split("\n").slice(1).join("\n"));
}

/** Texts of the printed cells in reading order (the heading formula's shown text included). */
function printed(plan: SheetPlan): string[] {
  const area = parseRange(plan.print.area);
  const hidden = new Set(plan.hiddenRows);
  const out: string[] = [];
  for (let r = area.r1; r <= area.r2; r++) {
    if (hidden.has(r)) continue;
    for (let c = area.c1; c <= area.c2; c++) {
      const v = plan.formulas[r]?.[c] ? plan.results[`${r},${c}`] : plan.values[r]?.[c];
      if (typeof v === "string" && key(v) !== "") out.push(v);
    }
  }
  return out;
}

interface Case {
  /** The annex's lines, in its order. */
  lines: string[];
  /** Texts the sheet prints that the annex does not, with the reason. */
  ours?: { text: string; why: string }[];
}

const CASES: Record<string, Case> = {
  // 002 Annex 1: the deductions table, sections 1 and 2 with their deductions, the section 3 table.
  "verification-act": {
    lines: [
      "1-қосымша нысан",
      "Есепті ақпаратта қамтылған деректерді қайта тексеру қорытындылары бойынша тексеру актісі",
      "(орталық мемлекеттік органның/жергілікті атқарушы органның атауы)",
      "(есеп беру кезеңі)",
      "№ Атауы Шегерілетін балдар",
      "1 Есепті ақпараттың уақтылы ұсынылмауы",
      "2 Ақпараттың толық емес ақпарат ұсынылуы",
      "3 Ақпараттың дұрыс емес ұсынылуы",
      "Барлығы:",
      "1. Мемлекеттік органның бағалау кестесіне сәйкес есепті ақпаратты ұсыну мерзімі",
      "Есепті ақпараттың ұсынылатын нақты күні",
      "Шегеру балы:",
      "2. Толық ақпарат ұсынылмаған, оның ішінде белгіленген талаптармен есепті ақпараттың құрылымына қойылатын көзделген белгіленген талаптармен мынадай элементтер көрсетілмеген",
      "Шегеру балы:",
      "3. Қайта тексеру барысында фактілерге мынадай сәйкессіздіктер анықталды:",
      "№ Нысаналы индикатор/тікелей нақты көрсеткіштер атауы Есепті жылдың жоспары Есепті жылдың факті Қайта тексеру бойынша есепті жылдың факті Балдарды шегеру Ескерту",
      "Шегеру балы: балл.",
      "Шегеру қорытындысы: балл.",
      "Уәкілетті органның өкілі, лауазымы",
      "(күні) (қолы) (қолды таратып жазу)",
      "Бағаланатын мемлекеттік органның өкілі, лауазымы",
      "(күні) (қолы) (қолды таратып жазу)",
    ],
  },
  // 002 Annex 5: three columns, the deduction and overall score rows, the analytical report and recommendations.
  "evaluation-conclusion": {
    lines: [
      "5-қосымша нысан",
      "Қадағаланатын саладағы /аядағы /өңірдегі стратегиялық мақсаттар мен міндеттерге қол жеткізу және іске асыру тиімділігін бағалау нәтижелері туралы қорытынды",
      "(орталық мемлекеттік органның/жергілікті атқарушы органның атауы)",
      "(есеп беру кезеңі)",
      "№ Бағалау өлшемдері Әрбір өлшемді бағалау балы",
      "1 Стратегиялық жоспардың/Аумақтарды дамыту бағдарламасының сапасы мен толықтығы",
      "2 Стратегиялық жоспардың/Аумақтарды дамыту бағдарламасының мақсаттары мен міндеттеріне қол жеткізу",
      "3 Тәуекелдерді басқару",
      "4 Жергілікті атқарушы органдар нәтижелілігінің коэффициенті",
      "Балды шегеру",
      "Жалпы баға:",
      "Талдамалық есеп және орталық мемлекеттік органның/жергілікті атқарушы органның қызметін бағалау бойынша тұжырымдар:",
      "Орталық мемлекеттік органның/жергілікті атқарушы органның қызметін жақсарту бойынша ұсынымдар",
      "Мемлекеттік органның/Президент Әкімшілігі/Премьер-Министрі Кеңсесі құрылымдық бөлімшесінің басшысы",
      "(қолы) (қолды таратып жазу)",
      "Мемлекеттік органның тиісті құрылымдық бөлімшесінің басшысы",
      "(қолы) (қолды таратып жазу)",
    ],
    ours: [
      "Талдамалық есеп: стратегиялық талдаудың сапасы мен толықтығын талдау",
      "Талдамалық есеп: стратегиялық жоспардың/Аумақтарды дамыту бағдарламасының мақсаттары мен міндеттеріне қол жеткізілуді талдау",
      "Талдамалық есеп: тәуекелдердің басқарылуын талдау",
      "Талдамалық есеп: мемлекеттік орган/өңірдің нәтижелілігі",
      "Талдамалық есеп: балдарды шегеру туралы ақпарат",
      "Талдамалық есеп: тиісті тұжырымдар",
    ].map((text) => ({
      text,
      why: "the parts p.28 requires of the analytical report, each its own answer so that EV-CONCL-CONTENT can check it; the annex prints one blank for them all",
    })),
  },
  // 002 Annex 6: the table, then the findings by criterion and the score after the appeal.
  disagreements: {
    lines: [
      "6-қосымша нысан",
      "Мемлекеттік органдар қызметінің тиімділігін бағалау нәтижелері бойынша келіспеушіліктер кестесі",
      "(мемлекеттік органның атауы)",
      "«Қадағаланатын саладағы /аядағы /өңірдегі стратегиялық мақсаттар мен міндеттерге қол жеткізу және іске асыру» бағыты бойынша",
      "№ Мемлекеттік жоспарлау бойынша уәкілетті органның қорытындысы Бағаланатын мемлекеттік органның наразылығы Шағымдану қорытындысы бойынша шешім (қабылданды/қабылданбады) Ескерту (наразылықты қабылдау/қабылдамау негіздемесі)",
      "Тұжырымдар: 1-өлшем бойынша",
      "2-өлшем бойынша",
      "Шағымдану қорытындыларын ескере отырып, жалпы балл",
      "Комиссия төрағасы, лауазымы",
      "(қолы) (қолды таратып жазу)",
      "Бағаланатын мемлекеттік органның Өкілі, лауазымы",
      "(қолы) (қолды таратып жазу)",
    ],
  },
  // 003 Annex 2: part 1's seven columns, part 2 as its own two-column table with its numbering row, part 3.
  "nss-action-plan-report": {
    lines: [
      "2-қосымша Нысан",
      "Ұлттық қауіпсіздік тәуекелдерін басқару жөніндегі іс-қимыл жоспарын іске асыру туралы есеп",
      "Есепті кезең",
      "Бекітілген",
      "Мемлекеттік орган",
      "1. Жоспарды іске асыру барысы туралы ақпарат",
      "№ Әрекет Аяқтау нысаны Жауапты орындаушылар Орындау мерзімі Қаржыландыру көздері Орындалуы туралы ақпарат (орындалмау себептері)",
      "1-бөлімнің атауы",
      "Мақсаты",
      "1-нысаналы индикатор",
      "1-міндет",
      "1-нәтижелер көрсеткіштері",
      "2. Ішкі және сыртқы әсерді талдау",
      "Ішкі және сыртқы әсер ету факторлары және олардың нысаналы индикаторларға/нәтижелер көрсеткіштеріне қол жеткізуге әсері Қабылданған шаралар 1 2",
      "Ішкі факторлар:",
      "Сыртқы факторлар:",
      "3. Аналитикалық жазба",
      "Бірінші басшысы",
      "қолы, тегі, аты, әкесінің аты (бар болса)",
      "Ескертпе: Ұлттық қауіпсіздік тәуекелдерін басқару жөніндегі іс-қимыл жоспарын (бұдан әрі – Жоспар) іске асыру туралы есеп осы нысанға қосымшаға сәйкес жоспарды іске асыру туралы есептерді толтыру бойынша түсіндірмеге сәйкес толтырылады.",
    ],
  },
  // 003 Annex 3: seven numbered items, no table.
  "nss-conclusion": {
    lines: [
      "3-қосымша Нысан",
      "Ұлттық қауіпсіздік стратегиясын іске асыру туралы қорытынды жобасы",
      "1. Құжаттың атауы:",
      "2. Құжат бекітілген актінің нөмірі, күні:",
      "3. Әзірлеуге жауапты мемлекеттік орган:",
      "4. Бірлесіп орындаушы мемлекеттік органдар және бірлесіп орындаушы өзге де ұйымдар (ұлттық компанияларды қоса алғанда, мемлекеттік кәсіпорындар, акционерлік қоғамдар және мемлекет қатысатын жауапкершілігі шектеулі серіктестіктер):",
      "5. Іске асыру мерзімі:",
      "6. Есепті кезеңге жоспарланған нақты нәтижелерге қол жеткізуді талдау",
      "7. Құжатта қойылған мақсаттар мен міндеттерге қол жеткізуге бағытталған одан арғы шаралар",
    ],
  },
};

/** Where each of `parts` (keys) occurs in `text`, in order; -1 for the first one missing. */
function inOrder(text: string, parts: string[]): { missing: string | null } {
  let at = 0;
  for (const p of parts) {
    const i = text.indexOf(key(p), at);
    if (i < 0) return { missing: p };
    at = i + key(p).length;
  }
  return { missing: null };
}

describe.each(Object.entries(CASES))("%s prints its annex", (id, c) => {
  const plan = planSheet(template(id));
  const law = annex(id);
  const texts = printed(plan);

  it("prints no text the annex does not have, but the additions listed with a reason", () => {
    const ours = new Set((c.ours ?? []).map((o) => key(o.text)));
    const foreign = texts.filter((t) => !law.includes(key(t)) && !ours.has(key(t)));
    expect(foreign).toEqual([]);
    // Each listed addition is really printed and really not the annex's (the list cannot go stale).
    for (const o of c.ours ?? []) {
      expect(texts.map(key)).toContain(key(o.text));
      expect(law.includes(key(o.text))).toBe(false);
    }
  });

  it("prints the annex's headings, labels and lines in the annex's order", () => {
    // The list is the annex's own words in its order…
    expect(inOrder(law, c.lines).missing).toBeNull();
    // …and the sheet prints them in that order.
    expect(inOrder(texts.map(key).join(""), c.lines).missing).toBeNull();
  });
});

test("the comparison fails on a sheet that prints the fields panel or drops an annex line", () => {
  // F03 as it was before its verbatim layout: the deductions table and sections 1–2 in the panel.
  const raw = JSON.parse(fs.readFileSync(path.join(__dirname, "../../templates/verification-act.json"), "utf8"));
  delete raw.printed;
  raw.print.includePanel = true;
  const old = planSheet(loadTemplate(raw, "verification-act.json", functionsOf(template("verification-act"))));
  const texts = printed(old);
  expect(texts.filter((x) => !annex("verification-act").includes(key(x))).length).toBeGreaterThan(0);
  expect(inOrder(texts.map(key).join(""), CASES["verification-act"].lines).missing).not.toBeNull();
});
