import { type Kysely, sql } from "kysely";

// Display names in the order their language writes them: Japanese (and other CJK) names family
// name first ("鈴木 花子"), others given name first ("Emily Carter").
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create function person_name(first_name text, last_name text) returns text language sql immutable as $$
        select nullif(trim(case
          when coalesce(first_name, '') || coalesce(last_name, '') ~ '[\\u3040-\\u30FF\\u3400-\\u9FFF\\uF900-\\uFAFF]'
            then coalesce(last_name, '') || ' ' || coalesce(first_name, '')
          else coalesce(first_name, '') || ' ' || coalesce(last_name, '')
        end), '')
      $$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop function if exists person_name(text, text)`).execute(db);
}
