/* global Office */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "./components/App";
import { langFromOffice } from "./lang";
import { bundledCatalog } from "../excel/bundled-catalog";
import { officeRuntime } from "../excel/runtime";
import { OfficeAppService, fetchTemplateFile } from "../excel/app-service";

/** The task pane's entry: wire the Office implementation of the service to the React app. */
Office.onReady(async () => {
  const base = new URL(".", window.location.href).toString();
  const service = new OfficeAppService(officeRuntime(), bundledCatalog(), fetchTemplateFile(base), langFromOffice(Office.context.displayLanguage));
  const root = createRoot(document.getElementById("root")!);
  root.render(
    <FluentProvider theme={webLightTheme}>
      <App service={service} />
    </FluentProvider>,
  );
  await service.start();
});
