import type { Browser, Page } from "@playwright/test";
import { expectAccessible, expectDialogsOnScreen, expectNoHorizontalOverflow } from "./a11y";
import { expect, joinByInvitation, shoot, signInPage, signUpViaApi, test } from "./fixtures";

/**
 * Settings → API keys: a manager creates a key and copies its secret (shown once), an
 * integration uses it, its writes show "via <key name>" in the timeline, and revoking it stops it
 * at once. The page in English and Japanese at 1,440 and 390 px passes axe with its dialog open;
 * a rep is told that keys are for managers.
 */

const SHOTS = "e2e/artifacts";

test("a manager creates a key, the integration writes with it, the timeline names it, and revoking it stops it at once", async ({ authedPage: page, request }) => {
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  await expect(page.getByText("No keys yet.")).toBeVisible();
  await shoot(page, "api-keys-empty");

  await page.getByLabel("Name").fill("Website form");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("api-key-secret").textContent())!.trim();
  expect(secret).toMatch(/^pipeline_sk_[\w-]{43}$/);
  await expect(page.getByText("This is the only time it is shown.")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Website form" })).toContainText(secret.slice(0, 20));
  await expect(page.getByRole("listitem").filter({ hasText: "Website form" })).toContainText("Never used");
  await shoot(page, "api-keys-created");

  const headers = { authorization: `Bearer ${secret}` };
  const created = await request.post("/api/v1/crm/deals", { headers, data: { name: "Lead from the website" } });
  expect(created.status()).toBe(201);
  const deal = (await created.json()).deal;
  expect(created.headers()["ratelimit-limit"]).toBeTruthy();

  await page.goto(`/deals/${deal.id}`);
  await expect(page.getByText("Riko Ishida via Website form").first()).toBeVisible();

  // The secret is gone after a reload: only the prefix and the last use remain.
  await page.goto("/settings/api-keys");
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);
  await expect(page.getByRole("listitem").filter({ hasText: "Website form" })).not.toContainText("Never used");
  await page.getByRole("button", { name: "Revoke Website form" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("stop working at once");
  await shoot(page, "api-keys-revoke");
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Key “Website form” revoked")).toBeVisible();
  await expect(page.getByText("No keys yet.")).toBeVisible();
  expect((await request.get("/api/v1/crm/deals", { headers })).status()).toBe(401);
});

async function managerPage(browser: Browser, baseURL: string, locale: string, width: number): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale, viewport: { width, height: width < 600 ? 844 : 900 }, ...(width < 600 ? { hasTouch: true } : {}) });
  const page = await context.newPage();
  const manager = await signUpViaApi(context.request, baseURL, "Riko Ishida");
  await signInPage(page, baseURL, manager.cookie);
  const key = await context.request.post("/api/v1/api-keys", {
    headers: { authorization: `Bearer ${manager.token}` },
    data: { name: "Nightly export 夜間エクスポート", access: "read", scope: "application", expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  });
  expect(key.status()).toBe(201);
  return page;
}

for (const { lang, locale, heading, revoke } of [
  { lang: "en", locale: "en-US", heading: "API keys", revoke: "Revoke Nightly export 夜間エクスポート" },
  { lang: "ja", locale: "ja-JP", heading: "APIキー", revoke: "Nightly export 夜間エクスポートを無効にする" },
] as const) {
  for (const width of [1440, 390]) {
    test(`the API keys page in ${lang} at ${width} px: readable, no sideways scroll, axe-clean with its dialog open`, async ({ browser, baseURL }) => {
      const page = await managerPage(browser, baseURL!, locale, width);
      await page.goto("/settings/api-keys");
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      const label = `api-keys-${lang}-${width}`;
      await expectNoHorizontalOverflow(page, label);
      await expectAccessible(page, label);
      await page.screenshot({ path: `${SHOTS}/${label}.png`, fullPage: true });
      await page.getByRole("button", { name: revoke }).click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
      await expectDialogsOnScreen(page, `${label}-dialog`);
      await expectAccessible(page, `${label}-dialog`);
      await page.screenshot({ path: `${SHOTS}/${label}-dialog.png` });
      await page.context().close();
    });
  }
}

test("a rep sees that API keys are for managers, and the API refuses him", async ({ page, baseURL, request }) => {
  const manager = await signUpViaApi(request, baseURL!, "Riko Ishida");
  const rep = await signUpViaApi(request, baseURL!, "Sora Kimura");
  // Accepting the invitation makes the manager's workspace the rep's active one.
  await joinByInvitation(request, baseURL!, manager, rep);
  await signInPage(page, baseURL!, rep.cookie);
  await page.goto("/settings/api-keys");
  await expect(page.getByText("Only owners and admins can see and manage API keys.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  expect((await request.get("/api/v1/api-keys", { headers: { authorization: `Bearer ${rep.token}` } })).status()).toBe(403);
});
