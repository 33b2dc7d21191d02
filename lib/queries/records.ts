import { type QueryKey, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";

/**
 * The shape companies and contacts share in the browser: a search page for the pickers and one
 * record by id for a name that is not on the page. Tenant-scoped by the API, so a picker never
 * offers another tenant's record.
 */

const SEARCH_LIMIT = "20";

export function recordSearchQuery<T>(url: string, queryKey: QueryKey, params: Record<string, string>) {
  return queryOptions<T[]>({
    queryKey,
    queryFn: ({ signal }) => apiFetch<{ items: T[] }>(`${url}?${new URLSearchParams({ ...params, limit: SEARCH_LIMIT })}`, { signal }).then((r) => r.items),
    placeholderData: (previous) => previous,
    staleTime: 60_000,
  });
}

/** One record by id; `envelope` is the response's key for it (`company`, `contact`). A missing one is an error, not retried. */
export function recordByIdQuery<T>(url: string, envelope: string, id: string, queryKey: QueryKey) {
  return queryOptions<T>({
    queryKey,
    queryFn: ({ signal }) => apiFetch<Record<string, T>>(`${url}/${encodeURIComponent(id)}`, { signal }).then((r) => r[envelope]),
    staleTime: 5 * 60_000,
    retry: false,
  });
}
