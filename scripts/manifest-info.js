#!/usr/bin/env node
/**
 * `office-addin-manifest info manifest.xml`, offline (validate needs the internet). Exit code of
 * the CLI: 1 on malformed XML. @microsoft/app-manifest (used by office-addin-manifest) requires
 * fs-extra without declaring it; when npm drops the optional office-addin-debugging tree (as on
 * Linux) no fs-extra is hoisted, so the copy office-addin-manifest ships is put on NODE_PATH.
 */
const { spawnSync } = require("child_process");
const { join, delimiter } = require("path");

const root = join(__dirname, "..");
const file = process.argv[2] || join(root, "manifest.xml");
const nested = join(root, "node_modules", "office-addin-manifest", "node_modules");
const env = { ...process.env, NODE_PATH: [nested, process.env.NODE_PATH].filter(Boolean).join(delimiter), OFFICE_ADDIN_USAGE_DATA: "off" };
const r = spawnSync(process.execPath, [join(root, "node_modules", "office-addin-manifest", "cli.js"), "info", file], { env, encoding: "utf8" });
process.stdout.write(r.stdout || "");
process.stderr.write(r.stderr || "");
process.exit(r.status === null ? 1 : r.status);
