/* global Office */
import { bundledCatalog } from "../excel/bundled-catalog";
import { officeRuntime } from "../excel/runtime";
import { langFromOffice } from "../app/lang";
import { checkCommand, notifyByDialog, DialogUi } from "./check-command";

/** The function file of the ribbon buttons (manifest: FunctionFile → commands.html). */
Office.onReady(() => {
  const base = new URL(".", window.location.href).toString();
  Office.actions.associate("checkWorkbook", (event: Office.AddinCommands.Event) =>
    checkCommand(event, {
      rt: officeRuntime(),
      catalog: bundledCatalog,
      lang: langFromOffice(Office.context.displayLanguage),
      notify: notifyByDialog(Office.context.ui as unknown as DialogUi, base),
    }),
  );
});
