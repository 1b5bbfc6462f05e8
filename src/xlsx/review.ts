import ExcelJS from "exceljs";
import { REVIEW_HEADER, REVIEW_SHEET } from "../core/review";

/**
 * The reviewers' log in an ExcelJS workbook: the very hidden sheet `_JOSPAR_REVIEW` (see
 * src/core/review.ts). Rows are only ever appended; every cell is text, so no tool retypes an
 * ISO time or a fingerprint on the way through.
 */
export function appendReviewRows(wb: ExcelJS.Workbook, rows: string[][]): void {
  let ws = wb.getWorksheet(REVIEW_SHEET);
  if (!ws) {
    ws = wb.addWorksheet(REVIEW_SHEET, { state: "veryHidden" });
    ws.addRow(REVIEW_HEADER);
  }
  // A tool that unhid the log does not get to keep it in view.
  ws.state = "veryHidden";
  let last = 0;
  ws.eachRow({ includeEmpty: false }, (_row, n) => (last = n));
  rows.forEach((r, i) => {
    const row = ws!.getRow(last + 1 + i);
    r.forEach((v, j) => {
      const cell = row.getCell(j + 1);
      cell.value = v;
      cell.numFmt = "@";
    });
    row.commit();
  });
}
