import type { Stage } from "@/lib/deals/stages";

/** Per-stage accents for the board: a dot in the header; closed stages are visually quieter. */
export const STAGE_STYLE: Record<Stage, { dot: string; bar: string; quiet: boolean }> = {
  lead: { dot: "bg-slate-400", bar: "bg-slate-300", quiet: false },
  qualification: { dot: "bg-sky-500", bar: "bg-sky-400", quiet: false },
  proposal: { dot: "bg-indigo-500", bar: "bg-indigo-400", quiet: false },
  negotiation: { dot: "bg-violet-500", bar: "bg-violet-400", quiet: false },
  closed_won: { dot: "bg-won", bar: "bg-green-500", quiet: true },
  closed_lost: { dot: "bg-lost", bar: "bg-red-400", quiet: true },
};
