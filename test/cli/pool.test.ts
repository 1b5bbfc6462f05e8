/**
 * The worker pool of `jospar check --jobs N` (issue 12): N worker processes each check whole
 * files, results come back in input order, and what the workers used (CPU, peak memory) reaches
 * the summary, which the main process's own figures would miss.
 */
import { join } from "path";
import { checkFiles, newUsage } from "../../src/cli/pool";
import { DEFAULT_LIMITS } from "../../src/xlsx/limits";
import { run } from "../helpers/cli";

const SAMPLES = join(__dirname, "..", "..", "samples");
const files = ["operational-plan-clean.xlsx", "operational-plan-violations.xlsx", "nss-conclusion-clean.xlsx", "block-budget-clean.xlsx", "evaluation-violations.xlsx", "regional-action-plan-violations.xlsx"].map((f) => join(SAMPLES, f));

test("--jobs 2 starts two worker processes; results in input order; their CPU and memory are counted", async () => {
  const usage = newUsage();
  const paths: string[] = [];
  for await (const r of checkFiles(files.map((path, index) => ({ index, path })), { lang: "en", limits: DEFAULT_LIMITS, jobs: 2, usage })) {
    expect(r.status).toBe("ok");
    paths.push(r.path);
  }
  expect(paths).toEqual(files);
  expect(usage.started).toBe(2);
  expect(usage.peakRssMb).toHaveLength(2);
  // A worker process holds at least node and the catalog.
  for (const mb of usage.peakRssMb) expect(mb).toBeGreaterThan(40);
  expect(usage.cpuSeconds).toBeGreaterThan(0);
}, 120_000);

test("the summary adds the workers' CPU and peak memory to the main process's", async () => {
  process.env.JOSPAR_STATS = "1";
  try {
    const r = await run(["check", ...files.slice(0, 3), "--format", "ndjson", "--jobs", "2", "--lang", "en"]);
    const summary = JSON.parse(r.out.trim().split("\n").pop()!).summary;
    const stats = JSON.parse(r.err.trim().split("\n").find((l) => l.startsWith('{"stats":'))!).stats;
    expect(stats.workersStarted).toBe(2);
    expect(summary.peakRssMb).toBe(stats.mainPeakRssMb + stats.workersPeakRssMb[0] + stats.workersPeakRssMb[1]);
    expect(summary.cpuSeconds).toBeGreaterThanOrEqual(Math.floor((stats.mainCpuSeconds + stats.workersCpuSeconds) * 10) / 10);
    expect(stats.mainThreadBusy).toBeGreaterThan(0);
    expect(stats.mainThreadBusy).toBeLessThan(1);
  } finally {
    delete process.env.JOSPAR_STATS;
  }
}, 120_000);
