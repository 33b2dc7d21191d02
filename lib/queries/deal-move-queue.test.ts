import { describe, expect, it } from "vitest";
import type { Deal } from "@/lib/deals/schema";
import { enqueueMove, hasLaterMove, SupersededMoveError } from "./deal-move-queue";

const deal = (id: string, version: number) => ({ id, version }) as Deal;

/** A request the test answers by hand. */
function pending() {
  let resolve!: (d: Deal) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<Deal>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("enqueueMove", () => {
  it("sends a deal's second move after the first, with the version the first produced", async () => {
    const first = pending();
    const seen: (Deal | undefined)[] = [];
    const a = enqueueMove("deal_a", (latest) => (seen.push(latest), first.promise));
    const b = enqueueMove("deal_a", async (latest) => (seen.push(latest), deal("deal_a", (latest?.version ?? 0) + 1)));
    await Promise.resolve();
    expect(seen).toEqual([undefined]);
    expect(hasLaterMove("deal_a", a.seq)).toBe(true);
    expect(hasLaterMove("deal_a", b.seq)).toBe(false);
    first.resolve(deal("deal_a", 2));
    expect(await a.done).toEqual(deal("deal_a", 2));
    expect(await b.done).toEqual(deal("deal_a", 3));
    expect(seen).toEqual([undefined, deal("deal_a", 2)]);
  });

  it("drops the moves queued behind one that failed, and starts afresh after", async () => {
    const first = pending();
    const a = enqueueMove("deal_b", () => first.promise);
    let sent = false;
    const b = enqueueMove("deal_b", async () => ((sent = true), deal("deal_b", 9)));
    first.reject(new Error("409"));
    await expect(a.done).rejects.toThrow("409");
    await expect(b.done).rejects.toBeInstanceOf(SupersededMoveError);
    expect(sent).toBe(false);
    const c = enqueueMove("deal_b", async (latest) => deal("deal_b", latest ? 0 : 5));
    expect(await c.done).toEqual(deal("deal_b", 5));
  });

  it("moves different deals in parallel", async () => {
    const slow = pending();
    enqueueMove("deal_c", () => slow.promise);
    const other = enqueueMove("deal_d", async () => deal("deal_d", 1));
    expect(await other.done).toEqual(deal("deal_d", 1));
    slow.resolve(deal("deal_c", 1));
  });
});
