import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expectAccessible, expectDialogsOnScreen, expectNoHorizontalOverflow } from "./a11y";
import { contextAt, DEMO, expect, managerAndRep, signInAs, signInPage, signUpThroughForm, signUpViaApi, test } from "./fixtures";
import { waitForMail } from "./mail";

/**
 * The account pages, settings, profile, manager view and API reference in English and Japanese,
 * on a desktop and a phone: the page's words in the language asked for, axe finds nothing serious,
 * the document never scrolls sideways. Then the language switch on the profile page, mail in the
 * recipient's language, the localized name of a new workspace, and the team's management.
 */

const SHOTS = process.env.SHOTS_DIR ?? "test-results/shots-account-i18n";
const LANGUAGES = [
  { lang: "en", locale: "en-US" },
  { lang: "ja", locale: "ja-JP" },
] as const;
const WIDTHS = [1440, 390] as const;

const TEXT = {
  en: {
    login: "Sign in",
    signup: "Create your workspace",
    forgot: "Reset your password",
    team: "Members",
    profile: "Profile",
    pipeline: "Pipeline",
    byStage: "By stage",
    stage: "Negotiation",
    apiDocs: "Get a token and make a first call",
  },
  ja: {
    login: "ログイン",
    signup: "ワークスペースを作成",
    forgot: "パスワードの再設定",
    team: "メンバー",
    profile: "プロフィール",
    pipeline: "パイプライン",
    byStage: "ステージ別",
    stage: "交渉",
    apiDocs: "トークンを取得して最初の API を呼び出す",
  },
} as const;


async function check(page: Page, label: string): Promise<void> {
  await expectNoHorizontalOverflow(page, label);
  await expectDialogsOnScreen(page, label);
  await expectAccessible(page, label);
  await page.screenshot({ path: `${SHOTS}/${label}.png`, fullPage: true });
}

for (const { lang, locale } of LANGUAGES) {
  for (const width of WIDTHS) {
    test(`account pages, settings, manager view and API reference in ${lang} at ${width} px`, async ({ browser, baseURL, request }) => {
      // Seven pages, each measured and checked by axe.
      test.setTimeout(180_000);
      const context = await contextAt(browser, baseURL!, locale, width);
      const page = await context.newPage();
      const words = TEXT[lang];
      const tag = `${lang}-${width}`;

      await page.goto("/login");
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.getByRole("heading", { name: words.login, level: 1 })).toBeVisible();
      await check(page, `login-${tag}`);
      await page.goto("/signup");
      await expect(page.getByRole("heading", { name: words.signup, level: 1 })).toBeVisible();
      await check(page, `signup-${tag}`);
      await page.goto("/forgot-password");
      await expect(page.getByRole("heading", { name: words.forgot, level: 1 })).toBeVisible();
      await check(page, `forgot-password-${tag}`);

      // The demo tenant's manager: a full team, a pipeline with numbers.
      await signInAs(page, request, baseURL!, DEMO);
      await page.goto("/settings");
      await expect(page.getByRole("heading", { name: words.team, exact: true })).toBeVisible();
      await check(page, `settings-${tag}`);
      await page.goto("/settings/profile");
      await expect(page.getByRole("heading", { name: words.profile, level: 1 })).toBeVisible();
      await check(page, `profile-${tag}`);
      await page.goto("/pipeline");
      await expect(page.getByRole("heading", { name: words.pipeline, level: 1 })).toBeVisible();
      await expect(page.getByRole("region", { name: words.byStage }).getByRole("rowheader", { name: words.stage })).toBeVisible();
      await check(page, `pipeline-${tag}`);
      await page.goto("/api-docs");
      await expect(page.getByRole("heading", { name: words.apiDocs })).toBeVisible();
      await expectNoHorizontalOverflow(page, `api-docs-${tag}`);
      await expectAccessible(page, `api-docs-${tag}`);
      await page.screenshot({ path: `${SHOTS}/api-docs-${tag}.png` });
      await context.close();
    });
  }
}

test("on a phone, the manager view stacks and its currency toggle and tables stay reachable", async ({ browser, baseURL, request }) => {
  const context = await contextAt(browser, baseURL!, "ja-JP", 390);
  const page = await context.newPage();
  await signInAs(page, request, baseURL!, DEMO);
  await page.goto("/pipeline");
  const currency = page.getByRole("group", { name: "通貨" });
  await currency.scrollIntoViewIfNeeded();
  for (const button of await currency.getByRole("button").all()) {
    const box = (await button.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  await currency.getByRole("button", { name: "USD" }).click();
  await expect(currency.getByRole("button", { name: "USD" })).toHaveAttribute("aria-pressed", "true");
  // Wide tables scroll inside their own box, which takes keyboard focus; the page does not.
  const owners = page.getByRole("region", { name: "担当者別" });
  await expect(owners.getByRole("columnheader", { name: "今四半期の受注" })).toBeAttached();
  await expectNoHorizontalOverflow(page, "pipeline-ja-390-usd");
  await context.close();
});

test("switching the language on the profile page re-renders the app in it without a reload", async ({ browser, baseURL, request }) => {
  const user = await signUpViaApi(request, baseURL!, "Riko Ishida");
  const context = await contextAt(browser, baseURL!, "en-US", 1440);
  const page = await context.newPage();
  await signInPage(page, baseURL!, user.cookie);
  await page.goto("/settings/profile");
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await page.getByRole("radio", { name: "日本語" }).check();
  await expect(page.getByRole("heading", { name: "プロフィール", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "設定" }).getByRole("link", { name: "チーム" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await page.screenshot({ path: `${SHOTS}/profile-switched-ja.png` });
  const me = await (await request.get("/api/v1/me", { headers: { authorization: `Bearer ${user.token}` } })).json();
  expect(me.user.locale).toBe("ja");

  // The other pages follow; back to the browser's language (English here).
  await page.getByRole("navigation", { name: "設定" }).getByRole("link", { name: "チーム" }).click();
  await expect(page.getByRole("heading", { name: "メンバー", exact: true })).toBeVisible();
  await page.getByRole("navigation", { name: "設定" }).getByRole("link", { name: "プロフィール" }).click();
  await page.getByRole("radio", { name: /ブラウザの設定に従う/ }).check();
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // Name and password, with the current password required.
  await page.getByRole("textbox", { name: "Name" }).fill("Riko Ishida-Sato");
  await page.getByRole("region", { name: "Name and email" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Profile saved")).toBeVisible();
  await page.getByLabel("Current password").fill("not-the-password");
  await page.getByLabel("New password", { exact: true }).fill("new-password-456");
  await page.getByLabel("Repeat the new password").fill("new-password-456");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is not right.")).toBeVisible();
  await page.getByLabel("Current password").fill(user.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed; your other devices were signed out")).toBeVisible();
  const signIn = await request.post("/api/auth/sign-in/email", { data: { email: user.email, password: "new-password-456" }, headers: { origin: baseURL! } });
  expect(signIn.status()).toBe(200);
  await context.close();
});

test("signing up in Japanese names the workspace 田中 太郎のチーム and mails the confirmation in Japanese", async ({ browser, baseURL }) => {
  const context = await contextAt(browser, baseURL!, "ja-JP", 390);
  const page = await context.newPage();
  const email = `ja-${randomBytes(4).toString("hex")}@example.test`;
  await signUpThroughForm(page, { name: "田中 太郎", email, password: "ja-password-123" }, "ja");
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "田中 太郎のチーム", level: 1 })).toBeVisible();
  const mail = await waitForMail(email, "verify-email");
  expect(mail.subject).toBe("【Pipeline】メールアドレスの確認");
  await context.close();
});

test("a Japanese user's password-reset mail is in Japanese, whichever browser asks", async ({ browser, baseURL, request }) => {
  const user = await signUpViaApi(request, baseURL!, "Ken Sato");
  expect((await request.patch("/api/v1/me", { data: { locale: "ja" }, headers: { authorization: `Bearer ${user.token}` } })).status()).toBe(200);
  const context = await contextAt(browser, baseURL!, "en-US", 1440);
  const page = await context.newPage();
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mail = await waitForMail(user.email, "reset-password");
  expect(mail.subject).toBe("【Pipeline】パスワードの再設定");
  await context.close();
});

test("managers change a member's role and remove them after confirming; a member of two workspaces switches between them", async ({ browser, baseURL, request }) => {
  const { manager, rep } = await managerAndRep(request, baseURL!, { manager: "Mika Tanaka", rep: "Sora Kimura" });

  // The rep belongs to their own workspace and to the manager's: the switcher offers both.
  const repContext = await contextAt(browser, baseURL!, "en-US", 390);
  const repPage = await repContext.newPage();
  await signInPage(repPage, baseURL!, rep.cookie);
  await repPage.goto("/settings");
  const switcher = repPage.getByRole("region", { name: "Your workspaces" });
  await expect(switcher).toBeVisible();
  await check(repPage, "settings-switcher-en-390");
  const active = (await repPage.getByRole("heading", { level: 1 }).textContent())!;
  const other = active === "Mika Tanaka's team" ? "Sora Kimura's team" : "Mika Tanaka's team";
  await switcher.getByRole("button", { name: `Switch to ${other}` }).click();
  await expect(repPage.getByRole("heading", { name: other, level: 1 })).toBeVisible();

  const context = await contextAt(browser, baseURL!, "en-US", 1440);
  const page = await context.newPage();
  await signInPage(page, baseURL!, manager.cookie);
  await page.goto("/settings");
  const row = page.getByTestId("member-row").filter({ hasText: rep.email });
  await row.getByRole("combobox", { name: "Role of Sora Kimura" }).click();
  await page.getByRole("option", { name: "Manager" }).click();
  await expect(page.getByText("Sora Kimura is now a manager")).toBeVisible();
  const members = await (await request.get("/api/v1/crm/members", { headers: { authorization: `Bearer ${manager.token}` } })).json();
  expect(JSON.stringify(members)).toContain("admin");
  // Nobody manages themselves from the list.
  await expect(page.getByTestId("member-row").filter({ hasText: manager.email }).getByRole("combobox")).toHaveCount(0);

  await row.getByRole("button", { name: "Remove Sora Kimura from the workspace" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Remove Sora Kimura?" });
  await expect(dialog).toBeVisible();
  await expectDialogsOnScreen(page, "remove-member");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("member-row").filter({ hasText: rep.email })).toHaveCount(1);
  await row.getByRole("button", { name: "Remove Sora Kimura from the workspace" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("Sora Kimura was removed from the workspace")).toBeVisible();
  await expect(page.getByTestId("member-row").filter({ hasText: rep.email })).toHaveCount(0);
  await context.close();
  await repContext.close();
});
