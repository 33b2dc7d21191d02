import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { api, request, signUp, type TestUser } from "@/tests/support/http";
import { snapshotDatabase as snapshot } from "@/e2e/robustness/support/snapshot";

/**
 * Text the database cannot store or that no client means to send (NUL, other control
 * characters, lone UTF-16 surrogates, bytes that are not UTF-8, dates outside PostgreSQL's range,
 * numbers beyond its integer columns) is refused at the API's boundary with 400 problem+json that
 * names the field, on every body, query and path parameter, and nothing is written.
 */

let user: TestUser;
const ids = {} as { deal: string; company: string; contact: string };

beforeAll(async () => {
  user = await signUp();
  const post = async (path: string, body: unknown) => {
    const res = await api.post(path, body, { token: user.token });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, { id: string }>;
  };
  ids.company = (await post("/api/v1/crm/companies", { name: "Boundary Co" })).company.id;
  ids.contact = (await post("/api/v1/crm/contacts", { first_name: "Boundary" })).contact.id;
  ids.deal = (await post("/api/v1/crm/deals", { name: "Boundary deal" })).deal.id;
});

interface Problem {
  status: number;
  code: string;
  errors?: Array<{ field: string; code: string; message: string }>;
}

async function expectFieldRefused(res: Response, field: string, code?: string): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(400);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const p = JSON.parse(text) as Problem;
  if (code) expect(p.code, text).toBe(code);
  expect(p.errors?.map((e) => e.field), text).toContain(field);
  return p;
}

const NUL = "a\u0000b";
const LONE_HIGH = "a\ud800b";
const LONE_LOW = "\udc00";

describe("strings a client cannot mean", () => {
  const writes = () => [
    { method: "POST", path: "/api/v1/crm/deals", base: { name: "ok" }, field: "name" },
    { method: "PATCH", path: `/api/v1/crm/deals/${ids.deal}`, base: {}, field: "note" },
    { method: "POST", path: `/api/v1/crm/deals/${ids.deal}/stage`, base: { stage: "closed_lost", loss_category: "no_budget" }, field: "lost_reason" },
    { method: "POST", path: `/api/v1/crm/deals/${ids.deal}/activities`, base: { type: "note" }, field: "content" },
    { method: "POST", path: "/api/v1/crm/companies", base: {}, field: "name" },
    { method: "PATCH", path: `/api/v1/crm/companies/${ids.company}`, base: {}, field: "address" },
    { method: "POST", path: "/api/v1/crm/contacts", base: {}, field: "first_name" },
    { method: "PATCH", path: `/api/v1/crm/contacts/${ids.contact}`, base: {}, field: "title" },
  ];

  it("refuses NUL, lone surrogates and other control characters in any string field, array item, custom field or key", async () => {
    const before = await snapshot(getDb());
    for (const w of writes()) {
      for (const bad of [NUL, LONE_HIGH, LONE_LOW, "x\u0001", "x\u001b[31m", "x\u007f", "x\u0085"]) {
        const res = await request(w.method, w.path, { token: user.token, body: { ...w.base, [w.field]: bad } });
        const p = await expectFieldRefused(res, w.field, "invalid_characters");
        expect(p.errors![0].code).toBe("invalid_characters");
      }
    }
    const deal = `/api/v1/crm/deals/${ids.deal}`;
    await expectFieldRefused(await api.patch(deal, { tags: ["ok", NUL] }, { token: user.token }), "tags.1");
    await expectFieldRefused(await api.patch(deal, { custom_fields: { region: NUL } }, { token: user.token }), "custom_fields.region");
    await expectFieldRefused(await api.patch(deal, { custom_fields: { region: LONE_HIGH } }, { token: user.token }), "custom_fields.region");
    await expectFieldRefused(await api.patch(deal, { custom_fields: { [`re${LONE_LOW}`]: 1 } }, { token: user.token }), `custom_fields.re${LONE_LOW}`);
    await expectFieldRefused(await api.patch(deal, { name: LONE_HIGH }, { token: user.token }), "name");
    await expectFieldRefused(await api.post(`${deal}/stage`, { stage: "proposal", closure_notes: LONE_HIGH }, { token: user.token }), "closure_notes");
    // The JSON escape form arrives as the same string.
    const escaped = await request("PATCH", deal, { token: user.token, body: '{"note":"a\\u0000b"}' });
    await expectFieldRefused(escaped, "note");
    expect(await snapshot(getDb())).toEqual(before);
  });

  it("keeps tabs, newlines and every printable script", async () => {
    const note = "line one\nline two\r\n\ttabbed — 営業 😀 \u2028";
    const res = await api.patch(`/api/v1/crm/deals/${ids.deal}`, { note }, { token: user.token });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { deal: { note: string } }).deal.note).toBe(note.trim());
  });

  it("refuses a body that is not UTF-8", async () => {
    const before = await snapshot(getDb());
    for (const bytes of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]);
      const req = new Request("http://localhost:3000/api/v1/crm/deals", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
        body,
      });
      const { POST } = await import("./deals/route");
      const res = await POST(req, { params: Promise.resolve({}) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).code).toBe("invalid_encoding");
    }
    expect(await snapshot(getDb())).toEqual(before);
  });

  it("refuses a body declared in a charset other than UTF-8 with 415, and accepts UTF-8 spelled either way", async () => {
    const deal = `/api/v1/crm/deals/${ids.deal}`;
    for (const type of ["application/json; charset=iso-8859-1", "application/json; charset=utf-16", 'application/json;charset="windows-1252"']) {
      const res = await api.patch(deal, { note: "x" }, { token: user.token, headers: { "content-type": type } });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as Problem).code).toBe("unsupported_media_type");
    }
    for (const type of ["application/json; charset=utf-8", "application/json; charset=UTF-8", 'application/json; charset="utf8"']) {
      expect((await api.patch(deal, { note: "y" }, { token: user.token, headers: { "content-type": type } })).status, type).toBe(200);
    }
  });

  it("refuses NUL, control characters and bytes that are not UTF-8 in query parameters, names and values", async () => {
    for (const [path, field] of [
      ["/api/v1/crm/deals?search=%00", "query.search"],
      ["/api/v1/crm/deals?search=a%01b", "query.search"],
      ["/api/v1/crm/deals?search=%FF", "query.search"],
      ["/api/v1/crm/deals?search=%ED%A0%80", "query.search"],
      ["/api/v1/crm/deals?tag=%C0%AF", "query.tag"],
      ["/api/v1/crm/companies?search=%00", "query.search"],
      ["/api/v1/crm/contacts?search=x%00", "query.search"],
      ["/api/v1/crm/board?search=%00", "query.search"],
      [`/api/v1/crm/deals/${ids.deal}/activities?page=%00`, "query.page"],
      ["/api/v1/crm/deals?se%00arch=x", "query.se\u0000arch"],
    ] as const) {
      await expectFieldRefused(await api.get(path, { token: user.token }), field);
    }
  });

  it("treats prototype names in the query as parameters: refused, never inherited", async () => {
    await expectFieldRefused(await api.get("/api/v1/crm/deals?__proto__=x", { token: user.token }), "query.__proto__", "reserved_key");
    const ctor = await api.get("/api/v1/crm/deals?constructor=x", { token: user.token });
    const p = await expectFieldRefused(ctor, "query.constructor");
    expect(p.code).toBe("unknown_field");
    expect((await api.get("/api/v1/crm/deals?toString=1", { token: user.token })).status).toBe(400);
  });

  it("refuses a query parameter given twice where one value is expected", async () => {
    const res = await api.get("/api/v1/crm/deals?limit=1&limit=2", { token: user.token });
    const p = await expectFieldRefused(res, "query.limit");
    expect(p.errors![0].code).toBe("duplicate_parameter");
    await expectFieldRefused(await api.get("/api/v1/crm/companies?sort=name&sort=created_at", { token: user.token }), "query.sort");
    // A list parameter may repeat.
    expect((await api.get("/api/v1/crm/deals?stage=lead&stage=proposal", { token: user.token })).status).toBe(200);
  });

  it("refuses NUL and control characters in path ids with 400, not a database error", async () => {
    for (const path of [`/api/v1/crm/deals/deal_%00`, `/api/v1/crm/companies/comp_%00`, `/api/v1/crm/contacts/%01`, `/api/v1/crm/deals/%00/stage`]) {
      const method = path.endsWith("/stage") ? "POST" : "GET";
      const res = await request(method, path, { token: user.token, body: method === "POST" ? { stage: "lead" } : undefined });
      await expectFieldRefused(res, "params.id");
    }
  });
});

describe("values outside PostgreSQL's range", () => {
  it("refuses activity times outside years 1900–2999", async () => {
    const path = `/api/v1/crm/deals/${ids.deal}/activities`;
    const before = await snapshot(getDb());
    for (const occurred_at of ["0000-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "+010000-01-01T00:00:00Z", "294277-01-01T00:00:00Z"]) {
      await expectFieldRefused(await api.post(path, { type: "call", content: "x", occurred_at }, { token: user.token }), "occurred_at");
    }
    expect(await snapshot(getDb())).toEqual(before);
    expect((await api.post(path, { type: "call", content: "x", occurred_at: "1900-01-01T00:00:00+09:00" }, { token: user.token })).status).toBe(201);
  });

  it("refuses versions beyond a 32-bit integer in the body and in If-Match", async () => {
    const deal = `/api/v1/crm/deals/${ids.deal}`;
    for (const version of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      await expectFieldRefused(await api.patch(deal, { name: "x", version }, { token: user.token }), "version");
      await expectFieldRefused(await api.post(`${deal}/stage`, { stage: "proposal", version }, { token: user.token }), "version");
      await expectFieldRefused(await api.patch(`/api/v1/crm/companies/${ids.company}`, { name: "x", version }, { token: user.token }), "version");
    }
    await expectFieldRefused(await api.patch(deal, { name: "x" }, { token: user.token, headers: { "if-match": '"9999999999"' } }), "headers.if-match");
  });
});
