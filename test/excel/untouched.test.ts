/**
 * "In progress, not errors" for a freshly inserted form (issue 14): a sheet the user has not typed
 * in lists its progress, not its empty required cells — and the add-in's own writes (computed
 * values, flags, formats) after insertion do not count as the user touching it. Typing does.
 */
import { harness, catalog, Harness } from "./support/setup";
import { OfficeAppService } from "../../src/excel/app-service";
import type { CheckedForm } from "../../src/app/model";

async function settle(h: Harness, svc: OfficeAppService): Promise<void> {
  for (let k = 0; k < 3; k++) {
    await h.fake.host.flushEvents();
    await svc.session.flush();
  }
  await svc.session.idle();
}

const required = (f: CheckedForm) => f.findings.filter((x) => x.rule === "X-REQUIRED-HEADER" || x.rule.startsWith("X-REQUIRED"));

test("a family inserted by the pane stays 'in progress' through the add-in's own writes; the sheet typed in no longer is", async () => {
  const h = harness();
  const svc = new OfficeAppService(h.rt, catalog(), null, "en", { debounceMs: 0 });
  await svc.start();
  // The evaluation family: several sheets, computed coefficients written by the add-in.
  const card = svc.gallery.find((c) => c.id.includes("evaluation"))!;
  expect(card).toBeDefined();
  await svc.insert(card.id);
  await settle(h, svc);
  let forms = svc.getState().forms ?? [];
  expect(forms.length).toBeGreaterThan(1);
  for (const f of forms) {
    expect(f.progress).toBeDefined();
    expect(f.progress!.filled).toBeLessThan(f.progress!.required);
  }
  // The add-in wrote into the sheets after inserting them (computed cells or flags): not the user.
  const [first, second] = forms;
  // The user types in one sheet's first required cell.
  const cell = firstRequiredCell(svc, first);
  h.fake.host.typeInCell(first.sheet, cell, "Қаржы министрлігі");
  await settle(h, svc);
  forms = svc.getState().forms ?? [];
  const typed = forms.find((f) => f.sheet === first.sheet)!;
  const other = forms.find((f) => f.sheet === second.sheet)!;
  // The sheet typed in is now checked in full (its other empty required cells are findings) …
  expect(typed.progress).toBeUndefined();
  expect(required(typed).length).toBeGreaterThan(0);
  // … the others, only written by the add-in, are still in progress.
  expect(other.progress).toBeDefined();
}, 60_000);

/** A cell of the sheet's required header fields, from the check's own findings when forced in full. */
function firstRequiredCell(svc: OfficeAppService, f: CheckedForm): string {
  const all = svc.session.result!.forms.find((x) => x.sheet === f.sheet)!.findings;
  const req = all.find((x) => x.rule.startsWith("X-REQUIRED") && x.cell);
  if (!req?.cell) throw new Error(`no required cell on ${f.sheet}`);
  return req.cell;
}

test("the add-in's own write into an untouched sheet (a computed cell) does not end its progress", async () => {
  const h = harness();
  const svc = new OfficeAppService(h.rt, catalog(), null, "en", { debounceMs: 0 });
  await svc.start();
  await svc.insert(svc.gallery.find((c) => c.id.includes("evaluation"))!.id);
  await settle(h, svc);
  const before = (svc.getState().forms ?? []).filter((f) => f.progress && Object.keys(f.computedCells ?? {}).length > 0);
  expect(before.length).toBeGreaterThan(0);
  const sheet = before[0].sheet;
  // Typing in another sheet of the family re-checks the family: the add-in writes computed values
  // and flags again, into this sheet too; the user still has not typed here.
  const other = (svc.getState().forms ?? []).find((f) => f.sheet !== sheet)!;
  h.fake.host.typeInCell(other.sheet, firstRequiredCell(svc, other), "1");
  await settle(h, svc);
  const after = (svc.getState().forms ?? []).find((f) => f.sheet === sheet)!;
  expect(after.progress).toBeDefined();
}, 60_000);
