/**
 * Catalog releases (issue 11): pack → verify, one flipped byte in any file → exit 2 naming it,
 * Ed25519 signatures, info, and clear errors for malformed releases, patches and migration maps.
 */
import { readFileSync, writeFileSync, readdirSync, statSync, rmSync, mkdirSync } from "fs";
import { join, relative, sep } from "path";
import { run } from "../helpers/cli";
import { nextRoot, tempDir } from "../helpers/catalog-next";

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : out.push(relative(dir, join(d, n)).split(sep).join("/"))));
  walk(dir);
  return out.sort();
}

function flipByte(file: string, at?: number): void {
  const b = readFileSync(file);
  const i = at ?? Math.floor(b.length / 2);
  b[i] = b[i] ^ 0x01;
  writeFileSync(file, b);
}

let root: string;
let release: string;

beforeAll(async () => {
  root = nextRoot({ patches: ["op-2026-01.patch.json", "op-2099-01.patch.json"] });
  release = join(tempDir(), "release");
  const r = await run(["catalog", "pack", "--from", root, "--out", release, "--catalog-version", "1.1.0", "--date", "2026-12-04", "--lang", "en"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
});

test("pack writes a manifest with semver, date, publisher, every template, pack and patch with its version, and each file's SHA-256", () => {
  const m = JSON.parse(readFileSync(join(release, "manifest.json"), "utf8"));
  expect(m.version).toBe("1.1.0");
  expect(m.released).toBe("2026-12-04");
  expect(m.publisher.kk).toMatch(/министрлігі/);
  expect(m.templates).toEqual(expect.arrayContaining([
    { id: "operational-plan", version: "1.0.0", file: "templates/operational-plan.json" },
    { id: "operational-plan", version: "1.1.0", file: "templates/operational-plan-1.1.0.json" },
  ]));
  expect(m.packs.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(["common", "operational-plan", "operational-plan-next"]));
  expect(m.patches).toEqual([
    { id: "op-2026-01", version: "1.0.0", file: "rules/patches/op-2026-01.patch.json" },
    { id: "op-2099-01", version: "1.0.0", file: "rules/patches/op-2099-01.patch.json" },
  ]);
  const calendarVersion = JSON.parse(readFileSync(join(__dirname, "../../rules/calendars/kz.json"), "utf8")).version;
  expect(calendarVersion).toMatch(/^\d{4}\.\d+$/);
  expect(m.calendar).toEqual({ version: calendarVersion, file: "rules/calendars/kz.json" });
  expect(m.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  // Every file of the release but the manifest is listed, and nothing else.
  expect(m.files.map((f: { path: string }) => f.path).sort()).toEqual(filesUnder(release).filter((f) => f !== "manifest.json"));
  const cal = m.files.find((f: { path: string }) => f.path === "rules/calendars/kz.json");
  expect(cal.sha256).toBe(require("crypto").createHash("sha256").update(readFileSync(join(release, "rules/calendars/kz.json"))).digest("hex"));
});

test("verify passes on the release as packed", async () => {
  const r = await run(["catalog", "verify", release, "--lang", "en"]);
  expect(r.err).toBe("");
  const n = JSON.parse(readFileSync(join(release, "manifest.json"), "utf8")).files.length;
  expect(r.out).toContain(`Release 1.1.0 verified: all ${n} file(s) match`);
  expect(r.code).toBe(0);
});

test("flipping one byte in any file of the release makes verify exit 2 naming that file", async () => {
  const files = filesUnder(release).filter((f) => f !== "manifest.json");
  expect(files.length).toBeGreaterThan(25);
  for (const f of files) {
    const copy = join(tempDir(), "r");
    require("fs").cpSync(release, copy, { recursive: true });
    flipByte(join(copy, f));
    const r = await run(["catalog", "verify", copy, "--lang", "en"]);
    expect({ f, code: r.code }).toEqual({ f, code: 2 });
    expect(r.err).toContain(`  ${f} at /files/`);
    expect(r.err).toContain("the file was changed");
    rmSync(copy, { recursive: true });
  }
}, 120_000);

test("a changed manifest, a missing file and an extra file are refused, each named", async () => {
  const copy = join(tempDir(), "r");
  require("fs").cpSync(release, copy, { recursive: true });
  const m = JSON.parse(readFileSync(join(copy, "manifest.json"), "utf8"));
  m.files[0].sha256 = m.files[0].sha256.replace(/^./, (c: string) => (c === "0" ? "1" : "0"));
  writeFileSync(join(copy, "manifest.json"), JSON.stringify(m));
  rmSync(join(copy, "rules", "nss.rules.json"));
  writeFileSync(join(copy, "templates", "extra.json"), "{}");
  const r = await run(["catalog", "verify", copy, "--lang", "ru"]);
  expect(r.code).toBe(2);
  expect(r.err).toContain("Выпуск не прошёл проверку");
  expect(r.err).toMatch(new RegExp(`${m.files[0].path} в /files/0/sha256: файл изменён`));
  expect(r.err).toMatch(/rules\/nss\.rules\.json в \/files\/\d+: файл отсутствует/);
  expect(r.err).toMatch(/templates\/extra\.json: лишний файл/);
  expect(r.err).toMatch(/manifest\.json в \/digest: общий дайджест/);
});

test("a malformed manifest gets an error naming manifest.json and the JSON path", async () => {
  const copy = join(tempDir(), "r");
  require("fs").cpSync(release, copy, { recursive: true });
  const m = JSON.parse(readFileSync(join(copy, "manifest.json"), "utf8"));
  delete m.publisher;
  m.version = "next";
  writeFileSync(join(copy, "manifest.json"), JSON.stringify(m));
  const r = await run(["catalog", "verify", copy, "--lang", "en"]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/manifest\.json: must have required property 'publisher'/);
  expect(r.err).toMatch(/manifest\.json at \/version: must match pattern/);
  writeFileSync(join(copy, "manifest.json"), "{ not json");
  expect((await run(["catalog", "verify", copy, "--lang", "en"])).err).toMatch(/manifest\.json: not valid JSON/);
  expect((await run(["catalog", "verify", join(copy, "nowhere"), "--lang", "kk"])).err).toMatch(/manifest\.json жоқ/);
});

test("Ed25519: a signed release verifies with the public key; a tampered manifest, another key or no signature is refused", async () => {
  const keys = tempDir();
  expect((await run(["catalog", "keygen", "--out", keys, "--lang", "en"])).code).toBe(0);
  const copy = join(tempDir(), "r");
  require("fs").cpSync(release, copy, { recursive: true });
  const pub = join(keys, "jospar-release.pub");
  // Unsigned, but the receiving side has a key: refused.
  const unsigned = await run(["catalog", "verify", copy, "--key", pub, "--lang", "en"]);
  expect(unsigned.code).toBe(2);
  expect(unsigned.err).toMatch(/manifest\.sig: the release is not signed/);
  const s = await run(["catalog", "sign", copy, "--key", join(keys, "jospar-release.key"), "--lang", "en"]);
  expect(s.code).toBe(0);
  const ok = await run(["catalog", "verify", copy, "--key", pub, "--lang", "en"]);
  expect(ok.out).toMatch(/signature valid/);
  expect(ok.code).toBe(0);
  // The signature covers the manifest, which covers every file: re-hashing a changed file is not enough.
  const m = JSON.parse(readFileSync(join(copy, "manifest.json"), "utf8"));
  m.released = "2026-12-05";
  writeFileSync(join(copy, "manifest.json"), JSON.stringify(m, null, 2) + "\n");
  const forged = await run(["catalog", "verify", copy, "--key", pub, "--lang", "en"]);
  expect(forged.code).toBe(2);
  expect(forged.err).toMatch(/manifest\.sig: the signature does not match manifest\.json/);
  const other = tempDir();
  await run(["catalog", "keygen", "--out", other]);
  const wrong = await run(["catalog", "verify", copy, "--key", join(other, "jospar-release.pub"), "--lang", "en"]);
  expect(wrong.code).toBe(2);
  // keygen never overwrites a key.
  expect((await run(["catalog", "keygen", "--out", keys, "--lang", "en"])).err).toMatch(/exists: not overwritten/);
});

test("info lists templates (older versions marked), packs and patches with versions, applied or pending", async () => {
  const r = await run(["catalog", "info", release, "--lang", "en"]);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^Catalog 1\.1\.0, released 2026-12-04, publisher: Ministry of National Economy/m);
  expect(r.out).toMatch(/operational-plan\s+1\.1\.0\s+Operational plan of a state body/);
  expect(r.out).toMatch(/operational-plan\s+1\.0\.0\s+\(older version\)/);
  expect(r.out).toMatch(/operational-plan-next\s+1\.1\.0\s+1 rules/);
  expect(r.out).toMatch(/op-2026-01\s+1\.0\.0\s+2026-12-01 applied — Ministry of National Economy, № 12-3\/456/);
  expect(r.out).toMatch(/deactivated OP-DEADLINE-IN-YEAR: In the transition period/);
  expect(r.out).toMatch(/severity OP-DEADLINE-APPROVAL → warning/);
  expect(r.out).toMatch(/op-2099-01\s+1\.0\.0\s+2099-01-01 pending/);
  const json = JSON.parse((await run(["catalog", "info", release, "--format", "json"])).out);
  expect(json.patches.map((p: { id: string; status: string }) => `${p.id}:${p.status}`)).toEqual(["op-2026-01:applied", "op-2099-01:pending"]);
  const kk = await run(["catalog", "info", release, "--lang", "kk"]);
  expect(kk.out).toMatch(/Ереже түзетулері:/);
});

test("pack refuses a non-empty output directory and never overwrites it", async () => {
  const r = await run(["catalog", "pack", "--from", root, "--out", release, "--lang", "en"]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/is not empty/);
});

test("a malformed patch is refused naming the file and the JSON path", async () => {
  const bad = nextRoot({ next: false });
  mkdirSync(join(bad, "rules", "patches"), { recursive: true });
  writeFileSync(join(bad, "rules", "patches", "bad.patch.json"), JSON.stringify({
    id: "bad", version: "1.0.0", effective: "2026-01-01",
    issuedBy: { kk: "a", ru: "b", en: "c" },
    changes: [
      { op: "deactivate", rule: "NO-SUCH-RULE", reason: { kk: "a", ru: "b", en: "c" } },
      { op: "param", pack: "operational-plan", param: "noSuchParam", value: 1, reason: { kk: "a", ru: "b", en: "c" } },
      { op: "severity", rule: "OP-DEADLINE-IN-YEAR", reason: { kk: "a", ru: "b", en: "c" } },
    ],
  }));
  const r = await run(["catalog", "pack", "--from", bad, "--out", join(tempDir(), "x"), "--lang", "en"]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/bad\.patch\.json at \/changes\/2: must have required property 'severity'/);
  writeFileSync(join(bad, "rules", "patches", "bad.patch.json"), JSON.stringify({
    id: "bad", version: "1.0.0", effective: "2026-01-01", issuedBy: { kk: "a", ru: "b", en: "c" },
    changes: [
      { op: "deactivate", rule: "NO-SUCH-RULE", reason: { kk: "a", ru: "b", en: "c" } },
      { op: "param", pack: "operational-plan", param: "noSuchParam", value: 1, reason: { kk: "a", ru: "b", en: "c" } },
    ],
  }));
  const r2 = await run(["catalog", "pack", "--from", bad, "--out", join(tempDir(), "x"), "--lang", "en"]);
  expect(r2.err).toMatch(/bad\.patch\.json at \/changes\/0\/rule: no rule "NO-SUCH-RULE"/);
  expect(r2.err).toMatch(/bad\.patch\.json at \/changes\/1\/param: the pack "operational-plan" has no parameter "noSuchParam"/);
});

test("a malformed migration map is refused naming the file and the JSON path", async () => {
  const bad = nextRoot();
  const file = join(bad, "templates", "operational-plan-1.1.0.json");
  const t = JSON.parse(readFileSync(file, "utf8"));
  t.migrations[0].columns.renamed = { completionForm: "noSuchColumn" };
  t.migrations[0].columns.dropped = ["name"];
  t.migrations[0].from = "not a range";
  writeFileSync(file, JSON.stringify(t));
  const r = await run(["catalog", "pack", "--from", bad, "--out", join(tempDir(), "x"), "--lang", "en"]);
  expect(r.code).toBe(2);
  expect(r.err).toContain("operational-plan-1.1.0.json at /migrations/0/columns/renamed/completionForm: \"noSuchColumn\" is not a column of version 1.1.0");
  expect(r.err).toContain("operational-plan-1.1.0.json at /migrations/0/columns/dropped/0: \"name\" is still a column of version 1.1.0");
  expect(r.err).toContain("operational-plan-1.1.0.json at /migrations/0/from: \"not a range\" is not a semver range");
});
