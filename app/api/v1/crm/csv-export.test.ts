import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { insertDeals } from "@/db/factories";
import { addRep, createDeal, DEALS } from "@/app/api/v1/crm/deals/deals-test-helpers";
import { getDb } from "@/lib/db";
import type { ImportView } from "@/lib/imports/schema";
import { api, signUp, type TestUser } from "@/tests/support/http";

const CSV = { accept: "text/csv" };

async function exportCsv(user: TestUser, path: string): Promise<{ res: Response; text: string; rows: string[][] }> {
  const res = await api.get(path, { token: user.token, headers: CSV });
  expect(res.status, res.status === 200 ? "" : await res.clone().text()).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  // The UTF-8 byte order mark, which a plain decode would hide.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { res, text, rows: Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data };
}

describe("CSV export (Accept: text/csv)", () => {
  it("downloads every matching deal with readable columns, a BOM, RFC 4180 quoting and formulas neutralised", async () => {
    const user = await signUp({ name: "Mika Sato" });
    const company = (await (await api.post("/api/v1/crm/companies", { name: "Northwind, Inc." }, { token: user.token })).json()).company;
    await createDeal(user, { name: 'Phase "2", rollout\nwith notes', amount: 1200000, currency: "JPY", stage: "proposal", company_id: company.id, tags: ["a", "b"] });
    await createDeal(user, { name: "=HYPERLINK(\"http://evil\")", amount: 10.5, currency: "USD" });
    const { res, text, rows } = await exportCsv(user, `${DEALS}?sort=name&order=asc`);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="deals-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('"Phase ""2"", rollout\nwith notes"');
    expect(rows[0]).toEqual(["Deal number", "Name", "Company", "Contact", "Stage", "Pipeline", "Amount", "Currency", "Probability", "Expected close date", "Owner", "Tags", "Deal source", "Deal type", "Lost reason", "Note", "Created at", "Updated at"]);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[4], r[5], r[6], r[7], r[10], r[11]])).toEqual([
      [`'=HYPERLINK("http://evil")`, "", "Lead", "Sales pipeline", "10.5", "USD", "Mika Sato", ""],
      ['Phase "2", rollout\nwith notes', "Northwind, Inc.", "Proposal", "Sales pipeline", "1200000", "JPY", "Mika Sato", "a; b"],
    ]);
  });

  it("follows the list's filters and sort, and a rep who sees only his deals exports only those", async () => {
    const manager = await signUp();
    const rep = await addRep(manager);
    await createDeal(manager, { name: "Manager's lead", stage: "lead" });
    await createDeal(rep, { name: "Rep's lead", stage: "lead" });
    await createDeal(rep, { name: "Rep's proposal", stage: "proposal" });
    const names = async (user: TestUser, query: string) => (await exportCsv(user, `${DEALS}?${query}`)).rows.slice(1).map((r) => r[1]);
    expect(await names(manager, "stage=lead&sort=name&order=desc")).toEqual(["Rep's lead", "Manager's lead"]);
    expect(await names(manager, "search=proposal")).toEqual(["Rep's proposal"]);

    await getDb().insertInto("workspace_settings").values({ tenant_id: manager.tenantId, deal_visibility: "own" }).onConflict((oc) => oc.column("tenant_id").doUpdateSet({ deal_visibility: "own" })).execute();
    expect(await names(rep, "sort=name&order=asc")).toEqual(["Rep's lead", "Rep's proposal"]);
    expect((await names(manager, "sort=name")).length).toBe(3);
  });

  it("streams a large export in chunks, page by page, with every deal once", async () => {
    const user = await signUp();
    for (let start = 0; start < 2_600; start += 400) {
      await insertDeals(getDb(), user.tenantId, Array.from({ length: 400 }, (_, i) => ({ name: `Bulk deal ${String(start + i).padStart(5, "0")}`, created_by: user.userId })).slice(0, 2_600 - start));
    }
    const res = await api.get(`${DEALS}?sort=name&order=asc`, { token: user.token, headers: CSV });
    expect(res.body).toBeInstanceOf(ReadableStream);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let chunks = 0;
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    // The header, then one chunk per page of 500 deals.
    expect(chunks).toBe(1 + Math.ceil(2_600 / 500));
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data.slice(1);
    expect(rows).toHaveLength(2_600);
    expect(new Set(rows.map((r) => r[1])).size).toBe(2_600);
    expect(rows[0][1]).toBe("Bulk deal 00000");
    expect(rows[2_599][1]).toBe("Bulk deal 02599");
  });

  it("exports companies and contacts, answers JSON by default and 406 to an Accept it cannot meet", async () => {
    const user = await signUp();
    const company = (await (await api.post("/api/v1/crm/companies", { name: "山田製作所", industry: "製造" }, { token: user.token })).json()).company;
    await api.post("/api/v1/crm/contacts", { first_name: "太郎", last_name: "山田", email: "taro@yamada.example.jp", company_id: company.id }, { token: user.token });
    const companies = await exportCsv(user, "/api/v1/crm/companies");
    expect(companies.rows).toEqual([
      ["Name", "Domain", "Industry", "Phone", "Website", "Address", "Note", "Deals", "Created at"],
      ["山田製作所", "", "製造", "", "", "", "", "0", company.created_at],
    ]);
    const contacts = await exportCsv(user, "/api/v1/crm/contacts");
    expect(contacts.rows[1].slice(0, 6)).toEqual(["太郎", "山田", "taro@yamada.example.jp", "", "", "山田製作所"]);

    expect((await api.get("/api/v1/crm/companies", { token: user.token })).headers.get("content-type")).toMatch(/application\/json/);
    const both = await api.get("/api/v1/crm/companies", { token: user.token, headers: { accept: "application/json, text/csv;q=0.5" } });
    expect(both.headers.get("content-type")).toMatch(/application\/json/);
    const xml = await api.get(DEALS, { token: user.token, headers: { accept: "application/xml" } });
    expect(xml.status).toBe(406);
    expect((await xml.json()).code).toBe("not_acceptable");
  });

  it("round-trips: an exported list imports into another workspace as the same records", async () => {
    const source = await signUp({ name: "Owner One" });
    const company = (await (await api.post("/api/v1/crm/companies", { name: "Contoso, Ltd." }, { token: source.token })).json()).company;
    await createDeal(source, { name: "Renewal, 2027", amount: 480000, currency: "JPY", stage: "negotiation", company_id: company.id, expected_close_date: "2027-03-31", tags: ["renewal", "q1"], deal_source: "referral", note: "Multi\nline" });
    await createDeal(source, { name: "New logo", amount: 99.5, currency: "USD", stage: "qualification" });
    const exported = await api.get(`${DEALS}?sort=name&order=asc`, { token: source.token, headers: CSV });
    const bytes = new Uint8Array(await exported.arrayBuffer());

    const target = await signUp({ name: "Owner One" });
    const draft = await api.post("/api/v1/imports?entity=deals", bytes, { token: target.token, headers: { "content-type": "text/csv" } });
    expect(draft.status).toBe(201);
    const { import: created } = (await draft.json()) as { import: ImportView };
    expect(created.encoding).toBe("utf-8-bom");
    expect(await api.post(`/api/v1/imports/${created.id}/start`, {}, { token: target.token }).then((r) => r.status)).toBe(202);
    let view = created;
    while (view.status !== "completed" && view.status !== "failed") {
      await new Promise((r) => setTimeout(r, 250));
      view = (await (await api.get(`/api/v1/imports/${created.id}`, { token: target.token })).json()).import;
    }
    expect(view).toMatchObject({ status: "completed", created_rows: 2, failed_rows: 0 });

    const fields = ["name", "company_name", "amount", "currency", "stage", "expected_close_date", "tags", "deal_source", "note", "assigned_member_name"];
    const pick = (items: Array<Record<string, unknown>>) => items.map((d) => Object.fromEntries(fields.map((f) => [f, d[f]])));
    const before = (await (await api.get(`${DEALS}?sort=name&order=asc`, { token: source.token })).json()).items;
    const after = (await (await api.get(`${DEALS}?sort=name&order=asc`, { token: target.token })).json()).items;
    expect(pick(after)).toEqual(pick(before));
  });
});
