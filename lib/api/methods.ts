import { problemResponse } from "./problem";

/**
 * HTTP methods on the API (RFC 9110 §9). Next.js answers a method a route file does not export
 * with an empty 405 and no `Allow`; every route file therefore completes its exports with
 * `otherMethods`, so each of these methods has an answer of ours. app/api/methods.test.ts walks
 * every route file and fails when one does not.
 */
export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/** The methods a route file implements itself; HEAD and OPTIONS follow from them. */
type ImplementedMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Handler = (req: Request, ctx?: any) => Response | Promise<Response>;

/** Marks the handlers `otherMethods` made, so tools can tell a route's own methods from them. */
export const METHOD_NOT_ALLOWED = Symbol.for("pipeline.methodNotAllowed");

const KNOWN = new Set<string>(ROUTE_METHODS);
export const isRouteMethod = (method: string): method is RouteMethod => KNOWN.has(method);

/** The `Allow` value for a route implementing `implemented` (HEAD with GET, OPTIONS always), in a fixed order. */
export function allowHeader(implemented: readonly string[]): string {
  const allowed = new Set(implemented);
  if (allowed.has("GET")) allowed.add("HEAD");
  allowed.add("OPTIONS");
  return ROUTE_METHODS.filter((m) => allowed.has(m)).join(", ");
}

export function methodNotAllowedResponse(req: Request, allow: string): Response {
  const path = new URL(req.url).pathname;
  return problemResponse(
    {
      status: 405,
      code: "method_not_allowed",
      detail: `${req.method} is not allowed on ${path}. Allowed: ${allow}.`,
      requestId: crypto.randomUUID(),
      instance: path,
    },
    { allow },
  );
}

/**
 * The rest of a route file's methods, from the ones it implements:
 * `export const { HEAD, OPTIONS, POST, PUT } = otherMethods({ GET, PATCH, DELETE });`
 * - HEAD runs GET (RFC 9110 §9.3.2: the same answer without the content; the server drops the
 *   body), or is 405 without GET;
 * - OPTIONS answers 204 with `Allow`, without credentials (it reveals nothing the OpenAPI
 *   document does not);
 * - every other method answers 405 problem+json with `Allow` (RFC 9110 §15.5.6).
 */
export function otherMethods(implemented: Partial<Record<ImplementedMethod, Handler>>): Record<RouteMethod, Handler> {
  const names = Object.keys(implemented).filter((m) => typeof implemented[m as ImplementedMethod] === "function");
  const allow = allowHeader(names);
  const notAllowed: Handler = Object.assign((req: Request) => methodNotAllowedResponse(req, allow), { [METHOD_NOT_ALLOWED]: true });
  const options: Handler = () => new Response(null, { status: 204, headers: { allow } });
  return {
    GET: implemented.GET ?? notAllowed,
    HEAD: implemented.GET ?? notAllowed,
    POST: implemented.POST ?? notAllowed,
    PUT: implemented.PUT ?? notAllowed,
    PATCH: implemented.PATCH ?? notAllowed,
    DELETE: implemented.DELETE ?? notAllowed,
    OPTIONS: options,
  };
}

/**
 * Requests the API answers before routing (proxy.ts, and the in-process test client): a method
 * outside RFC 9110's set (TRACE, CONNECT, WebDAV's, made-up ones) is 501, and a path whose
 * percent-encoding is malformed or not UTF-8 (`%zz`, `%FF`, `%C0%AF`) is 400, where Next.js
 * would fail to decode it and answer a plain-text 500.
 */
export function earlyApiAnswer(method: string, pathname: string): Response | null {
  const api = pathname === "/api" || pathname.startsWith("/api/");
  if (!isRouteMethod(method)) {
    if (!api) return new Response("Not Implemented", { status: 501, headers: { "content-type": "text/plain; charset=utf-8" } });
    return problemResponse({
      status: 501,
      code: "method_not_implemented",
      detail: `The API does not implement the ${method.slice(0, 32)} method; it uses ${ROUTE_METHODS.join(", ")}.`,
      requestId: crypto.randomUUID(),
    });
  }
  if (pathname.includes("%") && !decodablePath(pathname)) {
    if (!api) return new Response("Bad Request: malformed percent-encoding in the path", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
    return problemResponse({
      status: 400,
      code: "invalid_path_encoding",
      detail: "The path has malformed percent-encoding: each % must start a UTF-8 byte sequence written as %XX hex pairs.",
      requestId: crypto.randomUUID(),
      extra: { errors: [{ field: "path", code: "invalid_encoding", message: "Percent-encode path segments as UTF-8, e.g. %C3%A9 for é." }] },
    });
  }
  return null;
}

function decodablePath(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Methods the Fetch standard forbids in a `Request` (TRACE, TRACK; CONNECT never reaches a
 * request handler): Next.js cannot even build the request for proxy.ts and answers a plain-text
 * 500, so the server answers them before Next.js sees them (instrumentation.ts).
 */
export const FETCH_FORBIDDEN_METHODS = new Set(["TRACE", "TRACK"]);

/** The raw-server answer for a method in FETCH_FORBIDDEN_METHODS: 501 problem+json. */
export function unsupportedMethodBody(method: string): { status: number; headers: Record<string, string>; body: string } {
  const requestId = crypto.randomUUID();
  const body = JSON.stringify({
    type: "https://pipeline.dev/problems/method-not-implemented",
    title: "Not Implemented",
    status: 501,
    detail: `The API does not implement the ${method} method; it uses ${ROUTE_METHODS.join(", ")}.`,
    code: "method_not_implemented",
    request_id: requestId,
  });
  return { status: 501, headers: { "content-type": "application/problem+json", "x-request-id": requestId }, body };
}
