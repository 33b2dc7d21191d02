import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PGliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "@/db/tables";
import { preparedKysely } from "@/lib/db-prepared";
import { env } from "@/lib/env";

// Type parsers shared by both drivers so rows look the same on PGlite and PostgreSQL:
// `date` stays a "YYYY-MM-DD" string (pg would build a local-time Date), int8 becomes a number.
const DATE_OID = 1082;
const INT8_OID = 20;
pg.types.setTypeParser(DATE_OID, (v) => v);
pg.types.setTypeParser(INT8_OID, (v) => Number(v));

export type DbKind = "postgres" | "pglite";

export interface DbHandle {
  db: Kysely<Database>;
  kind: DbKind;
  /** Present on PostgreSQL: the pool, for LISTEN clients and health checks. */
  pool?: pg.Pool;
  /** Present on PGlite: the embedded instance. */
  pglite?: PGlite;
}

export interface CreateDbOptions {
  databaseUrl?: string;
  /** A directory, or "memory://" for an in-memory database. */
  pgliteDir?: string;
  poolMax?: number;
}

export function createPgPool(databaseUrl: string, poolMax = env.DB_POOL_MAX): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolMax,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: env.DB_STATEMENT_TIMEOUT_MS,
    query_timeout: env.DB_STATEMENT_TIMEOUT_MS + 1_000,
    application_name: "pipeline",
  });
  // An idle client losing its connection (e.g. PostgreSQL restarting) must not crash the process.
  pool.on("error", (err) => console.error("[db] idle client error:", err.message));
  return pool;
}

export function createPglite(dir: string): PGlite {
  if (!dir.startsWith("memory://")) mkdirSync(path.resolve(dir), { recursive: true });
  return new PGlite(dir, {
    extensions: { pg_trgm },
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
  });
}

export function createDb(options: CreateDbOptions = {}): DbHandle {
  const databaseUrl = options.databaseUrl ?? env.DATABASE_URL;
  if (databaseUrl) {
    const pool = createPgPool(databaseUrl, options.poolMax);
    return { kind: "postgres", pool, db: preparedKysely(pool) };
  }
  const pglite = createPglite(options.pgliteDir ?? env.PGLITE_DIR);
  return { kind: "pglite", pglite, db: new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) }) };
}

// One handle per process, kept on globalThis so Next.js dev reloads do not open new pools
// (and, on PGlite, do not open the same data directory twice).
const globalForDb = globalThis as unknown as { __pipelineDb?: DbHandle };

export function getDbHandle(): DbHandle {
  globalForDb.__pipelineDb ??= createDb();
  return globalForDb.__pipelineDb;
}

/** Replace the process-wide handle (tests point the app at their own database). */
export function setDbHandle(handle: DbHandle | undefined): void {
  globalForDb.__pipelineDb = handle;
}

export function getDb(): Kysely<Database> {
  return getDbHandle().db;
}
