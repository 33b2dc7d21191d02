import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_PREFIX } from "@/lib/api-keys/secret";
import { BUILD_TIMEOUT_MS, needsPostgresNote, prepareBuild, startTwoInstances, type TwoInstances, usingPostgres } from "./support/client";

/**
 * The API's request limits per credential across two `next start` processes on one database: the
 * count is shared, every answer carries `RateLimit-*`, and over the limit both instances answer
 * 429 `rate_limited` with `Retry-After`, for a session and for an API key alike, each counted on
 * its own; requests without a usable credential count per client address. Needs PostgreSQL;
 * skipped without DATABASE_URL.
 */

const LIMIT = 8;
const ANONYMOUS_LIMIT = 5;

let pair: TwoInstances;

describe.skipIf(!usingPostgres)(`API rate limits across two instances${needsPostgresNote(!usingPostgres)}`, () => {
  beforeAll(prepareBuild, BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    const env = {
      API_RATE_LIMIT_SESSION: String(LIMIT),
      API_RATE_LIMIT_KEY: String(LIMIT),
      API_RATE_LIMIT_ANONYMOUS: String(ANONYMOUS_LIMIT),
      API_RATE_LIMIT_WINDOW_S: "3600",
    };
    pair = await startTwoInstances(env);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(pair?.servers.map((server) => server.stop()) ?? []);
  });

  it("counts a key's requests on both instances together, with RateLimit headers, then 429 with Retry-After on both", async () => {
    const email = `limits-${Date.now().toString(36)}@example.test`;
    const signUp = await fetch(`${pair.servers[0].url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: pair.servers[0].url },
      body: JSON.stringify({ email, password: "limits-limits-123", name: "Limits" }),
    });
    expect(signUp.status).toBe(200);
    const token = signUp.headers.get("set-auth-token")!;
    const created = await pair.clients[0].call("POST", "/api/v1/api-keys", { token, body: { name: "Sync", access: "read_write", scope: "workspace" } });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("ratelimit-limit")).toBe(String(LIMIT));
    expect(created.headers.get("ratelimit-remaining")).toBe(String(LIMIT - 1));
    const secret = (created.body as { secret: string }).secret;

    const answers = [];
    for (let i = 0; i < LIMIT + 4; i++) answers.push(await pair.clients[i % 2].call("GET", "/api/v1/crm/deals", { token: secret }));
    expect(answers.slice(0, LIMIT).map((a) => a.status)).toEqual(Array(LIMIT).fill(200));
    // Far from the limit an instance knows the other's count as of its last batch, so `Remaining`
    // may lag by a request or two there; it never rises, and it is exact near the limit.
    const remaining = answers.slice(0, LIMIT).map((a) => Number(a.headers.get("ratelimit-remaining")));
    expect(remaining.every((r, i) => r <= LIMIT - 1 && (i === 0 || r <= remaining[i - 1]))).toBe(true);
    expect(remaining.at(-1)).toBe(0);
    for (const over of answers.slice(LIMIT)) {
      expect(over.status).toBe(429);
      expect(over.headers.get("content-type")).toContain("application/problem+json");
      expect((over.body as { code: string }).code).toBe("rate_limited");
      const retryAfter = Number(over.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(over.headers.get("ratelimit-remaining")).toBe("0");
      expect(Number(over.headers.get("ratelimit-reset"))).toBe(retryAfter);
    }
    // Each credential has its own count: the session that made the key is far from its limit.
    const me = await pair.clients[1].call("GET", "/api/v1/me", { token });
    expect(me.status).toBe(200);
    expect(Number(me.headers.get("ratelimit-remaining"))).toBeGreaterThanOrEqual(LIMIT - 2);
  });

  it("counts requests without a usable credential per client address, on both instances, made-up tokens included", async () => {
    // No credential at all, from one address: 401 while under the limit, then 429 on either instance.
    const bare = [];
    for (let i = 0; i < ANONYMOUS_LIMIT + 2; i++) bare.push(await pair.clients[i % 2].call("GET", "/api/v1/crm/deals", { peer: "127.0.0.3" }));
    expect(bare.slice(0, ANONYMOUS_LIMIT).map((a) => a.status)).toEqual(Array(ANONYMOUS_LIMIT).fill(401));
    expect(bare[0].headers.get("ratelimit-limit")).toBe(String(ANONYMOUS_LIMIT));
    for (const over of bare.slice(ANONYMOUS_LIMIT)) {
      expect(over.status).toBe(429);
      expect((over.body as { code: string }).code).toBe("rate_limited");
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    }

    // A fresh made-up key on every request from another address: each is unknown, so the address pays.
    const guesses = [];
    for (let i = 0; i < ANONYMOUS_LIMIT + 2; i++) {
      const madeUp = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
      guesses.push(await pair.clients[i % 2].call("GET", "/api/v1/crm/deals", { token: madeUp, peer: "127.0.0.4" }));
    }
    expect(guesses.slice(0, ANONYMOUS_LIMIT).map((a) => a.status)).toEqual(Array(ANONYMOUS_LIMIT).fill(401));
    expect(guesses.slice(ANONYMOUS_LIMIT).map((a) => a.status)).toEqual([429, 429]);

    // A person signing in from that same address is not held back: a valid credential has its own count.
    const email = `limits-anon-${Date.now().toString(36)}@example.test`;
    const signUp = await fetch(`${pair.servers[0].url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: pair.servers[0].url },
      body: JSON.stringify({ email, password: "limits-limits-123", name: "Limits" }),
    });
    const token = signUp.headers.get("set-auth-token")!;
    const me = await pair.clients[0].call("GET", "/api/v1/me", { token, peer: "127.0.0.4" });
    expect(me.status).toBe(200);
    expect(me.headers.get("ratelimit-limit")).toBe(String(LIMIT));
  });
});
