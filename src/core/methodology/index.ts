/**
 * The methodologies Jospar ships, handed explicitly to createCatalog by whoever makes a catalog
 * (the CLI, the add-in, the tests): the generic group functions, seed 002 (evaluation) and seed
 * 004 (block budgeting). A central body's new methodology is a new module added to this list.
 */
import type { Methodology } from "../functions";
import { GENERIC } from "./generic";
import { EVALUATION } from "./evaluation/sheets";
import { BLOCK_BUDGET } from "./block-budget-sheets";

export { GENERIC, EVALUATION, BLOCK_BUDGET };

export const STANDARD_METHODOLOGIES: readonly Methodology[] = [GENERIC, EVALUATION, BLOCK_BUDGET];
