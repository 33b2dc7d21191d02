"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

/**
 * A list's state (search, sort, filters, page) kept in the URL, so back/forward and shared links
 * restore it. Controls react at once: a change shows before the URL follows it, and the URL wins
 * again as soon as it changes (a navigation, back/forward). `update` merges onto the latest
 * state, also when called twice before a render.
 */
export function useUrlListState<S extends object>(parse: (params: ReturnType<typeof useSearchParams>) => S, toSearch: (state: S) => string) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const urlState = useMemo(() => parse(params), [params, parse]);
  const [optimistic, setOptimistic] = useState<S | null>(null);
  const [seenParams, setSeenParams] = useState(params);
  if (params !== seenParams) {
    setSeenParams(params);
    setOptimistic(null);
  }
  const state = optimistic ?? urlState;
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });

  const update = useCallback(
    (patch: Partial<S>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      setOptimistic(next);
      router.replace(`${pathname}${toSearch(next)}`, { scroll: false });
    },
    [router, pathname, toSearch],
  );

  return { state, update, router };
}

/**
 * How many pages a list of `total` rows has at `size` a page (1 while it loads); a page past the
 * end (after deletes or restores, or an edited URL) snaps back to the last page.
 */
export function useLastPage(total: number | undefined, page: number, size: number, update: (patch: { page: number }) => void): number {
  const pages = total === undefined ? 1 : Math.max(1, Math.ceil(total / size));
  useEffect(() => {
    if (total !== undefined && total > 0 && page > pages) update({ page: pages });
  }, [total, page, pages, update]);
  return pages;
}
