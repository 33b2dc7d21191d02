"use client";

import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { AlarmClock, CalendarDays, CircleDashed, ListChecks } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { type HTMLAttributes, type MouseEvent, memo, type Ref, useCallback, useRef } from "react";
import { Avatar } from "@/components/ui/avatar";
import { cardParty, isCloseOverdue, staleness } from "@/lib/deals/board-math";
import type { DealCard } from "@/lib/deals/schema";
import { isClosedStage } from "@/lib/deals/stages";
import { formatDate, formatMoney, formatShortDate } from "@/lib/format";
import { dueState, formatDueShort } from "@/lib/tasks/due";
import { cn } from "@/lib/utils";

interface CardProps {
  deal: DealCard;
  /** Null until hydrated (see useToday): date markers need the user's time zone. */
  today: string | null;
  locale: string;
  /** The stage's rotting days in the board's pipeline (null: the stage never rots). */
  rottingDays: number | null;
}

function StaleMarker({ deal, today, locale, rottingDays }: CardProps) {
  const t = useTranslations("board.card");
  if (!today) return null;
  const s = staleness(deal, today, new Date(), rottingDays);
  if (!s.stale) return null;
  const title = s.reason === "followup_overdue" ? t("staleFollowup", { date: formatDate(s.since, locale) }) : t("staleDays", { days: s.days });
  return (
    <span
      title={title}
      data-stale={s.reason}
      className={cn("mt-px inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-600 ring-1 ring-amber-200 ring-inset", RAISED)}
    >
      <AlarmClock className="h-3 w-3" aria-hidden />
      <span className="sr-only">{title}.</span>
    </span>
  );
}

/**
 * The deal's next step (its earliest open task): overdue in red and due today in amber, each also
 * said in words; otherwise its date. An open deal without one says so. Before hydration (`today`
 * null) the date shows without the marking, which needs the viewer's time zone.
 */
export function NextStepLine({ deal, today, locale }: Pick<CardProps, "deal" | "today" | "locale">) {
  const t = useTranslations("tasks.card");
  if (isClosedStage(deal.stage)) return null;
  const step = deal.next_step;
  if (!step) {
    return (
      <div className="mt-1.5 flex items-center gap-1 text-[11px] text-slate-500" data-next-step="none">
        <CircleDashed className="h-3 w-3 shrink-0" aria-hidden />
        {t("noNextStep")}
      </div>
    );
  }
  const state = step.due_at && today !== null ? dueState(step.due_at, new Date()) : null;
  const date = step.due_at ? formatDueShort(step.due_at, locale) : null;
  const when = state === "overdue" ? t("overdue", { date: date ?? "" }) : state === "today" ? t("today") : date;
  return (
    <div
      className={cn("mt-1.5 flex min-w-0 items-center gap-1 text-[11px]", RAISED, state === "overdue" ? "text-red-700" : state === "today" ? "text-amber-700" : "text-slate-600")}
      data-next-step={state ?? "upcoming"}
      title={t("nextStep", { content: step.content ?? "" })}
    >
      <ListChecks className="h-3 w-3 shrink-0" aria-hidden />
      {when ? <span className={cn("shrink-0 tabular", state && "font-semibold")}>{when}</span> : null}
      <span className="sr-only">{t("nextStep", { content: "" })}</span>
      <span className="min-w-0 truncate text-slate-700">{step.content}</span>
    </div>
  );
}

/**
 * Above the card's stretched deal link: the company or contact link, so it takes its own clicks,
 * and the markers that explain themselves in a tooltip (a click on one still opens the deal).
 */
const RAISED = "relative z-10";

// Pointer and touch presses on the company link stay with the link: no card drag (nor the browser's
// own drag of a link, `draggable={false}`) starts there to swallow its click.
const keepPressOnLink = (event: { stopPropagation: () => void }) => event.stopPropagation();

/**
 * What a card shows; shared by the card in its column and the drag overlay. With `dragAttributes`
 * (dnd-kit's, for the activator the keyboard lifts: `activatorRef`) the name is the link to the
 * deal, stretched over the whole card, and the company (or contact) links to its record above it;
 * without, the overlay's picture has no links.
 */
export function DealCardBody({
  deal,
  today,
  locale,
  rottingDays,
  dragAttributes,
  activatorRef,
}: CardProps & { dragAttributes?: HTMLAttributes<HTMLElement>; activatorRef?: Ref<HTMLAnchorElement> }) {
  const t = useTranslations("board.card");
  const unassigned = useTranslations("domain")("unassigned");
  const closed = isClosedStage(deal.stage);
  const overdue = today !== null && isCloseOverdue(deal, today);
  const closeDate = formatDate(deal.expected_close_date, locale);
  const party = cardParty(deal);
  const nameClass = cn("min-w-0 flex-1 text-[13px] leading-snug font-semibold break-words", closed ? "text-slate-600" : "text-slate-900");
  const name = (
    <span data-card-name className="line-clamp-2">
      {deal.name}
    </span>
  );
  return (
    <>
      <div className="flex items-start gap-2">
        {dragAttributes ? (
          <Link
            href={`/deals/${deal.id}`}
            prefetch={false}
            ref={activatorRef}
            data-card-link
            {...dragAttributes}
            aria-roledescription={t("roleDescription")}
            className={cn(nameClass, "cursor-grab outline-none! after:absolute after:inset-0 after:rounded-lg")}
          >
            {name}
          </Link>
        ) : (
          <span className={nameClass}>{name}</span>
        )}
        <StaleMarker deal={deal} today={today} locale={locale} rottingDays={rottingDays} />
      </div>
      <div className="mt-0.5 flex min-w-0 text-xs text-muted">
        {party?.href && dragAttributes ? (
          <Link
            href={party.href}
            prefetch={false}
            data-card-party
            draggable={false}
            onPointerDown={keepPressOnLink}
            onTouchStart={keepPressOnLink}
            className={cn(RAISED, "min-w-0 truncate rounded-sm hover:text-accent hover:underline")}
          >
            {party.name}
          </Link>
        ) : (
          <span className="min-w-0 truncate">{party?.name ?? t("noCompany")}</span>
        )}
      </div>
      <NextStepLine deal={deal} today={today} locale={locale} />
      <div className="mt-2 flex items-center gap-2">
        <Avatar
          name={deal.assigned_member_name ?? unassigned}
          title={deal.assigned_member_name ? t("owner", { name: deal.assigned_member_name }) : unassigned}
          className={cn("h-5 w-5 text-[9px]", RAISED, !deal.assigned_member_name && "bg-slate-100 text-slate-600")}
        />
        {deal.expected_close_date ? (
          <span
            className={cn("inline-flex items-center gap-1 text-[11px] tabular", RAISED, overdue ? "font-medium text-red-700" : "text-muted")}
            title={overdue ? t("expectedCloseOverdue", { date: closeDate }) : t("expectedClose", { date: closeDate })}
            data-testid="card-close-date"
          >
            <CalendarDays className="h-3 w-3" aria-hidden />
            {overdue && <span className="sr-only">{t("overdue")} </span>}
            {formatShortDate(deal.expected_close_date, locale, today)}
          </span>
        ) : null}
        <span className={cn("ml-auto shrink-0 text-right text-[13px] font-semibold tabular", closed ? "text-slate-600" : "text-slate-800")}>
          {deal.amount === null ? <span className="font-normal text-muted">{t("noAmount")}</span> : formatMoney(deal.amount, deal.currency, locale)}
        </span>
      </div>
    </>
  );
}

const cardClass =
  "block rounded-lg border border-slate-200 bg-surface px-3 py-2.5 shadow-[0_1px_2px_rgba(15,23,42,0.05)] outline-none transition-[box-shadow,transform,border-color] duration-150";

/**
 * The whole card shows the focus of its deal link (the link itself draws none: the global focus
 * outline is unlayered, hence the `!`), so a keyboard user sees the card that Space lifts.
 */
const CARD_FOCUS =
  "has-[[data-card-link]:focus-visible]:border-accent has-[[data-card-link]:focus-visible]:ring-2 has-[[data-card-link]:focus-visible]:ring-ring/40 has-[[data-card-link]:focus-visible]:outline-2 has-[[data-card-link]:focus-visible]:outline-offset-2 has-[[data-card-link]:focus-visible]:outline-ring";

/** The card being dragged, drawn above everything by dnd-kit's DragOverlay. */
export function DealCardOverlay(props: CardProps) {
  return (
    <div className={cn(cardClass, "w-[272px] cursor-grabbing border-slate-300 shadow-xl ring-1 ring-accent/20 rotate-[1.5deg]")}>
      <DealCardBody {...props} />
    </div>
  );
}

/**
 * A card in its column, a dnd-kit sortable: pointer drag after 5 px and touch after a long press
 * from anywhere on it, Space to lift from the keyboard. Its one tab stop is the deal's name, a
 * link stretched over the card (a click anywhere opens the deal) and the drag's activator; the
 * company or contact link sits above it as a second stop. While the card is being dragged, its
 * slot stays behind as the drop placeholder.
 */
export const SortableDealCard = memo(function SortableDealCard({
  deal,
  today,
  locale,
  rottingDays,
  quiet,
  top,
  index,
  measure,
}: CardProps & { quiet: boolean; top: number; index: number; measure: (node: HTMLElement | null) => void }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: deal.id, data: { stage: deal.stage } });
  // A link stays a link for assistive tech; dnd-kit's role="button" would hide that it opens the deal.
  const { role: _role, ...dragAttributes } = attributes;
  const dealLink = useRef<HTMLAnchorElement | null>(null);
  const setDealLink = useCallback(
    (node: HTMLAnchorElement | null) => {
      dealLink.current = node;
      setActivatorNodeRef(node);
    },
    [setActivatorNodeRef],
  );
  // A raised marker (stale, owner, dates) is not part of the link: a click on it opens the deal too.
  const openFromMarker = (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || (event.target as Element).closest("a, button")) return;
    const { ctrlKey, metaKey, shiftKey, altKey } = event;
    dealLink.current?.dispatchEvent(new globalThis.MouseEvent("click", { bubbles: true, cancelable: true, ctrlKey, metaKey, shiftKey, altKey }));
  };
  return (
    <div
      ref={(node) => {
        setNodeRef(node);
        measure(node);
      }}
      data-index={index}
      className="absolute inset-x-0 px-2 pb-2"
      style={{ top, transform: CSS.Translate.toString(transform), transition, zIndex: isDragging ? 1 : undefined }}
    >
      <div
        data-deal-card={deal.id}
        data-drop-placeholder={isDragging || undefined}
        {...listeners}
        onClick={openFromMarker}
        className={cn(
          cardClass,
          "relative cursor-grab touch-manipulation select-none",
          CARD_FOCUS,
          isDragging
            ? "border-dashed border-accent/60 bg-accent-soft/70 shadow-none"
            : "hover:-translate-y-px hover:border-slate-300 hover:shadow-md",
          quiet && !isDragging && "bg-white/80",
        )}
      >
        {/* While dragging, the slot stays behind (same height) as the drop placeholder; the lifted link keeps focus. */}
        <div className={cn(isDragging && "opacity-0")}>
          <DealCardBody
            deal={deal}
            today={today}
            locale={locale}
            rottingDays={rottingDays}
            dragAttributes={dragAttributes}
            activatorRef={setDealLink}
          />
        </div>
      </div>
    </div>
  );
});
