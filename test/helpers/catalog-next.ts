import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ROOT } from "./forms";

/**
 * A repository-shaped catalog root in a temporary directory: the shipped templates/, rules/ and
 * catalog/, plus the test data of a next release (test/data/catalog-next: operational-plan,
 * its report and block-budget-contracts at 1.1.0, a rule for 1.1.0 only) and any patches given.
 */
export function nextRoot(opts: { next?: boolean; patches?: string[]; version?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "jospar-catalog-"));
  for (const d of ["templates", "rules", "catalog"]) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  writeFileSync(join(dir, "package.json"), "{}");
  if (opts.next !== false) cpSync(join(ROOT, "test", "data", "catalog-next"), dir, { recursive: true });
  mkdirSync(join(dir, "rules", "patches"), { recursive: true });
  for (const p of opts.patches ?? []) cpSync(join(ROOT, "test", "data", "patches", p), join(dir, "rules", "patches", p));
  return dir;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "jospar-out-"));
}
