import { json, withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { webhookCreateSchema } from "@/lib/webhooks/schema";
import { createWebhook, listWebhooks } from "@/lib/webhooks/service";

export const dynamic = "force-dynamic";

/** The workspace's webhook endpoints (never their secrets): managers, from a session. */
export const GET = withApi({}, async ({ caller }) => ({ items: await listWebhooks(getDb(), caller) }));

/** 201 `{ webhook, secret }`: the signing secret is in this answer only. */
export const POST = withApi({ body: webhookCreateSchema }, async ({ caller, body }) => {
  const created = await createWebhook(getDb(), caller, body);
  return json(created, { status: 201, headers: { location: `/api/v1/webhooks/${created.webhook.id}`, "cache-control": "no-store" } });
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
