"use client";

import { AlertTriangle, Workflow } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { stageStyles } from "@/components/deals/board/stage-style";
import { usePipelineName, useStageName } from "@/components/ui/use-domain";
import type { Pipeline } from "@/lib/pipelines/model";
import { usePipelines } from "@/lib/queries/use-pipelines";
import { cn } from "@/lib/utils";
import { CreatePipelineForm } from "./create-pipeline-form";
import { PipelineEditor } from "./pipeline-editor";

/**
 * Settings → Pipelines: the list of the workspace's pipelines, and for managers a form to create
 * one and the editor of the chosen one; reps see every pipeline's stages read-only.
 */
export function PipelineSettings({ canManage }: { canManage: boolean }) {
  const t = useTranslations("pipelineSettings");
  const { data: pipelines, isPending, isError, refetch, isRefetching } = usePipelines();
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [editorDirty, setEditorDirty] = useState(false);
  const [askDiscardFor, setAskDiscardFor] = useState<string | null>(null);
  const nameOf = usePipelineName();

  if (isPending) {
    return (
      <div role="status" aria-live="polite" className="space-y-3">
        <span className="sr-only">{t("loading")}</span>
        <Skeleton className="h-28 w-full" />
        <Skeleton className="h-72 w-full" />
      </div>
    );
  }
  if (isError) {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <AlertTriangle className="h-4 w-4 shrink-0" aria-hidden />
        <span className="flex-1">{t("loadFailed")}</span>
        <Button variant="secondary" size="sm" loading={isRefetching} onClick={() => void refetch()}>
          {t("retry")}
        </Button>
      </div>
    );
  }
  if (pipelines.length === 0) {
    return (
      <div className="space-y-6">
        <div className="rounded-lg border border-dashed border-slate-300 bg-surface p-8 text-center">
          <Workflow className="mx-auto h-8 w-8 text-slate-400" aria-hidden />
          <p className="mt-2 text-sm font-medium">{t("empty")}</p>
          {canManage ? <p className="mt-1 text-sm text-muted">{t("emptyHint")}</p> : null}
        </div>
        {canManage ? <CreatePipelineForm onCreated={setChosenId} /> : null}
      </div>
    );
  }

  const chosen = pipelines.find((p) => p.id === chosenId) ?? pipelines.find((p) => p.is_default) ?? pipelines[0];
  // Another pipeline replaces the editor: unsaved changes are discarded only when the manager says so.
  const choose = (id: string) => {
    if (id === chosen.id) return;
    if (editorDirty) setAskDiscardFor(id);
    else setChosenId(id);
  };
  return (
    <div className="space-y-6">
      <PipelineList pipelines={pipelines} chosenId={canManage ? chosen.id : null} onChoose={choose} />
      {canManage ? (
        <>
          <CreatePipelineForm onCreated={choose} />
          <PipelineEditor key={chosen.id} pipeline={chosen} pipelines={pipelines} onDeleted={() => setChosenId(null)} onDirtyChange={setEditorDirty} />
          <AlertDialog open={askDiscardFor !== null} onOpenChange={(open) => (open ? undefined : setAskDiscardFor(null))}>
            <AlertDialogContent title={t("list.discardTitle", { name: nameOf(chosen) })} description={t("list.discardDescription")}>
              <AlertDialogCancel asChild>
                <Button variant="secondary">{t("list.keepEditing")}</Button>
              </AlertDialogCancel>
              <AlertDialogAction asChild>
                <Button
                  variant="danger"
                  onClick={() => {
                    setEditorDirty(false);
                    setChosenId(askDiscardFor);
                  }}
                >
                  {t("list.discardConfirm")}
                </Button>
              </AlertDialogAction>
            </AlertDialogContent>
          </AlertDialog>
        </>
      ) : (
        pipelines.map((p) => <ReadOnlyPipeline key={p.id} pipeline={p} />)
      )}
    </div>
  );
}

function PipelineList({ pipelines, chosenId, onChoose }: { pipelines: Pipeline[]; chosenId: string | null; onChoose: (id: string) => void }) {
  const t = useTranslations("pipelineSettings.list");
  const nameOf = usePipelineName();
  return (
    <section aria-labelledby="pipelines-heading" className="rounded-lg border border-slate-200 bg-surface">
      <h2 id="pipelines-heading" className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">
        {t("heading")}
      </h2>
      <ul className="divide-y divide-slate-100" data-testid="pipeline-list">
        {pipelines.map((p) => {
          const chosen = p.id === chosenId;
          return (
            <li key={p.id} className={cn("flex min-h-14 items-center gap-3 px-4 py-2", chosen && "bg-indigo-50/60")}>
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-medium break-words">{nameOf(p)}</span>
                  {p.is_default ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{t("default")}</span> : null}
                </p>
                <p className="text-xs text-slate-600">{t("stageCount", { count: p.stages.length })}</p>
              </div>
              {chosenId !== null ? (
                <Button
                  variant={chosen ? "ghost" : "secondary"}
                  size="sm"
                  className="h-11 sm:h-7"
                  aria-current={chosen ? "true" : undefined}
                  onClick={() => onChoose(p.id)}
                >
                  {chosen ? t("editing") : t("edit")}
                  <span className="sr-only">{` ${nameOf(p)}`}</span>
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function ReadOnlyPipeline({ pipeline }: { pipeline: Pipeline }) {
  const nameOf = usePipelineName();
  const stageName = useStageName(pipeline.id);
  const t = useTranslations("pipelineSettings");
  const headingId = `pipeline-${pipeline.id}-heading`;
  const styles = stageStyles(pipeline.stages);
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-surface">
      <h2 id={headingId} className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-3 text-sm font-semibold">
        <span className="break-words">{nameOf(pipeline)}</span>
        {pipeline.is_default ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{t("list.default")}</span> : null}
      </h2>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-muted">
            <th scope="col" className="px-4 py-2 font-medium">
              {t("editor.columnStage")}
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              {t("editor.columnProbability")}
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              {t("editor.columnRotting")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {pipeline.stages.map((s, i) => (
            <tr key={s.id}>
              <td className="px-4 py-2">
                <span className="flex items-center gap-2">
                  <span aria-hidden className={cn("h-2 w-2 shrink-0 rounded-full", styles[i].dot)} />
                  <span className="break-words">{stageName(s.id)}</span>
                </span>
              </td>
              <td className="px-2 py-2 text-right tabular-nums">{t("editor.percentValue", { value: s.probability })}</td>
              <td className="px-4 py-2 text-right text-muted tabular-nums">
                {s.rotting_days === null ? t("editor.rottingPlaceholder") : t("editor.daysValue", { count: s.rotting_days })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
