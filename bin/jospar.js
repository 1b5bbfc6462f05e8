#!/usr/bin/env node
"use strict";
// The CLI is compiled to build/ by `npm run build:cli` (run by `npm ci` through `prepare`).
const { main } = require("../build/src/cli/main.js");
// exitCode, not exit(): a large JSON report piped to another program must be written out first.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`jospar: internal error: ${e && e.message}\n`);
    process.exit(2);
  },
);
