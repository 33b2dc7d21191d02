import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client";
import type { BoardFilters } from "@/lib/deals/board-filters";
import { appendPage, applyMove, type BoardData, type MoveTarget, upsertDeal } from "@/lib/deals/board-math";
import type { Deal, DealCard } from "@/lib/deals/schema";
import type { LossCategory, Stage } from "@/lib/deals/stages";
import { boardKey, boardQuery, fetchBoardColumnPage } from "./board";
import { enqueueMove, hasLaterMove, SupersededMoveError } from "./deal-move-queue";
import { dealsApi } from "./deals";
import { dealKeys } from "./keys";
import { type LiveStatus, useDealEvents } from "./use-deal-events";

/**
 * The board's hooks: its query, loading more of a column, the move mutation with its optimistic
 * update and per-deal serialization, quick add, and the live feed that keeps it fresh.
 */

export function useBoard(filters: BoardFilters) {
  return useQuery(boardQuery(filters));
}

// ---------- load more ----------

/** Loads the next page of one column into the board's cache entry. */
export function useLoadMore(filters: BoardFilters) {
  const t = useTranslations("board.toasts");
  const client = useQueryClient();
  const inFlight = useRef(new Set<Stage>());
  const [loading, setLoading] = useState<ReadonlySet<Stage>>(new Set());
  const [failed, setFailed] = useState<ReadonlySet<Stage>>(new Set());

  const loadMore = useCallback(
    async (stage: Stage) => {
      const key = boardKey(filters);
      const cursor = client.getQueryData<BoardData>(key)?.columns.find((c) => c.stage === stage)?.next_cursor;
      if (!cursor || inFlight.current.has(stage)) return;
      inFlight.current.add(stage);
      setLoading(new Set(inFlight.current));
      try {
        const page = await fetchBoardColumnPage(filters, stage, cursor);
        client.setQueryData<BoardData>(key, (board) => (board ? appendPage(board, stage, page) : board));
        setFailed((f) => without(f, stage));
      } catch (error) {
        setFailed((f) => new Set(f).add(stage));
        toast.error(t("loadMoreFailed"), { description: error instanceof ApiError ? error.message : undefined });
      } finally {
        inFlight.current.delete(stage);
        setLoading(new Set(inFlight.current));
      }
    },
    [client, filters, t],
  );
  return { loadMore, loading, failed };
}

function without<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  if (!set.has(value)) return set;
  const next = new Set(set);
  next.delete(value);
  return next;
}

// ---------- moving a deal ----------

export interface MoveVariables {
  /** The card as the board shows it (its version is sent as If-Match). */
  deal: DealCard;
  target: MoveTarget;
  lost?: { lost_reason: string; loss_category: LossCategory };
  /** One per drag, so a retried request is not applied twice. */
  idempotencyKey: string;
}

/** The board's toast messages (messages/board: `toasts`). */
type ToastText = (key: "conflictTitle" | "conflictDescription" | "offlineTitle" | "offlineDescription" | "refusedTitle" | "failedTitle" | "unknownError") => string;

/**
 * What a refused or failed move tells the person, in their language. The server's `detail` (the
 * API's own words) describes a refusal; a conflict and being offline have their own sentences.
 */
export function moveErrorMessage(error: unknown, t: ToastText): { title: string; description: string } {
  if (error instanceof ApiError) {
    if (error.status === 409) return { title: t("conflictTitle"), description: t("conflictDescription") };
    if (error.status === 0) return { title: t("offlineTitle"), description: t("offlineDescription") };
    return { title: t("refusedTitle"), description: error.message };
  }
  return { title: t("failedTitle"), description: error instanceof Error ? error.message : t("unknownError") };
}

interface MoveContext {
  key: readonly unknown[];
  snapshot: DealCard;
}

const isMoving = (client: QueryClient) => client.isMutating({ mutationKey: dealKeys.moves() }) > 0;

export function useMoveDeal(filters: BoardFilters) {
  const t = useTranslations("board.toasts");
  const client = useQueryClient();
  // The latest confirmed server version of each deal moved from this board, for rollbacks.
  const confirmed = useRef(new Map<string, Deal>());
  const seqs = useRef(new WeakMap<MoveVariables, number>());

  return useMutation<Deal, unknown, MoveVariables, MoveContext>({
    mutationKey: dealKeys.moves(),
    mutationFn: (vars) => {
      const { seq, done } = enqueueMove(vars.deal.id, (latest) =>
        dealsApi.moveStage(
          vars.deal.id,
          { stage: vars.target.stage, before_id: vars.target.before_id, after_id: vars.target.after_id, version: latest?.version ?? vars.deal.version, ...vars.lost },
          vars.idempotencyKey,
        ),
      );
      seqs.current.set(vars, seq);
      return done;
    },
    onMutate: async (vars) => {
      const key = boardKey(filters);
      // A refetch landing after this would paint the old state over the optimistic one.
      await client.cancelQueries({ queryKey: dealKeys.boards() });
      const board = client.getQueryData<BoardData>(key);
      const current = board?.columns.flatMap((c) => c.items).find((d) => d.id === vars.deal.id) ?? vars.deal;
      client.setQueryData<BoardData>(key, (b) => (b ? applyMove(b, vars.deal.id, vars.target, vars.lost ?? {}) : b));
      return { key, snapshot: current };
    },
    onSuccess: (deal, vars, context) => {
      confirmed.current.set(deal.id, deal);
      client.setQueryData(dealKeys.detail(deal.id), deal);
      // A later move of the same deal is already shown optimistically; don't paint over it.
      if (!hasLaterMove(deal.id, seqs.current.get(vars) ?? 0)) {
        client.setQueryData<BoardData>(context.key, (b) => (b ? upsertDeal(b, deal) : b));
      }
    },
    onError: (error, vars, context) => {
      if (error instanceof SupersededMoveError || !context) return;
      // Back to the truth: the server's current deal (409), else the last state it confirmed, else where it was.
      const current = error instanceof ApiError ? (error.body.deal as Deal | undefined) : undefined;
      const lastConfirmed = confirmed.current.get(vars.deal.id);
      const restore = current ?? (lastConfirmed && lastConfirmed.version > context.snapshot.version ? lastConfirmed : context.snapshot);
      client.setQueryData<BoardData>(context.key, (b) => (b ? upsertDeal(b, restore) : b));
      const message = moveErrorMessage(error, t);
      toast.error(message.title, { description: t("aboutDeal", { deal: vars.deal.name, reason: message.description }) });
    },
    onSettled: () => {
      // Reconcile with the server once no move of ours is still in the air.
      if (client.isMutating({ mutationKey: dealKeys.moves() }) <= 1) void client.invalidateQueries({ queryKey: dealKeys.all });
    },
  });
}

// ---------- quick add ----------

export interface QuickAddInput {
  name: string;
  amount: number | null;
  currency: string;
  stage: Stage;
  assigned_member_id: string | null;
  /** The board's pipeline: a column's stage belongs to it. */
  pipeline_id?: string;
}

export function useQuickAddDeal(filters: BoardFilters) {
  const client = useQueryClient();
  return useMutation<Deal, ApiError, QuickAddInput & { idempotencyKey: string }>({
    mutationFn: ({ idempotencyKey, ...input }) => dealsApi.create(input, idempotencyKey),
    onSuccess: (deal) => {
      // The server puts a new deal at the top of its column; show it there at once.
      client.setQueryData<BoardData>(boardKey(filters), (b) => (b ? upsertDeal(b, deal) : b));
      void client.invalidateQueries({ queryKey: dealKeys.all });
    },
  });
}

// ---------- live updates ----------

/** Board refreshes are debounced a little longer than a record's: a burst of moves costs one refetch. */
const LIVE_BOARD_DEBOUNCE_MS = 400;

/**
 * Keeps the board current with everyone's changes (refetching, debounced, and not while a move
 * of ours is in flight) and reports the connection's state.
 */
export function useLiveBoard(): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useDealEvents({
    debounceMs: LIVE_BOARD_DEBOUNCE_MS,
    holdWhile: () => isMoving(client),
    refresh: () => void client.invalidateQueries({ queryKey: dealKeys.all }),
    onStatus: setStatus,
  });
  return status;
}

export type { LiveStatus };
