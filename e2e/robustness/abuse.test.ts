import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { accountKey } from "@/lib/auth-gate/sign-in-throttle";
import { env } from "@/lib/env";
import { api, signIn, signUp } from "@/tests/support/http";

/**
 * Abuse through the route handlers in-process (PGlite and PostgreSQL): password guessing is
 * rate-limited with Retry-After per client and per account (from any number of addresses, the
 * same for unknown accounts, never locking an account's owner out of a known browser),
 * cookie-authenticated writes from a foreign origin are refused,
 * and a signed-out session stops working at once. multi-instance.test.ts checks the same
 * limiter and revocation across two `next start` processes.
 */

let peers = 0;
/** A fresh client address (the socket address the front server reports). */
const peer = () => `198.51.100.${(peers += 1) % 250}`;
const signInAttempt = (email: string, password: string, options: { peer?: string; cookie?: string } = {}) =>
  api.post("/api/auth/sign-in/email", { email, password }, { peer: options.peer ?? peer(), headers: options.cookie ? { cookie: options.cookie } : {} });

describe("abuse", () => {
  it("answers repeated failed sign-ins from one client with 429 and Retry-After, for that client only", async () => {
    const user = await signUp({ name: "Guess Target" });
    const attacker = "203.0.113.9";
    // Each attempt names another (unknown) account, so only the per-client limit is in play;
    // the made-up X-Forwarded-For does not make the attacker another client.
    const statuses: number[] = [];
    for (let i = 0; i < env.AUTH_RATE_LIMIT_MAX; i++) {
      const res = await api.post(
        "/api/auth/sign-in/email",
        { email: `nobody-${i}-${randomBytes(3).toString("hex")}@example.test`, password: "wrong-password" },
        { peer: attacker, headers: { "x-forwarded-for": `192.0.2.${i + 1}` } },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(env.AUTH_RATE_LIMIT_MAX).fill(401));

    const limited = await signInAttempt(user.email, user.password, { peer: attacker });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(env.AUTH_RATE_LIMIT_WINDOW_S);
    // Even the right password waits: the limit is on attempts, so guessing cannot probe for success.
    expect(limited.headers.get("set-auth-token")).toBeNull();
    // Another client is not affected.
    expect((await signInAttempt(user.email, user.password)).status).toBe(200);
  });

  it("slows password guessing against one account from any number of addresses, with escalating waits", async () => {
    const user = await signUp({ name: "Account Target" });
    const free = env.AUTH_ACCOUNT_FREE_ATTEMPTS;
    for (let i = 0; i < free; i++) expect((await signInAttempt(user.email, `guess-${i}`)).status, `guess ${i + 1}`).toBe(401);

    // From yet another address, at once: the account waits, whatever the password.
    const locked = await signInAttempt(user.email, user.password);
    expect(locked.status).toBe(429);
    const first = Number(locked.headers.get("retry-after"));
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(2);
    expect(locked.headers.get("set-auth-token")).toBeNull();
    expect(locked.headers.get("content-type")).toContain("application/json");

    // After the wait one more guess goes through, and the next wait is longer.
    await new Promise((r) => setTimeout(r, first * 1_000 + 100));
    expect((await signInAttempt(user.email, "guess-again")).status).toBe(401);
    const longer = await signInAttempt(user.email, user.password);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get("retry-after"))).toBeGreaterThanOrEqual(3);
    expect(Number(longer.headers.get("retry-after"))).toBeLessThanOrEqual(4);
  });

  it("lets no more than the free attempts through when they arrive all at once", async () => {
    const user = await signUp({ name: "Burst Target" });
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => signInAttempt(user.email, `burst-${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(env.AUTH_ACCOUNT_FREE_ATTEMPTS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - env.AUTH_ACCOUNT_FREE_ATTEMPTS);
  });

  it("answers the same for an account that does not exist (no enumeration)", async () => {
    const known = await signUp({ name: "Known" });
    const unknown = `nobody-${randomBytes(4).toString("hex")}@example.test`;
    const run = async (email: string) => {
      const out: Array<{ status: number; retryAfter: boolean; body: unknown }> = [];
      for (let i = 0; i <= env.AUTH_ACCOUNT_FREE_ATTEMPTS; i++) {
        const res = await signInAttempt(email, `guess-${i}`);
        out.push({ status: res.status, retryAfter: res.headers.has("retry-after"), body: await res.json() });
      }
      return out;
    };
    const [forKnown, forUnknown] = [await run(known.email), await run(unknown)];
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown.at(-1)?.status).toBe(429);
  });

  it("caps the wait at AUTH_ACCOUNT_MAX_DELAY_S, and a successful sign-in clears the attempts", async () => {
    const user = await signUp({ name: "Capped" });
    for (let i = 0; i < env.AUTH_ACCOUNT_FREE_ATTEMPTS - 1; i++) expect((await signInAttempt(user.email, `guess-${i}`)).status).toBe(401);
    expect((await signInAttempt(user.email, user.password)).status).toBe(200);
    // Counting starts again: the free attempts are all there.
    for (let i = 0; i < env.AUTH_ACCOUNT_FREE_ATTEMPTS - 1; i++) expect((await signInAttempt(user.email, `again-${i}`)).status).toBe(401);

    // Many attempts later (as if hours of guessing had passed through the waits).
    await getDb().updateTable("sign_in_throttle").set({ attempts: 40, locked_until: null }).where("key", "=", accountKey(user.email)).execute();
    expect((await signInAttempt(user.email, "one-more")).status).toBe(401);
    const capped = await signInAttempt(user.email, user.password);
    expect(capped.status).toBe(429);
    const retryAfter = Number(capped.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(env.AUTH_ACCOUNT_MAX_DELAY_S - 5);
    expect(retryAfter).toBeLessThanOrEqual(env.AUTH_ACCOUNT_MAX_DELAY_S);
  });

  it("does not lock the owner out of a browser the account signed in from before", async () => {
    const user = await signUp({ name: "Device Owner" });
    const signedIn = await signInAttempt(user.email, user.password);
    expect(signedIn.status).toBe(200);
    const device = signedIn.headers.getSetCookie().find((c) => c.startsWith("pipeline.device="));
    expect(device, "a device cookie after signing in").toBeDefined();
    expect(device).toMatch(/HttpOnly/i);
    const deviceCookie = device!.split(";")[0];
    const other = await signUp({ name: "Other" });
    const otherDevice = (await signInAttempt(other.email, other.password)).headers.getSetCookie().find((c) => c.startsWith("pipeline.device="))!.split(";")[0];

    // A stranger locks the account from many addresses (and has kept at it: the lock is for a minute).
    for (let i = 0; i < env.AUTH_ACCOUNT_FREE_ATTEMPTS; i++) await signInAttempt(user.email, `guess-${i}`);
    await getDb()
      .updateTable("sign_in_throttle")
      .set({ locked_until: new Date(Date.now() + 60_000) })
      .where("key", "=", accountKey(user.email))
      .execute();
    expect((await signInAttempt(user.email, user.password)).status).toBe(429);
    // A forged cookie or one issued for another account does not help.
    const forged = `pipeline.device=${deviceCookie.split("=")[1].split(".")[0]}.AAAA`;
    expect((await signInAttempt(user.email, user.password, { cookie: forged })).status).toBe(429);
    expect((await signInAttempt(user.email, user.password, { cookie: otherDevice })).status).toBe(429);
    // The owner's browser still gets in (and its success clears the account's attempts).
    expect((await signInAttempt(user.email, user.password, { cookie: deviceCookie })).status).toBe(200);
    expect((await signInAttempt(user.email, "a-guess")).status).toBe(401);
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
      const { request } = await import("@/tests/support/http");
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
