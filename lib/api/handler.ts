import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { trustedOrigins } from "@/lib/auth-origins";
import { withChangeSource } from "@/lib/db-transaction";
import { type RateLimitDecision, rateLimitHeaders, takeAnonymousRateLimit, takeApiRateLimit } from "@/lib/rate-limit";
import { type ErrorCode, isErrorCode } from "./error-codes";
import { readBodyCapped } from "./body";
import { AppError, type FieldError, serviceUnavailable } from "./errors";
import { forbiddenTextErrors } from "./input-text";
import { jsonBytes } from "./json-text";
import { problemResponse } from "./problem";
import { problemLocale } from "./problem-i18n";
import { type Caller, extractToken, PendingCaller, refusal } from "./session";
import { validationError } from "./validation";

export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_JSON_DEPTH = 32;

interface ApiContext<P, Q, B> {
  req: Request;
  requestId: string;
  caller: Caller;
  params: P;
  query: Q;
  body: B;
}

/** For `withApiDeferredCaller`: the caller is resolved by the handler's first statement. */
interface DeferredCallerContext<P, Q, B> extends Omit<ApiContext<P, Q, B>, "caller"> {
  auth: PendingCaller;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export interface ApiConfig<P, Q, B> {
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The body may be left out altogether (e.g. a DELETE's options): the handler then gets `undefined`. */
  bodyOptional?: boolean;
}

/** A JSON response; handlers return this or a plain object (→ 200). `JsonText` (already JSON) is sent as is. */
export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(jsonBytes(data), {
    status: init.status ?? 200,
    headers: { "content-type": "application/json; charset=utf-8", ...init.headers },
  });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one wrapper every API route handler goes through: request id, caller (cookie or
 * bearer) and tenant, CSRF origin check for cookie writes, body limits, zod parsing of
 * params/query/body, and every thrown error turned into problem+json.
 */
export function withApi<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  config: ApiConfig<P, Q, B>,
  handler: (ctx: ApiContext<P, Q, B>) => Promise<Response | object>,
) {
  return wrap(config, async (ctx) => handler({ ...ctx, caller: await ctx.auth.resolve() }), "first");
}

/**
 * `withApi` for hot reads whose first statement can resolve the caller too (`PendingCaller.read`):
 * the handler gets `auth` instead of `caller`. What a client sees does not change: the wrapper
 * lets no answer but 401/403 out before the session has been checked. When parsing, the origin
 * check or the handler fails with a client error before the caller was resolved, it resolves it
 * then, and a bad session wins; a handler that never resolved its caller gets it resolved after.
 */
export function withApiDeferredCaller<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  config: ApiConfig<P, Q, B>,
  handler: (ctx: DeferredCallerContext<P, Q, B>) => Promise<Response | object>,
) {
  return wrap(config, handler, "deferred");
}

/**
 * The schemas a wrapped handler parses with, kept on the handler: tools that walk the routes
 * (the robustness suite's generated corpus) read each route's fields from it.
 */
export const API_CONFIG = Symbol.for("pipeline.apiConfig");

function wrap<P, Q, B>(
  config: ApiConfig<P, Q, B>,
  handler: (ctx: DeferredCallerContext<P, Q, B>) => Promise<Response | object>,
  callerAt: "first" | "deferred",
) {
  const wrapped = async (req: Request, route?: RouteContext): Promise<Response> => {
    const requestId = sanitizeRequestId(req.headers.get("x-request-id")) ?? randomUUID();
    const instance = new URL(req.url).pathname;
    let auth: PendingCaller | undefined;
    let rate: RateLimitDecision | null = null;
    try {
      const extracted = extractToken(req.headers);
      if (extracted === null || extracted === "invalid") {
        rate = await takeAnonymousRateLimit(req.headers);
        if (rate && !rate.allowed) throw rateLimited(rate, "client");
        throw refusal(extracted === null ? "no_credentials" : "invalid_token");
      }
      // Counted before the credential is looked up, so a flood costs no lookups once over the limit.
      rate = await takeApiRateLimit(extracted);
      if (rate && !rate.allowed) throw rateLimited(rate, "credential");
      auth = new PendingCaller(extracted);
      // An API key's reach depends on the key, so it is looked up before anything else, except for
      // a read of records every key may read: that one's first statement looks the key up.
      const keyFirst = extracted.via === "api_key" && !(SAFE_METHODS.has(req.method) && APPLICATION_KEY_PATHS.test(instance));
      if (callerAt === "first" || keyFirst) {
        const caller = await auth.resolve();
        if (caller.apiKey) assertKeyMayReach(caller.apiKey, req.method, instance);
      }
      if (extracted.via === "cookie" && !SAFE_METHODS.has(req.method)) assertSameOrigin(req);

      // Every path parameter, query parameter and body is checked for text no field accepts
      // (lib/api/input-text.ts) before its schema sees it, whether or not the route declares one.
      const rawParams = await route?.params;
      assertCleanText(rawParams, "params");
      const rawQuery = queryObject(req.url);
      assertCleanText(rawQuery, "query");
      const params = config.params ? parse(config.params, rawParams, "params") : ({} as P);
      const query = config.query ? parse(config.query, rawQuery, "query") : ({} as Q);
      let body = undefined as B;
      if (config.body) {
        const raw = await readJsonBody(req, config.bodyOptional);
        if (raw !== NO_BODY) {
          assertCleanText(raw);
          body = parse(config.body, raw);
        }
        // An API key's writes are the API's, whatever `source_type` they claim.
        if (extracted.via === "api_key" && body !== null && typeof body === "object" && Object.hasOwn(body, "source_type")) {
          body = { ...body, source_type: "api" };
        }
      }

      const source = changeSourceOf(req);
      const pending = auth;
      const result = await withChangeSource(source, () => handler({ req, requestId, auth: pending, params, query, body }));
      const caller = await auth.resolve();
      if (caller.apiKey) assertKeyMayReach(caller.apiKey, req.method, instance);
      const response = result instanceof Response ? result : json(result);
      response.headers.set("x-request-id", requestId);
      return withRateLimit(response, rate);
    } catch (caught) {
      let error = caught;
      // A client error found before the session was checked: a bad session answers first.
      const status = toAppError(error)?.status ?? 500;
      if (auth && !auth.checked && status >= 400 && status < 500) {
        try {
          await auth.resolve();
        } catch (authError) {
          error = authError;
        }
      }
      // A credential that does not resolve (made up, expired, revoked) counts against the client's
      // address too: a fresh token per request would otherwise never meet a limit.
      if (auth?.checked && toAppError(error)?.status === 401) {
        const anonymous = await takeAnonymousRateLimit(req.headers);
        if (anonymous) {
          rate = anonymous;
          if (!anonymous.allowed) error = rateLimited(anonymous, "client");
        }
      }
      return withRateLimit(errorResponse(error, requestId, instance, req), rate);
    }
  };
  return Object.assign(wrapped, { [API_CONFIG]: config as unknown as ApiConfig<unknown, unknown, unknown> });
}

/** The header a client marks its writes' origin with; see lib/db-transaction.ts. */
const CHANGE_SOURCE_HEADER = "pipeline-change-source";
const CHANGE_SOURCES = new Set(["webhook"]);

/**
 * `Pipeline-Change-Source: webhook` says the request's writes react to one of our webhooks: their
 * events carry `source: "webhook"`, so the integration (and others) can tell them from fresh
 * changes. Any other value is refused rather than dropped.
 */
function changeSourceOf(req: Request): string | null {
  const value = req.headers.get(CHANGE_SOURCE_HEADER);
  if (value === null) return null;
  const source = value.trim().toLowerCase();
  if (CHANGE_SOURCES.has(source)) return source;
  throw new AppError(400, "validation_failed", "Pipeline-Change-Source must be `webhook` when sent.", {
    errors: [{ field: `headers.${CHANGE_SOURCE_HEADER}`, code: "invalid_value", message: "Use `webhook`, or leave the header out." }],
  });
}

function rateLimited(rate: RateLimitDecision, who: "credential" | "client"): AppError {
  const sender = who === "credential" ? "This credential" : "This client, without a valid credential,";
  return new AppError(
    429,
    "rate_limited",
    `${sender} sent more than ${rate.limit} requests in the current window. Retry after ${rate.resetSeconds} seconds.`,
    {},
    { "Retry-After": String(rate.resetSeconds) },
  );
}

/** Every answer to a counted request says where the credential stands. */
function withRateLimit(response: Response, rate: RateLimitDecision | null): Response {
  if (!rate) return response;
  for (const [name, value] of Object.entries(rateLimitHeaders(rate))) response.headers.set(name, value);
  return response;
}

/**
 * Where an application-scoped key may go: the records it can have written, their activities and
 * tasks, and quick search (which answers such a key only its application's records).
 */
const APPLICATION_KEY_PATHS = /^\/api\/v1\/crm\/(deals|companies|contacts|tasks|search)(\/|$)/;

/**
 * What an API key may reach: the CRM API only (never the session's own endpoints, settings or key
 * management), an application-scoped key only its records' resources, a read-only key no write.
 */
function assertKeyMayReach(key: NonNullable<Caller["apiKey"]>, method: string, path: string): void {
  if (!path.startsWith("/api/v1/crm/")) {
    throw new AppError(403, "api_key_not_allowed", "API keys reach only the CRM API (/api/v1/crm/*). Sign in as a person for this endpoint.");
  }
  if (key.scope === "application" && !APPLICATION_KEY_PATHS.test(path)) {
    throw new AppError(403, "api_key_not_allowed", "An application-scoped API key reaches only deals, companies and contacts.");
  }
  if (key.access === "read" && !SAFE_METHODS.has(method)) {
    throw new AppError(403, "api_key_read_only", "This API key is read-only: it cannot write. Create a read_write key to write.");
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown, location?: "query" | "params"): T {
  // reportInput lets the error mapping tell a missing field ("required") from a wrong type.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw validationError(result.error, location);
  return result.data;
}

function sanitizeRequestId(value: string | null): string | undefined {
  return value && /^[\w.-]{8,128}$/.test(value) ? value : undefined;
}

function assertCleanText(value: unknown, location?: "query" | "params"): void {
  if (value === undefined) return;
  const errors = forbiddenTextErrors(value, location ? `${location}.` : "");
  if (errors.length) throw inputRefused(errors);
}

function inputRefused(errors: FieldError[]): AppError {
  const shared = errors.every((e) => e.code === errors[0].code) ? errors[0].code : null;
  const code: ErrorCode = shared !== null && isErrorCode(shared) ? shared : "validation_failed";
  const detail = errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} fields are invalid: ${errors.map((e) => e.field).join(", ")}.`;
  return new AppError(400, code, detail, { errors });
}

/**
 * The query string as `{ name: value | values[] }`, decoded strictly: a percent-encoded byte
 * sequence that is not UTF-8 (`%FF`, an encoded surrogate, an overlong form) is 400
 * `invalid_encoding` naming the parameter, where URLSearchParams would turn it into U+FFFD and
 * let a different value through.
 */
function queryObject(url: string): Record<string, string | string[]> {
  // No prototype: `constructor` or `__proto__` is a parameter name like any other (and refused as one).
  const out: Record<string, string | string[]> = Object.create(null);
  const start = url.indexOf("?");
  if (start < 0) return out;
  const end = url.indexOf("#", start);
  const search = url.slice(start + 1, end < 0 ? undefined : end);
  if (!search) return out;
  const errors: FieldError[] = [];
  for (const pair of search.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const name = decodeQueryComponent(rawName);
    const value = decodeQueryComponent(rawValue);
    if (name === null || value === null) {
      const label = name ?? rawName;
      errors.push({ field: `query.${label}`, code: "invalid_encoding", message: "Percent-encode the parameter as UTF-8 (e.g. %C3%A9 for é)." });
      continue;
    }
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[name] = [existing, value];
  }
  if (errors.length) throw inputRefused(errors);
  return out;
}

function decodeQueryComponent(raw: string): string | null {
  const text = raw.includes("+") ? raw.replace(/\+/g, " ") : raw;
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  const allowed = new Set([...trustedOrigins(), new URL(req.url).origin]);
  if (!origin || !allowed.has(origin)) {
    throw new AppError(
      403,
      "origin_not_allowed",
      "Cookie-authenticated writes must come from the app's own origin. Integrations should use a Bearer token.",
    );
  }
}

const NO_BODY = Symbol("no body");

/**
 * The request's JSON body. With `optional`, a request that sends none at all (no content type
 * and no bytes) gets `NO_BODY`; anything sent is read like any other body, so bytes without a
 * JSON content type are 415.
 */
async function readJsonBody(req: Request, optional = false): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const [mediaType, ...parameters] = (req.headers.get("content-type") ?? "").split(";");
  const contentType = mediaType.trim().toLowerCase();
  if (optional && contentType === "" && (await readTextCapped(req)) === "") return NO_BODY;
  if (contentType !== "application/json" && !/^application\/[\w.+-]*\+json$/.test(contentType)) {
    throw new AppError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  // JSON is UTF-8 (RFC 8259 §8.1): a body declared in another charset would be read as something else.
  const charset = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith("charset="))?.slice(8).replace(/^"|"$/g, "");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new AppError(415, "unsupported_media_type", `JSON is read as UTF-8; send it as UTF-8 (charset=${charset.slice(0, 40)} is not accepted).`);
  }
  const text = await readTextCapped(req);
  if (text.trim() === "") throw new AppError(400, "invalid_json", "The request body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError(400, "invalid_json", `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw new AppError(400, "json_too_deep", `JSON nesting deeper than ${MAX_JSON_DEPTH} levels is not accepted.`);
  }
  return value;
}

async function readTextCapped(req: Request): Promise<string> {
  const bytes = await readBodyCapped(req, MAX_BODY_BYTES, tooLarge);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError(400, "invalid_encoding", "The request body is not valid UTF-8; JSON must be sent as UTF-8 (RFC 8259).", {
      errors: [{ field: "(body)", code: "invalid_encoding", message: "Not valid UTF-8." }],
    });
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

const tooLarge = () => new AppError(413, "payload_too_large", `The request body exceeds ${MAX_BODY_BYTES} bytes.`);

function jsonDepth(value: unknown): number {
  // Iterative, so a hostile 100k-deep document cannot overflow the stack.
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d > max) max = d;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

const CONNECTION_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);

/** Maps database failures the client cannot fix to 503, everything unknown to 500. */
function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return validationError(error);
  const e = error as { code?: string; message?: string } | null;
  const message = e?.message ?? "";
  if (
    (e?.code && CONNECTION_ERROR_CODES.has(e.code)) ||
    e?.code === "57014" /* statement timeout */ ||
    /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)
  ) {
    return serviceUnavailable();
  }
  if (e?.code === "40001" || e?.code === "40P01") {
    return new AppError(409, "write_conflict", "The write collided with a concurrent one; retry it.");
  }
  return null;
}

function errorResponse(error: unknown, requestId: string, instance?: string, req?: Request): Response {
  const known = toAppError(error);
  const locale = problemLocale(req?.headers.get("accept-language"));
  if (known) {
    return problemResponse(
      { status: known.status, code: known.code, detail: known.message, requestId, instance, extra: known.extra, locale },
      known.headers,
    );
  }
  console.error(`[api] ${requestId} unhandled error`, error);
  return problemResponse({
    status: 500,
    code: "internal_error",
    detail: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
    requestId,
    instance,
    locale,
  });
}
