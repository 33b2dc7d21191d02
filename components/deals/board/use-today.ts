"use client";

import { useNow } from "@/components/ui/use-now";
import { todayIso } from "@/lib/format";

/**
 * Today's date (YYYY-MM-DD) in the browser's time zone, or null while server-rendering and
 * hydrating: date-dependent markers (overdue, stale) appear right after hydration instead of
 * risking a mismatch between the server's and the user's time zones. It follows the shared clock
 * (useNow), so "overdue" and "stale" flip at midnight on a board left open.
 */
export function useToday(): string | null {
  const now = useNow();
  return now === null ? null : todayIso(new Date(now));
}
