import { readFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { addRep, DEALS } from "@/app/api/v1/crm/deals/deals-test-helpers";
import type { ImportView } from "@/lib/imports/schema";
import { api, signUp, type TestUser } from "@/tests/support/http";

const FIXTURES = path.join(process.cwd(), "tests/fixtures/csv");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

async function upload(user: TestUser, entity: string, body: Uint8Array | string, fileName = "file.csv") {
  const res = await api.post(`/api/v1/imports?entity=${entity}&file_name=${encodeURIComponent(fileName)}`, body, {
    token: user.token,
    headers: { "content-type": "text/csv" },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { import: ImportView; preview: { rows: { line: number; values: Record<string, string>; errors: { field: string; message: string }[] }[]; missing_fields: string[] } };
}

/** Starts a draft and waits for the in-process runner to finish it, reading progress as the UI does. */
async function run(user: TestUser, id: string, options: Record<string, unknown> = {}): Promise<ImportView> {
  const started = await api.post(`/api/v1/imports/${id}/start`, options, { token: user.token });
  expect(started.status, await started.clone().text()).toBe(202);
  // Polled as the import page does (a little faster): every request also resolves the session.
  for (let i = 0; i < 2400; i++) {
    const view = ((await (await api.get(`/api/v1/imports/${id}`, { token: user.token })).json()) as { import: ImportView }).import;
    if (view.status === "completed" || view.status === "failed") return view;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("import did not finish");
}

async function allDeals(user: TestUser, query = "") {
  const res = await api.get(`${DEALS}?limit=200${query}`, { token: user.token });
  return (await res.json()).items as Array<Record<string, unknown>>;
}

describe("CSV import", () => {
  it("reads a Shift-JIS file from Japanese Excel, auto-maps Japanese headers, and imports with companies and contacts created", async () => {
    const user = await signUp();
    const draft = await upload(user, "deals", fixture("deals-shift-jis.csv"), "案件.csv");
    expect(draft.import).toMatchObject({ status: "draft", encoding: "shift_jis", entity: "deals", total_rows: 2, file_name: "案件.csv" });
    expect(draft.import.headers).toEqual(["案件名", "会社名", "担当者", "金額", "通貨", "ステージ", "完了予定日", "メモ"]);
    expect(draft.import.mapping).toEqual(["name", "company", "contact", "amount", "currency", "stage", "expected_close_date", "note"]);
    expect(draft.preview.rows.map((r) => r.errors)).toEqual([[], []]);
    expect(draft.preview.rows[0]).toMatchObject({ line: 2, values: { name: "基幹システム刷新", amount: "1,200,000" } });

    const done = await run(user, draft.import.id);
    expect(done).toMatchObject({ status: "completed", created_rows: 2, failed_rows: 0, processed_rows: 2, errors: [] });
    const deals = await allDeals(user, "&sort=name&order=asc");
    expect(deals.map((d) => [d.name, d.company_name, d.contact_name, d.amount, d.stage, d.expected_close_date, d.source, d.source_type])).toEqual([
      ["基幹システム刷新", "株式会社さくら物産", "鈴木 花子", 1200000, "proposal", "2027-01-15", "import", "api"],
      ["物流倉庫の自動化", "東和ロジスティクス株式会社", "田中 一郎", 3500000, "negotiation", "2027-02-28", "import", "api"],
    ]);
    expect(deals[0].note).toBe("初回訪問済み、見積依頼あり");
    const contacts = (await (await api.get("/api/v1/crm/contacts", { token: user.token })).json()).items;
    expect(contacts.map((c: { last_name: string; first_name: string; company_name: string }) => [c.last_name, c.first_name, c.company_name]).sort()).toEqual([
      ["田中", "一郎", "東和ロジスティクス株式会社"],
      ["鈴木", "花子", "株式会社さくら物産"],
    ]);
  });

  it("reads UTF-8 with a BOM, quoted fields with commas, quotes and line breaks, and reports bad rows with their lines while importing the rest", async () => {
    const user = await signUp();
    const draft = await upload(user, "deals", fixture("deals-utf8-quoted.csv"));
    expect(draft.import.encoding).toBe("utf-8-bom");
    expect(draft.import.headers[0]).toBe("Name");
    // The first record spans lines 2 and 3, so the next ones start on lines 4, 5 and 6.
    expect(draft.preview.rows.map((r) => r.line)).toEqual([2, 4, 5, 6]);
    expect(draft.preview.rows[1].errors).toEqual([{ field: "amount", message: "Must be a number." }]);
    expect(draft.preview.rows[2].errors.map((e) => e.field)).toEqual(["name"]);
    expect(draft.preview.rows[3].errors.map((e) => e.field)).toEqual(["stage"]);

    const done = await run(user, draft.import.id);
    expect(done).toMatchObject({ status: "completed", created_rows: 1, failed_rows: 3 });
    expect(done.errors.map((e) => [e.line, e.field])).toEqual([[4, "amount"], [5, "name"], [6, "stage"]]);
    const deals = await allDeals(user);
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ name: "Website, phase 2", company_name: "Northwind, Inc.", amount: 12500, currency: "USD", note: 'Line one\nLine two, with a comma and "quotes"' });
    // A failed row wrote nothing: the companies of the three failed rows were not created.
    const companies = (await (await api.get("/api/v1/crm/companies", { token: user.token })).json()).items;
    expect(companies.map((c: { name: string }) => c.name)).toEqual(["Northwind, Inc."]);

    const errorsCsv = await api.get(`/api/v1/imports/${done.id}/errors`, { token: user.token });
    expect(errorsCsv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await errorsCsv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<string[]>(new TextDecoder().decode(bytes.subarray(3)).trim()).data;
    expect(parsed[0]).toEqual(["line", "field", "reason"]);
    expect(parsed.slice(1).map((r) => r[0])).toEqual(["4", "5", "6"]);
  });

  it("fails rows naming missing companies when creating them is off, and lets the mapping be changed", async () => {
    const user = await signUp();
    const draft = await upload(user, "deals", "Title,Org,Price\nA deal,Nowhere KK,100\n");
    expect(draft.import.mapping).toEqual(["name", "company", null]);
    const patched = await api.patch(`/api/v1/imports/${draft.import.id}`, { mapping: ["name", "company", "amount"], create_missing: false }, { token: user.token });
    expect(patched.status).toBe(200);
    const preview = await patched.json();
    expect(preview.import.mapping).toEqual(["name", "company", "amount"]);
    expect(preview.preview.rows[0].errors).toEqual([{ field: "company", message: 'No company named "Nowhere KK" in this workspace.' }]);
    const bad = await api.patch(`/api/v1/imports/${draft.import.id}`, { mapping: ["name", "name", "amount"] }, { token: user.token });
    expect(bad.status).toBe(400);
    const done = await run(user, draft.import.id);
    expect(done).toMatchObject({ created_rows: 0, failed_rows: 1 });
    expect((await api.post(`/api/v1/imports/${draft.import.id}/start`, {}, { token: user.token })).status).toBe(409);
  });

  it("refuses what it cannot read, a mapping without the required field, and other workspaces' imports", async () => {
    const user = await signUp();
    const empty = await api.post("/api/v1/imports?entity=deals", "", { token: user.token, headers: { "content-type": "text/csv" } });
    expect(empty.status).toBe(400);
    expect((await empty.json()).code).toBe("csv_unreadable");
    const headerOnly = await api.post("/api/v1/imports?entity=deals", "Name,Amount\n", { token: user.token, headers: { "content-type": "text/csv" } });
    expect((await headerOnly.json()).code).toBe("csv_unreadable");
    const json = await api.post("/api/v1/imports?entity=deals", { name: "x" }, { token: user.token });
    expect(json.status).toBe(415);
    const noEntity = await api.post("/api/v1/imports", "Name\nx\n", { token: user.token, headers: { "content-type": "text/csv" } });
    expect(noEntity.status).toBe(400);

    const draft = await upload(user, "companies", "Something,Else\na,b\n");
    expect(draft.preview.missing_fields).toEqual(["name"]);
    const start = await api.post(`/api/v1/imports/${draft.import.id}/start`, {}, { token: user.token });
    expect(start.status).toBe(422);
    expect((await start.json()).code).toBe("import_mapping_incomplete");

    const stranger = await signUp();
    expect((await api.get(`/api/v1/imports/${draft.import.id}`, { token: stranger.token })).status).toBe(404);
    expect((await api.post(`/api/v1/imports/${draft.import.id}/start`, {}, { token: stranger.token })).status).toBe(404);
    // A malformed id is refused as such, naming the parameter.
    const malformed = await api.get("/api/v1/imports/imp_nope", { token: user.token });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors[0].field).toBe("params.id");
  });

  it("imports companies and contacts, matching a contact's company by name", async () => {
    const user = await signUp();
    const companies = await upload(user, "companies", "会社名,業種,ウェブサイト\n株式会社さくら物産,商社,https://sakura.example.jp\nBad Site KK,Trading,not a url\n");
    expect(companies.import.mapping).toEqual(["name", "industry", "website"]);
    const c = await run(user, companies.import.id);
    expect(c).toMatchObject({ created_rows: 1, failed_rows: 1 });
    expect(c.errors).toEqual([{ line: 3, field: "website", message: "Use a full http(s) address." }]);

    const contacts = await upload(user, "contacts", "氏名,メールアドレス,会社名\n鈴木 花子,hanako@sakura.example.jp,株式会社さくら物産\nJane Doe,not-an-email,\n", "people.csv");
    expect(contacts.import.mapping).toEqual(["full_name", "email", "company"]);
    const p = await run(user, contacts.import.id);
    expect(p).toMatchObject({ created_rows: 1, failed_rows: 1 });
    expect(p.errors[0]).toMatchObject({ line: 3, field: "email" });
    const list = (await (await api.get("/api/v1/crm/contacts", { token: user.token })).json()).items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ first_name: "花子", last_name: "鈴木", email: "hanako@sakura.example.jp", company_name: "株式会社さくら物産" });
    const companyList = (await (await api.get("/api/v1/crm/companies", { token: user.token })).json()).items;
    expect(companyList).toHaveLength(1);
  });

  it("undoes an import as a whole: its deals and the companies it created go to the trash, once", async () => {
    const manager = await signUp();
    const rep = await addRep(manager);
    const draft = await upload(rep, "deals", "Name,Company\nOne,Alpha KK\nTwo,Alpha KK\nThree,Beta KK\n");
    const done = await run(rep, draft.import.id);
    expect(done.created_rows).toBe(3);
    expect(done.undoable_until).not.toBeNull();
    expect((await allDeals(manager)).length).toBe(3);

    // Another rep cannot see (or undo) it; the manager can.
    const other = await addRep(manager, "Other rep");
    expect((await api.post(`/api/v1/imports/${done.id}/undo`, undefined, { token: other.token })).status).toBe(404);
    const undo = await api.post(`/api/v1/imports/${done.id}/undo`, undefined, { token: manager.token });
    expect(undo.status, await undo.clone().text()).toBe(200);
    expect((await undo.json()).import).toMatchObject({ status: "undone", undoable_until: null });
    expect(await allDeals(manager)).toEqual([]);
    expect((await allDeals(manager, "&deleted=true")).length).toBe(3);
    expect((await (await api.get("/api/v1/crm/companies", { token: manager.token })).json()).items).toEqual([]);
    const board = await (await api.get(`${DEALS}?limit=1`, { token: manager.token })).json();
    expect(board.total).toBe(0);
    const again = await api.post(`/api/v1/imports/${done.id}/undo`, undefined, { token: manager.token });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe("import_not_undoable");
  });

  it("imports 10,000 rows correctly (the time is printed)", async () => {
    const user = await signUp();
    const lines = ["Name,Company,Amount,Currency,Stage"];
    for (let i = 1; i <= 10_000; i++) lines.push(`Deal ${i},Company ${i % 50},${i * 1000},JPY,${i % 1000 === 0 ? "Nowhere" : "Lead"}`);
    const draft = await upload(user, "deals", iconv.encode(lines.join("\r\n"), "utf8"));
    const startedAt = performance.now();
    const done = await run(user, draft.import.id);
    const seconds = (performance.now() - startedAt) / 1000;
    console.log(`imported 10,000 deal rows in ${seconds.toFixed(1)} s (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`);
    expect(done).toMatchObject({ status: "completed", processed_rows: 10_000, created_rows: 9_990, failed_rows: 10 });
    expect(done.errors.map((e) => e.line)).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 1000 + 1));
    const page = await (await api.get(`${DEALS}?limit=1`, { token: user.token })).json();
    expect(page.total).toBe(9_990);
    const companies = await (await api.get("/api/v1/crm/companies?limit=1", { token: user.token })).json();
    expect(companies.total).toBe(50);
  }, 600_000);
});
