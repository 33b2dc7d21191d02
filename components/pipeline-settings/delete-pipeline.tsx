"use client";

import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/input";
import { usePipelineName } from "@/components/ui/use-domain";
import { ApiError } from "@/lib/api-client";
import { pipelineStageName } from "@/lib/i18n/domain";
import { openStages, type Pipeline } from "@/lib/pipelines/model";
import { useDeletePipeline } from "@/lib/queries/use-pipelines";

/**
 * Deleting a pipeline other than the default: confirm, then DELETE; when it still holds deals
 * (409 `pipeline_has_deals`), ask "Move its N deals to…" a pipeline and one of its open stages,
 * and delete with `move_deals_to`. The default pipeline says why it cannot be deleted.
 */
export function DeletePipeline({
  pipeline,
  pipelines,
  onDeleted,
  onConflict,
}: {
  pipeline: Pipeline;
  pipelines: Pipeline[];
  onDeleted: () => void;
  onConflict: () => void;
}) {
  const t = useTranslations("pipelineSettings");
  const tDomain = useTranslations("domain");
  const nameOf = usePipelineName();
  const remove = useDeletePipeline();
  const [open, setOpen] = useState(false);
  const [holding, setHolding] = useState<number | null>(null);
  const others = pipelines.filter((p) => p.id !== pipeline.id);
  const [targetId, setTargetId] = useState<string>("");
  const target = others.find((p) => p.id === targetId) ?? others.find((p) => p.is_default) ?? others[0];
  const [stageId, setStageId] = useState<string>("");
  const targetStages = target ? openStages(target.stages) : [];
  const stage = targetStages.find((s) => s.id === stageId) ?? targetStages[0];
  const name = nameOf(pipeline);

  if (pipeline.is_default) {
    return (
      <Button variant="ghost" size="sm" className="h-11 sm:h-7" disabled title={t("editor.defaultNotDeletable")} aria-describedby="default-not-deletable">
        <Trash2 className="h-3.5 w-3.5" aria-hidden />
        {t("editor.delete")}
        <span id="default-not-deletable" className="sr-only">
          {t("editor.defaultNotDeletable")}
        </span>
      </Button>
    );
  }

  function run(withMove: boolean) {
    remove.mutate(
      { id: pipeline.id, version: pipeline.version, body: withMove && target && stage ? { move_deals_to: { pipeline_id: target.id, stage: stage.id } } : undefined },
      {
        onSuccess: () => {
          setOpen(false);
          toast.success(t("delete.deleted", { name }));
          onDeleted();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === "pipeline_has_deals") return setHolding(Number(error.body.count) || 0);
          setOpen(false);
          if (error instanceof ApiError && error.code === "version_conflict") return onConflict();
          toast.error(t("delete.failed"));
        },
      },
    );
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setHolding(null);
      }}
    >
      <Button variant="ghost" size="sm" className="h-11 text-red-700 hover:bg-red-50 sm:h-7" onClick={() => setOpen(true)}>
        <Trash2 className="h-3.5 w-3.5" aria-hidden />
        {t("editor.delete")}
      </Button>
      {holding === null ? (
        <AlertDialogContent title={t("delete.title", { name })} description={t("delete.description")}>
          <AlertDialogCancel asChild>
            <Button variant="secondary">{t("delete.cancel")}</Button>
          </AlertDialogCancel>
          <Button variant="danger" loading={remove.isPending} onClick={() => run(false)}>
            {t("delete.confirm")}
          </Button>
        </AlertDialogContent>
      ) : (
        <AlertDialogContent title={t("delete.moveTitle", { name })} description={t("delete.moveDescription", { count: holding })} className="max-w-md">
          <div className="w-full space-y-3 self-stretch">
            <div className="space-y-1.5">
              <Label htmlFor="move-to-pipeline">{t("delete.pipelineLabel")}</Label>
              <select
                id="move-to-pipeline"
                value={target?.id ?? ""}
                onChange={(e) => {
                  setTargetId(e.target.value);
                  setStageId("");
                }}
                className="h-11 w-full rounded-md border border-slate-300 bg-surface px-3 text-sm sm:h-9"
              >
                {others.map((p) => (
                  <option key={p.id} value={p.id}>
                    {nameOf(p)}
                  </option>
                ))}
              </select>
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="move-to-stage">{t("delete.stageLabel")}</Label>
              <select
                id="move-to-stage"
                value={stage?.id ?? ""}
                onChange={(e) => setStageId(e.target.value)}
                className="h-11 w-full rounded-md border border-slate-300 bg-surface px-3 text-sm sm:h-9"
              >
                {targetStages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {pipelineStageName(tDomain, target?.stages, s.id)}
                  </option>
                ))}
              </select>
            </div>
            <div className="flex justify-end gap-2 pt-2">
              <AlertDialogCancel asChild>
                <Button variant="secondary">{t("delete.cancel")}</Button>
              </AlertDialogCancel>
              <Button variant="danger" loading={remove.isPending} disabled={!target || !stage} onClick={() => run(true)}>
                {t("delete.moveConfirm")}
              </Button>
            </div>
          </div>
        </AlertDialogContent>
      )}
    </AlertDialog>
  );
}
