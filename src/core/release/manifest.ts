import manifestSchema from "../../../catalog/manifest.schema.json";
import type { Localized } from "../i18n";
import { validateAgainst } from "../util/schema";

/**
 * A catalog release: the templates, rule packs, rule patches, calendar and reference data a
 * central body publishes, with a manifest listing each file's SHA-256 and a digest of the whole.
 * Pure: the caller reads the files (the CLI from disk, the add-in over HTTP) and supplies the
 * hashing and signature check (node:crypto, or WebCrypto in the browser) — no cryptography here.
 */
export interface ReleaseManifest {
  format: "jospar-catalog/1";
  version: string;
  released: string;
  publisher: Localized;
  notes?: Localized;
  templates: Versioned[];
  packs: Versioned[];
  patches: Versioned[];
  calendar: { version: string; file: string };
  data: { file: string }[];
  files: { path: string; sha256: string; bytes: number }[];
  digest: string;
}

export interface Versioned {
  id: string;
  version: string;
  file: string;
}

export interface ReleaseMeta {
  version: string;
  released: string;
  publisher: Localized;
  notes?: Localized;
}

export interface ReleaseCrypto {
  /** Lower-case hex SHA-256. */
  sha256(bytes: Uint8Array): Promise<string>;
  /** Ed25519 check of `signature` over `data` with a public key (SPKI, PEM or base64 DER). */
  verifyEd25519?(publicKey: string, data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** One thing wrong with a release: the file (inside the release) and the JSON path, in every language. */
export interface ReleaseProblem {
  file: string;
  path: string;
  message: Localized;
}

export const MANIFEST = "manifest.json";
export const SIGNATURE = "manifest.sig";

/** What a file of the catalog is, by where it sits (the same layout as the repository's). */
export type FileRole = "template" | "pack" | "patch" | "calendar" | "data";

export function roleOf(path: string): FileRole | null {
  if (/^templates\/[^/]+\.json$/.test(path) && !path.endsWith("/schema.json")) return "template";
  if (/^rules\/[^/]+\.rules\.json$/.test(path)) return "pack";
  if (/^rules\/patches\/[^/]+\.patch\.json$/.test(path)) return "patch";
  if (/^rules\/calendars\/[^/]+\.json$/.test(path) && !path.endsWith("/schema.json")) return "calendar";
  if (/^rules\/data\/[^/]+\.json$/.test(path)) return "data";
  return null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function parseJsonFile(file: string, bytes: Uint8Array): { data?: unknown; problem?: ReleaseProblem } {
  try {
    return { data: JSON.parse(utf8.decode(bytes)) };
  } catch (e) {
    const why = (e as Error).message;
    return { problem: { file, path: "/", message: { kk: `JSON емес: ${why}`, ru: `не JSON: ${why}`, en: `not valid JSON: ${why}` } } };
  }
}

/** The whole-release digest: SHA-256 of sha256sum-style lines, sorted by path. */
export async function wholeDigest(files: ReleaseManifest["files"], crypto: ReleaseCrypto): Promise<string> {
  const lines = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => `${f.sha256}  ${f.path}\n`).join("");
  return `sha256:${await crypto.sha256(new TextEncoder().encode(lines))}`;
}

/**
 * Build the manifest of a release from the catalog files (path relative to the release root →
 * bytes). Ids and versions are read from the files themselves, so the manifest cannot disagree
 * with what it lists.
 */
export async function makeManifest(meta: ReleaseMeta, files: Map<string, Uint8Array>, crypto: ReleaseCrypto): Promise<{ manifest?: ReleaseManifest; problems: ReleaseProblem[] }> {
  const problems: ReleaseProblem[] = [];
  const manifest: ReleaseManifest = {
    format: "jospar-catalog/1", version: meta.version, released: meta.released, publisher: meta.publisher,
    ...(meta.notes ? { notes: meta.notes } : {}),
    templates: [], packs: [], patches: [], calendar: { version: "", file: "" }, data: [], files: [], digest: "",
  };
  for (const path of [...files.keys()].sort()) {
    const bytes = files.get(path)!;
    const role = roleOf(path);
    if (!role) continue;
    const { data, problem } = parseJsonFile(path, bytes);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const d = (data ?? {}) as { id?: unknown; version?: unknown };
    const versioned = (): Versioned | null => {
      if (typeof d.id === "string" && typeof d.version === "string") return { id: d.id, version: d.version, file: path };
      problems.push({ file: path, path: typeof d.id === "string" ? "/version" : "/id", message: { kk: "id және version жолдары қажет", ru: "нужны строки id и version", en: "needs string id and version" } });
      return null;
    };
    if (role === "template" || role === "pack" || role === "patch") {
      const v = versioned();
      if (v) manifest[role === "template" ? "templates" : role === "pack" ? "packs" : "patches"].push(v);
    } else if (role === "calendar") {
      if (manifest.calendar.file) {
        problems.push({ file: path, path: "/", message: { kk: "релизде бір ғана күнтізбе болады", ru: "в выпуске может быть только один календарь", en: "a release holds one calendar" } });
        continue;
      }
      manifest.calendar = { version: String(d.version ?? ""), file: path };
    } else manifest.data.push({ file: path });
    manifest.files.push({ path, sha256: await crypto.sha256(bytes), bytes: bytes.length });
  }
  if (!manifest.calendar.file) problems.push({ file: MANIFEST, path: "/calendar", message: { kk: "күнтізбе жоқ (rules/calendars/)", ru: "нет календаря (rules/calendars/)", en: "no calendar (rules/calendars/)" } });
  manifest.digest = await wholeDigest(manifest.files, crypto);
  return problems.length ? { problems } : { manifest, problems };
}

/**
 * Check a release: the manifest's shape, every listed file present with its size and SHA-256,
 * nothing unlisted beside them, the whole digest, and — when a public key is configured — the
 * Ed25519 signature of manifest.json. Returns every problem; a release with any is never used.
 */
export async function verifyRelease(
  manifestBytes: Uint8Array | null,
  read: (path: string) => Promise<Uint8Array | null>,
  crypto: ReleaseCrypto,
  opts: { present?: string[]; publicKey?: string; signature?: Uint8Array | null } = {},
): Promise<{ manifest?: ReleaseManifest; problems: ReleaseProblem[]; files: Map<string, Uint8Array>; signed: boolean }> {
  const problems: ReleaseProblem[] = [];
  const files = new Map<string, Uint8Array>();
  if (!manifestBytes) return { problems: [{ file: MANIFEST, path: "/", message: { kk: "manifest.json жоқ: бұл каталог релизі емес", ru: "нет manifest.json: это не выпуск каталога", en: "manifest.json is missing: not a catalog release" } }], files, signed: false };
  const { data, problem } = parseJsonFile(MANIFEST, manifestBytes);
  if (problem) return { problems: [problem], files, signed: false };
  const shape = validateAgainst(manifestSchema, data, MANIFEST);
  if (shape.length) return { problems: shape.map((e) => ({ file: e.file, path: e.path, message: { kk: e.message, ru: e.message, en: e.message } })), files, signed: false };
  const manifest = data as ReleaseManifest;
  let signed = false;
  if (opts.publicKey) {
    if (!opts.signature) problems.push({ file: SIGNATURE, path: "/", message: { kk: "релиз қолтаңбасыз, ал ашық кілт бапталған", ru: "выпуск не подписан, а открытый ключ настроен", en: "the release is not signed, and a public key is configured" } });
    else if (!crypto.verifyEd25519) problems.push({ file: SIGNATURE, path: "/", message: { kk: "бұл ортада Ed25519 тексеру мүмкін емес", ru: "в этой среде нельзя проверить Ed25519", en: "Ed25519 cannot be checked here" } });
    else if (!(await crypto.verifyEd25519(opts.publicKey, manifestBytes, opts.signature).catch(() => false)))
      problems.push({ file: SIGNATURE, path: "/", message: { kk: "қолтаңба manifest.json-ға сәйкес емес (немесе басқа кілтпен қойылған)", ru: "подпись не соответствует manifest.json (или сделана другим ключом)", en: "the signature does not match manifest.json (or was made with another key)" } });
    else signed = true;
  }
  const listed = new Set<string>();
  for (const [i, f] of manifest.files.entries()) {
    listed.add(f.path);
    const bytes = await read(f.path);
    if (!bytes) {
      problems.push({ file: f.path, path: `/files/${i}`, message: { kk: "файл жоқ", ru: "файл отсутствует", en: "the file is missing" } });
      continue;
    }
    const sum = await crypto.sha256(bytes);
    if (sum !== f.sha256 || bytes.length !== f.bytes)
      problems.push({
        file: f.path, path: `/files/${i}/sha256`,
        message: {
          kk: `файл өзгертілген: SHA-256 ${sum.slice(0, 12)}…, манифестте ${f.sha256.slice(0, 12)}…`,
          ru: `файл изменён: SHA-256 ${sum.slice(0, 12)}…, в манифесте ${f.sha256.slice(0, 12)}…`,
          en: `the file was changed: SHA-256 ${sum.slice(0, 12)}…, the manifest says ${f.sha256.slice(0, 12)}…`,
        },
      });
    else files.set(f.path, bytes);
  }
  const declared = [...manifest.templates, ...manifest.packs, ...manifest.patches, manifest.calendar, ...manifest.data];
  declared.forEach((d) => {
    if (!listed.has(d.file)) problems.push({ file: MANIFEST, path: "/files", message: { kk: `${d.file} тізімде бар, бірақ хэші жоқ`, ru: `${d.file} указан, но без хэша`, en: `${d.file} is declared but has no hash in /files` } });
  });
  for (const p of opts.present ?? [])
    if (p !== MANIFEST && p !== SIGNATURE && !listed.has(p))
      problems.push({ file: p, path: "/", message: { kk: "манифестте жоқ артық файл", ru: "лишний файл, которого нет в манифесте", en: "an extra file the manifest does not list" } });
  const digest = await wholeDigest(manifest.files, crypto);
  if (digest !== manifest.digest) problems.push({ file: MANIFEST, path: "/digest", message: { kk: "жалпы дайджест файлдар тізіміне сәйкес емес", ru: "общий дайджест не соответствует списку файлов", en: "the whole digest does not match the list of files" } });
  return { manifest, problems, files, signed };
}

/** A release's files by role, ready for createCatalog and the patches loader. */
export function releaseParts(manifest: ReleaseManifest, files: Map<string, Uint8Array>): { parts?: ReleaseParts; problems: ReleaseProblem[] } {
  const problems: ReleaseProblem[] = [];
  const json = (file: string) => {
    const bytes = files.get(file);
    if (!bytes) return undefined;
    const { data, problem } = parseJsonFile(file, bytes);
    if (problem) problems.push(problem);
    return data;
  };
  const parts: ReleaseParts = {
    templates: manifest.templates.map((t) => ({ file: t.file, data: json(t.file) })),
    packs: manifest.packs.map((p) => ({ file: p.file, data: json(p.file) })),
    patches: manifest.patches.map((p) => ({ file: p.file, data: json(p.file) })),
    calendar: { file: manifest.calendar.file, data: json(manifest.calendar.file) },
    data: manifest.data.map((d) => ({ file: d.file, data: json(d.file) })),
  };
  return problems.length ? { problems } : { parts, problems };
}

export interface ReleaseParts {
  templates: { file: string; data: unknown }[];
  packs: { file: string; data: unknown }[];
  patches: { file: string; data: unknown }[];
  calendar: { file: string; data: unknown };
  data: { file: string; data: unknown }[];
}

/** The catalog's files by role, straight from a file map (the repository, before any manifest exists). */
export function partsByRole(files: Map<string, Uint8Array>): { parts: ReleaseParts; problems: ReleaseProblem[] } {
  const problems: ReleaseProblem[] = [];
  const parts: ReleaseParts = { templates: [], packs: [], patches: [], calendar: { file: "", data: undefined }, data: [] };
  for (const path of [...files.keys()].sort()) {
    const role = roleOf(path);
    if (!role) continue;
    const { data, problem } = parseJsonFile(path, files.get(path)!);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const item = { file: path, data };
    if (role === "template") parts.templates.push(item);
    else if (role === "pack") parts.packs.push(item);
    else if (role === "patch") parts.patches.push(item);
    else if (role === "calendar") parts.calendar = item;
    else parts.data.push(item);
  }
  return { parts, problems };
}
