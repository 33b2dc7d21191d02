import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createDeal, DEALS, snapshot } from "@/app/api/v1/crm/deals/deals-test-helpers";
import { withApiDeferredCaller } from "@/lib/api/handler";
import { createPgPool, getDb, getDbHandle } from "@/lib/db";
import { preparedKysely } from "@/lib/db-prepared";
import { listDeals } from "@/lib/deals/list";
import { DEAL_SORTS, type Deal, dealListQuerySchema } from "@/lib/deals/schema";
import { replaceAppDatabase } from "@/tests/support/database";
import { api, BASE_URL, signUp, type TestUser } from "@/tests/support/http";

/**
 * Hot reads resolve the caller in their own first statement (withApiDeferredCaller,
 * PendingCaller.read) and a stage move without an Idempotency-Key is optimistic. What a client
 * sees must not change: a bad session still answers 401 before anything else, another tenant's
 * deal is still 404, and a write that collides with a concurrent one never loses it.
 */

async function signedOut(): Promise<TestUser> {
  const user = await signUp();
  const out = await api.post("/api/auth/sign-out", {}, { token: user.token });
  expect(out.status).toBe(200);
  return user;
}

async function status(res: Response, code?: string) {
  if (res.status >= 400) {
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as { code: string };
    if (code) expect(body.code).toBe(code);
  }
  return res.status;
}

describe("a handler whose caller is resolved by its first statement", () => {
  // Never touches `auth`: the wrapper must still refuse a bad session.
  const lazy = withApiDeferredCaller({ params: z.object({ id: z.string().regex(/^x_\d+$/) }) }, async ({ params }) => ({ id: params.id }));
  const call = (user: TestUser | null, id = "x_1") =>
    lazy(new Request(`${BASE_URL}/api/v1/test/${id}`, { headers: user ? { authorization: `Bearer ${user.token}` } : {} }), {
      params: Promise.resolve({ id }),
    });

  it("answers only a valid session, even when the handler never reads with it", async () => {
    const user = await signUp();
    const gone = await signedOut();
    expect(await status(await call(user))).toBe(200);
    expect(await status(await call(gone), "unauthorized")).toBe(401);
    expect(await status(await call(null), "unauthorized")).toBe(401);
    // Bad params: the session is checked first, as withApi does.
    expect(await status(await call(gone, "nope"), "unauthorized")).toBe(401);
    expect(await status(await call(user, "nope"), "validation_failed")).toBe(400);
  });

  it("GET /deals/{id}: 401 for a signed-out session whatever the id, 404 for a malformed or foreign id, 403 without a workspace", async () => {
    const a = await signUp({ name: "Reader A" });
    const b = await signUp({ name: "Reader B" });
    const gone = await signedOut();
    const deal = await createDeal(a, { name: "Fused read" });
    const res = await api.get(`${DEALS}/${deal.id}`, { token: a.token });
    expect(res.status).toBe(200);
    // Exactly the deal the create answered with: nothing of the caller's lookup rides along.
    expect(((await res.json()) as { deal: Deal }).deal).toEqual(deal);
    expect(res.headers.get("etag")).toBe('"1"');

    expect(await status(await api.get(`${DEALS}/${deal.id}`, { token: gone.token }), "unauthorized")).toBe(401);
    expect(await status(await api.get(`${DEALS}/not-an-id`, { token: gone.token }), "unauthorized")).toBe(401);
    expect(await status(await api.get(`${DEALS}/not-an-id`, { token: a.token }), "not_found")).toBe(404);
    expect(await status(await api.get(`${DEALS}/${deal.id}`, { token: b.token }), "not_found")).toBe(404);
    expect(await status(await api.get(`${DEALS}/${deal.id}`, { cookie: b.cookie }), "not_found")).toBe(404);

    // A session whose active workspace was cleared.
    await getDb().updateTable("session").set({ activeOrganizationId: null }).where("userId", "=", b.userId).execute();
    expect(await status(await api.get(`${DEALS}/${deal.id}`, { token: b.token }), "no_active_tenant")).toBe(403);
    expect(await status(await api.get(DEALS, { token: b.token }), "no_active_tenant")).toBe(403);
  });

  it("GET /deals: the page and its caller in one statement, the same answers as before", async () => {
    const a = await signUp({ name: "Lister A" });
    const b = await signUp({ name: "Lister B" });
    const gone = await signedOut();
    const ids = [];
    for (const name of ["One", "Two", "Three"]) ids.push((await createDeal(a, { name })).id);
    await createDeal(b, { name: "Other tenant" });

    const page = (await (await api.get(`${DEALS}?limit=2`, { token: a.token })).json()) as { items: Deal[]; total: number; next_cursor: string };
    expect(page.items.map((d) => d.name)).toEqual(["Three", "Two"]);
    expect(page.items[0]).toEqual((await (await api.get(`${DEALS}/${ids[2]}`, { token: a.token })).json() as { deal: Deal }).deal);
    expect(page.total).toBe(3);
    const next = (await (await api.get(`${DEALS}?limit=2&cursor=${page.next_cursor}`, { token: a.token })).json()) as { items: Deal[]; next_cursor: null };
    expect(next.items.map((d) => d.id)).toEqual([ids[0]]);
    expect(next.next_cursor).toBeNull();
    // An empty page still has its total (the stored totals, read on their own).
    const empty = (await (await api.get(`${DEALS}?stage=closed_won`, { token: a.token })).json()) as { items: Deal[]; total: number };
    expect(empty).toMatchObject({ items: [], total: 0 });

    expect(await status(await api.get(DEALS, { token: gone.token }), "unauthorized")).toBe(401);
    expect(await status(await api.get(`${DEALS}?cursor=garbage`, { token: gone.token }), "unauthorized")).toBe(401);
    expect(await status(await api.get(`${DEALS}?cursor=garbage`, { token: a.token }), "invalid_cursor")).toBe(400);
  });

  it("GET /deals: every common page shape (a statement compiled once) answers what a page built for the request answers", async () => {
    // Two tenants whose deals differ in every sort column, nulls included.
    const users = [await signUp({ name: "Shapes A" }), await signUp({ name: "Shapes B" })];
    const stages = ["lead", "qualification", "lead", "proposal"];
    for (const [t, user] of users.entries()) {
      for (let i = 0; i < 13; i++) {
        await createDeal(user, {
          name: `${t ? "Beta" : "Alpha"} ${String.fromCharCode(77 + ((i * 7) % 13))}${i}`,
          stage: stages[(i + t) % stages.length],
          amount: i % 4 === 0 ? null : (i * 7919 + t * 13) % 5000,
          expected_close_date: i % 3 === 0 ? null : `2027-0${1 + ((i + t) % 9)}-1${i % 10}`,
        });
      }
    }
    // The same shapes for both tenants in turn: each statement is reused with another tenant,
    // stage and cursor position, and every sort, order and page size is its own statement.
    let compared = 0;
    for (const sort of DEAL_SORTS) {
      for (const order of ["asc", "desc"]) {
        for (const stage of [undefined, "lead", "qualification"]) {
          for (const limit of [10, 20]) {
            for (const user of users) {
              const params = new URLSearchParams({ sort, order, limit: String(limit), ...(stage ? { stage } : {}) });
              let cursor: string | null = null;
              do {
                if (cursor) params.set("cursor", cursor);
                const res = await api.get(`${DEALS}?${params}`, { token: user.token });
                expect(res.status).toBe(200);
                const fixed = (await res.json()) as { items: Deal[]; next_cursor: string | null };
                const query = dealListQuerySchema.parse(Object.fromEntries(params));
                const built = JSON.parse(
                  (await listDeals(getDb(), { tenantId: user.tenantId, userId: user.userId, isManager: true, dealVisibility: "all" as const }, query)).text,
                ) as typeof fixed;
                expect(fixed, `${params}`).toEqual(built);
                expect(fixed.items.every((d) => d.tenant_id === user.tenantId && (!stage || d.stage === stage))).toBe(true);
                compared++;
                cursor = fixed.next_cursor;
              } while (cursor);
            }
          }
        }
      }
    }
    // Cursor pages were among them: 13 deals, pages of 10.
    expect(compared).toBeGreaterThan(DEAL_SORTS.length * 2 * 3 * 2 * 2);
  });

  it("POST /deals/{id}/stage: 401 for a signed-out session, changing nothing; 404 for a malformed or foreign id", async () => {
    const a = await signUp({ name: "Mover A" });
    const b = await signUp({ name: "Mover B" });
    const gone = await signedOut();
    const deal = await createDeal(a, { name: "Stays put" });
    const before = await snapshot(deal.id);
    expect(await status(await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: gone.token }), "unauthorized")).toBe(401);
    expect(await status(await api.post(`${DEALS}/nope/stage`, { stage: "proposal" }, { token: gone.token }), "unauthorized")).toBe(401);
    expect(await status(await api.post(`${DEALS}/nope/stage`, { stage: "proposal" }, { token: a.token }), "not_found")).toBe(404);
    expect(await status(await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: b.token }), "not_found")).toBe(404);
    expect(await snapshot(deal.id)).toEqual(before);
  });
});

// PGlite is one connection with no pool to observe: these run on PostgreSQL (CI runs both).
describe.skipIf(!process.env.DATABASE_URL)("round trips and collisions on PostgreSQL", () => {
  let restore: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  /** The app's database on a pool whose clients record every statement they send. */
  function recordStatements() {
    const sent: string[] = [];
    const replaced = replaceAppDatabase((url) => {
      const pool = createPgPool(url, 4);
      const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
      const seen = new WeakSet<pg.PoolClient>();
      (pool as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
        const client = await connect();
        if (!seen.has(client)) {
          seen.add(client);
          const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
          (client as { query: unknown }).query = (...args: unknown[]) => {
            const first = args[0] as string | { text: string };
            sent.push(typeof first === "string" ? first : first.text);
            return query(...args);
          };
        }
        return client;
      };
      return { kind: "postgres", pool, db: preparedKysely(pool) };
    });
    restore = replaced.restore;
    return { count: async (fn: () => Promise<unknown>) => ((sent.length = 0), await fn(), sent.length) };
  }

  it("one statement for a deal, one for a common list page, two for a plain stage move", async () => {
    const user = await signUp();
    const deal = await createDeal(user);
    const { count } = recordStatements();
    const ok = (res: Response) => expect(res.status).toBe(200);
    expect(await count(async () => ok(await api.get(`${DEALS}/${deal.id}`, { token: user.token })))).toBe(1);
    expect(await count(async () => ok(await api.get(`${DEALS}?limit=25`, { token: user.token })))).toBe(1);
    expect(await count(async () => ok(await api.get(`${DEALS}?stage=lead`, { token: user.token })))).toBe(1);
    // A search counts its matches exactly, concurrently: the caller first, then page and count.
    expect(await count(async () => ok(await api.get(`${DEALS}?search=test`, { token: user.token })))).toBe(3);
    expect(await count(async () => ok(await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: user.token })))).toBe(2);
    // A no-op move reads and answers.
    expect(await count(async () => ok(await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: user.token })))).toBe(1);
    // With an Idempotency-Key the move runs in the key's transaction, under the row lock.
    const keyed = await count(async () =>
      ok(await api.post(`${DEALS}/${deal.id}/stage`, { stage: "negotiation" }, { token: user.token, headers: { "idempotency-key": "move-1" } })),
    );
    expect(keyed).toBeGreaterThan(4);
  });

  /**
   * Holds the deal's row in an open transaction that changes it, starts `request`, waits until
   * the request's write is blocked on that row (so its read saw the old version), then commits.
   */
  async function collide(dealId: string, request: () => Promise<Response>): Promise<Response> {
    const pool = getDbHandle().pool!;
    const other = await pool.connect();
    try {
      await other.query("begin");
      // Another move to qualification, as a concurrent request would write it.
      await other.query(
        `update deals set stage = 'qualification', probability = 20, name = 'Renamed meanwhile', version = version + 1,
           audit_log = audit_log || '[{"from":"lead","to":"qualification","at":"2026-11-21T00:00:00.000Z","by":null}]'::jsonb
         where id = $1`,
        [dealId],
      );
      const pid = (await other.query("select pg_backend_pid() as pid")).rows[0].pid as number;
      const pending = request();
      const deadline = Date.now() + 10_000;
      for (;;) {
        const blocked = await pool.query("select count(*)::int as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))", [pid]);
        if (blocked.rows[0].n > 0) break;
        if (Date.now() > deadline) throw new Error("the move never waited on the row");
        await new Promise((r) => setTimeout(r, 20));
      }
      await other.query("commit");
      return await pending;
    } catch (error) {
      await other.query("rollback").catch(() => {});
      throw error;
    } finally {
      other.release();
    }
  }

  it("a move that collides with a concurrent write is planned again from the new row: nothing is lost", async () => {
    const user = await signUp();
    const deal = await createDeal(user, { name: "Contended" });
    const res = await collide(deal.id, () => api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: user.token }));
    expect(res.status).toBe(200);
    const moved = ((await res.json()) as { deal: Deal }).deal;
    // Version 1 → 2 by the concurrent write → 3 by the move, planned from version 2: its audit
    // entry and activity start at qualification, and the concurrent change is kept.
    expect(moved).toMatchObject({ stage: "proposal", name: "Renamed meanwhile", version: 3, probability: 50 });
    expect(moved.audit_log.map((e) => [e.from, e.to])).toEqual([[null, "lead"], ["lead", "qualification"], ["qualification", "proposal"]]);
    const activities = await getDb().selectFrom("deal_activities").select(["type", "data"]).where("deal_id", "=", deal.id).orderBy("created_at").execute();
    expect(activities.map((a) => [a.type, a.data])).toEqual([
      ["created", {}],
      ["stage_change", { from: "qualification", to: "proposal" }],
    ]);
  });

  it("a move holding an If-Match that a concurrent write made stale gets 409 and writes nothing", async () => {
    const user = await signUp();
    const deal = await createDeal(user, { name: "Guarded" });
    const res = await collide(deal.id, () =>
      api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: user.token, headers: { "if-match": '"1"' } }),
    );
    expect(res.status).toBe(409);
    const body = (await res.json()) as { code: string; deal: Deal };
    expect(body.deal).toMatchObject({ stage: "qualification", name: "Renamed meanwhile", version: 2 });
    const after = await snapshot(deal.id);
    expect(after.deal).toMatchObject({ stage: "qualification", version: 2 });
    expect(after.activities).toBe(1);
  });
});
