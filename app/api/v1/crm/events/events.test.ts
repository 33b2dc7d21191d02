import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { insertDeals } from "@/db/factories";
import { getDb, getDbHandle } from "@/lib/db";
import { dealChangeHub } from "@/lib/realtime/listener";
import { type DealChangeEvent, publishDealChange } from "@/lib/realtime/notify";
import { api, signUp } from "@/tests/support/http";

interface SseEvent {
  event: string;
  data: string;
}

/** Reads a text/event-stream response event by event. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const raw: string[] = [];
  return {
    raw,
    async next(timeoutMs = 5_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          raw.push(block);
          const lines = block.split("\n");
          const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
          const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
          if (event) return { event, data };
          continue; // a comment, retry or heartbeat block
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no event within ${timeoutMs} ms; got: ${JSON.stringify(raw)}`);
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms; got: ${JSON.stringify(raw)}`)), left)),
        ]);
        if (chunk.done) throw new Error("stream ended");
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    async until(event: string, timeoutMs = 5_000): Promise<SseEvent[]> {
      const seen: SseEvent[] = [];
      for (;;) {
        const e = await this.next(timeoutMs);
        seen.push(e);
        if (e.event === event) return seen;
      }
    },
    close: () => reader.cancel(),
  };
}

async function notify(event: DealChangeEvent) {
  // Inside a transaction, as the services do: delivered on commit.
  await getDb().transaction().execute((trx) => publishDealChange(trx, event));
}

const change = (tenant_id: string, deal_id: string): DealChangeEvent => ({
  tenant_id,
  deal_id,
  kind: "stage_changed",
  version: 2,
  stage: "proposal",
  by: null,
  owner: null,
});

afterEach(async () => {
  await dealChangeHub().stop();
});

describe("GET /api/v1/crm/events", () => {
  it("streams a tenant's deal changes to its subscribers only", async () => {
    const a = await signUp();
    const b = await signUp();
    const [dealA] = await insertDeals(getDb(), a.tenantId, [{ name: "A deal" }]);
    const [dealB] = await insertDeals(getDb(), b.tenantId, [{ name: "B deal" }]);

    const resA = await api.get("/api/v1/crm/events", { token: a.token });
    expect(resA.status).toBe(200);
    expect(resA.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(resA.headers.get("cache-control")).toContain("no-transform");
    const streamA = sseReader(resA);
    await streamA.until("ready");
    expect(streamA.raw[0]).toMatch(/^retry: \d+/);

    const streamB = sseReader(await api.get("/api/v1/crm/events", { cookie: b.cookie }));
    await streamB.until("ready");

    // B's change is committed first: if it leaked to A it would arrive before A's own.
    await notify(change(b.tenantId, dealB.id!));
    await notify(change(a.tenantId, dealA.id!));

    const first = await streamA.next();
    expect(first.event).toBe("deal_change");
    expect(JSON.parse(first.data)).toEqual({ deal_id: dealA.id, kind: "stage_changed", stage: "proposal", version: 2, by: null });
    expect(first.data).not.toContain(a.tenantId);

    const ofB = await streamB.next();
    expect(JSON.parse(ofB.data).deal_id).toBe(dealB.id);

    // A change that is rolled back is never announced.
    await getDb()
      .transaction()
      .execute(async (trx) => {
        await publishDealChange(trx, change(a.tenantId, "deal_rolled_back"));
        throw new Error("rollback");
      })
      .catch(() => {});
    await notify(change(a.tenantId, dealA.id!));
    expect(JSON.parse((await streamA.next()).data).deal_id).toBe(dealA.id);

    expect(dealChangeHub().subscriberCount).toBe(2);
    await streamA.close();
    await streamB.close();
    await expect.poll(() => dealChangeHub().subscriberCount).toBe(0);
  });

  it("delivers changes made through real writes on the deals table", async () => {
    const user = await signUp();
    const [deal] = await insertDeals(getDb(), user.tenantId, [{ name: "Watched" }]);
    const stream = sseReader(await api.get("/api/v1/crm/events", { token: user.token }));
    await stream.until("ready");
    await getDb()
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .updateTable("deals")
          .set({ stage: "qualification", version: sql`version + 1` })
          .where("id", "=", deal.id!)
          .returning(["version", "stage"])
          .executeTakeFirstOrThrow();
        await publishDealChange(trx, { tenant_id: user.tenantId, deal_id: deal.id!, kind: "stage_changed", version: row.version, stage: row.stage, by: user.userId, owner: user.userId });
      });
    const e = await stream.next();
    expect(JSON.parse(e.data)).toMatchObject({ deal_id: deal.id, stage: "qualification", version: 2, by: user.userId });
    await stream.close();
  });

  it("announces a move made through the deals API, and the board shows it", async () => {
    const user = await signUp();
    const created = await api.post("/api/v1/crm/deals", { name: "Moved by API", amount: 1000 }, { token: user.token });
    expect(created.status).toBe(201);
    const { deal } = await created.json();
    const stream = sseReader(await api.get("/api/v1/crm/events", { token: user.token }));
    await stream.until("ready");

    const moved = await api.post(`/api/v1/crm/deals/${deal.id}/stage`, { stage: "negotiation" }, { token: user.token });
    expect(moved.status).toBe(200);
    const events = await stream.until("deal_change");
    expect(JSON.parse(events[events.length - 1].data)).toMatchObject({ deal_id: deal.id, stage: "negotiation", by: user.userId });

    const board = await (await api.get("/api/v1/crm/board", { token: user.token })).json();
    const negotiation = board.columns.find((c: { stage: string }) => c.stage === "negotiation");
    expect(negotiation.items.map((d: { id: string }) => d.id)).toEqual([deal.id]);
    expect(negotiation.totals).toEqual([{ currency: "JPY", count: 1, amount: 1000, weighted: 800 }]);
    await stream.close();
  });

  it("requires authentication", async () => {
    const res = await api.get("/api/v1/crm/events");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

if (process.env.DATABASE_URL) {
  describe("the PostgreSQL listener", () => {
    it("reconnects after its connection is killed, tells clients to resync, and keeps delivering", async () => {
      expect(getDbHandle().kind).toBe("postgres");
      const user = await signUp();
      const stream = sseReader(await api.get("/api/v1/crm/events", { token: user.token }));
      await stream.until("ready");

      const killed = await sql<{ n: number }>`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
         where application_name = 'pipeline-realtime' and datname = current_database()`.execute(getDb());
      expect(killed.rows[0].n).toBe(1);

      await stream.until("resync", 10_000);
      await notify(change(user.tenantId, "deal_after_reconnect"));
      const e = await stream.until("deal_change");
      expect(JSON.parse(e[e.length - 1].data).deal_id).toBe("deal_after_reconnect");
      await stream.close();
    });
  });
}

describe("events and deal visibility", () => {
  it("tells a rep limited to his own deals only of his deals (and of one taken from him), and everyone to resync when the setting changes", async () => {
    const { addRep } = await import("../deals/deals-test-helpers");
    const manager = await signUp({ name: "Manager" });
    const ken = await addRep(manager, "Ken");
    const emily = await addRep(manager, "Emily");
    const stream = sseReader(await api.get("/api/v1/crm/events", { token: ken.token }));
    await stream.until("ready");

    const patched = await api.patch("/api/v1/workspace", { deal_visibility: "own" }, { token: manager.token });
    expect(patched.status).toBe(200);
    await stream.until("resync");
    await stream.close();

    // The stream's filter is the caller's as it opens; open a new one under the new setting.
    const own = sseReader(await api.get("/api/v1/crm/events", { token: ken.token }));
    await own.until("ready");
    const create = async (who: typeof ken, name: string) => {
      const res = await api.post("/api/v1/crm/deals", { name }, { token: who.token });
      expect(res.status).toBe(201);
      return (await res.json()).deal as { id: string };
    };
    const emilys = await create(emily, "Emily's");
    const kens = await create(ken, "Ken's");
    // Emily's create came first: had it leaked, it would be the first event.
    expect(JSON.parse((await own.next()).data)).toMatchObject({ deal_id: kens.id, kind: "created" });
    await api.patch(`/api/v1/crm/deals/${emilys.id}`, { note: "private" }, { token: emily.token });
    // Ken hands his deal to Emily: he hears of it (so the card leaves his board), then of nothing of hers.
    expect((await api.patch(`/api/v1/crm/deals/${kens.id}`, { assigned_member_id: emily.userId }, { token: ken.token })).status).toBe(200);
    expect(JSON.parse((await own.next()).data)).toMatchObject({ deal_id: kens.id, kind: "updated" });
    await api.patch(`/api/v1/crm/deals/${kens.id}`, { note: "now Emily's" }, { token: emily.token });
    const mine = await create(ken, "Ken's second");
    expect(JSON.parse((await own.next()).data)).toMatchObject({ deal_id: mine.id, kind: "created" });
    await own.close();
  });
});
