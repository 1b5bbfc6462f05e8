"use strict";
/**
 * Lets a bench script load the TypeScript sources (src/, and the fake Excel of test/fakes) as
 * they are: each .ts file is transpiled on require with the project's own TypeScript compiler
 * (no type check; `npm run typecheck` does that). Paths and __dirname stay the real ones.
 */
const fs = require("fs");
const ts = require("typescript");

require.extensions[".ts"] = (module, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, resolveJsonModule: true },
    fileName: filename,
  });
  module._compile(out.outputText, filename);
};
