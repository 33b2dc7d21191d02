import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { earlyResponse } from "@/lib/api/methods";
import { PEER_HEADER, trustPeerHeader } from "@/lib/client-address";

/**
 * Calls the app's real Next.js route handlers in-process, addressed by URL like an HTTP
 * client would. Routes are discovered from `app/api/**\/route.ts`, so new endpoints need
 * no registration here.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
export const BASE_URL = "http://localhost:3000";
/** The socket address an in-process request comes from unless it says otherwise. */
export const TEST_PEER = "127.0.0.1";

// These requests stand in for scripts/serve.mjs, the server that writes the socket's address.
trustPeerHeader();

interface RouteEntry {
  pattern: RegExp;
  names: string[];
  file: string;
  specificity: number;
}

let routes: RouteEntry[] | undefined;

function discover(dir: string, segments: string[], out: RouteEntry[]): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) discover(full, [...segments, entry], out);
    else if (entry === "route.ts") {
      const names: string[] = [];
      let specificity = 0;
      const parts = segments
        .filter((s) => !/^\(.*\)$/.test(s))
        .map((s) => {
          const catchAll = /^\[\.\.\.(\w+)\]$/.exec(s);
          if (catchAll) {
            names.push(catchAll[1]);
            return "(.+)";
          }
          const dynamic = /^\[(\w+)\]$/.exec(s);
          if (dynamic) {
            names.push(dynamic[1]);
            specificity += 1;
            return "([^/]+)";
          }
          specificity += 10;
          return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        });
      out.push({ pattern: new RegExp(`^/${parts.join("/")}/?$`), names, file: full, specificity });
    }
  }
}

function findRoute(pathname: string) {
  routes ??= (() => {
    const out: RouteEntry[] = [];
    discover(path.join(ROOT, "app"), [], out);
    return out.sort((a, b) => b.specificity - a.specificity);
  })();
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (m) {
      const params: Record<string, string | string[]> = {};
      r.names.forEach((n, i) => {
        params[n] = r.file.includes(`[...${n}]`) ? m[i + 1].split("/") : decodeURIComponent(m[i + 1]);
      });
      return { file: r.file, params };
    }
  }
  return undefined;
}

export interface RequestOptions {
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or bytes are sent as is. */
  body?: unknown;
  origin?: string | null;
  /** The socket address the request comes from (scripts/serve.mjs's header); TEST_PEER by default. */
  peer?: string;
}

export async function request(method: string, url: string, options: RequestOptions = {}): Promise<Response> {
  const full = new URL(url, BASE_URL);
  // What a real server answers before Next.js routes the request (instrumentation.ts).
  const early = earlyResponse(method, full.pathname + full.search);
  if (early) return early;
  const route = findRoute(full.pathname);
  if (!route) return new Response("no route", { status: 404 });
  const mod = (await import(route.file)) as Record<string, unknown>;
  const handler = mod[method] as ((req: Request, ctx: unknown) => Promise<Response>) | undefined;
  if (!handler) return new Response(null, { status: 405 });

  const headers = new Headers(options.headers);
  headers.set(PEER_HEADER, options.peer ?? TEST_PEER);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.origin !== null && method !== "GET" && !headers.has("origin")) headers.set("origin", options.origin ?? BASE_URL);
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : options.body instanceof Uint8Array ? new Uint8Array(options.body) : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new Request(full, { method, headers, body });
  return handler(req, { params: Promise.resolve(route.params) });
}

export const api = {
  get: (url: string, o?: RequestOptions) => request("GET", url, o),
  post: (url: string, body?: unknown, o?: RequestOptions) => request("POST", url, { ...o, body }),
  patch: (url: string, body?: unknown, o?: RequestOptions) => request("PATCH", url, { ...o, body }),
  delete: (url: string, o?: RequestOptions) => request("DELETE", url, o),
};

export interface TestUser {
  userId: string;
  email: string;
  name: string;
  password: string;
  /** The `set-auth-token` value, for `Authorization: Bearer`. */
  token: string;
  /** A ready `Cookie` header value. */
  cookie: string;
  tenantId: string;
}

let helperPeers = 0;
/**
 * Each sign-up and sign-in of the helpers below comes from an address of its own, so creating
 * the users a test needs never meets the per-client limits meant for password guessing.
 */
function helperPeer(): string {
  helperPeers += 1;
  return `10.255.${(helperPeers >> 8) & 255}.${helperPeers & 255}`;
}

export async function signUp(input: { email?: string; name?: string; password?: string } = {}): Promise<TestUser> {
  const email = input.email ?? `user-${randomBytes(4).toString("hex")}@example.test`;
  const name = input.name ?? "Test User";
  const password = input.password ?? "correct-horse-battery";
  const res = await api.post("/api/auth/sign-up/email", { email, password, name }, { peer: helperPeer() });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return sessionFrom(res, { email, name, password });
}

export async function signIn(email: string, password: string): Promise<TestUser> {
  const res = await api.post("/api/auth/sign-in/email", { email, password }, { peer: helperPeer() });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const json = (await res.clone().json()) as { user: { name: string } };
  return sessionFrom(res, { email, name: json.user.name, password });
}

async function sessionFrom(res: Response, who: { email: string; name: string; password: string }): Promise<TestUser> {
  const token = res.headers.get("set-auth-token");
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
  if (!token || !setCookie) throw new Error("no session in the auth response");
  const body = (await res.json()) as { user: { id: string } };
  const { getDb } = await import("@/lib/db");
  const session = await getDb()
    .selectFrom("session")
    .select("activeOrganizationId")
    .where("token", "=", token.split(".")[0])
    .executeTakeFirstOrThrow();
  return {
    ...who,
    userId: body.user.id,
    token,
    cookie: setCookie.split(";")[0],
    tenantId: session.activeOrganizationId ?? "",
  };
}

/**
 * `rep` joins `manager`'s workspace the way a person does: invited by email, the address
 * confirmed through the link mailed at sign-up, the invitation accepted with its link's secret.
 * Returns `rep` working in that workspace.
 */
export async function joinByInvitation(manager: TestUser, rep: TestUser, role: "member" | "admin" = "member"): Promise<TestUser> {
  const { latestMail } = await import("./mail");
  const invite = await api.post("/api/auth/organization/invite-member", { email: rep.email, role, organizationId: manager.tenantId }, { token: manager.token });
  if (invite.status !== 200) throw new Error(`invite failed: ${invite.status} ${await invite.text()}`);
  const invitation = (await invite.json()) as { id: string; link: string };
  await request("GET", (await latestMail(rep.email, "verify-email")).link);
  const token = new URL(invitation.link).searchParams.get("token");
  const accept = await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id, token }, { token: rep.token });
  if (accept.status !== 200) throw new Error(`accept failed: ${accept.status} ${await accept.text()}`);
  return { ...rep, tenantId: manager.tenantId };
}
