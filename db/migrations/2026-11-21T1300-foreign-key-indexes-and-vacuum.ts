import { type Kysely, sql } from "kysely";

// docs/benchmarks.md#foreign-key-indexes and #vacuum-settings.
//
// Foreign keys: PostgreSQL checks a referencing table on every delete of a referenced row
// (ON DELETE CASCADE, or the NO ACTION check). Without an index that leads with the
// referencing column, each check is a scan: deleting one deal scanned every activity (58 ms per
// deal at 200,000 activities, 0.15 ms with the index), and deleting an organization, company,
// contact or user would have taken minutes to hours at 100,000 deals. The old
// (tenant_id, company_id) / (tenant_id, contact_id) indexes could not serve those checks; the
// single-column ones below serve both the checks and the list filters (ids are unique across
// tenants, so the tenant condition is a cheap recheck). Partial on `is not null`: an equality
// lookup implies it, and deals without a company or contact stay out of the index.
//
// Vacuum: every deal write updates a `deal_stage_total_shards` row (the totals trigger) and
// every create a `deal_counters` row. Both tables are tiny and hot, so the default
// "vacuum after 20% of the rows are dead" means after a handful of updates on a table of a few
// hundred rows only if autovacuum runs often, and the dead versions pile up in between (17,760
// dead vs 135 live rows after the benchmark's load, which made `total` 1.4 ms instead of
// 0.1 ms). A fixed threshold keeps them small; fillfactor leaves room on each page so the
// updates are HOT (no index entry per update).
const hotTables = ["deal_stage_total_shards", "deal_counters"];

const up_statements = [
  `create index deal_activities_deal_id_idx on deal_activities (deal_id)`,
  `create index deals_company_id_idx on deals (company_id) where company_id is not null`,
  `create index deals_contact_id_idx on deals (contact_id) where contact_id is not null`,
  `create index deals_assigned_member_id_idx on deals (assigned_member_id) where assigned_member_id is not null`,
  `create index contacts_company_id_idx on contacts (company_id) where company_id is not null`,
  // better-auth's table: deleting a user checks the invitations they sent.
  `create index invitation_inviter_id_idx on invitation ("inviterId")`,
  `drop index if exists deals_company_idx`,
  `drop index if exists deals_contact_idx`,
  `drop index if exists contacts_tenant_company_idx`,
  ...hotTables.map(
    (t) =>
      `alter table ${t} set (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
         autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000)`,
  ),
];

const down_statements = [
  ...hotTables.map(
    (t) =>
      `alter table ${t} reset (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
         autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`,
  ),
  `create index if not exists contacts_tenant_company_idx on contacts (tenant_id, company_id)`,
  `create index if not exists deals_contact_idx on deals (tenant_id, contact_id)`,
  `create index if not exists deals_company_idx on deals (tenant_id, company_id)`,
  `drop index if exists invitation_inviter_id_idx`,
  `drop index if exists contacts_company_id_idx`,
  `drop index if exists deals_assigned_member_id_idx`,
  `drop index if exists deals_contact_id_idx`,
  `drop index if exists deals_company_id_idx`,
  `drop index if exists deal_activities_deal_id_idx`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of down_statements) await sql.raw(statement).execute(db);
}
