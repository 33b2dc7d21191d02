"use client";

import { formatRelative } from "@/lib/format";
import { useLocale } from "./use-locale";
import { useNow } from "./use-now";

/**
 * "5 分前" / "5 minutes ago" for a moment, in the page's language, against the shared ticking
 * clock (useNow): it moves on while the page stays open, and a change just saved reads "now".
 * Null while server-rendering and hydrating; show the absolute date (formatDate) until then.
 */
export function useRelativeTime(value: string | Date | number | null | undefined): string | null {
  const now = useNow();
  const locale = useLocale();
  if (now === null || value === null || value === undefined) return null;
  return formatRelative(value, now, locale);
}
