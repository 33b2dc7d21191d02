import { randomBytes } from "node:crypto";
import { DEMO, expect, test } from "./fixtures";

test("signs up through the UI and lands on the board", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Hana Suzuki");
  await page.getByLabel("Email").fill(`ui-${randomBytes(4).toString("hex")}@example.test`);
  await page.getByLabel("Password").fill("ui-password-123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Board" })).toBeVisible();
  await expect(page.getByText("Hana Suzuki's team")).toBeVisible();
  await page.screenshot({ path: "e2e/artifacts/board-new-user.png", fullPage: true });
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
  await page.screenshot({ path: "e2e/artifacts/login.png" });
});

test("signs out from the user menu", async ({ authedPage: page }) => {
  await page.goto("/board");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/board");
  await expect(page).toHaveURL(/\/login/);
});
