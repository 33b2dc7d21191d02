import { infiniteQueryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { Activity, ActivityCreateInput, ActivityUpdateInput } from "@/lib/deals/schema";
import { dealKeys } from "./keys";

/** A deal's timeline as the browser reads and writes it (hook-free; the hooks are in use-activities.ts). */

export const ACTIVITY_PAGE_SIZE = 20;

export interface ActivityPage {
  activities: Activity[];
  total: number;
}

const activitiesUrl = (dealId: string) => `/api/v1/crm/deals/${encodeURIComponent(dealId)}/activities`;

export const activitiesApi = {
  list: (dealId: string, page: number, signal?: AbortSignal): Promise<ActivityPage> =>
    apiFetch<ActivityPage>(`${activitiesUrl(dealId)}?${new URLSearchParams({ page: String(page), limit: String(ACTIVITY_PAGE_SIZE) })}`, { signal }),
  create: async (dealId: string, input: Omit<ActivityCreateInput, "source_type">, idempotencyKey: string): Promise<Activity> =>
    (
      await apiFetch<{ activity: Activity }>(activitiesUrl(dealId), {
        method: "POST",
        body: { ...input, source_type: "frontend" },
        headers: { "idempotency-key": idempotencyKey },
      })
    ).activity,
  /** PATCH with the version the page has (409 with the current activity when someone changed it since). */
  update: async (dealId: string, id: string, patch: Omit<ActivityUpdateInput, "source_type" | "version">, version?: number): Promise<Activity> =>
    (
      await apiFetch<{ activity: Activity }>(`${activitiesUrl(dealId)}/${encodeURIComponent(id)}`, {
        method: "PATCH",
        body: { ...patch, source_type: "frontend", ...(version !== undefined ? { version } : {}) },
      })
    ).activity,
  remove: (dealId: string, id: string): Promise<unknown> => apiFetch(`${activitiesUrl(dealId)}/${encodeURIComponent(id)}`, { method: "DELETE" }),
};

export const dealActivitiesQuery = (dealId: string) =>
  infiniteQueryOptions({
    queryKey: dealKeys.activities(dealId),
    queryFn: ({ pageParam, signal }) => activitiesApi.list(dealId, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (pages.length * ACTIVITY_PAGE_SIZE < last.total ? pages.length + 1 : undefined),
  });
