import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { insertDeals } from "@/db/factories";
import type { BoardData } from "@/lib/deals/board-math";
import type { DealListResponse } from "@/lib/deals/schema";
import { closeDateInRange } from "@/lib/deals/scope";
import { DEFAULT_PIPELINE_STAGES } from "@/lib/pipelines/model";

const STAGE_IDS = DEFAULT_PIPELINE_STAGES.map((s) => s.id);
import { getDb } from "@/lib/db";
import { api, signUp, type TestUser } from "@/tests/support/http";

/**
 * The close-date range and owner filters after migration `2026-11-22T1400-fewer-deal-indexes`
 * (docs/benchmarks.md#fewer-indexes): the range is written on the close-date sort's expression,
 * where a deal without a date counts as 'infinity', and the owner filter reads an index that
 * leads with the member. Neither may change which deals a filter finds.
 */
const DEALS = 2_000;
const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);

describe("close-date and owner filters", () => {
  let user: TestUser;
  let deals: Array<{ id: string; expected_close_date: string | null; assigned_member_id: string | null }>;

  beforeAll(async () => {
    user = await signUp();
    const inputs = Array.from({ length: DEALS }, (_, i) => ({
        name: `Filter ${i}`,
        stage: STAGE_IDS[i % 4],
        // Every tenth deal has no date; the rest spread over 2026.
        expected_close_date: i % 10 === 0 ? null : day(i * 7),
        assigned_member_id: i % 10 === 3 ? user.userId : null,
      created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    }));
    const rows = [];
    // One statement per 250 rows: PostgreSQL takes at most 65,535 parameters.
    for (let i = 0; i < DEALS; i += 250) rows.push(...(await insertDeals(getDb(), user.tenantId, inputs.slice(i, i + 250))));
    deals = rows.map((r) => ({
      id: r.id,
      expected_close_date: (r.expected_close_date as string | null) ?? null,
      assigned_member_id: (r.assigned_member_id as string | null) ?? null,
    }));
    await sql`analyze deals`.execute(getDb());
  });

  const list = async (query: string): Promise<DealListResponse> => {
    const res = await api.get(`/api/v1/crm/deals?${query}`, { token: user.token });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
  const boardCount = async (query: string): Promise<number> => {
    const res = await api.get(`/api/v1/crm/board?${query}`, { token: user.token });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as BoardData).columns.reduce((n, c) => n + c.count, 0);
  };

  it("a close-date range finds exactly the deals dated within it, and never one without a date", async () => {
    const ranges: Array<[string | undefined, string | undefined]> = [
      ["2026-06-01", undefined],
      [undefined, "2026-03-15"],
      ["2026-02-01", "2026-02-28"],
      ["2026-07-04", "2026-07-04"],
      ["2027-01-01", undefined],
    ];
    for (const [from, to] of ranges) {
      const query = [from && `expected_close_from=${from}`, to && `expected_close_to=${to}`].filter(Boolean).join("&");
      const expected = deals.filter((d) => d.expected_close_date !== null && (!from || d.expected_close_date >= from) && (!to || d.expected_close_date <= to));
      const page = await list(`${query}&limit=100&sort=expected_close_date&order=desc`);
      expect(page.total, query).toBe(expected.length);
      expect(page.items.every((d) => d.expected_close_date !== null && (!from || d.expected_close_date >= from) && (!to || d.expected_close_date <= to)), query).toBe(true);
      expect(page.items.map((d) => d.expected_close_date), query).toEqual(
        expected.map((d) => d.expected_close_date!).sort().reverse().slice(0, 100),
      );
      expect(await boardCount(query), query).toBe(expected.length);
    }
  });

  it("the owner filter pages through exactly the member's deals, newest first", async () => {
    const expected = deals.filter((d) => d.assigned_member_id === user.userId).map((d) => d.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: DealListResponse = await list(`assigned_member_id=me&limit=60${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.total).toBe(expected.length);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.next_cursor;
    } while (cursor);
    // Created a minute apart in input order, so newest first is the input order reversed.
    expect(seen).toEqual([...expected].reverse());
    expect(await boardCount("assigned_member_id=me")).toBe(expected.length);
  });

  it.skipIf(!process.env.DATABASE_URL)("PostgreSQL answers both filters from an index", async () => {
    const plan = async (query: ReturnType<typeof sql<{ "QUERY PLAN": string }>>) =>
      getDb()
        .transaction()
        .execute(async (trx) => {
          // Only to make the plan show whether an index can serve the condition at all.
          await sql`set local enable_seqscan = off`.execute(trx);
          return (await query.execute(trx)).rows.map((r) => r["QUERY PLAN"]).join("\n");
        });
    const range = await plan(sql<{ "QUERY PLAN": string }>`
      explain select count(*) from deals d
       where d.tenant_id = ${user.tenantId} and not d.is_deleted and ${sql.join(closeDateInRange("2026-02-01", "2026-02-28"), sql` and `)}`);
    expect(range).toContain("deals_live_close_asc_idx");
    expect(range).toMatch(/Index Cond: .*COALESCE\(expected_close_date/);
    const openEnded = await plan(sql<{ "QUERY PLAN": string }>`
      explain select count(*) from deals d
       where d.tenant_id = ${user.tenantId} and not d.is_deleted and ${sql.join(closeDateInRange("2026-06-01", undefined), sql` and `)}`);
    expect(openEnded).toContain("deals_live_close_asc_idx");
    const owner = await plan(sql<{ "QUERY PLAN": string }>`
      explain select d.id from deals d
       where d.tenant_id = ${user.tenantId} and not d.is_deleted and d.assigned_member_id = ${user.userId}
       order by d.created_at desc, d.id desc limit 51`);
    expect(owner).toContain("deals_owner_idx");
  });
});
