/* global Office */
import { bundledCatalog } from "../excel/bundled-catalog";
import { officeRuntime } from "../excel/runtime";
import { langFromOffice } from "../app/lang";
import { checkCommand, notifyByDialog, DialogUi } from "./check-command";

/** The pane can be opened from code only with the shared runtime (SharedRuntime 1.1); else the dialog says where it is. */
function showPane(): (() => Promise<void>) | undefined {
  const addin = (Office as unknown as { addin?: { showAsTaskpane?: () => Promise<void> } }).addin;
  if (!addin?.showAsTaskpane || !Office.context.requirements.isSetSupported("SharedRuntime", "1.1")) return undefined;
  return () => addin.showAsTaskpane!();
}

/** The function file of the ribbon buttons (manifest: FunctionFile → commands.html). */
Office.onReady(() => {
  const base = new URL(".", window.location.href).toString();
  Office.actions.associate("checkWorkbook", (event: Office.AddinCommands.Event) =>
    checkCommand(event, {
      rt: officeRuntime(),
      catalog: bundledCatalog,
      lang: langFromOffice(Office.context.displayLanguage),
      notify: notifyByDialog(Office.context.ui as unknown as DialogUi, base, { lang: langFromOffice(Office.context.displayLanguage), showPane: showPane() }),
    }),
  );
});
