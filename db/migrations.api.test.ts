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

describe("2026-12-08T1000-pipelines", () => {
  it("puts every existing deal into its workspace's new default pipeline, keeping former pipeline values and every total", async () => {
    const handle = createDb({ databaseUrl: "", pgliteDir: "memory://" });
    const db = handle.db;
    try {
      await migrateTo(db, "2026-12-07T1400-user-locale");
      const tenants = [newId("organization"), newId("organization")];
      for (const tenant of tenants) {
        await db.insertInto("organization").values({ id: tenant, name: "Before", slug: `before-${tenant}`, createdAt: new Date(), logo: null, metadata: null }).execute();
      }
      let n = 0;
      const deal = async (tenant: string, stage: string, amount: number | null, currency: string, extra: { pipeline?: string; deleted?: boolean } = {}) => {
        const id = newId("deal");
        n += 1;
        await sql`insert into deals (id, tenant_id, deal_number, name, amount, currency, stage, probability, position, stage_entered_at, source, source_type, audit_log, is_deleted, pipeline_id)
                  values (${id}, ${tenant}, ${`DEAL-2026-${String(n).padStart(5, "0")}`}, ${`Deal ${n}`}, ${amount}, ${currency}, ${stage}, 50, ${`a${n}`}, now(), 'edm', 'api', '[]',
                          ${extra.deleted ?? false}, ${extra.pipeline ?? null})`.execute(db);
        return id;
      };
      const ids = [
        await deal(tenants[0], "lead", 100, "JPY"),
        await deal(tenants[0], "proposal", 250.5, "USD", { pipeline: "enterprise" }),
        await deal(tenants[0], "closed_won", null, "JPY", { deleted: true }),
        await deal(tenants[1], "negotiation", 1000, "JPY"),
      ];
      const totalsBefore = (await sql<{ tenant_id: string; stage: string; currency: string; deal_count: number; amount_sum: string }>`
        select tenant_id, stage, rtrim(currency) as currency, deal_count, amount_sum::text from deal_stage_totals where deal_count <> 0 order by 1, 2, 3`.execute(db)).rows;

      await migrateToLatest(db);

      const pipelines = (await sql<{ id: string; tenant_id: string; is_default: boolean }>`select id, tenant_id, is_default from pipelines order by tenant_id`.execute(db)).rows;
      expect(pipelines.map((p) => p.tenant_id).sort()).toEqual([...tenants].sort());
      expect(pipelines.every((p) => p.is_default)).toBe(true);
      const defaultOf = new Map(pipelines.map((p) => [p.tenant_id, p.id]));
      const stages = (await sql<{ id: string; probability: number }>`select id, probability from pipeline_stages where pipeline_id = ${defaultOf.get(tenants[0])} order by position`.execute(db)).rows;
      expect(stages).toEqual([
        { id: "lead", probability: 10 },
        { id: "qualification", probability: 20 },
        { id: "proposal", probability: 50 },
        { id: "negotiation", probability: 80 },
        { id: "closed_won", probability: 100 },
        { id: "closed_lost", probability: 0 },
      ]);
      const deals = (await sql<{ id: string; tenant_id: string; pipeline_id: string; custom_fields: Record<string, unknown> | string; wire_tail: string }>`
        select id, tenant_id, pipeline_id, custom_fields, wire_tail from deals order by id`.execute(db)).rows;
      expect(deals).toHaveLength(ids.length);
      for (const d of deals) {
        expect(d.pipeline_id).toBe(defaultOf.get(d.tenant_id));
        // The stored wire JSON says so too.
        expect(d.wire_tail).toContain(`"pipeline_id":"${d.pipeline_id}"`);
      }
      const former = deals.find((d) => d.id === ids[1])!;
      expect(typeof former.custom_fields === "string" ? JSON.parse(former.custom_fields) : former.custom_fields).toEqual({ pipeline: "enterprise" });

      const totalsAfter = (await sql<{ tenant_id: string; pipeline_id: string; stage: string; currency: string; deal_count: number; amount_sum: string }>`
        select tenant_id, pipeline_id, stage, rtrim(currency) as currency, deal_count, amount_sum::text from deal_stage_totals where deal_count <> 0 order by 1, 3, 4`.execute(db)).rows;
      expect(totalsAfter.map(({ pipeline_id, ...rest }) => (expect(pipeline_id).toBe(defaultOf.get(rest.tenant_id)), rest))).toEqual(totalsBefore);

      // A workspace created from now on gets its default pipeline at once.
      const later = newId("organization");
      await db.insertInto("organization").values({ id: later, name: "After", slug: `after-${later}`, createdAt: new Date(), logo: null, metadata: null }).execute();
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pipeline_stages s join pipelines p on p.id = s.pipeline_id where p.tenant_id = ${later} and p.is_default`.execute(db);
      expect(rows[0].n).toBe(6);
    } finally {
      await db.destroy();
    }
  });
});
