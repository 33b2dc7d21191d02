import { z } from "zod";
import { singleQueryValue } from "@/lib/api/validation";
import { idPattern } from "@/lib/id-patterns";
import { DEFAULT_PIPELINE_STAGES, LOST_STAGE, STAGE_KEY_PATTERN, WON_STAGE } from "@/lib/pipelines/model";
import { CURRENCY_CODES } from "./currency";
import {
  ACTIVITY_TYPES_SYSTEM,
  ACTIVITY_TYPES_USER,
  FORECAST_CATEGORY_IDS,
  LOSS_CATEGORY_IDS,
} from "./stages";

/**
 * The deals contract: one set of zod schemas shared by the route handlers, the forms
 * (react-hook-form resolver), the OpenAPI document and the tests. Wire names are snake_case.
 */

// ---------- building blocks ----------

const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 code in capitals, e.g. JPY.")
  .refine((c) => CURRENCY_CODES.has(c), "Unknown ISO 4217 currency code.")
  .meta({ description: "ISO 4217 currency code", example: "JPY" });

const realCalendarDay = (ymd: string): boolean => {
  const d = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === ymd && ymd >= "1900-01-01" && ymd <= "2999-12-31";
};

/** A real calendar date written as YYYY-MM-DD. */
const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use the YYYY-MM-DD format.")
  .refine(realCalendarDay, "Not a valid calendar date.")
  .meta({ format: "date", example: "2026-12-15" });

/**
 * An ISO 8601 date-time with an offset, on a real calendar day in the years 1900–2999 (as
 * written), the range `dateSchema` takes: far inside PostgreSQL's timestamps.
 */
const dateTimeSchema = z.iso
  .datetime({ offset: true, error: "Use an ISO 8601 date-time, e.g. 2026-12-15T09:30:00+09:00." })
  .refine((s) => realCalendarDay(s.slice(0, 10)), "Not a valid date-time in the years 1900–2999.")
  .meta({ format: "date-time", example: "2026-12-15T09:30:00+09:00" });

const idOf = (kind: Parameters<typeof idPattern>[0], label: string) =>
  z.string().regex(idPattern(kind), `Must be a ${label} id (${kind === "user" ? "usr" : kind === "company" ? "comp" : kind === "contact" ? "cont" : kind}_…).`);

const dealIdSchema = idOf("deal", "deal");
export const companyIdSchema = idOf("company", "company");
const contactIdSchema = idOf("contact", "contact");
const userIdSchema = idOf("user", "user");

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);
const shortList = (max: number, itemMax = 100) =>
  z
    .array(z.string().trim().min(1, "Empty values are not allowed.").max(itemMax, `Each value has at most ${itemMax} characters.`))
    .max(max, `At most ${max} values.`)
    .transform((values) => [...new Set(values)]);

const CUSTOM_FIELDS_MAX_BYTES = 16 * 1024;
const RESERVED_CUSTOM_FIELD_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
const customFieldsSchema = z
  .record(
    z
      .string()
      .min(1)
      .max(64, "Custom field names have at most 64 characters.")
      .regex(/^[\p{L}\p{N}_ .-]+$/u, "Use letters, digits, spaces, _ . or -.")
      .refine((name) => !RESERVED_CUSTOM_FIELD_NAMES.has(name), {
        message: "__proto__, constructor and prototype are reserved names: JavaScript clients would read an object's prototype instead.",
        params: { code: "reserved_key" },
      }),
    z.union([z.string().max(2000), z.number().finite(), z.boolean(), z.null()]),
  )
  .refine((o) => Object.keys(o).length <= 50, "At most 50 custom fields.")
  .refine((o) => new TextEncoder().encode(JSON.stringify(o)).length <= CUSTOM_FIELDS_MAX_BYTES, `Custom fields are limited to ${CUSTOM_FIELDS_MAX_BYTES} bytes.`);

export const stageSchema = z
  .string()
  .regex(STAGE_KEY_PATTERN, "Use 1 to 40 lowercase letters, digits or underscores.")
  .meta({
    description: `A stage id of the deal's pipeline: 1 to 40 of \`[a-z0-9_]\`. Every pipeline has \`${WON_STAGE}\` and \`${LOST_STAGE}\`; the default pipeline's stages are ${DEFAULT_PIPELINE_STAGES.map((s) => `\`${s.id}\``).join(", ")}. A stage the pipeline does not have is 422 \`unknown_stage\`.`,
    example: "proposal",
  });
const lossCategorySchema = z.enum(LOSS_CATEGORY_IDS);
const forecastCategorySchema = z.enum(FORECAST_CATEGORY_IDS);
const sourceTypeSchema = z.enum(["frontend", "backend", "server", "system", "api"]);

/** The currency of a deal created without one. */
export { DEFAULT_CURRENCY } from "./currency";
/** Amounts are stored as numeric(18, 2): no currency gets more decimals than this. */
const AMOUNT_STORED_DECIMALS = 2;

/** Decimal places of a number as JavaScript writes it (`10.123` → 3, `1e-7` → 7, `1000` → 0). */
function decimalPlaces(n: number): number {
  const [mantissa, exponent] = String(n).split("e");
  return Math.max(0, (mantissa.split(".")[1] ?? "").length - Number(exponent ?? 0));
}

const minorUnits = new Map<string, number>();

/**
 * The decimal places an amount in `currency` may have: the currency's ISO 4217 minor unit as
 * `Intl` knows it (JPY and KRW 0, USD 2, BHD 3), capped at the two decimals amounts are stored
 * with, so a third decimal is refused rather than rounded away.
 */
function amountDecimals(currency: string): number {
  let digits = minorUnits.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? AMOUNT_STORED_DECIMALS;
    } catch {
      digits = AMOUNT_STORED_DECIMALS;
    }
    minorUnits.set(currency, digits);
  }
  return Math.min(digits, AMOUNT_STORED_DECIMALS);
}

/** The message for an amount with more decimals than its currency has (null when it fits). */
export function amountPrecisionError(amount: number, currency: string): string | null {
  const digits = amountDecimals(currency);
  if (decimalPlaces(amount) <= digits) return null;
  return digits === 0 ? `${currency} amounts have no decimal places.` : `${currency} amounts have at most ${digits} decimal place${digits === 1 ? "" : "s"}.`;
}

const amountSchema = z
  .number({ error: "Must be a number." })
  .finite()
  .min(0, "Must be zero or more.")
  .max(9_999_999_999_999, "Too large.")
  .refine((n) => decimalPlaces(n) <= AMOUNT_STORED_DECIMALS, "At most two decimal places.")
  .meta({ description: "Within the currency's minor unit (ISO 4217: JPY none, USD 2), and at most 2 decimal places." });

// ---------- writable fields ----------

/** Every client-writable deal field; create and update both derive from it. */
const writableDealFields = {
  name: z.string().trim().min(1, "Name is required.").max(200, "At most 200 characters."),
  amount: amountSchema.nullable(),
  currency: currencySchema,
  stage: stageSchema,
  probability: z.number().int("Must be a whole number.").min(0).max(100),
  company_id: companyIdSchema.nullable(),
  contact_id: contactIdSchema.nullable(),
  contact_ids: z.array(contactIdSchema).max(50, "At most 50 contacts.").transform((v) => [...new Set(v)]),
  assigned_member_id: userIdSchema.nullable(),
  expected_close_date: dateSchema.nullable(),
  won_date: dateSchema.nullable(),
  actual_close_date: dateSchema.nullable(),
  next_followup_date: dateSchema.nullable(),
  lost_reason: text(1000).nullable(),
  loss_category: lossCategorySchema.nullable(),
  closure_notes: text(5000).nullable(),
  note: text(10000).nullable(),
  pipeline_id: z
    .string()
    .regex(idPattern("pipeline"), "Not a pipeline id.")
    .meta({ description: "The deal's pipeline (default: the workspace's default pipeline). Changing it moves the deal: send a `stage` of the new pipeline with it." }),
  forecast_category: forecastCategorySchema.nullable(),
  deal_type: text(50).nullable(),
  deal_source: text(50).nullable(),
  competitors: shortList(50),
  rfp_record_id: text(100).nullable(),
  quote_ids: shortList(100),
  proposal_ids: shortList(100),
  attachment_refs: shortList(100, 500),
  linked_task_ids: shortList(100),
  tags: shortList(50, 50),
  custom_fields: customFieldsSchema,
  source: text(50).min(1),
  source_type: sourceTypeSchema,
};

export const dealCreateSchema = z
  .strictObject(writableDealFields)
  .partial()
  .required({ name: true })
  .meta({ id: "DealCreate", description: "A new deal. Only `name` is required." });

/** Versions are PostgreSQL integers: a larger one cannot be any record's. */
const VERSION_MAX = 2_147_483_647;
export const versionSchema = z.number().int().min(1).max(VERSION_MAX).meta({ description: "The version you read; a stale one gets 409." });

/** `source` records where the deal was created: set on create only (lib/api/validation.ts CREATE_ONLY_FIELDS). */
const { source: _createOnlySource, ...updatableDealFields } = writableDealFields;

export const dealUpdateSchema = z
  .strictObject({ ...updatableDealFields, version: versionSchema })
  .partial()
  .meta({ id: "DealUpdate", description: "Only the fields sent change." });

export const dealStageMoveSchema = z
  .strictObject({
    stage: stageSchema,
    before_id: dealIdSchema.nullish().meta({ description: "The deal that should end up directly above the moved one." }),
    after_id: dealIdSchema.nullish().meta({ description: "The deal that should end up directly below the moved one." }),
    position: z.number().int().min(0).max(1_000_000).optional().meta({ description: "0-based index in the target column (alternative to before_id/after_id)." }),
    probability: writableDealFields.probability.optional(),
    lost_reason: writableDealFields.lost_reason.optional(),
    loss_category: writableDealFields.loss_category.optional(),
    closure_notes: writableDealFields.closure_notes.optional(),
    won_date: writableDealFields.won_date.optional().meta({ description: "For closed_won: the won date (default today, UTC)." }),
    actual_close_date: writableDealFields.actual_close_date.optional().meta({ description: "For closed stages: the close date (default today, UTC)." }),
    version: versionSchema.optional(),
    source_type: sourceTypeSchema.optional(),
  })
  .meta({ id: "DealStageMove" });

export type DealCreateInput = z.infer<typeof dealCreateSchema>;
export type DealUpdateInput = z.infer<typeof dealUpdateSchema>;
export type DealStageMoveInput = z.infer<typeof dealStageMoveSchema>;

// ---------- list query ----------

export const DEAL_SORTS = ["created_at", "updated_at", "name", "amount", "expected_close_date", "probability", "position"] as const;
export type DealSort = (typeof DEAL_SORTS)[number];
const LIST_LIMIT_DEFAULT = 50;
const LIST_LIMIT_MAX = 200;

const csvOf = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).min(1).max(10));

const single = singleQueryValue;

export const dealListQuerySchema = z
  .strictObject({
    limit: single(z.coerce.number().int().min(1)).optional()
      .transform((n) => Math.min(n ?? LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX))
      .meta({ description: `Page size, default ${LIST_LIMIT_DEFAULT}; values above ${LIST_LIMIT_MAX} are capped.` }),
    offset: single(z.coerce.number().int().min(0).max(10_000_000)).optional().default(0),
    cursor: single(z.string().min(1).max(2048)).optional().meta({ description: "Opaque keyset cursor from `next_cursor`." }),
    search: single(z.string().trim().max(200))
      .optional()
      .meta({ description: "Text anywhere in the deal's name, number, company name, contact names or tags; case- and width-insensitive (Unicode NFKC, then lower case: `ｃｏｎｔｏｓｏ` finds `Contoso`)." }),
    sort: single(z.enum(DEAL_SORTS)).optional().default("created_at"),
    order: single(z.enum(["asc", "desc"])).optional().default("desc"),
    stage: csvOf(stageSchema).optional(),
    assigned_member_id: single(z.union([userIdSchema, z.literal("me"), z.literal("none")])).optional(),
    company_id: single(companyIdSchema).optional(),
    contact_id: single(contactIdSchema).optional(),
    currency: single(currencySchema).optional().meta({ description: "Only deals in this currency (sort by `amount` within one currency)." }),
    pipeline_id: single(z.string().regex(idPattern("pipeline"), "Not a pipeline id.")).optional(),
    tag: single(z.string().max(50)).optional(),
    expected_close_from: single(dateSchema).optional(),
    expected_close_to: single(dateSchema).optional(),
    deleted: single(z.enum(["true", "false"])).optional().transform((v) => v === "true"),
  })
  .meta({ id: "DealListQuery" });
export type DealListQuery = z.infer<typeof dealListQuerySchema>;

/**
 * GET /deals/{id}: `include_deleted=true` also finds the deal in the trash (the record page's
 * Restore banner). Other parameters are ignored, as they always were on this route.
 */
export const dealGetQuerySchema = z
  .object({
    include_deleted: single(z.enum(["true", "false"])).optional().transform((v) => v === "true"),
  })
  .meta({ id: "DealGetQuery" });

// ---------- activities ----------

/**
 * A task's due: a day (`YYYY-MM-DD`, due any time that day) or a moment (an ISO 8601 date-time
 * with an offset).
 */
export const dueAtSchema = z
  .string()
  .max(64)
  .refine((s) => dateSchema.safeParse(s).success || dateTimeSchema.safeParse(s).success, "Use YYYY-MM-DD or an ISO 8601 date-time with an offset, e.g. 2026-12-15T09:30:00+09:00.")
  .meta({ description: "A day (`YYYY-MM-DD`) or an ISO 8601 date-time with an offset.", example: "2026-12-15" });

const deprecatedDueDate = dateSchema
  .nullable()
  .optional()
  .meta({ deprecated: true, description: "Deprecated alias of `due_at` with a day; send `due_at`." });

/**
 * Fields only a task has: on another type they are refused. (A due stays accepted on any type,
 * as `due_date` always was; only a task's due makes a next step.)
 */
const TASK_ONLY_FIELDS = ["assignee_id"] as const;

function taskFieldRules(value: { type?: string; due_at?: string | null; due_date?: string | null; assignee_id?: string | null }, ctx: z.RefinementCtx, isTask: boolean) {
  if (!isTask) {
    for (const field of TASK_ONLY_FIELDS) {
      if (value[field] !== undefined && value[field] !== null) ctx.addIssue({ code: "custom", path: [field], message: "Only a task has this field." });
    }
  }
  if (value.due_at !== undefined && value.due_date !== undefined) {
    ctx.addIssue({ code: "custom", path: ["due_date"], message: "Send due_at only (due_date is its deprecated alias)." });
  }
}

export const activityCreateSchema = z
  .strictObject({
    type: z.enum(ACTIVITY_TYPES_USER),
    content: z.string().trim().min(1, "Write something.").max(10000, "At most 10000 characters."),
    occurred_at: dateTimeSchema.optional(),
    due_at: dueAtSchema.nullable().optional(),
    due_date: deprecatedDueDate,
    assignee_id: userIdSchema.nullable().optional().meta({ description: "A task's assignee, a member of the workspace; default the deal's owner." }),
    source_type: sourceTypeSchema.optional(),
  })
  .superRefine((value, ctx) => taskFieldRules(value, ctx, value.type === "task"))
  .meta({ id: "ActivityCreate" });
export type ActivityCreateInput = z.infer<typeof activityCreateSchema>;

/**
 * PATCH of a note, call, email, meeting or task: only the fields sent change. `done` marks a task
 * done (the server stamps `done_at`) or open again. `version` or If-Match guards against lost
 * updates (409 with the current activity).
 */
export const activityUpdateSchema = z
  .strictObject({
    content: z.string().trim().min(1, "Write something.").max(10000, "At most 10000 characters.").optional(),
    due_at: dueAtSchema.nullable().optional(),
    due_date: deprecatedDueDate,
    assignee_id: userIdSchema.nullable().optional(),
    done: z.boolean().optional(),
    version: z.number().int().min(1).max(2_000_000_000).optional(),
    source_type: sourceTypeSchema.optional(),
  })
  .superRefine((value, ctx) => taskFieldRules(value, ctx, true))
  .meta({ id: "ActivityUpdate" });
export type ActivityUpdateInput = z.infer<typeof activityUpdateSchema>;

export const TASK_STATUSES = ["open", "overdue", "done"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const taskListQuerySchema = z
  .strictObject({
    assignee: single(z.union([z.literal("me"), userIdSchema])).optional().meta({ description: "`me` or a member's id; default every assignee the caller can see." }),
    status: single(z.enum(TASK_STATUSES)).optional().default("open").meta({ description: "`open` (default), `overdue` (open and past due) or `done`." }),
    due_before: single(dueAtSchema).optional().meta({ description: "Due before this day or moment (a day: before its start, UTC)." }),
    due_after: single(dueAtSchema).optional().meta({ description: "Due at or after this day or moment." }),
    deal_id: single(dealIdSchema).optional(),
    limit: single(z.coerce.number().int().min(1)).optional()
      .transform((n) => Math.min(n ?? 50, 200))
      .meta({ description: "Page size, default 50; values above 200 are capped." }),
    cursor: single(z.string().min(1).max(2048)).optional().meta({ description: "Opaque keyset cursor from `next_cursor`." }),
  })
  .meta({ id: "TaskListQuery" });
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const activityListQuerySchema = z.strictObject({
  page: single(z.coerce.number().int().min(1).max(100000)).optional().default(1),
  limit: single(z.coerce.number().int().min(1)).optional().transform((n) => Math.min(n ?? 20, 100)),
});

// ---------- responses ----------

const auditEntrySchema = z.object({
  from: stageSchema.nullable(),
  to: stageSchema,
  at: z.string(),
  by: z.string().nullable(),
  activity: z
    .object({ id: z.string(), type: z.string(), action: z.enum(["edited", "completed", "reopened", "deleted"]), before: z.record(z.string(), z.unknown()) })
    .optional()
    .meta({ description: "An edit, completion or deletion of one of the deal's activities (then `from` and `to` are both the deal's stage)." }),
});

/** A deal's next step: its earliest open task (kept on the deal row). */
export const nextStepSchema = z
  .object({ activity_id: z.string(), content: z.string().nullable(), due_at: z.string().nullable() })
  .nullable()
  .meta({ id: "NextStep", description: "The deal's earliest open task (by due, undated last), or null." });
export type NextStep = z.infer<typeof nextStepSchema>;

export const dealSchema = z
  .object({
    id: z.string(),
    deal_number: z.string(),
    tenant_id: z.string(),
    app_id: z
      .string()
      .nullable()
      .meta({ description: "The integration (an application's API key) that wrote the deal; null when a person's session did." }),
    name: z.string(),
    amount: z.number().nullable(),
    currency: z.string(),
    stage: stageSchema,
    probability: z.number().int(),
    company_id: z.string().nullable(),
    company_name: z.string().nullable(),
    contact_id: z.string().nullable(),
    contact_name: z.string().nullable(),
    contact_ids: z.array(z.string()),
    assigned_member_id: z.string().nullable(),
    assigned_member_name: z.string().nullable(),
    expected_close_date: z.string().nullable(),
    won_date: z.string().nullable(),
    actual_close_date: z.string().nullable(),
    next_followup_date: z.string().nullable(),
    next_step: nextStepSchema,
    lost_reason: z.string().nullable(),
    loss_category: z.string().nullable(),
    closure_notes: z.string().nullable(),
    note: z.string().nullable(),
    pipeline_id: z.string(),
    forecast_category: z.string().nullable(),
    deal_type: z.string().nullable(),
    deal_source: z.string().nullable(),
    competitors: z.array(z.string()),
    rfp_record_id: z.string().nullable(),
    quote_ids: z.array(z.string()),
    proposal_ids: z.array(z.string()),
    attachment_refs: z.array(z.string()),
    linked_task_ids: z.array(z.string()),
    tags: z.array(z.string()),
    custom_fields: z.record(z.string(), z.unknown()),
    position: z.string(),
    stage_entered_at: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    created_by: z.string().nullable(),
    updated_by: z.string().nullable(),
    source: z.string(),
    source_type: z.string(),
    is_deleted: z.boolean(),
    deleted_at: z.string().nullable(),
    deleted_by: z.string().nullable(),
    schema_version: z.number().int(),
    version: z.number().int(),
    audit_log: z.array(auditEntrySchema),
  })
  .meta({ id: "Deal" });
export type Deal = z.infer<typeof dealSchema>;

/**
 * A deal as a board card: what a kanban card shows (name, amount, company or contact, owner,
 * close and follow-up dates), what moving it needs (stage, position, probability, version for
 * If-Match, stage_entered_at for staleness) and what the Lost step prefills. A `Pick` of `Deal`,
 * so a full deal (from a move, a create or a 409) can stand in for a card unchanged.
 */
export const dealCardSchema = dealSchema
  .pick({
    id: true,
    deal_number: true,
    name: true,
    amount: true,
    currency: true,
    stage: true,
    probability: true,
    company_id: true,
    company_name: true,
    contact_id: true,
    contact_name: true,
    assigned_member_id: true,
    assigned_member_name: true,
    expected_close_date: true,
    next_followup_date: true,
    next_step: true,
    lost_reason: true,
    loss_category: true,
    position: true,
    stage_entered_at: true,
    updated_at: true,
    version: true,
  })
  .meta({ id: "DealCard", description: "A deal as the board shows it: a subset of Deal's fields." });
export type DealCard = z.infer<typeof dealCardSchema>;

export const activitySchema = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    deal_id: z.string(),
    type: z.enum([...ACTIVITY_TYPES_USER, ...ACTIVITY_TYPES_SYSTEM]),
    content: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).meta({
      description:
        "stage_change: {from, to}; field_change: {changes: [{field, before, after}]}; created/deleted/restored: {}",
    }),
    occurred_at: z.string(),
    due_at: z.string().nullable().meta({ description: "A task's due: `YYYY-MM-DD` for a day, else an ISO 8601 date-time (UTC)." }),
    due_date: z.string().nullable().meta({ deprecated: true, description: "Deprecated: the day of `due_at` (UTC)." }),
    assignee_id: z.string().nullable(),
    assignee_name: z.string().nullable(),
    done: z.boolean(),
    done_at: z.string().nullable(),
    created_at: z.string(),
    created_by: z.string().nullable(),
    created_by_name: z.string().nullable(),
    edited_at: z.string().nullable().meta({ description: "When the content, due or assignee was last edited; null if never." }),
    source_type: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Activity" });
export type Activity = z.infer<typeof activitySchema>;

export const dealListResponseSchema = z.object({
  items: z.array(dealSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  next_cursor: z.string().nullable(),
});
export type DealListResponse = z.infer<typeof dealListResponseSchema>;

export const taskDealSchema = z
  .object({
    id: z.string(),
    deal_number: z.string(),
    name: z.string(),
    stage: z.string(),
    assigned_member_id: z.string().nullable(),
    assigned_member_name: z.string().nullable(),
  })
  .meta({ id: "TaskDeal" });

/** A task with its deal's name, stage and owner (GET /tasks). */
export const taskSchema = activitySchema.extend({ deal: taskDealSchema }).meta({ id: "Task" });
export type Task = z.infer<typeof taskSchema>;

export const taskListResponseSchema = z
  .object({ items: z.array(taskSchema), limit: z.number().int(), next_cursor: z.string().nullable() })
  .meta({ id: "TaskList" });
