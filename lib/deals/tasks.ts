import "server-only";
import { type Kysely, sql, type SqlBool } from "kysely";
import type { Database } from "@/db/tables";
import { decodeCursor, encodeCursor, fingerprint } from "@/lib/api/cursor";
import { parseDue, toActivity } from "./activities";
import type { Task, TaskListQuery } from "./schema";
import { type DealCaller, dealScope, OWNER_NAME_SQL, visibilityCondition } from "./scope";

/**
 * Tasks across the workspace's deals (GET /tasks, the Today page): the caller's tenant and only
 * the deals they may see (a rep limited to his own deals sees no one else's tasks; an
 * application-scoped API key its application's deals), never a deal in the trash.
 *
 * Sorted by due (undated last), then id, with keyset cursors on that expression: the same
 * expression the partial indexes `deal_activities_tasks_idx` and `…_tasks_assignee_idx` hold
 * (migration 2026-12-09T1000-task-fields), so a page is an index range scan.
 */

type Db = Kysely<Database>;

const DUE_KEY = sql<string>`coalesce(a.due_at, 'infinity'::timestamptz)`;
const DUE_KEY_TEXT = sql<string>`case when a.due_at is null then 'infinity' else to_char(a.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') end`;
const validKey = (v: string) => v === "infinity" || (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v) && !Number.isNaN(Date.parse(v)));

/** The start of today, UTC: an all-day task is overdue once its day has passed. */
const startOfUtcDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

export async function listTasks(db: Db, caller: DealCaller, query: TaskListQuery, now = new Date()): Promise<{ items: Task[]; limit: number; next_cursor: string | null }> {
  const assignee = query.assignee === "me" ? caller.userId : query.assignee;
  const scopeFingerprint = fingerprint({ assignee, status: query.status, due_before: query.due_before, due_after: query.due_after, deal_id: query.deal_id });
  const after = query.cursor ? decodeCursor(query.cursor, scopeFingerprint, validKey) : null;

  let q = db
    .selectFrom("deal_activities as a")
    .innerJoin("deals as d", (join) => join.onRef("d.id", "=", "a.deal_id").onRef("d.tenant_id", "=", "a.tenant_id"))
    .leftJoin("user as au", "au.id", "a.created_by")
    .leftJoin("user as asg", "asg.id", "a.assignee_id")
    .selectAll("a")
    .select([
      "au.name as created_by_name",
      "asg.name as assignee_name",
      "d.name as deal_name",
      "d.deal_number as deal_number",
      "d.stage as deal_stage",
      "d.assigned_member_id as deal_owner_id",
      sql<string | null>`${sql.raw(OWNER_NAME_SQL)}`.as("deal_owner_name"),
      DUE_KEY_TEXT.as("sort_key"),
    ])
    .where("a.tenant_id", "=", caller.tenantId)
    .where("a.type", "=", "task")
    .where("a.done", "=", query.status === "done")
    .where("d.is_deleted", "=", false);
  const visible = visibilityCondition(dealScope(caller));
  if (visible) q = q.where(visible);
  if (assignee) q = q.where("a.assignee_id", "=", assignee);
  if (query.deal_id) q = q.where("a.deal_id", "=", query.deal_id);
  if (query.status === "overdue") {
    // Both kinds are due before now; an all-day task only once its day (UTC) has passed.
    q = q.where(sql<SqlBool>`${DUE_KEY} < ${now}`).where(sql<SqlBool>`(not a.due_all_day or a.due_at < ${startOfUtcDay(now)})`);
  }
  if (query.due_before) q = q.where(sql<SqlBool>`${DUE_KEY} < ${parseDue(query.due_before).at}`);
  if (query.due_after) q = q.where(sql<SqlBool>`${DUE_KEY} >= ${parseDue(query.due_after).at}`);
  if (after) q = q.where(sql<SqlBool>`(${DUE_KEY}, a.id) > (cast(${after.value} as timestamptz), ${after.id})`);
  const rows = await q.orderBy(DUE_KEY).orderBy("a.id").limit(query.limit + 1).execute();

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const offset = after?.offset ?? 0;
  return {
    items: page.map((row) => ({
      ...toActivity(row),
      deal: {
        id: row.deal_id,
        deal_number: row.deal_number,
        name: row.deal_name,
        stage: row.deal_stage,
        assigned_member_id: row.deal_owner_id,
        assigned_member_name: row.deal_owner_name ?? null,
      },
    })),
    limit: query.limit,
    next_cursor: rows.length > query.limit && last ? encodeCursor({ value: last.sort_key, id: last.id, offset: offset + query.limit }, scopeFingerprint) : null,
  };
}
