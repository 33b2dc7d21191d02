import { describe, expect, it } from "vitest";
import { wireDeal } from "@/db/factories";
import { AppError } from "@/lib/api/errors";
import { DEFAULT_PIPELINE_STAGES, normalizeStages, type PipelineStage } from "@/lib/pipelines/model";
import type { Deal } from "./schema";
import { planDealChange } from "./rules";

const now = new Date("2026-11-21T09:30:00.000Z");

const customStages = (() => {
  const result = normalizeStages([
    { id: "discovery", name: "Discovery", probability: 15 },
    { id: "demo", name: "Demo", probability: 35, rotting_days: 7 },
    { id: "trial", name: "Trial", probability: 60 },
    { id: "verbal_yes", name: "Verbal yes", probability: 90 },
  ]);
  if ("issues" in result) throw new Error(JSON.stringify(result.issues));
  return result.stages;
})();

/**
 * The stage rules hold in every pipeline: the reference's default one and a team's own, whose
 * stages and probabilities differ. `start` is where the test deal sits (at 50 %), `next` an open
 * stage after it, `first` the first open stage.
 */
const pipelines: { name: string; stages: readonly PipelineStage[]; start: string; next: string; first: string }[] = [
  { name: "the default pipeline", stages: DEFAULT_PIPELINE_STAGES, start: "proposal", next: "negotiation", first: "lead" },
  { name: "a custom pipeline", stages: customStages, start: "demo", next: "trial", first: "discovery" },
];

describe.each(pipelines)("planDealChange in $name", ({ stages, start, next, first }) => {
  const ctx = { now, by: "usr_01JDX3Z8Q4M2N5P7R9S1T3V5W7", stages };
  const probabilityOf = (id: string) => stages.find((s) => s.id === id)!.probability;
  /** A deal in the start stage at 50 %, worth 100. */
  const deal = (overrides: Partial<Deal> = {}): Deal =>
    wireDeal({ stage: start, probability: 50, amount: 100, audit_log: [{ from: null, to: start, at: "2026-11-01T00:00:00.000Z", by: null }], ...overrides });

function errorOf(fn: () => unknown): { code: string; fields: string[] } | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, fields: (error.extra.errors ?? []).map((e) => e.field) };
    throw error;
  }
  return undefined;
}

  it("lists only requested fields whose value changes, with before and after", () => {
    const plan = planDealChange(deal({ custom_fields: { a: 1, b: "x" } }), { amount: 150, note: null, custom_fields: { b: "x", a: 1 } }, ctx);
    expect(plan.fieldChanges).toEqual([{ field: "amount", before: 100, after: 150 }]);
    expect(plan.set).toEqual({ amount: 150 });
    expect(plan.stageChange).toBeNull();
  });

  it("is empty for a request that changes nothing, source_type included", () => {
    const current = deal();
    expect(planDealChange(current, { amount: 100, source_type: current.source_type as "api" }, ctx)).toEqual({ set: {}, fieldChanges: [], stageChange: null, auditEntry: null });
  });

  it("writes a new source_type alone, without listing it as a field change", () => {
    const plan = planDealChange({ ...deal(), source_type: "api" }, { amount: 100, source_type: "frontend" }, ctx);
    expect(plan.set).toEqual({ source_type: "frontend" });
    expect(plan.fieldChanges).toEqual([]);
  });

  it("refuses an amount with more decimals than its currency has, naming the field that makes it so", () => {
    const yen = { ...deal(), currency: "JPY", amount: 100 };
    expect(() => planDealChange(yen, { amount: 100.5 }, ctx)).toThrow(/JPY amounts have no decimal places/);
    const dollars = { ...deal(), currency: "USD", amount: 10.5 };
    try {
      planDealChange(dollars, { currency: "JPY" }, ctx);
      expect.unreachable();
    } catch (error) {
      expect((error as { extra: { errors: Array<{ field: string; code: string }> } }).extra.errors).toEqual([expect.objectContaining({ field: "currency", code: "invalid_for_currency" })]);
    }
    expect(planDealChange(dollars, { amount: 10.25 }, ctx).set).toEqual({ amount: 10.25 });
  });

  it("moves stages with the stage's configured probability, stage_entered_at and an audit entry", () => {
    const plan = planDealChange(deal(), { stage: next }, ctx);
    expect(plan.stageChange).toEqual({ from: start, to: next });
    expect(plan.fieldChanges).toEqual([]);
    expect(plan.set).toMatchObject({ stage: next, probability: probabilityOf(next), stage_entered_at: now.toISOString() });
    // The entry is appended by the write, in SQL: the log collected so far is not part of the plan.
    expect(plan.auditEntry).toEqual({ from: start, to: next, at: now.toISOString(), by: ctx.by });
    expect(plan.set).not.toHaveProperty("audit_log");
  });

  it("keeps a probability sent with the move and lists it as a field change", () => {
    const plan = planDealChange(deal(), { stage: next, probability: 65 }, ctx);
    expect(plan.set.probability).toBe(65);
    expect(plan.fieldChanges).toEqual([{ field: "probability", before: 50, after: 65 }]);
  });

  it("dates closed deals: won gets won_date and actual_close_date (UTC today unless given), lost clears won_date, open clears both", () => {
    expect(planDealChange(deal(), { stage: "closed_won" }, ctx).set).toMatchObject({ won_date: "2026-11-21", actual_close_date: "2026-11-21", probability: 100 });
    expect(planDealChange(deal(), { stage: "closed_won", won_date: "2026-11-01" }, ctx).set).toMatchObject({ won_date: "2026-11-01", actual_close_date: "2026-11-21" });
    const won = deal({ stage: "closed_won", won_date: "2026-10-01", actual_close_date: "2026-10-01", lost_reason: "r", loss_category: "price" });
    expect(planDealChange(won, { stage: "closed_lost" }, ctx).set).toMatchObject({ won_date: null, actual_close_date: "2026-11-21", probability: 0 });
    expect(planDealChange(won, { stage: first }, ctx).set).toMatchObject({ won_date: null, actual_close_date: null, probability: probabilityOf(first) });
  });

  it("refuses a stage the pipeline does not have, naming the allowed ones", () => {
    const foreign = start === "proposal" ? "demo" : "qualification";
    expect(errorOf(() => planDealChange(deal(), { stage: foreign }, ctx))).toEqual({ code: "unknown_stage", fields: ["stage"] });
    try {
      planDealChange(deal(), { stage: foreign }, ctx);
    } catch (error) {
      expect((error as AppError).extra.allowed).toEqual(stages.map((s) => s.id));
    }
  });

  it("moves a deal to another pipeline as a stage change, with both pipelines in the audit entry", () => {
    const other = start === "proposal" ? customStages : DEFAULT_PIPELINE_STAGES;
    const target = other[1].id;
    const plan = planDealChange(deal({ pipeline_id: "pipe_A" }), { pipeline_id: "pipe_B", stage: target }, { ...ctx, stages: other });
    expect(plan.stageChange).toEqual({ from: start, to: target, from_pipeline: "pipe_A", to_pipeline: "pipe_B" });
    expect(plan.set).toMatchObject({ pipeline_id: "pipe_B", stage: target, probability: other[1].probability });
    expect(plan.fieldChanges).toEqual([]);
    expect(plan.auditEntry).toMatchObject({ from_pipeline: "pipe_A", to_pipeline: "pipe_B" });
    // Without a stage, the deal's stage must exist in the new pipeline.
    expect(errorOf(() => planDealChange(deal({ pipeline_id: "pipe_A" }), { pipeline_id: "pipe_B" }, { ...ctx, stages: other }))).toEqual({ code: "unknown_stage", fields: ["stage"] });
  });

  it("requires a lost reason and category for closed_lost, from the request or the deal", () => {
    expect(errorOf(() => planDealChange(deal(), { stage: "closed_lost" }, ctx))).toEqual({ code: "lost_reason_required", fields: ["lost_reason", "loss_category"] });
    expect(errorOf(() => planDealChange(deal(), { stage: "closed_lost", lost_reason: "Price" }, ctx))).toEqual({ code: "lost_reason_required", fields: ["loss_category"] });
    expect(errorOf(() => planDealChange(deal({ lost_reason: "Price", loss_category: "price" }), { stage: "closed_lost" }, ctx))).toBeUndefined();
    const lost = deal({ stage: "closed_lost", lost_reason: "Price", loss_category: "price" });
    expect(errorOf(() => planDealChange(lost, { loss_category: null }, ctx))).toEqual({ code: "lost_reason_required", fields: ["loss_category"] });
    expect(errorOf(() => planDealChange(lost, { note: "fine" }, ctx))).toBeUndefined();
  });

  it("refuses closing dates that contradict the stage", () => {
    expect(errorOf(() => planDealChange(deal(), { won_date: "2026-01-01" }, ctx))).toEqual({ code: "invalid_for_stage", fields: ["won_date"] });
    expect(errorOf(() => planDealChange(deal(), { actual_close_date: "2026-01-01" }, ctx))).toEqual({ code: "invalid_for_stage", fields: ["actual_close_date"] });
    expect(errorOf(() => planDealChange(deal(), { won_date: null }, ctx))).toBeUndefined();
    const lost = deal({ stage: "closed_lost", lost_reason: "r", loss_category: "price" });
    expect(errorOf(() => planDealChange(lost, { actual_close_date: "2026-01-01" }, ctx))).toBeUndefined();
  });
});
