import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "@/db/migrate";

/**
 * With DATABASE_URL: migrate one template database; every test file then gets its own
 * database cloned from it (fast, isolated, real PostgreSQL). Without it, each test file
 * migrates its own in-memory PGlite instead (see api-setup.ts).
 */
export const TEMPLATE_DB = "pipeline_test_template";

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const templateUrl = withDatabase(url, TEMPLATE_DB);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: templateUrl, max: 1 }) }) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
