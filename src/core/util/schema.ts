import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { Lang, Localized } from "../i18n";

/** One ajv instance for all data schemas (templates, rule packs, calendars); each compiled once. */
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

export interface DataError {
  /** The file (or other source name) the data came from. */
  file: string;
  /** JSON Pointer of the offending value, e.g. "/table/columns/2/type". */
  path: string;
  message: string;
  /** The message in every UI language, where the check has one (`message` is its English). */
  text?: Localized;
}

export class DataFileError extends Error {
  constructor(public readonly errors: DataError[]) {
    super(errors.map((e) => `${e.file}${e.path ? ` at ${e.path}` : ""}: ${e.message}`).join("\n"));
    this.name = "DataFileError";
  }

  /** The errors in the user's language where they have one, file and JSON path as they are. */
  describe(lang: Lang): string {
    return this.errors.map((e) => `${e.file}${e.path ? ` ${AT[lang]} ${e.path}` : ""}: ${e.text ? e.text[lang] : e.message}`).join("\n");
  }
}

const AT: Localized = { kk: "орны", ru: "в", en: "at" };

export function validateAgainst(schema: object, data: unknown, file: string): DataError[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({ file, path: e.instancePath || "/", message: describe(e) }));
}

function describe(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") return `unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === "enum") return `${e.message}: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
  return e.message ?? e.keyword;
}
