import { type Kysely, sql } from "kysely";

// Webhooks (lib/webhooks/, docs/decisions/011-webhooks.md).
//
// - `webhook_endpoints`: a workspace's subscriptions. The signing secret is stored encrypted
//   (AES-256-GCM under a key derived from the server's secret): it must be recoverable to sign,
//   unlike an API key's hash.
// - `webhook_events`: the outbox, one row per change, written by AFTER triggers on deals,
//   deal_activities, companies, contacts and pipelines in the change's own transaction, so every
//   write path (services, moves, imports, future code) emits, and a rolled-back change emits
//   nothing. A workspace without an enabled endpoint pays one lookup in a partial index and writes
//   nothing.
// - `webhook_deliveries`: one row per event and subscribed endpoint, claimed by workers with
//   FOR UPDATE SKIP LOCKED. Rows of an import carry `batch_key` (the import's id) and start a few
//   seconds late, so a worker sends them together in one request.
//
// The payload's `data` is the record as the API answers it for deals (the stored wire JSON and
// the owner's name); for pipelines, the row with its stage list; for the other records, the
// row's columns (their names are the API's).
// `previous_attributes` holds the changed fields' values before the change. System activities
// written beside a deal change (its stage_change, field_change, created, deleted, restored
// entries) are part of that change's event, not events of their own.
/** The first capture function, kept for the later capture migration's `down`. */
export const WEBHOOK_CAPTURE_FUNCTION = `create function webhook_capture() returns trigger language plpgsql as $$
   declare
     n jsonb := case when tg_op = 'DELETE' then null else to_jsonb(new) end;
     o jsonb := case when tg_op = 'INSERT' then null else to_jsonb(old) end;
     cur jsonb := coalesce(n, o);
     tenant text := cur->>'tenant_id';
     entity text;
     action text;
     previous jsonb;
     record jsonb;
     src text;
     endpoint_ids text[];
     event_id text;
     batch text;
     key_ref jsonb;
     stamp timestamptz := clock_timestamp();
   begin
     if not exists (select 1 from webhook_endpoints e where e.tenant_id = tenant and e.enabled) then
       return null;
     end if;
     entity := case tg_table_name when 'deals' then 'deal' when 'deal_activities' then 'activity'
       when 'companies' then 'company' when 'contacts' then 'contact' else 'pipeline' end;
     if entity = 'activity' and cur->>'type' in ('created', 'stage_change', 'field_change', 'deleted', 'restored') then
       return null;
     end if;
     if tg_op = 'INSERT' then
       action := 'created';
     elsif tg_op = 'DELETE' then
       action := 'deleted';
     else
       if entity = 'deal' then
         -- A deal's changed fields are those of its API answer (decision 005's stored JSON), so
         -- columns kept for the app's own use (search text, next-step keys) never show up.
         o := ((o->>'wire_head') || ',' || (o->>'wire_tail'))::jsonb;
         n := ((n->>'wire_head') || ',' || (n->>'wire_tail'))::jsonb;
       end if;
       select jsonb_object_agg(key, value) into previous from jsonb_each(o)
        where value is distinct from n->key
          and key not in ('wire_head', 'wire_tail', 'version', 'updated_at', 'updated_by', 'audit_log', 'schema_version');
       if previous is null and entity = 'pipeline' and (o->>'version') is distinct from (n->>'version') then
         -- Only the stage list changed (stages are rows of their own): the event carries the new list.
         previous := '{}'::jsonb;
       end if;
       if previous is null then
         return null;
       end if;
       if (o->>'is_deleted') is distinct from (n->>'is_deleted') then
         action := case when (n->>'is_deleted')::boolean then 'deleted' else 'restored' end;
       elsif entity = 'deal' and (previous ? 'stage' or previous ? 'pipeline_id') then
         action := 'stage_changed';
       else
         action := 'updated';
       end if;
     end if;
     select array_agg(e.id) into endpoint_ids from webhook_endpoints e
      where e.tenant_id = tenant and e.enabled and (entity || '.' || action) = any (e.events);
     if endpoint_ids is null then
       return null;
     end if;
     -- The API key behind the change: a deal's writes record it on the system activity written in
     -- the same statement (same timestamp); an activity carries it itself.
     if entity = 'deal' and tg_op <> 'DELETE' then
       select a.data->'api_key' into key_ref from deal_activities a
        where a.tenant_id = tenant and a.deal_id = cur->>'id' and a.created_at = (cur->>'updated_at')::timestamptz
          and a.type in ('created', 'stage_change', 'field_change', 'deleted', 'restored') and a.data ? 'api_key'
        limit 1;
     elsif entity = 'activity' then
       key_ref := cur->'data'->'api_key';
     end if;
     if entity = 'deal' then
       record := ((cur->>'wire_head') || ',"assigned_member_name":'
         || coalesce(to_json((select u.name from "user" u where u.id = cur->>'assigned_member_id'))::text, 'null')
         || ',' || (cur->>'wire_tail'))::jsonb;
     elsif entity = 'pipeline' then
       record := cur || jsonb_build_object('stages', (select coalesce(jsonb_agg(jsonb_build_object(
           'id', s.id, 'name', s.name, 'kind', s.kind, 'probability', s.probability,
           'rotting_days', s.rotting_days, 'position', s.position) order by s.position), '[]'::jsonb)
         from pipeline_stages s where s.tenant_id = tenant and s.pipeline_id = cur->>'id'));
     else
       record := cur;
     end if;
     src := nullif(current_setting('pipeline.change_source', true), '');
     if src is null then
       src := case when cur->>'source_type' = 'frontend' then 'ui' else 'api' end;
     end if;
     if src = 'import' then
       batch := coalesce(nullif(current_setting('pipeline.import_id', true), ''), 'import');
     end if;
     event_id := 'evt_' || replace(gen_random_uuid()::text, '-', '');
     insert into webhook_events (id, tenant_id, type, source, payload, created_at)
     values (event_id, tenant, entity || '.' || action, src, jsonb_build_object(
       'id', event_id,
       'type', entity || '.' || action,
       'timestamp', to_char(stamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'source', src,
       'actor', jsonb_build_object(
         'user_id', coalesce(cur->>'updated_by', cur->>'created_by'),
         'app_id', coalesce((select k.app_id from api_keys k where k.id = key_ref->>'id'), case when src <> 'ui' then cur->>'app_id' end),
         'api_key', key_ref),
       'data', record,
       'previous_attributes', previous), stamp);
     insert into webhook_deliveries (id, tenant_id, endpoint_id, event_id, batch_key, next_attempt_at)
     select 'whd_' || replace(gen_random_uuid()::text, '-', ''), tenant, ep, event_id, batch,
            case when batch is null then stamp else stamp + interval '3 seconds' end
       from unnest(endpoint_ids) ep;
     return null;
   end
   $$`;

const up_statements = [
  `create table webhook_endpoints (
    id text primary key,
    tenant_id text not null references "organization" ("id") on delete cascade,
    url text not null,
    description text not null default '',
    events text[] not null,
    enabled boolean not null default true,
    disabled_reason text check (disabled_reason in ('manual', 'failures')),
    consecutive_failures integer not null default 0,
    secret_encrypted text not null,
    created_by text references "user" ("id") on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index webhook_endpoints_tenant_idx on webhook_endpoints (tenant_id, created_at desc)`,
  // The triggers' lookup: only enabled endpoints are in it.
  `create index webhook_endpoints_enabled_idx on webhook_endpoints (tenant_id) where enabled`,
  `create index webhook_endpoints_created_by_idx on webhook_endpoints (created_by)`,

  `create table webhook_events (
    id text primary key,
    tenant_id text not null references "organization" ("id") on delete cascade,
    type text not null,
    source text not null,
    payload jsonb not null,
    created_at timestamptz not null default now()
  )`,
  `create index webhook_events_tenant_idx on webhook_events (tenant_id, created_at)`,

  // No foreign key on tenant_id: the endpoint's cascade removes a workspace's deliveries, and a
  // stage move writes one index entry fewer.
  `create table webhook_deliveries (
    id text primary key,
    tenant_id text not null,
    endpoint_id text not null references webhook_endpoints (id) on delete cascade,
    event_id text not null references webhook_events (id) on delete cascade,
    batch_key text,
    status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    response_status integer,
    duration_ms integer,
    last_error text,
    created_at timestamptz not null default now()
  )`,
  // The workers' queue: only deliveries still to be made.
  `create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending'`,
  `create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at desc)`,
  `create index webhook_deliveries_event_idx on webhook_deliveries (event_id)`,

  // One change → one event for each enabled endpoint subscribed to its type.
  WEBHOOK_CAPTURE_FUNCTION,
  ...["deals", "deal_activities", "companies", "contacts"].map(
    (table) => `create trigger ${table}_webhooks after insert or update or delete on ${table} for each row execute function webhook_capture()`,
  ),
  // A pipeline's stages are written beside its row (before it on create, around it on change):
  // its trigger runs at commit, when the stage list it sends is final.
  `create constraint trigger pipelines_webhooks after insert or update or delete on pipelines
     deferrable initially deferred for each row execute function webhook_capture()`,
];

const down_statements = [
  ...["deals", "deal_activities", "companies", "contacts", "pipelines"].map((table) => `drop trigger if exists ${table}_webhooks on ${table}`),
  `drop function if exists webhook_capture()`,
  `drop table if exists webhook_deliveries`,
  `drop table if exists webhook_events`,
  `drop table if exists webhook_endpoints`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of down_statements) await sql.raw(statement).execute(db);
}
