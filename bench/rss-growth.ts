import { median } from "./stats";

/**
 * Resident-memory growth over a soak, from samples taken every few seconds.
 *
 * A Node.js server's RSS follows its garbage collector in a sawtooth: in one soak it
 * swung between 255 and 335 MB at a steady load. One sample against another then measures where
 * each fell on a tooth as much as any growth (that soak's first-minute sample was a trough, 258 MB,
 * against 315 MB at the end: "+21.8%", while the minute-long medians were 291 and 311 MB). So
 * `rssGrowth` compares the median of the minute after settling with the median of the last minute.
 *
 * That still assumes a tooth shorter than a minute. In a soak at twice the rate, the
 * teeth were about two minutes long (208–337 MB, troughs and peaks level over the soak), and the
 * two one-minute medians read +18.6% for a flat server; on a synthetic flat sawtooth with a 130-s
 * period they read −13% to +11% depending on where the teeth fall. `rssTrend`, the least-squares
 * line through every sample after settling, averages over the whole soak instead: on the same
 * synthetic sawtooths it reads within ±11%, and it finds a steady climb at every period and phase
 * (bench/rss-growth.test.ts). The soak holds `rssTrend` to ≤ 15% and reports both.
 */
export interface RssSample {
  /** Seconds since the soak started. */
  t: number;
  rss_mb: number;
}

/**
 * `settled`: the median of the samples in [settleAfterS, 2 × settleAfterS); `last`: the median of
 * those in the last `settleAfterS` seconds of a `durationS` soak; `pct`: last against settled.
 * Windows with no sample fall back to the first and last sample.
 */
export function rssGrowth(samples: readonly RssSample[], settleAfterS: number, durationS: number): { settled: number; last: number; pct: number } {
  if (samples.length === 0) throw new Error("rssGrowth needs at least one sample");
  const settledWindow = samples.filter((s) => s.t >= settleAfterS && s.t < 2 * settleAfterS).map((s) => s.rss_mb);
  const lastWindow = samples.filter((s) => s.t >= durationS - settleAfterS).map((s) => s.rss_mb);
  const settled = settledWindow.length ? median(settledWindow) : samples[0].rss_mb;
  const last = lastWindow.length ? median(lastWindow) : samples[samples.length - 1].rss_mb;
  return { settled, last, pct: ((last - settled) / settled) * 100 };
}

/**
 * The least-squares line through the samples from `settleAfterS` on: `pct` is its rise over that
 * span against its value at `settleAfterS` (the growth a steady trend would give over the soak).
 * Fewer than two samples in the span read as no growth.
 */
export function rssTrend(samples: readonly RssSample[], settleAfterS: number, durationS: number): { atSettle: number; atEnd: number; pct: number } {
  const span = samples.filter((s) => s.t >= settleAfterS);
  if (span.length < 2) {
    const only = (span[0] ?? samples[samples.length - 1])?.rss_mb ?? 0;
    return { atSettle: only, atEnd: only, pct: 0 };
  }
  const meanT = span.reduce((sum, s) => sum + s.t, 0) / span.length;
  const meanRss = span.reduce((sum, s) => sum + s.rss_mb, 0) / span.length;
  const slope =
    span.reduce((sum, s) => sum + (s.t - meanT) * (s.rss_mb - meanRss), 0) / span.reduce((sum, s) => sum + (s.t - meanT) ** 2, 0);
  const atSettle = meanRss + slope * (settleAfterS - meanT);
  const atEnd = meanRss + slope * (durationS - meanT);
  return { atSettle, atEnd, pct: ((atEnd - atSettle) / atSettle) * 100 };
}
