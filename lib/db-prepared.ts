import "server-only";
import { createHash } from "node:crypto";
import { type Compilable, type CompiledQuery, Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import type pg from "pg";
import type { Database } from "@/db/tables";

/**
 * Named prepared statements for hot, fixed-shape statements on PostgreSQL: each pooled
 * connection parses and plans such a statement once, then only binds and executes it. Caller
 * resolution runs on every API request and joins four tables; planning that join cost about as
 * much as executing it (docs/benchmarks.md#prepared-statements).
 *
 * `executePrepared` marks the statement's text with a leading comment; the pool Kysely is given
 * (`preparingPool`) sends marked texts as named statements. Because the marking travels with the
 * SQL, it works on any Kysely of the app's database, inside a transaction too. On PGlite the
 * comment is just a comment.
 *
 * Only for statements whose text never varies and whose plan does not depend on the values (key
 * lookups, the common list pages): PostgreSQL may switch a prepared statement to a generic plan,
 * which is wrong for, say, a LIKE search. The name is derived from the SQL text, so two texts
 * never share a name.
 *
 * Outside a transaction, on the app's own Kysely (`preparedKysely`), a prepared statement goes
 * straight to a pooled client: Kysely's executor, driver and connection wrapper add a chain of
 * async steps to every statement and have nothing left to do for one that is already compiled
 * (docs/benchmarks.md#prepared-statements). Inside a transaction it runs on the transaction's
 * connection, through Kysely.
 *
 * A page read qualifies when its filters are fixed and its page size is written into the text
 * (`sql.lit`), from `PREPARED_PAGE_SIZES`: with `limit $n` PostgreSQL's generic plan assumes a
 * tenth of the rows, so it keeps re-planning every execution and preparing saves little. The set
 * bounds how many statement texts one connection keeps. The same goes for a predicate such as
 * `is_deleted = $n`: a generic plan cannot use a partial index `where not is_deleted` with it.
 */

const PREPARED_MARK = "/* prepared */ ";

export async function executePrepared<R>(db: Kysely<Database>, query: Compilable<R> | CompiledQuery<R>): Promise<R[]> {
  const compiled = "compile" in query ? query.compile() : query;
  const text = PREPARED_MARK + compiled.sql;
  const pool = directPools.get(db);
  if (pool) {
    const client = await pool.connect();
    try {
      const result = await client.query({ name: statementName(text), text, values: compiled.parameters as unknown[] });
      return result.rows as R[];
    } finally {
      // Like Kysely's driver: a statement's error does not cost the connection.
      client.release();
    }
  }
  const result = await db.executeQuery<R>({ ...compiled, sql: text });
  return result.rows;
}

/** The pool behind each Kysely made by `preparedKysely` (never a transaction: that is an instance of its own). */
const directPools = new WeakMap<Kysely<Database>, pg.Pool>();

/** The app's Kysely on a PostgreSQL pool: marked statements run prepared, and outside a transaction directly on the pool. */
export function preparedKysely(pool: pg.Pool): Kysely<Database> {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  directPools.set(db, pool);
  return db;
}

/** Page sizes a page read may be prepared for (each one is its own statement text). */
export const PREPARED_PAGE_SIZES: ReadonlySet<number> = new Set([10, 20, 25, 50, 100, 200]);

/** Statement names by text. Marked texts are few by design (fixed shapes, fixed page sizes); the bound is a safety net. */
const statementNames = new Map<string, string>();
const MAX_REMEMBERED_NAMES = 1_000;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `p_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    if (statementNames.size >= MAX_REMEMBERED_NAMES) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * The pool as Kysely's PostgreSQL dialect sees it: checked-out clients send texts marked by
 * `executePrepared` as named prepared statements and everything else as is.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    options: pool.options,
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      const query = (textOrCursor: unknown, values?: ReadonlyArray<unknown>) =>
        typeof textOrCursor === "string" && textOrCursor.startsWith(PREPARED_MARK)
          ? client.query({ name: statementName(textOrCursor), text: textOrCursor, values: values as unknown[] })
          : client.query(textOrCursor as string, values as unknown[]);
      return {
        // Kysely reads the backend pid from here to cancel a query.
        get processID() {
          return (client as unknown as { processID?: number }).processID;
        },
        query: query as unknown as PostgresPoolClient["query"],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
  };
}
