import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { ApiError, apiFetch } from "@/lib/api-client";
import type { Deal, DealCreateInput, DealListResponse, DealStageMoveInput, DealUpdateInput } from "@/lib/deals/schema";
import { dealKeys } from "./keys";

/**
 * Deals as the browser reads and writes them: the requests, the queries built on them, and what
 * a write does to the cache. Hook-free, so server components can prefetch with the same
 * definitions; the hooks are in use-deals.ts.
 *
 * The requests are `dealsApi.*` rather than createDeal and friends, so a call in the browser
 * never reads like the server's service functions (lib/deals/service.ts). Every write sends
 * `source_type: "frontend"`.
 */

const DEALS_URL = "/api/v1/crm/deals";
const dealUrl = (id: string) => `${DEALS_URL}/${encodeURIComponent(id)}`;
const idempotent = (key: string) => ({ "idempotency-key": key });

type DealEnvelope = { deal: Deal };
type WithoutSource<T> = Omit<T, "source_type">;

function listDeals(query: URLSearchParams, signal?: AbortSignal): Promise<DealListResponse> {
  return apiFetch<DealListResponse>(`${DEALS_URL}?${query}`, { signal });
}

/**
 * A deal by id, also from the trash: the record page shows a deleted deal with its Restore
 * banner, so it asks with `include_deleted=true`.
 */
async function getDeal(id: string, signal?: AbortSignal): Promise<Deal> {
  return (await apiFetch<DealEnvelope>(`${dealUrl(id)}?include_deleted=true`, { signal })).deal;
}

export const dealsApi = {
  get: getDeal,
  list: listDeals,
  create: async (input: WithoutSource<DealCreateInput>, idempotencyKey: string): Promise<Deal> =>
    (await apiFetch<DealEnvelope>(DEALS_URL, { method: "POST", body: { ...input, source_type: "frontend" }, headers: idempotent(idempotencyKey) })).deal,
  update: async (id: string, changes: DealUpdateInput, version: number): Promise<Deal> =>
    (await apiFetch<DealEnvelope>(dealUrl(id), { method: "PATCH", body: { ...changes, version, source_type: "frontend" } })).deal,
  /** The one client of POST /deals/{id}/stage: the board's drags and the record page's stepper. */
  moveStage: async (id: string, move: WithoutSource<DealStageMoveInput>, idempotencyKey: string): Promise<Deal> =>
    (await apiFetch<DealEnvelope>(`${dealUrl(id)}/stage`, { method: "POST", body: { ...move, source_type: "frontend" }, headers: idempotent(idempotencyKey) })).deal,
  delete: async (id: string): Promise<void> => {
    await apiFetch(dealUrl(id), { method: "DELETE" });
  },
  restore: async (id: string): Promise<Deal> => (await apiFetch<DealEnvelope>(`${dealUrl(id)}/restore`, { method: "POST", body: {} })).deal,
};

export const dealQuery = (id: string) =>
  queryOptions({
    queryKey: dealKeys.detail(id),
    queryFn: ({ signal }) => getDeal(id, signal),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 1,
  });

/** A page of GET /deals for an API query (see lib/deals/list-state.ts for the list page's). */
export const dealListQuery = (query: URLSearchParams) =>
  queryOptions({
    queryKey: dealKeys.list(Object.fromEntries(query)),
    queryFn: ({ signal }) => listDeals(query, signal),
    placeholderData: (previous) => previous,
  });

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
