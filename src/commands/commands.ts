import type { Lang } from "../core/i18n";
import type { AppService } from "../app/model";
import { checkCommand, checkWith, notifyByDialog, DialogUi } from "./check-command";

/**
 * The ribbon's functions, registered by the task pane's page: the manifest runs the pane and the
 * ribbon in one shared runtime (`<Runtimes>` with lifetime="long", FunctionFile = taskpane.html),
 * so "Check" uses the pane's own service and "Show findings" can open the pane on what it found.
 * Where the host lacks SharedRuntime 1.1 the page is loaded as a separate function file: the
 * check runs the same, and the dialog says where the pane is instead of offering to open it.
 */
export interface CommandsHost {
  associate(actionId: string, action: (event: { completed: () => void }) => unknown): void;
  ui: DialogUi;
  /** Shows the task pane from code (Office.addin.showAsTaskpane); absent without SharedRuntime 1.1. */
  showPane?: () => Promise<void>;
}

export interface CommandsDeps {
  /** The dialog's base URL (where notify.html is). */
  baseUrl: string;
  /** The language the pane speaks now (the user's choice, else Office's). */
  lang: () => Lang;
  /** The pane's service once its engine has loaded (rejects when it could not). */
  service: () => Promise<AppService>;
}

/** Ribbon function ids, as the manifest's `<FunctionName>` names them. */
export const COMMANDS = { check: "checkWorkbook" } as const;

export function registerCommands(host: CommandsHost, deps: CommandsDeps): void {
  host.associate(COMMANDS.check, (event) => {
    const lang = deps.lang();
    const show = host.showPane;
    return checkCommand(event, {
      check: async () => checkWith(await deps.service()),
      lang,
      notify: notifyByDialog(host.ui, deps.baseUrl, {
        lang,
        onShowFindings: show
          ? async () => {
              await show();
              // Shown first: the pane takes the focus it is about to give to the first finding.
              (await deps.service()).revealFindings?.();
            }
          : undefined,
      }),
    });
  });
}

/** As much of the `Office` global as the ribbon uses (the fake's `Office` fits, for tests). */
export interface OfficeForCommands {
  actions: { associate(actionId: string, action: (event: never) => unknown): void };
  context: { ui: unknown; requirements: { isSetSupported(name: string, version?: string): boolean } };
  addin?: { showAsTaskpane?: () => Promise<void> };
}

/** The host over Office.js (call after Office.onReady); the pane is shown from code only with SharedRuntime 1.1. */
export function officeCommandsHost(office: OfficeForCommands = Office as unknown as OfficeForCommands): CommandsHost {
  const addin = office.addin;
  let shared = false;
  try {
    shared = !!addin?.showAsTaskpane && office.context.requirements.isSetSupported("SharedRuntime", "1.1");
  } catch {
    /* an old host without requirement checks: no shared runtime */
  }
  return {
    associate: (id, action) => office.actions.associate(id, action as (event: never) => unknown),
    ui: office.context.ui as DialogUi,
    showPane: shared ? () => addin!.showAsTaskpane!() : undefined,
  };
}
