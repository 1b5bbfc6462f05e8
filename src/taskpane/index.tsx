/* global Office */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, Spinner } from "@fluentui/react-components";
import { App, rememberedLanguage } from "./components/App";
import { FailurePage } from "./components/Failure";
import { langFromOffice } from "../app/lang";
import { themeFor } from "./theme";

/**
 * The task pane's entry: render at once, load the engine chunk (catalog, core, Office.js
 * adapter) in parallel with office.js, then hand the app its service. Without office.js (the
 * page opened outside Excel, or the CDN unreachable) or without the engine chunk, a translated
 * failure page, never a blank pane.
 */
const root = createRoot(document.getElementById("root")!);
const browserLang = rememberedLanguage(langFromOffice(navigator.language));
const engine = import(/* webpackChunkName: "engine" */ "./boot");

function fail(kind: "office" | "engine", lang: Lang, e?: unknown) {
  root.render(
    <FluentProvider theme={themeFor(null)}>
      <FailurePage kind={kind} lang={lang} error={e === undefined ? undefined : e instanceof Error ? e.message : String(e)} />
    </FluentProvider>,
  );
}
type Lang = ReturnType<typeof langFromOffice>;

if (typeof Office === "undefined") fail("office", browserLang);
else
  Office.onReady(async () => {
    const lang = langFromOffice(Office.context.displayLanguage);
    const theme = themeFor(Office.context.officeTheme ?? null);
    root.render(
      <FluentProvider theme={theme}>
        <Spinner label="Jospar" style={{ marginTop: 40 }} />
      </FluentProvider>,
    );
    let boot: typeof import("./boot");
    try {
      boot = await engine;
    } catch (e) {
      fail("engine", rememberedLanguage(lang), e);
      return;
    }
    const service = await boot.createOfficeService(new URL(".", window.location.href).toString(), lang);
    root.render(
      <FluentProvider theme={theme} style={{ minHeight: "100vh" }}>
        <App service={service} />
      </FluentProvider>,
    );
    await service.start();
  });
