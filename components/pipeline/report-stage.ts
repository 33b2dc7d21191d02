import { stageStyle, stageStyles } from "@/components/deals/board/stage-style";
import { type DomainTranslator, pipelineStageName } from "@/lib/i18n/domain";
import type { PipelineReport } from "@/lib/reports/schema";

/**
 * A stage of the report as the manager view shows it: its name as its pipeline calls it (the
 * report carries every pipeline's stage names) and its accent, placed as on the board.
 */
export function reportStage(report: PipelineReport, t: DomainTranslator, pipelineId: string | null, stage: string) {
  const pipeline = report.pipelines.find((p) => p.pipeline_id === pipelineId) ?? report.pipelines.find((p) => p.is_default) ?? report.pipelines[0];
  const stages = pipeline?.stages.map((s) => ({ id: s.stage, name: s.name })) ?? [];
  const index = stages.findIndex((s) => s.id === stage);
  return { name: pipelineStageName(t, stages, stage), style: index === -1 ? stageStyle(stage, 0) : stageStyles(stages)[index] };
}
