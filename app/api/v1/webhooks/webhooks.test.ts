import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { needsPostgresNote } from "@/e2e/robustness/support/client";
import { createDb, getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { defaultBackoff, deliverDue, pruneWebhookOutbox, startWebhookWorker, type WorkerOptions } from "@/lib/webhooks/worker";
import { api, joinByInvitation, signUp, type TestUser } from "@/tests/support/http";

const HOOKS = "/api/v1/webhooks";
const DEALS = "/api/v1/crm/deals";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1: records every request and answers what `respond` says. */
class Receiver {
  readonly received: Received[] = [];
  respond: (req: Received, n: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 204 });
  private server: Server | null = null;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const entry = { path: req.url ?? "/", headers: req.headers, body };
        this.received.push(entry);
        const answer = this.respond(entry, this.received.length);
        res.writeHead(answer.status, answer.headers).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.received.length = 0;
    this.respond = () => ({ status: 204 });
  }

  events(): Array<Record<string, any>> {
    return this.received.map((r) => JSON.parse(r.body));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** Standard Webhooks verification written out with node:crypto, independent of the signing library. */
function verifiedBySpec(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = headers["webhook-id"] as string;
  const timestamp = headers["webhook-timestamp"] as string;
  const signatures = String(headers["webhook-signature"]).split(" ");
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.some((s) => {
    const [version, value] = s.split(",");
    const given = Buffer.from(value ?? "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const fast = (overrides: Partial<WorkerOptions> = {}): WorkerOptions => ({
  maxAttempts: 5,
  backoff: () => 0,
  disableAfter: 3,
  batchSize: 50,
  pollMs: 20,
  retentionDays: 30,
  pruneEveryMs: 3_600_000,
  send: { timeoutMs: 2_000, allowPrivate: true, allowHttp: true },
  ...overrides,
});

const receiver = new Receiver();
let manager: TestUser;

beforeAll(async () => {
  await receiver.start();
  manager = await signUp({ name: "Mika" });
});
afterAll(async () => {
  await receiver.stop();
});
afterEach(async () => {
  receiver.reset();
  // Each test starts with no endpoint, so earlier tests' deliveries do not reach later ones.
  await getDb().deleteFrom("webhook_endpoints").execute();
});

async function register(user: TestUser, body: Record<string, unknown> = {}) {
  const res = await api.post(HOOKS, { url: `${receiver.url}/hook`, events: ["deal.created", "deal.stage_changed", "deal.updated"], ...body }, { token: user.token });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { webhook: { id: string; enabled: boolean; disabled_reason: string | null }; secret: string };
}

async function createDeal(user: TestUser, body: Record<string, unknown> = {}) {
  const res = await api.post(DEALS, { name: "Acme renewal", ...body }, { token: user.token });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).deal as { id: string; stage: string };
}

async function deliveries(user: TestUser, webhookId: string) {
  const res = await api.get(`${HOOKS}/${webhookId}/deliveries`, { token: user.token });
  expect(res.status).toBe(200);
  return (await res.json()).items as Array<Record<string, any>>;
}

describe("webhook endpoints", () => {
  it("a manager registers an endpoint: the secret is shown once, stored encrypted, never listed", async () => {
    const res = await api.post(HOOKS, { url: `${receiver.url}/hook`, events: ["deal.created", "deal.created"], description: " ERP " }, { token: manager.token });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const created = await res.json();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.webhook).toMatchObject({ url: `${receiver.url}/hook`, events: ["deal.created"], description: "ERP", enabled: true, disabled_reason: null });
    expect(res.headers.get("location")).toBe(`${HOOKS}/${created.webhook.id}`);

    const row = await getDb().selectFrom("webhook_endpoints").selectAll().where("id", "=", created.webhook.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(6));

    const list = await (await api.get(HOOKS, { token: manager.token })).json();
    expect(list).toEqual({ items: [created.webhook] });
    const one = await (await api.get(`${HOOKS}/${created.webhook.id}`, { token: manager.token })).json();
    expect(one).toEqual({ webhook: created.webhook });
    expect(JSON.stringify([list, one])).not.toContain(created.secret.slice(6));

    const patched = await api.patch(`${HOOKS}/${created.webhook.id}`, { events: ["deal.updated"], enabled: false }, { token: manager.token });
    expect(patched.status).toBe(200);
    expect((await patched.json()).webhook).toMatchObject({ events: ["deal.updated"], enabled: false, disabled_reason: "manual" });

    expect((await api.delete(`${HOOKS}/${created.webhook.id}`, { token: manager.token })).status).toBe(204);
    expect((await api.get(`${HOOKS}/${created.webhook.id}`, { token: manager.token })).status).toBe(404);
  });

  it("refuses bad input with field errors and changes nothing", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: "not a url", events: ["deal.created"] }, "url"],
      [{ url: "ftp://example.com/x", events: ["deal.created"] }, "url"],
      [{ url: "https://user:pw@example.com/x", events: ["deal.created"] }, "url"],
      [{ url: "https://example.com/x", events: [] }, "events"],
      [{ url: "https://example.com/x", events: ["deal.exploded"] }, "events.0"],
      [{ url: "https://example.com/x" }, "events"],
    ];
    for (const [body, field] of cases) {
      const res = await api.post(HOOKS, body, { token: manager.token });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = await res.json();
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await api.post(HOOKS, { url: "https://example.com/x", events: ["deal.created"], secret: "mine" }, { token: manager.token })).status).toBe(400);
    expect((await api.patch(`${HOOKS}/wh_missing`, { enabled: true }, { token: manager.token })).status).toBe(404);
    const { webhook } = await register(manager);
    expect((await api.patch(`${HOOKS}/${webhook.id}`, {}, { token: manager.token })).status).toBe(400);
    expect((await api.patch(`${HOOKS}/${webhook.id}`, { url: "https://u:p@example.com" }, { token: manager.token })).status).toBe(400);
    expect((await (await api.get(HOOKS, { token: manager.token })).json()).items).toHaveLength(1);
  });

  it("without WEBHOOK_ALLOW_PRIVATE_URLS, http:// and private or loopback addresses are refused", async () => {
    const previous = env.WEBHOOK_ALLOW_PRIVATE_URLS;
    env.WEBHOOK_ALLOW_PRIVATE_URLS = "0";
    try {
      for (const url of ["http://example.com/x", "https://127.0.0.1/x", "https://[::1]/x", "https://[::ffff:10.0.0.1]/x", "https://169.254.169.254/", "https://localhost/x"]) {
        const res = await api.post(HOOKS, { url, events: ["deal.created"] }, { token: manager.token });
        expect(res.status, url).toBe(400);
        expect((await res.json()).errors[0].field).toBe("url");
      }
      expect((await api.post(HOOKS, { url: "https://hooks.example.com/x", events: ["deal.created"] }, { token: manager.token })).status).toBe(201);
    } finally {
      env.WEBHOOK_ALLOW_PRIVATE_URLS = previous;
    }
  });

  it("is for managers, from a session: reps get 403, API keys 403, another workspace's endpoint is 404", async () => {
    const { webhook } = await register(manager);
    const rep = await joinByInvitation(manager, await signUp(), "member");
    const refused = await api.get(HOOKS, { token: rep.token });
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe("forbidden");

    const key = await (await api.post("/api/v1/api-keys", { name: "Sync", access: "read_write", scope: "workspace" }, { token: manager.token })).json();
    const byKey = await api.post(HOOKS, { url: `${receiver.url}/hook`, events: ["deal.created"] }, { token: key.secret });
    expect(byKey.status).toBe(403);
    expect((await byKey.json()).code).toBe("api_key_not_allowed");

    const stranger = await signUp();
    for (const res of [
      await api.get(`${HOOKS}/${webhook.id}`, { token: stranger.token }),
      await api.patch(`${HOOKS}/${webhook.id}`, { enabled: false }, { token: stranger.token }),
      await api.delete(`${HOOKS}/${webhook.id}`, { token: stranger.token }),
      await api.get(`${HOOKS}/${webhook.id}/deliveries`, { token: stranger.token }),
      await api.post(`${HOOKS}/${webhook.id}/test`, undefined, { token: stranger.token }),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await (await api.get(HOOKS, { token: stranger.token })).json()).items).toEqual([]);
  });
});

describe("webhook delivery", () => {
  it("delivers each change once, signed per Standard Webhooks (checked with node:crypto), with the record, previous values, actor and source", async () => {
    const { webhook, secret } = await register(manager);
    const deal = await createDeal(manager, { stage: "lead" });
    const moved = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: manager.token });
    expect(moved.status).toBe(200);
    expect(await deliverDue(getDb(), fast())).toBe(2);

    expect(receiver.received).toHaveLength(2);
    for (const r of receiver.received) {
      expect(r.path).toBe("/hook");
      expect(verifiedBySpec(secret, r.headers, r.body)).toBe(true);
      expect(verifiedBySpec(`whsec_${Buffer.alloc(32).toString("base64")}`, r.headers, r.body)).toBe(false);
      expect(Math.abs(Number(r.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    }
    // Deliveries run in parallel: arrival order is not the order of the changes.
    const byType = (type: string) => receiver.events().find((e) => e.type === type)!;
    const [created, stageChanged] = [byType("deal.created"), byType("deal.stage_changed")];
    expect(created).toMatchObject({ type: "deal.created", source: "api", actor: { user_id: manager.userId, app_id: null, api_key: null }, previous_attributes: null });
    expect(receiver.received.map((r) => r.headers["webhook-id"]).sort()).toEqual([created.id, stageChanged.id].sort());
    expect(created.data).toMatchObject({ id: deal.id, name: "Acme renewal", stage: "lead", assigned_member_name: expect.anything() });
    expect(stageChanged).toMatchObject({ type: "deal.stage_changed", data: { id: deal.id, stage: "proposal" } });
    expect(stageChanged.previous_attributes).toMatchObject({ stage: "lead", probability: 10 });
    // The deal as the API answers it.
    const current = await (await api.get(`${DEALS}/${deal.id}`, { token: manager.token })).json();
    expect(stageChanged.data).toEqual(current.deal);
    // Previous values name only fields of that answer, never the row's own columns (search text, next-step keys).
    for (const field of Object.keys(stageChanged.previous_attributes)) expect(Object.keys(current.deal)).toContain(field);

    const listed = await deliveries(manager, webhook.id);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ status: "succeeded", attempts: 1, response_status: 204, next_attempt_at: null, last_error: null });
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    expect(await deliverDue(getDb(), fast())).toBe(0);
  });

  it("the UI's changes say source ui; a workspace without endpoints writes no events; a rolled-back change emits nothing", async () => {
    const other = await signUp();
    await createDeal(other);
    const count = async () => Number((await getDb().selectFrom("webhook_events").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const before = await count();
    await createDeal(other);
    expect(await count()).toBe(before);

    await register(manager);
    await createDeal(manager, { source_type: "frontend" });
    await getDb()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("deals").set({ name: "never" }).where("tenant_id", "=", manager.tenantId).execute();
        throw new Error("rollback");
      })
      .catch(() => undefined);
    await deliverDue(getDb(), fast());
    expect(receiver.events().map((e) => [e.type, e.source])).toEqual([["deal.created", "ui"]]);
  });

  it("names the API key behind an integration's change, so a two-way sync can skip its own echoes", async () => {
    await register(manager, { events: ["deal.created", "deal.stage_changed", "activity.created"] });
    const key = await (await api.post("/api/v1/api-keys", { name: "ERP sync", access: "read_write", scope: "workspace" }, { token: manager.token })).json();
    const deal = await createDeal({ ...manager, token: key.secret });
    expect((await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: key.secret })).status).toBe(200);
    expect((await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: "Synced" }, { token: key.secret })).status).toBe(201);
    await deliverDue(getDb(), fast());
    const events = receiver.events();
    expect(events.map((e) => e.type).sort()).toEqual(["activity.created", "deal.created", "deal.stage_changed"]);
    for (const e of events) {
      expect(e.source).toBe("api");
      expect(e.actor).toEqual({ user_id: manager.userId, app_id: key.api_key.app_id, api_key: { id: key.api_key.id, name: "ERP sync" } });
    }
  });

  it("a request marked Pipeline-Change-Source: webhook makes events with source webhook, on every write path; a bad mark is refused", async () => {
    await register(manager, { events: ["deal.created", "deal.stage_changed", "activity.created", "company.created", "company.updated"] });
    const marked = { token: manager.token, headers: { "pipeline-change-source": "webhook" } };
    const deal = (await (await api.post(DEALS, { name: "Echo" }, marked)).json()).deal;
    // The stage move and the company's insert are one statement unmarked; marked, they still say so.
    expect((await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, marked)).status).toBe(200);
    expect((await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: "Echo" }, marked)).status).toBe(201);
    const company = (await (await api.post("/api/v1/crm/companies", { name: "Echo Co" }, marked)).json()).company;
    // Unmarked, the same kind of change is the API's own.
    expect((await api.patch(`/api/v1/crm/companies/${company.id}`, { name: "Echo Co Ltd" }, { token: manager.token })).status).toBe(200);
    await deliverDue(getDb(), fast());
    const sources = Object.fromEntries(receiver.events().map((e) => [e.type, e.source]));
    expect(sources).toEqual({ "deal.created": "webhook", "deal.stage_changed": "webhook", "activity.created": "webhook", "company.created": "webhook", "company.updated": "api" });

    const refused = await api.post(DEALS, { name: "Not written" }, { token: manager.token, headers: { "pipeline-change-source": "sync" } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "validation_failed", errors: [{ field: "headers.pipeline-change-source" }] });
    const found = await (await api.get(`${DEALS}?search=${encodeURIComponent("Not written")}`, { token: manager.token })).json();
    expect(found.items).toEqual([]);
  });

  it("a receiver that fails twice then succeeds gets the event once it recovers; deliveries show each attempt", async () => {
    const { webhook } = await register(manager);
    receiver.respond = (_req, n) => ({ status: n <= 2 ? 503 : 200 });
    const waits: number[] = [];
    const deal = await createDeal(manager);
    await deliverDue(getDb(), fast({ backoff: (attempt) => (waits.push(attempt), 0) }));
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(receiver.events()[2].data.id).toBe(deal.id);
    expect(waits).toEqual([1, 2]);
    const [delivery] = await deliveries(manager, webhook.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 3, response_status: 200 });
  });

  it("backs off exponentially with jitter over about a day", () => {
    const mid = (attempt: number) => defaultBackoff(attempt, () => 0.5);
    expect(mid(1)).toBe(30_000);
    expect(mid(2)).toBe(60_000);
    expect(mid(20)).toBe(6 * 3_600_000);
    expect(defaultBackoff(1, () => 0)).toBe(24_000);
    expect(defaultBackoff(1, () => 1)).toBe(36_000);
    const total = Array.from({ length: 13 }, (_, i) => mid(i + 1)).reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(20);
    expect(total / 3_600_000).toBeLessThan(30);
  });

  it("a change made while no worker runs is delivered by a worker started later", async () => {
    await register(manager);
    const deal = await createDeal(manager);
    const pending = await getDb().selectFrom("webhook_deliveries").select("status").where("tenant_id", "=", manager.tenantId).execute();
    expect(pending).toEqual([{ status: "pending" }]);
    expect(receiver.received).toHaveLength(0);

    const worker = startWebhookWorker(getDb, fast());
    try {
      await expect.poll(() => receiver.received.length, { timeout: 10_000, interval: 20 }).toBe(1);
    } finally {
      await worker.stop();
    }
    expect(receiver.events()[0]).toMatchObject({ type: "deal.created", data: { id: deal.id } });
  });

  it("never delivers to a private address without the flag, and never follows a redirect", async () => {
    const { webhook } = await register(manager);
    await createDeal(manager);
    await deliverDue(getDb(), fast({ maxAttempts: 1, send: { timeoutMs: 2_000, allowPrivate: false, allowHttp: true } }));
    expect(receiver.received).toHaveLength(0);
    const [refused] = await deliveries(manager, webhook.id);
    expect(refused).toMatchObject({ status: "failed", attempts: 1, response_status: null, last_error: expect.stringContaining("refused") });

    // Through DNS: localhost resolves to loopback, refused after the lookup.
    await api.patch(`${HOOKS}/${webhook.id}`, { url: receiver.url.replace("127.0.0.1", "localhost") + "/hook" }, { token: manager.token });
    await createDeal(manager);
    await deliverDue(getDb(), fast({ maxAttempts: 1, send: { timeoutMs: 2_000, allowPrivate: false, allowHttp: true } }));
    expect(receiver.received).toHaveLength(0);
    expect((await deliveries(manager, webhook.id))[0].last_error).toContain("resolves to a private");

    receiver.respond = (req) => (req.path === "/hook" ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } } : { status: 200 });
    await createDeal(manager);
    await deliverDue(getDb(), fast({ maxAttempts: 1 }));
    expect(receiver.received.map((r) => r.path)).toEqual(["/hook"]);
    expect((await deliveries(manager, webhook.id))[0]).toMatchObject({ status: "failed", response_status: 302, last_error: expect.stringContaining("redirect") });
  });

  it("disables an endpoint after consecutive failed deliveries; re-enabling clears it", async () => {
    const { webhook } = await register(manager);
    receiver.respond = () => ({ status: 500 });
    for (let i = 0; i < 3; i++) await createDeal(manager);
    await deliverDue(getDb(), fast({ maxAttempts: 2, disableAfter: 2, batchSize: 1 }));
    const disabled = await (await api.get(`${HOOKS}/${webhook.id}`, { token: manager.token })).json();
    expect(disabled.webhook).toMatchObject({ enabled: false, disabled_reason: "failures", consecutive_failures: 2 });
    const statuses = (await deliveries(manager, webhook.id)).map((d) => d.status);
    expect(statuses).toEqual(["failed", "failed", "failed"]);
    // While disabled, changes are not queued for it.
    await createDeal(manager);
    expect(await deliveries(manager, webhook.id)).toHaveLength(3);

    const enabled = await api.patch(`${HOOKS}/${webhook.id}`, { enabled: true }, { token: manager.token });
    expect((await enabled.json()).webhook).toMatchObject({ enabled: true, disabled_reason: null, consecutive_failures: 0 });
  });

  it("sends a test event and retries a delivery on request", async () => {
    const { webhook, secret } = await register(manager);
    const test = await api.post(`${HOOKS}/${webhook.id}/test`, undefined, { token: manager.token });
    expect(test.status).toBe(202);
    const { delivery } = await test.json();
    expect(delivery).toMatchObject({ event_type: "webhook.test", status: "pending", attempts: 0 });
    await deliverDue(getDb(), fast());
    expect(receiver.events()).toMatchObject([{ type: "webhook.test", data: { webhook_id: webhook.id } }]);
    expect(verifiedBySpec(secret, receiver.received[0].headers, receiver.received[0].body)).toBe(true);

    const retry = await api.post(`${HOOKS}/${webhook.id}/deliveries/${delivery.id}/retry`, undefined, { token: manager.token });
    expect(retry.status).toBe(202);
    expect((await retry.json()).delivery).toMatchObject({ id: delivery.id, status: "pending", attempts: 0 });
    await deliverDue(getDb(), fast());
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].headers["webhook-id"]).toBe(receiver.received[0].headers["webhook-id"]);
    expect((await api.post(`${HOOKS}/${webhook.id}/deliveries/whd_nope/retry`, undefined, { token: manager.token })).status).toBe(404);
  });

  it("pipelines: created with their stages, changed with the previous values, and a stage-only change carries the new list", async () => {
    await register(manager, { events: ["pipeline.created", "pipeline.updated", "pipeline.deleted"] });
    const created = await api.post("/api/v1/crm/pipelines", { name: "Enterprise", stages: [{ id: "call", name: "Call", probability: 30 }] }, { token: manager.token });
    expect(created.status, await created.clone().text()).toBe(201);
    const { pipeline } = await created.json();
    const renamed = await api.patch(`/api/v1/crm/pipelines/${pipeline.id}`, { name: "Enterprise sales" }, { token: manager.token });
    expect(renamed.status).toBe(200);
    const restaged = await api.patch(
      `/api/v1/crm/pipelines/${pipeline.id}`,
      { stages: [{ id: "call", name: "Call", probability: 30 }, { id: "demo", name: "Demo", probability: 40 }] },
      { token: manager.token },
    );
    expect(restaged.status, await restaged.clone().text()).toBe(200);
    await deliverDue(getDb(), fast());
    const events = receiver.events().sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.type.localeCompare(b.type));
    expect(events.map((e) => e.type)).toEqual(["pipeline.created", "pipeline.updated", "pipeline.updated"]);
    expect(events[0].data.stages.map((s: { id: string }) => s.id)).toEqual(pipeline.stages.map((s: { id: string }) => s.id));
    expect(events[1]).toMatchObject({ data: { name: "Enterprise sales" }, previous_attributes: { name: "Enterprise" } });
    expect(events[2].data.stages.map((s: { id: string }) => s.id)).toContain("demo");
  });

  it("soft deletes and restores of deals, companies and contacts are their own event types; an activity's edit and removal too", async () => {
    await register(manager, {
      events: ["deal.deleted", "deal.restored", "company.deleted", "company.restored", "contact.deleted", "contact.restored", "activity.updated", "activity.deleted"],
    });
    const deal = await createDeal(manager);
    const company = (await (await api.post("/api/v1/crm/companies", { name: "Gone Co" }, { token: manager.token })).json()).company;
    const contact = (await (await api.post("/api/v1/crm/contacts", { first_name: "Gone", last_name: "Person" }, { token: manager.token })).json()).contact;
    const note = (await (await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: "First" }, { token: manager.token })).json()).activity;
    expect((await api.patch(`${DEALS}/${deal.id}/activities/${note.id}`, { content: "Second" }, { token: manager.token })).status).toBe(200);
    expect((await api.delete(`${DEALS}/${deal.id}/activities/${note.id}`, { token: manager.token })).status).toBe(200);
    for (const path of [`${DEALS}/${deal.id}`, `/api/v1/crm/companies/${company.id}`, `/api/v1/crm/contacts/${contact.id}`]) {
      expect((await api.delete(path, { token: manager.token })).status).toBe(200);
      expect((await api.post(`${path}/restore`, undefined, { token: manager.token })).status).toBe(200);
    }
    await deliverDue(getDb(), fast());
    const events = receiver.events();
    expect(events.map((e) => e.type).sort()).toEqual(
      ["activity.deleted", "activity.updated", "company.deleted", "company.restored", "contact.deleted", "contact.restored", "deal.deleted", "deal.restored"].sort(),
    );
    const byType = (type: string) => events.find((e) => e.type === type)!;
    expect(byType("deal.deleted")).toMatchObject({ data: { id: deal.id, is_deleted: true }, previous_attributes: { is_deleted: false } });
    expect(byType("company.restored")).toMatchObject({ data: { id: company.id, is_deleted: false }, previous_attributes: { is_deleted: true } });
    expect(byType("activity.updated")).toMatchObject({ data: { id: note.id, content: "Second" }, previous_attributes: { content: "First" } });
    expect(byType("activity.deleted")).toMatchObject({ data: { id: note.id }, previous_attributes: null });
  });

  it("a deal's long history and text that looks like its stored answer change nothing in its events", async () => {
    await register(manager, { events: ["deal.stage_changed", "deal.updated"] });
    const deal = await createDeal(manager, { stage: "lead", note: 'pasted: ,"audit_log":[{"at":1}]}' });
    const stages = ["qualification", "proposal", "negotiation", "proposal", "qualification", "proposal"];
    for (const stage of stages) expect((await api.post(`${DEALS}/${deal.id}/stage`, { stage }, { token: manager.token })).status).toBe(200);
    const edited = await api.patch(`${DEALS}/${deal.id}`, { note: 'edited ,"audit_log": too', name: 'Acme ,"audit_log":[' }, { token: manager.token });
    expect(edited.status, await edited.clone().text()).toBe(200);
    await deliverDue(getDb(), fast());

    const events = receiver.events().sort((a, b) => a.data.version - b.data.version);
    expect(events.map((e) => e.type)).toEqual([...stages.map(() => "deal.stage_changed"), "deal.updated"]);
    expect(events.map((e) => e.previous_attributes.stage ?? null)).toEqual(["lead", ...stages.slice(0, -1), null]);
    for (const e of events) expect(Object.keys(e.previous_attributes)).not.toContain("audit_log");
    const last = events[events.length - 1];
    expect(last.previous_attributes).toEqual({ note: 'pasted: ,"audit_log":[{"at":1}]}', name: "Acme renewal" });
    const current = (await (await api.get(`${DEALS}/${deal.id}`, { token: manager.token })).json()).deal;
    expect(last.data).toEqual(current);
    expect(current.audit_log.length).toBeGreaterThan(stages.length);
  });

  it("an endpoint's deliveries go with it; the worker drops a delivery whose endpoint or event is gone", async () => {
    const { webhook } = await register(manager);
    await createDeal(manager);
    const count = async (endpointId: string) =>
      Number((await getDb().selectFrom("webhook_deliveries").select((eb) => eb.fn.countAll().as("n")).where("endpoint_id", "=", endpointId).executeTakeFirstOrThrow()).n);
    expect(await count(webhook.id)).toBe(1);
    expect((await api.delete(`${HOOKS}/${webhook.id}`, { token: manager.token })).status).toBe(204);
    expect(await count(webhook.id)).toBe(0);

    // A delivery written by a change that raced the endpoint's removal, and one whose event is gone.
    const { webhook: live } = await register(manager);
    await createDeal(manager);
    const [event] = await getDb().selectFrom("webhook_deliveries").select("event_id").where("endpoint_id", "=", live.id).execute();
    await getDb()
      .insertInto("webhook_deliveries")
      .values([
        { id: "whd_raced", tenant_id: manager.tenantId, endpoint_id: "whe_gone", event_id: event.event_id, next_attempt_at: new Date() },
        { id: "whd_orphan", tenant_id: manager.tenantId, endpoint_id: live.id, event_id: "evt_gone", next_attempt_at: new Date() },
      ])
      .execute();
    await deliverDue(getDb(), fast());
    expect(receiver.received).toHaveLength(1);
    const left = await getDb().selectFrom("webhook_deliveries").select(["id", "status"]).where("tenant_id", "=", manager.tenantId).execute();
    expect(left).toEqual([{ id: expect.not.stringMatching(/raced|orphan/), status: "succeeded" }]);
  });

  it("a deleted workspace takes its events and deliveries with it", async () => {
    const leaving = await signUp();
    await register(leaving);
    await createDeal(leaving);
    const rows = async () => {
      const [events, deliveries] = await Promise.all([
        getDb().selectFrom("webhook_events").select("id").where("tenant_id", "=", leaving.tenantId).execute(),
        getDb().selectFrom("webhook_deliveries").select("id").where("tenant_id", "=", leaving.tenantId).execute(),
      ]);
      return [events.length, deliveries.length];
    };
    expect(await rows()).toEqual([1, 1]);
    await getDb().deleteFrom("organization").where("id", "=", leaving.tenantId).execute();
    expect(await rows()).toEqual([0, 0]);
  });

  it("prunes ended deliveries and their events after the retention period, never a pending one", async () => {
    const { webhook } = await register(manager);
    receiver.respond = (req) => ({ status: req.body.includes("Keeps failing") ? 500 : 200 });
    await createDeal(manager, { name: "Delivered" });
    await createDeal(manager, { name: "Keeps failing" });
    await deliverDue(getDb(), fast({ backoff: () => 60_000 }));
    const old = new Date(Date.now() - 31 * 86_400_000);
    await getDb().updateTable("webhook_deliveries").set({ created_at: old }).where("endpoint_id", "=", webhook.id).execute();
    await getDb()
      .updateTable("webhook_events")
      .set({ created_at: old })
      .where("id", "in", getDb().selectFrom("webhook_deliveries").select("event_id").where("endpoint_id", "=", webhook.id))
      .execute();
    await createDeal(manager, { name: "Recent" });
    await deliverDue(getDb(), fast());

    const pruned = await pruneWebhookOutbox(getDb(), 30);
    expect(pruned).toEqual({ deliveries: 1, events: 1 });
    const left = await getDb()
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhook_events as e", "e.id", "d.event_id")
      .select(["d.status", sql<string>`e.payload::json->'data'->>'name'`.as("name")])
      .where("d.endpoint_id", "=", webhook.id)
      .orderBy("name")
      .execute();
    expect(left).toEqual([
      { status: "pending", name: "Keeps failing" },
      { status: "succeeded", name: "Recent" },
    ]);
    expect(await pruneWebhookOutbox(getDb(), 30)).toEqual({ deliveries: 0, events: 0 });
  });

  it("an import's changes go out in batches, not one request per row", async () => {
    const { webhook } = await register(manager, { events: ["company.created"] });
    for (let i = 0; i < 5; i++) {
      await getDb()
        .transaction()
        .execute(async (trx) => {
          await sql`select set_config('pipeline.change_source', 'import', true), set_config('pipeline.import_id', 'imp_1', true)`.execute(trx);
          await trx
            .insertInto("companies")
            .values({ id: `comp_IMPORT${i}`, tenant_id: manager.tenantId, name: `Imported ${i}`, created_at: new Date(), updated_at: new Date(), created_by: manager.userId, updated_by: manager.userId })
            .execute();
        });
    }
    // Import deliveries wait a few seconds to gather; make them due now rather than sleep.
    await getDb().updateTable("webhook_deliveries").set({ next_attempt_at: new Date() }).where("endpoint_id", "=", webhook.id).execute();
    await deliverDue(getDb(), fast());
    expect(receiver.received).toHaveLength(1);
    const [batch] = receiver.events();
    expect(batch).toMatchObject({ type: "batch", data: { import_id: "imp_1" } });
    expect(batch.data.events.map((e: { type: string; source: string; data: { name: string } }) => [e.type, e.source, e.data.name])).toEqual(
      Array.from({ length: 5 }, (_, i) => ["company.created", "import", `Imported ${i}`]),
    );
    expect((await deliveries(manager, webhook.id)).every((d) => d.status === "succeeded")).toBe(true);
  });
});

const onPglite = !process.env.DATABASE_URL;

describe.skipIf(onPglite)(`two workers on one PostgreSQL database${needsPostgresNote(onPglite)}`, () => {
  it("deliver each event exactly once", async () => {
    await register(manager);
    for (let i = 0; i < 30; i++) await createDeal(manager, { name: `Deal ${i}` });
    const url = getDb() && (await import("@/lib/db")).getDbHandle().pool!.options.connectionString!;
    const [a, b] = [createDb({ databaseUrl: url, poolMax: 4 }), createDb({ databaseUrl: url, poolMax: 4 })];
    try {
      receiver.respond = () => ({ status: 200 });
      const options = fast({ batchSize: 3 });
      const [byA, byB] = await Promise.all([deliverDue(a.db, options), deliverDue(b.db, options)]);
      expect(byA + byB).toBe(30);
      expect(byA).toBeGreaterThan(0);
      expect(byB).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.db.destroy(), b.db.destroy()]);
    }
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });
});
