/** The ribbon's "Check" (ExecuteFunction): a full check without the pane, counts in a dialog, event.completed(). */
import { harness, template, templateFile, catalog, sampleData } from "./support/setup";
import { place } from "./support/plan";
import { checkCommand, notifyByDialog, DialogUi } from "../../src/commands/check-command";

test("Check runs a full check, writes the flags, shows the counts in a dialog and completes", async () => {
  const h = harness();
  const t = template("operational-plan");
  const data = sampleData("operational-plan");
  const p = await place(h, t, await templateFile(t, data), data);
  const i = (data.rows ?? []).findIndex((r) => r.kind === "ACTIVITY");
  h.fake.host.setCell(p.sheet, p.cell(i, "deadline"), { value: "'31.12.2031" });
  const { Office } = h.fake;
  Office.actions.associate("checkWorkbook", (event: unknown) =>
    checkCommand(event as { completed: () => void }, {
      rt: h.rt,
      catalog,
      lang: "en",
      notify: notifyByDialog(Office.context.ui as unknown as DialogUi, "https://localhost:3000/"),
    }),
  );
  const invocation = h.fake.host.invokeAction("checkWorkbook", { timeoutMs: 10000 });
  // The dialog opens with the counts; the user presses OK (the page messages its parent).
  for (let k = 0; k < 200 && h.fake.host.dialogs.length === 0; k++) await new Promise((r) => setTimeout(r, 5));
  const dialog = h.fake.host.dialogs[0] as (typeof h.fake.host.dialogs)[number] & { messageFromDialog(m: string): void; closed: boolean };
  const url = new URL(dialog.url);
  expect(url.pathname).toBe("/notify.html");
  expect(url.searchParams.get("t")).toBe("Jospar: errors 1, warnings 0 (forms checked: 1)");
  expect(url.searchParams.get("s")).toBe("error");
  dialog.messageFromDialog("close");
  const done = await invocation;
  expect(done.completed).toBe(true);
  expect(dialog.closed).toBe(true);
  expect(h.fake.host.getValues(p.sheet, p.flagCell(i))[0][0]).toBe("|E:deadline|");
});

test("Check completes even when no dialog can be shown, and says when there is no form", async () => {
  const h = harness();
  const texts: string[] = [];
  h.fake.Office.actions.associate("checkWorkbook", (event: unknown) =>
    checkCommand(event as { completed: () => void }, { rt: h.rt, catalog, lang: "ru", notify: async (text) => void texts.push(text) }),
  );
  const done = await h.fake.host.invokeAction("checkWorkbook");
  expect(done.completed).toBe(true);
  expect(texts).toEqual(["Jospar: в книге не найдено форм"]);
});
