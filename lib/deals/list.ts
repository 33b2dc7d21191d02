import "server-only";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "@/db/tables";
import { type CursorPosition, decodeCursor, encodeCursor, fingerprint, invalidCursor } from "@/lib/api/cursor";
import { type JsonText, jsonWithArray } from "@/lib/api/json-text";
import { type CallerRead, callerRead, type PendingCaller } from "@/lib/api/session";
import { executePrepared, PREPARED_PAGE_SIZES } from "@/lib/db-prepared";
import { dealSearchCondition } from "./search";
import { type Deal, type DealListQuery, type DealListResponse, type DealSort, dealListQuerySchema } from "./schema";
import { CLOSE_DATE_SORT_KEY, closeDateInRange, type DealCaller, type DealScope, dealScope, isDealId, tenantDeals, tenantWide } from "./scope";
import type { Stage } from "./stages";

/**
 * The deals list: filters, search, stable sorts, offset or keyset pagination, and a `total`
 * that stays cheap.
 *
 * Every sort ends with `id` as the tie-breaker and has a matching partial index
 * (`tenant_id, <sort expression>, id) where not is_deleted`), so a page is an index range scan.
 * Nullable sort columns (amount, expected_close_date) sort NULLS LAST in both directions by
 * sorting on `coalesce(col, +/-infinity)`; the indexes are on those same expressions, and the
 * keyset predicate stays a plain row comparison `(expr, id) > (value, id)`.
 *
 * `total`: with no filter or only `stage`, for a caller who sees every deal of the workspace, it is
 * the sum of `deal_stage_totals.deal_count` (kept by a trigger), never a count over the tenant's
 * deals; other filters, and reps limited to their own deals, count exactly.
 */

type Db = Kysely<Database>;

interface SortSpec {
  /** The ORDER BY expression for a direction (it must match an index expression exactly). */
  expr: (order: "asc" | "desc") => RawBuilder<unknown>;
  /** The expression the cursor stores (text, no precision lost). */
  key: (order: "asc" | "desc") => RawBuilder<string>;
  /** Turns a cursor's text value back into the sort expression's type. */
  cast: (value: string) => RawBuilder<unknown>;
  valid: (value: string) => boolean;
}

const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const isCalendarDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

const timestampSort = (column: "created_at" | "updated_at"): SortSpec => ({
  expr: () => sql.ref(`d.${column}`),
  key: () => sql<string>`to_char(${sql.ref(`d.${column}`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  cast: (v) => sql`cast(${v} as timestamptz)`,
  valid: (v) => TIMESTAMP_KEY.test(v) && !Number.isNaN(Date.parse(v)),
});

const SORTS: Record<DealSort, SortSpec> = {
  created_at: timestampSort("created_at"),
  updated_at: timestampSort("updated_at"),
  name: {
    expr: () => sql`d.name`,
    key: () => sql<string>`d.name`,
    cast: (v) => sql`cast(${v} as text)`,
    valid: (v) => v.length <= 1000,
  },
  amount: {
    expr: (o) => (o === "asc" ? sql`coalesce(d.amount, 'Infinity'::numeric)` : sql`coalesce(d.amount, '-Infinity'::numeric)`),
    key: (o) => sql<string>`(${SORTS.amount.expr(o)})::text`,
    cast: (v) => sql`cast(${v} as numeric)`,
    valid: (v) => /^(-?\d{1,20}(\.\d{1,6})?|-?Infinity)$/.test(v),
  },
  expected_close_date: {
    expr: (o) =>
      o === "asc" ? CLOSE_DATE_SORT_KEY : sql`coalesce(d.expected_close_date, '-infinity'::date)`,
    key: (o) => sql<string>`(${SORTS.expected_close_date.expr(o)})::text`,
    cast: (v) => sql`cast(${v} as date)`,
    valid: (v) => v === "infinity" || v === "-infinity" || isCalendarDate(v),
  },
  probability: {
    expr: () => sql`d.probability`,
    key: () => sql<string>`d.probability::text`,
    cast: (v) => sql`cast(${v} as integer)`,
    valid: (v) => /^-?\d{1,9}$/.test(v),
  },
  position: {
    expr: () => sql`d.position`,
    key: () => sql<string>`d.position`,
    cast: (v) => sql`cast(${v} as text) collate "C"`,
    valid: (v) => v.length <= 1000,
  },
};


/** The WHERE conditions of a list query (besides the tenant and visibility, which the scope adds). */
function filterConditions(query: DealListQuery, caller: DealScope): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [query.deleted ? sql`d.is_deleted` : sql`not d.is_deleted`];
  if (query.stage?.length) {
    where.push(query.stage.length === 1 ? sql`d.stage = ${query.stage[0]}` : sql`d.stage in (${sql.join(query.stage)})`);
  }
  if (query.search) {
    // Name, number, company, contacts and tags, folded, through the trigram index (./search.ts).
    where.push(dealSearchCondition(query.search, caller.tenantId));
  }
  const owner = query.assigned_member_id;
  if (owner === "none") where.push(sql`d.assigned_member_id is null`);
  else if (owner !== undefined) where.push(sql`d.assigned_member_id = ${owner === "me" ? caller.userId : owner}`);
  if (query.company_id) where.push(sql`d.company_id = ${query.company_id}`);
  if (query.currency) where.push(sql`d.currency = ${query.currency}`);
  if (query.contact_id) {
    where.push(sql`(d.contact_id = ${query.contact_id} or d.contact_ids @> array[${query.contact_id}]::text[])`);
  }
  if (query.pipeline_id) where.push(sql`d.pipeline_id = ${query.pipeline_id}`);
  if (query.tag) where.push(sql`d.tags @> array[${query.tag}]::text[]`);
  where.push(...closeDateInRange(query.expected_close_from, query.expected_close_to));
  return where;
}

/** Filters that change which rows a cursor walks over (the fingerprint a cursor is bound to). */
function cursorScope(query: DealListQuery) {
  return {
    sort: query.sort,
    order: query.order,
    deleted: query.deleted,
    stage: query.stage ? [...query.stage].sort() : undefined,
    search: query.search || undefined,
    assigned_member_id: query.assigned_member_id,
    company_id: query.company_id,
    contact_id: query.contact_id,
    currency: query.currency,
    pipeline_id: query.pipeline_id,
    tag: query.tag,
    expected_close_from: query.expected_close_from,
    expected_close_to: query.expected_close_to,
  };
}

/** True when `total` can come from deal_stage_totals: live deals, filtered by pipeline and stage at most. */
function totalsTableAnswers(query: DealListQuery): boolean {
  return (
    !query.deleted &&
    !query.search &&
    query.assigned_member_id === undefined &&
    !query.company_id &&
    !query.contact_id &&
    !query.currency &&
    !query.tag &&
    !query.expected_close_from &&
    !query.expected_close_to
  );
}

/**
 * Whether a list page runs as a prepared statement (lib/db-prepared.ts): the common pages only,
 * where the plan is the same whatever the values — no filter but at most one stage, a first or
 * cursor page, a page size from `PREPARED_PAGE_SIZES`. Planning the page's four-table join cost
 * 1.7 ms of the 2.9 ms the statement took unprepared (docs/benchmarks.md#prepared-statements).
 * Searches, other filters and offset pages are planned per request, as their best plan depends
 * on the values (a LIKE pattern, one owner's share of the deals, the offset).
 */
function runsPrepared(query: DealListQuery, page: { offsetPage: boolean }): boolean {
  return totalsTableAnswers(query) && !query.pipeline_id && (query.stage?.length ?? 0) <= 1 && !page.offsetPage && PREPARED_PAGE_SIZES.has(query.limit);
}

/** `total` from the trigger-kept totals: a sum over at most 16 shard rows per pipeline, stage and currency. */
function storedTotal(db: Db, caller: DealScope, query: DealListQuery) {
  let totals = tenantWide(db, caller.tenantId)
    .stageTotals()
    .select(sql<number>`coalesce(sum(deal_count), 0)::bigint`.as("n"));
  if (query.pipeline_id) totals = totals.where("pipeline_id", "=", query.pipeline_id);
  if (query.stage?.length) totals = totals.where("stage", "in", query.stage);
  return totals;
}

/** The exact count of a list's matches, or the stored total when that answers (see `totalsTableAnswers`). */
async function countDeals(db: Db, scope: DealScope, query: DealListQuery): Promise<number> {
  if (scope.seesAllDeals === true && totalsTableAnswers(query)) return Number((await storedTotal(db, scope, query).executeTakeFirstOrThrow()).n);
  const where = filterConditions(query, scope);
  const row = await tenantDeals(db, scope)
    .rows()
    .select(sql<number>`count(*)::bigint`.as("n"))
    .where(sql<boolean>`${sql.join(where, sql` and `)}`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A list page's rows: each deal as JSON text, its sort key for the cursor, and the stored total when it rides along. */
type PageRow = { id: string; deal_json: string; sort_key: string; total?: number | string };

/**
 * The page statement (page + 1 rows) for `query`, scoped to `who`: a cursor page after
 * `position.after`, an offset page, or the first page.
 */
function buildPage(db: Db, query: DealListQuery, position: { after?: CursorPosition; offset: number; prepared: boolean }, who: DealScope) {
  const { after, offset, prepared } = position;
  const sort = SORTS[query.sort];
  const order = query.order;
  const where = filterConditions(query, who);
  const expr = sort.expr(order);
  const filtered = sql<boolean>`${sql.join(where, sql` and `)}`;
  let items = tenantDeals(db, who).readJson().select(sort.key(order).as("sort_key"));
  if (!after && offset > 0) {
    // Offset pages pick their ids from the sort index alone (an index-only scan of the skipped
    // rows), then join names for just this page: joining every skipped row made offset 90,000
    // cost 501 ms, this 31 ms (docs/benchmarks.md#offset-ids-first). The cursor is still the way to
    // page deep; this keeps offset tolerable.
    const pageIds = tenantDeals(db, who)
      .rows()
      .select("d.id")
      .where(filtered)
      .orderBy(sql`${expr} ${sql.raw(order)}`)
      .orderBy("d.id", order)
      .limit(query.limit + 1)
      .offset(offset);
    items = items.where("d.id", "in", pageIds);
  } else {
    items = items.where(filtered);
    if (after) {
      const compare = order === "asc" ? sql`>` : sql`<`;
      items = items.where(sql<boolean>`(${expr}, d.id) ${compare} (${sort.cast(after.value)}, ${after.id})`);
    }
  }
  items = items
    .orderBy(sql`${expr} ${sql.raw(order)}`)
    .orderBy("d.id", order)
    // A prepared page carries its page size in the text (see executePrepared).
    .limit(prepared ? sql.lit(query.limit + 1) : query.limit + 1);
  // With no filter but the stage, `total` comes from the stored totals and rides along with the
  // page (an InitPlan evaluated once): one statement per request. It counts every deal of the
  // workspace: a caller limited to their own deals gets an exact count instead (`storedTotalOf`).
  return totalsTableAnswers(query) && who.seesAllDeals !== false ? items.select(storedTotal(db, who, query).as("total")) : items;
}

/** A list query with every filter unset and the defaults for the rest. */
const UNFILTERED: DealListQuery = dealListQuerySchema.parse({});

/** The fixed statements of the prepared page shapes (see `fixedPage`), by shape. */
const fixedPages = new Map<string, CallerRead<string[], PageRow>>();

/**
 * The fixed statement (lib/db-template.ts) of a prepared page, with the caller lookup beside
 * it, and its arguments. A prepared page's text depends only on its shape: the sort and order,
 * the page size, whether one stage is filtered and whether it follows a cursor. The stage and the
 * cursor's position are its arguments. Building and compiling the page for every request was
 * most of Kysely's share of a list request's CPU (docs/benchmarks.md#statements-compiled-once). There are at
 * most 7 sorts × 2 orders × 6 page sizes × 2 × 2 shapes, each built once per database.
 */
function fixedPage(query: DealListQuery, after: CursorPosition | undefined): { statement: CallerRead<string[], PageRow>; args: string[] } {
  const { sort, order, limit } = query;
  const stage = query.stage?.[0];
  const byStage = stage !== undefined;
  const byCursor = after !== undefined;
  const key = `${sort} ${order} ${limit} ${byStage ? "stage" : "all"} ${byCursor ? "cursor" : "first"}`;
  let statement = fixedPages.get(key);
  if (!statement) {
    // Built from the shape alone. The arguments: the stage if one is filtered, then the cursor's value and id if there is one.
    statement = callerRead((db, who, ...args: string[]) => {
      const [stageArg, value, id] = byStage ? args : [undefined, ...args];
      const shape: DealListQuery = { ...UNFILTERED, sort, order, limit, stage: byStage ? [stageArg as Stage] : undefined };
      const position = byCursor ? { value: value!, id: id!, offset: 0 } : undefined;
      return buildPage(db, shape, { after: position, offset: 0, prepared: true }, who);
    }, { keysBeside: false });
    fixedPages.set(key, statement);
  }
  return { statement, args: [...(byStage ? [stage] : []), ...(byCursor ? [after.value, after.id] : [])] };
}

/** A list request's page statement (page + 1 rows) and how to turn its rows into the response. */
function planList(db: Db, query: DealListQuery) {
  const sort = SORTS[query.sort];
  const scopeFingerprint = fingerprint(cursorScope(query));

  let after: CursorPosition | undefined;
  let offset = query.offset;
  if (query.cursor) {
    if (query.offset > 0) throw invalidCursor("Send either cursor or offset, not both.");
    after = decodeCursor(query.cursor, scopeFingerprint, sort.valid);
    if (!isDealId(after.id)) throw invalidCursor("The cursor is malformed. Use next_cursor from a previous response as is.");
    offset = after.offset;
  }
  const prepared = runsPrepared(query, { offsetPage: !after && offset > 0 });
  const storedTotalAnswers = totalsTableAnswers(query);

  const page = (who: DealScope) => buildPage(db, query, { after, offset, prepared }, who);
  const fixed = prepared ? fixedPage(query, after) : undefined;

  // The deals arrive as JSON text (`readJson`) and are passed through as is.
  const respond = (rows: readonly PageRow[], total: number): ListResponse => {
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const next_cursor =
      rows.length > query.limit && last
        ? encodeCursor({ value: last.sort_key, id: last.id, offset: offset + query.limit }, scopeFingerprint)
        : null;
    return jsonWithArray(
      "items",
      items.map((row) => row.deal_json),
      { total, limit: query.limit, offset, next_cursor },
    );
  };

  /**
   * `total` from a page that carried the stored total, or from the stored totals when the page is
   * empty; an exact count for a caller limited to their own deals (the stored totals count all).
   */
  const storedTotalOf = async (rows: readonly object[], caller: DealCaller) => {
    const scope = dealScope(caller);
    if (scope.seesAllDeals && rows[0]) return Number((rows[0] as { total: number | string }).total);
    return countDeals(db, scope, query);
  };

  return { page, fixed, respond, prepared, storedTotalAnswers, storedTotalOf };
}

/** A list page as JSON text (`{ items, total, limit, offset, next_cursor }`). */
type ListResponse = JsonText<DealListResponse>;

export async function listDeals(db: Db, caller: DealCaller, query: DealListQuery): Promise<ListResponse> {
  return runList(db, planList(db, query), caller, query);
}

async function runList(db: Db, list: ReturnType<typeof planList>, caller: DealCaller, query: DealListQuery): Promise<ListResponse> {
  const scope = dealScope(caller);
  const items = list.page(scope);
  if (list.storedTotalAnswers && scope.seesAllDeals) {
    const rows = list.prepared ? await executePrepared(db, items) : await items.execute();
    return list.respond(rows, await list.storedTotalOf(rows, caller));
  }
  // An exact count scans the matches, so it runs concurrently on its own connection.
  const [rows, total] = await Promise.all([list.prepared ? executePrepared(db, items) : items.execute(), countDeals(db, scope, query)]);
  return list.respond(rows, total);
}

/**
 * `listDeals` for a request whose caller is not resolved yet. A page that is one statement (no
 * filter but the stage) resolves the caller in that statement too, one round trip instead of
 * two (lib/api/session.ts readAsCaller); a page that needs an exact count resolves it first.
 */
export async function listDealsAs(db: Db, auth: PendingCaller, query: DealListQuery): Promise<ListResponse> {
  const list = planList(db, query);
  if (!list.storedTotalAnswers) return runList(db, list, await auth.resolve(), query);
  const { caller, rows } = list.fixed
    ? await auth.readFixed(db, list.fixed.statement, ...list.fixed.args)
    : await auth.read(db, (who) => list.page(who), { prepared: list.prepared });
  return list.respond(rows, await list.storedTotalOf(rows, caller));
}

/**
 * Every deal a list query matches, in the list's order, `pageSize` at a time along the keyset
 * (the query's own cursor, offset and limit are ignored; no total is counted): what the CSV
 * export streams. Each page is one indexed range read after the previous page's last row.
 */
export async function* allDealPages(db: Db, caller: DealCaller, query: DealListQuery, pageSize = 500): AsyncGenerator<Deal[]> {
  const scope = dealScope(caller);
  const pageQuery: DealListQuery = { ...query, limit: pageSize, offset: 0, cursor: undefined };
  let after: CursorPosition | undefined;
  for (;;) {
    const rows: PageRow[] = await buildPage(db, pageQuery, { after, offset: 0, prepared: false }, scope).execute();
    const items = rows.slice(0, pageSize);
    if (items.length) yield items.map((row) => JSON.parse(row.deal_json) as Deal);
    if (rows.length <= pageSize) return;
    const last = items[items.length - 1];
    after = { value: last.sort_key, id: last.id, offset: 0 };
  }
}
