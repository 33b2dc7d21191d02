import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/**
 * Real `next start` servers for tests and the benchmark: built once into a dedicated dist
 * directory (rebuilt only when a source file is newer than the build), started on a free port
 * against a given database, stopped by process id.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const nextBin = (root: string) => path.join(root, "node_modules/next/dist/bin/next");

/**
 * How a checkout serves its build: scripts/serve.mjs (Next.js behind the server that writes the
 * socket address, as `npm start` runs it), or `next start` for an older checkout without it (the
 * benchmark's baseline).
 */
function serverCommand(root: string): string[] {
  const front = path.join(root, "scripts/serve.mjs");
  return existsSync(front) ? [front, "start"] : [nextBin(root), "start"];
}
// bench/: a benchmark build's framework floor route (app/api/v1/bench/floor/route.bench.ts) builds bench/floor-sql.ts into the app.
const SOURCE_DIRS = ["app", "components", "lib", "db", "bench"];
const SOURCE_FILES = ["next.config.ts", "package-lock.json", "postcss.config.mjs"];

function newestSourceMtime(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|css|json|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  for (const f of SOURCE_FILES) if (existsSync(path.join(root, f))) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  return newest;
}

/**
 * True when `distDir` holds a build at least as new as every source file. `root` is the checkout
 * (this one unless given: the benchmark's `--baseline` builds and serves another).
 */
export function isBuildFresh(distDir: string, root = ROOT): boolean {
  const id = path.join(root, distDir, "BUILD_ID");
  return existsSync(id) && statSync(id).mtimeMs >= newestSourceMtime(root);
}

async function withLock<T>(file: string, fn: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      closeSync(openSync(file, "wx"));
      writeFileSync(file, String(process.pid));
      break;
    } catch {
      // A lock left by a dead process is stale.
      const owner = Number(readFileSync(file, "utf8") || "0");
      if (owner && !isAlive(owner)) rmSync(file, { force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${file}`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the app into `distDir` unless a fresh build is already there. Serialized by a lock
 * file so two test runs never build into the same directory at once.
 */
export async function ensureBuild(
  distDir: string,
  options: { force?: boolean; log?: (line: string) => void; root?: string; env?: Record<string, string> } = {},
): Promise<void> {
  const log = options.log ?? (() => {});
  const root = options.root ?? ROOT;
  await withLock(path.join(root, `${distDir}.lock`), () => {
    if (!options.force && isBuildFresh(distDir, root)) {
      log(`reusing the build in ${distDir}`);
      return;
    }
    log(`building into ${distDir} (next build)…`);
    const started = Date.now();
    // `next build` adds its dist directory's type paths to tsconfig.json; a private build
    // directory must not change the shared file, so it is put back as it was.
    const tsconfig = path.join(root, "tsconfig.json");
    const before = readFileSync(tsconfig, "utf8");
    try {
      execFileSync(process.execPath, [nextBin(root), "build"], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...cleanEnv(), ...options.env, NODE_ENV: "production", NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`next build failed:\n${e.stdout?.toString() ?? ""}\n${e.stderr?.toString() ?? ""}`, { cause: error });
    } finally {
      if (readFileSync(tsconfig, "utf8") !== before) writeFileSync(tsconfig, before);
    }
    log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

/** The parent's environment without vitest's and the test database's variables. */
function cleanEnv(): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("VITEST") || k === "NODE_ENV" || k === "DATABASE_URL" || k === "TEST" || k === "NODE_OPTIONS") continue;
    out[k] = v;
  }
  return out;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface AppServer {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  distDir: string;
  databaseUrl: string;
  port?: number;
  /** Extra environment (e.g. BENCH_MODE, DB_POOL_MAX, AUTH_RATE_LIMIT_MAX). */
  env?: Record<string, string>;
  /** How long to wait for /api/v1/health to answer. */
  readyTimeoutMs?: number;
  /** Extra arguments for node itself (e.g. --cpu-prof, which NODE_OPTIONS does not allow). */
  nodeArgs?: string[];
  /** The checkout to serve; this one unless given. */
  root?: string;
}

/** Starts the production server (`next start` behind scripts/serve.mjs) on 127.0.0.1 and resolves once it answers HTTP. */
export async function startAppServer(options: StartOptions): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const root = options.root ?? ROOT;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...serverCommand(root), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...cleanEnv(),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: options.distDir,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      BETTER_AUTH_URL: url,
      BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? "server-secret-server-secret-0123456789abcdef",
      SEED_DEMO: "never",
      ...options.env,
    },
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    log += chunk.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`next start exited before answering:\n${log}`);
    try {
      const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`next start did not answer within the timeout:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  return {
    url,
    port,
    pid: child.pid!,
    child,
    output: () => log,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/** Resident memory (kB) of a process and all its descendants, from /proc. */
export function processTreeRssKb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process exited while we looked
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) total += Number(m[1]);
    } catch {
      continue;
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}
