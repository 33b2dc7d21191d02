import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { MAX_BODY_BYTES, withApi } from "@/lib/api/handler";
import { BASE_URL, signUp, type TestUser } from "@/tests/support/http";

const echo = withApi(
  {
    params: z.strictObject({ id: z.string().regex(/^x_\d+$/, "Bad id.") }),
    query: z.strictObject({ n: z.coerce.number().int().max(10).optional() }),
    body: z.strictObject({ name: z.string().min(1), nested: z.unknown().optional() }),
  },
  async ({ params, query, body, caller }) => ({ id: params.id, n: query.n ?? null, name: body.name, tenant: caller.tenantId }),
);

const boom = withApi({}, async () => {
  throw new Error("secret internal detail: password=hunter2");
});
const ruleRefused = withApi({}, async () => {
  throw new AppError(422, "invalid_for_stage", "A rule refused this.", { errors: [{ field: "x", code: "y", message: "z" }] });
});

function call(handler: typeof echo, user: TestUser | null, init: { method?: string; body?: string; headers?: Record<string, string>; id?: string; query?: string } = {}) {
  const headers = new Headers(init.headers);
  if (user && !headers.has("authorization") && !headers.has("cookie")) headers.set("authorization", `Bearer ${user.token}`);
  if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const req = new Request(`${BASE_URL}/api/v1/test/${init.id ?? "x_1"}${init.query ?? ""}`, {
    method: init.method ?? "POST",
    headers,
    body: init.body,
  });
  return handler(req, { params: Promise.resolve({ id: init.id ?? "x_1" }) });
}

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json();
  expect(body).toMatchObject({ status: res.status, type: expect.stringMatching(/^https:/), title: expect.any(String), detail: expect.any(String), request_id: expect.any(String) });
  return body;
}

describe("withApi", () => {
  let user: TestUser;
  it("passes parsed params, query and body to the handler", async () => {
    user = await signUp();
    const res = await call(echo, user, { body: JSON.stringify({ name: "ok" }), query: "?n=3" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toEqual(expect.any(String));
    expect(await res.json()).toEqual({ id: "x_1", n: 3, name: "ok", tenant: user.tenantId });
  });

  it("reports bad params, query and body fields with their locations", async () => {
    const res = await call(echo, user, { id: "nope", query: "?n=99&zzz=1", body: JSON.stringify({ name: "" }) });
    expect(res.status).toBe(400);
    const p = await problem(res);
    expect(p.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(["params.id"]));
  });

  it("answers 400 invalid_json, 415 for non-JSON, 400 for too-deep JSON", async () => {
    expect((await problem(await call(echo, user, { body: "{not json" }))).code).toBe("invalid_json");
    expect((await problem(await call(echo, user, { body: "" }))).code).toBe("invalid_json");
    const wrongType = await call(echo, user, { body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(wrongType.status).toBe(415);
    expect((await problem(wrongType)).code).toBe("unsupported_media_type");
    const deep = JSON.stringify({ name: "x", nested: JSON.parse("[".repeat(100) + "]".repeat(100)) });
    const deepRes = await call(echo, user, { body: deep });
    expect(deepRes.status).toBe(400);
    expect((await problem(deepRes)).code).toBe("json_too_deep");
  });

  it("answers 413 for bodies over 1 MB, declared or streamed", async () => {
    const big = JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES + 10) });
    const res = await call(echo, user, { body: big });
    expect(res.status).toBe(413);
    expect((await problem(res)).code).toBe("payload_too_large");
  });

  it("refuses cookie-authenticated writes from a foreign or missing Origin, but not bearer writes", async () => {
    const foreign = await call(echo, user, { body: JSON.stringify({ name: "x" }), headers: { cookie: user.cookie, origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect((await problem(foreign)).code).toBe("origin_not_allowed");
    const missing = await call(echo, user, { body: JSON.stringify({ name: "x" }), headers: { cookie: user.cookie } });
    expect(missing.status).toBe(403);
    const same = await call(echo, user, { body: JSON.stringify({ name: "x" }), headers: { cookie: user.cookie, origin: BASE_URL } });
    expect(same.status).toBe(200);
    const bearer = await call(echo, user, { body: JSON.stringify({ name: "x" }), headers: { origin: "https://evil.example", authorization: `Bearer ${user.token}` } });
    expect(bearer.status).toBe(200);
  });

  it("hides unknown errors behind a 500 with a request id and keeps AppError details", async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const res = await call(boom, user, { method: "GET" });
      expect(res.status).toBe(500);
      const p = await problem(res);
      expect(p.code).toBe("internal_error");
      expect(JSON.stringify(p)).not.toContain("hunter2");
      expect(p.detail).toContain(p.request_id);
      expect(errors.length).toBe(1);
    } finally {
      console.error = original;
    }
    const t = await call(ruleRefused, user, { method: "GET" });
    expect(t.status).toBe(422);
    expect(await problem(t)).toMatchObject({ code: "invalid_for_stage", errors: [{ field: "x", code: "y", message: "z" }] });
  });

  it("checks credentials before parsing anything", async () => {
    const res = await call(echo, null, { body: "{bad" });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });
});
