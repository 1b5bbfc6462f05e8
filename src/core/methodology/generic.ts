import type { Template } from "../template/types";
import { cellOf, type RowComputeFunction, type RowFormula, type RowFormulaContext } from "../computed-rows";
import { normaliseKkText } from "../dates";
import { step } from "../trace";
import { methodology, type Methodology } from "../functions";

/**
 * Generic per-row functions (no seed of their own): a group key, counts by group and a ratio of two
 * cells of the row. Counts by group serve, e.g. a report's activities by execution status in
 * each section, written on the section's row:
 *
 *   "sectionNo":   { "computed": { "fn": "row.countKind", "args": { "kind": "SECTION" } } }   every row
 *   "secExecuted": { "computed": { "byKind": { "SECTION": { "fn": "row.groupCount",
 *                    "args": { "key": "sectionNo", "kinds": ["ACTIVITY"], "column": "execution", "equals": "орындалды" } } } } }
 *   "secShare":    { "computed": { "byKind": { "SECTION": { "fn": "row.ratio",
 *                    "args": { "numerator": "secExecuted", "denominator": "secActivities", "scale": 100, "digits": 1 } } } } }
 *
 * The sheet counts with SUMPRODUCT over the key column (COUNTIF over a running range, so rows
 * inserted anywhere keep their group), the row-kind column and the condition column; the core
 * counts the same rows. Rows whose kind cell is blank count as the template's default kind when
 * their name is filled, as the parser reads them. An enumeration followed by free text
 * (`prefix`) is matched on its first words.
 */

const str = (s: string) => `"${s.replace(/"/g, '""')}"`;
const rows = new Map<string, RowComputeFunction>();
const rowFormulas = new Map<string, RowFormula>();
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

rows.set("row.groupCount", (doc, row, args, _params, ctx) => {
  const key = String(args.key);
  const kinds = new Set(list(args.kinds));
  const column = typeof args.column === "string" ? args.column : null;
  const want = typeof args.equals === "string" ? normaliseKkText(args.equals) : null;
  const mine = ctx.cell(row.index, key).value;
  let n = 0;
  if (mine !== null) {
    for (const r of ctx.rows) {
      if (kinds.size && !kinds.has(r.kind)) continue;
      if (ctx.cell(r.index, key).value !== mine) continue;
      if (column && want !== null) {
        const v = r.cells[column]?.value;
        if (typeof v !== "string" || normaliseKkText(v) !== want) continue;
      }
      n++;
    }
  }
  const what = [...kinds].join(", ") + (column && want !== null ? ` with ${column} = «${args.equals}»` : "");
  return {
    value: mine === null ? null : n,
    trace: step(`#${key}=${mine}`, mine === null ? null : n, { formula: `${n} rows (${what}) in group ${mine}`, cell: cellOf(doc, row, ctx.column) }),
  };
});

rowFormulas.set("row.groupCount", (t, at, args) => {
  const key = String(args.key);
  const kindCol = t.table.columns.find((c) => c.role === "rowKind");
  const parts = [`(${at.range(key)}=${at.here(key)})`];
  const kinds = list(args.kinds);
  if (kinds.length && kindCol) parts.push(`(${kinds.map((k) => kindTerm(t, at, k)).join("+")}>0)`);
  if (typeof args.column === "string" && typeof args.equals === "string") {
    const col = t.table.columns.find((c) => c.id === args.column);
    const range = at.range(args.column);
    parts.push(col?.enum?.prefix ? `(LEFT(TRIM(${range}),${[...args.equals].length})=${str(args.equals)})` : `(${range}=${str(args.equals)})`);
  }
  return `IF(${at.here(key)}="","",SUMPRODUCT(${parts.join("*")}))`;
});

/** A kind test over the data range; the default kind also takes rows with a blank kind and a name. */
function kindTerm(t: Template, at: RowFormulaContext, kind: string): string {
  const def = t.table.rowKinds.find((k) => k.id === kind);
  const mask = at.kindMask(kind);
  if (!def?.isDefault) return mask;
  const kindCol = t.table.columns.find((c) => c.role === "rowKind")!;
  return `${mask}+(${at.range(kindCol.id)}="")*(${at.range(t.table.nameColumn)}<>"")`;
}

/** `row.ratio` {numerator, denominator, scale, digits}: two computed cells of the same row. */
rows.set("row.ratio", (doc, row, args, _params, ctx) => {
  const n = ctx.cell(row.index, String(args.numerator)).value;
  const d = ctx.cell(row.index, String(args.denominator)).value;
  const scale = typeof args.scale === "number" ? args.scale : 1;
  const digits = typeof args.digits === "number" ? args.digits : undefined;
  const value = typeof n === "number" && typeof d === "number" && d !== 0 ? round((n / d) * scale, digits) : null;
  return { value, trace: step("ratio", value, { formula: value === null ? undefined : `${n} / ${d} × ${scale} = ${value}`, cell: cellOf(doc, row, ctx.column) }) };
});

rowFormulas.set("row.ratio", (_t, at, args) => {
  const n = at.here(String(args.numerator));
  const d = at.here(String(args.denominator));
  const scale = typeof args.scale === "number" ? args.scale : 1;
  const core = `${n}/${d}${scale !== 1 ? `*${scale}` : ""}`;
  const v = typeof args.digits === "number" ? `ROUND(${core},${args.digits})` : core;
  return `IF(OR(${d}="",${d}=0),"",${v})`;
});

function round(x: number, digits: number | undefined): number {
  if (digits === undefined) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * `row.countKind` {kind}: how many rows of `kind` there are from the first data row down to this
 * one: the key of a group (the 2nd goal's rows all hold 2). Excel: COUNTIF over a running range
 * of the row-kind column, which stays right when rows are inserted anywhere.
 */
rows.set("row.countKind", (doc, row, args, _params, ctx) => {
  const kind = String(args.kind);
  let n = 0;
  for (const r of ctx.rows) {
    if (r.index > row.index) break;
    if (r.kind === kind) n++;
  }
  return { value: n, trace: step(`#${kind}`, n, { formula: `${n} rows of kind ${kind} up to row ${row.sheetRow + 1}`, cell: cellOf(doc, row, ctx.column) }) };
});
rowFormulas.set("row.countKind", (t, at, args) => {
  const kindCol = t.table.columns.find((c) => c.role === "rowKind");
  const kind = t.table.rowKinds.find((k) => k.id === args.kind);
  if (!kindCol || !kind) return null;
  return `COUNTIF(${at.upTo(kindCol.id)},${str(kind.label.kk)})`;
});

const id = { type: "string", minLength: 1 };

/** The generic functions, handed to createCatalog with the seeds' methodologies. */
export const GENERIC: Methodology = methodology("generic", {
  rows,
  rowFormulas,
  args: {
    "row.countKind": { type: "object", additionalProperties: false, required: ["kind"], properties: { kind: id } },
    "row.groupCount": {
      type: "object", additionalProperties: false, required: ["key"],
      properties: { key: id, kinds: { type: "array", items: id }, column: id, equals: { type: "string" } },
      dependentRequired: { column: ["equals"], equals: ["column"] },
    },
    "row.ratio": {
      type: "object", additionalProperties: false, required: ["numerator", "denominator"],
      properties: { numerator: id, denominator: id, scale: { type: "number" }, digits: { type: "integer", minimum: 0, maximum: 15 } },
    },
  },
  refs: {
    "row.countKind": { kinds: ["kind"] },
    "row.groupCount": { columns: ["key", "column"], kinds: ["kinds"] },
    "row.ratio": { columns: ["numerator", "denominator"] },
  },
});
