import createFetchClient from "openapi-fetch";
import type { components, operations, paths } from "./schema";

/**
 * A typed client for the Pipeline CRM API. The types (./schema.ts) are generated from the server's
 * OpenAPI document; this file is the thin surface people call:
 *
 *   const client = createClient({ baseUrl: "https://crm.example.com", apiKey: process.env.PIPELINE_API_KEY! });
 *   for await (const deal of client.customer.deals.iterate({ stage: ["proposal"] })) console.log(deal.name);
 *
 * Every failure is thrown as a `PipelineApiError` carrying the problem+json (`code`, `errors`,
 * `request_id`). 429 and 503 are retried after `Retry-After`, within a bounded number of attempts
 * and total wait; creates, stage moves and new activities carry an `Idempotency-Key`, the same on
 * every retry, so a retried request is never applied twice.
 */

type Schemas = components["schemas"];
export type Deal = Schemas["Deal"];
export type DealCreate = Schemas["DealCreate"];
export type DealUpdate = Schemas["DealUpdate"];
export type DealStageMove = Schemas["DealStageMove"];
export type DealList = Schemas["DealList"];
export type Activity = Schemas["Activity"];
export type ActivityCreate = Schemas["ActivityCreate"];
export type ActivityList = Schemas["ActivityList"];
export type Company = Schemas["Company"];
export type CompanyCreate = Schemas["CompanyCreate"];
export type CompanyUpdate = Schemas["CompanyUpdate"];
export type CompanyList = Schemas["CompanyList"];
export type Contact = Schemas["Contact"];
export type ContactCreate = Schemas["ContactCreate"];
export type ContactUpdate = Schemas["ContactUpdate"];
export type ContactList = Schemas["ContactList"];
export type Problem = Schemas["Problem"];
export type DealListParams = NonNullable<operations["listDeals"]["parameters"]["query"]>;
export type CompanyListParams = NonNullable<operations["listCompanies"]["parameters"]["query"]>;
export type ContactListParams = NonNullable<operations["listContacts"]["parameters"]["query"]>;
export type ActivityListParams = NonNullable<operations["listDealActivities"]["parameters"]["query"]>;
export type { components, operations, paths };

export interface ClientOptions {
  /** The server's origin, e.g. `https://crm.example.com` (paths start with `/api/v1`). */
  baseUrl: string;
  /** An API key's secret (`pipeline_sk_…`), from Settings → API keys. */
  apiKey: string;
  /** Retries of 429 and 503: at most `maxRetries` (default 3), waiting at most `maxWaitMs` in all (default 30 s). */
  retry?: { maxRetries?: number; maxWaitMs?: number };
  /** A fetch to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers on every request (e.g. `Accept-Language: ja` for Japanese problem titles). */
  headers?: Record<string, string>;
}

/** A refused or failed request: the API's problem+json, with the fields clients switch on. */
export class PipelineApiError extends Error {
  readonly status: number;
  /** The stable machine-readable reason (`not_found`, `version_conflict`, `rate_limited`, …). */
  readonly code: string;
  /** Per-field problems of a 400/422. */
  readonly errors: Array<{ field: string; code: string; message: string }>;
  readonly requestId: string | null;
  /** The whole problem document (a 409 `version_conflict` carries the current record in it). */
  readonly problem: Record<string, unknown>;

  constructor(status: number, problem: Record<string, unknown>, requestId: string | null) {
    super(typeof problem.detail === "string" ? problem.detail : `Request failed with ${status}.`);
    this.name = "PipelineApiError";
    this.status = status;
    this.code = typeof problem.code === "string" ? problem.code : `http_${status}`;
    this.errors = Array.isArray(problem.errors) ? (problem.errors as PipelineApiError["errors"]) : [];
    this.requestId = typeof problem.request_id === "string" ? problem.request_id : requestId;
    this.problem = problem;
  }
}

/** Write options: `ifMatch` is the version you read (or its ETag); a stale one is 409 `version_conflict`. */
export interface WriteOptions {
  ifMatch?: number | string;
}
/** Create options: a key of your own makes a retry after a lost connection safe too; one is generated otherwise. */
export interface CreateOptions {
  idempotencyKey?: string;
}

const RETRIED = new Set([429, 503]);

function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

const etag = (ifMatch: number | string) => (typeof ifMatch === "number" ? `"${ifMatch}"` : ifMatch);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fetch that retries 429 and 503 after `Retry-After` (seconds), within the budget. */
function retryingFetch(send: (request: Request) => Promise<Response>, maxRetries: number, maxWaitMs: number) {
  return async (request: Request): Promise<Response> => {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const response = await send(request.clone());
      if (!RETRIED.has(response.status) || attempt >= maxRetries) return response;
      const seconds = Number(response.headers.get("retry-after"));
      const waitMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 2 ** attempt * 500;
      if (waited + waitMs > maxWaitMs) return response;
      await response.body?.cancel().catch(() => {});
      waited += waitMs;
      await sleep(waitMs);
    }
  };
}

export function createClient(options: ClientOptions) {
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  // The client reads JSON (and problem+json): the lists' CSV answers are for downloads, not for this client.
  const http = createFetchClient<paths, `application/${string}`>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: retryingFetch(send, options.retry?.maxRetries ?? 3, options.retry?.maxWaitMs ?? 30_000),
    headers: { ...options.headers, authorization: `Bearer ${options.apiKey}` },
  });

  /** The data of a success, or the problem thrown as a PipelineApiError. */
  async function settle<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (response.ok) return data as T;
    const problem = typeof error === "object" && error !== null ? (error as Record<string, unknown>) : { detail: typeof error === "string" ? error : undefined };
    throw new PipelineApiError(response.status, problem, response.headers.get("x-request-id"));
  }

  const writeHeaders = (o: WriteOptions = {}) => (o.ifMatch !== undefined ? { "if-match": etag(o.ifMatch) } : {});
  const createHeaders = (o: CreateOptions = {}) => ({ "idempotency-key": o.idempotencyKey ?? newIdempotencyKey() });

  const deals = {
    /** One page; pass `next_cursor` back as `cursor` for the next. */
    list: (params: DealListParams = {}): Promise<DealList> => settle(http.GET("/api/v1/crm/deals", { params: { query: params } })),
    /** Every deal matching `params`, page by page along the keyset cursor. */
    async *iterate(params: Omit<DealListParams, "cursor" | "offset"> = {}): AsyncGenerator<Deal> {
      let cursor: string | undefined;
      do {
        const page = await deals.list({ ...params, ...(cursor ? { cursor } : {}) });
        yield* page.items;
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    },
    get: async (id: string): Promise<Deal> => (await settle(http.GET("/api/v1/crm/deals/{id}", { params: { path: { id } } }))).deal,
    create: async (body: DealCreate, o?: CreateOptions): Promise<Deal> =>
      (await settle(http.POST("/api/v1/crm/deals", { body, headers: createHeaders(o) }))).deal,
    update: async (id: string, patch: DealUpdate, o?: WriteOptions): Promise<Deal> =>
      (await settle(http.PATCH("/api/v1/crm/deals/{id}", { params: { path: { id } }, body: patch, headers: writeHeaders(o) }))).deal,
    delete: async (id: string, o?: WriteOptions): Promise<void> => {
      await settle(http.DELETE("/api/v1/crm/deals/{id}", { params: { path: { id } }, headers: writeHeaders(o) }));
    },
    restore: async (id: string): Promise<Deal> => (await settle(http.POST("/api/v1/crm/deals/{id}/restore", { params: { path: { id } } }))).deal,
    moveStage: async (id: string, move: DealStageMove, o: CreateOptions & WriteOptions = {}): Promise<Deal> =>
      (await settle(http.POST("/api/v1/crm/deals/{id}/stage", { params: { path: { id } }, body: move, headers: { ...createHeaders(o), ...writeHeaders(o) } })))
        .deal,
    activities: {
      list: (dealId: string, params: ActivityListParams = {}): Promise<ActivityList> =>
        settle(http.GET("/api/v1/crm/deals/{id}/activities", { params: { path: { id: dealId }, query: params } })),
      create: async (dealId: string, body: ActivityCreate, o?: CreateOptions): Promise<Activity> =>
        (await settle(http.POST("/api/v1/crm/deals/{id}/activities", { params: { path: { id: dealId } }, body, headers: createHeaders(o) }))).activity,
    },
  };

  const companies = {
    list: (params: CompanyListParams = {}): Promise<CompanyList> => settle(http.GET("/api/v1/crm/companies", { params: { query: params } })),
    /** Every company matching `params`, page by page. */
    async *iterate(params: Omit<CompanyListParams, "offset"> = {}): AsyncGenerator<Company> {
      for (let offset = 0; ; ) {
        const page = await companies.list({ ...params, offset });
        yield* page.items;
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.total) return;
      }
    },
    get: async (id: string): Promise<Company> => (await settle(http.GET("/api/v1/crm/companies/{id}", { params: { path: { id } } }))).company,
    create: async (body: CompanyCreate, o?: CreateOptions): Promise<Company> =>
      (await settle(http.POST("/api/v1/crm/companies", { body, headers: createHeaders(o) }))).company,
    update: async (id: string, patch: CompanyUpdate, o?: WriteOptions): Promise<Company> =>
      (await settle(http.PATCH("/api/v1/crm/companies/{id}", { params: { path: { id } }, body: patch, headers: writeHeaders(o) }))).company,
    delete: async (id: string, o?: WriteOptions): Promise<void> => {
      await settle(http.DELETE("/api/v1/crm/companies/{id}", { params: { path: { id } }, headers: writeHeaders(o) }));
    },
  };

  const contacts = {
    list: (params: ContactListParams = {}): Promise<ContactList> => settle(http.GET("/api/v1/crm/contacts", { params: { query: params } })),
    /** Every contact matching `params`, page by page. */
    async *iterate(params: Omit<ContactListParams, "offset"> = {}): AsyncGenerator<Contact> {
      for (let offset = 0; ; ) {
        const page = await contacts.list({ ...params, offset });
        yield* page.items;
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.total) return;
      }
    },
    get: async (id: string): Promise<Contact> => (await settle(http.GET("/api/v1/crm/contacts/{id}", { params: { path: { id } } }))).contact,
    create: async (body: ContactCreate, o?: CreateOptions): Promise<Contact> =>
      (await settle(http.POST("/api/v1/crm/contacts", { body, headers: createHeaders(o) }))).contact,
    update: async (id: string, patch: ContactUpdate, o?: WriteOptions): Promise<Contact> =>
      (await settle(http.PATCH("/api/v1/crm/contacts/{id}", { params: { path: { id } }, body: patch, headers: writeHeaders(o) }))).contact,
    delete: async (id: string, o?: WriteOptions): Promise<void> => {
      await settle(http.DELETE("/api/v1/crm/contacts/{id}", { params: { path: { id } }, headers: writeHeaders(o) }));
    },
  };

  return { customer: { deals, companies, contacts } };
}

export type PipelineClient = ReturnType<typeof createClient>;

export { verifyWebhook, WebhookVerificationError, type PipelineWebhookEvent } from "./webhooks";
