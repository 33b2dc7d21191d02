import { beforeAll, describe, expect, it } from "vitest";
import { api, signUp, type TestUser } from "@/tests/support/http";

/**
 * Conditional requests (RFC 9110 §13) on the records with ETags, and `Location` on creates.
 */

let user: TestUser;
const paths = {} as { deal: string; company: string; contact: string };

beforeAll(async () => {
  user = await signUp();
  const post = async (path: string, body: unknown, key: string) => {
    const res = await api.post(path, body, { token: user.token });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return `${path}/${((await res.json()) as Record<string, { id: string }>)[key].id}`;
  };
  paths.deal = await post("/api/v1/crm/deals", { name: "Conditional deal" }, "deal");
  paths.company = await post("/api/v1/crm/companies", { name: "Conditional Co" }, "company");
  paths.contact = await post("/api/v1/crm/contacts", { first_name: "Conditional" }, "contact");
});

const records = () =>
  [
    ["deal", paths.deal, { name: "Renamed deal" }],
    ["company", paths.company, { name: "Renamed Co" }],
    ["contact", paths.contact, { first_name: "Renamed" }],
  ] as const;

describe("If-None-Match on GET", () => {
  it("answers 304 with the ETag and no body when a validator matches (weak comparison), 200 otherwise", async () => {
    for (const [kind, path] of records()) {
      const first = await api.get(path, { token: user.token });
      expect(first.status, kind).toBe(200);
      const tag = first.headers.get("etag")!;
      expect(tag, kind).toMatch(/^"\d+"$/);
      for (const header of [tag, `W/${tag}`, `"999", ${tag}`, "*", ` ${tag} `]) {
        const res = await api.get(path, { token: user.token, headers: { "if-none-match": header } });
        expect(res.status, `${kind} ${header}`).toBe(304);
        expect(res.headers.get("etag"), kind).toBe(tag);
        expect(await res.text(), kind).toBe("");
      }
      const other = await api.get(path, { token: user.token, headers: { "if-none-match": '"999", W/"998"' } });
      expect(other.status, kind).toBe(200);
      expect((await other.json()) as object, kind).toHaveProperty(kind);
    }
  });

  it("refuses a malformed If-None-Match with 400 naming the header", async () => {
    for (const [kind, path] of records()) {
      for (const header of ["3", "W/3", '"3', "abc", `"${"9".repeat(300)}"`, '"1",,x']) {
        const res = await api.get(path, { token: user.token, headers: { "if-none-match": header } });
        expect(res.status, `${kind} ${header}`).toBe(400);
        const body = (await res.json()) as { code: string; errors: Array<{ field: string }> };
        expect(body.code).toBe("invalid_if_none_match");
        expect(body.errors[0].field).toBe("headers.if-none-match");
      }
    }
  });

  it("still checks credentials and tenancy first", async () => {
    const other = await signUp();
    const res = await api.get(paths.deal, { token: other.token, headers: { "if-none-match": "*" } });
    expect(res.status).toBe(404);
    expect((await api.get(paths.deal, { headers: { "if-none-match": "*" } })).status).toBe(401);
  });
});

describe("If-Match on writes uses strong comparison", () => {
  it("refuses a weak validator with 412 and an unquoted one with 400, and writes nothing", async () => {
    for (const [kind, path, body] of records()) {
      const before = await api.get(path, { token: user.token });
      const tag = before.headers.get("etag")!;
      const weak = await api.patch(path, body, { token: user.token, headers: { "if-match": `W/${tag}` } });
      expect(weak.status, kind).toBe(412);
      const weakBody = (await weak.json()) as { code: string; errors: Array<{ field: string }> };
      expect(weakBody.code).toBe("precondition_failed");
      expect(weakBody.errors[0].field).toBe("headers.if-match");
      const unquoted = await api.patch(path, body, { token: user.token, headers: { "if-match": tag.replace(/"/g, "") } });
      expect(unquoted.status, kind).toBe(400);
      expect(((await unquoted.json()) as { code: string }).code).toBe("invalid_if_match");
      const after = await api.get(path, { token: user.token });
      expect(after.headers.get("etag"), kind).toBe(tag);
      const strong = await api.patch(path, body, { token: user.token, headers: { "if-match": tag } });
      expect(strong.status, kind).toBe(200);
    }
    const move = await api.post(`${paths.deal}/stage`, { stage: "proposal" }, { token: user.token, headers: { "if-match": 'W/"2"' } });
    expect(move.status).toBe(412);
    const del = await api.delete(paths.deal, { token: user.token, headers: { "if-match": "2" } });
    expect(del.status).toBe(400);
  });
});

describe("If-Match on deletes", () => {
  it("guards deleting a company or contact like a change: stale 409, weak 412, current deletes", async () => {
    for (const [path, body, key] of [
      ["/api/v1/crm/companies", { name: "Doomed Co" }, "company"],
      ["/api/v1/crm/contacts", { first_name: "Doomed" }, "contact"],
    ] as const) {
      const created = await api.post(path, body, { token: user.token });
      const record = `${path}/${((await created.json()) as Record<string, { id: string }>)[key].id}`;
      const stale = await api.delete(record, { token: user.token, headers: { "if-match": '"7"' } });
      expect(stale.status, record).toBe(409);
      expect(((await stale.json()) as { code: string }).code).toBe("version_conflict");
      expect((await api.delete(record, { token: user.token, headers: { "if-match": 'W/"1"' } })).status).toBe(412);
      expect((await api.get(record, { token: user.token })).status).toBe(200);
      expect((await api.delete(record, { token: user.token, headers: { "if-match": '"1"' } })).status).toBe(200);
      expect((await api.get(record, { token: user.token })).status).toBe(404);
    }
  });
});

describe("creates answer 201 with Location", () => {
  it("POST activities answers 201 with the new activity's Location, which can be read", async () => {
    const res = await api.post(`${paths.deal}/activities`, { type: "note", content: "Left a message" }, { token: user.token });
    expect(res.status).toBe(201);
    const { activity } = (await res.json()) as { activity: { id: string; content: string } };
    const location = res.headers.get("location");
    expect(location).toBe(`${paths.deal}/activities/${activity.id}`);
    const read = await api.get(location!, { token: user.token });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { activity: { id: string; content: string } }).activity).toMatchObject({ id: activity.id, content: "Left a message" });
    const other = await signUp();
    expect((await api.get(location!, { token: other.token })).status).toBe(404);
    expect((await api.get(`${paths.deal}/activities/act_01J0000000000000000000000A`, { token: user.token })).status).toBe(404);
  });
});
