/**
 * The add-in's catalog loader (src/excel/catalog-release.ts) with WebCrypto — Node's, the same
 * API Chromium has: a good release is used and kept; a tampered, wrongly signed or unreachable
 * one is never used — the last good release, else the bundled catalog, with a notice naming why.
 */
import { readFileSync, writeFileSync, readdirSync, statSync, cpSync } from "fs";
import { join, relative, sep } from "path";
import { webcrypto } from "crypto";
import { loadCatalogRelease, ReleaseStore, webCrypto } from "../../src/excel/catalog-release";
import { run } from "../helpers/cli";
import { nextRoot, tempDir } from "../helpers/catalog-next";
import { catalog as shipped } from "../helpers/forms";

// WebCrypto as the browser has it (Node 20 ships the same API; jest's node environment may not expose the global).
if (!(globalThis as { crypto?: unknown }).crypto) (globalThis as { crypto?: unknown }).crypto = webcrypto;

function filesOf(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (d: string) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : out.set(relative(dir, join(d, n)).split(sep).join("/"), readFileSync(join(d, n)))));
  walk(dir);
  return out;
}

/** A fetch serving a directory under http://rel/ (or failing, for "offline"). */
function server(dir: () => string | null) {
  return async (url: string) => {
    const d = dir();
    if (!d) throw new TypeError("Failed to fetch");
    const files = filesOf(d);
    const path = new URL(url).pathname.replace(/^\/rel\//, "");
    const b = files.get(path);
    return { ok: !!b, status: b ? 200 : 404, arrayBuffer: async () => (b ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : new ArrayBuffer(0)) as ArrayBuffer };
  };
}

function memoryStore(): ReleaseStore & { files: Map<string, Uint8Array> | null } {
  return {
    files: null,
    async get() {
      return this.files;
    },
    async put(f) {
      this.files = new Map(f);
    },
  };
}

let good: string;
let patched: string;
beforeAll(async () => {
  good = join(tempDir(), "good");
  expect((await run(["catalog", "pack", "--from", nextRoot({ next: false }), "--out", good, "--catalog-version", "1.0.0", "--date", "2026-12-01"])).code).toBe(0);
  patched = join(tempDir(), "patched");
  expect((await run(["catalog", "pack", "--from", nextRoot({ next: false, patches: ["op-2026-01.patch.json"] }), "--out", patched, "--catalog-version", "1.0.1", "--date", "2026-12-04"])).code).toBe(0);
});

const opts = (dir: () => string | null, store: ReleaseStore, publicKey?: string) => ({
  url: "http://rel/rel/", fetch: server(dir), store, bundled: shipped, crypto: webCrypto, today: "2026-12-04", ...(publicKey ? { publicKey } : {}),
});

test("a good release is used and kept; switching to another takes effect; a tampered one falls back to the last good, naming the file", async () => {
  const store = memoryStore();
  let current: string | null = good;
  const a = await loadCatalogRelease(opts(() => current, store));
  expect(a.status).toMatchObject({ version: "1.0.0", source: "url", notice: null });
  current = patched;
  const b = await loadCatalogRelease(opts(() => current, store));
  expect(b.status).toMatchObject({ version: "1.0.1", source: "url", notice: null });
  expect(b.status.patches.map((p) => p.id)).toEqual(["op-2026-01"]);
  expect(b.catalog.packs.flatMap((p) => p.rules.map((r) => r.meta.ruleId))).not.toContain("OP-DEADLINE-IN-YEAR");
  const tampered = join(tempDir(), "t");
  cpSync(patched, tampered, { recursive: true });
  const f = join(tampered, "rules", "patches", "op-2026-01.patch.json");
  writeFileSync(f, readFileSync(f, "utf8").replace('"deactivate"', '"reactivate"'));
  current = tampered;
  const c = await loadCatalogRelease(opts(() => current, store));
  expect(c.status.source).toBe("cache");
  expect(c.status.version).toBe("1.0.1");
  expect(c.status.notice).toMatchObject({ reason: "refused" });
  expect(c.status.notice!.problems.map((p) => p.file)).toEqual(["rules/patches/op-2026-01.patch.json"]);
  // The refused release did not replace the cached one.
  expect(new TextDecoder().decode(store.files!.get("rules/patches/op-2026-01.patch.json"))).toContain('"deactivate"');
  current = null;
  const d = await loadCatalogRelease(opts(() => current, store));
  expect(d.status).toMatchObject({ source: "cache", version: "1.0.1", notice: { reason: "unreachable" } });
});

test("with no good release ever loaded, a refused one falls back to the bundled catalog", async () => {
  const tampered = join(tempDir(), "t");
  cpSync(good, tampered, { recursive: true });
  const f = join(tampered, "templates", "operational-plan.json");
  const b = readFileSync(f);
  b[100] ^= 1;
  writeFileSync(f, b);
  const r = await loadCatalogRelease(opts(() => tampered, memoryStore()));
  expect(r.status.source).toBe("bundled");
  expect(r.catalog).toBe(shipped());
  expect(r.status.notice!.problems[0]).toMatchObject({ file: "templates/operational-plan.json", path: expect.stringMatching(/^\/files\/\d+\/sha256$/) });
});

test("Ed25519 through WebCrypto: a signed release passes with the configured key; unsigned or signed by another key is refused", async () => {
  const keys = tempDir();
  await run(["catalog", "keygen", "--out", keys]);
  const other = tempDir();
  await run(["catalog", "keygen", "--out", other]);
  const signed = join(tempDir(), "s");
  cpSync(good, signed, { recursive: true });
  const pub = readFileSync(join(keys, "jospar-release.pub"), "utf8");
  const unsigned = await loadCatalogRelease(opts(() => signed, memoryStore(), pub));
  expect(unsigned.status.source).toBe("bundled");
  expect(unsigned.status.notice!.problems[0].file).toBe("manifest.sig");
  expect((await run(["catalog", "sign", signed, "--key", join(keys, "jospar-release.key")])).code).toBe(0);
  const ok = await loadCatalogRelease(opts(() => signed, memoryStore(), pub));
  expect(ok.status).toMatchObject({ source: "url", signed: true, notice: null });
  const wrong = await loadCatalogRelease(opts(() => signed, memoryStore(), readFileSync(join(other, "jospar-release.pub"), "utf8")));
  expect(wrong.status.source).toBe("bundled");
  expect(wrong.status.notice!.problems[0].message.en).toMatch(/signature does not match/);
});

/**
 * The pattern analysis is a large chunk (refa): the pane loads it only for a release the build did
 * not check. In a fresh module registry no analysis is handed in, as in the pane at start, so a
 * catalog whose patterns needed it would fail to load.
 */
test("a release with the build's digest loads without the pattern analysis; another release loads it first", async () => {
  const digest = (JSON.parse(readFileSync(join(good, "manifest.json"), "utf8")) as { digest: string }).digest;
  await jest.isolateModulesAsync(async () => {
    const fresh = (await import("../../src/excel/catalog-release")) as typeof import("../../src/excel/catalog-release");
    const pattern = (await import("../../src/core/pattern")) as typeof import("../../src/core/pattern");
    const analysis = (await import("../../src/core/pattern-analysis")) as typeof import("../../src/core/pattern-analysis");
    let loads = 0;
    const load = async () => {
      loads++;
      pattern.usePatternAnalysis(analysis.superLinearPattern);
    };
    // Nothing handed in: the build's own release is trusted, and the analysis is never loaded.
    const trusted = await fresh.loadCatalogRelease({ ...opts(() => good, memoryStore()), buildDigest: digest, loadPatternAnalysis: load });
    expect(trusted.status.source).toBe("url");
    expect(trusted.status.notice).toBeNull();
    expect(trusted.catalog.templates.length).toBe(shipped().templates.length);
    expect(loads).toBe(0);
    // …and without the analysis an unchecked pattern is a defect said loudly, not a pattern let through.
    expect(() => pattern.patternProblem("^(?:x|y)+z$")).toThrow(/pattern analysis not loaded/);
    // Another release (patched: another digest) loads the analysis first, then checks every pattern.
    const other = await fresh.loadCatalogRelease({ ...opts(() => patched, memoryStore()), buildDigest: digest, loadPatternAnalysis: load });
    expect(other.status.source).toBe("url");
    expect(loads).toBe(1);
    expect(pattern.patternProblem("^(a+)+$")?.en).toMatch(/backtrack super-linearly/);
  });
});
