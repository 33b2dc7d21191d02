import { describe, expect, it } from "vitest";
import { rssGrowth, type RssSample } from "./rss-growth";

/** A sample every 5 s for 300 s: `level(t)` plus a garbage-collector sawtooth of ±`swing` MB with a 55 s period. */
function soak(level: (t: number) => number, swing: number, phase = 0): RssSample[] {
  const samples: RssSample[] = [];
  for (let t = 5; t <= 300; t += 5) samples.push({ t, rss_mb: level(t) + swing * (2 * (((t + phase) % 55) / 55) - 1) });
  return samples;
}

describe("rssGrowth", () => {
  it("finds no growth in a flat sawtooth, wherever its teeth fall", () => {
    for (const phase of [0, 10, 20, 30, 40, 50]) {
      const { pct } = rssGrowth(soak(() => 300, 40, phase), 60, 300);
      expect(Math.abs(pct)).toBeLessThan(10);
    }
  });

  it("finds a steady climb under the same sawtooth", () => {
    // 250 → 350 MB over the soak: +40% from the first minute after settling to the last.
    const { settled, last, pct } = rssGrowth(soak((t) => 250 + t / 3, 40), 60, 300);
    expect(settled).toBeGreaterThan(260);
    expect(last).toBeGreaterThan(330);
    expect(pct).toBeGreaterThan(15);
  });

  it("compares the medians of the two windows", () => {
    const samples = [10, 20, 30, 40, 50, 60].map((t) => ({ t, rss_mb: t < 30 ? 100 : t < 50 ? 300 : 120 }));
    // settled: t in [20, 40) → 100, 300 → 200; last: t ≥ 40 → 300, 120, 120 → 120.
    expect(rssGrowth(samples, 20, 60)).toEqual({ settled: 200, last: 120, pct: -40 });
  });
});
