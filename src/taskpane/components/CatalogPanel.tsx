import * as React from "react";
import { Button, Caption1, MessageBar, MessageBarBody, Text, makeStyles, tokens } from "@fluentui/react-components";
import { pick, Lang, Localized } from "../../core/i18n";
import type { CatalogStatus } from "../../core/release/status";
import type { PatchMark } from "../../core/rules/patches";
import { patchNote } from "../../core/rules/patches";

/**
 * The catalog in the pane (issue 11): the release in use (version, date, publisher, where from),
 * a visible notice when the configured release was refused or unreachable, and About: the rule
 * patches applied or pending. Its own strings, kk/ru/en.
 */
const S = {
  catalog: { kk: "Каталог", ru: "Каталог", en: "Catalog" },
  from: {
    url: { kk: "бапталған мекенжайдан", ru: "с настроенного адреса", en: "from the configured address" },
    cache: { kk: "соңғы жарамды көшірме", ru: "последняя проверенная копия", en: "last good copy" },
    bundled: { kk: "қондырмамен бірге жеткізілген", ru: "поставлен с надстройкой", en: "bundled with the add-in" },
  },
  signed: { kk: "қолтаңба тексерілді", ru: "подпись проверена", en: "signature checked" },
  refused: {
    kk: "Бапталған каталог релизі тексеруден өтпеді және қолданылмайды",
    ru: "Настроенный выпуск каталога не прошёл проверку и не используется",
    en: "The configured catalog release failed verification and is not used",
  },
  unreachable: {
    kk: "Бапталған каталог релизін жүктеу мүмкін болмады",
    ru: "Не удалось загрузить настроенный выпуск каталога",
    en: "The configured catalog release could not be loaded",
  },
  using: {
    cache: { kk: "соңғы жарамды релиз қолданылады", ru: "используется последний проверенный выпуск", en: "using the last good release" },
    bundled: { kk: "қондырмамен бірге жеткізілген каталог қолданылады", ru: "используется каталог, поставленный с надстройкой", en: "using the catalog bundled with the add-in" },
    url: { kk: "", ru: "", en: "" },
  },
  about: { kk: "Каталог туралы", ru: "О каталоге", en: "About the catalog" },
  patches: { kk: "Ереже түзетулері", ru: "Поправки к правилам", en: "Rule patches" },
  none: { kk: "түзетулер жоқ", ru: "поправок нет", en: "no patches" },
  pending: { kk: "күшіне енбеген", ru: "ещё не действует", en: "pending" },
  applied: { kk: "қолданылады", ru: "действует", en: "applied" },
  ops: {
    deactivate: { kk: "өшірілді", ru: "отключено", en: "deactivated" },
    reactivate: { kk: "қайта қосылды", ru: "снова включено", en: "reactivated" },
    severity: { kk: "деңгейі өзгертілді", ru: "изменён уровень", en: "severity changed" },
    param: { kk: "параметр өзгертілді", ru: "изменён параметр", en: "parameter changed" },
  },
} as const;

const say = (l: Localized, lang: Lang) => pick(l, lang);

const useStyles = makeStyles({
  line: { display: "block", color: tokens.colorNeutralForeground3, margin: "2px 0 6px" },
  list: { margin: "4px 0", paddingLeft: "18px" },
});

export function CatalogPanel({ status, lang }: { status?: CatalogStatus; lang: Lang }) {
  const s = useStyles();
  const [open, setOpen] = React.useState(false);
  if (!status) return null;
  const dots = (iso: string | null) => (iso ? iso.split("-").reverse().join(".") : "");
  return (
    <section aria-label={say(S.catalog, lang)} data-testid="catalog-panel">
      {status.notice && (
        <MessageBar intent="warning" data-testid="catalog-notice">
          <MessageBarBody>
            {say(status.notice.reason === "refused" ? S.refused : S.unreachable, lang)}
            {status.source !== "url" ? `; ${say(S.using[status.source], lang)}` : ""}.
            {status.notice.problems.length > 0 && (
              <ul className={s.list}>
                {status.notice.problems.slice(0, 5).map((p, i) => (
                  <li key={i}>
                    {p.file}: {pick(p.message, lang)}
                  </li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      <Caption1 className={s.line} data-testid="catalog-version">
        {say(S.catalog, lang)} {status.version ?? "—"}
        {status.released ? ` (${dots(status.released)})` : ""}
        {status.publisher ? ` · ${pick(status.publisher, lang)}` : ""} · {say(S.from[status.source], lang)}
        {status.signed ? ` · ${say(S.signed, lang)}` : ""} ·{" "}
        <Button size="small" appearance="transparent" onClick={() => setOpen(!open)} aria-expanded={open}>
          {say(S.about, lang)}
        </Button>
      </Caption1>
      {open && (
        <div data-testid="catalog-about">
          <Text weight="semibold">{say(S.patches, lang)}</Text>
          {status.patches.length === 0 ? (
            <Caption1 className={s.line}> — {say(S.none, lang)}</Caption1>
          ) : (
            <ul className={s.list}>
              {status.patches.map((p) => (
                <li key={`${p.id}@${p.version}`} data-patch={p.id}>
                  <Text>
                    {p.id} {p.version} · {dots(p.effective)} · {say(p.status === "applied" ? S.applied : S.pending, lang)} · {pick(p.issuedBy, lang)}
                    {p.document ? `, ${p.document}` : ""}
                  </Text>
                  <ul className={s.list}>
                    {p.changes.map((c, i) => (
                      <li key={i}>
                        <Caption1>
                          {say(S.ops[c.op], lang)} {c.rule ?? `${c.pack}.${c.param} = ${JSON.stringify(c.value)}`}
                          {c.severity ? ` → ${c.severity}` : ""}: {pick(c.reason, lang)}
                        </Caption1>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** A finding of a patched rule says so. */
export function PatchedNote({ mark, lang, className }: { mark?: PatchMark; lang: Lang; className?: string }) {
  if (!mark) return null;
  return (
    <Caption1 className={className} as="p" style={{ display: "block", marginTop: 2 }} data-testid="patched-note">
      {pick(patchNote(mark), lang)}
    </Caption1>
  );
}
