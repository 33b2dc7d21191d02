"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronLeft, Link2, MoreHorizontal, Pencil, RotateCcw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { useLocale } from "@/components/ui/use-locale";
import type { Deal, DealUpdateInput } from "@/lib/deals/schema";
import type { Stage } from "@/lib/deals/stages";
import { formatDate, formatMoney } from "@/lib/format";
import { conflictDeal, dealQuery } from "@/lib/queries/deals";
import { useDealPatch, useDeleteDeal, useLiveDeal, useRestoreDeal, useStageMove } from "@/lib/queries/use-deals";
import { useMembers } from "@/lib/queries/use-members";
import { usePipeline } from "@/lib/queries/use-pipelines";
import { findStage } from "@/lib/pipelines/model";
import { useStageName } from "@/components/ui/use-domain";
import { DealFormDialog } from "../deal-form-dialog";
import { ConflictNotice } from "../form/conflict-notice";
import { useDealConflict } from "../form/use-deal-conflict";
import { StageBadge } from "../list/stage-badge";
import { LostReasonDialog } from "../lost-reason-dialog";
import { ActivityComposer } from "../timeline/activity-composer";
import { DealTimeline } from "../timeline/deal-timeline";
import { canOnDeal, type DealVisibility } from "@/lib/permissions";
import { DealFields } from "./deal-fields";
import { DeleteDealDialog } from "./delete-deal-dialog";
import { MovePipelineDialog, PipelineLine } from "./move-pipeline";
import { StageStepper } from "./stage-stepper";
import { StageTimeSummary } from "./stage-time-summary";

const LOST: Stage = "closed_lost";

export interface Viewer {
  id: string;
  name: string;
  isManager: boolean;
  dealVisibility: DealVisibility;
}

/** The record page of one deal: header with the stage stepper, fields on the left, timeline on the right. */
export function DealRecord({ initialDeal, viewer }: { initialDeal: Deal; viewer: Viewer }) {
  const id = initialDeal.id;
  const locale = useLocale();
  const t = useTranslations("deal");
  const { data: deal } = useQuery({ ...dealQuery(id), initialData: initialDeal });
  const members = useMembers();
  useLiveDeal(id, viewer.id);
  const [editOpen, setEditOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [lostOpen, setLostOpen] = useState(false);
  const patch = useDealPatch(id);
  const conflict = useDealConflict((base, changes) => patch.mutateAsync({ base, changes }));
  const stageMove = useStageMove(id);
  const pipeline = usePipeline(deal.pipeline_id);
  const stageName = useStageName(deal.pipeline_id);
  const [pipelineOpen, setPipelineOpen] = useState(false);
  const remove = useDeleteDeal(id);
  const restore = useRestoreDeal();

  const memberNames = useMemo(() => new Map((members.data ?? []).map((m) => [m.id, m.name])), [members.data]);
  const memberName = (uid: string) => memberNames.get(uid);
  const deleted = deal.is_deleted;
  const actor = { userId: viewer.id, isManager: viewer.isManager, dealVisibility: viewer.dealVisibility };
  const canDelete = canOnDeal(actor, "delete", deal);
  const canReassign = canOnDeal(actor, "reassign", deal);
  const known = useMemo(
    () => ({
      companies: new Map(deal.company_id && deal.company_name ? [[deal.company_id, deal.company_name]] : []),
      contacts: new Map(deal.contact_id && deal.contact_name ? [[deal.contact_id, deal.contact_name]] : []),
    }),
    [deal.company_id, deal.company_name, deal.contact_id, deal.contact_name],
  );

  // "e" edits the deal, like the board's shortcuts; typing in a field is never hijacked.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const t = e.target as HTMLElement | null;
      if (e.key !== "e" || e.metaKey || e.ctrlKey || e.altKey || deleted) return;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(t.tagName) || t.closest("[role=dialog]"))) return;
      e.preventDefault();
      setEditOpen(true);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [deleted]);

  async function save(changes: DealUpdateInput, display: Partial<Deal> | undefined, base: Deal) {
    if (Object.keys(changes).length === 0) return;
    try {
      await patch.mutateAsync({ base, changes, display });
    } catch (error) {
      if (!conflict.catchConflict(error, base, changes)) throw error;
    }
  }

  function moveTo(stage: Stage, extra: { lost_reason?: string; loss_category?: Deal["loss_category"] & string; probability?: number } = {}, undoing = false) {
    const before = deal;
    stageMove.mutate(
      { base: deal, move: { stage, ...extra } as { stage: Stage }, stageProbability: pipeline && findStage(pipeline.stages, stage)?.probability },
      {
        onSuccess: (moved) => {
          setLostOpen(false);
          if (undoing) {
            toast.success(t("toasts.undone", { stage: stageName(stage) }));
          } else if (stage === "closed_won") {
            // Won is one click: the toast offers the way back, through the API like any stage move.
            toast.success(t("toasts.won"), {
              description: t("toasts.movedFrom", { stage: stageName(before.stage) }),
              duration: 10_000,
              action: { label: t("toasts.undo"), onClick: () => undoMove(moved, before) },
            });
          } else {
            toast.success(t("toasts.movedTo", { stage: stageName(stage) }), { description: t("toasts.movedFrom", { stage: stageName(before.stage) }) });
          }
        },
        onError: (error) => {
          if (conflictDeal(error)) {
            toast.error(t("toasts.conflict"), { description: t("toasts.conflictDetail") });
          } else {
            toast.error(undoing ? t("toasts.undoFailed") : t("toasts.moveFailed", { stage: stageName(stage) }), { description: error.message });
          }
        },
      },
    );
  }

  /** Puts a deal back in the stage (and probability) it had before a move. */
  function undoMove(moved: Deal, before: Deal) {
    stageMove.mutate(
      { base: moved, move: { stage: before.stage, probability: before.probability } },
      {
        onSuccess: () => toast.success(t("toasts.undone", { stage: stageName(before.stage) })),
        onError: (error) => toast.error(t("toasts.undoFailed"), { description: conflictDeal(error) ? t("toasts.conflictDetail") : error.message }),
      },
    );
  }

  function confirmDelete() {
    remove.mutate(undefined, {
      onSuccess: () => {
        setDeleteOpen(false);
        toast(t("toasts.deleted"), {
          description: t("toasts.deletedDetail", { number: deal.deal_number }),
          duration: 10_000,
          action: { label: t("toasts.undo"), onClick: () => doRestore() },
        });
      },
      onError: (error) => toast.error(t("toasts.deleteFailed"), { description: error.message }),
    });
  }

  function doRestore() {
    restore.mutate(id, {
      onSuccess: () => toast.success(t("toasts.restored")),
      onError: (error) => toast.error(t("toasts.restoreFailed"), { description: error.message }),
    });
  }

  function reapply() {
    conflict.reapply().catch((error: Error) => toast.error(t("toasts.saveFailed"), { description: error.message }));
  }

  function copyLink() {
    void navigator.clipboard?.writeText(window.location.href).then(
      () => toast.success(t("toasts.linkCopied")),
      () => toast.error(t("toasts.linkCopyFailed")),
    );
  }

  return (
    <main className="mx-auto w-full max-w-[1400px] flex-1 px-4 py-4 sm:px-6">
      <nav aria-label={t("record.breadcrumb")} className="mb-3 flex items-center gap-1 text-xs text-muted">
        {/* Prefetched in full (rows included), so going back to the list is instant; the list refreshes itself on arrival. */}
        <Link href="/deals" prefetch className="inline-flex items-center gap-0.5 rounded hover:text-slate-900">
          <ChevronLeft className="h-3.5 w-3.5" aria-hidden /> {t("record.allDeals")}
        </Link>
        <span aria-hidden>/</span>
        <span className="tabular" aria-current="page">
          {deal.deal_number}
        </span>
      </nav>

      {deleted ? (
        <div role="status" className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          <Trash2 className="h-4 w-4 shrink-0" aria-hidden />
          <p className="flex-1">
            <span className="font-medium">{t("record.trashTitle")}</span> {deal.deleted_at ? `${t("record.deletedOn", { date: formatDate(deal.deleted_at, locale) })} ` : ""}
            {t("record.trashBody")}
          </p>
          <Button size="sm" variant="secondary" onClick={doRestore} loading={restore.isPending} disabled={!canDelete} title={canDelete ? undefined : t("record.restoreDenied")}>
            <RotateCcw className="h-3.5 w-3.5" aria-hidden /> {t("record.restore")}
          </Button>
        </div>
      ) : null}

      <header className="rounded-lg border border-slate-200 bg-surface p-4 sm:p-5">
        <div className="flex flex-wrap items-start gap-x-4 gap-y-3">
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <span className="tabular rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">{deal.deal_number}</span>
              <StageBadge stage={deal.stage} pipelineId={deal.pipeline_id} />
              {deal.tags.slice(0, 4).map((t) => (
                <span key={t} className="rounded bg-slate-50 px-1.5 py-0.5 text-xs text-slate-500 ring-1 ring-slate-200 ring-inset">
                  {t}
                </span>
              ))}
            </div>
            <h1 className="mt-1.5 text-xl leading-snug font-semibold break-words text-slate-900">{deal.name}</h1>
            <dl className="mt-2 flex flex-wrap items-center gap-x-5 gap-y-1.5 text-sm">
              <div className="flex items-baseline gap-1.5">
                <dt className="sr-only">{t("record.amount")}</dt>
                <dd className="tabular text-lg font-semibold text-slate-900" data-testid="header-amount">
                  {formatMoney(deal.amount, deal.currency, locale)}
                </dd>
                <dd className="tabular text-xs text-muted">
                  <span aria-hidden>· </span>
                  <span className="sr-only">{t("record.probability", { value: deal.probability })}</span>
                  <span aria-hidden>{deal.probability}%</span>
                </dd>
              </div>
              <div className="flex items-center gap-1.5">
                <dt className="sr-only">{t("record.owner")}</dt>
                <dd className="flex items-center gap-1.5 text-slate-700">
                  <Avatar name={deal.assigned_member_name ?? "?"} className="h-5 w-5 text-[9px]" />
                  {deal.assigned_member_name ?? <span className="text-slate-500">{t("record.unassigned")}</span>}
                </dd>
              </div>
              {deal.company_id ? (
                <div>
                  <dt className="sr-only">{t("record.company")}</dt>
                  <dd>
                    <Link href={`/companies/${encodeURIComponent(deal.company_id)}`} className="text-slate-700 hover:text-accent hover:underline">
                      {deal.company_name}
                    </Link>
                  </dd>
                </div>
              ) : null}
              {deal.contact_id ? (
                <div>
                  <dt className="sr-only">{t("record.contact")}</dt>
                  <dd>
                    <Link href={`/contacts/${encodeURIComponent(deal.contact_id)}`} className="text-slate-600 hover:text-accent hover:underline">
                      {deal.contact_name}
                    </Link>
                  </dd>
                </div>
              ) : null}
              {deal.expected_close_date ? (
                <div className="flex items-baseline gap-1 text-xs text-muted">
                  <dt>{t("record.close")}</dt>
                  <dd className="tabular">{formatDate(deal.expected_close_date, locale)}</dd>
                </div>
              ) : null}
            </dl>
          </div>
          <div className="flex items-center gap-2">
            <Button variant="secondary" onClick={() => setEditOpen(true)} disabled={deleted} title={t("record.editShortcut")}>
              <Pencil className="h-3.5 w-3.5" aria-hidden /> {t("record.edit")}
            </Button>
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="ghost" size="icon" aria-label={t("record.moreActions")}>
                  <MoreHorizontal className="h-4 w-4" aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent>
                <DropdownMenuItem onSelect={copyLink}>
                  <Link2 className="h-4 w-4" aria-hidden /> {t("record.copyLink")}
                </DropdownMenuItem>
                <DropdownMenuSeparator />
                {deleted ? (
                  <DropdownMenuItem onSelect={doRestore} disabled={!canDelete}>
                    <RotateCcw className="h-4 w-4" aria-hidden /> {t("record.restore")}
                  </DropdownMenuItem>
                ) : (
                  <DropdownMenuItem onSelect={() => setDeleteOpen(true)} disabled={!canDelete} className="text-red-600 data-[highlighted]:bg-red-50">
                    <Trash2 className="h-4 w-4" aria-hidden /> {canDelete ? t("record.delete") : t("record.deleteDenied")}
                  </DropdownMenuItem>
                )}
              </DropdownMenuContent>
            </DropdownMenu>
          </div>
        </div>
        <div className="mt-4 space-y-2">
          <PipelineLine deal={deal} disabled={deleted || patch.isPending} onMove={() => setPipelineOpen(true)} />
          <StageStepper
            pipelineId={deal.pipeline_id}
            stages={pipeline?.stages}
            stage={deal.stage}
            disabled={deleted || stageMove.isPending}
            onSelect={(s) => (s === LOST ? setLostOpen(true) : moveTo(s))}
          />
        </div>
      </header>

      {conflict.conflict && conflict.summary ? (
        <div className="mt-4">
          <ConflictNotice
            summary={conflict.summary}
            theirs={conflict.conflict.theirs}
            names={{ member: memberName }}
            pending={conflict.reapplying}
            onReload={() => {
              conflict.reload();
              toast(t("toasts.showingLatest"));
            }}
            onReapply={reapply}
          />
        </div>
      ) : null}

      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,420px)_minmax(0,1fr)] lg:items-start">
        <DealFields deal={deal} readOnly={deleted} canReassign={canReassign} save={save} memberName={memberName} />
        <div className="min-w-0 space-y-4">
          <div className="rounded-lg border border-slate-200 bg-surface p-4">
            <StageTimeSummary deal={deal} />
          </div>
          <section aria-labelledby="activity-title" className="space-y-3">
            <h2 id="activity-title" className="text-sm font-semibold text-slate-900">
              {t("record.activity")}
            </h2>
            <ActivityComposer dealId={id} author={{ id: viewer.id, name: viewer.name }} disabled={deleted} members={members.data ?? []} dealOwnerId={deal.assigned_member_id} />
            <DealTimeline
              dealId={id}
              deleted={deleted}
              currency={deal.currency}
              memberName={memberName}
              known={known}
              viewer={{ id: viewer.id, isManager: viewer.isManager }}
              dealOwnerId={deal.assigned_member_id}
              members={members.data ?? []}
            />
          </section>
        </div>
      </div>

      <DealFormDialog open={editOpen} onOpenChange={setEditOpen} deal={deal} />
      {pipelineOpen ? (
        <MovePipelineDialog
          deal={deal}
          pending={patch.isPending}
          onCancel={() => setPipelineOpen(false)}
          onConfirm={(pipelineId, stage) =>
            patch.mutate(
              { base: deal, changes: { pipeline_id: pipelineId, stage } },
              {
                onSuccess: () => {
                  setPipelineOpen(false);
                  toast.success(t("toasts.movedTo", { stage: stageName(stage) }));
                },
                onError: (error) => toast.error(t("toasts.saveFailed"), { description: error.message }),
              },
            )
          }
        />
      ) : null}
      <DeleteDealDialog open={deleteOpen} dealName={deal.name} pending={remove.isPending} onCancel={() => setDeleteOpen(false)} onConfirm={confirmDelete} />
      <LostReasonDialog
        open={lostOpen}
        dealName={deal.name}
        initial={{ lost_reason: deal.lost_reason ?? undefined, loss_category: (deal.loss_category ?? undefined) as never }}
        pending={stageMove.isPending}
        onCancel={() => setLostOpen(false)}
        onConfirm={(reason) => moveTo(LOST, reason)}
      />
    </main>
  );
}
