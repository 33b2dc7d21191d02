import { beforeAll, describe, expect, it } from "vitest";
import type { Deal } from "@/lib/deals/schema";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { activitiesOf, addRep, createDeal, DEALS, getDeal, insertCompany, insertContact, snapshot } from "./deals-test-helpers";

let manager: TestUser;
let rep: TestUser;
let otherRep: TestUser;

beforeAll(async () => {
  manager = await signUp({ name: "Manager Mika" });
  rep = await addRep(manager, "Rep Ken");
  otherRep = await addRep(manager, "Rep Emily");
});

describe("permissions within a tenant", () => {
  it("lets every member read and edit the tenant's deals", async () => {
    const deal = await createDeal(manager, { name: "Shared" });
    expect((await getDeal(otherRep, deal.id)).name).toBe("Shared");
    const res = await api.patch(`${DEALS}/${deal.id}`, { note: "edited by a rep" }, { token: otherRep.token });
    expect(res.status).toBe(200);
    expect((await res.json()).deal).toMatchObject({ note: "edited by a rep", updated_by: otherRep.userId });
    expect((await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: otherRep.token })).status).toBe(200);
    expect((await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: "hi" }, { token: otherRep.token })).status).toBe(201);
  });

  it("lets a rep assign a deal to a colleague, and shows the owner's name", async () => {
    const deal = await createDeal(rep);
    expect(deal).toMatchObject({ assigned_member_id: rep.userId, assigned_member_name: "Rep Ken" });
    const res = await api.patch(`${DEALS}/${deal.id}`, { assigned_member_id: otherRep.userId }, { token: rep.token });
    expect((await res.json()).deal).toMatchObject({ assigned_member_id: otherRep.userId, assigned_member_name: "Rep Emily" });
    const [change] = await activitiesOf(rep, deal.id);
    expect(change.data).toEqual({ changes: [{ field: "assigned_member_id", before: rep.userId, after: otherRep.userId }] });
  });

  it("forbids a rep who is not the assignee to delete or restore (403), changing nothing", async () => {
    const deal = await createDeal(rep, { name: "Ken's deal" });
    const before = await snapshot(deal.id);
    const res = await api.delete(`${DEALS}/${deal.id}`, { token: otherRep.token });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ status: 403, code: "forbidden" });
    expect(await snapshot(deal.id)).toEqual(before);

    expect((await api.delete(`${DEALS}/${deal.id}`, { token: rep.token })).status).toBe(200);
    const restore = await api.post(`${DEALS}/${deal.id}/restore`, undefined, { token: otherRep.token });
    expect(restore.status).toBe(403);
    expect((await snapshot(deal.id)).deal.is_deleted).toBe(true);
    expect((await api.post(`${DEALS}/${deal.id}/restore`, undefined, { token: rep.token })).status).toBe(200);
  });

  it("lets a manager delete and restore anyone's deal", async () => {
    const deal = await createDeal(rep);
    expect((await api.delete(`${DEALS}/${deal.id}`, { token: manager.token })).status).toBe(200);
    expect((await api.post(`${DEALS}/${deal.id}/restore`, undefined, { token: manager.token })).status).toBe(200);
    const unassigned = await createDeal(rep, { assigned_member_id: null });
    expect((await api.delete(`${DEALS}/${unassigned.id}`, { token: rep.token })).status).toBe(403);
    expect((await api.delete(`${DEALS}/${unassigned.id}`, { token: manager.token })).status).toBe(200);
  });

  it("rejects cookie-authenticated writes from another origin", async () => {
    const res = await api.post(DEALS, { name: "csrf" }, { cookie: rep.cookie, origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("origin_not_allowed");
  });
});

describe("tenant isolation", () => {
  let a: TestUser;
  let b: TestUser;
  let dealA: Deal;

  beforeAll(async () => {
    a = await signUp({ name: "Tenant A" });
    b = await signUp({ name: "Tenant B" });
    dealA = await createDeal(a, { name: "A's secret deal", amount: 999 });
    await api.post(`${DEALS}/${dealA.id}/activities`, { type: "note", content: "private" }, { token: a.token });
  });

  it("answers 404 to another tenant on every deal route, changing nothing", async () => {
    const before = await snapshot(dealA.id);
    const id = dealA.id;
    const responses = [
      await api.get(`${DEALS}/${id}`, { token: b.token }),
      await api.patch(`${DEALS}/${id}`, { name: "hijacked" }, { token: b.token }),
      await api.patch(`${DEALS}/${id}`, { name: "hijacked" }, { token: b.token, headers: { "if-match": '"1"' } }),
      await api.delete(`${DEALS}/${id}`, { token: b.token }),
      await api.post(`${DEALS}/${id}/stage`, { stage: "closed_won" }, { token: b.token }),
      await api.get(`${DEALS}/${id}/activities`, { token: b.token }),
      await api.post(`${DEALS}/${id}/activities`, { type: "note", content: "x" }, { token: b.token }),
      await api.post(`${DEALS}/${id}/restore`, undefined, { token: b.token }),
    ];
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe("not_found");
    }
    expect(await snapshot(dealA.id)).toEqual(before);
  });

  it("answers 404 to another tenant for a deleted deal's restore as well", async () => {
    const gone = await createDeal(a);
    await api.delete(`${DEALS}/${gone.id}`, { token: a.token });
    expect((await api.post(`${DEALS}/${gone.id}/restore`, undefined, { token: b.token })).status).toBe(404);
    expect((await snapshot(gone.id)).deal.is_deleted).toBe(true);
  });

  it("answers 422 when referencing another tenant's company, contact or member", async () => {
    const companyA = await insertCompany(a.tenantId);
    const contactA = await insertContact(a.tenantId);
    const dealB = await createDeal(b);
    const before = await snapshot(dealB.id);
    for (const body of [{ company_id: companyA }, { contact_id: contactA }, { contact_ids: [contactA] }, { assigned_member_id: a.userId }]) {
      const created = await api.post(DEALS, { name: "x", ...body }, { token: b.token });
      expect(created.status).toBe(422);
      expect((await created.json()).code).toBe("invalid_reference");
      const patched = await api.patch(`${DEALS}/${dealB.id}`, body, { token: b.token });
      expect(patched.status).toBe(422);
    }
    expect(await snapshot(dealB.id)).toEqual(before);
  });

  it("refuses another tenant's deal as a neighbour for placement (422)", async () => {
    const dealB = await createDeal(b, { stage: "lead" });
    const res = await api.post(`${DEALS}/${dealB.id}/stage`, { stage: "lead", before_id: dealA.id }, { token: b.token });
    expect(res.status).toBe(422);
  });

  it("never lists or finds another tenant's deals", async () => {
    await createDeal(b, { name: "B's own deal" });
    for (const query of ["", "search=secret", `search=${dealA.deal_number}`, "deleted=true", "sort=amount&order=desc", "stage=lead", `assigned_member_id=${a.userId}`]) {
      const res = await api.get(`${DEALS}?${query}`, { token: b.token });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.items.every((d: Deal) => d.tenant_id === b.tenantId)).toBe(true);
      expect(body.items.some((d: Deal) => d.id === dealA.id)).toBe(false);
    }
    const own = await (await api.get(DEALS, { token: b.token })).json();
    expect(own.total).toBe(own.items.length);
  });

  it("does not let a cursor from one tenant reveal anything in another", async () => {
    await createDeal(a, { name: "A2" });
    const { next_cursor } = await (await api.get(`${DEALS}?limit=1`, { token: a.token })).json();
    expect(next_cursor).toEqual(expect.any(String));
    const res = await api.get(`${DEALS}?limit=1&cursor=${next_cursor}`, { token: b.token });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.every((d: Deal) => d.tenant_id === b.tenantId)).toBe(true);
  });

  it("keeps deal numbers per tenant", async () => {
    const c = await signUp();
    const first = await createDeal(c);
    expect(first.deal_number).toBe(`DEAL-${new Date().getUTCFullYear()}-00001`);
  });
});
