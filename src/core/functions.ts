import type { Template } from "./template/types";
import type { ComputeFunction, CellFormula } from "./computed";
import type { RowComputeFunction, RowFormula } from "./computed-rows";
import { validateAgainst, type DataError } from "./util/schema";

/**
 * The functions templates call by name (`computed[].fn`, computed columns), each with its Excel
 * twin and the JSON Schema of its arguments. A methodology is a module exporting one
 * `Methodology` value; the catalog is made from an explicit list of them (no registry filled by
 * side-effect imports), and a template is loaded against that library: an unknown name or a bad
 * argument is a data error naming the file and the JSON path.
 */

/** JSON Schema of a function's `args` object. */
export type ArgsSchema = Record<string, unknown>;

/** A form-level computed cell: the core's value and the sheet's formula (with "="), from one declaration. */
export interface CellFunction {
  compute: ComputeFunction;
  /** The Excel twin, or none when the cell is only computed by the core. */
  formula?: CellFormula;
  args: ArgsSchema;
  refs?: ArgRefs;
}

/** Which arguments name a part of the template (a string, or a list of strings): checked when it loads. */
export interface ArgRefs {
  columns?: string[];
  kinds?: string[];
  /** Header, context or computed-cell ids. */
  fields?: string[];
}

/** A per-row computed column: the core's value per row and the row-relative formula (without "="). */
export interface RowFunction {
  compute: RowComputeFunction;
  formula?: RowFormula;
  args: ArgsSchema;
  refs?: ArgRefs;
}

export interface Methodology {
  /** Where the functions come from (a seed, "generic"), for error messages. */
  id: string;
  cells?: Readonly<Record<string, CellFunction>>;
  rows?: Readonly<Record<string, RowFunction>>;
}

/**
 * A methodology from its module's tables: functions and twins by name, one argument schema per
 * name (and optionally which arguments name template parts). A twin without a function or a
 * function without a schema is a programming error, reported when the module loads.
 */
export function methodology(
  id: string,
  p: {
    cells?: Map<string, ComputeFunction>;
    cellFormulas?: Map<string, CellFormula>;
    rows?: Map<string, RowComputeFunction>;
    rowFormulas?: Map<string, RowFormula>;
    args: Record<string, ArgsSchema>;
    refs?: Record<string, ArgRefs>;
  },
): Methodology {
  const need = (name: string) => {
    const a = p.args[name];
    if (!a) throw new Error(`${id}: the function "${name}" has no argument schema`);
    return a;
  };
  for (const name of p.cellFormulas?.keys() ?? []) if (!p.cells?.has(name)) throw new Error(`${id}: formula "${name}" has no cell function`);
  for (const name of p.rowFormulas?.keys() ?? []) if (!p.rows?.has(name)) throw new Error(`${id}: formula "${name}" has no row function`);
  const cells: Record<string, CellFunction> = {};
  for (const [name, compute] of p.cells ?? []) cells[name] = { compute, formula: p.cellFormulas?.get(name), args: need(name), refs: p.refs?.[name] };
  const rows: Record<string, RowFunction> = {};
  for (const [name, compute] of p.rows ?? []) rows[name] = { compute, formula: p.rowFormulas?.get(name), args: need(name), refs: p.refs?.[name] };
  return { id, cells, rows };
}

/** Arguments that are only ids (columns, fields, row kinds) given as strings, all required. */
export function idArgs(required: readonly string[], optional: Record<string, unknown> = {}): ArgsSchema {
  return {
    type: "object",
    additionalProperties: false,
    required: [...required],
    properties: { ...Object.fromEntries(required.map((k) => [k, { type: "string", minLength: 1 }])), ...optional },
  };
}

/** The functions of a catalog: the union of its methodologies, each name defined once. */
export class FunctionLibrary {
  private readonly cellFns = new Map<string, CellFunction>();
  private readonly rowFns = new Map<string, RowFunction>();

  constructor(readonly methodologies: readonly Methodology[]) {
    const owner = new Map<string, string>();
    const add = <F>(map: Map<string, F>, kind: string, name: string, f: F, from: string) => {
      const key = `${kind} ${name}`;
      if (owner.has(key)) throw new Error(`the ${kind} function "${name}" is defined by both ${owner.get(key)} and ${from}`);
      owner.set(key, from);
      map.set(name, f);
    };
    for (const m of methodologies) {
      for (const [name, f] of Object.entries(m.cells ?? {})) add(this.cellFns, "cell", name, f, m.id);
      for (const [name, f] of Object.entries(m.rows ?? {})) add(this.rowFns, "row", name, f, m.id);
    }
  }

  cell(name: string): CellFunction | undefined {
    return this.cellFns.get(name);
  }

  row(name: string): RowFunction | undefined {
    return this.rowFns.get(name);
  }

  /** Every function call of a template checked: the name exists for its place, the arguments fit its schema. */
  check(t: Template, file: string): DataError[] {
    const errs: DataError[] = [];
    const call = (kind: "cell" | "row", name: string, args: unknown, path: string, argsPath: string) => {
      const f = kind === "cell" ? this.cell(name) : this.row(name);
      if (!f) {
        const other = kind === "cell" ? this.row(name) : this.cell(name);
        errs.push({
          file, path,
          message: other
            ? `"${name}" is a ${kind === "cell" ? "per-row" : "form-level"} function; it cannot compute a ${kind === "cell" ? "computed cell" : "computed column"}`
            : `unknown function "${name}" (known: ${this.names(kind).join(", ") || "none"})`,
        });
        return;
      }
      const bad = validateAgainst(f.args, args ?? {}, file);
      for (const e of bad) errs.push({ ...e, path: argsPath + (e.path === "/" ? "" : e.path), message: `${name}: ${e.message}` });
      if (!bad.length && f.refs) errs.push(...refErrors(t, f.refs, (args ?? {}) as Record<string, unknown>, file, argsPath, name));
    };
    (t.computed ?? []).forEach((c, i) => {
      if (c.fn) call("cell", c.fn.name, c.fn.args, `/computed/${i}/fn/name`, `/computed/${i}/fn/args`);
    });
    t.table.columns.forEach((col, i) => {
      const d = col.computed;
      if (!d) return;
      const base = `/table/columns/${i}/computed`;
      if (d.fn) call("row", d.fn, d.args, `${base}/fn`, `${base}/args`);
      for (const [kind, k] of Object.entries(d.byKind ?? {})) call("row", k.fn, k.args, `${base}/byKind/${kind}/fn`, `${base}/byKind/${kind}/args`);
    });
    return errs;
  }

  private names(kind: "cell" | "row"): string[] {
    return [...(kind === "cell" ? this.cellFns : this.rowFns).keys()].sort();
  }
}

function refErrors(t: Template, refs: ArgRefs, args: Record<string, unknown>, file: string, argsPath: string, name: string): DataError[] {
  const known = {
    columns: new Set(t.table.columns.map((c) => c.id)),
    kinds: new Set(t.table.rowKinds.map((k) => k.id)),
    fields: new Set([...t.header, ...t.context, ...(t.computed ?? [])].map((f) => f.id)),
  };
  const what = { columns: "column", kinds: "row kind", fields: "field or computed cell" };
  const out: DataError[] = [];
  for (const part of ["columns", "kinds", "fields"] as const)
    for (const key of refs[part] ?? []) {
      const v = args[key];
      const ids = Array.isArray(v) ? v : v === undefined ? [] : [v];
      ids.forEach((id, i) => {
        if (typeof id === "string" && !known[part].has(id))
          out.push({ file, path: `${argsPath}/${key}${Array.isArray(v) ? `/${i}` : ""}`, message: `${name}: no ${what[part]} "${id}" in template "${t.id}"` });
      });
    }
  return out;
}

/**
 * The library a template was loaded against. Set by loadTemplate (a template is checked and bound
 * in the same step), read where its computed values and formulas are made.
 */
const boundTo = new WeakMap<Template, FunctionLibrary>();

export function bindFunctions(t: Template, library: FunctionLibrary): void {
  boundTo.set(t, library);
}

export function functionsOf(t: Template): FunctionLibrary {
  const lib = boundTo.get(t);
  if (!lib) throw new Error(`template "${t.id}" was not loaded with a function library (loadTemplate(data, file, library))`);
  return lib;
}

/** A cell function of a template's library; a name loading accepted must be there. */
export function cellFunction(t: Template, name: string): CellFunction {
  const f = functionsOf(t).cell(name);
  if (!f) throw new Error(`template "${t.id}" calls the unknown cell function "${name}"`);
  return f;
}

export function rowFunction(t: Template, name: string): RowFunction {
  const f = functionsOf(t).row(name);
  if (!f) throw new Error(`template "${t.id}" calls the unknown row function "${name}"`);
  return f;
}
