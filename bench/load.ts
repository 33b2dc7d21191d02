import autocannon, { type RawResult, type RequestSpec } from "autocannon";

interface LoadRun {
  baseUrl: string;
  connections: number;
  durationS: number;
  requests: RequestSpec[];
  /** Requests per second across all connections; omitted = as fast as possible. */
  overallRate?: number;
  onTick?: (counter: number) => void;
}

export interface LoadFigures {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
  total: number;
  statuses: Record<string, number>;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Drives `baseUrl` with autocannon over keep-alive connections and returns the figures. */
export async function drive(run: LoadRun): Promise<LoadFigures> {
  const instance = autocannon({
    url: run.baseUrl,
    connections: run.connections,
    duration: run.durationS,
    timeout: 10,
    requests: run.requests,
    ...(run.overallRate ? { overallRate: run.overallRate } : {}),
  });
  if (run.onTick) instance.on("tick", ({ counter }) => run.onTick!(counter));
  const r = await instance;
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) statuses[code] = Number(count);
  return {
    rps: round(r.requests.total / r.duration, 0),
    p50_ms: round(r.latency.p50, 2),
    p99_ms: round(r.latency.p99, 2),
    non2xx: r.non2xx,
    errors: r.errors,
    total: r.requests.total,
    statuses,
  };
}

/** One slice of a measurement, kept raw so slices can be merged (see `combine`). */
export async function driveRaw(run: LoadRun): Promise<RawResult> {
  const instance = autocannon({
    url: run.baseUrl,
    connections: run.connections,
    duration: run.durationS,
    timeout: 10,
    requests: run.requests,
    skipAggregateResult: true,
  });
  return (await instance) as unknown as RawResult;
}

/**
 * Merges slices of one target's measurement: latency histograms are added (exact percentiles
 * over every request), req/s is all completed requests over all measured seconds.
 */
export function combine(slices: RawResult[], baseUrl: string, connections: number): LoadFigures {
  const merged = autocannon.aggregateResult(slices, { url: baseUrl, connections });
  const total = slices.reduce((n, s) => n + s.totalCompletedRequests, 0);
  const seconds = slices.reduce((n, s) => n + s.duration, 0);
  const statuses: Record<string, number> = {};
  for (const s of slices) for (const [code, { count }] of Object.entries(s.statusCodeStats ?? {})) statuses[code] = (statuses[code] ?? 0) + Number(count);
  return {
    rps: round(total / seconds, 0),
    p50_ms: round(merged.latency.p50, 2),
    p99_ms: round(merged.latency.p99, 2),
    non2xx: slices.reduce((n, s) => n + s.non2xx, 0),
    errors: slices.reduce((n, s) => n + s.errors, 0),
    total,
    statuses,
  };
}
