import type { Insertable, Kysely } from "kysely";
import type { AuditEntry, CompanyTable, ContactTable, Database, DealActivityTable, NewDealRow } from "@/db/tables";
import { formatDealNumber } from "@/lib/deals/numbering";
import type { Deal } from "@/lib/deals/schema";
import { rankBetween, rankSequence } from "@/lib/deals/rank";
import type { Stage } from "@/lib/deals/stages";
import { DEFAULT_PIPELINE_STAGES } from "@/lib/pipelines/model";
import { newId } from "@/lib/ids";

/**
 * Row builders shared by the demo seed and the tests: each returns a complete row exactly as the
 * services write it (ids with their prefix, server-stamped columns filled), with overrides on top.
 */

export type NewCompany = Insertable<CompanyTable>;
export type NewContact = Insertable<ContactTable>;
export type NewActivity = Insertable<DealActivityTable>;

export { formatDealNumber };

export function companyRow(tenantId: string, input: Partial<NewCompany> = {}): NewCompany {
  const now = input.created_at ?? new Date();
  return {
    id: newId("company"),
    tenant_id: tenantId,
    name: "Northwind Traders",
    domain: null,
    industry: null,
    phone: null,
    website: null,
    address: null,
    note: null,
    created_at: now,
    updated_at: now,
    created_by: null,
    updated_by: input.created_by ?? null,
    ...input,
  };
}

export function contactRow(tenantId: string, input: Partial<NewContact> = {}): NewContact {
  const now = input.created_at ?? new Date();
  return {
    id: newId("contact"),
    tenant_id: tenantId,
    company_id: null,
    first_name: "Hanako",
    last_name: "Suzuki",
    email: null,
    phone: null,
    title: null,
    note: null,
    created_at: now,
    updated_at: now,
    created_by: null,
    updated_by: input.created_by ?? null,
    ...input,
  };
}

/** A stage's probability in the default pipeline (a custom stage: 10 %, tests set their own). */
const defaultProbability = (stage: Stage): number => DEFAULT_PIPELINE_STAGES.find((s) => s.id === stage)?.probability ?? 10;

/** The pipeline id `wireDeal` gives a deal unless told otherwise. */
export const WIRE_PIPELINE_ID = "pipe_00000000000000000000000000";

/** The optional fields of a new deal, unset: the same in a stored row and on the wire. */
const unsetDealFields = () => ({
    company_id: null,
    contact_id: null,
    contact_ids: [],
    assigned_member_id: null,
    expected_close_date: null,
    won_date: null,
    actual_close_date: null,
    next_followup_date: null,
    lost_reason: null,
    loss_category: null,
    closure_notes: null,
    note: null,
    forecast_category: null,
    deal_type: null,
    deal_source: null,
    competitors: [],
    rfp_record_id: null,
    quote_ids: [],
    proposal_ids: [],
    attachment_refs: [],
    linked_task_ids: [],
    tags: [],
    custom_fields: {},
});

let wireDeals = 0;

/**
 * A deal as the API sends it (`Deal`), for tests of code that receives one (the board's
 * arithmetic, the change rules, a page fed a mocked API): every field at the value a fresh deal
 * in Lead has, a new id and number each call, with `input` on top.
 */
export function wireDeal(input: Partial<Deal> = {}): Deal {
  wireDeals += 1;
  const at = "2026-01-01T00:00:00.000Z";
  const stage = input.stage ?? "lead";
  return {
    id: `deal_${String(wireDeals).padStart(26, "0")}`,
    deal_number: formatDealNumber(2026, wireDeals),
    tenant_id: "org_x",
    app_id: null,
    name: `Deal ${wireDeals}`,
    next_step: null,
    amount: 1000,
    currency: "JPY",
    stage,
    probability: defaultProbability(stage),
    ...unsetDealFields(),
    pipeline_id: WIRE_PIPELINE_ID,
    company_name: null,
    contact_name: null,
    assigned_member_name: null,
    position: rankSequence(1)[0],
    stage_entered_at: at,
    created_at: at,
    updated_at: at,
    created_by: null,
    updated_by: null,
    source: "edm",
    source_type: "api",
    is_deleted: false,
    deleted_at: null,
    deleted_by: null,
    schema_version: 1,
    version: 1,
    audit_log: [{ from: null, to: stage, at, by: null }],
    ...input,
  };
}

/**
 * A deal row. `deal_number` and `position` come from the caller (they depend on the other rows
 * of the tenant); the stage's default probability and a creation audit entry are filled in.
 * Without `pipeline_id` the deal goes to the tenant's default pipeline (the table's trigger).
 */
export function dealRow(tenantId: string, input: Partial<NewDealRow> & { deal_number: string; position: string }): NewDealRow {
  const stage = (input.stage ?? "lead") as Stage;
  const createdAt = input.created_at ?? new Date();
  const by = input.created_by ?? null;
  const auditLog: AuditEntry[] = [{ from: null, to: stage, at: new Date(createdAt).toISOString(), by }];
  return {
    id: newId("deal"),
    tenant_id: tenantId,
    app_id: null,
    name: "New deal",
    amount: null,
    currency: "JPY",
    stage,
    probability: defaultProbability(stage),
    ...unsetDealFields(),
    stage_entered_at: createdAt,
    created_at: createdAt,
    updated_at: createdAt,
    created_by: by,
    updated_by: by,
    source: "edm",
    source_type: "api",
    version: 1,
    ...input,
    audit_log: typeof input.audit_log === "string" ? input.audit_log : JSON.stringify(input.audit_log ?? auditLog),
  };
}

export function activityRow(tenantId: string, dealId: string, input: Partial<NewActivity> & { type: string }): NewActivity {
  const at = input.occurred_at ?? new Date();
  return {
    id: newId("activity"),
    tenant_id: tenantId,
    deal_id: dealId,
    content: null,
    occurred_at: at,
    created_at: at,
    created_by: null,
    source_type: "api",
    ...input,
    data: typeof input.data === "string" ? input.data : JSON.stringify(input.data ?? {}),
  };
}

/** Inserts companies for a test or the seed and returns their rows. */
export async function insertCompanies(db: Kysely<Database>, tenantId: string, inputs: Partial<NewCompany>[]): Promise<NewCompany[]> {
  const rows = inputs.map((i) => companyRow(tenantId, i));
  if (rows.length) await db.insertInto("companies").values(rows).execute();
  return rows;
}

export async function insertContacts(db: Kysely<Database>, tenantId: string, inputs: Partial<NewContact>[]): Promise<NewContact[]> {
  const rows = inputs.map((i) => contactRow(tenantId, i));
  if (rows.length) await db.insertInto("contacts").values(rows).execute();
  return rows;
}

/**
 * Inserts deals the way the deals service would leave them: numbers continue the tenant's
 * counter for the year (and the counter is advanced), and each stage column gets ranks after
 * its existing cards. Meant for tests and the seed; the API goes through the service.
 */
export async function insertDeals(
  db: Kysely<Database>,
  tenantId: string,
  inputs: Array<Partial<NewDealRow>>,
  year = new Date().getUTCFullYear(),
): Promise<NewDealRow[]> {
  if (inputs.length === 0) return [];
  const counter = await db
    .selectFrom("deal_counters")
    .select("last_value")
    .where("tenant_id", "=", tenantId)
    .where("year", "=", year)
    .executeTakeFirst();
  let next = counter?.last_value ?? 0;
  const byStage = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    const stage = input.stage ?? "lead";
    byStage.set(stage, [...(byStage.get(stage) ?? []), i]);
  });
  const positions: string[] = new Array(inputs.length);
  for (const [stage, indexes] of byStage) {
    const last = await db
      .selectFrom("deals")
      .select("position")
      .where("tenant_id", "=", tenantId)
      .where("stage", "=", stage)
      .orderBy("position", "desc")
      .limit(1)
      .executeTakeFirst();
    const keys = rankAfter(last?.position ?? null, indexes.length);
    indexes.forEach((index, k) => (positions[index] = keys[k]));
  }
  const rows = inputs.map((input, i) => dealRow(tenantId, { deal_number: formatDealNumber(year, ++next), position: positions[i], ...input }));
  await db.insertInto("deals").values(rows).execute();
  await db
    .insertInto("deal_counters")
    .values({ tenant_id: tenantId, year, last_value: next })
    .onConflict((oc) => oc.columns(["tenant_id", "year"]).doUpdateSet({ last_value: next }))
    .execute();
  return rows;
}

/** `n` ascending ranks after `last` (or a fresh evenly spread sequence for an empty column). */
function rankAfter(last: string | null, n: number): string[] {
  if (last === null) return rankSequence(n);
  const out: string[] = [];
  for (let prev = last; out.length < n; ) out.push((prev = rankBetween(prev, null)));
  return out;
}
