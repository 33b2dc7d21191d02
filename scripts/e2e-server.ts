import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { serverLogPath } from "../e2e/server-log";

/**
 * The server Playwright tests run against: a production build (`next start`) on a fresh
 * database — a new PostgreSQL database when DATABASE_URL is set, else a new PGlite directory —
 * with the demo tenant loaded.
 */
const port = process.env.E2E_PORT ?? "3100";
process.env.PORT = port;
process.env.BETTER_AUTH_URL = `http://localhost:${port}`;
process.env.BETTER_AUTH_SECRET ??= "e2e-secret-e2e-secret-e2e-secret-0123456789";
process.env.SEED_DEMO = "always";
process.env.AUTH_RATE_LIMIT_MAX ??= "1000";
process.env.AUTH_SIGNUP_RATE_LIMIT_MAX ??= "1000";
process.env.AUTH_EMAIL_RATE_LIMIT_MAX ??= "1000";
// The webhook spec delivers to a receiver it starts on localhost.
process.env.WEBHOOK_ALLOW_PRIVATE_URLS ??= "1";

if (process.env.DATABASE_URL) {
  const base = process.env.DATABASE_URL;
  const name = `pipeline_e2e_${port}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
} else {
  process.env.PGLITE_DIR = mkdtempSync(path.join(os.tmpdir(), "pipeline-e2e-"));
}

if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(path.join(process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
}

const { prepareDatabase } = await import("./prepare");
await prepareDatabase();

// scripts/serve.mjs, as `npm start` runs it: Next.js behind the server that writes the socket address.
const child = spawn(process.execPath, ["scripts/serve.mjs", "start", "-p", port], {
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, NODE_ENV: "production" },
});
// The server's log is also kept in a file: without a mail server the app writes each message's
// link there, and the specs read it as a user reads the terminal (e2e/mail.ts).
mkdirSync("test-results", { recursive: true });
const log = createWriteStream(serverLogPath(port), { flags: "w" });
child.stdout!.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  log.write(chunk);
});
child.stderr!.on("data", (chunk: Buffer) => {
  process.stderr.write(chunk);
  log.write(chunk);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
