import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

/** Loads lib/env.ts in a fresh process with exactly the given environment. */
function loadEnv(vars: Record<string, string>) {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "-e", 'import("./lib/env.ts").then((m) => console.log(JSON.stringify({ ok: true, url: m.env.DATABASE_URL ?? null, secretLength: m.env.BETTER_AUTH_SECRET.length })))'],
    { cwd: root, env: { PATH: process.env.PATH ?? "", ...vars } as unknown as NodeJS.ProcessEnv, encoding: "utf8" },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each case starts a Node process with tsx (about a second each, more on a busy machine).
describe("env", { timeout: 30_000 }, () => {
  it("fails fast in production without BETTER_AUTH_SECRET, naming the variable", () => {
    const r = loadEnv({ NODE_ENV: "production" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("BETTER_AUTH_SECRET is required in production");
  });

  it("generates a development secret with a warning", () => {
    const r = loadEnv({ NODE_ENV: "development" });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).secretLength).toBeGreaterThanOrEqual(32);
    expect(r.stderr).toContain("BETTER_AUTH_SECRET is not set");
  });

  it("rejects malformed variables with their names", () => {
    const r = loadEnv({ NODE_ENV: "development", DATABASE_URL: "not a url", DB_POOL_MAX: "0" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("DATABASE_URL");
    expect(r.stderr).toContain("DB_POOL_MAX");
  });

  it("treats an empty DATABASE_URL as unset (embedded database)", () => {
    const r = loadEnv({ NODE_ENV: "development", DATABASE_URL: "", BETTER_AUTH_SECRET: "x".repeat(40) });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, url: null });
  });

  it("refuses a malformed proxy list, both kinds of proxy settings at once, and a non-SMTP mail URL", () => {
    const base = { NODE_ENV: "development", BETTER_AUTH_SECRET: "x".repeat(40) };
    const bad = loadEnv({ ...base, TRUSTED_PROXIES: "10.0.0.0/8, not-an-address" });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("TRUSTED_PROXIES");
    const both = loadEnv({ ...base, TRUSTED_PROXY_HOPS: "1", TRUSTED_PROXIES: "10.0.0.0/8" });
    expect(both.status).not.toBe(0);
    expect(both.stderr).toContain("set one of them, not both");
    const mail = loadEnv({ ...base, SMTP_URL: "http://mail.example" });
    expect(mail.status).not.toBe(0);
    expect(mail.stderr).toContain("SMTP_URL");
    expect(loadEnv({ ...base, TRUSTED_PROXIES: "loopback, 10.0.0.0/8, 2001:db8::/32", SMTP_URL: "smtp://localhost:2525" }).status).toBe(0);
  });
});
