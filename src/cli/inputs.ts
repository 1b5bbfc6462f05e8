import { promises as fs } from "fs";
import { basename, dirname, extname, join, relative, resolve, sep } from "path";
import type { FileTask } from "./worker";

/** Something given on the command line or found in a folder that is not checked, and why. */
export interface Skipped {
  path: string;
  reason: "not-xlsx" | "lock-file" | "checked-copy" | "duplicate" | "symlink" | "unreadable-folder";
}

export interface Inputs {
  /** The files to check, in the order given (folders: sorted by path). */
  files: string[];
  skipped: Skipped[];
}

/**
 * The files of a `check` call: files as given (whatever their extension: the reader says what a
 * file is), folders walked recursively for `.xlsx` files. Folders' other entries are listed as
 * skipped, with the reason; symbolic links inside folders are not followed (a loop, or a file
 * outside the folder the collector named). The same file given twice is checked once.
 */
export async function expandInputs(args: string[]): Promise<Inputs> {
  const files: string[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  const add = async (path: string) => {
    const key = await fs.realpath(path).catch(() => resolve(path));
    if (seen.has(key)) return skipped.push({ path, reason: "duplicate" });
    seen.add(key);
    files.push(path);
  };
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      skipped.push({ path: dir, reason: "unreadable-folder" });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isSymbolicLink()) skipped.push({ path, reason: "symlink" });
      else if (e.isDirectory()) await walk(path);
      else if (!/\.xlsx$/i.test(e.name)) skipped.push({ path, reason: "not-xlsx" });
      // Excel's "~$name.xlsx" owner file while a workbook is open.
      else if (e.name.startsWith("~$")) skipped.push({ path, reason: "lock-file" });
      else if (/\.checked\.xlsx$/i.test(e.name)) skipped.push({ path, reason: "checked-copy" });
      else await add(path);
    }
  };
  for (const a of args) {
    const st = await fs.stat(a).catch(() => null);
    if (st?.isDirectory()) await walk(a);
    // A file, or nothing there: the reader reports "file not found" for that path.
    else await add(a);
  }
  return { files, skipped };
}

/**
 * Where each file's checked copy goes: its path relative to the deepest folder holding every
 * input, under outDir, as `<name>.checked.xlsx` — so two inputs never share a copy (a/x.xlsx and
 * b/x.xlsx keep their folders). A copy that would land on an input of the call is not written.
 */
export async function plan(files: string[], outDir: string | undefined): Promise<{ tasks: FileTask[]; blocked: Map<number, string> }> {
  const blocked = new Map<number, string>();
  if (!outDir) return { tasks: files.map((path, index) => ({ index, path })), blocked };
  const abs = files.map((f) => resolve(f));
  const root = commonFolder(abs.map((f) => dirname(f)));
  const inputs = new Set(await Promise.all(abs.map((f) => fs.realpath(f).catch(() => f))));
  const tasks: FileTask[] = [];
  for (let index = 0; index < files.length; index++) {
    const rel = relative(root, abs[index]);
    const out = join(outDir, dirname(rel), `${basename(rel, extname(rel))}.checked.xlsx`);
    const real = await realTarget(out);
    if (inputs.has(real) || inputs.has(resolve(out))) blocked.set(index, out);
    tasks.push({ index, path: files[index], out });
  }
  return { tasks, blocked };
}

/** The real path a new file would get (its folder resolved through links), to compare with inputs. */
async function realTarget(out: string): Promise<string> {
  const real = await fs.realpath(out).catch(() => null);
  if (real) return real;
  const dir = await fs.realpath(dirname(out)).catch(() => resolve(dirname(out)));
  return join(dir, basename(out));
}

function commonFolder(dirs: string[]): string {
  if (dirs.length === 0) return process.cwd();
  let parts = dirs[0].split(sep);
  for (const d of dirs.slice(1)) {
    const p = d.split(sep);
    let i = 0;
    while (i < parts.length && i < p.length && parts[i] === p[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}
