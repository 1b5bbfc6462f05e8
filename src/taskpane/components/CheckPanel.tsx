import * as React from "react";
import { Button, Caption1, MessageBar, MessageBarBody, Spinner, Text, makeStyles } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import type { AppService, PaneState } from "../../app/model";
import { computedAt, counts, Entry, flatten, groupFindings, step } from "../../app/findings";
import { t } from "../../app/strings";
import { FindingGroups } from "./Findings";
import { Trace } from "./Trace";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: "6px", alignItems: "center", margin: "8px 0" },
  nav: { display: "flex", gap: "4px", alignItems: "center", flexWrap: "wrap" },
  notices: { display: "flex", flexDirection: "column", gap: "4px" },
});

export function CheckPanel({ service, state, lang }: { service: AppService; state: PaneState; lang: Lang }) {
  const s = useStyles();
  const groups = React.useMemo(() => groupFindings(state.forms ?? []), [state.forms]);
  const entries = React.useMemo(() => flatten(groups), [groups]);
  const [currentKey, setCurrentKey] = React.useState<string | null>(null);
  const index = entries.findIndex((e) => e.key === currentKey);
  const c = counts(groups);
  const math = computedAt(state.forms, state.selection);

  const go = (e: Entry) => {
    setCurrentKey(e.key);
    if (e.finding.cell) void service.select(e.finding.sheet, e.finding.cell);
  };
  const move = (dir: 1 | -1) => {
    const i = step(entries, index, dir);
    if (i >= 0) go(entries[i]);
  };
  const busyText = state.busy === "checking" ? t("checking", lang) : state.busy === "inserting" ? t("inserting", lang) : null;

  return (
    <section aria-label={t("tabCheck", lang)}>
      <div className={s.bar}>
        <Button appearance="primary" onClick={() => void service.checkAll()} disabled={state.busy !== null}>
          {t("checkWorkbook", lang)}
        </Button>
        {busyText && <Spinner size="tiny" label={busyText} />}
      </div>
      <div className={s.notices} aria-live="polite">
        {state.busy === "waiting-cell-edit" && (
          <MessageBar intent="info">
            <MessageBarBody>{t("waitingCellEdit", lang)}</MessageBarBody>
          </MessageBar>
        )}
        {state.notices.map((n, i) => (
          <MessageBar key={i} intent={n.kind === "error" || n.kind === "protected" ? "warning" : n.kind === "inserted" ? "success" : "info"}>
            <MessageBarBody>
              {n.kind === "protected"
                ? t("protected", lang, { sheet: n.sheet ?? "" })
                : n.kind === "missing"
                  ? t("missing", lang, { sheet: n.sheet ?? "" })
                  : n.kind === "no-flags"
                    ? t("noFlags", lang, { sheet: n.sheet ?? "" })
                    : n.kind === "inserted"
                      ? t("inserted", lang, { sheet: n.sheet ?? "" })
                      : t("failed", lang, { text: n.text ?? "" })}
            </MessageBarBody>
          </MessageBar>
        ))}
      </div>
      {state.forms === null ? (
        <Text as="p">{t("notChecked", lang)}</Text>
      ) : state.forms.length === 0 ? (
        <Text as="p">{t("noForms", lang)}</Text>
      ) : (
        <>
          <Text as="p" role="status" weight="semibold">
            {t("summary", lang, { errors: c.error, warnings: c.warning, infos: c.info })}
          </Text>
          {entries.length === 0 ? (
            <Text as="p">{t("noFindings", lang)}</Text>
          ) : (
            <div className={s.nav} role="toolbar" aria-label={t("tabCheck", lang)}>
              <Button size="small" onClick={() => move(-1)} aria-label={t("previousLabel", lang)}>
                ‹ {t("previous", lang)}
              </Button>
              <Button size="small" onClick={() => move(1)} aria-label={t("nextLabel", lang)}>
                {t("next", lang)} ›
              </Button>
              <Caption1 aria-live="polite">{index >= 0 ? t("position", lang, { i: index + 1, n: entries.length }) : ""}</Caption1>
            </div>
          )}
          {math && <Trace trace={math.computation.trace} lang={lang} />}
          <FindingGroups
            groups={groups}
            lang={lang}
            currentKey={currentKey}
            onSelect={go}
            onRestore={(e) => void service.restore(e.finding.sheet, e.finding.cell!)}
          />
          {state.unrecognised.length > 0 && <Caption1 as="p">{t("unrecognised", lang, { sheets: state.unrecognised.join(", ") })}</Caption1>}
        </>
      )}
    </section>
  );
}
