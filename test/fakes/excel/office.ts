/** The `Office` and `OfficeExtension` globals as far as an Excel add-in uses them. */

import { ClientCollection, ClientObject, ClientResult, EventHandlerResult, EventHandlers } from "./client";
import { FakeRequestContext } from "./context";
import { OfficeExtensionError, OfficeExtensionErrorCodes, officeError } from "./errors";
import type { FakeExcelHost } from "./host";

export interface FakeDialog {
  url: string;
  options?: unknown;
  closed: boolean;
  /** Simulate `Office.context.ui.messageParent(message)` from inside the dialog. */
  messageFromDialog(message: string): void;
  /** Simulate the user closing the dialog (DialogEventReceived, error 12006). */
  closeByUser(): void;
}

export function makeOfficeExtension() {
  return {
    Error: OfficeExtensionError,
    ErrorCodes: OfficeExtensionErrorCodes,
    ClientObject,
    ClientResult,
    ClientCollection,
    ClientRequestContext: FakeRequestContext,
    EventHandlers,
    EventHandlerResult,
    config: { extendedErrorLogging: false },
    Promise,
  };
}

export function makeOffice(host: FakeExcelHost) {
  const HostType = {
    Word: "Word",
    Excel: "Excel",
    PowerPoint: "PowerPoint",
    Outlook: "Outlook",
    OneNote: "OneNote",
    Project: "Project",
    Access: "Access",
  } as const;
  const PlatformType = {
    PC: "PC",
    OfficeOnline: "OfficeOnline",
    Mac: "Mac",
    iOS: "iOS",
    Android: "Android",
    Universal: "Universal",
  } as const;
  const AsyncResultStatus = { Succeeded: "succeeded", Failed: "failed" } as const;
  const EventType = {
    DialogMessageReceived: "dialogMessageReceived",
    DialogEventReceived: "dialogEventReceived",
  } as const;

  const info = () => ({ host: HostType.Excel, platform: host.platform });

  const ui = {
    displayDialogAsync(url: string, options?: unknown, callback?: (result: unknown) => void): void {
      const cb = typeof options === "function" ? (options as (r: unknown) => void) : callback;
      const handlers = new Map<string, ((arg: unknown) => void)[]>();
      const record: FakeDialog = {
        url,
        options: typeof options === "function" ? undefined : options,
        closed: false,
        messageFromDialog(message: string) {
          (handlers.get(EventType.DialogMessageReceived) ?? []).forEach((h) => h({ message, origin: url }));
        },
        closeByUser() {
          record.closed = true;
          (handlers.get(EventType.DialogEventReceived) ?? []).forEach((h) => h({ error: 12006 }));
        },
      };
      host.dialogs.push(record);
      const dialog = {
        close() {
          record.closed = true;
        },
        addEventHandler(type: string, handler: (arg: unknown) => void) {
          handlers.set(type, [...(handlers.get(type) ?? []), handler]);
        },
        messageChild(_message: string) {},
      };
      if (cb) Promise.resolve().then(() => cb({ status: AsyncResultStatus.Succeeded, value: dialog }));
    },
    messageParent(message: string): void {
      host.messagesToParent.push(message);
    },
  };

  /**
   * `Office.addin` (SharedRuntime 1.1): show or hide the task pane from code. Where the host lacks
   * the set the calls reject, as Office.js does for an API the host does not implement.
   */
  const visibility: ((args: { visibilityMode: string }) => void)[] = [];
  const setVisible = (call: "showAsTaskpane" | "hide", visible: boolean): Promise<void> => {
    if (!host._isSetSupported("SharedRuntime", "1.1")) return Promise.reject(officeError("ApiNotFound", undefined, `Office.addin.${call}`));
    host.addinCalls.push(call);
    const changed = host.taskpaneVisible !== visible;
    host.taskpaneVisible = visible;
    if (changed) for (const h of visibility) h({ visibilityMode: visible ? "Taskpane" : "Hidden" });
    return Promise.resolve();
  };
  const addin = {
    showAsTaskpane: () => setVisible("showAsTaskpane", true),
    hide: () => setVisible("hide", false),
    onVisibilityModeChanged(handler: (args: { visibilityMode: string }) => void): Promise<() => Promise<void>> {
      visibility.push(handler);
      return Promise.resolve(async () => {
        visibility.splice(visibility.indexOf(handler), 1);
      });
    },
  };

  const Office = {
    HostType,
    PlatformType,
    AsyncResultStatus,
    EventType,
    /** Legacy initializer; called by onReady when set. */
    initialize: undefined as undefined | ((reason: unknown) => void),
    onReady(callback?: (info: { host: string; platform: string }) => unknown): Promise<{ host: string; platform: string }> {
      const i = info();
      if (typeof Office.initialize === "function") Office.initialize("documentOpened");
      return Promise.resolve(i).then(async (v) => {
        if (callback) await callback(v);
        return v;
      });
    },
    context: {
      get displayLanguage(): string {
        return host.displayLanguage;
      },
      get contentLanguage(): string {
        return host.displayLanguage;
      },
      get platform(): string {
        return host.platform;
      },
      host: HostType.Excel,
      get diagnostics() {
        return { host: HostType.Excel, platform: host.platform, version: "16.0.0.0" };
      },
      requirements: {
        isSetSupported(name: string, minVersion?: string | number): boolean {
          return host._isSetSupported(name, minVersion);
        },
      },
      ui,
    },
    addin,
    VisibilityMode: { hidden: "Hidden", taskpane: "Taskpane" },
    actions: {
      associate(actionId: string, actionFunction: (event: unknown) => unknown): void {
        host.actions.set(actionId, actionFunction);
      },
    },
  };
  return Office;
}
