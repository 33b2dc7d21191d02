import "server-only";
import type { Kysely } from "kysely";

/**
 * The one way to open a transaction. When `db` is already a transaction (a service called inside
 * an Idempotency-Key's transaction, or by another service's), `fn` joins it: its writes commit or
 * roll back with the caller's, and a thrown error still aborts the whole unit. Otherwise `fn`
 * runs in a new transaction that commits when it returns.
 */
export function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
