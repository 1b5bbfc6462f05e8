import * as React from "react";
import { Button, Caption1, Card, CardHeader, Text, Tree, TreeItem, TreeItemLayout, makeStyles, tokens } from "@fluentui/react-components";
import { Dismiss16Regular } from "@fluentui/react-icons";
import type { Lang } from "../../core/i18n";
import { pick } from "../../core/i18n";
import type { TraceStep } from "../../core/trace";
import { t } from "../../app/strings";

const useStyles = makeStyles({
  card: { padding: "8px", maxHeight: "45vh", overflowY: "auto" },
  formula: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere", display: "block" },
  excluded: { color: tokens.colorNeutralForeground2, fontStyle: "italic", display: "block" },
  main: { whiteSpace: "normal", overflowWrap: "anywhere" },
});

function value(v: number | null): string {
  if (v === null) return "—";
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}

function Step({ step, lang, path, onCell }: { step: TraceStep; lang: Lang; path: string; onCell?: (sheet: string, address: string) => void }) {
  const s = useStyles();
  const label = step.label ? pick(step.label, lang) : "";
  const kids = step.children ?? [];
  const inputs = step.inputs ? Object.entries(step.inputs) : [];
  return (
    <TreeItem itemType={kids.length ? "branch" : "leaf"} value={path}>
      <TreeItemLayout>
        <span className={s.main}>
          {step.internal && label ? <strong>{label}</strong> : <strong>{step.name}</strong>}
          {label && !step.internal && <span> — {label}</span>}: <strong>{value(step.value)}</strong>
          {step.cell && onCell && (
            <>
              {" "}
              <Button
                size="small"
                appearance="transparent"
                onClick={(ev) => {
                  ev.stopPropagation();
                  onCell(step.cell!.sheet, step.cell!.address);
                }}
              >
                {t("mathCell", lang, { cell: `${step.cell.sheet}!${step.cell.address}` })}
              </Button>
            </>
          )}
          {step.says ? (
            <span className={s.main}>{pick(step.says, lang)}</span>
          ) : (
            <>
              {step.formula && <span className={s.formula}>{step.formula}</span>}
              {inputs.length > 0 && <span className={s.formula}>{inputs.map(([k, v]) => `${k} = ${v === null ? "—" : String(v)}`).join("; ")}</span>}
            </>
          )}
          {step.excluded && (
            <span className={s.excluded}>
              {t("excluded", lang)}: {pick(step.excluded.reason, lang)}
            </span>
          )}
        </span>
      </TreeItemLayout>
      {kids.length > 0 && (
        <Tree>
          {kids.map((c, i) => (
            <Step key={`${c.name}-${i}`} step={c} lang={lang} path={`${path}/${i}`} onCell={onCell} />
          ))}
        </Tree>
      )}
    </TreeItem>
  );
}

/**
 * Show the math: a card pinned at the bottom of the pane next to the list, the calculation as a
 * Fluent Tree (levels collapse and expand by keyboard), each step that sits in the sheet a link
 * that selects its cell. The first level is open.
 */
export function Trace({ trace, lang, onCell, onClose }: { trace: TraceStep; lang: Lang; onCell?: (sheet: string, address: string) => void; onClose?: () => void }) {
  const s = useStyles();
  const label = trace.label ? pick(trace.label, lang) : trace.name;
  return (
    <Card className={s.card} size="small" role="region" aria-label={t("theMath", lang)} data-testid="math">
      <CardHeader
        header={<Text weight="semibold">{t("theMath", lang)}</Text>}
        description={<Caption1>{t("mathIntro", lang, { label })}</Caption1>}
        action={onClose ? <Button size="small" appearance="subtle" icon={<Dismiss16Regular />} aria-label={t("closeMath", lang)} onClick={onClose} /> : undefined}
      />
      <Tree aria-label={label} defaultOpenItems={["m"]} size="small">
        <Step step={trace} lang={lang} path="m" onCell={onCell} />
      </Tree>
    </Card>
  );
}
