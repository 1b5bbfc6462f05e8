import * as React from "react";
import { Button, Caption1, Card, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import { pick } from "../../core/i18n";
import { citation } from "../../core/present";
import type { Entry } from "../../app/findings";
import { t } from "../../app/strings";
import { SeverityIcon } from "./Severity";
import { PatchedNote } from "./CatalogPanel";

const useStyles = makeStyles({
  // Pinned at the bottom, so it must leave the list room: at most 40 % of the pane, scrolling inside.
  card: { marginTop: "6px", padding: "8px", maxHeight: "40vh", overflowY: "auto" },
  head: { display: "flex", gap: "6px", alignItems: "center" },
  message: { overflowWrap: "anywhere" },
  basis: { color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  actions: { display: "flex", flexWrap: "wrap", gap: "4px" },
  details: { margin: 0, padding: "4px 0 0 0", display: "grid", gridTemplateColumns: "auto", gap: "2px" },
  dt: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200 },
  dd: { margin: 0, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
});

/**
 * The current finding in full, pinned under the navigation bar (like the detail area of Excel's
 * Accessibility pane): message, the act it cites in the reader's language, a Details toggle with
 * the rule id and the act's original Kazakh words, and the finding's actions. `actions` is a slot:
 * other features (restore, accept with justification…) pass their buttons in.
 */
export function FindingDetail({ entry, lang, actions }: { entry: Entry; lang: Lang; actions?: React.ReactNode }) {
  const s = useStyles();
  const [open, setOpen] = React.useState(false);
  const f = entry.finding;
  const c = citation(f, lang);
  const id = `detail-${entry.key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return (
    <Card className={s.card} size="small" appearance="outline" aria-label={t(`${f.severity}One`, lang)} data-testid="finding-detail">
      <div className={s.head}>
        <SeverityIcon severity={f.severity} />
        <Text weight="semibold">
          {t(`${f.severity}One`, lang)} · {f.cell ? `${f.sheet}!${f.cell}` : `${f.sheet} (${t("formLevel", lang)})`}
        </Text>
      </div>
      <Text className={s.message}>{pick(f.message, lang)}</Text>
      {f.legacy && <Caption1>{t("legacyFinding", lang)}</Caption1>}
      <PatchedNote mark={f.patched} lang={lang} />
      <Caption1 className={s.basis}>{t("legalBasisOf", lang, { text: c.text })}</Caption1>
      <div className={s.actions}>
        {actions}
        <Button size="small" appearance="subtle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
          {t("details", lang)}
        </Button>
      </div>
      {open && (
        <dl className={s.details} id={id}>
          <dt className={s.dt}>{t("ruleId", lang)}</dt>
          <dd className={s.dd}>
            <code>{f.rule}</code>
          </dd>
          {c.quote && (
            <>
              <dt className={s.dt}>{t("quote", lang)}</dt>
              <dd className={s.dd} lang="kk">
                {c.quote}
              </dd>
            </>
          )}
        </dl>
      )}
    </Card>
  );
}
