/* global Office */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, Spinner } from "@fluentui/react-components";
import { App, rememberedLanguage } from "./components/App";
import { FailurePage } from "./components/Failure";
import { langFromOffice } from "../app/lang";
import { themeFor } from "./theme";
import { registerCommands, officeCommandsHost } from "../commands/commands";
import type { AppService } from "../app/model";

/**
 * The task pane's entry: render at once, load the engine chunk (catalog, core, Office.js
 * adapter) in parallel with office.js, then hand the app its service. Without office.js (the
 * page opened outside Excel, or the CDN unreachable) or without the engine chunk, a translated
 * failure page, never a blank pane.
 *
 * This page is also the ribbon's function file (the manifest's shared runtime): it registers the
 * ribbon's functions, which use the pane's service, whether or not the pane is shown.
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
    let ready!: (s: AppService) => void;
    let failed!: (e: unknown) => void;
    const service = new Promise<AppService>((resolve, reject) => ((ready = resolve), (failed = reject)));
    service.catch(() => undefined); // reported by the ribbon's Check when it asks, and on the failure page
    registerCommands(officeCommandsHost(), { baseUrl: new URL(".", window.location.href).toString(), lang: () => rememberedLanguage(lang), service: () => service });
    const theme = themeFor(Office.context.officeTheme ?? null);
    root.render(
      <FluentProvider theme={theme}>
        <Spinner label="Jospar" style={{ marginTop: 40 }} />
      </FluentProvider>,
    );
    let office: Awaited<ReturnType<typeof import("./boot").createOfficeService>>;
    try {
      office = await (await engine).createOfficeService(new URL(".", window.location.href).toString(), lang);
    } catch (e) {
      failed(e);
      fail("engine", rememberedLanguage(lang), e);
      return;
    }
    root.render(
      <FluentProvider theme={theme} style={{ minHeight: "100vh" }}>
        <App service={office} />
      </FluentProvider>,
    );
    ready(office);
    await office.start();
  });
