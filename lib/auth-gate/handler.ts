import "server-only";
import { randomUUID } from "node:crypto";
import { toNextJsHandler } from "better-auth/next-js";
import { problemResponse } from "@/lib/api/problem";
import { authRateLimits, getAuth } from "@/lib/auth";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "@/lib/client-address";
import { deviceCookieFor, trustedDevice } from "./device-cookie";
import { claimClientRequest } from "./client-limit";
import { getFullOrganization, inviteMember, listInvitations } from "./invitations";
import { refuseForeignOrganization } from "./organization-scope";
import { accountKey, claimSignInAttempt, clearSignInAttempts, deviceKey } from "./sign-in-throttle";

/**
 * Every request to better-auth's endpoints (`/api/auth/*`) passes through here first. The
 * client's address is settled once (better-auth reads it from one header that only this code
 * writes: lib/client-address.ts), then the rules better-auth does not have are applied around
 * its own handler:
 * - organization endpoints naming a workspace the caller is not in: 404, nothing touched
 *   (organization-scope.ts);
 * - sign-in: a per-account (or per known device) throttle, a device cookie on success
 *   (sign-in-throttle.ts, device-cookie.ts);
 * - invitations: read by managers only, the new link handed back when no mail server would
 *   deliver it (invitations.ts);
 * - per-client limits on paths that carry a token, which better-auth would count per token
 *   (client-limit.ts);
 * - links that mail sends onward stay on this site.
 */
export async function handleAuthRequest(req: Request): Promise<Response> {
  const request = withClientAddress(req);
  const path = authPath(request);
  const limited = await limitTokenPaths(request, path);
  if (limited) return limited;
  const body = request.method === "POST" ? await peekJson(request) : undefined;
  if (path.startsWith("/organization/")) {
    const refused = await refuseForeignOrganization(request, body);
    if (refused) return refused;
  }
  const post = request.method === "POST";
  if (post && path in MAILED_REDIRECTS) {
    const refused = refuseForeignRedirect(request, body, MAILED_REDIRECTS[path]);
    if (refused) return refused;
  }
  switch (path) {
    case "/sign-in/email":
      return post ? signInEmail(request, body) : forward(request);
    case "/sign-up/email":
      return post ? signUpEmail(request, body) : forward(request);
    case "/organization/invite-member":
      return inviteMember(request, forward);
    case "/organization/list-invitations":
      return listInvitations(request, forward);
    case "/organization/get-full-organization":
      return getFullOrganization(request, forward);
    default:
      return forward(request);
  }
}

/** The rate-limit rules over paths with a token in them, matched against a request's path. */
const tokenPathRules = () =>
  Object.entries(authRateLimits())
    .filter(([rule]) => rule.includes("*"))
    .map(([rule, limit]) => ({ rule, limit, pattern: new RegExp(`^${rule.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]+")}$`) }));

/** 429 when the client has used up a token-path rule's requests (see client-limit.ts). */
async function limitTokenPaths(req: Request, path: string): Promise<Response | null> {
  const match = tokenPathRules().find((r) => r.pattern.test(path));
  if (!match) return null;
  const client = req.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
  const claim = await claimClientRequest(`${client}|${match.rule}`, match.limit);
  if (claim.allowed) return null;
  return new Response(JSON.stringify({ message: "Too many requests. Please try again later." }), {
    status: 429,
    headers: { "content-type": "application/json", "retry-after": String(claim.retryAfterS), "x-retry-after": String(claim.retryAfterS) },
  });
}

/** Endpoints that mail a link leading on to a page the request names, and the field naming it. */
const MAILED_REDIRECTS: Record<string, string> = {
  "/sign-up/email": "callbackURL",
  "/send-verification-email": "callbackURL",
  "/request-password-reset": "redirectTo",
};

/**
 * A link mailed to someone must lead back into this app only: a reset link that went on to
 * another site would hand it the reset token. better-auth checks these against the trusted
 * origins in production; this keeps them to same-site paths everywhere (400 problem otherwise).
 */
function refuseForeignRedirect(req: Request, body: Record<string, unknown> | undefined, field: string): Response | null {
  const value = body?.[field];
  if (value === undefined || (typeof value === "string" && /^\/(?![/\\])/.test(value) && !/[\s\\]/.test(value))) return null;
  return problemResponse({
    status: 400,
    code: "validation_failed",
    detail: `${field} must be a path in this app, such as /board.`,
    requestId: randomUUID(),
    instance: new URL(req.url).pathname,
    extra: { errors: [{ field, code: "invalid_redirect", message: "Must be a path in this app, such as /board." }] },
  });
}

/** better-auth's path of a request, e.g. `/sign-in/email`. */
export function authPath(req: Request): string {
  return new URL(req.url).pathname.replace(/^\/api\/auth(?=\/)/, "").replace(/\/+$/, "") || "/";
}

/** The JSON body of a request without consuming it, or undefined when it is not a JSON object. */
export async function peekJson(req: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = await req.clone().json();
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sign-in, throttled per account (or per known device) on top of better-auth's per-client limit:
 * lib/auth-gate/sign-in-throttle.ts. A success clears the key and leaves a device cookie.
 */
async function signInEmail(req: Request, body: Record<string, unknown> | undefined): Promise<Response> {
  const email = typeof body?.email === "string" ? body.email : "";
  if (!email.includes("@")) return forward(req);
  const device = trustedDevice(req.headers.get("cookie"), email);
  const key = device ? deviceKey(device) : accountKey(email);
  const claim = await claimSignInAttempt(key);
  if (!claim.allowed) return tooManyAttempts(claim.retryAfterS);
  const res = await forward(req);
  if (res.status !== 200) return res;
  await clearSignInAttempts(device ? [key, accountKey(email)] : [key]);
  return withDeviceCookie(res, email);
}

async function signUpEmail(req: Request, body: Record<string, unknown> | undefined): Promise<Response> {
  const res = await forward(req);
  const email = typeof body?.email === "string" ? body.email : "";
  return res.status === 200 && res.headers.get("set-auth-token") && email ? withDeviceCookie(res, email) : res;
}

function withDeviceCookie(res: Response, email: string): Response {
  const headers = new Headers(res.headers);
  headers.append("set-cookie", deviceCookieFor(email));
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/** The throttle's refusal, shaped like better-auth's own 429 (and the same for every account, known or not). */
function tooManyAttempts(retryAfterS: number): Response {
  return new Response(JSON.stringify({ code: "TOO_MANY_ATTEMPTS", message: "Too many sign-in attempts. Please try again later." }), {
    status: 429,
    headers: { "content-type": "application/json", "retry-after": String(retryAfterS), "x-retry-after": String(retryAfterS) },
  });
}

/** The request with the client's address in the one header better-auth reads, and no client-sent copy of it. */
export function withClientAddress(req: Request): Request {
  const headers = new Headers(req.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  const address = clientAddress(req.headers);
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);
  return new Request(req, { headers });
}

/**
 * better-auth's own handler. Its rate limiter answers 429 with `X-Retry-After`; the standard
 * `Retry-After` header is added so any HTTP client knows when to come back.
 */
export async function forward(req: Request): Promise<Response> {
  const { GET, POST } = toNextJsHandler(getAuth());
  const res = await (req.method === "GET" ? GET(req) : POST(req));
  if (res.status === 429 && !res.headers.has("retry-after")) {
    const retry = res.headers.get("x-retry-after") ?? "60";
    const headers = new Headers(res.headers);
    headers.set("retry-after", retry);
    return new Response(res.body, { status: 429, headers });
  }
  return res;
}
