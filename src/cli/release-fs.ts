import { createHash, createPublicKey, verify as edVerify } from "crypto";
import { promises as fs, readFileSync, readdirSync, existsSync, statSync } from "fs";
import { join, relative, sep } from "path";
import type { ReleaseCrypto } from "../core/release/manifest";
import { MANIFEST, SIGNATURE, roleOf } from "../core/release/manifest";

/** SHA-256 and Ed25519 from node:crypto (no hand-made cryptography). */
export const nodeCrypto: ReleaseCrypto = {
  sha256: async (bytes) => createHash("sha256").update(bytes).digest("hex"),
  verifyEd25519: async (publicKey, data, signature) => edVerify(null, data, publicKeyObject(publicKey), signature),
};

/** A public key as PEM (SPKI) or bare base64 of the DER. */
export function publicKeyObject(key: string) {
  const text = key.trim();
  if (text.includes("-----BEGIN")) return createPublicKey(text);
  return createPublicKey({ key: Buffer.from(text, "base64"), format: "der", type: "spki" });
}

/** Every catalog file of a repository-shaped directory (templates/, rules/), path relative with "/". */
export function catalogFiles(root: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const rel = relative(root, full).split(sep).join("/");
        if (roleOf(rel)) out.set(rel, readFileSync(full));
      }
    }
  };
  walk(join(root, "templates"));
  walk(join(root, "rules"));
  return out;
}

/** Every file under a release directory (for "nothing unlisted"), relative with "/". */
export async function listRelease(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(relative(dir, full).split(sep).join("/"));
    }
  };
  await walk(dir);
  return out.sort();
}

/** Read a file of a release directory, or null when absent; never outside the directory. */
export function releaseReader(dir: string): (path: string) => Promise<Uint8Array | null> {
  return async (path) => {
    if (path.split("/").some((p) => p === ".." || p === "")) return null;
    try {
      return await fs.readFile(join(dir, ...path.split("/")));
    } catch {
      return null;
    }
  };
}

export { MANIFEST, SIGNATURE };
