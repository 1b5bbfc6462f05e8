/**
 * @jest-environment jsdom
 */
/**
 * The pane's FilterDropdown (the Check tab's sheet and rule filters) on its own: the whole pane's
 * stylesheet makes each open of a Fluent dropdown take seconds in jsdom, so it is mounted alone.
 */
import * as React from "react";
import { act, fireEvent, render } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { FilterDropdown } from "../../src/taskpane/components/FilterDropdown";
import { installPaneGlobals } from "../helpers/jsdom-pane";

beforeAll(installPaneGlobals);

function Harness({ picked }: { picked: Array<string | null> }) {
  const [rule, setRule] = React.useState<string | null>(null);
  return (
    <FluentProvider theme={webLightTheme}>
      <FilterDropdown
        label="Rule"
        allText="All rules"
        value={rule}
        options={["OP-DEADLINE-IN-YEAR", "OP-SIGNATURE-PLAN"]}
        onSelect={(v) => {
          picked.push(v);
          setRule(v);
        }}
      />
    </FluentProvider>
  );
}

const combobox = () => document.querySelector<HTMLButtonElement>('button[role="combobox"]')!;
async function choose(text: string) {
  await act(async () => fireEvent.click(combobox()));
  const listbox = document.querySelector<HTMLElement>('[role="listbox"]')!;
  const option = Array.from(listbox.querySelectorAll<HTMLElement>('[role="option"]')).find((o) => o.textContent?.trim() === text);
  expect(option).toBeTruthy();
  await act(async () => fireEvent.click(option!));
}

test("null shows the \"all\" text; an option selects its value, and the \"all\" option selects null again", async () => {
  const picked: Array<string | null> = [];
  render(<Harness picked={picked} />);
  expect(combobox().getAttribute("aria-label")).toBe("Rule");
  expect(combobox().textContent).toBe("All rules");
  await choose("OP-SIGNATURE-PLAN");
  expect(combobox().textContent).toBe("OP-SIGNATURE-PLAN");
  await choose("All rules");
  expect(combobox().textContent).toBe("All rules");
  expect(picked).toEqual(["OP-SIGNATURE-PLAN", null]);
});
