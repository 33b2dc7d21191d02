import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import type { Deal, DealListResponse } from "@/lib/deals/schema";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { addRep, createDeal, DEALS, insertCompany, insertContact, insertRawDeals, createPipeline, defaultPipeline } from "./deals-test-helpers";

let owner: TestUser;
let rep: TestUser;
let companyId: string;
let contactId: string;
const all: Deal[] = [];

async function list(query: string, who: TestUser = owner): Promise<DealListResponse> {
  const res = await api.get(`${DEALS}?${query}`, { token: who.token });
  if (res.status !== 200) throw new Error(`list ${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as DealListResponse;
}

let enterpriseId: string;
const names = (r: DealListResponse) => r.items.map((d) => d.name);
const ids = (r: DealListResponse | Deal[]) => ("items" in r ? r.items : r).map((d) => d.id);

beforeAll(async () => {
  owner = await signUp({ name: "Owner" });
  rep = await addRep(owner, "Rep Rina");
  companyId = await insertCompany(owner.tenantId, { name: "Globex" });
  contactId = await insertContact(owner.tenantId, { first_name: "Taro" });
  enterpriseId = (await createPipeline(owner, { name: "Enterprise" })).id;
  const specs: Array<Record<string, unknown>> = [
    { name: "Alpha renewal", amount: 500, stage: "lead", tags: ["vip"], expected_close_date: "2027-01-10", company_id: companyId },
    { name: "beta expansion", amount: null, stage: "qualification", expected_close_date: null, pipeline_id: enterpriseId },
    { name: "Gamma 50% discount", amount: 500, stage: "proposal", contact_id: contactId, assigned_member_id: rep.userId },
    { name: "Delta pilot", amount: 1201, stage: "negotiation", contact_ids: [contactId], expected_close_date: "2026-12-01" },
    { name: "Epsilon_office", amount: 0, stage: "closed_won", assigned_member_id: null },
    { name: "Zeta migration", amount: null, stage: "lead", expected_close_date: "2027-06-30", tags: ["vip", "q1"], pipeline_id: enterpriseId },
    { name: "eta support", amount: 99, stage: "proposal", expected_close_date: null, company_id: companyId, assigned_member_id: rep.userId },
    { name: "Theta audit", amount: 500, stage: "lead" },
  ];
  for (const spec of specs) all.push(await createDeal(owner, spec));
  // Same created_at and same amount for several rows: only the id breaks the tie.
  const tied = new Date("2026-06-01T00:00:00.123Z");
  await insertRawDeals(owner.tenantId, Array.from({ length: 9 }, (_, i) => ({ name: `Tied ${i % 3}`, amount: i % 2 ? 300 : null, created_at: tied, updated_at: tied })));
  // Noise in another tenant that must never show up.
  const stranger = await signUp();
  await createDeal(stranger, { name: "Alpha foreign", amount: 500 });
});

describe("sorting and pagination", () => {
  const SORTS = ["created_at", "updated_at", "name", "amount", "expected_close_date", "probability", "position"];

  it.each(SORTS.flatMap((s) => [[s, "asc"], [s, "desc"]]))("walks sort=%s order=%s identically by cursor and by offset", async (sort, order) => {
    const full = await list(`sort=${sort}&order=${order}&limit=200`);
    expect(full.total).toBe(17);
    expect(full.items).toHaveLength(17);
    expect(full.next_cursor).toBeNull();

    const byOffset: string[] = [];
    for (let offset = 0; offset < 17; offset += 4) byOffset.push(...ids(await list(`sort=${sort}&order=${order}&limit=4&offset=${offset}`)));
    expect(byOffset).toEqual(ids(full));

    const byCursor: string[] = [];
    let page = await list(`sort=${sort}&order=${order}&limit=4`);
    const offsets = [page.offset];
    byCursor.push(...ids(page));
    while (page.next_cursor) {
      page = await list(`sort=${sort}&order=${order}&limit=4&cursor=${page.next_cursor}`);
      offsets.push(page.offset);
      byCursor.push(...ids(page));
    }
    expect(byCursor).toEqual(ids(full));
    expect(offsets).toEqual([0, 4, 8, 12, 16]);
    expect(page.items).toHaveLength(1);
  });

  it("sorts nulls last in both directions, with id as the final tie-breaker", async () => {
    for (const order of ["asc", "desc"] as const) {
      const amounts = (await list(`sort=amount&order=${order}&limit=200`)).items;
      const firstNull = amounts.findIndex((d) => d.amount === null);
      expect(amounts.slice(firstNull).every((d) => d.amount === null)).toBe(true);
      const values = amounts.slice(0, firstNull).map((d) => d.amount!);
      expect(values).toEqual([...values].sort((a, b) => (order === "asc" ? a - b : b - a)));
      for (let i = 1; i < amounts.length; i++) {
        if (amounts[i].amount === amounts[i - 1].amount) {
          expect(order === "asc" ? amounts[i].id > amounts[i - 1].id : amounts[i].id < amounts[i - 1].id).toBe(true);
        }
      }
      const closes = (await list(`sort=expected_close_date&order=${order}&limit=200`)).items.map((d) => d.expected_close_date);
      const nonNull = closes.filter((c) => c !== null);
      expect(closes.slice(0, nonNull.length)).toEqual(order === "asc" ? [...nonNull].sort() : [...nonNull].sort().reverse());
    }
    const byName = names(await list("sort=name&order=asc&limit=200"));
    expect(byName.filter((n) => n.startsWith("Tied"))).toEqual(["Tied 0", "Tied 0", "Tied 0", "Tied 1", "Tied 1", "Tied 1", "Tied 2", "Tied 2", "Tied 2"]);
  });

  it("defaults to created_at desc, 50 per page, and caps limit at 200 (reported in the response)", async () => {
    const page = await list("");
    expect(page.limit).toBe(50);
    expect(page.offset).toBe(0);
    expect(page.items.slice(0, 8).map((d) => d.name)).toEqual([...all].reverse().map((d) => d.name));
    expect((await list("limit=1000")).limit).toBe(200);
    const small = await list("limit=5");
    expect(small.items).toHaveLength(5);
    expect(small.next_cursor).toEqual(expect.any(String));
  });

  it("ends with next_cursor null on the last page and an empty page past the end", async () => {
    const last = await list("limit=5&offset=15");
    expect(last.items).toHaveLength(2);
    expect(last.next_cursor).toBeNull();
    const beyond = await list("limit=5&offset=100");
    expect(beyond).toMatchObject({ items: [], total: 17, offset: 100, next_cursor: null });
  });

  it("refuses cursors used with another sort or filter, tampered or garbage cursors, and cursor+offset", async () => {
    const { next_cursor } = await list("sort=amount&order=asc&limit=3");
    for (const query of [
      `sort=amount&order=desc&cursor=${next_cursor}`,
      `sort=name&order=asc&cursor=${next_cursor}`,
      `sort=amount&order=asc&stage=lead&cursor=${next_cursor}`,
      `sort=amount&order=asc&search=a&cursor=${next_cursor}`,
      `sort=amount&order=asc&cursor=${next_cursor}&offset=3`,
      `cursor=not-a-cursor!`,
      `cursor=${Buffer.from('{"v":"x"}').toString("base64url")}`,
      `sort=amount&order=asc&cursor=${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(next_cursor!, "base64url").toString()), v: "1; drop table deals" })).toString("base64url")}`,
    ]) {
      const res = await api.get(`${DEALS}?${query}`, { token: owner.token });
      expect(res.status, query).toBe(400);
      expect((await res.json()).code).toBe("invalid_cursor");
    }
    expect((await list(`sort=amount&order=asc&limit=3&cursor=${next_cursor}`)).items).toHaveLength(3);
    // The page size is free to change between pages.
    expect((await list(`sort=amount&order=asc&cursor=${next_cursor}`)).items).toHaveLength(14);
  });
});

describe("search", () => {
  it("matches part of the name, case-insensitively, and the deal number", async () => {
    expect(names(await list("search=ALPHA"))).toEqual(["Alpha renewal"]);
    expect(names(await list("search=pansi"))).toEqual(["beta expansion"]);
    expect(names(await list(`search=${all[3].deal_number.toLowerCase()}`))).toEqual(["Delta pilot"]);
    expect((await list("search=nothing-like-this")).items).toEqual([]);
  });

  it("treats % and _ literally", async () => {
    expect(names(await list("search=50%25"))).toEqual(["Gamma 50% discount"]);
    expect(names(await list("search=%25"))).toEqual(["Gamma 50% discount"]);
    expect(names(await list("search=_"))).toEqual(["Epsilon_office"]);
  });

  it("pages search results by cursor with an exact total", async () => {
    const first = await list("search=tied&limit=4&sort=name&order=asc");
    expect(first.total).toBe(9);
    const second = await list(`search=tied&limit=4&sort=name&order=asc&cursor=${first.next_cursor}`);
    const third = await list(`search=tied&limit=4&sort=name&order=asc&cursor=${second.next_cursor}`);
    expect([...ids(first), ...ids(second), ...ids(third)]).toEqual(ids(await list("search=tied&limit=50&sort=name&order=asc")));
    expect(third.next_cursor).toBeNull();
  });
});

describe("filters", () => {
  it("filters by one or several stages", async () => {
    expect(names(await list("stage=proposal")).sort()).toEqual(["Gamma 50% discount", "eta support"]);
    const several = await list("stage=negotiation,closed_won");
    expect(names(several).sort()).toEqual(["Delta pilot", "Epsilon_office"]);
    expect(several.total).toBe(2);
    expect((await list("stage=lead&stage=proposal")).total).toBe(2 + 3 + 9);
  });

  it("filters by owner: an id, me, none", async () => {
    expect(names(await list(`assigned_member_id=${rep.userId}`)).sort()).toEqual(["Gamma 50% discount", "eta support"]);
    expect(names(await list("assigned_member_id=me", rep)).sort()).toEqual(["Gamma 50% discount", "eta support"]);
    const mine = await list("assigned_member_id=me");
    expect(mine.total).toBe(5);
    const none = await list("assigned_member_id=none");
    expect(none.total).toBe(10);
    expect(none.items.every((d) => d.assigned_member_id === null)).toBe(true);
  });

  it("filters by company, contact (primary or any), pipeline and tag", async () => {
    expect(names(await list(`company_id=${companyId}`)).sort()).toEqual(["Alpha renewal", "eta support"]);
    expect(names(await list(`contact_id=${contactId}`)).sort()).toEqual(["Delta pilot", "Gamma 50% discount"]);
    expect(names(await list(`pipeline_id=${enterpriseId}`)).sort()).toEqual(["Zeta migration", "beta expansion"]);
    expect(names(await list("tag=vip")).sort()).toEqual(["Alpha renewal", "Zeta migration"]);
    expect(names(await list("tag=q1"))).toEqual(["Zeta migration"]);
  });

  it("filters by currency, so amounts sort within one currency, with an exact total and cursors", async () => {
    const trader = await signUp({ name: "Currency owner" });
    const specs = [
      ["USD small", 5300, "USD"],
      ["EUR mid", 7000, "EUR"],
      ["USD big", 7900, "USD"],
      ["JPY large", 8250000, "JPY"],
    ] as const;
    for (const [name, amount, currency] of specs) await createDeal(trader, { name, amount, currency });
    expect(names(await list("currency=USD&sort=amount&order=desc", trader))).toEqual(["USD big", "USD small"]);
    const first = await list("currency=USD&sort=amount&order=desc&limit=1", trader);
    expect(first.total).toBe(2);
    expect(names(await list(`currency=USD&sort=amount&order=desc&limit=1&cursor=${first.next_cursor}`, trader))).toEqual(["USD small"]);
    expect((await api.get(`${DEALS}?currency=EUR&sort=amount&cursor=${first.next_cursor}`, { token: trader.token })).status).toBe(400);
    for (const bad of ["usd", "XXY", "JPYEN"]) {
      const res = await api.get(`${DEALS}?currency=${bad}`, { token: trader.token });
      expect(res.status, bad).toBe(400);
      expect((await res.json()).errors[0].field).toBe("query.currency");
    }
  });

  it("filters by expected close date range (inclusive)", async () => {
    expect(names(await list("expected_close_from=2027-01-10&sort=expected_close_date&order=asc"))).toEqual(["Alpha renewal", "Zeta migration"]);
    expect(names(await list("expected_close_to=2027-01-10&sort=expected_close_date&order=asc"))).toEqual(["Delta pilot", "Alpha renewal"]);
    expect(names(await list("expected_close_from=2026-12-02&expected_close_to=2027-06-29"))).toEqual(["Alpha renewal"]);
  });

  it("combines filters and pages them by cursor", async () => {
    const first = await list("stage=lead&assigned_member_id=none&limit=4&sort=created_at&order=asc");
    expect(first.total).toBe(9);
    let page = first;
    const seen = [...ids(first)];
    while (page.next_cursor) {
      page = await list(`stage=lead&assigned_member_id=none&limit=4&sort=created_at&order=asc&cursor=${page.next_cursor}`);
      seen.push(...ids(page));
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });
});

describe("trash", () => {
  it("lists soft-deleted deals with deleted=true, and only there", async () => {
    const user = await signUp();
    const keep = await createDeal(user, { name: "Keep" });
    const gone = await createDeal(user, { name: "Gone" });
    expect((await api.delete(`${DEALS}/${gone.id}`, { token: user.token })).status).toBe(200);
    const live = await list("", user);
    expect(ids(live)).toEqual([keep.id]);
    expect(live.total).toBe(1);
    const trash = await list("deleted=true", user);
    expect(ids(trash)).toEqual([gone.id]);
    expect(trash.total).toBe(1);
    expect(trash.items[0]).toMatchObject({ is_deleted: true, deleted_by: user.userId });
    await api.post(`${DEALS}/${gone.id}/restore`, undefined, { token: user.token });
    expect((await list("deleted=true", user)).total).toBe(0);
    expect((await list("", user)).total).toBe(2);
  });
});

describe("total", () => {
  async function realCounts(tenantId: string) {
    const rows = await sql<{ stage: string; n: number; amount: string; weighted: string }>`
      select stage, count(*)::int as n, coalesce(sum(amount), 0)::numeric(24,2)::text as amount,
             coalesce(sum(amount * probability / 100.0), 0)::numeric(28,4)::text as weighted
      from deals where tenant_id = ${tenantId} and not is_deleted group by stage order by stage`.execute(getDb());
    return rows.rows.map((r) => ({ stage: r.stage, n: Number(r.n), amount: r.amount, weighted: r.weighted }));
  }
  async function totalsTable(tenantId: string) {
    const rows = await sql<{ stage: string; n: number; amount: string; weighted: string }>`
      select stage, sum(deal_count)::int as n, sum(amount_sum)::numeric(24,2)::text as amount, sum(weighted_sum)::numeric(28,4)::text as weighted
      from deal_stage_totals where tenant_id = ${tenantId} group by stage having sum(deal_count) <> 0 order by stage`.execute(getDb());
    return rows.rows.map((r) => ({ stage: r.stage, n: Number(r.n), amount: r.amount, weighted: r.weighted }));
  }

  it("comes from deal_stage_totals without filters or with only stage (not from counting deals)", async () => {
    const user = await signUp();
    await createDeal(user, { stage: "lead" });
    await createDeal(user, { stage: "proposal" });
    expect((await list("", user)).total).toBe(2);
    // Skew the totals table on purpose: the list must report it, proving no count(*) ran.
    // (A shard the trigger never uses: it writes shards 0..15.)
    const pipeline = await defaultPipeline(user);
    await sql`insert into deal_stage_total_shards (tenant_id, pipeline_id, stage, currency, shard, deal_count)
      values (${user.tenantId}, ${pipeline.id}, 'lead', 'JPY', 999, 100)`.execute(getDb());
    expect((await list("", user)).total).toBe(102);
    expect((await list("stage=lead", user)).total).toBe(101);
    expect((await list("stage=proposal", user)).total).toBe(1);
    expect((await list(`pipeline_id=${pipeline.id}`, user)).total).toBe(102);
    expect((await list(`pipeline_id=${pipeline.id}&stage=lead`, user)).total).toBe(101);
    // Other filters count exactly.
    expect((await list("assigned_member_id=me", user)).total).toBe(2);
    expect((await list("search=test", user)).total).toBe(2);
    await sql`delete from deal_stage_total_shards where tenant_id = ${user.tenantId} and shard = 999`.execute(getDb());
  });

  it("stays equal to a real count (and sums) through creates, moves, edits, deletes and restores", async () => {
    const user = await signUp();
    const a = await createDeal(user, { amount: 1000, currency: "JPY" });
    const b = await createDeal(user, { amount: 250.5, currency: "USD", stage: "proposal" });
    const c = await createDeal(user, { amount: null, stage: "negotiation" });
    await api.post(`${DEALS}/${a.id}/stage`, { stage: "negotiation" }, { token: user.token });
    await api.patch(`${DEALS}/${b.id}`, { amount: 300, probability: 75 }, { token: user.token });
    await api.patch(`${DEALS}/${c.id}`, { amount: 42, currency: "EUR" }, { token: user.token });
    await api.post(`${DEALS}/${c.id}/stage`, { stage: "closed_lost", lost_reason: "x", loss_category: "other" }, { token: user.token });
    await api.delete(`${DEALS}/${a.id}`, { token: user.token });
    expect(await totalsTable(user.tenantId)).toEqual(await realCounts(user.tenantId));
    expect((await list("", user)).total).toBe(2);
    await api.post(`${DEALS}/${a.id}/restore`, undefined, { token: user.token });
    await api.post(`${DEALS}/${b.id}/stage`, { stage: "closed_won" }, { token: user.token });
    const real = await realCounts(user.tenantId);
    expect(await totalsTable(user.tenantId)).toEqual(real);
    expect(real.map((r) => r.stage)).toEqual(["closed_lost", "closed_won", "negotiation"]);
    expect((await list("", user)).total).toBe(3);
    expect((await list("stage=negotiation,closed_won", user)).total).toBe(2);
  });
});
