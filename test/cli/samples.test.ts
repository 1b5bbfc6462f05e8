import { readFileSync } from "fs";
import { join } from "path";
import { ROOT } from "../helpers/forms";
import { run } from "../helpers/cli";

const expected = JSON.parse(readFileSync(join(ROOT, "samples", "expected.json"), "utf8")) as {
  samples: Record<string, { rule: string; sheet: string; cell: string | null }[]>;
  bad: Record<string, string>;
};

interface JsonReport {
  jospar: string;
  files: { path: string; status: string; error?: { code: string; message: string }; forms: { sheet: string; template: { id: string; version: string }; findings: { rule: string; severity: string; sheet: string; cell: string | null; message: string; source: string }[]; computed: Record<string, number | null> }[] }[];
  summary: { files: number; errors: number; warnings: number; infos: number };
}

describe("jospar check on the bundled samples", () => {
  test.each(Object.entries(expected.samples))("%s reports exactly the violations it was made with", async (file, want) => {
    const { code, out } = await run(["check", join(ROOT, "samples", file), "--format", "json", "--lang", "en"]);
    const report = JSON.parse(out) as JsonReport;
    const got = report.files[0].forms.flatMap((f) => f.findings.map((x) => ({ rule: x.rule, sheet: x.sheet, cell: x.cell })));
    const key = (x: { rule: string; sheet: string; cell: string | null }) => `${x.rule} ${x.sheet}!${x.cell}`;
    expect(got.map(key).sort()).toEqual(want.map(key).sort());
    const errors = report.files[0].forms.flatMap((f) => f.findings).filter((f) => f.severity === "error").length;
    expect(code).toBe(errors > 0 ? 1 : 0);
    expect(report.summary.errors).toBe(errors);
  });

  test("a clean plan's computed values come out in the JSON", async () => {
    const { out } = await run(["check", join(ROOT, "samples", "operational-plan-report-clean.xlsx"), "--format", "json"]);
    const report = JSON.parse(out) as JsonReport;
    expect(report.files[0].forms[0].computed).toEqual({ activitiesTotal: 5, activitiesExecuted: 3, activitiesNotExecuted: 2, executedShare: 60 });
  });

  test.each(Object.entries(expected.bad))("%s is reported unreadable (%s) with a clear message, no stack trace", async (file, code) => {
    const r = await run(["check", join(ROOT, "samples", file), join(ROOT, "samples", "operational-plan-clean.xlsx"), "--format", "json"]);
    const report = JSON.parse(r.out) as JsonReport;
    expect(report.files[0].status).toBe("unreadable");
    expect(report.files[0].error!.code).toBe(code);
    expect(report.files[0].error!.message).not.toMatch(/\n\s+at /);
    // The other file is still checked.
    expect(report.files[1].status).toBe("ok");
    expect(r.code).toBe(2);
  });

  test("the text report names file, sheet, cell and rule in the chosen language", async () => {
    const kk = await run(["check", join(ROOT, "samples", "operational-plan-violations.xlsx"), "--lang", "kk"]);
    expect(kk.out).toContain("[Операциялық жоспар]");
    expect(kk.out).toMatch(/қате\s+E9\s+OP-DEADLINE-IN-YEAR: «15\.02\.2025» орындалу мерзімі/);
    const ru = await run(["check", join(ROOT, "samples", "operational-plan-violations.xlsx"), "--lang", "ru"]);
    expect(ru.out).toMatch(/ошибка\s+E9\s+OP-DEADLINE-IN-YEAR: Срок исполнения «15\.02\.2025»/);
  });

  test("a missing file and bad usage exit with 2", async () => {
    const missing = await run(["check", join(ROOT, "samples", "no-such-file.xlsx")]);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/no-such-file\.xlsx: оқылмайды: файл табылмады/);
    expect((await run(["check"])).code).toBe(2);
    expect((await run(["check", "x.xlsx", "--format", "xml"])).code).toBe(2);
    expect((await run(["frobnicate", "--lang", "en"])).err).toMatch(/unknown command/);
    expect((await run(["frobnicate", "--lang", "ru"])).err).toMatch(/неизвестная команда/);
    expect((await run(["check", "x.xlsx", "--lang", "de"])).code).toBe(2);
  });
});
