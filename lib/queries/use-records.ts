import { type UseQueryOptions, useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { dealKeys } from "./keys";
import { conflictRecord, type RecordClient, recordsApi } from "./records";

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

/**
 * The writes of one kind of record (companies, contacts), one hook each, with what they do to the
 * cache: the record page's copy is replaced by the server's answer, and every list, search and
 * name of that kind refetches; deals show company and contact names, so they refetch too.
 */
export function useRecordWrites<T extends { id: string; version: number; is_deleted: boolean }>(client: RecordClient) {
  const queryClient = useQueryClient();
  const api = recordsApi<T>(client);
  const written = (record: T) => {
    queryClient.setQueryData(client.keys.record(record.id), record);
    void queryClient.invalidateQueries({ queryKey: client.keys.all, predicate: (q) => !(q.queryKey[1] === "record" && q.queryKey[2] === record.id) });
    void queryClient.invalidateQueries({ queryKey: dealKeys.all });
  };
  const create = useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: object; idempotencyKey: string }) => api.create(input, idempotencyKey),
    onSuccess: written,
  });
  const update = useMutation({
    mutationFn: ({ base, changes }: { base: T; changes: object }) => api.update(base.id, changes, base.version),
    onSuccess: written,
    onError: (error) => {
      const theirs = conflictRecord<T>(error, client.envelope);
      if (theirs) queryClient.setQueryData(client.keys.record(theirs.id), theirs);
    },
  });
  const remove = useMutation({
    mutationFn: (record: T) => api.delete(record.id, record.version),
    onSuccess: (_done, record) => written({ ...record, is_deleted: true, deleted_at: new Date().toISOString(), version: record.version + 1 }),
  });
  const restore = useMutation({ mutationFn: (id: string) => api.restore(id), onSuccess: written });
  return { create, update, remove, restore };
}
