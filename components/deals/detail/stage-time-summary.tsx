"use client";

import { useTranslations } from "next-intl";
import { Skeleton } from "@/components/ui/skeleton";
import { useStageName } from "@/components/ui/use-domain";
import { usePipeline } from "@/lib/queries/use-pipelines";
import type { Translate } from "@/lib/deals/fields";
import type { Deal } from "@/lib/deals/schema";
import { formatDuration, timeInStages } from "@/lib/deals/timeline-format";
import { cn } from "@/lib/utils";
import { stageDot } from "../list/stage-badge";
import { useNow } from "./use-now";

/** "Time in each stage": a proportional bar and per-stage totals, from the deal's audit log. */
export function StageTimeSummary({ deal }: { deal: Pick<Deal, "stage" | "pipeline_id" | "created_at" | "stage_entered_at" | "audit_log"> }) {
  const now = useNow();
  const t = useTranslations("deal.stageTime");
  const tr = useTranslations() as unknown as Translate;
  const tStage = useStageName(deal.pipeline_id);
  const pipeline = usePipeline(deal.pipeline_id);
  if (now === null) return <Skeleton className="h-14 w-full" />;
  const rows = timeInStages(deal, new Date(now), pipeline?.stages.map((s) => s.id));
  const total = rows.reduce((sum, r) => sum + r.ms, 0) || 1;
  return (
    <section aria-labelledby="stage-time-title">
      <h2 id="stage-time-title" className="text-[11px] font-semibold tracking-wide text-muted uppercase">
        {t("title")}
      </h2>
      <div className="mt-2 flex h-1.5 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden>
        {rows.map((r) => (
          <div key={r.stage} className={cn("h-full", stageDot(r.stage), !r.current && "opacity-60")} style={{ width: `${Math.max((r.ms / total) * 100, 1.5)}%` }} />
        ))}
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs">
        {rows.map((r) => (
          <li key={r.stage} className="flex items-center gap-1.5" data-testid={`stage-time-${r.stage}`}>
            <span className={cn("h-2 w-2 rounded-full", stageDot(r.stage))} aria-hidden />
            <span className={cn("text-slate-600", r.current && "font-medium text-slate-900")}>{tStage(r.stage)}</span>
            <span className="tabular text-slate-900">{formatDuration(r.ms, tr)}</span>
            {r.visits > 1 ? <span className="text-muted">{t("visits", { count: r.visits })}</span> : null}
            {r.current ? <span className="rounded bg-slate-100 px-1 text-[10px] text-slate-600">{t("now")}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
