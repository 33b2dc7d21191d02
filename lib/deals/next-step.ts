import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/db/tables";
import { publishDealChange } from "@/lib/realtime/notify";
import { recordActivity } from "./activities";
import type { DealCaller } from "./scope";

/**
 * A deal's next step: its earliest open task (by due, undated tasks last, then oldest first),
 * kept on the deal row (`next_task_*`) so the board, the lists and the deal's stored JSON read it
 * without a join (decisions 004/005). Every task write calls `syncNextStep` in its transaction,
 * with the deal row locked.
 *
 * `next_followup_date` follows the next step's due day (UTC), recorded on the timeline as a
 * field change, unless a person set it by hand (`next_followup_manual`): their date wins until
 * they clear it.
 */

type Db = Kysely<Database>;

/** What a task write reads of the deal it locks. */
export interface DealForTasks {
  id: string;
  version: number;
  stage: string;
  assigned_member_id: string | null;
  next_task_id: string | null;
  next_task_due: Date | null;
  next_task_all_day: boolean;
  next_task_title: string | null;
  next_followup_date: string | null;
  next_followup_manual: boolean;
}

export const DEAL_FOR_TASKS_COLUMNS = [
  "d.id",
  "d.version",
  "d.stage",
  "d.assigned_member_id",
  "d.next_task_id",
  "d.next_task_due",
  "d.next_task_all_day",
  "d.next_task_title",
  "d.next_followup_date",
  "d.next_followup_manual",
] as const;

const time = (d: Date | string | null): number | null => (d === null ? null : new Date(d).getTime());
const utcDay = (d: Date | string): string => new Date(d).toISOString().slice(0, 10);

/**
 * Recomputes the deal's next step after a task change; when it (or the follow-up date it drives)
 * changed, writes the deal (a new version), records the follow-up change on the timeline, and in
 * every case publishes the change so boards and open timelines refresh. Returns the deal's version.
 */
export async function syncNextStep(
  trx: Db,
  caller: DealCaller,
  deal: DealForTasks,
  sourceType: string,
  /** `audit`: an audit entry to append; `changeAt`: when to date the follow-up's field change (default now). */
  extra: { audit?: string; changeAt?: Date } = {},
): Promise<number> {
  const next = await trx
    .selectFrom("deal_activities as a")
    .select(["a.id", "a.content", "a.due_at", "a.due_all_day"])
    .where("a.tenant_id", "=", caller.tenantId)
    .where("a.deal_id", "=", deal.id)
    .where("a.type", "=", "task")
    .where("a.done", "=", false)
    .orderBy(sql`a.due_at asc nulls last`)
    .orderBy("a.created_at")
    .orderBy("a.id")
    .limit(1)
    .executeTakeFirst();
  const stepChanged =
    (next?.id ?? null) !== deal.next_task_id ||
    time(next?.due_at ?? null) !== time(deal.next_task_due) ||
    (next?.due_all_day ?? false) !== deal.next_task_all_day ||
    (next?.content ?? null) !== deal.next_task_title;
  const followup = deal.next_followup_manual ? deal.next_followup_date : next?.due_at ? utcDay(next.due_at) : null;
  const followupChanged = followup !== deal.next_followup_date;
  let version = deal.version;
  if (stepChanged || followupChanged || extra.audit) {
    const now = new Date();
    const written = await trx
      .updateTable("deals")
      .set({
        next_task_id: next?.id ?? null,
        next_task_due: next?.due_at ?? null,
        next_task_all_day: next?.due_all_day ?? false,
        next_task_title: next?.content ?? null,
        ...(followupChanged ? { next_followup_date: followup } : {}),
        ...(extra.audit ? { audit_log: sql`audit_log || ${extra.audit}::jsonb` } : {}),
        version: sql<number>`version + 1`,
        updated_at: now,
        updated_by: caller.userId,
      })
      .where("tenant_id", "=", caller.tenantId)
      .where("id", "=", deal.id)
      .returning("version")
      .executeTakeFirstOrThrow();
    version = written.version;
    if (followupChanged) {
      await recordActivity(trx, {
        tenantId: caller.tenantId,
        dealId: deal.id,
        type: "field_change",
        data: { changes: [{ field: "next_followup_date", before: deal.next_followup_date, after: followup }], reason: "next_step" },
        at: extra.changeAt ?? now,
        createdBy: caller.userId,
        sourceType,
        apiKey: caller.apiKey,
      });
    }
  }
  await publishDealChange(trx, {
    tenant_id: caller.tenantId,
    deal_id: deal.id,
    kind: "updated",
    version,
    stage: deal.stage,
    by: caller.userId,
    owner: deal.assigned_member_id,
  });
  return version;
}
