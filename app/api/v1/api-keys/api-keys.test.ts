import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { idPattern } from "@/lib/ids";
import { api, joinByInvitation, request, signUp, type TestUser } from "@/tests/support/http";

const KEYS = "/api/v1/api-keys";
const DEALS = "/api/v1/crm/deals";

type Created = { api_key: Record<string, unknown> & { id: string; app_id: string }; secret: string };

async function createKey(user: TestUser, body: Record<string, unknown> = {}): Promise<Created> {
  const res = await api.post(KEYS, { name: "Website form", access: "read_write", scope: "workspace", ...body }, { token: user.token });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function createDeal(token: string, body: Record<string, unknown> = {}) {
  const res = await api.post(DEALS, { name: "Deal", ...body }, { token });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).deal as { id: string; app_id: string | null; source_type: string };
}

describe("API keys", () => {
  it("a manager creates a key whose secret is shown once, lists it without the secret, and the key works as a Bearer token", async () => {
    const manager = await signUp({ name: "Mika" });
    const res = await api.post(KEYS, { name: " Website form ", access: "read_write", scope: "workspace" }, { token: manager.token });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const created = (await res.json()) as Created;
    expect(created.secret).toMatch(/^pipeline_sk_[A-Za-z0-9_-]{43}$/);
    expect(created.api_key).toEqual({
      id: expect.stringMatching(idPattern("apiKey")),
      name: "Website form",
      prefix: created.secret.slice(0, 20),
      access: "read_write",
      scope: "workspace",
      app_id: expect.stringMatching(idPattern("application")),
      created_by: manager.userId,
      created_by_name: "Mika",
      created_at: expect.any(String),
      last_used_at: null,
      expires_at: null,
    });
    expect(res.headers.get("location")).toBe(`${KEYS}/${created.api_key.id}`);

    // Stored as a hash only.
    const row = await getDb().selectFrom("api_keys").selectAll().where("id", "=", created.api_key.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.secret);

    const list = await api.get(KEYS, { token: manager.token });
    expect(list.status).toBe(200);
    const listed = await list.json();
    expect(listed).toEqual({ items: [created.api_key] });
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(20));

    const deals = await api.get(DEALS, { token: created.secret });
    expect(deals.status, await deals.clone().text()).toBe(200);
    const after = (await (await api.get(KEYS, { token: manager.token })).json()).items[0];
    expect(after.last_used_at).not.toBeNull();
  });

  it("revoking a key makes the very next request with it a 401", async () => {
    const manager = await signUp();
    const { api_key, secret } = await createKey(manager);
    expect((await api.get(DEALS, { token: secret })).status).toBe(200);
    const revoked = await api.delete(`${KEYS}/${api_key.id}`, { token: manager.token });
    expect(revoked.status).toBe(204);
    const refused = await api.get(DEALS, { token: secret });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect((await refused.json()).code).toBe("unauthorized");
    expect((await api.get(KEYS, { token: manager.token }).then((r) => r.json())).items).toEqual([]);
    // Revoking again: the key is gone.
    expect((await api.delete(`${KEYS}/${api_key.id}`, { token: manager.token })).status).toBe(404);
  });

  it("an expired key, a key whose creator is no longer a manager, and a malformed key are 401", async () => {
    const owner = await signUp();
    const admin = await joinByInvitation(owner, await signUp(), "admin");
    const expiring = await createKey(owner);
    await getDb().updateTable("api_keys").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", expiring.api_key.id).execute();
    expect((await api.get(DEALS, { token: expiring.secret })).status).toBe(401);

    const adminKey = await createKey(admin);
    expect((await api.get(DEALS, { token: adminKey.secret })).status).toBe(200);
    await getDb().updateTable("member").set({ role: "member" }).where("userId", "=", admin.userId).where("organizationId", "=", owner.tenantId).execute();
    expect((await api.get(DEALS, { token: adminKey.secret })).status).toBe(401);

    for (const bad of ["pipeline_sk_short", `pipeline_sk_${"A".repeat(43)}`, `pipeline_sk_${"A".repeat(42)}é`]) {
      const res = await api.get(DEALS, { token: bad });
      expect(res.status, bad).toBe(401);
    }
  });

  it("expires_at in the future is kept; in the past or beyond a year is refused per field", async () => {
    const manager = await signUp();
    const at = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const { api_key } = await createKey(manager, { expires_at: at });
    expect(api_key.expires_at).toBe(at);
    for (const expires_at of [new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() + 400 * 86_400_000).toISOString(), "tomorrow"]) {
      const res = await api.post(KEYS, { name: "x", access: "read", scope: "workspace", expires_at }, { token: manager.token });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].field).toBe("expires_at");
    }
    const bad = await api.post(KEYS, { name: "", access: "write", scope: "everything", extra: 1 }, { token: manager.token });
    expect(bad.status).toBe(400);
  });

  it("only managers manage keys, only from a session: reps get 403, keys get 403 on key management and every non-CRM endpoint", async () => {
    const manager = await signUp();
    const rep = await joinByInvitation(manager, await signUp());
    for (const res of [
      await api.get(KEYS, { token: rep.token }),
      await api.post(KEYS, { name: "x", access: "read", scope: "workspace" }, { token: rep.token }),
    ]) {
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe("forbidden");
    }
    const { api_key, secret } = await createKey(manager);
    for (const [method, path] of [
      ["GET", KEYS],
      ["POST", KEYS],
      ["DELETE", `${KEYS}/${api_key.id}`],
      ["GET", "/api/v1/me"],
      ["GET", "/api/v1/workspace"],
    ] as const) {
      const res = await request(method, path, { token: secret, body: method === "POST" ? { name: "x", access: "read", scope: "workspace" } : undefined });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json()).code).toBe("api_key_not_allowed");
    }
    // better-auth's endpoints do not take a key for a session.
    const session = await api.get("/api/auth/get-session", { token: secret });
    expect(session.status).toBeLessThan(500);
    expect(await session.text()).not.toContain(manager.userId);
    const orgs = await api.get("/api/auth/organization/list", { token: secret });
    expect(orgs.status).toBe(401);
    // The key still works: nothing above revoked it.
    expect((await api.get(DEALS, { token: secret })).status).toBe(200);
  });

  it("a read-only key reads and is refused every write with 403, writing nothing", async () => {
    const manager = await signUp();
    const deal = await createDeal(manager.token);
    const { secret } = await createKey(manager, { access: "read" });
    expect((await api.get(`${DEALS}/${deal.id}`, { token: secret })).status).toBe(200);
    const writes = [
      await api.post(DEALS, { name: "From a read key" }, { token: secret }),
      await api.patch(`${DEALS}/${deal.id}`, { name: "Renamed" }, { token: secret }),
      await api.post(`${DEALS}/${deal.id}/stage`, { stage: "qualification" }, { token: secret }),
      await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: "hi" }, { token: secret }),
      await api.delete(`${DEALS}/${deal.id}`, { token: secret }),
      await api.post("/api/v1/crm/companies", { name: "Acme" }, { token: secret }),
    ];
    for (const res of writes) {
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe("api_key_read_only");
    }
    const count = await getDb().selectFrom("deals").select((eb) => eb.fn.countAll<number>().as("n")).where("tenant_id", "=", manager.tenantId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect((await (await api.get(`${DEALS}/${deal.id}`, { token: manager.token })).json()).deal.name).toBe("Deal");
  });

  it("stamps every record a key writes with its app_id, source_type api and the key in the audit entry and timeline", async () => {
    const manager = await signUp({ name: "Mika" });
    const { api_key, secret } = await createKey(manager, { name: "Website form" });
    const byPerson = await createDeal(manager.token, { source_type: "frontend" });
    expect(byPerson.app_id).toBeNull();

    const byKey = await createDeal(secret, { source_type: "frontend" });
    expect(byKey.app_id).toBe(api_key.app_id);
    expect(byKey.source_type).toBe("api");
    const moved = await api.post(`${DEALS}/${byKey.id}/stage`, { stage: "qualification" }, { token: secret });
    expect(moved.status).toBe(200);
    const note = await api.post(`${DEALS}/${byKey.id}/activities`, { type: "note", content: "Imported", source_type: "frontend" }, { token: secret });
    expect(note.status).toBe(201);

    const timeline = (await (await api.get(`${DEALS}/${byKey.id}/activities`, { token: manager.token })).json()).activities as Array<{
      type: string;
      source_type: string;
      created_by: string;
      data: { api_key?: { id: string; name: string } };
    }>;
    expect(timeline.map((a) => a.type).sort()).toEqual(["created", "note", "stage_change"]);
    for (const activity of timeline) {
      expect(activity.data.api_key).toEqual({ id: api_key.id, name: "Website form" });
      expect(activity.source_type).toBe("api");
      expect(activity.created_by).toBe(manager.userId);
    }
    const row = await getDb().selectFrom("deals").select("audit_log").where("id", "=", byKey.id).executeTakeFirstOrThrow();
    const audit = (typeof row.audit_log === "string" ? JSON.parse(row.audit_log) : row.audit_log) as Array<{ api_key_id?: string }>;
    expect(audit.map((e) => e.api_key_id)).toEqual([api_key.id, api_key.id]);

    const company = await api.post("/api/v1/crm/companies", { name: "Acme" }, { token: secret });
    const contact = await api.post("/api/v1/crm/contacts", { first_name: "Aiko" }, { token: secret });
    const personCompany = await api.post("/api/v1/crm/companies", { name: "Manual" }, { token: manager.token });
    const stamped = async (table: "companies" | "contacts", id: string) =>
      (await getDb().selectFrom(table).select("app_id").where("id", "=", id).executeTakeFirstOrThrow()).app_id;
    expect(await stamped("companies", (await company.json()).company.id)).toBe(api_key.app_id);
    expect(await stamped("contacts", (await contact.json()).contact.id)).toBe(api_key.app_id);
    expect(await stamped("companies", (await personCompany.json()).company.id)).toBeNull();
  });

  it("an application-scoped key reads only its application's records; a workspace key reads what a manager reads", async () => {
    const manager = await signUp();
    const app = await createKey(manager, { scope: "application", name: "Importer" });
    const workspace = await createKey(manager, { scope: "workspace", name: "Warehouse" });
    const personDeal = await createDeal(manager.token, { name: "By a person" });
    const appDeal = await createDeal(app.secret, { name: "By the importer" });
    const otherAppDeal = await createDeal(workspace.secret, { name: "By the warehouse" });

    const appList = await (await api.get(DEALS, { token: app.secret })).json();
    expect(appList.items.map((d: { id: string }) => d.id)).toEqual([appDeal.id]);
    expect(appList.total).toBe(1);
    const staged = await (await api.get(`${DEALS}?stage=lead`, { token: app.secret })).json();
    expect(staged.items.map((d: { id: string }) => d.id)).toEqual([appDeal.id]);
    expect(staged.total).toBe(1);
    expect((await api.get(`${DEALS}/${appDeal.id}`, { token: app.secret })).status).toBe(200);
    for (const other of [personDeal, otherAppDeal]) {
      expect((await api.get(`${DEALS}/${other.id}`, { token: app.secret })).status).toBe(404);
      expect((await api.patch(`${DEALS}/${other.id}`, { name: "x" }, { token: app.secret })).status).toBe(404);
      expect((await api.post(`${DEALS}/${other.id}/stage`, { stage: "qualification" }, { token: app.secret })).status).toBe(404);
      expect((await api.get(`${DEALS}/${other.id}/activities`, { token: app.secret })).status).toBe(404);
    }
    // The workspace views are not an application's.
    for (const path of ["/api/v1/crm/board", "/api/v1/crm/reports/pipeline", "/api/v1/crm/members"]) {
      const res = await api.get(path, { token: app.secret });
      expect(res.status, path).toBe(403);
      expect((await res.json()).code).toBe("api_key_not_allowed");
    }

    const wsList = await (await api.get(DEALS, { token: workspace.secret })).json();
    expect(wsList.items.map((d: { id: string }) => d.id).sort()).toEqual([personDeal.id, appDeal.id, otherAppDeal.id].sort());
    expect(wsList.total).toBe(3);
    expect((await api.get("/api/v1/crm/board", { token: workspace.secret })).status).toBe(200);

    const appCompany = (await (await api.post("/api/v1/crm/companies", { name: "Imported Co" }, { token: app.secret })).json()).company;
    const personCompany = (await (await api.post("/api/v1/crm/companies", { name: "Manual Co" }, { token: manager.token })).json()).company;
    const companies = await (await api.get("/api/v1/crm/companies", { token: app.secret })).json();
    expect(companies.items.map((c: { id: string }) => c.id)).toEqual([appCompany.id]);
    expect(companies.total).toBe(1);
    expect((await api.get(`/api/v1/crm/companies/${personCompany.id}`, { token: app.secret })).status).toBe(404);
    expect((await api.patch(`/api/v1/crm/companies/${personCompany.id}`, { name: "x" }, { token: app.secret })).status).toBe(404);

    // Another key for the same application (a rotation) sees the same records.
    const rotated = await createKey(manager, { scope: "application", name: "Importer 2", app_id: app.api_key.app_id });
    expect(rotated.api_key.app_id).toBe(app.api_key.app_id);
    expect((await (await api.get(DEALS, { token: rotated.secret })).json()).items.map((d: { id: string }) => d.id)).toEqual([appDeal.id]);
    const unknownApp = await api.post(KEYS, { name: "x", access: "read", scope: "application", app_id: "app_01JDX3ZZZZZZZZZZZZZZZZZZZZ" }, { token: manager.token });
    expect(unknownApp.status).toBe(422);
  });

  it("keys are confined to their workspace: another workspace's records and keys are 404", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const aliceKey = await createKey(alice);
    const bobKey = await createKey(bob);
    const bobDeal = await createDeal(bob.token);
    expect((await api.get(`${DEALS}/${bobDeal.id}`, { token: aliceKey.secret })).status).toBe(404);
    expect((await api.patch(`${DEALS}/${bobDeal.id}`, { name: "x" }, { token: aliceKey.secret })).status).toBe(404);
    expect((await (await api.get(DEALS, { token: aliceKey.secret })).json()).items).toEqual([]);
    expect((await api.delete(`${KEYS}/${bobKey.api_key.id}`, { token: alice.token })).status).toBe(404);
    expect((await api.get(DEALS, { token: bobKey.secret })).status).toBe(200);
    // A key whose row is gone (its workspace deleted) is simply unknown.
    await getDb().deleteFrom("api_keys").where("id", "=", bobKey.api_key.id).execute();
    expect((await api.get(DEALS, { token: bobKey.secret })).status).toBe(401);
  });
});
