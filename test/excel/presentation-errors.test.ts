/**
 * presentation.ts offers the template's formula for a blank or overwritten computed cell. When the
 * sheet lacks a column or field that formula reads, there is no formula to offer (null); any other
 * error is a bug and must surface, not be swallowed into "no formula".
 */
import { loadTemplate } from "../../src/core/template/load";
import { FunctionLibrary, methodology } from "../../src/core/functions";
import type { CellFormula, ComputeFunction } from "../../src/core/computed";
import { fieldCell, fillGrid, layoutForm, NotInTemplateError } from "../../src/core/layout";
import { parseForm } from "../../src/core/parse";
import { isMissingPart, NotOnSheetError } from "../../src/core/computed-rows";
import { panelFormula } from "../../src/excel/presentation";
import { step } from "../../src/core/trace";

const L = (kk: string) => ({ kk, ru: kk, en: kk });
const cells = new Map<string, ComputeFunction>();
const cellFormulas = new Map<string, CellFormula>();
for (const name of ["test.ok", "test.missing", "test.bug"]) cells.set(name, () => ({ value: 1, trace: step(name, 1) }));
cellFormulas.set("test.ok", (_t, layout) => `=${fieldCell(layout, "a")}*2`);
cellFormulas.set("test.missing", (_t, layout) => `=${fieldCell(layout, "notInThisTemplate")}`);
cellFormulas.set("test.bug", () => {
  throw new TypeError("Cannot read properties of undefined (reading 'kk')");
});
const NO_ARGS = { type: "object", additionalProperties: false };
const lib = new FunctionLibrary([methodology("test", { cells, cellFormulas, args: { "test.ok": NO_ARGS, "test.missing": NO_ARGS, "test.bug": NO_ARGS } })]);

const T = loadTemplate(
  {
    id: "presentation-test", version: "1.0.0", title: L("Тест"), legalBasis: { act: L("—"), seed: "000_39e579b1c8a5cd23.txt", status: "in-force" },
    sheetName: L("Тест"), header: [{ id: "a", label: L("Бірінші өріс"), type: "number" }], context: [],
    table: {
      nameColumn: "name",
      columns: [
        { id: "no", number: 1, type: "text", heading: L("№ тест") },
        { id: "name", number: 2, type: "text", heading: L("Атауы тест") },
        { id: "amount", number: 3, type: "number", heading: L("Сомасы тест") },
      ],
      rowKinds: [{ id: "ITEM", level: 0, label: L("Элемент"), isDefault: true }],
      hierarchy: { $root: ["ITEM"] },
      blankRows: 3,
    },
    computed: [
      { id: "ok", label: L("Дұрыс"), fn: { name: "test.ok" } },
      { id: "missing", label: L("Өрісі жоқ"), fn: { name: "test.missing" } },
      { id: "bug", label: L("Қате"), fn: { name: "test.bug" } },
    ],
  },
  "presentation-test.json",
  lib,
);

function doc() {
  const layout = layoutForm(T, 3);
  const grid = { ...fillGrid(T, layout, { header: { a: 2 }, rows: [{ kind: "ITEM", cells: { no: "1", name: "x", amount: 5 } }] }), sheet: "Тест" };
  return parseForm(grid, T);
}

describe("panelFormula: missing parts give no formula, bugs surface", () => {
  const d = doc();
  test("the formula of a computed cell is written for the sheet as it is", () => {
    expect(d.computedCells.ok?.address).toBeTruthy();
    expect(panelFormula(d, "ok")).toMatch(/^=\$?[A-Z]+\$?\d+\*2$/);
  });
  test("a field the sheet lacks: null (nothing to restore)", () => {
    expect(panelFormula(d, "missing")).toBeNull();
  });
  test("any other error is thrown, not swallowed", () => {
    expect(() => panelFormula(d, "bug")).toThrow(TypeError);
  });
  test("isMissingPart tells the two apart", () => {
    expect(isMissingPart(new NotOnSheetError("column", "x"))).toBe(true);
    expect(isMissingPart(new NotInTemplateError("field", "x"))).toBe(true);
    // Recognised by type, not by message: a plain Error with the same words is a bug.
    expect(isMissingPart(new Error("Field x is not in the template"))).toBe(false);
    expect(isMissingPart(new TypeError("x is undefined"))).toBe(false);
    expect(isMissingPart("Field x is not in the template")).toBe(false);
  });
});
