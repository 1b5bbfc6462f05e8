/* global Office */
import { isLang, Lang } from "../core/i18n";
import { t } from "../app/strings";

/**
 * The dialog of the ribbon's "Check": the counts, in the user's language, with "Show findings"
 * (when the pane can be opened from code) and "Close". It stays until the user closes it.
 */
const params = new URLSearchParams(window.location.search);
const l = params.get("l");
const lang: Lang = isLang(l) ? l : "kk";
const severity = ["error", "warning", "ok"].includes(params.get("s") ?? "") ? (params.get("s") as "error" | "warning" | "ok") : "ok";
document.documentElement.lang = lang;
document.title = `Jospar — ${t("dialogTitle", lang)}`;
const $ = (id: string) => document.getElementById(id)!;
$("title").textContent = t("dialogTitle", lang);
$("result").className = `result ${severity}`;
$("icon").textContent = severity === "error" ? "×" : severity === "warning" ? "!" : "✓";
$("icon").setAttribute("aria-label", severity === "error" ? t("error", lang) : severity === "warning" ? t("warning", lang) : t("noFindings", lang));
$("text").textContent = params.get("t") ?? "";
const show = $("show") as HTMLButtonElement;
const close = $("close") as HTMLButtonElement;
close.textContent = t("close", lang);
if (params.get("p") === "1") {
  show.hidden = false;
  show.textContent = t("showFindings", lang);
} else {
  $("hint").hidden = false;
  $("hint").textContent = t("dialogPaneHint", lang);
}
const send = (message: string) => {
  try {
    Office.context.ui.messageParent(message);
  } catch {
    window.close();
  }
};
const ready = () => {
  show.addEventListener("click", () => send("show"));
  close.addEventListener("click", () => send("close"));
  (show.hidden ? close : show).focus();
};
if (typeof Office !== "undefined") Office.onReady(ready);
else ready();
