#!/usr/bin/env node
/**
 * Regenerates the README's "not checkable" lists (the `<!-- not-checkable:<pack> -->` sections)
 * from the rule packs' `notCheckable` entries, and prints the coverage ledger's counts.
 * Run after `npm run build:cli` (it uses the compiled core); `--check` only reports.
 */
const { readFileSync, writeFileSync } = require("fs");
const { join } = require("path");

const root = join(__dirname, "..");
const { loadCatalog } = require(join(root, "build", "src", "cli", "data.js"));
const { renderReadme, readmeProblems, auditCoverage, coverageCounts } = require(join(root, "build", "src", "core", "rules", "coverage.js"));

const packs = loadCatalog(root).packs.map((p) => p.pack);
const readmePath = join(root, "README.md");
const readme = readFileSync(readmePath, "utf8");
const ledger = JSON.parse(readFileSync(join(root, "rules", "coverage.json"), "utf8"));
const problems = auditCoverage(ledger, packs);
for (const p of problems) console.error(`coverage: ${p}`);
console.log(`coverage: ${JSON.stringify(coverageCounts(ledger))} of ${ledger.total}`);
if (process.argv.includes("--check")) {
  const stale = readmeProblems(readme, packs);
  for (const p of stale) console.error(`readme: ${p}`);
  process.exit(stale.length || problems.length ? 1 : 0);
}
const next = renderReadme(readme, packs);
if (next !== readme) writeFileSync(readmePath, next);
console.log(next === readme ? "readme: in step" : "readme: not-checkable lists regenerated");
