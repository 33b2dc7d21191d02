import { compareRank, rankBetween } from "./rank";
import type { Deal, DealCard } from "./schema";
import { findStage, type Pipeline, type PipelineStage } from "@/lib/pipelines/model";
import { isClosedStage, type Stage } from "./stages";

/**
 * Pure board arithmetic shared by the server (response shape) and the browser (optimistic
 * updates): totals per currency, weighted amounts, stale detection, and moving a deal between
 * columns without mutating anything. No I/O, no React.
 */

/** One currency's share of a column: never summed across currencies. */
export interface CurrencyTotal {
  currency: string;
  count: number;
  amount: number;
  /** Σ amount × probability / 100. */
  weighted: number;
}

export interface BoardColumn {
  stage: Stage;
  /** Deals in the column matching the filters (all of them, not just the loaded page). */
  count: number;
  totals: CurrencyTotal[];
  /**
   * The loaded cards, ordered by (position, id). The server sends `DealCard`s; a full `Deal` (a
   * move's or a create's answer) is put in as it is.
   */
  items: DealCard[];
  /** Pass as `cursor` (with `stage`) to load the next page; null at the end of the column. */
  next_cursor: string | null;
}

export interface BoardData {
  /** The pipeline shown: its stages are the columns, in order. */
  pipeline: Pipeline;
  columns: BoardColumn[];
}

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export function weightedAmount(amount: number | null, probability: number): number {
  return round(((amount ?? 0) * probability) / 100, 4);
}

/** Orders totals so the column header is stable: the most-used currency first, then by code. */
export function sortTotals(totals: CurrencyTotal[]): CurrencyTotal[] {
  return [...totals].sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
}

/** Per-currency totals of a list of deals (used for tests and for columns built on the client). */
export function totalsOf(deals: readonly Pick<Deal, "amount" | "currency" | "probability">[]): CurrencyTotal[] {
  let totals: CurrencyTotal[] = [];
  for (const d of deals) totals = addToTotals(totals, d, 1);
  return totals;
}

/** Adds (sign 1) or removes (sign −1) one deal's contribution; entries that reach zero deals disappear. */
export function addToTotals(
  totals: readonly CurrencyTotal[],
  deal: Pick<Deal, "amount" | "currency" | "probability">,
  sign: 1 | -1,
): CurrencyTotal[] {
  const amount = deal.amount ?? 0;
  const weighted = weightedAmount(deal.amount, deal.probability);
  let found = false;
  const next: CurrencyTotal[] = [];
  for (const t of totals) {
    if (t.currency !== deal.currency) {
      next.push(t);
      continue;
    }
    found = true;
    const count = t.count + sign;
    if (count > 0) {
      next.push({ currency: t.currency, count, amount: round(t.amount + sign * amount, 2), weighted: round(t.weighted + sign * weighted, 4) });
    }
  }
  if (!found && sign === 1) next.push({ currency: deal.currency, count: 1, amount: round(amount, 2), weighted });
  return sortTotals(next);
}

const compareBoardOrder = (a: Pick<Deal, "position" | "id">, b: Pick<Deal, "position" | "id">): number =>
  compareRank(a.position, b.position) || compareRank(a.id, b.id);

/** Columns in the pipeline's stage order, filling in stages the server did not return. */
export function normalizeColumns(columns: readonly BoardColumn[], stages: readonly Pick<PipelineStage, "id">[]): BoardColumn[] {
  const byStage = new Map(columns.map((c) => [c.stage, c]));
  return stages.map((s) => byStage.get(s.id) ?? { stage: s.id, count: 0, totals: [], items: [], next_cursor: null });
}

export function findDeal(board: BoardData, dealId: string): { column: BoardColumn; index: number; deal: DealCard } | null {
  for (const column of board.columns) {
    const index = column.items.findIndex((d) => d.id === dealId);
    if (index !== -1) return { column, index, deal: column.items[index] };
  }
  return null;
}

/**
 * Puts `deal` (a new or changed version) where it belongs: removed from wherever it was, inserted
 * into its stage's column in (position, id) order, with counts and totals adjusted by the
 * difference. Moves, rollbacks and server confirmations are all this one operation. A deal that
 * sorts after the last loaded card of a column with more pages is counted but not shown (it will
 * arrive with "load more").
 */
export function upsertDeal(board: BoardData, deal: DealCard & Partial<Pick<Deal, "is_deleted">>): BoardData {
  const previous = findDeal(board, deal.id);
  const columns = board.columns.map((column) => {
    let { items, count, totals } = column;
    if (previous && previous.column.stage === column.stage) {
      items = items.filter((d) => d.id !== deal.id);
      count -= 1;
      totals = addToTotals(totals, previous.deal, -1);
    }
    if (deal.stage === column.stage && !deal.is_deleted) {
      count += 1;
      totals = addToTotals(totals, deal, 1);
      const at = items.findIndex((d) => compareBoardOrder(deal, d) < 0);
      if (at === -1) {
        if (column.next_cursor === null) items = [...items, deal];
      } else {
        items = [...items.slice(0, at), deal, ...items.slice(at)];
      }
    }
    if (items === column.items && count === column.count) return column;
    return { ...column, items, count: Math.max(0, count), totals };
  });
  return { ...board, columns };
}

/** Removes a deal (deleted, or no longer matching the filters). */
export function removeDeal(board: BoardData, dealId: string): BoardData {
  const previous = findDeal(board, dealId);
  if (!previous) return board;
  return upsertDeal(board, { ...previous.deal, is_deleted: true });
}

/** The neighbours a card dropped at `index` of `items` (without the card itself) ends up between. */
export function neighboursAt(items: readonly Pick<Deal, "id">[], index: number): { before_id: string | null; after_id: string | null } {
  const i = Math.max(0, Math.min(index, items.length));
  return { before_id: items[i - 1]?.id ?? null, after_id: items[i]?.id ?? null };
}

export interface MoveTarget {
  stage: Stage;
  /** The deal directly above the moved one after the move. */
  before_id: string | null;
  /** The deal directly below the moved one after the move. */
  after_id: string | null;
}

/**
 * The deal as it will look after a move, computed on the client for the optimistic update:
 * a rank between its new neighbours, and on a stage change the new stage's configured
 * probability (from the board's pipeline) and a fresh stage_entered_at (the server does the same and its answer replaces this).
 */
export function movedDeal(board: BoardData, deal: DealCard, target: MoveTarget, extra: Partial<DealCard> = {}, now = new Date()): DealCard {
  const column = board.columns.find((c) => c.stage === target.stage);
  const items = column ? column.items.filter((d) => d.id !== deal.id) : [];
  let above = target.before_id ? items.find((d) => d.id === target.before_id) ?? null : null;
  let below = target.after_id ? items.find((d) => d.id === target.after_id) ?? null : null;
  if (above && !below) below = items[items.indexOf(above) + 1] ?? null;
  if (below && !above) above = items[items.indexOf(below) - 1] ?? null;
  if (!above && !below && !target.before_id && !target.after_id) below = items[0] ?? null;
  const stageChanged = target.stage !== deal.stage;
  return {
    ...deal,
    stage: target.stage,
    position: rankBetween(above?.position ?? null, below?.position ?? null),
    ...(stageChanged
      ? { probability: findStage(board.pipeline.stages, target.stage)?.probability ?? deal.probability, stage_entered_at: now.toISOString() }
      : {}),
    ...extra,
  };
}

/** Applies a move to the board: the optimistic update. */
export function applyMove(board: BoardData, dealId: string, target: MoveTarget, extra: Partial<DealCard> = {}, now = new Date()): BoardData {
  const found = findDeal(board, dealId);
  if (!found) return board;
  return upsertDeal(board, movedDeal(board, found.deal, target, extra, now));
}

/** Adds a loaded page to a column (dropping cards already shown, e.g. after a concurrent refetch). */
export function appendPage(board: BoardData, stage: Stage, page: Pick<BoardColumn, "items" | "next_cursor">): BoardData {
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage !== stage) return column;
      const seen = new Set(column.items.map((d) => d.id));
      const last = column.items[column.items.length - 1];
      const fresh = page.items.filter((d) => !seen.has(d.id) && d.stage === stage && (!last || compareBoardOrder(last, d) < 0));
      return { ...column, items: [...column.items, ...fresh], next_cursor: page.next_cursor };
    }),
  };
}

// ---------- stale and overdue ----------

const DAY_MS = 86_400_000;

type Staleness =
  | { stale: false }
  | { stale: true; reason: "followup_overdue"; since: string }
  | { stale: true; reason: "idle_in_stage"; days: number };

/**
 * A deal needs attention when its next follow-up date has passed, or when it has sat in one
 * open stage for more than that stage's rotting days (`rottingDays`; null: the stage never
 * rots). Closed deals are never stale.
 */
export function staleness(
  deal: Pick<Deal, "stage" | "next_followup_date" | "stage_entered_at">,
  today: string,
  now: Date,
  rottingDays: number | null,
): Staleness {
  if (isClosedStage(deal.stage)) return { stale: false };
  if (deal.next_followup_date && deal.next_followup_date < today) {
    return { stale: true, reason: "followup_overdue", since: deal.next_followup_date };
  }
  if (rottingDays === null) return { stale: false };
  const days = Math.floor((now.getTime() - new Date(deal.stage_entered_at).getTime()) / DAY_MS);
  if (days > rottingDays) return { stale: true, reason: "idle_in_stage", days };
  return { stale: false };
}

/** An open deal whose expected close date is before today. */
export function isCloseOverdue(deal: Pick<Deal, "stage" | "expected_close_date">, today: string): boolean {
  return !isClosedStage(deal.stage) && deal.expected_close_date !== null && deal.expected_close_date < today;
}

/**
 * Who a card names under the deal and where that name links: the company's record, or, for a deal
 * with no company, its contact's. A name without a record to open (no id) is shown unlinked.
 */
export function cardParty(deal: Pick<DealCard, "company_id" | "company_name" | "contact_id" | "contact_name">): { name: string; href: string | null } | null {
  if (deal.company_name !== null) return { name: deal.company_name, href: deal.company_id ? `/companies/${encodeURIComponent(deal.company_id)}` : null };
  if (deal.contact_name !== null) return { name: deal.contact_name, href: deal.contact_id ? `/contacts/${encodeURIComponent(deal.contact_id)}` : null };
  return null;
}
