import "server-only";
import { type Insertable, type Kysely, sql } from "kysely";
import type { AuditEntry, Database, DealActivityRow, DealActivityTable } from "@/db/tables";
import type { ApiKeyRef } from "@/lib/api/session";
import { notFound } from "@/lib/api/errors";
import { idPattern } from "@/lib/id-patterns";
import { inTransaction } from "@/lib/db-transaction";
import { newId } from "@/lib/ids";
import { publishDealChange } from "@/lib/realtime/notify";
import type { Activity, ActivityCreateInput } from "./schema";
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
  dueDate?: string | null;
  createdBy: string | null;
  sourceType: string;
  /** The API key the change came with: the timeline says "via <key name>". */
  apiKey?: Pick<ApiKeyRef, "id" | "name"> | null;
}

/** An audit entry, naming the API key when an integration made the change. */
export function auditVia(caller: Pick<DealCaller, "apiKey">, entry: AuditEntry): AuditEntry {
  return caller.apiKey ? { ...entry, api_key_id: caller.apiKey.id } : entry;
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
    due_date: activity.dueDate ?? null,
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

/** An activity row (with its author's name) as the API returns it; the company timeline adds its deal's fields to it. */
export function toActivity(row: DealActivityRow & { created_by_name: string | null }): Activity {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    deal_id: row.deal_id,
    type: row.type as Activity["type"],
    content: row.content,
    data: (typeof row.data === "string" ? JSON.parse(row.data) : row.data) ?? {},
    occurred_at: iso(row.occurred_at),
    due_date: row.due_date,
    created_at: iso(row.created_at),
    created_by: row.created_by,
    created_by_name: row.created_by_name ?? null,
    source_type: row.source_type,
  };
}

/** Activities of the tenant with their author's name; callers first find the deal through `requireLiveDeal`. */
function activitiesWithAuthor(db: Db, tenantId: string) {
  return tenantWide(db, tenantId).activities().selectAll("a").select("au.name as created_by_name");
}

/** The live (not soft-deleted) deal the caller can see, else 404; `lock` takes a share lock so a concurrent delete waits. */
async function requireLiveDeal(db: Db, caller: DealCaller, dealId: string, lock = false) {
  if (!isDealId(dealId)) throw notFound("Deal");
  let query = tenantDeals(db, dealScope(caller))
    .rows()
    .select(["d.id", "d.version", "d.stage", "d.assigned_member_id"])
    .where("d.id", "=", dealId)
    .where("d.is_deleted", "=", false);
  if (lock) query = query.forShare("d");
  const deal = await query.executeTakeFirst();
  if (!deal) throw notFound("Deal");
  return deal;
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

/** A user-written activity (note, call, email, meeting, task) on a live deal. */
export async function addActivity(db: Db, caller: DealCaller, dealId: string, input: ActivityCreateInput): Promise<Activity> {
  const run = async (trx: Db) => {
    const deal = await requireLiveDeal(trx, caller, dealId, true);
    const id = await recordActivity(trx, {
      tenantId: caller.tenantId,
      dealId,
      type: input.type,
      content: input.content,
      at: new Date(),
      occurredAt: input.occurred_at,
      dueDate: input.due_date ?? null,
      createdBy: caller.userId,
      sourceType: input.source_type ?? "api",
      apiKey: caller.apiKey,
    });
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
    const row = await activitiesWithAuthor(trx, caller.tenantId).where("a.id", "=", id).executeTakeFirstOrThrow();
    return toActivity(row);
  };
  return inTransaction(db, run);
}
