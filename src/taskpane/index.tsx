/* global Office */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, Spinner, webLightTheme } from "@fluentui/react-components";
import { App } from "./components/App";
import { langFromOffice } from "../app/lang";

/**
 * The task pane's entry: render at once, load the engine chunk (catalog, core, Office.js
 * adapter) in parallel with office.js, then hand the app its service.
 */
const engine = import(/* webpackChunkName: "engine" */ "./boot");

Office.onReady(async () => {
  const root = createRoot(document.getElementById("root")!);
  const lang = langFromOffice(Office.context.displayLanguage);
  root.render(
    <FluentProvider theme={webLightTheme}>
      <Spinner label="Jospar" style={{ marginTop: 40 }} />
    </FluentProvider>,
  );
  const { createOfficeService } = await engine;
  const service = createOfficeService(new URL(".", window.location.href).toString(), lang);
  root.render(
    <FluentProvider theme={webLightTheme}>
      <App service={service} />
    </FluentProvider>,
  );
  await service.start();
});
