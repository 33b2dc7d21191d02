import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import type { Database } from "@/db/tables";
import { idPattern } from "@/lib/ids";
import { selectDeals, selectDealsJson } from "./serialize";

/**
 * The tenant filter for everything the deals service touches, in one place: every query on
 * deals and their activities starts from one of these builders, so none can forget the tenant.
 * Another tenant's deal is then indistinguishable from a missing one.
 */
/**
 * The tenant a query is scoped to: the caller's tenant id, or a reference to it in the same
 * statement (the caller lookup's column, `readAsCaller` in lib/api/session.ts).
 */
export type TenantRef = string | Expression<string>;

export function tenantDeals(db: Kysely<Database>, tenantId: TenantRef) {
  return {
    /** Deals as the wire shows them, one `deal_json` each (for `toDeal`). */
    read: () => selectDeals(db, tenantId),
    /** The same with their ids, for list pages that send the JSON as is. */
    readJson: () => selectDealsJson(db, tenantId),
    /** Raw deal rows (alias `d`), e.g. for ranks and counts. */
    rows: () => db.selectFrom("deals as d").where("d.tenant_id", "=", tenantId),
    update: () => db.updateTable("deals").where("deals.tenant_id", "=", tenantId),
    /** Activities with the author's display name. */
    activities: () =>
      db
        .selectFrom("deal_activities as a")
        .leftJoin("user as au", "au.id", "a.created_by")
        .where("a.tenant_id", "=", tenantId),
  };
}

/** A syntactically valid deal id; anything else is simply not found. */
export const isDealId = (id: string): boolean => idPattern("deal").test(id);

/** The expression `deals_live_close_asc_idx` indexes: a deal without an expected close date sorts as `infinity`. */
export const CLOSE_DATE_SORT_KEY = sql<string>`coalesce(d.expected_close_date, 'infinity'::date)`;

/**
 * Deals (alias `d`) expected to close within `[from, to]`, either bound optional, written on the
 * expression of `deals_live_close_asc_idx` so that the index of the close-date sort also serves
 * the range (finding 27 in docs/benchmarks.md: a plain close-date index cost every write an
 * index entry for that alone). A deal without a date is in no range: it sorts as `infinity`,
 * which `to` excludes and, without `to`, the upper bound does.
 */
export function closeDateInRange(from: string | undefined, to: string | undefined): RawBuilder<SqlBool>[] {
  if (from === undefined && to === undefined) return [];
  return [
    ...(from !== undefined ? [sql<SqlBool>`${CLOSE_DATE_SORT_KEY} >= ${from}::date`] : []),
    to !== undefined ? sql<SqlBool>`${CLOSE_DATE_SORT_KEY} <= ${to}::date` : sql<SqlBool>`${CLOSE_DATE_SORT_KEY} < 'infinity'::date`,
  ];
}
