import { type Kysely, sql } from "kysely";

// Per-stage totals without a hot row. The benchmark showed every stage move in a tenant
// serializing on the one (tenant, stage, currency) totals row the trigger updates — each
// transaction holds that row lock until its commit is flushed — and opposite moves
// (proposal→negotiation vs negotiation→proposal) locking the two rows in opposite orders, so
// PostgreSQL aborted one of them as a deadlock after a second.
//
// Now the trigger adds its deltas to one of 16 shard rows chosen by the backend's pid, so
// concurrent transactions (on different connections) touch different rows, and it always
// applies the two deltas of a stage change in (stage, currency) order, so two transactions that
// do share a shard lock in the same order. `deal_stage_totals` becomes a view summing the
// shards: every reader keeps working unchanged, and a tenant's totals are still read from at
// most 16 rows per stage and currency, never from its deals.
const statements = [
  `create table deal_stage_total_shards (
    tenant_id text not null,
    stage text not null,
    currency char(3) not null,
    shard smallint not null,
    deal_count integer not null default 0,
    amount_sum numeric(24, 2) not null default 0,
    weighted_sum numeric(28, 4) not null default 0,
    primary key (tenant_id, stage, currency, shard)
  )`,
  `insert into deal_stage_total_shards (tenant_id, stage, currency, shard, deal_count, amount_sum, weighted_sum)
   select tenant_id, stage, currency, 0, deal_count, amount_sum, weighted_sum from deal_stage_totals`,
  `drop trigger deals_totals on deals`,
  `drop function deals_totals_trigger()`,
  `drop function deal_stage_totals_apply(text, text, text, integer, numeric, integer)`,
  `drop table deal_stage_totals`,
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
       -- Same totals row: one net delta (or nothing when no counted value changed).
       if new_amt = old_amt and new.probability = old.probability then
         return null;
       end if;
       perform deal_stage_totals_apply(new.tenant_id, new.stage, new.currency, 0,
         new_amt - old_amt, new_amt * new.probability / 100.0 - old_amt * old.probability / 100.0);
     elsif old_live and new_live and (new.stage, new.currency::text) < (old.stage, old.currency::text) then
       -- Two rows: always lock them in (stage, currency) order.
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
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `drop trigger deals_totals on deals`,
    `drop function deals_totals_trigger()`,
    `drop function deal_stage_totals_apply(text, text, text, integer, numeric, numeric)`,
    `drop view deal_stage_totals`,
    `create table deal_stage_totals (
      tenant_id text not null, stage text not null, currency char(3) not null,
      deal_count integer not null default 0, amount_sum numeric(24, 2) not null default 0,
      weighted_sum numeric(28, 4) not null default 0, primary key (tenant_id, stage, currency))`,
    `insert into deal_stage_totals select tenant_id, stage, currency, sum(deal_count), sum(amount_sum), sum(weighted_sum)
       from deal_stage_total_shards group by tenant_id, stage, currency`,
    `drop table deal_stage_total_shards`,
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
         perform deal_stage_totals_apply(old.tenant_id, old.stage, old.currency, -1, old.amount, old.probability);
       end if;
       if tg_op in ('INSERT', 'UPDATE') and not new.is_deleted then
         perform deal_stage_totals_apply(new.tenant_id, new.stage, new.currency, 1, new.amount, new.probability);
       end if;
       return null;
     end $$`,
    `create trigger deals_totals after insert or update or delete on deals for each row execute function deals_totals_trigger()`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
