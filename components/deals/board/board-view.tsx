"use client";

import { DndContext, DragOverlay } from "@dnd-kit/core";
import { AlertTriangle, RefreshCw } from "lucide-react";
import dynamic from "next/dynamic";
import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import type { LostReason } from "@/components/deals/lost-reason-dialog";
import { Button } from "@/components/ui/button";
import { useLocale } from "@/components/ui/use-locale";
import { newIdempotencyKey } from "@/lib/api-client";
import { type BoardFilters, EMPTY_FILTERS, filtersFromSearchParams, filtersToSearchParams, hasActiveFilters } from "@/lib/deals/board-filters";
import type { MoveTarget } from "@/lib/deals/board-math";
import { DEFAULT_CURRENCY } from "@/lib/deals/currency";
import type { DealCard } from "@/lib/deals/schema";
import type { Stage } from "@/lib/deals/stages";
import { pipelineStageName } from "@/lib/i18n/domain";
import { firstOpenStage } from "@/lib/pipelines/model";
import { useBoard, useLoadMore, useMoveDeal, useQuickAddDeal } from "@/lib/queries/use-board";
import { useMembers } from "@/lib/queries/use-members";
import { BoardColumn } from "./board-column";
import { BoardEmptyState } from "./board-empty-state";
import { BoardColumnsSkeleton } from "./board-skeleton";
import { BoardToolbar } from "./board-toolbar";
import { DealCardOverlay } from "./deal-card";
import { QuickAddForm } from "./quick-add-form";
import { stageStyle, stageStyles } from "./stage-style";
import { focusCard, useBoardDnd } from "./use-board-dnd";
import { COLLAPSIBLE_STAGES, useCollapsedColumns } from "./use-collapsed-columns";
import { useToday } from "./use-today";

// The full deal form (react-hook-form, zod, pickers) loads only when "New deal" is used.
const loadDealFormDialog = () => import("@/components/deals/deal-form-dialog");
const DealFormDialog = dynamic(() => loadDealFormDialog().then((m) => m.DealFormDialog), { ssr: false });
// The Lost dialog (Radix dialog and select) is fetched when a drag starts, before any drop on Lost.
const loadLostReasonDialog = () => import("@/components/deals/lost-reason-dialog");
const preloadLostReasonDialog = () => void loadLostReasonDialog();
const LostReasonDialog = dynamic(() => loadLostReasonDialog().then((m) => m.LostReasonDialog), { ssr: false });

const DROP_ANIMATION = { duration: 180, easing: "cubic-bezier(0.2, 0, 0, 1)" };

/**
 * The pipeline board: one pipeline (switchable, kept in the URL) with its filters, a sortable column per stage, drag and drop by mouse, touch
 * and keyboard with screen-reader announcements, the Lost-reason step, quick add, and live
 * updates. Server state lives in react-query (lib/queries/use-board.ts), the drag in progress in
 * use-board-dnd.ts; this component holds the dialogs' state and decides what a drop does.
 */
export function BoardView({ currentUserId }: { currentUserId: string }) {
  const t = useTranslations("board");
  const retryLabel = useTranslations("common.actions")("retry");
  const searchParams = useSearchParams();
  const filterString = filtersToSearchParams(filtersFromSearchParams(searchParams)).toString();
  const filters = useMemo<BoardFilters>(() => filtersFromSearchParams(new URLSearchParams(filterString)), [filterString]);
  const setFilters = useCallback((next: BoardFilters) => {
    // Native history integrates with Next's router (useSearchParams updates) without a server round trip.
    const qs = filtersToSearchParams(next).toString();
    window.history.replaceState(null, "", qs ? `?${qs}` : window.location.pathname);
  }, []);

  const board = useBoard(filters);
  const move = useMoveDeal(filters);
  const quickAdd = useQuickAddDeal(filters);
  const { loadMore, loading, failed } = useLoadMore(filters);
  const members = useMembers();
  const today = useToday();
  const locale = useLocale();

  const data = board.data;
  const pipelineId = data?.pipeline.id;
  const tDomain = useTranslations("domain");
  // Each column's name, accent and rotting days, from the board's pipeline.
  const stageInfo = useMemo(() => {
    const stages = data?.pipeline.stages ?? [];
    const accents = stageStyles(stages);
    return new Map(stages.map((s, i) => [s.id, { label: pipelineStageName(tDomain, stages, s.id), accent: accents[i], rottingDays: s.rotting_days }] as const));
  }, [data?.pipeline, tDomain]);
  // Where "New deal" and the empty board's button start a deal: the pipeline's first open stage.
  const firstStage: Stage = data ? firstOpenStage(data.pipeline.stages).id : "lead";
  const dealsById = useMemo(() => new Map((data?.columns ?? []).flatMap((c) => c.items.map((d) => [d.id, d] as const))), [data]);

  // ---------- drag and drop ----------
  const [pendingLost, setPendingLost] = useState<{ deal: DealCard; target: MoveTarget } | null>(null);

  const commitMove = useCallback(
    (deal: DealCard, target: MoveTarget, lost?: LostReason) => {
      move.mutate({ deal, target, lost, idempotencyKey: newIdempotencyKey() });
    },
    [move],
  );

  const onDrop = useCallback(
    (deal: DealCard, target: MoveTarget) => {
      if (target.stage === "closed_lost" && deal.stage !== "closed_lost") {
        // Keep the card shown in Lost while the reason is asked; cancel puts it back.
        setPendingLost({ deal, target });
        return "hold" as const;
      }
      commitMove(deal, target);
    },
    [commitMove],
  );

  const { collapsed, toggleCollapsed } = useCollapsedColumns();
  const { draft, activeId, clearDrag, contextProps } = useBoardDnd({ board: data, dealsById, onDragStart: preloadLostReasonDialog, onDrop });

  // ---------- quick add and new deal ----------
  const [quickAddStage, setQuickAddStage] = useState<Stage | null>(null);
  const [newDealStage, setNewDealStage] = useState<Stage | null>(null);

  const submitQuickAdd = useCallback(
    async (stage: Stage, input: { name: string; amount: number | null; currency: string }) => {
      await quickAdd.mutateAsync({ ...input, stage, pipeline_id: pipelineId, assigned_member_id: currentUserId, idempotencyKey: newIdempotencyKey() });
    },
    [quickAdd, currentUserId, pipelineId],
  );

  const onLoadMore = useCallback((stage: Stage) => void loadMore(stage), [loadMore]);
  const onQuickAdd = useCallback((stage: Stage) => setQuickAddStage((s) => (s === stage ? null : stage)), []);

  // ---------- render ----------
  const activeDeal = activeId ? dealsById.get(activeId) ?? null : null;
  const totalCount = data?.columns.reduce((n, c) => n + c.count, 0) ?? 0;

  return (
    <main className="flex h-[calc(100dvh-3rem)] min-h-0 flex-col">
      <BoardToolbar
        filters={filters}
        onChange={setFilters}
        members={members.data ?? []}
        updating={board.isFetching && !board.isPending}
        pipeline={data?.pipeline}
        onNewDeal={() => setNewDealStage(firstStage)}
        onPrepareNewDeal={() => void loadDealFormDialog()}
      />

      {board.isError && data && (
        <div role="alert" className="flex shrink-0 items-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          <AlertTriangle className="h-4 w-4" aria-hidden />
          {t("error.stale")}
          <Button variant="link" size="sm" className="h-auto" onClick={() => void board.refetch()}>
            {retryLabel}
          </Button>
        </div>
      )}

      <div className="relative min-h-0 flex-1">
        {board.isPending ? (
          <BoardColumnsSkeleton />
        ) : !data ? (
          <BoardError message={board.error instanceof Error ? board.error.message : t("error.body")} onRetry={() => void board.refetch()} />
        ) : (
          <DndContext {...contextProps}>
            {/* The columns scroll sideways inside this scroller (snapping per column on a phone); the page never does. */}
            <div className="flex h-full snap-x snap-mandatory scroll-px-4 gap-3 overflow-x-auto overscroll-x-contain px-4 py-3 [contain:paint] md:snap-none" data-testid="board-columns">
              {data.columns.map((column) => {
                const items = draft ? draft[column.stage].map((id) => dealsById.get(id)).filter((d): d is DealCard => Boolean(d)) : column.items;
                // A folded column opens while the dragged card is in it, so the card stays on screen.
                const folded = collapsed.has(column.stage) && !(activeId !== null && items.some((d) => d.id === activeId));
                return (
                  <BoardColumn
                    key={column.stage}
                    stage={column.stage}
                    label={stageInfo.get(column.stage)?.label ?? column.stage}
                    accent={stageInfo.get(column.stage)?.accent ?? stageStyle(column.stage, 0)}
                    rottingDays={stageInfo.get(column.stage)?.rottingDays ?? null}
                    count={column.count}
                    totals={column.totals}
                    items={items}
                    hasMore={column.next_cursor !== null}
                    loadingMore={loading.has(column.stage)}
                    loadFailed={failed.has(column.stage)}
                    activeId={activeId}
                    today={today}
                    locale={locale}
                    onLoadMore={onLoadMore}
                    onQuickAdd={onQuickAdd}
                    collapsible={COLLAPSIBLE_STAGES.includes(column.stage)}
                    collapsed={folded}
                    onToggleCollapsed={toggleCollapsed}
                    quickAdd={
                      quickAddStage === column.stage ? (
                        <QuickAddForm
                          stage={column.stage}
                          defaultCurrency={column.totals[0]?.currency ?? DEFAULT_CURRENCY}
                          pending={quickAdd.isPending}
                          onSubmit={(input) => submitQuickAdd(column.stage, input)}
                          onClose={() => setQuickAddStage(null)}
                        />
                      ) : undefined
                    }
                  />
                );
              })}
            </div>
            <DragOverlay dropAnimation={DROP_ANIMATION}>
              {activeDeal ? (
                <DealCardOverlay deal={activeDeal} today={today} locale={locale} rottingDays={stageInfo.get(activeDeal.stage)?.rottingDays ?? null} />
              ) : null}
            </DragOverlay>
          </DndContext>
        )}

        {data && totalCount === 0 && !board.isPlaceholderData && (
          <BoardEmptyState
            filtered={hasActiveFilters(filters)}
            onClearFilters={() => setFilters({ ...EMPTY_FILTERS, pipeline: filters.pipeline })}
            onCreateDeal={() => setNewDealStage(firstStage)}
            onPrepareCreateDeal={() => void loadDealFormDialog()}
          />
        )}
      </div>

      {pendingLost !== null && (
        <LostReasonDialog
          open
          dealName={pendingLost.deal.name}
          initial={{ lost_reason: pendingLost.deal.lost_reason ?? undefined, loss_category: (pendingLost.deal.loss_category as LostReason["loss_category"]) ?? undefined }}
          onCancel={() => {
            setPendingLost(null);
            clearDrag();
            // The card went back to its column (a new element): focus follows it, not the page.
            focusCard(pendingLost.deal.id, pendingLost.deal.stage);
          }}
          onConfirm={(reason) => {
            commitMove(pendingLost.deal, pendingLost.target, reason);
            setPendingLost(null);
            clearDrag();
            focusCard(pendingLost.deal.id, pendingLost.target.stage);
          }}
        />
      )}

      {newDealStage !== null && (
        <DealFormDialog open onOpenChange={(open) => !open && setNewDealStage(null)} defaultStage={newDealStage} defaultPipelineId={data?.pipeline.id} />
      )}
    </main>
  );
}

function BoardError({ message, onRetry }: { message: string; onRetry: () => void }) {
  const t = useTranslations("board.error");
  const retryLabel = useTranslations("common.actions")("retry");
  return (
    <div className="flex h-full items-start justify-center p-8">
      <div role="alert" className="mt-16 w-full max-w-sm rounded-xl border border-red-200 bg-surface p-6 text-center shadow-sm">
        <AlertTriangle className="mx-auto h-8 w-8 text-lost" aria-hidden />
        <h2 className="mt-2 text-sm font-semibold">{t("title")}</h2>
        <p className="mt-1 text-sm text-muted">{message}</p>
        <Button variant="secondary" size="sm" className="mt-4" onClick={onRetry}>
          <RefreshCw className="h-3.5 w-3.5" aria-hidden /> {retryLabel}
        </Button>
      </div>
    </div>
  );
}
