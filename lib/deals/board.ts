import "server-only";
import { type Kysely, type SqlBool, sql } from "kysely";
import { z } from "zod";
import type { Database } from "@/db/tables";
import { AppError, notFound } from "@/lib/api/errors";
import { findStage } from "@/lib/pipelines/model";
import { findPipeline } from "@/lib/pipelines/service";
import { singleQueryValue } from "@/lib/api/validation";
import type { Caller } from "@/lib/api/session";
import { type BoardColumn, type BoardData, type CurrencyTotal, sortTotals } from "./board-math";
import { dealListQuerySchema, stageSchema } from "./schema";
import { closeDateInRange, type DealScope, dealScope, isDealId, tenantDeals, tenantWide, visibilityCondition } from "./scope";
import { dealSearchCondition } from "./search";
import { type DealCardRow, toDealCard } from "./serialize";
import type { Stage } from "./stages";

/**
 * The board read model of one pipeline (the default one unless `pipeline_id` names another): per stage, the first page of cards in board order plus the
 * column's count and per-currency totals computed in SQL. Never loads a whole tenant's deals:
 * cards come page by page from `deals_live_pipeline_board_idx`, and unfiltered totals come from the
 * trigger-maintained `deal_stage_totals` table (no scan at all) when the caller sees every deal;
 * a rep limited to their own deals gets the totals of their deals, counted over those. A card is
 * a `DealCard`, not the full deal: only its columns are read (no `audit_log`, `custom_fields` or
 * id lists).
 */

const BOARD_PAGE_DEFAULT = 50;
const BOARD_PAGE_MAX = 200;

const single = singleQueryValue;

export const boardQuerySchema = dealListQuerySchema
  .pick({ search: true, assigned_member_id: true, expected_close_from: true, expected_close_to: true })
  .extend({
    pipeline_id: single(z.string().max(64)).optional().meta({ description: "The pipeline to show; default: the workspace's default pipeline." }),
    stage: single(stageSchema).optional().meta({ description: "Only this column (use with `cursor` to load more)." }),
    cursor: single(z.string().min(1).max(500)).optional().meta({ description: "The column's `next_cursor`; requires `stage`." }),
    per_stage: single(z.coerce.number().int().min(1).max(BOARD_PAGE_MAX))
      .optional()
      .default(BOARD_PAGE_DEFAULT)
      .meta({ description: `Cards per column page, default ${BOARD_PAGE_DEFAULT}, at most ${BOARD_PAGE_MAX}.` }),
  })
  .superRefine((q, ctx) => {
    if (q.cursor && !q.stage) ctx.addIssue({ code: "custom", path: ["cursor"], message: "A cursor belongs to one column: send `stage` with it." });
    if (q.expected_close_from && q.expected_close_to && q.expected_close_from > q.expected_close_to) {
      ctx.addIssue({ code: "custom", path: ["expected_close_to"], message: "Must be on or after expected_close_from." });
    }
  })
  .meta({ id: "BoardQuery" });
type BoardQuery = z.infer<typeof boardQuerySchema>;

// ---------- cursors ----------

/** Opaque keyset cursor over (position, id) within one column. */
function encodeBoardCursor(position: string, id: string): string {
  return Buffer.from(JSON.stringify([position, id])).toString("base64url");
}

function decodeBoardCursor(cursor: string): { position: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    // Ranks are base-62 keys (lib/deals/rank.ts) and ids ULIDs: anything else never came from us.
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string" && /^[0-9A-Za-z]{1,200}$/.test(value[0]) && isDealId(value[1])) {
      return { position: value[0], id: value[1] };
    }
  } catch {
    // fall through to the 400 below
  }
  throw new AppError(400, "invalid_cursor", "The cursor is not valid; use a `next_cursor` from a board response.", {
    errors: [{ field: "query.cursor", code: "invalid_cursor", message: "Not a cursor this endpoint issued." }],
  });
}

// ---------- filters ----------

interface ResolvedFilters {
  search?: string;
  owner?: string | null;
  from?: string;
  to?: string;
}

function resolveFilters(caller: Caller, query: BoardQuery): ResolvedFilters {
  const owner = query.assigned_member_id;
  return {
    search: query.search ? query.search : undefined,
    owner: owner === undefined ? undefined : owner === "me" ? caller.userId : owner === "none" ? null : owner,
    from: query.expected_close_from,
    to: query.expected_close_to,
  };
}

const hasFilters = (f: ResolvedFilters) => f.search !== undefined || f.owner !== undefined || f.from !== undefined || f.to !== undefined;

// The filter predicates, written once against the `deals` alias `d` for both cards and totals.
// Search matches the folded name, number, company, contacts and tags as the deals list's does
// (./search.ts): from three characters, the matching ids come first from the trigram index, once
// for the whole board, rather than each column's walk down its rank index filtering text.
function filterSql(f: ResolvedFilters, tenantId: DealScope["tenantId"]) {
  const parts = [sql`true`];
  if (f.search !== undefined) parts.push(dealSearchCondition(f.search, tenantId));
  if (f.owner === null) parts.push(sql`d.assigned_member_id is null`);
  else if (f.owner !== undefined) parts.push(sql`d.assigned_member_id = ${f.owner}`);
  parts.push(...closeDateInRange(f.from, f.to));
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

// ---------- the read ----------

interface TotalsRow {
  stage: string;
  currency: string;
  deal_count: number | string;
  amount_sum: number | string;
  weighted_sum: number | string;
}

async function columnTotals(db: Kysely<Database>, scope: DealScope, f: ResolvedFilters, pipelineId: string, stages: Stage[]): Promise<Map<string, CurrencyTotal[]>> {
  let rows: TotalsRow[];
  if (!hasFilters(f) && !visibilityCondition(scope)) {
    rows = await tenantWide(db, scope.tenantId)
      .stageTotals()
      .select(["stage", "currency", "deal_count", "amount_sum", "weighted_sum"])
      .where("pipeline_id", "=", pipelineId)
      .where("stage", "in", stages)
      .where("deal_count", ">", 0)
      .execute();
  } else {
    rows = await tenantDeals(db, scope)
      .rows()
      .select([
        "d.stage",
        "d.currency",
        sql<number>`count(*)`.as("deal_count"),
        sql<number>`coalesce(sum(d.amount), 0)`.as("amount_sum"),
        sql<number>`coalesce(sum(coalesce(d.amount, 0) * d.probability / 100.0), 0)`.as("weighted_sum"),
      ])
      .where("d.is_deleted", "=", false)
      .where("d.pipeline_id", "=", pipelineId)
      .where("d.stage", "in", stages)
      .where(filterSql(f, scope.tenantId))
      .groupBy(["d.stage", "d.currency"])
      .execute();
  }
  const byStage = new Map<string, CurrencyTotal[]>();
  for (const r of rows) {
    const list = byStage.get(r.stage) ?? [];
    list.push({
      currency: r.currency.trim(),
      count: Number(r.deal_count),
      amount: Math.round(Number(r.amount_sum) * 100) / 100,
      weighted: Math.round(Number(r.weighted_sum) * 10_000) / 10_000,
    });
    byStage.set(r.stage, list);
  }
  return byStage;
}

/**
 * Every requested column's page in one statement: a lateral index range scan of
 * `deals_live_pipeline_board_idx` per stage. One round trip and one pooled connection per board, where a
 * query per column took seven of the pool's ten connections at once.
 */
async function columnPages(
  db: Kysely<Database>,
  scope: DealScope,
  f: ResolvedFilters,
  pipelineId: string,
  stages: Stage[],
  limit: number,
  after?: { position: string; id: string },
): Promise<Map<Stage, Pick<BoardColumn, "items" | "next_cursor">>> {
  let cards = tenantDeals(db, scope)
    .cards()
    .where("d.pipeline_id", "=", pipelineId)
    .where(sql<boolean>`d.stage = s.stage`)
    .where("d.is_deleted", "=", false)
    .where(filterSql(f, scope.tenantId));
  if (after) cards = cards.where(sql<boolean>`(d.position, d.id) > (${after.position}, ${after.id})`);
  cards = cards.orderBy("d.position").orderBy("d.id").limit(limit + 1);
  const { rows } = await sql<DealCardRow>`
    select c.* from unnest(cast(${stages} as text[])) with ordinality as s(stage, ord)
    cross join lateral (${cards}) as c
    order by s.ord, c.position, c.id`.execute(db);
  const byStage = new Map<Stage, DealCardRow[]>(stages.map((stage) => [stage, []]));
  for (const row of rows) byStage.get(row.stage as Stage)?.push(row);
  return new Map(
    stages.map((stage) => {
      const column = byStage.get(stage) ?? [];
      const page = column.slice(0, limit);
      const last = page[page.length - 1];
      return [stage, { items: page.map(toDealCard), next_cursor: column.length > limit && last ? encodeBoardCursor(last.position, last.id) : null }];
    }),
  );
}

/**
 * The board of one of the caller's tenant's pipelines (404 for a pipeline it does not have). With
 * `stage`, only that column (and with `cursor`, its next page); otherwise every column in the
 * pipeline's stage order.
 */
export async function getBoard(db: Kysely<Database>, caller: Caller, query: BoardQuery): Promise<BoardData> {
  const f = resolveFilters(caller, query);
  const pipeline = await findPipeline(db, caller.tenantId, query.pipeline_id);
  if (!pipeline) throw notFound("Pipeline");
  if (query.stage && !findStage(pipeline.stages, query.stage)) {
    const allowed = pipeline.stages.map((s) => s.id);
    const message = `"${query.stage}" is not a stage of this pipeline. Allowed: ${allowed.join(", ")}.`;
    throw new AppError(422, "unknown_stage", message, { errors: [{ field: "query.stage", code: "unknown_stage", message }], allowed });
  }
  const stages: Stage[] = query.stage ? [query.stage] : pipeline.stages.map((s) => s.id);
  const after = query.cursor ? decodeBoardCursor(query.cursor) : undefined;
  const [totals, pages] = await Promise.all([
    columnTotals(db, dealScope(caller), f, pipeline.id, stages),
    columnPages(db, dealScope(caller), f, pipeline.id, stages, query.per_stage, after),
  ]);
  return {
    pipeline,
    columns: stages.map((stage) => {
      const stageTotals = sortTotals(totals.get(stage) ?? []);
      const page = pages.get(stage)!;
      return {
        stage,
        count: stageTotals.reduce((n, t) => n + t.count, 0),
        totals: stageTotals,
        items: page.items,
        next_cursor: page.next_cursor,
      };
    }),
  };
}
