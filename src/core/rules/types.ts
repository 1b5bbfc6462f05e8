import type { Localized } from "../i18n";

export type Severity = "error" | "warning" | "info";
export type Scope = "row" | "form" | "workbook";

/** A json-rules-engine condition tree, as stored in the rule files. */
export type Condition = AllCondition | AnyCondition | NotCondition | LeafCondition | ReferenceCondition;
export interface AllCondition { all: Condition[]; priority?: number }
export interface AnyCondition { any: Condition[]; priority?: number }
export interface NotCondition { not: Condition; priority?: number }
export interface ReferenceCondition { condition: string; priority?: number }
export interface FactRef { fact: string; path?: string; params?: Record<string, unknown> }
export interface LeafCondition {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  params?: Record<string, unknown>;
  priority?: number;
}

/** Where a finding points. */
export interface RuleTarget {
  /** A table column of the row (row scope). */
  column?: string;
  /** A field, e.g. "context.opApprovalDate" or "header.year" or "signature.planSigner". */
  field?: string;
  /**
   * One finding per item of a list fact (e.g. "row.invalid"); each item may carry `column`
   * or `field` and is available to the message as `{item.…}`.
   */
  each?: string;
}

export interface RuleSource {
  seed: string;
  paragraph: string;
  quote?: string;
  /** When the spec and the seed disagree, what this rule follows and why. */
  note?: string;
}

/** Metadata carried in `event.params`, so the rule object stays loadable by `new Engine(rules)`. */
export interface RuleMeta {
  ruleId: string;
  /** The spec's running number (R047). */
  ref?: string;
  severity: Severity;
  scope: Scope;
  /** Template ids the rule applies to; default: every template of the pack. */
  templates?: string[];
  /** Row kinds it applies to (row scope); must agree with the kind guard in the conditions. */
  rowKinds?: string[];
  /** Columns or fields it checks (for the UI and for incremental re-checks). */
  columns?: string[];
  target?: RuleTarget;
  message: Localized;
  source: RuleSource;
  /** Derived checks are not stated verbatim in the law. */
  derived?: boolean;
  validFrom?: string;
  validTo?: string;
  /** The spec marks an ambiguity; the default followed is a parameter of the pack. */
  ambiguity?: string;
  /** Template versions the rule applies to (a semver range, e.g. ">=1.1.0"); default: every version. */
  versions?: string;
  /** Set when a rule patch changed the rule (never written in a pack file): see rules/patches.ts. */
  patched?: import("./patches").PatchMark;
  /** An error a reviewer may accept with a justification (warnings always may). */
  acceptable?: boolean;
}

export interface RuleDef {
  name: string;
  priority?: number;
  conditions: Condition;
  event: { type: "violation" | "reminder"; params: RuleMeta };
}

/** An expression for a derived value: a function of the registry applied to refs and constants. */
export interface DerivedDef {
  fn: string;
  /** "$header.year", "$context.dpSigningDate", "$params.approvalDays", "$derived.x", or a constant. */
  args: unknown[];
}

/**
 * A count over a form's rows, declared by a pack (see aggregates.ts): rows of `kinds` whose
 * `where` holds, the distinct values of `value`, grouped by `groupBy`, with the groups holding
 * more than `maxDistinct` distinct values listed. String settings may be "$params.x" references.
 */
export interface AggregateSpec {
  /** Templates it applies to; default: every template of the pack. */
  templates?: string[];
  kinds?: string[];
  where?: {
    /** A row fact field: a column id, or e.g. "deadlineDue". */
    column: string;
    equals?: unknown;
    /** Pattern(s) matched after X-TEXT-NORMALISE (operator matchesKk), e.g. "$params.informHigherPatterns". */
    matches?: unknown;
    notMatches?: unknown;
    notBlank?: boolean;
  };
  /** Row fact field whose distinct values are collected, e.g. "deadlineDue". */
  value?: string;
  /**
   * "valueYear" / "valueMonth" (the year or year-month of a date value), a row fact field, or a
   * list of row fact fields grouped together (a program's budget-structure section and goal): a row
   * lacking one of them belongs to no group and is not counted.
   */
  groupBy?: string | string[];
  /** Most distinct values a group may hold (number or "$params.x"). */
  maxDistinct?: number | string;
  /** Most rows a group may hold (number or "$params.x"): the rows after them, in sheet order, are outliers. */
  maxCount?: number | string;
}

export interface RulePack {
  id: string;
  version: string;
  templates: string[];
  title?: Localized;
  /** Parameters for ambiguities and configurable defaults, with their documentation. */
  params?: Record<string, { value: unknown; doc: string }>;
  /** Form-level derived values, in dependency order. */
  derived?: Record<string, DerivedDef>;
  /** Counts over the form's rows, exposed as `aggregates.<name>` (computed before `derived`). */
  aggregates?: Record<string, AggregateSpec>;
  /**
   * Derived values computed on each row (after the form's `derived`), exposed as
   * `row.derived.<name>`; args may read the row ("$row.dateDue", "$row.derived.x") and any fact.
   */
  rowDerived?: Record<string, DerivedDef & { kinds?: string[]; templates?: string[] }>;
  rules: RuleDef[];
  /** Spec compute rules carried out by computed cells of a template (cross-checked by X-COMPUTED-*). */
  computes?: { ref: string; ruleId: string; template: string; computed: string[]; note?: string }[];
  /** Spec rules not checkable from sheet data, with the reason (listed in the README). */
  notCheckable?: { ref: string; ruleId: string; reason: string }[];
}
