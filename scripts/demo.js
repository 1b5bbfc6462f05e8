#!/usr/bin/env node
"use strict";
/**
 * The main job on bundled data: build every template into out/templates/, then check every
 * sample workbook (samples/samples.json) and the bad inputs, printing the findings, and write
 * annotated copies to out/checked/. Language: JOSPAR_LANG or the first argument (kk, ru, en).
 * Run: npm run demo [-- en]
 */
const fs = require("fs");
const path = require("path");
const root = path.join(__dirname, "..");
const { main } = require(path.join(root, "build/src/cli/main.js"));

const lang = process.argv[2] || process.env.JOSPAR_LANG || "en";
const spec = JSON.parse(fs.readFileSync(path.join(root, "samples/samples.json"), "utf8"));
const out = path.join(root, "out");

(async () => {
  console.log("== jospar templates build --out out/templates");
  let code = await main(["templates", "build", "--out", path.join(out, "templates"), "--lang", lang]);
  if (code !== 0) process.exit(code);
  const files = [...spec.samples.map((s) => s.file), ...spec.bad.map((b) => b.file)].map((f) => path.join("samples", f));
  for (const s of spec.samples) {
    console.log(`\n== ${s.file}: ${s.note}`);
    await main(["check", path.join(root, "samples", s.file), "--lang", lang, "--out-dir", path.join(out, "checked")]);
  }
  console.log(`\n== all at once, as a central body checks returned workbooks: jospar check ${files.length} files`);
  code = await main(["check", ...files.map((f) => path.join(root, f)), "--lang", lang]);
  // Findings and unreadable files are what the demo shows; it succeeded if it ran.
  console.log(`\n(exit code of the batch check: ${code} — 0 no errors, 1 errors found, 2 unreadable input)`);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
