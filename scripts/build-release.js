#!/usr/bin/env node
/**
 * The catalog release bundled with the add-in (dist/catalog/): the repository's templates, rule
 * packs, patches, calendar and reference data packed by the compiled CLI (`jospar catalog pack`),
 * the same command a central body runs. The pane loads it when no CATALOG_URL is configured, and
 * webpack also bundles the same files as the last-resort fallback.
 */
const { execFileSync } = require("child_process");
const { rmSync } = require("fs");
const { join } = require("path");

const root = join(__dirname, "..");
const out = join(root, "build", "addin-catalog");
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, "bin", "jospar.js"), "catalog", "pack", "--out", out, "--lang", "en"], { stdio: ["ignore", "inherit", "inherit"] });
