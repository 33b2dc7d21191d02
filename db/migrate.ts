import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Kysely, sql } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Reads `db/migrations/*.ts`; names sort by their ISO timestamp prefix. */
class DirectoryMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith(".d.ts")).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.(ts|js)$/, "")] = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
    }
    return migrations;
  }
}

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new DirectoryMigrationProvider() });
}

/** Applies every pending migration; throws with the failing migration's name and error. */
export async function migrateToLatest(db: Kysely<any>, log: (line: string) => void = () => {}): Promise<void> {
  const { error, results } = await migrator(db).migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === "Success") log(`  applied ${r.migrationName}`);
    else if (r.status === "Error") log(`  FAILED ${r.migrationName}`);
  }
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration failed: ${message}`, { cause: error });
  }
}

/** Applies (or reverts) migrations up to and including `name`: for tests of a migration on the data before it. */
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await migrator(db).migrateTo(name);
  if (error) throw new Error(`Migration to ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** Drops everything in the public schema; the next migrate starts from nothing. */
export async function dropEverything(db: Kysely<any>): Promise<void> {
  await sql`drop schema if exists public cascade`.execute(db);
  await sql`create schema public`.execute(db);
}
