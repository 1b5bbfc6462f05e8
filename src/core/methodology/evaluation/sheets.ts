/**
 * The 002 evaluation workbook's computed cells: each formula of the methodology twice, as a core
 * function (built on compute.ts) and as its Excel twin (built on excel.ts), under the names the
 * templates call (`ev.*`), exported as the EVALUATION methodology. The templates name every
 * column, row kind, field and form these functions read through `args` (each function's schema
 * requires them all; loading checks they exist), so nothing here names a sheet or a column.
 *
 * Parameters: rules/methodology/evaluation.params.json (the defaults), overridden by the
 * `methodology` parameter of the rule pack (or of a build): one object, read by both twins, so
 * changing a choice changes the sheet's formulas and the engine together.
 *
 * The "Ескерту" (note) columns show why an item is left out ("excluded, with the reason, never
 * zero") or by which policy it was computed; the core derives the text from the item's trace, the
 * sheet from the same inputs in the same order (first the seed's exclusions, then ours).
 */
import type { FormDocument, FormRow } from "../../document";
import type { Localized } from "../../i18n";
import { step, type Computation, type TraceStep } from "../../trace";
import type { CellFormula, ComputeContext, ComputeFunction, FormulaContext } from "../../computed";
import {
  cellOf, excelGroupCount, excelGroupMean, groupRows, type RowComputation, type RowComputeContext, type RowComputeFunction, type RowFormula, type RowFormulaContext,
} from "../../computed-rows";
import { methodology, type ArgRefs, type ArgsSchema, type Methodology } from "../../functions";
import { columnRange, fieldCell, type FormLayout } from "../../layout";
import { a1 } from "../../grid";
import { DEFAULT_EVALUATION_PARAMS, withEvaluationParams, type Direction, type EvaluationParams } from "./params";
import {
  coefficientB, coefficientC, coefficientD, coefficientE, goalK, goalX, goalY, indexS, indicatorH, overallScoreCentral, overallScoreLocal,
  penaltiesW, sphereScore, taskP, taskZ, type Num,
} from "./compute";
import { excelFormulas } from "./excel";
import { LABELS, NOTES, REASONS, labelWith } from "./labels";
import { fmt, fmtOp, isNum, xlNum } from "./format";

// ---------------------------------------------------------------------------------------------
// Parameters and small helpers
// ---------------------------------------------------------------------------------------------

const paramCache = new Map<string, EvaluationParams>();

/** The methodology parameters in force: the data file's defaults with the pack's `methodology` overrides. */
export function evaluationParams(params: Record<string, unknown> = {}): EvaluationParams {
  const o = params.methodology;
  if (o === undefined || o === null || typeof o !== "object") return DEFAULT_EVALUATION_PARAMS as EvaluationParams;
  const key = JSON.stringify(o);
  let p = paramCache.get(key);
  if (!p) paramCache.set(key, (p = withEvaluationParams(o as Parameters<typeof withEvaluationParams>[0])));
  return p;
}

type Args = Record<string, unknown>;
/** An id argument; its presence and type are the schema's (checked when the template loads). */
const s = (args: Args, key: string): string => args[key] as string;

const cells = new Map<string, ComputeFunction>();
const cellFormulas = new Map<string, CellFormula>();
const rows = new Map<string, RowComputeFunction>();
const rowFormulas = new Map<string, RowFormula>();

/** A cell's value as the methodology functions take it: the number, or the text typed (reported as not a number). */
function val(row: FormRow, col: string): Num {
  const c = row.cells[col];
  if (!c || c.value === null || c.value === "") return null;
  return (c.ok ? c.value : c.text) as Num;
}

function nameOf(row: FormRow, col: string): string | undefined {
  const v = row.cells[col]?.value;
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

function str(x: string): string {
  return `"${x.replace(/"/g, '""')}"`;
}

/** The text of a note column: why the item is left out, else the policies it was computed by. */
export function noteText(c: Computation | undefined): string {
  if (!c) return "";
  if (c.trace.excluded) return c.trace.excluded.reason.kk;
  const note = c.trace.inputs?.note;
  if (typeof note !== "string" || !note) return "";
  return note
    .split(",")
    .map((code) => (NOTES as Record<string, Localized>)[code]?.kk)
    .filter(Boolean)
    .join("; ");
}

/** The same text in every language (for messages). */
export function noteLocalized(c: Computation | undefined): Localized | null {
  if (!c) return null;
  if (c.trace.excluded) return c.trace.excluded.reason;
  const note = c.trace.inputs?.note;
  if (typeof note !== "string" || !note) return null;
  const notes = note.split(",").map((code) => (NOTES as Record<string, Localized>)[code]).filter(Boolean);
  if (!notes.length) return null;
  return { kk: notes.map((n) => n.kk).join("; "), ru: notes.map((n) => n.ru).join("; "), en: notes.map((n) => n.en).join("; ") };
}

/** Excel: join "; "-prefixed parts and drop the first separator ("" stays ""). */
const joined = (parts: string[]) => `MID(${parts.join("&")},3,1000)`;
const part = (text: string) => str(`; ${text}`);

function renamed(c: Computation, name: string, extra: Partial<TraceStep> = {}): Computation {
  return { value: c.value, trace: { ...c.trace, name, ...extra } };
}

/** A row's 1-based position among the rows of some kinds that share its key, up to the row itself. */
function positionIn(ctx: RowComputeContext, row: FormRow, key: string, kinds: string[]): number {
  return groupRows(ctx, row, key, kinds).filter((r) => r.index <= row.index).length;
}

function keyOf(ctx: RowComputeContext, row: FormRow, key: string): number {
  const v = ctx.cell(row.index, key).value;
  return v ?? 0;
}

/** Excel condition: this row's key equals the row's key (a group's rows). */
const sameKey = (at: RowFormulaContext, key: string) => `(${at.range(key)}=${at.here(key)})`;

function otherCell(ctx: FormulaContext, template: string, id: string): string {
  return ctx.cell(template, id) ?? '""';
}

// ---------------------------------------------------------------------------------------------
// B: quality and completeness (seed p.18–21)
// ---------------------------------------------------------------------------------------------

interface QualityArgs {
  q1: string;
  q2: string;
  key: string;
  directionKind: string;
  sphereKind: string;
  b: string;
  bj: string;
  name: string;
}
const qa = (args: Args): QualityArgs => ({
  q1: s(args, "q1"), q2: s(args, "q2"), key: s(args, "key"), directionKind: s(args, "directionKind"),
  sphereKind: s(args, "sphereKind"), b: s(args, "b"), bj: s(args, "bj"), name: s(args, "name"),
});

function directionsOf(ctx: RowComputeContext, row: FormRow, a: QualityArgs): FormRow[] {
  return row.kind === a.sphereKind ? groupRows(ctx, row, a.key, [a.directionKind]) : [];
}

/** b of one leaf (a direction, or a sphere without directions) from q1, q2 (seed p.20–21). */
rows.set("ev.b", (doc, row, args, params, ctx) => {
  const a = qa(args);
  const prm = evaluationParams(params);
  const k = keyOf(ctx, row, a.key);
  const isDir = row.kind === a.directionKind;
  const name = isDir ? `b_${k}.${positionIn(ctx, row, a.key, [a.directionKind])}` : `b_${k}`;
  if (!isDir && directionsOf(ctx, row, a).length)
    return { value: null, trace: step(name, null, { label: labelWith(LABELS.b, nameOf(row, a.name)), formula: "scored by its directions" }) };
  return sphereScore(val(row, a.q1), val(row, a.q2), prm, {
    name, label: nameOf(row, a.name), cells: { q1: cellOf(doc, row, a.q1), q2: cellOf(doc, row, a.q2), result: cellOf(doc, row, ctx.column) },
  });
});
rowFormulas.set("ev.b", (_t, at, args, params) => {
  const a = qa(args);
  const b = excelFormulas.b(at.here(a.q1), at.here(a.q2), evaluationParams(params));
  if (!args.sphere) return b;
  return `IF(${excelGroupCount([sameKey(at, a.key), at.kindMask(a.directionKind)])}>0,"",${b})`;
});

/** b_j of a sphere: the mean of its directions' b, or its own b (seed p.19). */
rows.set("ev.bj", (doc, row, args, _params, ctx) => {
  const a = qa(args);
  const k = keyOf(ctx, row, a.key);
  const cell = cellOf(doc, row, ctx.column);
  const label = labelWith(LABELS.b, nameOf(row, a.name));
  const dirs = directionsOf(ctx, row, a);
  if (!dirs.length) {
    const own = ctx.cell(row.index, a.b);
    return renamed(own, `b_${k}`, { cell, label, children: [own.trace], formula: own.value === null ? undefined : `b_${k} = ${fmt(own.value)}` });
  }
  const kids = dirs.map((r) => ctx.cell(r.index, a.b));
  const vals = kids.filter((c) => c.value !== null).map((c) => c.value as number);
  const inputs = { included: vals.length, listed: kids.length };
  if (!vals.length) return { value: null, trace: step(`b_${k}`, null, { label, cell, inputs, children: kids.map((c) => c.trace), excluded: { reason: REASONS.noSpheres } }) };
  const m = vals.reduce((x, y) => x + y, 0) / vals.length;
  return { value: m, trace: step(`b_${k}`, m, { label, cell, inputs, formula: `(${vals.map(fmtOp).join(" + ")}) / ${vals.length} = ${fmt(m)}`, children: kids.map((c) => c.trace) }) };
});
rowFormulas.set("ev.bj", (_t, at, args) => {
  const a = qa(args);
  const conds = [sameKey(at, a.key), at.kindMask(a.directionKind)];
  return `IF(${excelGroupCount(conds)}>0,${excelGroupMean(at.range(a.b), conds)},${at.here(a.b)})`;
});

function scoreReasonExcel(ref: string, params: EvaluationParams, prefix = ""): string {
  const valid = params.allowedScores.map((v) => `${ref}=${xlNum(v)}`).join(",");
  return `IF(${ref}="",${part(prefix + REASONS.missingScore.kk)},IF(ISNUMBER(${ref}),IF(OR(${valid}),"",${part(prefix + REASONS.invalidScore.kk)}),${part(prefix + REASONS.notANumber.kk)}))`;
}

/** A note column: the reason its item (another computed column of the row) is left out, or its policies. */
function noteOf(row: FormRow, of: string, ctx: RowComputeContext): RowComputation {
  const c = ctx.cell(row.index, of);
  return { value: null, text: noteText(c), localized: noteLocalized(c), trace: step("note", null, { label: c.trace.label }) };
}
/** Note of a leaf b: which of q1, q2 is missing or inadmissible. */
rowFormulas.set("ev.note.b", (_t, at, args, params) => {
  const a = qa(args);
  const prm = evaluationParams(params);
  const leaf = joined([scoreReasonExcel(at.here(a.q1), prm, "q1: "), scoreReasonExcel(at.here(a.q2), prm, "q2: ")]);
  if (!args.sphere) return leaf;
  const conds = [sameKey(at, a.key), at.kindMask(a.directionKind)];
  return `IF(${excelGroupCount(conds)}>0,IF(ISNUMBER(${at.here(a.bj)}),"",${str(REASONS.noSpheres.kk)}),${leaf})`;
});
rows.set("ev.note.b", (_doc, row, args, _params, ctx) => noteOf(row, args.sphere ? qa(args).bj : qa(args).b, ctx));

/** B = mean of the spheres' b_j (two-level, default) or of all leaves' b (flat) (seed p.19). */
cells.set("ev.B", (doc, args, params, ctx) => {
  const a = qa(args);
  const prm = evaluationParams(params);
  const get = (r: FormRow, c: string) => ctx.rowValue?.(r.index, c) ?? { value: null, trace: step(c, null) };
  if (prm.bAveraging === "flat") {
    const leaves = doc.rows.filter((r) => !r.placeholder && (r.kind === a.directionKind || r.kind === a.sphereKind)).map((r) => get(r, a.b)).filter((c) => c.trace.formula !== "scored by its directions");
    const res = coefficientB(leaves, { ...prm, bAveraging: "twoLevel" });
    return { value: res.value, trace: { ...res.trace, inputs: { ...res.trace.inputs, averaging: "flat" } } };
  }
  return coefficientB(doc.rows.filter((r) => !r.placeholder && r.kind === a.sphereKind).map((r) => get(r, a.bj)), prm);
});
cellFormulas.set("ev.B", (_t, layout, args, params) => {
  const a = qa(args);
  return "=" + excelFormulas.B({ spheres: columnRange(layout, a.bj), leaves: columnRange(layout, a.b) }, evaluationParams(params));
});

// ---------------------------------------------------------------------------------------------
// C: risk management (seed p.22)
// ---------------------------------------------------------------------------------------------

cells.set("ev.C", (doc, args, params) => {
  const R = s(args, "R");
  const name = s(args, "name");
  const risks = doc.rows.filter((r) => !r.placeholder).map((r) => ({ R: val(r, R), label: nameOf(r, name), cell: cellOf(doc, r, R) }));
  return coefficientC(risks, evaluationParams(params));
});
cellFormulas.set("ev.C", (_t, layout, args, params) => "=" + excelFormulas.C(columnRange(layout, s(args, "R")), evaluationParams(params)));
rows.set("ev.note.R", (_doc, row, args, params) => {
  const prm = evaluationParams(params);
  const v = val(row, s(args, "R"));
  const reason = v === null ? REASONS.missingScore : !isNum(v) ? REASONS.notANumber : prm.allowedScores.includes(v) ? null : REASONS.invalidScore;
  return { value: null, text: reason?.kk ?? "", localized: reason, trace: step("note", null) };
});
rowFormulas.set("ev.note.R", (_t, at, args, params) => joined([scoreReasonExcel(at.here(s(args, "R")), evaluationParams(params))]));

// ---------------------------------------------------------------------------------------------
// D: goals, target indicators (h, K), tasks and direct results (p, z, Y), X (seed p.23–24)
// ---------------------------------------------------------------------------------------------

interface GoalArgs {
  previous: string; plan: string; actual: string; operational: string; direction: string; name: string;
  goalKey: string; taskKey: string; h: string; p: string; z: string; K: string; Y: string; X: string;
  goalKind: string; targetKind: string; taskKind: string; resultKind: string;
}
const ga = (args: Args): GoalArgs => ({
  previous: s(args, "previous"), plan: s(args, "plan"), actual: s(args, "actual"), operational: s(args, "operational"),
  direction: s(args, "direction"), name: s(args, "name"), goalKey: s(args, "goalKey"), taskKey: s(args, "taskKey"),
  h: s(args, "h"), p: s(args, "p"), z: s(args, "z"), K: s(args, "K"), Y: s(args, "Y"), X: s(args, "X"),
  goalKind: s(args, "goalKind"), targetKind: s(args, "targetKind"), taskKind: s(args, "taskKind"), resultKind: s(args, "resultKind"),
});

function indicatorCells(doc: FormDocument, row: FormRow, a: GoalArgs, result: string) {
  return {
    previous: cellOf(doc, row, a.previous), plan: cellOf(doc, row, a.plan), actual: cellOf(doc, row, a.actual),
    operational: cellOf(doc, row, a.operational), direction: cellOf(doc, row, a.direction), result: cellOf(doc, row, result),
  };
}

/** The direction a row gives: ±1, the text typed (invalid), or nothing (inferred from the plan's sign). */
function directionOf(row: FormRow, col: string): Direction | null {
  return val(row, col) as unknown as Direction | null;
}

rows.set("ev.h", (doc, row, args, params, ctx) => {
  const a = ga(args);
  const i = keyOf(ctx, row, a.goalKey);
  const l = positionIn(ctx, row, a.goalKey, [a.targetKind]);
  return indicatorH(val(row, a.previous), val(row, a.plan), { official: val(row, a.actual), operational: val(row, a.operational) }, directionOf(row, a.direction), evaluationParams(params), {
    name: `h_${i}.${l}`, label: nameOf(row, a.name), cells: indicatorCells(doc, row, a, ctx.column),
  });
});
rows.set("ev.p", (doc, row, args, params, ctx) => {
  const a = ga(args);
  const i = keyOf(ctx, row, a.goalKey);
  const task = ctx.rows.find((r) => r.kind === a.taskKind && keyOf(ctx, r, a.taskKey) === keyOf(ctx, row, a.taskKey));
  const t = task ? positionIn(ctx, task, a.goalKey, [a.taskKind]) : 0;
  const g = positionIn(ctx, row, a.taskKey, [a.resultKind]);
  return taskP(val(row, a.previous), val(row, a.plan), { official: val(row, a.actual), operational: val(row, a.operational) }, directionOf(row, a.direction), evaluationParams(params), {
    name: `p_${i}.${t}.${g}`, label: nameOf(row, a.name), cells: indicatorCells(doc, row, a, ctx.column),
  });
});

/** The direction as the sheet reads it: the cell, or the sign of the planned change when it is blank. */
function dirExpr(at: RowFormulaContext, a: GoalArgs): string {
  const [d, P, B0] = [at.here(a.direction), at.here(a.plan), at.here(a.previous)];
  return `IF(${d}="",IF(AND(ISNUMBER(${P}),ISNUMBER(${B0})),SIGN(${P}-${B0}),0),${d})`;
}
rowFormulas.set("ev.h", (_t, at, args, params) => {
  const a = ga(args);
  return excelFormulas.h(at.here(a.previous), at.here(a.plan), at.here(a.actual), dirExpr(at, a), evaluationParams(params), at.here(a.operational));
});
rowFormulas.set("ev.p", (_t, at, args, params) => {
  const a = ga(args);
  return excelFormulas.p(at.here(a.previous), at.here(a.plan), at.here(a.actual), dirExpr(at, a), evaluationParams(params), at.here(a.operational));
});

rows.set("ev.z", (doc, row, args, params, ctx) => {
  const a = ga(args);
  const i = keyOf(ctx, row, a.goalKey);
  const t = positionIn(ctx, row, a.goalKey, [a.taskKind]);
  const kids = groupRows(ctx, row, a.taskKey, [a.resultKind]).map((r) => ctx.cell(r.index, a.p));
  return taskZ(kids, evaluationParams(params), { name: `z_${i}.${t}`, label: nameOf(row, a.name), cell: cellOf(doc, row, ctx.column) });
});
rowFormulas.set("ev.z", (_t, at, args) => {
  const a = ga(args);
  return excelGroupMean(at.range(a.p), [sameKey(at, a.taskKey), at.kindMask(a.resultKind)]);
});
rows.set("ev.K", (doc, row, args, params, ctx) => {
  const a = ga(args);
  const kids = groupRows(ctx, row, a.goalKey, [a.targetKind]).map((r) => ctx.cell(r.index, a.h));
  return goalK(kids, evaluationParams(params), { index: String(keyOf(ctx, row, a.goalKey)), label: nameOf(row, a.name), cell: cellOf(doc, row, ctx.column) });
});
rowFormulas.set("ev.K", (_t, at, args) => {
  const a = ga(args);
  return excelGroupMean(at.range(a.h), [sameKey(at, a.goalKey), at.kindMask(a.targetKind)]);
});
rows.set("ev.Y", (doc, row, args, params, ctx) => {
  const a = ga(args);
  const kids = groupRows(ctx, row, a.goalKey, [a.taskKind]).map((r) => ctx.cell(r.index, a.z));
  return goalY(kids, evaluationParams(params), { index: String(keyOf(ctx, row, a.goalKey)), label: nameOf(row, a.name), cell: cellOf(doc, row, ctx.column) });
});
rowFormulas.set("ev.Y", (_t, at, args) => {
  const a = ga(args);
  return excelGroupMean(at.range(a.z), [sameKey(at, a.goalKey), at.kindMask(a.taskKind)]);
});
rows.set("ev.X", (doc, row, args, params, ctx) => {
  const a = ga(args);
  return goalX(ctx.cell(row.index, a.K), ctx.cell(row.index, a.Y), evaluationParams(params), {
    index: String(keyOf(ctx, row, a.goalKey)), label: nameOf(row, a.name), cell: cellOf(doc, row, ctx.column),
  });
});
rowFormulas.set("ev.X", (_t, at, args, params) => {
  const a = ga(args);
  return excelFormulas.X(at.here(a.K), at.here(a.Y), evaluationParams(params));
});

cells.set("ev.D", (doc, args, params, ctx) => {
  const a = ga(args);
  const goals = doc.rows.filter((r) => !r.placeholder && r.kind === a.goalKind).map((r) => ctx.rowValue?.(r.index, a.X) ?? { value: null, trace: step("X", null) });
  return coefficientD(goals, evaluationParams(params));
});
cellFormulas.set("ev.D", (_t, layout, args, params) => "=" + excelFormulas.D(columnRange(layout, ga(args).X), evaluationParams(params)));

/** Note of a target indicator (h) or a direct-result indicator (p): the reasons of seed p.24, then ours. */
function indicatorNoteExcel(at: RowFormulaContext, a: GoalArgs, prm: EvaluationParams, kind: "h" | "p"): string {
  const [B0, P, F, O, d] = [at.here(a.previous), at.here(a.plan), at.here(a.actual), at.here(a.operational), at.here(a.direction)];
  const Fu = prm.useOperationalData ? `IF(ISNUMBER(${F}),${F},${O})` : F;
  const R = REASONS;
  const N = NOTES;
  const pPlan = `IF(ISNUMBER(${P}),"",IF(${P}="",${part(R.noPlan.kk)},${part(R.notANumber.kk)}))`;
  const pAct = `IF(ISNUMBER(${Fu}),"",IF(OR(${F}="",ISNUMBER(${F})),${part(R.noActual.kk)},${part(R.notANumber.kk)}))`;
  const opNote = prm.useOperationalData ? `IF(ISNUMBER(${F}),"",${part(N.operationalData.kk)})` : '""';
  if (kind === "p" && prm.pMode === "factOverPlan") {
    const pDir = `IF(OR(${d}=1,${d}=-1),"",IF(${d}="",IF(ISNUMBER(${P}),IF(ISNUMBER(${B0}),IF(${P}=${B0},${part(R.directionUnknown.kk)},""),${part(R.directionUnknown.kk)}),""),${part(R.directionUnknown.kk)}))`;
    const base = `${pPlan}&${pAct}&${pDir}`;
    const dir = `IF(${d}="",SIGN(${P}-${B0}),${d})`;
    const after = `IF(${P}<=0,${str(R.nonPositivePlan.kk)},IF(AND(${dir}=-1,${Fu}<0),${str(R.negativeValue.kk)},${joined([opNote])}))`;
    return `IF(${base}<>"",${joined([base])},${after})`;
  }
  const pPrev = `IF(ISNUMBER(${B0}),"",IF(${B0}="",${part(R.noPrevious.kk)},${part(R.notANumber.kk)}))`;
  const pDir = `IF(OR(${d}="",${d}=1,${d}=-1),"",${part(R.directionUnknown.kk)})`;
  const base = `${pPlan}&${pAct}&${pPrev}&${pDir}`;
  const zero =
    prm.zeroPlannedChange === "exclude"
      ? str(R.zeroPlannedChange.kk)
      : `IF(${d}="",${str(`${R.zeroPlannedChange.kk}; ${R.directionUnknown.kk}`)},${joined([opNote, part(N.zeroPlannedChangeAttainment.kk)])})`;
  const det = prm.deterioratingPlan === "attainment" ? `IF(${d}="","",IF(${d}*(${P}-${B0})<0,${part(N.deterioratingPlan.kk)},""))` : '""';
  return `IF(${base}<>"",${joined([base])},IF(${P}=${B0},${zero},${joined([opNote, det])}))`;
}
rowFormulas.set("ev.note.h", (_t, at, args, params) => indicatorNoteExcel(at, ga(args), evaluationParams(params), "h"));
rowFormulas.set("ev.note.p", (_t, at, args, params) => indicatorNoteExcel(at, ga(args), evaluationParams(params), "p"));
rowFormulas.set("ev.note.z", (_t, at, args) => `IF(ISNUMBER(${at.here(ga(args).z)}),"",${str(REASONS.noResults.kk)})`);
rowFormulas.set("ev.note.X", (_t, at, args, params) => {
  const a = ga(args);
  const prm = evaluationParams(params);
  const [K, Y] = [at.here(a.K), at.here(a.Y)];
  const noY = prm.goalWithoutTasks === "useK" ? NOTES.xFromK.kk : REASONS.goalExcludedNoY.kk;
  const noK = prm.goalWithoutIndicators === "useY" ? NOTES.xFromY.kk : REASONS.goalExcludedNoK.kk;
  return `IF(ISNUMBER(${K}),IF(ISNUMBER(${Y}),"",${str(noY)}),IF(ISNUMBER(${Y}),${str(noK)},${str(REASONS.noGoalData.kk)}))`;
});
for (const k of ["h", "p", "z", "X"] as const) rows.set(`ev.note.${k}`, (_doc, row, args, _params, ctx) => noteOf(row, ga(args)[k], ctx));

// ---------------------------------------------------------------------------------------------
// E: performance of a local executive body (seed p.25–26, Annex 4)
// ---------------------------------------------------------------------------------------------

interface IndexArgs { previous: string; current: string; direction: string; name: string; S: string }
const ia = (args: Args): IndexArgs => ({ previous: s(args, "previous"), current: s(args, "current"), direction: s(args, "direction"), name: s(args, "name"), S: s(args, "S") });

/** Position of the indicator among the named rows (Annex 4 order), for its default direction. */
function ordinalByName(ctx: RowComputeContext, row: FormRow, name: string): number {
  return ctx.rows.filter((r) => r.index <= row.index && nameOf(r, name) !== undefined).length;
}

rows.set("ev.S", (doc, row, args, params, ctx) => {
  const a = ia(args);
  const prm = evaluationParams(params);
  const n = ordinalByName(ctx, row, a.name);
  const given = val(row, a.direction);
  const dir = (given === null ? prm.eIndicatorDirections[n - 1] ?? null : given) as Direction | null;
  return indexS(val(row, a.previous), val(row, a.current), dir, prm, {
    index: String(n), label: nameOf(row, a.name),
    cells: { previous: cellOf(doc, row, a.previous), current: cellOf(doc, row, a.current), result: cellOf(doc, row, ctx.column) },
  });
});
function indexDirExpr(at: RowFormulaContext, a: IndexArgs, prm: EvaluationParams): string {
  const d = at.here(a.direction);
  const dirs = prm.eIndicatorDirections;
  const n = `COUNTA(${at.upTo(a.name)})`;
  const dflt = dirs.length ? `IF(AND(${n}>=1,${n}<=${dirs.length}),CHOOSE(${n},${dirs.map(xlNum).join(",")}),0)` : "0";
  return `IF(${d}="",${dflt},${d})`;
}
rowFormulas.set("ev.S", (_t, at, args, params) => {
  const a = ia(args);
  const prm = evaluationParams(params);
  return excelFormulas.S(at.here(a.previous), at.here(a.current), indexDirExpr(at, a, prm), prm);
});
rows.set("ev.note.S", (_doc, row, args, _params, ctx) => noteOf(row, ia(args).S, ctx));
rowFormulas.set("ev.note.S", (_t, at, args, params) => {
  const a = ia(args);
  const prm = evaluationParams(params);
  const [SB, SR] = [at.here(a.previous), at.here(a.current)];
  const dir = indexDirExpr(at, a, prm);
  const R = REASONS;
  const pPrev = `IF(ISNUMBER(${SB}),"",IF(${SB}="",${part(R.noPrevious.kk)},${part(R.notANumber.kk)}))`;
  const pCur = `IF(ISNUMBER(${SR}),"",IF(${SR}="",${part(R.noActual.kk)},${part(R.notANumber.kk)}))`;
  const pDir = `IF(OR(${dir}=1,${dir}=-1),"",${part(R.directionUnknown.kk)})`;
  const base = `${pPrev}&${pCur}&${pDir}`;
  const den = prm.sNegativeDynamics === "inverse" ? `IF(${dir}=-1,${SR},${SB})` : SB;
  const zero = prm.sZeroDenominator === "exclude" ? str(R.zeroDenominator.kk) : str(NOTES.sZeroDenominator.kk);
  return `IF(${base}<>"",${joined([base])},IF(OR(${SB}<0,${SR}<0),${str(R.negativeValue.kk)},IF(${den}=0,${zero},"")))`;
});
cells.set("ev.E", (doc, args, params, ctx) => {
  const a = ia(args);
  const S = doc.rows.filter((r) => !r.placeholder).map((r) => ctx.rowValue?.(r.index, a.S) ?? { value: null, trace: step("S", null) });
  return coefficientE(S, evaluationParams(params));
});
cellFormulas.set("ev.E", (_t, layout, args, params) => "=" + excelFormulas.E(columnRange(layout, ia(args).S), evaluationParams(params)));

// ---------------------------------------------------------------------------------------------
// W: the verification act's deductions (seed p.38–42, Annex 1)
// ---------------------------------------------------------------------------------------------

interface ActArgs { due: string; submitted: string; missing: string; name: string; facts: string; late: string; incomplete: string; unreliable: string; W: string }
const aa = (args: Args): ActArgs => ({
  due: s(args, "due"), submitted: s(args, "submitted"), missing: s(args, "missing"), name: s(args, "name"),
  facts: s(args, "facts"), late: s(args, "late"), incomplete: s(args, "incomplete"), unreliable: s(args, "unreliable"), W: s(args, "W"),
});

function factRows(doc: FormDocument, a: ActArgs): FormRow[] {
  return doc.rows.filter((r) => !r.placeholder && nameOf(r, a.name) !== undefined);
}

function fieldValue(doc: FormDocument, id: string): unknown {
  return (doc.header[id] ?? doc.context[id])?.typed.value ?? null;
}
function fieldCellRef(doc: FormDocument, id: string) {
  const a = (doc.header[id] ?? doc.context[id])?.address;
  return a ? { sheet: doc.sheet, address: a } : undefined;
}

/** W of the act, once per form: the three deductions and their total, with the act's facts as inputs. */
function actPenalties(doc: FormDocument, args: Args, params: Record<string, unknown>): Computation {
  const a = aa(args);
  const due = fieldValue(doc, a.due);
  const sub = fieldValue(doc, a.submitted);
  const isIso = (x: unknown) => typeof x === "string" && /^\d{4}-\d{2}-\d{2}$/.test(x);
  const late = isIso(due) && isIso(sub) && (sub as string) > (due as string);
  const missing = fieldValue(doc, a.missing);
  const incomplete = typeof missing === "string" && missing.trim() !== "";
  const facts = factRows(doc, a).length;
  const W = penaltiesW({ late, incomplete, unreliableFacts: facts }, evaluationParams(params), { cell: fieldCellRef(doc, a.W) });
  const [l, inc, unrel] = W.trace.children!;
  const children = [
    { ...l, inputs: { ...l.inputs, dueDate: (due as string) ?? null, submittedDate: (sub as string) ?? null }, cell: fieldCellRef(doc, a.late) },
    { ...inc, inputs: { ...inc.inputs, missingElements: typeof missing === "string" ? missing : null }, cell: fieldCellRef(doc, a.incomplete) },
    { ...unrel, cell: fieldCellRef(doc, a.unreliable), children: factRows(doc, a).map((r) => step(`fact_${r.sheetRow + 1}`, 1, { label: { kk: nameOf(r, a.name)!, ru: nameOf(r, a.name)!, en: nameOf(r, a.name)! }, cell: cellOf(doc, r, a.name) })) },
  ];
  return { value: W.value, trace: { ...W.trace, children } };
}

cells.set("ev.facts", (doc, args) => {
  const rows = factRows(doc, aa(args));
  return { value: rows.length, trace: step("f", rows.length, { label: LABELS.W_unreliable, formula: `${rows.length} recorded facts`, inputs: { facts: rows.length } }) };
});
cellFormulas.set("ev.facts", (_t, layout, args) => `=COUNTA(${columnRange(layout, aa(args).name)})`);
const pick = (i: number) => (doc: FormDocument, args: Args, params: Record<string, unknown>): Computation => {
  const W = actPenalties(doc, args, params);
  const c = W.trace.children![i];
  return { value: c.value, trace: c };
};
cells.set("ev.Wlate", pick(0));
cells.set("ev.Wincomplete", pick(1));
cells.set("ev.Wunreliable", pick(2));
cells.set("ev.W", (doc, args, params) => actPenalties(doc, args, params));
cellFormulas.set("ev.Wlate", (_t, layout, args, params) => {
  const a = aa(args);
  const [due, sub] = [abs(fieldCell(layout, a.due)), abs(fieldCell(layout, a.submitted))];
  return `=IF(AND(ISNUMBER(${due}),ISNUMBER(${sub})),IF(${sub}>${due},${xlNum(evaluationParams(params).lateDeduction)},0),0)`;
});
cellFormulas.set("ev.Wincomplete", (_t, layout, args, params) => `=IF(LEN(TRIM(${abs(fieldCell(layout, aa(args).missing))}))>0,${xlNum(evaluationParams(params).incompleteDeduction)},0)`);
cellFormulas.set("ev.Wunreliable", (_t, layout, args, params) => "=" + excelFormulas.Wunreliable(abs(fieldCell(layout, aa(args).facts)), evaluationParams(params)));
cellFormulas.set("ev.W", (_t, layout, args, params) => {
  const a = aa(args);
  const prm = evaluationParams(params);
  const sum = [a.late, a.incomplete, a.unreliable].map((id) => abs(fieldCell(layout, id))).join("+");
  return prm.unreliableCapScope === "total" ? `=MIN(${xlNum(prm.unreliableCap)},${sum})` : `=${sum}`;
});

/** Column 6 of section 3: the points one recorded fact costs (0,2 once the facts reach the threshold). */
rows.set("ev.factDeduction", (doc, row, args, params, ctx) => {
  const a = aa(args);
  const prm = evaluationParams(params);
  const f = factRows(doc, a).length;
  const charged = f >= prm.unreliableThreshold || prm.unreliableChargeBelowThreshold;
  const value = charged ? prm.unreliablePerFact : 0;
  return {
    value,
    trace: step(`W_fact_${row.sheetRow + 1}`, value, {
      label: LABELS.W_unreliable, cell: cellOf(doc, row, ctx.column), inputs: { facts: f, threshold: prm.unreliableThreshold, perFact: prm.unreliablePerFact },
      formula: charged ? `${f} >= ${prm.unreliableThreshold} → ${fmt(prm.unreliablePerFact)}` : `${f} < ${prm.unreliableThreshold} → 0`,
    }),
  };
});
rowFormulas.set("ev.factDeduction", (_t, at, args, params) => {
  const prm = evaluationParams(params);
  if (prm.unreliableChargeBelowThreshold) return xlNum(prm.unreliablePerFact);
  return `IF(COUNTA(${at.range(aa(args).name)})>=${xlNum(prm.unreliableThreshold)},${xlNum(prm.unreliablePerFact)},0)`;
});

// ---------------------------------------------------------------------------------------------
// The conclusion (Annex 5): coefficient and points per criterion, W and A (seed p.16–17, p.27)
// ---------------------------------------------------------------------------------------------

interface ConclusionArgs {
  bodyType: string; central: string; local: string;
  B: [string, string]; C: [string, string]; D: [string, string]; E: [string, string]; W: [string, string];
  criterion: "B" | "C" | "D" | "E"; coef: string;
}
/** A [templateId, computedId] reference from the template's args. */
const ref = (args: Args, key: string): [string, string] => args[key] as [string, string];
const ca = (args: Args): ConclusionArgs => ({
  bodyType: s(args, "bodyType"), central: s(args, "central"), local: s(args, "local"),
  // The template names the sheet (template id) and computed cell of each input; none is assumed here.
  B: ref(args, "B"), C: ref(args, "C"), D: ref(args, "D"), E: ref(args, "E"), W: ref(args, "W"),
  criterion: args.criterion as ConclusionArgs["criterion"], coef: s(args, "coef"),
});

type BodyType = "central" | "local" | null;
function bodyTypeOf(doc: FormDocument, a: ConclusionArgs): BodyType {
  const v = fieldValue(doc, a.bodyType);
  return v === a.central ? "central" : v === a.local ? "local" : null;
}

function fromForm(ctx: ComputeContext, ref: [string, string], name: string, label: Localized): Computation {
  const f = ctx.form(ref[0]);
  const c = f?.computed[ref[1]];
  if (!c) return { value: null, trace: step(name, null, { label, excluded: { reason: { kk: `«${ref[0]}» парағы жоқ`, ru: `нет листа «${ref[0]}»`, en: `the ${ref[0]} sheet is missing` } } }) };
  return c;
}

const CRITERION_LABEL: Record<string, Localized> = { B: LABELS.B, C: LABELS.C, D: LABELS.D, E: LABELS.E };
const applies = (criterion: string, type: BodyType) => (criterion === "C" ? type === "central" : criterion === "E" ? type === "local" : true);

rows.set("ev.criterion", (doc, row, args, _params, ctx) => {
  const a = ca(args);
  const type = bodyTypeOf(doc, a);
  const cell = cellOf(doc, row, ctx.column);
  const label = CRITERION_LABEL[a.criterion];
  if (!applies(a.criterion, type))
    return { value: null, trace: step(a.criterion, null, { label, cell, inputs: { bodyType: type }, excluded: { reason: REASONS.notApplicable } }) };
  const c = fromForm(ctx, a[a.criterion], a.criterion, label);
  return { value: c.value, trace: step(a.criterion, c.value, { label, cell, children: [c.trace], ...(c.value === null ? { excluded: c.trace.excluded ?? { reason: REASONS.missingComponent } } : {}) }) };
});
rowFormulas.set("ev.criterion", (_t, at, args) => {
  const a = ca(args);
  const ref = otherCell(at.others, ...a[a.criterion]);
  const type = at.field(a.bodyType);
  if (a.criterion === "C") return `IF(${type}=${str(a.central)},${ref},"")`;
  if (a.criterion === "E") return `IF(${type}=${str(a.local)},${ref},"")`;
  return `IF(ISNUMBER(${ref}),${ref},"")`;
});

rows.set("ev.points", (doc, row, args, params, ctx) => {
  const a = ca(args);
  const prm = evaluationParams(params);
  const type = bodyTypeOf(doc, a);
  const cell = cellOf(doc, row, ctx.column);
  const coef = ctx.cell(row.index, a.coef);
  const name = `points_${a.criterion}`;
  const none = (reason: Localized) => ({ value: null, trace: step(name, null, { cell, children: [coef.trace], excluded: { reason } }) });
  if (type === null || !applies(a.criterion, type)) return none(REASONS.notApplicable);
  if (coef.value === null) return none(REASONS.missingComponent);
  const sc = prm.scale;
  if (a.criterion === "E") {
    const B = fromForm(ctx, a.B, "B", LABELS.B).value;
    const D = fromForm(ctx, a.D, "D", LABELS.D).value;
    if (B === null || D === null) return none(REASONS.missingComponent);
    const { B: wB, D: wD } = prm.weightsLocal;
    const E = coef.value;
    let value: number;
    let formula: string;
    if (prm.eMode === "whole") {
      value = sc * (wB * B + wD * D) * (E - 1);
      formula = `${fmt(sc)} * (${fmt(wB)} * ${fmtOp(B)} + ${fmt(wD)} * ${fmtOp(D)}) * (${fmtOp(E)} - 1) = ${fmt(value)}`;
    } else if (prm.eMode === "dOnly") {
      value = sc * wD * D * (E - 1);
      formula = `${fmt(sc)} * ${fmt(wD)} * ${fmtOp(D)} * (${fmtOp(E)} - 1) = ${fmt(value)}`;
    } else {
      value = 0;
      formula = "eMode = ignore → 0";
    }
    return { value, trace: step(name, value, { cell, formula, inputs: { B, D, E, eMode: prm.eMode }, children: [coef.trace] }) };
  }
  const w = type === "central" ? prm.weightsCentral[a.criterion as "B" | "C" | "D"] : prm.weightsLocal[a.criterion as "B" | "D"];
  const value = sc * w * coef.value;
  return { value, trace: step(name, value, { cell, formula: `${fmt(sc)} * ${fmt(w)} * ${fmtOp(coef.value)} = ${fmt(value)}`, inputs: { bodyType: type, weight: w }, children: [coef.trace] }) };
});
rowFormulas.set("ev.points", (_t, at, args, params) => {
  const a = ca(args);
  const prm = evaluationParams(params);
  const sc = xlNum(prm.scale);
  const coef = at.here(a.coef);
  const type = at.field(a.bodyType);
  const [isC, isL] = [`${type}=${str(a.central)}`, `${type}=${str(a.local)}`];
  if (a.criterion === "E") {
    const B = otherCell(at.others, ...a.B);
    const D = otherCell(at.others, ...a.D);
    const { B: wB, D: wD } = prm.weightsLocal;
    const body =
      prm.eMode === "whole" ? `${sc}*(${xlNum(wB)}*${B}+${xlNum(wD)}*${D})*(${coef}-1)` : prm.eMode === "dOnly" ? `${sc}*${xlNum(wD)}*${D}*(${coef}-1)` : "0";
    return `IF(AND(${isL},ISNUMBER(${coef}),ISNUMBER(${B}),ISNUMBER(${D})),${body},"")`;
  }
  if (a.criterion === "C") return `IF(AND(${isC},ISNUMBER(${coef})),${sc}*${xlNum(prm.weightsCentral.C)}*${coef},"")`;
  const k = a.criterion as "B" | "D";
  return `IF(ISNUMBER(${coef}),IF(${isC},${sc}*${xlNum(prm.weightsCentral[k])}*${coef},IF(${isL},${sc}*${xlNum(prm.weightsLocal[k])}*${coef},"")),"")`;
});

/** A computed value of another form of the workbook, as it is (the conclusion's W, the disagreement table's A). */
cells.set("ref.computed", (_doc, args, _params, ctx) => {
  const ref = [s(args, "template"), s(args, "id")] as [string, string];
  return fromForm(ctx, ref, ref[1], CRITERION_LABEL[ref[1]] ?? { kk: ref[1], ru: ref[1], en: ref[1] });
});
cellFormulas.set("ref.computed", (_t, _layout, args, _params, ctx) => {
  const ref = ctx.cell(s(args, "template"), s(args, "id"));
  return ref ? `=IF(ISNUMBER(${ref}),${ref},"")` : null;
});

cells.set("ev.A", (doc, args, params, ctx) => {
  const a = ca(args);
  const prm = evaluationParams(params);
  const type = bodyTypeOf(doc, a);
  const W = ctx.done[s(args, "Wfield")] ?? fromForm(ctx, a.W, "W", LABELS.W);
  const B = fromForm(ctx, a.B, "B", LABELS.B);
  const D = fromForm(ctx, a.D, "D", LABELS.D);
  if (type === "central") return overallScoreCentral(B, fromForm(ctx, a.C, "C", LABELS.C), D, W, prm);
  if (type === "local") return overallScoreLocal(B, D, fromForm(ctx, a.E, "E", LABELS.E), W, prm);
  return { value: null, trace: step("A", null, { label: LABELS.A, inputs: { bodyType: (fieldValue(doc, a.bodyType) as string) ?? null }, excluded: { reason: REASONS.notApplicable }, children: [B.trace, D.trace, W.trace] }) };
});
cellFormulas.set("ev.A", (_t, layout, args, params, ctx) => {
  const a = ca(args);
  const prm = evaluationParams(params);
  const type = abs(fieldCell(layout, a.bodyType));
  const W = abs(fieldCell(layout, s(args, "Wfield")));
  const [B, C, D, E] = [otherCell(ctx, ...a.B), otherCell(ctx, ...a.C), otherCell(ctx, ...a.D), otherCell(ctx, ...a.E)];
  return `=IF(${type}=${str(a.central)},${excelFormulas.Acentral(B, C, D, W, prm)},IF(${type}=${str(a.local)},${excelFormulas.Alocal(B, D, E, W, prm)},""))`;
});

function abs(address: string): string {
  return address.replace(/^\$?([A-Z]+)\$?(\d+)$/, "$$$1$$$2");
}

/** For tests and the task pane: where a row's cell is. */
export function rowCell(doc: FormDocument, row: FormRow, column: string): string | null {
  const c = doc.columns[column];
  return c === undefined ? null : a1(row.sheetRow, c);
}

export type { FormLayout };

// ---------------------------------------------------------------------------------------------
// The module: every function with its argument schema and the template parts its arguments name
// ---------------------------------------------------------------------------------------------

const ID = { type: "string", minLength: 1 };
function idSchema(keys: readonly string[], extra: Record<string, unknown> = {}, optional: readonly string[] = []): ArgsSchema {
  return {
    type: "object",
    additionalProperties: false,
    required: keys.filter((k) => !optional.includes(k)),
    properties: { ...Object.fromEntries(keys.map((k) => [k, ID])), ...extra },
  };
}
const QUALITY_KEYS = ["q1", "q2", "key", "directionKind", "sphereKind", "b", "bj", "name"];
const QUALITY = idSchema(QUALITY_KEYS, { sphere: { type: "boolean" } });
const QUALITY_REFS: ArgRefs = { columns: ["q1", "q2", "key", "b", "bj", "name"], kinds: ["directionKind", "sphereKind"] };
const GOAL_COLUMNS = ["previous", "plan", "actual", "operational", "direction", "name", "goalKey", "taskKey", "h", "p", "z", "K", "Y", "X"];
const GOAL_KINDS = ["goalKind", "targetKind", "taskKind", "resultKind"];
const GOAL = idSchema([...GOAL_COLUMNS, ...GOAL_KINDS]);
const GOAL_REFS: ArgRefs = { columns: GOAL_COLUMNS, kinds: GOAL_KINDS };
const INDEX_KEYS = ["previous", "current", "direction", "name", "S"];
const INDEX = idSchema(INDEX_KEYS);
const INDEX_REFS: ArgRefs = { columns: INDEX_KEYS };
const ACT_FIELDS = ["due", "submitted", "missing", "facts", "late", "incomplete", "unreliable", "W"];
const ACT = idSchema([...ACT_FIELDS, "name"]);
const ACT_REFS: ArgRefs = { fields: ACT_FIELDS, columns: ["name"] };
/** [template id, computed id] of another form of the workbook. */
const FORM_REF = { type: "array", items: ID, minItems: 2, maxItems: 2 };
const FORM_REFS = Object.fromEntries(["B", "C", "D", "E", "W"].map((k) => [k, FORM_REF]));
const CONCLUSION_KEYS = ["bodyType", "central", "local", "coef", "B", "C", "D", "E", "W"];
const CRITERION = idSchema([...CONCLUSION_KEYS, "criterion"], { ...FORM_REFS, criterion: { enum: ["B", "C", "D", "E"] } });
const CRITERION_REFS: ArgRefs = { fields: ["bodyType"], columns: ["coef"] };

/** Seed 002, the effectiveness evaluation: B, C, D (h, p, z, K, Y, X), E (S), W and A, with their notes. */
export const EVALUATION: Methodology = methodology("002 evaluation", {
  cells,
  cellFormulas,
  rows,
  rowFormulas,
  args: {
    "ev.b": QUALITY, "ev.bj": QUALITY, "ev.note.b": QUALITY, "ev.B": QUALITY,
    "ev.C": idSchema(["R", "name"]), "ev.note.R": idSchema(["R"]),
    ...Object.fromEntries(["ev.h", "ev.p", "ev.z", "ev.K", "ev.Y", "ev.X", "ev.D", "ev.note.h", "ev.note.p", "ev.note.z", "ev.note.X"].map((n) => [n, GOAL])),
    "ev.S": INDEX, "ev.note.S": INDEX, "ev.E": INDEX,
    ...Object.fromEntries(["ev.facts", "ev.Wlate", "ev.Wincomplete", "ev.Wunreliable", "ev.W", "ev.factDeduction"].map((n) => [n, ACT])),
    "ev.criterion": CRITERION, "ev.points": CRITERION,
    "ev.A": idSchema([...CONCLUSION_KEYS, "Wfield"], FORM_REFS, ["coef"]),
    "ref.computed": idSchema(["template", "id"]),
  },
  refs: {
    "ev.b": QUALITY_REFS, "ev.bj": QUALITY_REFS, "ev.note.b": QUALITY_REFS, "ev.B": QUALITY_REFS,
    "ev.C": { columns: ["R", "name"] }, "ev.note.R": { columns: ["R"] },
    ...Object.fromEntries(["ev.h", "ev.p", "ev.z", "ev.K", "ev.Y", "ev.X", "ev.D", "ev.note.h", "ev.note.p", "ev.note.z", "ev.note.X"].map((n) => [n, GOAL_REFS])),
    "ev.S": INDEX_REFS, "ev.note.S": INDEX_REFS, "ev.E": INDEX_REFS,
    ...Object.fromEntries(["ev.facts", "ev.Wlate", "ev.Wincomplete", "ev.Wunreliable", "ev.W", "ev.factDeduction"].map((n) => [n, ACT_REFS])),
    "ev.criterion": CRITERION_REFS, "ev.points": CRITERION_REFS,
    "ev.A": { fields: ["bodyType", "Wfield"] },
  },
});
