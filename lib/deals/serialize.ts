import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { AuditEntry, Database, DealRow } from "@/db/tables";
import type { Deal, DealCard } from "./schema";
import type { TenantRef } from "./scope";
import type { Stage } from "./stages";

/**
 * Deals (alias `d`) of one tenant joined to their company, primary contact and owner, with no
 * columns selected yet. Every wire read starts here, so the tenant filter and the joins the
 * display names need live in one place.
 */
function dealsWithNames(db: Kysely<Database>, tenantId: TenantRef) {
  return db
    .selectFrom("deals as d")
    .leftJoin("companies as co", (j) => j.onRef("co.id", "=", "d.company_id").onRef("co.tenant_id", "=", "d.tenant_id"))
    .leftJoin("contacts as ct", (j) => j.onRef("ct.id", "=", "d.contact_id").onRef("ct.tenant_id", "=", "d.tenant_id"))
    .leftJoin("user as u", "u.id", "d.assigned_member_id")
    .where("d.tenant_id", "=", tenantId);
}

/** The display names read from `dealsWithNames`' joins. */
const joinedNameColumns = [
  "co.name as company_name",
  sql<string | null>`person_name(ct.first_name, ct.last_name)`.as("contact_name"),
  "u.name as assigned_member_name",
] as const;

/**
 * The one way deals are read for the wire: the deal row plus display names of its company,
 * primary contact and owner. Always call with the caller's tenant id: the tenant filter lives
 * here so no read path can forget it.
 */
export function selectDeals(db: Kysely<Database>, tenantId: TenantRef) {
  return dealsWithNames(db, tenantId).selectAll("d").select(joinedNameColumns);
}

/** A board card's columns only (no `audit_log`, custom fields or id arrays), same joins and names. */
export function selectDealCards(db: Kysely<Database>, tenantId: TenantRef) {
  return dealsWithNames(db, tenantId).select([
    "d.id",
    "d.deal_number",
    "d.name",
    "d.amount",
    "d.currency",
    "d.stage",
    "d.probability",
    "d.company_id",
    "d.contact_id",
    "d.assigned_member_id",
    "d.expected_close_date",
    "d.next_followup_date",
    "d.lost_reason",
    "d.loss_category",
    "d.position",
    "d.stage_entered_at",
    "d.updated_at",
    "d.version",
    ...joinedNameColumns,
  ]);
}

/** A timestamp as `Date#toISOString` writes it (UTC, milliseconds truncated as `pg` truncates them). */
const isoText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * `toDeal`'s output written by PostgreSQL: one deal of `dealsWithNames` as JSON text, with the
 * same keys in the same order and the same values (amounts as exact decimals without trailing
 * zeros, currency trimmed, timestamps in ISO 8601 UTC with milliseconds). A list page of 50
 * deals is then 50 strings for the server to join, not 50 rows of 48 columns to decode into
 * objects and stringify again (finding 21 in docs/benchmarks.md). serialize.api.test.ts checks
 * that it parses to exactly what `toDeal` answers, on both drivers. Plain text (it has no
 * parameters), so the benchmark's floors run the very same expression (bench/floor-sql.ts).
 */
export const DEAL_JSON_SQL = `(select row_to_json(x) from (select d.id, d.deal_number, d.tenant_id, d.app_id, d.name,
  trim_scale(d.amount) as amount, rtrim(d.currency) as currency, d.stage, d.probability,
  d.company_id, co.name as company_name, d.contact_id, person_name(ct.first_name, ct.last_name) as contact_name, d.contact_ids,
  d.assigned_member_id, u.name as assigned_member_name,
  d.expected_close_date, d.won_date, d.actual_close_date, d.next_followup_date,
  d.lost_reason, d.loss_category, d.closure_notes, d.note, d.pipeline_id, d.forecast_category, d.deal_type, d.deal_source,
  d.competitors, d.rfp_record_id, d.quote_ids, d.proposal_ids, d.attachment_refs, d.linked_task_ids, d.tags, d.custom_fields,
  d.position, ${isoText("d.stage_entered_at")} as stage_entered_at, ${isoText("d.created_at")} as created_at,
  ${isoText("d.updated_at")} as updated_at, d.created_by, d.updated_by, d.source, d.source_type,
  d.is_deleted, ${isoText("d.deleted_at")} as deleted_at, d.deleted_by, d.schema_version, d.version, d.audit_log) x)::text`;
const dealJson = sql<string>`${sql.raw(DEAL_JSON_SQL)}`;

/** Deals for the wire as JSON text (`deal_json`), with their ids; same joins and tenant filter as `selectDeals`. */
export function selectDealsJson(db: Kysely<Database>, tenantId: TenantRef) {
  return dealsWithNames(db, tenantId).select(["d.id", dealJson.as("deal_json")]);
}

/**
 * The same display names as `selectDeals`' joins, as scalar subqueries on any relation aliased
 * `d` with the deals columns, e.g. the rows an `update … returning` produced.
 */
export const displayNameColumns = [
  sql<string | null>`(select co.name from companies co where co.id = d.company_id and co.tenant_id = d.tenant_id)`.as("company_name"),
  sql<string | null>`(select person_name(ct.first_name, ct.last_name) from contacts ct where ct.id = d.contact_id and ct.tenant_id = d.tenant_id)`.as(
    "contact_name",
  ),
  sql<string | null>`(select u.name from "user" u where u.id = d.assigned_member_id)`.as("assigned_member_name"),
] as const;

export type DealReadRow = DealRow & {
  company_name: string | null;
  contact_name: string | null;
  assigned_member_name: string | null;
};

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
