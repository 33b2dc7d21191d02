import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./events";

/**
 * The webhooks contract: endpoint create/update, the wire endpoint, deliveries. Shared by the
 * route handlers, the settings form, the OpenAPI document and the tests.
 */

const URL_MAX = 2048;

const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, "URL is required.")
  .max(URL_MAX, `At most ${URL_MAX} characters.`)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "Must be an absolute https:// URL.")
  .meta({
    format: "uri",
    example: "https://example.com/hooks/pipeline",
    description:
      "https only, without a user name or password, never a private, loopback or link-local address (checked again after DNS on every attempt). http:// and private addresses only where the server sets WEBHOOK_ALLOW_PRIVATE_URLS=1.",
  });

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, "Choose at least one event.")
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)])
  .meta({ description: "The event types to receive." });

export const webhookCreateSchema = z
  .strictObject({
    url: webhookUrlSchema,
    events: eventsSchema,
    description: z.string().trim().max(200, "At most 200 characters.").optional().default("").meta({ example: "Sync to the ERP" }),
  })
  .meta({ id: "WebhookCreate" });
export type WebhookCreateInput = z.input<typeof webhookCreateSchema>;

export const webhookUpdateSchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    events: eventsSchema.optional(),
    description: z.string().trim().max(200, "At most 200 characters.").optional(),
    enabled: z.boolean().optional().meta({ description: "false pauses deliveries; true resumes them (and clears a disable after failures)." }),
  })
  .refine((v) => Object.keys(v).length > 0, "Send at least one field.")
  .meta({ id: "WebhookUpdate" });
export type WebhookUpdateInput = z.input<typeof webhookUpdateSchema>;

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    disabled_reason: z
      .enum(["manual", "failures"])
      .nullable()
      .meta({ description: "`failures`: turned off after too many consecutive failed deliveries; `manual`: paused by a manager." }),
    consecutive_failures: z.number().int(),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "Webhook" });
export type Webhook = z.infer<typeof webhookSchema>;

export const webhookCreatedSchema = z
  .object({
    webhook: webhookSchema,
    secret: z.string().meta({ description: "The signing secret (Standard Webhooks). Shown once.", example: "whsec_…" }),
  })
  .meta({ id: "WebhookCreated" });

export const webhookEnvelopeSchema = z.object({ webhook: webhookSchema }).meta({ id: "WebhookEnvelope" });
export const webhookListSchema = z.object({ items: z.array(webhookSchema) }).meta({ id: "WebhookList" });

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    response_status: z.number().int().nullable().meta({ description: "The HTTP status of the last attempt; null when no answer came." }),
    duration_ms: z.number().int().nullable(),
    last_error: z.string().nullable(),
    last_attempt_at: z.string().nullable(),
    next_attempt_at: z.string().nullable().meta({ description: "When the next attempt is due (pending deliveries)." }),
    created_at: z.string(),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.object({ items: z.array(webhookDeliverySchema) }).meta({ id: "WebhookDeliveryList" });
export const webhookDeliveryEnvelopeSchema = z.object({ delivery: webhookDeliverySchema }).meta({ id: "WebhookDeliveryEnvelope" });
