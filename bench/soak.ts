import type { RequestSpec } from "autocannon";
import { type AppServer, processTreeRssKb } from "@/tests/support/server";
import { drive } from "./load";
import { rssGrowth, rssTrend } from "./rss-growth";
import { SCENARIOS, type BenchContext } from "./scenarios";

/**
 * The soak: a mixed workload (list, get, search, board, stage move, create) at half the
 * measured peak rate for several minutes, recording errors and the resident memory of the
 * server's process tree. Memory growth is the least-squares trend of the samples after a
 * one-minute settling period (the heap and JIT grow to their working size first), over the rest of
 * the soak (bench/rss-growth.ts: RSS is a garbage-collector sawtooth whose teeth can be two minutes
 * long, so single samples and one-minute medians mislead). The medians of the minute after
 * settling and of the last minute, and the growth from the first sample to the last, are reported
 * beside it.
 */
export interface SoakResult {
  ok: boolean;
  peak_rps: number;
  rate_rps: number;
  duration_s: number;
  requests: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
  rss_start_mb: number;
  /** Median of the minute after settling. */
  rss_settled_mb: number;
  /** Median of the last minute. */
  rss_last_minute_mb: number;
  rss_end_mb: number;
  rss_max_mb: number;
  /** `rss_last_minute_mb` against `rss_settled_mb`. */
  rss_growth_since_settled_pct: number;
  /** The trend line's rise from the end of settling to the end, against its value there: the figure held to ≤ 15%. */
  rss_trend_growth_pct: number;
  rss_growth_since_start_pct: number;
  samples: Array<{ t: number; rss_mb: number; rps: number }>;
}

const MIX: Array<[string, number]> = [["list", 3], ["get", 4], ["search", 1], ["board", 1], ["move", 1], ["create", 1]];

export async function runSoak(input: {
  app: AppServer;
  ctx: BenchContext;
  durationS: number;
  log: (l: string) => void;
  /** Runs every minute during the soak (the benchmark passes autovacuum's work when it is off). */
  maintenance?: () => Promise<void>;
}): Promise<SoakResult> {
  const { app, ctx, log } = input;
  const requests: RequestSpec[] = [];
  for (const [name, weight] of MIX) {
    const spec = SCENARIOS.find((s) => s.name === name)!.requests("app", ctx);
    for (let i = 0; i < weight; i++) requests.push(...spec);
  }
  log("measuring the peak rate of the mix (10 s, c=16)…");
  await drive({ baseUrl: app.url, connections: 16, durationS: 3, requests });
  const peak = await drive({ baseUrl: app.url, connections: 16, durationS: 10, requests });
  const rate = Math.max(1, Math.round(peak.rps / 2));
  log(`peak ${peak.rps} req/s; soaking at ${rate} req/s for ${input.durationS} s`);

  const mb = (kb: number) => Math.round(kb / 102.4) / 10;
  const samples: SoakResult["samples"] = [];
  const start = Date.now();
  const rssStart = processTreeRssKb(app.pid);
  let lastCount = 0;
  const settleAfterS = Math.min(60, Math.round(input.durationS / 5));
  const timer = setInterval(() => {
    const t = Math.round((Date.now() - start) / 1000);
    const rss = processTreeRssKb(app.pid);
    samples.push({ t, rss_mb: mb(rss), rps: Math.round(lastCount) });
    if (t % 30 < 5) log(`  soak t=${t}s rss ${mb(rss)} MB, ${Math.round(lastCount)} req/s`);
  }, 5_000);
  const maintenance = input.maintenance
    ? setInterval(() => void input.maintenance!().catch((e: Error) => log(`maintenance failed: ${e.message}`)), 60_000)
    : undefined;
  let window = 0;
  let windowStart = Date.now();
  const result = await drive({
    baseUrl: app.url,
    connections: 16,
    durationS: input.durationS,
    requests,
    overallRate: rate,
    onTick: (n) => {
      window += n;
      if (Date.now() - windowStart >= 5_000) {
        lastCount = window / ((Date.now() - windowStart) / 1000);
        window = 0;
        windowStart = Date.now();
      }
    },
  });
  clearInterval(timer);
  if (maintenance) clearInterval(maintenance);
  const rssEnd = processTreeRssKb(app.pid);
  const measured = samples.length ? samples : [{ t: 0, rss_mb: mb(rssEnd) }];
  const growth = rssGrowth(measured, settleAfterS, input.durationS);
  const trend = rssTrend(measured, settleAfterS, input.durationS);
  return {
    ok: result.non2xx === 0 && result.errors === 0 && trend.pct <= 15,
    peak_rps: peak.rps,
    rate_rps: rate,
    duration_s: input.durationS,
    requests: result.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses: result.statuses,
    rss_start_mb: mb(rssStart),
    rss_settled_mb: growth.settled,
    rss_last_minute_mb: growth.last,
    rss_end_mb: mb(rssEnd),
    rss_max_mb: Math.max(...samples.map((s) => s.rss_mb), mb(rssEnd)),
    rss_growth_since_settled_pct: Math.round(growth.pct * 10) / 10,
    rss_trend_growth_pct: Math.round(trend.pct * 10) / 10,
    rss_growth_since_start_pct: Math.round(((rssEnd - rssStart) / rssStart) * 1000) / 10,
    samples,
  };
}
