import { type Kysely, sql } from "kysely";

// Companies, contacts, deals, their activities, per-tenant deal numbering, idempotency keys,
// and per-stage totals kept by a trigger so counts and sums never scan a tenant's deals.
const statements = [
  `create extension if not exists pg_trgm`,

  `create table companies (
    id text primary key,
    tenant_id text not null references "organization" ("id") on delete cascade,
    name text not null,
    domain text, industry text, phone text, website text, address text, note text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    created_by text, updated_by text,
    is_deleted boolean not null default false,
    deleted_at timestamptz, deleted_by text,
    version integer not null default 1
  )`,
  `create index companies_tenant_name_idx on companies (tenant_id, lower(name), id) where not is_deleted`,
  `create index companies_name_trgm_idx on companies using gin (lower(name) gin_trgm_ops)`,

  `create table contacts (
    id text primary key,
    tenant_id text not null references "organization" ("id") on delete cascade,
    company_id text references companies (id),
    first_name text not null,
    last_name text, email text, phone text, title text, note text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    created_by text, updated_by text,
    is_deleted boolean not null default false,
    deleted_at timestamptz, deleted_by text,
    version integer not null default 1
  )`,
  `create index contacts_tenant_name_idx on contacts (tenant_id, lower(first_name), id) where not is_deleted`,
  `create index contacts_tenant_company_idx on contacts (tenant_id, company_id)`,
  `create index contacts_name_trgm_idx on contacts using gin (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '')) gin_trgm_ops)`,

  `create table deals (
    id text primary key,
    tenant_id text not null references "organization" ("id") on delete cascade,
    app_id text not null default 'crm',
    deal_number text not null,
    name text not null,
    amount numeric(18, 2),
    currency char(3) not null default 'JPY',
    stage text not null default 'lead',
    probability integer not null default 10 check (probability between 0 and 100),
    company_id text references companies (id),
    contact_id text references contacts (id),
    contact_ids text[] not null default '{}',
    assigned_member_id text references "user" ("id"),
    expected_close_date date, won_date date, actual_close_date date, next_followup_date date,
    lost_reason text, loss_category text, closure_notes text, note text,
    pipeline_id text, forecast_category text, deal_type text, deal_source text,
    competitors text[] not null default '{}',
    rfp_record_id text,
    quote_ids text[] not null default '{}',
    proposal_ids text[] not null default '{}',
    attachment_refs text[] not null default '{}',
    linked_task_ids text[] not null default '{}',
    tags text[] not null default '{}',
    custom_fields jsonb not null default '{}',
    position text collate "C" not null,
    stage_entered_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    created_by text, updated_by text,
    source text not null default 'edm',
    source_type text not null default 'api',
    is_deleted boolean not null default false,
    deleted_at timestamptz, deleted_by text,
    schema_version integer not null default 1,
    version integer not null default 1,
    audit_log jsonb not null default '[]',
    constraint deals_amount_nonnegative check (amount is null or amount >= 0),
    constraint deals_tenant_number_key unique (tenant_id, deal_number)
  )`,
  // Live deals: one index per sort key, each ending in id so keyset pagination is index-only ordered.
  `create index deals_live_created_idx on deals (tenant_id, created_at, id) where not is_deleted`,
  `create index deals_live_updated_idx on deals (tenant_id, updated_at, id) where not is_deleted`,
  `create index deals_live_name_idx on deals (tenant_id, name, id) where not is_deleted`,
  `create index deals_live_amount_idx on deals (tenant_id, amount, id) where not is_deleted`,
  `create index deals_live_close_idx on deals (tenant_id, expected_close_date, id) where not is_deleted`,
  `create index deals_live_probability_idx on deals (tenant_id, probability, id) where not is_deleted`,
  `create index deals_live_board_idx on deals (tenant_id, stage, position, id) where not is_deleted`,
  `create index deals_live_stage_created_idx on deals (tenant_id, stage, created_at, id) where not is_deleted`,
  `create index deals_live_owner_idx on deals (tenant_id, assigned_member_id, created_at, id) where not is_deleted`,
  `create index deals_company_idx on deals (tenant_id, company_id)`,
  `create index deals_contact_ids_idx on deals using gin (contact_ids)`,
  `create index deals_tags_idx on deals using gin (tags)`,
  `create index deals_trash_idx on deals (tenant_id, deleted_at, id) where is_deleted`,
  `create index deals_name_trgm_idx on deals using gin (lower(name || ' ' || deal_number) gin_trgm_ops)`,

  `create table deal_activities (
    id text primary key,
    tenant_id text not null references "organization" ("id") on delete cascade,
    deal_id text not null references deals (id) on delete cascade,
    type text not null,
    content text,
    data jsonb not null default '{}',
    occurred_at timestamptz not null default now(),
    due_date date,
    created_at timestamptz not null default now(),
    created_by text,
    source_type text not null default 'api'
  )`,
  `create index deal_activities_deal_idx on deal_activities (tenant_id, deal_id, created_at desc, id desc)`,

  `create table deal_counters (
    tenant_id text not null references "organization" ("id") on delete cascade,
    year integer not null,
    last_value integer not null,
    primary key (tenant_id, year)
  )`,

  `create table idempotency_keys (
    tenant_id text not null,
    key text not null,
    scope text not null,
    request_hash text not null,
    status integer,
    response jsonb,
    created_at timestamptz not null default now(),
    primary key (tenant_id, scope, key)
  )`,
  `create index idempotency_keys_created_idx on idempotency_keys (created_at)`,

  `create table deal_stage_totals (
    tenant_id text not null,
    stage text not null,
    currency char(3) not null,
    deal_count integer not null default 0,
    amount_sum numeric(24, 2) not null default 0,
    weighted_sum numeric(28, 4) not null default 0,
    primary key (tenant_id, stage, currency)
  )`,

  `create function deal_stage_totals_apply(t text, s text, c text, n integer, amt numeric, prob integer)
   returns void language plpgsql as $$
   begin
     insert into deal_stage_totals as d (tenant_id, stage, currency, deal_count, amount_sum, weighted_sum)
     values (t, s, c, n, n * coalesce(amt, 0), n * coalesce(amt, 0) * prob / 100.0)
     on conflict (tenant_id, stage, currency) do update
       set deal_count = d.deal_count + excluded.deal_count,
           amount_sum = d.amount_sum + excluded.amount_sum,
           weighted_sum = d.weighted_sum + excluded.weighted_sum;
   end $$`,

  `create function deals_totals_trigger() returns trigger language plpgsql as $$
   begin
     if tg_op in ('UPDATE', 'DELETE') and not old.is_deleted then
       if tg_op = 'UPDATE' and not new.is_deleted
          and new.stage = old.stage and new.currency = old.currency
          and new.amount is not distinct from old.amount and new.probability = old.probability then
         return new;
       end if;
       perform deal_stage_totals_apply(old.tenant_id, old.stage, old.currency, -1, old.amount, old.probability);
     end if;
     if tg_op in ('INSERT', 'UPDATE') and not new.is_deleted then
       perform deal_stage_totals_apply(new.tenant_id, new.stage, new.currency, 1, new.amount, new.probability);
     end if;
     return null;
   end $$`,
  `create trigger deals_totals after insert or update or delete on deals
   for each row execute function deals_totals_trigger()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `drop table if exists deal_stage_totals, idempotency_keys, deal_counters, deal_activities, deals, contacts, companies cascade`,
    `drop function if exists deals_totals_trigger() cascade`,
    `drop function if exists deal_stage_totals_apply(text, text, text, integer, numeric, integer)`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
