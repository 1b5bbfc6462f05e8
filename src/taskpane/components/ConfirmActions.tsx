import * as React from "react";
import { Button } from "@fluentui/react-components";

/**
 * The pane's "do it / Cancel" pair, wherever an action asks before it writes: the primary button
 * either runs `onConfirm` or, given "submit", submits the surrounding form. The caller passes both
 * labels in the user's language. With `className` the pair sits in its own <div>; without, the
 * caller's container (a MessageBar's actions, an alert dialog) holds it.
 */
export function ConfirmActions({
  label,
  onConfirm,
  disabled,
  autoFocus,
  cancelLabel,
  onCancel,
  className,
}: {
  label: React.ReactNode;
  onConfirm: (() => void) | "submit";
  disabled?: boolean;
  autoFocus?: boolean;
  cancelLabel: React.ReactNode;
  onCancel: () => void;
  className?: string;
}) {
  const confirm = onConfirm === "submit" ? { type: "submit" as const } : { onClick: onConfirm };
  const pair = (
    <>
      <Button size="small" appearance="primary" disabled={disabled} autoFocus={autoFocus} {...confirm}>
        {label}
      </Button>
      <Button size="small" onClick={onCancel}>
        {cancelLabel}
      </Button>
    </>
  );
  return className === undefined ? pair : <div className={className}>{pair}</div>;
}
