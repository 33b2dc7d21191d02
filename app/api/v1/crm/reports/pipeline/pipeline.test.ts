import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoCrm } from "@/db/seed-crm";
import { getDb } from "@/lib/db";
import { dealSchema } from "@/lib/deals/schema";
import { DEFAULT_PIPELINE_STAGES, openStages } from "@/lib/pipelines/model";

const STAGE_IDS = DEFAULT_PIPELINE_STAGES.map((s) => s.id);
const OPEN_STAGES = openStages(DEFAULT_PIPELINE_STAGES).map((s) => s.id);
/** The default pipeline's open stages rot after 30 days. */
const STALE_AFTER_DAYS = 30;
import { pipelineReportSchema, type PipelineReport } from "@/lib/reports/schema";
import { api, joinByInvitation, signUp, type TestUser } from "@/tests/support/http";

async function repIn(manager: TestUser, name: string): Promise<TestUser> {
  return joinByInvitation(manager, await signUp({ name }));
}

interface RawDeal {
  id: string;
  stage: string;
  currency: string;
  amount: number;
  probability: number;
  assigned_member_id: string | null;
  expected_close_date: string | null;
  next_followup_date: string | null;
  actual_close_date: string | null;
  won_date: string | null;
  stage_entered_at: Date;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const sum = (xs: number[]) => round2(xs.reduce((a, b) => a + b, 0));

let manager: TestUser;
let rep: TestUser;
let report: PipelineReport;
let deals: RawDeal[];

// One demo tenant for the whole file: seeding is the expensive part.
beforeAll(async () => {
  manager = await signUp({ name: "Mika Sato" });
  rep = await repIn(manager, "Ken Tanaka");
  const rep2 = await repIn(manager, "Emily Carter");
  await seedDemoCrm(getDb(), { tenantId: manager.tenantId, managerId: manager.userId, repIds: [rep.userId, rep2.userId] });

  const res = await api.get("/api/v1/crm/reports/pipeline", { token: manager.token });
  expect(res.status).toBe(200);
  report = await res.json();
  const rows = await sql<RawDeal & { amount: string }>`
    select id, stage, currency::text as currency, amount, probability, assigned_member_id, expected_close_date,
           next_followup_date, actual_close_date, won_date, stage_entered_at
    from deals where tenant_id = ${manager.tenantId} and not is_deleted`.execute(getDb());
  deals = rows.rows.map((r) => ({ ...r, amount: Number(r.amount ?? 0), stage_entered_at: new Date(r.stage_entered_at) }));
});

describe("pipeline report on the demo data", () => {
  it("matches the response schema and covers every stage", () => {
    expect(pipelineReportSchema.parse(report)).toEqual(report);
    expect(report.stages.map((s) => s.stage)).toEqual(STAGE_IDS);
    expect(report.currencies[0]).toBe("JPY");
    expect(report.as_of).toBe(new Date().toISOString().slice(0, 10));
  });

  it("has per-stage counts, totals and weighted totals per currency equal to a direct aggregate", async () => {
    const direct = await sql<{ stage: string; currency: string; n: number; amount: string; weighted: string }>`
      select stage, currency::text as currency, count(*)::int as n, sum(amount) as amount, round(sum(amount * probability / 100.0), 2) as weighted
      from deals where tenant_id = ${manager.tenantId} and not is_deleted group by 1, 2`.execute(getDb());
    for (const stage of report.stages) {
      const expected = direct.rows.filter((r) => r.stage === stage.stage);
      expect(stage.count).toBe(expected.reduce((n, r) => n + r.n, 0));
      expect(stage.count).toBeGreaterThan(0);
      expect(stage.totals).toHaveLength(expected.length);
      for (const t of stage.totals) {
        const e = expected.find((r) => r.currency === t.currency)!;
        expect(t).toEqual({ currency: e.currency, count: e.n, amount: Number(e.amount), weighted: Number(e.weighted) });
      }
    }
    const openJpy = deals.filter((d) => OPEN_STAGES.includes(d.stage as never) && d.currency === "JPY");
    expect(report.open.find((o) => o.currency === "JPY")).toEqual({
      currency: "JPY",
      count: openJpy.length,
      amount: sum(openJpy.map((d) => d.amount)),
      weighted: sum(openJpy.map((d) => (d.amount * d.probability) / 100)),
    });
  });

  it("forecasts open deals by expected close month, never mixing currencies", () => {
    const monthStart = `${report.as_of.slice(0, 7)}-01`;
    const bucketOf = (d: RawDeal) => (!d.expected_close_date ? "undated" : d.expected_close_date < monthStart ? "overdue" : d.expected_close_date.slice(0, 7));
    const open = deals.filter((d) => OPEN_STAGES.includes(d.stage as never));
    const keys = new Set(open.map((d) => `${bucketOf(d)}|${d.currency}`));
    expect(report.forecast).toHaveLength(keys.size);
    for (const f of report.forecast) {
      const members = open.filter((d) => bucketOf(d) === f.bucket && d.currency === f.currency);
      expect(f).toEqual({
        bucket: f.bucket,
        currency: f.currency,
        count: members.length,
        amount: sum(members.map((d) => d.amount)),
        weighted: sum(members.map((d) => (d.amount * d.probability) / 100)),
      });
    }
    expect(report.forecast.reduce((n, f) => n + f.count, 0)).toBe(open.length);
    expect(report.forecast.filter((f) => /^\d{4}-\d{2}$/.test(f.bucket)).length).toBeGreaterThan(4);
  });

  it("computes win rate and average won deal size over the last 90 days", () => {
    const from = report.closed.from;
    expect(from).toBe(new Date(new Date(`${report.as_of}T00:00:00Z`).getTime() - 89 * 86_400_000).toISOString().slice(0, 10));
    const closed = deals.filter((d) => (d.stage === "closed_won" || d.stage === "closed_lost") && d.actual_close_date! >= from && d.actual_close_date! <= report.as_of);
    const won = closed.filter((d) => d.stage === "closed_won");
    expect(report.closed.won_count).toBe(won.length);
    expect(report.closed.lost_count).toBe(closed.length - won.length);
    expect(report.closed.win_rate).toBeCloseTo(won.length / closed.length, 10);
    expect(won.length).toBeGreaterThan(0);
    const wonJpy = won.filter((d) => d.currency === "JPY");
    expect(report.closed.by_currency.find((c) => c.currency === "JPY")).toMatchObject({
      won_count: wonJpy.length,
      won_amount: sum(wonJpy.map((d) => d.amount)),
      average_won_amount: round2(sum(wonJpy.map((d) => d.amount)) / wonJpy.length),
    });
  });

  it("has a row per owner with open and weighted amounts and this quarter's wins", () => {
    expect(report.owners.map((o) => o.name)).toEqual(["Emily Carter", "Ken Tanaka", "Mika Sato"]);
    const [y, m] = report.as_of.split("-").map(Number);
    const qStart = `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
    expect(report.quarter).toEqual({ from: qStart, to: report.as_of });
    for (const owner of report.owners) {
      const mine = deals.filter((d) => d.assigned_member_id === owner.member_id);
      const open = mine.filter((d) => OPEN_STAGES.includes(d.stage as never));
      expect(owner.open_count).toBe(open.length);
      for (const o of owner.open) {
        const c = open.filter((d) => d.currency === o.currency);
        expect(o).toEqual({ currency: o.currency, count: c.length, amount: sum(c.map((d) => d.amount)), weighted: sum(c.map((d) => (d.amount * d.probability) / 100)) });
      }
      expect(owner.open.reduce((n, o) => n + o.count, 0)).toBe(open.length);
      const won = mine.filter((d) => d.stage === "closed_won" && d.won_date! >= qStart && d.won_date! <= report.as_of);
      expect(owner.won_this_quarter.reduce((n, w) => n + w.count, 0)).toBe(won.length);
      for (const w of owner.won_this_quarter) expect(w.amount).toBe(sum(won.filter((d) => d.currency === w.currency).map((d) => d.amount)));
    }
  });

  it("lists overdue, missed follow-up and idle deals as the board defines them", () => {
    const now = new Date(report.generated_at);
    const flagged = deals.filter(
      (d) =>
        OPEN_STAGES.includes(d.stage as never) &&
        ((d.expected_close_date !== null && d.expected_close_date < report.as_of) ||
          (d.next_followup_date !== null && d.next_followup_date < report.as_of) ||
          Math.floor((now.getTime() - d.stage_entered_at.getTime()) / 86_400_000) > STALE_AFTER_DAYS),
    );
    expect(report.attention.total).toBe(flagged.length);
    expect(report.attention.items.map((i) => i.id).sort()).toEqual(flagged.map((d) => d.id).sort());
    const reasons = new Set(report.attention.items.flatMap((i) => i.reasons));
    expect(reasons).toEqual(new Set(["close_overdue", "followup_overdue", "idle_in_stage"]));
    for (const item of report.attention.items) expect(item.reasons.length).toBeGreaterThan(0);
  });

  it("is for managers only: a rep gets 403", async () => {
    const res = await api.get("/api/v1/crm/reports/pipeline", { token: rep.token });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "forbidden", status: 403 });
    expect((await api.get("/api/v1/crm/reports/pipeline")).status).toBe(401);
    expect((await api.get("/api/v1/crm/reports/pipeline?x=1", { token: manager.token })).status).toBe(400);
  });

  it("shows another tenant nothing of the demo tenant's deals", async () => {
    const other = await signUp();
    const res = await api.get("/api/v1/crm/reports/pipeline", { token: other.token });
    expect(res.status).toBe(200);
    const empty: PipelineReport = await res.json();
    expect(empty.stages.every((s) => s.count === 0 && s.totals.length === 0)).toBe(true);
    expect(empty).toMatchObject({ currencies: [], open: [], forecast: [], attention: { total: 0, items: [] } });
    expect(empty.closed).toMatchObject({ won_count: 0, lost_count: 0, win_rate: null, by_currency: [] });
    expect(empty.owners).toEqual([{ member_id: other.userId, name: "Test User", role: "owner", open_count: 0, open: [], won_this_quarter: [] }]);
  });
});

describe("demo seed", () => {
  it("writes deals exactly as the service would: numbers, counters, ranks, versions, audit log and timeline agree", async () => {
    const db = getDb();
    const tenantId = manager.tenantId;
    const rows = await db.selectFrom("deals").selectAll().where("tenant_id", "=", tenantId).execute();
    const live = rows.filter((d) => !d.is_deleted);
    expect(live).toHaveLength(120);
    expect(new Set(live.map((d) => d.stage))).toEqual(new Set(STAGE_IDS));
    expect(new Set(live.map((d) => d.assigned_member_id)).size).toBe(3);
    expect(live.filter((d) => d.currency.trim() === "JPY").length).toBeGreaterThan(live.length * 0.7);
    expect(new Set(live.map((d) => d.currency.trim()))).toEqual(new Set(["JPY", "USD", "EUR"]));

    // Numbers: DEAL-<year>-<5 digits>, unique, and the counter is at the highest one used.
    for (const d of rows) expect(d.deal_number).toMatch(/^DEAL-\d{4}-\d{5}$/);
    expect(new Set(rows.map((d) => d.deal_number)).size).toBe(rows.length);
    const counters = await db.selectFrom("deal_counters").selectAll().where("tenant_id", "=", tenantId).execute();
    for (const c of counters) {
      const max = Math.max(...rows.filter((d) => d.deal_number.startsWith(`DEAL-${c.year}-`)).map((d) => Number(d.deal_number.slice(-5))));
      expect(c.last_value).toBe(max);
    }

    // Ranks: unique within each stage column.
    for (const stage of STAGE_IDS) {
      const positions = rows.filter((d) => d.stage === stage).map((d) => d.position);
      expect(new Set(positions).size).toBe(positions.length);
    }

    const activities = await db.selectFrom("deal_activities").selectAll().where("tenant_id", "=", tenantId).execute();
    for (const d of rows) {
      const audit = (typeof d.audit_log === "string" ? JSON.parse(d.audit_log) : d.audit_log) as Array<{ from: string | null; to: string; at: string; by: string }>;
      const mine = activities.filter((a) => a.deal_id === d.id);
      const data = (a: (typeof mine)[number]) => (typeof a.data === "string" ? JSON.parse(a.data) : a.data) as Record<string, unknown>;
      const stageChanges = mine.filter((a) => a.type === "stage_change").sort((a, b) => +new Date(a.occurred_at) - +new Date(b.occurred_at));
      expect(audit[0].from).toBeNull();
      expect(audit.at(-1)!.to).toBe(d.stage);
      expect(stageChanges.map((a) => ({ from: data(a).from, to: data(a).to, at: new Date(a.occurred_at).toISOString(), by: a.created_by }))).toEqual(audit.slice(1));
      expect(mine.filter((a) => a.type === "created")).toHaveLength(1);
      // One version per write; a write's activities (e.g. a closing move's field and stage change) share its instant.
      const writes = new Set(mine.filter((a) => a.type !== "note" && a.type !== "call" && a.type !== "email" && a.type !== "meeting" && a.type !== "task").map((a) => +new Date(a.occurred_at)));
      expect(d.version).toBe(writes.size);
      if (d.stage === "closed_lost") {
        const closing = mine.find((a) => a.type === "field_change" && +new Date(a.occurred_at) === +new Date(audit.at(-1)!.at));
        expect(data(closing!).changes).toEqual([
          { field: "lost_reason", before: null, after: d.lost_reason },
          { field: "loss_category", before: null, after: d.loss_category },
        ]);
      }
      for (const a of mine) expect(new Date(a.occurred_at).getTime()).toBeLessThanOrEqual(Date.now());
      expect(new Date(d.stage_entered_at).toISOString()).toBe(audit.at(-1)!.at);

      if (d.stage === "closed_won") expect(d.won_date && d.won_date === d.actual_close_date).toBeTruthy();
      if (d.stage === "closed_lost") expect(d.lost_reason && d.loss_category && d.actual_close_date && !d.won_date).toBeTruthy();
      if (OPEN_STAGES.includes(d.stage as never)) expect(d.won_date ?? d.actual_close_date ?? d.lost_reason).toBeNull();
    }

    // The trigger-kept totals agree with the rows.
    const totals = await db.selectFrom("deal_stage_totals").selectAll().where("tenant_id", "=", tenantId).where("deal_count", ">", 0).execute();
    expect(totals.reduce((n, t) => n + t.deal_count, 0)).toBe(120);

    // Contacts belong to companies of the same tenant; deals reference the tenant's records.
    const contacts = await db.selectFrom("contacts").select(["id", "company_id"]).where("tenant_id", "=", tenantId).execute();
    const companies = await db.selectFrom("companies").select("id").where("tenant_id", "=", tenantId).execute();
    expect(companies).toHaveLength(20);
    expect(contacts).toHaveLength(40);
    const companyIds = new Set(companies.map((c) => c.id));
    for (const c of contacts) expect(companyIds.has(c.company_id!)).toBe(true);
    for (const d of rows) {
      expect(companyIds.has(d.company_id!)).toBe(true);
      for (const id of d.contact_ids) expect(contacts.some((c) => c.id === id)).toBe(true);
    }
  });

  it("reads back through the deals API as valid wire deals", async () => {
    const res = await api.get("/api/v1/crm/deals?limit=200", { token: rep.token });
    expect(res.status).toBe(200);
    const list = await res.json();
    expect(list.total).toBe(120);
    expect(list.items).toHaveLength(120);
    for (const deal of list.items) expect(dealSchema.parse(deal)).toEqual(deal);
    expect(list.items.every((d: { company_name: string | null; assigned_member_name: string | null }) => d.company_name && d.assigned_member_name)).toBe(true);
    const trash = await (await api.get("/api/v1/crm/deals?deleted=true", { token: manager.token })).json();
    expect(trash.total).toBe(2);
  });

  it("paces each deal's stages unevenly, in order, the way real deals move", async () => {
    const { buildDemoCrm } = await import("@/db/seed-crm");
    const { deals } = buildDemoCrm({ tenantId: "org_x", managerId: "usr_a", repIds: ["usr_b", "usr_c"], now: new Date("2026-11-21T08:00:00Z") });
    let uneven = 0;
    let several = 0;
    for (const d of deals) {
      const audit = (typeof d.audit_log === "string" ? JSON.parse(d.audit_log) : d.audit_log) as Array<{ at: string }>;
      const at = audit.map((e) => Date.parse(e.at));
      for (let i = 1; i < at.length; i++) expect(at[i]).toBeGreaterThan(at[i - 1]);
      if (at.length < 3) continue;
      several++;
      const gaps = at.slice(1).map((t, i) => t - at[i]);
      // Evenly spaced stages (every gap within an hour of the first) read as generated data.
      if (gaps.some((g) => Math.abs(g - gaps[0]) > 3_600_000)) uneven++;
    }
    expect(several).toBeGreaterThan(40);
    expect(uneven / several).toBeGreaterThan(0.9);
  });

  it("is deterministic for a given day", async () => {
    const { buildDemoCrm } = await import("@/db/seed-crm");
    const now = new Date("2026-11-21T08:00:00Z");
    const shape = () =>
      buildDemoCrm({ tenantId: "org_x", managerId: "usr_a", repIds: ["usr_b", "usr_c"], now }).deals.map((d) => [d.deal_number, d.name, d.amount, d.stage, d.expected_close_date, d.position]);
    expect(shape()).toEqual(shape());
  });
});
