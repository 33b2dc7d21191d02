"use client";

import { useQuery } from "@tanstack/react-query";
import { useNow } from "@/components/ui/use-now";
import { apiFetch } from "@/lib/api-client";
import type { Task } from "@/lib/deals/schema";
import { todayIso } from "@/lib/format";
import { addDays, dueAtFrom, dueState } from "@/lib/tasks/due";
import { taskKeys } from "./keys";

/** At most this many of one's open tasks due by tomorrow are counted ("99+" beyond). */
const COUNT_LIMIT = 200;

/**
 * The navigation's counts: the signed-in person's open tasks that are overdue and due today, by
 * their own calendar day (so read in the browser, after hydration). Refreshed when a task changes.
 */
export function useTodayCounts(): { overdue: number; today: number } | null {
  const now = useNow();
  const day = now === null ? null : todayIso(new Date(now));
  const query = useQuery({
    queryKey: [...taskKeys.today(), day],
    enabled: day !== null,
    staleTime: 60_000,
    queryFn: ({ signal }) =>
      apiFetch<{ items: Task[] }>(
        `/api/v1/crm/tasks?${new URLSearchParams({ assignee: "me", status: "open", due_before: dueAtFrom(addDays(day!, 1), "00:00"), limit: String(COUNT_LIMIT) })}`,
        { signal },
      ),
  });
  if (!query.data || now === null) return null;
  let overdue = 0;
  let today = 0;
  for (const task of query.data.items) {
    if (!task.due_at) continue;
    const state = dueState(task.due_at, new Date(now));
    if (state === "overdue") overdue++;
    else if (state === "today") today++;
  }
  return { overdue, today };
}
