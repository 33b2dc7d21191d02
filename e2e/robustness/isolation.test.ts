import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { signUp, type TestUser } from "@/tests/support/http";
import { type ApiClient, type ApiResult, inProcessClient } from "./support/client";
import { type ApiRoute, discoverRoutes, fill, type Method, tenantRoutes } from "./support/routes";
import { snapshotDatabase } from "./support/snapshot";

/**
 * Tenant isolation, route by route: tenant B, with a cookie, a Bearer token and an API key, against
 * every record of tenant A on every method of every tenant route discovered under app/api.
 * Another tenant's record must be indistinguishable from a missing one (404), a reference to it
 * must be refused like a missing one (422), and no list, search, board, report or event stream
 * may ever carry A's data. Every request here must fail or read, so the database is compared
 * row for row before and after. An API key reaches the CRM API only: everywhere else its answer
 * is 403 `api_key_not_allowed`, whatever the record.
 */

const client: ApiClient = inProcessClient();
const tag = `zq${randomBytes(5).toString("hex")}`;

let A: TestUser;
let B: TestUser;
const a = {} as {
  company: string;
  contact: string;
  deal: string;
  deletedDeal: string;
  activity: string;
  pipeline: string;
  apiKey: string;
  appId: string;
  webhook: string;
  delivery: string;
  import: string;
};
const b = {} as { deal: string; contact: string; company: string; pipeline: string };

type Credential = "cookie" | "bearer" | "key";
const CREDENTIALS: Credential[] = ["cookie", "bearer", "key"];
/** Each user's workspace-wide read_write API key. */
const apiKeys = new Map<TestUser, string>();
const as = (user: TestUser, kind: Credential) =>
  kind === "cookie" ? { cookie: user.cookie } : { token: kind === "key" ? apiKeys.get(user)! : user.token };
/** An API key outside the CRM API: refused before any record is looked at. */
const keyRefused = (kind: Credential, path: string) => kind === "key" && !path.startsWith("/api/v1/crm/");

function refusedAsKey(res: ApiResult, label: string, failures: string[]): void {
  if (res.status !== 403) failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
  else if (res.body?.code !== "api_key_not_allowed") failures.push(`${label}: code ${res.body?.code}`);
}

/** A's record ids by the collection segment that precedes `[id]`; deals are tried live and deleted. */
function foreignIds(collection: string): string[] {
  switch (collection) {
    case "deals":
      return [a.deal, a.deletedDeal];
    case "companies":
      return [a.company];
    case "contacts":
      return [a.contact];
    case "activities":
      return [a.activity];
    case "pipelines":
      return [a.pipeline];
    case "api-keys":
      return [a.apiKey];
    case "webhooks":
      return [a.webhook];
    case "deliveries":
      return [a.delivery];
    case "imports":
      return [a.import];
    default:
      throw new Error(`no record of tenant A for /${collection}/[id]: add it to the isolation suite`);
  }
}

/** A valid body per record route and method, so the request reaches the tenant check (a 400 would prove nothing). */
const RECORD_BODIES: Record<string, unknown> = {
  "GET /api/v1/crm/deals/[id]": undefined,
  "PATCH /api/v1/crm/deals/[id]": { name: "Taken over" },
  "DELETE /api/v1/crm/deals/[id]": undefined,
  "POST /api/v1/crm/deals/[id]/stage": { stage: "qualification" },
  "GET /api/v1/crm/deals/[id]/activities": undefined,
  "GET /api/v1/crm/deals/[id]/activities/[activityId]": undefined,
  "PATCH /api/v1/crm/deals/[id]/activities/[activityId]": { content: "Taken over" },
  "DELETE /api/v1/crm/deals/[id]/activities/[activityId]": undefined,
  "POST /api/v1/crm/deals/[id]/activities": { type: "note", content: "Written into another workspace" },
  "POST /api/v1/crm/deals/[id]/restore": undefined,
  "GET /api/v1/crm/companies/[id]": undefined,
  "PATCH /api/v1/crm/companies/[id]": { name: "Taken over" },
  "DELETE /api/v1/crm/companies/[id]": undefined,
  "POST /api/v1/crm/companies/[id]/restore": undefined,
  "GET /api/v1/crm/companies/[id]/deal-summary": undefined,
  "GET /api/v1/crm/companies/[id]/activities": undefined,
  "GET /api/v1/crm/contacts/[id]": undefined,
  "PATCH /api/v1/crm/contacts/[id]": { first_name: "Taken" },
  "DELETE /api/v1/crm/contacts/[id]": undefined,
  "GET /api/v1/crm/pipelines/[id]": undefined,
  "PATCH /api/v1/crm/pipelines/[id]": { name: "Taken over" },
  "DELETE /api/v1/crm/pipelines/[id]": undefined,
  "POST /api/v1/crm/contacts/[id]/restore": undefined,
  "DELETE /api/v1/api-keys/[id]": undefined,
  "GET /api/v1/webhooks/[id]": undefined,
  "PATCH /api/v1/webhooks/[id]": { enabled: false },
  "DELETE /api/v1/webhooks/[id]": undefined,
  "GET /api/v1/webhooks/[id]/deliveries": undefined,
  "POST /api/v1/webhooks/[id]/test": undefined,
  "POST /api/v1/webhooks/[id]/deliveries/[deliveryId]/retry": undefined,
  "GET /api/v1/imports/[id]": undefined,
  "PATCH /api/v1/imports/[id]": { create_missing: false },
  "POST /api/v1/imports/[id]/start": {},
  "POST /api/v1/imports/[id]/undo": undefined,
  "GET /api/v1/imports/[id]/errors": undefined,
};

/** Writes that carry references, each with bodies pointing at A's records (all must be 422). */
function referenceCases(): Record<string, Array<{ path: string; body: unknown }>> {
  const dealRefs = [{ company_id: a.company }, { contact_id: a.contact }, { contact_ids: [a.contact] }, { assigned_member_id: A.userId }];
  return {
    "POST /api/v1/crm/deals": [...dealRefs, { pipeline_id: a.pipeline }].map((r) => ({ path: "/api/v1/crm/deals", body: { name: "Referencing", ...r } })),
    "PATCH /api/v1/crm/deals/[id]": [...dealRefs, { pipeline_id: a.pipeline, stage: "lead" }].map((r) => ({ path: `/api/v1/crm/deals/${b.deal}`, body: r })),
    "POST /api/v1/crm/deals/[id]/stage": [
      { path: `/api/v1/crm/deals/${b.deal}/stage`, body: { stage: "lead", before_id: a.deal } },
      { path: `/api/v1/crm/deals/${b.deal}/stage`, body: { stage: "lead", after_id: a.deal } },
    ],
    "POST /api/v1/crm/contacts": [{ path: "/api/v1/crm/contacts", body: { first_name: "Referencing", company_id: a.company } }],
    "PATCH /api/v1/crm/contacts/[id]": [{ path: `/api/v1/crm/contacts/${b.contact}`, body: { company_id: a.company } }],
    // B's own pipeline holds a deal, so its deletion must name where the deal goes: never into A's pipeline.
    "DELETE /api/v1/crm/pipelines/[id]": [{ path: `/api/v1/crm/pipelines/${b.pipeline}`, body: { move_deals_to: { pipeline_id: a.pipeline, stage: "lead" } } }],
    "POST /api/v1/api-keys": [{ path: "/api/v1/api-keys", body: { name: "Rotating", access: "read", scope: "application", app_id: a.appId } }],
  };
}

/** Collection writes without references, and why they cannot touch another tenant. */
const NO_REFERENCES: Record<string, string> = {
  "POST /api/v1/crm/companies": "a company references nothing; it is created in the caller's tenant",
  "POST /api/v1/crm/pipelines": "a pipeline references nothing; it is created in the caller's tenant",
  "PATCH /api/v1/workspace": "changes the caller's own workspace; it takes no ids",
  "POST /api/v1/webhooks": "an endpoint references nothing but its URL; it is registered in the caller's tenant",
  "POST /api/v1/imports": "an upload names no record by id: its rows' companies and contacts are matched by name within the caller's workspace",
};

/** Query variants per collection read (each must answer 200 without a trace of A). */
function listQueries(): Record<string, string[]> {
  return {
    "/api/v1/crm/deals": [
      "",
      `?search=${tag}`,
      `?search=${encodeURIComponent(`Adeal ${tag}`)}`,
      `?company_id=${a.company}`,
      `?contact_id=${a.contact}`,
      `?assigned_member_id=${A.userId}`,
      "?deleted=true",
      `?deleted=true&search=${tag}`,
      "?limit=200&sort=name&order=asc",
    ],
    "/api/v1/crm/companies": ["", `?search=${tag}`, "?limit=200", "?deleted=true", `?deleted=true&search=${tag}`],
    "/api/v1/crm/pipelines": [""],
    "/api/v1/crm/contacts": ["", `?search=${tag}`, `?company_id=${a.company}`, "?limit=200", "?deleted=true", `?deleted=true&company_id=${a.company}`],
    "/api/v1/crm/board": ["", `?search=${tag}`, `?assigned_member_id=${A.userId}`, "?stage=lead&per_stage=200"],
    "/api/v1/crm/members": [""],
    "/api/v1/crm/tasks": ["", "?status=done", "?status=overdue", `?assignee=${A.userId}`, `?deal_id=${a.deal}`, "?limit=200"],
    "/api/v1/crm/search": [`?q=${tag}`, `?q=${encodeURIComponent(`Adeal ${tag}`)}&limit=20`, `?q=${tag.toUpperCase()}`],
    "/api/v1/crm/reports/pipeline": [""],
    "/api/v1/workspace": [""],
    "/api/v1/api-keys": [""],
    "/api/v1/webhooks": [""],
    "/api/v1/imports": [""],
  };
}

/** Everything that identifies tenant A's data. */
const secrets = () => [tag, A.tenantId, A.userId, A.email, ...Object.values(a)];

function leaks(res: ApiResult, allowIdsInPath = false): string[] {
  const found = secrets().filter((s) => res.text.includes(s));
  // A 404 problem's `instance` is the requested path, which holds the id the caller sent.
  return allowIdsInPath ? found.filter((s) => !Object.values(a).includes(s)) : found;
}

async function call(method: string, path: string, user: TestUser, kind: Credential, body?: unknown) {
  return client.call(method, path, { ...as(user, kind), body });
}

let routes: ApiRoute[];

beforeAll(async () => {
  routes = tenantRoutes(await discoverRoutes());
  A = await signUp({ name: `Aiko ${tag}` });
  B = await signUp({ name: "Ben Brown" });
  const post = async (user: TestUser, path: string, body: unknown) => {
    const res = await client.call("POST", path, { token: user.token, body });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  a.company = (await post(A, "/api/v1/crm/companies", { name: `Aco ${tag}` })).company.id;
  a.contact = (await post(A, "/api/v1/crm/contacts", { first_name: `Acon ${tag}`, company_id: a.company })).contact.id;
  a.deal = (
    await post(A, "/api/v1/crm/deals", {
      name: `Adeal ${tag}`,
      company_id: a.company,
      contact_id: a.contact,
      contact_ids: [a.contact],
      assigned_member_id: A.userId,
      amount: 1234567,
      tags: [tag],
    })
  ).deal.id;
  a.deletedDeal = (await post(A, "/api/v1/crm/deals", { name: `Adeleted ${tag}` })).deal.id;
  expect((await client.call("DELETE", `/api/v1/crm/deals/${a.deletedDeal}`, { token: A.token })).status).toBe(200);
  a.activity = (await post(A, `/api/v1/crm/deals/${a.deal}/activities`, { type: "note", content: `Anote ${tag}` })).activity.id;
  // A task of A's, so a task list that leaked across workspaces would show it.
  await post(A, `/api/v1/crm/deals/${a.deal}/activities`, { type: "task", content: `Atask ${tag}`, due_at: "2020-01-01" });
  a.pipeline = (await post(A, "/api/v1/crm/pipelines", { name: `Apipe ${tag}`, stages: [{ id: "lead", name: `Astage ${tag}` }] })).pipeline.id;
  const upload = await client.call("POST", "/api/v1/imports?entity=companies", { token: A.token, body: `Name\r\nAimport ${tag}\r\n`, headers: { "content-type": "text/csv" } });
  expect(upload.status).toBe(201);
  a.import = upload.body.import.id;

  b.company = (await post(B, "/api/v1/crm/companies", { name: "Bco" })).company.id;
  b.contact = (await post(B, "/api/v1/crm/contacts", { first_name: "Bcon", company_id: b.company })).contact.id;
  b.deal = (await post(B, "/api/v1/crm/deals", { name: "Bdeal" })).deal.id;
  b.pipeline = (await post(B, "/api/v1/crm/pipelines", { name: "Bpipe" })).pipeline.id;
  await post(B, "/api/v1/crm/deals", { name: "Bdeal in Bpipe", pipeline_id: b.pipeline });

  const keyOf = async (user: TestUser, name: string) =>
    (await post(user, "/api/v1/api-keys", { name, access: "read_write", scope: "workspace" })) as { api_key: { id: string; app_id: string }; secret: string };
  const aKey = await keyOf(A, `Akey ${tag}`);
  a.apiKey = aKey.api_key.id;
  a.appId = aKey.api_key.app_id;
  apiKeys.set(A, aKey.secret);
  apiKeys.set(B, (await keyOf(B, "Bkey")).secret);
  a.webhook = (await post(A, "/api/v1/webhooks", { url: `https://hooks.example.com/${tag}`, events: ["deal.updated"] })).webhook.id;
  const test = await client.call("POST", `/api/v1/webhooks/${a.webhook}/test`, { token: A.token });
  expect(test.status).toBe(202);
  a.delivery = test.body.delivery.id;
});

describe("tenant isolation matrix (every route × method × cookie/bearer/API key)", () => {
  it("knows how to exercise every tenant route and method found under app/api", () => {
    const refs = referenceCases();
    const lists = listQueries();
    const uncovered: string[] = [];
    for (const route of routes) {
      for (const method of route.methods) {
        const key = `${method} ${route.template}`;
        if (route.params.length) {
          if (!(key in RECORD_BODIES)) uncovered.push(`${key}: add a valid body to RECORD_BODIES`);
        } else if (method === "GET") {
          if (!(route.template in lists) && route.template !== "/api/v1/crm/events") uncovered.push(`${key}: add its queries to listQueries`);
        } else if (!(key in refs) && !(key in NO_REFERENCES)) {
          uncovered.push(`${key}: add reference cases or say why it has none`);
        }
      }
    }
    expect(uncovered).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(10);
  });

  it("answers 404 for another tenant's records, on every method, with every credential, and changes nothing", async () => {
    const before = await snapshotDatabase(getDb());
    const failures: string[] = [];
    let count = 0;
    for (const route of routes.filter((r) => r.params.length)) {
      const collection = route.params[0].collection;
      for (const method of route.methods) {
        for (const id of foreignIds(collection)) {
          for (const kind of CREDENTIALS) {
            // Inner segments (an activity of the deal) address A's records too.
            const path = fill(route.template, Object.fromEntries(route.params.map((p, i) => [p.name, i === 0 ? id : foreignIds(p.collection)[0]])));
            const res = await call(method, path, B, kind, RECORD_BODIES[`${method} ${route.template}`]);
            count++;
            const label = `${method} ${path} (${kind})`;
            if (keyRefused(kind, path)) refusedAsKey(res, label, failures);
            else if (res.status !== 404) failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
            else if (res.headers.get("content-type") !== "application/problem+json") failures.push(`${label}: not problem+json`);
            else if (res.body?.code !== "not_found") failures.push(`${label}: code ${res.body?.code}`);
            const leaked = leaks(res, true);
            if (leaked.length) failures.push(`${label}: leaks ${leaked.join(", ")}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(40);
    expect(await snapshotDatabase(getDb())).toEqual(before);
  });

  it("refuses references to another tenant's company, contact, member or deal with 422, changing nothing", async () => {
    const before = await snapshotDatabase(getDb());
    const failures: string[] = [];
    for (const [key, cases] of Object.entries(referenceCases())) {
      const method = key.split(" ")[0] as Method;
      for (const c of cases) {
        for (const kind of CREDENTIALS) {
          const res = await call(method, c.path, B, kind, c.body);
          const label = `${key} ${JSON.stringify(c.body)} (${kind})`;
          if (keyRefused(kind, c.path)) refusedAsKey(res, label, failures);
          else if (res.status !== 422) failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
          else if (res.body?.code !== "invalid_reference") failures.push(`${label}: code ${res.body?.code}`);
          else if (!Array.isArray(res.body.errors) || res.body.errors.length === 0) failures.push(`${label}: no field errors`);
          const leaked = leaks(res);
          if (leaked.length) failures.push(`${label}: leaks ${leaked.join(", ")}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshotDatabase(getDb())).toEqual(before);
  });

  it("never returns a foreign row from any list, search, board, member list or report", async () => {
    const failures: string[] = [];
    const lists = listQueries();
    for (const route of routes.filter((r) => !r.params.length && r.methods.includes("GET") && r.template !== "/api/v1/crm/events")) {
      for (const query of lists[route.template] ?? [""]) {
        for (const kind of CREDENTIALS) {
          const res = await call("GET", `${route.template}${query}`, B, kind);
          const label = `GET ${route.template}${query} (${kind})`;
          if (keyRefused(kind, route.template)) refusedAsKey(res, label, failures);
          else if (res.status !== 200) failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
          const leaked = leaks(res);
          if (leaked.length) failures.push(`${label}: leaks ${leaked.join(", ")}`);
        }
      }
    }
    expect(failures).toEqual([]);

    // The same reads as A do show A's data: the queries above would have found it.
    const own = await client.call("GET", `/api/v1/crm/deals?search=${tag}`, { token: A.token });
    expect(own.body.items.map((d: { id: string }) => d.id)).toEqual([a.deal]);
    const board = await client.call("GET", `/api/v1/crm/board?search=${tag}`, { token: A.token });
    expect(board.text).toContain(a.deal);
    const trash = await client.call("GET", `/api/v1/crm/deals?deleted=true&search=${tag}`, { token: A.token });
    expect(trash.body.items.map((d: { id: string }) => d.id)).toEqual([a.deletedDeal]);
    const quick = await client.call("GET", `/api/v1/crm/search?q=${tag}`, { token: A.token });
    expect(quick.body.deals.map((d: { id: string }) => d.id)).toEqual([a.deal]);
  });

  it("never streams another tenant's deal changes to the events feed", async () => {
    const res = await fetchStream("/api/v1/crm/events", B);
    const reader = res.body!.getReader();
    const received: string[] = [];
    const readUntil = async (needle: string, ms: number) => {
      const deadline = Date.now() + ms;
      while (!received.join("").includes(needle) && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
        if (!chunk || chunk.done) break;
        received.push(new TextDecoder().decode(chunk.value));
      }
      return received.join("").includes(needle);
    };
    try {
      expect(await readUntil("event: ready", 10_000)).toBe(true);
      // A changes its deal, then B changes its own: B's change arriving proves A's would have by then.
      expect((await client.call("PATCH", `/api/v1/crm/deals/${a.deal}`, { token: A.token, body: { note: `seen ${tag}` } })).status).toBe(200);
      expect((await client.call("PATCH", `/api/v1/crm/deals/${b.deal}`, { token: B.token, body: { note: "mine" } })).status).toBe(200);
      expect(await readUntil(b.deal, 10_000)).toBe(true);
      const text = received.join("");
      expect(text).not.toContain(a.deal);
      expect(secrets().filter((s) => text.includes(s))).toEqual([]);
    } finally {
      await reader.cancel().catch(() => {});
    }
  });
});

async function fetchStream(path: string, user: TestUser): Promise<Response> {
  const { request } = await import("@/tests/support/http");
  const res = await request("GET", path, { token: user.token });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  return res;
}
