import { describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { compareRank, rankBetween, rankBetweenFor, rankSequence, ranksAbove } from "./rank";

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

describe("rankBetweenFor", () => {
  const between = (lo: string | null, key: string, hi: string | null) =>
    (lo === null || compareRank(lo, key) < 0) && (hi === null || compareRank(key, hi) < 0);

  it("gives different deals placed between the same neighbours different keys, all between them", () => {
    const [a, b] = rankSequence(2);
    const keys = Array.from({ length: 8 }, () => rankBetweenFor(newId("deal"), a, b));
    expect(new Set(keys).size).toBe(8);
    for (const key of keys) expect(between(a, key, b)).toBe(true);
    // Each later placement between two of them lands between those two.
    const sorted = [...keys].sort(compareRank);
    for (let i = 0; i + 1 < sorted.length; i++) expect(between(sorted[i], rankBetweenFor(newId("deal"), sorted[i], sorted[i + 1]), sorted[i + 1])).toBe(true);
  });

  it("stays between its neighbours over 500 placements, at the top, the bottom and between cards", () => {
    const column: string[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) {
      const at = Math.floor(random() * (column.length + 1));
      const above = at > 0 ? column[at - 1] : null;
      const below = at < column.length ? column[at] : null;
      const key = rankBetweenFor(newId("deal"), above, below);
      expect(between(above, key, below)).toBe(true);
      column.splice(at, 0, key);
    }
    expect(new Set(column).size).toBe(500);
    expect([...column].sort(compareRank)).toEqual(column);
  });

  it("does not pass an upper neighbour that extends the key between", () => {
    // "a0" and "a0V" have "a0G"-like keys between them; an upper neighbour that starts with the key
    // that rankBetween would choose must still end up above the suffixed result.
    for (const [above, below] of [["a0", "a0V"], [null, "a00V"], ["a0", "a01"], ["Zz", "a0000V"]] as const) {
      const key = rankBetweenFor(newId("deal"), above, below);
      expect(between(above, key, below)).toBe(true);
    }
  });
});

describe("ranksAbove", () => {
  it("stacks new cards above the top card, the last one topmost, with short keys even by the thousand", () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `deal_01JDX3Z8Q4M2N5P7R9S1T${String(i).padStart(5, "0")}`);
    for (const top of [null, "a0", rankBetweenFor("deal_01JDX3Z8Q4M2N5P7R9S1T3V5W7", null, "a0"), rankBetweenFor("deal_01JDX3Z8Q4M2N5P7R9S1T3V5W8", "Zz", "a0")]) {
      const keys = ranksAbove(top, ids);
      for (let i = 1; i < keys.length; i++) expect(compareRank(keys[i], keys[i - 1])).toBe(-1);
      if (top !== null) expect(compareRank(keys[0], top)).toBe(-1);
      expect(Math.max(...keys.map((k) => k.length))).toBeLessThan(40);
    }
  });
});
