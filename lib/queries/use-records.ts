import { type UseQueryOptions, useQueries } from "@tanstack/react-query";

/**
 * Records by id (names of companies or contacts a page mentions but did not load). A record
 * that could not be read (deleted, say) maps to null; one still loading is absent.
 */
export function useRecordsById<T extends { id: string }>(ids: readonly string[], queryFor: (id: string) => UseQueryOptions<T, Error, T, readonly unknown[]>): Map<string, T | null> {
  const results = useQueries({ queries: ids.map(queryFor) });
  const byId = new Map<string, T | null>();
  results.forEach((r, i) => {
    if (r.data) byId.set(r.data.id, r.data);
    else if (r.isError) byId.set(ids[i], null);
  });
  return byId;
}
