import { apiClient, expect, managerAndRep, signInPage, test } from "./fixtures";

/**
 * Deal visibility, as a manager sets it and a rep then lives with it: under "Reps see only their
 * own deals" the rep's board and deals list show his deals alone, a colleague's deal page is not
 * found, and the owner field of his own deal stays his to hand over; the manager still sees all.
 */
test("a manager limits reps to their own deals; the rep's board, list and a colleague's deal follow", async ({ page, request, baseURL }) => {
  test.setTimeout(90_000);
  const { manager, rep } = await managerAndRep(request, baseURL!, { manager: "Mika Visibility", rep: "Ken Visibility" });
  const managerApi = apiClient(request, manager.token);
  const repApi = apiClient(request, rep.token);
  const mine = await repApi.post("/api/v1/crm/deals", { name: "Ken's own deal", stage: "proposal" });
  const theirs = await managerApi.post("/api/v1/crm/deals", { name: "Mika's big deal", stage: "proposal" });
  expect([mine.status, theirs.status]).toEqual([201, 201]);

  // The manager switches the setting in Settings.
  await signInPage(page, baseURL!, manager.cookie);
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Deal visibility" });
  await expect(section.getByRole("radio", { name: /Everyone sees every deal/ })).toBeChecked();
  await section.getByRole("radio", { name: /Reps see only their own deals/ }).check();
  await section.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Reps now see only their own deals")).toBeVisible();
  await page.screenshot({ path: "e2e/artifacts/settings-deal-visibility.png", fullPage: true });
  await page.reload();
  await expect(page.getByRole("region", { name: "Deal visibility" }).getByRole("radio", { name: /Reps see only their own deals/ })).toBeChecked();

  // The rep sees his deal alone, on the board and in the list.
  await page.context().clearCookies();
  await signInPage(page, baseURL!, rep.cookie);
  await page.goto("/board");
  const proposal = page.getByRole("region", { name: "Proposal", exact: true });
  await expect(proposal.locator("[data-card-name]")).toHaveText(["Ken's own deal"]);
  await page.goto("/deals");
  await expect(page.getByRole("link", { name: "Ken's own deal" }).first()).toBeVisible();
  await expect(page.getByText("Mika's big deal")).toHaveCount(0);
  // A colleague's deal is not found, as if it did not exist (the page streams, so the status is
  // 200 with the not-found screen; the API's answer is the 404).
  await page.goto(`/deals/${theirs.body.deal.id}`);
  await expect(page.getByRole("heading", { name: "Deal not found" })).toBeVisible();
  expect((await repApi.get(`/api/v1/crm/deals/${theirs.body.deal.id}`)).status).toBe(404);
  // The settings page tells the rep why.
  await page.goto("/settings");
  await expect(page.getByText("In this workspace you see the deals assigned to you; managers see every deal.")).toBeVisible();

  // The manager still sees both.
  await page.context().clearCookies();
  await signInPage(page, baseURL!, manager.cookie);
  await page.goto("/board");
  await expect(page.getByRole("region", { name: "Proposal", exact: true }).locator("[data-card-name]")).toHaveText(["Mika's big deal", "Ken's own deal"]);
});

test("a rep cannot take a colleague's deal: the owner field is read-only and says who may change it", async ({ page, request, baseURL }) => {
  const { manager, rep } = await managerAndRep(request, baseURL!, { manager: "Mika Owner", rep: "Ken Owner" });
  const theirs = await apiClient(request, manager.token).post("/api/v1/crm/deals", { name: "Mika's deal" });
  await signInPage(page, baseURL!, rep.cookie);
  await page.goto(`/deals/${theirs.body.deal.id}`);
  await expect(page.getByRole("heading", { name: "Mika's deal" })).toBeVisible();
  // The owner is shown, not editable in place; the other fields are.
  await expect(page.getByRole("button", { name: "Edit Amount" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit Owner" })).toHaveCount(0);
  // Editing the deal opens the form with the owner picker disabled and the reason under it.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("combobox", { name: "Owner" })).toBeDisabled();
  await expect(dialog.getByText("Only a manager or the deal's owner can change who owns it.")).toBeVisible();
});
