import { z } from "zod";
import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { webhookUpdateSchema } from "@/lib/webhooks/schema";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/webhooks/service";

export const dynamic = "force-dynamic";

// Any string: a malformed id is simply not found, like another workspace's endpoint.
const params = z.object({ id: z.string() });

export const GET = withApi({ params }, async ({ caller, params }) => ({ webhook: await getWebhook(getDb(), caller, params.id) }));

/** Change the URL, events or description; `enabled` pauses or resumes deliveries. */
export const PATCH = withApi({ params, body: webhookUpdateSchema }, async ({ caller, params, body }) => ({
  webhook: await updateWebhook(getDb(), caller, params.id, body),
}));

/** Deletes the endpoint and its deliveries. */
export const DELETE = withApi({ params }, async ({ caller, params }) => {
  await deleteWebhook(getDb(), caller, params.id);
  return new Response(null, { status: 204 });
});

export const { HEAD, POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
