import { teamsHighContrastTheme, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { Theme } from "@fluentui/react-components";

/**
 * Office's theme followed through Fluent tokens: a dark Office body colour gives the dark theme,
 * Windows high contrast (forced colours) the high-contrast one, anything else the light theme.
 */
export function isDark(hex: string | undefined): boolean {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? "");
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}

export function themeFor(office: { bodyBackgroundColor?: string } | null): Theme {
  if (typeof window !== "undefined" && window.matchMedia?.("(forced-colors: active)").matches) return teamsHighContrastTheme;
  return isDark(office?.bodyBackgroundColor) ? webDarkTheme : webLightTheme;
}
