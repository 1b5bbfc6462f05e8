/**
 * jest setupFiles: the tests analyse every pattern, as the command line does (src/cli/data.ts);
 * the add-in's own path (analysis loaded only for a release its build did not check) is tested
 * in test/excel/catalog-release.test.ts.
 */
import { usePatternAnalysis } from "../../src/core/pattern";
import { superLinearPattern } from "../../src/core/pattern-analysis";

usePatternAnalysis(superLinearPattern);
