/**
 * The ribbon's "Check" (ExecuteFunction) registered by the pane's page (shared runtime): a full
 * check by the pane's service, the counts in a dialog, event.completed(); "Show findings" shows
 * the pane (Office.addin.showAsTaskpane) and asks it to land on the findings; without
 * SharedRuntime 1.1 the dialog has no such button (it says where the pane is).
 */
import { harness, template, templateFile, catalog, sampleData, Harness } from "./support/setup";
import { place } from "./support/plan";
import { OfficeAppService } from "../../src/excel/app-service";
import { registerCommands, officeCommandsHost, OfficeForCommands, COMMANDS } from "../../src/commands/commands";
import type { FakeDialog } from "../fakes/excel/office";
import type { Lang } from "../../src/core/i18n";

async function planWithLateDeadline(h: Harness) {
  const t = template("operational-plan");
  const data = sampleData("operational-plan");
  const p = await place(h, t, await templateFile(t, data), data);
  const i = (data.rows ?? []).findIndex((r) => r.kind === "ACTIVITY");
  h.fake.host.setCell(p.sheet, p.cell(i, "deadline"), { value: "'31.12.2031" });
  return { p, i };
}

function register(h: Harness, lang: Lang = "en", service?: Promise<OfficeAppService>) {
  const svc = new OfficeAppService(h.rt, catalog(), null, lang, { debounceMs: 0 });
  registerCommands(officeCommandsHost(h.fake.Office as unknown as OfficeForCommands), {
    baseUrl: "https://localhost:3000/",
    lang: () => lang,
    service: () => service ?? Promise.resolve(svc),
  });
  return svc;
}

async function dialogOf(h: Harness): Promise<FakeDialog> {
  for (let k = 0; k < 400 && h.fake.host.dialogs.length === 0; k++) await new Promise((r) => setTimeout(r, 5));
  expect(h.fake.host.dialogs.length).toBe(1);
  return h.fake.host.dialogs[0] as FakeDialog;
}

test("Check runs a full check by the pane's service, writes the flags, shows the counts in a dialog and completes", async () => {
  const h = harness();
  const { p, i } = await planWithLateDeadline(h);
  const svc = register(h);
  const invocation = h.fake.host.invokeAction(COMMANDS.check, { timeoutMs: 10000 });
  const dialog = await dialogOf(h);
  const url = new URL(dialog.url);
  expect(url.pathname).toBe("/notify.html");
  expect(url.searchParams.get("t")).toBe("Jospar: errors 1, warnings 0 (forms checked: 1)");
  expect(url.searchParams.get("s")).toBe("error");
  expect(url.searchParams.get("l")).toBe("en");
  // SharedRuntime 1.1 (the fake's default): the dialog offers Show findings.
  expect(url.searchParams.get("p")).toBe("1");
  // The pane's own state holds what the dialog counted.
  expect(svc.getState().forms?.[0].findings.map((f) => f.severity)).toEqual(["error"]);
  dialog.messageFromDialog("close");
  const done = await invocation;
  expect(done.completed).toBe(true);
  expect(dialog.closed).toBe(true);
  expect(h.fake.host.addinCalls).toEqual([]);
  expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBe("|E:deadline|");
});

test("Show findings closes the dialog, shows the pane, then asks it to land on the findings", async () => {
  const h = harness();
  await planWithLateDeadline(h);
  const svc = register(h, "ru");
  const reveals: (number | undefined)[] = [];
  svc.subscribe((s) => reveals.push(s.reveal));
  const invocation = h.fake.host.invokeAction(COMMANDS.check, { timeoutMs: 10000 });
  const dialog = await dialogOf(h);
  expect(new URL(dialog.url).searchParams.get("t")).toBe("Jospar: ошибок 1, предупреждений 0 (форм: 1)");
  expect(h.fake.host.taskpaneVisible).toBe(false);
  dialog.messageFromDialog("show");
  expect((await invocation).completed).toBe(true);
  expect(dialog.closed).toBe(true);
  for (let k = 0; k < 100 && svc.getState().reveal === undefined; k++) await new Promise((r) => setTimeout(r, 5));
  expect(h.fake.host.addinCalls).toEqual(["showAsTaskpane"]);
  expect(h.fake.host.taskpaneVisible).toBe(true);
  expect(svc.getState().reveal).toBe(1);
  expect(reveals.filter((r) => r !== undefined)).toEqual([1]);
});

test("without SharedRuntime 1.1 the dialog has no Show findings (it says where the pane is) and nothing shows the pane", async () => {
  const h = harness();
  delete h.fake.host.supportedSets.SharedRuntime;
  await planWithLateDeadline(h);
  register(h, "kk");
  const invocation = h.fake.host.invokeAction(COMMANDS.check, { timeoutMs: 10000 });
  const dialog = await dialogOf(h);
  const url = new URL(dialog.url);
  expect(url.searchParams.get("p")).toBeNull();
  expect(url.searchParams.get("l")).toBe("kk");
  // Even a stray "show" from the page does nothing here.
  dialog.messageFromDialog("show");
  expect((await invocation).completed).toBe(true);
  await new Promise((r) => setTimeout(r, 20));
  expect(h.fake.host.addinCalls).toEqual([]);
  expect(h.fake.host.taskpaneVisible).toBe(false);
  // The fake refuses the call as Office.js does where the set is missing.
  await expect((h.fake.Office as unknown as { addin: { showAsTaskpane(): Promise<void> } }).addin.showAsTaskpane()).rejects.toThrow(/could not be found/);
});

test("Check completes and says so in the user's language when the pane's engine did not load, or no form is there", async () => {
  const h = harness();
  register(h, "ru", Promise.reject(new Error("chunk engine failed")));
  const invocation = h.fake.host.invokeAction(COMMANDS.check, { timeoutMs: 10000 });
  const dialog = await dialogOf(h);
  const url = new URL(dialog.url);
  expect(url.searchParams.get("s")).toBe("error");
  expect(url.searchParams.get("t")).toContain("chunk engine failed");
  dialog.closeByUser();
  expect((await invocation).completed).toBe(true);

  const h2 = harness();
  register(h2, "ru");
  const second = h2.fake.host.invokeAction(COMMANDS.check, { timeoutMs: 10000 });
  const d2 = await dialogOf(h2);
  expect(new URL(d2.url).searchParams.get("t")).toBe("Jospar: в книге не найдено форм");
  expect(new URL(d2.url).searchParams.get("s")).toBe("ok");
  d2.closeByUser();
  expect((await second).completed).toBe(true);
});
