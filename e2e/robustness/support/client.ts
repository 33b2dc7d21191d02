import http from "node:http";
import { getDbHandle } from "@/lib/db";
import { request, requestParts } from "@/tests/support/http";
import { ensureBuild, startAppServer, type AppServer, type StartOptions } from "@/tests/support/server";

/**
 * One way to call the API, whether through a real `next start` server over HTTP or through
 * the route handlers in-process: the robustness tests run the same scenarios on both.
 */
export interface CallOptions {
  token?: string;
  cookie?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Origin header for writes: the server's own by default; null sends none. */
  origin?: string | null;
  /**
   * Where the request comes from: in-process, the socket address the front server would write;
   * over HTTP, the local address the connection is made from (any 127.x.y.z on Linux).
   */
  peer?: string;
}

/** One request of a generated corpus and the answer it must get. */
export interface RequestCase {
  name: string;
  method: string;
  path: string;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
  status?: number | number[];
  code?: string;
}

export interface ApiResult {
  status: number;
  headers: Headers;
  text: string;
  body: any;
  ms: number;
}

export interface ApiClient {
  kind: "http" | "in-process";
  origin: string;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResult>;
}

async function finish(res: Response, started: number): Promise<ApiResult> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body, ms: performance.now() - started };
}

export function httpClient(baseUrl: string, timeoutMs = 15_000): ApiClient {
  return {
    kind: "http",
    origin: baseUrl,
    async call(method, path, options = {}) {
      if (options.peer) return callFrom(options.peer, baseUrl, timeoutMs, method, path, options);
      const { headers, body } = requestParts(method, options, baseUrl);
      const started = performance.now();
      const res = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      return finish(res, started);
    },
  };
}

/** `fetch` cannot choose the local address; node:http can, so the server sees another socket address. */
async function callFrom(localAddress: string, baseUrl: string, timeoutMs: number, method: string, path: string, options: CallOptions): Promise<ApiResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin !== null && method !== "GET" && !("origin" in headers)) headers.origin = options.origin ?? baseUrl;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const started = performance.now();
  return new Promise<ApiResult>((resolve, reject) => {
    const req = http.request(`${baseUrl}${path}`, { method, headers, localAddress, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) for (const one of [v ?? []].flat()) out.append(k, one);
        const status = res.statusCode ?? 500;
        const payload = [204, 205, 304].includes(status) ? null : Buffer.concat(chunks);
        void finish(new Response(payload, { status, headers: out }), started).then(resolve, reject);
      });
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

export function inProcessClient(): ApiClient {
  return {
    kind: "in-process",
    origin: "http://localhost:3000",
    async call(method, path, options = {}) {
      const started = performance.now();
      const res = await request(method, path, { ...options });
      return finish(res, started);
    },
  };
}

/** The URL of this test file's database (PostgreSQL only). */
export function testDatabaseUrl(): string {
  const pool = getDbHandle().pool as unknown as { options?: { connectionString?: string } } | undefined;
  const url = pool?.options?.connectionString;
  if (!url) throw new Error("this test needs PostgreSQL (DATABASE_URL)");
  return url;
}

export const E2E_DIST_DIR = ".next-e";
export const usingPostgres = !!process.env.DATABASE_URL;

/** Two `next start` processes on one database, each with a client. */
export interface TwoInstances {
  servers: [AppServer, AppServer];
  clients: [ApiClient, ApiClient];
}

/** Starts two app servers with the same `env` (the build must be prepared), and a client for each. */
export async function startTwoInstances(env: Record<string, string> = {}): Promise<TwoInstances> {
  const servers = (await Promise.all([startServer({ env }), startServer({ env })])) as [AppServer, AppServer];
  return { servers, clients: [httpClient(servers[0].url), httpClient(servers[1].url)] };
}

/** A suite's name suffix saying it was skipped for want of PostgreSQL (and nothing when it runs). */
export const needsPostgresNote = (skipped: boolean) => (skipped ? " (skipped: needs PostgreSQL, set DATABASE_URL)" : "");

/** The production build the servers run: made once into .next-e, reused while no source file is newer. */
export async function prepareBuild(): Promise<void> {
  await ensureBuild(E2E_DIST_DIR);
}

/** How long a build may take on a busy 2-core machine (for the beforeAll that calls prepareBuild). */
export const BUILD_TIMEOUT_MS = 600_000;

/** Builds once into .next-e (reused while fresh) and starts `next start` on this file's database. */
export async function startServer(options: Partial<StartOptions> = {}): Promise<AppServer> {
  await ensureBuild(E2E_DIST_DIR);
  return startAppServer({ distDir: E2E_DIST_DIR, databaseUrl: options.databaseUrl ?? testDatabaseUrl(), ...options });
}
