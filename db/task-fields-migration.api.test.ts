import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateTo, migrateToLatest } from "@/db/migrate";
import { createDb } from "@/lib/db";
import { newId } from "@/lib/ids";

/** Tasks and the next step, run on data as it was before them (an embedded database of its own). */
describe("2026-12-09T1000-task-fields", () => {
  it("moves due_date into due_at (a day), gives tasks their deal's owner, keeps hand-set follow-ups and writes each deal's next step", async () => {
    const handle = createDb({ databaseUrl: "", pgliteDir: "memory://" });
    const db = handle.db;
    try {
      await migrateTo(db, "2026-12-08T1110-api-rate-limits");
      const tenant = newId("organization");
      await db.insertInto("organization").values({ id: tenant, name: "Before", slug: `before-${tenant}`, createdAt: new Date(), logo: null, metadata: null }).execute();
      const owner = newId("user");
      await sql`insert into "user" (id, name, email, "emailVerified", "createdAt", "updatedAt") values (${owner}, 'Owner', ${`${owner}@example.test`}, true, now(), now())`.execute(db);
      let n = 0;
      const deal = async (followup: string | null) => {
        const id = newId("deal");
        n += 1;
        await sql`insert into deals (id, tenant_id, deal_number, name, currency, stage, probability, position, stage_entered_at, source, source_type, audit_log, assigned_member_id, next_followup_date)
                  values (${id}, ${tenant}, ${`DEAL-2026-${String(n).padStart(5, "0")}`}, ${`Deal ${n}`}, 'JPY', 'lead', 10, ${`a${n}`}, now(), 'edm', 'api', '[]', ${owner}, ${followup})`.execute(db);
        return id;
      };
      const activity = async (dealId: string, type: string, content: string, due: string | null) => {
        const id = newId("activity");
        await sql`insert into deal_activities (id, tenant_id, deal_id, type, content, due_date, created_at)
                  values (${id}, ${tenant}, ${dealId}, ${type}, ${content}, ${due}, now() + ${`${n++} milliseconds`}::interval)`.execute(db);
        return id;
      };
      const withTasks = await deal(null);
      const later = await activity(withTasks, "task", "Later", "2027-02-01");
      const sooner = await activity(withTasks, "task", "Sooner", "2027-01-15");
      const note = await activity(withTasks, "note", "A note", null);
      const handSet = await deal("2027-03-01");
      const none = await deal(null);

      await migrateToLatest(db);

      const tasks = (await sql<{ id: string; due_at: Date; due_all_day: boolean; assignee_id: string | null; done: boolean; version: number }>`
        select id, due_at, due_all_day, assignee_id, done, version from deal_activities where id in (${later}, ${sooner}, ${note})`.execute(db)).rows;
      const byId = Object.fromEntries(tasks.map((t) => [t.id, t]));
      expect(new Date(byId[sooner].due_at).toISOString()).toBe("2027-01-15T00:00:00.000Z");
      expect(byId[sooner]).toMatchObject({ due_all_day: true, assignee_id: owner, done: false, version: 1 });
      expect(byId[note]).toMatchObject({ due_at: null, assignee_id: null });

      const deals = (await sql<{ id: string; next_task_id: string | null; next_followup_manual: boolean; wire_tail: string }>`
        select id, next_task_id, next_followup_manual, wire_tail from deals where tenant_id = ${tenant}`.execute(db)).rows;
      const d = Object.fromEntries(deals.map((r) => [r.id, r]));
      expect(d[withTasks].next_task_id).toBe(sooner);
      expect(JSON.parse(`{${d[withTasks].wire_tail}`).next_step).toEqual({ activity_id: sooner, content: "Sooner", due_at: "2027-01-15" });
      expect(d[handSet].next_followup_manual).toBe(true);
      expect(d[none]).toMatchObject({ next_task_id: null, next_followup_manual: false });
      expect(JSON.parse(`{${d[none].wire_tail}`).next_step).toBeNull();
    } finally {
      await db.destroy();
    }
  });
});
