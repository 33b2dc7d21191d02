import { describe, expect, it } from "vitest";
import { wireDeal } from "@/db/factories";
import { AppError } from "@/lib/api/errors";
import type { Deal } from "./schema";
import { planDealChange } from "./rules";

const now = new Date("2026-11-21T09:30:00.000Z");
const ctx = { now, by: "usr_01JDX3Z8Q4M2N5P7R9S1T3V5W7" };

/** A deal in Proposal at 50 %, worth 100. */
const deal = (overrides: Partial<Deal> = {}): Deal =>
  wireDeal({ stage: "proposal", probability: 50, amount: 100, audit_log: [{ from: null, to: "proposal", at: "2026-11-01T00:00:00.000Z", by: null }], ...overrides });

function errorOf(fn: () => unknown): { code: string; fields: string[] } | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, fields: (error.extra.errors ?? []).map((e) => e.field) };
    throw error;
  }
  return undefined;
}

describe("planDealChange", () => {
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

  it("moves stages with default probability, stage_entered_at and an audit entry", () => {
    const plan = planDealChange(deal(), { stage: "negotiation" }, ctx);
    expect(plan.stageChange).toEqual({ from: "proposal", to: "negotiation" });
    expect(plan.fieldChanges).toEqual([]);
    expect(plan.set).toMatchObject({ stage: "negotiation", probability: 80, stage_entered_at: now.toISOString() });
    // The entry is appended by the write, in SQL: the log collected so far is not part of the plan.
    expect(plan.auditEntry).toEqual({ from: "proposal", to: "negotiation", at: now.toISOString(), by: ctx.by });
    expect(plan.set).not.toHaveProperty("audit_log");
  });

  it("keeps a probability sent with the move and lists it as a field change", () => {
    const plan = planDealChange(deal(), { stage: "negotiation", probability: 65 }, ctx);
    expect(plan.set.probability).toBe(65);
    expect(plan.fieldChanges).toEqual([{ field: "probability", before: 50, after: 65 }]);
  });

  it("dates closed deals: won gets won_date and actual_close_date (UTC today unless given), lost clears won_date, open clears both", () => {
    expect(planDealChange(deal(), { stage: "closed_won" }, ctx).set).toMatchObject({ won_date: "2026-11-21", actual_close_date: "2026-11-21", probability: 100 });
    expect(planDealChange(deal(), { stage: "closed_won", won_date: "2026-11-01" }, ctx).set).toMatchObject({ won_date: "2026-11-01", actual_close_date: "2026-11-21" });
    const won = deal({ stage: "closed_won", won_date: "2026-10-01", actual_close_date: "2026-10-01", lost_reason: "r", loss_category: "price" });
    expect(planDealChange(won, { stage: "closed_lost" }, ctx).set).toMatchObject({ won_date: null, actual_close_date: "2026-11-21", probability: 0 });
    expect(planDealChange(won, { stage: "lead" }, ctx).set).toMatchObject({ won_date: null, actual_close_date: null, probability: 10 });
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
