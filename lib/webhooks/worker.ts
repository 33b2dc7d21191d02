import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/db/tables";
import { env } from "@/lib/env";
import { decryptSecret } from "./secret";
import { type SendOptions, type SendResult, sendWebhook, signatureHeaders } from "./send";
import { WEBHOOK_BATCH_EVENT } from "./events";

/**
 * Delivers the webhook outbox. Any number of workers (one per app instance, or `npm run worker`)
 * share it: a claim takes due rows with FOR UPDATE SKIP LOCKED and, in the same statement, pushes
 * their next attempt past the attempt's deadline (a lease), so no other worker takes them while
 * they are in flight, and a worker that dies mid-attempt only delays them until the lease ends
 * (at least once: the receiver dedupes on `webhook-id`).
 *
 * A failed attempt is retried with exponential backoff and jitter (30 s doubling to 6 h: 14
 * attempts over about 26 hours), then the delivery is failed. After `disableAfter` deliveries in a
 * row failed for good, the endpoint is disabled (`disabled_reason: failures`) and its pending
 * deliveries are failed too; the settings page says so.
 *
 * Deliveries of an import (`batch_key`) claimed together go to their endpoint in one request:
 * `{"type":"batch","data":{"import_id","events":[…]}}`.
 */

type Db = Kysely<Database>;

export interface WorkerOptions {
  /** Attempts before a delivery is failed. */
  maxAttempts: number;
  /** How long to wait after the `attempt`-th failed attempt (1-based), in ms. */
  backoff: (attempt: number) => number;
  /** Deliveries failed for good in a row before the endpoint is disabled. */
  disableAfter: number;
  /** Rows claimed per round. */
  batchSize: number;
  /** How often an idle worker looks for due deliveries. */
  pollMs: number;
  /** Days a delivered or failed delivery, and an event with nothing left to deliver, are kept. */
  retentionDays: number;
  /** How often the worker prunes what retention lets go. */
  pruneEveryMs: number;
  send: SendOptions;
}

export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 6 * 3_600_000;

/** 30 s, 1 min, 2 min, … capped at 6 h, each ±20% so failing receivers are not hit in waves. */
export function defaultBackoff(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_CAP_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function defaultWorkerOptions(): WorkerOptions {
  return {
    maxAttempts: 14,
    backoff: defaultBackoff,
    disableAfter: 5,
    batchSize: 100,
    pollMs: 1_000,
    retentionDays: env.WEBHOOK_RETENTION_DAYS,
    pruneEveryMs: 3_600_000,
    send: { timeoutMs: 10_000, allowPrivate: env.WEBHOOK_ALLOW_PRIVATE_URLS === "1", allowHttp: env.WEBHOOK_ALLOW_PRIVATE_URLS === "1" },
  };
}

interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  batch_key: string | null;
  attempts: number;
}

/** Claims up to `limit` due deliveries and leases them for `leaseMs`. */
export async function claimDue(db: Db, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    with due as (
      select id from webhook_deliveries
       where status = 'pending' and next_attempt_at <= now()
       order by next_attempt_at
       limit ${limit}
       for update skip locked
    )
    update webhook_deliveries d
       set attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + ${leaseMs}::integer * interval '1 millisecond'
      from due where d.id = due.id
    returning d.id, d.endpoint_id, d.event_id, d.batch_key, d.attempts`.execute(db);
  return rows;
}

async function recordOutcome(db: Db, group: ClaimedDelivery[], result: SendResult, options: WorkerOptions): Promise<void> {
  const ids = group.map((d) => d.id);
  const endpointId = group[0].endpoint_id;
  const common = { response_status: result.status, duration_ms: result.durationMs, last_error: result.error };
  if (result.ok) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("webhook_deliveries").set({ ...common, status: "succeeded", next_attempt_at: null }).where("id", "in", ids).execute();
      await trx.updateTable("webhook_endpoints").set({ consecutive_failures: 0 }).where("id", "=", endpointId).where("consecutive_failures", ">", 0).execute();
    });
    return;
  }
  const attempts = Math.max(...group.map((d) => d.attempts));
  if (attempts < options.maxAttempts) {
    const next = new Date(Date.now() + options.backoff(attempts));
    await db.updateTable("webhook_deliveries").set({ ...common, next_attempt_at: next }).where("id", "in", ids).execute();
    return;
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("webhook_deliveries").set({ ...common, status: "failed", next_attempt_at: null }).where("id", "in", ids).execute();
    const endpoint = await trx
      .updateTable("webhook_endpoints")
      .set((eb) => ({ consecutive_failures: eb("consecutive_failures", "+", 1) }))
      .where("id", "=", endpointId)
      .returning(["consecutive_failures", "enabled"])
      .executeTakeFirst();
    if (endpoint && endpoint.enabled && endpoint.consecutive_failures >= options.disableAfter) {
      await disableEndpointForFailures(trx, endpointId);
    }
  });
}

/** Turns an endpoint off after failures; what it still had to deliver is failed with the reason. */
export async function disableEndpointForFailures(db: Db, endpointId: string): Promise<void> {
  await db.updateTable("webhook_endpoints").set({ enabled: false, disabled_reason: "failures", updated_at: new Date() }).where("id", "=", endpointId).execute();
  await db
    .updateTable("webhook_deliveries")
    .set({ status: "failed", next_attempt_at: null, last_error: "endpoint disabled after repeated failures" })
    .where("endpoint_id", "=", endpointId)
    .where("status", "=", "pending")
    .execute();
}

/** Groups claimed rows into requests: one per delivery, or one per endpoint and import. */
function requests(claimed: ClaimedDelivery[]): ClaimedDelivery[][] {
  const groups = new Map<string, ClaimedDelivery[]>();
  for (const d of claimed) {
    const key = d.batch_key === null ? `one:${d.id}` : `batch:${d.endpoint_id}:${d.batch_key}`;
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  }
  return [...groups.values()];
}

async function deliverGroup(db: Db, claimed: ClaimedDelivery[], options: WorkerOptions): Promise<void> {
  const endpoint = await db
    .selectFrom("webhook_endpoints")
    .select(["url", "secret_encrypted"])
    .where("id", "=", claimed[0].endpoint_id)
    .executeTakeFirst();
  let group = claimed;
  if (!endpoint) {
    // Deleted after these deliveries were written (its trigger removed the ones it saw).
    await db.deleteFrom("webhook_deliveries").where("id", "in", group.map((d) => d.id)).execute();
    return;
  }
  const events = await db
    .selectFrom("webhook_events")
    .select(["id", "payload"])
    .where("id", "in", group.map((d) => d.event_id))
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  if (events.length < group.length) {
    // An event can only be gone with its workspace or past retention, which keeps pending ones.
    const present = new Set(events.map((e) => e.id));
    const orphans = group.filter((d) => !present.has(d.event_id)).map((d) => d.id);
    await db.deleteFrom("webhook_deliveries").where("id", "in", orphans).execute();
    group = group.filter((d) => present.has(d.event_id));
    if (group.length === 0) return;
  }
  const secret = decryptSecret(endpoint.secret_encrypted);
  let result: SendResult;
  if (!secret) {
    result = { ok: false, status: null, durationMs: 0, error: "secret unreadable (the server secret changed): register the endpoint again" };
  } else {
    const single = group.length === 1 && group[0].batch_key === null;
    const now = new Date();
    const messageId = single ? events[0].id : `batch_${group[0].batch_key}_${group.map((d) => d.id).sort()[0]}`;
    // Payloads are stored as the JSON text to send; a batch wraps them as they are.
    const body = single
      ? events[0].payload
      : `${JSON.stringify({ id: messageId, type: WEBHOOK_BATCH_EVENT, timestamp: now.toISOString() }).slice(0, -1)},"data":{"import_id":${JSON.stringify(group[0].batch_key)},"events":[${events.map((e) => e.payload).join(",")}]}}`;
    result = await sendWebhook(endpoint.url, signatureHeaders(secret, messageId, body, now), body, options.send);
  }
  await recordOutcome(db, group, result, options);
}

/** Delivers everything due now; returns how many deliveries it attempted. */
export async function deliverDue(db: Db, options: WorkerOptions): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await claimDue(db, options.batchSize, options.send.timeoutMs + 30_000);
    if (claimed.length === 0) return total;
    total += claimed.length;
    await Promise.all(requests(claimed).map((group) => deliverGroup(db, group, options)));
  }
}

/** Rows removed per statement while pruning, so a first prune of a large outbox holds no long locks. */
const PRUNE_BATCH = 5_000;

/**
 * Removes deliveries that ended (succeeded or failed) more than `retentionDays` ago, then events
 * as old with no delivery still pending. Returns how many rows went.
 */
export async function pruneWebhookOutbox(db: Db, retentionDays: number, now = new Date()): Promise<{ deliveries: number; events: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let deliveries = 0;
  for (;;) {
    const result = await sql`
      delete from webhook_deliveries where id in (
        select id from webhook_deliveries where status <> 'pending' and created_at < ${cutoff} limit ${PRUNE_BATCH})`.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    deliveries += n;
    if (n < PRUNE_BATCH) break;
  }
  let events = 0;
  for (;;) {
    const result = await sql`
      delete from webhook_events where id in (
        select e.id from webhook_events e
         where e.created_at < ${cutoff}
           and e.id not in (select d.event_id from webhook_deliveries d where d.status = 'pending')
         limit ${PRUNE_BATCH})`.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    events += n;
    if (n < PRUNE_BATCH) break;
  }
  return { deliveries, events };
}

export interface WebhookWorker {
  /** Look for due deliveries now instead of at the next poll. */
  kick(): void;
  /** Resolves when the round in progress (if any) ends; no further rounds start. */
  stop(): Promise<void>;
}

/** A polling loop around `deliverDue`; a failed round (e.g. the database briefly gone) is logged and retried at the next poll. */
export function startWebhookWorker(getDb: () => Db, options: WorkerOptions = defaultWorkerOptions()): WebhookWorker {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let lastError = "";
  // The first prune waits a period, so starting many instances at once does not prune at once.
  let prunedAt = Date.now();

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(run, options.pollMs);
    timer.unref?.();
  };
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    running = deliverDue(getDb(), options)
      .then(async () => {
        if (Date.now() - prunedAt >= options.pruneEveryMs) {
          prunedAt = Date.now();
          await pruneWebhookOutbox(getDb(), options.retentionDays);
        }
        lastError = "";
      })
      .catch((err: unknown) => {
        // Logged once per distinct failure, not on every poll while the database is away.
        const message = err instanceof Error ? err.message : String(err);
        if (message !== lastError) console.error("[webhooks] delivery round failed:", message);
        lastError = message;
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        } else schedule();
      });
  };
  schedule();
  return {
    kick: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

const globalForWorker = globalThis as unknown as { __pipelineWebhookWorker?: WebhookWorker };

/** The process's worker, started once (dev reloads keep it). */
export function ensureWebhookWorker(getDb: () => Db): WebhookWorker {
  globalForWorker.__pipelineWebhookWorker ??= startWebhookWorker(getDb);
  return globalForWorker.__pipelineWebhookWorker;
}

/** Wakes this process's worker, if it runs one (after a test event or a retry). */
export function kickWebhookWorker(): void {
  globalForWorker.__pipelineWebhookWorker?.kick();
}
