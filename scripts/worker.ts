/**
 * `npm run worker`: the webhook delivery worker on its own, for PostgreSQL deployments that run
 * it beside the app servers (or instead of theirs: set WEBHOOK_WORKER=0 on the app servers).
 * Any number may run; they share the outbox without delivering an event twice at once.
 * PGlite allows one process per data directory, so there the app's own worker is the only one.
 */
import { ensureDevSecret } from "./prepare";

// The worker decrypts endpoint secrets with a key derived from BETTER_AUTH_SECRET: it must be the
// app's. In development that is the generated one `npm run dev` keeps in .data/dev-secret.
if (process.env.NODE_ENV !== "production") ensureDevSecret();
const { env } = await import("@/lib/env");
if (!env.DATABASE_URL) {
  console.error("[webhooks] npm run worker needs DATABASE_URL (PostgreSQL); with the embedded database the app delivers webhooks itself.");
  process.exit(1);
}
const { createDb } = await import("@/lib/db");
const { startWebhookWorker } = await import("@/lib/webhooks/worker");
const handle = createDb({ poolMax: 4 });
const worker = startWebhookWorker(() => handle.db);
console.log("[webhooks] worker started");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void worker
      .stop()
      .then(() => handle.db.destroy())
      .then(() => process.exit(0));
  });
}
// Keep the process alive: the worker's timer is unref'd so it never holds other processes open.
setInterval(() => {}, 1 << 30);
