import type { ErrorCode } from "./error-codes";
import { problemResponse } from "./problem";
import { problemLocale } from "./problem-i18n";

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
      locale: problemLocale(req.headers.get("accept-language")),
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

/** An answer given before Next.js routes the request: status, headers and body text. */
export interface EarlyAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Requests answered before Next.js sees them (instrumentation.ts on a real server, and the
 * in-process test client): Next.js would answer each with a plain-text 500 or an empty 400.
 * - a method outside RFC 9110's set (TRACE, CONNECT, WebDAV's, made-up ones): 501 (RFC 9110
 *   §15.6.2: a method the server does not recognize); Next.js cannot even build a Fetch
 *   `Request` for TRACE;
 * - a path whose percent-encoding is malformed or not UTF-8 (`%zz`, `%FF`, `%C0%AF`): 400,
 *   where Next.js fails to decode its dynamic segments.
 * On /api paths the answer is problem+json; elsewhere plain text. `target` is the request line's
 * target (path and query, as sent).
 */
export function earlyAnswer(method: string, target: string): EarlyAnswer | null {
  const methodKnown = KNOWN.has(method);
  const queryAt = target.indexOf("?");
  const pathname = queryAt < 0 ? target : target.slice(0, queryAt);
  const queryEncoded = queryAt >= 0 && target.includes("%", queryAt);
  if (methodKnown && !pathname.includes("%") && !queryEncoded) return null;
  const api = pathname === "/api" || pathname.startsWith("/api/");
  if (!methodKnown) {
    const detail = `The API does not implement the ${method.slice(0, 32)} method; it uses ${ROUTE_METHODS.join(", ")}.`;
    return api ? problem(501, "Not Implemented", "method_not_implemented", detail) : text(501, "Not Implemented");
  }
  if (!decodablePath(pathname)) {
    if (!api) return text(400, "Bad Request: malformed percent-encoding in the path");
    return problem(400, "Bad Request", "invalid_path_encoding", "The path has malformed percent-encoding: each % must start a UTF-8 byte sequence written as %XX hex pairs.", {
      errors: [{ field: "path", code: "invalid_encoding", message: "Percent-encode path segments as UTF-8, e.g. %C3%A9 for é." }],
    });
  }
  // Next.js re-encodes a query before route handlers see it (`%zz` becomes `%25zz`, `%FF` U+FFFD),
  // so the query's own encoding is checked here, on the request as sent.
  const parameter = api && queryEncoded ? undecodableParameter(target.slice(queryAt + 1)) : null;
  if (parameter === null) return null;
  return problem(400, "Bad Request", "invalid_encoding", `query.${parameter}: Percent-encode the parameter as UTF-8 (e.g. %C3%A9 for é).`, {
    errors: [{ field: `query.${parameter}`, code: "invalid_encoding", message: "Percent-encode the parameter as UTF-8 (e.g. %C3%A9 for é)." }],
  });
}

/** The (leniently decoded) name of the first query parameter whose name or value cannot be percent-decoded as UTF-8. */
function undecodableParameter(search: string): string | null {
  for (const pair of search.split("&")) {
    if (!pair.includes("%")) continue;
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const decodedName = decodes(name);
    if (decodedName === null) return name;
    if (eq >= 0 && decodes(pair.slice(eq + 1)) === null) return decodedName;
  }
  return null;
}

function decodes(component: string): string | null {
  try {
    return decodeURIComponent(component.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** `earlyAnswer` as a Fetch Response (the in-process test client). */
export function earlyResponse(method: string, target: string): Response | null {
  const answer = earlyAnswer(method, target);
  return answer && new Response(answer.body, { status: answer.status, headers: answer.headers });
}

function problem(status: number, title: string, code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): EarlyAnswer {
  const requestId = crypto.randomUUID();
  const body = JSON.stringify({ type: `https://pipeline.dev/problems/${code.replace(/_/g, "-")}`, title, status, detail, code, request_id: requestId, ...extra });
  return { status, headers: { "content-type": "application/problem+json", "x-request-id": requestId }, body };
}

const text = (status: number, body: string): EarlyAnswer => ({ status, headers: { "content-type": "text/plain; charset=utf-8" }, body });

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
