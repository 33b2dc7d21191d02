import { type Kysely, sql } from "kysely";

// docs/benchmarks.md#stored-deal-json: a deal is read far more often than it is written, and a list
// page spent most of its PostgreSQL time joining display names and writing 51 deals as JSON.
// Both are now kept on the deal row, by triggers, when it is written:
//
// - `company_name`, `contact_name`: looked up when the deal is inserted or that reference
//   changes, and rewritten on every deal of a company or contact when it is renamed. The lookup
//   locks the referenced row FOR SHARE, so a rename running at the same time either finishes
//   first (and the lookup reads the new name) or waits for this write to commit (and then
//   rewrites this deal too). Other writes (moves, edits) keep the names they have: no lookup, no
//   lock.
// - `wire_head`, `wire_tail`: the deal as the API answers it (`toDeal`'s keys in `toDeal`'s
//   order, written by PostgreSQL: amounts as exact decimals without trailing zeros, currency
//   trimmed, timestamps in ISO 8601 UTC with milliseconds truncated as `pg` truncates them),
//   without the owner's name: the head ends after `assigned_member_id`, the tail starts at
//   `expected_close_date`. Reads put `"assigned_member_name"` between them from a join on
//   "user" (one primary-key lookup per deal). The owner's name is not stored: a member's deals
//   can be a third of the tenant's, and renaming them would rewrite (and lock) every one (17 s
//   for 33,458 deals, measured). Rebuilt on every write. lib/deals/serialize.api.test.ts checks
//   that the three pieces parse to exactly what `toDeal` answers, on both drivers.
//
// A migration that changes the deal's wire form replaces `deal_wire_head`/`deal_wire_tail` and
// rewrites the columns.

const isoText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const up_statements = [
  `alter table deals add column company_name text, add column contact_name text,
     add column wire_head text, add column wire_tail text`,

  // One deal row (with its stored names) as the API's JSON, in two pieces around the owner's name.
  `create function deal_wire_head(d deals) returns text language sql stable as $$
     select left(row_to_json(x)::text, -1) from (select d.id, d.deal_number, d.tenant_id, d.app_id, d.name,
       trim_scale(d.amount) as amount, rtrim(d.currency) as currency, d.stage, d.probability,
       d.company_id, d.company_name, d.contact_id, d.contact_name, d.contact_ids, d.assigned_member_id) x
   $$`,
  `create function deal_wire_tail(d deals) returns text language sql stable as $$
     select substr(row_to_json(x)::text, 2) from (select
       d.expected_close_date, d.won_date, d.actual_close_date, d.next_followup_date,
       d.lost_reason, d.loss_category, d.closure_notes, d.note, d.pipeline_id, d.forecast_category, d.deal_type, d.deal_source,
       d.competitors, d.rfp_record_id, d.quote_ids, d.proposal_ids, d.attachment_refs, d.linked_task_ids, d.tags, d.custom_fields,
       d.position, ${isoText("d.stage_entered_at")} as stage_entered_at, ${isoText("d.created_at")} as created_at,
       ${isoText("d.updated_at")} as updated_at, d.created_by, d.updated_by, d.source, d.source_type,
       d.is_deleted, ${isoText("d.deleted_at")} as deleted_at, d.deleted_by, d.schema_version, d.version, d.audit_log) x
   $$`,

  `create function deals_read_model_trigger() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' or new.company_id is distinct from old.company_id or new.tenant_id is distinct from old.tenant_id then
       new.company_name := null;
       if new.company_id is not null then
         select co.name into new.company_name from companies co
          where co.id = new.company_id and co.tenant_id = new.tenant_id for share;
       end if;
     end if;
     if tg_op = 'INSERT' or new.contact_id is distinct from old.contact_id or new.tenant_id is distinct from old.tenant_id then
       new.contact_name := null;
       if new.contact_id is not null then
         select person_name(ct.first_name, ct.last_name) into new.contact_name from contacts ct
          where ct.id = new.contact_id and ct.tenant_id = new.tenant_id for share;
       end if;
     end if;
     new.wire_head := deal_wire_head(new);
     new.wire_tail := deal_wire_tail(new);
     return new;
   end $$`,
  `create trigger deals_read_model before insert or update on deals
   for each row execute function deals_read_model_trigger()`,

  // Renames: every deal that shows the name gets the new one (the deals trigger rebuilds its JSON).
  `create function companies_rename_trigger() returns trigger language plpgsql as $$
   begin
     update deals set company_name = new.name where company_id = new.id and tenant_id = new.tenant_id;
     return null;
   end $$`,
  `create trigger companies_rename after update of name on companies
   for each row when (old.name is distinct from new.name) execute function companies_rename_trigger()`,
  `create function contacts_rename_trigger() returns trigger language plpgsql as $$
   begin
     update deals set contact_name = person_name(new.first_name, new.last_name)
      where contact_id = new.id and tenant_id = new.tenant_id;
     return null;
   end $$`,
  `create trigger contacts_rename after update of first_name, last_name on contacts
   for each row when (person_name(old.first_name, old.last_name) is distinct from person_name(new.first_name, new.last_name))
   execute function contacts_rename_trigger()`,

  // Existing deals: names from the references, then the JSON (the trigger builds it on this update).
  `update deals d set
     company_name = (select co.name from companies co where co.id = d.company_id and co.tenant_id = d.tenant_id),
     contact_name = (select person_name(ct.first_name, ct.last_name) from contacts ct where ct.id = d.contact_id and ct.tenant_id = d.tenant_id)`,
  `alter table deals alter column wire_head set not null, alter column wire_tail set not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `drop trigger contacts_rename on contacts`,
    `drop function contacts_rename_trigger()`,
    `drop trigger companies_rename on companies`,
    `drop function companies_rename_trigger()`,
    `drop trigger deals_read_model on deals`,
    `drop function deals_read_model_trigger()`,
    `drop function deal_wire_tail(deals)`,
    `drop function deal_wire_head(deals)`,
    `alter table deals drop column company_name, drop column contact_name, drop column wire_head, drop column wire_tail`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
