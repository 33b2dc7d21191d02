import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { activitiesOf, addRep, createDeal, DEALS, dealCount, getDeal, snapshot } from "./deals-test-helpers";

let user: TestUser;

beforeAll(async () => {
  user = await signUp();
});

describe("ETag and If-Match", () => {
  it("PATCH with the current ETag succeeds and returns the next one; a stale one gets 409 with the current deal", async () => {
    const deal = await createDeal(user, { amount: 100 });
    const got = await api.get(`${DEALS}/${deal.id}`, { token: user.token });
    const etag = got.headers.get("etag")!;
    expect(etag).toBe('"1"');

    const first = await api.patch(`${DEALS}/${deal.id}`, { amount: 200 }, { token: user.token, headers: { "if-match": etag } });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"2"');

    const before = await snapshot(deal.id);
    const stale = await api.patch(`${DEALS}/${deal.id}`, { amount: 300 }, { token: user.token, headers: { "if-match": etag } });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("etag")).toBe('"2"');
    const problem = await stale.json();
    expect(problem).toMatchObject({ status: 409, code: "version_conflict" });
    expect(problem.deal).toEqual(await getDeal(user, deal.id));
    expect(problem.deal).toMatchObject({ amount: 200, version: 2 });
    expect(await snapshot(deal.id)).toEqual(before);
  });

  it("accepts the version in the body, weak ETags and If-Match: *", async () => {
    const deal = await createDeal(user);
    expect((await api.patch(`${DEALS}/${deal.id}`, { note: "a", version: 1 }, { token: user.token })).status).toBe(200);
    const staleBody = await api.patch(`${DEALS}/${deal.id}`, { note: "b", version: 1 }, { token: user.token });
    expect(staleBody.status).toBe(409);
    expect((await staleBody.json()).deal.note).toBe("a");
    expect((await api.patch(`${DEALS}/${deal.id}`, { note: "c" }, { token: user.token, headers: { "if-match": 'W/"2"' } })).status).toBe(412);
    expect((await api.patch(`${DEALS}/${deal.id}`, { note: "c" }, { token: user.token, headers: { "if-match": '"2"' } })).status).toBe(200);
    expect((await api.patch(`${DEALS}/${deal.id}`, { note: "d" }, { token: user.token, headers: { "if-match": "*" } })).status).toBe(200);
    const bad = await api.patch(`${DEALS}/${deal.id}`, { note: "e" }, { token: user.token, headers: { "if-match": "yesterday" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe("invalid_if_match");
    expect((await getDeal(user, deal.id)).note).toBe("d");
  });

  it("without If-Match or version, writes simply proceed", async () => {
    const deal = await createDeal(user);
    await api.patch(`${DEALS}/${deal.id}`, { note: "one" }, { token: user.token });
    const res = await api.patch(`${DEALS}/${deal.id}`, { note: "two" }, { token: user.token });
    expect(res.status).toBe(200);
    expect((await res.json()).deal).toMatchObject({ note: "two", version: 3 });
  });

  it("guards stage moves and deletes too", async () => {
    const deal = await createDeal(user);
    await api.patch(`${DEALS}/${deal.id}`, { note: "x" }, { token: user.token });
    const before = await snapshot(deal.id);
    const move = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: user.token, headers: { "if-match": '"1"' } });
    expect(move.status).toBe(409);
    expect((await move.json()).deal.version).toBe(2);
    const moveBody = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal", version: 1 }, { token: user.token });
    expect(moveBody.status).toBe(409);
    const del = await api.delete(`${DEALS}/${deal.id}`, { token: user.token, headers: { "if-match": '"1"' } });
    expect(del.status).toBe(409);
    expect(await snapshot(deal.id)).toEqual(before);
    const ok = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: user.token, headers: { "if-match": '"2"' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe('"3"');
  });

  it("lets exactly one of 50 parallel moves holding the same ETag win", async () => {
    const deal = await createDeal(user);
    const stages = ["qualification", "proposal", "negotiation", "closed_won"];
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.post(`${DEALS}/${deal.id}/stage`, { stage: stages[i % stages.length] }, { token: user.token, headers: { "if-match": '"1"' } }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const after = await getDeal(user, deal.id);
    expect(after.version).toBe(2);
    expect(after.audit_log).toHaveLength(2);
    expect((await activitiesOf(user, deal.id)).filter((a) => a.type === "stage_change")).toHaveLength(1);
  });

  it("serialises parallel writes without If-Match: every one applies, versions count them all", async () => {
    const deal = await createDeal(user);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.patch(`${DEALS}/${deal.id}`, { amount: i + 1 }, { token: user.token })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const after = await getDeal(user, deal.id);
    expect(after.version).toBe(21);
    expect((await activitiesOf(user, deal.id)).filter((a) => a.type === "field_change")).toHaveLength(20);
  });
});

describe("Idempotency-Key", () => {
  it("replays a repeated create (same status, body, ETag; Idempotent-Replayed) without a second row", async () => {
    const owner = await signUp();
    const headers = { "idempotency-key": "create-7f3a" };
    const first = await api.post(DEALS, { name: "Once only", amount: 10 }, { token: owner.token, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const firstBody = await first.json();

    const second = await api.post(DEALS, { amount: 10, name: "Once only" }, { token: owner.token, headers });
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await second.json()).toEqual(firstBody);
    expect(await dealCount(owner.tenantId)).toBe(1);
  });

  it("refuses the same key with a different body (422 idempotency_key_reused), creating nothing", async () => {
    const owner = await signUp();
    const headers = { "idempotency-key": "reuse-1" };
    expect((await api.post(DEALS, { name: "A" }, { token: owner.token, headers })).status).toBe(201);
    const reused = await api.post(DEALS, { name: "B" }, { token: owner.token, headers });
    expect(reused.status).toBe(422);
    expect((await reused.json()).code).toBe("idempotency_key_reused");
    // A key belongs to one request, across endpoints too.
    const deal = (await (await api.get(DEALS, { token: owner.token })).json()).items[0];
    const elsewhere = await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: "x" }, { token: owner.token, headers });
    expect(elsewhere.status).toBe(422);
    expect(await dealCount(owner.tenantId)).toBe(1);
    expect(await activitiesOf(owner, deal.id)).toHaveLength(1);
  });

  it("keeps keys per tenant", async () => {
    const a = await signUp();
    const b = await signUp();
    const headers = { "idempotency-key": "shared-key" };
    const ra = await api.post(DEALS, { name: "Same" }, { token: a.token, headers });
    const rb = await api.post(DEALS, { name: "Same" }, { token: b.token, headers });
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(rb.headers.get("idempotent-replayed")).toBeNull();
    expect((await rb.json()).deal.tenant_id).toBe(b.tenantId);
  });

  it("keeps keys per caller: a colleague sending the same key and body gets a request of his own", async () => {
    const manager = await signUp();
    const colleague = await addRep(manager, "Colleague");
    const headers = { "idempotency-key": "team-shared-key" };
    const first = await api.post(DEALS, { name: "Same" }, { token: manager.token, headers });
    expect(first.status).toBe(201);
    const mine = (await first.json()).deal;
    const theirs = await api.post(DEALS, { name: "Same" }, { token: colleague.token, headers });
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    const deal = (await theirs.json()).deal;
    expect(deal.id).not.toBe(mine.id);
    expect(deal.created_by).toBe(colleague.userId);
    // A different body is not "reused" either: the key is simply his own.
    const other = await api.post(DEALS, { name: "Different" }, { token: colleague.token, headers: { "idempotency-key": "team-shared-key-2" } });
    await api.post(DEALS, { name: "Mine" }, { token: manager.token, headers: { "idempotency-key": "team-shared-key-2" } });
    expect(other.status).toBe(201);
    expect(await dealCount(manager.tenantId)).toBe(4);
  });

  it("creates one row for concurrent duplicates, and every duplicate gets the same deal", async () => {
    const owner = await signUp();
    const headers = { "idempotency-key": "burst-1" };
    const responses = await Promise.all(Array.from({ length: 10 }, () => api.post(DEALS, { name: "Burst" }, { token: owner.token, headers })));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(bodies.map((b) => b.deal.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(9);
    expect(await dealCount(owner.tenantId)).toBe(1);
  });

  it("replays stage moves and activity creation", async () => {
    const owner = await signUp();
    const deal = await createDeal(owner);
    const moveHeaders = { "idempotency-key": "move-1" };
    const move1 = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: owner.token, headers: moveHeaders });
    expect(move1.status).toBe(200);
    const moved = await move1.json();
    await api.post(`${DEALS}/${deal.id}/stage`, { stage: "negotiation" }, { token: owner.token });
    const move2 = await api.post(`${DEALS}/${deal.id}/stage`, { stage: "proposal" }, { token: owner.token, headers: moveHeaders });
    expect(move2.status).toBe(200);
    expect(move2.headers.get("idempotent-replayed")).toBe("true");
    expect(await move2.json()).toEqual(moved);
    expect((await getDeal(owner, deal.id)).stage).toBe("negotiation");

    const noteHeaders = { "idempotency-key": "note-1" };
    const body = { type: "note", content: "Sent the quote" };
    const n1 = await api.post(`${DEALS}/${deal.id}/activities`, body, { token: owner.token, headers: noteHeaders });
    const n2 = await api.post(`${DEALS}/${deal.id}/activities`, body, { token: owner.token, headers: noteHeaders });
    expect([n1.status, n2.status]).toEqual([201, 201]);
    expect(n2.headers.get("idempotent-replayed")).toBe("true");
    expect(await n2.json()).toEqual(await n1.json());
    expect((await activitiesOf(owner, deal.id)).filter((a) => a.type === "note")).toHaveLength(1);
  });

  it("does not remember failures: a corrected retry with the same key goes through", async () => {
    const owner = await signUp();
    const headers = { "idempotency-key": "fix-and-retry" };
    const failed = await api.post(DEALS, { name: "Lost", stage: "closed_lost" }, { token: owner.token, headers });
    expect(failed.status).toBe(422);
    const fixed = await api.post(DEALS, { name: "Lost", stage: "closed_lost", lost_reason: "Price", loss_category: "price" }, { token: owner.token, headers });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
    expect(await dealCount(owner.tenantId)).toBe(1);
  });

  it("forgets keys after 24 hours", async () => {
    const owner = await signUp();
    const headers = { "idempotency-key": "old-key" };
    expect((await api.post(DEALS, { name: "Yesterday" }, { token: owner.token, headers })).status).toBe(201);
    await sql`update idempotency_keys set created_at = now() - interval '25 hours' where tenant_id = ${owner.tenantId}`.execute(getDb());
    const res = await api.post(DEALS, { name: "Today" }, { token: owner.token, headers });
    expect(res.status).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect((await res.json()).deal.name).toBe("Today");
    expect(await dealCount(owner.tenantId)).toBe(2);
  });

  it("rejects a malformed key", async () => {
    const res = await api.post(DEALS, { name: "x" }, { token: user.token, headers: { "idempotency-key": "k".repeat(256) } });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("invalid_idempotency_key");
  });
});

describe("board positions under concurrency", () => {
  it("gives parallel moves placed after the same card distinct positions between it and the next card", async () => {
    const owner = await signUp();
    const above = await createDeal(owner, { name: "Above", stage: "qualification" });
    const below = await createDeal(owner, { name: "Below", stage: "qualification" });
    // `below` was created last, so it is the top card: order the column as above, below.
    await api.post(`${DEALS}/${above.id}/stage`, { stage: "qualification", position: 0 }, { token: owner.token });
    const movers = await Promise.all(Array.from({ length: 8 }, (_, i) => createDeal(owner, { name: `Mover ${i}`, stage: "lead" })));
    const responses = await Promise.all(
      movers.map((d) => api.post(`${DEALS}/${d.id}/stage`, { stage: "qualification", before_id: above.id }, { token: owner.token })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const answered = await Promise.all(responses.map(async (r) => ((await r.json()) as { deal: { id: string; position: string } }).deal));
    expect(new Set(answered.map((d) => d.position)).size).toBe(8);

    const column = async () =>
      (
        await getDb()
          .selectFrom("deals")
          .select(["id", "position"])
          .where("tenant_id", "=", owner.tenantId)
          .where("stage", "=", "qualification")
          .where("is_deleted", "=", false)
          .orderBy(sql`position collate "C"`)
          .orderBy("id")
          .execute()
      ).map((r) => r);
    const rows = await column();
    expect(new Set(rows.map((r) => r.position)).size).toBe(rows.length);
    // Every mover landed between `above` and `below`, at the position it was answered with.
    expect(rows[0].id).toBe(above.id);
    expect(rows[rows.length - 1].id).toBe(below.id);
    for (const d of answered) expect(rows.find((r) => r.id === d.id)?.position).toBe(d.position);

    // A later placement between the first two cards lands exactly there.
    const late = await createDeal(owner, { name: "Late", stage: "lead" });
    const placed = await api.post(`${DEALS}/${late.id}/stage`, { stage: "qualification", before_id: rows[1].id, after_id: rows[2].id }, { token: owner.token });
    expect(placed.status).toBe(200);
    const after = await column();
    expect(after.map((r) => r.id).slice(0, 4)).toEqual([rows[0].id, rows[1].id, late.id, rows[2].id]);
  });

  it("gives parallel plain moves to the same column distinct positions at its top", async () => {
    const owner = await signUp();
    const deals = await Promise.all(Array.from({ length: 10 }, (_, i) => createDeal(owner, { name: `Top ${i}` })));
    const responses = await Promise.all(deals.map((d) => api.post(`${DEALS}/${d.id}/stage`, { stage: "proposal" }, { token: owner.token })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const rows = await getDb()
      .selectFrom("deals")
      .select("position")
      .where("tenant_id", "=", owner.tenantId)
      .where("stage", "=", "proposal")
      .execute();
    expect(new Set(rows.map((r) => r.position)).size).toBe(10);
  });
});

describe("deal numbers under concurrency", () => {
  it("gives 200 concurrent creates 200 distinct, consecutive numbers", async () => {
    const owner = await signUp();
    // Creates of one tenant queue on its counter row. On a loaded machine some of the 200 may
    // time out waiting (503, retryable): those changed nothing and consumed no number, so the
    // retries must still end in exactly 1..200 with no gap and no duplicate.
    let pending = Array.from({ length: 200 }, (_, i) => `Deal ${i}`);
    const numbers: string[] = [];
    for (let wave = 0; pending.length > 0 && wave < 10; wave++) {
      const responses = await Promise.all(pending.map((name) => api.post(DEALS, { name }, { token: owner.token })));
      const retry: string[] = [];
      for (const [i, res] of responses.entries()) {
        if (res.status === 201) numbers.push((await res.json()).deal.deal_number);
        else {
          expect(res.status).toBe(503);
          expect((await res.json()).code).toBe("service_unavailable");
          retry.push(pending[i]);
        }
      }
      pending = retry;
    }
    expect(pending).toEqual([]);
    const year = new Date().getUTCFullYear();
    const expected = Array.from({ length: 200 }, (_, i) => `DEAL-${year}-${String(i + 1).padStart(5, "0")}`);
    expect([...numbers].sort()).toEqual(expected);
    const counter = await getDb().selectFrom("deal_counters").select("last_value").where("tenant_id", "=", owner.tenantId).executeTakeFirstOrThrow();
    expect(counter.last_value).toBe(200);
    expect(await dealCount(owner.tenantId)).toBe(200);
  }, 120_000);
});
