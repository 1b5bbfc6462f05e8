import * as React from "react";
import { Select, useId, Label } from "@fluentui/react-components";
import type { Lang } from "../../core/i18n";
import { LANGS } from "../../core/i18n";
import { LANG_NAMES, t } from "../../app/strings";

export function LanguageSwitch({ lang, onChange }: { lang: Lang; onChange: (l: Lang) => void }) {
  const id = useId("lang");
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 6 }}>
      <Label htmlFor={id} size="small">
        {t("language", lang)}
      </Label>
      <Select id={id} size="small" value={lang} onChange={(_, d) => onChange(d.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </Select>
    </span>
  );
}
