/**
 * @jest-environment jsdom
 */
/** The task pane's React components against a plain AppService (no Office.js anywhere in them). */
import * as React from "react";
import { render, screen, fireEvent, act, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/components/App";
import type { AppService, FormCard, PaneState, CheckedForm } from "../../src/app/model";
import { EMPTY_STATE } from "../../src/app/model";
import type { Finding } from "../../src/core/findings";

// jsdom has no ResizeObserver (Fluent's MessageBar measures itself with one).
beforeAll(() => {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
});

const finding = (rule: string, severity: Finding["severity"], cell: string | null, en: string): Finding => ({
  rule, severity, cell, sheet: "Plan", template: "plan", message: { kk: `kk ${en}`, ru: `ru ${en}`, en }, values: {}, source: "001.txt p.3", type: "violation",
});

const form: CheckedForm = {
  sheet: "Plan",
  templateId: "plan",
  title: { kk: "Жоспар", ru: "План", en: "Plan" },
  findings: [
    finding("OP-DEADLINE-IN-YEAR", "error", "E14", "The deadline 31.12.2026 lies outside 2024"),
    finding("OP-SIGNATURE-PLAN", "warning", "C55", "The name is missing"),
    finding("X-COMPUTED-OVERWRITTEN", "warning", "K19", "Typed over"),
  ],
  computed: { total: { value: 5, trace: { name: "total", label: { kk: "Саны", ru: "Число", en: "Number of activities" }, value: 5, formula: "5 rows", children: [{ name: "rows", value: 5 }] } } },
  computedCells: { total: "K19" },
};

const cards: FormCard[] = [
  { id: "plan", version: "1.0.0", form: "F01", title: { kk: "Жоспар", ru: "План", en: "Operational plan" }, act: { kk: "Бұйрық", ru: "Приказ", en: "Order 45" }, status: "repealed", statusNote: { kk: "жойылды", ru: "утратил силу", en: "repealed in 2025" } },
  { id: "new", version: "2.0.0", title: { kk: "Жаңа", ru: "Новая", en: "New form" }, act: { kk: "Заң", ru: "Закон", en: "Law" }, status: "in-force" },
];

function fakeService(initial: Partial<PaneState> = {}) {
  let state: PaneState = { ...EMPTY_STATE, ...initial };
  const listeners = new Set<(s: PaneState) => void>();
  const calls: string[] = [];
  const service: AppService & { push(p: Partial<PaneState>): void } = {
    gallery: cards,
    initialLanguage: "en",
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
    push(p) {
      state = { ...state, ...p };
      listeners.forEach((l) => l(state));
    },
  };
  return { service, calls };
}

function mount(service: AppService) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App service={service} />
    </FluentProvider>,
  );
}

test("gallery: titles, legal basis, the legacy badge with its note, and Insert", async () => {
  const { service, calls } = fakeService();
  mount(service);
  expect(screen.getByText("Operational plan")).toBeTruthy();
  expect(screen.getByText("Legacy form")).toBeTruthy();
  expect(screen.getByText("repealed in 2025")).toBeTruthy();
  expect(screen.getByText(/Legal basis: Order 45/)).toBeTruthy();
  expect(screen.getAllByText("Legacy form")).toHaveLength(1); // the form in force has no badge
  await act(async () => fireEvent.click(screen.getByRole("button", { name: "Insert the form: Operational plan" })));
  expect(calls).toEqual(["insert plan"]);
});

test("findings: grouped by severity with counts, click and keyboard select the cell, next/previous, restore", async () => {
  const { service, calls } = fakeService();
  mount(service);
  await act(async () => service.push({ forms: [form] }));
  expect(screen.getByRole("status").textContent).toBe("Errors: 1 · warnings: 2 · notes: 0");
  const errors = screen.getByRole("region", { name: /Errors/ });
  expect(within(errors).getAllByRole("button")).toHaveLength(1);
  const item = screen.getByRole("button", { name: /The deadline 31\.12\.2026 lies outside 2024/ });
  expect(item.textContent).toContain("OP-DEADLINE-IN-YEAR");
  expect(item.textContent).toContain("001.txt p.3");
  await act(async () => fireEvent.click(item));
  expect(calls.at(-1)).toBe("select Plan!E14");
  expect(item.getAttribute("aria-current")).toBe("true");
  await act(async () => fireEvent.click(screen.getByRole("button", { name: "Go to the next finding" })));
  expect(calls.at(-1)).toBe("select Plan!C55");
  await act(async () => fireEvent.click(screen.getByRole("button", { name: "Go to the previous finding" })));
  expect(calls.at(-1)).toBe("select Plan!E14");
  await act(async () => fireEvent.click(screen.getByRole("button", { name: "Restore the formula" })));
  expect(calls.at(-1)).toBe("restore Plan!K19");
  // Findings are real buttons: Enter/Space activate them from the keyboard.
  expect(item.tagName).toBe("BUTTON");
  item.focus();
  expect(document.activeElement).toBe(item);
});

test("language switch: the pane speaks kk, ru or en, messages included", async () => {
  const { service } = fakeService({ forms: [form] });
  mount(service);
  fireEvent.change(screen.getByLabelText("Language"), { target: { value: "ru" } });
  expect(screen.getByRole("tab", { name: "Формы" })).toBeTruthy();
  expect(screen.getByRole("button", { name: /ru The deadline/ })).toBeTruthy();
  fireEvent.change(screen.getByLabelText("Язык"), { target: { value: "kk" } });
  expect(screen.getByRole("tab", { name: "Нысандар" })).toBeTruthy();
  expect(document.documentElement.lang).toBe("kk");
});

test("show the math: selecting a computed cell shows its trace tree", async () => {
  const { service } = fakeService({ forms: [form] });
  mount(service);
  expect(screen.queryByRole("tree")).toBeNull();
  await act(async () => service.push({ selection: { sheet: "Plan", address: "K19" } }));
  const tree = screen.getByRole("tree", { name: "Number of activities" });
  expect(within(tree).getAllByRole("treeitem").map((n) => n.getAttribute("aria-label"))).toEqual(["total (Number of activities) = 5", "rows = 5"]);
  expect(tree.textContent).toContain("5 rows");
});

test("busy and notices: cell-edit wait and a protected sheet are said in words", async () => {
  const { service } = fakeService({ forms: [form] });
  mount(service);
  await act(async () => service.push({ busy: "waiting-cell-edit", notices: [{ kind: "protected", sheet: "Plan" }] }));
  expect(screen.getByText(/Finish editing the cell/)).toBeTruthy();
  expect(screen.getByText(/Sheet “Plan” is protected with a password/)).toBeTruthy();
  expect((screen.getByRole("button", { name: "Check workbook" }) as HTMLButtonElement).disabled).toBe(true);
});
