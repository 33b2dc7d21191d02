import "server-only";
import { createHash } from "node:crypto";
import type { Credentials } from "@/lib/api/session";
import { clientAddress } from "@/lib/client-address";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { type CounterStore, type RateLimitDecision, RateLimiter } from "./limiter";
import { postgresCounterStore, redisCounterStore } from "./stores";

export type { RateLimitDecision } from "./limiter";

/**
 * The API's request limits: per credential (a session or an API key), `API_RATE_LIMIT_SESSION`
 * and `API_RATE_LIMIT_KEY` requests per `API_RATE_LIMIT_WINDOW_S` (600 and 1,200 a minute by
 * default: a person working the board sends a few a minute, an integration can pace itself); and
 * per client address, `API_RATE_LIMIT_ANONYMOUS` requests that came without a credential or with
 * one that does not resolve (60 a minute), so neither a flood of anonymous requests nor of made-up
 * tokens goes uncounted. The counts live in PostgreSQL, or in Redis when `REDIS_URL` is set.
 */
let limiter: RateLimiter | Promise<RateLimiter> | undefined;

async function store(): Promise<CounterStore> {
  if (!env.REDIS_URL) return postgresCounterStore(getDb);
  // Loaded only when configured: the embedded default never needs a Redis client.
  const { Redis } = await import("ioredis");
  const redis = new Redis(env.REDIS_URL, {
    // A request never waits on a Redis that is away: the limiter lets it through and retries the
    // count with the next send.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
  });
  redis.on("error", () => {});
  return redisCounterStore(redis);
}

function getLimiter(): RateLimiter | Promise<RateLimiter> {
  limiter ??= store().then((counters) => (limiter = new RateLimiter(counters, { windowMs: env.API_RATE_LIMIT_WINDOW_S * 1000 })));
  return limiter;
}

const credentialKey = (credentials: Credentials) =>
  credentials.via === "api_key"
    ? // Already the key's SHA-256; never the secret itself.
      `key:${credentials.token.slice(0, 32)}`
    : // Never the session token itself: the store is not a place for credentials.
      `ses:${createHash("sha256").update(credentials.token).digest("hex").slice(0, 32)}`;

/** Counts the request against its credential; null when limits are off for this kind of credential. */
export async function takeApiRateLimit(credentials: Credentials): Promise<RateLimitDecision | null> {
  const limit = credentials.via === "api_key" ? env.API_RATE_LIMIT_KEY : env.API_RATE_LIMIT_SESSION;
  if (limit === 0) return null;
  return (await getLimiter()).take(credentialKey(credentials), limit);
}

/**
 * Counts a request that has no usable credential against the client's address (every such
 * request from an unknown address shares one count, as lib/client-address.ts explains).
 */
export async function takeAnonymousRateLimit(headers: Headers): Promise<RateLimitDecision | null> {
  if (env.API_RATE_LIMIT_ANONYMOUS === 0) return null;
  const address = clientAddress(headers) ?? "unknown";
  return (await getLimiter()).take(`ip:${createHash("sha256").update(address).digest("hex").slice(0, 32)}`, env.API_RATE_LIMIT_ANONYMOUS);
}

/** The `RateLimit-*` headers of an answer (draft-ietf-httpapi-ratelimit-headers, as HubSpot and GitHub send them). */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}
