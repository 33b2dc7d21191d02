import { describe, expect, it } from "vitest";
import { idPattern, newId } from "./ids";

describe("newId", () => {
  it("makes unique, time-ordered ids of the kind's shape", () => {
    const ids = Array.from({ length: 20_000 }, () => newId("activity"));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(idPattern("activity"));
  });

  it("draws the random part from every Crockford character, evenly", async () => {
    // A fresh id per millisecond gets a fresh random part (within one millisecond ulid
    // increments the last one instead), so sample across milliseconds.
    const counts = new Map<string, number>();
    for (let i = 0; i < 64; i++) {
      const id = newId("deal");
      for (const c of id.slice(-16)) counts.set(c, (counts.get(c) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1));
    }
    // 1,024 characters over 32 symbols: each is expected 32 times; all 32 appear and none
    // dominates (a failure here is a broken generator, not bad luck: p < 1e-9).
    expect(counts.size).toBe(32);
    expect(Math.max(...counts.values())).toBeLessThan(80);
  });
});
