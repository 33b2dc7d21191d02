import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateTo, migrateToLatest } from "@/db/migrate";
import { createDb } from "@/lib/db";
import { newId } from "@/lib/ids";

/**
 * Migrations that change existing data, run on data as it was before them (an embedded
 * database of its own, migrated step by step).
 */
describe("2026-12-07T1000-deal-visibility-and-caller-keys", () => {
  it("separates duplicate board positions, keeping each column's order, and leaves unique ones alone", async () => {
    const handle = createDb({ databaseUrl: "", pgliteDir: "memory://" });
    const db = handle.db;
    try {
      await migrateTo(db, "2026-11-22T1400-fewer-deal-indexes");
      const tenant = newId("organization");
      await db.insertInto("organization").values({ id: tenant, name: "Before", slug: `before-${tenant}`, createdAt: new Date(), logo: null, metadata: null }).execute();
      let n = 0;
      const deal = async (name: string, stage: string, position: string, isDeleted = false) => {
        const id = newId("deal");
        n += 1;
        await sql`insert into deals (id, tenant_id, app_id, deal_number, name, currency, stage, probability, position, stage_entered_at, source, source_type, audit_log, is_deleted)
                  values (${id}, ${tenant}, 'crm', ${`DEAL-2026-${String(n).padStart(5, "0")}`}, ${name}, 'JPY', ${stage}, 10, ${position}, now(), 'edm', 'api', '[]', ${isDeleted})`.execute(db);
        return id;
      };
      const first = await deal("First", "lead", "a0");
      const twins = [await deal("Twin 1", "lead", "a1"), await deal("Twin 2", "lead", "a1"), await deal("Twin 3", "lead", "a1")];
      const last = await deal("Last", "lead", "a2");
      const elsewhere = await deal("Other column", "proposal", "a1");
      const trashed = await deal("Deleted twin", "lead", "a1", true);

      await migrateToLatest(db);

      const rows = (
        await sql<{ id: string; position: string }>`select id, position from deals where tenant_id = ${tenant} and stage = 'lead' and not is_deleted
                                                     order by position collate "C", id`.execute(db)
      ).rows;
      expect(new Set(rows.map((r) => r.position)).size).toBe(rows.length);
      expect(rows.map((r) => r.id)).toEqual([first, ...[...twins].sort(), last]);
      const positions = Object.fromEntries(rows.map((r) => [r.id, r.position]));
      expect(positions[first]).toBe("a0");
      expect(positions[[...twins].sort()[0]]).toBe("a1");
      expect(positions[last]).toBe("a2");
      const untouched = await sql<{ id: string; position: string }>`select id, position from deals where id in (${elsewhere}, ${trashed})`.execute(db);
      expect(Object.fromEntries(untouched.rows.map((r) => [r.id, r.position]))).toEqual({ [elsewhere]: "a1", [trashed]: "a1" });
    } finally {
      await db.destroy();
    }
  });
});
