import { type Kysely, sql } from "kysely";
import type { AuditEntry, Database, DealUpdate } from "@/db/tables";
import { type FieldError, AppError, forbidden, notFound, unprocessable, validationFailed } from "@/lib/api/errors";
import { versionConflict } from "@/lib/api/etag";
import { type Caller, callerRead, type PendingCaller } from "@/lib/api/session";
import { canonicalJson } from "@/lib/api/cursor";
import { executePrepared } from "@/lib/db-prepared";
import { shapedStatement } from "@/lib/db-template";
import { newId } from "@/lib/ids";
import { type Actor, canOnDeal, type DealAction, refusalMessage } from "@/lib/permissions";
import { dealChangeNotification, publishDealChange, type DealChangeEvent } from "@/lib/realtime/notify";
import { activityRow, recordActivity } from "./activities";
import { nextDealNumber } from "./numbering";
import { rankBetweenFor } from "./rank";
import { assertDealReferences } from "./references";
import { amountPrecisionError, DEFAULT_CURRENCY, type Deal, type DealCreateInput, type DealStageMoveInput, type DealUpdateInput } from "./schema";
import { DEAL_RETURNING_COLUMNS, STORED_DEAL_SELECTION, type StoredDeal, storedDeal, toDeal } from "./serialize";
import { type DealScope, dealScope, isDealId, tenantDeals, tenantWide } from "./scope";
import { defaultProbability, type Stage } from "./stages";

export { addActivity, getActivity, listActivities } from "./activities";
export { listDeals, listDealsAs } from "./list";

/**
 * The deals service: every rule of the deals contract, callable by route handlers, the seed and
 * other services as `fn(db, caller, ...)`. `db` may be a transaction (the route handlers pass
 * one when an Idempotency-Key guards the write); otherwise each write opens its own.
 *
 * Writes lock the deal row (`for no key update`), check the expected version under that lock
 * (so of N concurrent writers holding the same ETag exactly one wins), write the row, append
 * the timeline activities and publish the change, all in one transaction.
 */

type Db = Kysely<Database>;
export type DealCaller = Pick<Caller, "tenantId" | "userId" | "isManager" | "dealVisibility">;

const actorOf = (caller: DealCaller): Actor => ({ userId: caller.userId, isManager: caller.isManager, dealVisibility: caller.dealVisibility });

/** 403 unless the caller may do `action` on a deal they can see (lib/permissions.ts). */
function assertMay(caller: DealCaller, action: DealAction, deal: Deal): void {
  if (!canOnDeal(actorOf(caller), action, deal)) throw forbidden(refusalMessage(action));
}

/** Writable fields a change may carry (PATCH body minus `version`, or a stage move's fields). */
type DealFields = Omit<DealUpdateInput, "version">;

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface DealChangePlan {
  /** Wire-named values to write (requested and derived), empty for a no-op. */
  set: Partial<Record<keyof Deal, unknown>>;
  /** Requested fields whose value changes (the `field_change` activity). */
  fieldChanges: FieldChange[];
  stageChange: { from: Stage; to: Stage } | null;
  /**
   * The `audit_log` entry a stage change appends. The write appends it in SQL
   * (`audit_log || entry`): the log a deal has collected is never sent back, so a move costs the
   * same however long the deal's history.
   */
  auditEntry: AuditEntry | null;
}

/**
 * Request metadata: `source_type` says which kind of client made the write. It is written when
 * it differs from the deal's (so it is never silently ignored, even alone) but never listed as a
 * field change; a write that does not send it stamps "api".
 */
const METADATA_FIELDS = new Set(["source", "source_type"]);

const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === "string" && v.trim() === "");
const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * The stage and closure rules, as a pure function of the deal as it is and the requested
 * fields (a PATCH body, or a stage move):
 * - a stage change resets `probability` to the new stage's default unless the request sets it,
 *   stamps `stage_entered_at` and appends an `audit_log` entry;
 * - `closed_won` sets `won_date` and `actual_close_date` (today, UTC, unless given);
 *   `closed_lost` sets `actual_close_date` and clears `won_date`; an open stage clears both;
 * - a lost deal needs `lost_reason` and `loss_category` (sent or already on the deal): 422
 *   `lost_reason_required`;
 * - a `won_date` on a deal that is not won, or an `actual_close_date` on an open one, is 422
 *   `invalid_for_stage`.
 * Throws the 422s; returns what to write (nothing for a no-op).
 */
export function planDealChange(current: Deal, fields: DealFields, ctx: { now: Date; by: string | null }): DealChangePlan {
  const target: Stage = fields.stage ?? current.stage;
  const stageChanged = target !== current.stage;
  const today = utcDay(ctx.now);
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key !== "stage" && value !== undefined) next[key] = value;
  }
  const requested = (key: keyof DealFields) => key in next;
  const after = (key: keyof Deal) => (key in next ? next[key] : current[key]);

  if (requested("amount") || requested("currency")) {
    const amount = after("amount");
    const currency = (after("currency") as string | undefined) ?? DEFAULT_CURRENCY;
    const problem = typeof amount === "number" ? amountPrecisionError(amount, currency) : null;
    if (problem) throw validationFailed([{ field: requested("amount") ? "amount" : "currency", code: "invalid_for_currency", message: problem }]);
  }

  const conflicts: FieldError[] = [];
  if (requested("won_date") && next.won_date !== null && target !== "closed_won") {
    conflicts.push({ field: "won_date", code: "invalid_for_stage", message: "Only a won deal has a won date." });
  }
  if (requested("actual_close_date") && next.actual_close_date !== null && target !== "closed_won" && target !== "closed_lost") {
    conflicts.push({ field: "actual_close_date", code: "invalid_for_stage", message: "Only a closed (won or lost) deal has an actual close date." });
  }

  if (stageChanged) {
    next.probability ??= defaultProbability(target);
    if (target === "closed_won") {
      next.won_date ??= today;
      next.actual_close_date ??= today;
    } else if (target === "closed_lost") {
      next.actual_close_date ??= today;
      next.won_date = null;
    } else {
      next.won_date = null;
      next.actual_close_date = null;
    }
  }

  if (target === "closed_lost" && (stageChanged || requested("lost_reason") || requested("loss_category"))) {
    const missing: FieldError[] = [];
    if (blank(after("lost_reason"))) missing.push({ field: "lost_reason", code: "required", message: "Say why the deal was lost." });
    if (blank(after("loss_category"))) missing.push({ field: "loss_category", code: "required", message: "Pick a loss category." });
    if (missing.length) {
      throw unprocessable("lost_reason_required", "A lost deal needs a lost reason and a loss category.", missing);
    }
  }
  if (conflicts.length) {
    throw unprocessable("invalid_for_stage", conflicts.map((c) => c.message).join(" "), conflicts);
  }

  const set: Partial<Record<keyof Deal, unknown>> = {};
  const fieldChanges: FieldChange[] = [];
  for (const [key, value] of Object.entries(next)) {
    const before = current[key as keyof Deal];
    if (sameValue(before, value)) continue;
    set[key as keyof Deal] = value;
    if (key in fields && !METADATA_FIELDS.has(key)) fieldChanges.push({ field: key, before: before ?? null, after: value ?? null });
  }
  const stageChange = stageChanged ? { from: current.stage, to: target } : null;
  if (stageChange) {
    set.stage = target;
    set.stage_entered_at = ctx.now.toISOString();
  }
  if (Object.keys(set).length > 0) {
    for (const key of METADATA_FIELDS) if (key in next) set[key as keyof Deal] = next[key];
  }
  const auditEntry: AuditEntry | null = stageChange ? { from: stageChange.from, to: stageChange.to, at: ctx.now.toISOString(), by: ctx.by } : null;
  return { set, fieldChanges, stageChange, auditEntry };
}

/** Wire values → column values (JSON columns are written as JSON text on both drivers). */
function toColumns(set: DealChangePlan["set"]): DealUpdate {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(set)) {
    out[key] = key === "custom_fields" ? JSON.stringify(value) : value;
  }
  return out as DealUpdate;
}

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

/** Locks the deal row for this transaction; 404 unless the caller can see it (and it is live, unless `any`). */
async function lockDeal(trx: Db, caller: DealCaller, id: string, state: "live" | "any" = "live"): Promise<StoredDeal> {
  if (!isDealId(id)) throw notFound("Deal");
  const scope = dealScope(caller);
  const query = (state === "live" ? liveDeal : anyDeal)(trx, scope, id);
  // Every write starts here: a key lookup with one of two fixed texts, so it runs prepared.
  const [row] = await executePrepared(trx, query.forNoKeyUpdate("d"));
  if (!row) throw notFound("Deal");
  return row;
}

function checkVersion(current: Deal, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw versionConflict("deal", current, expectedVersion, "deal");
  }
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

// ---------- ranks ----------

/**
 * The rank of the first card of a stage column (excluding one deal), or null for an empty column.
 * Ranks are among every card of the column, whether the caller sees it or not.
 */
async function firstRank(trx: Db, tenantId: string, stage: Stage, exceptId?: string): Promise<string | null> {
  let query = tenantWide(trx, tenantId)
    .rows()
    .select("d.position")
    .where("d.stage", "=", stage)
    .where(sql<boolean>`not d.is_deleted`);
  if (exceptId) query = query.where("d.id", "<>", exceptId);
  // Moves and creates ask this on every write: prepared, with the limit in the text (see executePrepared).
  const [row] = await executePrepared(trx, query.orderBy(sql`d.position`).orderBy("d.id").limit(sql.lit(1)));
  return row?.position ?? null;
}

export interface Placement {
  before_id?: string | null;
  after_id?: string | null;
  position?: number;
}

/**
 * The rank that places `dealId` in `stage`'s column: between `before_id` (the card above) and
 * `after_id` (the card below), at a 0-based `position`, or at the top when neither is given.
 * Neighbours must be live deals in that stage that the caller can see (else 422, as for a missing
 * one). The rank is unique to the deal (`rankBetweenFor`), so concurrent placements between the
 * same neighbours never share one. Only the moved row is ever written.
 */
async function rankFor(trx: Db, caller: DealCaller, dealId: string, stage: Stage, placement: Placement): Promise<string> {
  const { tenantId } = caller;
  const rankBetween = (above: string | null, below: string | null) => rankBetweenFor(dealId, above, below);
  const column = () =>
    tenantWide(trx, tenantId)
      .rows()
      .select(["d.id", "d.position"])
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
  if (index === 0) return rankBetween(null, await firstRank(trx, tenantId, stage, dealId));
  const around = await column().orderBy(sql`d.position`).orderBy("d.id").offset(index - 1).limit(2).execute();
  if (around.length === 0) {
    const last = await column().orderBy(sql`d.position desc`).orderBy("d.id", "desc").limit(1).executeTakeFirst();
    return rankBetween(last?.position ?? null, null);
  }
  return rankBetween(around[0].position, around[1]?.position ?? null);
}

// ---------- writes ----------

export async function createDeal(db: Db, caller: DealCaller, input: DealCreateInput): Promise<Deal> {
  return inTransaction(db, async (trx) => {
    const now = new Date();
    const stage: Stage = input.stage ?? "lead";
    const assignedMemberId = input.assigned_member_id === undefined ? caller.userId : input.assigned_member_id;
    await assertDealReferences(trx, caller.tenantId, {
      company_id: input.company_id,
      contact_id: input.contact_id,
      contact_ids: input.contact_ids,
      assigned_member_id: input.assigned_member_id,
    });
    // Validate the stage rules against an empty deal in the default stage: the same rules as a
    // move from `lead`, so a deal created as won or lost gets its dates and needs its reason.
    const blankDeal = {
      stage: "lead",
      won_date: null,
      actual_close_date: null,
      lost_reason: null,
      loss_category: null,
      audit_log: [],
    } as unknown as Deal;
    const plan = planDealChange(blankDeal, { ...input, stage }, { now, by: caller.userId });
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
    const position = rankBetweenFor(id, null, await firstRank(trx, caller.tenantId, stage));
    const sourceType = input.source_type ?? "api";
    const created = activityRow({ tenantId: caller.tenantId, dealId: id, type: "created", at: now, createdBy: caller.userId, sourceType });
    // The deal and its `created` activity in one statement.
    const row = await trx
      .with("new_deal", (q) =>
        q
          .insertInto("deals")
          .values({
            ...input,
            id,
            tenant_id: caller.tenantId,
            // A person's session: no integration wrote this deal.
            app_id: null,
            deal_number: dealNumber,
            currency: input.currency ?? DEFAULT_CURRENCY,
            stage,
            probability: input.probability ?? defaultProbability(stage),
            won_date: (plan.set.won_date as string | null | undefined) ?? input.won_date ?? null,
            actual_close_date: (plan.set.actual_close_date as string | null | undefined) ?? input.actual_close_date ?? null,
            assigned_member_id: assignedMemberId,
            custom_fields: JSON.stringify(input.custom_fields ?? {}),
            audit_log: JSON.stringify([{ from: null, to: stage, at: now.toISOString(), by: caller.userId }] satisfies AuditEntry[]),
            position,
            stage_entered_at: now,
            created_at: now,
            updated_at: now,
            created_by: caller.userId,
            updated_by: caller.userId,
            source: input.source ?? "edm",
            source_type: sourceType,
          })
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
 * Applies a plan to a deal in one statement: it writes the row if it is still at the version the
 * plan was made from, inserts the activities, reads it back with its display names and
 * publishes the change. Returns null when the version no longer matches (a concurrent write got
 * there first); nothing is written then, since the activities and the notification select from
 * the UPDATE's rows. On a row locked by `lockDeal` the version always matches.
 *
 * The order keeps lock windows short. The UPDATE's trigger locks a `deal_stage_total_shards` row
 * per stage it touches, which every concurrent move of the tenant's deals in those stages
 * wants: from that UPDATE to COMMIT is at most one round trip here (docs/benchmarks.md#one-statement-write), none in autocommit. NOTIFY is delivered only on commit, so a rolled-back
 * write is never announced.
 */
async function applyPlan(
  db: Db,
  caller: DealCaller,
  current: Deal,
  plan: DealChangePlan,
  options: { position?: string; sourceType: string; prepared?: boolean },
): Promise<StoredDeal | null> {
  const positionChanged = options.position !== undefined && options.position !== current.position;
  // Nothing to write (e.g. a card dropped where it was): the deal as read, stringified in this rare case.
  if (Object.keys(plan.set).length === 0 && !positionChanged) return storedDeal(current);
  const now = new Date();
  const base = { tenantId: caller.tenantId, dealId: current.id, createdBy: caller.userId, sourceType: options.sourceType, at: now };
  const activities = [
    ...(plan.fieldChanges.length ? [activityRow({ ...base, type: "field_change", data: { changes: plan.fieldChanges } })] : []),
    ...(plan.stageChange ? [activityRow({ ...base, type: "stage_change", data: { ...plan.stageChange } })] : []),
  ];
  const event: DealChangeEvent = {
    tenant_id: caller.tenantId,
    deal_id: current.id,
    kind: plan.stageChange ? "stage_changed" : "updated",
    version: current.version + 1,
    stage: (plan.set.stage as Stage | undefined) ?? current.stage,
    by: caller.userId,
    owner: plan.set.assigned_member_id === undefined ? current.assigned_member_id : (plan.set.assigned_member_id as string | null),
    ...(plan.set.assigned_member_id === undefined ? {} : { previous_owner: current.assigned_member_id }),
  };
  const values: WriteValues = {
    tenantId: caller.tenantId,
    id: current.id,
    version: current.version,
    set: toColumns(plan.set),
    audit: plan.auditEntry ? JSON.stringify([plan.auditEntry]) : undefined,
    position: positionChanged ? options.position : undefined,
    sourceType: plan.set.source_type === undefined ? options.sourceType : undefined,
    now,
    by: caller.userId,
    activities,
    notification: JSON.stringify(event),
  };
  // A plain move has one of a few shapes (one per kind of stage change, plus reorders), so it
  // runs prepared and compiled once per shape; a PATCH's shape depends on which fields were sent
  // (and may carry arrays), so it is built and planned each time.
  const [row] = options.prepared ? await executePrepared(db, moveWrite.compile(db, values)) : await buildWrite(db, values).execute();
  return row ?? null;
}

/** What `applyPlan` writes: the shape (which columns, whether a stage change, how many activities) decides the statement's text. */
interface WriteValues {
  tenantId: string;
  id: string;
  version: number;
  /** The plan's column values. */
  set: Record<string, unknown>;
  /** The `audit_log` entry to append, as a JSON array of one (a stage change only). */
  audit: string | undefined;
  /** The new rank, when it changes. */
  position: string | undefined;
  /** The request's `source_type`, when the plan does not set it. */
  sourceType: string | undefined;
  now: Date;
  by: string | null;
  activities: ReturnType<typeof activityRow>[];
  notification: string;
}

/**
 * `applyPlan`'s statement: the guarded UPDATE, the activities as a data-modifying CTE (PostgreSQL
 * always runs one, though nothing selects from it) that inserts one row per activity for each
 * row the UPDATE wrote (a reorder within a column has none), and the deal (its stored display
 * names included) and the notification, all from the UPDATE's `returning`.
 */
function buildWrite(db: Db, v: WriteValues) {
  const written = db.with("d", (q) =>
    q
      .updateTable("deals")
      .set({
        ...(v.set as DealUpdate),
        ...(v.audit !== undefined ? { audit_log: sql<AuditEntry[]>`audit_log || ${v.audit}::jsonb` } : {}),
        ...(v.position !== undefined ? { position: v.position } : {}),
        ...(v.sourceType !== undefined ? { source_type: v.sourceType } : {}),
        version: sql<number>`version + 1`,
        updated_at: v.now,
        updated_by: v.by,
      })
      .where("deals.tenant_id", "=", v.tenantId)
      .where("deals.id", "=", v.id)
      .where("deals.version", "=", v.version)
      .returning(DEAL_RETURNING_COLUMNS),
  );
  const writer = (v.activities.length
    ? written.with("new_activities", (q) =>
        q
          .insertInto("deal_activities")
          .columns(["id", "tenant_id", "deal_id", "type", "content", "data", "occurred_at", "due_date", "created_at", "created_by", "source_type"])
          .expression(sql.join(v.activities.map(activityFromWrite), sql` union all `)),
      )
    : written) as typeof written;
  return writer.selectFrom("d").select([...STORED_DEAL_SELECTION, dealChangeNotification(v.notification).as("notified")]);
}

/** A plain move's write, compiled once per shape (lib/db-template.ts). */
const moveWrite = shapedStatement(buildWrite);

/** One activity row, selected from the write's `d` (so it exists only if the write happened). */
function activityFromWrite(row: ReturnType<typeof activityRow>) {
  return sql`select ${row.id}::text, ${row.tenant_id}::text, ${row.deal_id}::text, ${row.type}::text, ${row.content}::text,
    ${row.data}::jsonb, ${row.occurred_at}::timestamptz, ${row.due_date}::date, ${row.created_at}::timestamptz,
    ${row.created_by}::text, ${row.source_type}::text from d`;
}

/** `applyPlan` on a row this transaction holds locked: the version cannot have moved. */
async function applyLockedPlan(...args: Parameters<typeof applyPlan>): Promise<Deal> {
  const written = await applyPlan(...args);
  if (!written) throw new Error(`deal ${args[2].id} changed under its row lock`);
  return toDeal(written);
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
    const current = toDeal(await lockDeal(trx, caller, id));
    checkVersion(current, expectedVersion);
    if (fields.assigned_member_id !== undefined && fields.assigned_member_id !== current.assigned_member_id) {
      assertMay(caller, "reassign", current);
    }
    await assertDealReferences(trx, caller.tenantId, {
      company_id: fields.company_id,
      contact_id: fields.contact_id,
      contact_ids: fields.contact_ids,
      assigned_member_id: fields.assigned_member_id,
    });
    const plan = planDealChange(current, fields, { now: new Date(), by: caller.userId });
    const position = plan.stageChange ? rankBetweenFor(id, null, await firstRank(trx, caller.tenantId, plan.stageChange.to, id)) : undefined;
    return applyLockedPlan(trx, caller, current, plan, { position, sourceType: fields.source_type ?? "api" });
  });
}

/** A stage move's request, split into the target, the placement and the fields sent with it. */
function splitMove(input: DealStageMoveInput) {
  const { stage, before_id, after_id, position, version: _version, source_type, ...fields } = input;
  if (position !== undefined && (before_id || after_id)) {
    throw new AppError(400, "validation_failed", "Send either position or before_id/after_id, not both.", {
      errors: [{ field: "position", code: "invalid", message: "Send either position or before_id/after_id, not both." }],
    });
  }
  const placement: Placement = { before_id, after_id, position };
  const placed = position !== undefined || !!before_id || !!after_id;
  return { stage, placement, placed, source_type, sourceType: source_type ?? "api", fields };
}

const NO_CHANGE: DealChangePlan = { set: {}, fieldChanges: [], stageChange: null, auditEntry: null };

/**
 * The plan for a move of `current`, or null for a no-op. `prepared`: the write has one of a few
 * texts (one per kind of stage change, plus reorders); closing fields sent with the move
 * (lost_reason, …) vary it. `reposition`: the card gets a new rank (a stage change, or a
 * placement). A move to the stage the deal is already in applies the fields sent with it
 * (a new lost reason, probability, source_type) like a PATCH, keeping the card where it is; only
 * a move that changes nothing is a no-op.
 */
function planMove(current: Deal, move: ReturnType<typeof splitMove>, by: string): { plan: DealChangePlan; prepared: boolean; reposition: boolean } | null {
  const sameStage = move.stage === current.stage;
  const unchanged = { plan: NO_CHANGE, prepared: true, reposition: true };
  if (sameStage && Object.keys(move.fields).length === 0 && (move.source_type === undefined || move.source_type === current.source_type)) {
    return move.placed ? unchanged : null;
  }
  const plan = planDealChange(current, { ...move.fields, stage: move.stage, source_type: move.source_type }, { now: new Date(), by });
  if (sameStage && Object.keys(plan.set).length === 0) return move.placed ? unchanged : null;
  return { plan, prepared: Object.keys(move.fields).length === 0, reposition: !sameStage || move.placed };
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
    const current = toDeal(await lockDeal(trx, caller, id));
    checkVersion(current, expectedVersion);
    const planned = planMove(current, move, caller.userId);
    if (!planned) return current;
    const rank = planned.reposition ? await rankFor(trx, caller, id, move.stage, move.placement) : undefined;
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
    const { top_rank, ...stored } = row;
    const current = toDeal(stored);
    checkVersion(current, expectedVersion);
    const planned = planMove(current, move, caller.userId);
    if (!planned) return stored;
    const rank = !planned.reposition ? undefined : move.placed ? await rankFor(db, caller, id, move.stage, move.placement) : rankBetweenFor(id, null, top_rank);
    const written = await applyPlan(db, caller, current, planned.plan, { position: rank, sourceType: move.sourceType, prepared: planned.prepared });
    if (written) return written;
    if (attempt === OPTIMISTIC_MOVE_ATTEMPTS) {
      return storedDeal(await moveDealStage(db, caller, id, input, expectedVersion));
    }
    [row] = await executePrepared(db, liveDealWithTopRank(db, dealScope(caller), id, move.stage));
  }
}

/** The live deal with the top rank of the column it moves to (among every card of the column): a move's first read. */
const liveDealWithTopRank = (db: Db, scope: DealScope, id: string, stage: string) =>
  liveDeal(db, scope, id).select(
    sql<string | null>`(select t.position from deals t where t.tenant_id = d.tenant_id and t.stage = ${stage}
      and not t.is_deleted and t.id <> d.id order by t.position, t.id limit 1)`.as("top_rank"),
  );

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
    await recordActivity(trx, { tenantId: caller.tenantId, dealId: id, type: "deleted", at: now, createdBy: caller.userId, sourceType: "api" });
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
    await recordActivity(trx, { tenantId: caller.tenantId, dealId: id, type: "restored", at: now, createdBy: caller.userId, sourceType: "api" });
    const deal = await readDeal(trx, dealScope(caller), id);
    await publish(trx, caller, deal, "restored");
    return deal;
  });
}
