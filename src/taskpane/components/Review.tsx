import * as React from "react";
import { Badge, Button, Caption1, Field, Input, Subtitle2, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import type { Lang, Localized } from "../../core/i18n";
import { interpolate, pick } from "../../core/i18n";
import type { Finding } from "../../core/findings";
import type { CheckedForm, ReviewService } from "../../app/model";
import { ConfirmActions } from "./ConfirmActions";

/**
 * A reviewer's decisions in the pane: accept a finding with a written justification, see the
 * accepted ones in their own group with the reason, withdraw an acceptance (the workbook's log
 * keeps it). The reviewer's name is typed once and remembered on this computer.
 */
const S = {
  accept: { kk: "Қабылдау…", ru: "Принять…", en: "Accept…" },
  acceptLabel: { kk: "{rule} ескертуін негіздемемен қабылдау", ru: "Принять замечание {rule} с обоснованием", en: "Accept finding {rule} with a justification" },
  name: { kk: "Тексерушінің аты-жөні", ru: "ФИО проверяющего", en: "Reviewer's name" },
  reason: { kk: "Негіздеме (неге бұл ескерту негізді)", ru: "Обоснование (почему замечание оправдано)", en: "Justification (why this finding is justified)" },
  save: { kk: "Қабылдау", ru: "Принять", en: "Accept" },
  cancel: { kk: "Болдырмау", ru: "Отмена", en: "Cancel" },
  needBoth: { kk: "Аты-жөні мен негіздемені жазыңыз.", ru: "Укажите ФИО и обоснование.", en: "Type your name and the justification." },
  accepted: { kk: "Қабылданған", ru: "Принятые", en: "Accepted" },
  acceptedBy: { kk: "Қабылдаған: {by}, {at}. Негіздеме: {reason}", ru: "Принял(а): {by}, {at}. Обоснование: {reason}", en: "Accepted by {by} on {at}. Justification: {reason}" },
  lapsed: {
    kk: "Қабылдау күшін жойды: мәндер өзгерді ({by}, {at}: {reason})",
    ru: "Принятие утратило силу: значения изменились ({by}, {at}: {reason})",
    en: "Acceptance lapsed: the values changed ({by}, {at}: {reason})",
  },
  withdraw: { kk: "Қабылдауды қайтарып алу", ru: "Отозвать принятие", en: "Withdraw acceptance" },
  withdrawReason: { kk: "Қайтарып алу себебі", ru: "Причина отзыва", en: "Why it is withdrawn" },
  confirmWithdraw: { kk: "Қайтарып алу", ru: "Отозвать", en: "Withdraw" },
} satisfies Record<string, Localized>;

function say(key: keyof typeof S, lang: Lang, values: Record<string, unknown> = {}): string {
  return interpolate(pick(S[key], lang), values);
}

const NAME_KEY = "jospar.reviewer";

/** The reviewer's name as typed last time (localStorage of the pane's origin). */
function rememberedName(): string {
  try {
    return globalThis.localStorage?.getItem(NAME_KEY) ?? "";
  } catch {
    return "";
  }
}

function rememberName(name: string): void {
  try {
    globalThis.localStorage?.setItem(NAME_KEY, name);
  } catch {
    /* storage may be disabled: the name is asked again next time */
  }
}

const day = (iso: string) => iso.slice(0, 10).split("-").reverse().join(".");

const useStyles = makeStyles({
  box: { display: "flex", flexDirection: "column", gap: "4px", marginTop: "4px", padding: "6px", border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  row: { display: "flex", gap: "4px", flexWrap: "wrap" },
  note: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  lapsed: { color: tokens.colorPaletteDarkOrangeForeground1, overflowWrap: "anywhere" },
  group: { marginTop: "10px" },
  heading: { display: "flex", alignItems: "center", gap: "6px", margin: "0 0 4px 0" },
  list: { margin: 0, padding: 0, listStyleType: "none", display: "flex", flexDirection: "column", gap: "4px" },
  item: { padding: "6px 8px", borderRadius: tokens.borderRadiusMedium, border: `1px dashed ${tokens.colorNeutralStroke2}` },
});

/** Under a finding: the lapsed mark, and Accept… with the justification form. */
export function ReviewControls({ finding, lang, review }: { finding: Finding; lang: Lang; review?: ReviewService }) {
  const s = useStyles();
  const [open, setOpen] = React.useState(false);
  const [name, setName] = React.useState(rememberedName);
  const [reason, setReason] = React.useState("");
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState(false);
  const lapsed = finding.review?.status === "lapsed" ? finding.review : null;
  const can = !!review && review.canAccept(finding);
  const askName = !rememberedName();
  const submit = async () => {
    const who = name.trim() || rememberedName();
    if (!who || !reason.trim() || !review) {
      setError(true);
      return;
    }
    setBusy(true);
    rememberName(who);
    try {
      await review.accept(finding, who, reason.trim());
      setOpen(false);
      setReason("");
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {lapsed && (
        <Caption1 as="p" className={s.lapsed} data-review="lapsed">
          {say("lapsed", lang, { by: lapsed.by, at: day(lapsed.at), reason: lapsed.reason })}
        </Caption1>
      )}
      {can && !open && (
        <Button size="small" appearance="subtle" onClick={() => setOpen(true)} aria-label={say("acceptLabel", lang, { rule: finding.rule })}>
          {say("accept", lang)}
        </Button>
      )}
      {can && open && (
        <form
          className={s.box}
          aria-label={say("acceptLabel", lang, { rule: finding.rule })}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {askName && (
            <Field label={say("name", lang)} required>
              <Input value={name} onChange={(_, d) => setName(d.value)} />
            </Field>
          )}
          <Field label={say("reason", lang)} required validationMessage={error ? say("needBoth", lang) : undefined}>
            <Textarea value={reason} onChange={(_, d) => setReason(d.value)} resize="vertical" />
          </Field>
          <ConfirmActions className={s.row} label={say("save", lang)} onConfirm="submit" disabled={busy} cancelLabel={say("cancel", lang)} onCancel={() => setOpen(false)} />
        </form>
      )}
    </>
  );
}

/** The "Accepted" group: each accepted finding with who, when and why, and Withdraw. */
export function AcceptedGroup({ forms, lang, review, onSelect }: { forms: CheckedForm[]; lang: Lang; review?: ReviewService; onSelect: (f: Finding) => void }) {
  const s = useStyles();
  const accepted = forms.flatMap((f) => f.accepted ?? []);
  if (accepted.length === 0) return null;
  return (
    <section className={s.group} aria-labelledby="group-accepted">
      <Subtitle2 as="h3" id="group-accepted" className={s.heading}>
        {say("accepted", lang)}
        <Badge appearance="filled" color="success" aria-label={String(accepted.length)}>
          {accepted.length}
        </Badge>
      </Subtitle2>
      <ul className={s.list}>
        {accepted.map((f, i) => (
          <AcceptedItem key={`${f.sheet}!${f.cell}#${f.rule}#${i}`} finding={f} lang={lang} review={review} onSelect={() => onSelect(f)} />
        ))}
      </ul>
    </section>
  );
}

function AcceptedItem({ finding, lang, review, onSelect }: { finding: Finding; lang: Lang; review?: ReviewService; onSelect: () => void }) {
  const s = useStyles();
  const [open, setOpen] = React.useState(false);
  const [reason, setReason] = React.useState("");
  const r = finding.review!;
  return (
    <li className={s.item} data-rule={finding.rule} data-cell={finding.cell ?? ""} data-review="accepted">
      <Button size="small" appearance="transparent" onClick={onSelect}>
        {finding.cell ?? "—"} · {finding.rule}
      </Button>
      <Text as="p">{pick(finding.message, lang)}</Text>
      <Caption1 as="p" className={s.note}>
        {say("acceptedBy", lang, { by: r.by, at: day(r.at), reason: r.reason })}
      </Caption1>
      {review && !open && (
        <Button size="small" appearance="subtle" onClick={() => setOpen(true)}>
          {say("withdraw", lang)}
        </Button>
      )}
      {review && open && (
        <form
          className={s.box}
          onSubmit={(e) => {
            e.preventDefault();
            const by = rememberedName() || r.by;
            void review.withdraw(finding, by, reason.trim());
          }}
        >
          <Field label={say("withdrawReason", lang)}>
            <Input value={reason} onChange={(_, d) => setReason(d.value)} />
          </Field>
          <ConfirmActions className={s.row} label={say("confirmWithdraw", lang)} onConfirm="submit" cancelLabel={say("cancel", lang)} onCancel={() => setOpen(false)} />
        </form>
      )}
    </li>
  );
}
