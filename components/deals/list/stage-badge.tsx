"use client";

import { useStageName } from "@/components/ui/use-domain";
import { cn } from "@/lib/utils";

const TONES: Record<string, string> = {
  lead: "bg-slate-100 text-slate-700 ring-slate-200",
  qualification: "bg-sky-50 text-sky-700 ring-sky-200",
  proposal: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  negotiation: "bg-violet-50 text-violet-700 ring-violet-200",
  closed_won: "bg-green-50 text-green-700 ring-green-200",
  closed_lost: "bg-red-50 text-red-700 ring-red-200",
};

const DOTS: Record<string, string> = {
  lead: "bg-slate-400",
  qualification: "bg-sky-500",
  proposal: "bg-indigo-500",
  negotiation: "bg-violet-500",
  closed_won: "bg-green-600",
  closed_lost: "bg-red-600",
};

export const stageDot = (stage: string): string => DOTS[stage] ?? "bg-slate-400";

/**
 * A stage's name in a coloured pill, as the deal's pipeline (`pipelineId`) calls it: the default
 * stages in the page's language, custom ones as named.
 */
export function StageBadge({ stage, pipelineId, className }: { stage: string; pipelineId?: string; className?: string }) {
  const name = useStageName(pipelineId)(stage);
  return (
    <span className={cn("inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", TONES[stage] ?? TONES.lead, className)}>
      <span className={cn("h-1.5 w-1.5 rounded-full", stageDot(stage))} aria-hidden />
      {name}
    </span>
  );
}
