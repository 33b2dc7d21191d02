import { isClosedStageId, LOST_STAGE, WON_STAGE } from "@/lib/pipelines/model";

interface StageStyle {
  dot: string;
  bar: string;
  quiet: boolean;
}

/** Accents for open stages by their place in the pipeline (the default pipeline's four, then more). */
const OPEN_STYLES: readonly StageStyle[] = [
  { dot: "bg-slate-400", bar: "bg-slate-300", quiet: false },
  { dot: "bg-sky-500", bar: "bg-sky-400", quiet: false },
  { dot: "bg-indigo-500", bar: "bg-indigo-400", quiet: false },
  { dot: "bg-violet-500", bar: "bg-violet-400", quiet: false },
  { dot: "bg-cyan-500", bar: "bg-cyan-400", quiet: false },
  { dot: "bg-teal-500", bar: "bg-teal-400", quiet: false },
  { dot: "bg-fuchsia-500", bar: "bg-fuchsia-400", quiet: false },
  { dot: "bg-amber-500", bar: "bg-amber-400", quiet: false },
];

const CLOSED_STYLES: Record<string, StageStyle> = {
  [WON_STAGE]: { dot: "bg-won", bar: "bg-green-500", quiet: true },
  [LOST_STAGE]: { dot: "bg-lost", bar: "bg-red-400", quiet: true },
};

/**
 * A stage's accent on the board: a dot in the header and a bar, by the stage's place among its
 * pipeline's open stages (`index`); Won and Lost are always green and red, and visually quieter.
 */
export function stageStyle(stage: string, index: number): StageStyle {
  if (isClosedStageId(stage)) return CLOSED_STYLES[stage];
  return OPEN_STYLES[Math.max(0, index) % OPEN_STYLES.length];
}

/** Each stage's accent, in order: `stageStyle` with every open stage's place counted once. */
export function stageStyles(stages: readonly { id?: string }[]): StageStyle[] {
  let open = -1;
  return stages.map((s) => {
    const id = s.id ?? "";
    if (!isClosedStageId(id)) open += 1;
    return stageStyle(id, open);
  });
}
