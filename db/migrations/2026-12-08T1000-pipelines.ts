import { type Kysely, sql } from "kysely";

// Pipelines: each workspace shapes its own sales process. A workspace has one or more pipelines,
// exactly one of them the default; a pipeline has ordered stages, each with a kind (open, won,
// lost), a probability and optional rotting days. Every pipeline ends with `closed_won` and
// `closed_lost`, so the closing rules and reports stay the same everywhere.
//
// - `pipeline_stages` is a table, not a JSON list on the pipeline: every deal references its
//   stage by foreign key (tenant, pipeline, stage). The database then guarantees that no deal is
//   ever in a stage its pipeline does not have, also against a stage removed while a deal moves
//   into it (the key check locks the stage row; the removal waits or fails).
// - Every workspace gets its default pipeline when it is created (a trigger on "organization",
//   so sign-up, seeds and tests all get it) with the reference's six stages and probabilities;
//   existing workspaces get it here, and every existing deal moves into it. A deal's former
//   free-text `pipeline_id` (accepted before pipelines existed) is kept in its custom fields
//   under `pipeline`, so nothing is lost.
// - A deal inserted without a pipeline goes to its workspace's default pipeline (a BEFORE
//   trigger that runs before the read model's, so the stored JSON has it).
// - The trigger-kept totals are kept per pipeline as well as per stage and currency.
// - The board index leads with the pipeline: a column is (tenant, pipeline, stage) in rank order.

// The reference's stages and probabilities; open stages rot after 30 days, as every deal did
// before stages had their own rotting days.
const DEFAULT_STAGES = [
  ["lead", "Lead", "open", 10, 30, 1],
  ["qualification", "Qualification", "open", 20, 30, 2],
  ["proposal", "Proposal", "open", 50, 30, 3],
  ["negotiation", "Negotiation", "open", 80, 30, 4],
  ["closed_won", "Won", "won", 100, null, 5],
  ["closed_lost", "Lost", "lost", 0, null, 6],
] as const;

const defaultStageValues = (pipelineRef: string, tenantRef: string) =>
  DEFAULT_STAGES.map(
    ([id, name, kind, probability, rotting, position]) =>
      `(${tenantRef}, ${pipelineRef}, '${id}', '${name}', '${kind}', ${probability}, ${rotting ?? "null"}, ${position})`,
  ).join(",\n       ");

const up_statements = [
  `create table pipelines (
    id text primary key,
    tenant_id text not null references "organization" ("id") on delete cascade,
    name text not null,
    is_default boolean not null default false,
    position integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    created_by text,
    updated_by text,
    version integer not null default 1,
    constraint pipelines_tenant_id_key unique (tenant_id, id)
  )`,
  // At most one default per workspace (the service keeps it exactly one).
  `create unique index pipelines_one_default_idx on pipelines (tenant_id) where is_default`,
  `create index pipelines_tenant_position_idx on pipelines (tenant_id, position, id)`,

  `create table pipeline_stages (
    tenant_id text not null,
    pipeline_id text not null,
    id text not null check (id ~ '^[a-z0-9_]{1,40}$'),
    name text not null,
    kind text not null check (kind in ('open', 'won', 'lost')),
    probability integer not null check (probability between 0 and 100),
    rotting_days integer check (rotting_days is null or rotting_days between 1 and 3650),
    position integer not null,
    primary key (tenant_id, pipeline_id, id),
    constraint pipeline_stages_pipeline_fkey foreign key (tenant_id, pipeline_id)
      references pipelines (tenant_id, id) on delete cascade,
    constraint pipeline_stages_closed_ids check (
      (kind = 'won') = (id = 'closed_won') and (kind = 'lost') = (id = 'closed_lost'))
  )`,

  // A new pipeline id without the application: 'pipe_' and 26 characters of the ULID alphabet.
  `create function new_pipeline_id() returns text language sql volatile as $$
     select 'pipe_' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 26))
   $$`,

  `create function create_default_pipeline(t text) returns text language plpgsql as $$
   declare
     p text := new_pipeline_id();
   begin
     insert into pipelines (id, tenant_id, name, is_default, position) values (p, t, 'Sales pipeline', true, 0);
     insert into pipeline_stages (tenant_id, pipeline_id, id, name, kind, probability, rotting_days, position) values
       ${defaultStageValues("p", "t")};
     return p;
   end $$`,

  `create function organization_default_pipeline_trigger() returns trigger language plpgsql as $$
   begin
     perform create_default_pipeline(new.id);
     return null;
   end $$`,
  `create trigger organization_default_pipeline after insert on "organization"
   for each row execute function organization_default_pipeline_trigger()`,

  `select create_default_pipeline(o.id) from "organization" o`,

  // Every existing deal into its workspace's default pipeline; a former free-text value is kept.
  `alter table deals disable trigger deals_totals`,
  `update deals d
      set custom_fields = case when d.pipeline_id is null then d.custom_fields
                               else d.custom_fields || jsonb_build_object('pipeline', d.pipeline_id) end,
          pipeline_id = p.id
     from pipelines p
    where p.tenant_id = d.tenant_id and p.is_default`,
  `alter table deals enable trigger deals_totals`,

  `create function deals_pipeline_default_trigger() returns trigger language plpgsql as $$
   begin
     if new.pipeline_id is null then
       select p.id into new.pipeline_id from pipelines p where p.tenant_id = new.tenant_id and p.is_default;
     end if;
     return new;
   end $$`,
  // Named to fire before deals_read_model (BEFORE triggers run in name order).
  `create trigger deals_pipeline_default before insert or update of pipeline_id on deals
   for each row execute function deals_pipeline_default_trigger()`,

  `alter table deals alter column pipeline_id set not null`,
  `alter table deals add constraint deals_stage_fkey foreign key (tenant_id, pipeline_id, stage)
     references pipeline_stages (tenant_id, pipeline_id, id)`,

  // Totals per (pipeline, stage, currency), still sharded.
  `drop trigger deals_totals on deals`,
  `drop function deals_totals_trigger()`,
  `drop function deal_stage_totals_apply(text, text, text, integer, numeric, numeric)`,
  `drop view deal_stage_totals`,
  `alter table deal_stage_total_shards add column pipeline_id text`,
  `update deal_stage_total_shards s set pipeline_id = p.id from pipelines p where p.tenant_id = s.tenant_id and p.is_default`,
  `delete from deal_stage_total_shards where pipeline_id is null`,
  `alter table deal_stage_total_shards alter column pipeline_id set not null,
     drop constraint deal_stage_total_shards_pkey,
     add primary key (tenant_id, pipeline_id, stage, currency, shard)`,
  `create view deal_stage_totals as
   select tenant_id, pipeline_id, stage, currency,
          sum(deal_count)::integer as deal_count,
          sum(amount_sum)::numeric(24, 2) as amount_sum,
          sum(weighted_sum)::numeric(28, 4) as weighted_sum
     from deal_stage_total_shards
    group by tenant_id, pipeline_id, stage, currency`,
  `create function deal_stage_totals_apply(t text, p text, s text, c text, n integer, amt numeric, weighted numeric)
   returns void language plpgsql as $$
   begin
     insert into deal_stage_total_shards as d (tenant_id, pipeline_id, stage, currency, shard, deal_count, amount_sum, weighted_sum)
     values (t, p, s, c, (pg_backend_pid() % 16)::smallint, n, amt, weighted)
     on conflict (tenant_id, pipeline_id, stage, currency, shard) do update
       set deal_count = d.deal_count + excluded.deal_count,
           amount_sum = d.amount_sum + excluded.amount_sum,
           weighted_sum = d.weighted_sum + excluded.weighted_sum;
   end $$`,
  `create function deals_totals_trigger() returns trigger language plpgsql as $$
   declare
     old_live boolean := tg_op in ('UPDATE', 'DELETE') and not old.is_deleted;
     new_live boolean := tg_op in ('INSERT', 'UPDATE') and not new.is_deleted;
     old_amt numeric;
     new_amt numeric;
   begin
     if old_live then old_amt := coalesce(old.amount, 0); end if;
     if new_live then new_amt := coalesce(new.amount, 0); end if;
     if old_live and new_live and new.pipeline_id = old.pipeline_id and new.stage = old.stage and new.currency = old.currency then
       -- Same totals row: one net delta (or nothing when no counted value changed).
       if new_amt = old_amt and new.probability = old.probability then
         return null;
       end if;
       perform deal_stage_totals_apply(new.tenant_id, new.pipeline_id, new.stage, new.currency, 0,
         new_amt - old_amt, new_amt * new.probability / 100.0 - old_amt * old.probability / 100.0);
     elsif old_live and new_live
       and (new.pipeline_id, new.stage, new.currency::text) < (old.pipeline_id, old.stage, old.currency::text) then
       -- Two rows: always lock them in (pipeline, stage, currency) order.
       perform deal_stage_totals_apply(new.tenant_id, new.pipeline_id, new.stage, new.currency, 1, new_amt, new_amt * new.probability / 100.0);
       perform deal_stage_totals_apply(old.tenant_id, old.pipeline_id, old.stage, old.currency, -1, -old_amt, -old_amt * old.probability / 100.0);
     else
       if old_live then
         perform deal_stage_totals_apply(old.tenant_id, old.pipeline_id, old.stage, old.currency, -1, -old_amt, -old_amt * old.probability / 100.0);
       end if;
       if new_live then
         perform deal_stage_totals_apply(new.tenant_id, new.pipeline_id, new.stage, new.currency, 1, new_amt, new_amt * new.probability / 100.0);
       end if;
     end if;
     return null;
   end $$`,
  `create trigger deals_totals after insert or update or delete on deals
   for each row execute function deals_totals_trigger()`,

  // The board's columns: (tenant, pipeline, stage) in rank order.
  `create index deals_live_pipeline_board_idx on deals (tenant_id, pipeline_id, stage, position, id) where not is_deleted`,
  `drop index if exists deals_live_board_idx`,
];

const down_statements = [
  `create index if not exists deals_live_board_idx on deals (tenant_id, stage, position, id) where not is_deleted`,
  `drop index if exists deals_live_pipeline_board_idx`,
  `drop trigger deals_totals on deals`,
  `drop function deals_totals_trigger()`,
  `drop function deal_stage_totals_apply(text, text, text, text, integer, numeric, numeric)`,
  `drop view deal_stage_totals`,
  `create table deal_stage_total_shards_flat as
     select tenant_id, stage, currency, shard, sum(deal_count)::integer as deal_count,
            sum(amount_sum) as amount_sum, sum(weighted_sum) as weighted_sum
       from deal_stage_total_shards group by tenant_id, stage, currency, shard`,
  `delete from deal_stage_total_shards`,
  `alter table deal_stage_total_shards drop constraint deal_stage_total_shards_pkey, drop column pipeline_id,
     add primary key (tenant_id, stage, currency, shard)`,
  `insert into deal_stage_total_shards select * from deal_stage_total_shards_flat`,
  `drop table deal_stage_total_shards_flat`,
  `create view deal_stage_totals as
   select tenant_id, stage, currency,
          sum(deal_count)::integer as deal_count,
          sum(amount_sum)::numeric(24, 2) as amount_sum,
          sum(weighted_sum)::numeric(28, 4) as weighted_sum
     from deal_stage_total_shards
    group by tenant_id, stage, currency`,
  `create function deal_stage_totals_apply(t text, s text, c text, n integer, amt numeric, weighted numeric)
   returns void language plpgsql as $$
   begin
     insert into deal_stage_total_shards as d (tenant_id, stage, currency, shard, deal_count, amount_sum, weighted_sum)
     values (t, s, c, (pg_backend_pid() % 16)::smallint, n, amt, weighted)
     on conflict (tenant_id, stage, currency, shard) do update
       set deal_count = d.deal_count + excluded.deal_count,
           amount_sum = d.amount_sum + excluded.amount_sum,
           weighted_sum = d.weighted_sum + excluded.weighted_sum;
   end $$`,
  `create function deals_totals_trigger() returns trigger language plpgsql as $$
   declare
     old_live boolean := tg_op in ('UPDATE', 'DELETE') and not old.is_deleted;
     new_live boolean := tg_op in ('INSERT', 'UPDATE') and not new.is_deleted;
     old_amt numeric;
     new_amt numeric;
   begin
     if old_live then old_amt := coalesce(old.amount, 0); end if;
     if new_live then new_amt := coalesce(new.amount, 0); end if;
     if old_live and new_live and new.stage = old.stage and new.currency = old.currency then
       if new_amt = old_amt and new.probability = old.probability then
         return null;
       end if;
       perform deal_stage_totals_apply(new.tenant_id, new.stage, new.currency, 0,
         new_amt - old_amt, new_amt * new.probability / 100.0 - old_amt * old.probability / 100.0);
     elsif old_live and new_live and (new.stage, new.currency::text) < (old.stage, old.currency::text) then
       perform deal_stage_totals_apply(new.tenant_id, new.stage, new.currency, 1, new_amt, new_amt * new.probability / 100.0);
       perform deal_stage_totals_apply(old.tenant_id, old.stage, old.currency, -1, -old_amt, -old_amt * old.probability / 100.0);
     else
       if old_live then
         perform deal_stage_totals_apply(old.tenant_id, old.stage, old.currency, -1, -old_amt, -old_amt * old.probability / 100.0);
       end if;
       if new_live then
         perform deal_stage_totals_apply(new.tenant_id, new.stage, new.currency, 1, new_amt, new_amt * new.probability / 100.0);
       end if;
     end if;
     return null;
   end $$`,
  `create trigger deals_totals after insert or update or delete on deals
   for each row execute function deals_totals_trigger()`,
  `alter table deals drop constraint deals_stage_fkey`,
  `alter table deals alter column pipeline_id drop not null`,
  `drop trigger deals_pipeline_default on deals`,
  `drop function deals_pipeline_default_trigger()`,
  `update deals set pipeline_id = custom_fields ->> 'pipeline', custom_fields = custom_fields - 'pipeline'`,
  `drop trigger organization_default_pipeline on "organization"`,
  `drop function organization_default_pipeline_trigger()`,
  `drop function create_default_pipeline(text)`,
  `drop function new_pipeline_id()`,
  `drop table pipeline_stages`,
  `drop table pipelines`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of down_statements) await sql.raw(statement).execute(db);
}
