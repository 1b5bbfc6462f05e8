import * as React from "react";
import { Button, Subtitle2, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowLeft16Regular, TaskListLtr20Regular, Calculator20Regular } from "@fluentui/react-icons";
import type { Lang } from "../../core/i18n";
import { t } from "../../app/strings";
import { SeverityIcon } from "./Severity";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  item: { display: "flex", gap: "8px", alignItems: "flex-start" },
  swatch: { width: "14px", height: "14px", flexShrink: 0, marginTop: "3px", border: `1px solid ${tokens.colorNeutralStroke1}` },
});

/** Help reachable from the pane: the legend of the flags and severities, and the keyboard. */
export function Help({ lang, onBack }: { lang: Lang; onBack: () => void }) {
  const s = useStyles();
  return (
    <section aria-labelledby="help-title" data-testid="help">
      <Button size="small" appearance="subtle" icon={<ArrowLeft16Regular />} onClick={onBack}>
        {t("back", lang)}
      </Button>
      <Subtitle2 as="h2" id="help-title" block>
        {t("helpTitle", lang)}
      </Subtitle2>
      <Subtitle2 as="h3" block>
        {t("legendTitle", lang)}
      </Subtitle2>
      <ul className={s.list}>
        <li className={s.item}>
          <SeverityIcon severity="error" />
          <Text>{t("legendError", lang)}</Text>
        </li>
        <li className={s.item}>
          <SeverityIcon severity="warning" />
          <Text>{t("legendWarning", lang)}</Text>
        </li>
        <li className={s.item}>
          <SeverityIcon severity="info" />
          <Text>{t("legendInfo", lang)}</Text>
        </li>
        <li className={s.item}>
          <TaskListLtr20Regular aria-hidden="true" />
          <Text>{t("legendProgress", lang)}</Text>
        </li>
        <li className={s.item}>
          <Calculator20Regular aria-hidden="true" />
          <Text>{t("legendComputed", lang)}</Text>
        </li>
      </ul>
      <Text as="p">{t("shortcuts", lang)}</Text>
    </section>
  );
}
