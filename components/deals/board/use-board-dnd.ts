"use client";

import {
  type Announcements,
  closestCenter,
  type CollisionDetection,
  type DndContextProps,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  getFirstCollision,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { arrayMove, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { useTranslations } from "next-intl";
import { type PointerEvent as ReactPointerEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useStageName } from "@/components/ui/use-domain";
import { type BoardData, type MoveTarget, neighboursAt } from "@/lib/deals/board-math";
import type { DealCard } from "@/lib/deals/schema";
import type { Stage } from "@/lib/deals/stages";
import { columnDroppableId, stageFromDroppableId } from "./board-column";

/** Mouse and pen only: touch goes through the TouchSensor's long press, so a swipe still scrolls. */
class MousePointerSensor extends PointerSensor {
  static activators = [
    {
      eventName: "onPointerDown" as const,
      handler: ({ nativeEvent }: ReactPointerEvent) => nativeEvent.isPrimary && nativeEvent.button === 0 && nativeEvent.pointerType !== "touch",
    },
  ];
}

/** Each column's card ids while a drag is in progress, in the pipeline's stage order. */
export type Draft = Record<Stage, string[]>;

/** Where a card is, for announcements: its stage and its place in the column (1-based). */
interface Place {
  stage: Stage;
  position: number;
  total: number;
}

const stageOfId = (draft: Draft, id: UniqueIdentifier): Stage | null => {
  for (const stage of Object.keys(draft)) if (draft[stage].includes(String(id))) return stage;
  return null;
};

/**
 * The board's drag and drop, by mouse, touch (long press) and keyboard (Space, arrows, Space),
 * with screen-reader announcements. It holds the drag in progress: a draft of every column's
 * order, shown instead of the server's until the drop. Server state stays with react-query.
 *
 * `onDrop` gets the dragged card and where it landed (the neighbours the server ranks it
 * between). It returns "hold" to keep the card shown where it was dropped until `clearDrag()`
 * (the board does so while it asks why a deal was lost).
 *
 * After a keyboard drop the moved card has focus again (its element is a new one when it changed
 * column), and `focusCard(id)` does the same after the Lost dialog closes.
 */
export function useBoardDnd({
  board,
  dealsById,
  onDragStart,
  onDrop,
}: {
  board: BoardData | undefined;
  dealsById: ReadonlyMap<string, DealCard>;
  /** Called as a drag starts (the board starts loading the Lost dialog then). */
  onDragStart?: () => void;
  onDrop: (deal: DealCard, target: MoveTarget) => "hold" | void;
}) {
  const t = useTranslations("board.dnd");
  const stageName = useStageName(board?.pipeline.id);
  const [draft, setDraftState] = useState<Draft | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const draftRef = useRef<Draft | null>(null);
  const origin = useRef<{ deal: DealCard; index: number } | null>(null);
  const lastOverId = useRef<UniqueIdentifier | null>(null);
  const movedContainer = useRef(false);
  // Where the last drop landed, kept past clearDrag() for its announcement (dnd-kit announces after the handlers ran).
  const lastDrop = useRef<Place | null>(null);
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

  // ---------- sensors ----------

  // Left/right go to the neighbouring stage (dnd-kit's default picks by pixel position and can
  // land on the next card of the same column); up/down use the sortable default.
  const keyboardCoordinates: KeyboardCoordinateGetter = useCallback((event, args) => {
    if (event.code !== "ArrowLeft" && event.code !== "ArrowRight") return sortableKeyboardCoordinates(event, args);
    event.preventDefault();
    const { active, collisionRect, droppableRects, droppableContainers } = args.context;
    const d = draftRef.current;
    const from = d && active ? stageOfId(d, active.id) : null;
    if (!d || !from || !collisionRect) return undefined;
    const order = Object.keys(d);
    const to = order[order.indexOf(from) + (event.code === "ArrowRight" ? 1 : -1)];
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

  // ---------- collision ----------

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

  // ---------- the three drag steps ----------

  const handleDragStart = useCallback(
    ({ active }: DragStartEvent) => {
      onDragStart?.();
      if (!board) return;
      const next = Object.fromEntries(board.columns.map((c) => [c.stage, c.items.map((d) => d.id)])) as Draft;
      const deal = dealsById.get(String(active.id));
      if (!deal) return;
      origin.current = { deal, index: next[deal.stage].indexOf(deal.id) };
      setDraft(next);
      setActiveId(deal.id);
    },
    [board, dealsById, onDragStart, setDraft],
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

  const handleDragEnd = useCallback(
    ({ active, over, activatorEvent }: DragEndEvent) => {
      const d = draftRef.current;
      const start = origin.current;
      const id = String(active.id);
      // From the keyboard, focus stays with the card wherever it went (not on the page's body).
      const refocus = (stage?: Stage) => {
        if (activatorEvent instanceof KeyboardEvent) focusCard(id, stage);
      };
      setActiveId(null);
      lastDrop.current = null;
      if (!d || !start || !over) return (clearDrag(), refocus());
      const stage = stageOfId(d, id);
      if (!stage) return (clearDrag(), refocus());
      let ids = d[stage];
      if (!stageFromDroppableId(String(over.id)) && stageOfId(d, over.id) === stage) {
        const fromIndex = ids.indexOf(id);
        const toIndex = ids.indexOf(String(over.id));
        if (toIndex >= 0 && fromIndex !== toIndex) ids = arrayMove(ids, fromIndex, toIndex);
      }
      const index = ids.indexOf(id);
      lastDrop.current = { stage, position: index + 1, total: ids.length };
      if (stage === start.deal.stage && index === start.index) return (clearDrag(), refocus());
      const target: MoveTarget = { stage, ...neighboursAt(ids.filter((x) => x !== id).map((x) => ({ id: x })), index) };
      // Held (the Lost dialog opens): the dialog takes focus, and gives it back to the card when it closes.
      if (onDrop(start.deal, target) === "hold") {
        setDraft({ ...d, [stage]: ids });
        return;
      }
      clearDrag();
      refocus(stage);
    },
    [clearDrag, onDrop, setDraft],
  );

  // ---------- announcements ----------

  const announcements = useMemo<Announcements>(() => {
    const nameOf = (id: UniqueIdentifier) => dealsRef.current.get(String(id))?.name ?? t("theDeal");
    const placeOf = (overId: UniqueIdentifier, activeId: UniqueIdentifier): Place | null => {
      const d = draftRef.current;
      if (!d) return null;
      const stage = stageFromDroppableId(String(overId)) ?? stageOfId(d, overId);
      if (!stage) return null;
      const ids = d[stage];
      const at = ids.indexOf(String(activeId));
      return { stage, position: at >= 0 ? at + 1 : ids.length + 1, total: ids.length + (at >= 0 ? 0 : 1) };
    };
    const placeArgs = (place: Place) => ({ stage: stageName(place.stage), position: place.position, total: place.total });
    return {
      onDragStart: ({ active }) => {
        const deal = dealsRef.current.get(String(active.id));
        const d = draftRef.current;
        const ids = deal && d ? d[deal.stage] : [];
        return t("pickedUp", { deal: nameOf(active.id), stage: stageName(deal?.stage), position: ids.indexOf(String(active.id)) + 1, total: ids.length });
      },
      onDragOver: ({ active, over }) => {
        const place = over ? placeOf(over.id, active.id) : null;
        return place ? t("over", { deal: nameOf(active.id), ...placeArgs(place) }) : t("notOver", { deal: nameOf(active.id) });
      },
      onDragEnd: ({ active, over }) => {
        // The drop has been handled (and the draft maybe cleared) by now: use where it landed.
        const place = over ? (lastDrop.current ?? placeOf(over.id, active.id)) : null;
        if (!place) return t("droppedOutside", { deal: nameOf(active.id) });
        const deal = dealsRef.current.get(String(active.id));
        return place.stage === "closed_lost" && deal?.stage !== "closed_lost"
          ? t("droppedOnLost", { deal: nameOf(active.id), stage: stageName(place.stage) })
          : t("dropped", { deal: nameOf(active.id), ...placeArgs(place) });
      },
      onDragCancel: ({ active }) => {
        const deal = dealsRef.current.get(String(active.id));
        return t("cancelled", { deal: nameOf(active.id), stage: stageName(deal?.stage) });
      },
    };
  }, [t, stageName]);

  const contextProps: DndContextProps = {
    sensors,
    collisionDetection,
    measuring: MEASURING,
    onDragStart: handleDragStart,
    onDragOver: handleDragOver,
    onDragEnd: handleDragEnd,
    onDragCancel: ({ active, activatorEvent }) => {
      clearDrag();
      if (activatorEvent instanceof KeyboardEvent) focusCard(String(active.id));
    },
    accessibility: { announcements, screenReaderInstructions: { draggable: t("instructions") } },
  };

  return { draft, activeId, clearDrag, contextProps, focusCard };
}

/**
 * Puts focus on a deal's card (on its deal link, the card's tab stop) once it is on screen again.
 * A card that changed column is a new element (its old one, focused while dragging, is gone and
 * focus fell to the page), and the board renders the move a frame or two later; so look for it
 * over a few frames. A card dropped into a folded column (Won, Lost) is not shown: focus goes to
 * that column's Expand button.
 */
export function focusCard(id: string, stage?: Stage, attempts = 20): void {
  requestAnimationFrame(() => {
    const card = document.querySelector<HTMLElement>(`[data-deal-card="${CSS.escape(id)}"]`);
    const link = card?.querySelector<HTMLElement>("[data-card-link]");
    if (card && link && card.dataset.dropPlaceholder === undefined) {
      if (document.activeElement !== link) link.focus();
      // dnd-kit restores focus to the element it lifted; if that element was replaced, try again.
      if (attempts > 15) focusCard(id, stage, attempts - 1);
      return;
    }
    if (attempts > 0) return focusCard(id, stage, attempts - 1);
    const folded = stage ? document.querySelector<HTMLElement>(`[data-stage="${stage}"][data-collapsed] button`) : null;
    if (folded && (document.activeElement === document.body || document.activeElement === null)) folded.focus();
  });
}

const MEASURING: DndContextProps["measuring"] = { droppable: { strategy: MeasuringStrategy.Always } };
