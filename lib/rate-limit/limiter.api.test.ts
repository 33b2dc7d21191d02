import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { RateLimiter } from "./limiter";

/** Two limiters on one database stand for two app instances. */
function instances(now: () => number, windowMs = 60_000) {
  return [new RateLimiter(getDb, { windowMs, now }), new RateLimiter(getDb, { windowMs, now })] as const;
}

describe("rate limiter", () => {
  it("shares one credential's count across instances: the limit holds whichever instance answers", async () => {
    let t = 1_000_000_000_000;
    const [a, b] = instances(() => t);
    const decisions = [];
    for (let i = 0; i < 16; i++) {
      decisions.push(await (i % 2 === 0 ? a : b).take("key:shared", 10));
      t += 5; // Well inside one second: only the count triggers sending.
    }
    const allowed = decisions.filter((d) => d.allowed).length;
    expect(allowed).toBe(10);
    expect(decisions.slice(10).every((d) => !d.allowed && d.remaining === 0)).toBe(true);
    expect(decisions[0]).toMatchObject({ limit: 10, allowed: true });
    expect(decisions[9].remaining).toBe(0);
    const row = await getDb().selectFrom("api_rate_limits").select("count").where("key", "=", "key:shared").executeTakeFirstOrThrow();
    expect(row.count).toBe(16);
  });

  it("counts each credential on its own and starts again in the next window", async () => {
    let t = 2_000_000_000_000;
    const [a] = instances(() => t, 1_000);
    for (let i = 0; i < 3; i++) expect((await a.take("ses:one", 3)).allowed).toBe(true);
    expect((await a.take("ses:one", 3)).allowed).toBe(false);
    expect((await a.take("ses:two", 3)).allowed).toBe(true);
    const over = await a.take("ses:one", 3);
    expect(over.resetSeconds).toBe(1);
    t += 1_000;
    expect(await a.take("ses:one", 3)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("sends a credential far from its limit in batches, not once per request", async () => {
    let t = 3_000_000_000_000;
    const [a] = instances(() => t);
    const limit = 1_000;
    for (let i = 0; i < 120; i++) {
      await a.take("key:busy", limit);
      t += 1;
    }
    await new Promise((r) => setTimeout(r, 50));
    const row = await getDb().selectFrom("api_rate_limits").select("count").where("key", "=", "key:busy").executeTakeFirstOrThrow();
    // Batches of limit/20 = 50: what was sent so far is a multiple of them (plus the first request).
    expect(row.count).toBeLessThan(120);
    expect(row.count).toBeGreaterThan(0);
  });
});
