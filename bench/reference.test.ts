import { describe, expect, it } from "vitest";
import { formatReference, type ReferenceFigure } from "./reference";

const figure = (key: ReferenceFigure["key"], value: number, reference: number, extra: Partial<ReferenceFigure> = {}): ReferenceFigure => ({
  key,
  label: key,
  unit: key === "count" ? "ms" : "req/s",
  value,
  reference,
  ratio: key === "count" ? reference / value : value / reference,
  ...extra,
});

describe("formatReference", () => {
  it("reads a slower machine's speed as the median of its ratios", () => {
    const text = formatReference([figure("get_row", 3500, 7000), figure("trivial", 1056, 1760), figure("count", 50, 30)]);
    // ratios 0.50, 0.60, 0.60
    expect(text).toContain("this machine: 0.60× the reference machine's speed (median of 3)");
    expect(text).toMatch(/get_row\s+3500 req\/s\s+reference\s+7000 req\/s\s+0\.50×/);
    expect(text).toMatch(/count\s+50 ms\s+reference\s+30 ms\s+0\.60×/);
  });

  it("leaves a figure with failed requests out of the ratio and says so", () => {
    const text = formatReference([figure("get_row", 3500, 7000), figure("trivial", 1760, 1760), figure("session", 8600, 430, { non2xx: 12 })]);
    expect(text).toContain("12 non-2xx: not comparable");
    expect(text).toContain("this machine: 0.75× the reference machine's speed (median of 2)");
  });

  it("scales the p99 of list and move at c=16, and only those, by the machine's speed", () => {
    const rows = [
      { scenario: "list", concurrency: 16, p99_ms: 84 },
      { scenario: "list", concurrency: 1, p99_ms: 10 },
      { scenario: "move", concurrency: 16, p99_ms: 100 },
      { scenario: "get", concurrency: 16, p99_ms: 40 },
    ];
    const lines = formatReference([figure("get_row", 3500, 7000)], rows).split("\n").filter((l) => l.includes("estimate"));
    expect(lines).toEqual([
      "  estimate at the reference machine's speed: list p99 (c=16) 84 ms × 0.50 ≈ 42 ms",
      "  estimate at the reference machine's speed: move p99 (c=16) 100 ms × 0.50 ≈ 50 ms",
    ]);
  });
});
