import * as React from "react";
import { Caption1, CounterBadge, Tree, TreeItem, TreeItemLayout, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { TreeItemValue } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import { pick } from "../../core/i18n";
import type { Entry, SheetGroup } from "../../app/findings";
import { t } from "../../app/strings";
import { SeverityIcon } from "./Severity";

const useStyles = makeStyles({
  line: { display: "flex", gap: "6px", alignItems: "center", minWidth: 0 },
  // The layout's main slot must be allowed to shrink, or a long message pushes the item past the
  // pane's edge instead of ending in an ellipsis.
  main: { minWidth: 0, overflow: "hidden", flexGrow: 1 },
  cell: { fontVariantNumeric: "tabular-nums", minWidth: "3.2em", fontWeight: tokens.fontWeightSemibold },
  one: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", minWidth: 0, flexGrow: 1 },
  full: { whiteSpace: "normal", overflowWrap: "anywhere" },
  current: { backgroundColor: tokens.colorNeutralBackground1Selected, outline: `1px solid ${tokens.colorBrandStroke1}` },
  progress: { color: tokens.colorNeutralForeground2, whiteSpace: "normal" },
  hidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
  head: { display: "flex", gap: "6px", alignItems: "center", whiteSpace: "normal" },
});

export const sheetValue = (sheet: string) => `sheet:${sheet}`;
export const groupValue = (sheet: string, severity: string) => `group:${sheet}:${severity}`;

/**
 * The findings as a Fluent UI v9 Tree (arrow keys, Home/End, → expands, ← collapses, Enter
 * selects the cell): sheets, then severities with counts, then one-line items in reading order.
 * The current item shows its whole message (the compact line expands).
 */
export function FindingsTree({
  sheets,
  lang,
  currentKey,
  openItems,
  onOpenChange,
  onSelect,
}: {
  sheets: SheetGroup[];
  lang: Lang;
  currentKey: string | null;
  openItems: Set<TreeItemValue>;
  onOpenChange: (value: TreeItemValue, open: boolean) => void;
  onSelect: (e: Entry) => void;
}) {
  const s = useStyles();
  return (
    <Tree aria-label={t("findingsTree", lang)} openItems={openItems} onOpenChange={(_, d) => onOpenChange(d.value, d.open)} size="small">
      {sheets.map((sg) => (
        <TreeItem key={sg.sheet} itemType="branch" value={sheetValue(sg.sheet)}>
          <TreeItemLayout aside={<CounterBadge count={sg.count} showZero size="small" appearance="ghost" color="informative" />}>
            <span className={s.head}>
              <span>{sg.sheet}</span>
              {sg.form.progress && (
                <Caption1 className={s.progress}>
                  {t("progress", lang, { filled: sg.form.progress.filled, required: sg.form.progress.required })}
                </Caption1>
              )}
            </span>
          </TreeItemLayout>
          <Tree>
            {sg.groups.map((g) => (
              <TreeItem
                key={g.severity}
                itemType="branch"
                value={groupValue(sg.sheet, g.severity)}
              >
                <TreeItemLayout iconBefore={<SeverityIcon severity={g.severity} />} aside={<CounterBadge count={g.entries.length} size="small" appearance="ghost" />}>
                  {t(g.severity, lang)}
                </TreeItemLayout>
                <Tree>
                  {g.entries.map((e) => {
                    const current = e.key === currentKey;
                    const message = pick(e.finding.message, lang);
                    return (
                      <TreeItem
                        key={e.key}
                        itemType="leaf"
                        value={e.key}
                        data-key={e.key}
                        data-rule={e.finding.rule}
                        data-cell={e.finding.cell ?? ""}
                        aria-current={current ? "true" : undefined}
                        onClick={() => onSelect(e)}
                        className={mergeClasses(current && s.current)}
                      >
                        <TreeItemLayout main={{ className: s.main }} iconBefore={<SeverityIcon severity={e.finding.severity} />}>
                          <span className={s.line}>
                            <span className={s.hidden}>{t(`${e.finding.severity}One`, lang)}, </span>
                            <span className={s.cell}>{e.finding.cell ?? "—"}</span>
                            <span className={mergeClasses(s.one, current && s.full)}>{message}</span>
                          </span>
                        </TreeItemLayout>
                      </TreeItem>
                    );
                  })}
                </Tree>
              </TreeItem>
            ))}
          </Tree>
        </TreeItem>
      ))}
    </Tree>
  );
}
