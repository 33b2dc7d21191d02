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
import { type PointerEvent as ReactPointerEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type BoardData, type MoveTarget, neighboursAt } from "@/lib/deals/board-math";
import type { DealCard } from "@/lib/deals/schema";
import { STAGE_IDS, type Stage, stageLabel } from "@/lib/deals/stages";
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

/** Each column's card ids while a drag is in progress. */
export type Draft = Record<Stage, string[]>;

const SCREEN_READER_INSTRUCTIONS =
  "To move a deal, press Space to pick it up. Use the left and right arrow keys to move it to another stage, and the up and down arrow keys to change its position. Press Space again to drop it, or Escape to cancel. Press Enter to open the deal.";

const stageOfId = (draft: Draft, id: UniqueIdentifier): Stage | null => {
  for (const stage of STAGE_IDS) if (draft[stage].includes(String(id))) return stage;
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
  const [draft, setDraftState] = useState<Draft | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
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
      if (onDrop(start.deal, target) === "hold") {
        setDraft({ ...d, [stage]: ids });
        return;
      }
      clearDrag();
    },
    [clearDrag, onDrop, setDraft],
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

  const contextProps: DndContextProps = {
    sensors,
    collisionDetection,
    measuring: MEASURING,
    onDragStart: handleDragStart,
    onDragOver: handleDragOver,
    onDragEnd: handleDragEnd,
    onDragCancel: clearDrag,
    accessibility: { announcements, screenReaderInstructions: { draggable: SCREEN_READER_INSTRUCTIONS } },
  };

  return { draft, activeId, clearDrag, contextProps };
}

const MEASURING: DndContextProps["measuring"] = { droppable: { strategy: MeasuringStrategy.Always } };
