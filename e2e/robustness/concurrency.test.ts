import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import type { Stage } from "@/lib/deals/stages";
import { signUp, type TestUser } from "@/tests/support/http";
import type { AppServer } from "@/tests/support/server";
import { type ApiClient, type ApiResult, BUILD_TIMEOUT_MS, httpClient, inProcessClient, prepareBuild, startServer, usingPostgres } from "./support/client";

/**
 * Concurrent writes. On PostgreSQL the requests go over HTTP to a real `next start` server, so
 * they run on separate pool connections exactly as in production (real row locks, real races).
 * On PGlite (one connection) the same scenarios run in-process: the requests are still issued
 * all at once, but the database serializes them — the rules (versions, numbering, idempotency)
 * are checked, the races only on PostgreSQL.
 */

const transport = usingPostgres ? "over HTTP to next start on PostgreSQL" : "in-process on PGlite (serialized by the single connection)";
let server: AppServer | undefined;
let client: ApiClient;
let user: TestUser;

beforeAll(async () => {
  if (usingPostgres) await prepareBuild();
}, BUILD_TIMEOUT_MS);

beforeAll(async () => {
  if (usingPostgres) {
    server = await startServer();
    client = httpClient(server.url, 60_000);
  } else client = inProcessClient();
  user = await signUp({ name: "Concurrent Rep" });
});

afterAll(async () => {
  await server?.stop();
});

const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  client.call(method, path, { token: user.token, body, headers });

async function createDeal(name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; version: number; stage: Stage }> {
  const res = await call("POST", "/api/v1/crm/deals", { name, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body.deal;
}

/** A small deterministic PRNG: the same "random" moves on every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const unexpected = (results: ApiResult[], allowed: number[]) =>
  results.filter((r) => !allowed.includes(r.status)).map((r) => `${r.status} ${r.text.slice(0, 200)}`);

/** What the server tells a client to retry: 503 (pool or database busy), 409 write_conflict / idempotency_in_progress. */
const retryable = (r: ApiResult) =>
  r.status === 503 || (r.status === 409 && (r.body?.code === "write_conflict" || r.body?.code === "idempotency_in_progress"));

/**
 * Sends a request like a well-behaved client under a burst: retries what the server says is
 * retryable, with jittered backoff. Returns the final answer and every refusal on the way, so
 * the test can check that refusals were clean (problem+json, Retry-After) and left no trace.
 */
async function untilSettled(send: () => Promise<ApiResult>, refusals: ApiResult[]): Promise<ApiResult> {
  for (let attempt = 1; ; attempt++) {
    const res = await send();
    if (!retryable(res) || attempt === 30) return res;
    refusals.push(res);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100 * Math.min(attempt, 10)));
  }
}

function cleanRefusals(refusals: ApiResult[]): string[] {
  return refusals
    .filter((r) => r.headers.get("content-type") !== "application/problem+json" || (r.status === 503 && !r.headers.get("retry-after")))
    .map((r) => `${r.status} ${r.text.slice(0, 200)}`);
}

describe(`concurrent writes (${transport})`, () => {
  it("50 parallel stage moves of one deal with the same If-Match: exactly one succeeds, 49 get 409", async () => {
    const deal = await createDeal("Contested deal");
    const targets: Stage[] = ["qualification", "proposal", "negotiation", "closed_won"];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call("POST", `/api/v1/crm/deals/${deal.id}/stage`, { stage: targets[i % targets.length] }, { "if-match": `"${deal.version}"` }),
      ),
    );
    expect(unexpected(results, [200, 409])).toEqual([]);
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    for (const l of losers) {
      expect(l.headers.get("content-type")).toBe("application/problem+json");
      expect(l.body.code).toBe("version_conflict");
    }
    const won = winners[0].body.deal;
    expect(won.version).toBe(deal.version + 1);

    const now = (await call("GET", `/api/v1/crm/deals/${deal.id}`)).body.deal;
    expect(now.stage).toBe(won.stage);
    expect(now.version).toBe(deal.version + 1);
    expect(now.audit_log).toHaveLength(2);
    const changes = await getDb()
      .selectFrom("deal_activities")
      .select("data")
      .where("deal_id", "=", deal.id)
      .where("type", "=", "stage_change")
      .execute();
    expect(changes).toHaveLength(1);
  });

  it("500 random concurrent moves across 20 deals: audit entries and stage-change activities equal the accepted moves, the last accepted stage wins", async () => {
    const deals = await Promise.all(Array.from({ length: 20 }, (_, i) => createDeal(`Busy deal ${i}`)));
    const rand = prng(20261121);
    const stages: Stage[] = ["lead", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"];
    const moves = Array.from({ length: 500 }, () => {
      const deal = deals[Math.floor(rand() * deals.length)];
      const stage = stages[Math.floor(rand() * stages.length)];
      return { dealId: deal.id, body: stage === "closed_lost" ? { stage, lost_reason: "Went elsewhere", loss_category: "competitor" } : { stage } };
    });
    // All 500 at once; a move the server sheds (503) or aborts (409 write_conflict) is retried by the client.
    const refusals: ApiResult[] = [];
    const results = await Promise.all(moves.map((m) => untilSettled(() => call("POST", `/api/v1/crm/deals/${m.dealId}/stage`, m.body), refusals)));
    expect(unexpected(results, [200])).toEqual([]);
    expect(cleanRefusals(refusals)).toEqual([]);

    for (const deal of deals) {
      // Every accepted change bumps the version by one and answers with it; a same-stage no-op
      // answers with a version some accepted change produced (or the initial one).
      const accepted = new Map<number, Stage>();
      results.forEach((r, i) => {
        if (r.status === 200 && moves[i].dealId === deal.id && r.body.deal.version > deal.version) accepted.set(r.body.deal.version, r.body.deal.stage);
      });
      const versions = [...accepted.keys()].sort((x, y) => x - y);
      expect(versions).toEqual(versions.map((_, i) => deal.version + 1 + i));

      const now = (await call("GET", `/api/v1/crm/deals/${deal.id}`)).body.deal;
      expect(now.version).toBe(deal.version + accepted.size);
      expect(now.audit_log).toHaveLength(1 + accepted.size);
      expect(now.audit_log.slice(1).map((e: { to: string }) => e.to)).toEqual(versions.map((v) => accepted.get(v)));
      expect(now.stage).toBe(versions.length ? accepted.get(versions[versions.length - 1]) : deal.stage);

      const activities = await getDb()
        .selectFrom("deal_activities")
        .select(sql<string>`data->>'to'`.as("to"))
        .where("deal_id", "=", deal.id)
        .where("type", "=", "stage_change")
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      expect(activities).toHaveLength(accepted.size);
      expect(activities.map((a) => a.to).sort()).toEqual(versions.map((v) => accepted.get(v)).sort());
    }
    // The totals the board reads still agree with the deals after all the racing.
    const drift = await sql<{ stage: string }>`
      select coalesce(t.stage, d.stage) as stage
        from (select stage, currency, count(*) as n from deals where tenant_id = ${user.tenantId} and not is_deleted group by 1, 2) d
        full join (select stage, currency, deal_count from deal_stage_totals where tenant_id = ${user.tenantId} and deal_count <> 0) t
          on t.stage = d.stage and t.currency = d.currency
       where d.n is distinct from t.deal_count`.execute(getDb());
    expect(drift.rows).toEqual([]);
  });

  it("200 concurrent creates get 200 distinct, gap-free deal numbers", async () => {
    const before = Number(
      (await getDb().selectFrom("deals").select((eb) => eb.fn.countAll<number>().as("n")).where("tenant_id", "=", user.tenantId).executeTakeFirstOrThrow()).n,
    );
    // Each create carries its own Idempotency-Key, so the client may safely retry a shed request.
    const refusals: ApiResult[] = [];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        untilSettled(() => call("POST", "/api/v1/crm/deals", { name: `Rush ${i}` }, { "idempotency-key": `rush-${user.userId}-${i}` }), refusals),
      ),
    );
    expect(unexpected(results, [201])).toEqual([]);
    expect(cleanRefusals(refusals)).toEqual([]);
    const numbers = results.map((r) => r.body.deal.deal_number as string);
    expect(new Set(numbers).size).toBe(200);
    expect(new Set(results.map((r) => r.body.deal.id)).size).toBe(200);
    const seq = numbers.map((n) => Number(n.split("-")[2])).sort((x, y) => x - y);
    expect(seq).toEqual(seq.map((_, i) => before + 1 + i));
    const stored = await getDb().selectFrom("deals").select("deal_number").where("tenant_id", "=", user.tenantId).execute();
    expect(stored).toHaveLength(before + 200);
    expect(new Set(stored.map((d) => d.deal_number)).size).toBe(stored.length);
  });

  it("50 parallel creates with one Idempotency-Key make one deal and replay it to everyone", async () => {
    const key = `idem-${Date.now()}`;
    const body = { name: "Exactly once", amount: 5000, currency: "USD" };
    const results = await Promise.all(Array.from({ length: 50 }, () => call("POST", "/api/v1/crm/deals", body, { "idempotency-key": key })));
    // A duplicate that arrives while the first is still running may be told to retry (409 in progress).
    expect(unexpected(results, [201, 409])).toEqual([]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe("idempotency_in_progress");
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.deal.id)).size).toBe(1);
    expect(created.filter((r) => r.headers.get("idempotent-replayed") !== "true")).toHaveLength(1);
    const rows = await getDb().selectFrom("deals").select("id").where("tenant_id", "=", user.tenantId).where("name", "=", "Exactly once").execute();
    expect(rows).toEqual([{ id: created[0].body.deal.id }]);
    const again = await call("POST", "/api/v1/crm/deals", body, { "idempotency-key": key });
    expect(again.status).toBe(201);
    expect(again.body.deal.id).toBe(created[0].body.deal.id);
  });
});
