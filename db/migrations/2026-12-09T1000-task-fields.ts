import { type Kysely, sql } from "kysely";

// Tasks you can finish, and a deal's next step.
//
// Activities of type `task` get a due moment, an assignee and a done state:
// - `due_at` (timestamptz) with `due_all_day`: a task due on a day (the wire's `YYYY-MM-DD`) is
//   stored as that day at 00:00 UTC with `due_all_day`; one due at a time keeps its instant. The
//   old `due_date` column moves into them (all-day) and is dropped; the API still accepts and
//   answers `due_date` as a deprecated alias (README).
// - `assignee_id` (a workspace member; existing tasks get their deal's owner), `done`, `done_at`.
// Every activity gets `version` (optimistic concurrency for edits) and `edited_at`.
//
// A deal's next step, its earliest open task, is kept on the deal row (`next_task_*`), written in
// the transaction of the task change, so the board and the lists read it without a join
// (decisions 004/005), and it is part of the deal's stored JSON (`next_step`, after
// `next_followup_date`). `next_followup_manual` says a person set `next_followup_date` by hand:
// until it is cleared, tasks no longer move it. Existing follow-up dates were all set by hand.

const isoText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The wire's `due_at`: the day for an all-day task, else the ISO instant. */
const dueText = (at: string, allDay: string) => `case when ${allDay} then to_char(${at} at time zone 'UTC', 'YYYY-MM-DD') else ${isoText(at)} end`;

const wireTail = (withNextStep: boolean) => `create or replace function deal_wire_tail(d deals) returns text language sql stable as $$
     select substr(row_to_json(x)::text, 2) from (select
       d.expected_close_date, d.won_date, d.actual_close_date, d.next_followup_date,${
         withNextStep
           ? `
       case when d.next_task_id is null then null else json_build_object('activity_id', d.next_task_id,
         'content', d.next_task_title, 'due_at', ${dueText("d.next_task_due", "d.next_task_all_day")}) end as next_step,`
           : ""
       }
       d.lost_reason, d.loss_category, d.closure_notes, d.note, d.pipeline_id, d.forecast_category, d.deal_type, d.deal_source,
       d.competitors, d.rfp_record_id, d.quote_ids, d.proposal_ids, d.attachment_refs, d.linked_task_ids, d.tags, d.custom_fields,
       d.position, ${isoText("d.stage_entered_at")} as stage_entered_at, ${isoText("d.created_at")} as created_at,
       ${isoText("d.updated_at")} as updated_at, d.created_by, d.updated_by, d.source, d.source_type,
       d.is_deleted, ${isoText("d.deleted_at")} as deleted_at, d.deleted_by, d.schema_version, d.version, d.audit_log) x
   $$`;

/** Every deal's next step from its open tasks (the app keeps it from then on). */
export const REFRESH_NEXT_STEPS_SQL = `update deals d set next_task_id = n.id, next_task_due = n.due_at, next_task_all_day = n.due_all_day, next_task_title = n.content
   from (select distinct on (a.deal_id) a.deal_id, a.tenant_id, a.id, a.due_at, a.due_all_day, a.content
           from deal_activities a where a.type = 'task' and not a.done
          order by a.deal_id, a.due_at asc nulls last, a.created_at, a.id) n
  where d.id = n.deal_id and d.tenant_id = n.tenant_id`;

const up_statements = [
  `alter table deal_activities
     add column due_at timestamptz, add column due_all_day boolean not null default false,
     add column assignee_id text, add column done boolean not null default false, add column done_at timestamptz,
     add column edited_at timestamptz, add column version integer not null default 1`,
  `update deal_activities set due_at = due_date::timestamp at time zone 'UTC', due_all_day = true where due_date is not null`,
  `update deal_activities a set assignee_id = d.assigned_member_id from deals d
    where a.type = 'task' and d.id = a.deal_id and d.tenant_id = a.tenant_id`,
  `alter table deal_activities drop column due_date`,
  // A deal's open tasks, earliest first: the next step's lookup after every task change.
  `create index deal_activities_open_tasks_idx on deal_activities (tenant_id, deal_id, due_at, created_at, id)
     where type = 'task' and not done`,
  // The task lists (GET /tasks, Today): by assignee or across the workspace, by state, by due.
  `create index deal_activities_tasks_assignee_idx on deal_activities (tenant_id, assignee_id, done, (coalesce(due_at, 'infinity'::timestamptz)), id)
     where type = 'task'`,
  `create index deal_activities_tasks_idx on deal_activities (tenant_id, done, (coalesce(due_at, 'infinity'::timestamptz)), id)
     where type = 'task'`,

  `alter table deals add column next_task_id text, add column next_task_due timestamptz,
     add column next_task_all_day boolean not null default false, add column next_task_title text,
     add column next_followup_manual boolean not null default false`,
  `update deals set next_followup_manual = true where next_followup_date is not null`,
  // Where a person lands after signing in: null follows their role (reps Today, managers the board).
  `alter table "user" add column start_page text check (start_page in ('board', 'today'))`,
  wireTail(true),
  REFRESH_NEXT_STEPS_SQL,
  // Rewrites every deal's stored JSON with its next step (the trigger rebuilds it on update).
  `update deals set next_task_id = next_task_id`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    wireTail(false),
    `alter table "user" drop column if exists start_page`,
    `alter table deals drop column next_task_id, drop column next_task_due, drop column next_task_all_day,
       drop column next_task_title, drop column next_followup_manual`,
    `update deals set version = version`,
    `alter table deal_activities add column due_date date`,
    `update deal_activities set due_date = (due_at at time zone 'UTC')::date where due_at is not null`,
    `drop index if exists deal_activities_tasks_idx`,
    `drop index if exists deal_activities_tasks_assignee_idx`,
    `drop index if exists deal_activities_open_tasks_idx`,
    `alter table deal_activities drop column due_at, drop column due_all_day, drop column assignee_id,
       drop column done, drop column done_at, drop column edited_at, drop column version`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
