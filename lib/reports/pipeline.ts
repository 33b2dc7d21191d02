import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/db/tables";
import { forbidden, notFound } from "@/lib/api/errors";
import type { Caller } from "@/lib/api/session";
import { canInWorkspace } from "@/lib/permissions";
import { liveTenantDeals, tenantWide } from "@/lib/deals/scope";
import type { Stage } from "@/lib/deals/stages";
import { isClosedStageId, LOST_STAGE, WON_STAGE } from "@/lib/pipelines/model";
import { listPipelines } from "@/lib/pipelines/service";
import type { CurrencyTotals, PipelineReport } from "./schema";

/**
 * The manager's pipeline report, aggregated in SQL. Every money figure is grouped by currency;
 * nothing here adds yen to dollars. Stage totals come from `deal_stage_totals` (kept by a
 * trigger), so they cost a handful of rows however many deals the tenant has. Managers only
 * (lib/permissions.ts `view_reports`): it covers every deal of the workspace, in every pipeline
 * (each pipeline's stages under `pipelines`) or, with `pipelineId`, in one.
 */

type Db = Kysely<Database>;

interface PipelineReportOptions {
  /** The report's "today" (YYYY-MM-DD); defaults to the current UTC date. */
  today?: string;
  /** The current instant, for "idle in stage" (defaults to now). */
  now?: Date;
  /** The closed-deals window, ending today (default 90 days). */
  windowDays?: number;
  /** How many attention items to return (the total is always counted). */
  attentionLimit?: number;
  /** Only this pipeline's deals (404 when the workspace has no such pipeline); default: every pipeline. */
  pipelineId?: string;
}

const DAY = 86_400_000;
const addDays = (date: string, days: number): string => new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY).toISOString().slice(0, 10);

function quarterStart(today: string): string {
  const [y, m] = today.split("-").map(Number);
  return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const round2 = (n: number): number => Math.round(n * 100) / 100;

export async function pipelineReport(db: Db, caller: Pick<Caller, "tenantId" | "isManager">, options: PipelineReportOptions = {}): Promise<PipelineReport> {
  if (!canInWorkspace(caller, "view_reports")) throw forbidden("The pipeline report is for managers (owners and admins).");
  const { tenantId } = caller;
  const now = options.now ?? new Date();
  const today = options.today ?? now.toISOString().slice(0, 10);
  const windowDays = options.windowDays ?? 90;
  const closedFrom = addDays(today, -(windowDays - 1));
  const qStart = quarterStart(today);
  const monthStart = `${today.slice(0, 7)}-01`;
  const allPipelines = await listPipelines(db, caller);
  const only = options.pipelineId === undefined ? null : allPipelines.find((p) => p.id === options.pipelineId);
  if (only === undefined) throw notFound("Pipeline");
  const pipelines = only ? [only] : allPipelines;
  // Open: any stage but the two closing ones, whose ids every pipeline shares.
  const openCondition = sql`d.stage not in (${sql.lit(WON_STAGE)}, ${sql.lit(LOST_STAGE)})`;
  const live = only ? sql`${liveTenantDeals(tenantId)} and d.pipeline_id = ${only.id}` : liveTenantDeals(tenantId);
  const limit = options.attentionLimit ?? 50;
  // Idle: longer in an open stage than the stage's rotting days (never, for a stage without them).
  const idle = sql<boolean>`coalesce(d.stage_entered_at <= ${now}::timestamptz - make_interval(days => (select ps.rotting_days + 1
      from pipeline_stages ps where ps.tenant_id = d.tenant_id and ps.pipeline_id = d.pipeline_id and ps.id = d.stage)), false)`;

  const [stageRows, forecastRows, closedRows, ownerRows, members, attentionRows, attentionCount] = await Promise.all([
    (only ? tenantWide(db, tenantId).stageTotals().where("pipeline_id", "=", only.id) : tenantWide(db, tenantId).stageTotals())
      .select([
        sql<string>`pipeline_id`.as("pipeline_id"),
        sql<Stage>`stage`.as("stage"),
        sql<string>`currency::text`.as("currency"),
        sql<number>`deal_count`.as("count"),
        sql<string>`amount_sum`.as("amount"),
        sql<string>`round(weighted_sum, 2)`.as("weighted"),
      ])
      .where("deal_count", ">", 0)
      .orderBy("currency")
      .execute(),

    sql<{ bucket: string; currency: string; count: number; amount: string; weighted: string }>`
      select case
               when expected_close_date is null then 'undated'
               when expected_close_date < ${monthStart}::date then 'overdue'
               else to_char(expected_close_date, 'YYYY-MM')
             end as bucket,
             currency::text as currency,
             count(*)::int as count,
             coalesce(sum(amount), 0) as amount,
             round(coalesce(sum(amount * probability / 100.0), 0), 2) as weighted
      from deals d
      where ${live} and ${openCondition}
      group by 1, 2
      order by 1, 2`.execute(db),

    sql<{ currency: string; won_count: number; won_amount: string; average_won_amount: string | null; lost_count: number; lost_amount: string }>`
      select currency::text as currency,
             count(*) filter (where stage = 'closed_won')::int as won_count,
             coalesce(sum(amount) filter (where stage = 'closed_won'), 0) as won_amount,
             round(avg(amount) filter (where stage = 'closed_won'), 2) as average_won_amount,
             count(*) filter (where stage = 'closed_lost')::int as lost_count,
             coalesce(sum(amount) filter (where stage = 'closed_lost'), 0) as lost_amount
      from deals d
      where ${live} and stage in ('closed_won', 'closed_lost')
        and actual_close_date between ${closedFrom}::date and ${today}::date
      group by 1
      order by 1`.execute(db),

    sql<{ member_id: string | null; name: string | null; currency: string; open_count: number; open_amount: string; open_weighted: string; won_count: number; won_amount: string }>`
      select d.assigned_member_id as member_id,
             u.name,
             d.currency::text as currency,
             count(*) filter (where ${openCondition})::int as open_count,
             coalesce(sum(d.amount) filter (where ${openCondition}), 0) as open_amount,
             round(coalesce(sum(d.amount * d.probability / 100.0) filter (where ${openCondition}), 0), 2) as open_weighted,
             count(*) filter (where d.stage = 'closed_won' and d.won_date between ${qStart}::date and ${today}::date)::int as won_count,
             coalesce(sum(d.amount) filter (where d.stage = 'closed_won' and d.won_date between ${qStart}::date and ${today}::date), 0) as won_amount
      from deals d
      left join "user" u on u.id = d.assigned_member_id
      where ${live}
        and (${openCondition} or (d.stage = 'closed_won' and d.won_date between ${qStart}::date and ${today}::date))
      group by 1, 2, 3
      order by 1, 3`.execute(db),

    db
      .selectFrom("member as m")
      .innerJoin("user as u", "u.id", "m.userId")
      .select(["u.id", "u.name", "m.role"])
      .where("m.organizationId", "=", tenantId)
      .orderBy("u.name")
      .orderBy("u.id")
      .execute(),

    sql<{
      id: string; pipeline_id: string; deal_number: string; name: string; stage: Stage; amount: string | null; currency: string; company_name: string | null;
      assigned_member_id: string | null; assigned_member_name: string | null; expected_close_date: string | null; next_followup_date: string | null;
      stage_entered_at: Date | string; close_overdue: boolean; followup_overdue: boolean; idle_in_stage: boolean;
    }>`
      select d.id, d.pipeline_id, d.deal_number, d.name, d.stage, d.amount, d.currency::text as currency, d.company_name,
             d.assigned_member_id, u.name as assigned_member_name, d.expected_close_date, d.next_followup_date, d.stage_entered_at,
             coalesce(d.expected_close_date < ${today}::date, false) as close_overdue,
             coalesce(d.next_followup_date < ${today}::date, false) as followup_overdue,
             ${idle} as idle_in_stage
      from deals d
      left join "user" u on u.id = d.assigned_member_id
      where ${live} and ${openCondition}
        and (d.expected_close_date < ${today}::date or d.next_followup_date < ${today}::date or ${idle})
      order by d.expected_close_date asc nulls last, d.next_followup_date asc nulls last, d.id
      limit ${limit}`.execute(db),

    sql<{ n: number }>`
      select count(*)::int as n from deals d
      where ${live} and ${openCondition}
        and (d.expected_close_date < ${today}::date or d.next_followup_date < ${today}::date or ${idle})`.execute(db),
  ]);

  const totals = (r: { currency: string; count: number; amount: unknown; weighted: unknown }): CurrencyTotals => ({
    currency: r.currency,
    count: num(r.count),
    amount: round2(num(r.amount)),
    weighted: round2(num(r.weighted)),
  });

  const stagesOf = (pipeline: (typeof pipelines)[number]) =>
    pipeline.stages.map((s) => {
      const rows = stageRows.filter((r) => r.pipeline_id === pipeline.id && r.stage === s.id).map(totals);
      return { stage: s.id, name: s.name, count: rows.reduce((n, r) => n + r.count, 0), totals: rows };
    });
  const perPipeline = pipelines.map((p) => ({ pipeline_id: p.id, name: p.name, is_default: p.is_default, stages: stagesOf(p) }));
  const stages = perPipeline.flatMap((p) => p.stages);

  const openByCurrency = new Map<string, CurrencyTotals>();
  for (const s of stages.filter((x) => !isClosedStageId(x.stage))) {
    for (const t of s.totals) {
      const acc = openByCurrency.get(t.currency) ?? { currency: t.currency, count: 0, amount: 0, weighted: 0 };
      openByCurrency.set(t.currency, { currency: t.currency, count: acc.count + t.count, amount: round2(acc.amount + t.amount), weighted: round2(acc.weighted + t.weighted) });
    }
  }
  const allCurrencies = new Map<string, number>();
  for (const r of stageRows) allCurrencies.set(r.currency, (allCurrencies.get(r.currency) ?? 0) + num(r.count));
  const currencies = [...allCurrencies.keys()].sort(
    (a, b) => (openByCurrency.get(b)?.count ?? 0) - (openByCurrency.get(a)?.count ?? 0) || allCurrencies.get(b)! - allCurrencies.get(a)! || a.localeCompare(b),
  );
  const byCurrencyOrder = <T extends { currency: string }>(rows: T[]) => [...rows].sort((a, b) => currencies.indexOf(a.currency) - currencies.indexOf(b.currency));

  const wonCount = closedRows.rows.reduce((n, r) => n + num(r.won_count), 0);
  const lostCount = closedRows.rows.reduce((n, r) => n + num(r.lost_count), 0);

  // One row per member (also those without deals), then owners who left the tenant, then unassigned.
  const ownerIds = [...members.map((m) => m.id as string | null)];
  for (const r of ownerRows.rows) if (!ownerIds.includes(r.member_id)) ownerIds.push(r.member_id);
  const owners = ownerIds.map((id) => {
    const member = members.find((m) => m.id === id);
    const rows = ownerRows.rows.filter((r) => r.member_id === id);
    return {
      member_id: id,
      name: member?.name ?? rows[0]?.name ?? "Unassigned",
      role: member?.role ?? null,
      open_count: rows.reduce((n, r) => n + num(r.open_count), 0),
      open: byCurrencyOrder(
        rows.filter((r) => num(r.open_count) > 0).map((r) => totals({ currency: r.currency, count: r.open_count, amount: r.open_amount, weighted: r.open_weighted })),
      ),
      won_this_quarter: byCurrencyOrder(
        rows.filter((r) => num(r.won_count) > 0).map((r) => ({ currency: r.currency, count: num(r.won_count), amount: round2(num(r.won_amount)) })),
      ),
    };
  });

  return {
    as_of: today,
    generated_at: now.toISOString(),
    currencies,
    pipeline_id: only ? only.id : null,
    stages: (perPipeline.find((p) => p.is_default) ?? perPipeline[0]).stages.map((s) => ({ ...s, totals: byCurrencyOrder(s.totals) })),
    pipelines: perPipeline.map((p) => ({ ...p, stages: p.stages.map((s) => ({ ...s, totals: byCurrencyOrder(s.totals) })) })),
    open: byCurrencyOrder([...openByCurrency.values()]),
    forecast: forecastRows.rows.map((r) => ({ bucket: r.bucket, ...totals(r) })),
    closed: {
      window_days: windowDays,
      from: closedFrom,
      to: today,
      won_count: wonCount,
      lost_count: lostCount,
      win_rate: wonCount + lostCount === 0 ? null : wonCount / (wonCount + lostCount),
      by_currency: byCurrencyOrder(
        closedRows.rows.map((r) => ({
          currency: r.currency,
          won_count: num(r.won_count),
          won_amount: round2(num(r.won_amount)),
          average_won_amount: r.average_won_amount === null ? null : round2(num(r.average_won_amount)),
          lost_count: num(r.lost_count),
          lost_amount: round2(num(r.lost_amount)),
        })),
      ),
    },
    owners,
    quarter: { from: qStart, to: today },
    attention: {
      total: num(attentionCount.rows[0]?.n),
      items: attentionRows.rows.map((r) => ({
        id: r.id,
        pipeline_id: r.pipeline_id,
        deal_number: r.deal_number,
        name: r.name,
        stage: r.stage,
        amount: r.amount === null ? null : Number(r.amount),
        currency: r.currency,
        company_name: r.company_name,
        assigned_member_id: r.assigned_member_id,
        assigned_member_name: r.assigned_member_name,
        expected_close_date: r.expected_close_date,
        next_followup_date: r.next_followup_date,
        days_in_stage: Math.floor((now.getTime() - new Date(r.stage_entered_at).getTime()) / DAY),
        reasons: [
          ...(r.close_overdue ? (["close_overdue"] as const) : []),
          ...(r.followup_overdue ? (["followup_overdue"] as const) : []),
          ...(r.idle_in_stage ? (["idle_in_stage"] as const) : []),
        ],
      })),
    },
  };
}
