import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { type CounterStore, RateLimiter } from "./limiter";
import { postgresCounterStore, redisCounterStore } from "./stores";

/**
 * The limiter on each store it can count in: PostgreSQL (the default) and Redis (`REDIS_URL`).
 * Redis is at `REDIS_TEST_URL` (default redis://127.0.0.1:6379). CI starts one and sets
 * REDIS_TEST_REQUIRED=1, so there a Redis that does not answer fails the suite instead of
 * skipping its half.
 */
const redisUrl = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 1_000 });
redis.on("error", () => {});
const redisAnswers = await redis
  .connect()
  .then(() => redis.ping())
  .then(() => true)
  .catch(() => false);
if (!redisAnswers && process.env.REDIS_TEST_REQUIRED === "1") throw new Error(`REDIS_TEST_REQUIRED=1 but no Redis answers at ${redisUrl}`);
afterAll(() => redis.disconnect());

// Keys unique to this run: Redis outlives test databases.
const run = Math.random().toString(36).slice(2, 10);
const prefix = `pipeline-test:${run}:`;

const stores: { name: string; store: () => CounterStore; total: (key: string) => Promise<number>; skip: boolean }[] = [
  {
    name: "PostgreSQL",
    store: () => postgresCounterStore(getDb),
    total: async (key) => {
      const rows = await getDb().selectFrom("api_rate_limits").select("count").where("key", "=", key).execute();
      return rows.reduce((sum, row) => sum + row.count, 0);
    },
    skip: false,
  },
  {
    name: `Redis${redisAnswers ? "" : " (skipped: no Redis answers at REDIS_TEST_URL)"}`,
    store: () => redisCounterStore(redis, prefix),
    total: async (key) => {
      const names = await redis.keys(`${prefix}${key}:*`);
      const values = names.length ? await redis.mget(...names) : [];
      return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
    },
    skip: !redisAnswers,
  },
];

describe.each(stores)("rate limiter on $name", ({ store, total, skip }) => {
  /** Two limiters on one store stand for two app instances. */
  function instances(now: () => number, windowMs = 60_000) {
    const counters = store();
    return [new RateLimiter(counters, { windowMs, now }), new RateLimiter(counters, { windowMs, now })] as const;
  }
  // Real time (Redis expires windows by the clock), at the start of a minute so a test stays in one window.
  const minute = () => Math.floor(Date.now() / 60_000) * 60_000;
  const key = (name: string) => `${name}-${run}`;

  it.skipIf(skip)("shares one credential's count across instances: the limit holds whichever instance answers", async () => {
    let t = minute();
    const [a, b] = instances(() => t);
    const decisions = [];
    for (let i = 0; i < 16; i++) {
      decisions.push(await (i % 2 === 0 ? a : b).take(key("key:shared"), 10));
      t += 5; // Well inside one second: only the count triggers sending.
    }
    const allowed = decisions.filter((d) => d.allowed).length;
    expect(allowed).toBe(10);
    expect(decisions.slice(10).every((d) => !d.allowed && d.remaining === 0)).toBe(true);
    expect(decisions[0]).toMatchObject({ limit: 10, allowed: true });
    expect(decisions[9].remaining).toBe(0);
    expect(await total(key("key:shared"))).toBe(16);
  });

  it.skipIf(skip)("counts each credential on its own and starts again in the next window", async () => {
    let t = Math.floor(Date.now() / 1_000) * 1_000;
    const [a] = instances(() => t, 1_000);
    for (let i = 0; i < 3; i++) expect((await a.take(key("ses:one"), 3)).allowed).toBe(true);
    expect((await a.take(key("ses:one"), 3)).allowed).toBe(false);
    expect((await a.take(key("ses:two"), 3)).allowed).toBe(true);
    const over = await a.take(key("ses:one"), 3);
    expect(over.resetSeconds).toBe(1);
    t += 1_000;
    expect(await a.take(key("ses:one"), 3)).toMatchObject({ allowed: true, remaining: 2 });
    // Its sweep of ended one-second windows must not land in the next test's minute window.
    await a.settled();
  });

  it.skipIf(skip)("sends a credential far from its limit in batches, not once per request", async () => {
    let t = minute();
    const [a] = instances(() => t);
    const limit = 1_000;
    for (let i = 0; i < 120; i++) {
      await a.take(key("key:busy"), limit);
      t += 1;
    }
    await a.settled();
    // Batches of limit/20 = 50: two were sent, the last 20 requests wait for the next send.
    expect(await total(key("key:busy"))).toBe(100);
  });

  it.skipIf(skip)("writes nothing for a credential seen once: made-up tokens cost the store nothing", async () => {
    const t = minute();
    const [a] = instances(() => t);
    for (let i = 0; i < 50; i++) expect((await a.take(key(`key:made-up-${i}`), 1_200)).allowed).toBe(true);
    await a.settled();
    for (let i = 0; i < 50; i += 10) expect(await total(key(`key:made-up-${i}`))).toBe(0);
  });
});

describe.skipIf(!redisAnswers)("Redis counter store", () => {
  it("expires a window's count after the next window ends", async () => {
    const counters = redisCounterStore(redis, prefix);
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    expect(await counters.add("ttl", start, 60_000, 3)).toBe(3);
    expect(await counters.add("ttl", start, 60_000, 2)).toBe(5);
    const ttl = await redis.pttl(`${prefix}ttl:${start.getTime()}`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });
});
