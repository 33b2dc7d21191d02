import "server-only";
import { type Insertable, type Kysely, sql } from "kysely";
import type { AuditEntry, Database, DealActivityRow, DealActivityTable } from "@/db/tables";
import type { ApiKeyRef } from "@/lib/api/session";
import { AppError, forbidden, notFound } from "@/lib/api/errors";
import { versionConflict } from "@/lib/api/etag";
import { canOnActivity, isSystemActivity } from "@/lib/permissions";
import { idPattern } from "@/lib/id-patterns";
import { inTransaction } from "@/lib/db-transaction";
import { newId } from "@/lib/ids";
import { publishDealChange } from "@/lib/realtime/notify";
import { assertDealReferences } from "./references";
import { DEAL_FOR_TASKS_COLUMNS, type DealForTasks, syncNextStep } from "./next-step";
import type { Activity, ActivityCreateInput, ActivityUpdateInput } from "./schema";
import { type DealCaller, dealScope, isDealId, tenantDeals, tenantWide } from "./scope";
import type { ActivityType } from "./stages";

/**
 * A deal's timeline: user-written activities (notes, calls, emails, meetings, tasks) and the
 * system's record of every change (created, field_change, stage_change, deleted, restored).
 */

type Db = Kysely<Database>;

export interface NewActivity {
  tenantId: string;
  dealId: string;
  type: ActivityType;
  content?: string | null;
  data?: Record<string, unknown>;
  at: Date;
  occurredAt?: Date | string;
  /** A task's due (`parseDue`), assignee. */
  due?: Due | null;
  assigneeId?: string | null;
  createdBy: string | null;
  sourceType: string;
  /** The API key the change came with: the timeline says "via <key name>". */
  apiKey?: Pick<ApiKeyRef, "id" | "name"> | null;
}

/** An audit entry, naming the API key when an integration made the change. */
export function auditVia(caller: Pick<DealCaller, "apiKey">, entry: AuditEntry): AuditEntry {
  return caller.apiKey ? { ...entry, api_key_id: caller.apiKey.id } : entry;
}

/** A task's due as stored: the instant, and whether it names a whole day (stored at 00:00 UTC). */
export interface Due {
  at: Date;
  allDay: boolean;
}

/** The wire's `due_at` (`YYYY-MM-DD`, or an ISO date-time with an offset) as stored. */
export function parseDue(value: string): Due {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? { at: new Date(`${value}T00:00:00.000Z`), allDay: true } : { at: new Date(value), allDay: false };
}

/** The stored due as the wire's `due_at`: the day for an all-day task, else the ISO instant. */
export function wireDue(at: Date | string | null, allDay: boolean): string | null {
  if (at === null) return null;
  const text = new Date(at).toISOString();
  return allDay ? text.slice(0, 10) : text;
}

/** The row for a new activity (with a fresh id). */
export function activityRow(activity: NewActivity): Insertable<DealActivityTable> & { id: string } {
  return {
    id: newId("activity"),
    tenant_id: activity.tenantId,
    deal_id: activity.dealId,
    type: activity.type,
    content: activity.content ?? null,
    data: JSON.stringify(activity.apiKey ? { ...activity.data, api_key: { id: activity.apiKey.id, name: activity.apiKey.name } } : (activity.data ?? {})),
    occurred_at: activity.occurredAt ?? activity.at,
    ...(activity.due ? { due_at: activity.due.at, due_all_day: activity.due.allDay } : {}),
    ...(activity.assigneeId ? { assignee_id: activity.assigneeId } : {}),
    created_at: activity.at,
    created_by: activity.createdBy,
    source_type: activity.sourceType,
  };
}

/** Appends one activity; call inside the transaction of the change it records. */
export async function recordActivity(trx: Db, activity: NewActivity): Promise<string> {
  const row = activityRow(activity);
  await trx.insertInto("deal_activities").values(row).execute();
  return row.id;
}

const iso = (d: Date | string): string => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));

type ActivityWithNames = DealActivityRow & { created_by_name: string | null; assignee_name?: string | null };

/** An activity row (with its author's and assignee's names) as the API returns it; the company timeline adds its deal's fields to it. */
export function toActivity(row: ActivityWithNames): Activity {
  const dueAt = wireDue(row.due_at, row.due_all_day);
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    deal_id: row.deal_id,
    type: row.type as Activity["type"],
    content: row.content,
    data: (typeof row.data === "string" ? JSON.parse(row.data) : row.data) ?? {},
    occurred_at: iso(row.occurred_at),
    due_at: dueAt,
    due_date: dueAt === null ? null : dueAt.slice(0, 10),
    assignee_id: row.assignee_id,
    assignee_name: row.assignee_name ?? null,
    done: row.done,
    done_at: isoOrNull(row.done_at),
    created_at: iso(row.created_at),
    created_by: row.created_by,
    created_by_name: row.created_by_name ?? null,
    edited_at: isoOrNull(row.edited_at),
    source_type: row.source_type,
    version: row.version,
  };
}

/** Activities of the tenant with their author's and assignee's names; callers first find the deal through `requireLiveDeal`. */
function activitiesWithAuthor(db: Db, tenantId: string) {
  return tenantWide(db, tenantId)
    .activities()
    .leftJoin("user as asg", "asg.id", "a.assignee_id")
    .selectAll("a")
    .select(["au.name as created_by_name", "asg.name as assignee_name"]);
}

/**
 * The live (not soft-deleted) deal the caller can see, else 404. `lock`: `share` makes a
 * concurrent delete wait; `update` locks the row for a task write, which rewrites its next step.
 */
async function requireLiveDeal(db: Db, caller: DealCaller, dealId: string, lock: "share" | "update" | null = null): Promise<DealForTasks> {
  if (!isDealId(dealId)) throw notFound("Deal");
  let query = tenantDeals(db, dealScope(caller))
    .rows()
    .select(DEAL_FOR_TASKS_COLUMNS)
    .where("d.id", "=", dealId)
    .where("d.is_deleted", "=", false);
  if (lock === "share") query = query.forShare("d");
  if (lock === "update") query = query.forNoKeyUpdate("d");
  const deal = await query.executeTakeFirst();
  if (!deal) throw notFound("Deal");
  return deal as DealForTasks;
}

/** `{ activities, total }`, newest first (created_at, then id: ids are time-ordered). */
export async function listActivities(
  db: Db,
  caller: DealCaller,
  dealId: string,
  query: { page: number; limit: number },
): Promise<{ activities: Activity[]; total: number }> {
  await requireLiveDeal(db, caller, dealId);
  const [rows, count] = await Promise.all([
    activitiesWithAuthor(db, caller.tenantId)
      .where("a.deal_id", "=", dealId)
      .orderBy("a.created_at", "desc")
      .orderBy("a.id", "desc")
      .limit(query.limit)
      .offset((query.page - 1) * query.limit)
      .execute(),
    tenantWide(db, caller.tenantId)
      .activities()
      .select(sql<number>`count(*)::int`.as("n"))
      .where("a.deal_id", "=", dealId)
      .executeTakeFirstOrThrow(),
  ]);
  return { activities: rows.map(toActivity), total: Number(count.n) };
}

/** One activity of a live deal, or 404 (missing, another deal's or tenant's, malformed id alike). */
export async function getActivity(db: Db, caller: DealCaller, dealId: string, activityId: string): Promise<Activity> {
  await requireLiveDeal(db, caller, dealId);
  if (!idPattern("activity").test(activityId)) throw notFound("Activity");
  const row = await activitiesWithAuthor(db, caller.tenantId).where("a.deal_id", "=", dealId).where("a.id", "=", activityId).executeTakeFirst();
  if (!row) throw notFound("Activity");
  return toActivity(row);
}

/** 422 unless the assignee is a member of the caller's workspace. */
async function assertAssignee(db: Db, caller: DealCaller, assigneeId: string | null | undefined) {
  if (!assigneeId) return;
  try {
    await assertDealReferences(db, caller, { assigned_member_id: assigneeId });
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_reference") {
      throw new AppError(422, "invalid_reference", "assignee_id: Not a member of this workspace.", {
        errors: [{ field: "assignee_id", code: "invalid_reference", message: "Not a member of this workspace." }],
      });
    }
    throw error;
  }
}

/** The `due_at` a write asks for: undefined when not sent, null to clear (`due_date` is its deprecated alias). */
function requestedDue(input: { due_at?: string | null; due_date?: string | null }): Due | null | undefined {
  const value = input.due_at !== undefined ? input.due_at : input.due_date;
  if (value === undefined) return undefined;
  return value === null ? null : parseDue(value);
}

/** A user-written activity (note, call, email, meeting, task) on a live deal. */
export async function addActivity(db: Db, caller: DealCaller, dealId: string, input: ActivityCreateInput): Promise<Activity> {
  const run = async (trx: Db) => {
    const isTask = input.type === "task";
    const deal = await requireLiveDeal(trx, caller, dealId, isTask ? "update" : "share");
    if (isTask) await assertAssignee(trx, caller, input.assignee_id);
    const sourceType = input.source_type ?? "api";
    const at = new Date();
    const id = await recordActivity(trx, {
      tenantId: caller.tenantId,
      dealId,
      type: input.type,
      content: input.content,
      at,
      occurredAt: input.occurred_at,
      due: requestedDue(input) ?? null,
      // A task is the deal owner's unless it names someone (or, with an explicit null, nobody).
      assigneeId: isTask ? (input.assignee_id === undefined ? deal.assigned_member_id : input.assignee_id) : null,
      createdBy: caller.userId,
      sourceType,
      apiKey: caller.apiKey,
    });
    if (isTask) {
      // The follow-up date the new task moves is its consequence: on the timeline, just below it.
      await syncNextStep(trx, caller, deal, sourceType, { changeAt: new Date(at.getTime() - 1) });
    } else {
      // The deal itself is unchanged (same version); listeners refresh its timeline.
      await publishDealChange(trx, {
        tenant_id: caller.tenantId,
        deal_id: dealId,
        kind: "updated",
        version: deal.version,
        stage: deal.stage,
        by: caller.userId,
        owner: deal.assigned_member_id,
      });
    }
    const row = await activitiesWithAuthor(trx, caller.tenantId).where("a.id", "=", id).executeTakeFirstOrThrow();
    return toActivity(row);
  };
  return inTransaction(db, run);
}

/** The activity row a write changes, locked, or 404. */
async function lockActivity(trx: Db, caller: DealCaller, dealId: string, activityId: string) {
  if (!idPattern("activity").test(activityId)) throw notFound("Activity");
  const row = await activitiesWithAuthor(trx, caller.tenantId)
    .where("a.deal_id", "=", dealId)
    .where("a.id", "=", activityId)
    .forUpdate("a")
    .executeTakeFirst();
  if (!row) throw notFound("Activity");
  return row;
}

const systemEntry = (what: "edited" | "deleted") =>
  new AppError(409, "system_activity", `This timeline entry is the system's record of a change: it cannot be ${what}.`);

/** The deal's audit entry for an edit or delete of one of its activities (lib/deals/write.ts `auditVia`). */
function activityAudit(caller: DealCaller, deal: DealForTasks, entry: NonNullable<AuditEntry["activity"]>): string {
  return JSON.stringify([auditVia(caller, { from: deal.stage, to: deal.stage, at: new Date().toISOString(), by: caller.userId, activity: entry })]);
}

/**
 * PATCH of an activity: content, due and assignee (the author or a manager), done (also the
 * task's assignee and the deal's owner). `expectedVersion` (If-Match or `version`) must match the
 * activity's, else 409 with it. A change is recorded in the deal's audit log and shows the entry
 * as edited; a task change keeps the deal's next step. A request that changes nothing writes nothing.
 */
export async function updateActivity(
  db: Db,
  caller: DealCaller,
  dealId: string,
  activityId: string,
  input: ActivityUpdateInput,
  expectedVersion?: number,
): Promise<Activity> {
  return inTransaction(db, async (trx) => {
    const deal = await requireLiveDeal(trx, caller, dealId, "update");
    const row = await lockActivity(trx, caller, dealId, activityId);
    if (isSystemActivity(row)) throw systemEntry("edited");
    const current = toActivity(row);
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw versionConflict("activity", current, expectedVersion, "activity");
    const isTask = row.type === "task";
    if (!isTask) {
      const taskOnly = (["assignee_id", "done"] as const).filter((f) => input[f] !== undefined);
      if (taskOnly.length) {
        throw new AppError(400, "validation_failed", "Only a task has an assignee and a done state.", {
          errors: taskOnly.map((field) => ({ field, code: "invalid_for_type", message: "Only a task has this field." })),
        });
      }
    }
    const due = requestedDue(input);
    const set: Record<string, unknown> = {};
    const changed: string[] = [];
    if (input.content !== undefined && input.content !== row.content) {
      set.content = input.content;
      changed.push("content");
    }
    if (due !== undefined) {
      const same = due === null ? row.due_at === null : row.due_at !== null && new Date(row.due_at).getTime() === due.at.getTime() && row.due_all_day === due.allDay;
      if (!same) {
        set.due_at = due?.at ?? null;
        set.due_all_day = due?.allDay ?? false;
        changed.push("due_at");
      }
    }
    if (input.assignee_id !== undefined && input.assignee_id !== row.assignee_id) {
      await assertAssignee(trx, caller, input.assignee_id);
      set.assignee_id = input.assignee_id;
      changed.push("assignee_id");
    }
    const doneChanged = input.done !== undefined && input.done !== row.done;
    if (doneChanged) {
      set.done = input.done;
      set.done_at = input.done ? new Date() : null;
    }
    if (changed.length === 0 && !doneChanged) return current;
    const ownership = { type: row.type, created_by: row.created_by, assignee_id: row.assignee_id };
    if (changed.length && !canOnActivity(caller, "edit", ownership, deal)) throw forbidden("Only its author or a manager can edit this entry.");
    if (doneChanged && !canOnActivity(caller, "complete", ownership, deal)) {
      throw forbidden("Only the task's author, its assignee, the deal's owner or a manager can mark it done.");
    }
    const now = new Date();
    await trx
      .updateTable("deal_activities")
      .set({ ...set, ...(changed.length ? { edited_at: now } : {}), version: sql<number>`version + 1` })
      .where("tenant_id", "=", caller.tenantId)
      .where("id", "=", activityId)
      .execute();
    const before: Record<string, unknown> = {};
    for (const field of changed) before[field] = field === "due_at" ? current.due_at : field === "content" ? current.content : current.assignee_id;
    if (doneChanged) before.done = current.done;
    const audit = activityAudit(caller, deal, { id: activityId, type: row.type, action: doneChanged && !changed.length ? (input.done ? "completed" : "reopened") : "edited", before });
    const sourceType = input.source_type ?? "api";
    if (isTask) {
      await syncNextStep(trx, caller, deal, sourceType, { audit });
    } else {
      await writeAuditOnly(trx, caller, deal, audit);
    }
    return toActivity(await activitiesWithAuthor(trx, caller.tenantId).where("a.id", "=", activityId).executeTakeFirstOrThrow());
  });
}

/** Appends an audit entry to the deal (a new version: its JSON shows the log) and publishes the change. */
async function writeAuditOnly(trx: Db, caller: DealCaller, deal: DealForTasks, audit: string) {
  const written = await trx
    .updateTable("deals")
    .set({ audit_log: sql`audit_log || ${audit}::jsonb`, version: sql<number>`version + 1`, updated_at: new Date(), updated_by: caller.userId })
    .where("tenant_id", "=", caller.tenantId)
    .where("id", "=", deal.id)
    .returning("version")
    .executeTakeFirstOrThrow();
  await publishDealChange(trx, {
    tenant_id: caller.tenantId,
    deal_id: deal.id,
    kind: "updated",
    version: written.version,
    stage: deal.stage,
    by: caller.userId,
    owner: deal.assigned_member_id,
  });
}

/**
 * DELETE of a note, call, email, meeting or task (its author or a manager): gone from the
 * timeline, kept in the deal's audit log (type, content and due), and a deleted task no longer is
 * the deal's next step. `expectedVersion` guards as on PATCH.
 */
export async function deleteActivity(db: Db, caller: DealCaller, dealId: string, activityId: string, expectedVersion?: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const deal = await requireLiveDeal(trx, caller, dealId, "update");
    const row = await lockActivity(trx, caller, dealId, activityId);
    if (isSystemActivity(row)) throw systemEntry("deleted");
    const current = toActivity(row);
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw versionConflict("activity", current, expectedVersion, "activity");
    if (!canOnActivity(caller, "delete", row, deal)) throw forbidden("Only its author or a manager can delete this entry.");
    await trx.deleteFrom("deal_activities").where("tenant_id", "=", caller.tenantId).where("id", "=", activityId).execute();
    const audit = activityAudit(caller, deal, {
      id: activityId,
      type: row.type,
      action: "deleted",
      before: { content: current.content, due_at: current.due_at, assignee_id: current.assignee_id, done: current.done, created_by: current.created_by },
    });
    if (row.type === "task") await syncNextStep(trx, caller, deal, "api", { audit });
    else await writeAuditOnly(trx, caller, deal, audit);
  });
}
