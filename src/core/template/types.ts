import type { Localized } from "../i18n";

/**
 * A form template, as declared in `templates/<id>.json`. The engine reads only this model:
 * a new form is a new JSON file, never new engine code.
 */
export interface Template {
  id: string;
  /** Semantic version; a workbook built from it carries it in a defined name. */
  version: string;
  /** Short code of the form in the spec (F01…F11). Informative only. */
  form?: string;
  title: Localized;
  /** The official heading line printed above the table, with `{field}` placeholders for header fields. */
  heading?: { text: string; blanks?: Record<string, string> };
  caption?: Localized;
  legalBasis: LegalBasis;
  sheetName: Localized;
  header: FieldDef[];
  context: FieldDef[];
  table: TableDef;
  signature?: SignatureDef[];
  computed?: ComputedDef[];
  /** Another template this one mirrors row by row (a report of a plan). */
  mirrors?: MirrorDef;
  print?: PrintDef;
  /**
   * Forms distributed and filled together as one workbook (an evaluation's act, input sheets and
   * conclusion): `jospar templates build` writes one .xlsx per family, sheets in `order`.
   */
  family?: { id: string; title: Localized; order: number };
  /** Templates whose computed values this one reads (computed after them). */
  dependsOn?: string[];
  /** The day this version was published (ISO date). */
  released?: string;
  /** How workbooks on older versions move to this one: see src/core/migrate.ts. */
  migrations?: TemplateMigration[];
  /** Free note shown in the gallery, e.g. that the layout is ours while the content is the law's. */
  note?: Localized;
  /**
   * Notes the official form prints under the table (and its signature), e.g. «Ескертпе: …»: each
   * merged across the official columns; table rows are read down to the first of them.
   */
  footnotes?: Localized[];
  /**
   * Lines the official form prints above the table's caption (`printed.before`) and between the table and
   * the signature block (`after`): the annex's own words, and the fields it asks for filled where
   * the annex prints their blanks. A field placed here leaves the fields panel.
   */
  printed?: { before?: FormLine[]; after?: FormLine[] };
}

/**
 * One printed line of a form outside its table, word for word from the annex. Exactly one of
 * `field`, `text` or `cells`:
 * - `field`: a header, context or computed field — its label, then its value (on the line below
 *   when `below`, across the form's width: a long text answer);
 * - `text`: the annex's words, optionally followed by another field's value repeated (`shows`, a
 *   formula to that field's cell, never read back) and words after it (`suffix`, e.g. «балл.»);
 * - `cells`: a small table's heading row, one text per column from the first.
 * `boxed` draws the line as a row of a small table (borders on its cells); `number` is printed
 * in the first column.
 */
export interface FormLine {
  field?: string;
  text?: string;
  shows?: string;
  suffix?: string;
  cells?: string[];
  below?: boolean;
  boxed?: boolean;
  bold?: boolean;
  number?: string;
}

export interface LegalBasis {
  act: Localized;
  annex?: string;
  seed: string;
  status: "in-force" | "repealed" | "suspended";
  /** ISO dates; validTo is the last day the act applied. */
  validFrom?: string;
  validTo?: string;
  statusNote?: Localized;
}

export type FieldType =
  | "text" | "name" | "int" | "number" | "year" | "date" | "period" | "quarter"
  | "deadline" | "enum" | "money" | "coef" | "points" | "pct" | "bool" | "dates";

export interface FieldDef {
  id: string;
  label: Localized;
  type: FieldType;
  required?: boolean;
  enum?: EnumDef;
  help?: Localized;
  /** Names who filed the form (body) or the year it is for: what a collection register lists. */
  identifies?: "body" | "year";
}

export interface EnumDef {
  /** Official values (Kazakh), compared after X-TEXT-NORMALISE. */
  values: string[];
  /** Accepted synonyms (e.g. Russian), mapped to an official value. */
  synonyms?: Record<string, string>;
  /** When true, the value must start with one of the values (free text may follow). */
  prefix?: boolean;
}

export interface ColumnDef {
  id: string;
  /** Official column number printed under the headings; absent for helper columns. */
  number?: number;
  /** The heading; `kk` is the official text word for word. */
  heading: Localized;
  type: FieldType;
  /** Row kinds on which the cell must be filled (checked by the rule pack, declared here for the UI). */
  requiredOn?: string[];
  enum?: EnumDef;
  /** Suggestions offered in a drop-down but not enforced. */
  suggestions?: string[];
  width?: number;
  /** Helper columns sit outside the print area and carry machine data (row kind, status). */
  helper?: boolean;
  /** The column holding each row's kind, when present. */
  role?: "rowKind" | "flags";
  /**
   * A column the form computes on every row: one formula per row (written into every data row,
   * row-relative, so a row copied down keeps working) and one core value per row that
   * cross-checks it. See src/core/computed-rows.ts.
   */
  computed?: RowComputedDef;
}

/**
 * How a computed column is computed: one registered function for every row (`fn`), or one per
 * row kind (`byKind`; kinds absent from it get an empty cell). The Excel formula of the column is
 * the same on every row (it tests the row-kind cell), so inserted or copied rows stay right.
 */
export interface RowComputedDef {
  fn?: string;
  args?: Record<string, unknown>;
  byKind?: Record<string, { fn: string; args?: Record<string, unknown> }>;
  /** Number format of the column's cells, e.g. "0.000000". */
  format?: string;
}

export interface RowKindDef {
  id: string;
  label: Localized;
  /** Depth in the hierarchy: a row's parent is the nearest row above with a smaller level. */
  level: number;
  /**
   * Regular expressions (applied to normalised text of the name column) recognising the official
   * label, e.g. `^(\\d+)\\s*-\\s*стратегиялық бағыт`. Group 1 is the row's number, when captured.
   */
  patterns?: string[];
  /** The kind of ordinary data rows (activities) when nothing else matches. */
  isDefault?: boolean;
  /** Placeholder rows of the official form ("Іс-шаралар") that carry no data. */
  placeholder?: boolean;
  /** Row shown in a generated template as part of the official skeleton. */
  skeletonLabel?: string;
  /**
   * Kind of the unlabelled rows under this heading (instead of the template's default kind),
   * e.g. the factor rows under «Ішкі факторлар:»; up to the next heading of this level or higher.
   */
  defaultChild?: string;
  /**
   * The official columns this kind of row is printed in, when not all of them: the rows of a
   * part that the annex prints as a table of its own (part 2's two columns), or a heading line
   * (none). The other cells of such a row are left without borders.
   */
  printedColumns?: string[];
}

export interface TableDef {
  columns: ColumnDef[];
  rowKinds: RowKindDef[];
  /** Allowed children per kind; `$root` lists the kinds allowed at the top. */
  hierarchy: Record<string, string[]>;
  /** Column that holds names and official labels (where kinds are inferred from). */
  nameColumn: string;
  /** Column whose value is the row's number. */
  numberColumn?: string;
  /** Rows of the official skeleton written into a fresh template (labels in the name column, other fixed cells in `cells`). */
  skeleton?: { kind: string; label: string; cells?: Record<string, string | number | boolean | null> }[];
  /** Empty rows left for data in a generated template. */
  blankRows?: number;
  /**
   * The annex prints the rows as a numbered list, not a table: the column headings stay on the
   * sheet for the parser but are hidden, and the rows are drawn without a grid.
   */
  list?: boolean;
}

export interface SignatureDef {
  id: string;
  label: Localized;
  /** Caption under the line, e.g. "(Аты, әкесінің аты (болған жағдайда), тегі (қолы)". */
  caption?: string;
}

/** A cell the template computes; written only by the add-in/CLI, never typed by the user. */
export interface ComputedDef {
  id: string;
  label: Localized;
  /** Declarative aggregate over the table, understood by both the Excel-formula writer and the core. */
  aggregate?: AggregateDef;
  /** Ratio of two other computed cells, as a percentage or fraction. */
  ratio?: { numerator: string; denominator: string; scale?: number; digits?: number };
  /** Named function from the core's compute registry with its arguments (methodology formulas). */
  fn?: { name: string; args?: Record<string, unknown> };
  format?: string;
}

export interface AggregateDef {
  op: "count" | "sum";
  /** Column summed (for `sum`). */
  column?: string;
  where?: { kinds?: string[]; column?: string; equals?: string };
}

export interface MirrorDef {
  /** Template id of the document this one reports on. */
  template: string;
  /** Row kinds compared. */
  kinds: string[];
  /** Column used to pair rows (normalised text). */
  key: { self: string; other: string };
  /** Columns that must carry the other's values: self column → other column. */
  columns: Record<string, string>;
  /**
   * The other's rows this form is expected to hold: those whose `column` deadline falls between
   * this form's derived dates `from` and `to` (e.g. the reporting year). Default: all of them.
   */
  window?: { column: string; from?: string; to?: string };
}

export interface PrintDef {
  orientation: "landscape" | "portrait";
  paperSize?: number;
  fitToWidth?: boolean;
  repeatHeaderRows?: boolean;
  /** Print the fields panel too (forms whose official parts — a deductions summary, text sections — live in the panel). */
  includePanel?: boolean;
}

/** One entry of a template's `migrations`: from which older versions, and what was renamed, added or dropped. */
export interface TemplateMigration {
  /** Semver range of the older versions, e.g. "1.0.x". */
  from: string;
  changes: Localized;
  columns?: MigrationMap;
  fields?: MigrationMap;
}

export interface MigrationMap {
  /** Old id → new id. */
  renamed?: Record<string, string>;
  added?: string[];
  dropped?: string[];
}
