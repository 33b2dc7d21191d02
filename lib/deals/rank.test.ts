import { describe, expect, it } from "vitest";
import { compareRank, rankBetween, rankSequence } from "./rank";

describe("rankBetween", () => {
  it("places a key strictly between its neighbours", () => {
    const [a, b] = rankSequence(2);
    const mid = rankBetween(a, b);
    expect(compareRank(a, mid)).toBe(-1);
    expect(compareRank(mid, b)).toBe(-1);
  });

  it("handles open ends", () => {
    const [a] = rankSequence(1);
    expect(compareRank(rankBetween(null, a), a)).toBe(-1);
    expect(compareRank(a, rankBetween(a, null))).toBe(-1);
    expect(rankBetween(null, null)).toEqual(expect.any(String));
  });

  it("keeps keys short under 1,000 repeated inserts at the top", () => {
    let top: string | null = null;
    const keys: string[] = [];
    for (let i = 0; i < 1000; i++) {
      top = rankBetween(null, top);
      keys.push(top);
    }
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThan(10);
    const sorted = [...keys].sort(compareRank);
    expect(sorted).toEqual([...keys].reverse());
  });

  it("survives 200 bisections between the same two neighbours", () => {
    const [a, b] = rankSequence(2);
    let hi = b;
    for (let i = 0; i < 200; i++) {
      const mid = rankBetween(a, hi);
      expect(compareRank(a, mid)).toBe(-1);
      expect(compareRank(mid, hi)).toBe(-1);
      hi = mid;
    }
  });

  it("does not throw on neighbours given in the wrong order", () => {
    const [a, b] = rankSequence(2);
    expect(compareRank(b, rankBetween(b, a))).toBe(-1);
  });

  it("sorts bytewise like collate C (digits < upper < lower)", () => {
    const keys = rankSequence(100);
    expect([...keys].sort(compareRank)).toEqual(keys);
  });
});
