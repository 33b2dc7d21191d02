import { beforeAll, describe, expect, it } from "vitest";
import { activitySchema, dealListResponseSchema, dealSchema } from "@/lib/deals/schema";
import { idPattern } from "@/lib/ids";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { activitiesOf, createDeal, createPipeline, DEALS, getDeal, insertCompany, insertContact, snapshot } from "./deals-test-helpers";

let owner: TestUser;

beforeAll(async () => {
  owner = await signUp({ name: "Mika Tanaka" });
});

describe("POST /deals", () => {
  it("creates a deal: 201 { deal } with defaults, number, ETag, Location and a created activity", async () => {
    const res = await api.post(DEALS, { name: "Kyoto office renewal" }, { token: owner.token });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["deal"]);
    const deal = dealSchema.parse(body.deal);
    expect(deal).toMatchObject({
      name: "Kyoto office renewal",
      tenant_id: owner.tenantId,
      app_id: null,
      amount: null,
      currency: "JPY",
      stage: "lead",
      probability: 10,
      assigned_member_id: owner.userId,
      assigned_member_name: "Mika Tanaka",
      created_by: owner.userId,
      updated_by: owner.userId,
      source: "edm",
      source_type: "api",
      is_deleted: false,
      deleted_at: null,
      schema_version: 1,
      version: 1,
      won_date: null,
      actual_close_date: null,
      contact_ids: [],
      tags: [],
      custom_fields: {},
    });
    expect(deal.id).toMatch(idPattern("deal"));
    expect(deal.deal_number).toMatch(new RegExp(`^DEAL-${new Date().getUTCFullYear()}-\\d{5}$`));
    expect(deal.audit_log).toEqual([{ from: null, to: "lead", at: deal.created_at, by: owner.userId }]);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("location")).toBe(`${DEALS}/${deal.id}`);

    const activities = await activitiesOf(owner, deal.id);
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({ type: "created", deal_id: deal.id, created_by: owner.userId, created_by_name: "Mika Tanaka", source_type: "api" });
  });

  it("stores every writable field and reads them back the same (amount is a JSON number)", async () => {
    const companyId = await insertCompany(owner.tenantId, { name: "Sakura Foods" });
    const contactId = await insertContact(owner.tenantId, { first_name: "Ken", last_name: "Ito" });
    const enterprise = await createPipeline(owner, { name: "Enterprise" });
    const other = await insertContact(owner.tenantId, { first_name: "Emily" });
    const input = {
      name: "  Osaka expansion  ",
      amount: 1234567.89,
      currency: "USD",
      stage: "proposal",
      probability: 55,
      company_id: companyId,
      contact_id: contactId,
      contact_ids: [contactId, other, other],
      expected_close_date: "2027-03-31",
      next_followup_date: "2026-12-01",
      lost_reason: null,
      note: "Met at the trade fair.",
      pipeline_id: enterprise.id,
      forecast_category: "commit",
      deal_type: "new_business",
      deal_source: "referral",
      competitors: ["Globex"],
      rfp_record_id: "RFP-7",
      quote_ids: ["Q-1", "Q-2"],
      proposal_ids: ["P-1"],
      attachment_refs: ["s3://bucket/a.pdf"],
      linked_task_ids: ["T-9"],
      tags: ["vip", "q1"],
      custom_fields: { region: "Kansai", seats: 40, renewal: true },
      source: "crm-import",
      source_type: "frontend",
    };
    const deal = await createDeal(owner, input);
    const expected = {
      ...input,
      name: "Osaka expansion",
      contact_ids: [contactId, other],
      company_name: "Sakura Foods",
      contact_name: "Ken Ito",
      source_type: "frontend",
    };
    expect(deal).toMatchObject(expected);
    expect(typeof deal.amount).toBe("number");
    expect(await getDeal(owner, deal.id)).toEqual(deal);
  });

  it("numbers deals one after another within the tenant", async () => {
    const a = await createDeal(owner);
    const b = await createDeal(owner);
    const n = (d: { deal_number: string }) => Number(d.deal_number.slice(-5));
    expect(n(b)).toBe(n(a) + 1);
  });

  it("puts each new deal at the top of its stage column", async () => {
    const first = await createDeal(owner, { stage: "negotiation" });
    const second = await createDeal(owner, { stage: "negotiation" });
    expect(second.position < first.position).toBe(true);
    const res = await api.get(`${DEALS}?stage=negotiation&sort=position&order=asc`, { token: owner.token });
    const ids = (await res.json()).items.map((d: { id: string }) => d.id);
    expect(ids.slice(0, 2)).toEqual([second.id, first.id]);
  });
});

describe("GET /deals/{id}", () => {
  it("returns { deal } with an ETag of its version", async () => {
    const created = await createDeal(owner, { amount: 500 });
    const res = await api.get(`${DEALS}/${created.id}`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(await res.json()).toEqual({ deal: created });
  });

  it("answers 404 problem+json for a missing or malformed id", async () => {
    for (const id of ["deal_01JDX3Z8Q4M2N5P7R9S1T3V5W7", "not-a-deal"]) {
      const res = await api.get(`${DEALS}/${id}`, { token: owner.token });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 404, code: "not_found" });
    }
  });

  it("requires authentication", async () => {
    const deal = await createDeal(owner);
    expect((await api.get(`${DEALS}/${deal.id}`)).status).toBe(401);
    expect((await api.get(DEALS)).status).toBe(401);
    expect((await api.post(DEALS, { name: "x" })).status).toBe(401);
  });

  it("works with the session cookie too", async () => {
    const deal = await createDeal(owner);
    const res = await api.get(`${DEALS}/${deal.id}`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    const created = await api.post(DEALS, { name: "From the browser", source_type: "frontend" }, { cookie: owner.cookie });
    expect(created.status).toBe(201);
    expect((await created.json()).deal.source_type).toBe("frontend");
  });
});

describe("PATCH /deals/{id}", () => {
  it("changes only the fields sent, bumps the version and records a field_change with before/after", async () => {
    const deal = await createDeal(owner, { amount: 1000, currency: "USD", note: "first", tags: ["a"] });
    const res = await api.patch(`${DEALS}/${deal.id}`, { amount: 2500.5, tags: ["a", "b"], note: "first" }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["deal"]);
    expect(body.deal).toMatchObject({ amount: 2500.5, tags: ["a", "b"], note: "first", name: deal.name, version: 2, stage: "lead" });
    expect(body.deal.updated_at >= deal.updated_at).toBe(true);

    const [latest] = await activitiesOf(owner, deal.id);
    expect(latest.type).toBe("field_change");
    expect(latest.data).toEqual({
      changes: [
        { field: "amount", before: 1000, after: 2500.5 },
        { field: "tags", before: ["a"], after: ["a", "b"] },
      ],
    });
  });

  it("is a no-op (same version, no activity) when nothing actually changes", async () => {
    const deal = await createDeal(owner, { amount: 10, custom_fields: { b: 1, a: "x" } });
    const before = await snapshot(deal.id);
    const res = await api.patch(`${DEALS}/${deal.id}`, { amount: 10, custom_fields: { a: "x", b: 1 } }, { token: owner.token });
    expect(res.status).toBe(200);
    expect((await res.json()).deal.version).toBe(1);
    expect(await snapshot(deal.id)).toEqual(before);
  });

  it("clears nullable fields with null", async () => {
    const deal = await createDeal(owner, { amount: 10, note: "x", expected_close_date: "2027-01-01" });
    const res = await api.patch(`${DEALS}/${deal.id}`, { amount: null, note: null, expected_close_date: null }, { token: owner.token });
    expect((await res.json()).deal).toMatchObject({ amount: null, note: null, expected_close_date: null });
  });
});

describe("DELETE and restore", () => {
  it("soft-deletes ({ success: true }), hides the deal, and restores it ({ deal })", async () => {
    const deal = await createDeal(owner);
    const del = await api.delete(`${DEALS}/${deal.id}`, { token: owner.token });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ success: true });

    const row = (await snapshot(deal.id)).deal;
    expect(row).toMatchObject({ is_deleted: true, deleted_by: owner.userId, version: 2 });
    expect(row.deleted_at).not.toBeNull();

    for (const res of [
      await api.get(`${DEALS}/${deal.id}`, { token: owner.token }),
      await api.patch(`${DEALS}/${deal.id}`, { name: "x" }, { token: owner.token }),
      await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: owner.token }),
      await api.get(`${DEALS}/${deal.id}/activities`, { token: owner.token }),
      await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: "hi" }, { token: owner.token }),
      await api.delete(`${DEALS}/${deal.id}`, { token: owner.token }),
    ]) {
      expect(res.status).toBe(404);
    }

    const restored = await api.post(`${DEALS}/${deal.id}/restore`, undefined, { token: owner.token });
    expect(restored.status).toBe(200);
    expect(restored.headers.get("etag")).toBe('"3"');
    const body = await restored.json();
    expect(Object.keys(body)).toEqual(["deal"]);
    expect(body.deal).toMatchObject({ id: deal.id, is_deleted: false, deleted_at: null, deleted_by: null, version: 3, position: deal.position });

    const types = (await activitiesOf(owner, deal.id)).map((a) => a.type);
    expect(types).toEqual(["restored", "deleted", "created"]);
  });

  it("GET ?include_deleted=true finds a deal in the trash (the caller's tenant only); without it the deal is 404", async () => {
    const deal = await createDeal(owner, { name: "Trashed renewal" });
    expect((await api.delete(`${DEALS}/${deal.id}`, { token: owner.token })).status).toBe(200);

    expect((await api.get(`${DEALS}/${deal.id}`, { token: owner.token })).status).toBe(404);
    expect((await api.get(`${DEALS}/${deal.id}?include_deleted=false`, { token: owner.token })).status).toBe(404);

    const res = await api.get(`${DEALS}/${deal.id}?include_deleted=true`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    const found = dealSchema.parse((await res.json()).deal);
    expect(found).toMatchObject({ id: deal.id, name: "Trashed renewal", is_deleted: true, deleted_by: owner.userId, version: 2 });

    const live = await createDeal(owner);
    const liveRes = await api.get(`${DEALS}/${live.id}?include_deleted=true`, { token: owner.token });
    expect((await liveRes.json()).deal).toMatchObject({ id: live.id, is_deleted: false });

    const stranger = await signUp({ name: "Other tenant" });
    expect((await api.get(`${DEALS}/${deal.id}?include_deleted=true`, { token: stranger.token })).status).toBe(404);
    const bad = await api.get(`${DEALS}/${deal.id}?include_deleted=yes`, { token: owner.token });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([expect.objectContaining({ field: "query.include_deleted" })]);
  });

  it("answers 409 not_deleted when restoring a deal that is not deleted, and 404 for a missing one", async () => {
    const deal = await createDeal(owner);
    const res = await api.post(`${DEALS}/${deal.id}/restore`, undefined, { token: owner.token });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe("not_deleted");
    expect((await api.post(`${DEALS}/deal_01JDX3Z8Q4M2N5P7R9S1T3V5W7/restore`, undefined, { token: owner.token })).status).toBe(404);
  });
});

describe("activities", () => {
  it("POST adds a note: 201 { activity } in the Activity wire format", async () => {
    const deal = await createDeal(owner);
    const res = await api.post(
      `${DEALS}/${deal.id}/activities`,
      { type: "call", content: "  Called the buyer.  ", occurred_at: "2026-11-20T10:00:00+09:00", due_date: "2026-11-30", source_type: "frontend" },
      { token: owner.token },
    );
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["activity"]);
    const activity = activitySchema.parse(body.activity);
    expect(activity).toMatchObject({
      type: "call",
      content: "Called the buyer.",
      deal_id: deal.id,
      tenant_id: owner.tenantId,
      occurred_at: "2026-11-20T01:00:00.000Z",
      due_date: "2026-11-30",
      created_by: owner.userId,
      created_by_name: "Mika Tanaka",
      source_type: "frontend",
      data: {},
    });
    expect(activity.id).toMatch(idPattern("activity"));
    // Adding to the timeline does not change the deal itself.
    expect((await getDeal(owner, deal.id)).version).toBe(1);
  });

  it("GET lists { activities, total } newest first with page and limit", async () => {
    const deal = await createDeal(owner);
    for (let i = 1; i <= 5; i++) {
      const res = await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: `note ${i}` }, { token: owner.token });
      expect(res.status).toBe(201);
    }
    const res = await api.get(`${DEALS}/${deal.id}/activities?page=1&limit=2`, { token: owner.token });
    expect(res.status).toBe(200);
    const first = await res.json();
    expect(Object.keys(first).sort()).toEqual(["activities", "total"]);
    expect(first.total).toBe(6);
    expect(first.activities.map((a: { content: string }) => a.content)).toEqual(["note 5", "note 4"]);
    const third = await (await api.get(`${DEALS}/${deal.id}/activities?page=3&limit=2`, { token: owner.token })).json();
    expect(third.activities.map((a: { type: string; content: string | null }) => a.content ?? a.type)).toEqual(["note 1", "created"]);
    const beyond = await (await api.get(`${DEALS}/${deal.id}/activities?page=9&limit=2`, { token: owner.token })).json();
    expect(beyond).toEqual({ activities: [], total: 6 });

    const defaults = await (await api.get(`${DEALS}/${deal.id}/activities`, { token: owner.token })).json();
    expect(defaults.activities).toHaveLength(6);
  });

  it("caps limit at 100 and rejects bad paging values", async () => {
    const deal = await createDeal(owner);
    expect((await api.get(`${DEALS}/${deal.id}/activities?limit=500`, { token: owner.token })).status).toBe(200);
    for (const q of ["page=0", "limit=0", "page=abc", "foo=1"]) {
      const res = await api.get(`${DEALS}/${deal.id}/activities?${q}`, { token: owner.token });
      expect(res.status).toBe(400);
    }
  });

  it("validates new activities (type, content) and changes nothing on failure", async () => {
    const deal = await createDeal(owner);
    const before = await snapshot(deal.id);
    for (const body of [
      { type: "stage_change", content: "x" },
      { type: "note", content: "" },
      { type: "note", content: "x".repeat(10001) },
      { type: "note" },
      { type: "note", content: "x", occurred_at: "yesterday" },
      { type: "note", content: "x", created_by: "usr_x" },
    ]) {
      const res = await api.post(`${DEALS}/${deal.id}/activities`, body, { token: owner.token });
      expect(res.status).toBe(400);
    }
    expect(await snapshot(deal.id)).toEqual(before);
  });
});

describe("GET /deals", () => {
  it("returns the exact list envelope", async () => {
    const user = await signUp();
    await createDeal(user, { name: "One" });
    await createDeal(user, { name: "Two" });
    const res = await api.get(DEALS, { token: user.token });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["items", "total", "limit", "offset", "next_cursor"]);
    const parsed = dealListResponseSchema.parse(body);
    expect(parsed).toMatchObject({ total: 2, limit: 50, offset: 0, next_cursor: null });
    expect(parsed.items.map((d) => d.name)).toEqual(["Two", "One"]);
  });
});
