import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb, getDbHandle } from "@/lib/db";
import { type Deal, dealCreateSchema } from "./schema";
import { createDeal } from "./service";
import { api, signUp, type TestUser } from "@/tests/support/http";

/**
 * A deal's company and contact names and its wire JSON are kept on the row by triggers (migration
 * `2026-11-22T1000-deal-read-model`); the owner's name is looked up on every read and put into
 * that JSON. None of it may say something the records it comes from do not: after every kind of
 * write, and after a company, contact or user is renamed.
 */

/** The names as the referenced records say them now, next to what each deal has stored. */
async function storedAndLive(tenantId: string) {
  return sql<{
    id: string;
    company_name: string | null;
    live_company_name: string | null;
    contact_name: string | null;
    live_contact_name: string | null;
  }>`select d.id, d.company_name, co.name as live_company_name, d.contact_name,
        person_name(ct.first_name, ct.last_name) as live_contact_name
      from deals d
      left join companies co on co.id = d.company_id and co.tenant_id = d.tenant_id
      left join contacts ct on ct.id = d.contact_id and ct.tenant_id = d.tenant_id
      where d.tenant_id = ${tenantId} order by d.id`
    .execute(getDb())
    .then((r) => r.rows);
}

/** Every deal of the tenant: stored names equal the live ones, and the list's JSON equals GET's answer. */
async function expectInStep(user: TestUser) {
  const rows = await storedAndLive(user.tenantId);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect({ id: row.id, company: row.company_name, contact: row.contact_name }).toEqual({
      id: row.id,
      company: row.live_company_name,
      contact: row.live_contact_name,
    });
  }
  const list = (await (await api.get("/api/v1/crm/deals?limit=200", { token: user.token })).json()) as { items: Deal[] };
  expect(list.items).toHaveLength(rows.length);
  for (const item of list.items) {
    const got = (await (await api.get(`/api/v1/crm/deals/${item.id}`, { token: user.token })).json()) as { deal: Deal };
    expect(item).toStrictEqual(got.deal);
    expect(Object.keys(item)).toEqual(Object.keys(got.deal));
  }
  return new Map(list.items.map((d) => [d.id, d]));
}

describe("the deal's stored names and JSON", () => {
  it("follow every write of the deal and every rename of its company, contact or owner", async () => {
    const user = await signUp({ name: "Reader Kato" });
    const other = await signUp({ name: "Other Tenant" });
    const auth = { token: user.token };
    const post = async <T>(url: string, body: unknown, token = user.token) => (await (await api.post(url, body, { token })).json()) as T;
    const { company: alpha } = await post<{ company: { id: string } }>("/api/v1/crm/companies", { name: "Alpha KK" });
    const { company: beta } = await post<{ company: { id: string } }>("/api/v1/crm/companies", { name: "Beta GmbH" });
    const { contact: hanako } = await post<{ contact: { id: string } }>("/api/v1/crm/contacts", { first_name: "花子", last_name: "鈴木" });
    const { contact: emily } = await post<{ contact: { id: string } }>("/api/v1/crm/contacts", { first_name: "Emily", last_name: "Carter" });
    const newDeal = async (body: Record<string, unknown>, token = user.token) => (await post<{ deal: Deal }>("/api/v1/crm/deals", body, token)).deal;

    const full = await newDeal({ name: "Full", company_id: alpha.id, contact_id: hanako.id, amount: 1000 });
    const sameCompany = await newDeal({ name: "Same company", company_id: alpha.id, contact_id: emily.id, assigned_member_id: null });
    const bare = await newDeal({ name: "Bare", assigned_member_id: null });
    // The create's own answer carries the names the trigger looked up.
    expect(full).toMatchObject({ company_name: "Alpha KK", contact_name: "鈴木 花子", assigned_member_name: "Reader Kato" });
    expect(bare).toMatchObject({ company_name: null, contact_name: null, assigned_member_name: null });
    // Another tenant's deal, with a company of the same name: no rename in this tenant touches it.
    const { company: foreignAlpha } = await post<{ company: { id: string } }>("/api/v1/crm/companies", { name: "Alpha KK" }, other.token);
    const foreign = await newDeal({ name: "Foreign", company_id: foreignAlpha.id }, other.token);
    const foreignJson = async () =>
      (await sql<{ wire: string }>`select wire_head || wire_tail as wire from deals where id = ${foreign.id}`.execute(getDb())).rows[0].wire;
    const foreignBefore = await foreignJson();
    await expectInStep(user);

    // References changed by PATCH: new names looked up, dropped ones cleared.
    const patched = await api.patch(`/api/v1/crm/deals/${full.id}`, { company_id: beta.id, contact_id: null }, auth);
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { deal: Deal }).deal).toMatchObject({ company_name: "Beta GmbH", contact_name: null });
    const assigned = await api.patch(`/api/v1/crm/deals/${bare.id}`, { company_id: alpha.id, contact_id: emily.id, assigned_member_id: user.userId }, auth);
    expect(((await assigned.json()) as { deal: Deal }).deal).toMatchObject({
      company_name: "Alpha KK",
      contact_name: "Emily Carter",
      assigned_member_name: "Reader Kato",
    });
    // Other writes keep the names: an edit and a stage move.
    await api.patch(`/api/v1/crm/deals/${sameCompany.id}`, { amount: 2500, tags: ["x"] }, auth);
    await api.post(`/api/v1/crm/deals/${sameCompany.id}/stage`, { stage: "proposal" }, auth);
    let deals = await expectInStep(user);
    expect(deals.get(sameCompany.id)).toMatchObject({ stage: "proposal", amount: 2500, company_name: "Alpha KK", contact_name: "Emily Carter" });

    // Renames reach every deal that shows the name, and only the name changes.
    const versions = new Map([...deals.values()].map((d) => [d.id, d.version]));
    expect((await api.patch(`/api/v1/crm/companies/${alpha.id}`, { name: "Alpha Holdings" }, auth)).status).toBe(200);
    expect((await api.patch(`/api/v1/crm/contacts/${emily.id}`, { last_name: "Carter-Jones" }, auth)).status).toBe(200);
    expect((await api.patch(`/api/v1/crm/contacts/${hanako.id}`, { first_name: "花" }, auth)).status).toBe(200);
    // The owner's name is not stored: it shows at once, and no deal row is rewritten for it.
    const rowVersions = async () =>
      (await sql<{ id: string; xmin: string }>`select id, xmin::text as xmin from deals where tenant_id = ${user.tenantId} order by id`.execute(getDb())).rows;
    const beforeOwnerRename = await rowVersions();
    const renamed = await api.post("/api/auth/update-user", { name: "Reader Katō" }, auth);
    expect(renamed.status).toBe(200);
    expect(await rowVersions()).toEqual(beforeOwnerRename);
    deals = await expectInStep(user);
    expect(deals.get(sameCompany.id)).toMatchObject({ company_name: "Alpha Holdings", contact_name: "Emily Carter-Jones", assigned_member_name: null });
    expect(deals.get(bare.id)).toMatchObject({ company_name: "Alpha Holdings", contact_name: "Emily Carter-Jones", assigned_member_name: "Reader Katō" });
    expect(deals.get(full.id)).toMatchObject({ company_name: "Beta GmbH", contact_name: null, assigned_member_name: "Reader Katō" });
    for (const deal of deals.values()) expect(deal.version).toBe(versions.get(deal.id));
    // Hanako is no deal's primary contact any more: her rename shows nowhere.
    expect([...deals.values()].some((d) => d.contact_name?.includes("花"))).toBe(false);
    expect(await foreignJson()).toBe(foreignBefore);

    // The board and the manager report read the same stored names.
    const board = (await (await api.get("/api/v1/crm/board", auth)).json()) as { columns: { items: { id: string; company_name: string | null }[] }[] };
    const card = board.columns.flatMap((c) => c.items).find((c) => c.id === bare.id);
    expect(card?.company_name).toBe("Alpha Holdings");
  });

  // Two connections at once: PGlite has one. CI runs this on PostgreSQL.
  describe.skipIf(!process.env.DATABASE_URL)("a rename racing a write that looks the name up", () => {
    /** Resolves once some backend of this database waits for a lock (the racing write is blocked). */
    async function someoneWaitsForALock() {
      for (let i = 0; i < 200; i++) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(getDb());
        if (rows[0].n > 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error("nothing waited for a lock");
    }

    it("a create waits for an uncommitted rename of its company, then stores the new name", async () => {
      const user = await signUp({ name: "Racer One" });
      const { company } = (await (await api.post("/api/v1/crm/companies", { name: "Old Name" }, { token: user.token })).json()) as { company: { id: string } };
      const renamer = await getDbHandle().pool!.connect();
      try {
        await renamer.query("begin");
        await renamer.query("update companies set name = 'New Name' where id = $1", [company.id]);
        const caller = { tenantId: user.tenantId, userId: user.userId, isManager: true, dealVisibility: "all" as const };
        const creating = createDeal(getDb(), caller, dealCreateSchema.parse({ name: "Racing create", company_id: company.id }));
        await someoneWaitsForALock();
        await renamer.query("commit");
        const deal = await creating;
        expect(deal.company_name).toBe("New Name");
      } finally {
        renamer.release();
      }
      await expectInStep(user);
    });

    it("a rename waits for an uncommitted write that took the company on, then renames that deal too", async () => {
      const user = await signUp({ name: "Racer Two" });
      const auth = { token: user.token };
      const { company } = (await (await api.post("/api/v1/crm/companies", { name: "Before" }, auth)).json()) as { company: { id: string } };
      const { deal } = (await (await api.post("/api/v1/crm/deals", { name: "Takes the company on" }, auth)).json()) as { deal: Deal };
      const writer = await getDbHandle().pool!.connect();
      try {
        await writer.query("begin");
        const { rows } = await writer.query("update deals set company_id = $1 where id = $2 returning company_name", [company.id, deal.id]);
        expect(rows[0].company_name).toBe("Before");
        // A plain UPDATE, as better-auth renames a user (the companies API also locks the row FOR UPDATE first).
        const renaming = sql`update companies set name = 'After' where id = ${company.id}`.execute(getDb());
        await someoneWaitsForALock();
        await writer.query("commit");
        await renaming;
      } finally {
        writer.release();
      }
      const deals = await expectInStep(user);
      expect(deals.get(deal.id)?.company_name).toBe("After");
    });
  });
});
