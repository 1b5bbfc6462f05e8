/**
 * Rule patches (issue 11): a patch deactivating a rule removes its findings, a severity change
 * changes them and says so, a parameter change takes effect, a later patch reactivates, a
 * pending one waits for its date; the JSON report lists the patches.
 */
import { join } from "path";
import { writeFileSync } from "fs";
import { run } from "../helpers/cli";
import { ROOT } from "../helpers/forms";
import { nextRoot, tempDir } from "../helpers/catalog-next";
import { loadCatalog } from "../../src/cli/data";
import { checkWorkbook } from "../../src/core/workbook";
import { readWorkbookFile } from "../../src/xlsx/read";

const VIOLATIONS = join(ROOT, "samples", "operational-plan-violations.xlsx");

interface Report {
  files: { forms: { findings: { rule: string; severity: string; patched?: { patch: string; from: string; to: string; note: string } }[] }[] }[];
  patches: { id: string; status: string; changes: { op: string; rule?: string; applied: boolean }[] }[];
  catalog: { version: string } | null;
}

async function release(patches: string[], date = "2026-12-04", extra?: (root: string) => void): Promise<string> {
  const root = nextRoot({ next: false, patches });
  extra?.(root);
  const dir = join(tempDir(), "rel");
  const r = await run(["catalog", "pack", "--from", root, "--out", dir, "--date", date]);
  expect(r.err).toBe("");
  return dir;
}

async function check(rel: string, lang = "en"): Promise<{ report: Report; code: number }> {
  const r = await run(["check", VIOLATIONS, "--catalog", rel, "--format", "json", "--lang", lang]);
  return { report: JSON.parse(r.out) as Report, code: r.code };
}

const findings = (r: Report) => r.files[0].forms[0].findings;

test("deactivating a rule removes its findings; changing severity changes them, and the finding says which patch", async () => {
  const plain = await check(await release([]));
  expect(findings(plain.report).map((f) => f.rule)).toEqual(expect.arrayContaining(["OP-DEADLINE-IN-YEAR", "OP-DEADLINE-APPROVAL"]));
  expect(findings(plain.report).find((f) => f.rule === "OP-DEADLINE-APPROVAL")!.severity).toBe("error");
  expect(plain.report.patches).toEqual([]);

  const { report } = await check(await release(["op-2026-01.patch.json"]));
  expect(findings(report).map((f) => f.rule)).not.toContain("OP-DEADLINE-IN-YEAR");
  const approval = findings(report).find((f) => f.rule === "OP-DEADLINE-APPROVAL")!;
  expect(approval.severity).toBe("warning");
  expect(approval.patched).toMatchObject({ patch: "op-2026-01", from: "error", to: "warning" });
  expect(approval.patched!.note).toBe("Severity changed by patch op-2026-01 1.0.0 (Ministry of National Economy, 01.12.2026): error → warning. Reason: The approval term is checked as a recommendation.");
  expect(report.patches).toEqual([expect.objectContaining({ id: "op-2026-01", status: "applied" })]);
  // Other rules are untouched.
  const others = (r: Report) => findings(r).filter((f) => !f.rule.startsWith("OP-DEADLINE-")).map((f) => `${f.rule}:${f.severity}`);
  expect(others(report)).toEqual(others(plain.report));
});

test("the text report shows the patch on the finding, in the user's language", async () => {
  const rel = await release(["op-2026-01.patch.json"]);
  const ru = await run(["check", VIOLATIONS, "--catalog", rel, "--lang", "ru"]);
  expect(ru.out).toMatch(/OP-DEADLINE-APPROVAL: .*\[Уровень изменён поправкой op-2026-01 1\.0\.0 \(Министерство национальной экономики, 01\.12\.2026\): ошибка → предупреждение\. Причина: Срок утверждения проверяется как рекомендация\.\]/);
  const kk = await run(["check", VIOLATIONS, "--catalog", rel, "--lang", "kk"]);
  expect(kk.out).toMatch(/\[Деңгейі op-2026-01 1\.0\.0 \(Ұлттық экономика министрлігі, 01\.12\.2026\) түзетуімен өзгертілді: қате → ескерту\./);
});

test("a patch not yet effective is listed as pending and changes nothing; a later patch reactivates a rule", async () => {
  const { report } = await check(await release(["op-2099-01.patch.json"]));
  expect(findings(report).map((f) => f.rule)).toContain("OP-ACTIVITY-REQUIRED-COLUMNS");
  expect(report.patches).toEqual([expect.objectContaining({ id: "op-2099-01", status: "pending", changes: [expect.objectContaining({ applied: false })] })]);
  const both = await check(await release(["op-2026-01.patch.json", "op-2026-02.patch.json"]));
  const again = findings(both.report).find((f) => f.rule === "OP-DEADLINE-IN-YEAR")!;
  expect(again.severity).toBe("error");
  expect(again.patched).toMatchObject({ patch: "op-2026-02" });
  expect(again.patched!.note).toMatch(/^Rule reactivated by patch op-2026-02 1\.1\.0/);
});

test("a parameter change takes effect: a longer approval term clears the approval finding", async () => {
  const rel = await release([], "2026-12-04", (root) =>
    writeFileSync(join(root, "rules", "patches", "days.patch.json"), JSON.stringify({
      id: "op-days", version: "1.0.0", effective: "2026-01-01",
      issuedBy: { kk: "ҰЭМ", ru: "МНЭ", en: "MNE" },
      changes: [{ op: "param", pack: "operational-plan", param: "approvalDays", value: 20, reason: { kk: "20 күн", ru: "20 дней", en: "20 days" } }],
    })),
  );
  const { report } = await check(rel);
  expect(findings(report).map((f) => f.rule)).not.toContain("OP-DEADLINE-APPROVAL");
  expect(report.patches[0].changes[0]).toMatchObject({ op: "param", applied: true });
});

test("the repository's own patches (rules/patches) load with the catalog, and a deactivation reaches checkWorkbook", async () => {
  const root = nextRoot({ next: false, patches: ["op-2026-01.patch.json"] });
  const cat = loadCatalog(root, "2026-12-04");
  expect(cat.patches!.map((p) => p.id)).toEqual(["op-2026-01"]);
  const before = loadCatalog(root, "2026-11-30");
  expect(before.patches![0].status).toBe("pending");
  const snap = await readWorkbookFile(VIOLATIONS);
  expect(checkWorkbook(snap, cat).forms[0].findings.map((f) => f.rule)).not.toContain("OP-DEADLINE-IN-YEAR");
  expect(checkWorkbook(snap, before).forms[0].findings.map((f) => f.rule)).toContain("OP-DEADLINE-IN-YEAR");
});

test("a checked copy records the catalog version it was checked with (and the input is not written)", async () => {
  const rel = await release([]);
  const out = tempDir();
  await run(["check", VIOLATIONS, "--catalog", rel, "--out-dir", out]);
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(out, "operational-plan-violations.checked.xlsx"));
  const names = (wb.definedNames as unknown as { model: { name: string }[] }).model.map((n) => n.name);
  const { readCatalogMark } = await import("../../src/core/release/mark");
  expect(readCatalogMark(names.map((name) => ({ name })))).toBe("1.0.0");
  const input = new ExcelJS.Workbook();
  await input.xlsx.readFile(VIOLATIONS);
  expect((input.definedNames as unknown as { model: { name: string }[] }).model.map((n) => n.name).filter((n) => n.startsWith("_JOSPAR_CATALOG"))).toEqual([]);
  // `jospar check --format json` reports the version a workbook was last checked with, when it records one.
  const again = JSON.parse((await run(["check", join(out, "operational-plan-violations.checked.xlsx"), "--catalog", rel, "--format", "json"])).out);
  expect(again.files[0].lastCheckedWith).toBe("1.0.0");
  const fresh = JSON.parse((await run(["check", VIOLATIONS, "--catalog", rel, "--format", "json"])).out);
  expect(fresh.files[0].status).toBe("ok");
  expect(fresh.files[0]).not.toHaveProperty("lastCheckedWith");
});
