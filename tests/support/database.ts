import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateToLatest } from "@/db/migrate";
import { resetAuth } from "@/lib/auth";
import { createDb, type DbHandle, getDbHandle, setDbHandle } from "@/lib/db";
import { inject } from "vitest";
import { withDatabase } from "./global-setup";

export interface TestDatabase {
  handle: DbHandle;
  url?: string;
  dispose(): Promise<void>;
}

/**
 * A fresh database for one test file, installed as the app's database: a clone of the
 * migrated template on PostgreSQL, or a migrated in-memory PGlite.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  resetAuth();
  if (!base) {
    const handle = createDb({ databaseUrl: "", pgliteDir: "memory://" });
    await migrateToLatest(handle.db);
    setDbHandle(handle);
    return {
      handle,
      async dispose() {
        setDbHandle(undefined);
        resetAuth();
        await handle.db.destroy();
      },
    };
  }
  const name = `pipeline_t_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject("templateDb")}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(base, name);
  const handle = createDb({ databaseUrl: url });
  setDbHandle(handle);
  return {
    handle,
    url,
    async dispose() {
      setDbHandle(undefined);
      resetAuth();
      await handle.db.destroy();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/**
 * For one test on PostgreSQL: the app's database replaced by `make(url)`, a handle on the same
 * test database (e.g. one connection, or a pool a test observes). `restore` puts the file's
 * shared handle back and closes the replacement.
 */
export function replaceAppDatabase(make: (url: string) => DbHandle): { handle: DbHandle; restore: () => Promise<void> } {
  const shared = getDbHandle();
  const handle = make(shared.pool!.options.connectionString as string);
  setDbHandle(handle);
  return {
    handle,
    restore: async () => {
      setDbHandle(shared);
      await handle.db.destroy();
    },
  };
}
