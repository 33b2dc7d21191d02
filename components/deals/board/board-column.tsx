"use client";

import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { defaultRangeExtractor, type Range, useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { Loader2, Plus } from "lucide-react";
import { memo, type ReactNode, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { CurrencyTotal } from "@/lib/deals/board-math";
import type { DealCard } from "@/lib/deals/schema";
import { stageLabel, type Stage } from "@/lib/deals/stages";
import { formatMoney } from "@/lib/format";
import { cn } from "@/lib/utils";
import { SortableDealCard } from "./deal-card";
import { STAGE_STYLE } from "./stage-style";

export const columnDroppableId = (stage: Stage) => `column:${stage}`;
export const stageFromDroppableId = (id: string): Stage | null => (id.startsWith("column:") ? (id.slice(7) as Stage) : null);

/** Cards mounted beyond the visible ones, above and below (the rest of a long column is virtual). */
const OVERSCAN = 6;
const ESTIMATED_CARD_HEIGHT = 88;
/** The column's width (sm:w-[292px] below). */
const COLUMN_WIDTH = 292;
/**
 * The list's size before it can be measured (on the server and while hydrating): about ten
 * cards, enough to fill a column on most screens. The server renders the cards in this window,
 * so they are on screen at first paint; the rest mount once the real size is known.
 */
const INITIAL_LIST_RECT = { width: COLUMN_WIDTH, height: 10 * ESTIMATED_CARD_HEIGHT };

/**
 * The library's measurement without its rounding: a card's exact height, so measured offsets
 * equal the in-flow positions of the server-rendered cards to the subpixel, however many cards
 * sit above. Like the default, a re-render (no resize entry) reuses the size already measured.
 */
const measureCard = (element: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLDivElement, Element>) => {
  const box = entry?.borderBoxSize?.[0];
  if (box) return box.blockSize;
  if (!entry) {
    const cached = instance.itemSizeCache.get(instance.options.getItemKey(instance.indexFromElement(element)));
    if (cached !== undefined) return cached;
  }
  return element.getBoundingClientRect().height;
};

const subscribeNever = () => () => {};
/** False on the server and in the hydrating render, true after (and when mounted on the client). */
const useHydrated = () => useSyncExternalStore(subscribeNever, () => true, () => false);

function ColumnTotals({ totals, locale, count }: { totals: CurrencyTotal[]; locale: string; count: number }) {
  if (count === 0) return <p className="text-xs text-slate-400">No deals</p>;
  if (totals.every((t) => t.amount === 0)) return <p className="text-xs text-slate-400">No amounts yet</p>;
  const shown = totals.slice(0, 2);
  const hidden = totals.slice(2);
  return (
    <dl className="space-y-0.5 text-xs tabular">
      {shown.map((t) => (
        <div key={t.currency} className="flex min-w-0 items-baseline gap-1" data-currency={t.currency}>
          <dt className="sr-only">{t.currency} total</dt>
          <dd className="shrink-0 font-medium text-slate-700" title={`${t.count} deal${t.count === 1 ? "" : "s"} in ${t.currency}`}>
            {formatMoney(t.amount, t.currency, locale)}
          </dd>
          <dt className="sr-only">{t.currency} weighted</dt>
          <dd className="truncate text-muted" title={`Weighted (amount × probability): ${formatMoney(t.weighted, t.currency, locale)}`}>
            <span aria-hidden>· </span>
            {formatMoney(t.weighted, t.currency, locale)} weighted
          </dd>
        </div>
      ))}
      {hidden.length > 0 && (
        <div
          className="text-muted"
          title={hidden.map((t) => `${formatMoney(t.amount, t.currency, locale)} · ${formatMoney(t.weighted, t.currency, locale)} weighted`).join("\n")}
        >
          +{hidden.length} more {hidden.length === 1 ? "currency" : "currencies"}:{" "}
          {hidden.map((t) => formatMoney(t.amount, t.currency, locale)).join(", ")}
        </div>
      )}
    </dl>
  );
}

export interface BoardColumnProps {
  stage: Stage;
  count: number;
  totals: CurrencyTotal[];
  items: DealCard[];
  hasMore: boolean;
  loadingMore: boolean;
  loadFailed: boolean;
  activeId: string | null;
  today: string | null;
  locale: string;
  onLoadMore: (stage: Stage) => void;
  onQuickAdd: (stage: Stage) => void;
  /** The inline quick-add form, when open for this column. */
  quickAdd?: ReactNode;
}

/**
 * One stage: a landmark named after the stage, a header with count and per-currency totals, and
 * a virtualized list of sortable cards that loads the next page as the end scrolls into view.
 */
export const BoardColumn = memo(function BoardColumn({
  stage,
  count,
  totals,
  items,
  hasMore,
  loadingMore,
  loadFailed,
  activeId,
  today,
  locale,
  onLoadMore,
  onQuickAdd,
  quickAdd,
}: BoardColumnProps) {
  const label = stageLabel(stage);
  const style = STAGE_STYLE[stage];
  const { setNodeRef: setDroppableRef, isOver } = useDroppable({ id: columnDroppableId(stage), data: { type: "column", stage } });
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const ids = useMemo(() => items.map((d) => d.id), [items]);
  const activeIndex = activeId ? ids.indexOf(activeId) : -1;

  // The dragged card must stay mounted even when scrolled out of the window, or dnd-kit loses it.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeIndex >= 0 && !indexes.includes(activeIndex)) return [...indexes, activeIndex].sort((a, b) => a - b);
      return indexes;
    },
    [activeIndex],
  );

  // Server-rendered cards have not been measured: until hydrated they sit in normal flow (each at
  // its natural height) instead of at estimated offsets, and the hydrating render must produce
  // the same cards as the server (so no overscan yet). Once hydrated, the virtualizer has measured
  // them and positions them absolutely at those same offsets: nothing moves.
  const hydrated = useHydrated();

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design.
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_CARD_HEIGHT,
    initialRect: INITIAL_LIST_RECT,
    measureElement: measureCard,
    overscan: hydrated ? OVERSCAN : 0,
    getItemKey: (index) => ids[index] ?? index,
    rangeExtractor,
  });

  // Load the next page when the end of the column comes near (and keep going while it stays near).
  const sentinelRef = useRef<HTMLDivElement | null>(null);
  const [nearEnd, setNearEnd] = useState(false);
  useEffect(() => {
    const root = scrollRef.current;
    const sentinel = sentinelRef.current;
    if (!root || !sentinel) return;
    // Entries queue up while the main thread is busy (e.g. [leaving, entering]): the last one is the current state.
    const observer = new IntersectionObserver((entries) => setNearEnd(entries[entries.length - 1].isIntersecting), {
      root,
      rootMargin: "0px 0px 600px 0px",
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (nearEnd && hasMore && !loadingMore && !loadFailed) onLoadMore(stage);
  }, [nearEnd, hasMore, loadingMore, loadFailed, onLoadMore, stage, items.length]);

  const virtualItems = virtualizer.getVirtualItems();

  return (
    <section
      aria-label={label}
      data-stage={stage}
      className={cn(
        "flex h-full w-[86vw] max-w-[300px] shrink-0 snap-start flex-col rounded-xl border sm:w-[292px]",
        style.quiet ? "border-slate-200/70 bg-slate-100/50" : "border-slate-200 bg-slate-100/90",
      )}
    >
      <header className="shrink-0 px-3 pt-3 pb-2">
        <div className="flex items-center gap-2">
          <span className={cn("h-2 w-2 shrink-0 rounded-full", style.dot)} aria-hidden />
          <h2 className={cn("truncate text-[13px] font-semibold", style.quiet ? "text-slate-600" : "text-slate-900")}>{label}</h2>
          <span className="rounded-full bg-white px-1.5 py-px text-[11px] font-medium text-slate-600 tabular ring-1 ring-slate-200 ring-inset" data-testid="column-count">
            <span aria-hidden>{count.toLocaleString(locale)}</span>
            <span className="sr-only">
              {count} {count === 1 ? "deal" : "deals"}
            </span>
          </span>
          <button
            type="button"
            onClick={() => onQuickAdd(stage)}
            className="ml-auto rounded-md p-1 text-slate-500 hover:bg-white hover:text-slate-900"
            aria-label={`Add a deal to ${label}`}
            title={`Add a deal to ${label}`}
          >
            <Plus className="h-4 w-4" aria-hidden />
          </button>
        </div>
        <div className="mt-1.5 min-h-[52px] pl-4" data-testid="column-totals">
          <ColumnTotals totals={totals} locale={locale} count={count} />
        </div>
      </header>
      {quickAdd}
      <SortableContext id={stage} items={ids} strategy={verticalListSortingStrategy}>
        <div
          ref={(node) => {
            scrollRef.current = node;
            setDroppableRef(node);
          }}
          className={cn(
            "relative min-h-0 flex-1 overflow-y-auto overscroll-contain rounded-b-xl pt-0.5 [scrollbar-width:thin]",
            isOver && items.length === 0 && "bg-accent-soft/50",
          )}
          data-testid="column-list"
        >
          {items.length === 0 ? (
            <div
              className={cn(
                "mx-2 flex h-20 items-center justify-center rounded-lg border border-dashed text-xs",
                isOver ? "border-accent/60 text-accent" : "border-slate-300 text-slate-400",
              )}
            >
              {isOver ? "Drop here" : "No deals in this stage"}
            </div>
          ) : (
            <div className={cn("relative w-full", !hydrated && "*:static!")} style={{ height: virtualizer.getTotalSize() }}>
              {virtualItems.map((row) => {
                const deal = items[row.index];
                if (!deal) return null;
                return (
                  <SortableDealCard
                    key={deal.id}
                    deal={deal}
                    index={row.index}
                    top={row.start}
                    measure={virtualizer.measureElement}
                    today={today}
                    locale={locale}
                    quiet={style.quiet}
                  />
                );
              })}
            </div>
          )}
          <div ref={sentinelRef} aria-hidden className="h-px" />
          {hasMore && (
            <div className="flex items-center justify-center gap-2 py-3 text-xs text-muted">
              {loadFailed ? (
                <button type="button" className="text-accent hover:underline" onClick={() => onLoadMore(stage)}>
                  Couldn’t load more — retry
                </button>
              ) : (
                <>
                  <Loader2 className="h-3.5 w-3.5 animate-spin" aria-hidden /> Loading more deals…
                </>
              )}
            </div>
          )}
        </div>
      </SortableContext>
    </section>
  );
});
