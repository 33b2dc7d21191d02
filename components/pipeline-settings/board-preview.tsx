"use client";

import { useTranslations } from "next-intl";
import { stageStyles } from "@/components/deals/board/stage-style";
import type { StageDraft } from "@/lib/pipelines/draft";
import { cn } from "@/lib/utils";

/**
 * The board's columns as the stage list being edited would make them: each stage's accent dot
 * (by its place among the open stages, as on the board), its name and probability, in order; Won
 * and Lost quieter at the end. It follows every keystroke and move, before anything is saved.
 */
export function BoardPreview({ stages }: { stages: readonly StageDraft[] }) {
  const t = useTranslations("pipelineSettings");
  const styles = stageStyles(stages);
  return (
    <section aria-labelledby="board-preview-heading" className="space-y-2">
      <div>
        <h3 id="board-preview-heading" className="text-xs font-semibold tracking-wide text-muted uppercase">
          {t("preview.heading")}
        </h3>
        <p className="text-xs text-muted">{t("preview.hint")}</p>
      </div>
      <div className="overflow-x-auto rounded-md bg-slate-50 p-2" tabIndex={0} role="group" aria-labelledby="board-preview-heading">
        <ol className="flex gap-2" data-testid="board-preview">
          {stages.map((stage, i) => {
            const style = styles[i];
            return (
              <li
                key={stage.key}
                data-preview-stage={stage.id ?? ""}
                className={cn("min-w-0 shrink-0 grow basis-20 rounded-md border border-slate-200 bg-surface p-2", style.quiet && "bg-slate-50")}
              >
                <span className={cn("mb-2 block h-1 rounded-full", style.bar)} aria-hidden />
                <span className="flex items-center gap-1.5">
                  <span aria-hidden className={cn("h-2 w-2 shrink-0 rounded-full", style.dot)} />
                  <span className={cn("min-w-0 truncate text-xs font-medium", style.quiet && "text-slate-600")} data-preview-name title={stage.name.trim() || undefined}>
                    {stage.name.trim() || "—"}
                  </span>
                </span>
                <span className="mt-1 block text-[11px] text-muted tabular-nums">
                  {stage.probability.trim() === "" ? "—" : t("editor.percentValue", { value: stage.probability.trim() })}
                </span>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}
