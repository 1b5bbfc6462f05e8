/**
 * `Worksheet.pageLayout` (ExcelApi 1.9) and `Worksheet.freezePanes` (ExcelApi 1.7): the print
 * setup and frozen rows a template insertion writes. Print area and print titles are kept as the
 * absolute A1 text Excel reports ("$A$1:$F$40", "$4:$5"); headers/footers as their code strings.
 */
import { ClientObject, defineScalars } from "./client";
import { officeError } from "./errors";
import type { FakeRequestContext } from "./context";
import type { SheetState } from "./model";

export interface PageLayoutState {
  orientation: "Portrait" | "Landscape";
  paperSize: string;
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  leftMargin: number;
  rightMargin: number;
  topMargin: number;
  bottomMargin: number;
  headerMargin: number;
  footerMargin: number;
  printArea: string | null;
  printTitleRows: string | null;
  centerFooter: string;
  frozenRows: number;
}

export function defaultPageLayout(): PageLayoutState {
  return {
    orientation: "Portrait", paperSize: "Letter", zoom: { scale: 100 },
    leftMargin: 50.4, rightMargin: 50.4, topMargin: 54, bottomMargin: 54, headerMargin: 21.6, footerMargin: 21.6,
    printArea: null, printTitleRows: null, centerFooter: "", frozenRows: 0,
  };
}

type Owner = ClientObject<SheetState> & { _resolve(): SheetState | null };

/** "A1:F40" / "$A$1:$F$40" / a Range → "$A$1:$F$40"; "4:5" → "$4:$5". */
function absolute(ref: unknown, location: string): string {
  const text = typeof ref === "string" ? ref : (ref as { _addressForFake?: () => string })?._addressForFake?.();
  if (typeof text !== "string" || !/^\$?[A-Z]*\$?\d*(:\$?[A-Z]*\$?\d*)?$/.test(text.replace(/^.*!/, ""))) throw officeError("InvalidArgument", undefined, location);
  return text
    .replace(/^.*!/, "")
    .split(":")
    .map((end) => end.replace(/\$/g, "").replace(/^([A-Z]*)(\d*)$/, (_, c: string, r: string) => (c ? `$${c}` : "") + (r ? `$${r}` : "")))
    .join(":");
}

export class FakePageLayout extends ClientObject<SheetState> {
  constructor(ctx: FakeRequestContext, private readonly sheet: Owner) {
    super(ctx);
  }
  get _typeName(): string {
    return "PageLayout";
  }
  _scalarNames(): readonly string[] {
    return ["orientation", "paperSize", "zoom", "leftMargin", "rightMargin", "topMargin", "bottomMargin", "headerMargin", "footerMargin"];
  }
  protected _resolveTarget(): SheetState | null {
    return this.sheet._resolve();
  }
  _read(s: SheetState, prop: string): unknown {
    return (s.pageLayout as unknown as Record<string, unknown>)[prop];
  }
  setPrintArea(area: unknown): void {
    const a = absolute(area, "PageLayout.setPrintArea");
    this._method("setPrintArea", (s) => void (s.pageLayout.printArea = a));
  }
  setPrintTitleRows(rows: unknown): void {
    const a = absolute(rows, "PageLayout.setPrintTitleRows");
    this._method("setPrintTitleRows", (s) => void (s.pageLayout.printTitleRows = a));
  }
  get headersFooters(): { defaultForAllPages: { centerFooter: string } } {
    const set = (v: string) => this._method("headersFooters", (s) => void (s.pageLayout.centerFooter = v));
    return {
      defaultForAllPages: {
        set centerFooter(v: string) {
          set(v);
        },
        get centerFooter(): string {
          throw officeError("PropertyNotLoaded", undefined, "HeaderFooter.centerFooter");
        },
      },
    };
  }
}
const num = (location: string) => (s: SheetState, v: unknown, key: keyof PageLayoutState) => {
  if (typeof v !== "number" || v < 0) throw officeError("InvalidArgument", undefined, location);
  (s.pageLayout as unknown as Record<string, unknown>)[key] = v;
};
defineScalars(FakePageLayout, ["orientation", "paperSize", "zoom", "leftMargin", "rightMargin", "topMargin", "bottomMargin", "headerMargin", "footerMargin"], {
  orientation: (s, v) => {
    if (v !== "Portrait" && v !== "Landscape") throw officeError("InvalidArgument", undefined, "PageLayout.orientation");
    s.pageLayout.orientation = v;
  },
  paperSize: (s, v) => void (s.pageLayout.paperSize = String(v)),
  zoom: (s, v) => void (s.pageLayout.zoom = { ...(v as object) }),
  leftMargin: (s, v) => num("PageLayout.leftMargin")(s, v, "leftMargin"),
  rightMargin: (s, v) => num("PageLayout.rightMargin")(s, v, "rightMargin"),
  topMargin: (s, v) => num("PageLayout.topMargin")(s, v, "topMargin"),
  bottomMargin: (s, v) => num("PageLayout.bottomMargin")(s, v, "bottomMargin"),
  headerMargin: (s, v) => num("PageLayout.headerMargin")(s, v, "headerMargin"),
  footerMargin: (s, v) => num("PageLayout.footerMargin")(s, v, "footerMargin"),
});

export class FakeWorksheetFreezePanes extends ClientObject<SheetState> {
  constructor(ctx: FakeRequestContext, private readonly sheet: Owner) {
    super(ctx);
  }
  get _typeName(): string {
    return "WorksheetFreezePanes";
  }
  _scalarNames(): readonly string[] {
    return [];
  }
  protected _resolveTarget(): SheetState | null {
    return this.sheet._resolve();
  }
  _read(): unknown {
    return undefined;
  }
  freezeRows(count?: number): void {
    this._method("freezeRows", (s) => void (s.pageLayout.frozenRows = count ?? 1));
  }
  unfreeze(): void {
    this._method("unfreeze", (s) => void (s.pageLayout.frozenRows = 0));
  }
}
