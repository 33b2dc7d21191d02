import { type Kysely, sql } from "kysely";
import { WEBHOOK_CAPTURE_FUNCTION } from "./2026-12-10T1000-webhooks";

// What a change pays for its webhook event (docs/decisions/011-webhooks.md, "Cost").
//
// The first capture turned both row versions into JSON (`to_jsonb`, every column, the audit log
// twice over), parsed the deal's stored API answer three times and looked the API key up through
// the deal's whole activity history. A stage move with one subscribed endpoint paid that on every
// move, and more the longer the deal's audit log had grown. Now:
//
// - Deals and activities have their own trigger functions: they read columns, and parse JSON
//   only once a subscribed endpoint will receive the event. The action comes from the columns
//   (is_deleted, stage, pipeline_id), and an update that leaves the API answer as it was (search
//   text, next-step keys) is dismissed by comparing the stored text.
// - A deal's changed fields are diffed without its audit log (the stored tail's last field,
//   which the diff always skipped) and the event's `data` is the stored answer itself, joined as
//   text: the payload is stored as text, the exact bytes that are signed and sent.
// - The API key behind a deal's change is found through a partial index of the activities that
//   API keys wrote (few), not the deal's history.
// - The event and its deliveries are written by one statement. Deliveries carry no foreign keys:
//   checking the endpoint row from every concurrent change made them all share a lock on it. An
//   endpoint's deliveries go with it through a trigger, an event's with retention (the worker
//   prunes both), and a worker that finds a delivery's endpoint gone removes the delivery.
// - The payload is compressed with lz4 where the server has it (PostgreSQL 14+ built with lz4):
//   a deal's answer with a long audit log is several kilobytes.
const up_statements = [
  `alter table webhook_events alter column payload type text using payload::text`,
  `do $$ begin
     alter table webhook_events alter column payload set compression lz4;
   exception when feature_not_supported or invalid_parameter_value then
     null; -- a server without lz4 keeps its default compression
   end $$`,
  `alter table webhook_deliveries drop constraint if exists webhook_deliveries_endpoint_id_fkey`,
  `alter table webhook_deliveries drop constraint if exists webhook_deliveries_event_id_fkey`,
  `drop index if exists webhook_deliveries_event_idx`,
  `create index webhook_deliveries_done_idx on webhook_deliveries (created_at) where status <> 'pending'`,
  `create function webhook_endpoint_deleted() returns trigger language plpgsql as $$
   begin
     delete from webhook_deliveries where endpoint_id = old.id;
     return old;
   end
   $$`,
  `create trigger webhook_endpoints_deliveries before delete on webhook_endpoints
     for each row execute function webhook_endpoint_deleted()`,
  `create index deal_activities_api_key_idx on deal_activities (deal_id, created_at) where data ? 'api_key'`,

  // One event for a change, with a delivery for each enabled endpoint of the tenant subscribed to
  // its type. `record` is the event's `data` as JSON text.
  `create function webhook_emit(tenant text, event_type text, source_type text, app_id text, user_id text,
                                key_ref jsonb, record text, previous jsonb) returns void
   language plpgsql as $$
   declare
     endpoint_ids text[];
     src text := nullif(current_setting('pipeline.change_source', true), '');
     batch text;
     event_id text := 'evt_' || replace(gen_random_uuid()::text, '-', '');
     stamp timestamptz := clock_timestamp();
   begin
     select array_agg(e.id) into endpoint_ids from webhook_endpoints e
      where e.tenant_id = tenant and e.enabled and event_type = any (e.events);
     if endpoint_ids is null then
       return;
     end if;
     if src is null then
       src := case when source_type = 'frontend' then 'ui' else 'api' end;
     end if;
     if src = 'import' then
       batch := coalesce(nullif(current_setting('pipeline.import_id', true), ''), 'import');
     end if;
     with event as (
       insert into webhook_events (id, tenant_id, type, source, payload, created_at)
       values (event_id, tenant, event_type, src,
         '{"id":"' || event_id || '","type":"' || event_type
         || '","timestamp":"' || to_char(stamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
         || '","source":"' || src
         || '","actor":' || json_build_object(
              'user_id', user_id,
              'app_id', coalesce(case when key_ref is not null then (select k.app_id from api_keys k where k.id = key_ref->>'id') end,
                                 case when src <> 'ui' then app_id end),
              'api_key', key_ref)::text
         || ',"data":' || record
         || ',"previous_attributes":' || coalesce(previous::text, 'null') || '}',
         stamp)
       returning id
     )
     insert into webhook_deliveries (id, tenant_id, endpoint_id, event_id, batch_key, next_attempt_at)
     select 'whd_' || replace(gen_random_uuid()::text, '-', ''), tenant, ep, event.id, batch,
            case when batch is null then stamp else stamp + interval '3 seconds' end
       from event, unnest(endpoint_ids) ep;
   end
   $$`,

  // Deals: the record and its changes come from the stored API answer (wire_head, wire_tail;
  // decision 005).
  `create function webhook_capture_deal() returns trigger language plpgsql as $$
   declare
     cur deals := case when tg_op = 'DELETE' then old else new end;
     action text;
     cut integer;
     o jsonb;
     n jsonb;
     previous jsonb;
     key_ref jsonb;
   begin
     if not exists (select 1 from webhook_endpoints e where e.tenant_id = cur.tenant_id and e.enabled) then
       return null;
     end if;
     if tg_op = 'INSERT' then
       action := 'created';
     elsif tg_op = 'DELETE' then
       action := 'deleted';
     elsif old.wire_head = new.wire_head and old.wire_tail = new.wire_tail then
       return null;
     elsif old.is_deleted <> new.is_deleted then
       action := case when new.is_deleted then 'deleted' else 'restored' end;
     elsif old.stage <> new.stage or old.pipeline_id <> new.pipeline_id then
       action := 'stage_changed';
     else
       action := 'updated';
     end if;
     if not exists (select 1 from webhook_endpoints e
                     where e.tenant_id = cur.tenant_id and e.enabled and ('deal.' || action) = any (e.events)) then
       return null;
     end if;
     if tg_op = 'UPDATE' then
       -- Both answers without their audit logs, the tail's last field (deal_wire_tail), which no
       -- change compares. JSON text holds the quoted key nowhere else: strings escape their quotes,
       -- and jsonb values print a space after each key.
       cut := strpos(old.wire_tail, ',"audit_log":');
       o := (old.wire_head || ',' || case when cut > 0 then left(old.wire_tail, cut - 1) || '}' else old.wire_tail end)::jsonb;
       cut := strpos(new.wire_tail, ',"audit_log":');
       n := (new.wire_head || ',' || case when cut > 0 then left(new.wire_tail, cut - 1) || '}' else new.wire_tail end)::jsonb;
       select jsonb_object_agg(key, value) into previous from jsonb_each(o)
        where value is distinct from n->key and key not in ('version', 'updated_at', 'updated_by', 'schema_version');
       if previous is null then
         return null;
       end if;
     end if;
     -- The API key behind the change: a deal's writes record it on the system activity written in
     -- the same statement (same timestamp).
     if tg_op <> 'DELETE' then
       select a.data->'api_key' into key_ref from deal_activities a
        where a.deal_id = cur.id and a.created_at = cur.updated_at and a.data ? 'api_key'
          and a.tenant_id = cur.tenant_id and a.type in ('created', 'stage_change', 'field_change', 'deleted', 'restored')
        limit 1;
     end if;
     perform webhook_emit(cur.tenant_id, 'deal.' || action, cur.source_type, cur.app_id, coalesce(cur.updated_by, cur.created_by), key_ref,
       cur.wire_head || ',"assigned_member_name":'
         || coalesce(to_json((select u.name from "user" u where u.id = cur.assigned_member_id))::text, 'null')
         || ',' || cur.wire_tail,
       previous);
     return null;
   end
   $$`,

  // Activities: system entries written beside a deal change (its stage_change, field_change,
  // created, deleted, restored) are part of that change's event, not events of their own.
  `create function webhook_capture_activity() returns trigger language plpgsql as $$
   declare
     cur deal_activities := case when tg_op = 'DELETE' then old else new end;
     o jsonb;
     n jsonb;
     previous jsonb;
   begin
     if cur.type in ('created', 'stage_change', 'field_change', 'deleted', 'restored')
        or not exists (select 1 from webhook_endpoints e where e.tenant_id = cur.tenant_id and e.enabled) then
       return null;
     end if;
     n := to_jsonb(cur);
     if tg_op = 'UPDATE' then
       o := to_jsonb(old);
       select jsonb_object_agg(key, value) into previous from jsonb_each(o)
        where value is distinct from n->key and key not in ('version');
       if previous is null then
         return null;
       end if;
     end if;
     perform webhook_emit(cur.tenant_id, 'activity.' || case tg_op when 'INSERT' then 'created' when 'DELETE' then 'deleted' else 'updated' end,
       cur.source_type, null, cur.created_by, cur.data->'api_key', n::text, previous);
     return null;
   end
   $$`,

  // Companies, contacts and pipelines: the record is the row (its column names are the API's), a
  // pipeline's with its stage list.
  `create or replace function webhook_capture() returns trigger language plpgsql as $$
   declare
     tenant text := case when tg_op = 'DELETE' then old.tenant_id else new.tenant_id end;
     entity text := case tg_table_name when 'companies' then 'company' when 'contacts' then 'contact' else 'pipeline' end;
     o jsonb;
     n jsonb;
     previous jsonb;
     action text;
   begin
     if not exists (select 1 from webhook_endpoints e where e.tenant_id = tenant and e.enabled) then
       return null;
     end if;
     n := case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end;
     if tg_op = 'INSERT' then
       action := 'created';
     elsif tg_op = 'DELETE' then
       action := 'deleted';
     else
       o := to_jsonb(old);
       select jsonb_object_agg(key, value) into previous from jsonb_each(o)
        where value is distinct from n->key and key not in ('version', 'updated_at', 'updated_by', 'audit_log', 'schema_version');
       if previous is null and entity = 'pipeline' and (o->>'version') is distinct from (n->>'version') then
         -- Only the stage list changed (stages are rows of their own): the event carries the new list.
         previous := '{}'::jsonb;
       end if;
       if previous is null then
         return null;
       end if;
       action := case when (o->>'is_deleted') is not distinct from (n->>'is_deleted') then 'updated'
                      when (n->>'is_deleted')::boolean then 'deleted' else 'restored' end;
     end if;
     if entity = 'pipeline' then
       n := n || jsonb_build_object('stages', (select coalesce(jsonb_agg(jsonb_build_object(
           'id', s.id, 'name', s.name, 'kind', s.kind, 'probability', s.probability,
           'rotting_days', s.rotting_days, 'position', s.position) order by s.position), '[]'::jsonb)
         from pipeline_stages s where s.tenant_id = tenant and s.pipeline_id = n->>'id'));
     end if;
     perform webhook_emit(tenant, entity || '.' || action, n->>'source_type', n->>'app_id',
       coalesce(n->>'updated_by', n->>'created_by'), null, n::text, previous);
     return null;
   end
   $$`,
  `drop trigger deals_webhooks on deals`,
  `create trigger deals_webhooks after insert or update or delete on deals for each row execute function webhook_capture_deal()`,
  `drop trigger deal_activities_webhooks on deal_activities`,
  `create trigger deal_activities_webhooks after insert or update or delete on deal_activities for each row execute function webhook_capture_activity()`,
];

const down_statements = [
  `drop trigger if exists deals_webhooks on deals`,
  `drop trigger if exists deal_activities_webhooks on deal_activities`,
  ...["companies", "contacts"].map((table) => `drop trigger if exists ${table}_webhooks on ${table}`),
  `drop trigger if exists pipelines_webhooks on pipelines`,
  `drop function if exists webhook_capture_deal()`,
  `drop function if exists webhook_capture_activity()`,
  `drop function if exists webhook_capture()`,
  `drop function if exists webhook_emit(text, text, text, text, text, jsonb, text, jsonb)`,
  WEBHOOK_CAPTURE_FUNCTION,
  ...["deals", "deal_activities", "companies", "contacts"].map(
    (table) => `create trigger ${table}_webhooks after insert or update or delete on ${table} for each row execute function webhook_capture()`,
  ),
  `create constraint trigger pipelines_webhooks after insert or update or delete on pipelines
     deferrable initially deferred for each row execute function webhook_capture()`,
  `drop index if exists deal_activities_api_key_idx`,
  `drop trigger if exists webhook_endpoints_deliveries on webhook_endpoints`,
  `drop function if exists webhook_endpoint_deleted()`,
  `drop index if exists webhook_deliveries_done_idx`,
  `delete from webhook_deliveries d where not exists (select 1 from webhook_endpoints e where e.id = d.endpoint_id)
     or not exists (select 1 from webhook_events v where v.id = d.event_id)`,
  `create index webhook_deliveries_event_idx on webhook_deliveries (event_id)`,
  `alter table webhook_deliveries add foreign key (endpoint_id) references webhook_endpoints (id) on delete cascade`,
  `alter table webhook_deliveries add foreign key (event_id) references webhook_events (id) on delete cascade`,
  `alter table webhook_events alter column payload type jsonb using payload::jsonb`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of down_statements) await sql.raw(statement).execute(db);
}
