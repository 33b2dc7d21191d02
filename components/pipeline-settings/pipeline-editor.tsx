"use client";

import { useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { FieldError, Input, Label } from "@/components/ui/input";
import { usePipelineName } from "@/components/ui/use-domain";
import { useWarnBeforeLeaving } from "@/components/ui/use-warn-before-leaving";
import { ApiError } from "@/lib/api-client";
import { domainName, pipelineStageName } from "@/lib/i18n/domain";
import {
  addStage,
  type DraftIssue,
  draftChanged,
  draftFromPipeline,
  issuesFromProblem,
  moveStage,
  removeStage,
  type StageDraft,
  stagesPayload,
  updateStage,
} from "@/lib/pipelines/draft";
import { DEFAULT_PIPELINE_NAME, DEFAULT_PIPELINE_STAGES, MAX_STAGES, type Pipeline, type PipelineStage } from "@/lib/pipelines/model";
import type { PipelineUpdateInput } from "@/lib/pipelines/schema";
import { pipelineKeys } from "@/lib/queries/keys";
import { pipelinesQuery } from "@/lib/queries/pipelines";
import { useUpdatePipeline } from "@/lib/queries/use-pipelines";
import { BoardPreview } from "./board-preview";
import { DeletePipeline } from "./delete-pipeline";
import { StageList } from "./stage-list";

type SentStages = NonNullable<PipelineUpdateInput["stages"]>;

/**
 * One pipeline's editor: its name and whole stage list, saved together with If-Match on the
 * version the edit started from. Someone else's save in between is shown (reload), never
 * overwritten; stages removed while they hold deals ask where those deals go and save again.
 * Built-in names (the default pipeline's, the six default stages') show in the page's language
 * and are stored unchanged unless the manager renames them.
 */
export function PipelineEditor({
  pipeline,
  pipelines,
  onDeleted,
  onDirtyChange,
}: {
  pipeline: Pipeline;
  pipelines: Pipeline[];
  onDeleted: () => void;
  /** Told whether there are unsaved changes, so choosing another pipeline can ask first. */
  onDirtyChange: (dirty: boolean) => void;
}) {
  const t = useTranslations("pipelineSettings");
  const tDomain = useTranslations("domain");
  const pipelineName = usePipelineName();
  const client = useQueryClient();
  const save = useUpdatePipeline();
  const makeDefault = useUpdatePipeline();

  const shownStageName = useCallback((s: PipelineStage) => pipelineStageName(tDomain, [s], s.id), [tDomain]);
  const storedStageName = (s: StageDraft) => {
    const builtIn = DEFAULT_PIPELINE_STAGES.find((b) => b.id === s.id);
    return builtIn && s.name.trim() === domainName(tDomain, "stage", builtIn.id) ? builtIn.name : s.name;
  };

  const [base, setBase] = useState(pipeline);
  const [name, setName] = useState(() => pipelineName(pipeline));
  const [draft, setDraft] = useState(() => draftFromPipeline(pipeline, shownStageName));
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [nameError, setNameError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [moving, setMoving] = useState<{ counts: Record<string, number>; stages: SentStages } | null>(null);
  const newKeys = useRef(0);

  const storedPipelineName = (typed: string) => (base.name === DEFAULT_PIPELINE_NAME && typed.trim() === pipelineName(base) ? DEFAULT_PIPELINE_NAME : typed);
  const dirty = storedPipelineName(name) !== base.name || draftChanged(draft, base, shownStageName);
  useWarnBeforeLeaving(dirty, () => dirty);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);

  const reset = (to: Pipeline) => {
    setBase(to);
    setName(pipelineName(to));
    setDraft(draftFromPipeline(to, shownStageName));
    setIssues([]);
    setNameError(null);
    setFormError(null);
    setConflict(false);
    setMoving(null);
  };

  // Someone else saved while nothing was edited here: show theirs.
  if (pipeline.version > base.version && !dirty && !conflict) reset(pipeline);

  function submit(moveDealsTo?: Record<string, string>) {
    setFormError(null);
    setNameError(null);
    const { stages, issues: found } = stagesPayload(
      draft,
      base.stages.map((s) => s.id),
      storedStageName,
    );
    setIssues(found);
    if (found.length) return setFormError(t("errors.fixBelow"));
    const storedName = storedPipelineName(name);
    const body: PipelineUpdateInput = { stages, ...(storedName !== base.name ? { name: storedName } : {}), ...(moveDealsTo ? { move_deals_to: moveDealsTo } : {}) };
    const sent = draft;
    save.mutate(
      { id: base.id, version: base.version, body },
      {
        onSuccess: (saved) => {
          reset(saved);
          toast.success(t("editor.saved"));
        },
        onError: (error) => {
          if (!(error instanceof ApiError)) return setFormError(t("editor.saveFailed"));
          if (error.code === "version_conflict") {
            setMoving(null);
            return setConflict(true);
          }
          if (error.code === "stage_has_deals" && error.body.counts && typeof error.body.counts === "object") {
            return setMoving({ counts: error.body.counts as Record<string, number>, stages });
          }
          setMoving(null);
          if (error.errors.length === 0) return setFormError(t("editor.saveFailed"));
          const { issues: fromApi, rest } = issuesFromProblem(sent, error.errors);
          setIssues(fromApi);
          if (rest.some((e) => e.field === "name")) setNameError(t("errors.pipelineName"));
          setFormError(t("errors.fixBelow"));
        },
      },
    );
  }

  async function reload() {
    await client.invalidateQueries({ queryKey: pipelineKeys.all });
    const fresh = client.getQueryData(pipelinesQuery().queryKey)?.find((p) => p.id === base.id);
    if (fresh) reset(fresh);
    else onDeleted();
  }

  function onMakeDefault() {
    makeDefault.mutate(
      { id: base.id, version: base.version, body: { is_default: true } },
      {
        onSuccess: (saved) => {
          // The stages did not change: an edit in progress stays, now against the new version.
          setBase(saved);
          toast.success(t("editor.madeDefault", { name: pipelineName(saved) }));
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === "version_conflict") setConflict(true);
          else toast.error(t("editor.saveFailed"));
        },
      },
    );
  }

  function onAddStage() {
    const key = `new-${++newKeys.current}`;
    setDraft((d) => addStage(d, key, ""));
    requestAnimationFrame(() => document.getElementById(`stage-${key}-name`)?.focus());
  }

  const clearIssue = (key: string, field: string) => setIssues((list) => list.filter((i) => !(i.key === key && (i.field === field || i.field === null))));
  const shownName = pipelineName(base);

  return (
    <section aria-labelledby="pipeline-editor-heading" className="rounded-lg border border-slate-200 bg-surface" data-testid="pipeline-editor">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id="pipeline-editor-heading" className="min-w-0 text-sm font-semibold break-words">
          {t("editor.heading", { name: shownName })}
        </h2>
        <div className="flex flex-wrap gap-2">
          {base.is_default ? null : (
            <Button variant="secondary" size="sm" className="h-11 sm:h-7" loading={makeDefault.isPending} onClick={onMakeDefault}>
              {t("editor.makeDefault")}
            </Button>
          )}
          <DeletePipeline pipeline={base} pipelines={pipelines} onDeleted={onDeleted} onConflict={() => setConflict(true)} />
        </div>
      </div>
      <div className="space-y-5 p-4">
        {base.is_default ? <p className="text-xs text-muted">{t("editor.isDefault")}</p> : null}
        {conflict ? (
          <div role="alert" className="flex flex-wrap items-start gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <div className="min-w-0 flex-1">
              <p className="font-medium">{t("editor.conflictTitle")}</p>
              <p>{t("editor.conflictBody")}</p>
            </div>
            <Button variant="secondary" size="sm" className="h-11 sm:h-7" onClick={() => void reload()}>
              {t("editor.reload")}
            </Button>
          </div>
        ) : null}
        <form
          className="space-y-5"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <div className="max-w-md space-y-1.5">
            <Label htmlFor="pipeline-name">{t("editor.nameLabel")}</Label>
            <Input
              id="pipeline-name"
              value={name}
              maxLength={80}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? "pipeline-name-error" : undefined}
              onChange={(e) => {
                setName(e.target.value);
                setNameError(null);
              }}
            />
            <FieldError id="pipeline-name-error" message={nameError ?? undefined} />
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-semibold">{t("editor.stagesHeading")}</legend>
            <p className="text-xs text-muted">{t("editor.stagesHint")}</p>
            <StageList
              draft={draft}
              issues={issues}
              onMove={(key, to) => setDraft((d) => moveStage(d, key, to))}
              onChange={(key, patch) => {
                setDraft((d) => updateStage(d, key, patch));
                for (const field of Object.keys(patch)) clearIssue(key, field);
              }}
              onRemove={(key) => setDraft((d) => removeStage(d, key))}
            />
            {issues.some((i) => i.key === null) ? <FieldError message={t("errors.list")} /> : null}
            <div className="flex flex-wrap items-center gap-3 pt-1">
              <Button type="button" variant="secondary" size="sm" className="h-11 sm:h-8" onClick={onAddStage} disabled={draft.length >= MAX_STAGES}>
                <Plus className="h-3.5 w-3.5" aria-hidden />
                {t("editor.addStage")}
              </Button>
              {draft.length >= MAX_STAGES ? <span className="text-xs text-muted">{t("editor.maxStages", { max: MAX_STAGES })}</span> : null}
            </div>
          </fieldset>
          <BoardPreview stages={draft} />
          {formError ? (
            <p role="alert" className="text-sm text-red-600">
              {formError}
            </p>
          ) : null}
          <div className="sticky bottom-0 -mx-4 -mb-4 flex flex-wrap items-center justify-end gap-2 rounded-b-lg border-t border-slate-200 bg-surface/95 px-4 py-3 backdrop-blur">
            {dirty ? <span className="mr-auto text-xs font-medium text-amber-700">{t("editor.unsaved")}</span> : null}
            <Button type="button" variant="ghost" className="h-11 sm:h-9" disabled={!dirty || save.isPending} onClick={() => reset(base)}>
              {t("editor.discard")}
            </Button>
            <Button type="submit" className="h-11 sm:h-9" loading={save.isPending} disabled={!dirty || conflict}>
              {t("editor.save")}
            </Button>
          </div>
        </form>
      </div>
      <MoveStageDealsDialog
        moving={moving}
        removedName={(id) => pipelineStageName(tDomain, base.stages, id)}
        targetName={(id) => draft[moving?.stages.findIndex((s) => s.id === id) ?? -1]?.name.trim() || id}
        pending={save.isPending}
        onCancel={() => setMoving(null)}
        onConfirm={(targets) => submit(targets)}
      />
    </section>
  );
}

/** "Move its N deals to…": one choice of an open stage of the new list per removed stage that holds deals. */
function MoveStageDealsDialog({
  moving,
  removedName,
  targetName,
  pending,
  onCancel,
  onConfirm,
}: {
  moving: { counts: Record<string, number>; stages: SentStages } | null;
  removedName: (id: string) => string;
  targetName: (id: string) => string;
  pending: boolean;
  onCancel: () => void;
  onConfirm: (targets: Record<string, string>) => void;
}) {
  const t = useTranslations("pipelineSettings.moveStageDeals");
  const targets = (moving?.stages ?? []).filter((s) => s.id && s.id !== "closed_won" && s.id !== "closed_lost").map((s) => s.id!);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const removed = Object.keys(moving?.counts ?? {});
  const choice = (stage: string) => (chosen[stage] && targets.includes(chosen[stage]) ? chosen[stage] : (targets[0] ?? ""));
  return (
    <Dialog open={moving !== null} onOpenChange={(open) => (open ? undefined : onCancel())}>
      {moving ? (
        <DialogContent title={t("title")} description={t("description")}>
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              onConfirm(Object.fromEntries(removed.map((stage) => [stage, choice(stage)])));
            }}
          >
            {removed.map((stage) => (
              <div key={stage} className="space-y-1.5">
                <Label htmlFor={`move-${stage}`}>{t("label", { count: moving.counts[stage], stage: removedName(stage) })}</Label>
                <select
                  id={`move-${stage}`}
                  value={choice(stage)}
                  onChange={(e) => setChosen((c) => ({ ...c, [stage]: e.target.value }))}
                  className="h-11 w-full rounded-md border border-slate-300 bg-surface px-3 text-sm sm:h-9"
                >
                  {targets.map((id) => (
                    <option key={id} value={id}>
                      {targetName(id)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={onCancel}>
                {t("cancel")}
              </Button>
              <Button type="submit" loading={pending}>
                {t("confirm")}
              </Button>
            </div>
          </form>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
