import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AttentionList } from "@/components/pipeline/attention-list";
import { ClosedSummary } from "@/components/pipeline/closed-summary";
import { ForecastChart } from "@/components/pipeline/forecast-chart";
import { KpiCards } from "@/components/pipeline/kpi-cards";
import { OwnerTable } from "@/components/pipeline/owner-table";
import { PipelineHeader } from "@/components/pipeline/pipeline-header";
import { PipelineTabs } from "@/components/pipeline/pipeline-tabs";
import { StageTable } from "@/components/pipeline/stage-table";
import { ManagersOnly, PipelineEmpty } from "@/components/pipeline/states";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { canInWorkspace } from "@/lib/permissions";
import { listPipelines } from "@/lib/pipelines/service";
import { pipelineReport } from "@/lib/reports/pipeline";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pipeline");
  return { title: t("title") };
}

/**
 * The manager's view: the same report as GET /api/v1/crm/reports/pipeline, computed on the
 * server for this request. Reps get a friendly explanation instead.
 */
export default async function PipelinePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await requireCaller("/pipeline");
  if (!canInWorkspace(caller, "view_reports")) return <ManagersOnly />;

  const db = getDb();
  const pipelines = await listPipelines(db, caller);
  const requested = (await searchParams).pipeline;
  // Every pipeline together unless one of the workspace's is asked for (anything else reads as all).
  const chosen = typeof requested === "string" ? pipelines.find((p) => p.id === requested) : undefined;
  const report = await pipelineReport(db, caller, { pipelineId: chosen?.id });
  const empty = report.pipelines.every((p) => p.stages.every((s) => s.count === 0));
  return (
    <main className="mx-auto flex w-full max-w-7xl min-w-0 flex-1 flex-col gap-4 p-4 sm:p-6">
      <PipelineHeader tenantName={caller.tenantName} asOf={report.as_of} />
      <PipelineTabs pipelines={pipelines} chosen={chosen?.id ?? null} />
      {empty ? (
        <PipelineEmpty />
      ) : (
        <>
          <KpiCards report={report} />
          <div className="grid min-w-0 grid-cols-1 gap-4 lg:grid-cols-5">
            <div className="flex min-w-0 flex-col gap-4 lg:col-span-3">
              <ForecastChart report={report} />
              <ClosedSummary report={report} />
            </div>
            <div className="min-w-0 lg:col-span-2">
              <StageTable report={report} />
            </div>
          </div>
          <OwnerTable report={report} />
          <AttentionList report={report} />
        </>
      )}
    </main>
  );
}
