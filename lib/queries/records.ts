import { type QueryKey, queryOptions } from "@tanstack/react-query";
import { ApiError, apiFetch } from "@/lib/api-client";

/**
 * The shape companies and contacts share in the browser: a search page for the pickers and one
 * record by id for a name that is not on the page. Tenant-scoped by the API, so a picker never
 * offers another tenant's record.
 */

const SEARCH_LIMIT = "20";

export function recordSearchQuery<T>(url: string, queryKey: QueryKey, params: Record<string, string>) {
  return queryOptions<T[]>({
    queryKey,
    queryFn: ({ signal }) => apiFetch<{ items: T[] }>(`${url}?${new URLSearchParams({ ...params, limit: SEARCH_LIMIT })}`, { signal }).then((r) => r.items),
    placeholderData: (previous) => previous,
    staleTime: 60_000,
  });
}

/** One record by id; `envelope` is the response's key for it (`company`, `contact`). A missing one is an error, not retried. */
export function recordByIdQuery<T>(url: string, envelope: string, id: string, queryKey: QueryKey) {
  return queryOptions<T>({
    queryKey,
    queryFn: ({ signal }) => apiFetch<Record<string, T>>(`${url}/${encodeURIComponent(id)}`, { signal }).then((r) => r[envelope]),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** A page of a records list (the /companies and /contacts screens): `{ items, total, limit, offset }`. */
export interface RecordPage<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** How the browser reaches one kind of record: its collection URL, the envelope key of one record, and its query keys. */
export interface RecordClient {
  url: string;
  envelope: "company" | "contact";
  keys: { all: readonly unknown[]; page: (params: Record<string, string>) => readonly unknown[]; record: (id: string) => readonly unknown[] };
}

const recordUrl = (client: RecordClient, id: string) => `${client.url}/${encodeURIComponent(id)}`;

/** The requests of one kind of record. Creates carry an Idempotency-Key; changes and deletes the version read (If-Match), so a stale one is a 409. */
export function recordsApi<T extends { id: string; version: number }>(client: RecordClient) {
  type Envelope = Record<string, T>;
  return {
    create: async (input: object, idempotencyKey: string): Promise<T> =>
      (await apiFetch<Envelope>(client.url, { method: "POST", body: input, headers: { "idempotency-key": idempotencyKey } }))[client.envelope],
    update: async (id: string, changes: object, version: number): Promise<T> =>
      (await apiFetch<Envelope>(recordUrl(client, id), { method: "PATCH", body: { ...changes, version } }))[client.envelope],
    delete: async (id: string, version: number): Promise<void> => {
      await apiFetch(recordUrl(client, id), { method: "DELETE", headers: { "if-match": `"${version}"` } });
    },
    restore: async (id: string): Promise<T> => (await apiFetch<Envelope>(`${recordUrl(client, id)}/restore`, { method: "POST" }))[client.envelope],
  };
}

/** A page of the list for the list screen's API query (search, sort, order, limit, offset, deleted). */
export function recordPageQuery<T>(client: RecordClient, params: Record<string, string>) {
  return queryOptions<RecordPage<T>>({
    queryKey: client.keys.page(params),
    queryFn: ({ signal }) => apiFetch<RecordPage<T>>(`${client.url}?${new URLSearchParams(params)}`, { signal }),
    placeholderData: (previous) => previous,
  });
}

/** One record for its record page, also from the trash (`include_deleted=true`): a deleted one shows its Restore banner. */
export function recordPageRecordQuery<T>(client: RecordClient, id: string) {
  return queryOptions<T>({
    queryKey: client.keys.record(id),
    queryFn: ({ signal }) => apiFetch<Record<string, T>>(`${recordUrl(client, id)}?include_deleted=true`, { signal }).then((r) => r[client.envelope]),
    retry: false,
  });
}

/** The server's current record from a 409 `version_conflict` problem (its envelope key), or null for any other error. */
export function conflictRecord<T>(error: unknown, envelope: RecordClient["envelope"]): T | null {
  if (error instanceof ApiError && error.status === 409 && error.code === "version_conflict") {
    const record = error.body[envelope];
    if (record && typeof record === "object" && "id" in record) return record as T;
  }
  return null;
}
