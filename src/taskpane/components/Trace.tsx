import * as React from "react";
import { Caption1, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import { pick } from "../../core/i18n";
import type { TraceStep } from "../../core/trace";
import { t } from "../../app/strings";

const useStyles = makeStyles({
  tree: { margin: 0, paddingLeft: "14px", listStyleType: "none" },
  root: { margin: 0, padding: 0, listStyleType: "none" },
  step: { padding: "2px 0" },
  name: { fontWeight: tokens.fontWeightSemibold },
  formula: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  excluded: { color: tokens.colorNeutralForeground3, fontStyle: "italic" },
});

function value(v: number | null): string {
  if (v === null) return "—";
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}

function Step({ step, lang }: { step: TraceStep; lang: Lang }) {
  const s = useStyles();
  const label = step.label ? pick(step.label, lang) : "";
  return (
    <li className={s.step} role="treeitem" aria-expanded={step.children?.length ? true : undefined} aria-label={`${step.name}${label ? ` (${label})` : ""} = ${value(step.value)}`}>
      <div>
        <span className={s.name}>{step.name}</span>
        {label && <span> — {label}</span>}: <strong>{value(step.value)}</strong>
      </div>
      {step.formula && <div className={s.formula}>{step.formula}</div>}
      {step.inputs && Object.keys(step.inputs).length > 0 && (
        <Caption1 className={s.formula}>
          {Object.entries(step.inputs)
            .map(([k, v]) => `${k} = ${v === null ? "—" : String(v)}`)
            .join("; ")}
        </Caption1>
      )}
      {step.excluded && (
        <div className={s.excluded}>
          {t("excluded", lang)}: {pick(step.excluded.reason, lang)}
        </div>
      )}
      {step.children && step.children.length > 0 && (
        <ul className={s.tree} role="group">
          {step.children.map((c, i) => (
            <Step key={`${c.name}-${i}`} step={c} lang={lang} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function Trace({ trace, lang }: { trace: TraceStep; lang: Lang }) {
  const s = useStyles();
  const label = trace.label ? pick(trace.label, lang) : trace.name;
  return (
    <section aria-label={t("theMath", lang)}>
      <Subtitle2 as="h3">{t("theMath", lang)}</Subtitle2>
      <Caption1 as="p">{t("mathIntro", lang, { label })}</Caption1>
      <ul className={s.root} role="tree" aria-label={label}>
        <Step step={trace} lang={lang} />
      </ul>
    </section>
  );
}
