#!/usr/bin/env node
"use strict";
/**
 * Benchmark: a full check of generated operational plans (500 and 5,000 activity rows) by
 * Jospar's runner, against two baselines measured in the same run:
 *   - naive: json-rules-engine with the whole pack, one `engine.run` per row;
 *   - hand-written: a plain loop doing the same row checks (the practical limit).
 * All three evaluate the same prepared facts; Jospar's parse + facts time is printed apart.
 * Run: npm run bench   (figures and the machine go to bench/README.md by hand)
 */
const path = require("path");
const { performance } = require("perf_hooks");
const root = path.join(__dirname, "..");
const b = (m) => require(path.join(root, "build/src", m));
const { loadCatalog } = b("cli/data.js");
const { layoutForm, fillGrid } = b("core/layout.js");
const { parseForm } = b("core/parse.js");
const { Checker } = b("core/check.js");
const { createEngine } = b("core/rules/reference.js");

const catalog = loadCatalog(root);
const T = catalog.templates.find((t) => t.id === "operational-plan");

/** A plan with `n` activities under 5 directions × (2 macroindicators + 4 goals × 3 target indicators); ~2 % carry violations. */
function generatePlan(n) {
  const rows = [{ kind: "SECTION", cells: { name: "I. Стратегиялық жоспардың мақсаттары мен нысаналы индикаторларына қол жеткізу жөніндегі іс-шаралар" } }];
  const parents = [];
  for (let d = 1; d <= 5; d++) {
    parents.push({ kind: "DIRECTION", name: `${d}-стратегиялық бағыт. Бағыт ${d}`, leaf: false });
    for (let m = 1; m <= 2; m++) parents.push({ kind: "MACRO", name: `${m}-макроиндикатор. Көрсеткіш ${d}.${m}`, leaf: true });
    for (let g = 1; g <= 4; g++) {
      parents.push({ kind: "GOAL", name: `${d}.${g}-мақсаты. Мақсат ${d}.${g}`, leaf: false });
      for (let t = 1; t <= 3; t++) parents.push({ kind: "TI", name: `${t}-нысаналы индикатор. Индикатор ${d}.${g}.${t}`, leaf: true });
    }
  }
  const leaves = parents.filter((p) => p.leaf).length;
  let made = 0;
  let leafIndex = 0;
  const deadlines = ["I тоқсан", "II тоқсан", "30.06.2024", "III тоқсан", "IV тоқсан", "2024 жылғы 1 желтоқсан"];
  for (const p of parents) {
    rows.push({ kind: p.kind, cells: { name: p.name } });
    if (!p.leaf) continue;
    const count = Math.floor((n * (leafIndex + 1)) / leaves) - Math.floor((n * leafIndex) / leaves);
    leafIndex++;
    for (let i = 0; i < count; i++, made++) {
      const bad = made % 50 === 7;
      rows.push({
        kind: "ACTIVITY",
        cells: {
          no: String(made + 1),
          name: `Іс-шара ${made + 1}: нормативтік құқықтық актіні әзірлеу`,
          budgetProgram: made % 9 === 0 ? "001.100" : "005",
          executor: bad && made % 100 === 7 ? null : `Департамент ${(made % 12) + 1}`,
          deadline: bad ? "15.01.2025" : deadlines[made % deadlines.length],
          completionForm: "Үкіметке ақпарат",
        },
      });
    }
  }
  rows.push({ kind: "SECTION", cells: { name: "II. Мемлекеттік органның ережесінде айқындалған өзге де міндеттерді шешуге арналған іс-шаралар" } });
  const data = JSON.parse(require("fs").readFileSync(path.join(root, "samples/data/operational-plan.json"), "utf8"));
  return { ...data, rows };
}

/** The row checks of the operational-plan and common packs written by hand, as fast as JS gets. */
function handChecks(prepared) {
  const d = prepared.facts.derived;
  const ctx = prepared.facts.context;
  const pattern = new RegExp(prepared.facts.params.budgetCodePattern, "u");
  const dashes = new Set(["—", "-", "–", "―"]);
  const heads = new Set(["SECTION", "DIRECTION", "MACRO", "GOAL", "TI"]);
  const out = [];
  for (const { fact: r } of prepared.rows) {
    const at = r;
    if (r.invalid.length) out.push(["X-DATA-TYPES", at]);
    if (r.normalised.length) out.push(["X-TEXT-NORMALISE", at]);
    if (heads.has(r.kind)) {
      if (r.parentAllowed === false) out.push(["OP-FORM-STRUCTURE", at]);
      if ((r.kind === "MACRO" || r.kind === "TI") && !r.children.ACTIVITY) out.push(["OP-SCOPE-COVERAGE", at]);
      if (r.kind !== "SECTION" && (notBlank(r.budgetProgram) || notBlank(r.executor) || notBlank(r.deadline) || notBlank(r.completionForm))) out.push(["OP-ACTIVITY-REQUIRED-COLUMNS/heading-cells", at]);
      if (r.kind !== "SECTION" && notBlank(r.number) && r.number !== r.expectedNumber) out.push(["X-HIERARCHY-NUMBERING", at]);
      continue;
    }
    if (r.kind !== "ACTIVITY") continue;
    if (r.parentAllowed === false && (r.parentKind === "GOAL" || r.parentKind === "TASK" || r.parentKind === "RI")) out.push(["OP-FORM-STRUCTURE/activity-parent", at]);
    if (r.blankRequired.length) out.push(["OP-ACTIVITY-REQUIRED-COLUMNS", at]);
    if (!notBlank(r.budgetProgram) && r.noBudget !== true) out.push(["OP-ACTIVITY-REQUIRED-COLUMNS/budget-code", at]);
    if (notBlank(r.budgetProgram) && !dashes.has(r.budgetProgram) && typeof r.budgetProgram === "string" && !pattern.test(r.budgetProgram)) out.push(["OP-ACTIVITY-REQUIRED-COLUMNS/budget-code-format", at]);
    if (r.deadlineDue && d.yearStart && (r.deadlineDue < d.yearStart || r.deadlineDue > d.yearEnd)) out.push(["OP-DEADLINE-IN-YEAR", at]);
    if (r.deadlineDue && ctx.opApprovalDate && r.deadlineDue < ctx.opApprovalDate) out.push(["SPS-REALISTIC-DEADLINES", at]);
    if (!["GOAL", "TI", "TASK", "RI", "MACRO"].includes(r.parentKind) && r.section !== "II") out.push(["SPS-ACTIVITY-LINKED", at]);
    if (dashes.has(r.budgetProgram) && r.noBudget !== true) out.push(["SPS-RESOURCES-SPECIFIED", at]);
  }
  return out;
}
function notBlank(v) {
  return !(v === null || v === undefined || (typeof v === "string" && v.trim() === ""));
}

async function naive(prepared) {
  // The whole pack in one engine, run once per row (form rules included: that is the naive way).
  const rules = catalog.packs.flatMap((p) => p.rules.filter((r) => r.templates.includes(T.id) || r.templates.includes("*")).map((r) => r.def));
  const engine = createEngine(rules);
  let events = 0;
  for (const { fact } of prepared.rows) events += (await engine.run({ ...prepared.facts, row: fact })).events.length;
  return events;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn, repeat) {
  await fn(); // warm-up
  const xs = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

(async () => {
  console.log(`node ${process.version}, ${require("os").cpus()[0].model}, ${require("os").cpus().length} cores`);
  console.log("rows   | parse+facts ms | jospar rules ms | naive json-rules-engine ms | hand loop ms | naive/jospar | jospar/hand | jospar building cache ms | re-check, nothing changed ms");
  for (const n of [500, 5000]) {
    const data = generatePlan(n);
    const layout = layoutForm(T, data.rows.length + 5);
    const grid = fillGrid(T, layout, data, T.sheetName.kk);
    const prepare = () => new Checker(catalog.packs, catalog.calendar).prepare(parseForm(grid, T));
    const prepared = prepare();
    const rowsN = prepared.rows.length;
    const tPrepare = await time(prepare, 5);
    // A fresh Checker each time, so no cached row findings help Jospar: the CLI's one-shot mode,
    // and the add-in's mode that also builds the cache for the next live edit.
    const ours = () => new Checker(catalog.packs, catalog.calendar, { incremental: false }).run(prepared);
    const tOurs = await time(ours, 9);
    const tCaching = await time(() => new Checker(catalog.packs, catalog.calendar).run(prepared), 9);
    const live = new Checker(catalog.packs, catalog.calendar);
    live.run(prepared);
    const tLive = await time(() => live.run(prepared), 9);
    const tNaive = await time(() => naive(prepared), n > 1000 ? 3 : 5);
    const tHand = await time(() => handChecks(prepared), 21);
    // The three agree on the row findings they share.
    const ourRows = ours().filter((f) => f.row !== undefined && f.rule !== "X-DATA-TYPES").length;
    const handRows = handChecks(prepared).filter(([r]) => r !== "X-DATA-TYPES").length;
    if (ourRows !== handRows) console.log(`  (!) jospar found ${ourRows} row findings, the hand loop ${handRows}`);
    console.log(`${String(n).padEnd(6)} | ${tPrepare.toFixed(1).padStart(14)} | ${tOurs.toFixed(1).padStart(15)} | ${tNaive.toFixed(1).padStart(26)} | ${tHand.toFixed(2).padStart(12)} | ${(tNaive / tOurs).toFixed(1).padStart(11)}× | ${(tOurs / tHand).toFixed(1).padStart(10)}× | ${tCaching.toFixed(1).padStart(24)} | ${tLive.toFixed(1).padStart(28)}   (${rowsN} rows in the sheet, ${ourRows} row findings)`);
  }
})();
