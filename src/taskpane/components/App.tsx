import * as React from "react";
import { Button, Tab, TabList, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { QuestionCircle20Regular } from "@fluentui/react-icons";
import type { Lang } from "../../core/i18n";
import { isLang } from "../../core/i18n";
import type { AppService } from "../../app/model";
import type { Entry } from "../../app/findings";
import { t } from "../../app/strings";
import { usePaneState } from "./usePaneState";
import { LanguageSwitch } from "./LanguageSwitch";
import { Gallery } from "./Gallery";
import { CheckPanel } from "./CheckPanel";
import { Help } from "./Help";
import { ErrorBoundary } from "./Failure";
import { CatalogPanel } from "./CatalogPanel";

const useStyles = makeStyles({
  root: { padding: "0 10px 8px 10px", minWidth: "280px", boxSizing: "border-box", color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorNeutralBackground1, minHeight: "100vh" },
  header: { display: "flex", justifyContent: "space-between", alignItems: "center", flexWrap: "wrap", gap: "6px", paddingTop: "8px" },
  tools: { display: "flex", alignItems: "center", gap: "4px" },
});

const LANG_KEY = "jospar.lang";

/** The language the user chose last time (kept in the browser's storage of the add-in's origin), else Office's. */
export function rememberedLanguage(fallback: Lang): Lang {
  try {
    const v = window.localStorage.getItem(LANG_KEY);
    return isLang(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

export function App({ service, extraActions }: { service: AppService; extraActions?: (e: Entry) => React.ReactNode }) {
  const s = useStyles();
  const state = usePaneState(service);
  const [lang, setLangState] = React.useState<Lang>(() => rememberedLanguage(service.initialLanguage));
  const setLang = (l: Lang) => {
    setLangState(l);
    try {
      window.localStorage.setItem(LANG_KEY, l);
    } catch {
      /* storage blocked: the choice lasts this session */
    }
  };
  const [tab, setTab] = React.useState<"forms" | "check">("forms");
  const [help, setHelp] = React.useState(false);
  const seenForms = React.useRef(false);
  React.useEffect(() => {
    // Once a form is in the workbook, the findings are what the user came for.
    if (!seenForms.current && state.forms && state.forms.length > 0) {
      seenForms.current = true;
      setTab("check");
    }
  }, [state.forms]);
  // The ribbon's "Show findings" (after it showed the pane): the Check tab, on the findings.
  const [land, setLand] = React.useState(0);
  React.useEffect(() => {
    if (!state.reveal) return;
    setHelp(false);
    setTab("check");
    setLand(state.reveal);
  }, [state.reveal]);
  React.useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  React.useEffect(() => {
    window.scrollTo(0, 0);
  }, [tab, help]);
  const inWorkbook = React.useMemo(() => service.inWorkbook?.() ?? {}, [service, state.forms]);

  return (
    <ErrorBoundary lang={lang}>
      <main className={s.root} lang={lang}>
        <header className={s.header}>
          <Title3 as="h1">{t("appTitle", lang)}</Title3>
          <span className={s.tools}>
            <LanguageSwitch lang={lang} onChange={setLang} />
            <Button size="small" appearance="subtle" icon={<QuestionCircle20Regular />} aria-label={t("help", lang)} aria-pressed={help} onClick={() => setHelp(!help)} />
          </span>
        </header>
        <CatalogPanel status={service.catalogStatus} lang={lang} />
        {help ? (
          <Help lang={lang} onBack={() => setHelp(false)} />
        ) : (
          <>
            <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as "forms" | "check")} size="small">
              <Tab value="forms">{t("tabForms", lang)}</Tab>
              <Tab value="check">{t("tabCheck", lang)}</Tab>
            </TabList>
            <div role="tabpanel" aria-label={tab === "forms" ? t("tabForms", lang) : t("tabCheck", lang)}>
              {tab === "forms" ? (
                <Gallery
                  cards={service.gallery}
                  lang={lang}
                  busy={state.busy !== null}
                  inWorkbook={inWorkbook}
                  onInsert={(id) => {
                    void service.insert(id).then(() => setTab("check"));
                  }}
                />
              ) : (
                <CheckPanel service={service} state={state} lang={lang} extraActions={extraActions} land={land} onLanded={() => setLand(0)} />
              )}
            </div>
          </>
        )}
      </main>
    </ErrorBoundary>
  );
}
