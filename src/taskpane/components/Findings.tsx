import * as React from "react";
import { Badge, Button, Caption1, Subtitle2, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import { pick } from "../../core/i18n";
import type { Entry, Group } from "../../app/findings";
import { t } from "../../app/strings";

const useStyles = makeStyles({
  group: { marginTop: "10px" },
  heading: { display: "flex", alignItems: "center", gap: "6px", margin: "0 0 4px 0" },
  list: { margin: 0, padding: 0, listStyleType: "none", display: "flex", flexDirection: "column", gap: "4px" },
  item: {
    display: "block",
    width: "100%",
    textAlign: "left",
    padding: "6px 8px",
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    cursor: "pointer",
    font: "inherit",
    color: "inherit",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px" },
  },
  current: { border: `2px solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  line: { display: "flex", flexWrap: "wrap", gap: "6px", alignItems: "baseline" },
  rule: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  message: { display: "block", margin: "2px 0", overflowWrap: "anywhere" },
  source: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
});

const COLOR = { error: "danger", warning: "warning", info: "informative" } as const;

export function FindingItem({
  entry,
  lang,
  current,
  onSelect,
  onRestore,
}: {
  entry: Entry;
  lang: Lang;
  current: boolean;
  onSelect: () => void;
  onRestore?: () => void;
}) {
  const s = useStyles();
  const f = entry.finding;
  const where = f.cell ? `${f.sheet}!${f.cell}` : `${f.sheet} (${t("formLevel", lang)})`;
  return (
    <li>
      <button
        type="button"
        className={mergeClasses(s.item, current && s.current)}
        aria-current={current ? "true" : undefined}
        aria-label={`${t(f.severity, lang)}: ${pick(f.message, lang)}. ${f.cell ? t("goTo", lang, { cell: where }) : where}`}
        onClick={onSelect}
        data-rule={f.rule}
        data-cell={f.cell ?? ""}
      >
        <span className={s.line}>
          <Badge size="small" appearance="tint" color={COLOR[f.severity]}>
            {f.cell ?? "—"}
          </Badge>
          <span className={s.rule}>
            {t("rule", lang)} {f.rule}
          </span>
        </span>
        <Text className={s.message}>{pick(f.message, lang)}</Text>
        <Caption1 className={s.source}>
          {t("source", lang)}: {f.source}
        </Caption1>
        {f.legacy && (
          <Caption1 className={s.source} as="p">
            {t("legacyFinding", lang)}
          </Caption1>
        )}
      </button>
      {onRestore && (
        <Button size="small" appearance="secondary" onClick={onRestore} style={{ marginTop: 2 }}>
          {t("restore", lang)}
        </Button>
      )}
    </li>
  );
}

export function FindingGroups({
  groups,
  lang,
  currentKey,
  onSelect,
  onRestore,
}: {
  groups: Group[];
  lang: Lang;
  currentKey: string | null;
  onSelect: (e: Entry) => void;
  onRestore: (e: Entry) => void;
}) {
  const s = useStyles();
  return (
    <>
      {groups
        .filter((g) => g.entries.length > 0)
        .map((g) => {
          const id = `group-${g.severity}`;
          return (
            <section key={g.severity} className={s.group} aria-labelledby={id}>
              <Subtitle2 as="h3" id={id} className={s.heading}>
                {t(g.severity, lang)}
                <Badge appearance="filled" color={COLOR[g.severity]} aria-label={String(g.entries.length)}>
                  {g.entries.length}
                </Badge>
              </Subtitle2>
              <ul className={s.list}>
                {g.entries.map((e) => (
                  <FindingItem
                    key={e.key}
                    entry={e}
                    lang={lang}
                    current={e.key === currentKey}
                    onSelect={() => onSelect(e)}
                    onRestore={e.restorable ? () => onRestore(e) : undefined}
                  />
                ))}
              </ul>
            </section>
          );
        })}
    </>
  );
}
