/**
 * Registers the methodology formulas the templates call (`computed[].fn`, per-row `computed`
 * columns) with the core's registries: imported once where the catalog is created, so the CLI,
 * the add-in and the tests all have them.
 *
 *   evaluation/sheets.ts — seed 002: the evaluation workbook (act, B, C, D, E, conclusion, disagreements)
 *   block-budget-sheets.ts — seed 004: the block-budgeting workbook (limit, advances and transfers, year end)
 */
import "./evaluation/sheets";
import "./block-budget-sheets";
