/**
 * Benchmark: the add-in's live check on the 5,000-activity operational plan in the fake Excel
 * (test/fakes/excel), all figures from ONE process so that their ratios hold on a shared machine:
 *   - the session's first full check (wall time and the process's CPU time, syncs);
 *   - live edits of one cell (each a different activity's deadline), as a share of that first check;
 *   - parse + facts of the whole plan (a fresh, one-shot Checker: the CLI's path), median.
 * A live edit's result is checked against a fresh full check of the same sheet, so the figures
 * are of a right answer. Run: npm run bench:live [-- sessions]   (figures go to bench/README.md by hand)
 */
import { cpus } from "os";
import { writeFileSync } from "fs";
import { Session } from "inspector";
import { harness, template, templateFile, catalog, bigPlan } from "../test/excel/support/setup";
import { place } from "../test/excel/support/plan";
import { LiveSession } from "../src/excel/session";
import { OfficeWorkbookPort } from "../src/excel/port";
import { Checker } from "../src/core/check";
import { checkWorkbook } from "../src/core/workbook";
import { parseForm } from "../src/core/parse";

const ROWS = 5000;
const EDITS = 9;
const SESSIONS = Number(process.argv[2] ?? 3);
/** BENCH_PROFILE=file.cpuprofile: a CPU profile of the live edits only (open in Chrome DevTools). */
const PROFILE = process.env.BENCH_PROFILE;

function profiler(): { start(): Promise<void>; stop(): Promise<void> } {
  const ins = new Session();
  const post = (m: string, params?: object) => new Promise<unknown>((res, rej) => ins.post(m, params ?? {}, (e, r) => (e ? rej(e) : res(r))));
  return {
    async start() {
      if (!PROFILE) return;
      ins.connect();
      await post("Profiler.enable");
      await post("Profiler.setSamplingInterval", { interval: 100 });
      await post("Profiler.start");
    },
    async stop() {
      if (!PROFILE) return;
      const { profile } = (await post("Profiler.stop")) as { profile: unknown };
      writeFileSync(PROFILE, JSON.stringify(profile));
      ins.disconnect();
    },
  };
}

function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  return { value, wall: performance.now() - t0, cpu: cpuMs(c0) };
}

async function main(): Promise<void> {
  const cat = catalog();
  const t = template("operational-plan");
  const data = bigPlan(ROWS);
  const built = await templateFile(t, data);
  const activities = (data.rows ?? []).map((r, i) => [r, i] as const).filter(([r]) => r.kind === "ACTIVITY").map(([, i]) => i);
  console.log(`node ${process.version}, ${cpus()[0].model}, ${cpus().length} cores; load average ${require("os").loadavg().map((x: number) => x.toFixed(1)).join(" ")}`);
  console.log(`${ROWS}-activity operational plan; ${SESSIONS} sessions, ${EDITS} one-cell edits each`);
  console.log("session | first full check: wall ms, CPU ms, syncs | live edit (median): wall ms, CPU ms, syncs (max), rows parsed, facts built, rows evaluated | live / first (wall, CPU) | parse + facts (one-shot, median of 9): wall ms, CPU ms | row insert: wall ms, % of first, syncs, rows parsed, rows evaluated");
  for (let s = 1; s <= SESSIONS; s++) {
    const h = harness();
    const p = await place(h, t, built, data);
    const session = new LiveSession(h.rt, cat, { debounceMs: 0 });
    await session.start();
    h.fake.host.resetSyncCount();
    const full = await timed(() => session.checkAll());
    const fullSyncs = h.fake.host.syncCount;
    const walls: number[] = [];
    const cpu: number[] = [];
    let syncs = 0;
    let parsed = 0;
    let built2 = 0;
    let evaluated = 0;
    const prof = profiler();
    if (s === 1) await prof.start();
    for (let i = 0; i < EDITS; i++) {
      const row = activities[Math.floor(((i + 1) * activities.length) / (EDITS + 1))];
      h.fake.host.resetSyncCount();
      const live = await timed(async () => {
        h.fake.host.typeInCell(p.sheet, p.cell(row, "deadline"), i % 2 ? "31.12.2031" : "IV тоқсан");
        await h.fake.host.flushEvents();
        await session.flush();
      });
      walls.push(live.wall);
      cpu.push(live.cpu);
      syncs = Math.max(syncs, h.fake.host.syncCount);
      parsed = Math.max(parsed, session.checker.lastParsedRows);
      built2 = Math.max(built2, session.checker.lastBuiltFacts);
      evaluated = Math.max(evaluated, session.checker.lastEvaluatedRows);
    }
    if (s === 1) await prof.stop();
    // A structural edit: an empty row inserted in the middle of the plan.
    // Every row below it moves (their addresses change), so the parse runs over the whole sheet,
    // reusing the reads of the rows that only moved.
    const mid = activities[Math.floor(activities.length / 2)];
    h.fake.host.resetSyncCount();
    const insert = await timed(async () => {
      h.fake.host.insertRows(p.sheet, `${p.cell(mid, "deadline").replace(/^[A-Z]+/, "")}:${p.cell(mid, "deadline").replace(/^[A-Z]+/, "")}`);
      await h.fake.host.flushEvents();
      await session.flush();
    });
    const insertSyncs = h.fake.host.syncCount;
    const insertParsed = session.checker.lastParsedRows;
    const insertEvaluated = session.checker.lastEvaluatedRows;
    // The incremental answer is the fresh one.
    const snapshot = await new OfficeWorkbookPort(h.rt).read();
    const fresh = checkWorkbook(snapshot, cat, new Checker(cat.packs, cat.calendar, { incremental: false }));
    const same = JSON.stringify(fresh.forms.map((f) => [f.findings, f.computed])) === JSON.stringify(session.result!.forms.map((f) => [f.findings, f.computed]));
    if (!same) throw new Error("the live result differs from a fresh full check");
    const grid = snapshot.sheets.find((g) => g.sheet === p.sheet)!;
    const pw: number[] = [];
    const pc: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await timed(async () => new Checker(cat.packs, cat.calendar, { incremental: false }).prepare(parseForm(grid, t)));
      if (i > 0) {
        pw.push(r.wall);
        pc.push(r.cpu);
      }
    }
    const lw = median(walls);
    const lc = median(cpu);
    console.log(
      `${s} | ${full.wall.toFixed(0)} ms, ${full.cpu.toFixed(0)} ms, ${fullSyncs} | ${lw.toFixed(1)} ms, ${lc.toFixed(1)} ms, ${syncs}, ${parsed}, ${built2}, ${evaluated} | ${((100 * lw) / full.wall).toFixed(1)} %, ${((100 * lc) / full.cpu).toFixed(1)} % | ${median(pw).toFixed(1)} ms, ${median(pc).toFixed(1)} ms | ${insert.wall.toFixed(1)} ms, ${((100 * insert.wall) / full.wall).toFixed(1)} %, ${insertSyncs}, ${insertParsed}, ${insertEvaluated}`,
    );
    await session.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
