import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import type { Database } from "@/db/tables";
import type { Caller } from "@/lib/api/session";
import { idPattern } from "@/lib/ids";
import { seesAllDeals } from "@/lib/permissions";
import { dealJsonColumn, ownerNameColumn, STORED_DEAL_SELECTION } from "./serialize";

/**
 * Which deals a query may touch, in one place: the caller's tenant, and within it the deals the
 * caller may see (the workspace's deal visibility, lib/permissions.ts). Every query on deals and
 * their activities starts from one of these builders, so none can forget either filter; a deal of
 * another tenant, or one the caller may not see, is then indistinguishable from a missing one.
 */

/**
 * The tenant a query is scoped to: the caller's tenant id, or a reference to it in the same
 * statement (the caller lookup's column, `readAsCaller` in lib/api/session.ts).
 */
export type TenantRef = string | Expression<string>;

/** Who a deals query answers: their tenant and user, and whether they see every deal of it. */
export interface DealScope {
  tenantId: TenantRef;
  userId: TenantRef;
  /** `seesAllDeals` of lib/permissions.ts, as a value or as the caller lookup's column. */
  seesAllDeals: boolean | Expression<boolean>;
}

/** The scope of a resolved caller. */
export function dealScope(caller: Pick<Caller, "tenantId" | "userId" | "isManager" | "dealVisibility">): DealScope {
  return { tenantId: caller.tenantId, userId: caller.userId, seesAllDeals: seesAllDeals(caller) };
}

/** The visibility condition on deals aliased `d`, or null when the caller sees every deal. */
export function visibilityCondition(scope: DealScope): RawBuilder<SqlBool> | null {
  if (scope.seesAllDeals === true) return null;
  if (scope.seesAllDeals === false) return sql<SqlBool>`d.assigned_member_id = ${scope.userId}`;
  return sql<SqlBool>`(${scope.seesAllDeals} or d.assigned_member_id = ${scope.userId})`;
}

/** Deals (alias `d`) of the scope's tenant that its caller may see, no columns selected yet. */
function visibleDealRows(db: Kysely<Database>, scope: DealScope) {
  const rows = db.selectFrom("deals as d").where("d.tenant_id", "=", scope.tenantId);
  const visible = visibilityCondition(scope);
  return visible ? rows.where(visible) : rows;
}

export function tenantDeals(db: Kysely<Database>, scope: DealScope) {
  return {
    /**
     * Deals as the wire shows them for `toDeal`: the stored JSON with the owner's name put in (one
     * text column, not 50 to decode and build the deal from), and the version for the ETag.
     */
    read: () => visibleDealRows(db, scope).select(STORED_DEAL_SELECTION),
    /** The same JSON with the deals' ids, for list pages that send it as is. */
    readJson: () => visibleDealRows(db, scope).select(["d.id", dealJsonColumn]),
    /** A board card's columns only (no `audit_log`, custom fields or id arrays), names included. */
    cards: () =>
      visibleDealRows(db, scope).select([
        "d.id",
        "d.deal_number",
        "d.name",
        "d.amount",
        "d.currency",
        "d.stage",
        "d.probability",
        "d.company_id",
        "d.company_name",
        "d.contact_id",
        "d.contact_name",
        "d.assigned_member_id",
        ownerNameColumn,
        "d.expected_close_date",
        "d.next_followup_date",
        "d.lost_reason",
        "d.loss_category",
        "d.position",
        "d.stage_entered_at",
        "d.updated_at",
        "d.version",
      ]),
    /** Raw deal rows (alias `d`), e.g. for counts. */
    rows: () => visibleDealRows(db, scope),
  };
}

/**
 * Every deal of a tenant, whoever asks. Only for work that is about the tenant's data as a whole
 * and answers nothing about the deals it reads: a card's rank among all cards of its column, a
 * write to a row already locked through `tenantDeals`, the timeline of a deal already found there.
 */
export function tenantWide(db: Kysely<Database>, tenantId: TenantRef) {
  return {
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
 * the range (a plain close-date index cost every write an index entry for that alone). A deal
 * without a date is in no range: it sorts as `infinity`, which `to` excludes and, without `to`,
 * the upper bound does.
 */
export function closeDateInRange(from: string | undefined, to: string | undefined): RawBuilder<SqlBool>[] {
  if (from === undefined && to === undefined) return [];
  return [
    ...(from !== undefined ? [sql<SqlBool>`${CLOSE_DATE_SORT_KEY} >= ${from}::date`] : []),
    to !== undefined ? sql<SqlBool>`${CLOSE_DATE_SORT_KEY} <= ${to}::date` : sql<SqlBool>`${CLOSE_DATE_SORT_KEY} < 'infinity'::date`,
  ];
}
