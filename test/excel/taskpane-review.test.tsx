/**
 * @jest-environment jsdom
 */
/** The pane's reviewer controls (issue 12): accept with a justification, the name remembered, the Accepted group, withdraw, the lapsed mark. */
import { screen, fireEvent, act, within } from "@testing-library/react";
import type { CheckedForm, ReviewService } from "../../src/app/model";
import type { Finding } from "../../src/core/findings";
import { installPaneGlobals, fakePaneService, mountPane } from "../helpers/jsdom-pane";

beforeAll(installPaneGlobals);
beforeEach(() => localStorage.clear());

const finding = (rule: string, severity: Finding["severity"], cell: string, en: string, extra: Partial<Finding> = {}): Finding => ({
  rule, severity, cell, sheet: "Plan", template: "plan", message: { kk: `kk ${en}`, ru: `ru ${en}`, en }, values: {}, source: "001.txt p.3", type: "violation", fingerprint: `fp1:${rule.length.toString(16).padStart(14, "0")}`, ...extra,
});

const late = finding("OP-DEADLINE-APPROVAL", "error", "K11", "Approved on 19.01.2024, due by 15.01.2024");
const inYear = finding("OP-DEADLINE-IN-YEAR", "error", "E14", "The deadline lies outside 2024");
const code = finding("BUDGET-CODE", "warning", "C15", "“12-A” is not a budget code", {
  review: { id: "a-1", status: "lapsed", by: "А. Сейітова", at: "2026-11-30T08:00:00Z", reason: "internal code" },
});
const acceptedOne = finding("OP-SIGNATURE", "warning", "C55", "The signer's name is missing", {
  review: { id: "a-2", status: "accepted", by: "Б. Нұрланов", at: "2026-12-01T09:30:00Z", reason: "signed on paper" },
});

const form: CheckedForm = {
  sheet: "Plan", templateId: "plan", title: { kk: "Жоспар", ru: "План", en: "Plan" },
  findings: [late, inYear, code], accepted: [acceptedOne], computed: {}, computedCells: {},
};

function fakeService() {
  const calls: string[] = [];
  const review: ReviewService = {
    canAccept: (f) => f.severity === "warning" || f.rule === "OP-DEADLINE-APPROVAL",
    async accept(f, by, reason) {
      calls.push(`accept ${f.rule} by ${by}: ${reason}`);
    },
    async withdraw(f, by, reason) {
      calls.push(`withdraw ${f.rule} by ${by}: ${reason}`);
    },
  };
  // One log of what the pane asked for, in order: selections and reviewers' decisions.
  return fakePaneService({ state: { forms: [form] }, extra: { review }, calls });
}

const mount = mountPane;

// Queries by data attributes and labels: role-and-name queries over the Fluent tree take minutes in jsdom.
const leaf = (cell: string) => document.querySelector<HTMLElement>(`[role="treeitem"][data-cell="${cell}"]`)!;
const labelled = (label: string) => document.querySelector<HTMLElement>(`[aria-label="${label}"]`);
const buttonIn = (root: ParentNode, text: string) =>
  Array.from(root.querySelectorAll<HTMLButtonElement>("button")).find((b) => b.getAttribute("aria-label") === text || b.textContent?.trim() === text)!;
const acceptedGroup = () => document.querySelector<HTMLElement>('section[aria-labelledby="group-accepted"]')!;
const select = async (cell: string) => act(async () => fireEvent.click(leaf(cell)));

test("accept: only acceptable findings offer it; the justification is required; the name is typed once and remembered", async () => {
  const { service, calls } = fakeService();
  mount(service);
  // An error whose rule is not acceptable: its detail card offers no Accept….
  await select("E14");
  expect(screen.getByTestId("finding-detail").textContent).toContain("The deadline lies outside 2024");
  expect(labelled("Accept finding OP-DEADLINE-IN-YEAR with a justification")).toBeNull();
  // An acceptable error: Accept… opens the justification form.
  await select("K11");
  await act(async () => fireEvent.click(labelled("Accept finding OP-DEADLINE-APPROVAL with a justification")!));
  const box = document.querySelector<HTMLFormElement>('form[aria-label="Accept finding OP-DEADLINE-APPROVAL with a justification"]')!;
  await act(async () => fireEvent.click(buttonIn(box, "Accept")));
  expect(calls.filter((c) => c.startsWith("accept"))).toEqual([]);
  fireEvent.change(within(box).getByLabelText(/Reviewer's name/), { target: { value: "А. Сейітова" } });
  fireEvent.change(within(box).getByLabelText(/Justification/), { target: { value: "The minister was abroad (order No. 12)" } });
  await act(async () => fireEvent.click(buttonIn(box, "Accept")));
  expect(calls.filter((c) => c.startsWith("accept"))).toEqual(["accept OP-DEADLINE-APPROVAL by А. Сейітова: The minister was abroad (order No. 12)"]);
  expect(localStorage.getItem("jospar.reviewer")).toBe("А. Сейітова");

  // The next acceptance asks only for the justification.
  await select("C15");
  await act(async () => fireEvent.click(labelled("Accept finding BUDGET-CODE with a justification")!));
  const second = document.querySelector<HTMLFormElement>('form[aria-label="Accept finding BUDGET-CODE with a justification"]')!;
  expect(within(second).queryByLabelText(/Reviewer's name/)).toBeNull();
  fireEvent.change(within(second).getByLabelText(/Justification/), { target: { value: "still internal" } });
  await act(async () => fireEvent.click(buttonIn(second, "Accept")));
  expect(calls.at(-1)).toBe("accept BUDGET-CODE by А. Сейітова: still internal");
});

test("the Accepted group shows who, when and why, selects the cell, and withdraws; a lapsed acceptance is marked", async () => {
  localStorage.setItem("jospar.reviewer", "Б. Нұрланов");
  const { service, calls } = fakeService();
  mount(service);
  const group = acceptedGroup();
  expect(group.textContent).toContain("Accepted by Б. Нұрланов on 01.12.2026. Justification: signed on paper");
  expect(group.textContent).toContain("The signer's name is missing");
  // Not in the findings tree, not counted with the errors and warnings.
  expect(document.querySelector('[role="treeitem"][data-cell="C55"]')).toBeNull();
  expect(screen.getByText("Errors: 2 · warnings: 1 · notes: 0")).toBeTruthy();
  const item = group.querySelector<HTMLElement>('li[data-cell="C55"]')!;
  await act(async () => fireEvent.click(item.querySelector("button")!));
  expect(calls.at(-1)).toBe("select Plan!C55");
  await act(async () => fireEvent.click(buttonIn(group, "Withdraw acceptance")));
  fireEvent.change(within(group).getByLabelText("Why it is withdrawn"), { target: { value: "no paper copy found" } });
  await act(async () => fireEvent.click(buttonIn(group, "Withdraw")));
  expect(calls.at(-1)).toBe("withdraw OP-SIGNATURE by Б. Нұрланов: no paper copy found");
  // A lapsed acceptance: the finding is back, and its card says whose acceptance lapsed and why.
  await select("C15");
  expect(screen.getByTestId("finding-detail").textContent).toContain("Acceptance lapsed: the values changed (А. Сейітова, 30.11.2026: internal code)");
});

test("in Kazakh and Russian too", async () => {
  const { service } = fakeService();
  mount(service);
  fireEvent.change(screen.getByLabelText("Language"), { target: { value: "kk" } });
  expect(acceptedGroup().textContent).toMatch(/Қабылданған/);
  await select("C15");
  expect(screen.getByTestId("finding-detail").textContent).toMatch(/Қабылдау күшін жойды/);
  fireEvent.change(screen.getByLabelText("Тіл"), { target: { value: "ru" } });
  expect(acceptedGroup().textContent).toMatch(/Принятые/);
  expect(labelled("Принять замечание BUDGET-CODE с обоснованием")).not.toBeNull();
  expect(buttonIn(screen.getByTestId("finding-detail"), "Принять замечание BUDGET-CODE с обоснованием").textContent).toBe("Принять…");
});
