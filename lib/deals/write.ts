import "server-only";
import { type Kysely, sql } from "kysely";
import type { AuditEntry, Database, DealUpdate } from "@/db/tables";
import { executePrepared } from "@/lib/db-prepared";
import { shapedStatement } from "@/lib/db-template";
import { dealChangeNotification, type DealChangeEvent } from "@/lib/realtime/notify";
import { activityRow, auditVia } from "./activities";
import type { DealChangePlan } from "./rules";
import type { Deal } from "./schema";
import { type DealCaller, DEAL_RETURNING_COLUMNS, STORED_DEAL_SELECTION } from "./scope";
import { type StoredDeal, storedDeal, toDeal } from "./serialize";
import type { Stage } from "./stages";

type Db = Kysely<Database>;

/** Wire values → column values (JSON columns are written as JSON text on both drivers). */
function toColumns(set: DealChangePlan["set"]): DealUpdate {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(set)) {
    out[key] = key === "custom_fields" ? JSON.stringify(value) : value;
  }
  return out as DealUpdate;
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
export async function applyPlan(
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
  const base = { tenantId: caller.tenantId, dealId: current.id, createdBy: caller.userId, sourceType: options.sourceType, at: now, apiKey: caller.apiKey };
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
    audit: plan.auditEntry ? JSON.stringify([auditVia(caller, plan.auditEntry)]) : undefined,
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
          .columns(["id", "tenant_id", "deal_id", "type", "content", "data", "occurred_at", "created_at", "created_by", "source_type"])
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
    ${row.data}::jsonb, ${row.occurred_at}::timestamptz, ${row.created_at}::timestamptz,
    ${row.created_by}::text, ${row.source_type}::text from d`;
}

/** `applyPlan` on a row this transaction holds locked: the version cannot have moved. */
export async function applyLockedPlan(...args: Parameters<typeof applyPlan>): Promise<Deal> {
  const written = await applyPlan(...args);
  if (!written) throw new Error(`deal ${args[2].id} changed under its row lock`);
  return toDeal(written);
}
