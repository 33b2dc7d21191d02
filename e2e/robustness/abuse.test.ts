import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { api, signIn, signUp } from "@/lib/testing/http";

/**
 * Abuse through the route handlers in-process (PGlite and PostgreSQL): password guessing is
 * rate-limited with Retry-After, cookie-authenticated writes from a foreign origin are refused,
 * and a signed-out session stops working at once. multi-instance.test.ts checks the same
 * limiter and revocation across two `next start` processes.
 */

const ip = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

describe("abuse", () => {
  it("answers repeated failed sign-ins with 429 and Retry-After, for that client only", async () => {
    const user = await signUp({ name: "Guess Target" });
    const attacker = { "x-forwarded-for": ip() };
    const attempt = (password: string, headers = attacker) =>
      api.post("/api/auth/sign-in/email", { email: user.email, password }, { headers });

    const statuses: number[] = [];
    for (let i = 0; i < env.AUTH_RATE_LIMIT_MAX; i++) statuses.push((await attempt(`wrong-password-${i}`)).status);
    expect(statuses).toEqual(Array(env.AUTH_RATE_LIMIT_MAX).fill(401));

    const limited = await attempt("wrong-password-again");
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(env.AUTH_RATE_LIMIT_WINDOW_S);
    // Even the right password waits: the limit is on attempts, so guessing cannot probe for success.
    const right = await attempt(user.password);
    expect(right.status).toBe(429);
    expect(right.headers.get("set-auth-token")).toBeNull();
    // Another client is not affected.
    const other = await attempt(user.password, { "x-forwarded-for": ip().replace("203.0.113", "198.51.100") });
    expect(other.status).toBe(200);
  });

  it("refuses cookie-authenticated writes from a foreign origin or without one (403), and accepts them from the app", async () => {
    const user = await signUp({ name: "Csrf Target" });
    const body = { name: "Planted deal" };
    for (const origin of ["https://evil.example", "http://localhost:3000.evil.example", "null", null]) {
      const res = await api.post("/api/v1/crm/deals", body, { cookie: user.cookie, origin });
      expect(res.status, String(origin)).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).code).toBe("origin_not_allowed");
    }
    const deal = await api.post("/api/v1/crm/deals", { name: "Real deal" }, { cookie: user.cookie });
    expect(deal.status).toBe(201);
    const id = (await deal.json()).deal.id;
    for (const [method, path, payload] of [
      ["PATCH", `/api/v1/crm/deals/${id}`, { name: "Renamed" }],
      ["POST", `/api/v1/crm/deals/${id}/stage`, { stage: "proposal" }],
      ["DELETE", `/api/v1/crm/deals/${id}`, undefined],
    ] as const) {
      const { request } = await import("@/lib/testing/http");
      const res = await request(method, path, { cookie: user.cookie, origin: "https://evil.example", body: payload });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // Bearer tokens are not ambient credentials: integrations may call from anywhere.
    const bearer = await api.post("/api/v1/crm/deals", body, { token: user.token, origin: "https://evil.example" });
    expect(bearer.status).toBe(201);
    const list = await (await api.get("/api/v1/crm/deals", { token: user.token })).json();
    expect(list.items.map((d: { name: string }) => d.name).sort()).toEqual(["Planted deal", "Real deal"]);
    // (better-auth skips its own origin check under NODE_ENV=test; multi-instance.test.ts checks
    // its cookie endpoints against a production server.)
  });

  it("rejects a signed-out session at once, by cookie and by Bearer token, while other sessions keep working", async () => {
    const email = `signout-${randomBytes(4).toString("hex")}@example.test`;
    const first = await signUp({ email, name: "Two Devices" });
    const second = await signIn(email, first.password);
    expect((await api.get("/api/v1/me", { token: first.token })).status).toBe(200);

    const out = await api.post("/api/auth/sign-out", {}, { token: first.token });
    expect(out.status).toBe(200);
    for (const credential of [{ token: first.token }, { cookie: first.cookie }, { token: first.token.split(".")[0] }]) {
      const res = await api.get("/api/v1/crm/deals", credential);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
    }
    const write = await api.post("/api/v1/crm/deals", { name: "After sign-out" }, { token: first.token });
    expect(write.status).toBe(401);
    expect((await api.get("/api/v1/crm/deals", { token: second.token })).status).toBe(200);
  });
});
