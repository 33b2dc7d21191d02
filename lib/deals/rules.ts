import "server-only";
import type { AuditEntry } from "@/db/tables";
import { canonicalJson } from "@/lib/api/cursor";
import { AppError, type FieldError, forbidden, unprocessable } from "@/lib/api/errors";
import { versionConflict } from "@/lib/api/etag";
import { canOnDeal, type DealAction, refusalMessage } from "@/lib/permissions";
import { amountPrecisionError, DEFAULT_CURRENCY, type Deal, type DealStageMoveInput, type DealUpdateInput } from "./schema";
import type { DealCaller } from "./scope";
import { findStage, type StageRules } from "@/lib/pipelines/model";
import type { Stage } from "./stages";

/**
 * The deals contract's rules as pure functions of the deal as it is and the request: what a
 * change writes (stage and closure rules), who may do what (lib/permissions.ts), which version a
 * write must find, how a stage move splits into its target, placement and fields. No database:
 * lib/deals/service.ts reads and locks, these decide, lib/deals/write.ts writes.
 */

/** 403 unless the caller may do `action` on a deal they can see (lib/permissions.ts). */
export function assertMay(caller: DealCaller, action: DealAction, deal: Deal): void {
  if (!canOnDeal(caller, action, deal)) throw forbidden(refusalMessage(action));
}

/** 409 with the current deal unless the write expects its version (or expects none). */
export function checkVersion(current: Deal, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw versionConflict("deal", current, expectedVersion, "deal");
  }
}

/** Writable fields a change may carry (PATCH body minus `version`, or a stage move's fields). */
export type DealFields = Omit<DealUpdateInput, "version">;

interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface DealChangePlan {
  /** Wire-named values to write (requested and derived), empty for a no-op. */
  set: Partial<Record<keyof Deal, unknown>>;
  /** Requested fields whose value changes (the `field_change` activity). */
  fieldChanges: FieldChange[];
  /** A move to another stage or pipeline (the pipelines only when it changes). */
  stageChange: { from: Stage; to: Stage; from_pipeline?: string; to_pipeline?: string } | null;
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

/**
 * The stage and closure rules, as a pure function of the deal as it is and the requested
 * fields (a PATCH body, or a stage move):
 * - the stage must be one of the deal's pipeline's (`stages`: the stages of the pipeline the deal
 *   ends up in): 422 `unknown_stage` naming the allowed ids otherwise;
 * - a stage change (or a move to another pipeline) resets `probability` to the new stage's
 *   configured probability unless the request sets it, stamps `stage_entered_at` and appends an
 *   `audit_log` entry; it is recorded as a stage change, not a field change;
 * - `closed_won` sets `won_date` and `actual_close_date` (today, UTC, unless given);
 *   `closed_lost` sets `actual_close_date` and clears `won_date`; an open stage clears both;
 * - a lost deal needs `lost_reason` and `loss_category` (sent or already on the deal): 422
 *   `lost_reason_required`;
 * - a `won_date` on a deal that is not won, or an `actual_close_date` on an open one, is 422
 *   `invalid_for_stage`.
 * Throws the 422s; returns what to write (nothing for a no-op).
 */
export function planDealChange(current: Deal, fields: DealFields, ctx: { now: Date; by: string | null; stages: StageRules }): DealChangePlan {
  const target: Stage = fields.stage ?? current.stage;
  const targetPipeline = fields.pipeline_id ?? current.pipeline_id;
  const pipelineChanged = targetPipeline !== current.pipeline_id;
  const stageChanged = target !== current.stage || pipelineChanged;
  const targetStage = findStage(ctx.stages, target);
  if (!targetStage) {
    const allowed = ctx.stages.map((s) => s.id).join(", ");
    const message = fields.stage === undefined
      ? `The deal's stage "${target}" is not in the new pipeline: send a stage of it (${allowed}).`
      : `"${target}" is not a stage of the deal's pipeline. Allowed: ${allowed}.`;
    throw new AppError(422, "unknown_stage", message, {
      errors: [{ field: "stage", code: "unknown_stage", message }],
      allowed: ctx.stages.map((s) => s.id),
    });
  }
  const today = utcDay(ctx.now);
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key !== "stage" && key !== "pipeline_id" && value !== undefined) next[key] = value;
  }
  const requested = (key: keyof DealFields) => key in next;
  const after = (key: keyof Deal) => (key in next ? next[key] : current[key]);

  if (requested("amount") || requested("currency")) {
    const amount = after("amount");
    const currency = (after("currency") as string | undefined) ?? DEFAULT_CURRENCY;
    const problem = typeof amount === "number" ? amountPrecisionError(amount, currency) : null;
    if (problem) throw new AppError(400, "validation_failed", problem, { errors: [{ field: requested("amount") ? "amount" : "currency", code: "invalid_for_currency", message: problem }] });
  }

  const conflicts: FieldError[] = [];
  if (requested("won_date") && next.won_date !== null && target !== "closed_won") {
    conflicts.push({ field: "won_date", code: "invalid_for_stage", message: "Only a won deal has a won date." });
  }
  if (requested("actual_close_date") && next.actual_close_date !== null && target !== "closed_won" && target !== "closed_lost") {
    conflicts.push({ field: "actual_close_date", code: "invalid_for_stage", message: "Only a closed (won or lost) deal has an actual close date." });
  }

  if (stageChanged) {
    next.probability ??= targetStage.probability;
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
  const pipelines = pipelineChanged ? { from_pipeline: current.pipeline_id, to_pipeline: targetPipeline } : {};
  const stageChange = stageChanged ? { from: current.stage, to: target, ...pipelines } : null;
  if (stageChange) {
    set.stage = target;
    set.stage_entered_at = ctx.now.toISOString();
    if (pipelineChanged) set.pipeline_id = targetPipeline;
  }
  if (Object.keys(set).length > 0) {
    for (const key of METADATA_FIELDS) if (key in next) set[key as keyof Deal] = next[key];
  }
  const auditEntry: AuditEntry | null = stageChange ? { from: stageChange.from, to: stageChange.to, at: ctx.now.toISOString(), by: ctx.by, ...pipelines } : null;
  return { set, fieldChanges, stageChange, auditEntry };
}

/** Where a move places the card: between neighbours, at a 0-based position, or (neither) at the top. */
export interface Placement {
  before_id?: string | null;
  after_id?: string | null;
  position?: number;
}

type MoveRequest = ReturnType<typeof splitMove>;

/** A stage move's request, split into the target, the placement and the fields sent with it. */
export function splitMove(input: DealStageMoveInput) {
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
export function planMove(current: Deal, move: MoveRequest, by: string, stages: StageRules): { plan: DealChangePlan; prepared: boolean; reposition: boolean } | null {
  const sameStage = move.stage === current.stage;
  const unchanged = { plan: NO_CHANGE, prepared: true, reposition: true };
  if (sameStage && Object.keys(move.fields).length === 0 && (move.source_type === undefined || move.source_type === current.source_type)) {
    return move.placed ? unchanged : null;
  }
  const plan = planDealChange(current, { ...move.fields, stage: move.stage, source_type: move.source_type }, { now: new Date(), by, stages });
  if (sameStage && Object.keys(plan.set).length === 0) return move.placed ? unchanged : null;
  return { plan, prepared: Object.keys(move.fields).length === 0, reposition: !sameStage || move.placed };
}
