import { Webhook, WebhookVerificationError } from "standardwebhooks";

/**
 * Verifying Pipeline's webhooks: they are signed per the Standard Webhooks specification
 * (https://www.standardwebhooks.com), so this is a thin wrapper over its reference library.
 *
 *   import { verifyWebhook } from "@pipeline-crm/sdk";
 *   const event = verifyWebhook(process.env.PIPELINE_WEBHOOK_SECRET!, rawBody, request.headers);
 *   if (event.actor.app_id === MY_APP_ID) return; // our own change coming back: skip the echo
 *
 * Pass the body exactly as received (before any JSON parsing). Throws `WebhookVerificationError`
 * when the signature does not match or the timestamp is more than five minutes away (replays).
 * Delivery is at least once: keep the `id` of events you have handled and skip repeats.
 */

export { WebhookVerificationError };

/** One change, as delivered (a `batch` carries an import's events in `data.events`). */
export interface PipelineWebhookEvent {
  id: string;
  type: string;
  timestamp: string;
  source: "ui" | "api" | "import" | string;
  /** Who made the change: the user (for an API key, its creator), and for an integration its application and key. */
  actor: { user_id: string | null; app_id: string | null; api_key: { id: string; name: string } | null };
  data: Record<string, unknown>;
  previous_attributes: Record<string, unknown> | null;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function headerRecord(headers: HeaderSource): Record<string, string> {
  const get = (name: string): string => {
    if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? "";
    const value = (headers as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(value) ? value.join(" ") : (value ?? "");
  };
  return { "webhook-id": get("webhook-id"), "webhook-timestamp": get("webhook-timestamp"), "webhook-signature": get("webhook-signature") };
}

/** The event, once its signature checks out with the endpoint's `whsec_…` secret. */
export function verifyWebhook<T = PipelineWebhookEvent>(secret: string, body: string | Uint8Array, headers: HeaderSource): T {
  return new Webhook(secret).verify(body, headerRecord(headers)) as T;
}
