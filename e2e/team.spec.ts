import { randomBytes } from "node:crypto";
import { expect, shoot, test } from "./fixtures";
import { mailCount, waitForMail } from "./mail";


test("a manager invites a rep by email; the rep follows the mailed link, signs up, confirms the address, accepts and works in the manager's workspace", async ({
  authedPage: page,
  browser,
  baseURL,
}) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Riko Ishida's team" })).toBeVisible();
  await page.getByLabel("Workspace name").fill("Riko's Sales 営業部");
  await page.getByRole("region", { name: "Workspace" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Riko's Sales 営業部" })).toBeVisible();

  const inviteeEmail = `rep-${randomBytes(4).toString("hex")}@example.test`;
  await page.getByLabel("Email").fill(inviteeEmail);
  await page.getByRole("button", { name: "Send invitation" }).click();
  // No mail server here: the manager sees the link once, and the same link is "mailed" (logged).
  const shown = (await page.getByTestId("invitation-link").textContent())!.trim();
  expect(shown).toMatch(new RegExp(`^${baseURL}/invite/inv_\\w+\\?token=[\\w-]{43}$`));
  await expect(page.getByRole("listitem").filter({ hasText: inviteeEmail })).toBeVisible();
  await shoot(page, "team-settings");
  const invitation = await waitForMail(inviteeEmail, "invitation");
  expect(invitation.link).toBe(shown);
  expect(invitation.subject).toBe("Riko Ishida invited you to Riko's Sales 営業部 on Pipeline");

  const context = await browser.newContext();
  const rep = await context.newPage();
  await rep.goto(invitation.link);
  await expect(rep.getByRole("heading", { name: "Join Riko's Sales 営業部" })).toBeVisible();
  await expect(rep.getByText(`Riko Ishida invited ${inviteeEmail} to join as a sales rep.`)).toBeVisible();
  await shoot(rep, "invite-signed-out");

  // The bare id, without the link's secret, shows nothing.
  await rep.goto(invitation.link.replace(/\?token=.*$/, ""));
  await expect(rep.getByRole("heading", { name: "Invitation not available" })).toBeVisible();
  await shoot(rep, "invite-invalid");

  await rep.goto(invitation.link);
  await rep.getByRole("link", { name: "Create account" }).click();
  await expect(rep.getByLabel("Email")).toHaveValue(inviteeEmail);
  await rep.getByLabel("Name").fill("Sora Kimura");
  await rep.getByLabel("Password").fill("rep-password-123");
  await rep.getByRole("button", { name: "Create account" }).click();
  await expect(rep).toHaveURL(/\/invite\/inv_\w+\?token=/);
  await expect(rep.getByText("Confirm your email address first")).toBeVisible();
  await expect(rep.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
  await shoot(rep, "invite-unconfirmed");

  // "Send the link again" mails a new confirmation link; either one works, the newest is used.
  const before = mailCount(inviteeEmail, "verify-email");
  await rep.getByRole("button", { name: "Send the link again" }).click();
  await expect(rep.getByText(`We sent a new link to ${inviteeEmail}`)).toBeVisible();
  const confirm = await waitForMail(inviteeEmail, "verify-email", before);
  await rep.goto(confirm.link);
  // The confirmation returns to the invitation, now ready to accept.
  await expect(rep).toHaveURL(/\/invite\/inv_\w+\?token=/);
  await expect(rep.getByRole("button", { name: "Accept invitation" })).toBeVisible();
  await shoot(rep, "invite-ready");
  await rep.getByRole("button", { name: "Accept invitation" }).click();
  await expect(rep).toHaveURL(/\/board$/);
  await expect(rep.getByText("Riko's Sales 営業部")).toBeVisible();
  // A sales rep sees no manager navigation.
  await expect(rep.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipeline" })).toHaveCount(0);

  // The link is spent.
  await rep.goto(invitation.link);
  await expect(rep.getByRole("heading", { name: "Invitation not available" })).toBeVisible();
  await context.close();

  await page.reload();
  await expect(page.getByText("Sora Kimura")).toBeVisible();
  await expect(page.getByText("No invitations waiting for an answer.")).toBeVisible();
});

test("a manager sends an invitation again (the old link stops working) or withdraws it; a link opened in the wrong account offers to sign out", async ({
  authedPage: page,
  browser,
}) => {
  await page.goto("/settings");
  const inviteeEmail = `again-${randomBytes(4).toString("hex")}@example.test`;
  await page.getByLabel("Email").fill(inviteeEmail);
  await page.getByRole("button", { name: "Send invitation" }).click();
  const first = await waitForMail(inviteeEmail, "invitation");

  await page.getByRole("button", { name: `Send the invitation to ${inviteeEmail} again` }).click();
  const second = await waitForMail(inviteeEmail, "invitation", 1);
  expect(second.link).not.toBe(first.link);
  await expect(page.getByTestId("invitation-link")).toHaveText(second.link);

  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(first.link);
  await expect(visitor.getByRole("heading", { name: "Invitation not available" })).toBeVisible();
  await visitor.goto(second.link);
  await expect(visitor.getByRole("heading", { name: /^Join / })).toBeVisible();

  await page.getByRole("button", { name: `Withdraw the invitation to ${inviteeEmail}` }).click();
  // Withdrawing asks first.
  await page.getByRole("alertdialog", { name: `Withdraw the invitation to ${inviteeEmail}?` }).getByRole("button", { name: "Withdraw" }).click();
  await expect(page.getByText(`Invitation to ${inviteeEmail} withdrawn`)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: inviteeEmail })).toHaveCount(0);
  await visitor.goto(second.link);
  await expect(visitor.getByRole("heading", { name: "Invitation not available" })).toBeVisible();
  await context.close();

  // The manager opens an invitation meant for someone else in their own browser.
  const otherEmail = `other-${randomBytes(4).toString("hex")}@example.test`;
  await page.getByLabel("Email").fill(otherEmail);
  await page.getByRole("button", { name: "Send invitation" }).click();
  const invitation = await waitForMail(otherEmail, "invitation");
  await page.goto(invitation.link);
  await expect(page.getByText(`This invitation is for ${otherEmail}.`)).toBeVisible();
  await shoot(page, "invite-wrong-account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Create account" })).toBeVisible();
});
