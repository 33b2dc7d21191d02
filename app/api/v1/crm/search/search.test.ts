import { describe, expect, it } from "vitest";
import type { QuickSearchResponse } from "@/lib/search/schema";
import { api, joinByInvitation, signUp, type TestUser } from "@/tests/support/http";

const SEARCH = "/api/v1/crm/search";

async function post<T>(user: TestUser | string, path: string, body: Record<string, unknown>, key: string): Promise<T> {
  const token = typeof user === "string" ? user : user.token;
  const res = await api.post(path, body, { token });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json())[key];
}

async function search(token: string, q: string, extra = ""): Promise<QuickSearchResponse> {
  const res = await api.get(`${SEARCH}?q=${encodeURIComponent(q)}${extra}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();

describe("quick search API", () => {
  it("finds deals, companies and contacts by what reps type, folded for case and width, grouped", async () => {
    const user = await signUp();
    const contoso = await post<{ id: string }>(user, "/api/v1/crm/companies", { name: "Contoso Ltd", domain: "contoso.example" }, "company");
    const fuji = await post<{ id: string }>(user, "/api/v1/crm/companies", { name: "株式会社フジ精機" }, "company");
    const katrin = await post<{ id: string }>(user, "/api/v1/crm/contacts", { first_name: "Katrin", last_name: "Meyer", company_id: contoso.id, email: "katrin@contoso.example" }, "contact");
    const deal = await post<{ id: string; deal_number: string }>(user, "/api/v1/crm/deals", { name: "Cloud migration", company_id: contoso.id, contact_id: katrin.id }, "deal");
    const tagged = await post<{ id: string }>(user, "/api/v1/crm/deals", { name: "精密部品", company_id: fuji.id, tags: ["重点顧客"] }, "deal");

    const wide = await search(user.token, "ｃｏｎｔｏｓｏ");
    expect(ids(wide.deals)).toEqual([deal.id]);
    expect(wide.companies).toEqual([{ id: contoso.id, name: "Contoso Ltd", domain: "contoso.example" }]);
    // The contact's email holds the company's name too.
    expect(wide.contacts).toEqual([{ id: katrin.id, name: "Katrin Meyer", email: "katrin@contoso.example", company_name: "Contoso Ltd" }]);
    expect(wide.deals[0]).toMatchObject({ name: "Cloud migration", deal_number: deal.deal_number, company_name: "Contoso Ltd", contact_name: "Katrin Meyer", stage: "lead" });

    const kana = await search(user.token, "ﾌｼﾞ");
    expect(ids(kana.deals)).toEqual([tagged.id]);
    expect(ids(kana.companies)).toEqual([fuji.id]);
    expect(kana.contacts).toEqual([]);
    expect(ids((await search(user.token, "重点顧客")).deals)).toEqual([tagged.id]);
    expect(ids((await search(user.token, "KATRIN")).contacts)).toEqual([katrin.id]);
    expect(ids((await search(user.token, deal.deal_number)).deals)).toEqual([deal.id]);
    expect(await search(user.token, "nothing like it")).toEqual({ deals: [], companies: [], contacts: [] });

    // Deleted records are not found.
    expect((await api.delete(`/api/v1/crm/deals/${deal.id}`, { token: user.token })).status).toBe(200);
    expect((await search(user.token, "contoso")).deals).toEqual([]);
  });

  it("limits each group, and names the problem with a bad query", async () => {
    const user = await signUp();
    for (let i = 0; i < 7; i++) await post(user, "/api/v1/crm/companies", { name: `Acme ${i}` }, "company");
    await post(user, "/api/v1/crm/companies", { name: "Northwind Acme" }, "company");
    const five = await search(user.token, "acme");
    expect(five.companies).toHaveLength(5);
    // Names that start with the query come first.
    expect(five.companies.every((c) => c.name.startsWith("Acme"))).toBe(true);
    expect((await search(user.token, "acme", "&limit=20")).companies).toHaveLength(8);

    for (const query of ["", "?q=", "?q=%20%20", "?q=a&limit=0", "?q=a&limit=21", "?q=a&limit=x", `?q=${"a".repeat(201)}`, "?q=a&q=b", "?q=a&extra=1"]) {
      const res = await api.get(`${SEARCH}${query}`, { token: user.token });
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type"), query).toContain("application/problem+json");
      const problem = await res.json();
      expect(["validation_failed", "unknown_field"], query).toContain(problem.code);
      expect(problem.errors?.length, query).toBeGreaterThan(0);
    }
    // LIKE's wildcards are text here.
    expect((await search(user.token, "%")).companies).toEqual([]);
    expect((await search(user.token, "_")).companies).toEqual([]);
    expect((await api.get(`${SEARCH}?q=acme`)).status).toBe(401);
    expect((await api.post(SEARCH, {}, { token: user.token })).status).toBe(405);
  });

  it("stays in the caller's workspace and, for a rep who sees only his own deals, finds only those", async () => {
    const manager = await signUp();
    const rep = await joinByInvitation(manager, await signUp({ name: "Rep" }));
    const stranger = await signUp();
    const company = await post<{ id: string }>(manager, "/api/v1/crm/companies", { name: "Globex Engineering" }, "company");
    const repsDeal = await post<{ id: string }>(manager, "/api/v1/crm/deals", { name: "Turbines", company_id: company.id, assigned_member_id: rep.userId }, "deal");
    const managersDeal = await post<{ id: string }>(manager, "/api/v1/crm/deals", { name: "Generators", company_id: company.id, assigned_member_id: manager.userId }, "deal");

    expect(ids((await search(rep.token, "globex")).deals)).toEqual([repsDeal.id, managersDeal.id].sort());
    expect((await api.patch("/api/v1/workspace", { deal_visibility: "own" }, { token: manager.token })).status).toBe(200);
    const repSees = await search(rep.token, "globex");
    expect(ids(repSees.deals)).toEqual([repsDeal.id]);
    expect(ids(repSees.companies)).toEqual([company.id]);
    expect(ids((await search(manager.token, "globex")).deals)).toEqual([repsDeal.id, managersDeal.id].sort());

    const strangers = await api.get(`${SEARCH}?q=globex`, { token: stranger.token });
    expect(strangers.status).toBe(200);
    expect(await strangers.json()).toEqual({ deals: [], companies: [], contacts: [] });
  });

  it("an application-scoped API key finds only its application's records", async () => {
    const manager = await signUp();
    const keyRes = await api.post("/api/v1/api-keys", { name: "Importer", access: "read_write", scope: "application" }, { token: manager.token });
    expect(keyRes.status, await keyRes.clone().text()).toBe(201);
    const { secret } = await keyRes.json();
    const byKey = await post<{ id: string }>(secret, "/api/v1/crm/companies", { name: "Initech Imported" }, "company");
    await post(manager, "/api/v1/crm/companies", { name: "Initech Typed" }, "company");
    const keyDeal = await post<{ id: string }>(secret, "/api/v1/crm/deals", { name: "Initech import" }, "deal");
    await post(manager, "/api/v1/crm/deals", { name: "Initech by hand" }, "deal");

    const found = await search(secret, "initech");
    expect(ids(found.companies)).toEqual([byKey.id]);
    expect(ids(found.deals)).toEqual([keyDeal.id]);
    expect((await search(manager.token, "initech")).companies).toHaveLength(2);
  });
});
