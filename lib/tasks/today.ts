import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/db/tables";
import { LOST_STAGE, WON_STAGE } from "@/lib/pipelines/model";
import type { Task } from "@/lib/deals/schema";
import { type DealCaller, dealScope, tenantDeals } from "@/lib/deals/scope";
import { listTasks } from "@/lib/deals/tasks";

/**
 * The Today page's data, for the signed-in person: their open tasks due within the coming week
 * (and every overdue one), and their open deals that need them (no next step, going stale in
 * their stage, past their expected close date). The page sorts tasks into overdue, today and the
 * week ahead by the reader's own calendar day, which the server does not know.
 */

export interface TodayDeal {
  id: string;
  deal_number: string;
  name: string;
  stage: string;
  pipeline_id: string;
  company_name: string | null;
  expected_close_date: string | null;
  stage_entered_at: string;
  no_next_step: boolean;
  rotting: boolean;
  rotting_days: number | null;
  close_overdue: boolean;
}

export interface TodayData {
  tasks: Task[];
  deals: TodayDeal[];
}

/** Deals per reason on the page: enough to act on, not a report. */
const DEALS_LIMIT = 100;
/** Tasks read: every overdue one and the week ahead (a day of margin for the reader's time zone). */
const TASK_HORIZON_DAYS = 9;

export async function loadToday(db: Kysely<Database>, caller: DealCaller, now = new Date()): Promise<TodayData> {
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + TASK_HORIZON_DAYS * 86_400_000).toISOString().slice(0, 10);
  const rottingDays = sql<number | null>`(select ps.rotting_days from pipeline_stages ps
    where ps.tenant_id = d.tenant_id and ps.pipeline_id = d.pipeline_id and ps.id = d.stage)`;
  const [tasks, deals] = await Promise.all([
    listTasks(db, caller, { assignee: "me", status: "open", due_before: horizon, limit: 200 }, now),
    tenantDeals(db, dealScope(caller))
      .rows()
      .select([
        "d.id",
        "d.deal_number",
        "d.name",
        "d.stage",
        "d.pipeline_id",
        "d.company_name",
        "d.expected_close_date",
        "d.stage_entered_at",
        sql<boolean>`d.next_task_id is null`.as("no_next_step"),
        rottingDays.as("rotting_days"),
        sql<boolean>`coalesce(d.expected_close_date < ${today}::date, false)`.as("close_overdue"),
      ])
      .where("d.assigned_member_id", "=", caller.userId)
      .where("d.is_deleted", "=", false)
      .where("d.stage", "not in", [WON_STAGE, LOST_STAGE])
      .where(
        sql<boolean>`(d.next_task_id is null or d.expected_close_date < ${today}::date
          or coalesce(d.stage_entered_at <= ${now}::timestamptz - make_interval(days => ${rottingDays} + 1), false))`,
      )
      .orderBy("d.stage_entered_at")
      .orderBy("d.id")
      .limit(DEALS_LIMIT * 3)
      .execute(),
  ]);
  return {
    tasks: tasks.items,
    deals: deals
      .map((d) => {
        const entered = new Date(d.stage_entered_at);
        const rotting = d.rotting_days !== null && now.getTime() - entered.getTime() > (d.rotting_days + 1) * 86_400_000;
        return { ...d, stage_entered_at: entered.toISOString(), rotting };
      })
      .filter((d) => d.no_next_step || d.rotting || d.close_overdue),
  };
}
