import { describe, expect, it } from "vitest";
import {
  addToTotals,
  appendPage,
  applyMove,
  type BoardData,
  cardParty,
  findDeal,
  isCloseOverdue,
  movedDeal,
  neighboursAt,
  normalizeColumns,
  removeDeal,
  staleness,
  totalsOf,
  upsertDeal,
  weightedAmount,
} from "./board-math";
import { wireDeal } from "@/db/factories";
import { compareRank, rankSequence } from "./rank";
import { type Deal, type DealCard, dealCardSchema } from "./schema";
import type { Stage } from "./stages";
import { DEFAULT_PIPELINE_STAGES, type Pipeline } from "@/lib/pipelines/model";

const PIPELINE: Pipeline = {
  id: "pipe_00000000000000000000000000",
  name: "Sales pipeline",
  is_default: true,
  position: 0,
  stages: [...DEFAULT_PIPELINE_STAGES],
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
  version: 1,
};

/** A deal of the board's tests: probability 10 in every stage unless given, so weighted sums are easy to read. */
const deal = (input: Partial<Deal> & { stage: Stage; position: string }): Deal => wireDeal({ probability: 10, audit_log: [], ...input });

/** The card the board endpoint sends for a deal: only the DealCard fields. */
const cardOf = (d: Deal): DealCard => Object.fromEntries(Object.keys(dealCardSchema.shape).map((k) => [k, d[k as keyof Deal]])) as DealCard;

/** A board whose columns hold the given deals as cards, with totals computed from them. */
function boardOf(deals: Deal[], more: Partial<Record<Stage, string>> = {}): BoardData {
  return {
    pipeline: PIPELINE,
    columns: normalizeColumns([], PIPELINE.stages).map((c) => {
      const items = deals.filter((d) => d.stage === c.stage).map(cardOf);
      return { ...c, items, count: items.length, totals: totalsOf(items), next_cursor: more[c.stage] ?? null };
    }),
  };
}

const names = (b: BoardData, stage: Stage) => b.columns.find((c) => c.stage === stage)!.items.map((d) => d.name);
const column = (b: BoardData, stage: Stage) => b.columns.find((c) => c.stage === stage)!;

describe("totals", () => {
  it("weights by probability and keeps currencies apart", () => {
    expect(weightedAmount(1_000_000, 35)).toBe(350_000);
    expect(weightedAmount(null, 50)).toBe(0);
    expect(
      totalsOf([
        { amount: 100, currency: "JPY", probability: 50 },
        { amount: 10.5, currency: "USD", probability: 20 },
        { amount: null, currency: "JPY", probability: 50 },
        { amount: 300, currency: "JPY", probability: 100 },
      ]),
    ).toEqual([
      { currency: "JPY", count: 3, amount: 400, weighted: 350 },
      { currency: "USD", count: 1, amount: 10.5, weighted: 2.1 },
    ]);
  });

  it("drops a currency when its last deal leaves and avoids float drift", () => {
    let t = totalsOf([{ amount: 0.1, currency: "USD", probability: 10 }]);
    t = addToTotals(t, { amount: 0.2, currency: "USD", probability: 10 }, 1);
    expect(t).toEqual([{ currency: "USD", count: 2, amount: 0.3, weighted: 0.03 }]);
    t = addToTotals(t, { amount: 0.1, currency: "USD", probability: 10 }, -1);
    t = addToTotals(t, { amount: 0.2, currency: "USD", probability: 10 }, -1);
    expect(t).toEqual([]);
  });
});

describe("moves", () => {
  const [p1, p2, p3] = rankSequence(3);

  it("moves a card to another column between its new neighbours and updates counts and totals at once", () => {
    const a = deal({ name: "A", stage: "lead", position: p1, amount: 100 });
    const b = deal({ name: "B", stage: "proposal", position: p1, amount: 200, probability: 50 });
    const c = deal({ name: "C", stage: "proposal", position: p2, amount: 300, currency: "USD", probability: 50 });
    const board = boardOf([a, b, c]);

    const now = new Date("2026-06-01T10:00:00Z");
    const next = applyMove(board, a.id, { stage: "proposal", before_id: b.id, after_id: c.id }, {}, now);
    expect(names(next, "lead")).toEqual([]);
    expect(names(next, "proposal")).toEqual(["B", "A", "C"]);
    const moved = findDeal(next, a.id)!.deal;
    expect(moved).toMatchObject({ stage: "proposal", probability: 50, stage_entered_at: now.toISOString() });
    expect(compareRank(b.position, moved.position)).toBe(-1);
    expect(compareRank(moved.position, c.position)).toBe(-1);
    expect(column(next, "lead")).toMatchObject({ count: 0, totals: [] });
    expect(column(next, "proposal").count).toBe(3);
    expect(column(next, "proposal").totals).toEqual([
      { currency: "JPY", count: 2, amount: 300, weighted: 150 },
      { currency: "USD", count: 1, amount: 300, weighted: 150 },
    ]);
    // Nothing was mutated in place.
    expect(names(board, "lead")).toEqual(["A"]);
    expect(a.stage).toBe("lead");
  });

  it("reorders within a column without touching probability or stage_entered_at", () => {
    const a = deal({ name: "A", stage: "lead", position: p1, probability: 33 });
    const b = deal({ name: "B", stage: "lead", position: p2 });
    const c = deal({ name: "C", stage: "lead", position: p3 });
    const board = boardOf([a, b, c]);
    const next = applyMove(board, a.id, { stage: "lead", before_id: c.id, after_id: null });
    expect(names(next, "lead")).toEqual(["B", "C", "A"]);
    expect(findDeal(next, a.id)!.deal).toMatchObject({ probability: 33, stage_entered_at: a.stage_entered_at });
    expect(column(next, "lead").totals).toEqual(column(board, "lead").totals);
    const top = applyMove(next, c.id, { stage: "lead", before_id: null, after_id: b.id });
    expect(names(top, "lead")).toEqual(["C", "B", "A"]);
  });

  it("drops onto an empty column and onto the top when no neighbour is given", () => {
    const a = deal({ name: "A", stage: "lead", position: p1 });
    const b = deal({ name: "B", stage: "negotiation", position: p1 });
    const board = boardOf([a, b]);
    expect(names(applyMove(board, a.id, { stage: "closed_won", before_id: null, after_id: null }), "closed_won")).toEqual(["A"]);
    expect(names(applyMove(board, a.id, { stage: "negotiation", before_id: null, after_id: null }), "negotiation")).toEqual(["A", "B"]);
  });

  it("rolls back by upserting the snapshot version, even after later moves of other deals", () => {
    const a = deal({ name: "A", stage: "lead", position: p1 });
    const b = deal({ name: "B", stage: "lead", position: p2 });
    const c = deal({ name: "C", stage: "proposal", position: p1 });
    const board = boardOf([a, b, c]);
    const snapshotA = findDeal(board, a.id)!.deal;
    let next = applyMove(board, a.id, { stage: "proposal", before_id: c.id, after_id: null });
    next = applyMove(next, b.id, { stage: "qualification", before_id: null, after_id: null });
    next = upsertDeal(next, snapshotA);
    expect(names(next, "lead")).toEqual(["A"]);
    expect(names(next, "qualification")).toEqual(["B"]);
    expect(names(next, "proposal")).toEqual(["C"]);
    expect(column(next, "lead").totals).toEqual(totalsOf([a]));
  });

  it("counts but does not show a card that sorts after the loaded page of a longer column", () => {
    const a = deal({ name: "A", stage: "lead", position: p1 });
    const b = deal({ name: "B", stage: "proposal", position: p1 });
    const board = boardOf([a, b], { proposal: "cursor" });
    const next = upsertDeal(board, { ...a, stage: "proposal", position: p3 });
    expect(names(next, "proposal")).toEqual(["B"]);
    expect(column(next, "proposal").count).toBe(2);
  });

  it("takes the server's full deal in place of the slim card it moved", () => {
    const a = deal({ name: "A", stage: "lead", position: p1, amount: 100 });
    const b = deal({ name: "B", stage: "proposal", position: p1, amount: 200 });
    const board = boardOf([a, b]);
    expect(findDeal(board, a.id)!.deal).not.toHaveProperty("audit_log");
    const optimistic = applyMove(board, a.id, { stage: "proposal", before_id: null, after_id: b.id });
    const server: Deal = { ...a, ...findDeal(optimistic, a.id)!.deal, version: 2, custom_fields: { region: "Kanto" } };
    const confirmed = upsertDeal(optimistic, server);
    expect(names(confirmed, "proposal")).toEqual(["A", "B"]);
    expect(findDeal(confirmed, a.id)!.deal).toBe(server);
    expect(column(confirmed, "proposal")).toMatchObject({ count: 2, totals: totalsOf([{ ...a, probability: 50 }, b]) });
    expect(column(confirmed, "lead")).toMatchObject({ count: 0, totals: [] });
  });

  it("removes deleted deals", () => {
    const a = deal({ name: "A", stage: "lead", position: p1 });
    const next = removeDeal(boardOf([a]), a.id);
    expect(column(next, "lead")).toMatchObject({ items: [], count: 0, totals: [] });
  });

  it("computes the neighbours of a drop index", () => {
    const items = [{ id: "x" }, { id: "y" }];
    expect(neighboursAt(items, 0)).toEqual({ before_id: null, after_id: "x" });
    expect(neighboursAt(items, 1)).toEqual({ before_id: "x", after_id: "y" });
    expect(neighboursAt(items, 2)).toEqual({ before_id: "y", after_id: null });
    expect(neighboursAt([], 0)).toEqual({ before_id: null, after_id: null });
  });

  it("keeps lost-reason fields given with the move", () => {
    const a = deal({ name: "A", stage: "negotiation", position: p1 });
    const moved = movedDeal(boardOf([a]), a, { stage: "closed_lost", before_id: null, after_id: null }, { lost_reason: "Price", loss_category: "price" });
    expect(moved).toMatchObject({ stage: "closed_lost", probability: 0, lost_reason: "Price", loss_category: "price" });
  });

  it("appends a loaded page without duplicates or out-of-order cards", () => {
    const a = deal({ name: "A", stage: "lead", position: p1 });
    const b = deal({ name: "B", stage: "lead", position: p2 });
    const c = deal({ name: "C", stage: "lead", position: p3 });
    const board = boardOf([a, b], { lead: "c1" });
    const next = appendPage(board, "lead", { items: [b, c], next_cursor: null });
    expect(names(next, "lead")).toEqual(["A", "B", "C"]);
    expect(column(next, "lead").next_cursor).toBeNull();
  });
});

describe("stale and overdue", () => {
  const now = new Date("2026-06-30T12:00:00Z");
  const today = "2026-06-30";

  it("flags an overdue follow-up and a deal idle in its stage for more than the stage's rotting days", () => {
    expect(staleness({ stage: "proposal", next_followup_date: "2026-06-29", stage_entered_at: "2026-06-29T00:00:00Z" }, today, now, 30)).toEqual({
      stale: true,
      reason: "followup_overdue",
      since: "2026-06-29",
    });
    expect(staleness({ stage: "proposal", next_followup_date: null, stage_entered_at: "2026-05-01T00:00:00Z" }, today, now, 30)).toEqual({
      stale: true,
      reason: "idle_in_stage",
      days: 60,
    });
    expect(staleness({ stage: "proposal", next_followup_date: "2026-06-30", stage_entered_at: "2026-06-01T00:00:00Z" }, today, now, 30)).toEqual({
      stale: false,
    });
    // A stage that rots after 7 days flags it after a week; one without rotting days never does.
    expect(staleness({ stage: "demo", next_followup_date: null, stage_entered_at: "2026-06-22T00:00:00Z" }, today, now, 7)).toEqual({
      stale: true,
      reason: "idle_in_stage",
      days: 8,
    });
    expect(staleness({ stage: "demo", next_followup_date: null, stage_entered_at: "2020-01-01T00:00:00Z" }, today, now, null)).toEqual({ stale: false });
  });

  it("never flags closed deals", () => {
    expect(staleness({ stage: "closed_won", next_followup_date: "2020-01-01", stage_entered_at: "2020-01-01T00:00:00Z" }, today, now, 30)).toEqual({
      stale: false,
    });
    expect(isCloseOverdue({ stage: "closed_lost", expected_close_date: "2020-01-01" }, today)).toBe(false);
    expect(isCloseOverdue({ stage: "lead", expected_close_date: "2026-06-29" }, today)).toBe(true);
    expect(isCloseOverdue({ stage: "lead", expected_close_date: "2026-06-30" }, today)).toBe(false);
  });
});

describe("card party", () => {
  const none = { company_id: null, company_name: null, contact_id: null, contact_name: null };

  it("links the company, else the contact, else nothing", () => {
    const withBoth = { company_id: "co_1", company_name: "Acme", contact_id: "ct_1", contact_name: "Emily Carter" };
    expect(cardParty(withBoth)).toEqual({ name: "Acme", href: "/companies/co_1" });
    expect(cardParty({ ...none, contact_id: "ct_1", contact_name: "田中 太郎" })).toEqual({ name: "田中 太郎", href: "/contacts/ct_1" });
    expect(cardParty(none)).toBeNull();
  });

  it("shows a name without a record unlinked, and escapes ids in the path", () => {
    expect(cardParty({ ...none, company_name: "Acme" })).toEqual({ name: "Acme", href: null });
    expect(cardParty({ ...none, company_name: "Acme", contact_id: "ct_1", contact_name: "Emily" })).toEqual({ name: "Acme", href: null });
    expect(cardParty({ ...none, company_id: "a/b", company_name: "Slash" })).toEqual({ name: "Slash", href: "/companies/a%2Fb" });
  });
});
