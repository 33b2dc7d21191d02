import type { Page } from "@playwright/test";
import { type ApiClient, createDeal as createWireDeal, expect, test, type WireDeal as BaseDeal } from "./fixtures";

/**
 * Unsaved work is never lost silently: the deal dialog asks before discarding edits (Escape,
 * outside click, Cancel, the close button, leaving the page), a clean dialog closes at once,
 * and Escape inside an in-place editor's dropdown closes only the dropdown.
 */

type WireDeal = BaseDeal & { deal_type: string | null; expected_close_date: string | null };

const createDeal = (api: ApiClient, input: Record<string, unknown>) => createWireDeal<WireDeal>(api, input);

async function openDeal(page: Page, deal: WireDeal) {
  await page.goto(`/deals/${deal.id}`);
  await expect(page.getByRole("heading", { level: 1, name: deal.name })).toBeVisible();
}

/** Every deal write the page sends, to prove a discard or cancel saved nothing. */
function recordWrites(page: Page) {
  const writes: string[] = [];
  page.on("request", (r) => {
    if (["POST", "PATCH", "PUT", "DELETE"].includes(r.method()) && r.url().includes("/api/v1/crm/deals")) writes.push(`${r.method()} ${r.url()}`);
  });
  return writes;
}

/** Whether the page's beforeunload listeners would ask before leaving. */
const wouldAskBeforeLeaving = (page: Page) =>
  page.evaluate(() => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });

test.describe("deal form: unsaved changes", () => {
  test("a dirty edit dialog asks before closing: Keep editing keeps the text, Discard closes and saves nothing", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Umbrella renewal", amount: 40_000, currency: "USD" });
    await openDeal(page, deal);
    const writes = recordWrites(page);

    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit deal" });
    const confirm = page.getByRole("alertdialog", { name: "Discard changes?" });
    await dialog.getByLabel("Name").fill("Umbrella renewal — 3 years");

    // Escape asks instead of closing.
    await page.keyboard.press("Escape");
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText("Your changes to this deal have not been saved.");
    await expect(confirm.getByRole("button", { name: "Keep editing" })).toBeFocused();
    // Still open underneath (hidden from assistive tech while the confirmation is up).
    await expect(page.getByRole("dialog", { name: "Edit deal", includeHidden: true })).toBeVisible();
    await page.screenshot({ path: "e2e/artifacts/deal-form-discard.png" });

    await confirm.getByRole("button", { name: "Keep editing" }).click();
    await expect(confirm).toBeHidden();
    await expect(dialog.getByLabel("Name")).toHaveValue("Umbrella renewal — 3 years");

    // Escape inside the confirmation closes only the confirmation (same as Keep editing).
    await dialog.getByRole("button", { name: "Close", exact: true }).click();
    // Focus inside means the confirmation is fully mounted and listening for keys.
    await expect(confirm.getByRole("button", { name: "Keep editing" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
    await expect(dialog).toBeVisible();

    // A click outside the dialog asks too. Radix ignores a pointer-down outside a layer until
    // that layer has re-rendered as the topmost one (it then sets its own pointer-events back to
    // auto); a raw mouse click, unlike a locator click, does not wait for that, so wait here.
    // Under CI load the style can be back a moment before the layer listens (it failed once so),
    // so a click that changed nothing is repeated. A click that closed the dialog without asking
    // cannot pass: there would be nothing left to ask about.
    await expect(dialog).toHaveCSS("pointer-events", "auto");
    await expect(async () => {
      if (!(await confirm.isVisible())) {
        await expect(dialog).toBeVisible({ timeout: 100 });
        await page.mouse.click(8, 8);
      }
      await expect(confirm).toBeVisible({ timeout: 1_500 });
    }).toPass({ timeout: 8_000 });
    await confirm.getByRole("button", { name: "Keep editing" }).click();
    await expect(dialog.getByLabel("Name")).toHaveValue("Umbrella renewal — 3 years");

    // Leaving the page while dirty asks the browser to confirm.
    expect(await wouldAskBeforeLeaving(page)).toBe(true);

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Discard" }).click();
    await expect(confirm).toBeHidden();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { level: 1, name: deal.name })).toBeVisible();
    expect(await wouldAskBeforeLeaving(page)).toBe(false);

    const stored = (await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal;
    expect(stored).toMatchObject({ name: "Umbrella renewal", version: 1 });
    expect(writes).toEqual([]);

    // Reopened, the form starts from the stored deal, not the discarded text.
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    await expect(dialog.getByLabel("Name")).toHaveValue("Umbrella renewal");
  });

  test("a clean dialog closes at once with Escape; changing a field back makes it clean again", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Hooli pilot", amount: 12_000, currency: "USD" });
    await openDeal(page, deal);
    const confirm = page.getByRole("alertdialog");

    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit deal" });
    await expect(dialog.getByLabel("Name")).toHaveValue("Hooli pilot");
    expect(await wouldAskBeforeLeaving(page)).toBe(false);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(confirm).toHaveCount(0);

    // Typed and then restored: nothing differs from the stored deal, so nothing to confirm.
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    await dialog.getByLabel("Amount").fill("13000");
    await dialog.getByLabel("Amount").fill("12000");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(confirm).toHaveCount(0);
  });

  test("new deal: a clean form closes at once (its default owner is not an edit); a typed one asks and Discard creates nothing", async ({ authedPage: page, api }) => {
    const writes = recordWrites(page);
    await page.goto("/deals");
    const confirm = page.getByRole("alertdialog", { name: "Discard changes?" });
    const dialog = page.getByRole("dialog", { name: "New deal" });

    await page.getByRole("button", { name: "New deal" }).first().click();
    // The owner is filled in with the signed-in user once known: still a clean form.
    await expect(dialog.getByLabel("Owner")).toContainText("Riko Ishida");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(confirm).toHaveCount(0);

    await page.getByRole("button", { name: "New deal" }).first().click();
    await dialog.getByLabel("Name").fill("Soylent — pilot");
    await page.keyboard.press("Escape");
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText("This deal has not been created yet.");
    await confirm.getByRole("button", { name: "Discard" }).click();
    await expect(dialog).toBeHidden();

    expect(writes).toEqual([]);
    expect((await api.get("/api/v1/crm/deals")).body.items).toEqual([]);
  });
});

test.describe("in-place editors: Escape closes the innermost layer first", () => {
  test("a select open inside the amount editor: Escape closes the select and keeps the typed amount, a second Escape cancels without saving", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Wonka supply deal", amount: 5_000, currency: "USD" });
    await openDeal(page, deal);
    const writes = recordWrites(page);

    await page.getByRole("button", { name: "Edit Amount" }).click();
    await page.getByLabel("Amount", { exact: true }).fill("7500");
    await page.getByRole("combobox", { name: "Currency" }).click();
    const listbox = page.getByRole("listbox");
    await expect(listbox).toBeVisible();

    await page.keyboard.press("Escape");
    await expect(listbox).toBeHidden();
    await expect(page.getByLabel("Amount", { exact: true })).toHaveValue("7500");
    await expect(page.getByRole("button", { name: "Save" })).toBeVisible();

    await page.keyboard.press("Escape");
    await expect(page.getByRole("button", { name: "Save" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Edit Amount" })).toContainText("$5,000");
    expect(writes).toEqual([]);
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal).toMatchObject({ amount: 5_000, currency: "USD", version: 1 });
  });

  test("the date picker and the deal type select inside an in-place editor close on their own with Escape", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Stark Industries audit" });
    await openDeal(page, deal);
    const writes = recordWrites(page);

    // The calendar opens with the editor.
    await page.getByRole("button", { name: "Edit Expected close" }).click();
    const calendar = page.getByRole("grid");
    await expect(calendar).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(calendar).toBeHidden();
    await expect(page.getByLabel("Expected close", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Save" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("button", { name: "Edit Expected close" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Save" })).toBeHidden();

    await page.getByRole("button", { name: "Edit Deal type" }).click();
    await page.getByRole("combobox", { name: "Deal type" }).click();
    await expect(page.getByRole("listbox")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("listbox")).toBeHidden();
    await expect(page.getByRole("combobox", { name: "Deal type" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("button", { name: "Edit Deal type" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit Deal type" })).toBeFocused();

    expect(writes).toEqual([]);
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal).toMatchObject({ expected_close_date: null, deal_type: null, version: 1 });
  });

  test("the editor ignores an Escape its dropdown already handled, even while the dropdown is still in the page", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Initrode rollout" });
    await openDeal(page, deal);
    await page.getByRole("button", { name: "Edit Next follow-up" }).click();
    const calendar = page.getByRole("grid");
    await expect(calendar).toBeVisible();
    // A key event dispatched from script is delivered before React re-renders, so the popover is
    // still mounted when the event bubbles to the editor — as with a closing animation, or keys
    // sent by assistive software. The popover has handled it (defaultPrevented); the editor must not.
    const handled = await page.evaluate(() => {
      const event = new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true });
      document.activeElement?.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(handled).toBe(true);
    await expect(calendar).toBeHidden();
    await expect(page.getByLabel("Next follow-up", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Save" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("button", { name: "Edit Next follow-up" })).toBeVisible();
  });

  test("an in-place edit with a changed value asks before the page is left; an untouched one does not", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Cyberdyne upgrade", amount: 1_000, currency: "USD" });
    await openDeal(page, deal);
    await page.getByRole("button", { name: "Edit Amount" }).click();
    expect(await wouldAskBeforeLeaving(page)).toBe(false);
    await page.getByLabel("Amount", { exact: true }).fill("2000");
    expect(await wouldAskBeforeLeaving(page)).toBe(true);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("button", { name: "Edit Amount" })).toBeVisible();
    expect(await wouldAskBeforeLeaving(page)).toBe(false);
  });
});
