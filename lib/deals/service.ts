import "server-only";
import { type Kysely, sql } from "kysely";
import type { AuditEntry, Database } from "@/db/tables";
import { AppError, notFound, unprocessable } from "@/lib/api/errors";
import { callerRead, type PendingCaller } from "@/lib/api/session";
import { executePrepared } from "@/lib/db-prepared";
import { asOneWrite, inTransaction } from "@/lib/db-transaction";
import { newId } from "@/lib/ids";
import { findStage, firstOpenStage, type StageRules } from "@/lib/pipelines/model";
import { findPipeline } from "@/lib/pipelines/service";
import { liveRecordIds } from "@/lib/records/references";
import { DEAL_CHANGES_CHANNEL, publishDealChange, type DealChangeEvent } from "@/lib/realtime/notify";
import { activityRow, auditVia, recordActivity } from "./activities";
import { formatDealNumber, nextDealNumber } from "./numbering";
import { firstRank, rankFor } from "./placement";
import { rankBetweenFor, ranksAbove } from "./rank";
import { assertDealReferences } from "./references";
import { assertMay, checkVersion, planDealChange, planMove, splitMove } from "./rules";
import { DEFAULT_CURRENCY, type Deal, type DealCreateInput, type DealStageMoveInput, type DealUpdateInput } from "./schema";
import { type DealCaller, type DealScope, dealScope, DEAL_RETURNING_COLUMNS, isDealId, STORED_DEAL_SELECTION, tenantDeals, tenantWide } from "./scope";
import { type StoredDeal, storedDeal, toDeal } from "./serialize";
import { applyLockedPlan, applyPlan } from "./write";

export { addActivity, deleteActivity, getActivity, listActivities, updateActivity } from "./activities";
export { listDeals, listDealsAs } from "./list";

/**
 * The deals service: every rule of the deals contract, callable by route handlers, the seed and
 * other services as `fn(db, caller, ...)`. `db` may be a transaction (the route handlers pass
 * one when an Idempotency-Key guards the write); otherwise each write opens its own.
 *
 * Writes lock the deal row (`for no key update`), check the expected version under that lock
 * (so of N concurrent writers holding the same ETag exactly one wins), write the row, append
 * the timeline activities and publish the change, all in one transaction.
 *
 * The rules are pure (rules.ts), the rank of a placed card is placement.ts's, and the one
 * statement that writes a change is write.ts's.
 */

type Db = Kysely<Database>;

// ---------- reads ----------

async function readDeal(db: Db, scope: DealScope, id: string): Promise<Deal> {
  return toDeal(await anyDeal(db, scope, id).executeTakeFirstOrThrow());
}

/**
 * A deal the caller can see, live or (with `includeDeleted`) in the trash, or null: what the
 * record page renders, so that the trash and "undo" lead somewhere.
 */
export async function findDeal(db: Db, caller: DealCaller, id: string, options: { includeDeleted?: boolean } = {}): Promise<Deal | null> {
  if (!isDealId(id)) return null;
  const query = (options.includeDeleted ? anyDeal : liveDeal)(db, dealScope(caller), id);
  const row = await query.executeTakeFirst();
  return row ? toDeal(row) : null;
}

/**
 * The live deal (or, with `includeDeleted`, also one in the trash), or 404 (missing, another
 * tenant's, one the caller may not see, or a malformed id alike), for a request whose caller is
 * not resolved yet: the caller lookup and the deal read are one prepared statement (one round
 * trip instead of two). A malformed id is 404 without a query; the API wrapper still checks the
 * session first (lib/api/handler.ts).
 */
export async function getDealAs(db: Db, auth: PendingCaller, id: string, options: { includeDeleted?: boolean } = {}): Promise<StoredDeal> {
  if (!isDealId(id)) throw notFound("Deal");
  const { rows } = await auth.readFixed(db, options.includeDeleted ? anyDealAsCaller : liveDealAsCaller, id);
  if (!rows[0]) throw notFound("Deal");
  return rows[0];
}

/** A live (not soft-deleted) deal the caller can see, by id, as the wire shows it: what get, a move's read and the write lock read. */
const liveDeal = (db: Db, scope: DealScope, id: string) => anyDeal(db, scope, id).where("d.is_deleted", "=", false);
/** A deal the caller can see, by id, live or in the trash. */
const anyDeal = (db: Db, scope: DealScope, id: string) => tenantDeals(db, scope).read().where("d.id", "=", id);

const liveDealAsCaller = callerRead((db, who, id: string) => liveDeal(db, who, id));
const anyDealAsCaller = callerRead((db, who, id: string) => anyDeal(db, who, id));

/**
 * The stages of the deal's pipeline (aliased `d`) as `[[id, probability], …]` in board order: read
 * with the deal by the writes that plan a change, so checking the stage costs no round trip.
 */
const stageRulesColumn = sql<[string, number][] | string>`(select json_agg(json_build_array(s.id, s.probability) order by s.position)
  from pipeline_stages s where s.tenant_id = d.tenant_id and s.pipeline_id = d.pipeline_id)`.as("stage_rules");

function stageRules(value: [string, number][] | string): StageRules {
  const pairs = typeof value === "string" ? (JSON.parse(value) as [string, number][]) : value;
  return pairs.map(([id, probability]) => ({ id, probability }));
}

/** Locks the deal row for this transaction; 404 unless the caller can see it (and it is live, unless `any`). */
async function lockDeal(trx: Db, caller: DealCaller, id: string, state: "live" | "any" = "live"): Promise<StoredDeal & { stages: StageRules }> {
  if (!isDealId(id)) throw notFound("Deal");
  const scope = dealScope(caller);
  const query = (state === "live" ? liveDeal : anyDeal)(trx, scope, id).select(stageRulesColumn);
  // Every write starts here: a key lookup with one of two fixed texts, so it runs prepared.
  const [row] = await executePrepared(trx, query.forNoKeyUpdate("d"));
  if (!row) throw notFound("Deal");
  const { stage_rules, ...stored } = row;
  return { ...stored, stages: stageRules(stage_rules) };
}

/** The pipeline a write names (or the default), or 422 when the workspace has no such pipeline. */
async function pipelineFor(trx: Db, caller: DealCaller, pipelineId: string | undefined) {
  const pipeline = await findPipeline(trx, caller.tenantId, pipelineId);
  if (!pipeline) {
    throw unprocessable("invalid_reference", "pipeline_id: Not a pipeline of this workspace.", [
      { field: "pipeline_id", code: "invalid_reference", message: "Not a pipeline of this workspace." },
    ]);
  }
  return pipeline;
}


function publish(trx: Db, caller: DealCaller, deal: Deal, kind: DealChangeEvent["kind"]) {
  return publishDealChange(trx, {
    tenant_id: deal.tenant_id,
    deal_id: deal.id,
    kind,
    version: deal.version,
    stage: deal.stage,
    by: caller.userId,
    owner: deal.assigned_member_id,
  });
}

// ---------- writes ----------

type NewDealPipeline = Awaited<ReturnType<typeof pipelineFor>>;

/**
 * A new deal's stage, owner and rule plan. The stage rules are checked against an empty deal in
 * the pipeline's first stage: the same rules as a move from there, so a deal created as won or
 * lost gets its dates and needs its reason.
 */
function planNewDeal(caller: DealCaller, input: DealCreateInput, pipeline: NewDealPipeline, now: Date) {
  const stage = input.stage ?? firstOpenStage(pipeline.stages).id;
  const assignedMemberId = input.assigned_member_id === undefined ? caller.userId : input.assigned_member_id;
  const blankDeal = {
    stage: firstOpenStage(pipeline.stages).id,
    pipeline_id: pipeline.id,
    won_date: null,
    actual_close_date: null,
    lost_reason: null,
    loss_category: null,
    audit_log: [],
  } as unknown as Deal;
  const plan = planDealChange(blankDeal, { ...input, stage }, { now, by: caller.userId, stages: pipeline.stages });
  return { stage, assignedMemberId, plan };
}

/** A new deal's row, as one create and a bulk create (an import) both insert it. */
function newDealRow(
  caller: DealCaller,
  input: DealCreateInput,
  d: { id: string; dealNumber: string; pipeline: NewDealPipeline; stage: string; plan: ReturnType<typeof planDealChange>; assignedMemberId: string | null; position: string; now: Date; sourceType: string },
) {
  return {
    ...input,
    id: d.id,
    tenant_id: caller.tenantId,
    // The application whose API key wrote it; null when a person did.
    app_id: caller.appId ?? null,
    deal_number: d.dealNumber,
    currency: input.currency ?? DEFAULT_CURRENCY,
    pipeline_id: d.pipeline.id,
    stage: d.stage,
    probability: input.probability ?? findStage(d.pipeline.stages, d.stage)!.probability,
    won_date: (d.plan.set.won_date as string | null | undefined) ?? input.won_date ?? null,
    actual_close_date: (d.plan.set.actual_close_date as string | null | undefined) ?? input.actual_close_date ?? null,
    assigned_member_id: d.assignedMemberId,
    // A follow-up date sent by a person is theirs: tasks no longer move it (lib/deals/next-step.ts).
    next_followup_manual: input.next_followup_date != null,
    custom_fields: JSON.stringify(input.custom_fields ?? {}),
    audit_log: JSON.stringify([auditVia(caller, { from: null, to: d.stage, at: d.now.toISOString(), by: caller.userId })] satisfies AuditEntry[]),
    position: d.position,
    stage_entered_at: d.now,
    created_at: d.now,
    updated_at: d.now,
    created_by: caller.userId,
    updated_by: caller.userId,
    source: input.source ?? "edm",
    source_type: d.sourceType,
  };
}

export async function createDeal(db: Db, caller: DealCaller, input: DealCreateInput): Promise<Deal> {
  return inTransaction(db, async (trx) => {
    const now = new Date();
    const pipeline = await pipelineFor(trx, caller, input.pipeline_id);
    await assertDealReferences(trx, caller, {
      company_id: input.company_id,
      contact_id: input.contact_id,
      contact_ids: input.contact_ids,
      assigned_member_id: input.assigned_member_id,
    });
    const { stage, assignedMemberId, plan } = planNewDeal(caller, input, pipeline, now);
    const id = newId("deal");
    // NOTIFY is delivered only on commit, so publishing first is safe; it keeps the section
    // below, which holds the tenant's counter lock, as short as possible.
    await publishDealChange(trx, {
      tenant_id: caller.tenantId,
      deal_id: id,
      kind: "created",
      version: 1,
      stage,
      by: caller.userId,
      owner: assignedMemberId,
    });

    // From the counter upsert to commit, creates of the tenant run one at a time: numbers are
    // consecutive, and the top-of-column rank read below already sees the previous create's card.
    const dealNumber = await nextDealNumber(trx, caller.tenantId, now);
    const position = rankBetweenFor(id, null, await firstRank(trx, caller.tenantId, pipeline.id, stage));
    const sourceType = input.source_type ?? "api";
    const created = activityRow({ tenantId: caller.tenantId, dealId: id, type: "created", at: now, createdBy: caller.userId, sourceType, apiKey: caller.apiKey });
    // The deal and its `created` activity in one statement.
    const row = await trx
      .with("new_deal", (q) =>
        q
          .insertInto("deals")
          .values(newDealRow(caller, input, { id, dealNumber, pipeline, stage, plan, assignedMemberId, position, now, sourceType }))
          // The company and contact names come back as the insert's trigger looked them up.
          .returning(DEAL_RETURNING_COLUMNS),
      )
      .with("new_activity", (q) => q.insertInto("deal_activities").values(created))
      .selectFrom("new_deal as d")
      .select(STORED_DEAL_SELECTION)
      .executeTakeFirstOrThrow();
    return toDeal(row);
  });
}

/**
 * PATCH: only the fields sent change. `stage` follows the stage-move rules (the card goes to the
 * top of its new column). A request that changes nothing writes nothing (same version, no
 * activity). `expectedVersion` (If-Match or body `version`) must match, else 409.
 */
export async function updateDeal(
  db: Db,
  caller: DealCaller,
  id: string,
  input: DealUpdateInput,
  expectedVersion?: number,
): Promise<Deal> {
  const { version: _version, ...fields } = input;
  return inTransaction(db, async (trx) => {
    const locked = await lockDeal(trx, caller, id);
    const current = toDeal(locked);
    checkVersion(current, expectedVersion);
    const movesPipeline = fields.pipeline_id !== undefined && fields.pipeline_id !== current.pipeline_id;
    const stages = movesPipeline ? (await pipelineFor(trx, caller, fields.pipeline_id)).stages : locked.stages;
    if (fields.assigned_member_id !== undefined && fields.assigned_member_id !== current.assigned_member_id) {
      assertMay(caller, "reassign", current);
    }
    await assertDealReferences(trx, caller, {
      company_id: fields.company_id,
      contact_id: fields.contact_id,
      contact_ids: fields.contact_ids,
      assigned_member_id: fields.assigned_member_id,
    });
    const plan = planDealChange(current, fields, { now: new Date(), by: caller.userId, stages });
    // A follow-up date set by hand wins over the next task's until it is cleared (lib/deals/next-step.ts).
    if ("next_followup_date" in plan.set) (plan.set as Record<string, unknown>).next_followup_manual = plan.set.next_followup_date !== null;
    const pipelineId = (plan.set.pipeline_id as string | undefined) ?? current.pipeline_id;
    const position = plan.stageChange ? rankBetweenFor(id, null, await firstRank(trx, caller.tenantId, pipelineId, plan.stageChange.to, id)) : undefined;
    return applyLockedPlan(trx, caller, current, plan, { position, sourceType: fields.source_type ?? "api" });
  });
}

/**
 * POST /stage: move to a stage and/or place the card within its column. Moving to the stage the
 * deal is already in is a no-op (no version bump, no activity) unless `before_id`, `after_id`
 * or `position` reorders it; a reorder writes only the new rank (no stage_change activity).
 *
 * This is the locking move: inside a transaction (an Idempotency-Key's) and as the fallback of
 * `moveDealStageAs`.
 */
export async function moveDealStage(
  db: Db,
  caller: DealCaller,
  id: string,
  input: DealStageMoveInput,
  expectedVersion?: number,
): Promise<Deal> {
  const move = splitMove(input);
  return inTransaction(db, async (trx) => {
    const locked = await lockDeal(trx, caller, id);
    const current = toDeal(locked);
    checkVersion(current, expectedVersion);
    const planned = planMove(current, move, caller.userId, locked.stages);
    if (!planned) return current;
    const rank = planned.reposition ? await rankFor(trx, caller, id, current.pipeline_id, move.stage, move.placement) : undefined;
    return applyLockedPlan(trx, caller, current, planned.plan, { position: rank, sourceType: move.sourceType, prepared: planned.prepared });
  });
}

/** How many times an optimistic move is planned again after a concurrent write before it locks. */
const OPTIMISTIC_MOVE_ATTEMPTS = 3;

/**
 * POST /stage for a request whose caller is not resolved yet (no Idempotency-Key): the same rules
 * and answers as `moveDealStage`, in two round trips where the locking move takes six
 * (docs/benchmarks.md#optimistic-move):
 * 1. one statement resolves the caller and reads the deal with the top rank of the target column;
 * 2. one autocommit statement writes the deal, its activities and the notification, if the deal
 *    is still at the version read (`applyPlan`).
 * A concurrent write in between makes step 2 match nothing: the move is read and planned again,
 * so an If-Match that no longer matches is 409 as under the lock. After
 * `OPTIMISTIC_MOVE_ATTEMPTS` collisions it falls back to the locking move, so it always ends.
 * Moves placed by neighbours or position read the column as `moveDealStage` does.
 */
export async function moveDealStageAs(
  db: Db,
  auth: PendingCaller,
  id: string,
  input: DealStageMoveInput,
  expectedVersion?: number,
): Promise<StoredDeal> {
  const move = splitMove(input);
  if (!isDealId(id)) throw notFound("Deal");
  const first = await auth.readFixed(db, moveReadAsCaller, id, move.stage);
  const caller = first.caller;
  let [row] = first.rows;
  for (let attempt = 1; ; attempt++) {
    if (!row) throw notFound("Deal");
    const { top_rank, stage_rules, ...stored } = row;
    const current = toDeal(stored);
    checkVersion(current, expectedVersion);
    const planned = planMove(current, move, caller.userId, stageRules(stage_rules));
    if (!planned) return stored;
    const rank = !planned.reposition
      ? undefined
      : move.placed
        ? await rankFor(db, caller, id, current.pipeline_id, move.stage, move.placement)
        : rankBetweenFor(id, null, top_rank);
    const written = await asOneWrite(db, (w) => applyPlan(w, caller, current, planned.plan, { position: rank, sourceType: move.sourceType, prepared: planned.prepared }));
    if (written) return written;
    if (attempt === OPTIMISTIC_MOVE_ATTEMPTS) {
      return storedDeal(await moveDealStage(db, caller, id, input, expectedVersion));
    }
    [row] = await executePrepared(db, liveDealWithTopRank(db, dealScope(caller), id, move.stage));
  }
}

/**
 * The live deal with its pipeline's stages and the top rank of the column it moves to (among
 * every card of that column of its pipeline): a move's first read.
 */
const liveDealWithTopRank = (db: Db, scope: DealScope, id: string, stage: string) =>
  liveDeal(db, scope, id).select([
    stageRulesColumn,
    sql<string | null>`(select t.position from deals t where t.tenant_id = d.tenant_id and t.pipeline_id = d.pipeline_id
      and t.stage = ${stage} and not t.is_deleted and t.id <> d.id order by t.position, t.id limit 1)`.as("top_rank"),
  ]);

const moveReadAsCaller = callerRead((db, who, id: string, stage: string) => liveDealWithTopRank(db, who, id, stage));

/** Soft delete: the deal leaves lists, the board and the totals, and can be restored. */
export async function deleteDeal(db: Db, caller: DealCaller, id: string, expectedVersion?: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = toDeal(await lockDeal(trx, caller, id));
    assertMay(caller, "delete", current);
    checkVersion(current, expectedVersion);
    const now = new Date();
    await tenantWide(trx, caller.tenantId)
      .update()
      .set({ is_deleted: true, deleted_at: now, deleted_by: caller.userId, updated_at: now, updated_by: caller.userId, version: sql<number>`version + 1` })
      .where("deals.id", "=", id)
      .execute();
    await recordActivity(trx, { tenantId: caller.tenantId, dealId: id, type: "deleted", at: now, createdBy: caller.userId, sourceType: "api", apiKey: caller.apiKey });
    await publish(trx, caller, { ...current, version: current.version + 1 }, "deleted");
  });
}

/**
 * Undo a soft delete. Restoring a deal that is not deleted is 409 `not_deleted` (the deal exists,
 * so 404 would be wrong; there is nothing to undo). The card keeps its old rank.
 */
export async function restoreDeal(db: Db, caller: DealCaller, id: string): Promise<Deal> {
  return inTransaction(db, async (trx) => {
    const current = toDeal(await lockDeal(trx, caller, id, "any"));
    assertMay(caller, "restore", current);
    if (!current.is_deleted) throw new AppError(409, "not_deleted", "This deal is not deleted; there is nothing to restore.");
    const now = new Date();
    await tenantWide(trx, caller.tenantId)
      .update()
      .set({ is_deleted: false, deleted_at: null, deleted_by: null, updated_at: now, updated_by: caller.userId, version: sql<number>`version + 1` })
      .where("deals.id", "=", id)
      .execute();
    await recordActivity(trx, { tenantId: caller.tenantId, dealId: id, type: "restored", at: now, createdBy: caller.userId, sourceType: "api", apiKey: caller.apiKey });
    const deal = await readDeal(trx, dealScope(caller), id);
    await publish(trx, caller, deal, "restored");
    return deal;
  });
}

/**
 * Many new deals at once, for imports: what `createDeal` does for each input (the same stage
 * rules, defaults, audit entry, `created` activity and change notification), in a handful of
 * statements instead of six round trips per deal. Numbers are consecutive in input order and
 * each deal goes on top of its column as if created one after the other. The references must
 * name live records of the tenant (checked here once for all). All or nothing: any refusal
 * throws, and the caller can then create the deals one by one to find the inputs at fault.
 */
export async function createDealsInBulk(db: Db, caller: DealCaller, inputs: readonly DealCreateInput[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  return inTransaction(db, async (trx) => {
    const now = new Date();
    const pipelines = new Map<string | undefined, NewDealPipeline>();
    for (const input of inputs) if (!pipelines.has(input.pipeline_id)) pipelines.set(input.pipeline_id, await pipelineFor(trx, caller, input.pipeline_id));

    const companyIds = [...new Set(inputs.flatMap((i) => (i.company_id ? [i.company_id] : [])))];
    const contactIds = [...new Set(inputs.flatMap((i) => [...(i.contact_id ? [i.contact_id] : []), ...(i.contact_ids ?? [])]))];
    const memberIds = [...new Set(inputs.flatMap((i) => (i.assigned_member_id ? [i.assigned_member_id] : [])))];
    const [companies, contacts, members] = await Promise.all([
      liveRecordIds(trx, "companies", caller.tenantId, companyIds),
      liveRecordIds(trx, "contacts", caller.tenantId, contactIds),
      memberIds.length ? trx.selectFrom("member").select("userId").where("organizationId", "=", caller.tenantId).where("userId", "in", memberIds).execute() : [],
    ]);
    if (companies.size < companyIds.length || contacts.size < contactIds.length || members.length < memberIds.length) {
      throw unprocessable("invalid_reference", "A deal names a company, contact or owner that is not in this workspace.");
    }

    const year = now.getUTCFullYear();
    const { rows: counter } = await sql<{ last_value: number }>`
      insert into deal_counters as c (tenant_id, year, last_value)
      values (${caller.tenantId}, ${year}, ${inputs.length})
      on conflict (tenant_id, year) do update set last_value = c.last_value + ${inputs.length}
      returning c.last_value`.execute(trx);
    const firstNumber = Number(counter[0].last_value) - inputs.length + 1;

    // Each column's new cards are stacked on its current top card in one go (ranks.ts ranksAbove).
    const ids = inputs.map(() => newId("deal"));
    const columns = new Map<string, number[]>();
    inputs.forEach((input, index) => {
      const pipeline = pipelines.get(input.pipeline_id)!;
      const column = `${pipeline.id} ${input.stage ?? firstOpenStage(pipeline.stages).id}`;
      columns.set(column, [...(columns.get(column) ?? []), index]);
    });
    const positions: string[] = [];
    for (const [column, indexes] of columns) {
      const [pipelineId, stage] = column.split(" ");
      const keys = ranksAbove(await firstRank(trx, caller.tenantId, pipelineId, stage), indexes.map((i) => ids[i]));
      indexes.forEach((i, k) => (positions[i] = keys[k]));
    }
    const rows = [];
    const activities = [];
    const notifications: string[] = [];
    for (const [index, input] of inputs.entries()) {
      const pipeline = pipelines.get(input.pipeline_id)!;
      const { stage, assignedMemberId, plan } = planNewDeal(caller, input, pipeline, now);
      const id = ids[index];
      const sourceType = input.source_type ?? "api";
      const dealNumber = formatDealNumber(year, firstNumber + index);
      rows.push(newDealRow(caller, input, { id, dealNumber, pipeline, stage, plan, assignedMemberId, position: positions[index], now, sourceType }));
      activities.push(activityRow({ tenantId: caller.tenantId, dealId: id, type: "created", at: now, createdBy: caller.userId, sourceType, apiKey: caller.apiKey }));
      notifications.push(JSON.stringify({ tenant_id: caller.tenantId, deal_id: id, kind: "created", version: 1, stage, by: caller.userId, owner: assignedMemberId } satisfies DealChangeEvent));
    }
    await trx.insertInto("deals").values(rows).execute();
    await trx.insertInto("deal_activities").values(activities).execute();
    await sql`select pg_notify(${DEAL_CHANGES_CHANNEL}, e) from unnest(${notifications}::text[]) as e`.execute(trx);
    return rows.map((r) => r.id);
  });
}
