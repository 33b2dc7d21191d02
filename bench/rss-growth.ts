import { median } from "./stats";

/**
 * Resident-memory growth over a soak, from samples taken every few seconds.
 *
 * A Node.js server's RSS follows its garbage collector in a sawtooth: in session 9's soak it
 * swung between 255 and 335 MB at a steady load. One sample against another then measures where
 * each fell on a tooth as much as any growth (that soak's first-minute sample was a trough, 258 MB,
 * against 315 MB at the end: "+21.8%", while the minute-long medians were 291 and 311 MB). So
 * growth compares the median of the minute after settling with the median of the last minute.
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
