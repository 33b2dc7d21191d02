import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * Table types, written by hand. better-auth's tables keep its default camelCase
 * column names (its adapter expects them); our own tables use snake_case.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string | null, string | null | undefined, string | null>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
/** numeric comes back as a string from both drivers; written as a number or string. */
type Numeric = ColumnType<string, number | string, number | string>;
/** A column the database's triggers write: read it, never insert or update it. */
type WrittenByTriggers<T> = ColumnType<T, never, never>;

export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  /** The UI and mail language the person chose ("en", "ja"); null: their browser's. */
  locale: string | null;
  /** Where they land after signing in ("board", "today"); null: their role's default (migration 2026-12-09T1000-task-fields). */
  start_page: Generated<string | null>;
  image: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SessionTable {
  id: string;
  expiresAt: Timestamp;
  token: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  ipAddress: string | null;
  userAgent: string | null;
  userId: string;
  activeOrganizationId: string | null;
}

export interface AccountTable {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  scope: string | null;
  password: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface VerificationTable {
  id: string;
  identifier: string;
  value: string;
  expiresAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OrganizationTable {
  id: string;
  name: string;
  slug: string;
  logo: string | null;
  createdAt: Timestamp;
  metadata: string | null;
}

export interface MemberTable {
  id: string;
  organizationId: string;
  userId: string;
  role: string;
  createdAt: Timestamp;
}

export interface InvitationTable {
  id: string;
  organizationId: string;
  email: string;
  role: string | null;
  status: string;
  expiresAt: Timestamp;
  createdAt: Timestamp;
  inviterId: string;
}

export interface RateLimitTable {
  id: string;
  key: string;
  count: number;
  lastRequest: ColumnType<number, number, number>;
}

/** Sign-in attempts per account or trusted device (lib/auth-gate/sign-in-throttle.ts). */
export interface SignInThrottleTable {
  key: string;
  attempts: number;
  last_attempt_at: Timestamp;
  locked_until: Date | null;
}

/** Per-client counts for auth endpoints whose path carries a token (lib/auth-gate/client-limit.ts). */
export interface AuthClientLimitTable {
  key: string;
  count: number;
  window_ends_at: Date;
}

/** Mail kept instead of sent when no SMTP server is configured (lib/mail/send.ts). */
export interface MailOutboxTable {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: Generated<Date>;
}

/** The hashed secret of each invitation link (lib/invitations.ts). */
export interface InvitationSecretTable {
  invitation_id: string;
  secret_hash: string;
  created_at: Generated<Date>;
}

/** Integration API keys (lib/api-keys/): the secret's SHA-256 only. */
export interface ApiKeyTable {
  id: string;
  tenant_id: string;
  app_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  access: "read" | "read_write";
  scope: "workspace" | "application";
  created_by: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** Request counts per API credential and window (lib/rate-limit/). */
export interface ApiRateLimitTable {
  key: string;
  window_start: Date;
  count: number;
}

// ---------- CSV imports (lib/imports/) ----------

/** One issue of a failed import row: the file's line and why. */
export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

export interface ImportTable {
  id: string;
  tenant_id: string;
  entity: "deals" | "companies" | "contacts";
  status: "draft" | "queued" | "running" | "completed" | "failed" | "undone";
  file_name: string | null;
  encoding: string;
  headers: Json<string[]>;
  mapping: Json<(string | null)[]>;
  create_missing: Generated<boolean>;
  /** The decoded file, kept until the import has run (null after). */
  csv: string | null;
  /** Who runs it, as the services need them (no secret). */
  caller: Json<{ userId: string; isManager: boolean; dealVisibility: "all" | "own" }>;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  created_rows: Generated<number>;
  failed_rows: Generated<number>;
  errors: Json<ImportRowError[]>;
  created_by: string;
  created_at: Generated<Date>;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
  undone_at: Date | null;
  undone_by: string | null;
}

export interface ImportRecordTable {
  import_id: string;
  tenant_id: string;
  kind: "deal" | "company" | "contact";
  record_id: string;
  line: number | null;
}

export interface AuditEntry {
  from: string | null;
  to: string;
  at: string;
  by: string | null;
  /** On a move to another pipeline: the pipelines it left and entered. */
  from_pipeline?: string;
  to_pipeline?: string;
  /** The API key that made the change, when an integration did. */
  api_key_id?: string;
  /**
   * An edit, completion or deletion of one of the deal's activities (not a stage change: `from`
   * and `to` are then both the deal's stage), with the values it replaced.
   */
  activity?: { id: string; type: string; action: "edited" | "completed" | "reopened" | "deleted"; before: Record<string, unknown> };
}

export interface DealTable {
  id: string;
  tenant_id: string;
  app_id: string | null;
  deal_number: string;
  name: string;
  amount: Numeric | null;
  currency: string;
  stage: string;
  probability: number;
  company_id: string | null;
  contact_id: string | null;
  contact_ids: TextArray;
  assigned_member_id: string | null;
  expected_close_date: DateOnly;
  won_date: DateOnly;
  actual_close_date: DateOnly;
  next_followup_date: DateOnly;
  lost_reason: string | null;
  loss_category: string | null;
  closure_notes: string | null;
  note: string | null;
  /** Never null once stored: a deal inserted without one goes to the default pipeline (a trigger). */
  pipeline_id: ColumnType<string, string | undefined, string>;
  forecast_category: string | null;
  deal_type: string | null;
  deal_source: string | null;
  competitors: TextArray;
  rfp_record_id: string | null;
  quote_ids: TextArray;
  proposal_ids: TextArray;
  attachment_refs: TextArray;
  linked_task_ids: TextArray;
  tags: TextArray;
  custom_fields: Json<Record<string, unknown>>;
  position: string;
  stage_entered_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
  updated_by: string | null;
  source: string;
  source_type: string;
  is_deleted: Generated<boolean>;
  deleted_at: Date | null;
  deleted_by: string | null;
  schema_version: Generated<number>;
  version: Generated<number>;
  audit_log: Json<AuditEntry[]>;
  // Kept by triggers (migration 2026-11-22T1000-deal-read-model), never written by the app.
  company_name: WrittenByTriggers<string | null>;
  contact_name: WrittenByTriggers<string | null>;
  /** The deal as the API answers it (its JSON) up to `assigned_member_id`, without the closing brace; rebuilt on every write. */
  wire_head: WrittenByTriggers<string>;
  /** The rest of that JSON from `expected_close_date` on (the owner's name goes between, from a join). */
  wire_tail: WrittenByTriggers<string>;
  // The next step (migration 2026-12-09T1000-task-fields): the earliest open task, kept by the
  // task writes (lib/deals/next-step.ts); `next_followup_manual` when a person set the follow-up date.
  next_task_id: Generated<string | null>;
  next_task_due: Generated<Date | null>;
  next_task_all_day: Generated<boolean>;
  next_task_title: Generated<string | null>;
  next_followup_manual: Generated<boolean>;
  // Kept by a trigger (migration 2026-12-09T2000-deal-search-text), never written by the app.
  /** The folded (`search_fold`) number, name, company, contact names and tags the deals search matches. */
  search_text: WrittenByTriggers<string>;
}

export interface DealActivityTable {
  id: string;
  tenant_id: string;
  deal_id: string;
  type: string;
  content: string | null;
  data: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
  created_at: Timestamp;
  created_by: string | null;
  source_type: string;
  // Tasks (migration 2026-12-09T1000-task-fields): due day (`due_all_day`, stored at 00:00 UTC)
  // or instant, assignee and done state; every activity's version and last edit.
  due_at: Generated<Date | null>;
  due_all_day: Generated<boolean>;
  assignee_id: Generated<string | null>;
  done: Generated<boolean>;
  done_at: Generated<Date | null>;
  edited_at: Generated<Date | null>;
  version: Generated<number>;
}

export interface CompanyTable {
  id: string;
  tenant_id: string;
  /** The application whose API key created it; null when a person did. */
  app_id: Generated<string | null>;
  name: string;
  domain: string | null;
  industry: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
  updated_by: string | null;
  is_deleted: Generated<boolean>;
  deleted_at: Date | null;
  deleted_by: string | null;
  version: Generated<number>;
}

export interface ContactTable {
  id: string;
  tenant_id: string;
  /** The application whose API key created it; null when a person did. */
  app_id: Generated<string | null>;
  company_id: string | null;
  first_name: string;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  title: string | null;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
  updated_by: string | null;
  is_deleted: Generated<boolean>;
  deleted_at: Date | null;
  deleted_by: string | null;
  version: Generated<number>;
}

export interface DealCounterTable {
  tenant_id: string;
  year: number;
  last_value: number;
}

/** The trigger's shard rows; `deal_stage_totals` is a view summing them per pipeline, stage and currency. */
export interface DealStageTotalShardsTable {
  tenant_id: string;
  pipeline_id: string;
  stage: string;
  currency: string;
  shard: number;
  deal_count: number;
  amount_sum: Numeric;
  weighted_sum: Numeric;
}

export interface DealStageTotalsTable {
  tenant_id: string;
  pipeline_id: string;
  stage: string;
  currency: string;
  deal_count: number;
  amount_sum: Numeric;
  weighted_sum: Numeric;
}

export interface PipelineTable {
  id: string;
  tenant_id: string;
  name: string;
  is_default: Generated<boolean>;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
  updated_by: string | null;
  version: Generated<number>;
}

export interface PipelineStageTable {
  tenant_id: string;
  pipeline_id: string;
  id: string;
  name: string;
  kind: "open" | "won" | "lost";
  probability: number;
  rotting_days: number | null;
  position: number;
}

export interface IdempotencyKeyTable {
  tenant_id: string;
  /** Whose key it is: the user (a session) or, later, the integration's key id. */
  principal_id: Generated<string>;
  key: string;
  scope: string;
  request_hash: string;
  status: number | null;
  response: Json<unknown> | null;
  created_at: Timestamp;
}

/** Settings of a workspace that are ours rather than better-auth's; no row means the defaults. */
export interface WorkspaceSettingsTable {
  tenant_id: string;
  deal_visibility: Generated<"all" | "own">;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** Webhook subscriptions of a workspace (lib/webhooks/); the secret is stored encrypted. */
export interface WebhookEndpointTable {
  id: string;
  tenant_id: string;
  url: string;
  description: Generated<string>;
  events: TextArray;
  enabled: Generated<boolean>;
  disabled_reason: "manual" | "failures" | null;
  consecutive_failures: Generated<number>;
  secret_encrypted: string;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The webhook outbox: one row per change, written by the records' triggers. */
export interface WebhookEventTable {
  id: string;
  tenant_id: string;
  type: string;
  source: string;
  /** The event as JSON text: the bytes that are signed and sent. */
  payload: string;
  created_at: Generated<Date>;
}

/** One event's delivery to one endpoint, claimed by the webhook workers. */
export interface WebhookDeliveryTable {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  batch_key: string | null;
  status: Generated<"pending" | "succeeded" | "failed">;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  response_status: number | null;
  duration_ms: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
}

export interface Database {
  user: UserTable;
  session: SessionTable;
  account: AccountTable;
  verification: VerificationTable;
  organization: OrganizationTable;
  member: MemberTable;
  invitation: InvitationTable;
  rateLimit: RateLimitTable;
  deals: DealTable;
  deal_activities: DealActivityTable;
  companies: CompanyTable;
  contacts: ContactTable;
  deal_counters: DealCounterTable;
  pipelines: PipelineTable;
  pipeline_stages: PipelineStageTable;
  deal_stage_totals: DealStageTotalsTable;
  deal_stage_total_shards: DealStageTotalShardsTable;
  idempotency_keys: IdempotencyKeyTable;
  workspace_settings: WorkspaceSettingsTable;
  sign_in_throttle: SignInThrottleTable;
  auth_client_limits: AuthClientLimitTable;
  mail_outbox: MailOutboxTable;
  invitation_secrets: InvitationSecretTable;
  api_keys: ApiKeyTable;
  api_rate_limits: ApiRateLimitTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_events: WebhookEventTable;
  webhook_deliveries: WebhookDeliveryTable;
  imports: ImportTable;
  import_records: ImportRecordTable;
}

export type DealRow = Selectable<DealTable>;
export type NewDealRow = Insertable<DealTable>;
export type DealUpdate = Updateable<DealTable>;
export type DealActivityRow = Selectable<DealActivityTable>;
export type CompanyRow = Selectable<CompanyTable>;
export type ContactRow = Selectable<ContactTable>;
