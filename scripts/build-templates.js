#!/usr/bin/env node
/**
 * The template files the add-in inserts (dist/templates/<id>.xlsx): written by the compiled CLI
 * (`jospar templates build`), the same code that gives users the files outside Excel. Run after
 * `npm run build:cli`; webpack copies build/addin-templates into dist/templates.
 */
const { execFileSync } = require("child_process");
const { mkdirSync, readdirSync, rmSync, writeFileSync } = require("fs");
const { join } = require("path");

const root = join(__dirname, "..");
const out = join(root, "build", "addin-templates");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(process.execPath, [join(root, "bin", "jospar.js"), "templates", "build", "--out", out, "--lang", "en"], { stdio: ["ignore", "ignore", "inherit"] });
const files = readdirSync(out).filter((f) => f.endsWith(".xlsx"));
if (files.length === 0) {
  console.error("build-templates: the CLI wrote no template");
  process.exit(1);
}
writeFileSync(join(out, "index.json"), JSON.stringify(files.map((f) => f.replace(/\.xlsx$/, "")), null, 1) + "\n");
console.log(`build-templates: ${files.length} template file(s) in build/addin-templates`);
