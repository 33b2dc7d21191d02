-- Proposed fix (for a new migration by the owner of db/migrations): the deal_stage_totals trigger
-- locks the two totals rows a stage change touches in a fixed order.
--
-- Found by `npm run bench` (scenario `move`): a move proposal→negotiation first decrements the
-- (proposal, currency) row and then increments (negotiation, currency); a concurrent move the
-- other way locks the same two rows in the opposite order. PostgreSQL detects the deadlock after
-- deadlock_timeout (1 s) and aborts one of them (40P01 → 409 write_conflict), so concurrent
-- opposite moves stall for a second and fail for no reason the client can fix.
--
-- Both deltas are commutative increments, so applying them in (stage, currency) order changes
-- nothing but the lock order. An update that keeps stage and currency but changes amount or
-- probability touches one row once (a net delta) instead of twice.
create or replace function deals_totals_trigger() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and not old.is_deleted and not new.is_deleted then
    if new.stage = old.stage and new.currency = old.currency then
      if new.amount is not distinct from old.amount and new.probability = old.probability then
        return null;
      end if;
      insert into deal_stage_totals as d (tenant_id, stage, currency, deal_count, amount_sum, weighted_sum)
      values (new.tenant_id, new.stage, new.currency, 0,
              coalesce(new.amount, 0) - coalesce(old.amount, 0),
              coalesce(new.amount, 0) * new.probability / 100.0 - coalesce(old.amount, 0) * old.probability / 100.0)
      on conflict (tenant_id, stage, currency) do update
        set amount_sum = d.amount_sum + excluded.amount_sum,
            weighted_sum = d.weighted_sum + excluded.weighted_sum;
    elsif (old.stage, old.currency::text) < (new.stage, new.currency::text) then
      perform deal_stage_totals_apply(old.tenant_id, old.stage, old.currency, -1, old.amount, old.probability);
      perform deal_stage_totals_apply(new.tenant_id, new.stage, new.currency, 1, new.amount, new.probability);
    else
      perform deal_stage_totals_apply(new.tenant_id, new.stage, new.currency, 1, new.amount, new.probability);
      perform deal_stage_totals_apply(old.tenant_id, old.stage, old.currency, -1, old.amount, old.probability);
    end if;
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') and not old.is_deleted then
    perform deal_stage_totals_apply(old.tenant_id, old.stage, old.currency, -1, old.amount, old.probability);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and not new.is_deleted then
    perform deal_stage_totals_apply(new.tenant_id, new.stage, new.currency, 1, new.amount, new.probability);
  end if;
  return null;
end $$
