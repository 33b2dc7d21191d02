"use client";

import { type InfiniteData, infiniteQueryOptions, type QueryClient, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError, apiFetch } from "@/lib/api-client";
import type { Activity, ActivityCreateInput, Deal, DealCreateInput, DealStageMoveInput, DealUpdateInput, DealListResponse } from "@/lib/deals/schema";
import { defaultProbability } from "@/lib/deals/stages";
import { dealKeys } from "./keys";

/**
 * The record page's data: the deal, its timeline, and every write the page makes. Writes go
 * through these functions so they all send `source_type: "frontend"` and the same headers.
 */

const base = "/api/v1/crm/deals";
const dealUrl = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const newIdempotencyKey = (): string =>
  typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

/**
 * GET /deals/{id} is 404 for a soft-deleted deal; the record page still shows it (with a
 * Restore banner), found through the trash list by its number.
 */
export async function fetchDeal(id: string, dealNumber?: string, signal?: AbortSignal): Promise<Deal> {
  try {
    return (await apiFetch<{ deal: Deal }>(dealUrl(id), { signal })).deal;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404 || !dealNumber) throw error;
    const trash = await apiFetch<DealListResponse>(`${base}?${new URLSearchParams({ deleted: "true", search: dealNumber, limit: "5" })}`, { signal });
    const deleted = trash.items.find((d) => d.id === id);
    if (!deleted) throw error;
    return deleted;
  }
}

export const dealDetailQuery = (id: string, dealNumber?: string) =>
  queryOptions({
    queryKey: dealKeys.detail(id),
    queryFn: ({ signal }) => fetchDeal(id, dealNumber, signal),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 1,
  });

export const ACTIVITY_PAGE_SIZE = 20;

export const dealActivitiesQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: dealKeys.activities(id),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<{ activities: Activity[]; total: number }>(
        `${dealUrl(id)}/activities?${new URLSearchParams({ page: String(pageParam), limit: String(ACTIVITY_PAGE_SIZE) })}`,
        { signal },
      ),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (pages.length * ACTIVITY_PAGE_SIZE < last.total ? pages.length + 1 : undefined),
  });

export async function createDeal(input: DealCreateInput, idempotencyKey: string): Promise<Deal> {
  const res = await apiFetch<{ deal: Deal }>(base, {
    method: "POST",
    body: { ...input, source_type: "frontend" },
    headers: { "idempotency-key": idempotencyKey },
  });
  return res.deal;
}

export async function patchDeal(id: string, changes: DealUpdateInput, version: number): Promise<Deal> {
  const res = await apiFetch<{ deal: Deal }>(dealUrl(id), { method: "PATCH", body: { ...changes, version, source_type: "frontend" } });
  return res.deal;
}

export async function moveDealStage(id: string, move: Omit<DealStageMoveInput, "source_type">, idempotencyKey = newIdempotencyKey()): Promise<Deal> {
  const res = await apiFetch<{ deal: Deal }>(`${dealUrl(id)}/stage`, {
    method: "POST",
    body: { ...move, source_type: "frontend" },
    headers: { "idempotency-key": idempotencyKey },
  });
  return res.deal;
}

export async function deleteDeal(id: string): Promise<void> {
  await apiFetch(dealUrl(id), { method: "DELETE" });
}

export async function restoreDeal(id: string): Promise<Deal> {
  return (await apiFetch<{ deal: Deal }>(`${dealUrl(id)}/restore`, { method: "POST", body: {} })).deal;
}

export async function addActivity(id: string, input: Omit<ActivityCreateInput, "source_type">, idempotencyKey: string): Promise<Activity> {
  const res = await apiFetch<{ activity: Activity }>(`${dealUrl(id)}/activities`, {
    method: "POST",
    body: { ...input, source_type: "frontend" },
    headers: { "idempotency-key": idempotencyKey },
  });
  return res.activity;
}

/** The server's current deal from a 409 `version_conflict` problem, or null for any other error. */
export function conflictDeal(error: unknown): Deal | null {
  if (error instanceof ApiError && error.status === 409 && error.code === "version_conflict") {
    const deal = error.body.deal;
    if (deal && typeof deal === "object" && "id" in deal) return deal as Deal;
  }
  return null;
}

/** After any write: the record page shows the new deal at once; lists, boards and the timeline refetch. */
export function dealWritten(client: QueryClient, deal: Deal): void {
  client.setQueryData(dealKeys.detail(deal.id), deal);
  void client.invalidateQueries({ queryKey: dealKeys.all, refetchType: "active", predicate: (q) => q.queryKey[2] !== deal.id || q.queryKey[1] !== "detail" });
}

// ---------- hooks ----------

export interface PendingConflict {
  /** The deal the edit was based on. */
  base: Deal;
  /** The deal now on the server (from the 409 body). */
  theirs: Deal;
  /** The changes that were refused. */
  mine: DealUpdateInput;
}

/**
 * In-place edits of single fields on the record page. Optimistic: the new value shows at once
 * and rolls back on failure. A 409 does not retry: it hands the conflict to the page, which
 * asks the user (reload, or re-apply on top of the new version).
 */
export function useDealPatch(id: string, onConflict: (conflict: PendingConflict) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ base, changes }: { base: Deal; changes: DealUpdateInput; display?: Partial<Deal> }) => patchDeal(id, changes, base.version),
    onMutate: async ({ base, changes, display }) => {
      await client.cancelQueries({ queryKey: dealKeys.detail(id) });
      const previous = client.getQueryData<Deal>(dealKeys.detail(id));
      client.setQueryData<Deal>(dealKeys.detail(id), (d) => (d ? { ...d, ...(changes as Partial<Deal>), ...display } : d));
      return { previous: previous ?? base };
    },
    onError: (error, { base, changes }, context) => {
      const theirs = conflictDeal(error);
      if (theirs) {
        client.setQueryData(dealKeys.detail(id), theirs);
        onConflict({ base, theirs, mine: changes });
      } else if (context?.previous) {
        client.setQueryData(dealKeys.detail(id), context.previous);
      }
    },
    onSuccess: (deal) => dealWritten(client, deal),
  });
}

/** Stage moves from the stepper: optimistic, with the API's default probability, rolled back on failure. */
export function useStageMove(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ base, move }: { base: Deal; move: Omit<DealStageMoveInput, "source_type" | "version"> }) =>
      moveDealStage(id, { ...move, version: base.version }),
    onMutate: async ({ base, move }) => {
      await client.cancelQueries({ queryKey: dealKeys.detail(id) });
      client.setQueryData<Deal>(dealKeys.detail(id), {
        ...base,
        stage: move.stage,
        probability: move.probability ?? defaultProbability(move.stage),
        lost_reason: move.lost_reason ?? base.lost_reason,
        loss_category: move.loss_category ?? base.loss_category,
      });
      return { previous: base };
    },
    onError: (error, _vars, context) => {
      const theirs = conflictDeal(error);
      client.setQueryData(dealKeys.detail(id), theirs ?? context?.previous);
    },
    onSuccess: (deal) => dealWritten(client, deal),
  });
}

export function useDeleteDeal(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => deleteDeal(id),
    onSuccess: () => {
      client.setQueryData<Deal>(dealKeys.detail(id), (d) => (d ? { ...d, is_deleted: true, deleted_at: new Date().toISOString() } : d));
      void client.invalidateQueries({ queryKey: dealKeys.lists() });
      void client.invalidateQueries({ queryKey: dealKeys.boards() });
    },
  });
}

export function useRestoreDeal(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => restoreDeal(id),
    onSuccess: (deal) => dealWritten(client, deal),
  });
}

type ActivityPages = InfiniteData<{ activities: Activity[]; total: number }, number>;

/**
 * The composer: the entry appears at the top at once (marked pending), is replaced by the
 * server's on success and removed again on failure. One idempotency key per submission, so a
 * retried request cannot log the same call twice.
 */
export function useAddActivity(id: string, author: { id: string; name: string } | null) {
  const client = useQueryClient();
  const key = dealKeys.activities(id);
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: Omit<ActivityCreateInput, "source_type">; idempotencyKey: string }) =>
      addActivity(id, input, idempotencyKey),
    onMutate: async ({ input, idempotencyKey }) => {
      await client.cancelQueries({ queryKey: key });
      const now = new Date().toISOString();
      const temp: Activity = {
        id: `pending-${idempotencyKey}`,
        tenant_id: "",
        deal_id: id,
        type: input.type,
        content: input.content,
        data: {},
        occurred_at: input.occurred_at ?? now,
        due_date: input.due_date ?? null,
        created_at: now,
        created_by: author?.id ?? null,
        created_by_name: author?.name ?? null,
        source_type: "frontend",
      };
      client.setQueryData<ActivityPages>(key, (data) =>
        data
          ? { ...data, pages: data.pages.map((p, i) => (i === 0 ? { activities: [temp, ...p.activities], total: p.total + 1 } : p)) }
          : { pages: [{ activities: [temp], total: 1 }], pageParams: [1] },
      );
      return { tempId: temp.id };
    },
    onSuccess: (activity, _vars, context) => {
      client.setQueryData<ActivityPages>(key, (data) =>
        data ? { ...data, pages: data.pages.map((p) => ({ ...p, activities: p.activities.map((a) => (a.id === context?.tempId ? activity : a)) })) } : data,
      );
    },
    onError: (_error, _vars, context) => {
      client.setQueryData<ActivityPages>(key, (data) =>
        data
          ? { ...data, pages: data.pages.map((p) => ({ activities: p.activities.filter((a) => a.id !== context?.tempId), total: Math.max(0, p.total - 1) })) }
          : data,
      );
    },
  });
}

/**
 * Keeps an open record page current: a change to this deal by someone else (any app instance,
 * via the events stream) refetches the deal and its timeline. Edits in progress keep the
 * version they started from, so a save after such a refresh still gets its 409 and the
 * conflict notice instead of overwriting.
 */
export function useLiveDeal(id: string, viewerId: string): void {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        void client.invalidateQueries({ queryKey: dealKeys.detail(id) });
        void client.invalidateQueries({ queryKey: dealKeys.activities(id) });
      }, 250);
    };
    const source = new EventSource("/api/v1/crm/events");
    source.addEventListener("deal_change", (event) => {
      let change: { deal_id?: string; version?: number; by?: string | null };
      try {
        change = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      if (change.deal_id !== id) return;
      const cached = client.getQueryData<Deal>(dealKeys.detail(id));
      // My own write, already on screen.
      if (change.by === viewerId && cached && typeof change.version === "number" && change.version <= cached.version) return;
      refresh();
    });
    source.addEventListener("resync", refresh);
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [client, id, viewerId]);
}
