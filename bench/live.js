#!/usr/bin/env node
"use strict";
/** Live-check benchmark (see bench/live.ts). Run: npm run bench:live */
require("./ts-require");
require("./live.ts");
