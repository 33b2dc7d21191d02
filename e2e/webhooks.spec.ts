import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expectAccessible, expectDialogsOnScreen, expectNoHorizontalOverflow } from "./a11y";
import { contextAt, expect, joinByInvitation, signInPage, signUpViaApi, test } from "./fixtures";

/**
 * Settings → Webhooks: a manager registers an endpoint (a receiver this spec runs on localhost),
 * copies its secret, sends a test event, sees the failed first attempt in the deliveries, retries
 * it and sees it delivered, signed with that secret. The page in English and Japanese at 1,280 and
 * 390 px has no sideways scroll and passes axe with its dialog open; a rep is told webhooks are
 * for managers.
 */

const SHOTS = process.env.WEBHOOK_SHOTS_DIR ?? "e2e/artifacts";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startReceiver(respond: (n: number) => number): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(respond(received.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

/** Standard Webhooks, checked with node:crypto. */
function signedWith(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${r.headers["webhook-id"]}.${r.headers["webhook-timestamp"]}.${r.body}`).digest("base64");
  return String(r.headers["webhook-signature"]).split(" ").includes(`v1,${expected}`);
}

async function shoot(page: Page, name: string) {
  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a manager registers an endpoint, sends a test event, sees the failed delivery, retries it and it arrives signed", async ({ authedPage: page }) => {
  const receiver = await startReceiver((n) => (n === 1 ? 500 : 204));
  try {
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { name: "No endpoints yet" })).toBeVisible();
    await shoot(page, "webhooks-empty");

    await page.getByRole("button", { name: "Add endpoint" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add a webhook endpoint" });
    await dialog.getByLabel("URL").fill(receiver.url);
    await dialog.getByLabel("Description (optional)").fill("ERP sync");
    await expect(dialog.getByRole("checkbox", { name: /Moved to another stage/ })).toBeChecked();
    await dialog.getByRole("checkbox", { name: /company\.created/ }).check();
    await shoot(page, "webhooks-create-dialog");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();

    const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const endpoint = page.getByTestId("webhook").filter({ hasText: receiver.url });
    await expect(endpoint).toContainText("Receiving");
    await expect(endpoint).toContainText("4 events");
    await shoot(page, "webhooks-created");

    await endpoint.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText("Test event queued")).toBeVisible();
    const row = endpoint.getByTestId("webhook-delivery").first();
    await expect(row).toContainText("webhook.test");
    // The receiver answered 500: the delivery waits for its next attempt.
    await expect(row).toContainText("500");
    await expect(row).toContainText("Pending");
    expect(receiver.received).toHaveLength(1);
    await shoot(page, "webhooks-delivery-failed");

    await row.getByRole("button", { name: "Retry webhook.test" }).click();
    await expect(row).toContainText("Delivered");
    await expect(row).toContainText("204");
    expect(receiver.received).toHaveLength(2);
    for (const r of receiver.received) expect(signedWith(secret, r)).toBe(true);
    expect(JSON.parse(receiver.received[1].body)).toMatchObject({ type: "webhook.test" });
    await shoot(page, "webhooks-delivered");

    // The secret is not shown again.
    await page.reload();
    await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);
  } finally {
    receiver.server.close();
  }
});

for (const { lang, locale, heading, add, dialogName } of [
  { lang: "en", locale: "en-US", heading: "Webhooks", add: "Add endpoint", dialogName: "Add a webhook endpoint" },
  { lang: "ja", locale: "ja-JP", heading: "Webhook", add: "エンドポイントを追加", dialogName: "Webhook エンドポイントを追加" },
] as const) {
  for (const width of [1280, 390]) {
    test(`the webhooks page in ${lang} at ${width} px: no sideways scroll, axe-clean with its dialog open`, async ({ browser, baseURL }) => {
      const context = await contextAt(browser, baseURL!, locale, width);
      const page = await context.newPage();
      const manager = await signUpViaApi(context.request, baseURL!, "Riko Ishida");
      await signInPage(page, baseURL!, manager.cookie);
      const created = await context.request.post("/api/v1/webhooks", {
        headers: { authorization: `Bearer ${manager.token}` },
        data: { url: "https://erp.example.com/hooks/pipeline-with-a-rather-long-path/0123456789", events: ["deal.created", "deal.updated"], description: "基幹システム同期 ERP sync" },
      });
      expect(created.status()).toBe(201);
      await page.goto("/settings/webhooks");
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      const label = `webhooks-${lang}-${width}`;
      await expectNoHorizontalOverflow(page, label);
      await expectAccessible(page, label);
      await page.screenshot({ path: `${SHOTS}/${label}.png`, fullPage: true });
      await page.getByRole("button", { name: add }).first().click();
      await expect(page.getByRole("dialog", { name: dialogName })).toBeVisible();
      await expectDialogsOnScreen(page, `${label}-dialog`);
      await expectAccessible(page, `${label}-dialog`);
      await page.screenshot({ path: `${SHOTS}/${label}-dialog.png` });
      await context.close();
    });
  }
}

test("a rep sees that webhooks are for managers, and the API refuses him", async ({ page, baseURL, request }) => {
  const manager = await signUpViaApi(request, baseURL!, "Riko Ishida");
  const rep = await signUpViaApi(request, baseURL!, "Sora Kimura");
  await joinByInvitation(request, baseURL!, manager, rep);
  await signInPage(page, baseURL!, rep.cookie);
  await page.goto("/settings/webhooks");
  await expect(page.getByText("Only owners and admins can see and manage webhooks.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
  expect((await request.get("/api/v1/webhooks", { headers: { authorization: `Bearer ${rep.token}` } })).status()).toBe(403);
});
