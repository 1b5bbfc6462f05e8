/**
 * The one place that finds LibreOffice and runs it headless: used by `jospar print` and by the
 * tests that recalculate or print workbooks with it. Each run gets a private profile directory
 * (also HOME) whose settings make LibreOffice recalculate every formula on load, so printed and
 * read-back values are the formulas' own, never a file's cached results.
 * SOFFICE=/path/to/soffice overrides the lookup (SOFFICE=/nonexistent simulates a machine without it).
 */
import { spawn, spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/** Why nothing can be printed or recalculated, in the user's language. */
export const NO_SOFFICE = {
  kk: "LibreOffice орнатылмаған (PATH ішінде `soffice` жоқ): оны `apt-get install --no-install-recommends libreoffice-calc-nogui` арқылы орнатыңыз немесе SOFFICE=/жол/soffice көрсетіңіз",
  ru: "LibreOffice не установлен (нет `soffice` в PATH): установите его командой `apt-get install --no-install-recommends libreoffice-calc-nogui` или укажите SOFFICE=/путь/к/soffice",
  en: "LibreOffice is not installed (no `soffice` on the PATH): install it with `apt-get install --no-install-recommends libreoffice-calc-nogui`, or set SOFFICE=/path/to/soffice",
} as const;

const found = new Map<string, string | null>();

/** The soffice binary: SOFFICE when set, else the usual places; null when LibreOffice is not installed. */
export function sofficePath(): string | null {
  const key = process.env.SOFFICE ?? "";
  if (found.has(key)) return found.get(key)!;
  const candidates = key ? [key] : ["soffice", "libreoffice", "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"];
  let bin: string | null = null;
  for (const c of candidates) {
    const r = spawnSync(c, ["--version"], { encoding: "utf8", timeout: 30000 });
    if (r.status === 0 && /LibreOffice/i.test(r.stdout)) {
      bin = c;
      break;
    }
  }
  found.set(key, bin);
  return bin;
}

const RECALC_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** A new private profile directory (the caller removes it) that recalculates every formula on load. */
export function recalcProfile(prefix = "jospar-lo-profile-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, "user"), { recursive: true });
  writeFileSync(join(dir, "user", "registrymodifications.xcu"), RECALC_PROFILE);
  return dir;
}

/** `soffice --convert-to FORMAT` of the given files into outDir, with the profile; resolves to the exit code and stderr. */
export function convert(
  bin: string,
  profile: string,
  format: string,
  outDir: string,
  files: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  const args = [
    `-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--nolockcheck", "--nodefault",
    "--convert-to", format, "--outdir", outDir, ...files,
  ];
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { env: { ...process.env, HOME: profile }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      p.kill("SIGKILL");
      reject(new Error(`soffice did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    p.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
