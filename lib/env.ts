import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { z } from "zod";

/**
 * The process environment, read and validated once. Every other module reads
 * configuration from here, never from `process.env` directly.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().default(".data/pglite"),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  BETTER_AUTH_URL: z.string().url().default("http://localhost:3000"),
  TRUSTED_ORIGINS: z.string().default(""),
  PORT: z.coerce.number().int().default(3000),
  SEED_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
  BENCH_MODE: z.enum(["0", "1"]).default("0"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  AUTH_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  AUTH_RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).default(60),
  AUTH_SIGNUP_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(30),
  // Sign-in attempts per account (any number of addresses) before each next one waits, and the
  // longest wait: 2 s, 4 s, 8 s, ... up to this many seconds.
  AUTH_ACCOUNT_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  AUTH_ACCOUNT_MAX_DELAY_S: z.coerce.number().int().min(1).max(3600).default(300),
  // Requests per client per 10 minutes to the endpoints that send mail (password reset, verification).
  AUTH_EMAIL_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(5),
  // Mail: an SMTP URL (smtp://user:pass@host:587, smtps://...) sends through nodemailer; unset,
  // each message goes to the server log and the mail_outbox table instead.
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://"),
  MAIL_FROM: z.string().default("Pipeline <no-reply@pipeline.localhost>"),
  // Requests per minute (per window) each API credential may send: a person's session and an
  // integration's API key. 0 turns the limit off. Counted across instances (lib/rate-limit/).
  API_RATE_LIMIT_SESSION: z.coerce.number().int().min(0).default(600),
  API_RATE_LIMIT_KEY: z.coerce.number().int().min(0).default(1200),
  API_RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(3600).default(60),
  // Requests per window from one client address without a usable credential (none, malformed,
  // unknown, expired or revoked). 0 turns the limit off.
  API_RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(0).default(60),
  // Redis for the rate-limit counters (redis://host:6379/0). Unset, PostgreSQL counts them.
  REDIS_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || /^rediss?:\/\//.test(v), "must start with redis:// or rediss://"),
  // 1 lets webhooks reach http:// URLs and private, loopback and link-local addresses (development and tests only).
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(["0", "1"]).default("0"),
  // Whether this process runs the webhook delivery worker (0: another process, e.g. `npm run worker`, does).
  WEBHOOK_WORKER: z.enum(["0", "1"]).default("1"),
  // Days delivered and failed webhook deliveries, and their events, are kept before the worker prunes them.
  WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // How often an open event stream sends a heartbeat and checks its session again (ms).
  EVENTS_HEARTBEAT_MS: z.coerce.number().int().min(50).max(60_000).default(15_000),
  // The client's address (rate limits, session records): proxies in front of the app that may
  // add to X-Forwarded-For. Hops counted from the app, or the proxies' addresses; not both.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .refine((value) => trustList(value).every(isTrustEntry), "must be comma-separated IP addresses, CIDR ranges, loopback, linklocal or uniquelocal"),
});

type Env = z.infer<typeof schema> & { BETTER_AUTH_SECRET: string };

/** The entries of a comma-separated list, trimmed, empty ones dropped. */
export function trustList(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

function isTrustEntry(entry: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128);
}

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.TRUSTED_PROXY_HOPS > 0 && trustList(env.TRUSTED_PROXIES).length > 0) {
    throw new Error("Invalid environment variables:\n  TRUSTED_PROXY_HOPS, TRUSTED_PROXIES: set one of them, not both");
  }
  let secret = env.BETTER_AUTH_SECRET;
  if (!secret) {
    if (env.NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build") {
      throw new Error(
        "BETTER_AUTH_SECRET is required in production (32+ random characters, e.g. `openssl rand -base64 32`).",
      );
    }
    // Development and tests: a per-process secret, so sessions do not survive a restart.
    // Stable within the process via globalThis so hot reloads keep signed-in users.
    const g = globalThis as { __pipelineDevSecret?: string };
    g.__pipelineDevSecret ??= randomBytes(32).toString("base64");
    secret = g.__pipelineDevSecret;
    if (env.NODE_ENV === "development" && !process.env.VITEST) {
      console.warn("[env] BETTER_AUTH_SECRET is not set; using a generated development secret.");
    }
  }
  return { ...env, BETTER_AUTH_SECRET: secret };
}

export const env: Env = load();
