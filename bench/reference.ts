import type { RequestSpec } from "autocannon";
import pg from "pg";
import { drive } from "./load";
import type { ResultRow } from "./report";
import { type BenchContext, floorGet } from "./scenarios";
import { median } from "./stats";

/** One of the reference machine's figures, as measured here (see `measureReference`). */
export interface ReferenceFigure {
  key: "get_row" | "trivial" | "session" | "count";
  label: string;
  unit: "req/s" | "ms";
  /** What this machine did: req/s, or ms for the count. */
  value: number;
  /** What the reference machine did. */
  reference: number;
  /** This machine's speed as a share of the reference machine's (above 1: faster). */
  ratio: number;
  p50_ms?: number;
  p99_ms?: number;
  non2xx?: number;
}

const REFERENCE = {
  get_row: { label: "bare node:http + pg, one deal by id, c=16", reference: 7000 },
  trivial: { label: "Next.js route handler, one trivial query, c=16", reference: 1760 },
  session: { label: "the same route with better-auth getSession (Bearer), c=16", reference: 430 },
  count: { label: "exact count(*) of the tenant's 100,000 deals (sequential scan)", reference: 30 },
} as const;

/** The deal count the reference count(*) figure is for; the count is skipped for other sizes. */
const REFERENCE_DEALS = 100_000;

interface ReferenceRun {
  machineUrl: string;
  appUrl: string;
  ctx: BenchContext;
  databaseUrl: string;
  deals: number;
  durationS: number;
  warmupS: number;
  log: (line: string) => void;
}

/**
 * The issue's reference figures, measured on this machine. The issue states what its own
 * machine did (2 cores, PostgreSQL 15, 100,000 deals, c=16); measuring the same four things here
 * says how this machine compares, so a figure of the app can be read against the machine it ran
 * on. Each is measured with the same code every run:
 *
 * - a bare `node:http` + `pg` server reading one deal's row by id (the machine floor, `get_row`:
 *   `select * from deals` by tenant and id, prepared, no joins);
 * - a plain Next.js route handler of this app running one trivial statement (the framework floor,
 *   `trivial`: `select 1`);
 * - the same route calling better-auth's `getSession` with the Bearer token first (`session`);
 * - an exact `count(*)` of the tenant's deals by a sequential scan (index scans turned off for
 *   that statement), the median of seven after one warm-up.
 */
export async function measureReference(run: ReferenceRun): Promise<ReferenceFigure[]> {
  const { ctx } = run;
  let next = 0;
  const loads: Array<{ key: Exclude<ReferenceFigure["key"], "count">; url: string; requests: RequestSpec[] }> = [
    {
      key: "get_row",
      url: run.machineUrl,
      requests: [
        {
          method: "GET",
          path: "/",
          setupRequest: (req) => ({ ...req, path: floorGet("machine", ctx, "get_row", { id: ctx.readIds[next++ % ctx.readIds.length] }) }),
        },
      ],
    },
    { key: "trivial", url: run.appUrl, requests: [{ method: "GET", path: floorGet("framework", ctx, "trivial") }] },
    {
      key: "session",
      url: run.appUrl,
      requests: [{ method: "GET", path: floorGet("framework", ctx, "session"), headers: { authorization: `Bearer ${ctx.token}` } }],
    },
  ];
  const figures: ReferenceFigure[] = [];
  for (const load of loads) {
    await drive({ baseUrl: load.url, connections: 16, durationS: run.warmupS, requests: load.requests });
    const f = await drive({ baseUrl: load.url, connections: 16, durationS: run.durationS, requests: load.requests });
    const { label, reference } = REFERENCE[load.key];
    figures.push({ key: load.key, label, unit: "req/s", value: f.rps, reference, ratio: f.rps / reference, p50_ms: f.p50_ms, p99_ms: f.p99_ms, non2xx: f.non2xx + f.errors });
    run.log(`reference ${load.key.padEnd(8)} ${String(f.rps).padStart(6)} req/s  p50 ${f.p50_ms} ms  p99 ${f.p99_ms} ms  ${JSON.stringify(f.statuses)}`);
  }
  if (run.deals === REFERENCE_DEALS) {
    const ms = await timeCountScan(run.databaseUrl, ctx.tenantId);
    figures.push({ key: "count", label: REFERENCE.count.label, unit: "ms", value: ms, reference: REFERENCE.count.reference, ratio: REFERENCE.count.reference / ms });
    run.log(`reference count    ${ms} ms`);
  }
  return figures;
}

/** An exact count of the tenant's live deals by a sequential scan: median of 7 after 1 warm-up, ms. */
async function timeCountScan(databaseUrl: string, tenantId: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("set local enable_indexscan = off; set local enable_indexonlyscan = off; set local enable_bitmapscan = off");
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      const start = process.hrtime.bigint();
      await client.query("select count(*) from deals where tenant_id = $1 and not is_deleted", [tenantId]);
      if (i > 0) times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    await client.query("rollback");
    return Math.round(median(times) * 10) / 10;
  } finally {
    await client.end();
  }
}

/**
 * The block printed after the targets: each figure against the reference machine's, and the median ratio.
 * With `rows`, also the p99 of the latency targets at c=16 scaled by that ratio: an estimate of
 * what the reference machine would show, on the reasoning that with a fixed number of requests
 * in flight on a saturated machine, latency is inversely proportional to its speed (Little's law).
 */
export function formatReference(figures: ReferenceFigure[], rows: Array<Pick<ResultRow, "scenario" | "concurrency" | "p99_ms">> = []): string {
  const lines = figures.map((f) => {
    const here = f.unit === "ms" ? `${f.value} ms` : `${f.value} req/s${f.p50_ms !== undefined ? ` (p50 ${f.p50_ms} ms)` : ""}`;
    const errors = f.non2xx ? `  ${f.non2xx} non-2xx: not comparable` : "";
    return `  ${f.label.padEnd(64)} ${here.padStart(24)}  reference ${String(f.reference).padStart(5)} ${f.unit}  ${f.ratio.toFixed(2)}×${errors}`;
  });
  const usable = figures.filter((f) => !f.non2xx).map((f) => f.ratio);
  const speed = usable.length ? median(usable) : undefined;
  const summary = speed ? `  this machine: ${speed.toFixed(2)}× the reference machine's speed (median of ${usable.length})` : "";
  const scaled = speed
    ? rows
        .filter((r) => r.concurrency === 16 && (r.scenario === "list" || r.scenario === "move"))
        .map((r) => `  estimate at the reference machine's speed: ${r.scenario} p99 (c=16) ${r.p99_ms} ms × ${speed.toFixed(2)} ≈ ${Math.round(r.p99_ms * speed)} ms`)
    : [];
  return ["this machine against the reference machine (above 1×: faster):", ...lines, summary, ...scaled].filter(Boolean).join("\n");
}
