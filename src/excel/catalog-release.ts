import type { Catalog } from "../core/catalog";
import { verifyRelease, releaseParts, MANIFEST, SIGNATURE, ReleaseCrypto, ReleaseManifest, ReleaseProblem } from "../core/release/manifest";
import { catalogFromParts, todayIso } from "../core/release/catalog";
import type { CatalogStatus } from "../core/release/status";
import { usePatternAnalysis, withBuildCheckedPatterns } from "../core/pattern";
export type { CatalogStatus };

/**
 * The add-in's catalog: a release fetched from the URL an administrator configured at build
 * time (CATALOG_URL, next to ADDIN_URL; default the release bundled in dist/catalog/), verified
 * (every file's SHA-256, the whole digest, and the Ed25519 signature when CATALOG_PUBLIC_KEY is
 * configured) with WebCrypto, kept as the last good release for offline use. A release that
 * fails is never used: the pane falls back to the cached release, else the bundled catalog, and
 * says so.
 */
/** The last good release, as its files' bytes; the Cache API in the browser, a Map in tests. */
export interface ReleaseStore {
  get(): Promise<Map<string, Uint8Array> | null>;
  put(files: Map<string, Uint8Array>): Promise<void>;
}

export const webCrypto: ReleaseCrypto = {
  sha256: async (bytes) => hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource))),
  verifyEd25519: async (publicKey, data, signature) => {
    const key = await crypto.subtle.importKey("spki", derOf(publicKey) as BufferSource, { name: "Ed25519" }, false, ["verify"]);
    return crypto.subtle.verify({ name: "Ed25519" }, key, signature as BufferSource, data as BufferSource);
  },
};

function hex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** A public key as PEM (SPKI) or bare base64 of the DER → DER bytes. */
export function derOf(key: string): Uint8Array {
  const b64 = key.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, "").replace(/\s+/g, "");
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
}

export interface LoadOptions {
  url: string;
  publicKey?: string;
  fetch: (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
  store: ReleaseStore | null;
  bundled: () => Catalog;
  crypto?: ReleaseCrypto;
  today?: string;
  /**
   * The digest of the release `npm run build` packed (and so analysed) with this add-in: a release
   * with this digest has the very files, and its patterns need no analysis in the pane.
   */
  buildDigest?: string;
  /** Loads the pattern analysis (its own chunk: large), for a release the build did not check. */
  loadPatternAnalysis?: () => Promise<void>;
}

/** The pattern analysis, loaded once, on demand (pattern-analysis.ts). */
export async function loadPatternAnalysis(): Promise<void> {
  const { superLinearPattern } = await import(/* webpackChunkName: "pattern-analysis" */ "../core/pattern-analysis");
  usePatternAnalysis(superLinearPattern);
}

/** Verify a release given as a file map (fetched or cached) and build its catalog, or report why not. */
async function open(files: Map<string, Uint8Array>, source: "url" | "cache", opts: LoadOptions): Promise<{ catalog?: Catalog; manifest?: ReleaseManifest; problems: ReleaseProblem[]; signed: boolean }> {
  const sig = files.get(SIGNATURE);
  const r = await verifyRelease(files.get(MANIFEST) ?? null, async (p) => files.get(p) ?? null, opts.crypto ?? webCrypto, {
    publicKey: opts.publicKey,
    signature: sig ? base64Bytes(new TextDecoder().decode(sig)) : null,
  });
  if (!r.manifest || r.problems.length) return { problems: r.problems, signed: false };
  const { parts, problems } = releaseParts(r.manifest, r.files);
  if (!parts) return { problems, signed: false };
  const m = r.manifest;
  const checkedByBuild = !!opts.buildDigest && m.digest === opts.buildDigest;
  if (!checkedByBuild) await (opts.loadPatternAnalysis ?? loadPatternAnalysis)();
  try {
    const build = () =>
      catalogFromParts(parts, {
        today: opts.today ?? todayIso(),
        release: { version: m.version, released: m.released, publisher: m.publisher, ...(m.notes ? { notes: m.notes } : {}), source, signed: r.signed },
      });
    const catalog = checkedByBuild ? withBuildCheckedPatterns(build) : build();
    return { catalog, manifest: m, problems: [], signed: r.signed };
  } catch (e) {
    const errors = (e as { errors?: { file: string; path: string; message: string }[] }).errors;
    if (!errors) throw e;
    return { problems: errors.map((x) => ({ file: x.file, path: x.path, message: { kk: x.message, ru: x.message, en: x.message } })), signed: false };
  }
}

async function fetchRelease(opts: LoadOptions): Promise<Map<string, Uint8Array>> {
  const get = async (path: string, optional = false): Promise<Uint8Array | null> => {
    const res = await opts.fetch(new URL(path, opts.url).toString());
    if (!res.ok) {
      if (optional && res.status === 404) return null;
      throw new Error(`${path}: HTTP ${res.status}`);
    }
    return new Uint8Array(await res.arrayBuffer());
  };
  const files = new Map<string, Uint8Array>();
  const manifest = await get(MANIFEST);
  files.set(MANIFEST, manifest!);
  const sig = await get(SIGNATURE, true);
  if (sig) files.set(SIGNATURE, sig);
  let listed: { path: string }[] = [];
  try {
    listed = (JSON.parse(new TextDecoder().decode(manifest!)) as ReleaseManifest).files ?? [];
  } catch {
    return files; // verification names the broken manifest
  }
  const all = await Promise.all(listed.filter((f) => typeof f?.path === "string" && !f.path.split("/").includes("..")).map(async (f) => [f.path, await get(f.path, true)] as const));
  for (const [p, b] of all) if (b) files.set(p, b);
  return files;
}

export async function loadCatalogRelease(opts: LoadOptions): Promise<{ catalog: Catalog; status: CatalogStatus }> {
  const base = { url: opts.url };
  let notice: CatalogStatus["notice"] = null;
  try {
    const files = await fetchRelease(opts);
    const r = await open(files, "url", opts);
    if (r.catalog) {
      await opts.store?.put(files).catch(() => undefined);
      return { catalog: r.catalog, status: statusOf(r.catalog, "url", base.url, r.signed, null) };
    }
    notice = { reason: "refused", problems: r.problems, detail: r.problems.map((p) => `${p.file} ${p.path}: ${p.message.en}`).join("; ") };
  } catch (e) {
    notice = { reason: "unreachable", problems: [], detail: (e as Error).message };
  }
  // The last good release, verified again (a cache is storage like any other).
  const cached = await opts.store?.get().catch(() => null);
  if (cached) {
    // Opening it may need the pattern analysis's chunk, which an offline pane may fail to load: then the bundled catalog.
    const r = await open(cached, "cache", opts).catch(() => null);
    if (r?.catalog) return { catalog: r.catalog, status: statusOf(r.catalog, "cache", base.url, r.signed, notice) };
  }
  const bundled = opts.bundled();
  return { catalog: bundled, status: statusOf(bundled, "bundled", base.url, false, notice) };
}

function statusOf(c: Catalog, source: CatalogStatus["source"], url: string, signed: boolean, notice: CatalogStatus["notice"]): CatalogStatus {
  return { version: c.release?.version ?? null, released: c.release?.released || null, publisher: c.release?.publisher ?? null, source, url, signed, patches: c.patches ?? [], notice };
}

/** The Cache API store of the last good release (one entry per file under a fixed prefix). */
export function cacheStore(name = "jospar-catalog"): ReleaseStore | null {
  if (typeof caches === "undefined") return null;
  const key = (p: string) => `https://jospar.invalid/last-good/${p}`;
  return {
    async get() {
      const cache = await caches.open(name);
      const index = await cache.match(key("index.json"));
      if (!index) return null;
      const paths = (await index.json()) as string[];
      const files = new Map<string, Uint8Array>();
      for (const p of paths) {
        const r = await cache.match(key(p));
        if (!r) return null;
        files.set(p, new Uint8Array(await r.arrayBuffer()));
      }
      return files;
    },
    async put(files) {
      await caches.delete(name);
      const cache = await caches.open(name);
      for (const [p, b] of files) await cache.put(key(p), new Response(b as BodyInit));
      await cache.put(key("index.json"), new Response(JSON.stringify([...files.keys()])));
    },
  };
}
