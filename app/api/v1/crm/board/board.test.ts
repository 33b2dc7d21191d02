import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { insertCompanies, insertContacts, insertDeals } from "@/db/factories";
import type { BoardColumn, BoardData } from "@/lib/deals/board-math";
import { type Deal, dealCardSchema } from "@/lib/deals/schema";
import { DEFAULT_PIPELINE_STAGES } from "@/lib/pipelines/model";

const STAGE_IDS = DEFAULT_PIPELINE_STAGES.map((s) => s.id);
import { getDb, getDbHandle } from "@/lib/db";
import { openApiDocument } from "@/lib/openapi";
import { api, signUp, type TestUser } from "@/tests/support/http";

const board = async (user: TestUser, query = ""): Promise<BoardData> => {
  const res = await api.get(`/api/v1/crm/board${query}`, { token: user.token });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};

const col = (data: BoardData, stage: string): BoardColumn => data.columns.find((c) => c.stage === stage)!;

/** The column totals computed straight from the deals table, for comparison. */
async function sqlTotals(tenantId: string, where = sql`true`) {
  const { rows } = await sql<{ stage: string; currency: string; n: number; amount: string; weighted: string }>`
    select stage, trim(currency) as currency, count(*)::int as n, coalesce(sum(amount), 0)::text as amount,
           coalesce(sum(coalesce(amount, 0) * probability / 100.0), 0)::text as weighted
      from deals
     where tenant_id = ${tenantId} and not is_deleted and ${where}
     group by stage, currency`.execute(getDb());
  return rows.map((r) => ({ stage: r.stage, currency: r.currency, count: r.n, amount: Number(r.amount), weighted: Number(r.weighted) }));
}

function flattenTotals(data: BoardData) {
  return data.columns.flatMap((c) => c.totals.map((t) => ({ stage: c.stage, ...t })));
}

/** A card's fields, written out: the board sends these and nothing else. */
const CARD_KEYS = [
  "amount",
  "assigned_member_id",
  "assigned_member_name",
  "company_id",
  "company_name",
  "contact_id",
  "contact_name",
  "currency",
  "deal_number",
  "expected_close_date",
  "id",
  "loss_category",
  "lost_reason",
  "name",
  "next_followup_date",
  "next_step",
  "position",
  "probability",
  "stage",
  "stage_entered_at",
  "updated_at",
  "version",
];

/** The value at a path of keys in parsed JSON (undefined if any step is missing). */
const at = (node: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], node);

const byKey = <T extends { stage: string; currency: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.stage}|${a.currency}`.localeCompare(`${b.stage}|${b.currency}`));

describe("GET /api/v1/crm/board", () => {
  it("returns six columns in stage order with counts, per-currency totals and cards in board order", async () => {
    const user = await signUp({ name: "Board Owner" });
    const [acme] = await insertCompanies(getDb(), user.tenantId, [{ name: "Acme KK" }]);
    await insertDeals(getDb(), user.tenantId, [
      { name: "Alpha", stage: "proposal", amount: 1_000_000, currency: "JPY", company_id: acme.id, assigned_member_id: user.userId },
      { name: "Bravo", stage: "proposal", amount: 2_500_000, currency: "JPY", probability: 70 },
      { name: "Charlie", stage: "proposal", amount: 1200.5, currency: "USD" },
      { name: "Delta", stage: "proposal", amount: null, currency: "JPY" },
      { name: "Echo", stage: "closed_won", amount: 300, currency: "EUR" },
      { name: "Foxtrot", stage: "lead", amount: 10, currency: "USD" },
    ]);

    const res = await api.get("/api/v1/crm/board", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const data: BoardData = await res.json();

    expect(data.columns.map((c) => c.stage)).toEqual(STAGE_IDS);
    for (const c of data.columns) {
      expect(Object.keys(c).sort()).toEqual(["count", "items", "next_cursor", "stage", "totals"]);
      expect(c.next_cursor).toBeNull();
      for (const item of c.items) {
        expect(Object.keys(item).sort()).toEqual(CARD_KEYS);
        expect(() => dealCardSchema.strict().parse(item)).not.toThrow();
      }
    }

    const proposal = col(data, "proposal");
    expect(proposal.items.map((d) => d.name)).toEqual(["Alpha", "Bravo", "Charlie", "Delta"]);
    expect(proposal.items[0]).toMatchObject({ company_name: "Acme KK", assigned_member_name: "Board Owner", stage: "proposal" });
    expect(proposal.count).toBe(4);
    // JPY: 3 deals (one without amount); never mixed with USD.
    expect(proposal.totals).toEqual([
      { currency: "JPY", count: 3, amount: 3_500_000, weighted: 1_000_000 * 0.5 + 2_500_000 * 0.7 },
      { currency: "USD", count: 1, amount: 1200.5, weighted: 600.25 },
    ]);
    expect(col(data, "closed_won")).toMatchObject({ count: 1, totals: [{ currency: "EUR", count: 1, amount: 300, weighted: 300 }] });
    expect(col(data, "negotiation")).toMatchObject({ count: 0, totals: [], items: [] });
  });

  it("sends slim cards: a deal's card fields exactly as GET /deals/{id} has them, and nothing else", async () => {
    const user = await signUp({ name: "Card Owner" });
    const [company] = await insertCompanies(getDb(), user.tenantId, [{ name: "Kawasaki Steel" }]);
    const [contact] = await insertContacts(getDb(), user.tenantId, [{ first_name: "Taro", last_name: "Yamada", company_id: company.id }]);
    const [lost] = await insertDeals(getDb(), user.tenantId, [
      {
        name: "Steel frames",
        stage: "closed_lost",
        amount: 1_234_567.89,
        currency: "USD",
        company_id: company.id,
        contact_id: contact.id,
        contact_ids: [contact.id!],
        assigned_member_id: user.userId,
        expected_close_date: "2026-12-15",
        next_followup_date: "2026-12-01",
        lost_reason: "Went with a cheaper supplier",
        loss_category: "price",
        note: "A long note ".repeat(200),
        tags: ["steel", "frames"],
        quote_ids: ["Q-1", "Q-2"],
        custom_fields: { region: "Kanto", seats: 12 },
      },
      { name: "Contact only", stage: "lead", contact_id: contact.id },
    ]);

    const data = await board(user);
    const card = col(data, "closed_lost").items[0];
    expect(Object.keys(card).sort()).toEqual(CARD_KEYS);
    for (const absent of ["audit_log", "custom_fields", "note", "tags", "quote_ids", "contact_ids", "tenant_id", "is_deleted"]) {
      expect(card, absent).not.toHaveProperty(absent);
    }

    const res = await api.get(`/api/v1/crm/deals/${lost.id}`, { token: user.token });
    expect(res.status).toBe(200);
    const { deal } = (await res.json()) as { deal: Deal };
    expect(card).toEqual(Object.fromEntries(CARD_KEYS.map((k) => [k, deal[k as keyof Deal]])));
    expect(card).toMatchObject({
      amount: 1_234_567.89,
      currency: "USD",
      company_name: "Kawasaki Steel",
      contact_name: deal.contact_name,
      assigned_member_name: "Card Owner",
      lost_reason: "Went with a cheaper supplier",
      loss_category: "price",
      version: 1,
    });
    expect(deal.contact_name).toContain("Yamada");
    expect(card.stage_entered_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // Without a company the card still names the contact (what the card shows instead).
    expect(col(data, "lead").items[0]).toMatchObject({ name: "Contact only", company_name: null, contact_name: deal.contact_name });

    // The OpenAPI document describes the same card.
    const doc = openApiDocument();
    const boardRef = at(doc.paths, "/api/v1/crm/board", "get", "responses", "200", "content", "application/json", "schema", "$ref") as string;
    const itemsRef = at(doc.components.schemas, boardRef.split("/").pop()!, "properties", "columns", "items", "properties", "items", "items", "$ref");
    expect(itemsRef).toBe("#/components/schemas/DealCard");
    expect([...(at(doc.components.schemas, "DealCard", "required") as string[])].sort()).toEqual(CARD_KEYS);
  });

  it("reports totals equal to a real SQL sum per stage and currency, with and without filters, after moves and deletes", async () => {
    const user = await signUp();
    const currencies = ["JPY", "JPY", "JPY", "USD", "EUR"];
    const inputs = Array.from({ length: 60 }, (_, i) => ({
      name: `Deal ${i} ${i % 3 === 0 ? "renewal" : "new"}`,
      stage: STAGE_IDS[i % STAGE_IDS.length],
      currency: currencies[i % currencies.length],
      amount: i % 7 === 0 ? null : (i + 1) * 1234.56,
      probability: (i * 13) % 101,
      expected_close_date: `2026-${String((i % 12) + 1).padStart(2, "0")}-15`,
    }));
    const rows = await insertDeals(getDb(), user.tenantId, inputs);
    // Changes after insert must be reflected too (the trigger keeps the unfiltered totals).
    await getDb().updateTable("deals").set({ stage: "negotiation", probability: 80 }).where("id", "=", rows[0].id!).execute();
    await getDb().updateTable("deals").set({ is_deleted: true, deleted_at: new Date() }).where("id", "=", rows[1].id!).execute();
    await getDb().updateTable("deals").set({ amount: 999_999.99 }).where("id", "=", rows[2].id!).execute();

    const close = (a: { amount: number; weighted: number }, b: { amount: number; weighted: number }) => {
      expect(a.amount).toBeCloseTo(b.amount, 2);
      expect(a.weighted).toBeCloseTo(b.weighted, 2);
    };

    const unfiltered = await board(user);
    const expected = byKey(await sqlTotals(user.tenantId));
    const actual = byKey(flattenTotals(unfiltered));
    expect(actual.map(({ stage, currency, count }) => ({ stage, currency, count }))).toEqual(
      expected.map(({ stage, currency, count }) => ({ stage, currency, count })),
    );
    actual.forEach((a, i) => close(a, expected[i]));
    for (const c of unfiltered.columns) expect(c.count).toBe(expected.filter((e) => e.stage === c.stage).reduce((n, e) => n + e.count, 0));

    const filtered = await board(user, "?search=RENEWAL&expected_close_from=2026-03-01&expected_close_to=2026-09-30");
    const expectedFiltered = byKey(
      await sqlTotals(user.tenantId, sql`lower(name) like '%renewal%' and expected_close_date between '2026-03-01' and '2026-09-30'`),
    );
    const actualFiltered = byKey(flattenTotals(filtered));
    expect(actualFiltered.map(({ stage, currency, count }) => ({ stage, currency, count }))).toEqual(
      expectedFiltered.map(({ stage, currency, count }) => ({ stage, currency, count })),
    );
    actualFiltered.forEach((a, i) => close(a, expectedFiltered[i]));
    expect(expectedFiltered.length).toBeGreaterThan(0);
    for (const c of filtered.columns) {
      expect(c.items.length).toBe(c.count);
      for (const d of c.items) {
        expect(d.name).toMatch(/renewal/);
        expect(d.expected_close_date! >= "2026-03-01" && d.expected_close_date! <= "2026-09-30").toBe(true);
      }
    }
    // The soft-deleted deal is nowhere.
    expect(unfiltered.columns.flatMap((c) => c.items).some((d) => d.id === rows[1].id)).toBe(false);
  });

  it("pages a column with an opaque cursor: complete, ordered, no duplicates", async () => {
    const user = await signUp();
    await insertDeals(
      getDb(),
      user.tenantId,
      Array.from({ length: 23 }, (_, i) => ({ name: `Lead ${String(i).padStart(2, "0")}`, stage: "lead" })),
    );
    const first = await board(user, "?per_stage=10");
    const lead = col(first, "lead");
    expect(lead.items).toHaveLength(10);
    expect(lead.count).toBe(23);
    expect(lead.next_cursor).toEqual(expect.any(String));
    expect(col(first, "proposal").next_cursor).toBeNull();

    const seen = [...lead.items];
    let cursor = lead.next_cursor;
    let pages = 0;
    while (cursor) {
      const page = await board(user, `?stage=lead&per_stage=10&cursor=${encodeURIComponent(cursor)}`);
      expect(page.columns.map((c) => c.stage)).toEqual(["lead"]);
      expect(page.columns[0].count).toBe(23);
      seen.push(...page.columns[0].items);
      cursor = page.columns[0].next_cursor;
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(seen.map((d) => d.name)).toEqual(Array.from({ length: 23 }, (_, i) => `Lead ${String(i).padStart(2, "0")}`));
    const positions = seen.map((d) => d.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
  });

  it("filters by owner: me, a member, unassigned", async () => {
    const user = await signUp({ name: "Owner Me" });
    const other = await signUp({ name: "Other Rep" });
    await insertDeals(getDb(), user.tenantId, [
      { name: "Mine 1", stage: "lead", assigned_member_id: user.userId, amount: 100 },
      { name: "Mine 2", stage: "closed_won", assigned_member_id: user.userId, amount: 50 },
      { name: "Theirs", stage: "lead", assigned_member_id: other.userId, amount: 7 },
      { name: "Nobody", stage: "lead", assigned_member_id: null },
    ]);
    const names = (data: BoardData) => data.columns.flatMap((c) => c.items.map((d) => d.name)).sort();
    expect(names(await board(user, "?assigned_member_id=me"))).toEqual(["Mine 1", "Mine 2"]);
    expect(names(await board(user, `?assigned_member_id=${other.userId}`))).toEqual(["Theirs"]);
    expect(names(await board(user, "?assigned_member_id=none"))).toEqual(["Nobody"]);
    const mine = await board(user, "?assigned_member_id=me");
    expect(col(mine, "lead")).toMatchObject({ count: 1, totals: [{ currency: "JPY", count: 1, amount: 100, weighted: 10 }] });
  });

  it("treats search input literally (no LIKE wildcards) and matches the deal number", async () => {
    const user = await signUp();
    const [deal] = await insertDeals(getDb(), user.tenantId, [
      { name: "100% uptime renewal", stage: "lead" },
      { name: "1000 uptime", stage: "lead" },
      { name: "under_score", stage: "lead" },
      { name: "underXscore", stage: "lead" },
    ]);
    const names = (data: BoardData) => data.columns.flatMap((c) => c.items.map((d) => d.name));
    expect(names(await board(user, `?search=${encodeURIComponent("100%")}`))).toEqual(["100% uptime renewal"]);
    expect(names(await board(user, "?search=under_"))).toEqual(["under_score"]);
    expect(names(await board(user, `?search=${deal.deal_number.toLowerCase()}`))).toEqual(["100% uptime renewal"]);
  });

  it("keeps tenants apart", async () => {
    const a = await signUp();
    const b = await signUp();
    await insertDeals(getDb(), a.tenantId, [{ name: "A secret", stage: "proposal", amount: 5 }]);
    await insertDeals(getDb(), b.tenantId, [{ name: "B secret", stage: "proposal", amount: 9, currency: "USD" }]);
    const ofA = await board(a);
    const ofB = await board(b);
    expect(ofA.columns.flatMap((c) => c.items.map((d) => d.name))).toEqual(["A secret"]);
    expect(ofB.columns.flatMap((c) => c.items.map((d) => d.name))).toEqual(["B secret"]);
    expect(col(ofA, "proposal").totals).toEqual([{ currency: "JPY", count: 1, amount: 5, weighted: 2.5 }]);
    expect(col(ofB, "proposal").totals).toEqual([{ currency: "USD", count: 1, amount: 9, weighted: 4.5 }]);
    // Another tenant's member id as a filter finds nothing (it is not a member here).
    expect((await board(a, `?assigned_member_id=${b.userId}`)).columns.every((c) => c.count === 0)).toBe(true);
  });

  it("validates the query and requires authentication", async () => {
    const user = await signUp();
    const cases: Array<[string, string]> = [
      ["?per_stage=0", "validation_failed"],
      ["?per_stage=201", "validation_failed"],
      ["?stage=Won", "validation_failed"],
      ["?cursor=abc", "validation_failed"],
      ["?stage=lead&cursor=not-a-cursor", "invalid_cursor"],
      ["?expected_close_from=2026-02-30", "validation_failed"],
      ["?expected_close_from=2026-05-01&expected_close_to=2026-04-01", "validation_failed"],
      ["?assigned_member_id=bob", "validation_failed"],
      ["?sort=name", "unknown_field"],
    ];
    for (const [query, code] of cases) {
      const res = await api.get(`/api/v1/crm/board${query}`, { token: user.token });
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).code, query).toBe(code);
    }
    // A stage the pipeline does not have, and a pipeline the workspace does not have.
    const unknown = await api.get("/api/v1/crm/board?stage=won", { token: user.token });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ code: "unknown_stage", allowed: STAGE_IDS });
    expect((await api.get("/api/v1/crm/board?pipeline_id=pipe_01JDX3QW6Y2M8R5T7V9B1C3D5F", { token: user.token })).status).toBe(404);
    const anonymous = await api.get("/api/v1/crm/board");
    expect(anonymous.status).toBe(401);
  });

  it("serves 5,000 open deals one page per column, index-backed", async () => {
    const user = await signUp();
    const inputs = Array.from({ length: 5_000 }, (_, i) => ({
      name: `Bulk ${i}`,
      stage: STAGE_IDS[i % 4],
      amount: 1000 + i,
      currency: i % 10 === 0 ? "USD" : "JPY",
    }));
    for (let i = 0; i < inputs.length; i += 1000) await insertDeals(getDb(), user.tenantId, inputs.slice(i, i + 1000));
    await sql`analyze deals`.execute(getDb());

    const started = performance.now();
    const data = await board(user);
    const elapsed = performance.now() - started;
    expect(data.columns.reduce((n, c) => n + c.count, 0)).toBe(5_000);
    for (const c of data.columns.slice(0, 4)) {
      expect(c.count).toBe(1_250);
      expect(c.items).toHaveLength(50);
      expect(c.next_cursor).not.toBeNull();
    }
    // Generous bound: the point is that nothing scales with the 5,000 deals.
    expect(elapsed).toBeLessThan(getDbHandle().kind === "postgres" ? 1_000 : 5_000);

    if (getDbHandle().kind === "postgres") {
      const after = data.columns[0].items[49];
      const { rows } = await sql<{ "QUERY PLAN": string }>`
        explain select id from deals d
         where d.tenant_id = ${user.tenantId} and d.pipeline_id = ${data.pipeline.id} and d.stage = 'lead' and d.is_deleted = false
           and (d.position, d.id) > (${after.position}, ${after.id})
         order by d.position, d.id limit 51`.execute(getDb());
      expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("deals_live_pipeline_board_idx");
    }
  });
});
