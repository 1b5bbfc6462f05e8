import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, existsSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { run } from "../helpers/cli";

/**
 * The built templates open in LibreOffice (a real spreadsheet application, not the library that
 * wrote them): converted headless, each shows the official Kazakh headings and column numbers.
 * A file LibreOffice had to repair or could not read would give no CSV.
 */
const SOFFICE = "/usr/bin/soffice";

test("templates built by `jospar templates build` open in LibreOffice with the official headings and column numbers", async () => {
  expect(existsSync(SOFFICE)).toBe(true); // .ci/run installs libreoffice-calc-nogui
  const dir = mkdtempSync(join(tmpdir(), "jospar-lo-"));
  expect((await run(["templates", "build", "--out", dir])).code).toBe(0);
  const files = ["operational-plan.xlsx", "operational-plan-report.xlsx"].map((f) => join(dir, f));
  execFileSync(SOFFICE, [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, ...files], { stdio: "pipe", timeout: 120_000 });
  const plan = readFileSync(join(dir, "operational-plan.csv"), "utf8");
  for (const h of ["Р/с №", "Атауы", "Бюджеттік бағдарламаның коды", "Жауапты орындаушы", "Орындалу мерзімі", "Аяқталу нысаны"]) expect(plan).toContain(h);
  expect(plan).toMatch(/^1,2,3,4,5,6,/m);
  expect(plan).toContain("жылға арналған операциялық жоспары");
  const report = readFileSync(join(dir, "operational-plan-report.csv"), "utf8");
  expect(report).toContain("Іс-шаралардың нақты орындалуы");
  expect(report).toMatch(/^1,2,3,4,5,6,7,8,/m);
}, 180_000);
