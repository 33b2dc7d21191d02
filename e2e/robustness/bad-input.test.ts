import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { signUp, type TestUser } from "@/tests/support/http";
import { type ApiClient, type ApiResult, inProcessClient, type RequestCase } from "./support/client";
import { discoverRoutes, tenantRoutes } from "./support/routes";
import { snapshotDatabase } from "./support/snapshot";

/**
 * The bad-input corpus: hundreds of generated malformed requests across every endpoint —
 * broken JSON, wrong content types, wrong types, missing and unknown and read-only fields,
 * enormous strings, impossible numbers and dates, unknown currencies and stages, deep nesting,
 * 2 MB bodies, SQL and HTML payloads, bad ids, bad headers. Every answer must be a 4xx
 * problem+json with a useful message, none a 5xx, and the database must be row for row what it
 * was before.
 */

const client: ApiClient = inProcessClient();
let owner: TestUser;
/** The owner's API key (workspace-wide, read_write). */
let ownerKey: string;
const ids = {} as { deal: string; company: string; contact: string; lostDeal: string; pipeline: string; task: string; webhook: string };

type Case = RequestCase;

const big = (n: number, ch = "x") => ch.repeat(n);
const nestedObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const nestedArray = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const SQL = ["' OR '1'='1", "'; drop table deals; --", "1; select pg_sleep(10)", "$$; delete from deals; $$"];
const HTML = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<b>JPY</b>"];

/** The write endpoints and a valid body for each (so each bad case differs from a good request in one way). */
function writeEndpoints(): Array<{ method: string; path: string; template: string; valid: Record<string, unknown> }> {
  return [
    { method: "POST", path: "/api/v1/crm/deals", template: "/api/v1/crm/deals", valid: { name: "Valid deal" } },
    { method: "PATCH", path: `/api/v1/crm/deals/${ids.deal}`, template: "/api/v1/crm/deals/[id]", valid: { name: "Valid deal" } },
    { method: "POST", path: `/api/v1/crm/deals/${ids.deal}/stage`, template: "/api/v1/crm/deals/[id]/stage", valid: { stage: "proposal" } },
    { method: "POST", path: `/api/v1/crm/deals/${ids.deal}/activities`, template: "/api/v1/crm/deals/[id]/activities", valid: { type: "note", content: "Called" } },
    {
      method: "PATCH",
      path: `/api/v1/crm/deals/${ids.deal}/activities/${ids.task}`,
      template: "/api/v1/crm/deals/[id]/activities/[activityId]",
      valid: { content: "Valid task" },
    },
    { method: "POST", path: "/api/v1/crm/companies", template: "/api/v1/crm/companies", valid: { name: "Valid company" } },
    { method: "PATCH", path: `/api/v1/crm/companies/${ids.company}`, template: "/api/v1/crm/companies/[id]", valid: { name: "Valid company" } },
    { method: "POST", path: "/api/v1/crm/contacts", template: "/api/v1/crm/contacts", valid: { first_name: "Valid" } },
    { method: "PATCH", path: `/api/v1/crm/contacts/${ids.contact}`, template: "/api/v1/crm/contacts/[id]", valid: { first_name: "Valid" } },
    { method: "POST", path: "/api/v1/crm/pipelines", template: "/api/v1/crm/pipelines", valid: { name: "Valid pipeline" } },
    { method: "PATCH", path: `/api/v1/crm/pipelines/${ids.pipeline}`, template: "/api/v1/crm/pipelines/[id]", valid: { name: "Valid pipeline" } },
    // Its body is optional (where a pipeline's deals go): a body that is sent is checked like any other.
    {
      method: "DELETE",
      path: `/api/v1/crm/pipelines/${ids.pipeline}`,
      template: "/api/v1/crm/pipelines/[id]",
      valid: { move_deals_to: { pipeline_id: "pipe_00000000000000000000000000", stage: "lead" } },
    },
    { method: "PATCH", path: "/api/v1/workspace", template: "/api/v1/workspace", valid: { deal_visibility: "all" } },
    { method: "POST", path: "/api/v1/api-keys", template: "/api/v1/api-keys", valid: { name: "Valid key", access: "read", scope: "workspace" } },
    { method: "POST", path: "/api/v1/webhooks", template: "/api/v1/webhooks", valid: { url: "https://hooks.example.com/valid", events: ["deal.created"] } },
    { method: "PATCH", path: `/api/v1/webhooks/${ids.webhook}`, template: "/api/v1/webhooks/[id]", valid: { description: "Valid" } },
    // The body is read before the import is looked up, so an import that does not exist serves.
    { method: "PATCH", path: `/api/v1/imports/${MISSING_IMPORT}`, template: "/api/v1/imports/[id]", valid: { create_missing: true } },
    { method: "POST", path: `/api/v1/imports/${MISSING_IMPORT}/start`, template: "/api/v1/imports/[id]/start", valid: { create_missing: true } },
  ];
}

/** Writes that take no body, and why body cases do not apply. */
const BODILESS: Record<string, string> = {
  "POST /api/v1/crm/deals/[id]/restore": "takes no body (undo a soft delete)",
  "DELETE /api/v1/crm/deals/[id]": "takes no body",
  "DELETE /api/v1/crm/deals/[id]/activities/[activityId]": "takes no body",
  "DELETE /api/v1/crm/companies/[id]": "takes no body",
  "DELETE /api/v1/crm/contacts/[id]": "takes no body",
  "POST /api/v1/crm/companies/[id]/restore": "takes no body (undo a soft delete)",
  "POST /api/v1/crm/contacts/[id]/restore": "takes no body (undo a soft delete)",
  "DELETE /api/v1/api-keys/[id]": "takes no body",
  "DELETE /api/v1/webhooks/[id]": "takes no body",
  "POST /api/v1/webhooks/[id]/test": "takes no body (queues a test event)",
  "POST /api/v1/webhooks/[id]/deliveries/[deliveryId]/retry": "takes no body (makes the delivery due again)",
  "POST /api/v1/imports": "takes a CSV file, not JSON (its unreadable uploads are tested in app/api/v1/imports/imports.test.ts)",
  "POST /api/v1/imports/[id]/undo": "takes no body",
};

const MISSING_IMPORT = "imp_00000000000000000000000000";

const READ_ONLY_DEAL_FIELDS: Array<[string, unknown]> = [
  ["id", "deal_01J0000000000000000000000A"],
  ["tenant_id", "org_x"],
  ["app_id", "other"],
  ["deal_number", "DEAL-2026-99999"],
  ["audit_log", []],
  ["created_at", "2020-01-01T00:00:00Z"],
  ["created_by", "usr_x"],
  ["updated_at", "2020-01-01T00:00:00Z"],
  ["updated_by", "usr_x"],
  ["deleted_at", null],
  ["deleted_by", null],
  ["is_deleted", true],
  ["schema_version", 2],
];

/** Per deal field: values that must be refused (wrong type, out of range, malformed, payloads). */
const BAD_DEAL_FIELDS: Record<string, unknown[]> = {
  name: [123, "", "   ", big(201), big(100_000), ["array"], { o: 1 }],
  amount: ["100", -1, -0.01, 1e20, 1.234, true, {}, [1]],
  currency: ["jpy", "XXXX", "ZZZ", "", "JP", 392, "US$", ...HTML.slice(2), `JPY${SQL[0]}`],
  // Malformed stage ids (a well-formed id the pipeline lacks is 422 unknown_stage, below).
  stage: ["LEAD", "", " lead", "Won!", 1, `lead${SQL[1]}`, HTML[0], "x".repeat(41)],
  pipeline_id: ["enterprise", "", null, 5, "pipe_x", SQL[0], HTML[0]],
  probability: [101, -1, 50.5, "50", 1e9],
  company_id: ["123", "comp_xyz", SQL[0], 42, newId("contact")],
  contact_id: ["cont_", HTML[0], 7],
  contact_ids: ["cont_x", [1], ["bad"], Array.from({ length: 51 }, () => newId("contact"))],
  assigned_member_id: ["usr_bad", HTML[0], 5, SQL[0]],
  expected_close_date: ["2026-02-30", "2026-13-01", "tomorrow", "2026-1-1", 20261201, "2026-12-01T00:00:00Z", "0000-00-00", "2026-02-29", SQL[0]],
  next_followup_date: ["31/12/2026", "", 0],
  lost_reason: [big(1001), 5],
  loss_category: ["bored", 3],
  forecast_category: ["maybe"],
  source_type: ["hacker", 1],
  closure_notes: [big(5001)],
  note: [big(10_001), { html: HTML[0] }],
  tags: ["x", [1], [big(51)], Array.from({ length: 51 }, (_, i) => `t${i}`), [""]],
  competitors: ["acme", [null]],
  custom_fields: [[], "x", { "": 1 }, { a: { nested: 1 } }, { [HTML[0]]: 1 }, Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])), { big: big(2001) }],
};

function bodyCases(): Case[] {
  const out: Case[] = [];
  for (const e of writeEndpoints()) {
    const base = { method: e.method, path: e.path };
    const label = `${e.method} ${e.template}`;
    const invalidJson = ["{", '{"name":', "nul", "[1,2", '{"name": "x",}', "{'name': 'x'}", '{"name": NaN}', '{"amount": Infinity}', "\u0000", '""garbage'];
    invalidJson.forEach((raw, i) => out.push({ ...base, name: `${label}: invalid JSON #${i}`, body: raw, status: 400, code: "invalid_json" }));
    out.push({ ...base, name: `${label}: empty body`, body: "", status: 400 });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", ""]) {
      out.push({ ...base, name: `${label}: content-type "${type}"`, body: JSON.stringify(e.valid), headers: { "content-type": type }, status: 415 });
    }
    for (const raw of ["[]", '"string"', "42", "null", "true"]) out.push({ ...base, name: `${label}: JSON ${raw}`, body: raw, status: 400 });
    out.push({ ...base, name: `${label}: 100-deep object`, body: nestedObject(100), status: 400 });
    out.push({ ...base, name: `${label}: 10,000-deep array`, body: nestedArray(10_000), status: 400 });
    out.push({ ...base, name: `${label}: 2 MB body`, body: JSON.stringify({ ...e.valid, note: big(2 * 1024 * 1024) }), status: 413 });
    for (const key of ["hacker", SQL[1], HTML[0]]) {
      out.push({ ...base, name: `${label}: unknown field ${JSON.stringify(key).slice(0, 30)}`, body: { ...e.valid, [key]: 1 }, status: 400 });
    }
    out.push({ ...base, name: `${label}: __proto__`, body: `{"__proto__": {"isManager": true}, ${JSON.stringify(e.valid).slice(1)}`, status: 400 });
    out.push({ ...base, name: `${label}: constructor`, body: { ...e.valid, constructor: { prototype: { x: 1 } } }, status: 400 });
    out.push({ ...base, name: `${label}: SQL in an otherwise valid body with an unknown field`, body: { ...e.valid, name: SQL[1], first_name: SQL[1], x: 1 }, status: 400 });
  }
  return out;
}

function dealFieldCases(): Case[] {
  const out: Case[] = [];
  const targets = [
    { method: "POST", path: "/api/v1/crm/deals", valid: { name: "Valid deal" } },
    { method: "PATCH", path: `/api/v1/crm/deals/${ids.deal}`, valid: {} },
  ];
  for (const t of targets) {
    for (const [field, values] of Object.entries(BAD_DEAL_FIELDS)) {
      values.forEach((value, i) => {
        out.push({ name: `${t.method} deal ${field} #${i}`, method: t.method, path: t.path, body: { ...t.valid, [field]: value }, status: 400 });
      });
    }
    for (const [field, value] of READ_ONLY_DEAL_FIELDS) {
      out.push({ name: `${t.method} deal read-only ${field}`, method: t.method, path: t.path, body: { ...t.valid, [field]: value }, status: 400, code: "read_only_field" });
    }
    out.push({ name: `${t.method} deal amount 1e400`, method: t.method, path: t.path, body: `{"name":"x","amount":1e400}`, status: 400 });
    out.push({ name: `${t.method} deal won_date on an open stage`, method: t.method, path: t.path, body: { ...t.valid, stage: "lead", won_date: "2026-01-01" }, status: [400, 422] });
  }
  out.push({ name: "POST deal without name", method: "POST", path: "/api/v1/crm/deals", body: { amount: 5 }, status: 400 });
  out.push({ name: "POST deal with null name", method: "POST", path: "/api/v1/crm/deals", body: { name: null }, status: 400 });
  out.push({ name: "POST deal with version", method: "POST", path: "/api/v1/crm/deals", body: { name: "x", version: 3 }, status: 400 });
  out.push({ name: "POST lost deal without reason", method: "POST", path: "/api/v1/crm/deals", body: { name: "x", stage: "closed_lost" }, status: 422, code: "lost_reason_required" });
  for (const stage of ["won", "closed", "demo"]) {
    out.push({ name: `POST deal in unknown stage ${stage}`, method: "POST", path: "/api/v1/crm/deals", body: { name: "x", stage }, status: 422, code: "unknown_stage" });
    out.push({ name: `PATCH deal to unknown stage ${stage}`, method: "PATCH", path: `/api/v1/crm/deals/${ids.deal}`, body: { stage }, status: 422, code: "unknown_stage" });
  }
  out.push({ name: "POST deal in a missing pipeline", method: "POST", path: "/api/v1/crm/deals", body: { name: "x", pipeline_id: newId("pipeline") }, status: 422, code: "invalid_reference" });
  out.push({ name: "PATCH deal into a missing pipeline", method: "PATCH", path: `/api/v1/crm/deals/${ids.deal}`, body: { pipeline_id: newId("pipeline"), stage: "lead" }, status: 422, code: "invalid_reference" });
  for (const ref of ["company_id", "contact_id", "assigned_member_id"] as const) {
    const kind = ref === "company_id" ? "company" : ref === "contact_id" ? "contact" : "user";
    out.push({ name: `POST deal with missing ${ref}`, method: "POST", path: "/api/v1/crm/deals", body: { name: "x", [ref]: newId(kind) }, status: 422, code: "invalid_reference" });
  }
  return out;
}

function otherFieldCases(): Case[] {
  const stage = `/api/v1/crm/deals/${ids.deal}/stage`;
  const activities = `/api/v1/crm/deals/${ids.deal}/activities`;
  const out: Case[] = [
    ...["LEAD", "", "Won!", null, 3, SQL[1], HTML[0]].map((v, i) => ({ name: `stage value #${i}`, method: "POST", path: stage, body: { stage: v }, status: 400 })),
    ...["won", "closed", "demo"].map((v) => ({ name: `stage unknown to the pipeline: ${v}`, method: "POST", path: stage, body: { stage: v }, status: 422, code: "unknown_stage" })),
    { name: "stage missing", method: "POST", path: stage, body: {}, status: 400 },
    ...[-1, 1.5, 1e7, "0"].map((v, i) => ({ name: `stage position #${i}`, method: "POST", path: stage, body: { stage: "proposal", position: v }, status: 400 })),
    ...["deal_bad", 5, SQL[0]].map((v, i) => ({ name: `stage before_id #${i}`, method: "POST", path: stage, body: { stage: "proposal", before_id: v }, status: 400 })),
    { name: "stage before_id of a missing deal", method: "POST", path: stage, body: { stage: "proposal", before_id: newId("deal") }, status: 422 },
    { name: "stage position and before_id", method: "POST", path: stage, body: { stage: "proposal", position: 0, after_id: newId("deal") }, status: 400 },
    ...[0, "1", -1, 1.5].map((v, i) => ({ name: `stage version #${i}`, method: "POST", path: stage, body: { stage: "proposal", version: v }, status: 400 })),
    { name: "stage stale version", method: "POST", path: stage, body: { stage: "proposal", version: 99 }, status: 409, code: "version_conflict" },
    { name: "stage closed_lost without reason", method: "POST", path: stage, body: { stage: "closed_lost" }, status: 422, code: "lost_reason_required" },
    { name: "stage closed_lost with a bad category", method: "POST", path: stage, body: { stage: "closed_lost", lost_reason: "x", loss_category: "bored" }, status: 400 },
    { name: "stage probability 101", method: "POST", path: stage, body: { stage: "proposal", probability: 101 }, status: 400 },
    ...["sms", "", "created", "stage_change", 5].map((v, i) => ({ name: `activity type #${i}`, method: "POST", path: activities, body: { type: v, content: "x" }, status: 400 })),
    ...["", "   ", big(10_001), 5].map((v, i) => ({ name: `activity content #${i}`, method: "POST", path: activities, body: { type: "note", content: v }, status: 400 })),
    ...["yesterday", "2026-13-01T00:00:00Z", "2026-12-01", 0].map((v, i) => ({ name: `activity occurred_at #${i}`, method: "POST", path: activities, body: { type: "call", content: "x", occurred_at: v }, status: 400 })),
    { name: "activity due_date", method: "POST", path: activities, body: { type: "task", content: "x", due_date: "2026-02-30" }, status: 400 },
    { name: "activity without type", method: "POST", path: activities, body: { content: "x" }, status: 400 },
    ...["tomorrow", "2027-02-30", "2027-01-01T25:00:00Z", 5, true].map((v, i) => ({ name: `task due_at #${i}`, method: "POST", path: activities, body: { type: "task", content: "x", due_at: v }, status: 400 })),
    ...["me", "usr_", 5].map((v, i) => ({ name: `task assignee_id #${i}`, method: "POST", path: activities, body: { type: "task", content: "x", assignee_id: v }, status: 400 })),
    ...[{ done: "yes" }, { due_at: "soon" }, { content: "" }, { version: 0 }, { type: "note" }].map((body, i) => ({
      name: `task patch #${i}`,
      method: "PATCH",
      path: `${activities}/${ids.task}`,
      body,
      status: 400,
    })),
  ];
  for (const [method, path] of [["POST", "/api/v1/crm/companies"], ["PATCH", `/api/v1/crm/companies/${ids.company}`]] as const) {
    const values: Array<[string, unknown]> = [
      ["name", ""], ["name", big(201)], ["name", 5], ["domain", "not a domain"], ["domain", HTML[0]], ["website", "ftp://x.example"],
      ["website", "javascript:alert(1)"], ["id", newId("company")], ["tenant_id", "org_x"], ["deal_count", 3], ["is_deleted", true],
    ];
    for (const [field, value] of values) out.push({ name: `${method} company ${field}=${String(value).slice(0, 20)}`, method, path, body: { ...(method === "POST" && field !== "name" ? { name: "Co" } : {}), [field]: value }, status: 400 });
  }
  out.push({ name: "POST company without name", method: "POST", path: "/api/v1/crm/companies", body: { domain: "example.com" }, status: 400 });
  for (const [method, path] of [["POST", "/api/v1/crm/contacts"], ["PATCH", `/api/v1/crm/contacts/${ids.contact}`]] as const) {
    const values: Array<[string, unknown]> = [
      ["first_name", ""], ["first_name", big(101)], ["first_name", 5], ["email", "not-an-email"], ["email", HTML[1]], ["company_id", "comp_bad"],
      ["company_id", SQL[0]], ["id", newId("contact")], ["version", 0],
    ];
    for (const [field, value] of values) out.push({ name: `${method} contact ${field}=${String(value).slice(0, 20)}`, method, path, body: { ...(method === "POST" && field !== "first_name" ? { first_name: "X" } : {}), [field]: value }, status: 400 });
    out.push({ name: `${method} contact with a missing company`, method, path, body: { first_name: "X", company_id: newId("company") }, status: 422 });
  }
  out.push({ name: "POST contact without first_name", method: "POST", path: "/api/v1/crm/contacts", body: { last_name: "Y" }, status: 400 });
  return out;
}

function queryCases(): Case[] {
  const get = (path: string, status: number | number[] = 400): Case => ({ name: `GET ${path.slice(0, 120)}`, method: "GET", path, status });
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const deals = [
    "limit=-1", "limit=0", "limit=abc", "limit=1.5", "offset=-1", "offset=abc", "offset=1e309", "offset=99999999999", "sort=bogus",
    `sort=${encodeURIComponent(`name; ${SQL[1]}`)}`, "order=up", "stage=Won", "stage=lead,WON!", "pipeline_id=enterprise", "assigned_member_id=bad", "company_id=bad",
    `company_id=${encodeURIComponent(SQL[0])}`, "contact_id=bad", "expected_close_from=2026-02-30", "expected_close_to=yesterday", "deleted=maybe",
    "cursor=!!!", "cursor=garbage", `cursor=${cursorOf({ v: "x", i: "deal_x", o: 0, f: "wrong" })}`, `cursor=${cursorOf({ v: SQL[1], i: newId("deal"), o: 50, f: "x" })}`,
    "unknown=1", `search=${big(201)}`, `cursor=${cursorOf({ v: "2026-01-01", i: newId("deal"), o: 0, f: "x" })}&offset=5`,
  ];
  const records = ["limit=0", "offset=-1", "sort=bogus", "order=sideways", "unknown=1", `search=${big(201)}`, "deleted=yes", "deleted=true&deleted=false"];
  const board = ["per_stage=0", "per_stage=1000", "stage=Won", `pipeline_id=${big(65)}`, "cursor=abc", "stage=lead&cursor=garbage", `search=${big(201)}`, "expected_close_from=2026-05-01&expected_close_to=2026-04-01", "unknown=1", `stage=${encodeURIComponent(HTML[0])}`];
  const activities = ["page=0", "page=abc", "limit=0", "unknown=1", "page=-5"];
  return [
    ...deals.map((q) => get(`/api/v1/crm/deals?${q}`)),
    ...records.map((q) => get(`/api/v1/crm/companies?${q}`)),
    ...[...records, "company_id=bad"].map((q) => get(`/api/v1/crm/contacts?${q}`)),
    ...board.map((q) => get(`/api/v1/crm/board?${q}`)),
    ...activities.map((q) => get(`/api/v1/crm/deals/${ids.deal}/activities?${q}`)),
    ...activities.map((q) => get(`/api/v1/crm/companies/${ids.company}/activities?${q}`)),
    ...["status=late", "assignee=someone", "due_before=soon", "due_after=2027-13-01", "limit=0", "cursor=abc", "deal_id=x", "unknown=1"].map((q) => get(`/api/v1/crm/tasks?${q}`)),
    get("/api/v1/crm/reports/pipeline?x=1"),
  ];
}

function idCases(): Case[] {
  const bad = [
    "123", "deal_", "deal_0000", "deal_01j00000000000000000000000", SQL[0], SQL[1], "..%2F..%2Fetc%2Fpasswd", "%00", big(300),
    "%F0%9F%92%A5", newId("deal"), newId("company"), newId("contact"), HTML[0],
  ];
  const routes: Array<[string, (id: string) => string, unknown?]> = [
    ["GET", (id) => `/api/v1/crm/deals/${id}`],
    ["PATCH", (id) => `/api/v1/crm/deals/${id}`, { name: "x" }],
    ["DELETE", (id) => `/api/v1/crm/deals/${id}`],
    ["POST", (id) => `/api/v1/crm/deals/${id}/stage`, { stage: "proposal" }],
    ["GET", (id) => `/api/v1/crm/deals/${id}/activities`],
    ["POST", (id) => `/api/v1/crm/deals/${id}/activities`, { type: "note", content: "x" }],
    ["POST", (id) => `/api/v1/crm/deals/${id}/restore`],
    ["GET", (id) => `/api/v1/crm/companies/${id}`],
    ["PATCH", (id) => `/api/v1/crm/companies/${id}`, { name: "x" }],
    ["DELETE", (id) => `/api/v1/crm/companies/${id}`],
    ["POST", (id) => `/api/v1/crm/companies/${id}/restore`],
    ["GET", (id) => `/api/v1/crm/companies/${id}/deal-summary`],
    ["GET", (id) => `/api/v1/crm/companies/${id}/activities`],
    ["GET", (id) => `/api/v1/crm/contacts/${id}`],
    ["PATCH", (id) => `/api/v1/crm/contacts/${id}`, { first_name: "x" }],
    ["DELETE", (id) => `/api/v1/crm/contacts/${id}`],
    ["POST", (id) => `/api/v1/crm/contacts/${id}/restore`],
  ];
  const out: Case[] = [];
  for (const [method, path, body] of routes) {
    for (const id of bad) {
      const encoded = /%/.test(id) ? id : encodeURIComponent(id);
      // 404 (not found), or 400 for ids longer than any id can be or holding a NUL.
      out.push({ name: `${method} ${path("{id}")} id=${id.slice(0, 30)}`, method, path: path(encoded), body, status: id.length > 200 || id === "%00" ? [400, 404] : 404 });
    }
  }
  return out;
}

function headerCases(): Case[] {
  const create = "/api/v1/crm/deals";
  const patch = `/api/v1/crm/deals/${ids.deal}`;
  return [
    ...["has space", big(256), "cl\u00e9", "", "tab\there"].map((key, i) => ({ name: `Idempotency-Key #${i}`, method: "POST", path: create, body: { name: "x" }, headers: { "idempotency-key": key }, status: 400 })),
    ...["abc", '"0"', "W/x", '"-1"', SQL[0]].map((v, i) => ({ name: `If-Match #${i}`, method: "PATCH", path: patch, body: { name: "x" }, headers: { "if-match": v }, status: 400 })),
    { name: "stale If-Match", method: "PATCH", path: patch, body: { name: "x" }, headers: { "if-match": '"42"' }, status: 409, code: "version_conflict" },
    { name: "stale If-Match on a move", method: "POST", path: `${patch}/stage`, body: { stage: "proposal" }, headers: { "if-match": '"42"' }, status: 409, code: "version_conflict" },
    { name: "declared 5 MB content-length", method: "POST", path: create, body: { name: "x" }, headers: { "content-length": String(5 * 1024 * 1024) }, status: 413 },
    { name: "restore a live deal", method: "POST", path: `${patch}/restore`, status: 409, code: "not_deleted" },
    { name: "restore a live company", method: "POST", path: `/api/v1/crm/companies/${ids.company}/restore`, status: 409, code: "not_deleted" },
    { name: "restore a live contact", method: "POST", path: `/api/v1/crm/contacts/${ids.contact}/restore`, status: 409, code: "not_deleted" },
    { name: "blank the lost reason of a lost deal", method: "PATCH", path: `/api/v1/crm/deals/${ids.lostDeal}`, body: { lost_reason: "" }, status: 422, code: "lost_reason_required" },
    { name: "clear the loss category of a lost deal", method: "PATCH", path: `/api/v1/crm/deals/${ids.lostDeal}`, body: { loss_category: null }, status: 422, code: "lost_reason_required" },
  ];
}

function problemIssues(c: Case, res: ApiResult): string[] {
  const issues: string[] = [];
  if (res.status >= 500 || res.status < 400) issues.push(`status ${res.status}`);
  const expected = c.status === undefined ? undefined : Array.isArray(c.status) ? c.status : [c.status];
  if (expected && !expected.includes(res.status)) issues.push(`status ${res.status}, expected ${expected.join("/")}`);
  if (res.headers.get("content-type") !== "application/problem+json") issues.push(`content-type ${res.headers.get("content-type")}`);
  const p = res.body as { status?: number; code?: string; detail?: string; title?: string; errors?: Array<{ field?: string; message?: string }> } | undefined;
  if (!p || typeof p !== "object") return [...issues, `body is not JSON: ${res.text.slice(0, 100)}`];
  if (p.status !== res.status) issues.push(`problem.status ${p.status}`);
  if (typeof p.code !== "string" || !/^[a-z_]+$/.test(p.code)) issues.push(`problem.code ${p.code}`);
  if (c.code && p.code !== c.code) issues.push(`code ${p.code}, expected ${c.code}`);
  if (typeof p.detail !== "string" || p.detail.length < 10 || /something went wrong/i.test(p.detail)) issues.push(`detail ${JSON.stringify(p.detail)}`);
  if (p.errors !== undefined) {
    if (!Array.isArray(p.errors) || p.errors.some((e) => typeof e.field !== "string" || typeof e.message !== "string" || !e.message)) {
      issues.push(`errors ${JSON.stringify(p.errors).slice(0, 200)}`);
    }
  }
  // A 400 about fields names them.
  if (res.status === 400 && p.code === "validation_failed" && !(Array.isArray(p.errors) && p.errors.length)) issues.push("validation_failed without field errors");
  return issues;
}

beforeAll(async () => {
  owner = await signUp({ name: "Corpus Owner" });
  const post = async (path: string, body: unknown) => {
    const res = await client.call("POST", path, { token: owner.token, body });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  ids.company = (await post("/api/v1/crm/companies", { name: "Corpus Co" })).company.id;
  ids.contact = (await post("/api/v1/crm/contacts", { first_name: "Corpus", company_id: ids.company })).contact.id;
  ids.deal = (await post("/api/v1/crm/deals", { name: "Corpus deal", company_id: ids.company, contact_id: ids.contact, amount: 1000 })).deal.id;
  ids.pipeline = (await post("/api/v1/crm/pipelines", { name: "Corpus pipeline" })).pipeline.id;
  ids.lostDeal = (await post("/api/v1/crm/deals", { name: "Lost deal", stage: "closed_lost", lost_reason: "Budget", loss_category: "no_budget" })).deal.id;
  await post(`/api/v1/crm/deals/${ids.deal}/activities`, { type: "note", content: "Before the corpus" });
  ids.task = (await post(`/api/v1/crm/deals/${ids.deal}/activities`, { type: "task", content: "A task", due_at: "2027-01-10" })).activity.id;
  ownerKey = (await post("/api/v1/api-keys", { name: "Corpus key", access: "read_write", scope: "workspace" })).secret;
  ids.webhook = (await post("/api/v1/webhooks", { url: "https://hooks.example.com/corpus", events: ["company.created"] })).webhook.id;
});

/** The i-th case's credential: a Bearer token, the cookie, or an API key (on the CRM API only). */
function credentialFor(i: number, path: string): { token: string } | { cookie: string } {
  if (i % 3 === 2 && path.startsWith("/api/v1/crm/")) return { token: ownerKey };
  return i % 3 === 1 ? { cookie: owner.cookie } : { token: owner.token };
}

describe("bad input corpus", () => {
  it("covers every write endpoint that takes a body", async () => {
    const covered = new Set(writeEndpoints().map((e) => `${e.method} ${e.template}`));
    const missing: string[] = [];
    for (const route of tenantRoutes(await discoverRoutes())) {
      for (const method of route.methods.filter((m) => m !== "GET")) {
        const key = `${method} ${route.template}`;
        if (!covered.has(key) && !(key in BODILESS)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it("answers every malformed request with a 4xx problem+json that says what is wrong, and changes nothing", async () => {
    const cases = [...bodyCases(), ...dealFieldCases(), ...otherFieldCases(), ...queryCases(), ...idCases(), ...headerCases()];
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const before = await snapshotDatabase(getDb());
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const [i, c] of cases.entries()) {
      // Rotate the credential: the cookie, the Bearer and the API key paths must all hold (a key
      // only where it may go: the CRM API).
      const credential = credentialFor(i, c.path);
      const res = await client.call(c.method, c.path, { ...credential, body: c.body, headers: c.headers });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const issues = problemIssues(c, res);
      if (issues.length) failures.push(`${c.name}: ${issues.join("; ")} — ${res.text.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(await snapshotDatabase(getDb())).toEqual(before);
  });

  it("treats SQL and HTML in free text as text: searched literally, stored and returned verbatim", async () => {
    const before = await snapshotDatabase(getDb());
    for (const term of [...SQL, ...HTML, "%", "_", "\\", "%' or '1'='1"]) {
      const res = await client.call("GET", `/api/v1/crm/deals?search=${encodeURIComponent(term)}`, { token: owner.token });
      expect(res.status, term).toBe(200);
      expect(res.body.items, term).toEqual([]);
      expect(res.body.total, term).toBe(0);
    }
    expect(await snapshotDatabase(getDb())).toEqual(before);

    const name = `${SQL[1]} ${HTML[0]}`;
    const created = await client.call("POST", "/api/v1/crm/deals", { token: owner.token, body: { name, note: HTML[1], tags: [SQL[0]] } });
    expect(created.status).toBe(201);
    const read = await client.call("GET", `/api/v1/crm/deals/${created.body.deal.id}`, { token: owner.token });
    expect(read.body.deal).toMatchObject({ name, note: HTML[1], tags: [SQL[0]] });
    expect(read.headers.get("content-type")).toContain("application/json");
    const found = await client.call("GET", `/api/v1/crm/deals?search=${encodeURIComponent("drop table")}`, { token: owner.token });
    expect(found.body.items.map((d: { id: string }) => d.id)).toEqual([created.body.deal.id]);
  });
});
