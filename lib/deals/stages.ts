/**
 * A stage id. Each pipeline has its own stages (lib/pipelines/model.ts); every pipeline has
 * `closed_won` and `closed_lost`, so whether a stage is closed follows from its id alone.
 */
export type Stage = string;
export { isClosedStageId as isClosedStage } from "@/lib/pipelines/model";

export const LOSS_CATEGORIES = [
  { id: "price", label: "Price" },
  { id: "competitor", label: "Lost to competitor" },
  { id: "timing", label: "Timing" },
  { id: "no_budget", label: "No budget" },
  { id: "no_decision", label: "No decision" },
  { id: "product_fit", label: "Product fit" },
  { id: "other", label: "Other" },
] as const;
export type LossCategory = (typeof LOSS_CATEGORIES)[number]["id"];
export const LOSS_CATEGORY_IDS = LOSS_CATEGORIES.map((c) => c.id) as [LossCategory, ...LossCategory[]];

export const FORECAST_CATEGORIES = [
  { id: "pipeline", label: "Pipeline" },
  { id: "best_case", label: "Best case" },
  { id: "commit", label: "Commit" },
  { id: "closed", label: "Closed" },
  { id: "omitted", label: "Omitted" },
] as const;
type ForecastCategory = (typeof FORECAST_CATEGORIES)[number]["id"];
export const FORECAST_CATEGORY_IDS = FORECAST_CATEGORIES.map((c) => c.id) as [ForecastCategory, ...ForecastCategory[]];

/** Suggestions for the free-text classification fields (any short string is accepted). */
export const DEAL_TYPE_SUGGESTIONS = ["new_business", "upsell", "renewal", "expansion"] as const;
export const DEAL_SOURCE_SUGGESTIONS = ["inbound", "outbound", "referral", "rfp", "partner", "event", "website"] as const;

export const ACTIVITY_TYPES_USER = ["note", "call", "email", "meeting", "task"] as const;
export const ACTIVITY_TYPES_SYSTEM = ["created", "stage_change", "field_change", "deleted", "restored"] as const;
export type UserActivityType = (typeof ACTIVITY_TYPES_USER)[number];
export type ActivityType = UserActivityType | (typeof ACTIVITY_TYPES_SYSTEM)[number];
