/**
 * @jest-environment jsdom
 */
/** The pane's Upgrade action (issue 11): offered only for a sheet on an older template version, confirmed before anything is written. */
import { fireEvent, act } from "@testing-library/react";
import type { CheckedForm } from "../../src/app/model";
import { installPaneGlobals, fakePaneService, mountPane } from "../helpers/jsdom-pane";

beforeAll(installPaneGlobals);
beforeEach(() => localStorage.clear());

const old: CheckedForm = {
  sheet: "Операциялық жоспар", templateId: "operational-plan", title: { kk: "Жоспар", ru: "План", en: "Plan" },
  findings: [], accepted: [], computed: {}, computedCells: {},
  upgrade: {
    from: "1.0.0", to: "1.1.0", newSheet: "Операциялық жоспар v1.1.0", carriedSheet: "Ауыстырылған мәндер",
    changes: { kk: "6-баған өзгертілді", ru: "Графа 6 переименована", en: "Column 6 is renamed" },
  },
};
const current: CheckedForm = { sheet: "Есеп", templateId: "operational-plan-report", title: { kk: "Есеп", ru: "Отчёт", en: "Report" }, findings: [], accepted: [], computed: {}, computedCells: {} };

function fakeService(withUpgrade = true, lang: "kk" | "ru" | "en" = "en") {
  const calls: string[] = [];
  const upgrade = async (sheet: string) => void calls.push(`upgrade ${sheet}`);
  const pane = fakePaneService({ state: { forms: [old, current] }, lang, extra: withUpgrade ? { upgrade } : {} });
  return { service: pane.service, calls, push: pane.push };
}

const mount = mountPane;

const offer = (sheet: string) => document.querySelector<HTMLElement>(`[data-upgrade="${sheet}"]`);
const buttonIn = (root: ParentNode, text: string) => Array.from(root.querySelectorAll<HTMLButtonElement>("button")).find((b) => b.textContent?.trim() === text);

test("offered for the sheet on an older version only; the confirmation says what will happen; Cancel writes nothing, Upgrade asks the service", async () => {
  const { service, calls, push } = fakeService();
  mount(service);
  expect(offer("Есеп")).toBeNull();
  const box = offer(old.sheet)!;
  expect(box.textContent).toContain("“Операциялық жоспар” is filled on version 1.0.0 of its form; the catalog holds version 1.1.0.");
  expect(document.querySelector("[data-upgrade-confirm]")).toBeNull();

  await act(async () => fireEvent.click(buttonIn(box, "Upgrade to version 1.1.0")!));
  const confirm = document.querySelector<HTMLElement>(`[data-upgrade-confirm="${old.sheet}"]`)!;
  expect(confirm.textContent).toContain("A new sheet “Операциялық жоспар v1.1.0” of version 1.1.0 will be inserted next to “Операциялық жоспар”");
  expect(confirm.textContent).toContain("listed on the sheet “Ауыстырылған мәндер”");
  expect(confirm.textContent).toContain("stays as it is, under its name, but is no longer checked");
  expect(confirm.textContent).toContain("What changed: Column 6 is renamed");
  await act(async () => fireEvent.click(buttonIn(confirm, "Cancel")!));
  expect(calls).toEqual([]);
  expect(document.querySelector("[data-upgrade-confirm]")).toBeNull();

  await act(async () => fireEvent.click(buttonIn(offer(old.sheet)!, "Upgrade to version 1.1.0")!));
  await act(async () => fireEvent.click(buttonIn(document.querySelector(`[data-upgrade-confirm="${old.sheet}"]`)!, "Upgrade")!));
  expect(calls).toEqual([`upgrade ${old.sheet}`]);

  // Done: the notice names the new sheet and the carried-over values; the offer is gone with the old form.
  await act(async () =>
    push({
      forms: [{ ...old, sheet: "Операциялық жоспар v1.1.0", upgrade: undefined }, current],
      notices: [{ kind: "upgraded", sheet: old.sheet, upgraded: { newSheet: "Операциялық жоспар v1.1.0", to: "1.1.0", carried: 2, carriedSheet: "Ауыстырылған мәндер" } }],
    }),
  );
  expect(document.querySelector("[data-upgrade]")).toBeNull();
  expect(document.body.textContent).toContain("“Операциялық жоспар” was upgraded to version 1.1.0: the new sheet is “Операциялық жоспар v1.1.0”. “Операциялық жоспар” is kept unchanged. 2 value(s) on the sheet “Ауыстырылған мәндер”.");
});

test("in Kazakh and Russian too; no offer where the host cannot upgrade", async () => {
  const kk = mount(fakeService(true, "kk").service);
  expect(offer(old.sheet)!.textContent).toContain("1.1.0 нұсқасына көшіру");
  kk.unmount();
  const ru = mount(fakeService(true, "ru").service);
  await act(async () => fireEvent.click(buttonIn(offer(old.sheet)!, "Перейти на версию 1.1.0")!));
  expect(document.querySelector("[data-upgrade-confirm]")!.textContent).toContain("Лист «Операциялық жоспар» останется как есть");
  ru.unmount();
  mount(fakeService(false).service);
  expect(offer(old.sheet)).toBeNull();
});
