import type { Localized } from "./i18n";

/**
 * A calculation trace: how a computed value came to be, from inputs through intermediate
 * coefficients to the result. Every computed value the core returns carries one, so the
 * task pane can "show the math" and `jospar check --format json` can print it.
 */
export interface TraceStep {
  /** Symbol or name as the methodology writes it: "A", "B", "K_1", "h_1.2", "ТЖІӨ". */
  name: string;
  label?: Localized;
  /** The value; null when the step is excluded or cannot be computed. */
  value: number | null;
  /** Human-readable formula with the actual numbers, e.g. "(1 + 0.5) / 2". */
  formula?: string;
  /** Raw inputs of this step (cell values, parameters). */
  inputs?: Record<string, number | string | boolean | null>;
  children?: TraceStep[];
  /** Set when the item is left out of the calculation (never shown as zero). */
  excluded?: { reason: Localized };
  /** Where the value sits in the sheet, when it does. */
  cell?: { sheet: string; address: string };
  /**
   * Set when `name` is the template's own id of the value, not a symbol the methodology prints:
   * people see the label instead (machine output keeps the id).
   */
  internal?: true;
  /** The step in words, in the reader's language (what was counted or summed); shown instead of `formula`/`inputs`. */
  says?: Localized;
}

export interface Computation {
  value: number | null;
  trace: TraceStep;
}

export function step(name: string, value: number | null, extra: Omit<TraceStep, "name" | "value"> = {}): TraceStep {
  return { name, value, ...extra };
}
