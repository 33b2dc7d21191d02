/**
 * A pipeline's stage list as a manager edits it on the settings page, and the rules that turn the
 * edit into the PATCH body: the text of every input kept as typed (so "" and "12" round-trip),
 * open stages in board order with Won and Lost fixed at the end, keys for new stages chosen the
 * way the server would choose them, and the API's per-field errors (`stages.2.name`) led back to
 * the row and input they are about. No React: the page and the tests share it.
 */
import { isClosedStageId, MAX_STAGES, type Pipeline, type PipelineStage, type StageInput, stageKeyFor, type StageKind } from "./model";

export interface StageDraft {
  /** Stable while editing: the stage's id, or a client key for a stage not saved yet. */
  key: string;
  /** The stored id; absent for a new stage until it is saved. */
  id?: string;
  name: string;
  kind: StageKind;
  probability: string;
  rotting_days: string;
}

export type StageField = "name" | "probability" | "rotting_days";

/** What is wrong with one input (`key` and `field`), with a row, or with the list (`key` null). */
export interface DraftIssue {
  key: string | null;
  field: StageField | null;
  code: "name" | "probability" | "rotting_days" | "duplicate" | "list";
}

/** What a stage's name input shows; `nameOf` may give the page's language for a built-in name. */
type NameOf = (stage: PipelineStage) => string;
const storedName: NameOf = (s) => s.name;

export function draftFromPipeline(pipeline: Pick<Pipeline, "stages">, nameOf: NameOf = storedName): StageDraft[] {
  return pipeline.stages.map((s) => ({
    key: s.id,
    id: s.id,
    name: nameOf(s),
    kind: s.kind,
    probability: String(s.probability),
    rotting_days: s.rotting_days === null ? "" : String(s.rotting_days),
  }));
}

/** The open stages, in board order (the ones a manager may move and remove). */
export const openDrafts = (draft: readonly StageDraft[]) => draft.filter((s) => s.kind === "open");
/** Won and Lost, which stay at the end. */
export const closingDrafts = (draft: readonly StageDraft[]) => draft.filter((s) => s.kind !== "open");

/** Adds an open stage after the last open one; the list stays as it is at the maximum. */
export function addStage(draft: readonly StageDraft[], key: string, name: string): StageDraft[] {
  if (draft.length >= MAX_STAGES) return [...draft];
  return [...openDrafts(draft), { key, name, kind: "open", probability: "", rotting_days: "" }, ...closingDrafts(draft)];
}

/** Moves the open stage `key` to `toIndex` among the open stages; Won and Lost never move. */
export function moveStage(draft: readonly StageDraft[], key: string, toIndex: number): StageDraft[] {
  const open = openDrafts(draft);
  const from = open.findIndex((s) => s.key === key);
  if (from === -1) return [...draft];
  const to = Math.max(0, Math.min(open.length - 1, toIndex));
  const next = [...open];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return [...next, ...closingDrafts(draft)];
}

/** Removes an open stage (Won and Lost cannot be removed; the last open stage neither). */
export function removeStage(draft: readonly StageDraft[], key: string): StageDraft[] {
  const stage = draft.find((s) => s.key === key);
  if (!stage || stage.kind !== "open" || openDrafts(draft).length <= 1) return [...draft];
  return draft.filter((s) => s.key !== key);
}

export function updateStage(draft: readonly StageDraft[], key: string, patch: Partial<Pick<StageDraft, StageField>>): StageDraft[] {
  return draft.map((s) => (s.key === key ? { ...s, ...patch } : s));
}

/**
 * The stage list to send, with the id every stage will have once saved (new stages get the key
 * the server would derive from the name, never one the pipeline had before, so a new stage
 * cannot take over a removed stage's deals). Inputs that are not numbers at all come back as
 * issues; numbers out of range go to the API, whose answer names the field.
 */
export function stagesPayload(
  draft: readonly StageDraft[],
  storedIds: readonly string[],
  /** The name to store for what the input shows (a built-in name shown translated goes back as stored). */
  nameToStore: (draft: StageDraft) => string = (s) => s.name,
): { stages: (StageInput & { id: string })[]; issues: DraftIssue[] } {
  const issues: DraftIssue[] = [];
  const taken = new Set<string>([...storedIds, ...draft.flatMap((s) => (s.id ? [s.id] : []))]);
  const stages = draft.map((s) => {
    const id = s.id ?? stageKeyFor(s.name, taken);
    taken.add(id);
    const probabilityText = s.probability.trim();
    let probability: number | undefined;
    if (probabilityText === "") {
      // A new stage may leave it empty (the server spreads the open stages' probabilities); a stored one keeps a value.
      if (s.id) issues.push({ key: s.key, field: "probability", code: "probability" });
    } else if (Number.isNaN(Number(probabilityText))) {
      issues.push({ key: s.key, field: "probability", code: "probability" });
    } else {
      probability = Number(probabilityText);
    }
    const rottingText = s.rotting_days.trim();
    let rotting_days: number | null = null;
    if (rottingText !== "") {
      if (Number.isNaN(Number(rottingText))) issues.push({ key: s.key, field: "rotting_days", code: "rotting_days" });
      else rotting_days = Number(rottingText);
    }
    const stage: StageInput & { id: string } = { id, name: nameToStore(s), ...(probability === undefined ? {} : { probability }) };
    if (!isClosedStageId(id)) stage.rotting_days = rotting_days;
    return stage;
  });
  return { stages, issues };
}

/**
 * The API's field errors about the stage list, as issues of the draft that was sent: `stages.2.name`
 * is the third row's name, `stages.2.id` a key used twice, `stages.2` or `stages` the row or list.
 * Errors about other fields are left for the caller (`rest`).
 */
export function issuesFromProblem<E extends { field: string }>(
  sent: readonly StageDraft[],
  errors: readonly E[],
): { issues: DraftIssue[]; rest: E[] } {
  const issues: DraftIssue[] = [];
  const rest: E[] = [];
  for (const error of errors) {
    const match = /^stages(?:\.(\d+)(?:\.(\w+))?)?$/.exec(error.field ?? "");
    if (!match) {
      rest.push(error);
      continue;
    }
    const row = match[1] === undefined ? undefined : sent[Number(match[1])];
    const field = match[2];
    if (!row) issues.push({ key: null, field: null, code: "list" });
    else if (field === "name" || field === "probability" || field === "rotting_days") issues.push({ key: row.key, field, code: field });
    else if (field === "id") issues.push({ key: row.key, field: "name", code: "duplicate" });
    else issues.push({ key: row.key, field: null, code: "list" });
  }
  return { issues, rest };
}

/** Whether the draft differs from the stored stages (order, names, numbers, added or removed). */
export function draftChanged(draft: readonly StageDraft[], pipeline: Pick<Pipeline, "stages">, nameOf: NameOf = storedName): boolean {
  return JSON.stringify(draft.map(comparable)) !== JSON.stringify(draftFromPipeline(pipeline, nameOf).map(comparable));
}

const comparable = (s: StageDraft) => [s.id ?? null, s.name, s.probability.trim(), s.rotting_days.trim()];
