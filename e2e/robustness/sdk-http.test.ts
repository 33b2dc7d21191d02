import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "@/tests/support/server";
import { createClient, PipelineApiError } from "@/sdk/src/index";
import { BUILD_TIMEOUT_MS, prepareBuild, startServer, usingPostgres } from "./support/client";

/**
 * The SDK over real sockets against `next start`, with a key made through the API: what an
 * integration runs. (sdk/test/ covers the surface in detail against the route handlers.) Needs
 * PostgreSQL; skipped without DATABASE_URL.
 */

const skipNote = (skipped: boolean) => (skipped ? " (skipped: needs PostgreSQL, set DATABASE_URL)" : "");
let server: AppServer;

describe.skipIf(!usingPostgres)(`the SDK against a running server${skipNote(!usingPostgres)}`, () => {
  beforeAll(prepareBuild, BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("creates, moves, iterates and reads a deal's timeline with a real key, and throws the problem+json of a refusal", async () => {
    const signUp = await fetch(`${server.url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ email: `sdk-${Date.now().toString(36)}@example.test`, password: "sdk-sdk-sdk-123", name: "SDK" }),
    });
    expect(signUp.status).toBe(200);
    const token = signUp.headers.get("set-auth-token")!;
    const keys = await Promise.all(
      (["read_write", "read"] as const).map(async (access) => {
        const res = await fetch(`${server.url}/api/v1/api-keys`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ name: `SDK ${access}`, access, scope: "workspace" }),
        });
        expect(res.status).toBe(201);
        return ((await res.json()) as { secret: string }).secret;
      }),
    );

    const { customer } = createClient({ baseUrl: server.url, apiKey: keys[0] });
    const created = await customer.deals.create({ name: "Over HTTP", amount: 5000, currency: "USD" });
    expect(created.app_id).toMatch(/^app_/);
    await customer.deals.moveStage(created.id, { stage: "negotiation" });
    await customer.deals.activities.create(created.id, { type: "call", content: "Spoke to procurement" });
    const names: string[] = [];
    for await (const deal of customer.deals.iterate({ limit: 1 })) names.push(deal.name);
    expect(names).toEqual(["Over HTTP"]);
    const timeline = await customer.deals.activities.list(created.id);
    expect(timeline.activities.map((a) => a.type).sort()).toEqual(["call", "created", "stage_change"]);

    const readOnly = createClient({ baseUrl: server.url, apiKey: keys[1], headers: { "accept-language": "ja" } });
    const refused = await readOnly.customer.deals.delete(created.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(PipelineApiError);
    expect(refused).toMatchObject({ status: 403, code: "api_key_read_only" });
    expect((refused as PipelineApiError).requestId).toBeTruthy();
    expect((await readOnly.customer.deals.get(created.id)).stage).toBe("negotiation");
  });
});
