import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/db/tables";
import { type FieldError, unprocessable } from "@/lib/api/errors";
import { executePrepared } from "@/lib/db-prepared";
import { rankBetweenFor } from "./rank";
import type { Placement } from "./rules";
import { type DealCaller, dealScope, tenantDeals, tenantWide } from "./scope";
import type { Stage } from "./stages";

/**
 * Where a card goes in its stage column: the rank (lib/deals/rank.ts) that puts it at the top,
 * between two neighbours, or at a position. Ranks are computed here, on the server, from the
 * column as it is; only the moved card's row is ever written.
 */

type Db = Kysely<Database>;

/**
 * The rank of the first card of a stage column of a pipeline (excluding one deal), or null for an empty column.
 * Ranks are among every card of the column, whether the caller sees it or not.
 */
export async function firstRank(trx: Db, tenantId: string, pipelineId: string, stage: Stage, exceptId?: string): Promise<string | null> {
  let query = tenantWide(trx, tenantId)
    .rows()
    .select("d.position")
    .where("d.pipeline_id", "=", pipelineId)
    .where("d.stage", "=", stage)
    .where(sql<boolean>`not d.is_deleted`);
  if (exceptId) query = query.where("d.id", "<>", exceptId);
  // Moves and creates ask this on every write: prepared, with the limit in the text (see executePrepared).
  const [row] = await executePrepared(trx, query.orderBy(sql`d.position`).orderBy("d.id").limit(sql.lit(1)));
  return row?.position ?? null;
}

/**
 * The rank that places `dealId` in `stage`'s column: between `before_id` (the card above) and
 * `after_id` (the card below), at a 0-based `position`, or at the top when neither is given.
 * Neighbours must be live deals in that stage that the caller can see (else 422, as for a missing
 * one). The rank is unique to the deal (`rankBetweenFor`), so concurrent placements between the
 * same neighbours never share one. Only the moved row is ever written.
 */
export async function rankFor(trx: Db, caller: DealCaller, dealId: string, pipelineId: string, stage: Stage, placement: Placement): Promise<string> {
  const { tenantId } = caller;
  const rankBetween = (above: string | null, below: string | null) => rankBetweenFor(dealId, above, below);
  const column = () =>
    tenantWide(trx, tenantId)
      .rows()
      .select(["d.id", "d.position"])
      .where("d.pipeline_id", "=", pipelineId)
      .where("d.stage", "=", stage)
      .where(sql<boolean>`not d.is_deleted`)
      .where("d.id", "<>", dealId);

  const beforeId = placement.before_id ?? null;
  const afterId = placement.after_id ?? null;
  if (beforeId || afterId) {
    const ids = [beforeId, afterId].filter((v): v is string => v !== null);
    const neighbours = tenantDeals(trx, dealScope(caller))
      .rows()
      .select(["d.id", "d.position"])
      .where("d.pipeline_id", "=", pipelineId)
      .where("d.stage", "=", stage)
      .where(sql<boolean>`not d.is_deleted`)
      .where("d.id", "<>", dealId)
      .where("d.id", "in", ids);
    const found = new Map((await neighbours.execute()).map((r) => [r.id, r]));
    const errors: FieldError[] = [];
    for (const [field, id] of [["before_id", beforeId], ["after_id", afterId]] as const) {
      if (id && !found.has(id)) {
        errors.push({ field, code: "invalid_reference", message: `Not another live deal in the ${stage} column of this workspace.` });
      }
    }
    if (errors.length) throw unprocessable("invalid_reference", errors.map((e) => `${e.field}: ${e.message}`).join(" "), errors);
    const before = beforeId ? found.get(beforeId)! : null;
    const after = afterId ? found.get(afterId)! : null;
    if (before && after) return rankBetween(before.position, after.position);
    if (before) {
      const below = await column()
        .where(sql<boolean>`(d.position, d.id) > (${before.position} collate "C", ${before.id})`)
        .orderBy(sql`d.position`)
        .orderBy("d.id")
        .limit(1)
        .executeTakeFirst();
      return rankBetween(before.position, below?.position ?? null);
    }
    const above = await column()
      .where(sql<boolean>`(d.position, d.id) < (${after!.position} collate "C", ${after!.id})`)
      .orderBy(sql`d.position desc`)
      .orderBy("d.id", "desc")
      .limit(1)
      .executeTakeFirst();
    return rankBetween(above?.position ?? null, after!.position);
  }
  const index = placement.position ?? 0;
  if (index === 0) return rankBetween(null, await firstRank(trx, tenantId, pipelineId, stage, dealId));
  const around = await column().orderBy(sql`d.position`).orderBy("d.id").offset(index - 1).limit(2).execute();
  if (around.length === 0) {
    const last = await column().orderBy(sql`d.position desc`).orderBy("d.id", "desc").limit(1).executeTakeFirst();
    return rankBetween(last?.position ?? null, null);
  }
  return rankBetween(around[0].position, around[1]?.position ?? null);
}
