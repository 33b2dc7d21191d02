import { beforeAll, describe, expect, it } from "vitest";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { activitiesOf, createDeal, DEALS, getDeal, snapshot, today } from "./deals-test-helpers";

let user: TestUser;

beforeAll(async () => {
  user = await signUp({ name: "Ken Mori" });
});

const move = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  api.post(`${DEALS}/${id}/stage`, body, { token: user.token, headers });

describe("POST /deals/{id}/stage", () => {
  it("moves the deal: { deal } with new stage, default probability, audit entry, stage_change activity", async () => {
    const deal = await createDeal(user, { stage: "lead" });
    const res = await move(deal.id, { stage: "proposal" });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["deal"]);
    const moved = body.deal;
    expect(moved).toMatchObject({ stage: "proposal", probability: 50, version: 2, won_date: null, actual_close_date: null });
    expect(moved.stage_entered_at >= deal.stage_entered_at).toBe(true);
    expect(moved.audit_log).toHaveLength(2);
    expect(moved.audit_log[1]).toEqual({ from: "lead", to: "proposal", at: moved.stage_entered_at, by: user.userId });

    const [latest] = await activitiesOf(user, deal.id);
    expect(latest).toMatchObject({ type: "stage_change", data: { from: "lead", to: "proposal" }, created_by: user.userId, created_by_name: "Ken Mori" });
  });

  it("resets probability to each stage's default unless the request sets it", async () => {
    const deal = await createDeal(user);
    expect(deal.probability).toBe(10);
    const expectations: Array<[string, number]> = [
      ["qualification", 20],
      ["proposal", 50],
      ["negotiation", 80],
      ["closed_won", 100],
      ["lead", 10],
    ];
    for (const [stage, probability] of expectations) {
      const res = await move(deal.id, { stage });
      expect((await res.json()).deal.probability).toBe(probability);
    }
    const custom = await move(deal.id, { stage: "negotiation", probability: 65 });
    expect((await custom.json()).deal.probability).toBe(65);
    const created = await createDeal(user, { stage: "proposal" });
    expect(created.probability).toBe(50);
    const createdCustom = await createDeal(user, { stage: "proposal", probability: 33 });
    expect(createdCustom.probability).toBe(33);
  });

  it("closed_won sets won_date and actual_close_date to today unless given; reopening clears both", async () => {
    const deal = await createDeal(user, { stage: "negotiation" });
    const won = (await (await move(deal.id, { stage: "closed_won" })).json()).deal;
    expect(won).toMatchObject({ stage: "closed_won", won_date: today(), actual_close_date: today(), probability: 100 });

    const reopened = (await (await move(deal.id, { stage: "proposal" })).json()).deal;
    expect(reopened).toMatchObject({ won_date: null, actual_close_date: null });

    const dated = (await (await move(deal.id, { stage: "closed_won", won_date: "2026-10-01", actual_close_date: "2026-10-02" })).json()).deal;
    expect(dated).toMatchObject({ won_date: "2026-10-01", actual_close_date: "2026-10-02" });

    const createdWon = await createDeal(user, { stage: "closed_won" });
    expect(createdWon).toMatchObject({ won_date: today(), actual_close_date: today(), probability: 100 });
  });

  it("closed_lost needs lost_reason and loss_category: 422 lost_reason_required, nothing changed", async () => {
    const deal = await createDeal(user, { stage: "proposal" });
    const before = await snapshot(deal.id);
    for (const body of [
      { stage: "closed_lost" },
      { stage: "closed_lost", lost_reason: "Too expensive" },
      { stage: "closed_lost", loss_category: "price" },
      { stage: "closed_lost", lost_reason: "   ", loss_category: "price" },
    ]) {
      const res = await move(deal.id, body);
      expect(res.status).toBe(422);
      const problem = await res.json();
      expect(problem.code).toBe("lost_reason_required");
      expect(problem.errors.length).toBeGreaterThan(0);
      for (const e of problem.errors) expect(["lost_reason", "loss_category"]).toContain(e.field);
    }
    const both = await move(deal.id, { stage: "closed_lost" });
    expect((await both.json()).errors.map((e: { field: string }) => e.field)).toEqual(["lost_reason", "loss_category"]);
    expect(await snapshot(deal.id)).toEqual(before);

    const lost = await move(deal.id, { stage: "closed_lost", lost_reason: "Too expensive", loss_category: "price", closure_notes: "Maybe next year" });
    expect(lost.status).toBe(200);
    expect((await lost.json()).deal).toMatchObject({
      stage: "closed_lost",
      lost_reason: "Too expensive",
      loss_category: "price",
      closure_notes: "Maybe next year",
      probability: 0,
      won_date: null,
      actual_close_date: today(),
    });
  });

  it("closed_lost accepts a reason already on the deal, and clears won_date when coming from won", async () => {
    const deal = await createDeal(user, { lost_reason: "Budget cut", loss_category: "no_budget", stage: "closed_won" });
    expect(deal.won_date).toBe(today());
    const res = await move(deal.id, { stage: "closed_lost" });
    expect(res.status).toBe(200);
    expect((await res.json()).deal).toMatchObject({ stage: "closed_lost", won_date: null, actual_close_date: today() });
  });

  it("creating a deal as closed_lost follows the same rule", async () => {
    const res = await api.post(DEALS, { name: "Lost on arrival", stage: "closed_lost" }, { token: user.token });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe("lost_reason_required");
    const ok = await createDeal(user, { stage: "closed_lost", lost_reason: "Went quiet", loss_category: "no_decision" });
    expect(ok).toMatchObject({ probability: 0, actual_close_date: today(), won_date: null });
  });

  it("moving to the same stage is a no-op: same version, no activity", async () => {
    const deal = await createDeal(user, { stage: "qualification" });
    const before = await snapshot(deal.id);
    const res = await move(deal.id, { stage: "qualification" });
    expect(res.status).toBe(200);
    expect((await res.json()).deal.version).toBe(1);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(await snapshot(deal.id)).toEqual(before);
  });

  it("rejects won_date on a deal that is not won and actual_close_date on an open one (422 invalid_for_stage)", async () => {
    const deal = await createDeal(user);
    const before = await snapshot(deal.id);
    const a = await api.patch(`${DEALS}/${deal.id}`, { won_date: "2026-01-01" }, { token: user.token });
    expect(a.status).toBe(422);
    expect(await a.json()).toMatchObject({ code: "invalid_for_stage", errors: [{ field: "won_date" }] });
    const b = await move(deal.id, { stage: "closed_lost", lost_reason: "x", loss_category: "other", won_date: "2026-01-01" });
    expect(b.status).toBe(422);
    const c = await api.patch(`${DEALS}/${deal.id}`, { actual_close_date: "2026-01-01" }, { token: user.token });
    expect(c.status).toBe(422);
    expect(await snapshot(deal.id)).toEqual(before);
  });
});

describe("stage in PATCH", () => {
  it("follows the same rules, with field_change for the other fields and stage_change for the stage", async () => {
    const deal = await createDeal(user, { stage: "lead", amount: 100 });
    const res = await api.patch(`${DEALS}/${deal.id}`, { stage: "closed_won", amount: 150 }, { token: user.token });
    expect(res.status).toBe(200);
    const won = (await res.json()).deal;
    expect(won).toMatchObject({ stage: "closed_won", probability: 100, won_date: today(), actual_close_date: today(), amount: 150, version: 2 });
    expect(won.audit_log.at(-1)).toMatchObject({ from: "lead", to: "closed_won", by: user.userId });
    const [first, second] = await activitiesOf(user, deal.id);
    expect(first).toMatchObject({ type: "stage_change", data: { from: "lead", to: "closed_won" } });
    expect(second).toMatchObject({ type: "field_change", data: { changes: [{ field: "amount", before: 100, after: 150 }] } });
  });

  it("needs the lost reason too, and keeps a set probability", async () => {
    const deal = await createDeal(user, { stage: "proposal" });
    const bad = await api.patch(`${DEALS}/${deal.id}`, { stage: "closed_lost" }, { token: user.token });
    expect(bad.status).toBe(422);
    expect((await bad.json()).code).toBe("lost_reason_required");
    const ok = await api.patch(`${DEALS}/${deal.id}`, { stage: "negotiation", probability: 70 }, { token: user.token });
    expect((await ok.json()).deal).toMatchObject({ stage: "negotiation", probability: 70 });
  });

  it("does not let a lost deal lose its reason", async () => {
    const deal = await createDeal(user, { stage: "closed_lost", lost_reason: "Price", loss_category: "price" });
    const res = await api.patch(`${DEALS}/${deal.id}`, { lost_reason: null }, { token: user.token });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe("lost_reason_required");
  });

  it("lets a won deal's won_date be corrected", async () => {
    const deal = await createDeal(user, { stage: "closed_won" });
    const res = await api.patch(`${DEALS}/${deal.id}`, { won_date: "2026-09-30" }, { token: user.token });
    expect(res.status).toBe(200);
    expect((await res.json()).deal.won_date).toBe("2026-09-30");
  });
});

describe("placing cards within a column", () => {
  async function column(stage: string) {
    const res = await api.get(`${DEALS}?stage=${stage}&sort=position&order=asc&limit=200`, { token: user.token });
    return ((await res.json()).items as Array<{ id: string; position: string }>).map((d) => d.id);
  }

  it("places a moved card between before_id and after_id, writing only the moved row", async () => {
    const fresh = await signUp();
    user = fresh;
    const [c, b, a] = [await createDeal(user, { stage: "proposal", name: "C" }), await createDeal(user, { stage: "proposal", name: "B" }), await createDeal(user, { stage: "proposal", name: "A" })];
    expect(await column("proposal")).toEqual([a.id, b.id, c.id]);
    const mover = await createDeal(user, { stage: "lead", name: "M" });

    const others = await Promise.all([a, b, c].map((d) => snapshot(d.id)));
    const res = await move(mover.id, { stage: "proposal", before_id: a.id, after_id: b.id });
    expect(res.status).toBe(200);
    expect(await column("proposal")).toEqual([a.id, mover.id, b.id, c.id]);
    expect(await Promise.all([a, b, c].map((d) => snapshot(d.id)))).toEqual(others);

    // Only before_id: directly below it.
    const m2 = await createDeal(user, { stage: "lead" });
    await move(m2.id, { stage: "proposal", before_id: b.id });
    expect(await column("proposal")).toEqual([a.id, mover.id, b.id, m2.id, c.id]);
    // Only after_id: directly above it.
    const m3 = await createDeal(user, { stage: "lead" });
    await move(m3.id, { stage: "proposal", after_id: a.id });
    expect(await column("proposal")).toEqual([m3.id, a.id, mover.id, b.id, m2.id, c.id]);
    // A 0-based position.
    const m4 = await createDeal(user, { stage: "lead" });
    await move(m4.id, { stage: "proposal", position: 2 });
    expect(await column("proposal")).toEqual([m3.id, a.id, m4.id, mover.id, b.id, m2.id, c.id]);
    // A position past the end goes last; no placement goes first.
    const m5 = await createDeal(user, { stage: "lead" });
    await move(m5.id, { stage: "proposal", position: 999 });
    expect((await column("proposal")).at(-1)).toBe(m5.id);
    const m6 = await createDeal(user, { stage: "lead" });
    await move(m6.id, { stage: "proposal" });
    expect((await column("proposal"))[0]).toBe(m6.id);
  });

  it("reorders within the same column: persists the rank, bumps the version, no stage_change activity", async () => {
    user = await signUp();
    const c = await createDeal(user, { stage: "negotiation" });
    const b = await createDeal(user, { stage: "negotiation" });
    const a = await createDeal(user, { stage: "negotiation" });
    expect(await column("negotiation")).toEqual([a.id, b.id, c.id]);
    const res = await move(a.id, { stage: "negotiation", before_id: c.id });
    expect(res.status).toBe(200);
    const moved = (await res.json()).deal;
    expect(moved.version).toBe(2);
    expect(moved.audit_log).toHaveLength(1);
    expect(await column("negotiation")).toEqual([b.id, c.id, a.id]);
    expect((await activitiesOf(user, a.id)).map((x) => x.type)).toEqual(["created"]);
    expect((await getDeal(user, a.id)).position).toBe(moved.position);

    const back = await move(a.id, { stage: "negotiation", position: 0 });
    expect(back.status).toBe(200);
    expect(await column("negotiation")).toEqual([a.id, b.id, c.id]);
  });

  it("refuses neighbours that are not live deals of this tenant in the target stage (422), changing nothing", async () => {
    user = await signUp();
    const other = await signUp();
    const foreign = await createDeal(other, { stage: "proposal" });
    const inLead = await createDeal(user, { stage: "lead" });
    const deleted = await createDeal(user, { stage: "proposal" });
    await api.delete(`${DEALS}/${deleted.id}`, { token: user.token });
    const mover = await createDeal(user, { stage: "qualification" });
    const before = await snapshot(mover.id);
    for (const body of [
      { stage: "proposal", before_id: foreign.id },
      { stage: "proposal", after_id: inLead.id },
      { stage: "proposal", before_id: deleted.id },
      { stage: "proposal", before_id: mover.id },
      { stage: "proposal", before_id: "deal_01JDX3Z8Q4M2N5P7R9S1T3V5W7" },
    ]) {
      const res = await move(mover.id, body);
      expect(res.status).toBe(422);
      const problem = await res.json();
      expect(problem.code).toBe("invalid_reference");
      expect(problem.errors[0].field).toBe(body.before_id ? "before_id" : "after_id");
    }
    const both = await move(mover.id, { stage: "proposal", before_id: inLead.id, position: 1 });
    expect(both.status).toBe(400);
    expect(await snapshot(mover.id)).toEqual(before);
  });
});
