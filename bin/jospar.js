#!/usr/bin/env node
"use strict";
// The CLI is compiled to build/ by `npm run build:cli` (run by `npm ci` through `prepare`).
const { main, watchStdout } = require("../build/src/cli/main.js");
// A reader that closes the pipe early (| head) ends the output quietly, not with an EPIPE stack.
watchStdout();
// exitCode, not exit(): a large JSON report piped to another program must be written out first.
// main never rejects: a defect is reported by it with exit code 3.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
