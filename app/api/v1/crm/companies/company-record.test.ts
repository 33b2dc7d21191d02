import { describe, expect, it } from "vitest";
import { api, joinByInvitation, signUp, type TestUser } from "@/tests/support/http";

/**
 * What a company's record page reads besides the company: the trash (list, read, restore), the
 * figures of its deals and one timeline of their activities. Each must keep to the caller's
 * workspace and, for deals, to the deals the caller may see.
 */

const COMPANIES = "/api/v1/crm/companies";
const CONTACTS = "/api/v1/crm/contacts";
const DEALS = "/api/v1/crm/deals";

async function created<T>(pending: Promise<Response>, key: string): Promise<T> {
  const res = await pending;
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json())[key];
}

const newCompany = (user: TestUser, name: string) => created<{ id: string; version: number }>(api.post(COMPANIES, { name }, { token: user.token }), "company");
const newContact = (user: TestUser, body: Record<string, unknown>) => created<{ id: string }>(api.post(CONTACTS, body, { token: user.token }), "contact");
const newDeal = (user: TestUser, body: Record<string, unknown>) => created<{ id: string; deal_number: string }>(api.post(DEALS, body, { token: user.token }), "deal");

async function repIn(manager: TestUser): Promise<TestUser> {
  return joinByInvitation(manager, await signUp({ name: "Rep" }));
}

describe("companies and contacts: trash and restore", () => {
  it("lists the trash, reads a deleted record on request, and restores it with a new version", async () => {
    const user = await signUp();
    const keep = await newCompany(user, "Keep KK");
    const gone = await newCompany(user, "Gone KK");
    expect((await api.delete(`${COMPANIES}/${gone.id}`, { token: user.token })).status).toBe(200);

    const live = await (await api.get(COMPANIES, { token: user.token })).json();
    expect(live.items.map((c: { id: string }) => c.id)).toEqual([keep.id]);
    const trash = await (await api.get(`${COMPANIES}?deleted=true`, { token: user.token })).json();
    expect(trash).toMatchObject({ total: 1, items: [{ id: gone.id, is_deleted: true, deleted_by: user.userId }] });
    const trashSearch = await (await api.get(`${COMPANIES}?deleted=true&search=keep`, { token: user.token })).json();
    expect(trashSearch.total).toBe(0);

    expect((await api.get(`${COMPANIES}/${gone.id}`, { token: user.token })).status).toBe(404);
    const withDeleted = await api.get(`${COMPANIES}/${gone.id}?include_deleted=true`, { token: user.token });
    expect(withDeleted.status).toBe(200);
    expect((await withDeleted.json()).company).toMatchObject({ id: gone.id, is_deleted: true, version: 2 });

    const restored = await api.post(`${COMPANIES}/${gone.id}/restore`, undefined, { token: user.token });
    expect(restored.status).toBe(200);
    expect(restored.headers.get("etag")).toBe('"3"');
    expect((await restored.json()).company).toMatchObject({ id: gone.id, is_deleted: false, deleted_at: null, deleted_by: null, version: 3, updated_by: user.userId });
    expect((await (await api.get(`${COMPANIES}?deleted=true`, { token: user.token })).json()).total).toBe(0);

    const again = await api.post(`${COMPANIES}/${gone.id}/restore`, undefined, { token: user.token });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "not_deleted" });
  });

  it("restores contacts the same way, and refuses bad input without changing anything", async () => {
    const user = await signUp();
    const contact = await newContact(user, { first_name: "Hanako", last_name: "Suzuki" });
    expect((await api.delete(`${CONTACTS}/${contact.id}`, { token: user.token })).status).toBe(200);
    const trash = await (await api.get(`${CONTACTS}?deleted=true&search=suzuki`, { token: user.token })).json();
    expect(trash.items.map((c: { id: string }) => c.id)).toEqual([contact.id]);

    const bad = await api.get(`${CONTACTS}?deleted=yes`, { token: user.token });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0]).toMatchObject({ field: "query.deleted" });
    const twice = await api.get(`${CONTACTS}?deleted=true&deleted=false`, { token: user.token });
    expect(twice.status).toBe(400);

    const res = await api.post(`${CONTACTS}/${contact.id}/restore`, undefined, { token: user.token });
    expect(res.status).toBe(200);
    expect((await res.json()).contact).toMatchObject({ id: contact.id, is_deleted: false, first_name: "Hanako" });
    expect((await api.post(`${CONTACTS}/cont_nope/restore`, undefined, { token: user.token })).status).toBe(404);
    expect((await api.get(`${CONTACTS}/${contact.id}/restore`, { token: user.token })).status).toBe(405);
  });

  it("restores only for a manager or the person who added the record, and never across workspaces", async () => {
    const manager = await signUp();
    const rep = await repIn(manager);
    const other = await repIn(manager);
    const stranger = await signUp();
    const company = await newCompany(rep, "Rep's KK");
    expect((await api.delete(`${COMPANIES}/${company.id}`, { token: rep.token })).status).toBe(200);

    const denied = await api.post(`${COMPANIES}/${company.id}/restore`, undefined, { token: other.token });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: "forbidden" });
    const foreign = await api.post(`${COMPANIES}/${company.id}/restore`, undefined, { token: stranger.token });
    expect(foreign.status).toBe(404);
    expect((await api.get(`${COMPANIES}/${company.id}?include_deleted=true`, { token: stranger.token })).status).toBe(404);
    expect((await (await api.get(`${COMPANIES}?deleted=true`, { token: stranger.token })).json()).total).toBe(0);
    // Nothing changed: still in the trash, same version.
    const still = await (await api.get(`${COMPANIES}/${company.id}?include_deleted=true`, { token: manager.token })).json();
    expect(still.company).toMatchObject({ is_deleted: true, version: 2 });

    expect((await api.post(`${COMPANIES}/${company.id}/restore`, undefined, { token: manager.token })).status).toBe(200);
  });
});

describe("a company's deals: summary and timeline", () => {
  it("counts its live deals, totals the open ones per currency, and merges their activities newest first", async () => {
    const user = await signUp();
    const company = await newCompany(user, "Sakura Bussan");
    const elsewhere = await newCompany(user, "Elsewhere");
    const a = await newDeal(user, { name: "Copiers", company_id: company.id, amount: 1_200_000, currency: "JPY" });
    const b = await newDeal(user, { name: "Toner", company_id: company.id, amount: 300_000, currency: "JPY", stage: "proposal" });
    await newDeal(user, { name: "US office", company_id: company.id, amount: 5000, currency: "USD" });
    await newDeal(user, { name: "No amount", company_id: company.id });
    await newDeal(user, { name: "Won", company_id: company.id, amount: 999, currency: "JPY", stage: "closed_won" });
    const deleted = await newDeal(user, { name: "Deleted", company_id: company.id, amount: 7, currency: "JPY" });
    await newDeal(user, { name: "Other company", company_id: elsewhere.id, amount: 1, currency: "JPY" });
    expect((await api.delete(`${DEALS}/${deleted.id}`, { token: user.token })).status).toBe(200);
    expect((await api.post(`${DEALS}/${a.id}/activities`, { type: "note", content: "Met the buyer" }, { token: user.token })).status).toBe(201);
    expect((await api.post(`${DEALS}/${b.id}/activities`, { type: "call", content: "Price agreed" }, { token: user.token })).status).toBe(201);

    const res = await api.get(`${COMPANIES}/${company.id}/deal-summary`, { token: user.token });
    expect(res.status).toBe(200);
    const { summary } = await res.json();
    expect(summary).toEqual({
      deal_count: 5,
      open_deal_count: 4,
      won_deal_count: 1,
      lost_deal_count: 0,
      open_totals: [
        { currency: "JPY", amount: 1_500_000, count: 3 },
        { currency: "USD", amount: 5000, count: 1 },
      ],
    });

    const timeline = await (await api.get(`${COMPANIES}/${company.id}/activities?limit=2`, { token: user.token })).json();
    expect(timeline.total).toBe(7); // five "created", a note and a call; nothing of the deleted deal or the other company
    expect(timeline.activities.map((x: { type: string; deal_name: string }) => [x.type, x.deal_name])).toEqual([
      ["call", "Toner"],
      ["note", "Copiers"],
    ]);
    expect(timeline.activities[0]).toMatchObject({ deal_id: b.id, deal_number: b.deal_number, deal_currency: "JPY", content: "Price agreed", created_by: user.userId });
    const page2 = await (await api.get(`${COMPANIES}/${company.id}/activities?limit=2&page=2`, { token: user.token })).json();
    expect(page2.activities.map((x: { type: string }) => x.type)).toEqual(["created", "created"]);

    const empty = await (await api.get(`${COMPANIES}/${elsewhere.id}/deal-summary`, { token: user.token })).json();
    expect(empty.summary).toMatchObject({ deal_count: 1, open_totals: [{ currency: "JPY", amount: 1, count: 1 }] });
  });

  it("keeps to the deals the caller may see, to live companies, and to the caller's workspace", async () => {
    const manager = await signUp();
    const rep = await repIn(manager);
    const stranger = await signUp();
    const company = await newCompany(manager, "Shared KK");
    const mine = await newDeal(manager, { name: "Rep's", company_id: company.id, amount: 100, currency: "JPY", assigned_member_id: rep.userId });
    await newDeal(manager, { name: "Manager's", company_id: company.id, amount: 50, currency: "JPY", assigned_member_id: manager.userId });
    expect((await api.patch("/api/v1/workspace", { deal_visibility: "own" }, { token: manager.token })).status).toBe(200);

    const repSummary = await (await api.get(`${COMPANIES}/${company.id}/deal-summary`, { token: rep.token })).json();
    expect(repSummary.summary).toMatchObject({ deal_count: 1, open_totals: [{ currency: "JPY", amount: 100, count: 1 }] });
    const repTimeline = await (await api.get(`${COMPANIES}/${company.id}/activities`, { token: rep.token })).json();
    expect(repTimeline.activities.map((x: { deal_id: string }) => x.deal_id)).toEqual([mine.id]);
    const managerSummary = await (await api.get(`${COMPANIES}/${company.id}/deal-summary`, { token: manager.token })).json();
    expect(managerSummary.summary.deal_count).toBe(2);

    for (const path of [`${COMPANIES}/${company.id}/deal-summary`, `${COMPANIES}/${company.id}/activities`, `${COMPANIES}/comp_bad/deal-summary`]) {
      const res = await api.get(path, { token: stranger.token });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await res.text()).not.toContain("Shared KK");
    }

    const bad = await api.get(`${COMPANIES}/${company.id}/activities?limit=0&page=x`, { token: manager.token });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe("validation_failed");
    expect((await api.post(`${COMPANIES}/${company.id}/deal-summary`, {}, { token: manager.token })).status).toBe(405);

    expect((await api.delete(`${COMPANIES}/${company.id}`, { token: manager.token })).status).toBe(200);
    expect((await api.get(`${COMPANIES}/${company.id}/deal-summary`, { token: manager.token })).status).toBe(404);
    expect((await api.get(`${COMPANIES}/${company.id}/activities`, { token: manager.token })).status).toBe(404);
  });
});
