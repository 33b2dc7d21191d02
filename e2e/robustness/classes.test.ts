import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowHeader } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { signUp, type TestUser } from "@/tests/support/http";
import type { AppServer } from "@/tests/support/server";
import { type ApiClient, type ApiResult, BUILD_TIMEOUT_MS, type RequestCase, httpClient, inProcessClient, startServer, usingPostgres } from "./support/client";
import { type ApiRoute, discoverRoutes, METHODS, tenantRoutes } from "./support/routes";
import { configOf, fieldsOf, sampleQueryValue, type SchemaField } from "./support/schema-fields";
import { snapshotDatabase } from "./support/snapshot";

/**
 * Classes of malformed requests, each generated over every route the suite discovers (and every
 * field of every route's schemas, read off its handler), not written once for the route where a
 * class was first seen:
 * - text no field accepts (NUL, C0/C1 controls, lone surrogates) in every string field, array
 *   item, record value and key of every body, and in every query parameter's name and value;
 * - bytes that are not UTF-8 in every body and every query parameter; malformed
 *   percent-encoding in every path segment;
 * - dates outside 1900–2999 in every date field, numbers beyond PostgreSQL's ranges in every
 *   numeric field, a single-value query parameter given twice;
 * - wrong, weak and unquoted validators in If-Match and If-None-Match on every route that takes
 *   them (found by asking: a stale If-Match answers 409, a GET with an ETag answers 304);
 * - every method a route does not implement (405 + Allow + problem+json), methods outside RFC
 *   9110 (501), overlong header values.
 * Each answer must be the stated 4xx (or 304) with problem+json naming the field, never a 5xx,
 * and the database must be row for row what it was. The whole corpus runs in-process, and over
 * HTTP against `next start` when PostgreSQL is available (the proxy and the server's own
 * guards only exist there).
 */

type RecordIds = { deal: string; company: string; contact: string; activity: string; pipeline: string; webhook: string; delivery: string; import: string };

let owner: TestUser;
/** The owner's API key (workspace-wide, read_write). */
let ownerKey: string;
let routes: ApiRoute[];
/** The corpus's records: every case addresses these, and none may change them. */
const ids = {} as RecordIds;
/** Records the validator probes may change or delete (a route that ignores If-Match would). */
const probeIds = {} as RecordIds;

/** A valid request per route and method: each generated case differs from it in one way. */
function validBodies(): Record<string, Record<string, unknown>> {
  return {
    "POST /api/v1/crm/deals": { name: "Valid deal" },
    "PATCH /api/v1/crm/deals/[id]": { name: "Valid deal" },
    "POST /api/v1/crm/deals/[id]/stage": { stage: "proposal" },
    "POST /api/v1/crm/deals/[id]/activities": { type: "note", content: "Called" },
    "PATCH /api/v1/crm/deals/[id]/activities/[activityId]": { content: "Called again" },
    "POST /api/v1/crm/companies": { name: "Valid company" },
    "PATCH /api/v1/crm/companies/[id]": { name: "Valid company" },
    "POST /api/v1/crm/contacts": { first_name: "Valid" },
    "PATCH /api/v1/crm/contacts/[id]": { first_name: "Valid" },
    "POST /api/v1/crm/pipelines": { name: "Valid pipeline" },
    "PATCH /api/v1/crm/pipelines/[id]": { name: "Valid pipeline" },
    "DELETE /api/v1/crm/pipelines/[id]": { move_deals_to: { pipeline_id: "pipe_00000000000000000000000000", stage: "lead" } },
    "PATCH /api/v1/workspace": { deal_visibility: "all" },
    "PATCH /api/v1/me": { locale: null },
    "POST /api/v1/api-keys": { name: "Valid key", access: "read", scope: "workspace" },
    "POST /api/v1/webhooks": { url: "https://hooks.example.com/valid", events: ["deal.created"] },
    "PATCH /api/v1/webhooks/[id]": { description: "Valid" },
    "PATCH /api/v1/imports/[id]": { create_missing: true },
    "POST /api/v1/imports/[id]/start": { create_missing: true },
  };
}

/** Record routes whose records carry no version (no ETag to match), and why. */
const UNVERSIONED: Record<string, string> = {
  "/api/v1/api-keys/[id]": "an API key is created and revoked, never changed: there is no version to send",
  "/api/v1/webhooks/[id]": "an endpoint is a manager's setting, changed rarely: the last change wins, as for the workspace's settings",
  "/api/v1/imports/[id]": "an import's mapping changes only while it is a draft (409 import_not_draft after): there is no version to send",
};

/** A path for a route: dynamic segments get the corpus's records (their collection's). */
function pathFor(template: string, records: RecordIds = ids): string {
  return template
    .replace(/\[\.\.\.\w+\]/g, "zz-unknown")
    .replace(/\/(\w+)\/\[(\w+)\]/g, (_, collection: string) => `/${collection}/${idFor(collection, records)}`)
    .replace(/\[\w+\]/g, "x");
}

function idFor(collection: string, records: RecordIds = ids): string {
  switch (collection) {
    case "deals":
      return records.deal;
    case "companies":
      return records.company;
    case "contacts":
      return records.contact;
    case "activities":
      return records.activity;
    case "pipelines":
      return records.pipeline;
    case "webhooks":
      return records.webhook;
    case "deliveries":
      return records.delivery;
    case "imports":
      return records.import;
    default:
      return "x";
  }
}

interface Case extends RequestCase {
  status: number | number[];
  /** A field the problem's `errors` must name. */
  field?: string;
  /** Sent without the corpus's credentials (the case is about the credential itself). */
  anonymous?: boolean;
}

const BAD_TEXT: Array<[string, string]> = [
  ["NUL", "a\u0000b"],
  ["lone high surrogate", "a\ud800b"],
  ["lone low surrogate", "\udc00"],
  ["C0 control", "a\u0001b"],
  ["escape sequence", "\u001b[31mred"],
  ["DEL", "a\u007f"],
  ["C1 control", "a\u009bb"],
];
/** Percent-encoded query values that are not text: not UTF-8, or characters no field accepts. */
const BAD_QUERY: Array<[string, string, string]> = [
  ["NUL", "x%00", "invalid_characters"],
  ["C0 control", "%01", "invalid_characters"],
  ["DEL", "%7F", "invalid_characters"],
  ["invalid UTF-8 byte", "%FF", "invalid_encoding"],
  ["encoded surrogate", "%ED%A0%80", "invalid_encoding"],
  ["overlong UTF-8", "%C0%AF", "invalid_encoding"],
  ["truncated UTF-8", "%E2%82", "invalid_encoding"],
];
const BAD_SEGMENTS = ["%zz", "%", "a%2", "%FF", "%C0%AF", "%ED%A0%80", "%E2%82", "%%30"];
const BAD_DATES = ["0000-01-01", "1899-12-31", "3000-01-01", "10000-01-01", "294277-01-01", "-0001-01-01"];
const BAD_DATE_TIMES = ["0000-01-01T00:00:00Z", "3000-01-01T00:00:00Z", "+010000-01-01T00:00:00Z", "294277-01-01T00:00:00Z", "1899-12-31T23:59:59Z"];
/** Beyond any numeric field (PostgreSQL's integer and numeric(18, 2) included), besides each field's own bounds. */
const BIG_NUMBERS = [1e300, -1e300, 2 ** 53 + 2];
const OVERLONG = "9".repeat(10_000);

/** Bodies of each route and method that takes one, with the fields its schema declares. */
async function bodyRoutes(): Promise<Array<{ key: string; method: string; path: string; valid: Record<string, unknown>; fields: SchemaField[] }>> {
  const out = [];
  const valid = validBodies();
  for (const route of tenantRoutes(routes)) {
    const mod = (await import(route.file)) as Record<string, unknown>;
    for (const method of route.methods) {
      const schema = configOf(mod[method])?.body;
      if (!schema) continue;
      const key = `${method} ${route.template}`;
      out.push({ key, method, path: pathFor(route.template), valid: valid[key], fields: fieldsOf(schema) });
    }
  }
  return out;
}

async function queryRoutes(): Promise<Array<{ template: string; path: string; fields: SchemaField[] }>> {
  const out = [];
  for (const route of tenantRoutes(routes)) {
    if (!route.methods.includes("GET")) continue;
    const mod = (await import(route.file)) as Record<string, unknown>;
    const schema = configOf(mod.GET)?.query;
    out.push({ template: route.template, path: pathFor(route.template), fields: schema ? fieldsOf(schema) : [] });
  }
  return out;
}

/** A value of the shape a field takes, carrying `text`. */
function carrying(field: SchemaField, text: string): Array<{ value: unknown; at: string }> {
  const out: Array<{ value: unknown; at: string }> = [];
  if (field.types.has("string")) out.push({ value: text, at: field.name });
  if (field.types.has("array") && field.inner.has("string")) out.push({ value: ["ok", text], at: `${field.name}.1` });
  if (field.types.has("object")) {
    out.push({ value: { region: text }, at: `${field.name}.region` });
    out.push({ value: { [`re${text}`]: "x" }, at: `${field.name}.re${text}` });
  }
  return out;
}

async function textCases(): Promise<Case[]> {
  const out: Case[] = [];
  for (const r of await bodyRoutes()) {
    expect(r.valid, `${r.key}: add a valid body to validBodies()`).toBeDefined();
    for (const field of r.fields) {
      for (const [label, text] of BAD_TEXT) {
        for (const { value, at } of carrying(field, text)) {
          out.push({ name: `${r.key} ${at} ${label}`, method: r.method, path: r.path, body: { ...r.valid, [field.name]: value }, status: 400, code: "invalid_characters", field: at });
        }
      }
    }
    out.push({ name: `${r.key} key with NUL`, method: r.method, path: r.path, body: { ...r.valid, "na\u0000me": "x" }, status: 400, field: "na\u0000me" });
    out.push({ name: `${r.key} __proto__ key`, method: r.method, path: r.path, body: `{"__proto__":{"x":1},${JSON.stringify(r.valid).slice(1)}`, status: 400, field: "__proto__" });
    for (const charset of ["iso-8859-1", "utf-16", "shift_jis"]) {
      out.push({ name: `${r.key} charset=${charset}`, method: r.method, path: r.path, body: JSON.stringify(r.valid), headers: { "content-type": `application/json; charset=${charset}` }, status: 415, code: "unsupported_media_type" });
    }
    for (const bytes of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82]]) {
      const body = Buffer.concat([Buffer.from(JSON.stringify(r.valid).slice(0, -1) + ',"zz":"'), Buffer.from(bytes), Buffer.from('"}')]);
      out.push({ name: `${r.key} body bytes ${Buffer.from(bytes).toString("hex")}`, method: r.method, path: r.path, body, status: 400, code: "invalid_encoding" });
    }
  }
  return out;
}

async function rangeCases(): Promise<Case[]> {
  const out: Case[] = [];
  for (const r of await bodyRoutes()) {
    for (const field of r.fields) {
      const dates = field.format === "date" ? BAD_DATES : field.format === "date-time" ? BAD_DATE_TIMES : [];
      for (const value of dates) out.push({ name: `${r.key} ${field.name}=${value}`, method: r.method, path: r.path, body: { ...r.valid, [field.name]: value }, status: 400, field: field.name });
      if (field.types.has("integer") || field.types.has("number")) {
        const bounds = [field.maximum === undefined ? undefined : field.maximum + 1, field.minimum === undefined ? undefined : field.minimum - 1];
        if (field.types.has("integer") && field.maximum === undefined) bounds.push(2 ** 31);
        for (const value of [...BIG_NUMBERS, ...bounds.filter((b): b is number => b !== undefined)]) out.push({ name: `${r.key} ${field.name}=${value}`, method: r.method, path: r.path, body: { ...r.valid, [field.name]: value }, status: 400, field: field.name });
      }
      if (field.types.has("string") && !field.values) {
        out.push({ name: `${r.key} ${field.name} 100k characters`, method: r.method, path: r.path, body: { ...r.valid, [field.name]: "x".repeat(100_000) }, status: 400, field: field.name });
      }
    }
  }
  return out;
}

async function queryCases(): Promise<Case[]> {
  const out: Case[] = [];
  for (const r of await queryRoutes()) {
    // Parameters the route declares, and one it does not: the boundary checks every query.
    const names = [...r.fields.map((f) => f.name), "undeclared"];
    for (const name of names) {
      for (const [label, raw, code] of BAD_QUERY) {
        out.push({ name: `GET ${r.template}?${name} ${label}`, method: "GET", path: `${r.path}?${name}=${raw}`, status: 400, code, field: `query.${name}` });
      }
    }
    out.push({ name: `GET ${r.template} NUL in a parameter name`, method: "GET", path: `${r.path}?li%00mit=1`, status: 400, code: "invalid_characters", field: "query.li\u0000mit" });
    for (const field of r.fields) {
      if (field.types.has("array")) continue;
      const value = sampleQueryValue(field);
      out.push({ name: `GET ${r.template}?${field.name} twice`, method: "GET", path: `${r.path}?${field.name}=${value}&${field.name}=${value}`, status: 400, code: "duplicate_parameter", field: `query.${field.name}` });
      if (field.types.has("integer") || field.types.has("number")) {
        for (const big of ["99999999999999999999", "1e400", "-1e400", "2147483648"]) {
          out.push({ name: `GET ${r.template}?${field.name}=${big}`, method: "GET", path: `${r.path}?${field.name}=${big}`, status: [200, 400] });
        }
      }
      if (field.format === "date") {
        for (const d of BAD_DATES) out.push({ name: `GET ${r.template}?${field.name}=${d}`, method: "GET", path: `${r.path}?${field.name}=${d}`, status: 400, field: `query.${field.name}` });
      }
    }
  }
  return out;
}

function pathCases(): Case[] {
  const out: Case[] = [];
  for (const route of routes) {
    const segments = pathFor(route.template).split("/");
    // Every segment after /api (replacing "api" itself makes a page path: plain-text 400 there).
    for (let i = 2; i < segments.length; i++) {
      for (const bad of BAD_SEGMENTS) {
        const path = [...segments.slice(0, i), bad, ...segments.slice(i + 1)].join("/");
        out.push({ name: `${route.template} segment ${i} ${bad}`, method: "GET", path, status: 400, code: "invalid_path_encoding" });
      }
    }
    route.params.forEach((p) => {
      for (const bad of ["%00", "x%01y", "%7F", "%C2%9B"]) {
        const path = pathFor(route.template).replace(idFor(p.collection), bad);
        const method = route.methods.includes("GET") ? "GET" : route.methods[0];
        const body = validBodies()[`${method} ${route.template}`];
        out.push({ name: `${method} ${route.template} [${p.name}]=${bad}`, method, path, body, status: 400, code: "invalid_characters", field: `params.${p.name}` });
      }
    });
  }
  return out;
}

function methodCases(): Case[] {
  const out: Case[] = [];
  for (const route of routes.filter((r) => !r.template.includes("[...path]"))) {
    const allow = allowHeader(route.methods);
    for (const method of [...METHODS, "HEAD"]) {
      if (allow.split(", ").includes(method)) continue;
      out.push({ name: `${method} ${route.template}`, method, path: pathFor(route.template), body: method === "HEAD" || method === "GET" ? undefined : {}, status: 405, code: "method_not_allowed", headers: { "x-expect-allow": allow } });
    }
  }
  return out;
}

function headerCases(): Case[] {
  const deal = `/api/v1/crm/deals/${ids.deal}`;
  return [
    { name: "overlong Idempotency-Key", method: "POST", path: "/api/v1/crm/deals", body: { name: "x" }, headers: { "idempotency-key": OVERLONG }, status: 400 },
    { name: "overlong If-Match", method: "PATCH", path: deal, body: { name: "x" }, headers: { "if-match": `"${OVERLONG}"` }, status: 400, code: "invalid_if_match" },
    { name: "overlong If-None-Match", method: "GET", path: deal, headers: { "if-none-match": `"${OVERLONG}"` }, status: 400, code: "invalid_if_none_match" },
    { name: "overlong content-type", method: "POST", path: "/api/v1/crm/deals", body: JSON.stringify({ name: "x" }), headers: { "content-type": `application/${OVERLONG}` }, status: 415 },
    { name: "overlong bearer token", method: "GET", path: deal, headers: { authorization: `Bearer ${OVERLONG}` }, status: 401, anonymous: true },
    { name: "Latin-1 bearer token", method: "GET", path: deal, headers: { authorization: "Bearer caf\u00e9" }, status: 401, anonymous: true },
    { name: "overlong cookie", method: "GET", path: deal, headers: { cookie: `better-auth.session_token=${OVERLONG}` }, status: 401, anonymous: true },
  ];
}

/**
 * If-Match / If-None-Match variants on every route that takes them, found by asking (on the probe
 * records): a stale If-Match answering 409 `version_conflict` marks a route that takes it. A
 * change or delete of the record itself must take it (RFC 9110 §13.1.1: evaluated before the
 * method is performed); one that goes ahead despite a stale If-Match is reported.
 */
async function validatorCases(client: ApiClient, ignored: string[]): Promise<Case[]> {
  const out: Case[] = [];
  const bodies = validBodies();
  for (const route of tenantRoutes(routes).filter((r) => r.params.length)) {
    const path = pathFor(route.template);
    const probePath = pathFor(route.template, probeIds);
    for (const method of route.methods) {
      const auth = { token: owner.token };
      if (method === "GET") {
        const first = await client.call("GET", path, auth);
        const tag = first.headers.get("etag");
        if (first.status !== 200 || !tag) continue;
        const bare = tag.replace(/"/g, "");
        for (const [header, status] of [[tag, 304], [`W/${tag}`, 304], ["*", 304], [`"0", ${tag}`, 304], ['"0"', 200], [bare, 400], [`W/${bare}`, 400], [`"${bare}`, 400], ["a,,b", 400]] as const) {
          out.push({ name: `GET ${route.template} If-None-Match ${header}`, method, path, headers: { "if-none-match": header }, status, code: status === 400 ? "invalid_if_none_match" : undefined });
        }
        continue;
      }
      const body = bodies[`${method} ${route.template}`];
      const probe = await client.call(method, probePath, { ...auth, body, headers: { "if-match": '"999999"' } });
      if (probe.status !== 409 || probe.body?.code !== "version_conflict") {
        const onRecord = (method === "PATCH" || method === "PUT" || method === "DELETE") && !(route.template in UNVERSIONED);
        if (onRecord) ignored.push(`${method} ${route.template} answered ${probe.status} to a stale If-Match`);
        continue;
      }
      const current = (await client.call("GET", path.replace(/\/(stage|restore|activities)$/, ""), auth)).headers.get("etag") ?? '"1"';
      const bare = current.replace(/"/g, "");
      for (const [header, status, code] of [
        [`W/${current}`, 412, "precondition_failed"],
        [bare, 400, "invalid_if_match"],
        [`"${bare}`, 400, "invalid_if_match"],
        ['"abc"', 400, "invalid_if_match"],
        [`${current}, "999"`, 400, "invalid_if_match"],
        ['"0"', 400, "invalid_if_match"],
        ['"9999999999"', 400, "invalid_if_match"],
      ] as const) {
        out.push({ name: `${method} ${route.template} If-Match ${header}`, method, path, body, headers: { "if-match": header }, status, code, field: "headers.if-match" });
      }
    }
  }
  return out;
}

function issues(c: Case, res: ApiResult): string[] {
  const found: string[] = [];
  const expected = Array.isArray(c.status) ? c.status : [c.status];
  if (!expected.includes(res.status)) found.push(`status ${res.status}, expected ${expected.join("/")}`);
  if (res.status >= 500) found.push("5xx");
  if (res.status === 304 || res.status === 200) {
    if (res.status === 304 && res.text !== "") found.push("304 with a body");
    return found;
  }
  if (res.headers.get("content-type") !== "application/problem+json") found.push(`content-type ${res.headers.get("content-type")}`);
  const p = res.body as { status?: number; code?: string; errors?: Array<{ field: string }> } | undefined;
  if (c.method === "HEAD") return found;
  if (!p || p.status !== res.status) found.push(`problem ${res.text.slice(0, 120)}`);
  // The code is the problem's, or (under `validation_failed`) the named field's own.
  const fieldCodes = p?.errors?.filter((e) => !c.field || e.field === c.field).map((e) => (e as { code?: string }).code) ?? [];
  if (c.code && p?.code !== c.code && !fieldCodes.includes(c.code)) found.push(`code ${p?.code} (fields ${fieldCodes.join(",")}), expected ${c.code}`);
  if (c.field && !p?.errors?.some((e) => e.field === c.field)) found.push(`errors do not name ${JSON.stringify(c.field)}: ${JSON.stringify(p?.errors)?.slice(0, 200)}`);
  const allow = c.headers?.["x-expect-allow"];
  if (allow && res.headers.get("allow") !== allow) found.push(`Allow ${res.headers.get("allow")}, expected ${allow}`);
  return found;
}

async function runCorpus(client: ApiClient, cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  for (const [i, c] of cases.entries()) {
    // Rotate the credential: Bearer, cookie, and an API key where a key may go (the CRM API).
    const credential = c.anonymous
      ? {}
      : i % 3 === 2 && c.path.startsWith("/api/v1/crm/")
        ? { token: ownerKey }
        : i % 3 === 1
          ? { cookie: owner.cookie }
          : { token: owner.token };
    const { "x-expect-allow": _, ...headers } = c.headers ?? {};
    const res = await client.call(c.method, c.path, { ...credential, body: c.body, headers });
    const found = issues(c, res);
    if (found.length) failures.push(`${client.kind} ${c.name}: ${found.join("; ")}`);
  }
  return failures;
}

beforeAll(async () => {
  routes = await discoverRoutes();
  owner = await signUp({ name: "Classes Owner" });
  const client = inProcessClient();
  const post = async (path: string, body: unknown) => {
    const res = await client.call("POST", path, { token: owner.token, body });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  ids.company = (await post("/api/v1/crm/companies", { name: "Classes Co" })).company.id;
  ids.contact = (await post("/api/v1/crm/contacts", { first_name: "Classes" })).contact.id;
  ids.deal = (await post("/api/v1/crm/deals", { name: "Classes deal", amount: 1000 })).deal.id;
  ids.activity = (await post(`/api/v1/crm/deals/${ids.deal}/activities`, { type: "note", content: "Before the corpus" })).activity.id;
  ids.pipeline = (await post("/api/v1/crm/pipelines", { name: "Classes pipeline" })).pipeline.id;
  probeIds.company = (await post("/api/v1/crm/companies", { name: "Probe Co" })).company.id;
  probeIds.contact = (await post("/api/v1/crm/contacts", { first_name: "Probe" })).contact.id;
  probeIds.deal = (await post("/api/v1/crm/deals", { name: "Probe deal" })).deal.id;
  probeIds.activity = (await post(`/api/v1/crm/deals/${probeIds.deal}/activities`, { type: "note", content: "Probe" })).activity.id;
  probeIds.pipeline = (await post("/api/v1/crm/pipelines", { name: "Probe pipeline" })).pipeline.id;
  for (const records of [ids, probeIds]) {
    // No event subscribed: the corpus's writes queue nothing for it.
    records.webhook = (await post("/api/v1/webhooks", { url: "https://hooks.example.com/classes", events: ["pipeline.deleted"] })).webhook.id;
    const test = await client.call("POST", `/api/v1/webhooks/${records.webhook}/test`, { token: owner.token });
    if (test.status !== 202) throw new Error(`webhook test event: ${test.status} ${test.text}`);
    records.delivery = test.body.delivery.id;
  }
  // A draft import for the corpus; the probes get one that has already run, so probing cannot start it.
  const upload = async (name: string) => {
    const res = await client.call("POST", "/api/v1/imports?entity=companies", { token: owner.token, body: `Name\r\n${name}\r\n`, headers: { "content-type": "text/csv" } });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${res.text}`);
    return res.body.import.id as string;
  };
  ids.import = await upload("Classes import Co");
  probeIds.import = await upload("Probe import Co");
  await client.call("POST", `/api/v1/imports/${probeIds.import}/start`, { token: owner.token, body: {} });
  for (let status = "queued"; status === "queued" || status === "running"; await new Promise((r) => setTimeout(r, 100))) {
    status = (await client.call("GET", `/api/v1/imports/${probeIds.import}`, { token: owner.token })).body.import.status;
  }
  ownerKey = (await post("/api/v1/api-keys", { name: "Classes key", access: "read_write", scope: "workspace" })).secret;
});

async function allCases(client: ApiClient): Promise<Case[]> {
  const ignored: string[] = [];
  const validators = await validatorCases(client, ignored);
  expect(ignored, "writes that ignore If-Match").toEqual([]);
  return [...(await textCases()), ...(await rangeCases()), ...(await queryCases()), ...pathCases(), ...methodCases(), ...headerCases(), ...validators];
}

describe("malformed-request classes over every discovered route (in-process)", () => {
  it("knows a valid body for every route that takes one", async () => {
    const missing = (await bodyRoutes()).filter((r) => !r.valid).map((r) => r.key);
    expect(missing).toEqual([]);
  });

  it("answers every generated case with the stated 4xx/304, naming the field, and changes nothing", async () => {
    const client = inProcessClient();
    const cases = await allCases(client);
    expect(cases.length).toBeGreaterThan(1500);
    const before = await snapshotDatabase(getDb());
    const failures = await runCorpus(client, cases);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(failures.length).toBe(0);
    expect(await snapshotDatabase(getDb())).toEqual(before);
  });
});

describe.skipIf(!usingPostgres)("malformed-request classes over HTTP (next start)", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startServer();
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
  });

  it("answers the same corpus the same way through the real server, its early guard (instrumentation.ts) included", async () => {
    const client = httpClient(server.url);
    const cases = await allCases(client);
    const before = await snapshotDatabase(getDb());
    const failures = await runCorpus(client, cases);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(failures.length).toBe(0);
    expect(await snapshotDatabase(getDb())).toEqual(before);
  });

  it("answers TRACE and other methods outside RFC 9110 with 501 problem+json, on API and page paths", async () => {
    for (const path of ["/api/v1/crm/deals", `/api/v1/crm/deals/${ids.deal}`, "/api/v1/nope"]) {
      for (const method of ["TRACE", "PROPFIND", "MKCOL", "LOCK"]) {
        const res = await fetch(`${server.url}${path}`, { method: method === "TRACE" ? "GET" : method, headers: { authorization: `Bearer ${owner.token}` } }).catch(() => null);
        if (method === "TRACE") continue; // fetch refuses to send TRACE; sent raw below
        expect(res?.status, `${method} ${path}`).toBe(501);
        expect(res?.headers.get("content-type")).toBe("application/problem+json");
      }
    }
    const raw = await rawRequest(server.url, "TRACE", "/api/v1/crm/deals");
    expect(raw).toMatch(/^HTTP\/1\.1 501 /);
    expect(raw).toContain("application/problem+json");
    const page = await fetch(`${server.url}/deals/%zz`);
    expect(page.status).toBe(400);
  });

  it("answers HEAD and a 304 without a body over HTTP", async () => {
    const client = httpClient(server.url);
    const first = await client.call("GET", `/api/v1/crm/deals/${ids.deal}`, { token: owner.token });
    const again = await client.call("GET", `/api/v1/crm/deals/${ids.deal}`, { token: owner.token, headers: { "if-none-match": first.headers.get("etag")! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(again.text).toBe("");
    const head = await client.call("HEAD", `/api/v1/crm/deals/${ids.deal}`, { token: owner.token });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
  });
});

/** One raw HTTP/1.1 request (for methods fetch will not send), answering the response head and body as text. */
async function rawRequest(baseUrl: string, method: string, path: string): Promise<string> {
  const { connect } = await import("node:net");
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
    });
    let data = "";
    socket.setTimeout(10_000, () => socket.destroy(new Error("timeout")));
    socket.on("data", (chunk) => (data += chunk.toString()));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
  });
}
