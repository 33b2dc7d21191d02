/**
 * Runs once when the server starts. On Node.js it puts one guard in front of Next.js's request
 * listener (lib/server/request-guard.ts): methods Next.js cannot handle and paths it cannot
 * percent-decode get a problem+json answer instead of Next.js's plain-text 500.
 *
 * A proxy.ts (Next.js middleware) could answer the bad paths too, but not TRACE, and running it
 * on every request cost the hot GET /deals/{id} 18–44% of its throughput (three interleaved
 * rounds at c=16 on a busy 2-core machine: 156, 169, 235 req/s with it, 192, 301, 389 without).
 *
 * It also starts this process's webhook delivery worker (lib/webhooks/worker.ts), which shares the
 * app's database handle: on PGlite, the only process that may open the data directory.
 *
 * The import sits inside the runtime check, as Next.js documents, so the Edge compilation of this
 * file drops it instead of warning about node:http.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installRequestGuard } = await import("@/lib/server/request-guard");
    installRequestGuard();
    // The webhook delivery worker starts with the app (WEBHOOK_WORKER=0 leaves it to `npm run worker`).
    const { env } = await import("@/lib/env");
    if (env.WEBHOOK_WORKER === "1") {
      const { getDb } = await import("@/lib/db");
      const { ensureWebhookWorker } = await import("@/lib/webhooks/worker");
      ensureWebhookWorker(getDb);
    }
  }
}
