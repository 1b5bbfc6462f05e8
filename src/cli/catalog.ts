import { promises as fs, existsSync, readFileSync, statSync } from "fs";
import { generateKeyPairSync, createPrivateKey, sign as edSign } from "crypto";
import { join, dirname, resolve } from "path";
import { valid as validSemver } from "semver";
import type { Catalog, ReleaseInfo } from "../core/catalog";
import { Lang, pick } from "../core/i18n";
import { DataFileError, validateAgainst } from "../core/util/schema";
import releaseSchema from "../../catalog/release.schema.json";
import { makeManifest, verifyRelease, releaseParts, MANIFEST, SIGNATURE, ReleaseManifest, ReleaseProblem, partsByRole } from "../core/release/manifest";
import { catalogFromParts, todayIso } from "../core/release/catalog";
import { catalogFiles, listRelease, nodeCrypto, publicKeyObject, releaseReader } from "./release-fs";
import { loadCatalog, packageRoot } from "./data";
import { cm } from "./catalog-messages";
import type { Io } from "./main";
import { EXIT, runCommand, UsageError } from "./command";

/** A release that cannot be used: every problem, each naming the file and the JSON path. */
export class ReleaseError extends DataFileError {
  constructor(public readonly problems: ReleaseProblem[]) {
    super(problems.map((p) => ({ file: p.file, path: p.path === "/" ? "" : p.path, message: p.message.en, text: p.message })));
  }
}

/** `jospar catalog …`: resolves to the exit code, never throws (cli/command.ts). */
export async function catalogMain(argv: string[], io: Io, envLang: Lang): Promise<number> {
  const options = {
    out: { type: "string" },
    from: { type: "string" },
    key: { type: "string" },
    "catalog-version": { type: "string" },
    date: { type: "string" },
    format: { type: "string", default: "text" },
    help: { type: "boolean", short: "h" },
  } as const;
  return runCommand(argv, io, envLang, { options, usage: (lang) => cm("usage", lang), badInput: refusedRelease }, async ({ values, positionals, lang }) => {
    const [sub, dir, ...extra] = positionals;
    if (values.help) {
      io.out(cm("usage", lang));
      return 0;
    }
    if (extra.length) throw new UsageError("unexpected", extra.join(" "));
    if (sub === "pack") {
      if (!values.out) throw new UsageError("needPackOut");
      return await pack(values.out, { root: values.from ? resolve(values.from) : packageRoot(), version: values["catalog-version"], date: values.date }, lang, io);
    }
    if (sub === "verify") {
      if (!dir) throw new UsageError("needVerifyDir");
      const r = await openRelease(dir, { publicKey: readKey(values.key) });
      io.out(cm("verified", lang)(r.manifest.version, r.manifest.files.length, r.signed));
      return 0;
    }
    if (sub === "info") {
      if (values.format !== "text" && values.format !== "json") throw new UsageError("badFormatTextJson", values.format);
      const catalog = dir ? (await openRelease(dir, { publicKey: readKey(values.key) })).catalog : loadCatalog();
      info(catalog, values.format, lang, io);
      return 0;
    }
    if (sub === "sign") {
      if (!dir || !values.key) throw new UsageError("needSignArgs");
      // Only a release that verifies is signed: a signature vouches for exactly these files.
      await openRelease(dir, {});
      const manifest = await fs.readFile(join(dir, MANIFEST));
      let key;
      try {
        key = createPrivateKey(readFileSync(values.key));
        if (key.asymmetricKeyType !== "ed25519") throw new Error(`${key.asymmetricKeyType} key`);
      } catch (e) {
        throw new UsageError("badKey", `${values.key} (${(e as Error).message})`);
      }
      const out = join(dir, SIGNATURE);
      await fs.writeFile(out, edSign(null, manifest, key).toString("base64") + "\n");
      io.out(cm("signed", lang)(out));
      return 0;
    }
    if (sub === "keygen") {
      if (!values.out) throw new UsageError("needKeygenOut");
      await fs.mkdir(values.out, { recursive: true });
      const priv = join(values.out, "jospar-release.key");
      const pub = join(values.out, "jospar-release.pub");
      for (const f of [priv, pub]) if (existsSync(f)) throw new UsageError("keyExists", f);
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      await fs.writeFile(priv, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
      await fs.writeFile(pub, publicKey.export({ type: "spki", format: "pem" }), { flag: "wx" });
      io.out(cm("keys", lang)(priv, pub));
      return 0;
    }
    if (sub) throw new UsageError("unknownCommand", `catalog ${sub}`);
    throw new UsageError("needCatalogCommand");
  });
}

/** A release that fails verification, or catalog data that do not load: every problem, in the user's language (exit 2). */
function refusedRelease(e: unknown, lang: Lang, io: Io): number | null {
  if (!(e instanceof DataFileError)) return null;
  io.err(`jospar: ${cm("failed", lang)}\n${e.describe(lang).replace(/^/gm, "  ")}`);
  return EXIT.unusable;
}

function readKey(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const text = readFileSync(file, "utf8");
  try {
    publicKeyObject(text);
  } catch (e) {
    throw new UsageError("badKey", `${file} (${(e as Error).message})`);
  }
  return text;
}

async function pack(out: string, opts: { root: string; version?: string; date?: string }, lang: Lang, io: Io): Promise<number> {
  const metaFile = join(opts.root, "catalog", "release.json");
  const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, "utf8")) as Record<string, unknown>) : {};
  if (opts.version !== undefined) meta.version = opts.version;
  const problems = validateAgainst(releaseSchema, meta, metaFile);
  if (problems.length) throw new DataFileError(problems);
  const released = opts.date ?? todayIso();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(released)) throw new UsageError("badDate", released);
  const files = catalogFiles(opts.root);
  // A release is cut only from a catalog that loads: schemas, references, patches.
  const { parts, problems: parse } = partsByRole(files);
  if (parse.length) throw new ReleaseError(parse);
  catalogFromParts(parts, { today: released });
  const { manifest, problems: made } = await makeManifest(
    { version: meta.version as string, released, publisher: meta.publisher as ReleaseManifest["publisher"], ...(meta.notes ? { notes: meta.notes as ReleaseManifest["publisher"] } : {}) },
    files,
    nodeCrypto,
  );
  if (!manifest) throw new ReleaseError(made);
  if (existsSync(out) && (await fs.readdir(out)).length > 0) throw new UsageError("notEmpty", out);
  for (const f of manifest.files) {
    const target = join(out, ...f.path.split("/"));
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.writeFile(target, files.get(f.path)!, { flag: "wx" });
  }
  await fs.writeFile(join(out, MANIFEST), JSON.stringify(manifest, null, 2) + "\n", { flag: "wx" });
  io.out(cm("packed", lang)(manifest.version, manifest.files.length, out));
  return 0;
}

/**
 * Verify a release directory and build its catalog (patches applied as of `today`): throws
 * ReleaseError naming every file that does not match, or DataFileError for content that does
 * not load. A release that fails is never used.
 */
export async function openRelease(dir: string, opts: { publicKey?: string; today?: string }): Promise<{ manifest: ReleaseManifest; catalog: Catalog; signed: boolean }> {
  const read = releaseReader(dir);
  // A path that is not a folder holds no release: its manifest is missing, said as such.
  const present = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? await listRelease(dir) : [];
  const result = await verifyRelease(await read(MANIFEST), read, nodeCrypto, { present, publicKey: opts.publicKey, signature: sigBytes(await read(SIGNATURE)) });
  if (!result.manifest || result.problems.length) throw new ReleaseError(result.problems);
  if (!validSemver(result.manifest.version)) throw new ReleaseError([{ file: MANIFEST, path: "/version", message: { kk: "semver емес", ru: "не semver", en: "not a semantic version" } }]);
  const { parts, problems } = releaseParts(result.manifest, result.files);
  if (!parts) throw new ReleaseError(problems);
  const m = result.manifest;
  const release: ReleaseInfo = { version: m.version, released: m.released, publisher: m.publisher, ...(m.notes ? { notes: m.notes } : {}), source: "directory", signed: result.signed };
  return { manifest: m, catalog: catalogFromParts(parts, { today: opts.today ?? todayIso(), release }), signed: result.signed };
}

function sigBytes(b: Uint8Array | null): Uint8Array | null {
  if (!b) return null;
  return Buffer.from(Buffer.from(b).toString("utf8").trim(), "base64");
}

function info(catalog: Catalog, format: string, lang: Lang, io: Io): void {
  const h = cm("heads", lang);
  const ops = cm("ops", lang);
  const rel = catalog.release;
  const data = {
    catalog: rel ? { version: rel.version, released: rel.released || null, publisher: rel.publisher, signed: rel.signed ?? false } : null,
    templates: [...catalog.templates.map((t) => ({ t, older: false })), ...(catalog.olderTemplates ?? []).map((t) => ({ t, older: true }))]
      .sort((a, b) => a.t.id.localeCompare(b.t.id) || (a.older ? 1 : 0) - (b.older ? 1 : 0))
      .map(({ t, older }) => ({ id: t.id, version: t.version, released: t.released ?? null, newest: !older, title: t.title })),
    packs: catalog.packs.map((p) => ({ id: p.pack.id, version: p.pack.version, rules: p.rules.length })),
    patches: (catalog.patches ?? []).map((p) => ({ id: p.id, version: p.version, effective: p.effective, status: p.status, issuedBy: p.issuedBy, document: p.document ?? null, changes: p.changes })),
    calendar: { version: catalog.calendar.version ?? null },
  };
  if (format === "json") {
    io.out(JSON.stringify(data, null, 2));
    return;
  }
  if (rel) io.out(`${h.catalog} ${rel.version}${rel.released ? `, ${h.released} ${rel.released}` : ""}, ${h.publisher}: ${pick(rel.publisher, lang)}`);
  io.out(`${h.templates}:`);
  for (const t of data.templates) io.out(`  ${t.id.padEnd(28)} ${t.version.padEnd(8)}${t.newest ? "" : ` (${h.older})`}  ${pick(t.title, lang)}`);
  io.out(`${h.packs}:`);
  for (const p of data.packs) io.out(`  ${p.id.padEnd(28)} ${p.version.padEnd(8)} ${p.rules} ${h.rules}`);
  io.out(`${h.patches}:${data.patches.length ? "" : ` ${h.none}`}`);
  for (const p of data.patches) {
    io.out(`  ${p.id.padEnd(28)} ${p.version.padEnd(8)} ${p.effective} ${p.status === "applied" ? h.applied : h.pending} — ${pick(p.issuedBy, lang)}${p.document ? `, ${p.document}` : ""}`);
    for (const c of p.changes)
      io.out(`    ${ops[c.op]} ${c.rule ?? `${c.pack}.${c.param} = ${JSON.stringify(c.value)}`}${c.severity ? ` → ${c.severity}` : ""}${c.effective !== p.effective ? ` (${c.effective})` : ""}: ${pick(c.reason, lang)}`);
  }
  io.out(`${h.calendar}: ${data.calendar.version ?? "—"}`);
}

/** `jospar check --catalog DIR`: a verified release (public key from JOSPAR_CATALOG_KEY, a PEM file, when set). */
export async function catalogForCheck(dir: string): Promise<Catalog> {
  const keyFile = process.env.JOSPAR_CATALOG_KEY;
  return (await openRelease(dir, { publicKey: keyFile ? readKey(keyFile) : undefined })).catalog;
}
