import "server-only";
import { type Kysely, sql } from "kysely";
import type { AuditEntry, Database } from "@/db/tables";
import { AppError, type FieldError, forbidden, notFound, unprocessable } from "@/lib/api/errors";
import { versionConflict } from "@/lib/api/etag";
import type { Caller } from "@/lib/api/session";
import { inTransaction } from "@/lib/db-transaction";
import { idPattern, newId } from "@/lib/ids";
import { canInWorkspace } from "@/lib/permissions";
import { publishWorkspaceChange } from "@/lib/realtime/notify";
import { DEFAULT_PIPELINE_STAGES, findStage, isClosedStageId, normalizeStages, type Pipeline, type PipelineStage } from "./model";
import type { PipelineCreateInput, PipelineDeleteInput, PipelineUpdateInput } from "./schema";

/**
 * The pipelines service: a workspace's sales processes. Everyone reads them; only managers
 * change them (lib/permissions.ts `manage_pipelines`). Every query is scoped to the caller's
 * tenant: another workspace's pipeline is not found.
 *
 * Changes that move deals (removing a stage that holds some, deleting a pipeline) move them in
 * the same transaction, each with its stage change on the timeline and in the audit log, and
 * announce a workspace change so open boards reload.
 */

type Db = Kysely<Database>;
type PipelineCaller = Pick<Caller, "tenantId" | "userId" | "isManager">;

const isPipelineId = (id: string): boolean => idPattern("pipeline").test(id);

/** The stages of pipelines aliased `p`, as a JSON array in board order. */
const STAGES_JSON = sql<PipelineStage[] | string>`(select coalesce(json_agg(json_build_object(
    'id', s.id, 'name', s.name, 'kind', s.kind, 'probability', s.probability,
    'rotting_days', s.rotting_days, 'position', s.position) order by s.position), '[]'::json)
  from pipeline_stages s where s.tenant_id = p.tenant_id and s.pipeline_id = p.id)`;

function pipelines(db: Db, tenantId: string) {
  return db
    .selectFrom("pipelines as p")
    .where("p.tenant_id", "=", tenantId)
    .select(["p.id", "p.name", "p.is_default", "p.position", "p.created_at", "p.updated_at", "p.version", STAGES_JSON.as("stages")]);
}

type PipelineRow = Awaited<ReturnType<ReturnType<typeof pipelines>["executeTakeFirstOrThrow"]>>;

const iso = (d: Date | string): string => new Date(d).toISOString();

function toPipeline(row: PipelineRow): Pipeline {
  const stages = typeof row.stages === "string" ? (JSON.parse(row.stages) as PipelineStage[]) : row.stages;
  return {
    id: row.id,
    name: row.name,
    is_default: row.is_default,
    position: row.position,
    stages,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    version: row.version,
  };
}

function assertManager(caller: PipelineCaller): void {
  if (!canInWorkspace(caller, "manage_pipelines")) throw forbidden("Only managers (owners and admins) change pipelines.");
}

// ---------- reads ----------

/** The workspace's pipelines in their order, each with its stages. */
export async function listPipelines(db: Db, caller: Pick<Caller, "tenantId">): Promise<Pipeline[]> {
  const rows = await pipelines(db, caller.tenantId).orderBy("p.position").orderBy("p.created_at").orderBy("p.id").execute();
  return rows.map(toPipeline);
}

/** One pipeline of the workspace, or 404. */
export async function getPipeline(db: Db, caller: Pick<Caller, "tenantId">, id: string): Promise<Pipeline> {
  const row = isPipelineId(id) ? await pipelines(db, caller.tenantId).where("p.id", "=", id).executeTakeFirst() : undefined;
  if (!row) throw notFound("Pipeline");
  return toPipeline(row);
}

/** The pipeline with `id`, or the default one when `id` is undefined; null when the workspace has no such pipeline. */
export async function findPipeline(db: Db, tenantId: string, id: string | undefined): Promise<Pipeline | null> {
  if (id !== undefined && !isPipelineId(id)) return null;
  const query = pipelines(db, tenantId);
  const row = await (id === undefined ? query.where("p.is_default", "=", true) : query.where("p.id", "=", id)).executeTakeFirst();
  return row ? toPipeline(row) : null;
}

// ---------- writes ----------

function stageIssues(issues: { path: string; message: string }[]): AppError {
  const errors: FieldError[] = issues.map((i) => ({ field: i.path ? `stages.${i.path}` : "stages", code: "invalid", message: i.message }));
  return new AppError(400, "validation_failed", errors.map((e) => e.message).join(" "), { errors });
}

function stagesFrom(input: PipelineCreateInput["stages"]): PipelineStage[] {
  if (!input) return DEFAULT_PIPELINE_STAGES.map((s) => ({ ...s }));
  const result = normalizeStages(input);
  if ("issues" in result) throw stageIssues(result.issues);
  return result.stages;
}

async function writeStages(trx: Db, tenantId: string, pipelineId: string, stages: PipelineStage[]): Promise<void> {
  await trx
    .insertInto("pipeline_stages")
    .values(stages.map((s) => ({ tenant_id: tenantId, pipeline_id: pipelineId, ...s })))
    .onConflict((oc) =>
      oc.columns(["tenant_id", "pipeline_id", "id"]).doUpdateSet((eb) => ({
        name: eb.ref("excluded.name"),
        probability: eb.ref("excluded.probability"),
        rotting_days: eb.ref("excluded.rotting_days"),
        position: eb.ref("excluded.position"),
      })),
    )
    .execute();
}

async function clearDefault(trx: Db, tenantId: string): Promise<void> {
  await trx.updateTable("pipelines").set({ is_default: false }).where("tenant_id", "=", tenantId).where("is_default", "=", true).execute();
}

/** POST: a new pipeline at the end of the list, with the default stages unless given. */
export async function createPipeline(db: Db, caller: PipelineCaller, input: PipelineCreateInput): Promise<Pipeline> {
  assertManager(caller);
  const stages = stagesFrom(input.stages);
  return inTransaction(db, async (trx) => {
    // One writer of the workspace's pipeline list at a time: positions and the default stay consistent.
    await sql`select pg_advisory_xact_lock(hashtext('pipelines:' || ${caller.tenantId}))`.execute(trx);
    const id = newId("pipeline");
    const now = new Date();
    const { next } = await trx
      .selectFrom("pipelines")
      .where("tenant_id", "=", caller.tenantId)
      .select(sql<number>`coalesce(max(position) + 1, 0)`.as("next"))
      .executeTakeFirstOrThrow();
    if (input.is_default) await clearDefault(trx, caller.tenantId);
    await trx
      .insertInto("pipelines")
      .values({
        id,
        tenant_id: caller.tenantId,
        name: input.name,
        is_default: input.is_default ?? false,
        position: Number(next),
        created_at: now,
        updated_at: now,
        created_by: caller.userId,
        updated_by: caller.userId,
      })
      .execute();
    await writeStages(trx, caller.tenantId, id, stages);
    await publishWorkspaceChange(trx, { tenant_id: caller.tenantId, by: caller.userId });
    return getPipeline(trx, caller, id);
  });
}

/** Locks the pipeline row for this transaction; 404 when the workspace has no such pipeline. */
async function lockPipeline(trx: Db, caller: PipelineCaller, id: string): Promise<Pipeline> {
  if (!isPipelineId(id)) throw notFound("Pipeline");
  await sql`select pg_advisory_xact_lock(hashtext('pipelines:' || ${caller.tenantId}))`.execute(trx);
  const locked = await trx.selectFrom("pipelines").select("id").where("tenant_id", "=", caller.tenantId).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!locked) throw notFound("Pipeline");
  return getPipeline(trx, caller, id);
}

function checkPipelineVersion(current: Pipeline, expected: number | undefined): void {
  if (expected !== undefined && expected !== current.version) throw versionConflict("pipeline", current, expected, "pipeline");
}

/** Deals (live and in the trash) per stage of a pipeline, for the stages listed. */
async function dealCounts(trx: Db, tenantId: string, pipelineId: string, stages?: string[]): Promise<Map<string, { all: number; live: number }>> {
  let query = trx
    .selectFrom("deals as d")
    .where("d.tenant_id", "=", tenantId)
    .where("d.pipeline_id", "=", pipelineId)
    .select(["d.stage", sql<string>`count(*)`.as("all"), sql<string>`count(*) filter (where not d.is_deleted)`.as("live")])
    .groupBy("d.stage");
  if (stages) query = query.where("d.stage", "in", stages);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.stage, { all: Number(r.all), live: Number(r.live) }]));
}

/**
 * Moves every deal (live and in the trash) of `fromPipeline` in `fromStage` to `to`: the stage's
 * probability, a new `stage_entered_at`, a new version, an audit entry and a stage change on the
 * timeline, like a move of each. Ranks are kept: they are unique to each deal, so the moved cards
 * interleave with the target column's by their rank.
 */
async function moveDeals(
  trx: Db,
  caller: PipelineCaller,
  from: { pipelineId: string; stage: string },
  to: { pipelineId: string; stage: PipelineStage },
): Promise<void> {
  const now = new Date();
  const crossing = from.pipelineId !== to.pipelineId;
  const entry: AuditEntry = {
    from: from.stage,
    to: to.stage.id,
    at: now.toISOString(),
    by: caller.userId,
    ...(crossing ? { from_pipeline: from.pipelineId, to_pipeline: to.pipelineId } : {}),
  };
  const data = { from: from.stage, to: to.stage.id, ...(crossing ? { from_pipeline: from.pipelineId, to_pipeline: to.pipelineId } : {}) };
  await trx
    .with("moved", (q) =>
      q
        .updateTable("deals")
        .set({
          pipeline_id: to.pipelineId,
          stage: to.stage.id,
          probability: to.stage.probability,
          stage_entered_at: now,
          audit_log: sql`audit_log || ${JSON.stringify([entry])}::jsonb`,
          version: sql<number>`version + 1`,
          updated_at: now,
          updated_by: caller.userId,
        })
        .where("tenant_id", "=", caller.tenantId)
        .where("pipeline_id", "=", from.pipelineId)
        .where("stage", "=", from.stage)
        .returning(["id", "tenant_id"]),
    )
    .insertInto("deal_activities")
    .columns(["id", "tenant_id", "deal_id", "type", "content", "data", "occurred_at", "created_at", "created_by", "source_type"])
    .expression((eb) =>
      eb
        .selectFrom("moved")
        .select([
          sql<string>`'act_' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 26))`.as("id"),
          "moved.tenant_id",
          "moved.id",
          sql<string>`'stage_change'`.as("type"),
          sql<null>`null`.as("content"),
          sql<string>`${JSON.stringify(data)}::jsonb`.as("data"),
          sql<Date>`${now}::timestamptz`.as("occurred_at"),
          sql<Date>`${now}::timestamptz`.as("created_at"),
          sql<string | null>`${caller.userId}::text`.as("created_by"),
          sql<string>`'system'`.as("source_type"),
        ]),
    )
    .execute();
}

const FOREIGN_KEY_VIOLATION = "23503";

/** A stage removed while a deal moved into it (the deal's key check wins): nothing was written; retry. */
async function withStageRace<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
      throw new AppError(409, "write_conflict", "A deal moved into a stage that this change removes; nothing was changed. Try again.");
    }
    throw error;
  }
}

/**
 * PATCH: rename, reorder among pipelines, make default, replace the stage list. A removed stage
 * that still holds deals needs `move_deals_to` (409 `stage_has_deals` with the counts otherwise).
 * Changing a stage's probability does not rewrite the deals already in it.
 */
export async function updatePipeline(db: Db, caller: PipelineCaller, id: string, input: PipelineUpdateInput, expectedVersion?: number): Promise<Pipeline> {
  assertManager(caller);
  // The list is checked before anything is locked; what a kept stage leaves out (its probability,
  // its rotting days) it keeps, below.
  if (input.stages) stagesFrom(input.stages);
  return withStageRace(() =>
    inTransaction(db, async (trx) => {
      const current = await lockPipeline(trx, caller, id);
      checkPipelineVersion(current, expectedVersion);
      const nextStages = input.stages
        ? stagesFrom(
            input.stages.map((s) => {
              const kept = s.id === undefined ? undefined : findStage(current.stages, s.id);
              return kept ? { ...s, probability: s.probability ?? kept.probability, rotting_days: s.rotting_days === undefined ? kept.rotting_days : s.rotting_days } : s;
            }),
          )
        : undefined;
      const set: Record<string, unknown> = {};
      if (input.name !== undefined && input.name !== current.name) set.name = input.name;
      if (input.position !== undefined && input.position !== current.position) set.position = input.position;
      if (input.is_default && !current.is_default) {
        await clearDefault(trx, caller.tenantId);
        set.is_default = true;
      }
      let removed: string[] = [];
      if (nextStages) {
        const nextIds = new Set(nextStages.map((s) => s.id));
        removed = current.stages.map((s) => s.id).filter((s) => !nextIds.has(s));
        const counts = removed.length ? await dealCounts(trx, caller.tenantId, id, removed) : new Map<string, { all: number; live: number }>();
        const holding = removed.filter((s) => (counts.get(s)?.all ?? 0) > 0);
        if (holding.length && input.move_deals_to === undefined) {
          const live = Object.fromEntries(holding.map((s) => [s, counts.get(s)!.live]));
          const all = Object.fromEntries(holding.map((s) => [s, counts.get(s)!.all]));
          const total = holding.reduce((n, s) => n + counts.get(s)!.all, 0);
          throw new AppError(
            409,
            "stage_has_deals",
            `${holding.map((s) => `"${s}"`).join(", ")} still ${holding.length === 1 ? "holds" : "hold"} ${total} deal${total === 1 ? "" : "s"}: send move_deals_to with the stage they go to.`,
            { counts: all, live_counts: live },
          );
        }
        await writeStages(trx, caller.tenantId, id, nextStages);
        if (holding.length) {
          const errors: FieldError[] = [];
          const targets = holding.map((stage) => {
            const targetId = typeof input.move_deals_to === "string" ? input.move_deals_to : input.move_deals_to?.[stage];
            const target = targetId === undefined ? undefined : findStage(nextStages, targetId);
            if (!target || isClosedStageId(target.id)) {
              errors.push({
                field: typeof input.move_deals_to === "string" ? "move_deals_to" : `move_deals_to.${stage}`,
                code: "unknown_stage",
                message: `Name an open stage of the new list for the deals of "${stage}": ${nextStages.filter((s) => s.kind === "open").map((s) => s.id).join(", ")}.`,
              });
            }
            return { stage, target };
          });
          if (errors.length) throw unprocessable("unknown_stage", errors.map((e) => e.message).join(" "), errors);
          for (const { stage, target } of targets) await moveDeals(trx, caller, { pipelineId: id, stage }, { pipelineId: id, stage: target! });
        }
        if (removed.length) {
          await trx.deleteFrom("pipeline_stages").where("tenant_id", "=", caller.tenantId).where("pipeline_id", "=", id).where("id", "in", removed).execute();
        }
      }
      const stagesChanged = nextStages !== undefined && JSON.stringify(nextStages) !== JSON.stringify(current.stages);
      if (Object.keys(set).length === 0 && !stagesChanged) return current;
      await trx
        .updateTable("pipelines")
        .set({ ...set, version: sql<number>`version + 1`, updated_at: new Date(), updated_by: caller.userId })
        .where("tenant_id", "=", caller.tenantId)
        .where("id", "=", id)
        .execute();
      await publishWorkspaceChange(trx, { tenant_id: caller.tenantId, by: caller.userId });
      return getPipeline(trx, caller, id);
    }),
  );
}

/**
 * DELETE: a pipeline other than the default. Its deals (live and in the trash) go to
 * `move_deals_to` (an open stage of another pipeline), or the answer is 409 `pipeline_has_deals`.
 */
export async function deletePipeline(db: Db, caller: PipelineCaller, id: string, input: PipelineDeleteInput, expectedVersion?: number): Promise<void> {
  assertManager(caller);
  await withStageRace(() =>
    inTransaction(db, async (trx) => {
      const current = await lockPipeline(trx, caller, id);
      checkPipelineVersion(current, expectedVersion);
      if (current.is_default) {
        throw new AppError(409, "default_pipeline", "The default pipeline cannot be deleted: make another pipeline the default first.");
      }
      const counts = await dealCounts(trx, caller.tenantId, id);
      const total = [...counts.values()].reduce((n, c) => n + c.all, 0);
      if (total > 0) {
        const target = input.move_deals_to;
        if (!target) {
          const live = [...counts.values()].reduce((n, c) => n + c.live, 0);
          throw new AppError(409, "pipeline_has_deals", `The pipeline still holds ${total} deal${total === 1 ? "" : "s"}: send move_deals_to with the pipeline and stage they go to.`, {
            count: total,
            live_count: live,
          });
        }
        const into = target.pipeline_id === id ? null : await findPipeline(trx, caller.tenantId, target.pipeline_id);
        if (!into) {
          throw unprocessable("invalid_reference", "Name another pipeline of this workspace.", [
            { field: "move_deals_to.pipeline_id", code: "invalid_reference", message: "Not another pipeline of this workspace." },
          ]);
        }
        const stage = findStage(into.stages, target.stage);
        if (!stage || isClosedStageId(stage.id)) {
          throw unprocessable("unknown_stage", `Name an open stage of "${into.name}".`, [
            {
              field: "move_deals_to.stage",
              code: "unknown_stage",
              message: `Allowed: ${into.stages.filter((s) => s.kind === "open").map((s) => s.id).join(", ")}.`,
            },
          ]);
        }
        for (const from of counts.keys()) await moveDeals(trx, caller, { pipelineId: id, stage: from }, { pipelineId: into.id, stage });
      }
      await trx.deleteFrom("pipelines").where("tenant_id", "=", caller.tenantId).where("id", "=", id).execute();
      await publishWorkspaceChange(trx, { tenant_id: caller.tenantId, by: caller.userId });
    }),
  );
}
