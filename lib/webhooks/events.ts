/**
 * The event types an endpoint can subscribe to: one per change of a record. Written by the
 * records' triggers (db/migrations/2026-12-10T1000-webhooks.ts); a pure module, shared by the
 * API's schema and the settings form.
 */
export const WEBHOOK_EVENT_TYPES = [
  "deal.created",
  "deal.updated",
  "deal.stage_changed",
  "deal.deleted",
  "deal.restored",
  "activity.created",
  "activity.updated",
  "activity.deleted",
  "company.created",
  "company.updated",
  "company.deleted",
  "company.restored",
  "contact.created",
  "contact.updated",
  "contact.deleted",
  "contact.restored",
  "pipeline.created",
  "pipeline.updated",
  "pipeline.deleted",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The type of the event a "send test event" action delivers (never written by a change). */
export const WEBHOOK_TEST_EVENT = "webhook.test";

/** The type of a request carrying an import's events together. */
export const WEBHOOK_BATCH_EVENT = "batch";
