"use client";

import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { defaultRangeExtractor, type Range, useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { ChevronsLeftRight, ChevronsRightLeft, Loader2, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { memo, type ReactNode, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { CurrencyTotal } from "@/lib/deals/board-math";
import type { DealCard } from "@/lib/deals/schema";
import type { Stage } from "@/lib/deals/stages";
import { formatCompactMoney, formatCount, formatMoney } from "@/lib/format";
import { cn } from "@/lib/utils";
import { SortableDealCard } from "./deal-card";
import type { stageStyle } from "./stage-style";

type StageStyle = ReturnType<typeof stageStyle>;

export const columnDroppableId = (stage: Stage) => `column:${stage}`;
export const stageFromDroppableId = (id: string): Stage | null => (id.startsWith("column:") ? (id.slice(7) as Stage) : null);

/** The header's icon buttons: 44 px touch targets on a phone (without making the header taller), compact from sm up. */
const HEADER_BUTTON =
  "-my-2.5 flex h-11 w-11 items-center justify-center rounded-md text-slate-500 hover:bg-white hover:text-slate-900 sm:my-0 sm:h-auto sm:w-auto sm:p-1";

/** Cards mounted beyond the visible ones, above and below (the rest of a long column is virtual). */
const OVERSCAN = 6;
const ESTIMATED_CARD_HEIGHT = 106;
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
  const t = useTranslations("board.column");
  if (count === 0) return <p className="text-xs text-slate-600">{t("noDeals")}</p>;
  if (totals.every((total) => total.amount === 0)) return <p className="text-xs text-slate-600">{t("noAmounts")}</p>;
  const shown = totals.slice(0, 2);
  const hidden = totals.slice(2);
  return (
    <div className="space-y-0.5 text-xs tabular">
      {shown.map((total) => (
        <p key={total.currency} className="flex min-w-0 items-baseline gap-1" data-currency={total.currency}>
          <span className="sr-only">{t("total", { currency: total.currency })}: </span>
          <span
            className="shrink-0 font-medium text-slate-700"
            title={t("totalTitle", { count: total.count, currency: total.currency, amount: formatMoney(total.amount, total.currency, locale) })}
            data-testid="column-total"
          >
            {formatCompactMoney(total.amount, total.currency, locale)}
          </span>
          <span className="truncate text-slate-600" title={t("weightedTitle", { amount: formatMoney(total.weighted, total.currency, locale) })}>
            <span aria-hidden>· </span>
            {t("weightedValue", { amount: formatCompactMoney(total.weighted, total.currency, locale) })}
          </span>
        </p>
      ))}
      {hidden.length > 0 && (
        <p
          className="text-slate-600"
          title={hidden
            .map((total) => t("moreCurrenciesTitle", { amount: formatMoney(total.amount, total.currency, locale), weighted: formatMoney(total.weighted, total.currency, locale) }))
            .join("\n")}
        >
          {t("moreCurrencies", { count: hidden.length, amounts: hidden.map((total) => formatCompactMoney(total.amount, total.currency, locale)).join(", ") })}
        </p>
      )}
    </div>
  );
}

export interface BoardColumnProps {
  stage: Stage;
  /** The stage's name as its pipeline calls it, in the page's language. */
  label: string;
  /** The stage's accent (stageStyle). */
  accent: StageStyle;
  /** The stage's rotting days (null: cards here never show as rotting). */
  rottingDays: number | null;
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
  /** Won and Lost can fold into a narrow strip (name, count, total) that still takes drops. */
  collapsible?: boolean;
  collapsed?: boolean;
  onToggleCollapsed?: (stage: Stage) => void;
}

/**
 * One stage: a landmark named after the stage, a header with count and per-currency totals, and
 * a virtualized list of sortable cards that loads the next page as the end scrolls into view.
 */
export const BoardColumn = memo(function BoardColumn({
  stage,
  label,
  accent: style,
  rottingDays,
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
  collapsible = false,
  collapsed = false,
  onToggleCollapsed,
}: BoardColumnProps) {
  const t = useTranslations("board.column");
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
  }, [collapsed]);
  useEffect(() => {
    if (nearEnd && hasMore && !loadingMore && !loadFailed) onLoadMore(stage);
  }, [nearEnd, hasMore, loadingMore, loadFailed, onLoadMore, stage, items.length]);

  const virtualItems = virtualizer.getVirtualItems();

  if (collapsed) {
    return (
      <CollapsedColumn
        stage={stage}
        label={label}
        style={style}
        count={count}
        totals={totals}
        locale={locale}
        isOver={isOver}
        setDroppableRef={setDroppableRef}
        onExpand={() => onToggleCollapsed?.(stage)}
      />
    );
  }

  return (
    <section
      aria-label={label}
      data-stage={stage}
      className={cn(
        // `relative` keeps the screen-reader-only texts inside (they are absolutely positioned):
        // without it they sit at the page's edge and widen the document on a phone.
        "relative flex h-full w-[86vw] max-w-[300px] shrink-0 snap-start flex-col rounded-xl border sm:w-[292px]",
        style.quiet ? "border-slate-200/70 bg-slate-100/50" : "border-slate-200 bg-slate-100/90",
      )}
    >
      <header className="shrink-0 px-3 pt-3 pb-2">
        <div className="flex items-center gap-2">
          <span className={cn("h-2 w-2 shrink-0 rounded-full", style.dot)} aria-hidden />
          <h2 className={cn("truncate text-[13px] font-semibold", style.quiet ? "text-slate-700" : "text-slate-900")}>{label}</h2>
          <span className="rounded-full bg-white px-1.5 py-px text-[11px] font-medium text-slate-600 tabular ring-1 ring-slate-200 ring-inset" data-testid="column-count">
            <span aria-hidden>{formatCount(count, locale)}</span>
            <span className="sr-only">{t("dealCount", { count })}</span>
          </span>
          <div className="ml-auto flex items-center">
            {collapsible && (
              <button
                type="button"
                onClick={() => onToggleCollapsed?.(stage)}
                className={HEADER_BUTTON}
                aria-label={t("collapse", { stage: label })}
                title={t("collapse", { stage: label })}
                aria-expanded
              >
                <ChevronsRightLeft className="h-4 w-4" aria-hidden />
              </button>
            )}
            <button
              type="button"
              onClick={() => onQuickAdd(stage)}
              className={HEADER_BUTTON}
              aria-label={t("addDeal", { stage: label })}
              title={t("addDeal", { stage: label })}
            >
              <Plus className="h-4 w-4" aria-hidden />
            </button>
          </div>
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
                isOver ? "border-accent/60 text-accent" : "border-slate-300 text-slate-600",
              )}
            >
              {isOver ? t("dropHere") : t("empty")}
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
                    rottingDays={rottingDays}
                    quiet={style.quiet}
                  />
                );
              })}
            </div>
          )}
          <div ref={sentinelRef} aria-hidden className="h-px" />
          {hasMore && (
            <div className="flex items-center justify-center gap-2 py-3 text-xs text-slate-600">
              {loadFailed ? (
                <button type="button" className="text-accent hover:underline" onClick={() => onLoadMore(stage)}>
                  {t("loadMoreFailed")}
                </button>
              ) : (
                <>
                  <Loader2 className="h-3.5 w-3.5 animate-spin" aria-hidden /> {t("loadingMore")}
                </>
              )}
            </div>
          )}
        </div>
      </SortableContext>
    </section>
  );
});

/**
 * A folded Won or Lost column: a narrow strip with the stage's name written downwards, its count
 * and first total. It stays a drop target (a card dropped on it joins the stage); a click opens it.
 */
function CollapsedColumn({
  stage,
  label,
  style,
  count,
  totals,
  locale,
  isOver,
  setDroppableRef,
  onExpand,
}: {
  stage: Stage;
  label: string;
  style: StageStyle;
  count: number;
  totals: CurrencyTotal[];
  locale: string;
  isOver: boolean;
  setDroppableRef: (node: HTMLElement | null) => void;
  onExpand: () => void;
}) {
  const t = useTranslations("board.column");
  const total = totals.find((x) => x.amount > 0);
  return (
    // The whole strip opens the column on a click; the button is the way in for keyboards and screen readers.
    <section
      ref={setDroppableRef}
      aria-label={label}
      data-stage={stage}
      data-collapsed
      onClick={onExpand}
      className={cn(
        "relative flex h-full w-12 shrink-0 cursor-pointer snap-start flex-col items-center gap-2 rounded-xl border border-slate-200/70 bg-slate-100/50 px-1 py-2 text-slate-700 transition-colors hover:bg-white/70",
        isOver && "border-accent/60 bg-accent-soft/60",
      )}
    >
      <button
        type="button"
        onClick={(event) => {
          event.stopPropagation();
          onExpand();
        }}
        aria-expanded={false}
        aria-label={t("expand", { stage: label })}
        title={t("expand", { stage: label })}
        className="rounded-md p-1 text-slate-500 hover:bg-white hover:text-slate-900"
      >
        <ChevronsLeftRight className="h-4 w-4" aria-hidden />
      </button>
      <span className={cn("h-2 w-2 shrink-0 rounded-full", style.dot)} aria-hidden />
      <span className="rounded-full bg-white px-1.5 py-px text-[11px] font-medium text-slate-600 tabular ring-1 ring-slate-200 ring-inset" data-testid="column-count">
        <span aria-hidden>{formatCount(count, locale)}</span>
        <span className="sr-only">{t("dealCount", { count })}</span>
      </span>
      <h2 className="text-[13px] font-semibold [writing-mode:vertical-rl]">{label}</h2>
      {total && (
        <span className="text-xs text-slate-600 tabular [writing-mode:vertical-rl]" data-testid="column-total">
          {formatCompactMoney(total.amount, total.currency, locale)}
        </span>
      )}
    </section>
  );
}
