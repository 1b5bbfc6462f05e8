import * as React from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import { ErrorCircle16Filled, Warning16Filled, Info16Filled } from "@fluentui/react-icons";
import type { Severity } from "../../core/rules/types";

const useStyles = makeStyles({
  error: { color: tokens.colorStatusDangerForeground1, flexShrink: 0 },
  warning: { color: tokens.colorStatusWarningForeground1, flexShrink: 0 },
  info: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
});

/** Severity by shape (circled cross, triangle, i), not colour alone: forced-colours mode keeps the shape. */
export function SeverityIcon({ severity, label }: { severity: Severity; label?: string }) {
  const s = useStyles();
  const Icon = severity === "error" ? ErrorCircle16Filled : severity === "warning" ? Warning16Filled : Info16Filled;
  return label ? <Icon className={s[severity]} role="img" aria-label={label} /> : <Icon className={s[severity]} aria-hidden="true" />;
}
