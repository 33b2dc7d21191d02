"use client";

import { ArrowRightLeft } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { usePipelineName } from "@/components/ui/use-domain";
import type { Deal } from "@/lib/deals/schema";
import { pipelineStageName } from "@/lib/i18n/domain";
import { findStage, firstOpenStage, LOST_STAGE } from "@/lib/pipelines/model";
import { usePipelines } from "@/lib/queries/use-pipelines";

/**
 * The deal's pipeline above the stage stepper, with "Move to another pipeline" when the
 * workspace has more than one. A workspace with one pipeline sees nothing here.
 */
export function PipelineLine({ deal, disabled, onMove }: { deal: Pick<Deal, "pipeline_id">; disabled?: boolean; onMove: () => void }) {
  const t = useTranslations("deal.pipeline");
  const nameOf = usePipelineName();
  const { data: pipelines } = usePipelines();
  if (!pipelines || pipelines.length < 2) return null;
  const current = pipelines.find((p) => p.id === deal.pipeline_id);
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
      <span>
        {t("label")} <span className="font-medium text-slate-800" data-testid="deal-pipeline">{nameOf(current)}</span>
      </span>
      <Button variant="ghost" size="sm" className="h-7 px-2 text-xs" disabled={disabled} onClick={onMove}>
        <ArrowRightLeft className="h-3.5 w-3.5" aria-hidden /> {t("move")}
      </Button>
    </div>
  );
}

/** Asks for the target pipeline and the stage the deal enters there (the API needs a stage of the new pipeline). */
export function MovePipelineDialog({
  deal,
  pending,
  onCancel,
  onConfirm,
}: {
  deal: Pick<Deal, "name" | "pipeline_id" | "stage">;
  pending?: boolean;
  onCancel: () => void;
  onConfirm: (pipelineId: string, stage: string) => void;
}) {
  const t = useTranslations("deal.pipeline");
  const tDomain = useTranslations("domain");
  const nameOf = usePipelineName();
  const { data: pipelines = [] } = usePipelines();
  const others = pipelines.filter((p) => p.id !== deal.pipeline_id);
  const [pipelineId, setPipelineId] = useState(others[0]?.id ?? "");
  const target = pipelines.find((p) => p.id === pipelineId);
  // The same stage when the other pipeline has it, else its first open stage; Lost is not offered (it needs a reason).
  const stages = target?.stages.filter((s) => s.id !== LOST_STAGE) ?? [];
  const [stage, setStage] = useState(() => (target ? (findStage(stages, deal.stage)?.id ?? firstOpenStage(target.stages).id) : ""));
  return (
    <Dialog open onOpenChange={(o) => !o && onCancel()}>
      <DialogContent title={t("title")} description={t("description", { name: deal.name })}>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (pipelineId && stage) onConfirm(pipelineId, stage);
          }}
        >
          <div className="space-y-1.5">
            <Label htmlFor="move-pipeline">{t("target")}</Label>
            <Select
              id="move-pipeline"
              value={pipelineId}
              onValueChange={(id) => {
                setPipelineId(id);
                const next = pipelines.find((p) => p.id === id);
                if (next) setStage(findStage(next.stages, deal.stage)?.id ?? firstOpenStage(next.stages).id);
              }}
              options={others.map((p) => ({ value: p.id, label: nameOf(p) }))}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="move-pipeline-stage">{t("stage")}</Label>
            <Select
              id="move-pipeline-stage"
              value={stage}
              onValueChange={setStage}
              options={stages.map((s) => ({ value: s.id, label: pipelineStageName(tDomain, target?.stages, s.id) }))}
            />
          </div>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onCancel}>
              {t("cancel")}
            </Button>
            <Button type="submit" loading={pending} disabled={!pipelineId || !stage}>
              {t("confirm")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
