import type { Template } from "./template/types";
import { ROW_FUNCTIONS, ROW_FORMULAS, cellOf } from "./computed-rows";
import type { RowFormulaContext } from "./computed-rows";
import { normaliseKkText } from "./dates";
import { step } from "./trace";

/**
 * Generic per-row functions for counts by group, e.g. a report's activities by execution status in
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
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

ROW_FUNCTIONS.set("row.groupCount", (doc, row, args, _params, ctx) => {
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

ROW_FORMULAS.set("row.groupCount", (t, at, args) => {
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
ROW_FUNCTIONS.set("row.ratio", (doc, row, args, _params, ctx) => {
  const n = ctx.cell(row.index, String(args.numerator)).value;
  const d = ctx.cell(row.index, String(args.denominator)).value;
  const scale = typeof args.scale === "number" ? args.scale : 1;
  const digits = typeof args.digits === "number" ? args.digits : undefined;
  const value = typeof n === "number" && typeof d === "number" && d !== 0 ? round((n / d) * scale, digits) : null;
  return { value, trace: step("ratio", value, { formula: value === null ? undefined : `${n} / ${d} × ${scale} = ${value}`, cell: cellOf(doc, row, ctx.column) }) };
});

ROW_FORMULAS.set("row.ratio", (_t, at, args) => {
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
