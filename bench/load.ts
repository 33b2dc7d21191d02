import autocannon, { type RequestSpec } from "autocannon";

export interface LoadRun {
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
