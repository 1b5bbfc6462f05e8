import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

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
}

export class DataFileError extends Error {
  constructor(public readonly errors: DataError[]) {
    super(errors.map((e) => `${e.file}${e.path ? ` at ${e.path}` : ""}: ${e.message}`).join("\n"));
    this.name = "DataFileError";
  }
}

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
