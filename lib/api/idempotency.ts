import "server-only";
import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/db/tables";
import { inTransaction } from "@/lib/db-transaction";
import { canonicalJson } from "./cursor";
import { AppError } from "./errors";
import { json } from "./handler";

/**
 * Idempotency-Key for POSTs that create something (Stripe's model).
 *
 * The key's row in `idempotency_keys` (primary key tenant + caller + scope + key) is inserted in the SAME
 * transaction as the write it protects, and its response is stored before that transaction
 * commits. So:
 * - a concurrent duplicate blocks on the primary key until the first request finishes, then sees
 *   the committed row and replays it: two rows can never be created;
 * - a request that fails rolls back its key too: nothing is stored, and the client may retry the
 *   same key (only successes are remembered; a failed request changed nothing);
 * - the same key with a different request (method, path, body, If-Match) is 422
 *   `idempotency_key_reused`;
 * - keys expire after 24 hours: an expired row is taken over by the next request using the key.
 * Keys are per caller: two people (or two workspaces) may use the same key independently, and
 * one never gets another's response, nor learns that the key is in use (RFC draft
 * "The Idempotency-Key HTTP Header Field" leaves the scope to the server; Stripe scopes keys to
 * the account that sends them).
 */

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface IdempotencyOptions {
  tenantId: string;
  /** Whose key it is: the caller's user id. */
  principalId: string;
  /** A namespace for the keys (e.g. "deals"); the request hash distinguishes endpoints within it. */
  scope: string;
  /** The Idempotency-Key header, if the client sent one. */
  key: string | undefined;
  /** A hash of everything that makes the request what it is (see `requestHash`). */
  requestHash: string;
}

/** The client's Idempotency-Key, or undefined; a malformed one is 400. */
export function idempotencyKeyFrom(headers: Headers): string | undefined {
  const key = headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new AppError(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 printable ASCII characters, e.g. a UUID.", {
      errors: [{ field: "headers.idempotency-key", code: "invalid_format", message: "Use 1 to 255 printable ASCII characters." }],
    });
  }
  return key;
}

/** A stable hash of the request's identity: method, path, validated body and preconditions. */
export function requestHash(parts: { method: string; path: string; body?: unknown; ifMatch?: string | null }): string {
  return createHash("sha256").update(canonicalJson(parts)).digest("hex");
}

/** The idempotency options for a request: its key (if any), whose it is, and the hash of what it asks for. */
export function idempotencyFor(req: Request, caller: { tenantId: string; userId: string }, scope: string, body: unknown): IdempotencyOptions {
  return {
    tenantId: caller.tenantId,
    principalId: caller.userId,
    scope,
    key: idempotencyKeyFrom(req.headers),
    requestHash: requestHash({ method: req.method, path: new URL(req.url).pathname, body, ifMatch: req.headers.get("if-match") }),
  };
}

function toResponse(stored: StoredResponse, replayed: boolean): Response {
  return json(stored.body, {
    status: stored.status,
    headers: { ...stored.headers, ...(replayed ? { "idempotent-replayed": "true" } : {}) },
  });
}

/**
 * Runs `work` in a transaction, guarded by the Idempotency-Key when there is one, and returns
 * the HTTP response (the stored one, marked `Idempotent-Replayed: true`, for a repeat).
 */
export async function runIdempotent(
  db: Kysely<Database>,
  options: IdempotencyOptions,
  work: (trx: Kysely<Database>) => Promise<StoredResponse>,
): Promise<Response> {
  if (options.key === undefined) {
    return toResponse(await inTransaction(db, work), false);
  }
  const { tenantId, principalId, scope, key, requestHash: hash } = options;
  const outcome = await inTransaction(db, async (trx) => {
    // Claims the key, or waits for the transaction holding it. A row older than the TTL is
    // taken over; a live one is left alone (and locked until we finish reading it).
    const claimed = await sql<{ key: string }>`
      insert into idempotency_keys as k (tenant_id, principal_id, key, scope, request_hash, status, response, created_at)
      values (${tenantId}, ${principalId}, ${key}, ${scope}, ${hash}, null, null, now())
      on conflict (tenant_id, principal_id, scope, key) do update
        set request_hash = excluded.request_hash, status = null, response = null, created_at = excluded.created_at
        where k.created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
      returning k.key`.execute(trx);
    if (claimed.rows.length === 0) {
      const existing = await trx
        .selectFrom("idempotency_keys")
        .select(["request_hash", "status", "response"])
        .where("tenant_id", "=", tenantId)
        .where("principal_id", "=", principalId)
        .where("scope", "=", scope)
        .where("key", "=", key)
        .executeTakeFirstOrThrow();
      if (existing.request_hash !== hash) {
        throw new AppError(
          422,
          "idempotency_key_reused",
          "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        );
      }
      if (existing.status === null || existing.response === null) {
        throw new AppError(409, "idempotency_in_progress", "A request with this Idempotency-Key is still being processed. Retry shortly.", {}, { "retry-after": "1" });
      }
      const stored = (typeof existing.response === "string" ? JSON.parse(existing.response) : existing.response) as Omit<StoredResponse, "status">;
      return { replayed: true, stored: { status: existing.status, body: stored.body, headers: stored.headers } };
    }
    const stored = await work(trx);
    await trx
      .updateTable("idempotency_keys")
      .set({ status: stored.status, response: JSON.stringify({ body: stored.body, headers: stored.headers ?? {} }) })
      .where("tenant_id", "=", tenantId)
      .where("principal_id", "=", principalId)
      .where("scope", "=", scope)
      .where("key", "=", key)
      .execute();
    return { replayed: false, stored };
  });
  if (!outcome.replayed && Math.random() < PURGE_PROBABILITY) await purgeExpiredIdempotencyKeys(db);
  return toResponse(outcome.stored, outcome.replayed);
}

const PURGE_PROBABILITY = 0.02;

/** Deletes a batch of expired keys (run now and then after a keyed request; index on created_at). */
export async function purgeExpiredIdempotencyKeys(db: Kysely<Database>, batch = 1000): Promise<number> {
  const result = await sql`
    delete from idempotency_keys where ctid in (
      select ctid from idempotency_keys
      where created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
      limit ${batch})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
