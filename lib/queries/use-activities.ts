import { type InfiniteData, useMutation, useQueryClient } from "@tanstack/react-query";
import type { Activity, ActivityCreateInput, ActivityUpdateInput } from "@/lib/deals/schema";
import { ApiError } from "@/lib/api-client";
import { activitiesApi, type ActivityPage } from "./activities";
import { dealKeys, taskKeys } from "./keys";

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
      // A task can be the deal's new next step (and move its follow-up date): the deal, the board and Today read it.
      if (activity.type === "task") refreshAfterTaskChange(client, dealId);
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

/** After a task changed: the deal's next step, the board's cards and the task lists are out of date. */
export function refreshAfterTaskChange(client: ReturnType<typeof useQueryClient>, dealId: string) {
  void client.invalidateQueries({ queryKey: dealKeys.detail(dealId) });
  void client.invalidateQueries({ queryKey: dealKeys.boards() });
  void client.invalidateQueries({ queryKey: dealKeys.activities(dealId) });
  void client.invalidateQueries({ queryKey: taskKeys.all });
}

const replaceIn = (data: ActivityPages | undefined, id: string, next: (a: Activity) => Activity | null): ActivityPages | undefined =>
  data
    ? {
        ...data,
        pages: data.pages.map((p) => {
          const activities = p.activities.flatMap((a) => {
            if (a.id !== id) return [a];
            const replaced = next(a);
            return replaced ? [replaced] : [];
          });
          return { activities, total: p.total - (p.activities.length - activities.length) };
        }),
      }
    : data;

/**
 * Edits an entry or ticks a task done: the change shows at once and is undone if the server
 * refuses it. A 409 (someone changed it first) puts the server's version in place.
 */
export function useUpdateActivity(dealId: string) {
  const client = useQueryClient();
  const key = dealKeys.activities(dealId);
  return useMutation({
    mutationFn: ({ activity, patch }: { activity: Activity; patch: Omit<ActivityUpdateInput, "source_type" | "version"> }) =>
      activitiesApi.update(dealId, activity.id, patch, activity.version),
    onMutate: async ({ activity, patch }) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<ActivityPages>(key);
      const optimistic: Activity = {
        ...activity,
        ...(patch.content !== undefined ? { content: patch.content } : {}),
        ...(patch.due_at !== undefined ? { due_at: patch.due_at, due_date: patch.due_at?.slice(0, 10) ?? null } : {}),
        ...(patch.assignee_id !== undefined ? { assignee_id: patch.assignee_id } : {}),
        ...(patch.done !== undefined ? { done: patch.done, done_at: patch.done ? new Date().toISOString() : null } : {}),
      };
      client.setQueryData<ActivityPages>(key, (data) => replaceIn(data, activity.id, () => optimistic));
      return { previous };
    },
    onSuccess: (activity) => {
      client.setQueryData<ActivityPages>(key, (data) => replaceIn(data, activity.id, () => activity));
      refreshAfterTaskChange(client, dealId);
    },
    onError: (error, { activity }, context) => {
      const current = error instanceof ApiError && error.status === 409 ? ((error.body as { activity?: Activity } | undefined)?.activity ?? null) : null;
      client.setQueryData<ActivityPages>(key, current ? (data) => replaceIn(data, activity.id, () => current) : context?.previous);
    },
  });
}

/** Deletes an entry for good (the caller shows it gone at once and offers Undo before calling this). */
export function useDeleteActivity(dealId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (activity: Activity) => activitiesApi.remove(dealId, activity.id),
    onSettled: () => refreshAfterTaskChange(client, dealId),
  });
}
