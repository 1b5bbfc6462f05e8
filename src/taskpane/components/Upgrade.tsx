import * as React from "react";
import { Button, Caption1, MessageBar, MessageBarBody, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import { pick } from "../../core/i18n";
import type { CheckedForm } from "../../app/model";
import { t } from "../../app/strings";
import { ConfirmActions } from "./ConfirmActions";

const useStyles = makeStyles({
  box: { display: "flex", flexDirection: "column", gap: "4px" },
  confirm: { display: "flex", flexDirection: "column", gap: "4px", marginTop: "4px", padding: "6px", border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  row: { display: "flex", gap: "4px", flexWrap: "wrap" },
});

/**
 * For a sheet on an older version of its template: "Upgrade to version X", and before anything
 * is written, a confirmation that says what will happen (a new sheet beside it, where the values
 * go, the old sheet kept as it is).
 */
export function UpgradeOffer({ form, lang, busy, onUpgrade }: { form: CheckedForm; lang: Lang; busy: boolean; onUpgrade: (sheet: string) => void }) {
  const s = useStyles();
  const [confirming, setConfirming] = React.useState(false);
  const u = form.upgrade!;
  const values = { sheet: form.sheet, from: u.from, to: u.to, newSheet: u.newSheet, carried: u.carriedSheet };
  return (
    <MessageBar intent="info" data-upgrade={form.sheet} layout="multiline">
      <MessageBarBody>
        <div className={s.box}>
          <Text>{t("upgradeOffer", lang, values)}</Text>
          {!confirming && (
            <div className={s.row}>
              <Button size="small" onClick={() => setConfirming(true)} disabled={busy} data-upgrade-action={form.sheet}>
                {t("upgradeTo", lang, values)}
              </Button>
            </div>
          )}
          {confirming && (
            <div className={s.confirm} role="group" aria-label={t("upgradeTo", lang, values)} data-upgrade-confirm={form.sheet}>
              <Text>{t("upgradeConfirm", lang, values)}</Text>
              {u.changes && pick(u.changes, lang) && <Caption1>{t("upgradeChanges", lang, { changes: pick(u.changes, lang) })}</Caption1>}
              <ConfirmActions className={s.row} label={t("upgradeDo", lang)} disabled={busy} onConfirm={() => { setConfirming(false); onUpgrade(form.sheet); }} cancelLabel={t("cancel", lang)} onCancel={() => setConfirming(false)} />
            </div>
          )}
        </div>
      </MessageBarBody>
    </MessageBar>
  );
}
