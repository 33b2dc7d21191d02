import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "@/tests/support/server";
import { type ApiClient, BUILD_TIMEOUT_MS, httpClient, needsPostgresNote, prepareBuild, startServer, usingPostgres } from "./support/client";

/**
 * Two `next start` processes on one PostgreSQL database, as behind a load balancer: what one
 * writes the other reads, a conflicting write across them gets 409, change events cross
 * instances, the sign-in rate limits (per client and per account) are shared (database storage,
 * not memory) and a sign-out on one is honoured by the other at once. Needs PostgreSQL; skipped without DATABASE_URL.
 */

const RATE_LIMIT = 5;

let one: AppServer;
let two: AppServer;
let c1: ApiClient;
let c2: ApiClient;

interface HttpUser {
  email: string;
  password: string;
  token: string;
  cookie: string;
}

async function signUpVia(server: AppServer, name: string): Promise<HttpUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now().toString(36)}@example.test`;
  const password = "two-instances-123";
  const res = await fetch(`${server.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": "192.0.2.200" },
    body: JSON.stringify({ email, password, name }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!.split(";")[0];
  return { email, password, token: res.headers.get("set-auth-token")!, cookie };
}

describe.skipIf(!usingPostgres)(`two app instances on one database${needsPostgresNote(!usingPostgres)}`, () => {
  beforeAll(prepareBuild, BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    // Behind a load balancer on this machine: the tests' requests come from 127.0.0.1, and
    // X-Forwarded-For names the client, as it does in a deployment that declares its proxy.
    const env = { AUTH_RATE_LIMIT_MAX: String(RATE_LIMIT), AUTH_RATE_LIMIT_WINDOW_S: "60", TRUSTED_PROXIES: "127.0.0.1" };
    [one, two] = await Promise.all([startServer({ env }), startServer({ env })]);
    c1 = httpClient(one.url);
    c2 = httpClient(two.url);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
  });

  it(`a move through one instance is seen through the other`, async () => {
    const user = await signUpVia(one, "Mover");
    const created = await c1.call("POST", "/api/v1/crm/deals", { token: user.token, body: { name: "Shared deal" } });
    expect(created.status).toBe(201);
    const id = created.body.deal.id;
    const moved = await c1.call("POST", `/api/v1/crm/deals/${id}/stage`, { token: user.token, body: { stage: "negotiation" } });
    expect(moved.status).toBe(200);
    const seen = await c2.call("GET", `/api/v1/crm/deals/${id}`, { token: user.token });
    expect(seen.status).toBe(200);
    expect(seen.body.deal).toMatchObject({ stage: "negotiation", version: moved.body.deal.version, probability: 80 });
    expect(seen.headers.get("etag")).toBe(`"${moved.body.deal.version}"`);
    const board = await c2.call("GET", "/api/v1/crm/board", { token: user.token });
    const column = board.body.columns.find((c: { stage: string }) => c.stage === "negotiation");
    expect(column.items.map((d: { id: string }) => d.id)).toContain(id);
  });

  it(`a conflicting write across the instances (same If-Match) gets one 200 and one 409, every time`, async () => {
    const user = await signUpVia(two, "Racer");
    const created = await c2.call("POST", "/api/v1/crm/deals", { token: user.token, body: { name: "Raced deal" } });
    let version = created.body.deal.version as number;
    let stage = created.body.deal.stage as string;
    const id = created.body.deal.id;
    const stages = ["qualification", "proposal", "negotiation", "lead"];
    for (let round = 0; round < 10; round++) {
      const headers = { "if-match": `"${version}"` };
      // Always a real move: a move to the deal's current stage is a no-op that writes nothing,
      // so it could not conflict with anything.
      const target = stages.filter((s) => s !== stage)[round % 3];
      const [a, b] = await Promise.all([
        c1.call("POST", `/api/v1/crm/deals/${id}/stage`, { token: user.token, body: { stage: target }, headers }),
        c2.call("PATCH", `/api/v1/crm/deals/${id}`, { token: user.token, body: { name: `Raced deal ${round}` }, headers }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses, `round ${round}: ${a.text} / ${b.text}`).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.body.code).toBe("version_conflict");
      expect(loser.body.deal.version).toBe(version + 1);
      if (a.status === 200) stage = target;
      version += 1;
    }
    const final = await c1.call("GET", `/api/v1/crm/deals/${id}`, { token: user.token });
    expect(final.body.deal.version).toBe(version);
  });

  it(`a change made through one instance reaches the other's event stream`, async () => {
    const user = await signUpVia(one, "Listener");
    const controller = new AbortController();
    const stream = await fetch(`${two.url}/api/v1/crm/events`, { headers: { authorization: `Bearer ${user.token}` }, signal: controller.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let text = "";
    const until = async (needle: string, ms: number) => {
      const deadline = Date.now() + ms;
      while (!text.includes(needle) && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now())))]);
        if (!chunk || chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      return text.includes(needle);
    };
    try {
      expect(await until("event: ready", 10_000)).toBe(true);
      const created = await c1.call("POST", "/api/v1/crm/deals", { token: user.token, body: { name: "Announced deal" } });
      expect(created.status).toBe(201);
      expect(await until(created.body.deal.id, 10_000)).toBe(true);
      expect(text).toMatch(/event: deal_change\ndata: \{[^\n]*"kind":"created"/);
    } finally {
      controller.abort();
      await reader.cancel().catch(() => {});
    }
  });

  it(`the sign-in rate limit is shared by both instances (429 with Retry-After)`, async () => {
    const user = await signUpVia(one, "Guarded");
    const headers = { "x-forwarded-for": "198.51.100.77" };
    const statuses: number[] = [];
    // Each attempt names another (unknown) account: only the per-client limit is in play.
    for (let i = 0; i < RATE_LIMIT; i++) {
      const client = i % 2 === 0 ? c1 : c2;
      statuses.push((await client.call("POST", "/api/auth/sign-in/email", { body: { email: `nobody-${i}-${user.email}`, password: `nope-${i}` }, headers })).status);
    }
    expect(statuses).toEqual(Array(RATE_LIMIT).fill(401));
    for (const client of [c1, c2]) {
      const limited = await client.call("POST", "/api/auth/sign-in/email", { body: { email: user.email, password: user.password }, headers });
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
  });

  it(`the per-account sign-in limit is shared by both instances, whatever the client's address`, async () => {
    const user = await signUpVia(two, "Targeted");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const client = i % 2 === 0 ? c1 : c2;
      const headers = { "x-forwarded-for": `198.51.100.${100 + i}` };
      statuses.push((await client.call("POST", "/api/auth/sign-in/email", { body: { email: user.email, password: `guess-${i}` }, headers })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    for (const [client, address] of [[c1, "198.51.100.201"], [c2, "198.51.100.202"]] as const) {
      const limited = await client.call("POST", "/api/auth/sign-in/email", { body: { email: user.email, password: user.password }, headers: { "x-forwarded-for": address } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it(`a sign-out through one instance stops the token on the other at once`, async () => {
    const user = await signUpVia(one, "Leaver");
    expect((await c2.call("GET", "/api/v1/me", { token: user.token })).status).toBe(200);
    expect((await c1.call("POST", "/api/auth/sign-out", { token: user.token, body: {} })).status).toBe(200);
    for (const client of [c1, c2]) {
      expect((await client.call("GET", "/api/v1/crm/deals", { token: user.token })).status).toBe(401);
      expect((await client.call("GET", "/api/v1/crm/deals", { cookie: user.cookie })).status).toBe(401);
    }
  });

  it(`cookie-authenticated writes from a foreign origin are refused by the API and by better-auth`, async () => {
    const user = await signUpVia(two, "Csrf");
    const evil = { origin: "https://evil.example" };
    const write = await c1.call("POST", "/api/v1/crm/deals", { cookie: user.cookie, body: { name: "Planted" }, ...evil });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe("origin_not_allowed");
    const signOut = await c2.call("POST", "/api/auth/sign-out", { cookie: user.cookie, body: {}, ...evil });
    expect(signOut.status).toBe(403);
    expect((await c1.call("GET", "/api/v1/me", { cookie: user.cookie })).status).toBe(200);
    const list = await c2.call("GET", "/api/v1/crm/deals", { token: user.token });
    expect(list.body.items).toEqual([]);
  });
});
