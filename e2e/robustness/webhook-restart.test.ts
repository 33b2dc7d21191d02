import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "@/tests/support/server";
import { BUILD_TIMEOUT_MS, httpClient, needsPostgresNote, prepareBuild, startServer, usingPostgres } from "./support/client";

/**
 * A webhook event outlives the process that wrote it: the change commits its event in the same
 * transaction (the outbox), the process dies with SIGKILL before anything was delivered, and
 * another `next start` on the same database delivers it once it is up. The first server runs no
 * delivery worker, so "killed before delivering" is certain rather than a race. Needs
 * PostgreSQL (two processes on one database); skipped without DATABASE_URL.
 */

const received: { type: string; dataId: string }[] = [];
let receiver: http.Server;
let receiverUrl = "";
const servers: AppServer[] = [];

describe.skipIf(!usingPostgres)(`webhook delivery after the writing process is killed${needsPostgresNote(!usingPostgres)}`, () => {
  beforeAll(prepareBuild, BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const event = JSON.parse(body) as { type: string; data: { id: string } };
        received.push({ type: event.type, dataId: event.data.id });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("delivers the event of a change whose server was killed before delivering it, once another instance runs", async () => {
    const env = { WEBHOOK_ALLOW_PRIVATE_URLS: "1" };
    const first = await startServer({ env: { ...env, WEBHOOK_WORKER: "0" } });
    servers.push(first);
    const signUp = await fetch(`${first.url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: first.url },
      body: JSON.stringify({ email: `outbox-${Date.now().toString(36)}@example.test`, password: "outbox-outbox-123", name: "Outbox" }),
    });
    expect(signUp.status).toBe(200);
    const token = signUp.headers.get("set-auth-token")!;
    const client = httpClient(first.url);
    const registered = await client.call("POST", "/api/v1/webhooks", { token, body: { url: receiverUrl, events: ["deal.created"] } });
    expect(registered.status, registered.text).toBe(201);
    const created = await client.call("POST", "/api/v1/crm/deals", { token, body: { name: "Survives the crash" } });
    expect(created.status).toBe(201);
    const dealId = created.body.deal.id as string;

    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(received).toEqual([]);

    const second = await startServer({ env: { ...env, WEBHOOK_WORKER: "1" } });
    servers.push(second);
    const deadline = Date.now() + 30_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toEqual([{ type: "deal.created", dataId: dealId }]);

    // Delivered once: a little later, nothing more has arrived.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(received).toHaveLength(1);
    const deliveries = await httpClient(second.url).call("GET", `/api/v1/webhooks/${registered.body.webhook.id}/deliveries`, { token });
    expect(deliveries.body.items).toMatchObject([{ status: "succeeded", attempts: 1 }]);
  });
});
