import { describe, expect, it } from "vitest";
import { insertDeals } from "@/db/factories";
import { getDb } from "@/lib/db";
import { idPattern } from "@/lib/ids";
import { api, joinByInvitation, signUp, type TestUser } from "@/tests/support/http";

async function createCompany(user: TestUser, body: Record<string, unknown>) {
  const res = await api.post("/api/v1/crm/companies", body, { token: user.token });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).company;
}

/** A sales rep (role member) in the manager's tenant, through a real invitation. */
async function repIn(manager: TestUser): Promise<TestUser> {
  return joinByInvitation(manager, await signUp({ name: "Rep" }));
}

describe("companies API", () => {
  it("creates, reads and lists companies with the documented envelopes", async () => {
    const user = await signUp();
    const res = await api.post(
      "/api/v1/crm/companies",
      { name: "  株式会社さくら物産 ", domain: "sakura-bussan.co.jp", industry: "Trading", website: "https://sakura-bussan.co.jp", phone: "" },
      { cookie: user.cookie },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    const { company } = await res.json();
    expect(company).toMatchObject({
      tenant_id: user.tenantId,
      name: "株式会社さくら物産",
      domain: "sakura-bussan.co.jp",
      industry: "Trading",
      phone: null,
      deal_count: 0,
      version: 1,
      is_deleted: false,
      created_by: user.userId,
      updated_by: user.userId,
      deleted_at: null,
    });
    expect(company.id).toMatch(idPattern("company"));
    expect(res.headers.get("location")).toBe(`/api/v1/crm/companies/${company.id}`);

    const got = await api.get(`/api/v1/crm/companies/${company.id}`, { token: user.token });
    expect(got.status).toBe(200);
    expect(got.headers.get("etag")).toBe('"1"');
    expect(await got.json()).toEqual({ company });

    const list = await (await api.get("/api/v1/crm/companies", { token: user.token })).json();
    expect(list).toEqual({ items: [company], total: 1, limit: 50, offset: 0 });
  });

  it("searches case-insensitively, pages with limit/offset, and caps the limit", async () => {
    const user = await signUp();
    for (const name of ["Tanaka Logistics", "Northwind Traders", "山田製作所", "Tanaka Foods", "50% Off Outlet"]) await createCompany(user, { name });

    const search = await (await api.get("/api/v1/crm/companies?search=TANAKA", { token: user.token })).json();
    expect(search.items.map((c: { name: string }) => c.name)).toEqual(["Tanaka Foods", "Tanaka Logistics"]);
    expect(search.total).toBe(2);

    const jp = await (await api.get(`/api/v1/crm/companies?search=${encodeURIComponent("製作")}`, { token: user.token })).json();
    expect(jp.items.map((c: { name: string }) => c.name)).toEqual(["山田製作所"]);

    // LIKE wildcards are matched literally.
    const pct = await (await api.get(`/api/v1/crm/companies?search=${encodeURIComponent("0%")}`, { token: user.token })).json();
    expect(pct.items.map((c: { name: string }) => c.name)).toEqual(["50% Off Outlet"]);

    const page = await (await api.get("/api/v1/crm/companies?limit=2&offset=2", { token: user.token })).json();
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(page.items.map((c: { name: string }) => c.name)).toEqual(["Tanaka Foods", "Tanaka Logistics"]);

    const byCreated = await (await api.get("/api/v1/crm/companies?sort=created_at&order=asc&limit=1", { token: user.token })).json();
    expect(byCreated.items[0].name).toBe("Tanaka Logistics");

    const capped = await (await api.get("/api/v1/crm/companies?limit=5000", { token: user.token })).json();
    expect(capped.limit).toBe(200);

    const bad = await api.get("/api/v1/crm/companies?limit=0&colour=red", { token: user.token });
    expect(bad.status).toBe(400);
    const problem = await bad.json();
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(["query.colour", "query.limit"]);
  });

  it("rejects invalid bodies, unknown fields and server-managed fields", async () => {
    const user = await signUp();
    const missing = await api.post("/api/v1/crm/companies", { domain: "example.com" }, { token: user.token });
    expect(missing.status).toBe(400);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(await missing.json()).toMatchObject({ code: "validation_failed", errors: [{ field: "name", code: "required" }] });

    const wrong = await (
      await api.post("/api/v1/crm/companies", { name: "x".repeat(201), website: "ftp://nope", domain: 42 }, { token: user.token })
    ).json();
    expect(wrong.errors.map((e: { field: string }) => e.field).sort()).toEqual(["domain", "name", "website"]);

    const unknown = await api.post("/api/v1/crm/companies", { name: "Acme", colour: "red" }, { token: user.token });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: "unknown_field", errors: [{ field: "colour", code: "unknown_field" }] });

    for (const field of ["id", "tenant_id", "version", "created_at", "deal_count", "is_deleted"]) {
      const res = await api.post("/api/v1/crm/companies", { name: "Acme", [field]: "x" }, { token: user.token });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "read_only_field", errors: [{ field, code: "read_only_field" }] });
    }
    const list = await (await api.get("/api/v1/crm/companies", { token: user.token })).json();
    expect(list.total).toBe(0);
  });

  it("patches only the fields sent, bumps the version, and detects stale writes", async () => {
    const user = await signUp();
    const company = await createCompany(user, { name: "Tanaka Logistics", industry: "Logistics", phone: "03-1234-5678" });

    const res = await api.patch(`/api/v1/crm/companies/${company.id}`, { industry: "物流" }, { token: user.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    const { company: patched } = await res.json();
    expect(patched).toMatchObject({ name: "Tanaka Logistics", industry: "物流", phone: "03-1234-5678", version: 2 });
    expect(new Date(patched.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(company.updated_at).getTime());

    // Sending the same values is not a change.
    const same = await (await api.patch(`/api/v1/crm/companies/${company.id}`, { industry: "物流" }, { token: user.token })).json();
    expect(same.company.version).toBe(2);

    // A stale If-Match (the version read before the first patch) is a conflict; nothing changes.
    const stale = await api.patch(`/api/v1/crm/companies/${company.id}`, { name: "Overwritten" }, { token: user.token, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(409);
    const problem = await stale.json();
    expect(problem).toMatchObject({ code: "version_conflict", company: { id: company.id, version: 2, name: "Tanaka Logistics" } });
    expect(stale.headers.get("etag")).toBe('"2"');

    const staleBody = await api.patch(`/api/v1/crm/companies/${company.id}`, { name: "Overwritten", version: 1 }, { token: user.token });
    expect(staleBody.status).toBe(409);

    // Strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
    const weak = await api.patch(`/api/v1/crm/companies/${company.id}`, { name: "Tanaka Logistics K.K." }, { token: user.token, headers: { "if-match": 'W/"2"' } });
    expect(weak.status).toBe(412);
    const fresh = await api.patch(`/api/v1/crm/companies/${company.id}`, { name: "Tanaka Logistics K.K." }, { token: user.token, headers: { "if-match": '"2"' } });
    expect(fresh.status).toBe(200);
    expect((await fresh.json()).company).toMatchObject({ name: "Tanaka Logistics K.K.", version: 3 });

    const withVersion = await api.patch(`/api/v1/crm/companies/${company.id}`, { note: "Key account", version: 3 }, { token: user.token });
    expect((await withVersion.json()).company).toMatchObject({ note: "Key account", version: 4 });

    const garbage = await api.patch(`/api/v1/crm/companies/${company.id}`, { note: "x" }, { token: user.token, headers: { "if-match": "banana" } });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).code).toBe("invalid_if_match");

    const readOnly = await api.patch(`/api/v1/crm/companies/${company.id}`, { deal_count: 4 }, { token: user.token });
    expect((await readOnly.json()).code).toBe("read_only_field");
  });

  it("soft-deletes: gone from reads and writes, kept in the table", async () => {
    const user = await signUp();
    const company = await createCompany(user, { name: "Gone Corp" });
    const del = await api.delete(`/api/v1/crm/companies/${company.id}`, { token: user.token });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ success: true });

    expect((await api.get(`/api/v1/crm/companies/${company.id}`, { token: user.token })).status).toBe(404);
    expect((await api.patch(`/api/v1/crm/companies/${company.id}`, { name: "Back" }, { token: user.token })).status).toBe(404);
    expect((await api.delete(`/api/v1/crm/companies/${company.id}`, { token: user.token })).status).toBe(404);
    expect((await (await api.get("/api/v1/crm/companies", { token: user.token })).json()).total).toBe(0);

    const row = await getDb().selectFrom("companies").selectAll().where("id", "=", company.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ is_deleted: true, deleted_by: user.userId, version: 2 });
    expect(row.deleted_at).not.toBeNull();
  });

  it("lets a rep delete only the companies they added; a manager any", async () => {
    const manager = await signUp();
    const rep = await repIn(manager);
    const managers = await createCompany(manager, { name: "Manager's account" });
    const reps = await createCompany(rep, { name: "Rep's account" });

    const denied = await api.delete(`/api/v1/crm/companies/${managers.id}`, { token: rep.token });
    expect(denied.status).toBe(403);
    expect((await denied.json()).code).toBe("forbidden");
    expect((await api.get(`/api/v1/crm/companies/${managers.id}`, { token: rep.token })).status).toBe(200);

    // Every member can edit.
    expect((await api.patch(`/api/v1/crm/companies/${managers.id}`, { industry: "Retail" }, { token: rep.token })).status).toBe(200);
    expect((await api.delete(`/api/v1/crm/companies/${reps.id}`, { token: rep.token })).status).toBe(200);
    expect((await api.delete(`/api/v1/crm/companies/${managers.id}`, { token: manager.token })).status).toBe(200);
  });

  it("counts the company's live deals", async () => {
    const user = await signUp();
    const company = await createCompany(user, { name: "Northwind Traders" });
    const [, , gone] = await insertDeals(getDb(), user.tenantId, [
      { name: "A", company_id: company.id },
      { name: "B", company_id: company.id, stage: "proposal" },
      { name: "C", company_id: company.id },
      { name: "Unrelated" },
    ]);
    await getDb().updateTable("deals").set({ is_deleted: true, deleted_at: new Date() }).where("id", "=", gone.id!).execute();
    const { company: got } = await (await api.get(`/api/v1/crm/companies/${company.id}`, { token: user.token })).json();
    expect(got.deal_count).toBe(2);
    const list = await (await api.get("/api/v1/crm/companies", { token: user.token })).json();
    expect(list.items[0].deal_count).toBe(2);
  });

  it("keeps tenants apart: another tenant's company is not found", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const company = await createCompany(alice, { name: "Alice's client" });

    expect((await api.get(`/api/v1/crm/companies/${company.id}`, { token: bob.token })).status).toBe(404);
    const patch = await api.patch(`/api/v1/crm/companies/${company.id}`, { name: "Stolen" }, { token: bob.token });
    expect(patch.status).toBe(404);
    expect((await patch.json()).code).toBe("not_found");
    expect((await api.delete(`/api/v1/crm/companies/${company.id}`, { token: bob.token })).status).toBe(404);
    expect((await (await api.get("/api/v1/crm/companies", { token: bob.token })).json()).total).toBe(0);
    expect((await api.get("/api/v1/crm/companies/not-an-id", { token: bob.token })).status).toBe(404);

    const { company: unchanged } = await (await api.get(`/api/v1/crm/companies/${company.id}`, { token: alice.token })).json();
    expect(unchanged).toMatchObject({ name: "Alice's client", version: 1, is_deleted: false });
  });

  it("replays a create with the same Idempotency-Key instead of adding a second company", async () => {
    const user = await signUp();
    const headers = { "idempotency-key": "create-northwind-1" };
    const first = await api.post("/api/v1/crm/companies", { name: "Northwind Traders" }, { token: user.token, headers });
    const again = await api.post("/api/v1/crm/companies", { name: "Northwind Traders" }, { token: user.token, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).company.id).toBe((await first.json()).company.id);
    const reused = await api.post("/api/v1/crm/companies", { name: "Someone else" }, { token: user.token, headers });
    expect(reused.status).toBe(422);
    expect((await reused.json()).code).toBe("idempotency_key_reused");
    expect((await (await api.get("/api/v1/crm/companies", { token: user.token })).json()).total).toBe(1);
  });

  it("requires authentication", async () => {
    expect((await api.get("/api/v1/crm/companies")).status).toBe(401);
    expect((await api.post("/api/v1/crm/companies", { name: "x" })).status).toBe(401);
  });

  it("answers writes on a malformed id with 404 and stamps a delete with who and when", async () => {
    const manager = await signUp();
    const rep = await repIn(manager);
    for (const res of [
      await api.patch("/api/v1/crm/companies/not-an-id", { name: "X" }, { token: manager.token }),
      await api.delete("/api/v1/crm/companies/not-an-id", { token: manager.token }),
    ]) {
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "not_found", detail: "Company not found." });
    }

    const company = await createCompany(manager, { name: "Stamped KK" });
    const denied = await api.delete(`/api/v1/crm/companies/${company.id}`, { token: rep.token });
    expect(await denied.json()).toMatchObject({ code: "forbidden", detail: "Only a manager or the person who added this company can delete it." });
    expect((await api.delete(`/api/v1/crm/companies/${company.id}`, { token: manager.token })).status).toBe(200);
    const row = await getDb().selectFrom("companies").selectAll().where("id", "=", company.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ is_deleted: true, deleted_by: manager.userId, updated_by: manager.userId, version: 2 });
    expect(new Date(row.updated_at).getTime()).toBe(new Date(row.deleted_at!).getTime());
  });
});
