"use client";

import { Check, ThumbsDown, Trophy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useStageName } from "@/components/ui/use-domain";
import type { Stage } from "@/lib/deals/stages";
import { DEFAULT_PIPELINE_STAGES, LOST_STAGE, openStages, type PipelineStage, WON_STAGE } from "@/lib/pipelines/model";
import { cn } from "@/lib/utils";

const WON: Stage = WON_STAGE;
const LOST: Stage = LOST_STAGE;

/**
 * The deal's pipeline as a row of steps: its open stages left to right, then Won and Lost. The
 * current step is marked (aria-current); any other step moves the deal there (Lost asks why first).
 */
export function StageStepper({
  pipelineId,
  stages = DEFAULT_PIPELINE_STAGES,
  stage,
  disabled,
  onSelect,
}: {
  /** The deal's pipeline, for its stages' names. */
  pipelineId?: string;
  stages?: readonly PipelineStage[];
  stage: Stage;
  disabled?: boolean;
  onSelect: (stage: Stage) => void;
}) {
  const t = useTranslations("deal.stepper");
  const stageName = useStageName(pipelineId);
  const OPEN_STAGES = openStages(stages).map((s) => s.id);
  const openIndex = OPEN_STAGES.indexOf(stage);
  const closed = openIndex === -1;
  const won = stageName(WON);
  const lost = stageName(LOST);
  return (
    <div role="group" aria-label={t("label")} className="flex w-full flex-wrap items-stretch gap-1 sm:flex-nowrap">
      <ol className="flex w-full min-w-0 items-stretch gap-1 sm:w-auto sm:flex-1">
        {OPEN_STAGES.map((s, i) => {
          const label = stageName(s);
          const current = s === stage;
          const done = !closed && i < openIndex;
          return (
            <li key={s} className="min-w-0 flex-1">
              <button
                type="button"
                disabled={disabled}
                aria-current={current ? "step" : undefined}
                title={current ? t("current", { stage: label }) : t("moveTo", { stage: label })}
                onClick={() => !current && onSelect(s)}
                className={cn(
                  "flex h-8 w-full items-center justify-center gap-1 truncate px-2 text-xs font-medium sm:px-3 transition-colors first:rounded-l-md disabled:cursor-not-allowed disabled:opacity-60",
                  // The chevron clip would hide an outline: show focus as a thick inset ring instead,
                  // white with a dark edge on the current (accent-filled) step so it reads on any fill.
                  "focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring focus-visible:ring-inset",
                  "[clip-path:polygon(0_0,calc(100%-8px)_0,100%_50%,calc(100%-8px)_100%,0_100%,8px_50%)] first:[clip-path:polygon(0_0,calc(100%-8px)_0,100%_50%,calc(100%-8px)_100%,0_100%)]",
                  current
                    ? "bg-accent text-white focus-visible:bg-indigo-800 focus-visible:ring-white focus-visible:underline focus-visible:underline-offset-2"
                    : done
                      ? "bg-indigo-100 text-indigo-700 hover:bg-indigo-200"
                      : closed
                        ? "bg-slate-100 text-slate-500 hover:bg-slate-200"
                        : "bg-slate-100 text-slate-600 hover:bg-slate-200",
                )}
              >
                {done ? <Check className="hidden h-3 w-3 shrink-0 sm:block" aria-hidden /> : null}
                <span className="truncate">{label}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <div className="flex w-full shrink-0 gap-1 sm:w-auto [&>button]:flex-1 sm:[&>button]:flex-none">
        <button
          type="button"
          disabled={disabled}
          aria-current={stage === WON ? "step" : undefined}
          title={stage === WON ? t("current", { stage: won }) : t("markWon")}
          onClick={() => stage !== WON && onSelect(WON)}
          className={cn(
            "inline-flex h-8 items-center justify-center gap-1.5 rounded-md px-3 text-xs font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-60",
            stage === WON ? "bg-green-600 text-white" : "border border-green-200 bg-surface text-green-700 hover:bg-green-50",
          )}
        >
          <Trophy className="h-3.5 w-3.5" aria-hidden />
          {won}
        </button>
        <button
          type="button"
          disabled={disabled}
          aria-current={stage === LOST ? "step" : undefined}
          title={stage === LOST ? t("current", { stage: lost }) : t("markLost")}
          onClick={() => stage !== LOST && onSelect(LOST)}
          className={cn(
            "inline-flex h-8 items-center justify-center gap-1.5 rounded-md px-3 text-xs font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-60",
            stage === LOST ? "bg-red-600 text-white" : "border border-red-200 bg-surface text-red-700 hover:bg-red-50",
          )}
        >
          <ThumbsDown className="h-3.5 w-3.5" aria-hidden />
          {lost}
        </button>
      </div>
    </div>
  );
}
