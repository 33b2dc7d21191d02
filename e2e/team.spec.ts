import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";

test("a manager invites a rep by link; the rep signs up, accepts and works in the manager's tenant", async ({ authedPage: page, browser, baseURL }) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Riko Ishida's team" })).toBeVisible();
  await page.getByLabel("Workspace name").fill("Riko's Sales 営業部");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Riko's Sales 営業部" })).toBeVisible();

  const inviteeEmail = `rep-${randomBytes(4).toString("hex")}@example.test`;
  await page.getByLabel("Email").fill(inviteeEmail);
  await page.getByRole("button", { name: "Create invitation" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())!.trim();
  expect(link).toMatch(new RegExp(`^${baseURL}/invite/inv_`));
  await expect(page.getByText(inviteeEmail)).toBeVisible();
  await page.screenshot({ path: "e2e/artifacts/team-settings.png", fullPage: true });

  const context = await browser.newContext();
  const rep = await context.newPage();
  await rep.goto(link);
  await expect(rep.getByRole("heading", { name: "Join Riko's Sales 営業部" })).toBeVisible();
  await rep.getByRole("link", { name: "Create account" }).click();
  await rep.getByLabel("Name").fill("Sora Kimura");
  await rep.getByLabel("Email").fill(inviteeEmail);
  await rep.getByLabel("Password").fill("rep-password-123");
  await rep.getByRole("button", { name: "Create account" }).click();
  await expect(rep).toHaveURL(/\/invite\/inv_/);
  await rep.getByRole("button", { name: "Accept invitation" }).click();
  await expect(rep).toHaveURL(/\/board$/);
  await expect(rep.getByText("Riko's Sales 営業部")).toBeVisible();
  // A sales rep sees no manager navigation.
  await expect(rep.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipeline" })).toHaveCount(0);
  await context.close();

  await page.reload();
  await expect(page.getByText("Sora Kimura")).toBeVisible();
});
