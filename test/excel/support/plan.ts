/** A form inserted into the fake, with the addresses a test types into. */
import type { Template } from "../../../src/core/template/types";
import type { FormData, FormLayout } from "../../../src/core/layout";
import { layoutForm, fieldCell, layoutColumn } from "../../../src/core/layout";
import { columnLetter } from "../../../src/core/grid";
import { capacityFor } from "../../../src/xlsx/build";
import { insertTemplate, Inserted } from "../../../src/excel/insert";
import { Built, Harness } from "./setup";

export interface Placed {
  t: Template;
  sheet: string;
  layout: FormLayout;
  inserted: Inserted;
  /** A1 of a table cell: data row index (0-based, as in FormData.rows) and column id. */
  cell(row: number, column: string): string;
  field(id: string): string;
  flagCell(row: number): string;
  /** 1-based sheet row of a data row. */
  sheetRow(row: number): number;
}

export async function place(h: Harness, t: Template, built: Built, data?: FormData): Promise<Placed> {
  const inserted = await insertTemplate(h.rt, t, h.file(built));
  return placed(t, inserted, data);
}

export function placed(t: Template, inserted: Inserted, data?: FormData): Placed {
  const layout = layoutForm(t, capacityFor(t, data));
  return {
    t,
    sheet: inserted.sheetName,
    layout,
    inserted,
    cell: (row, column) => `${columnLetter(layoutColumn(layout, column))}${layout.firstDataRow + row + 1}`,
    field: (id) => fieldCell(layout, id),
    flagCell: (row) => `${columnLetter(layout.flagsCol)}${layout.firstDataRow + row + 1}`,
    sheetRow: (row) => layout.firstDataRow + row + 1,
  };
}
