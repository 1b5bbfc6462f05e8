import schema from "../../../rules/patches/schema.json";
import { compare as semverCompare } from "semver";
import type { Localized } from "../i18n";
import type { Severity } from "./types";
import type { CompiledPack, CompiledRule } from "./pack";
import { DataError, DataFileError, validateAgainst } from "../util/schema";

/**
 * Rule patches (`rules/patches/*.patch.json`): a central body's small corrections on top of the
 * released rule packs — deactivate a rule that turned out wrong, reactivate it, change its
 * severity, change a pack parameter — each with a reason, the issuing body, an effective date
 * and a patch version. The packs stay as released; a finding of a patched rule says so.
 */
export interface RulePatch {
  id: string;
  version: string;
  title?: Localized;
  issuedBy: Localized;
  document?: string;
  effective: string;
  changes: PatchChange[];
}

export interface PatchChange {
  op: "deactivate" | "reactivate" | "severity" | "param";
  rule?: string;
  severity?: Severity;
  pack?: string;
  param?: string;
  value?: unknown;
  reason: Localized;
  effective?: string;
}

/** What a finding of a patched rule carries. */
export interface PatchMark {
  patch: string;
  version: string;
  issuedBy: Localized;
  effective: string;
  op: "reactivate" | "severity";
  reason: Localized;
  /** Severity before and after a severity change. */
  from?: Severity;
  to?: Severity;
}

/** A patch as the catalog reports it (catalog info, the JSON report, the pane's About). */
export interface AppliedPatch {
  id: string;
  version: string;
  file: string;
  title?: Localized;
  issuedBy: Localized;
  document?: string;
  effective: string;
  /** "pending" until its effective date. */
  status: "applied" | "pending";
  changes: (PatchChange & { effective: string; applied: boolean })[];
}

export interface LoadedPatch {
  patch: RulePatch;
  file: string;
}

/** Validate patch files against the schema and the packs they patch (every rule, pack and parameter must exist). */
export function loadPatches(files: { file: string; data: unknown }[], packs: CompiledPack[]): LoadedPatch[] {
  const problems: DataError[] = [];
  const ruleIds = new Set(packs.flatMap((p) => p.rules.map((r) => r.meta.ruleId)));
  const seen = new Map<string, string>();
  const out: LoadedPatch[] = [];
  for (const { file, data } of files) {
    const errors = validateAgainst(schema, data, file);
    if (errors.length) {
      problems.push(...errors);
      continue;
    }
    const patch = data as RulePatch;
    const key = `${patch.id}@${patch.version}`;
    if (seen.has(key)) problems.push({ file, path: "/version", message: `patch ${key} is also in ${seen.get(key)}` });
    seen.set(key, file);
    patch.changes.forEach((c, i) => {
      const at = `/changes/${i}`;
      if (c.rule !== undefined && !ruleIds.has(c.rule)) problems.push({ file, path: `${at}/rule`, message: `no rule "${c.rule}" in the rule packs` });
      if (c.op === "param") {
        const pack = packs.find((p) => p.pack.id === c.pack);
        if (!pack) problems.push({ file, path: `${at}/pack`, message: `no rule pack "${c.pack}"` });
        else if (!(c.param! in (pack.pack.params ?? {}))) problems.push({ file, path: `${at}/param`, message: `the pack "${c.pack}" has no parameter "${c.param}"` });
      }
    });
    out.push({ patch, file });
  }
  if (problems.length) throw new DataFileError(problems);
  return out;
}

/**
 * Apply patches in order (effective date, then version) to compiled packs, as of `today`
 * (ISO date of the check). Returns new packs; the inputs are not changed.
 */
export function applyPatches(packs: CompiledPack[], patches: LoadedPatch[], today: string): { packs: CompiledPack[]; applied: AppliedPatch[] } {
  const ordered = [...patches].sort((a, b) => (a.patch.effective < b.patch.effective ? -1 : a.patch.effective > b.patch.effective ? 1 : semverCompare(a.patch.version, b.patch.version)));
  const inactive = new Map<string, PatchMark | null>();
  const marks = new Map<string, PatchMark>();
  const severity = new Map<string, Severity>();
  const params = new Map<string, Record<string, unknown>>(packs.map((p) => [p.pack.id, { ...p.params }]));
  const applied: AppliedPatch[] = [];
  for (const { patch, file } of ordered) {
    const changes = patch.changes.map((c) => {
      const effective = c.effective ?? patch.effective;
      return { ...c, effective, applied: effective <= today };
    });
    for (const c of changes) {
      if (!c.applied) continue;
      const base = { patch: patch.id, version: patch.version, issuedBy: patch.issuedBy, effective: c.effective, reason: c.reason };
      if (c.op === "deactivate") {
        inactive.set(c.rule!, null);
        marks.delete(c.rule!);
      } else if (c.op === "reactivate") {
        inactive.delete(c.rule!);
        marks.set(c.rule!, { ...base, op: "reactivate" });
      } else if (c.op === "severity") {
        const before = severity.get(c.rule!) ?? originalSeverity(packs, c.rule!);
        severity.set(c.rule!, c.severity!);
        marks.set(c.rule!, { ...base, op: "severity", from: before, to: c.severity });
      } else params.get(c.pack!)![c.param!] = c.value;
    }
    applied.push({
      id: patch.id, version: patch.version, file, issuedBy: patch.issuedBy, effective: patch.effective,
      ...(patch.title ? { title: patch.title } : {}), ...(patch.document ? { document: patch.document } : {}),
      status: changes.some((c) => c.applied) ? "applied" : "pending", changes,
    });
  }
  const patched = packs.map((p) => ({
    ...p,
    params: params.get(p.pack.id)!,
    rules: p.rules
      .filter((r) => !inactive.has(r.meta.ruleId))
      .map((r): CompiledRule => {
        const mark = marks.get(r.meta.ruleId);
        if (!mark) return r;
        return { ...r, meta: { ...r.meta, severity: severity.get(r.meta.ruleId) ?? r.meta.severity, patched: mark } };
      }),
  }));
  return { packs: patched, applied };
}

function originalSeverity(packs: CompiledPack[], rule: string): Severity | undefined {
  for (const p of packs) for (const r of p.rules) if (r.meta.ruleId === rule) return r.meta.severity;
  return undefined;
}

/** "Patched by …" in the user's language, for a finding's text. */
export function patchNote(m: PatchMark): Localized {
  const sev = { kk: { error: "қате", warning: "ескерту", info: "ақпарат" }, ru: { error: "ошибка", warning: "предупреждение", info: "информация" }, en: { error: "error", warning: "warning", info: "info" } };
  const by = (l: "kk" | "ru" | "en") => `${m.patch} ${m.version} (${m.issuedBy[l]}, ${dots(m.effective)})`;
  if (m.op === "severity")
    return {
      kk: `Деңгейі ${by("kk")} түзетуімен өзгертілді: ${sev.kk[m.from ?? "error"]} → ${sev.kk[m.to ?? "error"]}. Себебі: ${m.reason.kk}`,
      ru: `Уровень изменён поправкой ${by("ru")}: ${sev.ru[m.from ?? "error"]} → ${sev.ru[m.to ?? "error"]}. Причина: ${m.reason.ru}`,
      en: `Severity changed by patch ${by("en")}: ${sev.en[m.from ?? "error"]} → ${sev.en[m.to ?? "error"]}. Reason: ${m.reason.en}`,
    };
  return {
    kk: `Ереже ${by("kk")} түзетуімен қайта қосылды. Себебі: ${m.reason.kk}`,
    ru: `Правило снова включено поправкой ${by("ru")}. Причина: ${m.reason.ru}`,
    en: `Rule reactivated by patch ${by("en")}. Reason: ${m.reason.en}`,
  };
}

function dots(iso: string): string {
  const [y, mo, d] = iso.split("-");
  return `${d}.${mo}.${y}`;
}
