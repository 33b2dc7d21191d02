import { type Kysely, sql } from "kysely";
import type { Redis } from "ioredis";
import type { Database } from "@/db/tables";
import type { CounterStore } from "./limiter";

/**
 * PostgreSQL: one unlogged row per credential and window (migration 2026-12-08T1110), upserted in
 * batches; the default, so a deployment needs nothing beyond its database.
 */
export function postgresCounterStore(db: () => Kysely<Database>): CounterStore {
  return {
    async add(key, windowStart, _windowMs, count) {
      const row = await sql<{ count: number }>`
        insert into api_rate_limits (key, window_start, count) values (${key}, ${windowStart}, ${count})
        on conflict (key, window_start) do update set count = api_rate_limits.count + excluded.count
        returning count`.execute(db());
      return Number(row.rows[0]?.count ?? 0);
    },
    async sweep(before) {
      await sql`delete from api_rate_limits where window_start < ${before}`.execute(db());
    },
  };
}

/**
 * Redis (`REDIS_URL`): INCRBY on one key per credential and window, which expires a window after
 * its own ends, in one MULTI round trip. It takes the counting off the database of a busy
 * deployment; the answers are the same as PostgreSQL's.
 */
export function redisCounterStore(redis: Redis, prefix = "pipeline:rate:"): CounterStore {
  return {
    async add(key, windowStart, windowMs, count) {
      const name = `${prefix}${key}:${windowStart.getTime()}`;
      const results = await redis
        .multi()
        .incrby(name, count)
        .pexpireat(name, windowStart.getTime() + 2 * windowMs)
        .exec();
      const [error, total] = results?.[0] ?? [new Error("Redis answered no result"), 0];
      if (error) throw error;
      return Number(total);
    },
    async sweep() {},
  };
}
