import type { Lang } from "../core/i18n";
import type { AppService } from "../app/model";
import { t } from "../app/strings";

/**
 * The ribbon's "Check": a full check of the workbook by the pane's own service (the shared
 * runtime: the same catalog release, session and findings the pane shows; flags and computed
 * cells written as the pane writes them), then the counts in a dialog.
 */
export interface CheckCounts {
  forms: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function countsOf(forms: readonly { findings: readonly { severity: string }[] }[]): CheckCounts {
  const counts: CheckCounts = { forms: forms.length, errors: 0, warnings: 0, infos: 0 };
  for (const f of forms)
    for (const x of f.findings) counts[x.severity === "error" ? "errors" : x.severity === "warning" ? "warnings" : "infos"]++;
  return counts;
}

/** An explicit check (every sheet's empty required cells count, as the pane's "Check workbook"); a failure the service reports is thrown. */
export async function checkWith(service: AppService): Promise<CheckCounts> {
  await service.checkAll();
  const s = service.getState();
  const failed = s.notices.find((n) => n.kind === "error");
  if (failed) throw new Error(failed.text ?? "");
  return countsOf(s.forms ?? []);
}

export function countsText(c: CheckCounts, lang: Lang): string {
  return c.forms === 0 ? t("commandNoForms", lang) : t("commandDone", lang, { errors: c.errors, warnings: c.warnings, forms: c.forms });
}

/**
 * Excel has no notification API for add-in commands (Outlook's notificationMessages does not
 * exist there), so the counts appear in a small dialog (Office.context.ui.displayDialogAsync,
 * DialogApi 1.1, shown in an iframe on the web), styled and translated like the pane. It stays
 * until the user closes it. With `onShowFindings` (the pane can be shown from code: SharedRuntime
 * 1.1) it has "Show findings", whose message runs it; without, the dialog says where the pane is.
 * The promise resolves once the dialog is gone, or at once when it cannot be shown.
 */
export interface DialogUi {
  displayDialogAsync(url: string, options: unknown, callback: (r: { status: string; value: DialogLike; error?: { code: number } }) => void): void;
}
export interface DialogLike {
  close(): void;
  addEventHandler(type: string, handler: (arg: unknown) => void): void;
}
export type Notify = (text: string, severity: "error" | "warning" | "ok") => Promise<void>;

export function notifyByDialog(ui: DialogUi, baseUrl: string, options: { lang?: Lang; onShowFindings?: () => Promise<void> } = {}): Notify {
  return (text, severity) =>
    new Promise<void>((resolve) => {
      const pane = options.onShowFindings ? "&p=1" : "";
      const url = `${baseUrl}notify.html?s=${severity}&l=${options.lang ?? "kk"}${pane}&t=${encodeURIComponent(text)}`;
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
        ui.displayDialogAsync(url, { height: 24, width: 30, displayInIframe: true }, (r) => {
          if (r.status !== "succeeded") return finish();
          const d = r.value;
          d.addEventHandler("dialogMessageReceived", (arg) => {
            const message = (arg as { message?: string } | undefined)?.message;
            // The dialog goes first: Office shows one dialog at a time and the pane takes the focus.
            finish(d);
            if (message === "show" && options.onShowFindings) void options.onShowFindings().catch(() => undefined);
          });
          d.addEventHandler("dialogEventReceived", () => finish());
        });
      } catch {
        finish();
      }
    });
}

export async function checkCommand(event: { completed: () => void }, deps: { check: () => Promise<CheckCounts>; lang: Lang; notify: Notify }): Promise<void> {
  try {
    const c = await deps.check();
    await deps.notify(countsText(c, deps.lang), c.errors ? "error" : c.warnings ? "warning" : "ok");
  } catch (e) {
    await deps.notify(t("failed", deps.lang, { text: e instanceof Error ? e.message : String(e) }), "error").catch(() => undefined);
  } finally {
    event.completed();
  }
}
