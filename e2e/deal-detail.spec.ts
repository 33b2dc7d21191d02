import type { Page } from "@playwright/test";
import { apiClient, createDeal, DEMO, expect, test, type WireDeal } from "./fixtures";

/**
 * The deal record page against the production build: in-place edits and the edit dialog,
 * the timeline and its composer, stage moves from the stepper (Lost included), version
 * conflicts, delete with undo, the trash, and server field errors in the form.
 */

const timeline = (page: Page) => page.getByRole("list", { name: "Activity timeline" });
const firstEntry = (page: Page) => timeline(page).locator(":scope > li").first();
const stepper = (page: Page) => page.getByRole("group", { name: "Stage" });

/** Today's month: the calendar opens there when no date is set. */
function fifteenthOfThisMonth() {
  const now = new Date();
  const iso = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-15`;
  const shown = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
  return { iso, shown };
}

async function openDeal(page: Page, deal: WireDeal) {
  await page.goto(`/deals/${deal.id}`);
  await expect(page.getByRole("heading", { level: 1, name: deal.name })).toBeVisible();
}

test.describe("deal record page", () => {
  test("open from the board, edit amount and close date in place: a reload shows them and the timeline has the changes", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "さくら物産 CRM rollout", stage: "proposal", amount: 1_200_000, currency: "JPY" });
    await page.goto("/board");
    await page.getByRole("link", { name: deal.name }).first().click();
    await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: deal.name })).toBeVisible();
    await expect(page.getByTestId("header-amount")).toHaveText("¥1,200,000");

    const patch = page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith(`/api/v1/crm/deals/${deal.id}`));
    await page.getByRole("button", { name: "Edit Amount" }).click();
    await page.getByLabel("Amount", { exact: true }).fill("1500000");
    await page.getByRole("button", { name: "Save" }).click();
    // Only the changed field and the version read are sent.
    expect((await patch).postDataJSON()).toEqual({ amount: 1_500_000, version: 1, source_type: "frontend" });
    await expect(page.getByTestId("header-amount")).toHaveText("¥1,500,000");

    const { shown } = fifteenthOfThisMonth();
    // The calendar opens with the editor: the day is the second click.
    await page.getByRole("button", { name: "Edit Expected close" }).click();
    await page.getByRole("grid").getByRole("button", { name: /15th/ }).click();
    await expect(page.getByRole("button", { name: "Edit Expected close" })).toContainText(shown);

    await page.reload();
    await expect(page.getByTestId("header-amount")).toHaveText("¥1,500,000");
    await expect(page.getByRole("button", { name: "Edit Expected close" })).toContainText(shown);
    await expect(timeline(page)).toContainText("changed Amount");
    const amountChange = timeline(page).locator("li", { hasText: "changed Amount" });
    await expect(amountChange).toContainText("¥1,200,000");
    await expect(amountChange).toContainText("¥1,500,000");
    await expect(timeline(page).locator("li", { hasText: "changed Expected close" })).toContainText(shown);
  });

  test("a save that answers after the next field was opened leaves that field's editor open", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Slow answer", stage: "lead", amount: 100_000, currency: "JPY" });
    await openDeal(page, deal);
    // Hold the PATCH until the next editor is open; the real server then answers it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/v1/crm/deals/${deal.id}`, async (route) => {
      if (route.request().method() !== "PATCH") return route.continue();
      await held;
      await route.continue();
    });
    const answered = page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().endsWith(`/api/v1/crm/deals/${deal.id}`));
    await page.getByRole("button", { name: "Edit Amount" }).click();
    await page.getByLabel("Amount", { exact: true }).fill("250000");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Edit Probability" }).click();
    await expect(page.getByLabel("Probability", { exact: true })).toBeVisible();
    release();
    expect((await answered).status()).toBe(200);
    await expect(page.getByTestId("header-amount")).toHaveText("¥250,000");
    // The amount's save closed only its own editor.
    await expect(page.getByLabel("Probability", { exact: true })).toBeVisible();
    await page.getByLabel("Probability", { exact: true }).fill("35");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("button", { name: "Edit Probability" })).toContainText("35%");
    await page.reload();
    await expect(page.getByTestId("header-amount")).toHaveText("¥250,000");
    await expect(page.getByRole("button", { name: "Edit Probability" })).toContainText("35%");
  });

  test("the edit dialog changes several fields at once and sends only those", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Globex expansion", stage: "qualification", amount: 50_000, currency: "USD", tags: ["enterprise"] });
    await openDeal(page, deal);
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit deal" });
    await dialog.getByLabel("Amount").fill("75000.5");
    await dialog.getByLabel("Tags").fill("重点");
    await dialog.getByLabel("Tags").press("Enter");
    const patch = page.waitForRequest((r) => r.method() === "PATCH");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    expect((await patch).postDataJSON()).toEqual({ amount: 75_000.5, tags: ["enterprise", "重点"], version: 1, source_type: "frontend" });
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("header-amount")).toHaveText("$75,000.50");
    await expect(firstEntry(page)).toContainText("changed 2 fields");
    await expect(firstEntry(page)).toContainText("enterprise, 重点");
  });

  test("a note added in the composer appears at the top at once and stays after a reload", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Initech renewal", amount: 300_000 });
    await openDeal(page, deal);
    await expect(firstEntry(page)).toContainText("created the deal");

    const post = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith(`/deals/${deal.id}/activities`));
    await page.getByLabel("Note text").fill("先方の購買部と打ち合わせ。\nBudget confirmed for Q1.");
    await page.getByRole("button", { name: "Add note" }).click();
    await expect(firstEntry(page)).toContainText("Budget confirmed for Q1.");
    await expect(firstEntry(page)).toContainText("先方の購買部と打ち合わせ。");
    const request = await post;
    expect(request.postDataJSON()).toMatchObject({ type: "note", source_type: "frontend" });
    expect(request.headers()["idempotency-key"]).toBeTruthy();
    await expect(page.getByLabel("Note text")).toHaveValue("");

    await page.getByRole("radio", { name: "Task" }).click();
    await page.getByLabel("Task text").fill("Send the revised quote");
    await page.getByLabel("Due date").click();
    await page.getByRole("grid").getByRole("button", { name: /15th/ }).click();
    await page.getByRole("button", { name: "Add task" }).click();
    await expect(firstEntry(page)).toContainText("Send the revised quote");
    await expect(firstEntry(page)).toContainText(`Due ${fifteenthOfThisMonth().shown}`);

    await page.reload();
    await expect(firstEntry(page)).toContainText("Send the revised quote");
    // The task became the deal's next step and moved its follow-up date: recorded just below it.
    await expect(timeline(page).locator(":scope > li").nth(1)).toContainText("changed Next follow-up");
    await expect(timeline(page).locator(":scope > li").nth(2)).toContainText("Budget confirmed for Q1.");
  });

  test("keyboard: fields edit with Enter and cancel with Escape; the company links to its deals", async ({ authedPage: page, api }) => {
    const company = (await api.post("/api/v1/crm/companies", { name: "株式会社さくら物産" })).body.company;
    const deal = await createDeal(api, { name: "さくら物産 — 全社ライセンス", amount: 900_000, company_id: company.id });
    await createDeal(api, { name: "さくら物産 — 追加ライセンス", company_id: company.id });
    await createDeal(api, { name: "Unrelated deal" });
    await openDeal(page, deal);

    await page.getByRole("button", { name: "Edit Probability" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Probability")).toBeFocused();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("15");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("button", { name: "Edit Probability" })).toContainText("10%");
    await expect(page.getByRole("button", { name: "Edit Probability" })).toBeFocused();

    await page.getByRole("button", { name: "Edit Probability" }).click();
    await page.getByLabel("Probability").fill("15");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "Edit Probability" })).toContainText("15%");
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal.probability).toBe(15);

    await page.getByRole("link", { name: "All deals with 株式会社さくら物産" }).click();
    await expect(page).toHaveURL(new RegExp(`/deals\\?company_id=${company.id}`));
    await expect(page.getByText("Company: 株式会社さくら物産")).toBeVisible();
    await expect(page.getByRole("table", { name: "Deals" }).locator("tbody tr")).toHaveCount(2);
    await page.getByRole("button", { name: "Remove filter Company: 株式会社さくら物産" }).click();
    await expect(page.getByRole("table", { name: "Deals" }).locator("tbody tr")).toHaveCount(3);
  });

  test("the timeline pages with Load more, newest first, with the exact time on hover", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Hooli data platform" });
    for (let i = 1; i <= 25; i++) {
      const occurred = new Date(Date.UTC(2026, 0, 1, 9, i)).toISOString();
      const res = await api.post(`/api/v1/crm/deals/${deal.id}/activities`, { type: i % 2 ? "call" : "email", content: `Touchpoint ${i}`, occurred_at: occurred });
      expect(res.status).toBe(201);
    }
    await openDeal(page, deal);
    const entries = timeline(page).locator(":scope > li");
    await expect(entries).toHaveCount(20);
    // Newest first in the order they were recorded; each shows when it happened.
    await expect(entries.nth(0)).toContainText("Touchpoint 25");
    await expect(entries.nth(0)).toContainText("logged a call");
    await expect(entries.nth(1)).toContainText("Touchpoint 24");
    await expect(entries.nth(1)).toContainText("logged an email");
    await expect(entries.nth(0).locator("time")).toHaveAttribute("title", /Jan 1, 2026/);
    await expect(page.getByText("Showing 20 of 26")).toBeVisible();
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(entries).toHaveCount(26);
    await expect(entries.nth(24)).toContainText("Touchpoint 1");
    await expect(entries.last()).toContainText("created the deal");
    await expect(page.getByRole("button", { name: "Load more" })).toBeHidden();
  });

  test("the stage stepper moves the deal, Lost asks why, and both are in the timeline", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Umbrella Corp pilot", stage: "proposal", amount: 800_000 });
    await openDeal(page, deal);
    await expect(stepper(page).getByRole("button", { name: "Proposal" })).toHaveAttribute("aria-current", "step");

    await stepper(page).getByRole("button", { name: "Negotiation" }).click();
    await expect(stepper(page).getByRole("button", { name: "Negotiation" })).toHaveAttribute("aria-current", "step");
    await expect(firstEntry(page)).toContainText("moved the deal to Negotiation");
    await expect(firstEntry(page)).toContainText("Proposal");
    await expect(firstEntry(page)).toContainText("Negotiation");
    await expect(page.getByRole("button", { name: "Edit Probability" })).toContainText("80%");

    await stepper(page).getByRole("button", { name: "Lost" }).click();
    const dialog = page.getByRole("dialog", { name: "Mark deal as lost" });
    await dialog.getByLabel("Loss category").click();
    await page.getByRole("option", { name: "Lost to competitor" }).click();
    await dialog.getByLabel("Lost reason").fill("Chose a local vendor");
    await dialog.getByRole("button", { name: "Mark as lost" }).click();
    await expect(dialog).toBeHidden();
    await expect(stepper(page).getByRole("button", { name: "Lost" })).toHaveAttribute("aria-current", "step");
    await expect(firstEntry(page)).toContainText("marked the deal as lost");
    await expect(page.getByRole("button", { name: "Edit Lost reason" })).toContainText("Chose a local vendor");
    await expect(page.getByTestId("stage-time-closed_lost")).toContainText("now");

    const fresh = await api.get(`/api/v1/crm/deals/${deal.id}`);
    expect(fresh.body.deal).toMatchObject({ stage: "closed_lost", loss_category: "competitor", lost_reason: "Chose a local vendor" });
  });

  test("a concurrent edit shows what changed and lets me re-apply my change or reload", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Stark Industries upgrade", amount: 1_000_000, currency: "JPY" });
    await openDeal(page, deal);

    // Someone else changes the deal between my page load and my save.
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit deal" });
    await dialog.getByLabel("Amount").fill("2000000");
    expect((await api.patch(`/api/v1/crm/deals/${deal.id}`, { amount: 1_100_000, name: "Stark Industries upgrade (v2)" })).status).toBe(200);
    await dialog.getByRole("button", { name: "Save changes" }).click();

    const notice = dialog.getByRole("alert").filter({ hasText: "changed this deal while you were editing" });
    await expect(notice).toBeVisible();
    await expect(notice.getByTestId("conflict-amount")).toContainText("¥1,100,000");
    await expect(notice.getByTestId("conflict-amount")).toContainText("¥2,000,000");
    await expect(notice).toContainText("Stark Industries upgrade (v2)");
    // Nothing was overwritten.
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal.amount).toBe(1_100_000);

    await notice.getByRole("button", { name: "Re-apply my change" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("header-amount")).toHaveText("¥2,000,000");
    const after = (await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal;
    expect(after).toMatchObject({ amount: 2_000_000, name: "Stark Industries upgrade (v2)", version: 3 });

    // In place: a stale save shows the conflict on the page; Reload takes their version.
    await page.getByRole("button", { name: "Edit Probability" }).click();
    await page.getByLabel("Probability").fill("35");
    expect((await api.patch(`/api/v1/crm/deals/${deal.id}`, { probability: 60 })).status).toBe(200);
    await page.getByRole("button", { name: "Save" }).click();
    const inline = page.getByRole("alert").filter({ hasText: "changed this deal while you were editing" });
    await expect(inline.getByTestId("conflict-probability")).toContainText("60%");
    await expect(inline.getByTestId("conflict-probability")).toContainText("35%");
    await inline.getByRole("button", { name: "Reload" }).click();
    await expect(inline).toBeHidden();
    await expect(page.getByRole("button", { name: "Edit Probability" })).toContainText("60%");
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal.probability).toBe(60);

    // In place again, this time re-applied: my value wins, their other change stays.
    await page.getByRole("button", { name: "Edit Probability" }).click();
    await page.getByLabel("Probability").fill("45");
    expect((await api.patch(`/api/v1/crm/deals/${deal.id}`, { probability: 70, name: "Stark Industries upgrade (v3)" })).status).toBe(200);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(inline.getByTestId("conflict-probability")).toContainText("70%");
    await expect(inline.getByTestId("conflict-probability")).toContainText("45%");
    await expect(inline).toContainText("Stark Industries upgrade (v3)");
    await inline.getByRole("button", { name: "Re-apply my change" }).click();
    await expect(inline).toBeHidden();
    await expect(page.getByRole("button", { name: "Edit Probability" })).toContainText("45%");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stark Industries upgrade (v3)");
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal).toMatchObject({ probability: 45, name: "Stark Industries upgrade (v3)" });
  });

  test("delete asks first, then Undo restores the deal", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Wayne Enterprises security", amount: 5_000_000 });
    await openDeal(page, deal);
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this deal?" });
    await dialog.getByRole("button", { name: "Delete deal" }).click();
    await expect(page.getByRole("status").filter({ hasText: "This deal is in the trash." })).toBeVisible();
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).status).toBe(404);
    await expect(page.getByRole("button", { name: "Edit", exact: true })).toBeDisabled();
    await expect(page.getByText("The timeline is back when the deal is restored.")).toBeVisible();

    await page.getByRole("button", { name: "Undo" }).click();
    await expect(page.getByText("This deal is in the trash.")).toBeHidden();
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).status).toBe(200);
    await expect(firstEntry(page)).toContainText("restored the deal");
  });

  test("a deleted deal opened from the trash shows its banner and can be restored", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Cyberdyne retrofit", amount: 42_000 });
    expect((await api.delete(`/api/v1/crm/deals/${deal.id}`)).status).toBe(200);
    await page.goto("/deals?view=trash");
    await page.getByRole("link", { name: deal.name }).click();
    await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));
    const banner = page.getByRole("status").filter({ hasText: "This deal is in the trash." });
    await expect(banner).toBeVisible();
    await banner.getByRole("button", { name: "Restore" }).click();
    await expect(banner).toBeHidden();
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).status).toBe(200);
  });

  test("an unknown deal shows a not-found page", async ({ authedPage: page }) => {
    await page.goto("/deals/deal_01JDX3Z8Q4M2N5P7R9S1T3V5W7");
    await expect(page.getByRole("heading", { name: "Deal not found" })).toBeVisible();
  });

  test("the form shows the server's field errors next to their fields", async ({ authedPage: page, api }) => {
    const company = await api.post("/api/v1/crm/companies", { name: "株式会社テスト商事" });
    expect(company.status).toBe(201);
    await page.goto("/deals");
    // The workspace is new: once the list has loaded, its empty state offers a second "New deal";
    // wait for it so the click does not race the list, and use the toolbar's (the first).
    await expect(page.getByText("No deals yet")).toBeVisible();
    await page.getByRole("button", { name: "New deal" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New deal" });
    await dialog.getByLabel("Name").fill("Reference check");
    await dialog.getByLabel("Company", { exact: true }).click();
    await page.getByRole("combobox", { name: "Search companies…" }).fill("テスト");
    await page.getByRole("option", { name: "株式会社テスト商事" }).click();
    await expect(dialog.getByLabel("Company", { exact: true })).toContainText("株式会社テスト商事");

    // The company disappears before the save: the API refuses the reference (422).
    expect((await api.delete(`/api/v1/crm/companies/${company.body.company.id}`)).status).toBe(200);
    await dialog.getByRole("button", { name: "Create deal" }).click();
    await expect(dialog.getByLabel("Company", { exact: true })).toHaveAttribute("aria-invalid", "true");
    const errorId = await dialog.getByLabel("Company", { exact: true }).getAttribute("aria-describedby");
    await expect(dialog.locator(`[id="${errorId}"]`)).toHaveText("No such company in this workspace.");

    // Client-side, the same schema catches a bad amount before any request.
    await dialog.getByLabel("Amount").fill("-5");
    await dialog.getByRole("button", { name: "Create deal" }).click();
    await expect(dialog.getByText("At least 0.")).toBeVisible();
  });

  test("demo deal: the record page looks finished (screenshot)", async ({ page, baseURL }) => {
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    const res = await page.request.post("/api/auth/sign-in/email", { data: DEMO, headers: { origin: baseURL! } });
    expect(res.status()).toBe(200);
    const token = res.headers()["set-auth-token"];
    const api = apiClient(page.request, token);
    const list = await api.get("/api/v1/crm/deals?stage=negotiation&sort=amount&order=desc&limit=20");
    // The richest timeline among the biggest negotiations makes the most telling screenshot.
    let best = list.body.items[0];
    let most = -1;
    for (const d of list.body.items) {
      const a = await api.get(`/api/v1/crm/deals/${d.id}/activities?limit=1`);
      if (a.body.total > most && d.company_name) {
        most = a.body.total;
        best = d;
      }
    }
    await page.goto(`/deals/${best.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(firstEntry(page)).toBeVisible();
    await page.screenshot({ path: "e2e/artifacts/deal-detail.png", fullPage: true });

    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit deal" });
    await expect(dialog.getByLabel("Name")).toHaveValue(best.name);
    await page.screenshot({ path: "e2e/artifacts/deal-form.png" });
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole("heading", { level: 1 })).toBeInViewport();
    await page.screenshot({ path: "e2e/artifacts/deal-detail-phone.png", fullPage: false });
    // No hydration mismatches or runtime errors on a real record.
    expect(consoleErrors).toEqual([]);
  });
});
