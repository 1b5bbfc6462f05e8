/**
 * The engine half of the task pane, loaded as its own chunk after the pane's shell has rendered:
 * the catalog (every template and rule pack as data), the core and the Office.js adapter. The
 * initial JavaScript stays React + Fluent UI + the components, whatever the number of forms.
 */
import type { Lang } from "../core/i18n";
import { bundledCatalog } from "../excel/bundled-catalog";
import { officeRuntime } from "../excel/runtime";
import { OfficeAppService, fetchTemplateFile } from "../excel/app-service";

export function createOfficeService(baseUrl: string, lang: Lang): OfficeAppService {
  return new OfficeAppService(officeRuntime(), bundledCatalog(), fetchTemplateFile(baseUrl), lang);
}
