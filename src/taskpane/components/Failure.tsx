import * as React from "react";
import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import { t } from "../../app/strings";

const useStyles = makeStyles({ root: { padding: "12px", display: "flex", flexDirection: "column", gap: "8px" }, tech: { overflowWrap: "anywhere" } });

export type FailureKind = "office" | "engine" | "crash";

/** What the pane shows when it cannot work: office.js missing (opened outside Excel, offline), the engine chunk not loaded, or a crash. */
export function FailurePage({ kind, lang, error }: { kind: FailureKind; lang: Lang; error?: string }) {
  const s = useStyles();
  return (
    <main className={s.root} lang={lang} data-testid="failure">
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t("failedTitle", lang)}</MessageBarTitle>
          {t(kind === "office" ? "failedOffice" : kind === "engine" ? "failedEngine" : "failedCrash", lang)}
        </MessageBarBody>
      </MessageBar>
      <div>
        <Button appearance="primary" onClick={() => window.location.reload()}>
          {t("reload", lang)}
        </Button>
      </div>
      {error && (
        <details>
          <summary>{t("technical", lang)}</summary>
          <Caption1 className={s.tech}>{error}</Caption1>
        </details>
      )}
    </main>
  );
}

/** Any render error of the pane becomes the translated failure page, not a blank pane. */
export class ErrorBoundary extends React.Component<{ lang: Lang; children: React.ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    return this.state.error !== null ? <FailurePage kind="crash" lang={this.props.lang} error={this.state.error} /> : this.props.children;
  }
}
