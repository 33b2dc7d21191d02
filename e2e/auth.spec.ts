import { randomBytes } from "node:crypto";
import { DEMO, expect, shoot, signUpThroughForm, signUpViaApi, test } from "./fixtures";
import { mailCount, waitForMail } from "./mail";


test("signs up through the UI, lands on the board, and confirms the address from the mail", async ({ page }) => {
  const email = `ui-${randomBytes(4).toString("hex")}@example.test`;
  await signUpThroughForm(page, { name: "Hana Suzuki", email, password: "ui-password-123" });
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Board" })).toBeVisible();
  await expect(page.getByText("Hana Suzuki's team")).toBeVisible();
  const banner = page.getByRole("status").filter({ hasText: "Confirm your email address" });
  await expect(banner).toContainText(email);
  await page.screenshot({ path: "e2e/artifacts/board-new-user.png", fullPage: true });

  const mail = await waitForMail(email, "verify-email");
  expect(mail.subject).toBe("Confirm your email address for Pipeline");
  await page.goto(mail.link);
  await expect(page).toHaveURL(/\/board$/);
  await expect(banner).toHaveCount(0);
});

test("signs in as the demo manager and sees the Pipeline nav", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipeline" })).toBeVisible();
});

test("shows an error for a wrong password and stays on the login page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill("definitely-wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /invalid/i })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("redirects signed-out visitors to /login", async ({ page }) => {
  await page.goto("/board");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("link", { name: "Forgot password?" })).toBeVisible();
  await shoot(page, "login");
});

test("signs out from the user menu", async ({ authedPage: page }) => {
  await page.goto("/board");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/board");
  await expect(page).toHaveURL(/\/login/);
});

test("the user menu works from the keyboard: focus it, open it, move through it, close it back onto its button", async ({ authedPage: page }) => {
  await page.goto("/board");
  const button = page.getByRole("button", { name: "User menu" });
  await button.focus();
  // The menu's code loads on focus; the button that takes over keeps the focus.
  await expect(page.getByRole("button", { name: "User menu" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("[role=menuitem]:focus")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "User menu" })).toBeFocused();
});

test("forgot password: a reset link by mail, a new password, and the old one stops working", async ({ page, request, baseURL }) => {
  const user = await signUpViaApi(request, baseURL!, "Fumi Forgetful");
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await shoot(page, "forgot-password");

  await page.getByLabel("Email").fill(user.email);
  const before = mailCount(user.email, "reset-password");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText("the link is in the server's log")).toBeVisible();
  await shoot(page, "forgot-password-sent");

  const mail = await waitForMail(user.email, "reset-password", before);
  expect(mail.subject).toBe("Reset your Pipeline password");
  await page.goto(mail.link);
  await expect(page).toHaveURL(/\/reset-password\?token=/);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await shoot(page, "reset-password");

  await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
  await page.getByLabel("Repeat the new password").fill("a-different-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The two passwords differ.")).toBeVisible();
  await page.getByLabel("Repeat the new password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();
  await shoot(page, "reset-password-done");

  // The old session (the API token from sign-up) ended with the reset.
  expect((await request.get("/api/v1/me", { headers: { authorization: `Bearer ${user.token}` } })).status()).toBe(401);

  // The link worked once.
  await page.goto(mail.link);
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await shoot(page, "reset-password-expired");

  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /invalid/i })).toBeVisible();
  await page.getByLabel("Password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/board$/);
  // The reset link came through the mailbox: the address counts as confirmed.
  await expect(page.getByText("Confirm your email address")).toHaveCount(0);
});
