"use client";

import {
  type Announcements,
  closestCenter,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragOverEvent,
  type DragStartEvent,
  getFirstCollision,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  type UniqueIdentifier,
  TouchSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { arrayMove, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { AlertTriangle, KanbanSquare, Plus, RefreshCw, SearchX } from "lucide-react";
import dynamic from "next/dynamic";
import { useSearchParams } from "next/navigation";
import { type PointerEvent as ReactPointerEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { LostReason } from "@/components/deals/lost-reason-dialog";
import { Button } from "@/components/ui/button";
import { useLocale } from "@/components/ui/use-locale";
import { type BoardFilters, EMPTY_FILTERS, filtersFromSearchParams, filtersToSearchParams, hasActiveFilters } from "@/lib/deals/board-filters";
import { type MoveTarget, neighboursAt } from "@/lib/deals/board-math";
import type { DealCard } from "@/lib/deals/schema";
import { STAGE_IDS, type Stage, stageLabel } from "@/lib/deals/stages";
import { newIdempotencyKey } from "@/lib/api-client";
import { useBoard, useLoadMore, useMoveDeal, useQuickAddDeal } from "@/lib/queries/use-board";
import { useMembers } from "@/lib/queries/use-members";
import { BoardColumn, columnDroppableId, stageFromDroppableId } from "./board-column";
import { BoardColumnsSkeleton } from "./board-skeleton";
import { BoardToolbar } from "./board-toolbar";
import { DealCardOverlay } from "./deal-card";
import { QuickAddForm } from "./quick-add-form";
import { useToday } from "./use-today";

// The full deal form (react-hook-form, zod, pickers) loads only when "New deal" is used.
const loadDealFormDialog = () => import("@/components/deals/deal-form-dialog");
const DealFormDialog = dynamic(() => loadDealFormDialog().then((m) => m.DealFormDialog), { ssr: false });
// The Lost dialog (Radix dialog and select) is fetched when a drag starts, before any drop on Lost.
const loadLostReasonDialog = () => import("@/components/deals/lost-reason-dialog");
const LostReasonDialog = dynamic(() => loadLostReasonDialog().then((m) => m.LostReasonDialog), { ssr: false });

/** Mouse and pen only: touch goes through the TouchSensor's long press, so a swipe still scrolls. */
class MousePointerSensor extends PointerSensor {
  static activators = [
    {
      eventName: "onPointerDown" as const,
      handler: ({ nativeEvent }: ReactPointerEvent) => nativeEvent.isPrimary && nativeEvent.button === 0 && nativeEvent.pointerType !== "touch",
    },
  ];
}

type Draft = Record<Stage, string[]>;

const SCREEN_READER_INSTRUCTIONS =
  "To move a deal, press Space to pick it up. Use the left and right arrow keys to move it to another stage, and the up and down arrow keys to change its position. Press Space again to drop it, or Escape to cancel. Press Enter to open the deal.";

const stageOfId = (draft: Draft, id: UniqueIdentifier): Stage | null => {
  for (const stage of STAGE_IDS) if (draft[stage].includes(String(id))) return stage;
  return null;
};

/**
 * The pipeline board: filters in the URL, six sortable columns, drag and drop by mouse, touch
 * and keyboard with screen-reader announcements, the Lost-reason step, quick add, and live
 * updates. Server state lives in react-query (lib/queries/board); this component only holds
 * the in-progress drag (a draft of each column's order) and dialog state.
 */
export function BoardView({ currentUserId }: { currentUserId: string }) {
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
  const dealsById = useMemo(() => new Map((data?.columns ?? []).flatMap((c) => c.items.map((d) => [d.id, d] as const))), [data]);

  // ---------- drag state ----------
  const [draft, setDraftState] = useState<Draft | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [pendingLost, setPendingLost] = useState<{ deal: DealCard; target: MoveTarget } | null>(null);
  const draftRef = useRef<Draft | null>(null);
  const origin = useRef<{ deal: DealCard; index: number } | null>(null);
  const lastOverId = useRef<UniqueIdentifier | null>(null);
  const movedContainer = useRef(false);
  const dealsRef = useRef(dealsById);
  useEffect(() => {
    dealsRef.current = dealsById;
  }, [dealsById]);

  const setDraft = useCallback((next: Draft | null) => {
    draftRef.current = next;
    setDraftState(next);
  }, []);
  const clearDrag = useCallback(() => {
    setDraft(null);
    setActiveId(null);
    origin.current = null;
    lastOverId.current = null;
  }, [setDraft]);

  useEffect(() => {
    const frame = requestAnimationFrame(() => (movedContainer.current = false));
    return () => cancelAnimationFrame(frame);
  }, [draft]);

  // Left/right go to the neighbouring stage (dnd-kit's default picks by pixel position and can
  // land on the next card of the same column); up/down use the sortable default.
  const keyboardCoordinates: KeyboardCoordinateGetter = useCallback((event, args) => {
    if (event.code !== "ArrowLeft" && event.code !== "ArrowRight") return sortableKeyboardCoordinates(event, args);
    event.preventDefault();
    const { active, collisionRect, droppableRects, droppableContainers } = args.context;
    const d = draftRef.current;
    const from = d && active ? stageOfId(d, active.id) : null;
    if (!d || !from || !collisionRect) return undefined;
    const to = STAGE_IDS[STAGE_IDS.indexOf(from) + (event.code === "ArrowRight" ? 1 : -1)];
    if (!to) return undefined;
    const cards = new Set(d[to]);
    let best: { left: number; top: number; distance: number } | null = null;
    let column: { left: number; top: number } | null = null;
    for (const entry of droppableContainers.getEnabled()) {
      const rect = droppableRects.get(entry.id);
      if (!rect) continue;
      if (entry.id === columnDroppableId(to)) column = { left: rect.left, top: rect.top };
      else if (cards.has(String(entry.id)) && entry.id !== active!.id) {
        const distance = Math.abs(rect.top - collisionRect.top);
        if (!best || distance < best.distance) best = { left: rect.left, top: rect.top, distance };
      }
    }
    const target = best ?? column;
    return target ? { x: target.left, y: target.top } : undefined;
  }, []);

  const sensors = useSensors(
    useSensor(MousePointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: keyboardCoordinates,
      // Enter is left to the link (open the deal); Space lifts and drops.
      keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] },
    }),
  );

  // Pointer first (precise), then overlap; over a column with cards, the nearest card.
  const collisionDetection: CollisionDetection = useCallback((args) => {
    const byPointer = pointerWithin(args);
    const hits = byPointer.length > 0 ? byPointer : rectIntersection(args);
    let overId = getFirstCollision(hits, "id");
    if (overId != null) {
      const stage = stageFromDroppableId(String(overId));
      const ids = stage ? (draftRef.current?.[stage] ?? []) : [];
      if (stage && ids.length > 0) {
        const nearest = closestCenter({
          ...args,
          droppableContainers: args.droppableContainers.filter((c) => c.id !== overId && ids.includes(String(c.id))),
        });
        overId = nearest[0]?.id ?? overId;
      }
      lastOverId.current = overId;
      return [{ id: overId }];
    }
    // Just moved to another column: hold still until layout settles (prevents ping-pong).
    if (movedContainer.current) lastOverId.current = args.active.id;
    return lastOverId.current ? [{ id: lastOverId.current }] : [];
  }, []);

  const handleDragStart = useCallback(
    ({ active }: DragStartEvent) => {
      void loadLostReasonDialog();
      if (!data) return;
      const next = Object.fromEntries(data.columns.map((c) => [c.stage, c.items.map((d) => d.id)])) as Draft;
      const deal = dealsById.get(String(active.id));
      if (!deal) return;
      origin.current = { deal, index: next[deal.stage].indexOf(deal.id) };
      setDraft(next);
      setActiveId(deal.id);
    },
    [data, dealsById, setDraft],
  );

  const handleDragOver = useCallback(
    ({ active, over }: DragOverEvent) => {
      const d = draftRef.current;
      if (!d || !over) return;
      const from = stageOfId(d, active.id);
      const overColumn = stageFromDroppableId(String(over.id));
      const to = overColumn ?? stageOfId(d, over.id);
      if (!from || !to || from === to) return;
      const targetIds = d[to];
      let index = targetIds.length;
      if (!overColumn) {
        const overIndex = targetIds.indexOf(String(over.id));
        const rect = active.rect.current.translated;
        const below = rect ? rect.top > over.rect.top + over.rect.height / 2 : false;
        index = overIndex >= 0 ? overIndex + (below ? 1 : 0) : targetIds.length;
      }
      movedContainer.current = true;
      setDraft({
        ...d,
        [from]: d[from].filter((id) => id !== active.id),
        [to]: [...targetIds.slice(0, index), String(active.id), ...targetIds.slice(index)],
      });
    },
    [setDraft],
  );

  const commitMove = useCallback(
    (deal: DealCard, target: MoveTarget, lost?: LostReason) => {
      move.mutate({ deal, target, lost, idempotencyKey: newIdempotencyKey() });
    },
    [move],
  );

  const handleDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      const d = draftRef.current;
      const start = origin.current;
      setActiveId(null);
      if (!d || !start || !over) return clearDrag();
      const id = String(active.id);
      const stage = stageOfId(d, id);
      if (!stage) return clearDrag();
      let ids = d[stage];
      if (!stageFromDroppableId(String(over.id)) && stageOfId(d, over.id) === stage) {
        const fromIndex = ids.indexOf(id);
        const toIndex = ids.indexOf(String(over.id));
        if (toIndex >= 0 && fromIndex !== toIndex) ids = arrayMove(ids, fromIndex, toIndex);
      }
      const index = ids.indexOf(id);
      if (stage === start.deal.stage && index === start.index) return clearDrag();
      const target: MoveTarget = { stage, ...neighboursAt(ids.filter((x) => x !== id).map((x) => ({ id: x })), index) };
      if (stage === "closed_lost" && start.deal.stage !== "closed_lost") {
        // Keep the card shown in Lost while the reason is asked; cancel puts it back.
        setDraft({ ...d, [stage]: ids });
        setPendingLost({ deal: start.deal, target });
        return;
      }
      commitMove(start.deal, target);
      clearDrag();
    },
    [clearDrag, commitMove, setDraft],
  );

  // ---------- announcements ----------
  const announcements = useMemo<Announcements>(() => {
    const nameOf = (id: UniqueIdentifier) => dealsRef.current.get(String(id))?.name ?? "the deal";
    const place = (overId: UniqueIdentifier, activeId: UniqueIdentifier) => {
      const d = draftRef.current;
      if (!d) return "";
      const stage = stageFromDroppableId(String(overId)) ?? stageOfId(d, overId);
      if (!stage) return "";
      const ids = d[stage];
      const at = ids.indexOf(String(activeId));
      return `${stageLabel(stage)}, position ${at >= 0 ? at + 1 : ids.length + 1} of ${ids.length + (at >= 0 ? 0 : 1)}`;
    };
    return {
      onDragStart: ({ active }) => {
        const deal = dealsRef.current.get(String(active.id));
        const d = draftRef.current;
        const ids = deal && d ? d[deal.stage] : [];
        return `Picked up ${nameOf(active.id)} in ${deal ? stageLabel(deal.stage) : "its stage"}, position ${ids.indexOf(String(active.id)) + 1} of ${ids.length}.`;
      },
      onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is over ${place(over.id, active.id)}.` : `${nameOf(active.id)} is not over a stage.`),
      onDragEnd: ({ active, over }) => {
        if (!over) return `${nameOf(active.id)} was dropped outside the board and stays where it was.`;
        const where = place(over.id, active.id);
        return where.startsWith("Lost")
          ? `${nameOf(active.id)} was dropped on Lost. Give a reason to confirm.`
          : `${nameOf(active.id)} was dropped in ${where}.`;
      },
      onDragCancel: ({ active }) => {
        const deal = dealsRef.current.get(String(active.id));
        return `Moving ${nameOf(active.id)} was cancelled. It is back in ${deal ? stageLabel(deal.stage) : "its stage"}.`;
      },
    };
  }, []);

  // ---------- quick add and new deal ----------
  const [quickAddStage, setQuickAddStage] = useState<Stage | null>(null);
  const [newDealStage, setNewDealStage] = useState<Stage | null>(null);

  const submitQuickAdd = useCallback(
    async (stage: Stage, input: { name: string; amount: number | null; currency: string }) => {
      await quickAdd.mutateAsync({ ...input, stage, assigned_member_id: currentUserId, idempotencyKey: newIdempotencyKey() });
    },
    [quickAdd, currentUserId],
  );

  const onLoadMore = useCallback((stage: Stage) => void loadMore(stage), [loadMore]);
  const onQuickAdd = useCallback((stage: Stage) => setQuickAddStage((s) => (s === stage ? null : stage)), []);

  // ---------- render ----------
  const activeDeal = activeId ? dealsById.get(activeId) ?? null : null;
  const filtered = hasActiveFilters(filters);
  const totalCount = data?.columns.reduce((n, c) => n + c.count, 0) ?? 0;

  return (
    <main className="flex h-[calc(100dvh-3rem)] min-h-0 flex-col">
      <BoardToolbar
        filters={filters}
        onChange={setFilters}
        members={members.data ?? []}
        updating={board.isFetching && !board.isPending}
        onNewDeal={() => setNewDealStage("lead")}
        onPrepareNewDeal={() => void loadDealFormDialog()}
      />

      {board.isError && data && (
        <div role="alert" className="flex shrink-0 items-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          <AlertTriangle className="h-4 w-4" aria-hidden />
          Couldn’t refresh the board; you are seeing the last loaded state.
          <Button variant="link" size="sm" className="h-auto" onClick={() => void board.refetch()}>
            Retry
          </Button>
        </div>
      )}

      <div className="relative min-h-0 flex-1">
        {board.isPending ? (
          <BoardColumnsSkeleton />
        ) : !data ? (
          <BoardError message={board.error instanceof Error ? board.error.message : "The board could not be loaded."} onRetry={() => void board.refetch()} />
        ) : (
          <DndContext
            sensors={sensors}
            collisionDetection={collisionDetection}
            measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
            onDragStart={handleDragStart}
            onDragOver={handleDragOver}
            onDragEnd={handleDragEnd}
            onDragCancel={clearDrag}
            accessibility={{ announcements, screenReaderInstructions: { draggable: SCREEN_READER_INSTRUCTIONS } }}
          >
            <div className="flex h-full snap-x snap-mandatory scroll-px-4 gap-3 overflow-x-auto px-4 py-3 md:snap-none" data-testid="board-columns">
              {data.columns.map((column) => {
                const items = draft ? draft[column.stage].map((id) => dealsById.get(id)).filter((d): d is DealCard => Boolean(d)) : column.items;
                return (
                  <BoardColumn
                    key={column.stage}
                    stage={column.stage}
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
                    quickAdd={
                      quickAddStage === column.stage ? (
                        <QuickAddForm
                          stage={column.stage}
                          defaultCurrency={column.totals[0]?.currency ?? "JPY"}
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
            <DragOverlay dropAnimation={{ duration: 180, easing: "cubic-bezier(0.2, 0, 0, 1)" }}>
              {activeDeal ? <DealCardOverlay deal={activeDeal} today={today} locale={locale} /> : null}
            </DragOverlay>
          </DndContext>
        )}

        {data && totalCount === 0 && !board.isPlaceholderData && (
          <div className="pointer-events-none absolute inset-x-0 top-24 flex justify-center px-4">
            <div className="pointer-events-auto w-full max-w-sm rounded-xl border border-slate-200 bg-surface p-6 text-center shadow-lg">
              {filtered ? (
                <>
                  <SearchX className="mx-auto h-8 w-8 text-slate-300" aria-hidden />
                  <h2 className="mt-2 text-sm font-semibold">No deals match these filters</h2>
                  <p className="mt-1 text-sm text-muted">Try a different search, owner or date range.</p>
                  <Button variant="secondary" size="sm" className="mt-4" onClick={() => setFilters(EMPTY_FILTERS)}>
                    Clear filters
                  </Button>
                </>
              ) : (
                <>
                  <KanbanSquare className="mx-auto h-8 w-8 text-accent/60" aria-hidden />
                  <h2 className="mt-2 text-sm font-semibold">Your pipeline is empty</h2>
                  <p className="mt-1 text-sm text-muted">
                    Deals move left to right through the stages as they progress. Add the first one to get started.
                  </p>
                  <Button size="sm" className="mt-4" onClick={() => setNewDealStage("lead")} onPointerEnter={() => void loadDealFormDialog()}>
                    <Plus className="h-4 w-4" aria-hidden /> Create your first deal
                  </Button>
                </>
              )}
            </div>
          </div>
        )}
      </div>

      {pendingLost !== null && (
      <LostReasonDialog
        open
        dealName={pendingLost?.deal.name}
        initial={pendingLost ? { lost_reason: pendingLost.deal.lost_reason ?? undefined, loss_category: (pendingLost.deal.loss_category as LostReason["loss_category"]) ?? undefined } : undefined}
        onCancel={() => {
          setPendingLost(null);
          clearDrag();
        }}
        onConfirm={(reason) => {
          if (pendingLost) commitMove(pendingLost.deal, pendingLost.target, reason);
          setPendingLost(null);
          clearDrag();
        }}
      />
      )}

      {newDealStage !== null && (
        <DealFormDialog open onOpenChange={(open) => !open && setNewDealStage(null)} defaultStage={newDealStage} />
      )}
    </main>
  );
}

function BoardError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="flex h-full items-start justify-center p-8">
      <div role="alert" className="mt-16 w-full max-w-sm rounded-xl border border-red-200 bg-surface p-6 text-center shadow-sm">
        <AlertTriangle className="mx-auto h-8 w-8 text-lost" aria-hidden />
        <h2 className="mt-2 text-sm font-semibold">The board could not be loaded</h2>
        <p className="mt-1 text-sm text-muted">{message}</p>
        <Button variant="secondary" size="sm" className="mt-4" onClick={onRetry}>
          <RefreshCw className="h-3.5 w-3.5" aria-hidden /> Retry
        </Button>
      </div>
    </div>
  );
}
