import { spawnSync } from "child_process";
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync, writeFileSync, rmSync, existsSync, statSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ROOT } from "../helpers/forms";
import { run } from "../helpers/cli";
import { escapeControls } from "../../src/cli/render";
import { sampleWith } from "../hostile/build";

/** Issue 10 defects 1, 4, 5, 6 and issue 9's internal errors: what the command writes, and where. */
const sample = (f: string) => join(ROOT, "samples", f);
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "jospar-out-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Report { files: { path: string; status: string; error?: { code: string; message: string }; checkedCopy?: string }[]; skipped: { path: string; reason: string }[]; summary: Record<string, number> }

test("defect 1: a.xlsx and a.checked.xlsx with --out-dir their folder: the second input is never written over", async () => {
  copyFileSync(sample("operational-plan-violations.xlsx"), join(dir, "a.xlsx"));
  copyFileSync(sample("operational-plan-clean.xlsx"), join(dir, "a.checked.xlsx"));
  const before = readFileSync(join(dir, "a.checked.xlsx"));
  const r = await run(["check", join(dir, "a.xlsx"), join(dir, "a.checked.xlsx"), "--out-dir", dir, "--format", "json", "--lang", "en"]);
  const report = JSON.parse(r.out) as Report;
  expect(readFileSync(join(dir, "a.checked.xlsx")).equals(before)).toBe(true);
  expect(report.files[0].status).toBe("not-written");
  expect(report.files[0].error!.message).toMatch(/is an input of this call/);
  // The second input is checked as what it is (the clean plan), and its own copy written.
  expect(report.files[1].status).toBe("ok");
  expect(existsSync(join(dir, "a.checked.checked.xlsx"))).toBe(true);
  expect(r.code).toBe(2);
});

test("defect 1: two inputs of the same name from different folders get two copies, keeping their folders", async () => {
  for (const d of ["north", "south"]) {
    mkdirSync(join(dir, "in", d), { recursive: true });
    copyFileSync(sample(d === "north" ? "operational-plan-clean.xlsx" : "operational-plan-violations.xlsx"), join(dir, "in", d, "plan.xlsx"));
  }
  const r = await run(["check", join(dir, "in", "north", "plan.xlsx"), join(dir, "in", "south", "plan.xlsx"), "--out-dir", join(dir, "out"), "--format", "json"]);
  const report = JSON.parse(r.out) as Report;
  expect(report.files.map((f) => f.checkedCopy)).toEqual([join(dir, "out", "north", "plan.checked.xlsx"), join(dir, "out", "south", "plan.checked.xlsx")]);
  expect(statSync(join(dir, "out", "north", "plan.checked.xlsx")).size).toBeGreaterThan(0);
  expect(statSync(join(dir, "out", "south", "plan.checked.xlsx")).size).toBeGreaterThan(0);
});

test("an existing file in --out-dir is never written over: not-written, reported once, findings kept", async () => {
  mkdirSync(join(dir, "out"));
  writeFileSync(join(dir, "out", "operational-plan-violations.checked.xlsx"), "mine");
  const r = await run(["check", sample("operational-plan-violations.xlsx"), "--out-dir", join(dir, "out"), "--lang", "en"]);
  expect(readFileSync(join(dir, "out", "operational-plan-violations.checked.xlsx"), "utf8")).toBe("mine");
  expect(r.out.match(/checked copy not written: .*already exists/g)).toHaveLength(1);
  expect(r.out).toMatch(/OP-DEADLINE-IN-YEAR/);
  expect(r.code).toBe(2);
});

test("defect 6: an --out-dir that is a file, or cannot be made: each file not-written once with the reason, never 'unreadable' or an internal error", async () => {
  writeFileSync(join(dir, "file"), "x");
  for (const out of [join(dir, "file"), join(dir, "file", "sub")]) {
    const r = await run(["check", sample("operational-plan-clean.xlsx"), "--out-dir", out, "--format", "json", "--lang", "en"]);
    const report = JSON.parse(r.out) as Report;
    expect(report.files).toHaveLength(1);
    expect(report.files[0].status).toBe("not-written");
    expect(report.files[0].error!.message).toMatch(/cannot write .*: E[A-Z]+/);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/internal/);
  }
});

test("defect 4: control characters from a cell and a file name are escaped in the text report; no forged lines", async () => {
  const evil = join(dir, "evil\n1 file(s): 0 error(s)\x1b]0;owned\x07.xlsx");
  writeFileSync(evil, await sampleWith("operational-plan-violations.xlsx", { E9: "\x1b[2J\x1b[H\n1 file(s): 0 error(s)\x00\u202e" }));
  const r = await run(["check", evil, "--lang", "en"]);
  expect(r.out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
  const summaries = r.out.trim().split("\n").filter((l) => l.startsWith("1 file(s)"));
  expect(summaries).toHaveLength(1);
  expect(r.out.trim().split("\n").pop()).toBe(summaries[0]);
  expect(summaries[0]).not.toMatch(/: 0 error/);
  // The cell's newline and bidi override are shown as escapes inside the finding's message.
  expect(r.out).toMatch(/E9 .*\\n1 file\(s\): 0 error\(s\)\\u202e/);
  expect(r.out).toContain("evil\\n1 file(s)");
  expect(escapeControls("a\tb\u2028c\x9b")).toBe("a\\tb\\u2028c\\x9b");
});

test("defect 5: a closed pipe (| head -c 100) ends quietly with the exit code the findings decide, and the checked copies are still written", () => {
  const out = join(dir, "out");
  const script = `node ${JSON.stringify(join(ROOT, "bin", "jospar.js"))} check ${JSON.stringify(sample("evaluation-central-clean.xlsx"))} ${JSON.stringify(sample("operational-plan-violations.xlsx"))} --format json --out-dir ${JSON.stringify(out)} | head -c 100 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`;
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
  expect(r.stdout.trim()).toBe("exit=1");
  expect(r.stderr).toBe("");
  expect(existsSync(join(out, "operational-plan-violations.checked.xlsx"))).toBe(true);
});

test("issue 9: an internal error is its own status and exit code 3, with a request to report it and the stack on --debug", async () => {
  process.env.JOSPAR_FAULT_INJECTION = "operational-plan-clean.xlsx";
  try {
    const plain = await run(["check", sample("operational-plan-clean.xlsx"), sample("operational-plan-violations.xlsx"), "--lang", "ru"]);
    expect(plain.code).toBe(3);
    expect(plain.out).toMatch(/operational-plan-clean\.xlsx: внутренняя ошибка Jospar: injected fault/);
    expect(plain.out).toMatch(/OP-DEADLINE-IN-YEAR/);
    expect(plain.err).toMatch(/Пришлите разработчикам файл/);
    expect(plain.err).not.toMatch(/\n\s+at /);
    const debug = await run(["check", sample("operational-plan-clean.xlsx"), "--format", "json", "--debug"]);
    expect(debug.code).toBe(3);
    expect((JSON.parse(debug.out) as Report).files[0].status).toBe("internal-error");
    expect(debug.err).toMatch(/TypeError: injected fault[^]*\n\s+at /);
  } finally {
    delete process.env.JOSPAR_FAULT_INJECTION;
  }
});

test("a folder is walked recursively for .xlsx; the rest is listed as skipped; ndjson streams one line per file", async () => {
  mkdirSync(join(dir, "returns", "north"), { recursive: true });
  copyFileSync(sample("operational-plan-clean.xlsx"), join(dir, "returns", "north", "plan.xlsx"));
  copyFileSync(sample("operational-plan-violations.xlsx"), join(dir, "returns", "plan2.XLSX"));
  writeFileSync(join(dir, "returns", "notes.txt"), "x");
  writeFileSync(join(dir, "returns", "~$plan2.xlsx"), "lock");
  const r = await run(["check", join(dir, "returns"), "--format", "ndjson", "--jobs", "2"]);
  const lines = r.out.trim().split("\n").map((l) => JSON.parse(l));
  expect(lines.filter((l) => l.status === "skipped").map((l) => [l.path, l.reason])).toEqual([
    [join(dir, "returns", "notes.txt"), "not-xlsx"],
    [join(dir, "returns", "~$plan2.xlsx"), "lock-file"],
  ]);
  expect(lines.filter((l) => l.status === "ok").map((l) => l.path)).toEqual([join(dir, "returns", "north", "plan.xlsx"), join(dir, "returns", "plan2.XLSX")]);
  expect(lines[lines.length - 1].summary).toMatchObject({ files: 2, skipped: 2, ok: 2 });
  expect(r.code).toBe(1);
  const text = await run(["check", join(dir, "returns"), "--lang", "en"]);
  expect(text.out).toMatch(/skipped: .*notes\.txt \(not \.xlsx\)/);
});

test("usage: --jobs, --limit and --format are checked, in the user's language", async () => {
  expect((await run(["check", "x.xlsx", "--jobs", "0", "--lang", "en"])).err).toMatch(/--jobs must be a positive whole number/);
  expect((await run(["check", "x.xlsx", "--limit", "maxFoo=3", "--lang", "ru"])).err).toMatch(/--limit задаётся как ИМЯ=ЗНАЧЕНИЕ/);
  const r = await run(["check", "x.xlsx", "--format", "xml"]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/--format мәні text, json немесе ndjson/);
});
