import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";

/**
 * Properties of the migrated schema that no endpoint test would notice until a table is large:
 * PostgreSQL checks the referencing table on every delete of a referenced row (cascade or not),
 * and without an index leading with the referencing columns each check scans that table
 * (deleting one deal scanned all activities; deleting an organization would take hours at
 * 100,000 deals). Runs on the same migrated database as the API tests (PGlite and PostgreSQL).
 */
describe("schema", () => {
  it("has an index leading with the columns of every foreign key", async () => {
    const { rows } = await sql<{ constraint: string; table: string; columns: string[]; indexed: boolean }>`
      select c.conname as constraint, c.conrelid::regclass::text as table,
             array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, n)
                     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n) as columns,
             exists (
               select 1 from pg_index i
                where i.indrelid = c.conrelid
                  and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
                  and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
             ) as indexed
        from pg_constraint c
        join pg_namespace n on n.oid = c.connamespace
       where c.contype = 'f' and n.nspname = 'public'
       order by 1`.execute(getDb());
    // Sanity: the query sees the deals → companies and activities → deals keys.
    expect(rows.map((r) => r.constraint)).toEqual(expect.arrayContaining([expect.stringMatching(/^deal_activities_deal_id/), expect.stringMatching(/^deals_company_id/)]));
    expect(rows.filter((r) => !r.indexed).map((r) => `${r.table}(${r.columns.join(", ")})`)).toEqual([]);
  });

  it("vacuums the hot totals and counter tables after a fixed number of updates, and leaves room for HOT updates", async () => {
    const { rows } = await sql<{ relname: string; reloptions: string[] | null }>`
      select relname::text, reloptions from pg_class
       where relname in ('deal_stage_total_shards', 'deal_counters') and relkind = 'r' order by relname`.execute(getDb());
    expect(rows.map((r) => r.relname)).toEqual(["deal_counters", "deal_stage_total_shards"]);
    for (const row of rows) {
      expect(row.reloptions, row.relname).toEqual(
        expect.arrayContaining(["fillfactor=50", "autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=1000"]),
      );
    }
  });
});
