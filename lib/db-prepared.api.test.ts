import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createDb, getDb } from "@/lib/db";
import { executePrepared } from "@/lib/db-prepared";
import { listDeals } from "@/lib/deals/list";
import { dealCreateSchema, dealListQuerySchema, dealStageMoveSchema, dealUpdateSchema } from "@/lib/deals/schema";
import { createDeal, moveDealStage, updateDeal } from "@/lib/deals/service";
import { replaceAppDatabase } from "@/tests/support/database";
import { signUp } from "@/tests/support/http";

describe("executePrepared", () => {
  let restore: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  /** The app's database on one pooled connection for this test, so pg_prepared_statements shows that session's statements. */
  function useOneConnection() {
    const replaced = replaceAppDatabase((url) => createDb({ databaseUrl: url, poolMax: 1 }));
    restore = replaced.restore;
    return replaced.handle;
  }

  it("returns what the query returns, for each set of values, on both drivers", async () => {
    const a = await signUp({ name: "Prepared A" });
    const b = await signUp({ name: "Prepared B" });
    const db = getDb();
    const byId = (id: string) => db.selectFrom("organization").select(["id", "name"]).where("id", "=", id);
    for (const user of [a, b, a]) {
      expect(await executePrepared(db, byId(user.tenantId))).toEqual(await byId(user.tenantId).execute());
    }
    expect(await executePrepared(db, byId("org_missing"))).toEqual([]);
    // Another text on the same connections gets its own statement (no name clash).
    const names = await executePrepared(db, db.selectFrom("organization").select("name").where("id", "in", [a.tenantId, b.tenantId]).orderBy("name"));
    expect(names.map((r) => r.name)).toHaveLength(2);
  });

  // PGlite has no pool and no prepared statements to check: this runs on PostgreSQL (CI runs both).
  it.skipIf(!process.env.DATABASE_URL)("prepares the statement once per pooled connection on PostgreSQL, then only executes it", async () => {
    const single = useOneConnection();
    const db = single.db;
    const query = () => db.selectFrom("organization").select("id").where("name", "=", "nobody");
    await executePrepared(db, query());
    await executePrepared(db, query());
    const { rows } = await single.pool!.query<{ name: string; statement: string; generic_plans: string; custom_plans: string }>(
      "select name, statement, generic_plans, custom_plans from pg_prepared_statements",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].name).toMatch(/^p_[0-9a-f]{20}$/);
    expect(rows[0].statement).toBe(`/* prepared */ ${query().compile().sql}`);
    expect(Number(rows[0].generic_plans) + Number(rows[0].custom_plans)).toBe(2);
    // Inside a transaction it runs the same statement on the transaction's connection.
    await db.transaction().execute((trx) => executePrepared(trx, query()));
    const after = await single.pool!.query("select count(*)::int as n, sum(generic_plans + custom_plans)::int as runs from pg_prepared_statements");
    expect(after.rows[0]).toEqual({ n: 1, runs: 3 });
    // Unmarked statements are not prepared.
    await query().execute();
    expect((await single.pool!.query("select count(*)::int as n from pg_prepared_statements")).rows[0].n).toBe(1);
  });

  it.skipIf(!process.env.DATABASE_URL)("gives the connection back to the pool after a statement fails, and keeps it", async () => {
    const single = useOneConnection();
    const db = single.db;
    const pid = () => executePrepared(db, sql<{ pid: number }>`select pg_backend_pid() as pid`.compile(db));
    const [before] = await pid();
    const failing = sql<{ x: number }>`select 1 / ${0}::int as x`.compile(db);
    await expect(executePrepared(db, failing)).rejects.toMatchObject({ code: "22012" });
    await expect(executePrepared(db, failing)).rejects.toMatchObject({ code: "22012" });
    // One connection in the pool: had a failure kept it checked out, this would wait for ever.
    expect(await pid()).toEqual([before]);
    expect(single.pool!.totalCount).toBe(1);
    expect(single.pool!.idleCount).toBe(1);
  });

  it.skipIf(!process.env.DATABASE_URL)("runs the deals list's common pages prepared, with the page size in the text, and plans searches and offset pages per request", async () => {
    const user = await signUp({ name: "Prepared list" });
    const single = useOneConnection();
    const caller = { tenantId: user.tenantId, userId: user.userId, isManager: true, dealVisibility: "all" as const };
    const list = (params: Record<string, string>) => listDeals(single.db, caller, dealListQuerySchema.parse(params));
    const statements = async () =>
      (await single.pool!.query<{ statement: string; generic_plans: string; custom_plans: string }>(
        "select statement, generic_plans, custom_plans from pg_prepared_statements",
      )).rows;

    for (let i = 0; i < 3; i++) await list({});
    await list({ stage: "proposal" });
    let prepared = await statements();
    expect(prepared).toHaveLength(2);
    const page = prepared.find((s) => !s.statement.includes(`"stage" =`) && !s.statement.includes("stage = $"))!;
    expect(Number(page.generic_plans) + Number(page.custom_plans)).toBe(3);
    // The page size is a literal: with `limit $n` PostgreSQL re-plans each execution.
    expect(page.statement).toMatch(/limit 51$/);

    await list({ search: "acme" });
    await list({ offset: "50" });
    await list({ assigned_member_id: "me" });
    await list({ limit: "7" });
    await list({ stage: "lead,proposal" });
    prepared = await statements();
    expect(prepared).toHaveLength(2);
  });

  it.skipIf(!process.env.DATABASE_URL)("runs a plain stage move's lock, rank and write prepared inside its transaction, and plans a PATCH's write", async () => {
    const user = await signUp({ name: "Prepared moves" });
    const single = useOneConnection();
    const caller = { tenantId: user.tenantId, userId: user.userId, isManager: true, dealVisibility: "all" as const };
    const deal = await createDeal(single.db, caller, dealCreateSchema.parse({ name: "Prepared move", amount: 1000, currency: "JPY", stage: "proposal" }));
    const statements = async () =>
      (await single.pool!.query<{ statement: string; runs: number }>("select statement, (generic_plans + custom_plans)::int as runs from pg_prepared_statements")).rows;
    const before = new Set((await statements()).map((s) => s.statement));

    for (const stage of ["negotiation", "proposal", "negotiation"]) {
      await moveDealStage(single.db, caller, deal.id, dealStageMoveSchema.parse({ stage }));
    }
    const added = (await statements()).filter((s) => !before.has(s.statement));
    const lock = added.find((s) => s.statement.includes("for no key update"));
    const write = added.find((s) => s.statement.includes('update "deals"'));
    expect(lock?.runs).toBe(3);
    expect(write?.runs).toBe(3);
    // Creates also asked for the column's top rank; the moves reuse a statement of their own (it excludes the moved deal).
    expect(added.find((s) => s.statement.includes('"d"."id" <> $') && s.statement.endsWith("limit 1"))?.runs).toBe(3);

    const count = (await statements()).length;
    await updateDeal(single.db, caller, deal.id, dealUpdateSchema.parse({ name: "Renamed by PATCH" }));
    const afterPatch = await statements();
    // The PATCH reuses the lock; its write (text depends on the fields sent) is not prepared.
    expect(afterPatch).toHaveLength(count);
    expect(afterPatch.find((s) => s.statement.includes("for no key update"))?.runs).toBe(4);
  });
});
