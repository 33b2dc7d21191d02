import { describe, expect, it } from "vitest";
import { rssGrowth, rssTrend, type RssSample } from "./rss-growth";

/** A sample every 5 s for 300 s: `level(t)` plus a garbage-collector sawtooth of ±`swing` MB with a `period`-s period. */
function soak(level: (t: number) => number, swing: number, phase = 0, period = 55): RssSample[] {
  const samples: RssSample[] = [];
  for (let t = 5; t <= 300; t += 5) samples.push({ t, rss_mb: level(t) + swing * (2 * (((t + phase) % period) / period) - 1) });
  return samples;
}
const PHASES = [0, 20, 40, 60, 80, 100];

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

describe("rssTrend", () => {
  it("finds no growth in a flat sawtooth whose teeth are up to two minutes long, wherever they fall", () => {
    for (const period of [55, 90, 130]) {
      for (const phase of PHASES) {
        const { pct } = rssTrend(soak(() => 300, 40, phase, period), 60, 300);
        expect(Math.abs(pct), `period ${period} s, phase ${phase} s`).toBeLessThan(12);
      }
    }
  });

  it("finds a steady climb under the same sawtooths", () => {
    // 270 → 350 MB from the end of settling to the end: +30%.
    for (const period of [55, 90, 130]) {
      for (const phase of PHASES) {
        const { pct } = rssTrend(soak((t) => 250 + t / 3, 40, phase, period), 60, 300);
        expect(pct, `period ${period} s, phase ${phase} s`).toBeGreaterThan(15);
      }
    }
  });

  it("is the least-squares line's rise over the span after settling", () => {
    const samples = [0, 60, 120, 180].map((t) => ({ t, rss_mb: t === 0 ? 999 : 100 + t / 6 }));
    // The sample before settling is left out; the rest lie on 100 + t/6: 110 at 60, 130 at 180.
    const trend = rssTrend(samples, 60, 180);
    expect(trend.atSettle).toBeCloseTo(110);
    expect(trend.atEnd).toBeCloseTo(130);
    expect(trend.pct).toBeCloseTo((20 / 110) * 100);
    expect(rssTrend([{ t: 70, rss_mb: 200 }], 60, 300)).toEqual({ atSettle: 200, atEnd: 200, pct: 0 });
  });
});
