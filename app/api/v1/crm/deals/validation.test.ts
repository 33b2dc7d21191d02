import { beforeAll, describe, expect, it } from "vitest";
import type { Problem } from "@/lib/api/problem";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { createDeal, DEALS, dealCount, insertCompany, insertContact, snapshot } from "./deals-test-helpers";

let user: TestUser;

beforeAll(async () => {
  user = await signUp();
});

async function problemOf(res: Response): Promise<Problem> {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as Problem;
}

/** Field-level cases shared by create and PATCH: [body, field, code]. */
const BAD_FIELDS: Array<[Record<string, unknown>, string, string]> = [
  [{ name: "" }, "name", "too_small"],
  [{ name: "   " }, "name", "too_small"],
  [{ name: "x".repeat(201) }, "name", "too_big"],
  [{ name: 42 }, "name", "invalid_type"],
  [{ amount: -1 }, "amount", "too_small"],
  [{ amount: "100" }, "amount", "invalid_type"],
  [{ amount: 1.234 }, "amount", "invalid"],
  [{ amount: 1e20 }, "amount", "too_big"],
  [{ currency: "yen" }, "currency", "invalid_format"],
  [{ currency: "XYZ" }, "currency", "invalid"],
  [{ stage: "Won!" }, "stage", "invalid_format"],
  [{ pipeline_id: "enterprise" }, "pipeline_id", "invalid_format"],
  [{ probability: 101 }, "probability", "too_big"],
  [{ probability: -1 }, "probability", "too_small"],
  [{ probability: 12.5 }, "probability", "invalid_type"],
  [{ expected_close_date: "2026-02-30" }, "expected_close_date", "invalid"],
  [{ expected_close_date: "31/12/2026" }, "expected_close_date", "invalid_format"],
  [{ next_followup_date: "2026-13-01" }, "next_followup_date", "invalid"],
  [{ company_id: "acme" }, "company_id", "invalid_format"],
  [{ contact_ids: ["cont_bad"] }, "contact_ids.0", "invalid_format"],
  [{ assigned_member_id: "someone" }, "assigned_member_id", "invalid_format"],
  [{ loss_category: "bad_luck" }, "loss_category", "invalid_value"],
  [{ forecast_category: "maybe" }, "forecast_category", "invalid_value"],
  [{ note: "x".repeat(10001) }, "note", "too_big"],
  [{ tags: ["x".repeat(51)] }, "tags.0", "too_big"],
  [{ tags: "vip" }, "tags", "invalid_type"],
  [{ custom_fields: { "bad/key": 1 } }, "custom_fields.bad/key", "invalid_format"],
  [{ custom_fields: { big: "x".repeat(2001) } }, "custom_fields.big", "too_big"],
  [{ custom_fields: { nested: { a: 1 } } }, "custom_fields.nested", "invalid"],
  [{ source_type: "mobile" }, "source_type", "invalid_value"],
];

describe("create validation", () => {
  it("requires a name", async () => {
    const before = await dealCount(user.tenantId);
    const res = await api.post(DEALS, { amount: 1 }, { token: user.token });
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ code: "validation_failed", errors: [{ field: "name", code: "required" }] });
    expect(await dealCount(user.tenantId)).toBe(before);
  });

  it.each(BAD_FIELDS)("rejects %j with a field error on %s (%s)", async (body, field, code) => {
    const before = await dealCount(user.tenantId);
    const res = await api.post(DEALS, { name: "Valid name", ...body }, { token: user.token });
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await dealCount(user.tenantId)).toBe(before);
  });

  it("reports every bad field at once", async () => {
    const res = await api.post(DEALS, { name: "", amount: -5, probability: 500, currency: "usd" }, { token: user.token });
    const problem = await problemOf(res);
    expect([...new Set(problem.errors!.map((e) => e.field))].sort()).toEqual(["amount", "currency", "name", "probability"]);
  });

  it("rejects unknown fields (400 unknown_field) and server-managed ones (400 read_only_field)", async () => {
    const before = await dealCount(user.tenantId);
    const unknown = await api.post(DEALS, { name: "x", colour: "red" }, { token: user.token });
    expect(unknown.status).toBe(400);
    expect(await problemOf(unknown)).toMatchObject({ code: "unknown_field", errors: [{ field: "colour", code: "unknown_field" }] });
    for (const field of ["id", "tenant_id", "app_id", "deal_number", "version", "audit_log", "created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by", "is_deleted", "schema_version"]) {
      const res = await api.post(DEALS, { name: "x", [field]: "v" }, { token: user.token });
      expect(res.status).toBe(400);
      expect(await problemOf(res)).toMatchObject({ code: "read_only_field", errors: [{ field, code: "read_only_field" }] });
    }
    expect(await dealCount(user.tenantId)).toBe(before);
  });

  it("rejects bad JSON (400), a non-object body (400) and a non-JSON content type (415)", async () => {
    const before = await dealCount(user.tenantId);
    const badJson = await api.post(DEALS, '{"name": "x",', { token: user.token });
    expect(badJson.status).toBe(400);
    expect((await problemOf(badJson)).code).toBe("invalid_json");
    const empty = await api.post(DEALS, "", { token: user.token, headers: { "content-type": "application/json" } });
    expect(empty.status).toBe(400);
    const array = await api.post(DEALS, [{ name: "x" }], { token: user.token });
    expect(array.status).toBe(400);
    const form = await api.post(DEALS, "name=x", { token: user.token, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    expect((await problemOf(form)).code).toBe("unsupported_media_type");
    expect(await dealCount(user.tenantId)).toBe(before);
  });

  it("rejects references that do not exist in the tenant (422 invalid_reference, one error per field)", async () => {
    const other = await signUp();
    const foreignCompany = await insertCompany(other.tenantId);
    const foreignContact = await insertContact(other.tenantId);
    const deletedCompany = await insertCompany(user.tenantId, { is_deleted: true });
    const ownContact = await insertContact(user.tenantId);
    const before = await dealCount(user.tenantId);
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ company_id: foreignCompany }, ["company_id"]],
      [{ company_id: deletedCompany }, ["company_id"]],
      [{ contact_id: foreignContact }, ["contact_id"]],
      [{ contact_ids: [ownContact, foreignContact] }, ["contact_ids.1"]],
      [{ assigned_member_id: other.userId }, ["assigned_member_id"]],
      [{ company_id: foreignCompany, assigned_member_id: other.userId, contact_id: foreignContact }, ["company_id", "contact_id", "assigned_member_id"]],
    ];
    for (const [body, fields] of cases) {
      const res = await api.post(DEALS, { name: "x", ...body }, { token: user.token });
      expect(res.status).toBe(422);
      const problem = await problemOf(res);
      expect(problem.code).toBe("invalid_reference");
      expect(problem.errors!.map((e) => e.field)).toEqual(fields);
    }
    expect(await dealCount(user.tenantId)).toBe(before);
  });

  it("accepts an explicit null owner (unassigned)", async () => {
    const deal = await createDeal(user, { assigned_member_id: null });
    expect(deal.assigned_member_id).toBeNull();
  });
});

describe("PATCH validation", () => {
  it.each(BAD_FIELDS)("rejects %j with a field error on %s and changes nothing", async (body, field, code) => {
    const deal = await createDeal(user, { amount: 5 });
    const before = await snapshot(deal.id);
    const res = await api.patch(`${DEALS}/${deal.id}`, body, { token: user.token });
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.errors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await snapshot(deal.id)).toEqual(before);
  });

  it("rejects unknown, read-only, bad JSON and bad content type, changing nothing", async () => {
    const deal = await createDeal(user);
    const before = await snapshot(deal.id);
    const cases: Array<[Response, number, string]> = [
      [await api.patch(`${DEALS}/${deal.id}`, { nam: "typo" }, { token: user.token }), 400, "unknown_field"],
      [await api.patch(`${DEALS}/${deal.id}`, { deal_number: "DEAL-1" }, { token: user.token }), 400, "read_only_field"],
      [await api.patch(`${DEALS}/${deal.id}`, { is_deleted: true }, { token: user.token }), 400, "read_only_field"],
      [await api.patch(`${DEALS}/${deal.id}`, { company_name: "x" }, { token: user.token }), 400, "read_only_field"],
      [await api.patch(`${DEALS}/${deal.id}`, "{oops", { token: user.token }), 400, "invalid_json"],
      [await api.patch(`${DEALS}/${deal.id}`, "x", { token: user.token, headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type"],
      [await api.patch(`${DEALS}/${deal.id}`, { version: 0 }, { token: user.token }), 400, "validation_failed"],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      expect((await problemOf(res)).code).toBe(code);
    }
    expect(await snapshot(deal.id)).toEqual(before);
  });

  it("rejects foreign references with 422 and changes nothing", async () => {
    const other = await signUp();
    const deal = await createDeal(user);
    const before = await snapshot(deal.id);
    const res = await api.patch(`${DEALS}/${deal.id}`, { name: "renamed", company_id: await insertCompany(other.tenantId) }, { token: user.token });
    expect(res.status).toBe(422);
    expect(await problemOf(res)).toMatchObject({ code: "invalid_reference", errors: [{ field: "company_id" }] });
    expect(await snapshot(deal.id)).toEqual(before);
  });
});

describe("stage move validation", () => {
  it("rejects a bad stage, unknown fields and read-only fields, changing nothing", async () => {
    const deal = await createDeal(user);
    const before = await snapshot(deal.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, "validation_failed"],
      [{ stage: "Done" }, "validation_failed"],
      [{ stage: "proposal", probability: 150 }, "validation_failed"],
      [{ stage: "proposal", before_id: "x" }, "validation_failed"],
      [{ stage: "proposal", position: -1 }, "validation_failed"],
      [{ stage: "proposal", name: "x" }, "unknown_field"],
      [{ stage: "proposal", audit_log: [] }, "read_only_field"],
    ];
    for (const [body, code] of cases) {
      const res = await api.post(`${DEALS}/${deal.id}/stage`, body, { token: user.token });
      expect(res.status).toBe(400);
      expect((await problemOf(res)).code).toBe(code);
    }
    expect(await snapshot(deal.id)).toEqual(before);
  });

  it("refuses a well-formed stage the deal's pipeline does not have (422 unknown_stage naming the allowed ids), changing nothing", async () => {
    const deal = await createDeal(user);
    const before = await snapshot(deal.id);
    const allowed = ["lead", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"];
    for (const [method, path, body] of [
      ["post", `${DEALS}/${deal.id}/stage`, { stage: "done" }],
      ["patch", `${DEALS}/${deal.id}`, { stage: "won" }],
    ] as const) {
      const res = await api[method](path, body, { token: user.token });
      expect(res.status).toBe(422);
      expect(await problemOf(res)).toMatchObject({ code: "unknown_stage", allowed, errors: [{ field: "stage", code: "unknown_stage" }] });
    }
    expect(await snapshot(deal.id)).toEqual(before);
    const created = await api.post(DEALS, { name: "x", stage: "won" }, { token: user.token });
    expect(created.status).toBe(422);
    expect((await problemOf(created)).code).toBe("unknown_stage");
  });
});

describe("list query validation", () => {
  it("rejects unknown parameters and bad values with 400", async () => {
    for (const q of ["sort=colour", "order=up", "limit=0", "limit=abc", "offset=-1", "stage=Won", "pipeline_id=enterprise", "expected_close_from=2026-02-30", "deleted=yes", "assigned_member_id=bob", "foo=bar"]) {
      const res = await api.get(`${DEALS}?${q}`, { token: user.token });
      expect(res.status, q).toBe(400);
      const problem = await problemOf(res);
      expect(problem.errors![0].field.startsWith("query.")).toBe(true);
    }
  });
});
