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
