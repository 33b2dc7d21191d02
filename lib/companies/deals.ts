import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/db/tables";
import { notFound } from "@/lib/api/errors";
import { toActivity } from "@/lib/deals/activities";
import { type DealCaller, dealScope, tenantDeals, tenantWide } from "@/lib/deals/scope";
import { idPattern } from "@/lib/ids";
import type { CompanyActivity, CompanyActivityList, CompanyDealSummary } from "./schema";

/**
 * A company's deals as its record page shows them: their figures and one timeline merging their
 * activities. Both read only the deals the caller can see (`tenantDeals`, so the workspace's deal
 * visibility applies as everywhere else), and only for a live company of the caller's tenant:
 * another tenant's company, one in the trash and a malformed id are the same 404.
 */

type Db = Kysely<Database>;

async function requireLiveCompany(db: Db, tenantId: string, id: string): Promise<void> {
  if (!idPattern("company").test(id)) throw notFound("Company");
  const row = await db
    .selectFrom("companies")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("is_deleted", "=", false)
    .executeTakeFirst();
  if (!row) throw notFound("Company");
}

/** The company's live deals the caller can see (alias `d`). */
const companyDeals = (db: Db, caller: DealCaller, companyId: string) =>
  tenantDeals(db, dealScope(caller)).rows().where("d.company_id", "=", companyId).where("d.is_deleted", "=", false);

const OPEN = sql<boolean>`d.stage not in ('closed_won', 'closed_lost')`;

export async function companyDealSummary(db: Db, caller: DealCaller, companyId: string): Promise<CompanyDealSummary> {
  await requireLiveCompany(db, caller.tenantId, companyId);
  const [counts, totals] = await Promise.all([
    companyDeals(db, caller, companyId)
      .select([
        sql<number>`count(*)::int`.as("deal_count"),
        sql<number>`(count(*) filter (where ${OPEN}))::int`.as("open_deal_count"),
        sql<number>`(count(*) filter (where d.stage = 'closed_won'))::int`.as("won_deal_count"),
        sql<number>`(count(*) filter (where d.stage = 'closed_lost'))::int`.as("lost_deal_count"),
      ])
      .executeTakeFirstOrThrow(),
    companyDeals(db, caller, companyId)
      .where(OPEN)
      .select(["d.currency", sql<string>`coalesce(sum(d.amount), 0)::text`.as("amount"), sql<number>`count(*)::int`.as("count")])
      .groupBy("d.currency")
      .orderBy(sql`count(*)`, "desc")
      .orderBy("d.currency")
      .execute(),
  ]);
  return {
    deal_count: Number(counts.deal_count),
    open_deal_count: Number(counts.open_deal_count),
    won_deal_count: Number(counts.won_deal_count),
    lost_deal_count: Number(counts.lost_deal_count),
    open_totals: totals.map((t) => ({ currency: t.currency, amount: Number(t.amount), count: Number(t.count) })),
  };
}

/** `{ activities, total }` of the company's deals, newest first (created_at, then id), each naming its deal. */
export async function listCompanyActivities(db: Db, caller: DealCaller, companyId: string, query: { page: number; limit: number }): Promise<CompanyActivityList> {
  await requireLiveCompany(db, caller.tenantId, companyId);
  const dealIds = companyDeals(db, caller, companyId).select("d.id");
  const activities = () =>
    tenantWide(db, caller.tenantId)
      .activities()
      .innerJoin("deals as ad", (j) => j.onRef("ad.id", "=", "a.deal_id").onRef("ad.tenant_id", "=", "a.tenant_id"))
      .where("a.deal_id", "in", dealIds);
  const [rows, count] = await Promise.all([
    activities()
      .selectAll("a")
      .select(["au.name as created_by_name", "ad.name as deal_name", "ad.deal_number as deal_number", "ad.currency as deal_currency"])
      .orderBy("a.created_at", "desc")
      .orderBy("a.id", "desc")
      .limit(query.limit)
      .offset((query.page - 1) * query.limit)
      .execute(),
    activities().select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    activities: rows.map((row): CompanyActivity => {
      // The deal's fields stand right after deal_id, as the wire format lists them.
      const { id, tenant_id, deal_id, ...rest } = toActivity(row);
      return { id, tenant_id, deal_id, deal_name: row.deal_name, deal_number: row.deal_number, deal_currency: row.deal_currency, ...rest };
    }),
    total: Number(count.n),
  };
}
