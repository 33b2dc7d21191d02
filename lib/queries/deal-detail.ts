"use client";

import { infiniteQueryOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "@/lib/api-client";
import type { Activity, ActivityCreateInput, Deal, DealCreateInput, DealStageMoveInput, DealUpdateInput, DealListResponse } from "@/lib/deals/schema";
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
