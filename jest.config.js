/** Unit, contract and integration tests. Browser (playwright) tests live under test/e2e and run through the same jest. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  testTimeout: 60000,
  setupFiles: ["<rootDir>/test/helpers/pattern-analysis.ts"],
  reporters: ["default", "<rootDir>/test/reporters/summary.js"],
};
