/**
 * ESLint (flat config): typescript-eslint's recommended rules everywhere, and the Office
 * add-in rules of eslint-plugin-office-addins (load before read, sync after load, no sync in
 * loops, isNullObject checks…) on the code that talks to Office.js. Formatting is not linted.
 */
const tseslint = require("typescript-eslint");
const officeAddins = require("eslint-plugin-office-addins");
const globals = require("globals");

/** Node's built-in modules (fs, path, os, child_process, worker_threads, …), bare and with "node:". */
const NODE_BUILTINS = require("module").builtinModules.filter((m) => !m.startsWith("_"));
const CORE_FORBIDDEN_PATHS = NODE_BUILTINS.map((name) => ({ name, message: "src/core runs in the browser too: no Node built-in (the CLI reads files and hands the core their content)." }));
const CORE_FORBIDDEN_PATTERNS = [
  { regex: "^node:", message: "src/core runs in the browser too: no Node built-in." },
  {
    regex: "^(\\.\\./)+(excel|xlsx|taskpane|commands|cli)(/|$)|(^|/)src/(excel|xlsx|taskpane|commands|cli)(/|$)",
    message: "src/core may not import an adapter (src/excel, src/xlsx) or a surface (src/taskpane, src/commands, src/cli): they depend on the core, never the reverse.",
  },
  { regex: "^(exceljs|office-js|@microsoft/office-js|office-addin-.*)(/|$)", message: "src/core knows no workbook library: adapters implement the workbook port (src/core/workbook.ts)." },
  { regex: "^(react|react-dom|@fluentui/.*)(/|$)", message: "src/core has no UI: React and Fluent UI belong to src/taskpane." },
];

module.exports = tseslint.config(
  { ignores: ["dist/**", "build/**", "node_modules/**", "coverage/**", "test-output/**", "samples/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node, Office: "readonly", Excel: "readonly", OfficeExtension: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    files: ["src/excel/**/*.ts", "src/commands/**/*.ts", "src/taskpane/**/*.{ts,tsx}"],
    plugins: { "office-addins": officeAddins },
    rules: {
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "error",
      "office-addins/no-empty-load": "error",
      "office-addins/no-navigational-load": "error",
      "office-addins/no-office-initialize": "error",
      "office-addins/test-for-null-using-isNullObject": "error",
    },
  },
  // Layers (issue 9): an adapter (src/excel, src/xlsx) and the application layer (src/app) never
  // import a surface (the pane, the ribbon, the CLI); the surfaces depend on them, not the reverse.
  {
    files: ["src/excel/**/*.{ts,tsx}", "src/xlsx/**/*.{ts,tsx}", "src/app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/taskpane", "**/taskpane/**", "**/commands", "**/commands/**", "**/cli", "**/cli/**"],
              message: "An adapter or the application layer must not import a surface (src/taskpane, src/commands, src/cli): move what both need to src/app or src/core.",
            },
          ],
        },
      ],
    },
  },
  {
    // The core runs in the browser and in Node alike and knows no adapter or surface: layering
    // enforced here, not by convention (test/lint/layers.test.ts proves the rule fires).
    files: ["src/core/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { paths: CORE_FORBIDDEN_PATHS, patterns: CORE_FORBIDDEN_PATTERNS }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.name='require']", message: "src/core is an ES module of pure TypeScript: import, never require()." },
        { selector: "ImportExpression", message: "src/core loads nothing at run time: no dynamic import()." },
      ],
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
