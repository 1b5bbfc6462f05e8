import * as React from "react";
import {
  Button,
  Caption1,
  Checkbox,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  SearchBox,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { TreeItemValue } from "@fluentui/react-components";
import { ArrowDownload16Regular, ChevronDown16Regular, ChevronUp16Regular, Dismiss16Regular, Filter16Regular } from "@fluentui/react-icons";
import type { Lang } from "../../core/i18n";
import { pick } from "../../core/i18n";
import { citation } from "../../core/present";
import type { Severity } from "../../core/rules/types";
import type { AppService, Notice, PaneState } from "../../app/model";
import { choices, computedAt, Entry, Filter, findingsCsv, NO_FILTER, readingOrder, SEVERITIES, sheetGroups, step } from "../../app/findings";
import { t } from "../../app/strings";
import { FindingsTree, groupValue, sheetValue } from "./FindingsTree";
import { FindingDetail } from "./FindingDetail";
import { Trace } from "./Trace";
import { AcceptedGroup, ReviewControls } from "./Review";
import { UpgradeOffer } from "./Upgrade";
import { ConfirmActions } from "./ConfirmActions";
import { FilterDropdown } from "./FilterDropdown";

const useStyles = makeStyles({
  pinned: {
    position: "sticky",
    top: 0,
    zIndex: 2,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: "6px 0",
    display: "flex",
    flexDirection: "column",
    gap: "4px",
  },
  row: { display: "flex", flexWrap: "wrap", gap: "4px", alignItems: "center" },
  grow: { flexGrow: 1 },
  bottom: { position: "sticky", bottom: 0, zIndex: 2, backgroundColor: tokens.colorNeutralBackground1, paddingBottom: "4px" },
  notices: { display: "flex", flexDirection: "column", gap: "4px", margin: "4px 0" },
  filters: { display: "flex", flexDirection: "column", gap: "4px" },
  dropdown: { minWidth: "0", width: "100%" },
  tree: { "& [role=treeitem]": { scrollMarginTop: "150px", scrollMarginBottom: "40vh" } },
});

function noticeText(n: Notice, lang: Lang): string {
  switch (n.kind) {
    case "protected":
      return t("protected", lang, { sheet: n.sheet ?? "" });
    case "missing":
      return t("missing", lang, { sheet: n.sheet ?? "" });
    case "no-flags":
      return t("noFlags", lang, { sheet: n.sheet ?? "" });
    case "inserted":
      return t("inserted", lang, { sheet: n.sheet ?? "" });
    case "restored":
      return t("restored", lang, { sheet: n.sheet ?? "", cell: n.text ?? "" });
    case "upgraded": {
      const u = n.upgraded ?? { newSheet: "", to: "", carried: 0, carriedSheet: "" };
      const done = t("upgraded", lang, { sheet: n.sheet ?? "", to: u.to, newSheet: u.newSheet });
      return u.carried ? `${done} ${t("upgradedCarried", lang, { n: u.carried, carried: u.carriedSheet })}` : done;
    }
    default:
      return t("failed", lang, { text: n.text ?? "" });
  }
}

/** Text a search matches: the message in the pane's language, the cell, the sheet, the rule id. */
const searchText = (lang: Lang) => (e: Entry) => `${pick(e.finding.message, lang)} ${e.finding.sheet}!${e.finding.cell ?? ""} ${e.finding.rule}`;

export interface CheckPanelProps {
  service: AppService;
  state: PaneState;
  lang: Lang;
  /** More actions for the current finding (e.g. accept with a justification), rendered beside Restore. */
  extraActions?: (e: Entry) => React.ReactNode;
  /** Non-zero: land on the findings (the ribbon's "Show findings"): filters cleared, the first finding current and focused. */
  land?: number;
  onLanded?: () => void;
}

export function CheckPanel({ service, state, lang, extraActions, land, onLanded }: CheckPanelProps) {
  const s = useStyles();
  const forms = state.forms ?? [];
  const [filter, setFilter] = React.useState<Filter>(NO_FILTER);
  const [showFilters, setShowFilters] = React.useState(false);
  const text = React.useMemo(() => searchText(lang), [lang]);
  const sheets = React.useMemo(() => sheetGroups(forms, filter, text), [forms, filter, text]);
  const all = React.useMemo(() => readingOrder(sheetGroups(forms)), [forms]);
  const entries = React.useMemo(() => readingOrder(sheets), [sheets]);
  const opts = React.useMemo(() => choices(forms), [forms]);
  const [currentKey, setCurrentKey] = React.useState<string | null>(null);
  const [mathClosed, setMathClosed] = React.useState<string | null>(null);
  const index = entries.findIndex((e) => e.key === currentKey);
  const current = index >= 0 ? entries[index] : null;
  const counts = { error: 0, warning: 0, info: 0 } as Record<Severity, number>;
  for (const e of all) counts[e.finding.severity]++;
  const math = computedAt(state.forms, state.selection);
  const mathKey = state.selection ? `${state.selection.sheet}!${state.selection.address}` : null;

  // Groups start open for a short list and collapsed for a long one (a first view of at most a few screens);
  // what the user opens or closes stays so.
  const [toggled, setToggled] = React.useState<Map<TreeItemValue, boolean>>(new Map());
  const auto = all.length <= 20;
  const openItems = React.useMemo(() => {
    const values = sheets.flatMap((sg) => [sheetValue(sg.sheet), ...sg.groups.map((g) => groupValue(sg.sheet, g.severity))]);
    return new Set<TreeItemValue>(values.filter((v) => toggled.get(v) ?? auto));
  }, [sheets, toggled, auto]);
  const setOpen = (values: TreeItemValue[], open: boolean) =>
    setToggled((prev) => {
      const n = new Map(prev);
      for (const v of values) n.set(v, open);
      return n;
    });
  // The pane opens at the top.
  React.useEffect(() => {
    window.scrollTo(0, 0);
  }, []);

  const reveal = (e: Entry, focus: boolean) => {
    setOpen([sheetValue(e.finding.sheet), groupValue(e.finding.sheet, e.finding.severity)], true);
    // After the groups open: bring the item into view (below the pinned bar) and, when asked, give it focus.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const el = document.querySelector<HTMLElement>(`[role=treeitem][data-key="${CSS.escape(e.key)}"]`);
        el?.scrollIntoView({ block: "nearest" });
        if (focus) el?.focus();
      }),
    );
  };
  const go = (e: Entry, focus = false) => {
    setCurrentKey(e.key);
    reveal(e, focus);
    if (e.finding.cell) void service.select(e.finding.sheet, e.finding.cell);
  };
  const move = (dir: 1 | -1) => {
    const i = step(entries, index, dir);
    if (i >= 0) go(entries[i]);
  };
  // F8 / Shift+F8: next / previous finding from anywhere in the pane.
  const moveRef = React.useRef(move);
  moveRef.current = move;
  React.useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === "F8") {
        ev.preventDefault();
        moveRef.current(ev.shiftKey ? -1 : 1);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // The ribbon's "Show findings": the whole list the dialog counted, from its first finding in reading order.
  const goRef = React.useRef(go);
  goRef.current = go;
  React.useEffect(() => {
    if (!land) return;
    setFilter(NO_FILTER);
    if (all.length > 0) goRef.current(all[0], true);
    onLanded?.();
  }, [land]);

  const [confirmKey, setConfirmKey] = React.useState<string | null>(null);
  const restore = async (e: Entry) => {
    const next = entries.find((x, i) => i > index && x.key !== e.key && x.finding.cell) ?? null;
    await service.restore(e.finding.sheet, e.finding.cell!);
    // Focus moves on to the next finding (the restored one is gone); the notice announces the restore.
    if (next) go(next, true);
  };

  const exportCsv = () => {
    const rows = [t("csvHead", lang).split(","), ...entries.map((e) => [t(`${e.finding.severity}One`, lang), e.finding.sheet, e.finding.cell ?? "", pick(e.finding.message, lang), citation(e.finding, lang).text, e.finding.rule])];
    const url = URL.createObjectURL(new Blob([findingsCsv(rows)], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "jospar-findings.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const busyText = state.busy === "checking" ? t("checking", lang) : state.busy === "inserting" ? t("inserting", lang) : state.busy === "upgrading" ? t("upgrading", lang) : null;
  const dismissable = state.notices.some((n) => n.kind === "inserted" || n.kind === "restored" || n.kind === "upgraded" || n.kind === "error");
  const setSeverity = (sev: Severity, on: boolean) =>
    setFilter((f) => ({ ...f, severities: on ? SEVERITIES.filter((x) => x === sev || f.severities.includes(x)) : f.severities.filter((x) => x !== sev) }));
  const filtered = entries.length !== all.length;

  return (
    <section aria-label={t("tabCheck", lang)}>
      <div className={s.pinned} data-testid="pinned">
        <div className={s.row}>
          <Button appearance="primary" size="small" onClick={() => void service.checkAll()} disabled={state.busy !== null}>
            {t("checkWorkbook", lang)}
          </Button>
          {busyText && <Spinner size="extra-tiny" label={busyText} />}
          <span className={s.grow} />
          {all.length > 0 && (
            <Button size="small" appearance="subtle" icon={<ArrowDownload16Regular />} onClick={exportCsv}>
              {t("exportCsv", lang)}
            </Button>
          )}
        </div>
        {state.forms !== null && forms.length > 0 && (
          <>
            <Text role="status" weight="semibold" size={200}>
              {t("summary", lang, { errors: counts.error, warnings: counts.warning, infos: counts.info })}
            </Text>
            {all.length > 0 && (
              <div className={s.row} role="toolbar" aria-label={t("tabCheck", lang)}>
                <Button size="small" icon={<ChevronUp16Regular />} onClick={() => move(-1)} aria-label={t("previousLabel", lang)} aria-keyshortcuts="Shift+F8">
                  {t("previous", lang)}
                </Button>
                <Button size="small" icon={<ChevronDown16Regular />} onClick={() => move(1)} aria-label={t("nextLabel", lang)} aria-keyshortcuts="F8">
                  {t("next", lang)}
                </Button>
                <Caption1 aria-live="polite">{index >= 0 ? t("position", lang, { i: index + 1, n: entries.length }) : ""}</Caption1>
                <span className={s.grow} />
                <Button
                  size="small"
                  appearance={showFilters || filtered ? "outline" : "subtle"}
                  icon={<Filter16Regular />}
                  aria-expanded={showFilters}
                  aria-controls="finding-filters"
                  onClick={() => setShowFilters(!showFilters)}
                >
                  {t("filters", lang)}
                </Button>
              </div>
            )}
            {showFilters && (
              <div className={s.filters} id="finding-filters" role="group" aria-label={t("filters", lang)}>
                <SearchBox size="small" placeholder={t("search", lang)} aria-label={t("search", lang)} value={filter.text} onChange={(_, d) => setFilter((f) => ({ ...f, text: d.value }))} />
                <div className={s.row} role="group" aria-label={t("severityFilter", lang)}>
                  {SEVERITIES.map((sev) => (
                    <Checkbox key={sev} label={t(sev, lang)} checked={filter.severities.includes(sev)} onChange={(_, d) => setSeverity(sev, !!d.checked)} />
                  ))}
                </div>
                <FilterDropdown className={s.dropdown} label={t("sheet", lang)} allText={t("allSheets", lang)} value={filter.sheet} options={opts.sheets} onSelect={(sheet) => setFilter((f) => ({ ...f, sheet }))} />
                <FilterDropdown className={s.dropdown} label={t("rule", lang)} allText={t("allRules", lang)} value={filter.rule} options={opts.rules} onSelect={(rule) => setFilter((f) => ({ ...f, rule }))} />
                <Caption1>{t("shown", lang, { n: entries.length, total: all.length })}</Caption1>
              </div>
            )}
          </>
        )}
      </div>
      <div className={s.notices} aria-live="polite">
        {state.busy === "waiting-cell-edit" && (
          <MessageBar intent="info">
            <MessageBarBody>{t("waitingCellEdit", lang)}</MessageBarBody>
          </MessageBar>
        )}
        {state.notices.length > 0 && (
          <MessageBar intent={state.notices.some((n) => n.kind === "error" || n.kind === "protected") ? "warning" : state.notices.every((n) => n.kind === "inserted" || n.kind === "restored" || n.kind === "upgraded") ? "success" : "info"}>
            <MessageBarBody>
              {state.notices.map((n, i) => (
                <div key={i}>{noticeText(n, lang)}</div>
              ))}
            </MessageBarBody>
            {dismissable && service.dismiss && (
              <MessageBarActions containerAction={<Button size="small" appearance="transparent" icon={<Dismiss16Regular />} aria-label={t("dismiss", lang)} onClick={() => service.dismiss!()} />} />
            )}
          </MessageBar>
        )}
        {service.upgrade &&
          forms
            .filter((f) => f.upgrade)
            .map((f) => <UpgradeOffer key={`upgrade:${f.sheet}`} form={f} lang={lang} busy={state.busy !== null} onUpgrade={(sheet) => void service.upgrade!(sheet)} />)}
        {forms
          .filter((f) => f.legal?.status === "repealed" && f.legal.repealed)
          .map((f) => (
            <MessageBar key={f.sheet} intent="warning" data-testid="legal-banner">
              <MessageBarBody>{t("repealedBanner", lang, { sheet: f.sheet, repealed: pick(f.legal!.repealed!, lang) })}</MessageBarBody>
            </MessageBar>
          ))}
      </div>
      {state.forms === null ? (
        <Text as="p">{t("notChecked", lang)}</Text>
      ) : forms.length === 0 ? (
        <Text as="p">{t("noForms", lang)}</Text>
      ) : all.length === 0 && !forms.some((f) => f.progress) ? (
        <Text as="p">{t("noFindings", lang)}</Text>
      ) : (
        <div className={s.tree}>
          {sheets.length === 0 ? (
            <Text as="p">{t("noneMatch", lang)}</Text>
          ) : (
            <FindingsTree
              sheets={sheets}
              lang={lang}
              currentKey={currentKey}
              openItems={openItems}
              onOpenChange={(v, open) => setOpen([v], open)}
              onSelect={(e) => go(e)}
            />
          )}
          {forms.some((f) => f.progress) && <Caption1 as="p">{t("progressHint", lang)}</Caption1>}
        </div>
      )}
      {state.forms && (
        <AcceptedGroup forms={state.forms} lang={lang} review={service.review} onSelect={(f) => f.cell && void service.select(f.sheet, f.cell)} />
      )}
      {state.unrecognised.length > 0 && <Caption1 as="p">{t("unrecognised", lang, { sheets: state.unrecognised.join(", ") })}</Caption1>}
      {(current || (math && mathClosed !== mathKey)) && (
        <div className={s.bottom}>
          {current && (
            <FindingDetail
              entry={current}
              lang={lang}
              actions={
                <>
                  {current.restorable && confirmKey !== current.key && (
                    <Button size="small" appearance="primary" onClick={() => setConfirmKey(current.key)}>
                      {t("restore", lang)}
                    </Button>
                  )}
                  {current.restorable && confirmKey === current.key && (
                    <div role="alertdialog" aria-label={t("restore", lang)} aria-describedby="restore-confirm" className={s.row}>
                      <Caption1 id="restore-confirm">{t("restoreConfirm", lang, { cell: `${current.finding.sheet}!${current.finding.cell}` })}</Caption1>
                      <ConfirmActions label={t("restoreYes", lang)} autoFocus onConfirm={() => { setConfirmKey(null); void restore(current); }} cancelLabel={t("cancel", lang)} onCancel={() => setConfirmKey(null)} />
                    </div>
                  )}
                  <ReviewControls finding={current.finding} lang={lang} review={service.review} />
                  {extraActions?.(current)}
                </>
              }
            />
          )}
          {math && mathClosed !== mathKey && (
            <Trace trace={math.computation.trace} lang={lang} onCell={(sh, a) => void service.select(sh, a)} onClose={() => setMathClosed(mathKey)} />
          )}
        </div>
      )}
    </section>
  );
}
