import { type Kysely, sql } from "kysely";

// Three rules of who may see and repeat what:
//
// - `workspace_settings`: one row per workspace for the settings that are ours rather than
//   better-auth's. `deal_visibility` is `all` (every member sees every deal, the default) or `own`
//   (reps see only their own deals; managers see all). A workspace without a row has the defaults.
//   The caller lookup joins it by primary key, so every request knows the setting at no extra
//   round trip.
// - `idempotency_keys` are per caller, not per workspace: a colleague sending the same key gets a
//   fresh request, never the first caller's response (nor a hint that the key is in use). Keys
//   stored before this change belong to no caller (''): they expire within a day.
// - Board positions are unique within a column. Positions written from now on end with their
//   deal's id, so two moves that compute the same key at once still write different ones; a
//   column that already holds a duplicate gets the same treatment here for all but the first deal
//   (by id) at that position, unless another key of the column extends the duplicate (then its
//   order could change, and the rank code's fallback for out-of-order neighbours is left to cope).
const up_statements = [
  `create table workspace_settings (
    tenant_id text primary key references "organization" ("id") on delete cascade,
    deal_visibility text not null default 'all' check (deal_visibility in ('all', 'own')),
    updated_at timestamptz not null default now(),
    updated_by text references "user" ("id") on delete set null
  )`,
  `create index workspace_settings_updated_by_idx on workspace_settings (updated_by) where updated_by is not null`,

  `alter table idempotency_keys add column principal_id text not null default ''`,
  `alter table idempotency_keys drop constraint idempotency_keys_pkey`,
  `alter table idempotency_keys add primary key (tenant_id, principal_id, scope, key)`,

  `with ranked as (
     select id, tenant_id, stage, position,
            row_number() over (partition by tenant_id, stage, position order by id) as nth
       from deals where not is_deleted
   )
   update deals d
      set position = r.position || regexp_replace(r.id, '^[a-z]+_', '') || 'V'
     from ranked r
    where d.id = r.id and r.nth > 1
      and not exists (
        select 1 from deals o
         where o.tenant_id = r.tenant_id and o.stage = r.stage and not o.is_deleted
           and o.position > r.position and starts_with(o.position, r.position)
      )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`delete from idempotency_keys where principal_id <> ''`).execute(db);
  await sql.raw(`alter table idempotency_keys drop constraint idempotency_keys_pkey`).execute(db);
  await sql.raw(`alter table idempotency_keys add primary key (tenant_id, scope, key)`).execute(db);
  await sql.raw(`alter table idempotency_keys drop column principal_id`).execute(db);
  await sql.raw(`drop table if exists workspace_settings`).execute(db);
}
