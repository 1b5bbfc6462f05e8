/* global Office */
/** The notification dialog of the ribbon's "Check": shows the counts, closes itself. */
const params = new URLSearchParams(window.location.search);
const p = document.getElementById("text")!;
p.textContent = params.get("t") ?? "";
p.className = params.get("s") ?? "ok";
const closeDialog = () => {
  try {
    Office.context.ui.messageParent("close");
  } catch {
    window.close();
  }
};
Office.onReady(() => {
  document.getElementById("ok")!.addEventListener("click", closeDialog);
  (document.getElementById("ok") as HTMLButtonElement).focus();
  setTimeout(closeDialog, 8000);
});
export {};
