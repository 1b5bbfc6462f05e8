import * as React from "react";
import { Dropdown, Option } from "@fluentui/react-components";

/**
 * A small dropdown that narrows a list to one value (a sheet, a rule) or shows all of it:
 * `null` is "all", shown with the caller's `allText`.
 */
export function FilterDropdown({
  label,
  allText,
  value,
  options,
  onSelect,
  className,
}: {
  label: string;
  allText: string;
  value: string | null;
  options: readonly string[];
  onSelect: (value: string | null) => void;
  className?: string;
}) {
  return (
    <Dropdown
      className={className}
      size="small"
      aria-label={label}
      value={value ?? allText}
      selectedOptions={[value ?? ""]}
      onOptionSelect={(_, d) => onSelect(d.optionValue ? d.optionValue : null)}
    >
      <Option value="">{allText}</Option>
      {options.map((x) => (
        <Option key={x} value={x}>
          {x}
        </Option>
      ))}
    </Dropdown>
  );
}
