import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { api, BASE_URL, request, signUp, type TestUser } from "@/tests/support/http";
import { createClient, PipelineApiError } from "../src/index";

/**
 * The SDK end to end against the real route handlers and database (in-process, the API suite's
 * harness): a real API key from the real endpoint, every call through openapi-fetch.
 */

/** Hands the SDK's requests to the route handlers, as a server would. */
async function handlers(req: Request): Promise<Response> {
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.text();
  return request(req.method, req.url, { headers: Object.fromEntries(req.headers), body: body || undefined });
}

async function keyFor(user: TestUser, body: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post("/api/v1/api-keys", { name: "SDK", access: "read_write", scope: "workspace", ...body }, { token: user.token });
  expect(res.status).toBe(201);
  return (await res.json()).secret;
}

async function dealCount(tenantId: string): Promise<number> {
  const row = await getDb().selectFrom("deals").select((eb) => eb.fn.countAll<number>().as("n")).where("tenant_id", "=", tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("SDK: client.customer.*", () => {
  it("creates, reads, changes, moves, logs, deletes and restores a deal with a real key", async () => {
    const manager = await signUp();
    const client = createClient({ baseUrl: BASE_URL, apiKey: await keyFor(manager), fetch: handlers });
    const deals = client.customer.deals;

    const created = await deals.create({ name: "From the SDK", amount: 120000, currency: "JPY" });
    expect(created).toMatchObject({ name: "From the SDK", stage: "lead", source_type: "api", version: 1 });
    expect(created.app_id).toMatch(/^app_/);
    expect(await deals.get(created.id)).toEqual(created);

    const stale = await deals.update(created.id, { name: "Renamed" }, { ifMatch: 99 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(PipelineApiError);
    expect(stale).toMatchObject({ status: 409, code: "version_conflict" });
    expect((stale as PipelineApiError).requestId).toBeTruthy();

    const renamed = await deals.update(created.id, { name: "Renamed" }, { ifMatch: created.version });
    expect(renamed).toMatchObject({ name: "Renamed", version: 2 });
    const moved = await deals.moveStage(created.id, { stage: "proposal" });
    expect(moved.stage).toBe("proposal");

    const note = await deals.activities.create(created.id, { type: "note", content: "Called from the SDK" });
    expect(note).toMatchObject({ type: "note", content: "Called from the SDK", source_type: "api" });
    const timeline = await deals.activities.list(created.id);
    expect(timeline.activities.map((a) => a.type).sort()).toEqual(["created", "field_change", "note", "stage_change"]);

    await deals.delete(created.id);
    await expect(deals.get(created.id)).rejects.toMatchObject({ status: 404, code: "not_found" });
    expect((await deals.restore(created.id)).is_deleted).toBe(false);
  });

  it("iterates every deal across cursor pages, and companies and contacts across offset pages", async () => {
    const manager = await signUp();
    const { customer } = createClient({ baseUrl: BASE_URL, apiKey: await keyFor(manager), fetch: handlers });
    for (let i = 0; i < 5; i++) await customer.deals.create({ name: `Deal ${i}` });
    const seen: string[] = [];
    for await (const deal of customer.deals.iterate({ limit: 2, sort: "name", order: "asc" })) seen.push(deal.name);
    expect(seen).toEqual(["Deal 0", "Deal 1", "Deal 2", "Deal 3", "Deal 4"]);
    const firstPage = await customer.deals.list({ limit: 2 });
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.next_cursor).toBeTruthy();

    const company = await customer.companies.create({ name: "Acme" });
    await customer.companies.create({ name: "Beta" });
    await customer.companies.create({ name: "Gamma" });
    const names: string[] = [];
    for await (const c of customer.companies.iterate({ limit: 2 })) names.push(c.name);
    expect(names).toEqual(["Acme", "Beta", "Gamma"]);
    expect((await customer.companies.update(company.id, { industry: "Trading" }, { ifMatch: company.version })).industry).toBe("Trading");

    const contact = await customer.contacts.create({ first_name: "Aiko", company_id: company.id });
    expect(await customer.contacts.get(contact.id)).toMatchObject({ first_name: "Aiko", company_name: "Acme" });
    const people = [];
    for await (const p of customer.contacts.iterate()) people.push(p.id);
    expect(people).toEqual([contact.id]);
    await customer.contacts.delete(contact.id);
    await customer.companies.delete(company.id);
    await expect(customer.companies.get(company.id)).rejects.toMatchObject({ status: 404 });
  });

  it("throws the problem+json as a typed error with its per-field errors", async () => {
    const manager = await signUp();
    const { customer } = createClient({ baseUrl: BASE_URL, apiKey: await keyFor(manager, { access: "read" }), fetch: handlers });
    const refused = await customer.deals.create({ name: "No" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ status: 403, code: "api_key_read_only" });

    const writer = createClient({ baseUrl: BASE_URL, apiKey: await keyFor(manager), fetch: handlers });
    const invalid = (await writer.customer.deals.create({ name: "", amount: -1 } as never).then(
      () => null,
      (e: unknown) => e,
    )) as PipelineApiError;
    expect(invalid.status).toBe(400);
    expect(invalid.errors.map((e) => e.field)).toEqual(expect.arrayContaining(["name"]));

    const revokedKey = createClient({ baseUrl: BASE_URL, apiKey: "pipeline_sk_" + "A".repeat(43), fetch: handlers });
    await expect(revokedKey.customer.deals.list()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("retries 429 and 503 after Retry-After within its budget, and a retried create is applied once", async () => {
    const manager = await signUp();
    const apiKey = await keyFor(manager);

    // The first create reaches the server but its answer is lost (a 503 from a proxy): the retry
    // carries the same Idempotency-Key, so the server answers with the deal it already made.
    let calls = 0;
    const lossy = createClient({
      baseUrl: BASE_URL,
      apiKey,
      fetch: async (req) => {
        calls++;
        const res = await handlers(req);
        return calls === 1 ? new Response(null, { status: 503, headers: { "retry-after": "0" } }) : res;
      },
    });
    const deal = await lossy.customer.deals.create({ name: "Exactly once" });
    expect(calls).toBe(2);
    expect(await dealCount(manager.tenantId)).toBe(1);
    expect(deal.name).toBe("Exactly once");

    // Always limited: it gives up after its retries and throws the 429.
    let attempts = 0;
    const limited = createClient({
      baseUrl: BASE_URL,
      apiKey,
      retry: { maxRetries: 2 },
      fetch: async () => {
        attempts++;
        return Response.json({ code: "rate_limited", detail: "Slow down.", status: 429 }, { status: 429, headers: { "retry-after": "0", "content-type": "application/problem+json" } });
      },
    });
    await expect(limited.customer.deals.list()).rejects.toMatchObject({ status: 429, code: "rate_limited" });
    expect(attempts).toBe(3);

    // A wait longer than the budget is not waited for.
    let slow = 0;
    const patient = createClient({
      baseUrl: BASE_URL,
      apiKey,
      retry: { maxWaitMs: 1_000 },
      fetch: async () => {
        slow++;
        return new Response(null, { status: 503, headers: { "retry-after": "60" } });
      },
    });
    await expect(patient.customer.deals.list()).rejects.toMatchObject({ status: 503 });
    expect(slow).toBe(1);
  });
});
