import "server-only";
import { createHash } from "node:crypto";
import type { Credentials } from "@/lib/api/session";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { type RateLimitDecision, RateLimiter } from "./limiter";

export type { RateLimitDecision } from "./limiter";

/**
 * The API's request limits: per credential (a session or an API key), `API_RATE_LIMIT_SESSION`
 * and `API_RATE_LIMIT_KEY` requests per `API_RATE_LIMIT_WINDOW_S` (600 and 1,200 a minute by
 * default: a person working the board sends a few a minute, an integration can pace itself).
 */
let limiter: RateLimiter | undefined;

const credentialKey = (credentials: Credentials) =>
  credentials.via === "api_key"
    ? // Already the key's SHA-256; never the secret itself.
      `key:${credentials.token.slice(0, 32)}`
    : // Never the session token itself: the table is not a place for credentials.
      `ses:${createHash("sha256").update(credentials.token).digest("hex").slice(0, 32)}`;

/** Counts the request; null when limits are off for this kind of credential. */
export async function takeApiRateLimit(credentials: Credentials): Promise<RateLimitDecision | null> {
  const limit = credentials.via === "api_key" ? env.API_RATE_LIMIT_KEY : env.API_RATE_LIMIT_SESSION;
  if (limit === 0) return null;
  limiter ??= new RateLimiter(getDb, { windowMs: env.API_RATE_LIMIT_WINDOW_S * 1000 });
  return limiter.take(credentialKey(credentials), limit);
}

/** The `RateLimit-*` headers of an answer (draft-ietf-httpapi-ratelimit-headers, as HubSpot and GitHub send them). */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}
