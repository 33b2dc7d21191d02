import { randomBytes } from "node:crypto";
import { Kysely, PostgresDialect } from "kysely";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { migrateToLatest } from "@/db/migrate";

/**
 * With DATABASE_URL: migrate one template database; every test file then gets its own
 * database cloned from it (fast, isolated, real PostgreSQL). Without it, each test file
 * migrates its own in-memory PGlite instead (see api-setup.ts).
 */
declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  // A template per run, so several test runs can share one PostgreSQL server.
  const TEMPLATE_DB = `pipeline_tpl_${process.pid}_${randomBytes(3).toString("hex")}`;
  project.provide("templateDb", TEMPLATE_DB);
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
  return async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    } finally {
      await c.end();
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
