import { type Kysely, sql } from "kysely";

// Indexes for the deals list (lib/deals/list.ts), checked with EXPLAIN at 100k deals per tenant:
// - amount and expected_close_date sort NULLS LAST in both directions, by sorting on
//   coalesce(col, +/-infinity); one index per direction on exactly those expressions keeps every
//   page (and every keyset cursor) an index range scan. They replace the plain amount index,
//   which no query uses any more (the plain close-date index stays: it serves the date-range filters).
// - sort=position without a stage filter, and the contact and pipeline filters.
const up_statements = [
  `create index deals_live_amount_asc_idx on deals (tenant_id, coalesce(amount, 'Infinity'::numeric), id) where not is_deleted`,
  `create index deals_live_amount_desc_idx on deals (tenant_id, coalesce(amount, '-Infinity'::numeric) desc, id desc) where not is_deleted`,
  `create index deals_live_close_asc_idx on deals (tenant_id, coalesce(expected_close_date, 'infinity'::date), id) where not is_deleted`,
  `create index deals_live_close_desc_idx on deals (tenant_id, coalesce(expected_close_date, '-infinity'::date) desc, id desc) where not is_deleted`,
  `create index deals_live_position_idx on deals (tenant_id, position, id) where not is_deleted`,
  `create index deals_contact_idx on deals (tenant_id, contact_id)`,
  `create index deals_live_pipeline_idx on deals (tenant_id, pipeline_id, created_at, id) where not is_deleted`,
  `drop index if exists deals_live_amount_idx`,
];

const down_statements = [
  `create index if not exists deals_live_amount_idx on deals (tenant_id, amount, id) where not is_deleted`,
  `drop index if exists deals_live_pipeline_idx`,
  `drop index if exists deals_contact_idx`,
  `drop index if exists deals_live_position_idx`,
  `drop index if exists deals_live_close_desc_idx`,
  `drop index if exists deals_live_close_asc_idx`,
  `drop index if exists deals_live_amount_desc_idx`,
  `drop index if exists deals_live_amount_asc_idx`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of down_statements) await sql.raw(statement).execute(db);
}
