/**
 * @jest-environment jsdom
 */
/** The task pane's React components against a plain AppService (no Office.js anywhere in them). */
import { screen, fireEvent, act } from "@testing-library/react";
import type { FormCard, PaneState, CheckedForm } from "../../src/app/model";
import type { Finding } from "../../src/core/findings";
import { installPaneGlobals, fakePaneService, mountPane } from "../helpers/jsdom-pane";

beforeAll(installPaneGlobals);
// The pane remembers its language; every test starts from the service's own.
beforeEach(() => localStorage.clear());

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

const fakeService = (state: Partial<PaneState> = {}) => fakePaneService({ state, gallery: cards });

const mount = mountPane;

test("gallery: in-force forms first, legal basis, the legacy badge with its note, and Insert", async () => {
  const { service, calls } = fakeService();
  mount(service);
  expect(screen.getByText("Operational plan")).toBeTruthy();
  expect(screen.getByText("Legacy form")).toBeTruthy();
  expect(screen.getByText("repealed in 2025")).toBeTruthy();
  expect(screen.getByText(/Legal basis: Order 45/)).toBeTruthy();
  expect(screen.getAllByText("Legacy form")).toHaveLength(1);
  expect(screen.getAllByText("In force")).toHaveLength(1);
  const titles = screen.getAllByRole("group").map((c) => c.getAttribute("aria-label"));
  expect(titles.indexOf("New form")).toBeLessThan(titles.indexOf("Operational plan"));
  await act(async () => fireEvent.click(screen.getByRole("button", { name: "Insert the form: Operational plan" })));
  expect(calls).toEqual(["insert plan"]);
});

// Queries by data attributes and labels: role-and-name queries compute every accessible name of
// the Fluent tree and take minutes in jsdom.
const byValue = (value: string) => document.querySelector<HTMLElement>(`[data-fui-tree-item-value="${value}"]`);
const leaf = (cell: string) => document.querySelector<HTMLElement>(`[role="treeitem"][data-cell="${cell}"]`);
const button = (label: string) =>
  Array.from(document.querySelectorAll<HTMLButtonElement>("button")).find((b) => b.getAttribute("aria-label") === label || b.textContent?.trim() === label) ?? null;
// A Fluent tab repeats its text (a hidden bold copy reserves the width), so it is found by content.
const tab = (name: string) => Array.from(document.querySelectorAll<HTMLElement>('[role="tab"]')).find((b) => b.textContent?.includes(name)) ?? null;
const leaves = () => Array.from(document.querySelectorAll<HTMLElement>('[role="treeitem"][data-key]'));

test("findings: a tree by sheet and severity with counts, in reading order; click and Enter select the cell, next/previous, restore", async () => {
  const { service, calls } = fakeService();
  mount(service);
  await act(async () => service.push({ forms: [form] }));
  expect(screen.getByText("Errors: 1 · warnings: 2 · notes: 0")).toBeTruthy();
  expect(document.querySelector('[role="tree"][aria-label="Findings"]')).not.toBeNull();
  expect(byValue("sheet:Plan")!.textContent).toContain("3");
  expect(byValue("group:Plan:error")!.querySelector(".fui-CounterBadge")!.textContent).toBe("1");
  expect(byValue("group:Plan:warning")!.querySelector(".fui-CounterBadge")!.textContent).toBe("2");
  const item = leaf("E14")!;
  expect(item.getAttribute("data-rule")).toBe("OP-DEADLINE-IN-YEAR");
  // Compact: the cell and the message; the rule id and the provenance are not on the item.
  expect(item.textContent).toContain("E14");
  expect(item.textContent).toContain("The deadline 31.12.2026 lies outside 2024");
  expect(item.textContent).not.toContain("OP-DEADLINE-IN-YEAR");
  expect(item.textContent).not.toContain("001.txt");
  await act(async () => fireEvent.click(item));
  expect(calls.at(-1)).toBe("select Plan!E14");
  expect(leaf("E14")!.getAttribute("aria-current")).toBe("true");
  // The selected finding's detail card: its cell, its message, and the act it cites.
  const detail = screen.getByTestId("finding-detail");
  expect(detail.textContent).toContain("Plan!E14");
  expect(detail.textContent).toContain("The deadline 31.12.2026 lies outside 2024");
  // Reading order: K19 (row 19) before C55 (row 55), whatever the severity.
  await act(async () => fireEvent.click(button("Go to the next finding")!));
  expect(calls.at(-1)).toBe("select Plan!K19");
  expect(leaf("K19")!.getAttribute("aria-current")).toBe("true");
  expect(leaf("E14")!.getAttribute("aria-current")).toBeNull();
  await act(async () => fireEvent.click(button("Go to the next finding")!));
  expect(calls.at(-1)).toBe("select Plan!C55");
  await act(async () => fireEvent.click(button("Go to the previous finding")!));
  expect(calls.at(-1)).toBe("select Plan!K19");
  // A computed cell typed over offers Restore in its detail card, after a confirmation that
  // names the cell (Office.js writes cannot be undone); Cancel writes nothing.
  expect(screen.getByTestId("finding-detail").getAttribute("aria-label")).toBe("Warning");
  await act(async () => fireEvent.click(button("Restore the formula")!));
  expect(screen.getByText(/The value typed in Plan!K19 will be replaced/)).toBeTruthy();
  await act(async () => fireEvent.click(button("Cancel")!));
  expect(calls).not.toContain("restore Plan!K19");
  // Details show the rule id behind the toggle.
  expect(screen.queryByText("X-COMPUTED-OVERWRITTEN")).toBeNull();
  await act(async () => fireEvent.click(button("Details")!));
  expect(screen.getByText("X-COMPUTED-OVERWRITTEN")).toBeTruthy();
  await act(async () => fireEvent.click(button("Restore the formula")!));
  await act(async () => fireEvent.click(button("Replace")!));
  expect(calls).toContain("restore Plan!K19");
  // The restored finding is gone: the next one becomes current.
  expect(calls.at(-1)).toBe("select Plan!C55");
  // Enter on a tree item selects its cell (the Tree clicks it).
  await act(async () => fireEvent.keyDown(leaf("E14")!, { key: "Enter" }));
  expect(calls.at(-1)).toBe("select Plan!E14");
});

test("F8 and Shift+F8 walk the findings from anywhere in the pane", async () => {
  const { service, calls } = fakeService({ forms: [form] });
  mount(service);
  await act(async () => fireEvent.click(tab("Check")!));
  await act(async () => fireEvent.keyDown(document, { key: "F8" }));
  expect(calls.at(-1)).toBe("select Plan!E14");
  await act(async () => fireEvent.keyDown(document, { key: "F8" }));
  expect(calls.at(-1)).toBe("select Plan!K19");
  await act(async () => fireEvent.keyDown(document, { key: "F8", shiftKey: true }));
  expect(calls.at(-1)).toBe("select Plan!E14");
});

test("a sheet in progress lists no empty required cells, only its progress", async () => {
  const { service } = fakeService();
  mount(service);
  const fresh: CheckedForm = { ...form, findings: [...form.findings, finding("X-REQUIRED-HEADER", "error", "C3", "The body is empty")], progress: { filled: 1, required: 3 } };
  await act(async () => service.push({ forms: [fresh] }));
  expect(screen.getByText("In progress: 1 of 3 required cells filled")).toBeTruthy();
  expect(leaf("C3")).toBeNull();
  expect(leaves().map((n) => n.dataset.cell).sort()).toEqual(["C55", "E14", "K19"]);
  expect(screen.getByText("Errors: 1 · warnings: 2 · notes: 0")).toBeTruthy();
});

test("filters: severity, rule and text search narrow the list", async () => {
  const { service } = fakeService({ forms: [form] });
  mount(service);
  await act(async () => fireEvent.click(tab("Check")!));
  await act(async () => fireEvent.click(button("Filters")!));
  const search = () => document.querySelector<HTMLInputElement>('input[type="search"]')!;
  await act(async () => fireEvent.change(search(), { target: { value: "typed" } }));
  expect(screen.getByText("Shown: 1 of 3")).toBeTruthy();
  expect(leaves().map((n) => n.dataset.cell)).toEqual(["K19"]);
  await act(async () => fireEvent.change(search(), { target: { value: "" } }));
  expect(leaves()).toHaveLength(3);
  await act(async () => fireEvent.click(screen.getByLabelText("Warnings")));
  expect(screen.getByText("Shown: 1 of 3")).toBeTruthy();
  expect(leaves().map((n) => n.dataset.cell)).toEqual(["E14"]);
});

test("the ribbon's Show findings lands on the findings: the Check tab, filters cleared, the first finding current and focused", async () => {
  const { service, calls } = fakePaneService({ state: { forms: [form] }, gallery: cards });
  mount(service);
  const frames = () => act(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
  // The user narrowed the list to one finding.
  await act(async () => fireEvent.click(tab("Check")!));
  await act(async () => fireEvent.click(button("Filters")!));
  await act(async () => fireEvent.change(document.querySelector<HTMLInputElement>('input[type="search"]')!, { target: { value: "typed" } }));
  expect(leaves().map((n) => n.dataset.cell)).toEqual(["K19"]);
  await act(async () => service.revealFindings!());
  await frames();
  expect(leaves().map((n) => n.dataset.cell)).toEqual(["E14", "K19", "C55"]);
  expect(leaf("E14")!.getAttribute("aria-current")).toBe("true");
  expect(calls.at(-1)).toBe("select Plan!E14");
  expect(document.activeElement).toBe(leaf("E14"));
  expect(screen.getByText("1 of 3")).toBeTruthy();
  // From the help page (no tabs shown) and from the gallery it comes back to the Check tab.
  await act(async () => fireEvent.click(button("Help")!));
  expect(tab("Check")).toBeNull();
  await act(async () => service.revealFindings!());
  await frames();
  expect(tab("Check")!.getAttribute("aria-selected")).toBe("true");
  expect(document.activeElement).toBe(leaf("E14"));
  await act(async () => fireEvent.click(tab("Forms")!));
  expect(leaves()).toHaveLength(0);
  await act(async () => service.revealFindings!());
  await frames();
  expect(tab("Check")!.getAttribute("aria-selected")).toBe("true");
  expect(document.activeElement).toBe(leaf("E14"));
  // Switching tabs by hand afterwards does not land again.
  const selects = calls.filter((c) => c.startsWith("select")).length;
  await act(async () => fireEvent.click(tab("Forms")!));
  await act(async () => fireEvent.click(tab("Check")!));
  await frames();
  expect(calls.filter((c) => c.startsWith("select")).length).toBe(selects);
});

test("language switch: the pane speaks kk, ru or en, messages included", async () => {
  const { service } = fakeService({ forms: [form] });
  mount(service);
  fireEvent.change(screen.getByLabelText("Language"), { target: { value: "ru" } });
  expect(tab("Формы")).not.toBeNull();
  expect(leaf("E14")!.textContent).toContain("ru The deadline");
  fireEvent.change(screen.getByLabelText("Язык"), { target: { value: "kk" } });
  expect(tab("Нысандар")).not.toBeNull();
  expect(leaf("E14")!.textContent).toContain("kk The deadline");
  expect(document.documentElement.lang).toBe("kk");
});

test("show the math: selecting a computed cell shows its trace tree", async () => {
  const { service } = fakeService({ forms: [form] });
  mount(service);
  expect(screen.queryByTestId("math")).toBeNull();
  await act(async () => service.push({ selection: { sheet: "Plan", address: "K19" } }));
  const math = screen.getByTestId("math");
  const tree = math.querySelector<HTMLElement>('[role="tree"]')!;
  expect(tree.getAttribute("aria-label")).toBe("Number of activities");
  const items = Array.from(tree.querySelectorAll<HTMLElement>('[role="treeitem"]'));
  expect(items).toHaveLength(2);
  expect(items[0].textContent).toContain("Number of activities");
  expect(items[0].textContent).toContain("5");
  expect(items[1].textContent).toContain("rows");
  expect(tree.textContent).toContain("5 rows");
});

test("busy and notices: cell-edit wait and a protected sheet are said in words", async () => {
  const { service } = fakeService({ forms: [form] });
  mount(service);
  await act(async () => service.push({ busy: "waiting-cell-edit", notices: [{ kind: "protected", sheet: "Plan" }] }));
  expect(screen.getByText(/Finish editing the cell/)).toBeTruthy();
  expect(screen.getByText(/Sheet “Plan” is protected with a password/)).toBeTruthy();
  expect(button("Check workbook")!.disabled).toBe(true);
});
