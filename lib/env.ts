import { randomBytes } from "node:crypto";
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
});

export type Env = z.infer<typeof schema> & { BETTER_AUTH_SECRET: string };

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
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
