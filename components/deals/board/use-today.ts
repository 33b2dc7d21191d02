"use client";

import { useSyncExternalStore } from "react";
import { todayIso } from "@/lib/format";

const subscribe = (onChange: () => void) => {
  // Re-check every minute so "overdue" and "stale" flip at midnight on a board left open.
  const timer = setInterval(onChange, 60_000);
  return () => clearInterval(timer);
};

/**
 * Today's date (YYYY-MM-DD) in the browser's time zone, or null while server-rendering and
 * hydrating: date-dependent markers (overdue, stale) appear right after hydration instead of
 * risking a mismatch between the server's and the user's time zones.
 */
export function useToday(): string | null {
  return useSyncExternalStore(subscribe, () => todayIso(), () => null);
}
