#!/usr/bin/env node
"use strict";
/**
 * Build the sample workbooks of samples/samples.json from the templates and the clean forms in
 * samples/data/, each with the violations its spec describes, and write samples/expected.json:
 * the findings (rule, sheet, cell) `jospar check` must report for each sample, no more, no less.
 * Run: npm run samples  (needs the compiled CLI: npm run build:cli)
 */
const fs = require("fs");
const path = require("path");
const ExcelJS = require("exceljs");
const root = path.join(__dirname, "..");
const { loadCatalog } = require(path.join(root, "build/src/cli/data.js"));
const { buildFamilyWorkbook, capacityFor } = require(path.join(root, "build/src/xlsx/build.js"));
const { layoutForm, layoutColumn, fieldCell } = require(path.join(root, "build/src/core/layout.js"));
const { applyPatch } = require(path.join(root, "build/src/core/formdata.js"));
const { a1 } = require(path.join(root, "build/src/core/grid.js"));
const { bindingName } = require(path.join(root, "build/src/core/workbook.js"));
const { Checker } = require(path.join(root, "build/src/core/check.js"));

const catalog = loadCatalog(root);
const spec = JSON.parse(fs.readFileSync(path.join(root, "samples/samples.json"), "utf8"));
const template = (id) => catalog.templates.find((t) => t.id === id);
const base = (id) => JSON.parse(fs.readFileSync(path.join(root, "samples/data", `${id}.json`), "utf8"));

async function buildSample(sample) {
  const templates = sample.forms.map((f) => template(f.template));
  const data = Object.fromEntries(sample.forms.map((f) => [f.template, applyPatch(base(f.template), f.patch || {})]));
  // Formulas written with the packs' parameters (the methodology choices), as the checker reads them.
  const checker = new Checker(catalog.packs, catalog.calendar);
  const wb = buildFamilyWorkbook(templates, data, Object.assign({}, ...templates.map((t) => checker.paramsFor(t.id))));
  const placed = {};
  sample.forms.forEach((f, i) => {
    const t = templates[i];
    const ws = wb.getWorksheet(t.sheetName.kk);
    const layout = layoutForm(t, capacityFor(t, data[f.template]));
    for (const m of f.merge || []) ws.mergeCells(layout.firstDataRow + m.row + 1, layoutColumn(layout, m.from) + 1, layout.firstDataRow + m.row + 1, layoutColumn(layout, m.to) + 1);
    // Values typed over computed cells (a formula replaced by a number): per row, and in the panel.
    for (const c of f.typed || []) ws.getCell(layout.firstDataRow + c.row + 1, layoutColumn(layout, c.column) + 1).value = c.value;
    for (const [id, v] of Object.entries(f.typedComputed || {})) ws.getCell(fieldCell(layout, id)).value = v;
    if (f.bindAs) {
      wb.definedNames.remove(`'${ws.name}'!$A$1`, bindingName(i + 1, t));
      wb.definedNames.add(`'${ws.name}'!$A$1`, bindingName(i + 1, template(f.bindAs)));
    }
    placed[f.template] = { sheet: ws.name, layout };
  });
  const expected = sample.expect.map((e) => {
    const p = placed[e.template];
    let cell = null;
    if (e.field) {
      const [group, id] = e.field.split(".");
      cell = group === "signature" ? (() => { const s = p.layout.signatures.find((x) => x.id === id); return a1(s.row, s.valueCol); })() : fieldCell(p.layout, id);
    } else if (e.column) cell = a1(p.layout.firstDataRow + e.row, layoutColumn(p.layout, e.column));
    return { rule: e.rule, sheet: p.sheet, cell };
  });
  await wb.xlsx.writeFile(path.join(root, "samples", sample.file));
  return expected;
}

async function buildBad(bad) {
  const file = path.join(root, "samples", bad.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (bad.content === "text") fs.writeFileSync(file, "Бұл Excel кітабы емес, жай мәтін.\nThis is plain text renamed to .xlsx.\n");
  else if (bad.content === "empty") fs.writeFileSync(file, "");
  else if (bad.content === "truncated") {
    const buf = fs.readFileSync(path.join(root, "samples", "operational-plan-clean.xlsx"));
    fs.writeFileSync(file, buf.subarray(0, Math.floor(buf.length / 3)));
  } else if (bad.content === "no-form") {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Парақ1");
    ws.addRow(["Тауар", "Бағасы", "Саны"]);
    ws.addRow(["Қалам", 150, 10]);
    await wb.xlsx.writeFile(file);
  }
}

(async () => {
  const expected = {};
  for (const s of spec.samples) expected[s.file] = await buildSample(s);
  for (const b of spec.bad) await buildBad(b);
  fs.writeFileSync(path.join(root, "samples", "expected.json"), JSON.stringify({ samples: expected, bad: Object.fromEntries(spec.bad.map((b) => [b.file, b.code])) }, null, 2) + "\n");
  console.log(`wrote ${spec.samples.length} samples and ${spec.bad.length} bad inputs under samples/`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
