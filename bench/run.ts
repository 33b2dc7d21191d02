import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureBuild, freePort, startAppServer, type AppServer } from "@/tests/support/server";
import { measureBoard } from "./browser";
import { formatSummary, newestProfile, summarizeProfile } from "./profile";
import { combine, drive, driveRaw, type LoadFigures } from "./load";
import type { RawResult } from "autocannon";
import { checkTargets, formatBaseline, formatTable, type BaselineRow, type ResultRow } from "./report";
import { SCENARIOS, type BenchContext, type Target } from "./scenarios";
import {
  createMigratedDatabase,
  databaseExists,
  emulateAutovacuum,
  loadBenchData,
  migrateDatabase,
  removeCreatedDeals,
  readState,
  RESULTS_DIR,
  withDatabase,
  writeState,
  type BenchState,
} from "./setup";
import { formatReference, measureReference } from "./reference";
import { runSoak } from "./soak";

/**
 * `npm run bench` — see docs/benchmarks.md.
 *
 *   npm run bench                  100,000 deals, 10 s per scenario and concurrency
 *   npm run bench -- --quick       10,000 deals, 3 s
 *   npm run bench -- --soak        the 5-minute soak at half the peak rate (plus setup)
 *   --reuse                        keep the loaded database from the previous run of the same size
 *   --only=list,get                a subset of scenarios ("reference": the reference machine's
 *                                  figures measured on this machine, bench/reference.ts;
 *                                  list-key, get-key: the same requests with an API key)
 *   --limits=off                   run the app with the API's request limits off (they are on,
 *                                  counted but never reached, by default)
 *   --no-browser                   skip the Playwright figures
 *   --duration=5                   seconds per measurement
 *   --profile                      run the app server with --cpu-prof and summarize where its CPU went
 *   --node-args="--flag …"         extra Node.js flags for the app server (e.g. to try GC settings)
 *   --apply-sql=bench/proposals/x.sql  apply a proposed schema change to the bench database
 *                                  (measure a fix before it becomes a migration)
 *   --baseline=../old              also serve another checkout of this app (e.g. a `git worktree`
 *                                  of an earlier commit) on the same database, and measure it in
 *                                  the same rotation as the app and its floors: a before/after
 *                                  that the machine's drift hits alike
 *   --baseline-node-args="…"       the baseline server's Node.js flags (default: --node-args);
 *                                  with --baseline=. it compares flags on the same code
 */
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const quick = flag("quick");
const soakOnly = flag("soak");
const DEALS = Number(option("deals") ?? (quick ? 10_000 : 100_000));
const DURATION = Number(option("duration") ?? (quick ? 3 : 10));
const WARMUP = quick ? 1 : 2;
// Each measurement is split into slices that rotate between the app and its floors, so a change
// in background load while the benchmark runs hits all three alike.
const SLICES = Number(option("slices") ?? (quick ? 1 : 3));
const only = option("only")?.split(",");
const LIMITS_OFF = option("limits") === "off";
const CONCURRENCY = [1, 16];
const DIST_DIR = ".next-bench";
/** A benchmark build also has the framework floor route (next.config.ts). */
const BENCH_BUILD_ENV = { BENCH_BUILD: "1" };
const BENCH_SECRET = "bench-secret-bench-secret-bench-secret-0123456789";
const baseUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = option("db") ?? (DEALS === 100_000 ? "pipeline_bench" : `pipeline_bench_${DEALS}`);
const applySql = option("apply-sql")?.split(",") ?? [];
const PROFILE_DIR = path.join(RESULTS_DIR, "profiles");
const baselineRoot = option("baseline") ? path.resolve(option("baseline")!) : undefined;
const words = (value: string | undefined) => value?.split(" ").filter(Boolean) ?? [];
const nodeArgs = words(option("node-args"));
const baselineNodeArgs = option("baseline-node-args") === undefined ? nodeArgs : words(option("baseline-node-args"));

/** What one measurement drives: the app, its two floors, or the `--baseline` checkout. */
type Measured = Target | "baseline";

const t0 = Date.now();
const log = (line: string) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`);

const children: Array<{ stop(): Promise<void> }> = [];
async function cleanup() {
  for (const c of children.reverse()) await c.stop().catch(() => {});
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void cleanup().finally(() => process.exit(130)));
}

async function startMachineFloor(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "floor-server.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, FLOOR_DATABASE_URL: databaseUrl, FLOOR_PORT: String(port), NODE_ENV: "production" },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`floor server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** `next start` of this checkout, or of `root`, on the bench database in benchmark mode. */
async function startBenchServer(databaseUrl: string, serverNodeArgs: string[], root?: string): Promise<AppServer> {
  const server = await startAppServer({
    root,
    distDir: DIST_DIR,
    databaseUrl,
    env: {
      BENCH_MODE: "1",
      BETTER_AUTH_SECRET: BENCH_SECRET,
      LOG_LEVEL: "warn",
      AUTH_SIGNUP_RATE_LIMIT_MAX: "1000",
      // The API's request limits are counted as in production (--limits=off turns them off to
      // compare), high enough that the load itself is never refused.
      API_RATE_LIMIT_SESSION: LIMITS_OFF ? "0" : "1000000000",
      API_RATE_LIMIT_KEY: LIMITS_OFF ? "0" : "1000000000",
      // The move-webhook scenario's receiver listens on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_URLS: "1",
    },
    nodeArgs: serverNodeArgs,
  });
  children.push(server);
  return server;
}

/**
 * Builds and starts the `--baseline` checkout. It needs its own node_modules; a checkout with the
 * same package-lock.json (a worktree of a recent commit) borrows this one's.
 */
async function startBaseline(root: string, databaseUrl: string): Promise<AppServer> {
  const modules = path.join(root, "node_modules");
  if (!existsSync(modules)) {
    const lock = (dir: string) => readFileSync(path.join(dir, "package-lock.json"), "utf8");
    if (lock(root) !== lock(process.cwd())) {
      throw new Error(`--baseline: ${root} has no node_modules and a different package-lock.json; run npm ci there first`);
    }
    // Hard links (a symlink is not enough: Turbopack will not resolve `next` outside the project).
    execFileSync("cp", ["-al", path.resolve("node_modules"), modules]);
    log(`--baseline: hard-linked this checkout's node_modules into ${root} (same package-lock.json)`);
  }
  await ensureBuild(DIST_DIR, { log: (line) => log(`baseline: ${line}`), root, env: BENCH_BUILD_ENV });
  const server = await startBenchServer(databaseUrl, baselineNodeArgs, root);
  log(`baseline (${root}) on ${server.url} (pid ${server.pid})`);
  return server;
}

async function prepare(): Promise<{ app: AppServer; state: BenchState; databaseUrl: string }> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  if (flag("profile")) {
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(PROFILE_DIR, { recursive: true });
  }
  const databaseUrl = withDatabase(baseUrl, dbName);
  const previous = readState(dbName);
  const reuse =
    flag("reuse") &&
    previous?.deals === DEALS &&
    JSON.stringify(previous.appliedSql ?? []) === JSON.stringify(applySql) &&
    (await databaseExists(baseUrl, dbName));
  if (!reuse) {
    log(`creating and migrating database ${dbName}`);
    await createMigratedDatabase(baseUrl, dbName);
    for (const file of applySql) {
      log(`applying ${file} (a proposed change, not a migration)`);
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(readFileSync(file, "utf8"));
      } finally {
        await client.end();
      }
    }
  } else {
    log(`reusing database ${dbName} (loaded ${previous!.loadedAt}${applySql.length ? `, with ${applySql.join(", ")}` : ""})`);
    await migrateDatabase(databaseUrl, (l) => log(`migrate: ${l.trim()}`));
  }

  await ensureBuild(DIST_DIR, { log, env: BENCH_BUILD_ENV });
  const app = await startBenchServer(databaseUrl, [...(flag("profile") ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : []), ...nodeArgs]);
  log(`next start on ${app.url} (pid ${app.pid})`);

  let state = previous!;
  if (reuse) {
    const removed = await removeCreatedDeals(databaseUrl, state.owner.tenantId);
    if (removed) log(`removed ${removed} deals left by an earlier run's create scenario`);
  }
  if (!reuse) {
    state = { ...(await loadBenchData(app.url, databaseUrl, DEALS, log)), appliedSql: applySql };
    writeState(state);
    log(`loaded in ${state.loadSeconds} s`);
  }
  return { app, state, databaseUrl };
}

async function buildContext(app: AppServer, state: BenchState, databaseUrl: string): Promise<BenchContext> {
  const offsetDepth = Math.round(DEALS * 0.9);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tenant = state.owner.tenantId;
    const read = await client.query<{ id: string }>(
      `select id from deals where tenant_id = $1 and not is_deleted order by md5(id) limit 2000`,
      [tenant],
    );
    const move = await client.query<{ id: string }>(
      `select id from deals where tenant_id = $1 and not is_deleted and stage in ('proposal', 'negotiation') order by md5(id) limit 5000`,
      [tenant],
    );
    // The row just above depth `offsetDepth` in the default order: the floors' keyset.
    const edge = await client.query<{ created_at: Date; id: string }>(
      `select created_at, id from deals where tenant_id = $1 and not is_deleted order by created_at desc, id desc offset $2 limit 1`,
      [tenant, offsetDepth - 1],
    );
    const cursor = await walkToDepth(app, state, offsetDepth);
    return {
      tenantId: tenant,
      userId: state.owner.userId,
      token: state.owner.token,
      apiKey: await createApiKey(app, state),
      readIds: read.rows.map((r) => r.id),
      moveIds: move.rows.map((r) => r.id),
      // Moves go between two open stages, never to closed_lost (which needs a reason).
      moveStages: ["proposal", "negotiation"],
      searchTerm: "hokuto foods",
      offsetDepth,
      cursor,
      keyset: { created_at: edge.rows[0].created_at.toISOString(), id: edge.rows[0].id },
    };
  } finally {
    await client.end();
  }
}

/** A workspace-wide read_write API key of the bench's owner, made through the API as a manager would. */
async function createApiKey(app: AppServer, state: BenchState): Promise<string> {
  const res = await fetch(`${app.url}/api/v1/api-keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${state.owner.token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench integration", access: "read_write", scope: "workspace" }),
  });
  if (res.status !== 201) throw new Error(`creating the bench's API key: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { secret: string }).secret;
}

/** Follows next_cursor with pages of 200 until `depth` rows have been passed. */
async function walkToDepth(app: AppServer, state: BenchState, depth: number): Promise<string> {
  let cursor: string | null = null;
  let seen = 0;
  while (seen < depth) {
    const limit = Math.min(200, depth - seen);
    const qs = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${app.url}/api/v1/crm/deals?${qs}`, { headers: { authorization: `Bearer ${state.owner.token}` } });
    if (res.status !== 200) throw new Error(`walking the list: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { items: unknown[]; next_cursor: string | null };
    seen += body.items.length;
    if (!body.next_cursor) throw new Error(`the list ended after ${seen} rows, before depth ${depth}`);
    cursor = body.next_cursor;
  }
  return cursor!;
}

async function measureScenarios(app: AppServer, floorUrl: string, ctx: BenchContext, databaseUrl: string, baseline?: AppServer) {
  const rows: ResultRow[] = [];
  const baselineRows: BaselineRow[] = [];
  const notes = new Map<string, string>();
  const detail: Record<string, Record<string, LoadFigures>> = {};
  const urls: Record<Measured, string> = { machine: floorUrl, framework: app.url, app: app.url, baseline: baseline?.url ?? "" };
  // The baseline is another build of the app: it is sent the app's requests.
  const requestsFor = (scenario: (typeof SCENARIOS)[number], target: Measured) => scenario.requests(target === "baseline" ? "app" : target, ctx);
  for (const scenario of SCENARIOS) {
    if (only && !only.includes(scenario.name)) continue;
    const figures: Partial<Record<`${Measured}@${number}`, LoadFigures>> = {};
    const targets: Measured[] = ["machine", "framework", "app", ...(baseline ? (["baseline"] as const) : [])];
    const vacuumed = await emulateAutovacuum(databaseUrl);
    if (vacuumed?.length) log(`autovacuum is off on this server: vacuumed ${vacuumed.join(", ")} before ${scenario.name}`);
    const undoPrepare = await scenario.prepare?.(ctx, app.url);
    // Warm up (JIT, pools, caches) before measuring.
    for (const target of targets) {
      await drive({ baseUrl: urls[target], connections: 16, durationS: WARMUP, requests: requestsFor(scenario, target) });
    }
    for (const c of CONCURRENCY) {
      const slices: Record<Measured, RawResult[]> = { machine: [], framework: [], app: [], baseline: [] };
      for (let slice = 0; slice < SLICES; slice++) {
        // Rotate the order too, so no target always runs first after a change of scenario.
        const order = [...targets.slice(slice % targets.length), ...targets.slice(0, slice % targets.length)];
        for (const target of order) {
          slices[target].push(
            await driveRaw({ baseUrl: urls[target], connections: c, durationS: DURATION / SLICES, requests: requestsFor(scenario, target) }),
          );
        }
      }
      for (const target of targets) {
        const f = combine(slices[target], urls[target], c);
        figures[`${target}@${c}`] = f;
        log(`${scenario.name.padEnd(7)} ${target.padEnd(9)} c=${String(c).padEnd(2)} ${String(f.rps).padStart(6)} req/s  p50 ${f.p50_ms} ms  p99 ${f.p99_ms} ms  ${JSON.stringify(f.statuses)}${f.errors ? ` errors ${f.errors}` : ""}`);
      }
    }
    for (const c of CONCURRENCY) {
      const a = figures[`app@${c}`]!;
      const fw = figures[`framework@${c}`]!;
      const m = figures[`machine@${c}`]!;
      rows.push({
        scenario: scenario.name,
        concurrency: c,
        rps: a.rps,
        p50_ms: a.p50_ms,
        p99_ms: a.p99_ms,
        non2xx: a.non2xx + a.errors,
        floor_rps: m.rps,
        floor_p50_ms: m.p50_ms,
        framework_floor_rps: fw.rps,
        framework_floor_p50_ms: fw.p50_ms,
      });
      if (a.non2xx || a.errors) notes.set(`${scenario.name}@${c}`, `${a.non2xx + a.errors} (${Object.entries(a.statuses).map(([k, v]) => `${k}×${v}`).join(" ")})`);
      detail[`${scenario.name}@${c}`] = { app: a, framework: fw, machine: m };
      const b = figures[`baseline@${c}`];
      if (b) {
        detail[`${scenario.name}@${c}`].baseline = b;
        baselineRows.push({
          scenario: scenario.name,
          concurrency: c,
          rps: a.rps,
          p99_ms: a.p99_ms,
          baseline_rps: b.rps,
          baseline_p99_ms: b.p99_ms,
          baseline_non2xx: b.non2xx + b.errors,
          framework_floor_rps: fw.rps,
        });
      }
    }
    await undoPrepare?.();
  }
  return { rows, baselineRows, notes, detail };
}

async function main() {
  log(`${DEALS.toLocaleString("en")} deals, ${DURATION} s per measurement, ${os.cpus().length} cores, load average ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  const { app, state, databaseUrl } = await prepare();
  const floor = await startMachineFloor(databaseUrl);
  children.push(floor);
  log(`machine floor on ${floor.url}`);

  if (soakOnly) {
    const ctx = await buildContext(app, state, databaseUrl);
    const result = await runSoak({
      app,
      ctx,
      durationS: Number(option("soak-seconds") ?? 300),
      log,
      maintenance: async () => {
        const vacuumed = await emulateAutovacuum(databaseUrl);
        if (vacuumed?.length) log(`  autovacuum is off on this server: vacuumed ${vacuumed.join(", ")}`);
      },
    });
    writeFileSync(path.join(RESULTS_DIR, "soak.json"), `${JSON.stringify(result, null, 2)}\n`);
    log(`soak: ${JSON.stringify(result)}`);
    await cleanup();
    process.exit(result.ok ? 0 : 1);
  }

  const ctx = await buildContext(app, state, databaseUrl);
  log(`context ready: cursor at depth ${ctx.offsetDepth}, ${ctx.readIds.length} read ids, ${ctx.moveIds.length} move ids`);
  const baseline = baselineRoot ? await startBaseline(baselineRoot, databaseUrl) : undefined;
  const { rows, baselineRows, notes, detail } = await measureScenarios(app, floor.url, ctx, databaseUrl, baseline);
  await baseline?.stop();
  const reference =
    !only || only.includes("reference")
      ? await measureReference({ machineUrl: floor.url, appUrl: app.url, ctx, databaseUrl, deals: DEALS, durationS: DURATION, warmupS: WARMUP, log })
      : undefined;

  console.log(`\n${formatTable(rows, notes)}\n`);
  if (baseline) console.log(`against the baseline ${baselineRoot}, measured in the same rotation:\n${formatBaseline(baselineRows)}\n`);
  writeFileSync(path.join(RESULTS_DIR, "latest.json"), `${JSON.stringify(rows, null, 2)}\n`);
  const checks = checkTargets(rows, detail);

  let browser: Awaited<ReturnType<typeof measureBoard>> | undefined;
  if (!flag("no-browser")) {
    browser = await measureBoard({ appUrl: app.url, cookie: state.browser.cookie, deals: state.browserDeals, log });
    writeFileSync(path.join(RESULTS_DIR, "browser.json"), `${JSON.stringify(browser, null, 2)}\n`);
    checks.push(...browser.checks);
  }
  writeFileSync(
    path.join(RESULTS_DIR, "latest-detail.json"),
    `${JSON.stringify({ at: new Date().toISOString(), deals: DEALS, durationS: DURATION, loadavg: os.loadavg(), rows, baseline: baseline ? { root: baselineRoot, rows: baselineRows } : undefined, detail, browser, checks, reference }, null, 2)}\n`,
  );
  console.log("targets:");
  for (const c of checks) console.log(`  ${c.ok ? "ok  " : "MISS"}  ${c.target}: ${c.detail}`);
  if (reference) console.log(`\n${formatReference(reference, rows)}`);
  await cleanup();
  if (flag("profile")) {
    const file = newestProfile(PROFILE_DIR);
    if (!file) throw new Error(`no CPU profile was written to ${PROFILE_DIR}`);
    const summary = formatSummary(summarizeProfile(file));
    writeFileSync(path.join(RESULTS_DIR, "profile-summary.txt"), `${summary}\n`);
    console.log(`\n${summary}`);
  }
}

main().catch(async (error) => {
  console.error(error);
  await cleanup();
  process.exit(1);
});
