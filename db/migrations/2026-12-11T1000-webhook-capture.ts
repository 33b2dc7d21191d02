import { type Kysely, sql } from "kysely";
import { WEBHOOK_CAPTURE_FUNCTION } from "./2026-12-10T1000-webhooks";

// What a change pays for its webhook event (docs/decisions/011-webhooks.md, "Cost").
//
// The first capture turned both row versions into JSON (`to_jsonb`, every column, the audit log
// twice over), parsed the deal's stored API answer three times and looked the API key up through
// the deal's whole activity history. A stage move with one subscribed endpoint paid that on every
// move, and more the longer the deal's audit log had grown. Now:
//
// - One trigger function still serves every table, but reads columns first: the event type
//   comes from is_deleted, stage and pipeline_id, so its first statement is the subscribers'
//   lookup and a workspace without a subscribed endpoint pays that one index probe. An update
//   that leaves a deal's API answer as it was (search text, next-step keys) ends at a text
//   comparison. The event is written by the trigger's own last statement, not a second function.
// - A deal's changed fields are diffed without its audit log (the stored tail's last field,
//   which the diff always skipped) and the event's `data` is the stored answer itself, joined as
//   text: the payload is stored as text, the exact bytes that are signed and sent.
// - The API key behind a deal's change is found through a partial index of the activities that
//   API keys wrote (few), not the deal's history, in one statement with the owner's name.
// - The event and its deliveries are written by one statement. Deliveries carry no foreign keys:
//   checking the endpoint row from every concurrent change made them all share a lock on it. An
//   endpoint's deliveries go with it through a trigger, an event's with retention (the worker
//   prunes both), and a worker that finds a delivery's endpoint gone removes the delivery.
// - The payload is compressed with lz4 where the server has it (PostgreSQL 14+ built with lz4)
//   and kept in the row up to a page (toast_tuple_target): a deal's answer with a long audit log
//   is several kilobytes, which otherwise went to the TOAST table in chunks.
const up_statements = [
  `alter table webhook_events alter column payload type text using payload::text`,
  `do $$ begin
     alter table webhook_events alter column payload set compression lz4;
   exception when feature_not_supported or invalid_parameter_value then
     null; -- a server without lz4 keeps its default compression
   end $$`,
  `alter table webhook_events set (toast_tuple_target = 8160)`,
  // Events carry no foreign key and no tenant index: with either, a stage move with an endpoint
  // cost about 17% of move throughput at 16 concurrent requests instead of 8–9%
  // (docs/benchmarks.md). A workspace's deletion removes its events by trigger (a scan, for a
  // rare operation); its endpoints' cascade removes the deliveries.
  `alter table webhook_events drop constraint webhook_events_tenant_id_fkey`,
  `drop index webhook_events_tenant_idx`,
  `create function webhook_workspace_deleted() returns trigger language plpgsql as $$
   begin
     delete from webhook_events where tenant_id = old.id;
     return old;
   end
   $$`,
  `create trigger organization_webhook_events before delete on "organization"
     for each row execute function webhook_workspace_deleted()`,
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

  // One function for every table, so the event is written by the statement that ends it (no
  // call into a second function per event). The event type comes from columns, so its first
  // statement looks up the subscribers of that type (webhook_endpoints_enabled_idx): a workspace
  // without one pays that probe, and nothing is turned into JSON.
  //
  // - Deals: the record and its changes come from the stored API answer (wire_head, wire_tail;
  //   decision 005), with the owner's name, and the API key from the system activity the same
  //   statement wrote (deal_activities_api_key_idx).
  // - Activities: system entries written beside a deal change (its stage_change, field_change,
  //   created, deleted, restored) are part of that change's event, not events of their own.
  // - Companies, contacts and pipelines: the record is the row (its column names are the API's),
  //   a pipeline's with its stage list.
  // An update whose changes are all bookkeeping (version, updated_at, …) emits nothing.
  `create or replace function webhook_capture() returns trigger language plpgsql as $$
   declare
     cur record;
     event_type text;
     endpoint_ids text[];
     record text;
     previous jsonb;
     key_ref jsonb;
     source_type text;
     app_id text;
     user_id text;
     old_tail text;
     new_tail text;
     part text;
     owner_name text;
     o jsonb;
     n jsonb;
     src text;
     batch text;
     event_id text;
     stamp timestamptz;
   begin
     if tg_op = 'DELETE' then
       cur := old;
     else
       cur := new;
     end if;
     -- Each table's columns are read in statements of their own: a record's fields are resolved
     -- when a statement is first run, and the other tables do not have them.
     event_type := case tg_table_name when 'deals' then 'deal' when 'deal_activities' then 'activity'
                     when 'companies' then 'company' when 'contacts' then 'contact' else 'pipeline' end || '.';
     if tg_op <> 'UPDATE' then
       event_type := event_type || case tg_op when 'INSERT' then 'created' else 'deleted' end;
     elsif tg_table_name in ('deal_activities', 'pipelines') then
       event_type := event_type || 'updated';
     elsif old.is_deleted <> new.is_deleted then
       event_type := event_type || case when new.is_deleted then 'deleted' else 'restored' end;
     elsif tg_table_name = 'deals' then
       event_type := event_type || case when old.stage <> new.stage or old.pipeline_id <> new.pipeline_id then 'stage_changed' else 'updated' end;
     else
       event_type := event_type || 'updated';
     end if;
     if tg_table_name = 'deal_activities' then
       if cur.type in ('created', 'stage_change', 'field_change', 'deleted', 'restored') then
         return null;
       end if;
     end if;
     select array_agg(e.id) into endpoint_ids from webhook_endpoints e
      where e.tenant_id = cur.tenant_id and e.enabled and event_type = any (e.events);
     if endpoint_ids is null then
       return null;
     end if;

     if tg_table_name = 'deals' then
       -- The stored tails are long (they end with the audit log) and compressed: each is read once.
       new_tail := cur.wire_tail || '';
       if tg_op = 'UPDATE' then
         old_tail := old.wire_tail || '';
         if old.wire_head = new.wire_head and old_tail = new_tail then
           return null; -- the API answer is unchanged (search text, next-step keys)
         end if;
         -- Both answers without their audit logs, the tail's last field (deal_wire_tail), which
         -- no change compares. JSON text holds the quoted key nowhere else: strings escape their
         -- quotes, and jsonb values print a space after each key. (split_part and octet_length
         -- work in bytes; strpos and left would count characters.)
         part := split_part(old_tail, ',"audit_log":', 1);
         o := (old.wire_head || ',' || case when octet_length(part) < octet_length(old_tail) then part || '}' else part end)::jsonb;
         part := split_part(new_tail, ',"audit_log":', 1);
         n := (new.wire_head || ',' || case when octet_length(part) < octet_length(new_tail) then part || '}' else part end)::jsonb;
         select jsonb_object_agg(key, value) into previous from jsonb_each(o)
          where value is distinct from n->key and key not in ('version', 'updated_at', 'updated_by', 'schema_version');
         if previous is null then
           return null;
         end if;
       end if;
       select (select a.data->'api_key' from deal_activities a
                where tg_op <> 'DELETE' and a.deal_id = cur.id and a.created_at = cur.updated_at and a.data ? 'api_key'
                  and a.tenant_id = cur.tenant_id and a.type in ('created', 'stage_change', 'field_change', 'deleted', 'restored')
                limit 1),
              (select u.name from "user" u where u.id = cur.assigned_member_id)
         into key_ref, owner_name;
       record := concat(cur.wire_head, ',"assigned_member_name":', coalesce(to_json(owner_name)::text, 'null'), ',', new_tail);
       source_type := cur.source_type;
       app_id := cur.app_id;
       user_id := coalesce(cur.updated_by, cur.created_by);
     else
       n := to_jsonb(cur);
       if tg_op = 'UPDATE' then
         o := to_jsonb(old);
         select jsonb_object_agg(key, value) into previous from jsonb_each(o)
          where value is distinct from n->key and key not in ('version', 'updated_at', 'updated_by', 'audit_log', 'schema_version');
         if previous is null and tg_table_name = 'pipelines' and (o->>'version') is distinct from (n->>'version') then
           -- Only the stage list changed (stages are rows of their own): the event carries the new list.
           previous := '{}'::jsonb;
         end if;
         if previous is null then
           return null;
         end if;
       end if;
       if tg_table_name = 'deal_activities' then
         key_ref := n->'data'->'api_key';
       elsif tg_table_name = 'pipelines' then
         n := n || jsonb_build_object('stages', (select coalesce(jsonb_agg(jsonb_build_object(
             'id', s.id, 'name', s.name, 'kind', s.kind, 'probability', s.probability,
             'rotting_days', s.rotting_days, 'position', s.position) order by s.position), '[]'::jsonb)
           from pipeline_stages s where s.tenant_id = cur.tenant_id and s.pipeline_id = cur.id));
       end if;
       record := n::text;
       source_type := n->>'source_type';
       app_id := n->>'app_id';
       user_id := coalesce(n->>'updated_by', n->>'created_by');
     end if;

     -- The event and a delivery for each subscriber, in one statement. source is the
     -- transaction's mark when it set one (an import, a request marked as a webhook's echo).
     src := coalesce(nullif(current_setting('pipeline.change_source', true), ''),
                     case when source_type = 'frontend' then 'ui' else 'api' end);
     if src = 'import' then
       batch := coalesce(nullif(current_setting('pipeline.import_id', true), ''), 'import');
     end if;
     event_id := 'evt_' || replace(gen_random_uuid()::text, '-', '');
     stamp := clock_timestamp();
     with event as (
       insert into webhook_events (id, tenant_id, type, source, payload, created_at)
       values (event_id, cur.tenant_id, event_type, src, concat(
         '{"id":"', event_id, '","type":"', event_type,
         '","timestamp":"', to_char(stamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         '","source":"', src,
         '","actor":', json_build_object(
           'user_id', user_id,
           'app_id', coalesce(case when key_ref is not null then (select k.app_id from api_keys k where k.id = key_ref->>'id') end,
                              case when src <> 'ui' then app_id end),
           'api_key', key_ref),
         ',"data":', record,
         ',"previous_attributes":', coalesce(previous::text, 'null'), '}'), stamp)
       returning id
     )
     insert into webhook_deliveries (id, tenant_id, endpoint_id, event_id, batch_key, next_attempt_at)
     select 'whd_' || replace(gen_random_uuid()::text, '-', ''), cur.tenant_id, ep, event.id, batch,
            case when batch is null then stamp else stamp + interval '3 seconds' end
       from event, unnest(endpoint_ids) ep;
     return null;
   end
   $$`,
];

const down_statements = [
  `drop trigger if exists deals_webhooks on deals`,
  `drop trigger if exists deal_activities_webhooks on deal_activities`,
  ...["companies", "contacts"].map((table) => `drop trigger if exists ${table}_webhooks on ${table}`),
  `drop trigger if exists pipelines_webhooks on pipelines`,
  `drop function if exists webhook_capture()`,
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
  `alter table webhook_events reset (toast_tuple_target)`,
  `drop trigger if exists organization_webhook_events on "organization"`,
  `drop function if exists webhook_workspace_deleted()`,
  `delete from webhook_events v where not exists (select 1 from "organization" o where o.id = v.tenant_id)`,
  `create index webhook_events_tenant_idx on webhook_events (tenant_id, created_at)`,
  `alter table webhook_events add foreign key (tenant_id) references "organization" ("id") on delete cascade`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of down_statements) await sql.raw(statement).execute(db);
}
