import { describe, expect, it } from "vitest";
import { insertCompanies } from "@/db/factories";
import { getDb } from "@/lib/db";
import { idPattern } from "@/lib/ids";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { addRep } from "../deals/deals-test-helpers";

async function create(user: TestUser, path: "companies" | "contacts", body: Record<string, unknown>) {
  const res = await api.post(`/api/v1/crm/${path}`, body, { token: user.token });
  expect(res.status, await res.clone().text()).toBe(201);
  const json = await res.json();
  return path === "companies" ? json.company : json.contact;
}

describe("contacts API", () => {
  it("creates a contact at a company and reads it back with the company's name", async () => {
    const user = await signUp();
    const company = await create(user, "companies", { name: "株式会社さくら物産" });
    const res = await api.post(
      "/api/v1/crm/contacts",
      { first_name: "花子", last_name: "鈴木", email: "hanako.suzuki@sakura-bussan.co.jp", title: "購買部 部長", company_id: company.id },
      { token: user.token },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    const { contact } = await res.json();
    expect(contact).toMatchObject({
      tenant_id: user.tenantId,
      first_name: "花子",
      last_name: "鈴木",
      email: "hanako.suzuki@sakura-bussan.co.jp",
      title: "購買部 部長",
      company_id: company.id,
      company_name: "株式会社さくら物産",
      phone: null,
      version: 1,
      is_deleted: false,
      created_by: user.userId,
    });
    expect(contact.id).toMatch(idPattern("contact"));

    const got = await api.get(`/api/v1/crm/contacts/${contact.id}`, { cookie: user.cookie });
    expect(await got.json()).toEqual({ contact });
    expect(await (await api.get("/api/v1/crm/contacts", { token: user.token })).json()).toEqual({ items: [contact], total: 1, limit: 50, offset: 0 });
  });

  it("filters by company and searches names and emails", async () => {
    const user = await signUp();
    const sakura = await create(user, "companies", { name: "Sakura" });
    const tanaka = await create(user, "companies", { name: "Tanaka Logistics" });
    await create(user, "contacts", { first_name: "Hanako", last_name: "Suzuki", company_id: sakura.id });
    await create(user, "contacts", { first_name: "Taro", last_name: "Yamada", email: "taro@tanaka-logistics.jp", company_id: tanaka.id });
    await create(user, "contacts", { first_name: "Emily", last_name: "Stone", company_id: tanaka.id });
    await create(user, "contacts", { first_name: "Freelancer" });

    const atTanaka = await (await api.get(`/api/v1/crm/contacts?company_id=${tanaka.id}`, { token: user.token })).json();
    expect(atTanaka.items.map((c: { first_name: string }) => c.first_name)).toEqual(["Emily", "Taro"]);
    expect(atTanaka.total).toBe(2);

    const byEmail = await (await api.get("/api/v1/crm/contacts?search=TANAKA-LOG", { token: user.token })).json();
    expect(byEmail.items.map((c: { first_name: string }) => c.first_name)).toEqual(["Taro"]);
    const byLast = await (await api.get("/api/v1/crm/contacts?search=suzu", { token: user.token })).json();
    expect(byLast.items.map((c: { first_name: string }) => c.first_name)).toEqual(["Hanako"]);
    const combined = await (await api.get(`/api/v1/crm/contacts?search=a&company_id=${sakura.id}`, { token: user.token })).json();
    expect(combined.total).toBe(1);

    const page = await (await api.get("/api/v1/crm/contacts?limit=1&offset=1", { token: user.token })).json();
    expect(page).toMatchObject({ total: 4, limit: 1, offset: 1, items: [{ first_name: "Freelancer" }] });

    const badFilter = await api.get("/api/v1/crm/contacts?company_id=nope", { token: user.token });
    expect(badFilter.status).toBe(400);
    expect((await badFilter.json()).errors[0].field).toBe("query.company_id");
  });

  it("validates fields: required, email format, unknown and read-only", async () => {
    const user = await signUp();
    const missing = await (await api.post("/api/v1/crm/contacts", { last_name: "Suzuki" }, { token: user.token })).json();
    expect(missing).toMatchObject({ status: 400, code: "validation_failed", errors: [{ field: "first_name", code: "required" }] });

    const email = await (await api.post("/api/v1/crm/contacts", { first_name: "A", email: "not-an-email" }, { token: user.token })).json();
    expect(email.errors).toEqual([expect.objectContaining({ field: "email" })]);

    const badRef = await (await api.post("/api/v1/crm/contacts", { first_name: "A", company_id: "comp_123" }, { token: user.token })).json();
    expect(badRef.errors).toEqual([expect.objectContaining({ field: "company_id", code: "invalid_format" })]);

    const unknown = await (await api.post("/api/v1/crm/contacts", { first_name: "A", nickname: "B" }, { token: user.token })).json();
    expect(unknown).toMatchObject({ code: "unknown_field", errors: [{ field: "nickname" }] });

    for (const field of ["id", "tenant_id", "company_name", "updated_by", "deleted_at"]) {
      const res = await api.post("/api/v1/crm/contacts", { first_name: "A", [field]: null }, { token: user.token });
      expect(await res.json()).toMatchObject({ status: 400, code: "read_only_field", errors: [{ field, code: "read_only_field" }] });
    }
    // An empty email clears it rather than failing.
    const blank = await create(user, "contacts", { first_name: "Blank", email: "" });
    expect(blank.email).toBeNull();
  });

  it("refuses a company from another tenant, a deleted one, or a missing one with 422", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const bobsCompany = await create(bob, "companies", { name: "Bob's company" });
    const [deleted] = await insertCompanies(getDb(), alice.tenantId, [{ name: "Closed down", is_deleted: true, deleted_at: new Date() }]);
    const missing = "comp_01JDX3Z8Q4M2N5P7R9S1T3V5W7";

    for (const companyId of [bobsCompany.id, deleted.id, missing]) {
      const res = await api.post("/api/v1/crm/contacts", { first_name: "Spy", company_id: companyId }, { token: alice.token });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: "invalid_reference", errors: [{ field: "company_id", code: "invalid_reference" }] });
    }
    expect((await (await api.get("/api/v1/crm/contacts", { token: alice.token })).json()).total).toBe(0);

    // The same rule on update, and a failed update changes nothing.
    const contact = await create(alice, "contacts", { first_name: "Aiko" });
    const res = await api.patch(`/api/v1/crm/contacts/${contact.id}`, { first_name: "Changed", company_id: bobsCompany.id }, { token: alice.token });
    expect(res.status).toBe(422);
    const { contact: after } = await (await api.get(`/api/v1/crm/contacts/${contact.id}`, { token: alice.token })).json();
    expect(after).toMatchObject({ first_name: "Aiko", company_id: null, version: 1 });
  });

  it("patches only sent fields, moves and detaches companies, and detects version conflicts", async () => {
    const user = await signUp();
    const a = await create(user, "companies", { name: "A社" });
    const b = await create(user, "companies", { name: "B社" });
    const contact = await create(user, "contacts", { first_name: "Taro", last_name: "Yamada", phone: "090-0000-0000", company_id: a.id });

    const moved = await api.patch(`/api/v1/crm/contacts/${contact.id}`, { company_id: b.id, title: "CTO" }, { token: user.token });
    expect(moved.status).toBe(200);
    expect(moved.headers.get("etag")).toBe('"2"');
    expect((await moved.json()).contact).toMatchObject({ company_id: b.id, company_name: "B社", title: "CTO", phone: "090-0000-0000", last_name: "Yamada", version: 2 });

    const stale = await api.patch(`/api/v1/crm/contacts/${contact.id}`, { title: "CEO" }, { token: user.token, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: "version_conflict", contact: { id: contact.id, version: 2, title: "CTO" } });

    const detached = await (await api.patch(`/api/v1/crm/contacts/${contact.id}`, { company_id: null, version: 2 }, { token: user.token })).json();
    expect(detached.contact).toMatchObject({ company_id: null, company_name: null, version: 3 });

    const empty = await api.patch(`/api/v1/crm/contacts/${contact.id}`, { first_name: "" }, { token: user.token });
    expect(empty.status).toBe(400);
  });

  it("replays a create with the same Idempotency-Key", async () => {
    const user = await signUp();
    const headers = { "idempotency-key": "f2b1c7a0-contact" };
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const res = await api.post("/api/v1/crm/contacts", { first_name: "Kai" }, { token: user.token, headers });
      expect(res.status).toBe(201);
      ids.push((await res.json()).contact.id);
    }
    expect(ids[1]).toBe(ids[0]);
    expect((await (await api.get("/api/v1/crm/contacts", { token: user.token })).json()).total).toBe(1);
  });

  it("soft-deletes and hides the contact; other tenants cannot see or touch it", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const contact = await create(alice, "contacts", { first_name: "Emily", last_name: "Carter" });

    expect((await api.get(`/api/v1/crm/contacts/${contact.id}`, { token: bob.token })).status).toBe(404);
    expect((await api.patch(`/api/v1/crm/contacts/${contact.id}`, { first_name: "X" }, { token: bob.token })).status).toBe(404);
    expect((await api.delete(`/api/v1/crm/contacts/${contact.id}`, { token: bob.token })).status).toBe(404);
    expect((await (await api.get("/api/v1/crm/contacts", { token: bob.token })).json()).items).toEqual([]);

    const del = await api.delete(`/api/v1/crm/contacts/${contact.id}`, { token: alice.token });
    expect(await del.json()).toEqual({ success: true });
    expect((await api.get(`/api/v1/crm/contacts/${contact.id}`, { token: alice.token })).status).toBe(404);
    expect((await (await api.get("/api/v1/crm/contacts", { token: alice.token })).json()).total).toBe(0);
    const row = await getDb().selectFrom("contacts").select(["is_deleted", "deleted_by"]).where("id", "=", contact.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ is_deleted: true, deleted_by: alice.userId });
  });

  it("writes nothing for unchanged values and checks the version before the company reference", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const bobsCompany = await create(bob, "companies", { name: "Bob's company" });
    const contact = await create(alice, "contacts", { first_name: "Aiko", title: "CFO" });

    const same = await api.patch(`/api/v1/crm/contacts/${contact.id}`, { first_name: "Aiko", title: "CFO" }, { token: alice.token });
    expect(same.status).toBe(200);
    expect(same.headers.get("etag")).toBe('"1"');
    expect((await same.json()).contact).toEqual(contact);

    const changed = await (await api.patch(`/api/v1/crm/contacts/${contact.id}`, { title: "CEO", version: 1 }, { token: alice.token })).json();
    expect(changed.contact).toMatchObject({ title: "CEO", version: 2, updated_by: alice.userId });

    // A stale version wins over a bad reference: 409 with the contact as it is now, and its ETag.
    const stale = await api.patch(`/api/v1/crm/contacts/${contact.id}`, { company_id: bobsCompany.id, version: 1 }, { token: alice.token });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("etag")).toBe('"2"');
    expect(await stale.json()).toMatchObject({ code: "version_conflict", contact: { id: contact.id, title: "CEO", version: 2 } });

    const { contact: after } = await (await api.get(`/api/v1/crm/contacts/${contact.id}`, { token: alice.token })).json();
    expect(after).toEqual(changed.contact);
  });

  it("a deleted contact is gone for writes too; the row keeps who deleted it and a new version", async () => {
    const user = await signUp();
    const contact = await create(user, "contacts", { first_name: "Ken" });
    expect((await api.delete(`/api/v1/crm/contacts/${contact.id}`, { token: user.token })).status).toBe(200);

    const patch = await api.patch(`/api/v1/crm/contacts/${contact.id}`, { first_name: "Back" }, { token: user.token });
    expect(patch.status).toBe(404);
    expect(await patch.json()).toMatchObject({ code: "not_found", detail: "Contact not found." });
    const again = await api.delete(`/api/v1/crm/contacts/${contact.id}`, { token: user.token });
    expect(again.status).toBe(404);
    expect((await again.json()).code).toBe("not_found");
    for (const res of [
      await api.patch("/api/v1/crm/contacts/not-an-id", { first_name: "X" }, { token: user.token }),
      await api.delete("/api/v1/crm/contacts/not-an-id", { token: user.token }),
    ]) {
      expect(res.status).toBe(404);
    }

    const row = await getDb().selectFrom("contacts").selectAll().where("id", "=", contact.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ is_deleted: true, deleted_by: user.userId, updated_by: user.userId, first_name: "Ken", version: 2 });
    expect(row.deleted_at).not.toBeNull();
    expect(new Date(row.updated_at).getTime()).toBe(new Date(row.deleted_at!).getTime());
  });

  it("lets a rep delete only the contacts they added; a manager any", async () => {
    const manager = await signUp();
    const rep = await addRep(manager);
    const managers = await create(manager, "contacts", { first_name: "Manager's contact" });
    const reps = await create(rep, "contacts", { first_name: "Rep's contact" });

    const denied = await api.delete(`/api/v1/crm/contacts/${managers.id}`, { token: rep.token });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: "forbidden", detail: "Only a manager or the person who added this contact can delete it." });
    const { contact: kept } = await (await api.get(`/api/v1/crm/contacts/${managers.id}`, { token: rep.token })).json();
    expect(kept).toMatchObject({ is_deleted: false, version: 1 });

    // Every member can edit.
    expect((await api.patch(`/api/v1/crm/contacts/${managers.id}`, { title: "Buyer" }, { token: rep.token })).status).toBe(200);
    expect((await api.delete(`/api/v1/crm/contacts/${reps.id}`, { token: rep.token })).status).toBe(200);
    expect((await api.delete(`/api/v1/crm/contacts/${managers.id}`, { token: manager.token })).status).toBe(200);
  });
});
