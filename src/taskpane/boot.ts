/**
 * The engine half of the task pane, loaded as its own chunk after the pane's shell has rendered:
 * the catalog (the configured release, verified; else the last good one; else the bundled
 * catalog), the core and the Office.js adapter. The initial JavaScript stays React + Fluent UI +
 * the components, whatever the number of forms.
 */
import type { Lang } from "../core/i18n";
import { bundledCatalog, bundledTemplateVersions } from "../excel/bundled-catalog";
import { officeRuntime } from "../excel/runtime";
import { OfficeAppService, fetchTemplateFile } from "../excel/app-service";
import { loadCatalogRelease, cacheStore } from "../excel/catalog-release";
import { CATALOG_URL, CATALOG_PUBLIC_KEY, BUILD_RELEASE_DIGEST } from "../excel/catalog-config";

export async function createOfficeService(baseUrl: string, lang: Lang): Promise<OfficeAppService> {
  const { catalog, status } = await loadCatalogRelease({
    url: new URL(CATALOG_URL, baseUrl).toString(),
    publicKey: CATALOG_PUBLIC_KEY || undefined,
    fetch: (url) => fetch(url, { cache: "no-store" }),
    store: cacheStore(),
    bundled: bundledCatalog,
    buildDigest: BUILD_RELEASE_DIGEST || undefined,
  });
  // The generated template files are the bundled versions: a release's newer template is inserted from its own data.
  const service = new OfficeAppService(officeRuntime(), catalog, fetchTemplateFile(baseUrl), lang, { fileVersions: bundledTemplateVersions() });
  service.catalogStatus = status;
  return service;
}
