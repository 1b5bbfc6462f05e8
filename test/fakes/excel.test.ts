/**
 * Tests of the faithful Excel fake (test/fakes/excel). Each block pins one behaviour of the real
 * Excel JavaScript API that the Office.js adapter relies on.
 */

import { createFakeExcel, FakeExcel, FakeRequestContext, OfficeExtensionError } from "./excel";

async function rejection(p: Promise<unknown>): Promise<OfficeExtensionError> {
  try {
    await p;
  } catch (e) {
    return e as OfficeExtensionError;
  }
  throw new Error("expected the promise to reject");
}

function thrown(fn: () => unknown): OfficeExtensionError {
  try {
    fn();
  } catch (e) {
    return e as OfficeExtensionError;
  }
  throw new Error("expected a throw");
}

let fake: FakeExcel;
beforeEach(() => {
  fake = createFakeExcel({ sheets: ["Sheet1", "Операциялық жоспар"] });
});

describe("Excel.run, queueing and sync", () => {
  it("counts every sync and the implicit final sync of a run with queued work", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      await ctx.sync();
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [[2]];
      // no explicit sync: Excel.run flushes
    });
    expect(host.syncCount).toBe(2);
    expect(host.getValues("Sheet1", "A1:A2")).toEqual([[1], [2]]);
    host.resetSyncCount();
    await Excel.run(async (ctx) => {
      await ctx.sync();
    });
    expect(host.syncCount).toBe(1);
  });

  it("queues writes until sync (not visible in the workbook before)", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2");
      r.values = [["x"]];
      r.format.fill.color = "#FFFF00";
      expect(host.getCell("Sheet1", "B2").value).toBeNull();
      expect(host.getCell("Sheet1", "B2").fill).toBeNull();
      await ctx.sync();
      expect(host.getCell("Sheet1", "B2").value).toBe("x");
      expect(host.getCell("Sheet1", "B2").fill).toBe("#FFFF00");
    });
  });

  it("applies operations in order (write, clear, write)", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:B1").values = [[1, 2]];
      ws.getRange("A1:B1").clear("Contents");
      ws.getRange("B1").values = [[3]];
      const r = ws.getRange("A1:B1").load("values");
      await ctx.sync();
      expect(r.values).toEqual([["", 3]]);
    });
    expect(host.operations.map((o) => o.name)).toEqual(["Range.values", "Range.clear", "Range.values", "Range.load"]);
  });

  it("rejects a batch function that does not return a promise", async () => {
    const e = await rejection(fake.Excel.run((() => undefined) as never));
    expect(e.code).toBe("RunMustReturnPromise");
  });

  it("context.sync(passThrough) resolves to the pass-through value", async () => {
    await fake.Excel.run(async (ctx) => {
      await expect(ctx.sync(42)).resolves.toBe(42);
    });
  });
});

describe("load / PropertyNotLoaded", () => {
  const MESSAGE =
    "The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.";

  it("throws OfficeExtension.Error PropertyNotLoaded before load, and after load but before sync", async () => {
    const { Excel, OfficeExtension, host } = fake;
    host.setCell("Sheet1", "A1", { value: 5 });
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      const e1 = thrown(() => r.values);
      expect(e1).toBeInstanceOf(OfficeExtension.Error);
      expect(e1.code).toBe("PropertyNotLoaded");
      expect(e1.message).toBe(MESSAGE);
      expect(e1.name).toBe("RichApi.Error");
      r.load("values");
      expect(thrown(() => r.values).code).toBe("PropertyNotLoaded");
      await ctx.sync();
      expect(r.values).toEqual([[5]]);
      expect(thrown(() => r.address).code).toBe("PropertyNotLoaded");
    });
  });

  it("accepts the string, array and object forms of load", async () => {
    const { Excel, host } = fake;
    host.setCell("Sheet1", "A1", { value: "a" });
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const a = ws.getRange("A1").load("values, address");
      const b = ws.getRange("A1").load(["values"]);
      const c = ws.getRange("A1").load({ values: true, format: { fill: { color: true } } });
      const d = ws.getRange("A1").load("format/font/bold, format/fill");
      await ctx.sync();
      expect(a.values).toEqual([["a"]]);
      expect(a.address).toBe("Sheet1!A1");
      expect(b.values).toEqual([["a"]]);
      expect(c.format.fill.color).toBe("#FFFFFF");
      expect(d.format.font.bold).toBe(false);
      expect(d.format.fill.color).toBe("#FFFFFF");
      expect(thrown(() => c.format.font.bold).code).toBe("PropertyNotLoaded");
    });
  });

  it("snapshots at the load's position in the batch and does not change afterwards", async () => {
    const { Excel } = fake;
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      r.values = [[1]];
      const before = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[2]];
      await ctx.sync();
      expect(before.values).toEqual([[1]]);
      const snap = before.values;
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[3]];
      await ctx.sync();
      expect(snap).toEqual([[1]]);
    });
  });

  it("a written property reads back the written value locally (as Office.js proxies do)", async () => {
    await fake.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      r.values = [[7]];
      expect(r.values).toEqual([[7]]);
      await ctx.sync();
    });
  });

  it("loading an unknown property fails the sync with InvalidArgument", async () => {
    const e = await rejection(
      fake.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("valuez");
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("InvalidArgument");
  });

  it("ClientResult.value throws ValueNotLoaded until sync", async () => {
    await fake.Excel.run(async (ctx) => {
      const n = ctx.workbook.worksheets.getCount();
      expect(thrown(() => n.value).code).toBe("ValueNotLoaded");
      await ctx.sync();
      expect(n.value).toBe(2);
    });
  });
});

describe("ranges and addresses", () => {
  it("formats addresses like Excel, quoting sheet names with spaces", async () => {
    const { Excel } = fake;
    await Excel.run(async (ctx) => {
      const s1 = ctx.workbook.worksheets.getItem("Sheet1");
      const kz = ctx.workbook.worksheets.getItem("Операциялық жоспар");
      const a = s1.getRange("A1:F20").load("address, rowIndex, columnIndex, rowCount, columnCount, cellCount");
      const b = kz.getRange("a1:f20").load("address");
      const whole = s1.getRange().load("address, rowCount, columnCount");
      const cols = s1.getRange("B:C").load("address, isEntireColumn");
      const rows = s1.getRange("3:4").load("address, isEntireRow");
      const abs = s1.getRange("$C$3").load("address");
      await ctx.sync();
      expect(a.address).toBe("Sheet1!A1:F20");
      expect([a.rowIndex, a.columnIndex, a.rowCount, a.columnCount, a.cellCount]).toEqual([0, 0, 20, 6, 120]);
      expect(b.address).toBe("'Операциялық жоспар'!A1:F20");
      expect(whole.address).toBe("Sheet1!1:1048576");
      expect([whole.rowCount, whole.columnCount]).toEqual([1048576, 16384]);
      expect([cols.address, cols.isEntireColumn]).toEqual(["Sheet1!B:C", true]);
      expect([rows.address, rows.isEntireRow]).toEqual(["Sheet1!3:4", true]);
      expect(abs.address).toBe("Sheet1!C3");
    });
  });

  it("derives ranges: getCell, getResizedRange, getOffsetRange, getRow/getColumn, getIntersection, getBoundingRect", async () => {
    await fake.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const base = ws.getRange("B2:D5");
      const list = [
        ws.getCell(0, 0),
        base.getCell(1, 1),
        base.getResizedRange(1, -1),
        base.getOffsetRange(2, 3),
        base.getRow(0),
        base.getColumn(2),
        base.getIntersection("C3:Z9"),
        base.getBoundingRect("F9"),
        base.getLastCell(),
        ws.getRangeByIndexes(10, 1, 2, 3),
        base.getEntireRow(),
      ].map((r) => r.load("address"));
      const none = base.getIntersectionOrNullObject("X1:Y2");
      const ws2 = base.worksheet.load("name");
      await ctx.sync();
      expect(list.map((r) => r.address)).toEqual([
        "Sheet1!A1",
        "Sheet1!C3",
        "Sheet1!B2:C6",
        "Sheet1!E4:G7",
        "Sheet1!B2:D2",
        "Sheet1!D2:D5",
        "Sheet1!C3:D5",
        "Sheet1!B2:F9",
        "Sheet1!D5",
        "Sheet1!B11:D12",
        "Sheet1!2:5",
      ]);
      expect(none.isNullObject).toBe(true);
      expect(ws2.name).toBe("Sheet1");
    });
  });

  it("getUsedRange (valuesOnly) and getUsedRangeOrNullObject", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const empty = ws.getUsedRangeOrNullObject();
      const emptyUsed = ws.getUsedRange().load("address");
      await ctx.sync();
      expect(empty.isNullObject).toBe(true);
      expect(emptyUsed.address).toBe("Sheet1!A1");
    });
    host.setCell("Sheet1", "C3", { value: 1 });
    host.setCell("Sheet1", "E7", { format: { fill: "#FF0000" } });
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const all = ws.getUsedRange().load("address");
      const vals = ws.getUsedRange(true).load("address");
      const nn = ws.getUsedRangeOrNullObject(true).load("address");
      await ctx.sync();
      expect(all.address).toBe("Sheet1!C3:E7");
      expect(vals.address).toBe("Sheet1!C3");
      expect(nn.isNullObject).toBe(false);
      expect(nn.address).toBe("Sheet1!C3");
    });
  });

  it("invalid addresses fail the sync with InvalidArgument", async () => {
    const e = await rejection(
      fake.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A0:Q").load("address");
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("InvalidArgument");
  });
});

describe("values, formulas, numberFormat, text, valueTypes", () => {
  it("reads values/formulas/valueTypes/text and parses written strings like Excel", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:F1").values = [[1.5, "text", true, "=A1*2", "#N/A", "'007"]];
      ws.getRange("A2:C2").values = [["42", "TRUE", ""]];
      ws.getRange("A1").numberFormat = [["0.00"]];
      const r = ws.getRange("A1:F2").load("values, formulas, valueTypes, text, numberFormat");
      await ctx.sync();
      // formula cells have no calculated value unless the test sets an evaluator
      expect(r.values).toEqual([
        [1.5, "text", true, "", "#N/A", "007"],
        [42, true, "", "", "", ""],
      ]);
      expect(r.formulas[0]).toEqual([1.5, "text", true, "=A1*2", "#N/A", "007"]);
      expect(r.valueTypes).toEqual([
        ["Double", "String", "Boolean", "Empty", "Error", "String"],
        ["Double", "Boolean", "Empty", "Empty", "Empty", "Empty"],
      ]);
      expect(r.text[0]).toEqual(["1.50", "text", "TRUE", "", "#N/A", "007"]);
      expect(r.numberFormat[0][0]).toBe("0.00");
      expect(r.numberFormat[0][1]).toBe("General");
    });
    expect(host.getCell("Sheet1", "D1").formula).toBe("=A1*2");
  });

  it("uses the evaluator for formula values when the test sets one", async () => {
    const { Excel, host } = fake;
    host.setEvaluator(({ formula, getValue }) => {
      const m = /^=([A-Z]+\d+)\*(\d+)$/.exec(formula);
      return m ? Number(getValue(m[1])) * Number(m[2]) : undefined;
    });
    host.setCell("Sheet1", "A1", { value: 21 });
    host.setCell("Sheet1", "C1", { formula: "=SUM(A1:A2)", value: 99 });
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("B1").formulas = [["=A1*2"]];
      const r = ws.getRange("A1:C1").load("values");
      await ctx.sync();
      expect(r.values).toEqual([[21, 42, 99]]); // C1: evaluator declines, cached value stays
    });
  });

  it("a scalar applies to every cell; null in a 2-D array leaves the cell unchanged", async () => {
    const { Excel, host } = fake;
    host.setValues("Sheet1", "A1", [
      [1, 2],
      [3, 4],
    ]);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:B2").values = [
        [null, 20],
        [30, null],
      ];
      ws.getRange("D1:E2").values = 7 as never;
      ws.getRange("D1:E2").numberFormat = "0%" as never;
      await ctx.sync();
    });
    expect(host.getValues("Sheet1", "A1:B2")).toEqual([
      [1, 20],
      [30, 4],
    ]);
    expect(host.getValues("Sheet1", "D1:E2")).toEqual([
      [7, 7],
      [7, 7],
    ]);
    expect(host.getCell("Sheet1", "E2").text).toBe("700%");
  });

  it("rejects a 2-D array of the wrong shape with InvalidArgument at sync; later operations do not apply", async () => {
    const { Excel, host } = fake;
    const e = await rejection(
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("Sheet1");
        ws.getRange("A1").values = [["before"]];
        ws.getRange("B1:C2").values = [[1, 2, 3]]; // 1x3 into 2x2
        ws.getRange("D1").values = [["after"]];
        expect(host.getCell("Sheet1", "A1").value).toBeNull(); // still queued
        await ctx.sync();
      }),
    );
    expect(e).toBeInstanceOf(OfficeExtensionError);
    expect(e.code).toBe("InvalidArgument");
    expect(e.debugInfo.errorLocation).toBe("Range.values");
    expect(host.getCell("Sheet1", "A1").value).toBe("before");
    expect(host.getValues("Sheet1", "B1:C2")).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(host.getCell("Sheet1", "D1").value).toBeNull();
  });

  it("rejects ragged arrays and formulas/numberFormat shape mismatches too", async () => {
    for (const write of [
      (r: { values: unknown }) => (r.values = [[1, 2], [3]]),
      (r: { formulas: unknown }) => (r.formulas = [["=1"], ["=2"], ["=3"]]),
      (r: { numberFormat: unknown }) => (r.numberFormat = [["0"]]),
    ]) {
      const e = await rejection(
        fake.Excel.run(async (ctx) => {
          write(ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2") as never);
          await ctx.sync();
        }),
      );
      expect(e.code).toBe("InvalidArgument");
    }
  });

  it("reads and writes 5,000 x 12 cells in well under a second", async () => {
    const { Excel, host } = fake;
    const rows = 5000;
    const data = Array.from({ length: rows }, (_x, i) => Array.from({ length: 12 }, (_y, j) => (j === 0 ? `row ${i}` : i * 12 + j)));
    const t0 = Date.now();
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange(`A1:L${rows}`).values = data;
      await ctx.sync();
      const used = ws.getUsedRange(true).load("address, values, valueTypes");
      await ctx.sync();
      expect(used.address).toBe(`Sheet1!A1:L${rows}`);
      expect(used.values[4999][11]).toBe(4999 * 12 + 11);
    });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(host.getCell("Sheet1", "A5000").value).toBe("row 4999");
  });
});

describe("formats", () => {
  it("fill, font, borders, sizes, alignment, locked; mixed values read as null", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
      r.format.fill.color = "yellow";
      r.format.font.bold = true;
      r.format.font.italic = true;
      r.format.font.color = "#ff0000";
      r.format.font.name = "Arial";
      r.format.font.size = 14;
      const bottom = r.format.borders.getItem("EdgeBottom");
      bottom.style = "Continuous";
      bottom.color = "#0000FF";
      bottom.weight = "Medium";
      r.format.columnWidth = 120;
      r.format.rowHeight = 30;
      r.format.wrapText = true;
      r.format.horizontalAlignment = "Center";
      r.format.protection.locked = false;
      await ctx.sync();
      const f = r.format.load("columnWidth, rowHeight, wrapText, horizontalAlignment");
      r.format.fill.load("color");
      r.format.font.load("bold, italic, color, name, size");
      bottom.load("style, color, weight");
      const top = r.format.borders.getItem("EdgeTop").load("style");
      r.format.protection.load("locked");
      const mixed = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2:C2");
      mixed.format.fill.load("color");
      mixed.format.font.load("bold");
      await ctx.sync();
      expect([f.columnWidth, f.rowHeight, f.wrapText, f.horizontalAlignment]).toEqual([120, 30, true, "Center"]);
      expect(r.format.fill.color).toBe("#FFFF00");
      expect([r.format.font.bold, r.format.font.italic, r.format.font.color, r.format.font.name, r.format.font.size]).toEqual([true, true, "#FF0000", "Arial", 14]);
      expect([bottom.style, bottom.color, bottom.weight]).toEqual(["Continuous", "#0000FF", "Medium"]);
      expect(top.style).toBe("None");
      expect(r.format.protection.locked).toBe(false);
      expect(mixed.format.fill.color).toBeNull();
      expect(mixed.format.font.bold).toBeNull();
      r.format.fill.clear();
      await ctx.sync();
    });
    const b2 = host.getCell("Sheet1", "B2");
    expect(b2.fill).toBeNull();
    expect(b2.font).toMatchObject({ bold: true, italic: true, color: "#FF0000", name: "Arial", size: 14 });
    expect(b2.borders.EdgeBottom).toEqual({ style: "Continuous", color: "#0000FF", weight: "Medium" });
    expect(host.getCell("Sheet1", "B1").borders.EdgeBottom.style).toBe("None");
    expect([b2.locked, b2.columnWidth, b2.rowHeight, b2.wrapText, b2.horizontalAlignment]).toEqual([false, 120, 30, true, "Center"]);
    expect(host.getCell("Sheet1", "C3").locked).toBe(true); // cells are locked by default
  });

  it("invalid colors are rejected with InvalidArgument", async () => {
    const e = await rejection(
      fake.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").format.fill.color = "not-a-colour";
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("InvalidArgument");
  });

  it("entire-column formats apply to every cell of the columns without materialising them", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("C:D").format.protection.locked = false;
      await ctx.sync();
    });
    expect(host.getCell("Sheet1", "C1000000").locked).toBe(false);
    expect(host.getCell("Sheet1", "E1").locked).toBe(true);
    expect(host.workbook.sheet("Sheet1")!.cells.size).toBe(0);
  });

  it("select() moves the selection; merge() and clear()", async () => {
    const { Excel, host } = fake;
    host.setValues("Sheet1", "A1", [["keep", "drop"]]);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Операциялық жоспар");
      ws.getRange("B2:C3").select();
      const s1 = ctx.workbook.worksheets.getItem("Sheet1");
      s1.getRange("A1:B1").merge();
      s1.getRange("D1").values = [["x"]];
      s1.getRange("D1").format.fill.color = "#00FF00";
      s1.getRange("D1").clear();
      await ctx.sync();
    });
    expect(host.selection).toBe("'Операциялық жоспар'!B2:C3");
    expect(host.activeWorksheet).toBe("Операциялық жоспар");
    expect(host.merges("Sheet1")).toEqual(["A1:B1"]);
    expect(host.getValues("Sheet1", "A1:B1")).toEqual([["keep", null]]);
    expect(host.getCell("Sheet1", "B1").mergedArea).toBe("A1:B1");
    expect(host.getCell("Sheet1", "D1")).toMatchObject({ value: null, fill: null });
  });
});

describe("conditional formats", () => {
  it("adds a custom rule with fill and font color, counts, lists and clears", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2:B10");
      const cf = r.conditionalFormats.add(Excel.ConditionalFormatType.custom);
      cf.custom.rule.formula = "=$Z2=1";
      cf.custom.format.fill.color = "#FFC7CE";
      cf.custom.format.font.color = "#9C0006";
      const second = ctx.workbook.worksheets.getItem("Sheet1").getRange("C2:C3").conditionalFormats.add("Custom");
      second.custom.rule.formula = "=C2<0";
      const count = r.conditionalFormats.getCount();
      cf.load("type, priority, id");
      cf.custom.rule.load("formula");
      cf.custom.format.fill.load("color");
      await ctx.sync();
      expect(count.value).toBe(1);
      expect(cf.type).toBe("Custom");
      expect(cf.custom.rule.formula).toBe("=$Z2=1");
      expect(cf.custom.format.fill.color).toBe("#FFC7CE");
      expect(cf.priority).toBe(1); // the later add took the top priority
      const items = r.conditionalFormats.load("items/type");
      await ctx.sync();
      expect(items.items.map((i) => i.type)).toEqual(["Custom"]);
    });
    expect(host.conditionalFormats("Sheet1")).toEqual([
      expect.objectContaining({ address: "C2:C3", priority: 0, rule: { formula: "=C2<0" } }),
      expect.objectContaining({
        type: "Custom",
        address: "B2:B10",
        priority: 1,
        rule: { formula: "=$Z2=1" },
        format: expect.objectContaining({ fillColor: "#FFC7CE", fontColor: "#9C0006" }),
      }),
    ]);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("B5:B10").conditionalFormats.clearAll();
      await ctx.sync();
    });
    expect(host.conditionalFormats("Sheet1").map((c) => c.address)).toEqual(["C2:C3", "B2:B4"]);
  });
});

describe("data validation", () => {
  it("list rule with error alert; the user cannot type an invalid entry; clear()", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("C2:C20");
      r.dataValidation.rule = { list: { inCellDropDown: true, source: "a,b" } } as never;
      r.dataValidation.errorAlert = { showAlert: true, style: "Stop", title: "Bad", message: "Pick a or b" };
      const dv = r.dataValidation.load("type, rule, errorAlert, valid");
      await ctx.sync();
      expect(dv.type).toBe("List");
      expect(dv.rule).toEqual({ list: { inCellDropDown: true, source: "a,b" } });
      expect(dv.errorAlert).toMatchObject({ style: "Stop", message: "Pick a or b" });
      expect(dv.valid).toBe(true);
    });
    expect(host.dataValidations("Sheet1")).toEqual([expect.objectContaining({ address: "C2:C20", rule: { list: { inCellDropDown: true, source: "a,b" } } })]);
    expect(host.typeInCell("Sheet1", "C3", "c")).toBe(false);
    expect(host.getCell("Sheet1", "C3").value).toBeNull();
    expect(host.typeInCell("Sheet1", "C3", "b")).toBe(true);
    host.paste("Sheet1", "C4", [["zzz"]]); // paste bypasses validation, as in Excel
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("C2:C20");
      const dv = r.dataValidation.load("valid");
      await ctx.sync();
      expect(dv.valid).toBe(false);
      r.dataValidation.clear();
      await ctx.sync();
    });
    expect(host.dataValidations("Sheet1")).toEqual([]);
  });

  it("a rule with more than one kind is rejected", async () => {
    const e = await rejection(
      fake.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").dataValidation.rule = {
          list: { inCellDropDown: true, source: "a" },
          wholeNumber: { formula1: 1, operator: "GreaterThan" },
        } as never;
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("InvalidArgument");
  });
});

describe("worksheets", () => {
  it("loads items, gets by name or id, adds, renames, moves, hides, activates, deletes", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load("items/name");
      await ctx.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(["Sheet1", "Операциялық жоспар"]);
      expect(thrown(() => sheets.items[0].id).code).toBe("PropertyNotLoaded");

      const added = ctx.workbook.worksheets.add("Data");
      added.load("name, id, position, visibility");
      const auto = ctx.workbook.worksheets.add();
      auto.load("name");
      await ctx.sync();
      expect([added.name, added.position, added.visibility]).toEqual(["Data", 2, "Visible"]);
      expect(auto.name).toBe("Sheet4");
      expect(added.id).toMatch(/^\{[0-9A-F-]+\}$/);

      const byId = ctx.workbook.worksheets.getItem(added.id).load("name");
      added.name = "Data 2024";
      added.position = 0;
      auto.visibility = "VeryHidden";
      ctx.workbook.worksheets.getItem("Sheet1").activate();
      const active = ctx.workbook.worksheets.getActiveWorksheet().load("name");
      await ctx.sync();
      expect(byId.name).toBe("Data");
      expect(active.name).toBe("Sheet1");
      expect(host.sheetNames).toEqual(["Data 2024", "Sheet1", "Операциялық жоспар", "Sheet4"]);
      const again = byId.load("name, position");
      await ctx.sync();
      expect([again.name, again.position]).toEqual(["Data 2024", 0]); // the proxy follows the sheet by id

      auto.delete();
      const count = ctx.workbook.worksheets.getCount();
      const visible = ctx.workbook.worksheets.getCount(true);
      await ctx.sync();
      expect([count.value, visible.value]).toEqual([3, 3]);
    });
  });

  it("getItem of a missing sheet fails the sync with ItemNotFound; getItemOrNullObject does not", async () => {
    const { Excel } = fake;
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Nope").load("name");
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("ItemNotFound");
    await Excel.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject("Nope");
      const present = ctx.workbook.worksheets.getItemOrNullObject("sheet1"); // names are case-insensitive
      expect(thrown(() => missing.isNullObject).code).toBe("PropertyNotLoaded");
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
    });
  });

  it("rejects duplicate and invalid names, and deleting/hiding the last visible sheet", async () => {
    const cases: [(ctx: FakeRequestContext) => void, string][] = [
      [(ctx) => ctx.workbook.worksheets.add("SHEET1"), "ItemAlreadyExists"],
      [(ctx) => ctx.workbook.worksheets.add("a/b"), "InvalidArgument"],
      [(ctx) => (ctx.workbook.worksheets.getItem("Sheet1").name = "x".repeat(32)), "InvalidArgument"],
      [
        (ctx) => {
          ctx.workbook.worksheets.getItem("Sheet1").visibility = "Hidden";
          ctx.workbook.worksheets.getItem("Операциялық жоспар").visibility = "Hidden";
        },
        "InvalidOperation",
      ],
    ];
    for (const [act, code] of cases) {
      const f = createFakeExcel({ sheets: ["Sheet1", "Операциялық жоспар"] });
      const e = await rejection(
        f.Excel.run(async (ctx) => {
          act(ctx);
          await ctx.sync();
        }),
      );
      expect(e.code).toBe(code);
    }
    const one = createFakeExcel();
    const e = await rejection(
      one.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").delete();
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("InvalidOperation");
  });
});

describe("events", () => {
  it("the add-in's own writes raise onChanged with triggerSource ThisLocalAddin", async () => {
    const { Excel, host } = fake;
    const seen: Record<string, unknown>[] = [];
    let sheetId = "";
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1").load("id");
      ws.onChanged.add(async (args) => {
        seen.push(args as unknown as Record<string, unknown>);
      });
      await ctx.sync();
      sheetId = ws.id;
      ws.getRange("A1:B2").values = [
        [1, 2],
        [3, 4],
      ];
      ws.getRange("C1").values = [["=A1+1"]];
      await ctx.sync();
      expect(seen).toHaveLength(0); // delivered asynchronously
    });
    await host.flushEvents();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject({ address: "C1", triggerSource: "ThisLocalAddin", details: { valueBefore: "", valueTypeBefore: "Empty" } });
    expect("details" in seen[0]).toBe(false);
    expect(seen[0]).toMatchObject({
      address: "A1:B2",
      worksheetId: sheetId,
      type: "WorksheetChanged",
      changeType: "RangeEdited",
      source: "Local",
      triggerSource: "ThisLocalAddin",
    });
  });

  it("context.runtime.enableEvents = false (applied at sync) suppresses events until set true again", async () => {
    const { Excel, host } = fake;
    const seen: string[] = [];
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.onChanged.add(async (a) => {
        seen.push((a as { address: string }).address);
      });
      await ctx.sync();
      ctx.runtime.enableEvents = false;
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["quiet"]];
      ctx.runtime.enableEvents = true;
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [["loud"]];
      await ctx.sync();
      ctx.runtime.enableEvents = false;
      await ctx.sync();
      const rt = ctx.runtime.load("enableEvents");
      await ctx.sync();
      expect(rt.enableEvents).toBe(false);
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A3").values = [["quiet too"]];
      await ctx.sync();
      ctx.runtime.enableEvents = true;
      await ctx.sync();
    });
    await host.flushEvents();
    expect(seen).toEqual(["A2"]);
    expect(host.events.filter((e) => e.type === "WorksheetChanged").map((e) => [e.args.address, e.suppressed])).toEqual([
      ["A1", true],
      ["A2", false],
      ["A3", true],
    ]);
  });

  it("user typing and pasting fire onChanged without ThisLocalAddin; paste fires once for the range", async () => {
    const { Excel, host } = fake;
    const seen: Record<string, unknown>[] = [];
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async (a) => {
        seen.push(a as unknown as Record<string, unknown>);
      });
      await ctx.sync();
    });
    host.typeInCell("Sheet1", "B3", 42);
    host.paste("Sheet1", "C1", [
      [1, 2],
      [3, 4],
    ]);
    host.typeInCell("Операциялық жоспар", "A1", "other sheet");
    await host.flushEvents();
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ address: "B3", source: "Local", triggerSource: "Unknown", details: { valueBefore: "", valueAfter: 42 } });
    expect(seen[1]).toMatchObject({ address: "C1:D2", changeType: "RangeEdited" });
    expect(seen.every((a) => a.triggerSource !== "ThisLocalAddin")).toBe(true);
    expect(host.getValues("Sheet1", "C1:D2")).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("event args give the changed range back in a new context", async () => {
    const { Excel, host } = fake;
    const got: unknown[] = [];
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async (args) => {
        await Excel.run(async (c2) => {
          const r = args.getRange(c2).load("values");
          await c2.sync();
          got.push(r.values);
        });
      });
      await ctx.sync();
    });
    host.typeInCell("Sheet1", "A1", "hello");
    await host.flushEvents();
    expect(got).toEqual([[["hello"]]]);
  });

  it("handlers can be removed with the EventHandlerResult (at the next sync)", async () => {
    const { Excel, host } = fake;
    let calls = 0;
    const result = await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async () => {
        calls++;
      });
      await ctx.sync();
      return r;
    });
    host.typeInCell("Sheet1", "A1", 1);
    await host.flushEvents();
    await Excel.run(result.context as never, async (ctx: { sync(): Promise<void> }) => {
      result.remove();
      await ctx.sync();
    });
    host.typeInCell("Sheet1", "A1", 2);
    await host.flushEvents();
    expect(calls).toBe(1);
    expect(host.handlerCount).toBe(0);
  });

  it("no triggerSource before ExcelApi 1.14; onSelectionChanged fires for select()", async () => {
    const old = createFakeExcel({ supportedSets: { ExcelApi: "1.13" } });
    const changed: Record<string, unknown>[] = [];
    const selected: Record<string, unknown>[] = [];
    await old.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.onChanged.add(async (a) => void changed.push(a as unknown as Record<string, unknown>));
      ws.onSelectionChanged.add(async (a) => void selected.push(a as unknown as Record<string, unknown>));
      await ctx.sync();
      ws.getRange("A1").values = [[1]];
      ws.getRange("C3:D4").select();
      await ctx.sync();
    });
    await old.host.flushEvents();
    expect(changed).toHaveLength(1);
    expect("triggerSource" in changed[0]).toBe(false);
    expect(selected).toEqual([expect.objectContaining({ type: "WorksheetSelectionChanged", address: "C3:D4" })]);
  });

  it("flushEvents rethrows errors from handlers", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.onChanged.add(async () => {
        throw new Error("boom");
      });
      await ctx.sync();
    });
    host.typeInCell("Sheet1", "A1", 1);
    await expect(host.flushEvents()).rejects.toThrow("boom");
  });
});

describe("protection", () => {
  it("a write to a locked cell of a protected sheet fails with AccessDenied; earlier ops apply, later do not", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("B2:B5").format.protection.locked = false;
      ws.protection.protect({ allowFormatColumns: true }, "pw");
      const p = ws.protection.load("protected, options, isPasswordProtected");
      await ctx.sync();
      expect(p.protected).toBe(true);
      expect(p.options).toMatchObject({ allowFormatColumns: true, allowFormatCells: false });
      expect(p.isPasswordProtected).toBe(true);
    });
    const e = await rejection(
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("Sheet1");
        ws.getRange("B2").values = [["input ok"]]; // unlocked
        ws.getRange("A1:B1").values = [["x", "y"]]; // A1 locked
        ws.getRange("B3").values = [["never"]];
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("AccessDenied");
    expect(e.debugInfo.errorLocation).toBe("Range.values");
    expect(host.getCell("Sheet1", "B2").value).toBe("input ok");
    expect(host.getValues("Sheet1", "A1:B1")).toEqual([[null, null]]);
    expect(host.getCell("Sheet1", "B3").value).toBeNull();

    const fmt = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("B2").format.fill.color = "#FF0000";
        await ctx.sync();
      }),
    );
    expect(fmt.code).toBe("AccessDenied"); // formatting needs allowFormatCells

    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A:A").format.columnWidth = 80; // allowed by allowFormatColumns
      ws.protection.unprotect("pw");
      ws.getRange("A1").values = [["admin write"]];
      ws.protection.protect(undefined, "pw");
      await ctx.sync();
    });
    expect(host.getCell("Sheet1", "A1").value).toBe("admin write");
    expect(host.protection("Sheet1").protected).toBe(true);

    const bad = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").protection.unprotect("wrong");
        await ctx.sync();
      }),
    );
    expect(bad.code).toBe("InvalidArgument");
    expect(host.protection("Sheet1").protected).toBe(true);
    expect(() => host.typeInCell("Sheet1", "A2", "user")).toThrow(/locked/);
    expect(host.typeInCell("Sheet1", "B4", "user")).toBe(true);
  });
});

describe("cell-edit mode", () => {
  it("without delayForCellEdit a sync fails with InvalidOperationInCellEditMode", async () => {
    const { Excel, host } = fake;
    host.enterCellEditMode();
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("InvalidOperationInCellEditMode");
    expect(host.getCell("Sheet1", "A1").value).toBeNull();
    host.exitCellEditMode();
  });

  it("with delayForCellEdit the sync waits until the user leaves cell-edit mode", async () => {
    const { Excel, host } = fake;
    host.enterCellEditMode();
    let done = false;
    const run = Excel.run({ delayForCellEdit: true }, async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["delayed"]];
      await ctx.sync();
      done = true;
    });
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(done).toBe(false);
    expect(host.getCell("Sheet1", "A1").value).toBeNull();
    host.exitCellEditMode();
    await run;
    expect(done).toBe(true);
    expect(host.getCell("Sheet1", "A1").value).toBe("delayed");
  });
});

describe("names", () => {
  it("adds range, reference-string and constant names; types and values; visible; getRange", async () => {
    const { Excel, host } = fake;
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Операциялық жоспар");
      ctx.workbook.names.add("InputBlock", ws.getRange("B2:F20"), "inputs");
      ctx.workbook.names.add("Anchor", "=Sheet1!$A$1");
      const tpl = ctx.workbook.names.add("_TPL_ID", '="operational-plan"');
      tpl.visible = false;
      ctx.workbook.names.add("_TPL_VER", "=3");
      const missing = ctx.workbook.names.getItemOrNullObject("Nope");
      const present = ctx.workbook.names.getItemOrNullObject("inputblock");
      const items = ctx.workbook.names.load("items/name, items/type, items/value, items/formula, items/visible");
      const range = ctx.workbook.names.getItem("InputBlock").getRange().load("address");
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      expect(range.address).toBe("'Операциялық жоспар'!B2:F20");
      const byName = Object.fromEntries(items.items.map((n) => [n.name, { type: n.type, value: n.value, formula: n.formula, visible: n.visible }]));
      expect(byName).toEqual({
        Anchor: { type: "Range", value: "Sheet1!$A$1", formula: "=Sheet1!$A$1", visible: true },
        InputBlock: { type: "Range", value: "'Операциялық жоспар'!$B$2:$F$20", formula: "='Операциялық жоспар'!$B$2:$F$20", visible: true },
        _TPL_ID: { type: "String", value: "operational-plan", formula: '="operational-plan"', visible: false },
        _TPL_VER: { type: "Double", value: 3, formula: "=3", visible: true },
      });
      const nonRange = ctx.workbook.names.getItem("_TPL_ID").getRangeOrNullObject();
      await ctx.sync();
      expect(nonRange.isNullObject).toBe(true);
    });
    expect(host.names().map((n) => n.name)).toEqual(["InputBlock", "Anchor", "_TPL_ID", "_TPL_VER"]);
  });

  it("a range name follows a sheet rename and becomes #REF! when the sheet is deleted", async () => {
    const { Excel, host } = fake;
    host.setCell("Sheet1", "A2", { formula: "='Операциялық жоспар'!B2*2" });
    await Excel.run(async (ctx) => {
      ctx.workbook.names.add("Block", ctx.workbook.worksheets.getItem("Операциялық жоспар").getRange("B2:C3"));
      await ctx.sync();
      ctx.workbook.worksheets.getItem("Операциялық жоспар").name = "Plan";
      const n = ctx.workbook.names.getItem("Block").load("formula, value, type");
      await ctx.sync();
      expect([n.formula, n.value, n.type]).toEqual(["=Plan!$B$2:$C$3", "Plan!$B$2:$C$3", "Range"]);
      ctx.workbook.worksheets.getItem("Plan").delete();
      n.load("formula, value, type");
      const r = ctx.workbook.names.getItem("Block").getRangeOrNullObject();
      await ctx.sync();
      expect([n.formula, n.value, n.type]).toEqual(["=#REF!$B$2:$C$3", "#REF!", "Error"]);
      expect(r.isNullObject).toBe(true);
    });
    expect(host.getCell("Sheet1", "A2").formula).toBe("=#REF!*2");
  });

  it("rejects invalid and duplicate names", async () => {
    for (const [name, code] of [
      ["A1", "InvalidArgument"],
      ["has space", "InvalidArgument"],
      ["dup", "ItemAlreadyExists"],
    ]) {
      const f = createFakeExcel();
      const e = await rejection(
        f.Excel.run(async (ctx) => {
          ctx.workbook.names.add("dup", "=1");
          ctx.workbook.names.add(name, "=2");
          await ctx.sync();
        }),
      );
      expect(e.code).toBe(code);
    }
  });
});

describe("workbook-level members", () => {
  it("insertWorksheetsFromBase64 calls the host hook and places the sheets", async () => {
    const { Excel, host } = fake;
    host.onInsertWorksheetsFromBase64 = (b64, options, h) => {
      expect(b64).toBe("UEsDBA==");
      expect(options).toEqual({ positionType: "After", relativeTo: "Sheet1", sheetNamesToInsert: undefined });
      const id = h.addWorksheet("Form");
      h.setCell("Form", "A1", { value: "template" });
      return [id];
    };
    await Excel.run(async (ctx) => {
      const ids = ctx.workbook.insertWorksheetsFromBase64("UEsDBA==", { positionType: Excel.WorksheetPositionType.after, relativeTo: "Sheet1" });
      await ctx.sync();
      expect(ids.value).toEqual([host.sheetId("Form")]);
    });
    expect(host.sheetNames).toEqual(["Sheet1", "Form", "Операциялық жоспар"]);
  });

  it("insertWorksheetsFromBase64 is ApiNotFound below ExcelApi 1.13 (thrown when called)", async () => {
    const old = createFakeExcel({ supportedSets: { ExcelApi: "1.12" } });
    await old.Excel.run(async (ctx) => {
      const e = thrown(() => ctx.workbook.insertWorksheetsFromBase64("x"));
      expect(e.code).toBe("ApiNotFound");
      await ctx.sync();
    });
    expect(old.Office.context.requirements.isSetSupported("ExcelApi", "1.13")).toBe(false);
    expect(old.Office.context.requirements.isSetSupported("ExcelApi", "1.12")).toBe(true);
    expect(old.Office.context.requirements.isSetSupported("ExcelApi", 1.3)).toBe(true);
    expect(old.Office.context.requirements.isSetSupported("ExcelApiOnline", "1.1")).toBe(false);
  });

  it("getSelectedRange, getActiveCell, application.calculate and suspendApiCalculationUntilNextSync", async () => {
    const { Excel, host } = fake;
    host.select("Sheet1", "C4:E6");
    await Excel.run(async (ctx) => {
      const sel = ctx.workbook.getSelectedRange().load("address");
      const cell = ctx.workbook.getActiveCell().load("address");
      ctx.application.suspendApiCalculationUntilNextSync();
      ctx.workbook.application.calculate(Excel.CalculationType.full);
      await ctx.sync();
      expect(sel.address).toBe("Sheet1!C4:E6");
      expect(cell.address).toBe("Sheet1!C4");
    });
    expect(host.operations.map((o) => o.name)).toEqual(
      expect.arrayContaining(["Application.suspendApiCalculationUntilNextSync", "Application.calculate"]),
    );
  });
});

describe("Office global", () => {
  it("onReady, displayLanguage, HostType, actions.associate and OfficeExtension.Error", async () => {
    const { Office, OfficeExtension, host } = fake;
    host.displayLanguage = "kk-KZ";
    const cb = jest.fn();
    await expect(Office.onReady(cb)).resolves.toEqual({ host: "Excel", platform: "PC" });
    expect(cb).toHaveBeenCalledWith({ host: Office.HostType.Excel, platform: "PC" });
    expect(Office.context.displayLanguage).toBe("kk-KZ");
    Office.actions.associate("checkForm", (event: unknown) => {
      setTimeout(() => (event as { completed(): void }).completed(), 0);
    });
    const inv = await host.invokeAction("checkForm");
    expect(inv).toEqual({ id: "checkForm", completed: true, options: undefined });
    const err = new OfficeExtension.Error("AccessDenied", "x");
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toBe("AccessDenied: x");
    expect(OfficeExtension.ErrorCodes.propertyNotLoaded).toBe("PropertyNotLoaded");
    expect(fake.Excel.ErrorCodes.invalidOperationInCellEditMode).toBe("InvalidOperationInCellEditMode");
  });

  it("installGlobals exposes Excel/Office/OfficeExtension to code written against the real globals", async () => {
    const uninstall = fake.installGlobals();
    try {
      const g = globalThis as unknown as { Excel: typeof fake.Excel };
      await g.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["via global"]];
        await ctx.sync();
      });
      expect(fake.host.getCell("Sheet1", "A1").value).toBe("via global");
    } finally {
      uninstall();
    }
    expect("Excel" in globalThis).toBe(false);
  });
});

describe("insert and delete", () => {
  it("insert rows shifts cells and range names; raises RowInserted", async () => {
    const { Excel, host } = fake;
    host.setValues("Sheet1", "A1", [["a"], ["b"], ["c"]]);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ctx.workbook.names.add("Last", ws.getRange("A3"));
      ws.getRange("2:2").insert("Down");
      ws.getRange("A1:A1").delete("Up");
      const n = ctx.workbook.names.getItem("Last").load("value");
      await ctx.sync();
      expect(n.value).toBe("Sheet1!$A$3");
    });
    expect(host.getValues("Sheet1", "A1:A3")).toEqual([[null], ["b"], ["c"]]);
    expect(host.events.map((e) => e.args.changeType)).toEqual(["RowInserted", "CellDeleted"]);
  });
});

describe("misc fidelity", () => {
  it("loads nested paths through collection items (items/protection/protected)", async () => {
    const { Excel, host } = fake;
    host.protect("Операциялық жоспар");
    await Excel.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load("items/name, items/protection/protected");
      await ctx.sync();
      expect(sheets.items.map((s) => [s.name, s.protection.protected])).toEqual([
        ["Sheet1", false],
        ["Операциялық жоспар", true],
      ]);
      expect(JSON.parse(JSON.stringify(sheets))).toEqual({
        items: [
          { name: "Sheet1", protection: { protected: false } },
          { name: "Операциялық жоспар", protection: { protected: true } },
        ],
      });
    });
  });

  it("objects of a finished run cannot queue work (InvalidObjectPath); proxies of another context are rejected", async () => {
    const { Excel } = fake;
    const leaked = await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      await ctx.sync();
      return r;
    });
    expect(thrown(() => leaked.load("values")).code).toBe("InvalidObjectPath");
    const e = await rejection(
      Excel.run(async (outer) => {
        const foreign = outer.workbook.worksheets.getItem("Sheet1").getRange("A1");
        await Excel.run(async (inner) => {
          inner.workbook.names.add("Foreign", foreign);
          await inner.sync();
        });
      }),
    );
    expect(e.code).toBe("InvalidRequestContext");
  });

  it("Range.text follows common number formats", async () => {
    const { Excel, host } = fake;
    host.setValues("Sheet1", "A1", [[1234.5, 45000, 0.125, -3, 1e12, 2]]);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:F1").numberFormat = [["#,##0.00", "dd.mm.yyyy", "0.0%", "0;(0)", "General", '0" шт."']];
      const r = ws.getRange("A1:F1").load("text");
      await ctx.sync();
      expect(r.text).toEqual([["1,234.50", "15.03.2023", "12.5%", "(3)", "1E+12", "2 шт."]]);
    });
  });

  it("writes on a protected sheet are checked over the whole target range, even for null entries", async () => {
    const { Excel, host } = fake;
    host.setCell("Sheet1", "A1:A3", { locked: false });
    host.setCell("Sheet1", "A2", { locked: true });
    host.protect("Sheet1");
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A3").values = [[1], [null], [3]];
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("AccessDenied");
    expect(e.message).toBe("You cannot perform the requested operation.");
    expect(host.getValues("Sheet1", "A1:A3")).toEqual([[null], [null], [null]]);
  });

  it("a failed sync discards the loads queued in it", async () => {
    const { Excel } = fake;
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      ctx.workbook.worksheets.getItem("Missing").getRange("A1").load("values");
      await expect(ctx.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
      expect(thrown(() => r.values).code).toBe("PropertyNotLoaded");
    });
  });
});
