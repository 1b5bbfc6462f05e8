import { ESLint } from "eslint";
import { join } from "path";
import { readFileSync, readdirSync } from "fs";

/**
 * Layering is enforced by lint, not by convention: ESLint's `no-restricted-imports` fails when a
 * file of src/core imports an adapter, a surface, a workbook or UI library or a Node built-in.
 * Each fixture is linted as if it sat in src/core (the file need not exist: lintText takes the
 * path the config matches on), and the real core must lint clean.
 */
const root = join(__dirname, "..", "..");
// The project's own flat config, handed over as an object: ESLint would load the file with a dynamic
// import(), which jest's module sandbox does not allow.
const config = require(join(root, "eslint.config.js"));
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });

async function errorsOf(code: string, file = "src/core/methodology/lint-fixture.ts"): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe("src/core may not import adapters, surfaces or Node", () => {
  const forbidden: [string, string][] = [
    ['import { readWorkbookFile } from "../../xlsx/read";', "an ExcelJS adapter module"],
    ['import type { ExcelPort } from "../../excel/port";', "the Office.js adapter (even a type)"],
    ['import { x } from "../../taskpane/model";', "the task pane"],
    ['import { y } from "../../commands/check-command";', "the ribbon"],
    ['import { z } from "../../cli/main";', "the CLI"],
    ['import ExcelJS from "exceljs";', "exceljs"],
    ['import "@microsoft/office-js";', "office-js"],
    ['import * as React from "react";', "react"],
    ['import { Button } from "@fluentui/react-components";', "Fluent UI"],
    ['import { readFileSync } from "fs";', "fs"],
    ['import { join } from "path";', "path"],
    ['import { readFile } from "node:fs/promises";', "node:fs/promises"],
    ['import os from "os";', "os"],
    ['import { spawn } from "child_process";', "child_process"],
    ['import { Worker } from "worker_threads";', "worker_threads"],
    ['export { readFileSync } from "fs";', "a re-export of fs"],
    ['const fs = require("fs"); export default fs;', "require()"],
    ['export const load = () => import("../../xlsx/read");', "a dynamic import()"],
  ];
  it.each(forbidden)("%s (%s) is an error", async (code) => {
    const errors = await errorsOf(code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join("\n")).toMatch(/no-restricted-(imports|syntax)/);
  });

  it("allows the core's own modules and its data libraries", async () => {
    const code = [
      'import { a1 } from "../grid";',
      'import { excelFormulas } from "./evaluation/excel";',
      'import { Engine } from "json-rules-engine";',
      'import Ajv from "ajv";',
      "export const used = [a1, excelFormulas, Engine, Ajv];",
    ].join("\n");
    expect(await errorsOf(code)).toEqual([]);
  });

  it("applies only to src/core: the CLI may read files", async () => {
    expect(await errorsOf('import { readFileSync } from "fs";\nexport const r = readFileSync;', "src/cli/lint-fixture.ts")).toEqual([]);
  });

  it("the real src/core lints clean", async () => {
    // lintFiles globs through a dynamic import too: list the files here and lint their text.
    const files = (readdirSync(join(root, "src/core"), { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => join(root, "src/core", f));
    const results = (await Promise.all(files.map((f) => eslint.lintText(readFileSync(f, "utf8"), { filePath: f })))).flat();
    expect(results.length).toBeGreaterThan(30);
    const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}:${m.line} ${m.ruleId} ${m.message}`));
    expect(errors).toEqual([]);
  });
});
