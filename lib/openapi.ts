import { z } from "zod";
import { apiKeyCreatedSchema, apiKeyCreateSchema, apiKeyListSchema, apiKeySchema } from "@/lib/api-keys/schema";
import { importEnvelopeSchema, importListSchema, importMappingSchema, importOptionsSchema, importPreviewSchema, importSchema, importUploadQuerySchema } from "@/lib/imports/schema";
import {
  webhookCreatedSchema,
  webhookCreateSchema,
  webhookDeliveryEnvelopeSchema,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEnvelopeSchema,
  webhookListSchema,
  webhookSchema,
  webhookUpdateSchema,
} from "@/lib/webhooks/schema";
import {
  companyActivityListSchema,
  companyCreateSchema,
  companyActivitySchema,
  companyDealSummaryResponseSchema,
  companyDealSummarySchema,
  companyGetQuerySchema,
  companyListQuerySchema,
  companyListResponseSchema,
  companySchema,
  companyUpdateSchema,
} from "@/lib/companies/schema";
import { quickSearchCompanySchema, quickSearchContactSchema, quickSearchDealSchema, quickSearchQuerySchema, quickSearchResponseSchema } from "@/lib/search/schema";
import { contactCreateSchema, contactGetQuerySchema, contactListQuerySchema, contactListResponseSchema, contactSchema, contactUpdateSchema } from "@/lib/contacts/schema";
import { boardQuerySchema } from "@/lib/deals/board";
import type { BoardData } from "@/lib/deals/board-math";
import {
  activityCreateSchema,
  activityUpdateSchema,
  nextStepSchema,
  taskDealSchema,
  taskListQuerySchema,
  taskListResponseSchema,
  taskSchema,
  activityListQuerySchema,
  activitySchema,
  dealCardSchema,
  dealCreateSchema,
  dealGetQuerySchema,
  dealListQuerySchema,
  dealListResponseSchema,
  dealSchema,
  dealStageMoveSchema,
  dealUpdateSchema,
  stageSchema,
} from "@/lib/deals/schema";
import { codesWithStatus, ERROR_CODE_LIST, ERROR_CODES } from "@/lib/api/error-codes";
import type { Problem } from "@/lib/api/problem";
import { memberListResponseSchema, memberSchema } from "@/lib/members";
import { localeSchema, meUpdateSchema } from "@/lib/profile";
import { DEFAULT_PIPELINE_STAGES } from "@/lib/pipelines/model";
import { pipelineCreateSchema, pipelineDeleteSchema, pipelineListResponseSchema, pipelineSchema, pipelineStageInputSchema, pipelineStageSchema, pipelineUpdateSchema } from "@/lib/pipelines/schema";
import { currencyTotalsSchema, pipelineReportQuerySchema, pipelineReportSchema } from "@/lib/reports/schema";
import { workspaceSchema, workspaceUpdateSchema } from "@/lib/workspace/settings";

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the route handlers parse with
 * (`z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses natively). Request bodies and
 * query parameters are converted as *input* (what a client may send: defaults, coercions),
 * responses as *output* (what the server returns). Only the list of operations — paths,
 * methods, which schema goes where, which errors apply — is written here.
 */

type JsonSchema = Record<string, unknown>;

// ---------- schemas that exist only on the wire ----------

const fieldErrorSchema = z.object({
  field: z.string().meta({ description: "Dotted path of the field, e.g. `amount`, `contact_ids.2`, `query.limit`." }),
  code: z.string().meta({ description: "e.g. required, invalid_type, too_big, unknown_field, read_only_field, invalid_reference." }),
  message: z.string(),
});

const problemSchema = z
  .object({
    type: z.string().meta({ example: "https://pipeline.dev/problems/validation-failed" }),
    title: z.string().meta({ example: "Bad Request" }),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(ERROR_CODE_LIST).meta({
      description: `Machine-readable and stable: switch on this. ${ERROR_CODE_LIST.map((c) => `\`${c}\` (${ERROR_CODES[c].status}): ${ERROR_CODES[c].description}`).join(" ")}`,
      example: "validation_failed",
    }),
    request_id: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional().meta({ description: "Per-field errors (400 and 422)." }),
  })
  .catchall(z.unknown())
  .meta({
    id: "Problem",
    description:
      "RFC 9457 problem details. A 409 `version_conflict` also carries the current record under its envelope name (`deal`, `company`, `contact`).",
  });
// The wire type and the documented one must not drift apart.
type _ProblemMatches = z.infer<typeof problemSchema> extends Problem ? true : never;
const _problemMatches: _ProblemMatches = true;

const boardResponseSchema = z
  .object({
    pipeline: pipelineSchema,
    columns: z.array(
      z.object({
        stage: stageSchema,
        count: z.number().int().meta({ description: "Deals in the column matching the filters (not just the loaded page)." }),
        totals: z.array(currencyTotalsSchema),
        items: z.array(dealCardSchema).meta({ description: "The loaded cards, in board order (GET /deals/{id} has the full deal)." }),
        next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` with `stage` for the next page; null at the end." }),
      }),
    ),
  })
  .meta({ id: "Board" });
type _BoardMatches = z.infer<typeof boardResponseSchema> extends BoardData ? true : never;
const _boardMatches: _BoardMatches = true;
void _problemMatches;
void _boardMatches;

const meSchema = z
  .object({
    user: z.object({ id: z.string(), name: z.string(), email: z.string(), locale: localeSchema }),
    tenant: z.object({ id: z.string(), name: z.string(), deal_visibility: workspaceSchema.shape.deal_visibility }),
    role: z.string(),
    is_manager: z.boolean(),
  })
  .meta({ id: "Me" });

const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.object({ status: z.enum(["up", "down"]), kind: z.enum(["postgres", "pglite"]), latency_ms: z.number().optional() }),
  })
  .meta({ id: "Health" });

const successSchema = z.object({ success: z.literal(true) }).meta({ id: "Success" });
const envelope = (key: string, schema: z.ZodType, id: string) => z.object({ [key]: schema }).meta({ id });
const dealEnvelope = envelope("deal", dealSchema, "DealEnvelope");
const activityEnvelope = envelope("activity", activitySchema, "ActivityEnvelope");
const companyEnvelope = envelope("company", companySchema, "CompanyEnvelope");
const contactEnvelope = envelope("contact", contactSchema, "ContactEnvelope");
const workspaceEnvelope = envelope("workspace", workspaceSchema, "WorkspaceEnvelope");
const pipelineEnvelope = envelope("pipeline", pipelineSchema, "PipelineEnvelope");
const activityListSchema = z.object({ activities: z.array(activitySchema), total: z.number().int() }).meta({ id: "ActivityList" });
const dealListSchema = dealListResponseSchema.meta({ id: "DealList" });

// ---------- the operations ----------

export const TAGS = [
  {
    name: "Deals",
    description:
      "The deals of the caller's workspace: list, create, read, change, move between stages, delete and restore. Every member may read, edit and move the deals they can see and log activities on them; changing a deal's owner, deleting and restoring are for managers and the deal's owner (403 otherwise). When the workspace's `deal_visibility` is `own`, a rep sees only the deals assigned to him, and any other deal answers 404, as a missing one does.",
  },
  { name: "Activities", description: "A deal's timeline: notes, calls, emails, meetings and tasks, plus the system's record of every change." },
  { name: "Board", description: "The pipeline board read model: columns with counts, per-currency totals and the first page of cards." },
  {
    name: "Pipelines",
    description:
      "The workspace's sales processes. Every workspace has a default pipeline with the stages `lead`, `qualification`, `proposal`, `negotiation`, `closed_won` and `closed_lost`; managers add pipelines and shape their stages (name, order, probability, rotting days). Every pipeline ends with `closed_won` and `closed_lost`. Everyone reads pipelines; only managers change them (403 otherwise).",
  },
  { name: "Companies", description: "The organisations deals are sold to." },
  { name: "Contacts", description: "The people at those companies." },
  { name: "Search", description: "One query across deals, companies and contacts (the app's quick search)." },
  { name: "Members", description: "The workspace's users, e.g. for owner pickers." },
  { name: "Reports", description: "Manager views (owners and admins only)." },
  { name: "Account", description: "Who the credentials belong to." },
  {
    name: "API keys",
    description:
      "Keys for integrations (owners and admins, from a person's session: an API key cannot manage keys). Each key belongs to an application (`app_id`); the secret is answered once, at creation, and stored only as a hash. Revoking a key makes its next request a 401.",
  },
  {
    name: "Webhooks",
    description:
      "Endpoints that receive the workspace's changes (owners and admins, from a person's session). Each change of a deal, activity, company, contact or pipeline is one event (`deal.created`, `deal.updated`, `deal.stage_changed`, `deal.deleted`, `deal.restored`, `activity.created`, `company.updated`, …) with `id`, `type`, `timestamp`, `data` (the record), `previous_attributes` (the changed fields' earlier values), `actor` and `source` (`ui`, `api`, `import`, or `webhook` for the writes of a request sent with `Pipeline-Change-Source: webhook`, which an integration sends when it writes back in reaction to an event). Deliveries are signed per Standard Webhooks: verify `webhook-signature` (`v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\">`, keyed with the base64 after `whsec_`) with any Standard Webhooks library or the SDK's `verifyWebhook`, and dedupe on `webhook-id` (delivery is at least once). Failed attempts are retried with exponential backoff for about a day; after 5 deliveries in a row fail for good the endpoint is disabled. An import's changes arrive together as `{\"type\":\"batch\",\"data\":{\"import_id\",\"events\":[…]}}`.",
  },
  { name: "Workspace", description: "The caller's workspace and its settings." },
  {
    name: "Imports",
    description:
      "CSV imports of deals, companies or contacts, from a person's session. Upload the file (UTF-8 with or without BOM, or Shift-JIS from Japanese Excel: the answer says which was used); its columns are matched to fields by their headers in English or Japanese and the first rows previewed with the same validation as the API's creates; change the mapping, then start. The rows are imported in the background (poll the import for progress); a row that fails writes nothing and is reported with its line and reason. An import can be undone as a whole for a day. The deals, companies and contacts lists also answer `Accept: text/csv` with every matching record.",
  },
  { name: "System", description: "Health and this document; no authentication." },
] as const;

type Tag = (typeof TAGS)[number]["name"];
type ErrorStatus = 400 | 401 | 403 | 404 | 406 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

interface OperationSpec {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  public?: boolean;
  pathParams?: Array<{ name: string; description: string; example: string }>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success response. */
  status: number;
  response?: z.ZodType;
  responseDescription: string;
  contentType?: string;
  /** The success response has no content (204). */
  noContent?: boolean;
  etag?: boolean;
  /** The success response carries `Location` (a create). */
  location?: boolean;
  /** A GET answering 304 to a matching If-None-Match. */
  conditionalGet?: boolean;
  ifMatch?: boolean;
  idempotent?: boolean;
  /** The success response is also available as CSV (`Accept: text/csv`). */
  csv?: boolean;
  /** The request body is a CSV file (`Content-Type: text/csv`), not JSON. */
  csvBody?: boolean;
  errors: ErrorStatus[];
}

const dealId = { name: "id", description: "The deal's id (`deal_…`).", example: "deal_01JDX3Z8Q4M2N5P7R9S1T3V5W7" };
const companyId = { name: "id", description: "The company's id (`comp_…`).", example: "comp_01JDX3Z8Q4M2N5P7R9S1T3V5W7" };
const contactId = { name: "id", description: "The contact's id (`cont_…`).", example: "cont_01JDX3Z8Q4M2N5P7R9S1T3V5W7" };
const pipelineId = { name: "id", description: "The pipeline's id (`pipe_…`).", example: "pipe_01JDX3Z8Q4M2N5P7R9S1T3V5W7" };
const activityId = { name: "activityId", description: "The activity's id (`act_…`).", example: "act_01JDX3Z8Q4M2N5P7R9S1T3V5W7" };
const READ: ErrorStatus[] = [401, 403, 429, 503];
const WRITE: ErrorStatus[] = [400, 401, 403, 413, 415, 429, 503];
const apiKeyId = { name: "id", description: "The key's id (`key_…`).", example: "key_01JDX3Z8Q4M2N5P7R9S1T3V5W7" };
const webhookId = { name: "id", description: "The endpoint's id (`wh_…`).", example: "wh_0b8f1c2d3e4f5a6b7c8d9e0f1a2b3c4d" };
const deliveryId = { name: "deliveryId", description: "The delivery's id (`whd_…`).", example: "whd_0b8f1c2d3e4f5a6b7c8d9e0f1a2b3c4d" };

/** What the list operations say about their CSV answer. */
const CSV_LIST =
  " With `Accept: text/csv` the answer is every matching record in the list's order (not one page: `limit`, `offset` and `cursor` are ignored), streamed as a CSV download: UTF-8 with a BOM (Excel, Japanese Excel included, opens it as UTF-8), RFC 4180 quoting, readable headers with names instead of ids, and text a spreadsheet would run as a formula prefixed with `'`. The headers are the ones the import matches, so an export imports again as it is.";
const importId = { name: "id", description: "The import's id (`imp_…`).", example: "imp_01JDX3Z8Q4M2N5P7R9S1T3V5W7" };

export const OPERATIONS: OperationSpec[] = [
  // Deals
  {
    method: "get", path: "/api/v1/crm/deals", operationId: "listDeals", tag: "Deals", summary: "List deals",
    description: "Search, filter and sort the workspace's deals. Use `next_cursor` as `cursor` for constant-cost deep paging; `deleted=true` lists the trash." + CSV_LIST,
    query: dealListQuerySchema, status: 200, response: dealListSchema, responseDescription: "A page of deals.", csv: true, errors: [400, ...READ, 406],
  },
  {
    method: "post", path: "/api/v1/crm/deals", operationId: "createDeal", tag: "Deals", summary: "Create a deal",
    description: "Only `name` is required. The probability defaults to the stage's; the deal gets a `deal_number` and a `created` timeline entry.",
    body: dealCreateSchema, status: 201, response: dealEnvelope, responseDescription: "The new deal.", etag: true, location: true, idempotent: true, errors: [...WRITE, 409, 422],
  },
  {
    method: "get", path: "/api/v1/crm/deals/{id}", operationId: "getDeal", tag: "Deals", summary: "Get a deal",
    description: "404 for a deal in the trash unless `include_deleted=true`.",
    pathParams: [dealId], query: dealGetQuerySchema, status: 200, response: dealEnvelope, responseDescription: "The deal.", etag: true, conditionalGet: true, errors: [400, ...READ, 404],
  },
  {
    method: "patch", path: "/api/v1/crm/deals/{id}", operationId: "updateDeal", tag: "Deals", summary: "Change a deal",
    description: "Only the fields sent change. Send the version you read as `If-Match` or `version` to get 409 instead of overwriting someone else's change. A `stage` here follows the same rules as the stage endpoint. Changing `assigned_member_id` is for managers and the deal's current owner (403 `forbidden` otherwise).",
    pathParams: [dealId], body: dealUpdateSchema, status: 200, response: dealEnvelope, responseDescription: "The deal after the change.", etag: true, ifMatch: true, errors: [...WRITE, 404, 409, 412, 422],
  },
  {
    method: "delete", path: "/api/v1/crm/deals/{id}", operationId: "deleteDeal", tag: "Deals", summary: "Delete a deal (soft)",
    description: "Managers or the deal's owner. The deal moves to the trash and can be restored.",
    pathParams: [dealId], status: 200, response: successSchema, responseDescription: "Deleted.", ifMatch: true, errors: [...READ, 400, 404, 409, 412],
  },
  {
    method: "post", path: "/api/v1/crm/deals/{id}/stage", operationId: "moveDealStage", tag: "Deals", summary: "Move a deal to a stage",
    description:
      "Changes the stage (audit log entry, `stage_change` activity, probability reset unless sent) and/or places the card with `before_id`/`after_id` or `position`. `closed_lost` needs `lost_reason` and `loss_category`. A move to the stage the deal is already in applies the fields sent with it (e.g. a new `lost_reason`, recorded as a `field_change`) and keeps the card where it is; it is a no-op only when nothing it sends differs.",
    pathParams: [dealId], body: dealStageMoveSchema, status: 200, response: dealEnvelope, responseDescription: "The moved deal.", etag: true, ifMatch: true, idempotent: true, errors: [...WRITE, 404, 409, 412, 422],
  },
  {
    method: "post", path: "/api/v1/crm/deals/{id}/restore", operationId: "restoreDeal", tag: "Deals", summary: "Restore a deleted deal",
    description: "Managers or the deal's owner. 409 `not_deleted` when the deal is not in the trash.",
    pathParams: [dealId], status: 200, response: dealEnvelope, responseDescription: "The restored deal.", etag: true, errors: [...READ, 404, 409],
  },
  {
    method: "get", path: "/api/v1/crm/deals/{id}/activities", operationId: "listDealActivities", tag: "Activities", summary: "List a deal's timeline",
    description: "Newest first.", pathParams: [dealId], query: activityListQuerySchema, status: 200, response: activityListSchema, responseDescription: "A page of activities.", errors: [400, ...READ, 404],
  },
  {
    method: "post", path: "/api/v1/crm/deals/{id}/activities", operationId: "createDealActivity", tag: "Activities", summary: "Add a note, call, email, meeting or task",
    pathParams: [dealId], body: activityCreateSchema, status: 201, response: activityEnvelope, responseDescription: "The new activity.", location: true, idempotent: true, errors: [...WRITE, 404, 409, 422],
  },
  {
    method: "get", path: "/api/v1/crm/deals/{id}/activities/{activityId}", operationId: "getDealActivity", tag: "Activities", summary: "Get one activity",
    description: "Where a create's `Location` points.", pathParams: [dealId, activityId], status: 200, response: activityEnvelope, responseDescription: "The activity.", etag: true, errors: [...READ, 404],
  },
  // Tasks and timeline edits (migration 2026-12-09T1000-task-fields)
  {
    method: "patch", path: "/api/v1/crm/deals/{id}/activities/{activityId}", operationId: "updateDealActivity", tag: "Activities", summary: "Edit an activity or mark a task done",
    description:
      "Only the fields sent change. `content`, `due_at` and `assignee_id`: the entry's author or a manager (the entry then shows `edited_at`). `done`: also the task's assignee and the deal's owner; the server stamps `done_at`. A task change keeps the deal's `next_step` (its earliest open task) and, unless set by hand, its `next_followup_date` (a `field_change` on the timeline). Recorded in the deal's `audit_log`. System entries (created, field_change, stage_change, deleted, restored): 409 `system_activity`. `version` or If-Match: 409 `version_conflict` with the current `activity`.",
    pathParams: [dealId, activityId], body: activityUpdateSchema, status: 200, response: activityEnvelope, responseDescription: "The activity.", etag: true, ifMatch: true, errors: [...WRITE, 404, 409, 412, 422],
  },
  {
    method: "delete", path: "/api/v1/crm/deals/{id}/activities/{activityId}", operationId: "deleteDealActivity", tag: "Activities", summary: "Delete an activity",
    description: "A note, call, email, meeting or task: its author or a manager (403 otherwise). Kept in the deal's `audit_log` with what it said. System entries: 409 `system_activity`.",
    pathParams: [dealId, activityId], status: 200, response: successSchema, responseDescription: "Deleted.", ifMatch: true, errors: [...WRITE, 404, 409, 412],
  },
  {
    method: "get", path: "/api/v1/crm/tasks", operationId: "listTasks", tag: "Activities", summary: "List tasks across deals",
    description:
      "Tasks of the deals the caller can see (a rep limited to his own deals sees only theirs; an application-scoped key its application's), each with its deal's name, stage and owner, by due (undated last). `assignee=me|<member id>`, `status=open|overdue|done` (default open), `due_before`/`due_after` (a day or a date-time), `deal_id`; keyset pages with `cursor`.",
    query: taskListQuerySchema, status: 200, response: taskListResponseSchema, responseDescription: "A page of tasks.", errors: [400, ...READ],
  },
  // Board
  {
    method: "get", path: "/api/v1/crm/board", operationId: "getBoard", tag: "Board", summary: "Get the pipeline board",
    description:
      "One pipeline's board (the default pipeline unless `pipeline_id` names another; 404 for a pipeline the workspace does not have): every stage column with its count, per-currency totals and first page of cards. `stage` + `cursor` loads one column's next page; a `stage` the pipeline does not have is 422 `unknown_stage`.",
    query: boardQuerySchema, status: 200, response: boardResponseSchema, responseDescription: "The board.", errors: [400, ...READ, 404, 422],
  },
  // Pipelines
  {
    method: "get", path: "/api/v1/crm/pipelines", operationId: "listPipelines", tag: "Pipelines", summary: "List pipelines",
    description: "The workspace's pipelines in order, each with its stages in board order.",
    status: 200, response: pipelineListResponseSchema, responseDescription: "Every pipeline.", errors: READ,
  },
  {
    method: "post", path: "/api/v1/crm/pipelines", operationId: "createPipeline", tag: "Pipelines", summary: "Create a pipeline",
    description: "Managers only. Without `stages`, the six stages of the default pipeline. Stage ids are derived from the names when left out; `closed_won` and `closed_lost` are appended when left out.",
    body: pipelineCreateSchema, status: 201, response: pipelineEnvelope, responseDescription: "The new pipeline.", etag: true, location: true, idempotent: true, errors: [...WRITE, 409, 422],
  },
  {
    method: "get", path: "/api/v1/crm/pipelines/{id}", operationId: "getPipeline", tag: "Pipelines", summary: "Get a pipeline",
    pathParams: [pipelineId], status: 200, response: pipelineEnvelope, responseDescription: "The pipeline.", etag: true, conditionalGet: true, errors: [...READ, 404],
  },
  {
    method: "patch", path: "/api/v1/crm/pipelines/{id}", operationId: "updatePipeline", tag: "Pipelines", summary: "Change a pipeline",
    description:
      "Managers only. Rename it, move it (`position`), make it the default, or send the whole new `stages` list (add, rename, reorder, change probability or rotting days; a stage left out is removed). A removed stage that still holds deals needs `move_deals_to` (409 `stage_has_deals` with `counts` otherwise); the deals move like a stage move of each. Changing a stage's probability does not change the deals already in it. `If-Match` or `version` guards against lost updates.",
    pathParams: [pipelineId], body: pipelineUpdateSchema, status: 200, response: pipelineEnvelope, responseDescription: "The pipeline after the change.", etag: true, ifMatch: true, errors: [...WRITE, 404, 409, 412, 422],
  },
  {
    method: "delete", path: "/api/v1/crm/pipelines/{id}", operationId: "deletePipeline", tag: "Pipelines", summary: "Delete a pipeline",
    description:
      "Managers only; not the default pipeline (409 `default_pipeline`). A pipeline that still holds deals (live or in the trash) needs the optional body `{ \"move_deals_to\": { \"pipeline_id\", \"stage\" } }` (409 `pipeline_has_deals` with `count` otherwise).",
    pathParams: [pipelineId], body: pipelineDeleteSchema, status: 200, response: successSchema, responseDescription: "Deleted.", ifMatch: true, errors: [...WRITE, 404, 409, 412, 422],
  },
  // Search
  {
    method: "get", path: "/api/v1/crm/search", operationId: "quickSearch", tag: "Search", summary: "Search deals, companies and contacts",
    description:
      "A few matches of each kind for `q`, case- and width-insensitive (Unicode NFKC, then lower case). Deals match on their name, number, company, contacts and tags, and only those the caller may see (with `deal_visibility` `own`, a rep finds only his own deals); companies on their name; contacts on their name and email. Deleted records are not found. An application-scoped API key finds only its application's records.",
    query: quickSearchQuerySchema, status: 200, response: quickSearchResponseSchema, responseDescription: "The matches, grouped.", errors: [400, ...READ],
  },
  // Companies
  {
    method: "get", path: "/api/v1/crm/companies", operationId: "listCompanies", tag: "Companies", summary: "List companies",
    description: CSV_LIST.trim(),
    query: companyListQuerySchema, status: 200, response: companyListResponseSchema, responseDescription: "A page of companies.", csv: true, errors: [400, ...READ, 406],
  },
  {
    method: "post", path: "/api/v1/crm/companies", operationId: "createCompany", tag: "Companies", summary: "Create a company",
    body: companyCreateSchema, status: 201, response: companyEnvelope, responseDescription: "The new company.", etag: true, location: true, idempotent: true, errors: [...WRITE, 409, 422],
  },
  {
    method: "get", path: "/api/v1/crm/companies/{id}", operationId: "getCompany", tag: "Companies", summary: "Get a company",
    description: "404 for a company in the trash unless `include_deleted=true`.",
    pathParams: [companyId], query: companyGetQuerySchema, status: 200, response: companyEnvelope, responseDescription: "The company.", etag: true, conditionalGet: true, errors: [400, ...READ, 404],
  },
  {
    method: "patch", path: "/api/v1/crm/companies/{id}", operationId: "updateCompany", tag: "Companies", summary: "Change a company",
    description: "Only the fields sent change; `If-Match` or `version` guards against lost updates.",
    pathParams: [companyId], body: companyUpdateSchema, status: 200, response: companyEnvelope, responseDescription: "The company after the change.", etag: true, ifMatch: true, errors: [...WRITE, 404, 409, 412],
  },
  {
    method: "delete", path: "/api/v1/crm/companies/{id}", operationId: "deleteCompany", tag: "Companies", summary: "Delete a company (soft)",
    description: "Managers, or the member who added it. Deals keep pointing at it.",
    pathParams: [companyId], status: 200, response: successSchema, responseDescription: "Deleted.", ifMatch: true, errors: [...READ, 400, 404, 409, 412],
  },
  {
    method: "post", path: "/api/v1/crm/companies/{id}/restore", operationId: "restoreCompany", tag: "Companies", summary: "Restore a deleted company",
    description: "Managers, or the member who added it. 409 `not_deleted` when the company is not in the trash.",
    pathParams: [companyId], status: 200, response: companyEnvelope, responseDescription: "The restored company.", etag: true, errors: [...READ, 404, 409],
  },
  {
    method: "get", path: "/api/v1/crm/companies/{id}/deal-summary", operationId: "getCompanyDealSummary", tag: "Companies", summary: "A company's deals in figures",
    description: "Counts of the company's live deals the caller can see (all, open, won, lost) and the open ones' totals per currency. The company's deals themselves: `GET /api/v1/crm/deals?company_id=…`.",
    pathParams: [companyId], status: 200, response: companyDealSummaryResponseSchema, responseDescription: "The summary.", errors: [...READ, 404],
  },
  {
    method: "get", path: "/api/v1/crm/companies/{id}/activities", operationId: "listCompanyActivities", tag: "Companies", summary: "List the timeline of a company's deals",
    description: "The activities of every live deal of the company the caller can see, newest first, each with its deal's name and number.",
    pathParams: [companyId], query: activityListQuerySchema, status: 200, response: companyActivityListSchema, responseDescription: "A page of activities.", errors: [400, ...READ, 404],
  },
  // Contacts
  {
    method: "get", path: "/api/v1/crm/contacts", operationId: "listContacts", tag: "Contacts", summary: "List contacts",
    description: "Search matches first name, last name and email." + CSV_LIST, query: contactListQuerySchema, status: 200, response: contactListResponseSchema, responseDescription: "A page of contacts.", csv: true, errors: [400, ...READ, 406],
  },
  {
    method: "post", path: "/api/v1/crm/contacts", operationId: "createContact", tag: "Contacts", summary: "Create a contact",
    description: "`company_id` must be a company of the same workspace (422 `invalid_reference` otherwise).",
    body: contactCreateSchema, status: 201, response: contactEnvelope, responseDescription: "The new contact.", etag: true, location: true, idempotent: true, errors: [...WRITE, 409, 422],
  },
  {
    method: "get", path: "/api/v1/crm/contacts/{id}", operationId: "getContact", tag: "Contacts", summary: "Get a contact",
    description: "404 for a contact in the trash unless `include_deleted=true`.",
    pathParams: [contactId], query: contactGetQuerySchema, status: 200, response: contactEnvelope, responseDescription: "The contact.", etag: true, conditionalGet: true, errors: [400, ...READ, 404],
  },
  {
    method: "patch", path: "/api/v1/crm/contacts/{id}", operationId: "updateContact", tag: "Contacts", summary: "Change a contact",
    pathParams: [contactId], body: contactUpdateSchema, status: 200, response: contactEnvelope, responseDescription: "The contact after the change.", etag: true, ifMatch: true, errors: [...WRITE, 404, 409, 412, 422],
  },
  {
    method: "delete", path: "/api/v1/crm/contacts/{id}", operationId: "deleteContact", tag: "Contacts", summary: "Delete a contact (soft)",
    description: "Managers, or the member who added it.", pathParams: [contactId], status: 200, response: successSchema, responseDescription: "Deleted.", ifMatch: true, errors: [...READ, 400, 404, 409, 412],
  },
  {
    method: "post", path: "/api/v1/crm/contacts/{id}/restore", operationId: "restoreContact", tag: "Contacts", summary: "Restore a deleted contact",
    description: "Managers, or the member who added it. 409 `not_deleted` when the contact is not in the trash.",
    pathParams: [contactId], status: 200, response: contactEnvelope, responseDescription: "The restored contact.", etag: true, errors: [...READ, 404, 409],
  },
  // Members, reports, account, system
  {
    method: "get", path: "/api/v1/crm/members", operationId: "listMembers", tag: "Members", summary: "List the workspace's members",
    status: 200, response: memberListResponseSchema, responseDescription: "Every member with their role.", errors: READ,
  },
  {
    method: "get", path: "/api/v1/crm/reports/pipeline", operationId: "getPipelineReport", tag: "Reports", summary: "Pipeline report",
    description:
      "Per-stage totals (per pipeline under `pipelines`), forecast by expected close month, 90-day win rate, per-owner numbers and deals needing attention (idle longer than their stage's rotting days, or overdue). Every pipeline together, or one with `pipeline_id` (404 for a pipeline the workspace does not have). Money is per currency, never converted. Managers only (403 for reps).",
    query: pipelineReportQuerySchema, status: 200, response: pipelineReportSchema, responseDescription: "The report.", errors: [400, ...READ],
  },
  {
    method: "get", path: "/api/v1/crm/events", operationId: "streamDealEvents", tag: "Deals", summary: "Stream deal changes (server-sent events)",
    description: "`event: deal_change` with `{deal_id, kind, stage, version, by}` for every change to a deal the caller can see (and to one reassigned away from them); `event: ready` once listening; `event: resync` when changes may have been missed or the workspace's settings changed (reload); a heartbeat comment every 15 s. The session is checked again at every heartbeat: when it has ended (sign-out, revocation, expiry), its active workspace changed or the membership ended, the stream sends `event: closed` with `{reason}` (`session_ended`, `workspace_changed`, `membership_ended`) and ends; reconnecting then answers 401/403, or streams the new workspace.",
    status: 200, contentType: "text/event-stream", responseDescription: "An event stream.", errors: READ,
  },
  {
    method: "get", path: "/api/v1/me", operationId: "getMe", tag: "Account", summary: "Who am I",
    status: 200, response: meSchema, responseDescription: "The user, their active workspace and role.", errors: READ,
  },
  {
    method: "patch", path: "/api/v1/me", operationId: "updateMe", tag: "Account", summary: "Change your name or language",
    description: "Send `name`, `locale` or both; a field left out keeps its value. `locale: null` returns to following the browser's `Accept-Language`. The language applies to the UI and to the mail sent to you, in every workspace.",
    body: meUpdateSchema, status: 200, response: meSchema, responseDescription: "The user after the change.", errors: WRITE,
  },
  {
    method: "get", path: "/api/v1/api-keys", operationId: "listApiKeys", tag: "API keys", summary: "List the workspace's API keys",
    description: "Name, prefix, access, scope, application, who created it and when, when it was last used (to the minute) and when it expires; never the secret. Revoked keys are not listed.",
    status: 200, response: apiKeyListSchema, responseDescription: "The keys, newest first.", errors: READ,
  },
  {
    method: "post", path: "/api/v1/api-keys", operationId: "createApiKey", tag: "API keys", summary: "Create an API key",
    description: "Answers the key and its `secret` (`pipeline_sk_…`) once: store it now. Send it as `Authorization: Bearer <secret>` on `/api/v1/crm/*`. `access: read` refuses every write (403 `api_key_read_only`); `scope: application` reads only the records its application wrote. Pass an existing `app_id` to rotate: the new key belongs to the same application and sees the same records; then revoke the old one.",
    body: apiKeyCreateSchema, status: 201, response: apiKeyCreatedSchema, responseDescription: "The new key and its secret.", location: true, errors: [...WRITE, 422],
  },
  {
    method: "delete", path: "/api/v1/api-keys/{id}", operationId: "revokeApiKey", tag: "API keys", summary: "Revoke an API key",
    description: "The key stops working at once: its next request answers 401. Records it wrote keep its `app_id` and name.",
    pathParams: [apiKeyId], status: 204, noContent: true, responseDescription: "Revoked.", errors: [...READ, 404],
  },
  {
    method: "get", path: "/api/v1/webhooks", operationId: "listWebhooks", tag: "Webhooks", summary: "List the workspace's webhook endpoints",
    description: "URL, events, whether it is enabled (and why not: `manual` or `failures`); never the secret.",
    status: 200, response: webhookListSchema, responseDescription: "The endpoints, newest first.", errors: READ,
  },
  {
    method: "post", path: "/api/v1/webhooks", operationId: "createWebhook", tag: "Webhooks", summary: "Register a webhook endpoint",
    description: "Answers the endpoint and its signing `secret` (`whsec_…`) once: store it to verify deliveries. The URL must be https and must not point to a private, loopback or link-local address (also checked after DNS on every attempt); redirects are not followed.",
    body: webhookCreateSchema, status: 201, response: webhookCreatedSchema, responseDescription: "The endpoint and its secret.", location: true, errors: WRITE,
  },
  {
    method: "get", path: "/api/v1/webhooks/{id}", operationId: "getWebhook", tag: "Webhooks", summary: "One webhook endpoint",
    pathParams: [webhookId], status: 200, response: webhookEnvelopeSchema, responseDescription: "The endpoint.", errors: [...READ, 404],
  },
  {
    method: "patch", path: "/api/v1/webhooks/{id}", operationId: "updateWebhook", tag: "Webhooks", summary: "Change a webhook endpoint",
    description: "`enabled: false` pauses it (its pending deliveries fail); `enabled: true` resumes it and clears a disable after failures.",
    pathParams: [webhookId], body: webhookUpdateSchema, status: 200, response: webhookEnvelopeSchema, responseDescription: "The endpoint after the change.", errors: [...WRITE, 404],
  },
  {
    method: "delete", path: "/api/v1/webhooks/{id}", operationId: "deleteWebhook", tag: "Webhooks", summary: "Delete a webhook endpoint",
    pathParams: [webhookId], status: 204, noContent: true, responseDescription: "Deleted, with its deliveries.", errors: [...READ, 404],
  },
  {
    method: "get", path: "/api/v1/webhooks/{id}/deliveries", operationId: "listWebhookDeliveries", tag: "Webhooks", summary: "An endpoint's deliveries",
    description: "The newest 100: status (`pending`, `succeeded`, `failed`), attempts, the last answer's status and duration, the last error, the next attempt. Never the secret or the payload.",
    pathParams: [webhookId], status: 200, response: webhookDeliveryListSchema, responseDescription: "The deliveries, newest first.", errors: [...READ, 404],
  },
  {
    method: "post", path: "/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry", operationId: "retryWebhookDelivery", tag: "Webhooks", summary: "Retry a delivery",
    description: "Makes the delivery due now, with a fresh round of attempts; the receiver gets the same `webhook-id`.",
    pathParams: [webhookId, deliveryId], status: 202, response: webhookDeliveryEnvelopeSchema, responseDescription: "The delivery, pending.", errors: [...READ, 404],
  },
  {
    method: "post", path: "/api/v1/webhooks/{id}/test", operationId: "sendWebhookTestEvent", tag: "Webhooks", summary: "Send a test event",
    description: "Queues a `webhook.test` event for this endpoint only.",
    pathParams: [webhookId], status: 202, response: webhookDeliveryEnvelopeSchema, responseDescription: "The test event's delivery, pending.", errors: [...READ, 404],
  },
  {
    method: "get", path: "/api/v1/workspace", operationId: "getWorkspace", tag: "Workspace", summary: "The workspace and its settings",
    status: 200, response: workspaceEnvelope, responseDescription: "The caller's workspace.", errors: READ,
  },
  {
    method: "patch", path: "/api/v1/workspace", operationId: "updateWorkspace", tag: "Workspace", summary: "Change the workspace's settings",
    description: "Managers only (403 for reps). `deal_visibility: own` limits sales reps to the deals assigned to them, everywhere: lists, search, the board and its totals, timelines and live events.",
    body: workspaceUpdateSchema, status: 200, response: workspaceEnvelope, responseDescription: "The workspace after the change.", errors: WRITE,
  },
  {
    method: "get", path: "/api/v1/health", operationId: "getHealth", tag: "System", summary: "Health", public: true,
    description: "200 when the database answers, 503 otherwise.", status: 200, response: healthSchema, responseDescription: "Healthy.", errors: [503],
  },
  {
    method: "get", path: "/api/v1/openapi.json", operationId: "getOpenApiDocument", tag: "System", summary: "This document", public: true,
    status: 200, responseDescription: "The OpenAPI 3.1 document.", errors: [],
  },
  // CSV imports
  {
    method: "get", path: "/api/v1/imports", operationId: "listImports", tag: "Imports", summary: "List recent imports",
    description: "The latest 50: a manager's whole workspace, a rep's own.",
    status: 200, response: importListSchema, responseDescription: "Imports, newest first.", errors: READ,
  },
  {
    method: "post", path: "/api/v1/imports", operationId: "uploadImport", tag: "Imports", summary: "Upload a CSV file",
    description: "The body is the file itself (`Content-Type: text/csv`, at most 20 MB and 100,000 rows; e.g. `curl --data-binary @deals.csv`). Its encoding is detected (strict UTF-8, else Shift-JIS) and answered as `encoding`. The import is created as a `draft` with its columns auto-mapped, and its first 20 rows previewed with their problems. Nothing is written to the CRM yet. 400 `csv_unreadable` for a file with no header or no records.",
    query: importUploadQuerySchema, csvBody: true, status: 201, response: importEnvelopeSchema, responseDescription: "The draft and its preview.", location: true, errors: [...WRITE],
  },
  {
    method: "get", path: "/api/v1/imports/{id}", operationId: "getImport", tag: "Imports", summary: "An import's progress and result",
    description: "`status` goes draft → queued → running → completed (or failed); `processed_rows` of `total_rows` is the progress; `errors` lists each failed row's line and reason.",
    pathParams: [importId], status: 200, response: importEnvelopeSchema, responseDescription: "The import.", errors: [400, ...READ, 404],
  },
  {
    method: "patch", path: "/api/v1/imports/{id}", operationId: "previewImport", tag: "Imports", summary: "Change a draft's mapping and preview it",
    description: "Send `mapping` (one field or null per column) and/or `create_missing`; answers the preview with them. 409 `import_not_draft` once it has started.",
    pathParams: [importId], body: importOptionsSchema, status: 200, response: importEnvelopeSchema, responseDescription: "The draft and its preview.", errors: [...WRITE, 404, 409],
  },
  {
    method: "post", path: "/api/v1/imports/{id}/start", operationId: "startImport", tag: "Imports", summary: "Start importing",
    description: "Optionally with the final `mapping` and `create_missing`. Answers 202 at once; the rows are imported in the background, in batches, each row all or nothing. Companies and contacts that rows name are matched by name or email (and created when `create_missing`). Imported deals have `source: \"import\"` and `source_type: \"api\"`. 422 `import_mapping_incomplete` when a required field has no column.",
    pathParams: [importId], body: importOptionsSchema, status: 202, response: importEnvelopeSchema, responseDescription: "The queued import.", errors: [...WRITE, 404, 409, 422],
  },
  {
    method: "post", path: "/api/v1/imports/{id}/undo", operationId: "undoImport", tag: "Imports", summary: "Undo an import",
    description: "Moves every record the import created (its deals, and the companies and contacts it added) to the trash, where each can still be restored. For the person who imported and managers, within a day of the import finishing, once (409 `import_not_undoable` otherwise).",
    pathParams: [importId], status: 200, response: importEnvelopeSchema, responseDescription: "The undone import.", errors: [...READ, 404, 409],
  },
  {
    method: "get", path: "/api/v1/imports/{id}/errors", operationId: "downloadImportErrors", tag: "Imports", summary: "The failed rows as CSV",
    description: "`line`, `field`, `reason` for each problem of each failed row; UTF-8 with a BOM.",
    pathParams: [importId], status: 200, contentType: "text/csv", responseDescription: "The failed rows.", errors: [400, ...READ, 404],
  },

];

// ---------- generation ----------

/** Each error status's response, with every code answered with it (lib/api/error-codes.ts). */
const ERROR_RESPONSE_NAMES: Record<ErrorStatus, { name: string; summary: string }> = {
  400: {
    name: "BadRequest",
    summary:
      "Invalid input, with per-field `errors` (`field` is the body field's dotted path, or `query.x`, `params.x`, `headers.x`, `path`; its `code` is e.g. `required`, `too_big`, `duplicate_parameter` for a single-value query parameter given twice, or `invalid_for_currency` for more decimals than the currency's minor unit).",
  },
  401: { name: "Unauthorized", summary: "No valid session cookie or Bearer token." },
  403: { name: "Forbidden", summary: "Not allowed." },
  404: { name: "NotFound", summary: "Not found." },
  406: { name: "NotAcceptable", summary: "`Accept` names no format the endpoint answers in." },
  409: { name: "Conflict", summary: "Conflict with the record's current state." },
  412: { name: "PreconditionFailed", summary: "A precondition failed (RFC 9110 §13.1.1)." },
  413: { name: "PayloadTooLarge", summary: "The body is too large." },
  415: { name: "UnsupportedMediaType", summary: "Send JSON with `Content-Type: application/json`." },
  422: { name: "UnprocessableContent", summary: "A rule failed." },
  429: { name: "TooManyRequests", summary: "Over the credential's request limit; `Retry-After` says when to retry." },
  503: { name: "ServiceUnavailable", summary: "Unavailable for now." },
};
const ERROR_RESPONSES = Object.fromEntries(
  Object.entries(ERROR_RESPONSE_NAMES).map(([status, { name, summary }]) => [
    status,
    { name, description: [summary, ...codesWithStatus(Number(status)).map((c) => `\`${c}\`: ${ERROR_CODES[c].description}`)].join(" ") },
  ]),
) as Record<ErrorStatus, { name: string; description: string }>;

/** Walks a JSON Schema: 2020-12 `examples` instead of the deprecated `example`, no id/dialect per component, no ±2^53 bounds noise. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== "object") return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node as JsonSchema)) {
    if (key === "$schema" || key === "$id") continue;
    if ((key === "maximum" && value === Number.MAX_SAFE_INTEGER) || (key === "minimum" && value === Number.MIN_SAFE_INTEGER)) continue;
    if (key === "example") {
      out.examples = [value];
      continue;
    }
    out[key] = tidy(value);
  }
  return out;
}

function componentSchemas(schemas: z.ZodType[], io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const schema of schemas) {
    const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
    if (!id) throw new Error("Every documented schema needs a meta id.");
    if (!registry.has(schema)) registry.add(schema, { id });
  }
  const result = z.toJSONSchema(registry, { io, target: "draft-2020-12", unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` });
  return tidy(result.schemas) as Record<string, JsonSchema>;
}

/** Replaces local `#/$defs/…` references by their definitions (query schemas are small and acyclic). */
function inlineDefs(node: unknown, defs: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineDefs(n, defs));
  if (node === null || typeof node !== "object") return node;
  const obj = node as JsonSchema;
  if (typeof obj.$ref === "string" && obj.$ref.startsWith("#/$defs/")) {
    const { $ref: _ref, ...rest } = obj;
    return { ...(inlineDefs(defs[obj.$ref.slice(8)], defs) as JsonSchema), ...rest };
  }
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(obj)) if (k !== "$defs") out[k] = inlineDefs(v, defs);
  return out;
}

/** Descriptions for query parameters whose schema cannot say it (e.g. comma-separated lists). */
const PARAMETER_NOTES: Record<string, string> = {
  stage: `One stage, or several comma-separated or repeated: stage ids of the deals' pipelines (the default pipeline's are ${DEFAULT_PIPELINE_STAGES.map((s) => s.id).join(", ")}).`,
  pipeline_id: "A pipeline's id (`pipe_…`).",
  assigned_member_id: "A member's id, `me`, or `none` (unassigned).",
  deleted: "`true` lists the trash (soft-deleted deals) instead.",
  include_deleted: "`true` also answers a deal in the trash (`is_deleted: true`) instead of 404.",
  search: "Case-insensitive partial match.",
  offset: "Rows to skip.",
  order: "Sort direction.",
  sort: "Sort key; ties are broken by id.",
  expected_close_from: "Expected close on or after this date.",
  expected_close_to: "Expected close on or before this date.",
  page: "Page number, from 1.",
};

/** A query schema (zod object) as OpenAPI query parameters, converted as input. */
function queryParameters(schema: z.ZodType): JsonSchema[] {
  const raw = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
  const object = tidy(inlineDefs(raw, (raw.$defs as Record<string, unknown>) ?? {})) as JsonSchema;
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries((object.properties as Record<string, JsonSchema>) ?? {}).map(([name, prop]) => {
    const { description: own, ...rest } = prop;
    const description = own ?? PARAMETER_NOTES[name];
    return {
      name,
      in: "query",
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
      // Arrays are accepted as repeated parameters (`stage=lead&stage=proposal`) or comma-separated.
      ...(JSON.stringify(rest).includes('"array"') ? { style: "form", explode: true } : {}),
    };
  });
}

const idOf = (schema: z.ZodType): string => (z.globalRegistry.get(schema) as { id: string }).id;
const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${idOf(schema)}` });

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: Record<string, unknown>;
  servers: Array<{ url: string; description?: string }>;
  tags: Array<{ name: string; description: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, JsonSchema>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
    parameters: Record<string, JsonSchema>;
    headers: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

function build(): OpenApiDocument {
  const inputs = [pipelineStageInputSchema, importMappingSchema, ...OPERATIONS.flatMap((op) => (op.body ? [op.body] : []))];
  // The records themselves are components too, so envelopes and lists reference them.
  const records = [nextStepSchema, taskSchema, taskDealSchema, dealSchema, dealCardSchema, activitySchema, companySchema, contactSchema, memberSchema, workspaceSchema, pipelineSchema, pipelineStageSchema, companyDealSummarySchema, companyActivitySchema, apiKeySchema, webhookSchema, webhookDeliverySchema, importSchema, importPreviewSchema, importMappingSchema];
  // Quick search results.
  const searchRecords = [quickSearchDealSchema, quickSearchCompanySchema, quickSearchContactSchema];
  const outputs = [problemSchema, ...records, ...searchRecords, ...OPERATIONS.flatMap((op) => (op.response ? [op.response] : []))];
  const schemas = { ...componentSchemas(outputs, "output"), ...componentSchemas(inputs, "input") };

  const paths: OpenApiDocument["paths"] = {};
  for (const op of OPERATIONS) {
    const parameters: JsonSchema[] = [
      ...(op.pathParams ?? []).map((p) => ({ name: p.name, in: "path", required: true, description: p.description, schema: { type: "string", examples: [p.example] } })),
      ...(op.query ? queryParameters(op.query) : []),
      ...(op.ifMatch ? [{ $ref: "#/components/parameters/IfMatch" }] : []),
      ...(op.conditionalGet ? [{ $ref: "#/components/parameters/IfNoneMatch" }] : []),
      ...(op.idempotent ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : []),
    ];
    const success: JsonSchema = {
      description: op.responseDescription,
      ...(op.etag || op.location
        ? {
            headers: {
              ...(op.etag ? { ETag: { $ref: "#/components/headers/ETag" } } : {}),
              ...(op.location ? { Location: { $ref: "#/components/headers/Location" } } : {}),
            },
          }
        : {}),
      content: op.noContent
        ? undefined
        : op.csv && op.response
        ? { "application/json": { schema: ref(op.response) }, "text/csv": { schema: { type: "string", description: "Every matching record as CSV (UTF-8 with BOM)." } } }
        : op.contentType
        ? { [op.contentType]: { schema: { type: "string" } } }
        : op.response
          ? { "application/json": { schema: ref(op.response) } }
          : { "application/json": { schema: { type: "object", description: "An OpenAPI 3.1 document." } } },
    };
    const responses: Record<string, unknown> = { [String(op.status)]: success };
    if (op.conditionalGet) responses["304"] = { $ref: "#/components/responses/NotModified" };
    for (const status of op.errors) responses[String(status)] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } } } : {}),
      ...(op.csvBody ? { requestBody: { required: true, content: { "text/csv": { schema: { type: "string", description: "The CSV file: a header row, then one record per row." } } } } } : {}),
      responses,
    };
  }

  const problemContent = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
  return {
    openapi: "3.1.0",
    info: {
      title: "Pipeline CRM API",
      version: "1.0.0",
      description: [
        "The REST API behind the Pipeline board: deals with their timeline, companies, contacts, members and manager reports.",
        "",
        "**Authentication.** Integrations send an API key: `Authorization: Bearer pipeline_sk_…`, created by a manager in Settings → API keys or with `POST /api/v1/api-keys`. A key reaches `/api/v1/crm/*` only (403 `api_key_not_allowed` elsewhere); a read-only key gets 403 `api_key_read_only` on writes; a revoked or expired key 401. A person's session works too: the browser's cookie, or `Authorization: Bearer <token>` with the `set-auth-token` header of `POST /api/auth/sign-in/email`. Everything is scoped to the caller's workspace; another workspace's records are simply not found.",
        "",
        "**Rate limits.** Every request counts against its credential (a session or a key), in fixed windows shared by all of the server's instances: by default 600 requests a minute per session and 1,200 per API key. Every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the window ends); over the limit the answer is 429 `rate_limited` with `Retry-After` (seconds).",
        "",
        "**Conventions.** snake_case JSON in UTF-8; dates `YYYY-MM-DD` and timestamps ISO 8601, in the years 1900–2999; money as a number in the record's `currency` (never converted), with at most the currency's ISO 4217 minor unit of decimals (JPY none, USD 2; never more than 2). Unknown fields are rejected (`unknown_field`), server-managed ones too (`read_only_field`): a field is either applied or refused, never silently ignored. Text fields refuse NUL, control characters other than tab and line breaks, and unpaired surrogates (`invalid_characters`). Errors are `application/problem+json` (RFC 9457) with a stable `code`. Records carry a `version`, returned as `ETag`; send it back as `If-Match` (or `version`) to avoid overwriting someone else's change, and as `If-None-Match` on a GET to get 304 when it has not changed. Creates answer 201 with `Location` and accept an `Idempotency-Key`. A query parameter that takes one value may be given once (`duplicate_parameter`).",
        "",
        "**Methods.** A method a path does not list answers 405 `method_not_allowed` (problem+json) with an `Allow` header; `OPTIONS` answers 204 with `Allow`; `HEAD` is `GET` without the content; a method outside RFC 9110's set (TRACE, WebDAV's) answers 501 `method_not_implemented`.",
        "",
        "**Languages.** Send `Accept-Language: ja` to get the `title` (and, for common codes, the `detail`) of problem+json errors in Japanese; English otherwise. The `code` never changes with the language: clients switch on it. Field names, enum values and the `errors[].message` of validation problems stay English.",
        "",
        "**Integrations.** `app_id` names the application whose API key created a deal (companies and contacts carry it too); it is null on records created by a person's session. A key's writes are `source_type: api`, and their timeline entries carry `data.api_key` (`{ id, name }`): the timeline shows \"via <key name>\". An application-scoped key reads only the records stamped with its `app_id`.",
      ].join("\n"),
    },
    servers: [{ url: "/", description: "This server" }],
    tags: TAGS.map((t) => ({ name: t.name, description: t.description })),
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      schemas,
      responses: {
        ...Object.fromEntries(Object.values(ERROR_RESPONSES).map((e) => [e.name, { description: e.description, content: problemContent }])),
        NotModified: {
          description: "The record still has the ETag sent in `If-None-Match`: no content, the `ETag` header only.",
          headers: { ETag: { $ref: "#/components/headers/ETag" } },
        },
        MethodNotAllowed: {
          description: "`method_not_allowed`: the path does not implement the method. `Allow` lists the methods it does.",
          headers: { Allow: { description: "e.g. `GET, HEAD, PATCH, DELETE, OPTIONS`.", schema: { type: "string" } } },
          content: problemContent,
        },
        NotImplemented: { description: "`method_not_implemented`: a method outside RFC 9110's set (TRACE, WebDAV's).", content: problemContent },
      },
      parameters: {
        IfMatch: {
          name: "If-Match",
          in: "header",
          required: false,
          description:
            'The `ETag` (version) you read, e.g. `"3"`, or `*`. Strong comparison (RFC 9110 §13.1.1): a stale one gets 409 `version_conflict`, a weak one (`W/"3"`) 412 `precondition_failed`, an unquoted or unknown one 400 `invalid_if_match`; without it the write proceeds.',
          schema: { type: "string", examples: ['"3"'] },
        },
        IfNoneMatch: {
          name: "If-None-Match",
          in: "header",
          required: false,
          description: 'ETags you hold, e.g. `"3"` (comma-separated; `W/"3"` matches too: weak comparison), or `*`. When one matches, 304 with no content. A malformed value is 400 `invalid_if_none_match`.',
          schema: { type: "string", examples: ['"3"'] },
        },
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: "Makes a retry safe: the same key and body within 24 h returns the stored response; the same key with another body is 422.",
          schema: { type: "string", minLength: 1, maxLength: 255, examples: ["6f1c1b1e-0c1a-4f8e-9a51-2f4b7f7d9e10"] },
        },
      },
      headers: {
        ETag: { description: 'The record\'s version, e.g. `"3"`; send it back as `If-Match`.', schema: { type: "string" } },
        Location: { description: "The new record's URL, e.g. `/api/v1/crm/deals/deal_…`.", schema: { type: "string" } },
      },
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API key's secret (`pipeline_sk_…`), or a person's `set-auth-token` value from sign-in or sign-up (or the raw session token).",
        },
        cookieAuth: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "The browser session. Writes must come from the app's origin." },
      },
    },
  };
}

let cached: OpenApiDocument | undefined;

/** The document, built once per process (it only depends on code). */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
