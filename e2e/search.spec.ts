import { mkdirSync } from "node:fs";
import { expectAccessible, expectDialogsOnScreen, expectNoHorizontalOverflow } from "./a11y";
import { type ApiClient, createDeal, expect, test } from "./fixtures";

/**
 * Search as reps type it: the deals list and the board find a deal by its company's name and by
 * a full-width query, and the quick search (⌘K / Ctrl+K, or the header's button) opens a
 * company's or a deal's record.
 */

const SHOTS = process.env.SHOTS_DIR ?? "test-results/shots-search";

async function arrange(api: ApiClient) {
  const company = (await api.post("/api/v1/crm/companies", { name: "Globex Engineering" })).body.company;
  const contact = (await api.post("/api/v1/crm/contacts", { first_name: "Katrin", last_name: "Meyer", company_id: company.id })).body.contact;
  const jp = (await api.post("/api/v1/crm/companies", { name: "株式会社フジ精機" })).body.company;
  const turbines = await createDeal(api, { name: "Turbine retrofit", company_id: company.id, contact_id: contact.id, stage: "proposal" });
  const parts = await createDeal(api, { name: "精密部品 年間契約", company_id: jp.id, tags: ["重点顧客"], stage: "lead" });
  const contoso = await createDeal(api, { name: "Contoso cloud migration", stage: "lead" });
  await createDeal(api, { name: "Unrelated renewal", stage: "lead" });
  return { company, jp, turbines, parts, contoso };
}


test.describe("search", () => {
  test("the deals list finds a deal by its company's name, a contact, a tag and a full-width query", async ({ authedPage: page, api }) => {
    const { turbines, parts, contoso } = await arrange(api);
    await page.goto("/deals");
    const box = page.getByLabel("Search deals");
    const table = page.getByRole("table", { name: "Deals" });

    await box.fill("Globex Engineering");
    await expect(page).toHaveURL(/q=Globex/);
    await expect(table.getByRole("link", { name: turbines.name })).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(1);

    await box.fill("ｃｏｎｔｏｓｏ");
    await expect(table.getByRole("link", { name: contoso.name })).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(1);

    await box.fill("ﾌｼﾞ");
    await expect(table.getByRole("link", { name: parts.name })).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(1);

    await box.fill("重点顧客");
    await expect(table.getByRole("link", { name: parts.name })).toBeVisible();
    await box.fill("katrin");
    await expect(table.getByRole("link", { name: turbines.name })).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(1);
  });

  test("the board finds a deal by its company's name and by a full-width query", async ({ authedPage: page, api }) => {
    const { turbines, contoso } = await arrange(api);
    await page.goto("/board");
    await expect(page.locator("[data-card-name]")).toHaveCount(4);
    const box = page.getByRole("searchbox", { name: "Search deals" });
    await box.fill("globex engineering");
    await expect(page.locator("[data-card-name]")).toHaveText([turbines.name]);
    await box.fill("ＣＯＮＴＯＳＯ");
    await expect(page.locator("[data-card-name]")).toHaveText([contoso.name]);
  });

  test("⌘K / Ctrl+K opens the quick search, which jumps to a company and to a deal", async ({ authedPage: page, api }) => {
    const { company, turbines } = await arrange(api);
    await page.goto("/deals");
    await expect(page.getByRole("table", { name: "Deals" }).locator("tbody tr")).toHaveCount(4);

    // The shortcut, from anywhere on the page.
    await page.keyboard.press("ControlOrMeta+k");
    const dialog = page.getByRole("dialog", { name: "Search" });
    const box = dialog.getByRole("combobox", { name: "Search deals, companies and contacts" });
    await expect(box).toBeFocused();
    await expect(dialog).toContainText("Type a name");
    await box.fill("globex");
    const listbox = dialog.getByRole("listbox");
    await expect(listbox.getByRole("group", { name: "Companies" }).getByRole("option", { name: /Globex Engineering/ })).toBeVisible();
    await expect(listbox.getByRole("group", { name: "Deals" }).getByRole("option", { name: /Turbine retrofit/ })).toBeVisible();
    // The first result is active; arrows move, Enter opens.
    await expect(listbox.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
    await box.press("ArrowDown");
    await expect(listbox.getByRole("group", { name: "Companies" }).getByRole("option").first()).toHaveAttribute("aria-selected", "true");
    await expect(box).toHaveAttribute("aria-activedescendant", (await listbox.getByRole("group", { name: "Companies" }).getByRole("option").first().getAttribute("id"))!);

    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await expectDialogsOnScreen(page, `quick search at ${width}`);
      await expectNoHorizontalOverflow(page, `quick search at ${width}`);
      await expectAccessible(page, `quick search at ${width}`);
      await page.screenshot({ path: `${SHOTS}/quick-search-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await box.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Globex Engineering" })).toBeVisible();
    await expect(dialog).toBeHidden();

    // Escape closes it and hands the focus back.
    const button = page.getByRole("button", { name: "Search" });
    await button.click();
    await expect(box).toBeFocused();
    await box.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();

    // The header's button, then a full-width query and a click on the deal.
    await button.click();
    await box.fill("ＴＵＲＢＩＮＥ");
    await dialog.getByRole("option", { name: /Turbine retrofit/ }).click();
    await expect(page).toHaveURL(new RegExp(`/deals/${turbines.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Turbine retrofit" })).toBeVisible();

    // Nothing found says so.
    await page.keyboard.press("ControlOrMeta+k");
    await box.fill("nothing like this");
    await expect(dialog).toContainText("Nothing matches “nothing like this”.");
  });

  test("the quick search in Japanese, on a phone, from the header's button", async ({ browser, baseURL, request }) => {
    const { signUpViaApi, signInPage, apiClient, contextAt } = await import("./fixtures");
    const user = await signUpViaApi(request, baseURL!);
    await arrange(apiClient(request, user.token));
    const context = await contextAt(browser, baseURL!, "ja", 390);
    const page = await context.newPage();
    await signInPage(page, baseURL!, user.cookie);
    await page.goto("/board");
    await page.getByRole("button", { name: "検索" }).click();
    const dialog = page.getByRole("dialog", { name: "検索" });
    const box = dialog.getByRole("combobox", { name: "商談・会社・担当者を検索" });
    await box.fill("ﾌｼﾞ");
    await expect(dialog.getByRole("group", { name: "会社" }).getByRole("option", { name: /株式会社フジ精機/ })).toBeVisible();
    await expect(dialog.getByRole("group", { name: "商談" }).getByRole("option", { name: /精密部品/ })).toBeVisible();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/quick-search-ja-390.png` });
    await expectDialogsOnScreen(page, "quick search ja at 390");
    await dialog.getByRole("group", { name: "商談" }).getByRole("option").first().click();
    await expect(page).toHaveURL(/\/deals\/deal_/);
    await context.close();
  });
});
