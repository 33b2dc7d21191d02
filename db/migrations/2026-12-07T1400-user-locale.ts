import { type Kysely, sql } from "kysely";

// The language a person chose for the UI and the mail the app sends them. Null until they choose:
// pages then follow the browser's Accept-Language, and mail the language of the request that
// triggered it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table "user" add column locale text check (locale in ('en', 'ja'))`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table "user" drop column if exists locale`).execute(db);
}
