import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { type Deal, dealCreateSchema, dealSchema, dealStageMoveSchema } from "./schema";
import type { AuditEntry, DealRow } from "@/db/tables";
import { tenantDeals } from "./scope";
import { nextStepOf } from "./serialize";
import { ownerNameColumn } from "./scope";
import { createDeal, moveDealStage } from "./service";
import { api, signUp } from "@/tests/support/http";

// The oracle: the deal built in JavaScript from its columns, as the API built it before it read
// the stored JSON (docs/benchmarks.md#stored-deal-json), independent of the trigger that writes it.
// Its keys are the response schema's, in the schema's order (the wire order the OpenAPI document
// publishes); each value is its column's, turned into the wire's form by the column's kind.
const iso = (d: Date | string): string => new Date(d).toISOString();
function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
type DealColumns = DealRow & { assigned_member_name: string | null };
const TIMESTAMPS = new Set<keyof Deal>(["stage_entered_at", "created_at", "updated_at", "deleted_at"]);
const LISTS = new Set<keyof Deal>(["contact_ids", "competitors", "quote_ids", "proposal_ids", "attachment_refs", "linked_task_ids", "tags"]);
const NAMES = new Set<keyof Deal>(["company_name", "contact_name", "assigned_member_name"]);

function wireValue(key: keyof Deal, row: DealColumns): unknown {
  const value = (row as unknown as Record<string, unknown>)[key];
  if (key === "next_step") return nextStepOf(row);
  if (key === "amount") return value === null ? null : Number(value);
  // char(3): trimmed of the padding a shorter value would get.
  if (key === "currency") return String(value).trim();
  if (key === "custom_fields") return parseJson<Record<string, unknown>>(value, {});
  if (key === "audit_log") return parseJson<AuditEntry[]>(value, []);
  if (TIMESTAMPS.has(key)) return value === null ? null : iso(value as Date | string);
  if (LISTS.has(key)) return value ?? [];
  if (NAMES.has(key)) return value ?? null;
  return value;
}

function dealFromColumns(row: DealColumns): Deal {
  const keys = Object.keys(dealSchema.shape) as (keyof Deal)[];
  return Object.fromEntries(keys.map((key) => [key, wireValue(key, row)])) as Deal;
}

/**
 * Every deal the API answers is its stored JSON (the `wire_head` and `wire_tail` columns, which a
 * trigger writes on every write of the deal, also the raw SQL updates below, with the owner's name
 * put between them): list pages send it as is, single-deal reads and writes parse it (`toDeal`).
 * It must be the deal its columns make (`dealFromColumns` above), field for field and in the same
 * key order, whatever the values.
 */
describe("deals as JSON text", () => {
  it("parse to exactly the deal its columns make, for awkward values of every kind", async () => {
    const user = await signUp({ name: 'Serializer "Ōtani" \\ 大谷 \u2028' });
    const caller = { tenantId: user.tenantId, userId: user.userId, isManager: true, dealVisibility: "all" as const };
    const company = (await (await api.post("/api/v1/crm/companies", { name: 'Café "Zürich" \\ 株式会社' }, { token: user.token })).json()) as {
      company: { id: string };
    };
    const contact = (await (await api.post("/api/v1/crm/contacts", { first_name: "Mei", last_name: "O'Brien 王" }, { token: user.token })).json()) as {
      contact: { id: string };
    };
    const db = getDb();
    const create = (input: Record<string, unknown>) => createDeal(db, caller, dealCreateSchema.parse(input));

    const rich = await create({
      name: 'Quotes " and \\ back\nslash\ttab \u0001 </script> 🚀 日本語',
      amount: 1234.5,
      currency: "USD",
      stage: "proposal",
      company_id: company.company.id,
      contact_id: contact.contact.id,
      contact_ids: [contact.contact.id],
      assigned_member_id: user.userId,
      expected_close_date: "2027-02-28",
      next_followup_date: "2026-12-01",
      note: "line\u2028separator and \u00e9",
      competitors: ["Acme", 'A "quoted" rival'],
      tags: ["vip", "日本"],
      custom_fields: { price: 0.1, big: 12345678901234, emoji: "🙂", flag: true, none: null },
    });
    const plain = await create({ name: "No amount at all" });
    const tiny = await create({ name: "A cent", amount: 0.01, currency: "EUR" });
    const huge = await create({ name: "Largest amount", amount: 9_999_999_999_999 });
    const cents = await create({ name: "Cents", amount: 12_345_678_901.23, currency: "USD" });
    // An audit trail, closing dates and a lost reason.
    await moveDealStage(db, caller, tiny.id, dealStageMoveSchema.parse({ stage: "closed_won" }));
    await moveDealStage(db, caller, huge.id, dealStageMoveSchema.parse({ stage: "closed_lost", lost_reason: "Budget", loss_category: "price" }));
    // Stored JSON the API would not accept today (nested, numbers written with trailing zeros).
    await sql`update deals set custom_fields = '{"nested": {"list": [1, 1.50, "x", null, true]}, "e": 1e3}'::jsonb where id = ${cents.id}`.execute(db);
    // Timestamps with microseconds at the edges of a millisecond, and a deleted deal.
    await sql`update deals set created_at = '2026-01-02 03:04:05.999999+00', updated_at = '2026-01-02 03:04:05.000001+00',
      stage_entered_at = '1999-12-31 23:59:59.5+09' where id = ${rich.id}`.execute(db);
    await sql`update deals set is_deleted = true, deleted_at = '2026-06-30 12:00:00.123456+00', deleted_by = ${user.userId}
      where id = ${plain.id}`.execute(db);

    const ids = [rich.id, plain.id, tiny.id, huge.id, cents.id];
    const rows = await db.selectFrom("deals as d").selectAll("d").select(ownerNameColumn).where("d.tenant_id", "=", user.tenantId).where("d.id", "in", ids).execute();
    const texts = await tenantDeals(db, { tenantId: user.tenantId, userId: user.userId, seesAllDeals: true }).readJson().where("d.id", "in", ids).execute();
    expect(rows).toHaveLength(5);
    expect(texts).toHaveLength(5);
    for (const row of rows) {
      const expected = dealFromColumns(row);
      const text = texts.find((t) => t.id === row.id)?.deal_json;
      expect(typeof text).toBe("string");
      const parsed = JSON.parse(text as string);
      expect(parsed).toStrictEqual(expected);
      expect(Object.keys(parsed)).toEqual(Object.keys(expected));
    }
    // The awkward values really are in there (not nulls on both sides).
    const richDeal = JSON.parse(texts.find((t) => t.id === rich.id)?.deal_json as string);
    expect(richDeal).toMatchObject({
      amount: 1234.5,
      currency: "USD",
      company_name: 'Café "Zürich" \\ 株式会社',
      created_at: "2026-01-02T03:04:05.999Z",
      updated_at: "2026-01-02T03:04:05.000Z",
      stage_entered_at: "1999-12-31T14:59:59.500Z",
      custom_fields: { price: 0.1, big: 12345678901234, emoji: "🙂", flag: true, none: null },
    });
    expect(JSON.parse(texts.find((t) => t.id === cents.id)?.deal_json as string)).toMatchObject({
      amount: 12_345_678_901.23,
      custom_fields: { nested: { list: [1, 1.5, "x", null, true] }, e: 1000 },
    });
    expect(JSON.parse(texts.find((t) => t.id === huge.id)?.deal_json as string)).toMatchObject({
      amount: 9_999_999_999_999,
      stage: "closed_lost",
      audit_log: [expect.objectContaining({ from: null, to: "lead" }), expect.objectContaining({ from: "lead", to: "closed_lost" })],
    });
    expect(JSON.parse(texts.find((t) => t.id === plain.id)?.deal_json as string)).toMatchObject({
      amount: null,
      is_deleted: true,
      deleted_at: "2026-06-30T12:00:00.123Z",
    });
  });

  // The optimistic move, the locking move and GET read and write through different statements.
  it("a move without an Idempotency-Key answers exactly what GET and a keyed move answer", async () => {
    const user = await signUp({ name: "Mover Ōno" });
    const auth = { token: user.token };
    const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => api.post(url, body, { ...auth, headers });
    const company = (await (await post("/api/v1/crm/companies", { name: "Kōbe \"Steel\"" })).json()) as { company: { id: string } };
    const contact = (await (await post("/api/v1/crm/contacts", { first_name: "Ana", last_name: "Ruiz" })).json()) as { contact: { id: string } };
    const created = (await (
      await post("/api/v1/crm/deals", {
        name: "Answer me exactly",
        amount: 1200.5,
        currency: "EUR",
        company_id: company.company.id,
        contact_id: contact.contact.id,
        assigned_member_id: user.userId,
        tags: ["a", "b"],
        custom_fields: { size: 3 },
      })
    ).json()) as { deal: Deal };
    const url = `/api/v1/crm/deals/${created.deal.id}`;
    async function expectSameAsGet(res: Response) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const moved = (await res.json()) as { deal: Deal };
      const read = await api.get(url, auth);
      const got = (await read.json()) as { deal: Deal };
      expect(moved).toStrictEqual(got);
      expect(Object.keys(moved.deal)).toEqual(Object.keys(got.deal));
      expect(res.headers.get("etag")).toBe(read.headers.get("etag"));
      return moved.deal;
    }
    // Closing sets dates; the answer carries the names (stored on the deal) and the audit trail.
    const won = await expectSameAsGet(await post(`${url}/stage`, { stage: "closed_won" }));
    expect(won).toMatchObject({ stage: "closed_won", version: 2, company_name: 'Kōbe "Steel"', contact_name: "Ana Ruiz", assigned_member_name: "Mover Ōno" });
    expect(won.won_date).not.toBeNull();
    // A no-op (same stage) answers the deal as it is.
    expect((await expectSameAsGet(await post(`${url}/stage`, { stage: "closed_won" }))).version).toBe(2);
    // The locking move with a key answers the same shape.
    const keyed = await expectSameAsGet(await post(`${url}/stage`, { stage: "proposal" }, { "idempotency-key": "answer-1" }));
    expect(keyed).toMatchObject({ stage: "proposal", version: 3, won_date: null });
    const again = await expectSameAsGet(await post(`${url}/stage`, { stage: "negotiation" }, { "if-match": '"3"' }));
    expect(again).toMatchObject({ stage: "negotiation", version: 4 });
    expect(again.audit_log.map((e) => e.to)).toEqual(["lead", "closed_won", "proposal", "negotiation"]);
  });

  it("are scoped to the tenant they are read for", async () => {
    const a = await signUp({ name: "Json A" });
    const b = await signUp({ name: "Json B" });
    const db = getDb();
    const deal = await createDeal(db, { tenantId: a.tenantId, userId: a.userId, isManager: true, dealVisibility: "all" as const }, dealCreateSchema.parse({ name: "A's only" }));
    expect(await tenantDeals(db, { tenantId: b.tenantId, userId: b.userId, seesAllDeals: true }).readJson().where("d.id", "=", deal.id).execute()).toEqual([]);
    expect(await tenantDeals(db, { tenantId: a.tenantId, userId: a.userId, seesAllDeals: true }).readJson().where("d.id", "=", deal.id).execute()).toHaveLength(1);
  });
});
