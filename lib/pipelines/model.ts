/**
 * A pipeline as every part of the app sees it, and the pure rules about its stages: which stage
 * a deal may be in, what probability a move gives it, when it rots, what a valid stage list is.
 * No database and no server imports: the board, the forms and the settings page use it too.
 */

export const STAGE_KINDS = ["open", "won", "lost"] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** The ids every pipeline's closing stages have, so closing rules, win rates and reports are universal. */
export const WON_STAGE = "closed_won";
export const LOST_STAGE = "closed_lost";

/** A stable stage key: lowercase letters, digits and underscores. */
export const STAGE_KEY_PATTERN = /^[a-z0-9_]{1,40}$/;

export const MAX_STAGES = 30;
export const MAX_ROTTING_DAYS = 3650;

export interface PipelineStage {
  id: string;
  name: string;
  kind: StageKind;
  probability: number;
  rotting_days: number | null;
  position: number;
}

export interface Pipeline {
  id: string;
  name: string;
  is_default: boolean;
  position: number;
  stages: PipelineStage[];
  created_at: string;
  updated_at: string;
  version: number;
}

/**
 * The reference's six stages: the default pipeline of every workspace starts with them. Open
 * stages rot after 30 days, as every open deal did before stages had their own rotting days.
 */
export const DEFAULT_PIPELINE_STAGES: readonly PipelineStage[] = [
  { id: "lead", name: "Lead", kind: "open", probability: 10, rotting_days: 30, position: 1 },
  { id: "qualification", name: "Qualification", kind: "open", probability: 20, rotting_days: 30, position: 2 },
  { id: "proposal", name: "Proposal", kind: "open", probability: 50, rotting_days: 30, position: 3 },
  { id: "negotiation", name: "Negotiation", kind: "open", probability: 80, rotting_days: 30, position: 4 },
  { id: WON_STAGE, name: "Won", kind: "won", probability: 100, rotting_days: null, position: 5 },
  { id: LOST_STAGE, name: "Lost", kind: "lost", probability: 0, rotting_days: null, position: 6 },
];

/** The default pipeline's name as created; shown translated until a manager renames it. */
export const DEFAULT_PIPELINE_NAME = "Sales pipeline";

export const kindOfStageId = (id: string): StageKind => (id === WON_STAGE ? "won" : id === LOST_STAGE ? "lost" : "open");
export const isClosedStageId = (id: string): boolean => id === WON_STAGE || id === LOST_STAGE;

/** The stages a rule needs: id and probability, in board order. */
export type StageRules = readonly Pick<PipelineStage, "id" | "probability">[];

export function findStage<S extends { id: string }>(stages: readonly S[], id: string): S | undefined {
  return stages.find((s) => s.id === id);
}

/** The first open stage: where a deal created without a stage starts. */
export function firstOpenStage<S extends { id: string }>(stages: readonly S[]): S {
  return stages.find((s) => !isClosedStageId(s.id)) ?? stages[0];
}

export const openStages = <S extends { id: string }>(stages: readonly S[]): S[] => stages.filter((s) => !isClosedStageId(s.id));

/**
 * When a deal in `stage` counts as rotting: `stage_entered_at` more than the stage's
 * `rotting_days` ago. Closed stages and stages without rotting days never rot.
 */
export function rottingSince(stage: Pick<PipelineStage, "id" | "rotting_days"> | undefined, enteredAt: string, now: Date): number | null {
  if (!stage || stage.rotting_days === null || isClosedStageId(stage.id)) return null;
  const days = Math.floor((now.getTime() - new Date(enteredAt).getTime()) / 86_400_000);
  return days > stage.rotting_days ? days : null;
}

/** A stage as a client sends it: only the name is required. */
export interface StageInput {
  id?: string;
  name: string;
  kind?: StageKind;
  probability?: number;
  rotting_days?: number | null;
}

export interface StageListIssue {
  /** Path below `stages`, e.g. `2.id` or `` for the list itself. */
  path: string;
  message: string;
}

/** A key for a stage named `name`: its ASCII letters and digits, else `stage`; made unique among `taken`. */
export function stageKeyFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 32) || "stage";
  const reserved = (key: string) => taken.has(key) || isClosedStageId(key);
  if (!reserved(base)) return base;
  for (let n = 2; ; n++) if (!reserved(`${base}_${n}`)) return `${base}_${n}`;
}

/**
 * A client's stage list as stored: keys given or derived from names, kinds from the keys, the
 * closing stages appended when left out (Won 100 %, Lost 0 %), open stages without a probability
 * spread evenly between 0 and 100, positions 1…n. Returns the issues instead when the list is
 * not a pipeline: no open stage, duplicate keys, a kind that contradicts its key, closing stages
 * not at the end, rotting days on a closing stage.
 */
export function normalizeStages(input: readonly StageInput[]): { stages: PipelineStage[] } | { issues: StageListIssue[] } {
  const issues: StageListIssue[] = [];
  const given = new Set(input.map((s) => s.id).filter((id): id is string => !!id));
  const taken = new Set<string>(given);
  const keyed = input.map((s, i) => {
    const id = s.id ?? stageKeyFor(s.name, taken);
    taken.add(id);
    const kind = kindOfStageId(id);
    if (s.kind !== undefined && s.kind !== kind) {
      issues.push({
        path: `${i}.kind`,
        message: kind === "open" ? `Only the stage with id "${WON_STAGE}" is won and only "${LOST_STAGE}" is lost.` : `The stage "${id}" is ${kind}.`,
      });
    }
    if (kind !== "open" && s.rotting_days != null) issues.push({ path: `${i}.rotting_days`, message: "A closing stage does not rot." });
    return { ...s, id, kind };
  });
  const seen = new Set<string>();
  keyed.forEach((s, i) => {
    if (seen.has(s.id)) issues.push({ path: `${i}.id`, message: `The id "${s.id}" is used twice.` });
    seen.add(s.id);
  });
  const open = keyed.filter((s) => s.kind === "open");
  if (open.length === 0) issues.push({ path: "", message: "A pipeline needs at least one open stage." });
  // The closing stages, if given, come after every open stage.
  const firstClosed = keyed.findIndex((s) => s.kind !== "open");
  if (firstClosed !== -1 && keyed.slice(firstClosed).some((s) => s.kind === "open")) {
    issues.push({ path: `${firstClosed}`, message: `"${WON_STAGE}" and "${LOST_STAGE}" come after every open stage.` });
  }
  const won = keyed.find((s) => s.kind === "won") ?? { ...DEFAULT_PIPELINE_STAGES[4], probability: undefined };
  const lost = keyed.find((s) => s.kind === "lost") ?? { ...DEFAULT_PIPELINE_STAGES[5], probability: undefined };
  const ordered = [...open, won, lost];
  if (ordered.length > MAX_STAGES) issues.push({ path: "", message: `A pipeline has at most ${MAX_STAGES} stages.` });
  if (issues.length) return { issues };
  const stages = ordered.map((s, i): PipelineStage => {
    const openIndex = open.indexOf(s as (typeof open)[number]);
    const spread = Math.round(((openIndex + 1) * 100) / (open.length + 1));
    const fallback = s.kind === "won" ? 100 : s.kind === "lost" ? 0 : spread;
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      probability: s.probability ?? fallback,
      rotting_days: s.kind === "open" ? (s.rotting_days ?? null) : null,
      position: i + 1,
    };
  });
  return { stages };
}
