import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newIdempotencyKey } from "@/lib/api-client";
import type { Deal, DealStageMoveInput, DealUpdateInput } from "@/lib/deals/schema";
import { conflictDeal, dealsApi, dealWritten } from "./deals";
import { dealKeys } from "./keys";
import { useDealEvents } from "./use-deal-events";

/** One hook per action on a deal, for the record page and the lists. */

/**
 * In-place edits of single fields on the record page. Optimistic: the new value shows at once
 * and rolls back on failure; after a 409 the page shows the server's deal, and the caller the
 * conflict (useDealConflict). Never retried on its own.
 */
export function useDealPatch(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ base, changes }: { base: Deal; changes: DealUpdateInput; display?: Partial<Deal> }) => dealsApi.update(id, changes, base.version),
    onMutate: async ({ base, changes, display }) => {
      await client.cancelQueries({ queryKey: dealKeys.detail(id) });
      const previous = client.getQueryData<Deal>(dealKeys.detail(id));
      client.setQueryData<Deal>(dealKeys.detail(id), (d) => (d ? { ...d, ...(changes as Partial<Deal>), ...display } : d));
      return { previous: previous ?? base };
    },
    onError: (error, _vars, context) => {
      const theirs = conflictDeal(error);
      if (theirs) client.setQueryData(dealKeys.detail(id), theirs);
      else if (context?.previous) client.setQueryData(dealKeys.detail(id), context.previous);
    },
    onSuccess: (deal) => dealWritten(client, deal),
  });
}

/** Stage moves from the stepper: optimistic, with the stage's configured probability (`stageProbability`), rolled back on failure. */
export function useStageMove(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ base, move }: { base: Deal; move: Omit<DealStageMoveInput, "source_type" | "version">; stageProbability?: number }) =>
      dealsApi.moveStage(id, { ...move, version: base.version }, newIdempotencyKey()),
    onMutate: async ({ base, move, stageProbability }) => {
      await client.cancelQueries({ queryKey: dealKeys.detail(id) });
      client.setQueryData<Deal>(dealKeys.detail(id), {
        ...base,
        stage: move.stage,
        probability: move.probability ?? stageProbability ?? base.probability,
        lost_reason: move.lost_reason ?? base.lost_reason,
        loss_category: move.loss_category ?? base.loss_category,
      });
      return { previous: base };
    },
    onError: (error, _vars, context) => {
      const theirs = conflictDeal(error);
      client.setQueryData(dealKeys.detail(id), theirs ?? context?.previous);
    },
    onSuccess: (deal) => dealWritten(client, deal),
  });
}

export function useDeleteDeal(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => dealsApi.delete(id),
    onSuccess: () => {
      client.setQueryData<Deal>(dealKeys.detail(id), (d) => (d ? { ...d, is_deleted: true, deleted_at: new Date().toISOString() } : d));
      void client.invalidateQueries({ queryKey: dealKeys.lists() });
      void client.invalidateQueries({ queryKey: dealKeys.boards() });
    },
  });
}

/** Restores a deal from the trash (its id is given to `mutate`: the record page and the trash list both use it). */
export function useRestoreDeal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dealsApi.restore(id),
    onSuccess: (deal) => dealWritten(client, deal),
  });
}

/** A record's refreshes follow a change quickly: the page shows one deal. */
const LIVE_DEAL_DEBOUNCE_MS = 250;

/**
 * Keeps an open record page current: a change to this deal by someone else (any app instance,
 * via the events stream) refetches the deal and its timeline. Edits in progress keep the
 * version they started from, so a save after such a refresh still gets its 409 and the
 * conflict notice instead of overwriting.
 */
export function useLiveDeal(id: string, viewerId: string): void {
  const client = useQueryClient();
  useDealEvents({
    debounceMs: LIVE_DEAL_DEBOUNCE_MS,
    isRelevant: (change) => {
      if (change.deal_id !== id) return false;
      const cached = client.getQueryData<Deal>(dealKeys.detail(id));
      // My own write, already on screen.
      return !(change.by === viewerId && cached && typeof change.version === "number" && change.version <= cached.version);
    },
    refresh: () => {
      void client.invalidateQueries({ queryKey: dealKeys.detail(id) });
      void client.invalidateQueries({ queryKey: dealKeys.activities(id) });
    },
  });
}
