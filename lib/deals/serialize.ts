import { type Kysely, sql } from "kysely";
import type { AuditEntry, Database, DealRow } from "@/db/tables";
import type { Deal, DealCard } from "./schema";
import type { TenantRef } from "./scope";
import type { Stage } from "./stages";

/**
 * The columns of a deal read for `toDeal`: every column but `wire_head` and `wire_tail`, which
 * only list pages send. The company and contact names are columns too: triggers keep them
 * (migration `2026-11-22T1000-deal-read-model`). The owner's name is not (see `OWNER_NAME_SQL`).
 */
export const DEAL_READ_COLUMNS = [
  "d.id",
  "d.tenant_id",
  "d.app_id",
  "d.deal_number",
  "d.name",
  "d.amount",
  "d.currency",
  "d.stage",
  "d.probability",
  "d.company_id",
  "d.company_name",
  "d.contact_id",
  "d.contact_name",
  "d.contact_ids",
  "d.assigned_member_id",
  "d.expected_close_date",
  "d.won_date",
  "d.actual_close_date",
  "d.next_followup_date",
  "d.lost_reason",
  "d.loss_category",
  "d.closure_notes",
  "d.note",
  "d.pipeline_id",
  "d.forecast_category",
  "d.deal_type",
  "d.deal_source",
  "d.competitors",
  "d.rfp_record_id",
  "d.quote_ids",
  "d.proposal_ids",
  "d.attachment_refs",
  "d.linked_task_ids",
  "d.tags",
  "d.custom_fields",
  "d.position",
  "d.stage_entered_at",
  "d.created_at",
  "d.updated_at",
  "d.created_by",
  "d.updated_by",
  "d.source",
  "d.source_type",
  "d.is_deleted",
  "d.deleted_at",
  "d.deleted_by",
  "d.schema_version",
  "d.version",
  "d.audit_log",
] as const;

/**
 * The owner's display name, looked up by primary key on every read of a relation aliased `d`
 * with the deals columns (a table read or an `update … returning`). Not stored on the deal: a
 * member may own a third of the tenant's deals, and a rename would rewrite and lock every one of
 * them (finding 26 in docs/benchmarks.md). Plain SQL text, so the benchmark's floors run the same.
 */
export const OWNER_NAME_SQL = `(select u.name from "user" u where u.id = d.assigned_member_id)`;

/**
 * A deal as the API's JSON text: the stored head and tail (written by the deal's trigger on every
 * write: `toDeal`'s keys in `toDeal`'s order, same values) with the owner's name between them.
 * A list page of 50 deals is then 50 strings for the server to join: not 50 rows of 50 columns
 * to decode and stringify again (finding 21), nor 50 deals for PostgreSQL to join and write as
 * JSON on every request (finding 26). serialize.api.test.ts checks that it parses to exactly
 * what `toDeal` answers, on both drivers. Plain SQL text, so the floors run the same expression.
 */
export const DEAL_JSON_SQL = `d.wire_head || ',"assigned_member_name":' || coalesce(to_json(${OWNER_NAME_SQL})::text, 'null') || ',' || d.wire_tail`;

/** The owner's name as a selection, also for a select from a write's `returning` aliased `d`. */
export const ownerNameColumn = sql<string | null>`${sql.raw(OWNER_NAME_SQL)}`.as("assigned_member_name");
const dealJson = sql<string>`${sql.raw(DEAL_JSON_SQL)}`.as("deal_json");

/** `DEAL_READ_COLUMNS` and the owner's name as SQL text (alias `d`), for the benchmark's floors (bench/floor-sql.ts). */
export const DEAL_READ_SQL = `${DEAL_READ_COLUMNS.join(", ")}, ${OWNER_NAME_SQL} as assigned_member_name`;
/** `DEAL_READ_COLUMNS` for a `returning` clause (no alias); select `ownerNameColumn` beside them. */
export const DEAL_RETURNING_COLUMNS = DEAL_READ_COLUMNS.map((c) => c.slice(2) as DealReadColumn);
type DealReadColumn = (typeof DEAL_READ_COLUMNS)[number] extends `d.${infer C}` ? C : never;

/** Deals (alias `d`) of one tenant, no columns selected yet: every wire read starts here, so the tenant filter lives in one place. */
function tenantDealRows(db: Kysely<Database>, tenantId: TenantRef) {
  return db.selectFrom("deals as d").where("d.tenant_id", "=", tenantId);
}

/**
 * The one way deals are read for `toDeal`: the deal's columns with its display names. Always
 * call with the caller's tenant id: the tenant filter lives here so no read path can forget it.
 */
export function selectDeals(db: Kysely<Database>, tenantId: TenantRef) {
  return tenantDealRows(db, tenantId).select(DEAL_READ_COLUMNS).select(ownerNameColumn);
}

/** A board card's columns only (no `audit_log`, custom fields or id arrays), names included. */
export function selectDealCards(db: Kysely<Database>, tenantId: TenantRef) {
  return tenantDealRows(db, tenantId).select([
    "d.id",
    "d.deal_number",
    "d.name",
    "d.amount",
    "d.currency",
    "d.stage",
    "d.probability",
    "d.company_id",
    "d.company_name",
    "d.contact_id",
    "d.contact_name",
    "d.assigned_member_id",
    ownerNameColumn,
    "d.expected_close_date",
    "d.next_followup_date",
    "d.lost_reason",
    "d.loss_category",
    "d.position",
    "d.stage_entered_at",
    "d.updated_at",
    "d.version",
  ]);
}

/** Deals for the wire as JSON text (`deal_json`, see `DEAL_JSON_SQL`), with their ids; same tenant filter as `selectDeals`. */
export function selectDealsJson(db: Kysely<Database>, tenantId: TenantRef) {
  return tenantDealRows(db, tenantId).select(["d.id", dealJson]);
}

/** A deal as `selectDeals` reads it. */
export type DealReadRow = Omit<DealRow, "wire_head" | "wire_tail"> & { assigned_member_name: string | null };

// Column values → wire values, shared by the full deal and the card so both read alike.
const iso = (d: Date | string): string => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));
const wireAmount = (amount: DealRow["amount"]): number | null => (amount === null ? null : Number(amount));
/** `currency` is char(3): trimmed of the padding a shorter value would get. */
const wireCurrency = (currency: string): string => currency.trim();

function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as T;
    } catch {
      return fallback;
    }
  }
  return value as T;
}

export function toDeal(row: DealReadRow): Deal {
  return {
    id: row.id,
    deal_number: row.deal_number,
    tenant_id: row.tenant_id,
    app_id: row.app_id,
    name: row.name,
    amount: wireAmount(row.amount),
    currency: wireCurrency(row.currency),
    stage: row.stage as Stage,
    probability: row.probability,
    company_id: row.company_id,
    company_name: row.company_name ?? null,
    contact_id: row.contact_id,
    contact_name: row.contact_name ?? null,
    contact_ids: row.contact_ids ?? [],
    assigned_member_id: row.assigned_member_id,
    assigned_member_name: row.assigned_member_name ?? null,
    expected_close_date: row.expected_close_date,
    won_date: row.won_date,
    actual_close_date: row.actual_close_date,
    next_followup_date: row.next_followup_date,
    lost_reason: row.lost_reason,
    loss_category: row.loss_category,
    closure_notes: row.closure_notes,
    note: row.note,
    pipeline_id: row.pipeline_id,
    forecast_category: row.forecast_category,
    deal_type: row.deal_type,
    deal_source: row.deal_source,
    competitors: row.competitors ?? [],
    rfp_record_id: row.rfp_record_id,
    quote_ids: row.quote_ids ?? [],
    proposal_ids: row.proposal_ids ?? [],
    attachment_refs: row.attachment_refs ?? [],
    linked_task_ids: row.linked_task_ids ?? [],
    tags: row.tags ?? [],
    custom_fields: parseJson<Record<string, unknown>>(row.custom_fields, {}),
    position: row.position,
    stage_entered_at: iso(row.stage_entered_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    created_by: row.created_by,
    updated_by: row.updated_by,
    source: row.source,
    source_type: row.source_type,
    is_deleted: row.is_deleted,
    deleted_at: isoOrNull(row.deleted_at),
    deleted_by: row.deleted_by,
    schema_version: row.schema_version,
    version: row.version,
    audit_log: parseJson<AuditEntry[]>(row.audit_log, []) as Deal["audit_log"],
  };
}

export type DealCardRow = Awaited<ReturnType<ReturnType<typeof selectDealCards>["execute"]>>[number];

export function toDealCard(row: DealCardRow): DealCard {
  return {
    id: row.id,
    deal_number: row.deal_number,
    name: row.name,
    amount: wireAmount(row.amount),
    currency: wireCurrency(row.currency),
    stage: row.stage as Stage,
    probability: row.probability,
    company_id: row.company_id,
    company_name: row.company_name ?? null,
    contact_id: row.contact_id,
    contact_name: row.contact_name ?? null,
    assigned_member_id: row.assigned_member_id,
    assigned_member_name: row.assigned_member_name ?? null,
    expected_close_date: row.expected_close_date,
    next_followup_date: row.next_followup_date,
    lost_reason: row.lost_reason,
    loss_category: row.loss_category,
    position: row.position,
    stage_entered_at: iso(row.stage_entered_at),
    updated_at: iso(row.updated_at),
    version: row.version,
  };
}
