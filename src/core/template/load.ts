import schema from "../../../templates/schema.json";
import type { Template } from "./types";
import { DataError, DataFileError, validateAgainst } from "../util/schema";
import { bindFunctions, type FunctionLibrary } from "../functions";
import { patternProblem } from "../pattern";

/**
 * Validate a parsed template file: the JSON Schema first, then what a schema cannot say
 * (references between parts; every function it calls exists in `functions` and gets arguments
 * its schema accepts, naming parts the template has). Errors name the file and the JSON path.
 * The template is then bound to `functions`: its computed values are made with them.
 */
export function loadTemplate(data: unknown, file: string, functions: FunctionLibrary): Template {
  const errors = validateAgainst(schema, data, file);
  if (errors.length) throw new DataFileError(errors);
  const t = data as Template;
  const semantic = [...checkReferences(t, file), ...functions.check(t, file)];
  if (semantic.length) throw new DataFileError(semantic);
  bindFunctions(t, functions);
  return t;
}

function checkReferences(t: Template, file: string): DataError[] {
  const errs: DataError[] = [];
  const err = (path: string, message: string) => errs.push({ file, path, message });
  const kinds = new Set(t.table.rowKinds.map((k) => k.id));
  const cols = new Set(t.table.columns.map((c) => c.id));
  const fields = new Set([...t.header, ...t.context].map((f) => f.id));
  dupes(t.table.columns.map((c) => c.id)).forEach((id) => err("/table/columns", `duplicate column id "${id}"`));
  // A row's fact holds its cells by column id beside its own keys: a column may not shadow one.
  const reserved = new Set(["kind", "kindLabel", "number", "expectedNumber", "section", "parentKind", "parentNumber", "parentAllowed", "parentLabel", "children", "before", "invalid", "normalised", "blankRequired", "mirror", "aggregates", "derived"]);
  t.table.columns.forEach((c, i) => reserved.has(c.id) && err(`/table/columns/${i}/id`, `"${c.id}" is a key of the row fact; choose another column id`));
  dupes([...t.header, ...t.context].map((f) => f.id)).forEach((id) => err("/header", `duplicate field id "${id}"`));
  dupes(t.table.rowKinds.map((k) => k.id)).forEach((id) => err("/table/rowKinds", `duplicate row kind "${id}"`));
  const numbers = t.table.columns.filter((c) => c.number !== undefined).map((c) => c.number!);
  numbers.forEach((n, i) => {
    if (n !== i + 1) err(`/table/columns/${i}/number`, `official columns must be numbered 1…n in order; found ${n} at position ${i + 1}`);
  });
  if (!cols.has(t.table.nameColumn)) err("/table/nameColumn", `no column "${t.table.nameColumn}"`);
  if (t.table.numberColumn && !cols.has(t.table.numberColumn)) err("/table/numberColumn", `no column "${t.table.numberColumn}"`);
  if (t.table.rowKinds.filter((k) => k.isDefault).length !== 1) err("/table/rowKinds", "exactly one row kind must be the default (isDefault)");
  if (t.table.columns.filter((c) => c.role === "rowKind").length > 1) err("/table/columns", "at most one column may hold the row kind");
  t.table.rowKinds.forEach((k, i) =>
    (k.patterns ?? []).forEach((p, j) => {
      const problem = patternProblem(p);
      if (problem) errs.push({ file, path: `/table/rowKinds/${i}/patterns/${j}`, message: problem.en, text: problem });
    }),
  );
  t.table.columns.forEach((c, i) =>
    (c.requiredOn ?? []).forEach((k) => kinds.has(k) || err(`/table/columns/${i}/requiredOn`, `unknown row kind "${k}"`)),
  );
  for (const [key, children] of Object.entries(t.table.hierarchy)) {
    const parent = key.split("#")[0];
    if (parent !== "$root" && !kinds.has(parent)) err(`/table/hierarchy/${key}`, `unknown row kind "${parent}"`);
    children.forEach((k) => kinds.has(k) || err(`/table/hierarchy/${key}`, `unknown row kind "${k}"`));
  }
  (t.table.skeleton ?? []).forEach((s, i) => {
    if (!kinds.has(s.kind)) err(`/table/skeleton/${i}/kind`, `unknown row kind "${s.kind}"`);
    Object.keys(s.cells ?? {}).forEach((c) => cols.has(c) || err(`/table/skeleton/${i}/cells`, `no column "${c}"`));
  });
  t.table.rowKinds.forEach((k, i) => {
    if (k.defaultChild && !kinds.has(k.defaultChild)) err(`/table/rowKinds/${i}/defaultChild`, `unknown row kind "${k.defaultChild}"`);
    (k.printedColumns ?? []).forEach((c, j) => cols.has(c) || err(`/table/rowKinds/${i}/printedColumns/${j}`, `no column "${c}"`));
  });
  t.table.columns.forEach((c, i) => {
    Object.keys(c.computed?.byKind ?? {}).forEach((k) => kinds.has(k) || err(`/table/columns/${i}/computed/byKind`, `unknown row kind "${k}"`));
    if (c.computed && c.role) err(`/table/columns/${i}/computed`, "a computed column cannot hold the row kind");
  });
  const computed = new Set((t.computed ?? []).map((c) => c.id));
  (t.computed ?? []).forEach((c, i) => {
    const base = `/computed/${i}`;
    if (fields.has(c.id)) err(`${base}/id`, `"${c.id}" is also a field id`);
    const a = c.aggregate;
    if (a) {
      if (a.column && !cols.has(a.column)) err(`${base}/aggregate/column`, `no column "${a.column}"`);
      if (a.where?.column && !cols.has(a.where.column)) err(`${base}/aggregate/where/column`, `no column "${a.where.column}"`);
      (a.where?.kinds ?? []).forEach((k) => kinds.has(k) || err(`${base}/aggregate/where/kinds`, `unknown row kind "${k}"`));
      if (a.op === "sum" && !a.column) err(`${base}/aggregate`, "a sum needs a column");
    }
    if (c.ratio) {
      for (const part of ["numerator", "denominator"] as const)
        if (!computed.has(c.ratio[part])) err(`${base}/ratio/${part}`, `no computed value "${c.ratio[part]}"`);
    }
  });
  if (t.heading) {
    for (const m of t.heading.text.matchAll(/\{([A-Za-z0-9_]+)\}/g))
      if (!t.header.some((f) => f.id === m[1])) err("/heading/text", `placeholder {${m[1]}} is not a header field`);
  }
  const anyField = new Set([...fields, ...computed]);
  const placed = new Set<string>();
  // A printed line puts its number, label and value in the first three official columns, and
  // words after the value in the fourth.
  const officialCount = t.table.columns.filter((c) => !c.helper).length;
  for (const part of ["before", "after"] as const)
    (t.printed?.[part] ?? []).forEach((line, i) => {
      const base = `/printed/${part}/${i}`;
      if (line.field !== undefined) {
        if (!anyField.has(line.field)) err(`${base}/field`, `no field or computed value "${line.field}"`);
        else if (placed.has(line.field)) err(`${base}/field`, `field "${line.field}" is placed twice; repeat its value with "shows"`);
        placed.add(line.field);
      }
      if (line.shows !== undefined && !anyField.has(line.shows)) err(`${base}/shows`, `no field or computed value "${line.shows}"`);
      if (officialCount < 3) err(base, `a printed line needs at least 3 official columns (number, label, value); the table has ${officialCount}`);
      else if (line.suffix !== undefined && officialCount < 4) err(`${base}/suffix`, `words after the value need a fourth official column; the table has ${officialCount}`);
    });
  if (t.mirrors) {
    if (!cols.has(t.mirrors.key.self)) err("/mirrors/key/self", `no column "${t.mirrors.key.self}"`);
    Object.keys(t.mirrors.columns).forEach((c) => cols.has(c) || err("/mirrors/columns", `no column "${c}"`));
  }
  return errs;
}

function dupes(ids: string[]): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const id of ids) (seen.has(id) ? out : seen).add(id);
  return [...out];
}
