import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authRateLimits } from "@/lib/auth";
import { CLIENT_ADDRESS_HEADER, PEER_HEADER } from "@/lib/client-address";
import { env } from "@/lib/env";
import type { AppServer } from "@/tests/support/server";
import { type AuthEndpoint, authEndpoints, matchesRule, sampleRequest } from "./support/auth-endpoints";
import { type ApiClient, BUILD_TIMEOUT_MS, httpClient, inProcessClient, prepareBuild, startServer, usingPostgres } from "./support/client";

/**
 * Who is the client: generated from the configuration, for every better-auth endpoint with a
 * per-client rate limit. One client sends as many requests as the limit allows, each naming a
 * fresh made-up address in every header clients use for that (X-Forwarded-For, X-Real-IP,
 * Forwarded, CF-Connecting-IP, True-Client-IP, ..., and the app's own internal headers); the next
 * request must still be refused with 429 and Retry-After. A limiter that believed any of those
 * headers would have seen a new client every time. In-process (the harness stands in for
 * scripts/serve.mjs) and, with PostgreSQL, over real sockets against `next start` behind
 * scripts/serve.mjs, where each case connects from its own loopback address. With a proxy
 * declared (TRUSTED_PROXY_HOPS / TRUSTED_PROXIES), X-Forwarded-For names the client, and only it.
 */

let counter = 0;
const freshIp = () => {
  counter += 1;
  return `203.0.${(counter >> 8) & 255}.${counter & 255}`;
};

/** Every header a client might use to claim an address, each with a fresh value. */
function spoofedHeaders(): Record<string, string> {
  return {
    "x-forwarded-for": `${freshIp()}, ${freshIp()}`,
    "x-real-ip": freshIp(),
    forwarded: `for=${freshIp()};proto=https`,
    "cf-connecting-ip": freshIp(),
    "true-client-ip": freshIp(),
    "x-client-ip": freshIp(),
    "fastly-client-ip": freshIp(),
    "x-cluster-client-ip": freshIp(),
    [PEER_HEADER]: freshIp(),
    [CLIENT_ADDRESS_HEADER]: freshIp(),
  };
}

interface LimitedCase {
  rule: string;
  window: number;
  max: number;
  endpoint: AuthEndpoint;
}

/** Every (rate-limit rule × endpoint it covers) in the configuration, with `vars` as the server's environment. */
function limitedCases(vars: Record<string, string> = {}): LimitedCase[] {
  const endpoints = authEndpoints();
  const cases: LimitedCase[] = [];
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, (env as Record<string, unknown>)[k]]));
  Object.assign(env, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, Number(v)])));
  let rules: ReturnType<typeof authRateLimits>;
  try {
    rules = authRateLimits();
  } finally {
    Object.assign(env, saved);
  }
  for (const [rule, { window, max }] of Object.entries(rules)) {
    const covered = endpoints.filter((e) => matchesRule(e.path, rule));
    if (!covered.length) throw new Error(`the rate limit on ${rule} matches no better-auth endpoint`);
    for (const endpoint of covered) cases.push({ rule, window, max, endpoint });
  }
  return cases;
}

/** Sends `max` spoofing requests from one peer, then one more: it must be refused. */
async function spoofAgainst(client: ApiClient, c: LimitedCase, peer: string): Promise<string[]> {
  const failures: string[] = [];
  const label = `${c.endpoint.methods.join("/")} ${c.endpoint.path} (limit ${c.max}/${c.window}s, ${client.kind})`;
  for (let i = 0; i < c.max; i++) {
    const { method, path, body } = sampleRequest(c.endpoint);
    const res = await client.call(method, path, { body, headers: spoofedHeaders(), peer });
    if (res.status === 429) {
      failures.push(`${label}: request ${i + 1} of ${c.max} was already refused`);
      return failures;
    }
    if (res.status >= 500) failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
  }
  const { method, path, body } = sampleRequest(c.endpoint);
  const last = await client.call(method, path, { body, headers: spoofedHeaders(), peer });
  if (last.status !== 429) failures.push(`${label}: request ${c.max + 1} answered ${last.status}, not 429: the limiter took a header's word for the client`);
  else {
    const retryAfter = Number(last.headers.get("retry-after"));
    if (!(retryAfter > 0 && retryAfter <= c.window)) failures.push(`${label}: Retry-After ${last.headers.get("retry-after")}`);
  }
  return failures;
}

describe("client address headers from an untrusted client (in-process)", () => {
  const client = inProcessClient();

  it("covers at least sign-in, sign-up and the endpoints that send mail", () => {
    const rules = Object.keys(authRateLimits());
    expect(rules).toEqual(expect.arrayContaining(["/sign-in/email", "/sign-up/email"]));
    expect(limitedCases().length).toBeGreaterThanOrEqual(rules.length);
  });

  it("throttles every rate-limited auth endpoint however the address headers change", async () => {
    const failures: string[] = [];
    let n = 0;
    for (const c of limitedCases()) failures.push(...(await spoofAgainst(client, c, `198.18.0.${++n}`)));
    expect(failures).toEqual([]);
  });

  it("tells clients apart by X-Forwarded-For once a proxy is declared, and by nothing else", async () => {
    const signIn = limitedCases().find((c) => c.rule === "/sign-in/email")!;
    const before = { hops: env.TRUSTED_PROXY_HOPS, proxies: env.TRUSTED_PROXIES };
    env.TRUSTED_PROXY_HOPS = 1;
    try {
      // One proxy (the peer), many clients behind it: none of them reaches the limit.
      for (let i = 0; i <= signIn.max; i++) {
        const { method, path, body } = sampleRequest(signIn.endpoint);
        const res = await client.call(method, path, { body, headers: { "x-forwarded-for": freshIp() }, peer: "10.0.0.2" });
        expect(res.status, `client ${i + 1} behind the proxy`).toBe(401);
      }
      // One client behind the proxy whose other headers change: still one client.
      const one = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i <= signIn.max; i++) {
        const { method, path, body } = sampleRequest(signIn.endpoint);
        const { "x-forwarded-for": _ignored, ...others } = spoofedHeaders();
        statuses.push((await client.call(method, path, { body, headers: { ...others, "x-forwarded-for": `${freshIp()}, ${one}` }, peer: "10.0.0.3" })).status);
      }
      expect(statuses.slice(0, signIn.max)).toEqual(Array(signIn.max).fill(401));
      expect(statuses[signIn.max]).toBe(429);
    } finally {
      env.TRUSTED_PROXY_HOPS = before.hops;
      env.TRUSTED_PROXIES = before.proxies;
    }
  });
});

// Said once, in the describe's name, and only when it applies.
const skipNote = (skipped: boolean) => (skipped ? " (skipped: needs PostgreSQL, set DATABASE_URL)" : "");

describe.skipIf(!usingPostgres)(`client address headers over real sockets, next start behind scripts/serve.mjs${skipNote(!usingPostgres)}`, () => {
  let direct: AppServer;
  let proxied: AppServer;
  // Small limits: the same rules, cheaper to reach.
  const limits = { AUTH_RATE_LIMIT_MAX: "3", AUTH_SIGNUP_RATE_LIMIT_MAX: "3", AUTH_EMAIL_RATE_LIMIT_MAX: "2" };

  beforeAll(prepareBuild, BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    [direct, proxied] = await Promise.all([startServer({ env: limits }), startServer({ env: { ...limits, TRUSTED_PROXIES: "127.0.0.1" } })]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([direct?.stop(), proxied?.stop()]);
  });

  it("throttles every rate-limited auth endpoint however the address headers change", async () => {
    const client = httpClient(direct.url);
    const failures: string[] = [];
    let n = 0;
    // Each case from its own loopback address, so the cases do not share a client.
    for (const c of limitedCases(limits)) failures.push(...(await spoofAgainst(client, c, `127.0.1.${++n}`)));
    expect(failures).toEqual([]);
  });

  it("behind a declared proxy, tells clients apart by X-Forwarded-For and still limits each", async () => {
    const client = httpClient(proxied.url);
    const signIn = limitedCases().find((c) => c.rule === "/sign-in/email")!;
    for (let i = 0; i <= 3; i++) {
      const { method, path, body } = sampleRequest(signIn.endpoint);
      const res = await client.call(method, path, { body, headers: { "x-forwarded-for": freshIp() }, peer: "127.0.0.1" });
      expect(res.status, `client ${i + 1} behind the proxy`).toBe(401);
    }
    const one = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i <= 3; i++) {
      const { method, path, body } = sampleRequest(signIn.endpoint);
      statuses.push((await client.call(method, path, { body, headers: { "x-forwarded-for": one, "x-real-ip": freshIp() }, peer: "127.0.0.1" })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // A peer that is not the declared proxy is the client itself, whatever it forwards.
    const outsider = [] as number[];
    for (let i = 0; i <= 3; i++) {
      const { method, path, body } = sampleRequest(signIn.endpoint);
      outsider.push((await client.call(method, path, { body, headers: { "x-forwarded-for": freshIp() }, peer: "127.0.2.9" })).status);
    }
    expect(outsider).toEqual([401, 401, 401, 429]);
  });
});
