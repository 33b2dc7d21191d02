import { AsyncLocalStorage } from "node:async_hooks";
import { type Kysely, sql } from "kysely";

/**
 * Where the writes of the current request come from, when the client said so (the
 * `Pipeline-Change-Source` header: `webhook` for a write made in reaction to one of our webhooks).
 * Each transaction opened under it tells the database (`pipeline.change_source`), where the
 * webhook triggers put it in the event's `source` (docs/decisions/011-webhooks.md), so a two-way
 * sync can skip its own echoes.
 */
const changeSource = new AsyncLocalStorage<string>();

/** Runs `fn` with its writes marked as coming from `source` (none: unmarked). */
export function withChangeSource<T>(source: string | null, fn: () => Promise<T>): Promise<T> {
  return source ? changeSource.run(source, fn) : fn();
}

/**
 * The one way to open a transaction. When `db` is already a transaction (a service called inside
 * an Idempotency-Key's transaction, or by another service's), `fn` joins it: its writes commit or
 * roll back with the caller's, and a thrown error still aborts the whole unit. Otherwise `fn`
 * runs in a new transaction that commits when it returns.
 */
export function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  const source = changeSource.getStore();
  if (!source) return db.transaction().execute(fn);
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('pipeline.change_source', ${source}, true)`.execute(trx);
    return fn(trx);
  });
}

/**
 * A write of one statement that needs no transaction of its own (a stage move, a record's
 * insert). Under a marked change source it gets one, so the mark reaches the triggers; unmarked,
 * the hot path stays one statement.
 */
export function asOneWrite<DB, T>(db: Kysely<DB>, fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  return !db.isTransaction && changeSource.getStore() ? inTransaction(db, fn) : fn(db);
}
