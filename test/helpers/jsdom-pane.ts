import * as React from "react";
import { render, RenderResult } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/components/App";
import type { AppService, FormCard, PaneState } from "../../src/app/model";
import { EMPTY_STATE } from "../../src/app/model";
import type { Lang } from "../../src/core/i18n";

/**
 * What jsdom lacks and the pane uses: ResizeObserver (Fluent's MessageBar measures itself),
 * window.scrollTo (the pane opens at the top) and CSS.escape (a tree item is found by its data-key).
 * Call once per jsdom suite, before the pane is mounted.
 */
export function installPaneGlobals(): void {
  const w = window as unknown as { ResizeObserver?: unknown; scrollTo: unknown };
  w.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
  w.scrollTo = () => undefined;
  Element.prototype.scrollIntoView ??= function scrollIntoView(): void {};
  const g = globalThis as unknown as { CSS?: { escape?: (s: string) => string } };
  g.CSS ??= {};
  // The CSSOM's serialisation of an identifier, enough for the keys the pane builds.
  g.CSS.escape ??= (s: string) => s.replace(/[^a-zA-Z0-9_\u00A0-\uFFFF-]/g, (c) => `\\${c}`);
}


/**
 * A plain AppService for the pane's jsdom tests: the state a test pushes, and every request the
 * pane makes recorded in `calls` ("insert plan", "check", "select Plan!E14", "restore Plan!K19",
 * "reveal"), or in the `calls` given. `extra` adds or replaces members (a review service, upgrade, …).
 */
export interface FakePane {
  service: AppService & { push(p: Partial<PaneState>): void };
  calls: string[];
  push(p: Partial<PaneState>): void;
}

export function fakePaneService(options: { state?: Partial<PaneState>; gallery?: FormCard[]; lang?: Lang; extra?: Partial<AppService>; calls?: string[] } = {}): FakePane {
  let state: PaneState = { ...EMPTY_STATE, ...options.state };
  const listeners = new Set<(s: PaneState) => void>();
  const calls: string[] = options.calls ?? [];
  const push = (p: Partial<PaneState>) => {
    state = { ...state, ...p };
    listeners.forEach((l) => l(state));
  };
  const service: FakePane["service"] = {
    gallery: options.gallery ?? [],
    initialLanguage: options.lang ?? "en",
    getState: () => state,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async insert(id) {
      calls.push(`insert ${id}`);
    },
    async checkAll() {
      calls.push("check");
    },
    async select(sheet, cell) {
      calls.push(`select ${sheet}!${cell}`);
    },
    async restore(sheet, cell) {
      calls.push(`restore ${sheet}!${cell}`);
    },
    revealFindings() {
      calls.push("reveal");
      push({ reveal: (state.reveal ?? 0) + 1 });
    },
    push,
    ...options.extra,
  };
  return { service, calls, push };
}

/** The whole pane (App) in Fluent's light theme, as the add-in mounts it. */
export function mountPane(service: AppService): RenderResult {
  return render(React.createElement(FluentProvider, { theme: webLightTheme }, React.createElement(App, { service })));
}
