import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { QuickSearchResponse } from "@/lib/search/schema";

/** The quick search (⌘K) as the browser reads it. Results are short-lived: records change while the dialog is closed. */

export const searchKeys = {
  all: ["search"] as const,
  quick: (q: string) => [...searchKeys.all, "quick", q] as const,
};

export const QUICK_SEARCH_PER_GROUP = 6;

export const quickSearchQuery = (q: string) =>
  queryOptions({
    queryKey: searchKeys.quick(q),
    queryFn: ({ signal }) =>
      apiFetch<QuickSearchResponse>(`/api/v1/crm/search?${new URLSearchParams({ q, limit: String(QUICK_SEARCH_PER_GROUP) })}`, { signal }),
    staleTime: 10_000,
    // The previous results stay while the next query runs, so the list does not flash empty.
    placeholderData: (previous) => previous,
  });
