import { beforeAll, describe, expect, it } from "vitest";
import type { Problem } from "@/lib/api/problem";
import { getDb } from "@/lib/db";
import type { Deal } from "@/lib/deals/schema";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { snapshotDatabase } from "@/e2e/robustness/support/snapshot";
import { activitiesOf, createDeal, DEALS, getDeal } from "./deals-test-helpers";

/**
 * What a client sends is stored as sent, or refused naming the field: amounts within their
 * currency's minor unit, no field a write silently ignores, values normalized to their documented
 * pattern, and `app_id` only where an integration wrote the deal.
 */

let user: TestUser;

beforeAll(async () => {
  user = await signUp();
});

async function refused(res: Response, field: string, status = 400): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const p = JSON.parse(text) as Problem;
  expect(p.errors?.map((e) => e.field), text).toContain(field);
  return p;
}

describe("amounts respect the currency's minor unit (ISO 4217, from Intl)", () => {
  it("refuses decimals a currency does not have, on create and PATCH, and keeps those it has", async () => {
    const before = await snapshotDatabase(getDb());
    await refused(await api.post(DEALS, { name: "Yen", amount: 1000.5 }, { token: user.token }), "amount");
    await refused(await api.post(DEALS, { name: "Yen", amount: 1000.5, currency: "JPY" }, { token: user.token }), "amount");
    await refused(await api.post(DEALS, { name: "Won", amount: 10.1, currency: "KRW" }, { token: user.token }), "amount");
    await refused(await api.post(DEALS, { name: "Dollars", amount: 10.123, currency: "USD" }, { token: user.token }), "amount");
    // Three-decimal currencies are stored with two decimals: a third is refused, never rounded.
    await refused(await api.post(DEALS, { name: "Dinar", amount: 1.234, currency: "BHD" }, { token: user.token }), "amount");
    expect(await snapshotDatabase(getDb())).toEqual(before);

    expect((await createDeal(user, { amount: 1000, currency: "JPY" })).amount).toBe(1000);
    expect((await createDeal(user, { amount: 10.12, currency: "USD" })).amount).toBe(10.12);
    expect((await createDeal(user, { amount: 1.23, currency: "BHD" })).amount).toBe(1.23);

    const yen = await createDeal(user, { amount: 1000 });
    await refused(await api.patch(`${DEALS}/${yen.id}`, { amount: 1000.5 }, { token: user.token }), "amount");
    const dollars = await createDeal(user, { amount: 10.5, currency: "USD" });
    // Changing only the currency would leave an amount it cannot have.
    await refused(await api.patch(`${DEALS}/${dollars.id}`, { currency: "JPY" }, { token: user.token }), "currency");
    const both = await api.patch(`${DEALS}/${dollars.id}`, { currency: "JPY", amount: 1500 }, { token: user.token });
    expect(both.status).toBe(200);
    expect(((await both.json()) as { deal: Deal }).deal).toMatchObject({ currency: "JPY", amount: 1500 });
  });
});

describe("app_id", () => {
  it("is null on deals a person's session writes, on create, read, list and write", async () => {
    const deal = await createDeal(user, { name: "Person's deal" });
    expect(deal.app_id).toBeNull();
    expect((await getDeal(user, deal.id)).app_id).toBeNull();
    const moved = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: user.token });
    expect(((await moved.json()) as { deal: Deal }).deal.app_id).toBeNull();
    const list = await api.get(`${DEALS}?limit=200`, { token: user.token });
    const items = ((await list.json()) as { items: Deal[] }).items;
    expect(items.find((d) => d.id === deal.id)?.app_id).toBeNull();
  });
});

describe("no silent no-ops", () => {
  it("refuses source on PATCH (it records where the deal was created) and names it", async () => {
    const deal = await createDeal(user, { source: "import" });
    expect(deal.source).toBe("import");
    const p = await refused(await api.patch(`${DEALS}/${deal.id}`, { source: "crm" }, { token: user.token }), "source");
    expect(p.code).toBe("read_only_field");
    await refused(await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal", source: "crm" }, { token: user.token }), "source");
    expect((await getDeal(user, deal.id)).source).toBe("import");
  });

  it("applies source_type on PATCH and on a move, even when nothing else changes", async () => {
    const deal = await createDeal(user, { source_type: "frontend" });
    const patched = await api.patch(`${DEALS}/${deal.id}`, { source_type: "backend" }, { token: user.token });
    expect(patched.status).toBe(200);
    const after = ((await patched.json()) as { deal: Deal }).deal;
    expect(after.source_type).toBe("backend");
    expect(after.version).toBe(deal.version + 1);
    const moved = await api.post(`${DEALS}/${deal.id}/stage`, { stage: deal.stage, source_type: "system" }, { token: user.token });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { deal: Deal }).deal.source_type).toBe("system");
    // The same value again is a true no-op: nothing to apply.
    const again = await api.patch(`${DEALS}/${deal.id}`, { source_type: "system" }, { token: user.token });
    expect(((await again.json()) as { deal: Deal }).deal.version).toBe(deal.version + 2);
  });

  it("applies new closing fields sent with a move to the stage the deal is already in", async () => {
    const deal = await createDeal(user, { stage: "closed_lost", lost_reason: "Budget", loss_category: "no_budget" });
    const res = await api.post(
      `${DEALS}/${deal.id}/stage`,
      { stage: "closed_lost", lost_reason: "Chose a competitor", loss_category: "competitor", closure_notes: "Went with Acme" },
      { token: user.token },
    );
    expect(res.status).toBe(200);
    const moved = ((await res.json()) as { deal: Deal }).deal;
    expect(moved).toMatchObject({ stage: "closed_lost", lost_reason: "Chose a competitor", loss_category: "competitor", closure_notes: "Went with Acme", version: deal.version + 1 });
    expect(moved.audit_log).toHaveLength(deal.audit_log.length);
    const changes = (await activitiesOf(user, deal.id)).filter((a) => a.type === "field_change");
    expect(changes).toHaveLength(1);
    // A move that sends nothing new stays a no-op.
    const same = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "closed_lost", lost_reason: "Chose a competitor" }, { token: user.token });
    expect(((await same.json()) as { deal: Deal }).deal.version).toBe(deal.version + 1);
    // Blanking the reason on the same stage follows the lost rules.
    const blank = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "closed_lost", lost_reason: "" }, { token: user.token });
    expect(blank.status).toBe(422);
  });

  it("refuses __proto__, constructor and prototype as custom field names", async () => {
    const deal = await createDeal(user);
    for (const key of ["__proto__", "constructor", "prototype"]) {
      const raw = `{"custom_fields":{${JSON.stringify(key)}:"x","region":"EMEA"}}`;
      const res = await api.patch(`${DEALS}/${deal.id}`, raw, { token: user.token });
      const p = await refused(res, `custom_fields.${key}`);
      expect(p.errors![0].code).toBe("reserved_key");
    }
    expect((await getDeal(user, deal.id)).custom_fields).toEqual({});
  });
});

describe("values normalized to their documented pattern", () => {
  it("stores a company domain in lower case without a trailing dot, and refuses a URL in its place", async () => {
    const res = await api.post("/api/v1/crm/companies", { name: "Caps KK", domain: "Sakura-Bussan.CO.JP." }, { token: user.token });
    expect(res.status).toBe(201);
    const { company } = (await res.json()) as { company: { id: string; domain: string } };
    expect(company.domain).toBe("sakura-bussan.co.jp");
    const patched = await api.patch(`/api/v1/crm/companies/${company.id}`, { domain: "EXAMPLE.COM" }, { token: user.token });
    expect(((await patched.json()) as { company: { domain: string } }).company.domain).toBe("example.com");
    for (const domain of ["https://example.com", "example.com/path", "exa mple.com", "-example.com", "example..com"]) {
      await refused(await api.patch(`/api/v1/crm/companies/${company.id}`, { domain }, { token: user.token }), "domain");
    }
    const website = await api.patch(`/api/v1/crm/companies/${company.id}`, { website: "HTTPS://Sakura-Bussan.co.jp/About" }, { token: user.token });
    expect(((await website.json()) as { company: { website: string } }).company.website).toBe("https://Sakura-Bussan.co.jp/About");
  });
});
