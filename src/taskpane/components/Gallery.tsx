import * as React from "react";
import { Badge, Button, Caption1, Card, CardHeader, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import { pick } from "../../core/i18n";
import type { FormCard } from "../../app/model";
import { t } from "../../app/strings";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: "8px", margin: 0, padding: 0, listStyleType: "none" },
  card: { width: "100%", boxSizing: "border-box" },
  meta: { display: "flex", flexWrap: "wrap", gap: "4px", alignItems: "center" },
  act: { color: tokens.colorNeutralForeground3 },
  note: { color: tokens.colorPaletteDarkOrangeForeground2 },
});

function dots(iso?: string): string {
  if (!iso) return "…";
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

export function Gallery({ cards, lang, busy, onInsert }: { cards: FormCard[]; lang: Lang; busy: boolean; onInsert: (id: string) => void }) {
  const s = useStyles();
  return (
    <section aria-labelledby="gallery-intro">
      <Text as="p" id="gallery-intro">
        {t("galleryIntro", lang)}
      </Text>
      <ul className={s.list}>
        {cards.map((c) => {
          const title = pick(c.title, lang);
          return (
            <li key={c.id}>
              <Card className={s.card} size="small" aria-label={title}>
                <CardHeader
                  header={<Text weight="semibold">{title}</Text>}
                  description={
                    <span className={s.meta}>
                      {c.form && <Badge appearance="outline">{c.form}</Badge>}
                      <Badge appearance="outline" color="informative">
                        v{c.version}
                      </Badge>
                      {c.status === "repealed" && (
                        <Badge appearance="filled" color="warning">
                          {t("legacy", lang)}
                        </Badge>
                      )}
                      {c.status === "suspended" && (
                        <Badge appearance="filled" color="severe">
                          {t("suspended", lang)}
                        </Badge>
                      )}
                    </span>
                  }
                />
                <Caption1 className={s.act}>
                  {t("legalBasis", lang)}: {pick(c.act, lang)}
                  {c.annex ? ` — ${c.annex}` : ""}
                </Caption1>
                {(c.validFrom || c.validTo) && (
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
                <div>
                  <Button appearance="primary" size="small" disabled={busy} onClick={() => onInsert(c.id)} aria-label={t("insertLabel", lang, { title })}>
                    {t("insert", lang)}
                  </Button>
                </div>
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
