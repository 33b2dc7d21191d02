/** The pipeline's stages, in board order, with their display names and default probabilities. */
export const STAGES = [
  { id: "lead", label: "Lead", probability: 10, closed: false },
  { id: "qualification", label: "Qualification", probability: 20, closed: false },
  { id: "proposal", label: "Proposal", probability: 50, closed: false },
  { id: "negotiation", label: "Negotiation", probability: 80, closed: false },
  { id: "closed_won", label: "Won", probability: 100, closed: true },
  { id: "closed_lost", label: "Lost", probability: 0, closed: true },
] as const;

export type Stage = (typeof STAGES)[number]["id"];
export const STAGE_IDS = STAGES.map((s) => s.id) as [Stage, ...Stage[]];
export const OPEN_STAGES: Stage[] = STAGES.filter((s) => !s.closed).map((s) => s.id);

const byId = new Map(STAGES.map((s) => [s.id as Stage, s]));

function stageInfo(stage: Stage) {
  return byId.get(stage)!;
}

export const defaultProbability = (stage: Stage): number => stageInfo(stage).probability;
export const isClosedStage = (stage: Stage): boolean => stageInfo(stage).closed;

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

/** Days a deal may sit in one open stage before the board marks it stale. */
export const STALE_AFTER_DAYS = 30;
