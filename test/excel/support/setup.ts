/** Shared setup of the add-in tests: catalog, generated template files, a fake Excel with them. */
import ExcelJS from "exceljs";
import type { Template } from "../../../src/core/template/types";
import type { FormData } from "../../../src/core/layout";
import { buildTemplateWorkbook } from "../../../src/xlsx/build";
import { createFakeExcel, FakeExcel, FakeExcelOptions } from "../../fakes/excel";
import { runtimeOf, OfficeRuntime } from "../../../src/excel/runtime";
import { XlsxLibrary } from "./xlsx-to-fake";

// The catalog and the clean sample forms, shared with the core and CLI tests.
import { ROOT, catalog, template, baseData as sampleData } from "../../helpers/forms";
export { ROOT, catalog, template, sampleData };

/** The sample plan grown to `activities` activity rows (the extra ones in section II). */
export function bigPlan(activities: number): FormData {
  const data = sampleData("operational-plan");
  const rows = [...(data.rows ?? [])];
  const have = rows.filter((r) => r.kind === "ACTIVITY").length;
  for (let i = have + 1; i <= activities; i++)
    rows.push({
      kind: "ACTIVITY",
      cells: {
        no: String(i),
        name: `Іс-шара ${i}: ведомстволық нормативтік құқықтық актілерді қайта қарау`,
        budgetProgram: "001",
        executor: "Заң департаменті",
        deadline: ["I тоқсан", "II тоқсан", "III тоқсан", "IV тоқсан"][i % 4],
        completionForm: "бұйрық",
      },
    });
  return { ...data, rows };
}

export interface Built {
  b64: string;
  buffer: Buffer;
  workbook: ExcelJS.Workbook;
}

/** The .xlsx the build generates for a template (optionally filled), parsed back as Excel would see it. */
export async function templateFile(t: Template, data?: FormData): Promise<Built> {
  const buffer = Buffer.from(await buildTemplateWorkbook(t, data).xlsx.writeBuffer());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return { b64: buffer.toString("base64"), buffer, workbook };
}

export interface Harness {
  fake: FakeExcel;
  rt: OfficeRuntime;
  library: XlsxLibrary;
  /** Make a file insertable; returns the template-file function the add-in calls. */
  file(built: Built): (id: string) => Promise<string>;
}

export function harness(options: FakeExcelOptions = {}): Harness {
  const fake = createFakeExcel({ sheets: ["Sheet1"], ...options });
  const library = new XlsxLibrary();
  fake.host.onInsertWorksheetsFromBase64 = library.hook();
  return {
    fake,
    rt: runtimeOf(fake as never),
    library,
    file(built) {
      library.add(built.b64, built.workbook);
      return async () => built.b64;
    },
  };
}
