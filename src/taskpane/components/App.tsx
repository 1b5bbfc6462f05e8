import * as React from "react";
import { Tab, TabList, Title3, makeStyles, tokens } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import type { AppService } from "../../app/model";
import { t } from "../../app/strings";
import { usePaneState } from "./usePaneState";
import { LanguageSwitch } from "./LanguageSwitch";
import { Gallery } from "./Gallery";
import { CheckPanel } from "./CheckPanel";

const useStyles = makeStyles({
  root: { padding: "8px 10px", minWidth: "280px", boxSizing: "border-box", color: tokens.colorNeutralForeground1 },
  header: { display: "flex", justifyContent: "space-between", alignItems: "center", flexWrap: "wrap", gap: "6px" },
});

export function App({ service }: { service: AppService }) {
  const s = useStyles();
  const state = usePaneState(service);
  const [lang, setLang] = React.useState<Lang>(service.initialLanguage);
  const [tab, setTab] = React.useState<"forms" | "check">("forms");
  const seenForms = React.useRef(false);
  React.useEffect(() => {
    // Once a form is in the workbook, the findings are what the user came for.
    if (!seenForms.current && state.forms && state.forms.length > 0) {
      seenForms.current = true;
      setTab("check");
    }
  }, [state.forms]);
  React.useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <main className={s.root} lang={lang}>
      <header className={s.header}>
        <Title3 as="h1">{t("appTitle", lang)}</Title3>
        <LanguageSwitch lang={lang} onChange={setLang} />
      </header>
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
            onInsert={(id) => {
              void service.insert(id).then(() => setTab("check"));
            }}
          />
        ) : (
          <CheckPanel service={service} state={state} lang={lang} />
        )}
      </div>
    </main>
  );
}
