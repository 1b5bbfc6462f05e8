import data from "../../rules/acts.json";
import schema from "../../rules/acts.schema.json";
import type { Localized } from "./i18n";
import { DataFileError, validateAgainst } from "./util/schema";

/**
 * The register of legal acts (rules/acts.json, schema beside it): for each source document the
 * act's titles in kk/ru/en, kind, number, date, status and what repealed it. Findings cite acts
 * from here; the seed file name is the key (provenance), never text for people.
 */
export interface ActRef {
  kind: Localized;
  issuer?: Localized;
  number: string;
  date: string;
}

export interface Act extends ActRef {
  id: string;
  seed: string;
  title: Localized;
  amendedBy?: ActRef;
  status: "in-force" | "repealed" | "suspended";
  validFrom?: string;
  validTo?: string;
  repealedBy?: ActRef;
}

export interface ActRegister {
  acts: Act[];
  /** How a check of the template itself (no act) is cited. */
  general: Localized;
}

export function loadActs(raw: unknown, file = "rules/acts.json"): ActRegister {
  const errors = validateAgainst(schema, raw, file);
  if (errors.length) throw new DataFileError(errors);
  const reg = raw as ActRegister;
  const seen = new Set<string>();
  for (const [i, a] of reg.acts.entries()) {
    if (seen.has(a.seed)) throw new DataFileError([{ file, path: `/acts/${i}/seed`, message: `a second act for the same source ${a.seed}` }]);
    seen.add(a.seed);
  }
  return reg;
}

let register: ActRegister | null = null;

/** The bundled register (validated once, on first use). */
export function acts(): ActRegister {
  return (register ??= loadActs(data));
}

export function actBySeed(seed: string | undefined): Act | undefined {
  return seed ? acts().acts.find((a) => a.seed === seed) : undefined;
}
