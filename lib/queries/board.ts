import { keepPreviousData, type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { ApiError, apiFetch } from "@/lib/api-client";
import { type BoardFilters, boardApiParams } from "@/lib/deals/board-filters";
import { appendPage, applyMove, type BoardData, type MoveTarget, normalizeColumns, upsertDeal } from "@/lib/deals/board-math";
import type { Deal, DealCard } from "@/lib/deals/schema";
import type { LossCategory, Stage } from "@/lib/deals/stages";
import { dealKeys, memberKeys } from "./keys";

/**
 * The board's server state: one react-query entry per filter set holding all six columns (with
 * however many pages of each have been loaded), the move mutation with its optimistic update
 * and per-deal serialization, quick-add, and the live feed that keeps it fresh.
 */

export const BOARD_PAGE_SIZE = 50;
const BOARD_URL = "/api/v1/crm/board";
const DEALS_URL = "/api/v1/crm/deals";
const MOVE_KEY = ["deals", "move"] as const;
/** Reloading a column refetches at most this many cards; deeper ones come back with scrolling. */
const REFETCH_DEPTH_MAX = 400;

export const boardKey = (filters: BoardFilters) => dealKeys.board({ ...filters });

export const newIdempotencyKey = (): string =>
  typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

function boardUrl(filters: BoardFilters, extra: Record<string, string> = {}): string {
  const params = boardApiParams(filters);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const qs = params.toString();
  return qs ? `${BOARD_URL}?${qs}` : BOARD_URL;
}

/**
 * Fetches the board. When `previous` had scrolled deeper into a column than the first page, that
 * depth is reloaded too (page by page, capped), so a refresh does not yank cards from under the
 * user's scroll position.
 */
export async function fetchBoard(filters: BoardFilters, previous: BoardData | undefined, signal?: AbortSignal): Promise<BoardData> {
  const fresh = await apiFetch<BoardData>(boardUrl(filters, { per_stage: String(BOARD_PAGE_SIZE) }), { signal });
  let board: BoardData = { columns: normalizeColumns(fresh.columns) };
  if (!previous) return board;
  for (const before of previous.columns) {
    const want = Math.min(before.items.length, REFETCH_DEPTH_MAX);
    let column = board.columns.find((c) => c.stage === before.stage)!;
    while (column.next_cursor && column.items.length < want) {
      const page = await apiFetch<BoardData>(
        boardUrl(filters, { stage: column.stage, cursor: column.next_cursor, per_stage: String(Math.min(200, want - column.items.length)) }),
        { signal },
      );
      board = appendPage(board, column.stage, page.columns[0]);
      column = board.columns.find((c) => c.stage === before.stage)!;
    }
  }
  return board;
}

export const boardQuery = (filters: BoardFilters) =>
  queryOptions({
    queryKey: boardKey(filters),
    queryFn: ({ signal, client }) => fetchBoard(filters, client.getQueryData<BoardData>(boardKey(filters)), signal),
    placeholderData: keepPreviousData,
  });

export function useBoard(filters: BoardFilters) {
  return useQuery(boardQuery(filters));
}

// ---------- load more ----------

/** Loads the next page of one column into the board's cache entry. */
export function useLoadMore(filters: BoardFilters) {
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
        const page = await apiFetch<BoardData>(boardUrl(filters, { stage, cursor, per_stage: String(BOARD_PAGE_SIZE) }));
        client.setQueryData<BoardData>(key, (board) => (board ? appendPage(board, stage, page.columns[0]) : board));
        setFailed((f) => without(f, stage));
      } catch (error) {
        setFailed((f) => new Set(f).add(stage));
        toast.error("Could not load more deals", { description: error instanceof ApiError ? error.message : undefined });
      } finally {
        inFlight.current.delete(stage);
        setLoading(new Set(inFlight.current));
      }
    },
    [client, filters],
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

/** A move queued behind an earlier move of the same deal that failed: dropped, not sent. */
export class SupersededMoveError extends Error {
  constructor() {
    super("An earlier move of this deal failed.");
    this.name = "SupersededMoveError";
  }
}

/**
 * Moves of one deal are sent strictly one after another: the second waits for the first and
 * sends the version the first one produced, so a quick second drag is neither lost nor
 * reordered nor refused as a conflict with ourselves. Moves of different deals run in parallel.
 */
interface MoveChain {
  tail: Promise<Deal | undefined>;
  pending: number;
  lastSeq: number;
}
const moveChains = new Map<string, MoveChain>();
let moveSeq = 0;

function enqueueMove(dealId: string, send: (latest: Deal | undefined) => Promise<Deal>): { seq: number; done: Promise<Deal> } {
  const chain = moveChains.get(dealId) ?? { tail: Promise.resolve(undefined), pending: 0, lastSeq: 0 };
  moveChains.set(dealId, chain);
  const seq = ++moveSeq;
  chain.lastSeq = seq;
  chain.pending += 1;
  const done = chain.tail.then(send, () => {
    throw new SupersededMoveError();
  });
  chain.tail = done;
  const settle = () => {
    chain.pending -= 1;
    if (chain.pending === 0 && moveChains.get(dealId) === chain) moveChains.delete(dealId);
  };
  done.then(settle, settle);
  return { seq, done };
}

/** Whether a move of this deal was queued after the one numbered `seq`. */
const hasLaterMove = (dealId: string, seq: number) => (moveChains.get(dealId)?.lastSeq ?? seq) > seq;

async function postMove(vars: MoveVariables, latest: Deal | undefined): Promise<Deal> {
  const res = await apiFetch<{ deal: Deal }>(`${DEALS_URL}/${encodeURIComponent(vars.deal.id)}/stage`, {
    method: "POST",
    headers: { "idempotency-key": vars.idempotencyKey },
    body: {
      stage: vars.target.stage,
      before_id: vars.target.before_id,
      after_id: vars.target.after_id,
      version: latest?.version ?? vars.deal.version,
      source_type: "frontend",
      ...vars.lost,
    },
  });
  return res.deal;
}

export function moveErrorMessage(error: unknown): { title: string; description: string } {
  if (error instanceof ApiError) {
    if (error.status === 409) return { title: "Someone else changed this deal — the board was refreshed", description: "Check the card and move it again if needed." };
    if (error.status === 0) return { title: "You appear to be offline — the move was undone", description: error.message };
    return { title: "The move was refused", description: error.message };
  }
  return { title: "The move failed", description: error instanceof Error ? error.message : "Unknown error." };
}

interface MoveContext {
  key: readonly unknown[];
  snapshot: DealCard;
  seq?: number;
}

const isMoving = (client: QueryClient) => client.isMutating({ mutationKey: MOVE_KEY }) > 0;

export function useMoveDeal(filters: BoardFilters) {
  const client = useQueryClient();
  // The latest confirmed server version of each deal moved from this board, for rollbacks.
  const confirmed = useRef(new Map<string, Deal>());
  const seqs = useRef(new WeakMap<MoveVariables, number>());

  return useMutation<Deal, unknown, MoveVariables, MoveContext>({
    mutationKey: MOVE_KEY,
    mutationFn: (vars) => {
      const { seq, done } = enqueueMove(vars.deal.id, (latest) => postMove(vars, latest));
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
      const message = moveErrorMessage(error);
      toast.error(message.title, { description: `“${vars.deal.name}”: ${message.description}` });
    },
    onSettled: () => {
      // Reconcile with the server once no move of ours is still in the air.
      if (client.isMutating({ mutationKey: MOVE_KEY }) <= 1) void client.invalidateQueries({ queryKey: dealKeys.all });
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
}

export function useQuickAddDeal(filters: BoardFilters) {
  const client = useQueryClient();
  return useMutation<Deal, ApiError, QuickAddInput & { idempotencyKey: string }>({
    mutationFn: async ({ idempotencyKey, ...input }) => {
      const res = await apiFetch<{ deal: Deal }>(DEALS_URL, {
        method: "POST",
        headers: { "idempotency-key": idempotencyKey },
        body: { ...input, source_type: "frontend" },
      });
      return res.deal;
    },
    onSuccess: (deal) => {
      // The server puts a new deal at the top of its column; show it there at once.
      client.setQueryData<BoardData>(boardKey(filters), (b) => (b ? upsertDeal(b, deal) : b));
      void client.invalidateQueries({ queryKey: dealKeys.all });
    },
  });
}

// ---------- members (owner filter) ----------

export interface MemberOption {
  id: string;
  name: string;
  email: string;
  role: string;
}

export function useMembers() {
  return useQuery({
    queryKey: memberKeys.all,
    queryFn: ({ signal }) => apiFetch<{ items: MemberOption[] }>("/api/v1/crm/members", { signal }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

// ---------- live updates ----------

const EVENTS_URL = "/api/v1/crm/events";
const LIVE_DEBOUNCE_MS = 400;

export type LiveStatus = "connecting" | "live" | "offline";

/**
 * Listens to the tenant's deal changes (server-sent events) and refetches the board, debounced
 * so a burst of changes costs one refetch, and held back while a move of ours is in flight (its
 * own settle refetches; refetching earlier would flicker the card back).
 */
export function useLiveBoard(): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function run() {
        if (isMoving(client)) {
          timer = setTimeout(run, LIVE_DEBOUNCE_MS);
          return;
        }
        timer = null;
        void client.invalidateQueries({ queryKey: dealKeys.all });
      }, LIVE_DEBOUNCE_MS);
    };
    let wasLive = false;
    const source = new EventSource(EVENTS_URL);
    source.addEventListener("ready", () => {
      setStatus("live");
      // Reconnected after a drop: changes may have been missed meanwhile.
      if (wasLive) refresh();
      wasLive = true;
    });
    source.addEventListener("deal_change", refresh);
    source.addEventListener("resync", refresh);
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [client]);

  return status;
}
