import { createHash } from "node:crypto";
import type { Compilable, Kysely, RawBuilder } from "kysely";
import type { Database } from "@/db/tables";
import { getDbHandle } from "@/lib/db";

/**
 * Runs a hot, fixed-shape read as a named prepared statement on PostgreSQL: each pooled
 * connection parses and plans it once, then only binds and executes. Caller resolution runs on
 * every API request and joins four tables; planning that join cost about as much as executing it.
 *
 * Only for statements whose text never varies and whose plan does not depend on the values (key
 * lookups): PostgreSQL may switch a prepared statement to a generic plan, which is wrong for,
 * say, a LIKE search. The name is derived from the SQL text, so two texts never share a name.
 * On PGlite, inside a transaction, or on any other Kysely instance it simply executes the query.
 *
 * A page read qualifies when its filters are fixed and its page size is written into the text
 * (`sql.lit`), from `PREPARED_PAGE_SIZES`: with `limit $n` PostgreSQL's generic plan assumes a
 * tenth of the rows, so it keeps re-planning every execution and preparing saves little. The set
 * bounds how many statement texts one connection keeps.
 */
export async function executePrepared<R>(db: Kysely<Database>, query: Compilable<R> | RawBuilder<R>): Promise<R[]> {
  const compiled = "isRawBuilder" in query ? query.compile(db) : query.compile();
  const handle = getDbHandle();
  if (handle.pool && db === handle.db) {
    const name = `p_${createHash("sha1").update(compiled.sql).digest("hex").slice(0, 20)}`;
    const result = await handle.pool.query({ name, text: compiled.sql, values: compiled.parameters as unknown[] });
    return result.rows as R[];
  }
  return (await db.executeQuery(compiled)).rows;
}

/** Page sizes a page read may be prepared for (each one is its own statement text). */
export const PREPARED_PAGE_SIZES: ReadonlySet<number> = new Set([10, 20, 25, 50, 100, 200]);
