#!/usr/bin/env node
"use strict";
/**
 * Benchmark: collection at scale (issue 12). Generates N returned workbooks — the sample set's
 * workbooks (every form, clean and with violations, plus the broken files a collector receives),
 * cycled into one folder per sending body — and runs `jospar check DIR --format ndjson --jobs J`
 * as a separate process for each J, reading the time, the peak RSS (main and worker processes)
 * and the CPU time (every process and thread of the run) from the summary line, and the main
 * thread's utilisation from the line JOSPAR_STATS=1 adds on stderr. Prints files per minute,
 * peak RSS, the speed-up of J=2 over J=1 (the baseline, measured in the same run), CPU ms per
 * file and main-thread utilisation (these two hardly depend on what else the machine runs), and
 * the RSS ratio of the largest set to the smallest.
 *
 * With --outputs, each run also writes --register and --report (into a temporary folder) and the
 * register's file count is compared with the summary's.
 *
 * Run: npm run build:cli && node bench/collect.js [N...] [--jobs 1,2] [--outputs]   (default: 100 500)
 */
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");
const root = path.join(__dirname, "..");

const args = process.argv.slice(2);
const jobsArg = args.indexOf("--jobs");
const jobsList = jobsArg >= 0 ? args.splice(jobsArg, 2)[1].split(",").map(Number) : [1, 2];
const outIdx = args.indexOf("--outputs");
const outputs = outIdx >= 0 && args.splice(outIdx, 1).length > 0;
const sizes = args.length ? args.map(Number) : [100, 500];

const spec = JSON.parse(fs.readFileSync(path.join(root, "samples", "samples.json"), "utf8"));
const pool = [...spec.samples.map((s) => s.file), ...spec.bad.map((b) => b.file)].map((f) => path.join(root, "samples", f));

function generate(n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jospar-collect-${n}-`));
  for (let i = 0; i < n; i++) {
    const body = path.join(dir, `body-${String(i % 40).padStart(2, "0")}`);
    fs.mkdirSync(body, { recursive: true });
    const src = pool[i % pool.length];
    fs.copyFileSync(src, path.join(body, `${String(i).padStart(4, "0")}-${path.basename(src)}`));
  }
  return dir;
}

function check(dir, jobs, extra = []) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(root, "bin", "jospar.js"), "check", dir, "--format", "ndjson", "--jobs", String(jobs), ...extra], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, JOSPAR_STATS: "1" } });
    let stats = null;
    let errBuf = "";
    p.stderr.on("data", (c) => {
      errBuf += c;
      const parts = errBuf.split("\n");
      errBuf = parts.pop();
      for (const l of parts) {
        if (l.startsWith('{"stats":')) stats = JSON.parse(l).stats;
        else if (l) process.stderr.write(l + "\n");
      }
    });
    let last = "";
    let lines = 0;
    let buf = "";
    p.stdout.on("data", (c) => {
      buf += c;
      const parts = buf.split("\n");
      buf = parts.pop();
      for (const l of parts) if (l) {
        lines++;
        last = l;
      }
    });
    p.on("error", reject);
    p.on("close", () => {
      if (buf) {
        lines++;
        last = buf;
      }
      if (errBuf.startsWith('{"stats":')) stats = JSON.parse(errBuf).stats;
      resolve({ lines, summary: JSON.parse(last).summary, stats });
    });
  });
}

(async () => {
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0].model}), load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  console.log("| Files | --jobs | Seconds | Files/min | Peak RSS (MB) | Speed-up vs --jobs 1 | CPU ms / file | Main thread busy |");
  console.log("|---|---|---|---|---|---|---|---|");
  const rss = {};
  for (const n of sizes) {
    const dir = generate(n);
    let base = null;
    for (const j of jobsList) {
      const outDir = outputs ? fs.mkdtempSync(path.join(os.tmpdir(), "jospar-collect-out-")) : null;
      const extra = outDir ? ["--register", path.join(outDir, "register.xlsx"), "--report", path.join(outDir, "report.html")] : [];
      const load = os.loadavg()[0];
      const { summary: s, stats } = await check(dir, j, extra);
      if (outDir) {
        const ExcelJS = require("exceljs");
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(path.join(outDir, "register.xlsx"));
        const paths = new Set();
        wb.worksheets[0].eachRow((row, i) => i > 1 && paths.add(row.getCell(14).value));
        if (paths.size !== s.files) throw new Error(`register lists ${paths.size} files, summary ${s.files}`);
        const findings = wb.worksheets[2].rowCount - 1;
        console.log(`  register: ${paths.size} files, ${findings} findings rows (${(fs.statSync(path.join(outDir, "register.xlsx")).size / 1048576).toFixed(1)} MB); report ${(fs.statSync(path.join(outDir, "report.html")).size / 1048576).toFixed(1)} MB`);
        fs.rmSync(outDir, { recursive: true, force: true });
      }
      if (s.files !== n) throw new Error(`expected ${n} files, got ${s.files}`);
      const perMin = (n / s.seconds) * 60;
      if (j === jobsList[0]) base = perMin;
      (rss[j] ??= {})[n] = s.peakRssMb;
      const busy = stats ? `${(stats.mainThreadBusy * 100).toFixed(1)} %` : "–";
      console.log(`| ${n} | ${j} | ${s.seconds} | ${perMin.toFixed(0)} | ${s.peakRssMb} | ${(perMin / base).toFixed(2)}× | ${((s.cpuSeconds * 1000) / n).toFixed(0)} | ${busy} |   (load ${load.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}; workers ${stats?.workersStarted}, worker peaks ${stats?.workersPeakRssMb?.join("+")} MB + main ${stats?.mainPeakRssMb} MB)`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const lo = Math.min(...sizes);
  const hi = Math.max(...sizes);
  if (lo !== hi) for (const j of jobsList) console.log(`peak RSS ${hi} / ${lo} files, --jobs ${j}: ${(rss[j][hi] / rss[j][lo]).toFixed(2)}×`);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
