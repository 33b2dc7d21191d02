import { type InfiniteData, useMutation, useQueryClient } from "@tanstack/react-query";
import type { Activity, ActivityCreateInput } from "@/lib/deals/schema";
import { activitiesApi, type ActivityPage } from "./activities";
import { dealKeys } from "./keys";

type ActivityPages = InfiniteData<ActivityPage, number>;

/**
 * The composer: the entry appears at the top at once (marked pending), is replaced by the
 * server's on success and removed again on failure. One idempotency key per submission, so a
 * retried request cannot log the same call twice.
 */
export function useAddActivity(dealId: string, author: { id: string; name: string } | null) {
  const client = useQueryClient();
  const key = dealKeys.activities(dealId);
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: Omit<ActivityCreateInput, "source_type">; idempotencyKey: string }) =>
      activitiesApi.create(dealId, input, idempotencyKey),
    onMutate: async ({ input, idempotencyKey }) => {
      await client.cancelQueries({ queryKey: key });
      const now = new Date().toISOString();
      const temp: Activity = {
        id: `pending-${idempotencyKey}`,
        tenant_id: "",
        deal_id: dealId,
        type: input.type,
        content: input.content,
        data: {},
        occurred_at: input.occurred_at ?? now,
        due_at: input.due_at ?? input.due_date ?? null,
        due_date: (input.due_at ?? input.due_date)?.slice(0, 10) ?? null,
        assignee_id: input.assignee_id ?? null,
        assignee_name: null,
        done: false,
        done_at: null,
        created_at: now,
        created_by: author?.id ?? null,
        created_by_name: author?.name ?? null,
        edited_at: null,
        source_type: "frontend",
        version: 1,
      };
      client.setQueryData<ActivityPages>(key, (data) =>
        data
          ? { ...data, pages: data.pages.map((p, i) => (i === 0 ? { activities: [temp, ...p.activities], total: p.total + 1 } : p)) }
          : { pages: [{ activities: [temp], total: 1 }], pageParams: [1] },
      );
      return { tempId: temp.id };
    },
    onSuccess: (activity, _vars, context) => {
      client.setQueryData<ActivityPages>(key, (data) =>
        data ? { ...data, pages: data.pages.map((p) => ({ ...p, activities: p.activities.map((a) => (a.id === context?.tempId ? activity : a)) })) } : data,
      );
    },
    onError: (_error, _vars, context) => {
      client.setQueryData<ActivityPages>(key, (data) =>
        data
          ? { ...data, pages: data.pages.map((p) => ({ activities: p.activities.filter((a) => a.id !== context?.tempId), total: Math.max(0, p.total - 1) })) }
          : data,
      );
    },
  });
}
