import { type Kysely, sql } from "kysely";

/**
 * A fingerprint of the whole database: per table of the public schema, the row count and an
 * md5 of every row's text form in primary-key order. Two equal snapshots mean the data is the
 * same row for row, column for column.
 *
 * Bookkeeping that every request writes is left out: the API's request counts
 * (`api_rate_limits`) and when an API key was last used.
 */
const UNCOMPARED_TABLES = new Set(["api_rate_limits"]);
const UNCOMPARED_COLUMNS: Record<string, string[]> = { api_keys: ["last_used_at"] };
export type Snapshot = Record<string, { rows: number; md5: string }>;

export async function snapshotDatabase(db: Kysely<any>): Promise<Snapshot> {
  const tables = await sql<{ table: string; pk: string[] | string | null }>`
    select c.relname as table,
           (select array_agg(a.attname::text order by k.ord)
              from pg_index i
              cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
              join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
             where i.indrelid = c.oid and i.indisprimary) as pk
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'
     order by c.relname`.execute(db);
  const out: Snapshot = {};
  for (const { table, pk } of tables.rows) {
    if (UNCOMPARED_TABLES.has(table)) continue;
    const keys = (Array.isArray(pk) ? pk : typeof pk === "string" ? pk.replace(/^\{|\}$/g, "").split(",") : []).filter(Boolean);
    const order = keys.length ? keys.map((k) => sql.ref(`t.${k}`)) : [sql`t::text`];
    const r = await sql<{ n: number | string; h: string }>`
      select count(*) as n, md5(coalesce(string_agg(${rowText(table)}, E'\n' order by ${sql.join(order)}), '')) as h
        from ${sql.table(table)} as t`.execute(db);
    out[table] = { rows: Number(r.rows[0].n), md5: r.rows[0].h };
  }
  return out;
}

/** A row's text form, without the columns that are not compared. */
function rowText(table: string) {
  const skipped = UNCOMPARED_COLUMNS[table];
  return skipped ? sql`(to_jsonb(t) - ${sql.val(skipped)}::text[])::text` : sql`t::text`;
}
