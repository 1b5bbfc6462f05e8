import type { Template } from "./template/types";
import type { FormLayout } from "./layout";
import { FLAGS_MARKER } from "./layout";
import type { Finding } from "./findings";
import type { Severity } from "./rules/types";
import { Grid, a1, cellText, columnLetter, parseA1 } from "./grid";

/**
 * Flags as reversible presentation. A finding never paints a cell: the add-in (or the CLI)
 * writes short codes into the row's cell of a hidden flags column, and conditional formats
 * installed with the template colour the flagged cell while its code is there. Clearing the
 * code gives the cell back exactly as the user formatted it.
 *
 *   flag text of a row:  "|E:deadline|W:@|"   (after FLAGS_MARKER on the heading row)
 *   code:                <severity letter>:<key>
 *   key:                 the template column id for a table cell, "@" for a panel cell
 *   rule on a column:    =ISNUMBER(FIND("|E:deadline|",$P6))
 *
 * Keys are column ids, not positions, so the rules keep working when columns are moved.
 */
export { FLAGS_MARKER };

export type FlagLetter = "E" | "W" | "I";
export const FIELD_KEY = "@";

export const SEVERITY_LETTER: Record<Severity, FlagLetter> = { error: "E", warning: "W", info: "I" };

/** Colours of the flag formats: Excel's own "light red / yellow fill with dark text", and a light blue. */
export const FLAG_STYLE: Record<FlagLetter, { fill: string; font: string }> = {
  E: { fill: "#FFC7CE", font: "#9C0006" },
  W: { fill: "#FFEB9C", font: "#9C5700" },
  I: { fill: "#DDEBF7", font: "#1F4E79" },
};

export const FLAG_LETTERS: readonly FlagLetter[] = ["E", "W", "I"];

export function flagCode(letter: FlagLetter, key: string): string {
  return `${letter}:${key}`;
}

/** The text of a row's flag cell; null when the row has no flags (and is not the marker row). */
export function flagText(codes: Iterable<string>, markerRow = false): string | null {
  const list = [...new Set(codes)].sort();
  const body = list.length ? `|${list.join("|")}|` : "";
  if (markerRow) return FLAGS_MARKER + body;
  return body || null;
}

/** Formula of the conditional format for one code, relative to the first row of its range. */
export function flagFormula(letter: FlagLetter, key: string, flagsCol: number, firstRow: number): string {
  return `=ISNUMBER(FIND("|${flagCode(letter, key)}|",$${columnLetter(flagsCol)}${firstRow + 1}))`;
}

export interface FlagRuleSpec {
  /** Local A1 range the format applies to, e.g. "E6:E45". */
  range: string;
  letter: FlagLetter;
  key: string;
  /** Formula with "=", en-US. */
  formula: string;
  fill: string;
  font: string;
}

/**
 * The conditional formats a template installs: one per flag letter on every table column (data
 * rows down to the signature block) and on the panel's value column (its field rows). Listed in
 * priority order (errors first on each range).
 */
export function flagRules(template: Template, layout: FormLayout): FlagRuleSpec[] {
  const out: FlagRuleSpec[] = [];
  const add = (col: number, r1: number, r2: number, key: string) => {
    for (const letter of FLAG_LETTERS)
      out.push({
        range: r1 === r2 ? a1(r1, col) : `${a1(r1, col)}:${a1(r2, col)}`,
        letter,
        key,
        formula: flagFormula(letter, key, layout.flagsCol, r1),
        ...FLAG_STYLE[letter],
      });
  };
  const last = Math.max(layout.lastRow, layout.formulaRowsEnd);
  for (const { def, col } of layout.columns) add(col, layout.firstDataRow, last, def.id);
  // Field cells, by the column they stand in (the panel, or the form's own lines).
  const byCol = new Map<number, number[]>();
  for (const f of layout.fields) byCol.set(f.col, [...(byCol.get(f.col) ?? []), f.row]);
  // A field in a table column (a line of the form above or below the table) is flagged under
  // that column's key, as flagCodes keys a finding by the column its cell stands in.
  for (const [col, rows] of [...byCol].sort((a, b) => a[0] - b[0]))
    add(col, Math.min(...rows), Math.max(...rows), layout.columns.find((c) => c.col === col)?.def.id ?? FIELD_KEY);
  void template;
  return out;
}

/** Where the flags column sits on a sheet: the cell whose text starts with FLAGS_MARKER. */
export function findFlagsColumn(grid: Grid, maxRows = 60): { row: number; col: number } | null {
  const rows = Math.min(grid.values.length, maxRows);
  for (let r = 0; r < rows; r++) {
    const row = grid.values[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "string" && v.startsWith(FLAGS_MARKER)) return { row: r, col: c };
    }
  }
  return null;
}

/** Rows → flag codes for one form's findings on one sheet. `columns` maps column ids to sheet columns. */
export function flagCodes(findings: Finding[], columns: Record<string, number>): Map<number, string[]> {
  const byCol = new Map<number, string>();
  for (const [id, c] of Object.entries(columns)) if (!byCol.has(c)) byCol.set(c, id);
  const out = new Map<number, string[]>();
  for (const f of findings) {
    if (!f.cell) continue;
    let pos: { r: number; c: number };
    try {
      pos = parseA1(f.cell);
    } catch {
      continue;
    }
    const key = f.column !== undefined && columns[f.column] === pos.c ? f.column : byCol.get(pos.c) ?? FIELD_KEY;
    const list = out.get(pos.r) ?? [];
    list.push(flagCode(SEVERITY_LETTER[f.severity], key));
    out.set(pos.r, list);
  }
  return out;
}

/**
 * Flag cells to write so the flags column shows exactly these findings: rows whose text differs
 * from what the grid holds now (stale flags of earlier checks are cleared, unchanged rows are
 * not written).
 */
export function flagChanges(
  grid: Grid,
  flags: { row: number; col: number },
  codes: Map<number, string[]>,
): { row: number; text: string | null }[] {
  const rows = new Set<number>(codes.keys());
  for (let r = 0; r < grid.values.length; r++) {
    const v = grid.values[r]?.[flags.col];
    if (v !== null && v !== undefined && v !== "") rows.add(r);
  }
  const out: { row: number; text: string | null }[] = [];
  for (const r of [...rows].sort((a, b) => a - b)) {
    const want = flagText(codes.get(r) ?? [], r === flags.row);
    const have = grid.values[r]?.[flags.col];
    const haveText = have === null || have === undefined ? null : cellText(have) || null;
    if (want !== haveText) out.push({ row: r, text: want });
  }
  return out;
}
