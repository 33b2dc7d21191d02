"use client";

import { Check, ThumbsDown, Trophy } from "lucide-react";
import { OPEN_STAGES, type Stage, STAGES } from "@/lib/deals/stages";
import { cn } from "@/lib/utils";

/**
 * The pipeline as a row of steps: open stages left to right, then Won and Lost. The current
 * step is marked (aria-current); any other step moves the deal there (Lost asks why first).
 */
export function StageStepper({
  stage,
  disabled,
  onSelect,
}: {
  stage: Stage;
  disabled?: boolean;
  onSelect: (stage: Stage) => void;
}) {
  const openIndex = OPEN_STAGES.indexOf(stage);
  const closed = openIndex === -1;
  return (
    <div role="group" aria-label="Stage" className="flex w-full flex-wrap items-stretch gap-1 sm:flex-nowrap">
      <ol className="flex w-full min-w-0 items-stretch gap-1 sm:w-auto sm:flex-1">
        {OPEN_STAGES.map((s, i) => {
          const info = STAGES.find((x) => x.id === s)!;
          const current = s === stage;
          const done = !closed && i < openIndex;
          return (
            <li key={s} className="min-w-0 flex-1">
              <button
                type="button"
                disabled={disabled}
                aria-current={current ? "step" : undefined}
                title={current ? `${info.label} (current stage)` : `Move to ${info.label}`}
                onClick={() => !current && onSelect(s)}
                className={cn(
                  "flex h-8 w-full items-center justify-center gap-1 truncate px-2 text-xs font-medium sm:px-3 transition-colors first:rounded-l-md disabled:cursor-not-allowed disabled:opacity-60",
                  // The chevron clip would hide an outline: show focus as an inset ring instead.
                  "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset",
                  "[clip-path:polygon(0_0,calc(100%-8px)_0,100%_50%,calc(100%-8px)_100%,0_100%,8px_50%)] first:[clip-path:polygon(0_0,calc(100%-8px)_0,100%_50%,calc(100%-8px)_100%,0_100%)]",
                  current
                    ? "bg-accent text-white focus-visible:ring-white/80"
                    : done
                      ? "bg-indigo-100 text-indigo-700 hover:bg-indigo-200"
                      : closed
                        ? "bg-slate-100 text-slate-500 hover:bg-slate-200"
                        : "bg-slate-100 text-slate-600 hover:bg-slate-200",
                )}
              >
                {done ? <Check className="hidden h-3 w-3 shrink-0 sm:block" aria-hidden /> : null}
                <span className="truncate">{info.label}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <div className="flex w-full shrink-0 gap-1 sm:w-auto [&>button]:flex-1 sm:[&>button]:flex-none">
        <button
          type="button"
          disabled={disabled}
          aria-current={stage === "closed_won" ? "step" : undefined}
          title={stage === "closed_won" ? "Won (current stage)" : "Mark as won"}
          onClick={() => stage !== "closed_won" && onSelect("closed_won")}
          className={cn(
            "inline-flex h-8 items-center justify-center gap-1.5 rounded-md px-3 text-xs font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60",
            stage === "closed_won" ? "bg-green-600 text-white" : "border border-green-200 bg-surface text-green-700 hover:bg-green-50",
          )}
        >
          <Trophy className="h-3.5 w-3.5" aria-hidden />
          Won
        </button>
        <button
          type="button"
          disabled={disabled}
          aria-current={stage === "closed_lost" ? "step" : undefined}
          title={stage === "closed_lost" ? "Lost (current stage)" : "Mark as lost"}
          onClick={() => stage !== "closed_lost" && onSelect("closed_lost")}
          className={cn(
            "inline-flex h-8 items-center justify-center gap-1.5 rounded-md px-3 text-xs font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60",
            stage === "closed_lost" ? "bg-red-600 text-white" : "border border-red-200 bg-surface text-red-700 hover:bg-red-50",
          )}
        >
          <ThumbsDown className="h-3.5 w-3.5" aria-hidden />
          Lost
        </button>
      </div>
    </div>
  );
}
