import "server-only";
import { isIP } from "node:net";
import type { Kysely, Selectable } from "kysely";
import type { Database, WebhookDeliveryTable, WebhookEndpointTable } from "@/db/tables";
import { AppError, forbidden, notFound } from "@/lib/api/errors";
import type { Caller } from "@/lib/api/session";
import { inTransaction } from "@/lib/db-transaction";
import { env } from "@/lib/env";
import { canInWorkspace } from "@/lib/permissions";
import { isPrivateAddress } from "./address";
import { WEBHOOK_TEST_EVENT } from "./events";
import type { Webhook, WebhookCreateInput, WebhookDelivery, WebhookUpdateInput } from "./schema";
import { encryptSecret, newWebhookSecret } from "./secret";
import { kickWebhookWorker } from "./worker";

/**
 * A workspace's webhook endpoints and their deliveries: managers only, from a person's session
 * (the route handler already refuses API keys outside /api/v1/crm). Another workspace's endpoint
 * or delivery is a 404. The signing secret leaves the server once, in the create answer.
 */

type Db = Kysely<Database>;
type WebhookManager = Pick<Caller, "tenantId" | "userId" | "isManager" | "apiKey">;

/** The newest deliveries listed per endpoint. */
const DELIVERY_LIST_LIMIT = 100;

function assertMayManage(caller: WebhookManager): void {
  if (caller.apiKey) throw forbidden("API keys cannot manage webhooks; sign in as a manager.");
  if (!canInWorkspace(caller, "manage_webhooks")) throw forbidden("Only owners and admins can manage webhooks.");
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

const allowPrivate = () => env.WEBHOOK_ALLOW_PRIVATE_URLS === "1";

/** The server's rules for a URL beyond its syntax: https, no credentials, no private IP literal or localhost. */
function assertDeliverableUrl(value: string): void {
  const url = new URL(value);
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  let problem: string | null = null;
  if (url.username || url.password) problem = "Must not contain a user name or password.";
  else if (!allowPrivate()) {
    if (url.protocol !== "https:") problem = "Must be an https:// URL.";
    else if ((isIP(host) && isPrivateAddress(host)) || host === "localhost" || host.endsWith(".localhost")) {
      problem = "Must not point to a private, loopback or link-local address.";
    }
  }
  if (problem) {
    throw new AppError(400, "validation_failed", "The request has invalid fields.", { errors: [{ field: "url", code: "invalid_url", message: problem }] });
  }
}

function toWebhook(row: Selectable<WebhookEndpointTable>): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    consecutive_failures: row.consecutive_failures,
    created_by: row.created_by,
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
  };
}

function toDelivery(row: Selectable<WebhookDeliveryTable> & { event_type: string }): WebhookDelivery {
  return {
    id: row.id,
    event_id: row.event_id,
    event_type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    response_status: row.response_status,
    duration_ms: row.duration_ms,
    last_error: row.last_error,
    last_attempt_at: iso(row.last_attempt_at),
    next_attempt_at: row.status === "pending" ? iso(row.next_attempt_at) : null,
    created_at: iso(row.created_at)!,
  };
}

async function endpointRow(db: Db, tenantId: string, id: string) {
  const row = await db.selectFrom("webhook_endpoints").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Webhook");
  return row;
}

export async function listWebhooks(db: Db, caller: WebhookManager): Promise<Webhook[]> {
  assertMayManage(caller);
  const rows = await db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .where("tenant_id", "=", caller.tenantId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toWebhook);
}

export async function getWebhook(db: Db, caller: WebhookManager, id: string): Promise<Webhook> {
  assertMayManage(caller);
  return toWebhook(await endpointRow(db, caller.tenantId, id));
}

/** A new endpoint; its signing secret is returned here once and stored encrypted. */
export async function createWebhook(db: Db, caller: WebhookManager, input: WebhookCreateInput): Promise<{ webhook: Webhook; secret: string }> {
  assertMayManage(caller);
  assertDeliverableUrl(input.url);
  const secret = newWebhookSecret();
  const row = await db
    .insertInto("webhook_endpoints")
    .values({
      id: `wh_${crypto.randomUUID().replaceAll("-", "")}`,
      tenant_id: caller.tenantId,
      url: input.url,
      description: input.description ?? "",
      events: input.events,
      secret_encrypted: encryptSecret(secret),
      created_by: caller.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { webhook: toWebhook(row), secret };
}

export async function updateWebhook(db: Db, caller: WebhookManager, id: string, input: WebhookUpdateInput): Promise<Webhook> {
  assertMayManage(caller);
  if (input.url !== undefined) assertDeliverableUrl(input.url);
  return inTransaction(db, async (trx) => {
    const current = await endpointRow(trx, caller.tenantId, id);
    const enabling = input.enabled === true && !current.enabled;
    const disabling = input.enabled === false && current.enabled;
    const row = await trx
      .updateTable("webhook_endpoints")
      .set({
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(enabling ? { enabled: true, disabled_reason: null, consecutive_failures: 0 } : {}),
        ...(disabling ? { enabled: false, disabled_reason: "manual" as const } : {}),
        updated_at: new Date(),
      })
      .where("tenant_id", "=", caller.tenantId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (disabling) {
      await trx
        .updateTable("webhook_deliveries")
        .set({ status: "failed", next_attempt_at: null, last_error: "endpoint disabled" })
        .where("endpoint_id", "=", id)
        .where("status", "=", "pending")
        .execute();
    }
    return toWebhook(row);
  });
}

/** Deletes the endpoint with its deliveries. */
export async function deleteWebhook(db: Db, caller: WebhookManager, id: string): Promise<void> {
  assertMayManage(caller);
  const deleted = await db.deleteFrom("webhook_endpoints").where("tenant_id", "=", caller.tenantId).where("id", "=", id).executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw notFound("Webhook");
}

const deliveriesOf = (db: Db, tenantId: string, endpointId: string) =>
  db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_events as e", "e.id", "d.event_id")
    .selectAll("d")
    .select("e.type as event_type")
    .where("d.tenant_id", "=", tenantId)
    .where("d.endpoint_id", "=", endpointId);

/** The endpoint's newest deliveries (never the secret, nor the payload). */
export async function listDeliveries(db: Db, caller: WebhookManager, endpointId: string): Promise<WebhookDelivery[]> {
  assertMayManage(caller);
  await endpointRow(db, caller.tenantId, endpointId);
  const rows = await deliveriesOf(db, caller.tenantId, endpointId).orderBy("d.created_at", "desc").orderBy("d.id", "desc").limit(DELIVERY_LIST_LIMIT).execute();
  return rows.map(toDelivery);
}

/** Makes a delivery due now (again): a failed one gets a fresh round of attempts. */
export async function retryDelivery(db: Db, caller: WebhookManager, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
  assertMayManage(caller);
  const updated = await db
    .updateTable("webhook_deliveries")
    .set({ status: "pending", attempts: 0, next_attempt_at: new Date() })
    .where("tenant_id", "=", caller.tenantId)
    .where("endpoint_id", "=", endpointId)
    .where("id", "=", deliveryId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw notFound("Delivery");
  kickWebhookWorker();
  const row = await deliveriesOf(db, caller.tenantId, endpointId).where("d.id", "=", deliveryId).executeTakeFirstOrThrow();
  return toDelivery(row);
}

/** Queues a `webhook.test` event for this endpoint only (whatever it subscribes to). */
export async function sendTestEvent(db: Db, caller: WebhookManager, endpointId: string): Promise<WebhookDelivery> {
  assertMayManage(caller);
  await endpointRow(db, caller.tenantId, endpointId);
  const eventId = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
  const deliveryId = `whd_${crypto.randomUUID().replaceAll("-", "")}`;
  const now = new Date();
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto("webhook_events")
      .values({
        id: eventId,
        tenant_id: caller.tenantId,
        type: WEBHOOK_TEST_EVENT,
        source: "ui",
        payload: JSON.stringify({
          id: eventId,
          type: WEBHOOK_TEST_EVENT,
          timestamp: now.toISOString(),
          source: "ui",
          actor: { user_id: caller.userId, app_id: null, api_key: null },
          data: { webhook_id: endpointId, message: "A test event from Pipeline." },
          previous_attributes: null,
        }),
        created_at: now,
      })
      .execute();
    await trx
      .insertInto("webhook_deliveries")
      .values({ id: deliveryId, tenant_id: caller.tenantId, endpoint_id: endpointId, event_id: eventId, next_attempt_at: now, created_at: now })
      .execute();
  });
  kickWebhookWorker();
  const row = await deliveriesOf(db, caller.tenantId, endpointId).where("d.id", "=", deliveryId).executeTakeFirstOrThrow();
  return toDelivery(row);
}
