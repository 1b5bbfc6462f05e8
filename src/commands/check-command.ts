import type { Catalog } from "../core/catalog";
import type { Lang } from "../core/i18n";
import { LiveSession } from "../excel/session";
import type { OfficeRuntime } from "../excel/runtime";
import { t } from "../app/strings";

/**
 * The ribbon's "Check": a full check of the workbook without the pane (flags and computed cells
 * are written as the pane would), then the counts in a notification.
 */
export interface CheckCounts {
  forms: number;
  errors: number;
  warnings: number;
  infos: number;
}

export async function runCheck(rt: OfficeRuntime, catalog: Catalog): Promise<CheckCounts> {
  const session = new LiveSession(rt, catalog);
  const u = await session.checkAll({ manual: true });
  const counts: CheckCounts = { forms: u.result.forms.length, errors: 0, warnings: 0, infos: 0 };
  for (const f of u.result.forms)
    for (const x of f.findings) counts[x.severity === "error" ? "errors" : x.severity === "warning" ? "warnings" : "infos"]++;
  return counts;
}

export function countsText(c: CheckCounts, lang: Lang): string {
  return c.forms === 0 ? t("commandNoForms", lang) : t("commandDone", lang, { errors: c.errors, warnings: c.warnings, forms: c.forms });
}

/**
 * Excel has no notification API for add-in commands (Outlook's notificationMessages does not
 * exist there), so the counts appear in a small dialog (Office.context.ui.displayDialogAsync,
 * DialogApi 1.1, shown in an iframe on the web) that closes itself after a few seconds or on
 * its button. `event.completed()` is called once the dialog is gone, or at once when it cannot
 * be shown (the text is then only in the flags and the pane).
 */
export interface DialogUi {
  displayDialogAsync(url: string, options: unknown, callback: (r: { status: string; value: DialogLike; error?: { code: number } }) => void): void;
}
export interface DialogLike {
  close(): void;
  addEventHandler(type: string, handler: (arg: unknown) => void): void;
}

export function notifyByDialog(ui: DialogUi, baseUrl: string, timeoutMs = 15000): (text: string, severity: "error" | "warning" | "ok") => Promise<void> {
  return (text, severity) =>
    new Promise<void>((resolve) => {
      const url = `${baseUrl}notify.html?s=${severity}&t=${encodeURIComponent(text)}`;
      let done = false;
      const finish = (d?: DialogLike) => {
        if (done) return;
        done = true;
        try {
          d?.close();
        } catch {
          /* already closed */
        }
        resolve();
      };
      try {
        ui.displayDialogAsync(url, { height: 18, width: 28, displayInIframe: true }, (r) => {
          if (r.status !== "succeeded") return finish();
          const d = r.value;
          d.addEventHandler("dialogMessageReceived", () => finish(d));
          d.addEventHandler("dialogEventReceived", () => finish());
          setTimeout(() => finish(d), timeoutMs);
        });
      } catch {
        finish();
      }
    });
}

export async function checkCommand(
  event: { completed: () => void },
  deps: { rt: OfficeRuntime; catalog: () => Catalog; lang: Lang; notify: (text: string, severity: "error" | "warning" | "ok") => Promise<void> },
): Promise<void> {
  try {
    const c = await runCheck(deps.rt, deps.catalog());
    await deps.notify(countsText(c, deps.lang), c.errors ? "error" : c.warnings ? "warning" : "ok");
  } catch (e) {
    await deps.notify(t("failed", deps.lang, { text: e instanceof Error ? e.message : String(e) }), "error").catch(() => undefined);
  } finally {
    event.completed();
  }
}
