import * as React from "react";
import { Badge, Button, Caption1, Card, CardHeader, MessageBar, MessageBarActions, MessageBarBody, Switch, Text, makeStyles, tokens } from "@fluentui/react-components";
import { CheckmarkCircle16Regular, History16Regular } from "@fluentui/react-icons";
import type { Lang } from "../../core/i18n";
import { pick } from "../../core/i18n";
import type { FormCard } from "../../app/model";
import { t } from "../../app/strings";
import { ConfirmActions } from "./ConfirmActions";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: "8px", margin: 0, padding: 0, listStyleType: "none" },
  card: { width: "100%", boxSizing: "border-box" },
  meta: { display: "flex", flexWrap: "wrap", gap: "4px", alignItems: "center" },
  act: { color: tokens.colorNeutralForeground2 },
  note: { color: tokens.colorNeutralForeground2 },
  present: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
});

function dots(iso?: string): string {
  if (!iso) return "…";
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

const RANK = { "in-force": 0, suspended: 1, repealed: 2 } as const;

/** In-force forms first, then suspended, then the legacy ones; the catalog's order within each. */
export function sortCards(cards: FormCard[]): FormCard[] {
  return cards.map((c, i) => ({ c, i })).sort((a, b) => RANK[a.c.status] - RANK[b.c.status] || a.i - b.i).map((x) => x.c);
}

export function Gallery({
  cards,
  lang,
  busy,
  inWorkbook = {},
  onInsert,
}: {
  cards: FormCard[];
  lang: Lang;
  busy: boolean;
  inWorkbook?: Record<string, string[]>;
  onInsert: (id: string) => void;
}) {
  const s = useStyles();
  const [inForceOnly, setInForceOnly] = React.useState(false);
  const [confirm, setConfirm] = React.useState<string | null>(null);
  const shown = sortCards(cards).filter((c) => !inForceOnly || c.status === "in-force");
  return (
    <section aria-labelledby="gallery-intro">
      <Text as="p" id="gallery-intro">
        {t("galleryIntro", lang)}
      </Text>
      <Switch label={t("inForceOnly", lang)} checked={inForceOnly} onChange={(_, d) => setInForceOnly(d.checked)} />
      <ul className={s.list}>
        {shown.map((c) => {
          const title = pick(c.title, lang);
          const present = inWorkbook[c.id] ?? [];
          return (
            <li key={c.id}>
              <Card className={s.card} size="small" aria-label={title} data-card={c.id}>
                <CardHeader
                  header={<Text weight="semibold">{title}</Text>}
                  description={
                    <span className={s.meta}>
                      {c.status === "in-force" && (
                        <Badge appearance="tint" color="success" icon={<CheckmarkCircle16Regular />}>
                          {t("inForce", lang)}
                        </Badge>
                      )}
                      {c.status === "repealed" && (
                        <Badge appearance="tint" color="warning" icon={<History16Regular />}>
                          {c.repealed ? t("legacyRepealed", lang, { repealed: pick(c.repealed, lang) }) : t("legacy", lang)}
                        </Badge>
                      )}
                      {c.status === "suspended" && (
                        <Badge appearance="tint" color="severe">
                          {t("suspended", lang)}
                        </Badge>
                      )}
                      {c.form && <Badge appearance="outline">{c.form}</Badge>}
                      <Badge appearance="outline" color="informative">
                        v{c.version}
                      </Badge>
                    </span>
                  }
                />
                <Caption1 className={s.act}>
                  {t("legalBasis", lang)}: {pick(c.act, lang)}
                </Caption1>
                {c.status === "in-force" && (c.validFrom || c.validTo) && (
                  <Caption1>
                    {t("validity", lang)}: {dots(c.validFrom)} – {c.validTo ? dots(c.validTo) : "…"}
                  </Caption1>
                )}
                {c.statusNote && <Caption1 className={s.note}>{pick(c.statusNote, lang)}</Caption1>}
                {c.note && <Caption1>{pick(c.note, lang)}</Caption1>}
                {c.members && (
                  <Caption1>
                    {t("familySheets", lang)}: {c.members.map((m) => pick(m.title, lang)).join("; ")}
                  </Caption1>
                )}
                {present.length > 0 && <Caption1 className={s.present}>{t("alreadyIn", lang, { sheets: present.join(", ") })}</Caption1>}
                {confirm === c.id ? (
                  <MessageBar intent="warning" layout="multiline">
                    <MessageBarBody>{t("insertAgain", lang, { sheets: present.join(", ") })}</MessageBarBody>
                    <MessageBarActions>
                      <ConfirmActions label={t("insertCopy", lang)} onConfirm={() => { setConfirm(null); onInsert(c.id); }} cancelLabel={t("cancel", lang)} onCancel={() => setConfirm(null)} />
                    </MessageBarActions>
                  </MessageBar>
                ) : (
                  <div>
                    <Button
                      appearance="primary"
                      size="small"
                      disabled={busy}
                      onClick={() => (present.length ? setConfirm(c.id) : onInsert(c.id))}
                      aria-label={t("insertLabel", lang, { title })}
                    >
                      {t("insert", lang)}
                    </Button>
                  </div>
                )}
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
