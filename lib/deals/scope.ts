import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import type { Database } from "@/db/tables";
import { callerRefsOf } from "@/lib/api/caller-refs";
import type { Caller } from "@/lib/api/session";
import { idPattern } from "@/lib/ids";

/**
 * Which deals a query may touch, and what it selects of them, in one place: the caller's tenant,
 * and within it the deals the caller may see (the workspace's deal visibility,
 * lib/permissions.ts). Every query on deals, their activities and their totals starts from one of
 * these builders (or, in raw SQL, from `liveTenantDeals`), so none can forget either filter; a deal
 * of another tenant, or one the caller may not see, is then indistinguishable from a missing one.
 */

/**
 * The owner's display name, looked up by primary key on every read of a relation aliased `d`
 * with the deals columns (a table read or an `update … returning`). Not stored on the deal: a
 * member may own a third of the tenant's deals, and a rename would rewrite and lock every one of
 * them (docs/benchmarks.md#stored-deal-json). Plain SQL text, so the benchmark's floors run the same.
 */
export const OWNER_NAME_SQL = `(select u.name from "user" u where u.id = d.assigned_member_id)`;

/**
 * A deal as the API's JSON text: the stored head and tail (written by the deal's trigger on every
 * write: `Deal`'s keys in order, the wire's values) with the owner's name between them. A list
 * page of 50 deals is then 50 strings for the server to join: not 50 rows of 50 columns to decode
 * and stringify again (docs/benchmarks.md#json-text-bodies), nor 50 deals for PostgreSQL to join and write as JSON on every
 * request (#stored-deal-json); a single deal is one string to parse (#stored-deal-json). serialize.api.test.ts
 * checks that it parses to exactly the deal its columns make, on both drivers. Plain SQL text, so
 * the floors run the same expression.
 */
export const DEAL_JSON_SQL = `d.wire_head || ',"assigned_member_name":' || coalesce(to_json(${OWNER_NAME_SQL})::text, 'null') || ',' || d.wire_tail`;

/** The owner's name as a selection, also for a select from a write's `returning` aliased `d`. */
export const ownerNameColumn = sql<string | null>`${sql.raw(OWNER_NAME_SQL)}`.as("assigned_member_name");
/** `DEAL_JSON_SQL` as a selection: from the table aliased `d`, or from a write's `returning DEAL_RETURNING_COLUMNS` aliased `d`. */
const dealJsonColumn = sql<string>`${sql.raw(DEAL_JSON_SQL)}`.as("deal_json");
/** A `StoredDeal`'s selection from the table or a write's `returning DEAL_RETURNING_COLUMNS`, both aliased `d`. */
export const STORED_DEAL_SELECTION = [dealJsonColumn, "d.version"] as const;

/**
 * What a write of a deal returns for `dealJsonColumn` to be selected from it: the JSON its trigger
 * has just rebuilt (a BEFORE trigger, so `returning` sees it) and the owner to look the name up by.
 */
export const DEAL_RETURNING_COLUMNS = ["wire_head", "wire_tail", "assigned_member_id", "version"] as const;

/** The caller as the deals services need it: their tenant and user, their role and the workspace's deal visibility. */
export type DealCaller = Pick<Caller, "tenantId" | "userId" | "isManager" | "dealVisibility"> & Partial<Pick<Caller, "appId" | "appScope" | "apiKey">>;

/**
 * The tenant a query is scoped to: the caller's tenant id, or a reference to it in the same
 * statement (the caller lookup's column, `readAsCaller` in lib/api/session.ts).
 */
type TenantRef = string | Expression<string>;

/** Who a deals query answers: their tenant and user, and whether they see every deal of it. */
export interface DealScope {
  tenantId: TenantRef;
  userId: TenantRef;
  /** `seesAllDeals` of lib/permissions.ts, as a value or as the caller lookup's column. */
  seesAllDeals: boolean | Expression<boolean>;
  /**
   * An application-scoped API key's application: it sees only the deals stamped with it (and
   * `seesAllDeals` is false). Beside a key's lookup it is the lookup's column, null for a
   * workspace-wide key.
   */
  appScope?: string | null | Expression<string | null>;
}

/** The scope of a resolved caller (lib/api/session.ts `callerRefsOf`, the shape a lookup's columns have too). */
export const dealScope = (caller: DealCaller): DealScope => callerRefsOf(caller);

/** The visibility condition on deals aliased `d`, or null when the caller sees every deal. */
export function visibilityCondition(scope: DealScope): RawBuilder<SqlBool> | null {
  if (typeof scope.appScope === "string") return sql<SqlBool>`d.app_id = ${scope.appScope}`;
  if (scope.appScope) {
    // Beside a key's lookup: its application's deals, or what its visibility allows when it has none.
    return sql<SqlBool>`(${scope.appScope} is null and (${scope.seesAllDeals} or d.assigned_member_id = ${scope.userId}) or d.app_id = ${scope.appScope})`;
  }
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
        "d.next_task_id",
        "d.next_task_due",
        "d.next_task_all_day",
        "d.next_task_title",
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
    /** The trigger-kept totals per stage and currency of every live deal (answers only a caller who sees every deal). */
    stageTotals: () => db.selectFrom("deal_stage_totals").where("deal_stage_totals.tenant_id", "=", tenantId),
    /** Activities with the author's display name. */
    activities: () =>
      db
        .selectFrom("deal_activities as a")
        .leftJoin("user as au", "au.id", "a.created_by")
        .where("a.tenant_id", "=", tenantId),
  };
}

/**
 * `tenantWide`'s condition for raw SQL on deals aliased `d`: the tenant's live (not deleted)
 * deals, whoever asks. For reports over the whole workspace, which only managers see.
 */
export function liveTenantDeals(tenantId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`d.tenant_id = ${tenantId} and not d.is_deleted`;
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
