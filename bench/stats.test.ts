import { describe, expect, it } from "vitest";
import { median } from "./stats";

describe("median", () => {
  it("takes the middle value of an odd count and the mean of the middle two of an even one, in any order", () => {
    expect(median([1_112, 990, 1_061, 933, 1_062])).toBe(1_061);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});
