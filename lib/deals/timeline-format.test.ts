import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import dealEn from "../../messages/deal/en.json";
import dealJa from "../../messages/deal/ja.json";
import domainEn from "../../messages/domain/en.json";
import domainJa from "../../messages/domain/ja.json";
import type { Translate } from "./fields";
import type { Activity } from "./schema";
import { describeActivity, formatDuration, formatFieldValue, timeInStages } from "./timeline-format";

const en = createTranslator({ locale: "en", messages: { deal: dealEn, domain: domainEn } }) as unknown as Translate;
const ja = createTranslator({ locale: "ja", messages: { deal: dealJa, domain: domainJa } }) as unknown as Translate;

const ctx = {
  locale: "en-US",
  t: en,
  currency: "JPY",
  names: {
    member: (id: string) => ({ usr_A: "Mika Tanaka", usr_B: "Ken Sato" })[id],
    company: (id: string) => ({ comp_1: "さくら物産株式会社" })[id],
    contact: (id: string) => ({ cont_1: "Hanako Suzuki", cont_2: "John Smith" })[id],
  },
};

function activity(partial: Partial<Activity>): Activity {
  return {
    id: "act_1",
    tenant_id: "org_1",
    deal_id: "deal_1",
    type: "note",
    content: null,
    data: {},
    occurred_at: "2026-11-20T10:00:00.000Z",
    due_at: null,
    due_date: null,
    assignee_id: null,
    assignee_name: null,
    done: false,
    done_at: null,
    created_at: "2026-11-20T10:00:00.000Z",
    created_by: "usr_A",
    created_by_name: "Mika Tanaka",
    edited_at: null,
    source_type: "frontend",
    version: 1,
    ...partial,
  };
}

describe("describeActivity", () => {
  it.each([
    ["note", "Mika Tanaka added a note"],
    ["call", "Mika Tanaka logged a call"],
    ["email", "Mika Tanaka logged an email"],
    ["meeting", "Mika Tanaka logged a meeting"],
  ] as const)("shows a %s as written, by its author", (type, summary) => {
    const e = describeActivity(activity({ type, content: "見積書を送付しました。\nFollow up Friday." }), ctx);
    expect(e.actor).toBe("Mika Tanaka");
    expect(e.summary).toBe(summary);
    expect(e.body).toBe("見積書を送付しました。\nFollow up Friday.");
    expect(e.changes).toEqual([]);
    expect(e.stage).toBeNull();
  });

  it("shows a task with its due date in the locale", () => {
    const e = describeActivity(activity({ type: "task", content: "Send the contract", due_at: "2026-12-15", due_date: "2026-12-15" }), ctx);
    expect(e.summary).toBe("Mika Tanaka added a task");
    expect(e.body).toBe("Send the contract");
    expect(e.due).toBe("Dec 15, 2026");
    const jaTask = describeActivity(activity({ type: "task", content: "x", due_at: "2026-12-15", due_date: "2026-12-15" }), { ...ctx, locale: "ja-JP", t: ja });
    expect(jaTask.due).toBe("2026年12月15日");
    expect(jaTask.summary).toBe("Mika Tanakaがタスクを追加しました");
    expect(describeActivity(activity({ type: "task", content: "x" }), ctx).due).toBeNull();
  });

  it("shows a stage change as from → to with stage labels", () => {
    const e = describeActivity(activity({ type: "stage_change", data: { from: "proposal", to: "negotiation" } }), ctx);
    expect(e.summary).toBe("Mika Tanaka moved the deal to Negotiation");
    expect(e.stage).toEqual({ from: "Proposal", to: "Negotiation" });
    const jaMove = describeActivity(activity({ type: "stage_change", data: { from: "proposal", to: "negotiation" } }), { ...ctx, t: ja });
    expect(jaMove.summary).toBe("Mika Tanakaが商談を交渉に移動しました");
    expect(jaMove.stage).toEqual({ from: "提案", to: "交渉" });
  });

  it("says a deal was won or lost, with the loss category and reason", () => {
    expect(describeActivity(activity({ type: "stage_change", data: { from: "negotiation", to: "closed_won" } }), ctx).summary).toBe("Mika Tanaka won the deal");
    const lost = describeActivity(
      activity({ type: "stage_change", data: { from: "proposal", to: "closed_lost", loss_category: "competitor", lost_reason: "Chose a cheaper vendor" } }),
      ctx,
    );
    expect(lost.summary).toBe("Mika Tanaka marked the deal as lost");
    expect(lost.stage).toEqual({ from: "Proposal", to: "Lost" });
    expect(lost.body).toBe("Lost to competitor: Chose a cheaper vendor");
  });

  it("shows field changes as before → after, formatting money, dates, percentages and people", () => {
    const e = describeActivity(
      activity({
        type: "field_change",
        data: {
          changes: [
            { field: "amount", before: 1200000, after: 1500000 },
            { field: "expected_close_date", before: "2026-12-01", after: null },
            { field: "probability", before: 50, after: 60 },
            { field: "assigned_member_id", before: "usr_A", after: "usr_B" },
            { field: "company_id", before: null, after: "comp_1" },
            { field: "contact_ids", before: ["cont_1"], after: ["cont_1", "cont_2"] },
            { field: "tags", before: [], after: ["enterprise", "重点"] },
            { field: "forecast_category", before: "pipeline", after: "best_case" },
            { field: "deal_type", before: null, after: "new_business" },
            { field: "custom_fields", before: {}, after: { region: "Kanto" } },
          ],
        },
      }),
      ctx,
    );
    expect(e.summary).toBe("Mika Tanaka changed 10 fields");
    expect(e.changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ["Amount", "¥1,200,000", "¥1,500,000"],
      ["Expected close", "Dec 1, 2026", "—"],
      ["Probability", "50%", "60%"],
      ["Owner", "Mika Tanaka", "Ken Sato"],
      ["Company", "—", "さくら物産株式会社"],
      ["Contacts", "Hanako Suzuki", "Hanako Suzuki, John Smith"],
      ["Tags", "—", "enterprise, 重点"],
      ["Forecast category", "Pipeline", "Best case"],
      ["Deal type", "—", "New business"],
      ["Custom fields", "—", "region: Kanto"],
    ]);
  });

  it("formats each side of an amount change in the currency in effect on that side", () => {
    const e = describeActivity(
      activity({
        type: "field_change",
        data: {
          changes: [
            { field: "amount", before: 1000000, after: 9500.5 },
            { field: "currency", before: "JPY", after: "USD" },
          ],
        },
      }),
      ctx,
    );
    expect(e.changes[0]).toMatchObject({ before: "¥1,000,000", after: "$9,500.50" });
    expect(e.changes[1]).toMatchObject({ label: "Currency", before: "JPY", after: "USD" });
  });

  it("names a single changed field in the action", () => {
    const e = describeActivity(activity({ type: "field_change", data: { changes: [{ field: "name", before: "A", after: "B" }] } }), ctx);
    expect(e.summary).toBe("Mika Tanaka changed Name");
    expect(describeActivity(activity({ type: "field_change", data: { changes: [{ field: "name", before: "A", after: "B" }] } }), { ...ctx, t: ja }).summary).toBe("Mika Tanakaが商談名を変更しました");
  });

  it.each([
    ["created", "Mika Tanaka created the deal"],
    ["deleted", "Mika Tanaka deleted the deal"],
    ["restored", "Mika Tanaka restored the deal"],
  ] as const)("describes %s", (type, summary) => {
    expect(describeActivity(activity({ type }), ctx).summary).toBe(summary);
  });

  it("attributes entries without an author to an integration or the system", () => {
    expect(describeActivity(activity({ created_by: null, created_by_name: null, source_type: "api" }), ctx).actor).toBe("An integration");
    expect(describeActivity(activity({ created_by: null, created_by_name: null, source_type: "system" }), ctx).actor).toBe("System");
    expect(describeActivity(activity({ created_by: null, created_by_name: null, source_type: "api" }), { ...ctx, t: ja }).summary).toBe("外部連携がメモを追加しました");
  });

  it("names the API key an integration wrote with: the key's creator via the key", () => {
    const viaKey = activity({ source_type: "api", data: { api_key: { id: "key_1", name: "Website form" } } });
    expect(describeActivity(viaKey, ctx).actor).toBe("Mika Tanaka via Website form");
    expect(describeActivity(viaKey, ctx).summary).toBe("Mika Tanaka via Website form added a note");
    expect(describeActivity(viaKey, { ...ctx, t: ja }).actor).toBe("Mika Tanaka（Website form経由）");
  });
});

describe("formatFieldValue", () => {
  it("falls back to the id when a name is unknown and shows empty values as a dash", () => {
    expect(formatFieldValue("assigned_member_id", "usr_Z", ctx)).toBe("usr_Z");
    expect(formatFieldValue("note", "", ctx)).toBe("—");
    expect(formatFieldValue("competitors", [], ctx)).toBe("—");
    expect(formatFieldValue("amount", 2500, { ...ctx, currency: "EUR" })).toBe("€2,500");
    expect(formatFieldValue("amount", 2500.5, { ...ctx, currency: "EUR" })).toBe("€2,500.50");
    expect(formatFieldValue("stage", "closed_won", ctx)).toBe("Won");
    expect(formatFieldValue("loss_category", "no_budget", ctx)).toBe("No budget");
  });

  it("formats each field by its kind, and a field it does not know by its name", () => {
    expect(formatFieldValue("probability", 40, ctx)).toBe("40%");
    expect(formatFieldValue("forecast_category", "best_case", ctx)).toBe("Best case");
    expect(formatFieldValue("deal_type", "new_business", ctx)).toBe("New business");
    expect(formatFieldValue("deal_source", "trade_show", ctx)).toBe("Trade show");
    expect(formatFieldValue("expected_close_date", "2027-01-15", ctx)).toBe("Jan 15, 2027");
    expect(formatFieldValue("created_at", "2027-01-15T09:00:00Z", ctx)).toBe("Jan 15, 2027");
    expect(formatFieldValue("tags", ["a", "b"], ctx)).toBe("a, b");
    expect(formatFieldValue("custom_fields", { region: "Kanto", seats: 40 }, ctx)).toBe("region: Kanto, seats: 40");
    expect(formatFieldValue("contact_ids", ["cont_A", "cont_B"], { ...ctx, names: { contact: (id) => (id === "cont_A" ? "Hanako Suzuki" : undefined) } })).toBe("Hanako Suzuki, cont_B");
    expect(formatFieldValue("renewal_date", "2027-03-01", ctx)).toBe("Mar 1, 2027");
    expect(formatFieldValue("currency", "USD", ctx)).toBe("USD");
  });

  it("speaks the page's language, leaving what people typed as typed", () => {
    const jaCtx = { ...ctx, locale: "ja-JP", t: ja };
    expect(formatFieldValue("stage", "closed_won", jaCtx)).toBe("受注");
    expect(formatFieldValue("loss_category", "no_budget", jaCtx)).toBe("予算なし");
    expect(formatFieldValue("deal_source", "rfp", jaCtx)).toBe("RFP");
    expect(formatFieldValue("deal_source", "rfp", ctx)).toBe("RFP");
    expect(formatFieldValue("amount", 8250000, jaCtx)).toBe("￥8,250,000");
    expect(formatFieldValue("expected_close_date", "2027-01-15", jaCtx)).toBe("2027年1月15日");
    expect(formatFieldValue("custom_fields", { 地域: "関東", active: true }, jaCtx)).toBe("地域: 関東, active: はい");
  });
});

describe("timeInStages", () => {
  const day = 86_400_000;
  const t0 = Date.parse("2026-10-01T00:00:00.000Z");
  const at = (days: number) => new Date(t0 + days * day).toISOString();

  it("sums the time in each stage from the audit log, with the current stage up to now", () => {
    const result = timeInStages(
      {
        stage: "negotiation",
        created_at: at(0),
        stage_entered_at: at(12),
        audit_log: [
          { from: "lead", to: "qualification", at: at(2), by: "usr_A" },
          { from: "qualification", to: "proposal", at: at(5), by: "usr_A" },
          { from: "proposal", to: "qualification", at: at(8), by: "usr_A" },
          { from: "qualification", to: "negotiation", at: at(12), by: "usr_A" },
        ],
      },
      new Date(t0 + 15 * day),
    );
    expect(result.map((r) => [r.stage, r.ms / day, r.visits, r.current])).toEqual([
      ["lead", 2, 1, false],
      ["qualification", 7, 2, false],
      ["proposal", 3, 1, false],
      ["negotiation", 3, 1, true],
    ]);
  });

  it("treats an entry with no `from` as the creation and a deal without history as one stage", () => {
    const created = timeInStages(
      { stage: "proposal", created_at: at(0), stage_entered_at: at(1), audit_log: [{ from: null, to: "lead", at: at(0), by: null }, { from: "lead", to: "proposal", at: at(1), by: null }] },
      new Date(t0 + 4 * day),
    );
    expect(created.map((r) => [r.stage, r.ms / day])).toEqual([
      ["lead", 1],
      ["proposal", 3],
    ]);
    const fresh = timeInStages({ stage: "lead", created_at: at(0), stage_entered_at: at(0), audit_log: [] }, new Date(t0 + 2 * day));
    expect(fresh).toEqual([{ stage: "lead", ms: 2 * day, visits: 1, current: true }]);
  });
});

describe("formatDuration", () => {
  it("picks a compact unit", () => {
    expect(formatDuration(5 * 60_000, en)).toBe("5m");
    expect(formatDuration(3 * 3_600_000, en)).toBe("3h");
    expect(formatDuration(12 * 86_400_000, en)).toBe("12d");
    expect(formatDuration(200 * 86_400_000, en)).toBe("6mo");
    expect(formatDuration(3 * 3_600_000, ja)).toBe("3時間");
    expect(formatDuration(200 * 86_400_000, ja)).toBe("6か月");
  });
});
