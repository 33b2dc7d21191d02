import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import type { BoardData } from "@/lib/deals/board-math";
import type { Activity, Deal } from "@/lib/deals/schema";
import { DEFAULT_PIPELINE_STAGES, type Pipeline } from "@/lib/pipelines/model";
import { pipelineSchema } from "@/lib/pipelines/schema";
import type { PipelineReport } from "@/lib/reports/schema";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { activitiesOf, addRep, createDeal, createPipeline, DEALS, defaultPipeline, getDeal, PIPELINES } from "../deals/deals-test-helpers";

let manager: TestUser;
let rep: TestUser;

beforeAll(async () => {
  manager = await signUp({ name: "Manager" });
  rep = await addRep(manager, "Rep");
});

const CUSTOM_STAGES = [
  { name: "Discovery", probability: 15 },
  { id: "demo", name: "Demo", probability: 35, rotting_days: 7 },
  { name: "Trial", probability: 60 },
];

async function pipeline(user: TestUser, id: string): Promise<Pipeline> {
  const res = await api.get(`${PIPELINES}/${id}`, { token: user.token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { pipeline: Pipeline }).pipeline;
}

async function board(user: TestUser, query = ""): Promise<BoardData> {
  const res = await api.get(`/api/v1/crm/board${query}`, { token: user.token });
  expect(res.status).toBe(200);
  return res.json();
}

/** Live deals per (pipeline, stage, currency) counted from the deals, and as the trigger-kept totals say. */
async function totals(tenantId: string) {
  const real = await sql<{ key: string; n: number; amount: string }>`
    select pipeline_id || ' ' || stage || ' ' || rtrim(currency) as key, count(*)::int as n, coalesce(sum(amount), 0)::numeric(24, 2)::text as amount
      from deals where tenant_id = ${tenantId} and not is_deleted group by 1 order by 1`.execute(getDb());
  const kept = await sql<{ key: string; n: number; amount: string }>`
    select pipeline_id || ' ' || stage || ' ' || rtrim(currency) as key, sum(deal_count)::int as n, sum(amount_sum)::numeric(24, 2)::text as amount
      from deal_stage_totals where tenant_id = ${tenantId} group by 1 having sum(deal_count) <> 0 order by 1`.execute(getDb());
  return { real: real.rows, kept: kept.rows };
}

describe("GET /pipelines", () => {
  it("gives every workspace one default pipeline with the reference's six stages, probabilities and 30 rotting days", async () => {
    const user = await signUp();
    const res = await api.get(PIPELINES, { token: user.token });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Pipeline[] };
    expect(items).toHaveLength(1);
    const [only] = items;
    expect(() => pipelineSchema.strict().parse(only)).not.toThrow();
    expect(only).toMatchObject({ name: "Sales pipeline", is_default: true, position: 0, version: 1 });
    expect(only.id).toMatch(/^pipe_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(only.stages).toEqual(DEFAULT_PIPELINE_STAGES);
    // A deal created with no pipeline lands in it, in Lead at 10 %.
    const deal = await createDeal(user);
    expect(deal).toMatchObject({ pipeline_id: only.id, stage: "lead", probability: 10 });
  });

  it("is readable by reps; another workspace's pipeline is not found", async () => {
    const own = await defaultPipeline(manager);
    expect((await api.get(`${PIPELINES}/${own.id}`, { token: rep.token })).status).toBe(200);
    const stranger = await signUp();
    const res = await api.get(`${PIPELINES}/${own.id}`, { token: stranger.token });
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe("not_found");
    expect((await api.get(`${PIPELINES}/pipe_nope`, { token: stranger.token })).status).toBe(404);
  });
});

describe("POST /pipelines", () => {
  it("creates a pipeline with its own stages: ids from names, Won and Lost appended, probabilities and rotting days as given", async () => {
    const res = await api.post(PIPELINES, { name: "Enterprise", stages: CUSTOM_STAGES }, { token: manager.token });
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    const created = ((await res.json()) as { pipeline: Pipeline }).pipeline;
    expect(res.headers.get("location")).toBe(`${PIPELINES}/${created.id}`);
    expect(created).toMatchObject({ name: "Enterprise", is_default: false, position: 1 });
    expect(created.stages).toEqual([
      { id: "discovery", name: "Discovery", kind: "open", probability: 15, rotting_days: null, position: 1 },
      { id: "demo", name: "Demo", kind: "open", probability: 35, rotting_days: 7, position: 2 },
      { id: "trial", name: "Trial", kind: "open", probability: 60, rotting_days: null, position: 3 },
      { id: "closed_won", name: "Won", kind: "won", probability: 100, rotting_days: null, position: 4 },
      { id: "closed_lost", name: "Lost", kind: "lost", probability: 0, rotting_days: null, position: 5 },
    ]);
    const listed = ((await (await api.get(PIPELINES, { token: rep.token })).json()) as { items: Pipeline[] }).items;
    expect(listed.map((p) => p.name)).toEqual(["Sales pipeline", "Enterprise"]);
  });

  it("starts with the default stages when none are given", async () => {
    const created = await createPipeline(manager, { name: "Renewals" });
    expect(created.stages).toEqual(DEFAULT_PIPELINE_STAGES.map((s) => ({ ...s })));
  });

  it("is for managers: a rep gets 403 and nothing is created", async () => {
    const before = (await (await api.get(PIPELINES, { token: rep.token })).json()).items.length;
    const res = await api.post(PIPELINES, { name: "Mine" }, { token: rep.token });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("forbidden");
    expect((await (await api.get(PIPELINES, { token: rep.token })).json()).items.length).toBe(before);
  });

  it("refuses a stage list that is not a pipeline (400 naming the stage), changing nothing", async () => {
    const user = await signUp();
    const cases: Array<[unknown, string]> = [
      [[{ name: "Won", kind: "won" }], "stages.0.kind"],
      [[{ id: "a", name: "A" }, { id: "a", name: "A again" }], "stages.1.id"],
      [[{ id: "closed_won", name: "Won" }, { name: "Late" }], "stages.0"],
      [[{ id: "closed_lost", name: "Lost", rotting_days: 5 }, { name: "A" }], "stages.0.rotting_days"],
      [[{ id: "Bad Id", name: "x" }], "stages.0.id"],
      [[{ name: "x", probability: 101 }], "stages.0.probability"],
      [[], "stages"],
    ];
    for (const [stages, field] of cases) {
      const res = await api.post(PIPELINES, { name: "Bad", stages }, { token: user.token });
      expect(res.status, JSON.stringify(stages)).toBe(400);
      const problem = await res.json();
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors.map((e: { field: string }) => e.field), JSON.stringify(stages)).toContain(field);
    }
    expect((await (await api.get(PIPELINES, { token: user.token })).json()).items).toHaveLength(1);
  });
});

describe("deals in a custom pipeline", () => {
  let custom: Pipeline;
  beforeAll(async () => {
    custom = await createPipeline(manager, { name: "Custom deals", stages: CUSTOM_STAGES });
  });

  it("creates a deal in its first open stage with that stage's probability; a stage of another pipeline is 422 unknown_stage", async () => {
    const deal = await createDeal(rep, { pipeline_id: custom.id });
    expect(deal).toMatchObject({ pipeline_id: custom.id, stage: "discovery", probability: 15 });
    const inDemo = await createDeal(rep, { pipeline_id: custom.id, stage: "demo" });
    expect(inDemo.probability).toBe(35);
    const wrong = await api.post(DEALS, { name: "x", pipeline_id: custom.id, stage: "proposal" }, { token: rep.token });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ code: "unknown_stage", allowed: custom.stages.map((s) => s.id) });
  });

  it("moves through the pipeline's stages with their probabilities, and the closing rules hold", async () => {
    const deal = await createDeal(rep, { pipeline_id: custom.id, amount: 1000 });
    const moved = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "trial" }, { token: rep.token });
    expect(moved.status).toBe(200);
    expect((await moved.json()).deal).toMatchObject({ stage: "trial", probability: 60 });
    const lostWithoutReason = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "closed_lost" }, { token: rep.token });
    expect(lostWithoutReason.status).toBe(422);
    expect((await lostWithoutReason.json()).code).toBe("lost_reason_required");
    const won = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "closed_won" }, { token: rep.token });
    expect((await won.json()).deal).toMatchObject({ stage: "closed_won", probability: 100, won_date: expect.any(String) });
    const unknown = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "negotiation" }, { token: rep.token });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).code).toBe("unknown_stage");
  });

  it("shows the pipeline's board: its columns, its deals only, and totals per pipeline", async () => {
    const data = await board(rep, `?pipeline_id=${custom.id}`);
    expect(data.pipeline.id).toBe(custom.id);
    expect(data.columns.map((c) => c.stage)).toEqual(custom.stages.map((s) => s.id));
    const ids = data.columns.flatMap((c) => c.items.map((d) => d.id));
    const all = ((await (await api.get(`${DEALS}?pipeline_id=${custom.id}&limit=200`, { token: rep.token })).json()) as { items: Deal[]; total: number });
    expect(new Set(ids)).toEqual(new Set(all.items.map((d) => d.id)));
    expect(data.columns.reduce((n, c) => n + c.count, 0)).toBe(all.total);
    // The default board does not show them.
    const main = await board(rep);
    expect(main.pipeline.is_default).toBe(true);
    expect(main.columns.flatMap((c) => c.items).some((d) => ids.includes(d.id))).toBe(false);
    const { real, kept } = await totals(manager.tenantId);
    expect(kept).toEqual(real);
  });

  it("moves a deal to another pipeline with PATCH pipeline_id + stage, as a stage change on the timeline and in the audit log", async () => {
    const main = await defaultPipeline(manager);
    const deal = await createDeal(rep, { amount: 500, stage: "proposal" });
    const res = await api.patch(`${DEALS}/${deal.id}`, { pipeline_id: custom.id, stage: "demo" }, { token: rep.token });
    expect(res.status).toBe(200);
    const moved = ((await res.json()) as { deal: Deal }).deal;
    expect(moved).toMatchObject({ pipeline_id: custom.id, stage: "demo", probability: 35, version: deal.version + 1 });
    expect(moved.audit_log.at(-1)).toMatchObject({ from: "proposal", to: "demo", from_pipeline: main.id, to_pipeline: custom.id });
    const timeline = await activitiesOf(rep, deal.id);
    const change = timeline.find((a: Activity) => a.type === "stage_change")!;
    expect(change.data).toMatchObject({ from: "proposal", to: "demo", from_pipeline: main.id, to_pipeline: custom.id });
    expect(timeline.some((a: Activity) => a.type === "field_change")).toBe(false);
    // Its card is at the top of the new column, and the totals follow.
    const data = await board(rep, `?pipeline_id=${custom.id}`);
    expect(data.columns.find((c) => c.stage === "demo")!.items[0].id).toBe(deal.id);
    const { real, kept } = await totals(manager.tenantId);
    expect(kept).toEqual(real);
  });

  it("refuses a pipeline move that leaves the deal in a stage the new pipeline lacks, or into another workspace's pipeline (422)", async () => {
    const deal = await createDeal(rep, { stage: "proposal" });
    const before = await getDeal(rep, deal.id);
    const noStage = await api.patch(`${DEALS}/${deal.id}`, { pipeline_id: custom.id }, { token: rep.token });
    expect(noStage.status).toBe(422);
    expect((await noStage.json()).code).toBe("unknown_stage");
    const stranger = await signUp();
    const foreign = await defaultPipeline(stranger);
    for (const res of [
      await api.patch(`${DEALS}/${deal.id}`, { pipeline_id: foreign.id, stage: "lead" }, { token: rep.token }),
      await api.post(DEALS, { name: "x", pipeline_id: foreign.id }, { token: rep.token }),
    ]) {
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: "invalid_reference", errors: [{ field: "pipeline_id" }] });
    }
    expect(await getDeal(rep, deal.id)).toEqual(before);
  });
});

describe("PATCH /pipelines/{id}", () => {
  it("renames, reorders and changes probabilities and rotting days; deals keep the probability they have", async () => {
    const p = await createPipeline(manager, { name: "Edits", stages: CUSTOM_STAGES });
    const deal = await createDeal(manager, { pipeline_id: p.id, stage: "demo" });
    const stages = [
      { id: "demo", name: "Product demo", probability: 40, rotting_days: 3 },
      { id: "discovery", name: "Discovery", probability: 15 },
      { id: "trial", name: "Trial", probability: 60 },
      { id: "closed_won", name: "Signed" },
      { id: "closed_lost", name: "Lost" },
    ];
    const res = await api.patch(`${PIPELINES}/${p.id}`, { name: "Edited", stages }, { token: manager.token, headers: { "if-match": '"1"' } });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    const edited = ((await res.json()) as { pipeline: Pipeline }).pipeline;
    expect(edited.name).toBe("Edited");
    expect(edited.stages.map((s) => [s.id, s.name, s.probability, s.rotting_days])).toEqual([
      ["demo", "Product demo", 40, 3],
      ["discovery", "Discovery", 15, null],
      ["trial", "Trial", 60, null],
      ["closed_won", "Signed", 100, null],
      ["closed_lost", "Lost", 0, null],
    ]);
    expect((await getDeal(manager, deal.id)).probability).toBe(35);
    // A PATCH that changes nothing keeps the version.
    const same = await api.patch(`${PIPELINES}/${p.id}`, { name: "Edited" }, { token: manager.token });
    expect(((await same.json()) as { pipeline: Pipeline }).pipeline.version).toBe(2);
  });

  it("refuses to remove a stage that holds deals (409 with the counts) unless they move, then moves them like a stage move of each", async () => {
    const p = await createPipeline(manager, { name: "Removals", stages: CUSTOM_STAGES });
    const a = await createDeal(manager, { pipeline_id: p.id, stage: "demo", amount: 100 });
    const b = await createDeal(manager, { pipeline_id: p.id, stage: "demo", amount: 200 });
    const trashed = await createDeal(manager, { pipeline_id: p.id, stage: "demo" });
    expect((await api.delete(`${DEALS}/${trashed.id}`, { token: manager.token })).status).toBe(200);
    const without = [
      { id: "discovery", name: "Discovery" },
      { id: "trial", name: "Trial" },
    ];
    const refused = await api.patch(`${PIPELINES}/${p.id}`, { stages: without }, { token: manager.token });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "stage_has_deals", counts: { demo: 3 }, live_counts: { demo: 2 } });
    expect(await pipeline(manager, p.id)).toEqual(p);

    const badTarget = await api.patch(`${PIPELINES}/${p.id}`, { stages: without, move_deals_to: "closed_won" }, { token: manager.token });
    expect(badTarget.status).toBe(422);
    expect((await badTarget.json()).code).toBe("unknown_stage");
    expect(await pipeline(manager, p.id)).toEqual(p);

    const res = await api.patch(`${PIPELINES}/${p.id}`, { stages: without, move_deals_to: "trial" }, { token: manager.token });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { pipeline: Pipeline }).pipeline.stages.map((s) => s.id)).toEqual(["discovery", "trial", "closed_won", "closed_lost"]);
    for (const deal of [a, b]) {
      const moved = await getDeal(manager, deal.id);
      expect(moved).toMatchObject({ stage: "trial", probability: 60, version: deal.version + 1 });
      expect(moved.audit_log.at(-1)).toMatchObject({ from: "demo", to: "trial", by: manager.userId });
      expect((await activitiesOf(manager, deal.id)).find((x: Activity) => x.type === "stage_change")?.data).toMatchObject({ from: "demo", to: "trial" });
    }
    const { rows } = await sql<{ stage: string }>`select stage from deals where id = ${trashed.id}`.execute(getDb());
    expect(rows[0].stage).toBe("trial");
    const { real, kept } = await totals(manager.tenantId);
    expect(kept).toEqual(real);
  });

  it("makes another pipeline the default: exactly one default at a time", async () => {
    const user = await signUp();
    const first = await defaultPipeline(user);
    const second = await createPipeline(user, { name: "Second" });
    const res = await api.patch(`${PIPELINES}/${second.id}`, { is_default: true }, { token: user.token });
    expect(res.status).toBe(200);
    const { items } = (await (await api.get(PIPELINES, { token: user.token })).json()) as { items: Pipeline[] };
    expect(items.filter((p) => p.is_default).map((p) => p.id)).toEqual([second.id]);
    // New deals and the plain board now use it.
    expect((await createDeal(user)).pipeline_id).toBe(second.id);
    expect((await board(user)).pipeline.id).toBe(second.id);
    expect(items.find((p) => p.id === first.id)!.is_default).toBe(false);
  });

  it("answers 409 version_conflict to one of two concurrent edits, with the current pipeline", async () => {
    const p = await createPipeline(manager, { name: "Race" });
    const [x, y] = await Promise.all([
      api.patch(`${PIPELINES}/${p.id}`, { name: "By X" }, { token: manager.token, headers: { "if-match": '"1"' } }),
      api.patch(`${PIPELINES}/${p.id}`, { name: "By Y" }, { token: manager.token, headers: { "if-match": '"1"' } }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const loser = x.status === 409 ? x : y;
    const problem = await loser.json();
    expect(problem).toMatchObject({ code: "version_conflict", pipeline: { id: p.id, version: 2 } });
    expect((await pipeline(manager, p.id)).name).toBe(problem.pipeline.name);
  });

  it("is for managers: a rep gets 403 and nothing changes", async () => {
    const p = await createPipeline(manager, { name: "Locked" });
    const res = await api.patch(`${PIPELINES}/${p.id}`, { name: "Mine now" }, { token: rep.token });
    expect(res.status).toBe(403);
    expect(await pipeline(manager, p.id)).toEqual(p);
    expect((await api.delete(`${PIPELINES}/${p.id}`, { token: rep.token })).status).toBe(403);
  });
});

describe("DELETE /pipelines/{id}", () => {
  it("never deletes the default pipeline", async () => {
    const user = await signUp();
    const main = await defaultPipeline(user);
    const res = await api.delete(`${PIPELINES}/${main.id}`, { token: user.token });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe("default_pipeline");
  });

  it("refuses a pipeline with deals (409 with the count) unless they move to another pipeline's open stage, then deletes it", async () => {
    const user = await signUp();
    const main = await defaultPipeline(user);
    const doomed = await createPipeline(user, { name: "Doomed", stages: CUSTOM_STAGES });
    const deal = await createDeal(user, { pipeline_id: doomed.id, stage: "trial", amount: 700 });
    const refused = await api.delete(`${PIPELINES}/${doomed.id}`, { token: user.token });
    expect(refused.status).toBe(409);
    // A body is optional, but one that is sent must be JSON.
    const notJson = await api.delete(`${PIPELINES}/${doomed.id}`, { token: user.token, body: "move them", headers: { "content-type": "text/plain" } });
    expect(notJson.status).toBe(415);
    expect(await refused.json()).toMatchObject({ code: "pipeline_has_deals", count: 1, live_count: 1 });

    const intoItself = await api.delete(`${PIPELINES}/${doomed.id}`, { token: user.token, body: { move_deals_to: { pipeline_id: doomed.id, stage: "demo" } } });
    expect(intoItself.status).toBe(422);
    const intoLost = await api.delete(`${PIPELINES}/${doomed.id}`, { token: user.token, body: { move_deals_to: { pipeline_id: main.id, stage: "closed_lost" } } });
    expect(intoLost.status).toBe(422);
    expect((await intoLost.json()).code).toBe("unknown_stage");

    const res = await api.delete(`${PIPELINES}/${doomed.id}`, { token: user.token, body: { move_deals_to: { pipeline_id: main.id, stage: "negotiation" } } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect((await api.get(`${PIPELINES}/${doomed.id}`, { token: user.token })).status).toBe(404);
    const moved = await getDeal(user, deal.id);
    expect(moved).toMatchObject({ pipeline_id: main.id, stage: "negotiation", probability: 80 });
    expect(moved.audit_log.at(-1)).toMatchObject({ from: "trial", to: "negotiation", from_pipeline: doomed.id, to_pipeline: main.id });
    const { real, kept } = await totals(user.tenantId);
    expect(kept).toEqual(real);
  });
});

describe("the pipeline report", () => {
  it("covers every pipeline (grouped) or one, with each stage's totals and per-stage rotting days", async () => {
    const user = await signUp();
    const main = await defaultPipeline(user);
    const fast = await createPipeline(user, { name: "Fast", stages: [{ id: "call", name: "Call", probability: 30, rotting_days: 1 }] });
    const slow = await createDeal(user, { amount: 100, stage: "proposal" });
    const quick = await createDeal(user, { pipeline_id: fast.id, amount: 50 });
    // Both entered their stage three days ago: only the one-day stage rots (the default stages rot after 30).
    await sql`update deals set stage_entered_at = now() - interval '3 days' where id in (${slow.id}, ${quick.id})`.execute(getDb());

    const all = (await (await api.get("/api/v1/crm/reports/pipeline", { token: user.token })).json()) as PipelineReport;
    expect(all.pipeline_id).toBeNull();
    expect(all.pipelines.map((p) => p.pipeline_id)).toEqual([main.id, fast.id]);
    expect(all.pipelines[1].stages.map((s) => [s.stage, s.name, s.count])).toEqual([
      ["call", "Call", 1],
      ["closed_won", "Won", 0],
      ["closed_lost", "Lost", 0],
    ]);
    expect(all.stages.map((s) => s.stage)).toEqual(DEFAULT_PIPELINE_STAGES.map((s) => s.id));
    expect(all.open.find((o) => o.currency === "JPY")).toMatchObject({ count: 2, amount: 150 });
    expect(all.attention.items.map((i) => [i.id, i.reasons])).toEqual([[quick.id, ["idle_in_stage"]]]);

    const one = (await (await api.get(`/api/v1/crm/reports/pipeline?pipeline_id=${fast.id}`, { token: user.token })).json()) as PipelineReport;
    expect(one.pipeline_id).toBe(fast.id);
    expect(one.pipelines).toHaveLength(1);
    expect(one.stages.map((s) => s.stage)).toEqual(["call", "closed_won", "closed_lost"]);
    expect(one.open).toEqual([{ currency: "JPY", count: 1, amount: 50, weighted: 15 }]);
    const stranger = await signUp();
    const foreign = await api.get(`/api/v1/crm/reports/pipeline?pipeline_id=${fast.id}`, { token: stranger.token });
    expect(foreign.status).toBe(404);
  });
});
