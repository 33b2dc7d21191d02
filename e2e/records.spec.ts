import type { Page } from "@playwright/test";
import { expectAccessible, expectDialogsOnScreen, expectNoHorizontalOverflow } from "./a11y";
import { expect, shoot, test } from "./fixtures";

/**
 * Companies and contacts, as a rep meets them: created in place from the deal form in a brand-new
 * workspace, browsed, searched, deleted and restored on /companies and /contacts, and opened on
 * their record pages, in English and Japanese, at desktop and phone widths.
 */

const companyRows = (page: Page) => page.getByRole("table", { name: "Companies" }).locator("tbody tr");
const contactRows = (page: Page) => page.getByRole("table", { name: "Contacts" }).locator("tbody tr");

async function checkWidths(page: Page, label: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expectNoHorizontalOverflow(page, `${label} at ${width}`);
    await expectAccessible(page, `${label} at ${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe("companies and contacts", () => {
  test("a new workspace creates a company and a contact from the deal form, then finds the deal on the company's record", async ({ authedPage: page }) => {
    await page.goto("/deals");
    await page.getByRole("button", { name: "New deal" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New deal" });
    await dialog.getByLabel("Name", { exact: true }).fill("Müller copier fleet");

    await dialog.getByLabel("Company", { exact: true }).click();
    const companySearch = page.getByRole("combobox", { name: "Search companies…" });
    await companySearch.fill("Müller GmbH");
    await page.getByRole("option", { name: "Create company “Müller GmbH”" }).click();
    await expect(dialog.getByLabel("Company", { exact: true })).toContainText("Müller GmbH");

    // The company has nobody yet: its (empty) list offers everyone, and creating puts the new person at it.
    await dialog.getByLabel("Primary contact", { exact: true }).click();
    await expect(page.getByRole("option", { name: "Show contacts of every company" })).toBeVisible();
    await page.getByRole("combobox", { name: "Search contacts…" }).fill("Anna Schmidt");
    await page.getByRole("option", { name: "Create contact “Anna Schmidt”" }).click();
    await expect(dialog.getByLabel("Primary contact", { exact: true })).toContainText("Anna Schmidt");
    await dialog.getByRole("button", { name: "Create deal" }).click();
    await expect(dialog).toBeHidden();

    // The deals list links the company name to its record.
    await page.getByRole("table", { name: "Deals" }).getByRole("link", { name: "Müller GmbH" }).click();
    await expect(page).toHaveURL(/\/companies\/comp_/);
    await expect(page.getByRole("heading", { level: 1, name: "Müller GmbH" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Deals" }).getByRole("link", { name: "Müller copier fleet" })).toBeVisible();
    await expect(page.getByTestId("company-deal-figures")).toContainText("Open");
    await expect(page.getByRole("list", { name: "People" }).getByRole("link", { name: "Anna Schmidt" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Activity" })).toContainText("Müller copier fleet");

    // The contact's record names its company and its deal.
    await page.getByRole("list", { name: "People" }).getByRole("link", { name: "Anna Schmidt" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Anna Schmidt" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Müller GmbH" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Deals" }).getByRole("link", { name: "Müller copier fleet" })).toBeVisible();

    // And the navigation leads to both lists.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contacts" }).click();
    await expect(contactRows(page)).toHaveCount(1);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Companies" }).click();
    await expect(companyRows(page)).toHaveCount(1);
  });

  test("the contact picker lists the chosen company's people first, the others one step away", async ({ authedPage: page, api }) => {
    const acme = (await api.post("/api/v1/crm/companies", { name: "Acme KK" })).body.company;
    await api.post("/api/v1/crm/contacts", { first_name: "Aiko", last_name: "Acme", company_id: acme.id });
    await api.post("/api/v1/crm/contacts", { first_name: "Otto", last_name: "Other" });
    await api.post("/api/v1/crm/deals", { name: "Acme renewal", company_id: acme.id });
    await page.goto("/deals");
    await page.getByRole("link", { name: "Acme renewal" }).click();
    await page.getByRole("button", { name: "Edit Primary contact" }).click();
    await expect(page.getByRole("option", { name: /Aiko Acme/ })).toBeVisible();
    await expect(page.getByRole("option", { name: /Otto Other/ })).toHaveCount(0);
    await page.getByRole("option", { name: "Show contacts of every company" }).click();
    await expect(page.getByRole("option", { name: /Otto Other/ })).toBeVisible();
    await page.getByRole("option", { name: /Aiko Acme/ }).click();
    // The header links the contact to its record.
    await page.getByRole("link", { name: "Aiko Acme" }).first().click();
    await expect(page).toHaveURL(/\/contacts\/cont_/);
  });

  test("lists search, delete with Undo, and restore from the trash", async ({ authedPage: page, api }) => {
    for (const name of ["Sakura Bussan", "Northwind Traders", "Tanaka Logistics"]) {
      const company = (await api.post("/api/v1/crm/companies", { name, industry: "Trading" })).body.company;
      await api.post("/api/v1/crm/contacts", { first_name: name.split(" ")[0], last_name: "Person", company_id: company.id, email: `${name.split(" ")[0].toLowerCase()}@example.test` });
    }
    await page.goto("/companies");
    await expect(companyRows(page)).toHaveCount(3);
    await page.getByLabel("Search companies").fill("north");
    await expect(page).toHaveURL(/q=north/);
    await expect(companyRows(page)).toHaveCount(1);
    await page.getByLabel("Search companies").fill("zzz");
    await expect(page.getByText("Nothing matches “zzz”")).toBeVisible();
    await page.getByRole("button", { name: "Clear search" }).click();
    await expect(companyRows(page)).toHaveCount(3);
    await page.getByRole("button", { name: "Name" }).click();
    await expect(page).toHaveURL(/sort=name&order=desc/);
    await expect(companyRows(page).first()).toContainText("Tanaka Logistics");

    // Delete from the record page, undo from the toast, delete again and restore from the trash.
    await companyRows(page).first().getByRole("link").click();
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete this company?" }).getByRole("button", { name: "Delete company" }).click();
    await expect(page.getByRole("status").filter({ hasText: "This company is in the trash." })).toBeVisible();
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(page.getByText("Company restored")).toBeVisible();
    await expect(page.getByText("This company is in the trash.")).toBeHidden();

    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete this company?" }).getByRole("button", { name: "Delete company" }).click();
    await expect(page.getByText("This company is in the trash.")).toBeVisible();
    await page.goto("/companies");
    await expect(companyRows(page)).toHaveCount(2);
    await page.getByRole("button", { name: "Trash" }).click();
    await expect(page).toHaveURL(/view=trash/);
    await expect(page.getByRole("heading", { name: /Deleted companies/ })).toBeVisible();
    await expect(companyRows(page)).toHaveCount(1);
    await page.getByRole("button", { name: "Restore Tanaka Logistics" }).click();
    await expect(page.getByText("Restored “Tanaka Logistics”")).toBeVisible();
    await expect(page.getByText("The trash is empty")).toBeVisible();
    await page.getByRole("button", { name: "Trash" }).click();
    await expect(companyRows(page)).toHaveCount(3);

    // Contacts: search by email, delete from the record, restore from the trash.
    await page.goto("/contacts");
    await expect(contactRows(page)).toHaveCount(3);
    await page.getByLabel("Search contacts").fill("sakura@");
    await expect(contactRows(page)).toHaveCount(1);
    await contactRows(page).first().getByRole("link", { name: "Sakura Person" }).click();
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete this contact?" }).getByRole("button", { name: "Delete contact" }).click();
    await expect(page.getByText("This contact is in the trash.")).toBeVisible();
    await page.goto("/contacts?view=trash");
    await page.getByRole("button", { name: "Restore Sakura Person" }).click();
    await expect(page.getByText("Restored “Sakura Person”")).toBeVisible();
  });

  test("fields edit in place, and a conflict shows theirs against yours", async ({ authedPage: page, api }) => {
    const company = (await api.post("/api/v1/crm/companies", { name: "Globex", industry: "Energy" })).body.company;
    await page.goto(`/companies/${company.id}`);
    await page.getByRole("button", { name: "Edit Industry" }).click();
    await page.getByLabel("Industry").fill("Utilities");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "Edit Industry" })).toContainText("Utilities");
    expect((await api.get(`/api/v1/crm/companies/${company.id}`)).body.company.industry).toBe("Utilities");

    await page.getByRole("button", { name: "Edit Domain" }).click();
    await page.getByLabel("Domain").fill("not a domain");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alert").filter({ hasText: "Check this value." })).toBeVisible();
    await page.keyboard.press("Escape");

    // Someone else renames it meanwhile.
    expect((await api.patch(`/api/v1/crm/companies/${company.id}`, { name: "Globex Corporation" })).status).toBe(200);
    await page.getByRole("button", { name: "Edit Name" }).click();
    await page.getByLabel("Name").fill("Globex KK");
    await page.keyboard.press("Enter");
    const notice = page.getByRole("alert").filter({ hasText: "changed this company while you were editing" });
    await expect(notice).toBeVisible();
    await expect(notice.getByTestId("conflict-name")).toContainText("Globex Corporation");
    await expect(notice.getByTestId("conflict-name")).toContainText("Globex KK");
    await notice.getByRole("button", { name: "Re-apply my change" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Globex KK" })).toBeVisible();
    expect((await api.get(`/api/v1/crm/companies/${company.id}`)).body.company.name).toBe("Globex KK");
  });

  test("a New company dialog checks the name and domain before sending", async ({ authedPage: page }) => {
    await page.goto("/companies");
    await expect(page.getByText("No companies yet")).toBeVisible();
    await page.getByRole("button", { name: "New company" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New company" });
    await dialog.getByLabel("Domain").fill("https://bad");
    await dialog.getByRole("button", { name: "Add company" }).click();
    await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByLabel("Domain")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByLabel("Name").fill("Initech");
    await dialog.getByLabel("Domain").fill("initech.example");
    await dialog.getByRole("button", { name: "Add company" }).click();
    await expect(dialog).toBeHidden();
    await expect(companyRows(page)).toHaveCount(1);
    await expect(companyRows(page).first()).toContainText("initech.example");
  });
});

for (const language of ["en", "ja"] as const) {
  test.describe(`companies and contacts in ${language === "ja" ? "Japanese" : "English"}`, () => {
    test.use({ locale: language === "ja" ? "ja-JP" : "en-US" });

    test("lists, record pages and the dialog pass axe at 1440 and 390 px without overflow", async ({ authedPage: page, api }) => {
      const company = (await api.post("/api/v1/crm/companies", { name: "株式会社さくら物産", domain: "sakura-bussan.co.jp", industry: "商社", website: "https://sakura-bussan.co.jp" })).body.company;
      const contact = (await api.post("/api/v1/crm/contacts", { first_name: "花子", last_name: "鈴木", company_id: company.id, title: "購買部 部長", email: "hanako@sakura-bussan.co.jp" })).body.contact;
      const deal = (await api.post("/api/v1/crm/deals", { name: "複合機 入れ替え", company_id: company.id, contact_id: contact.id, amount: 2_400_000, currency: "JPY" })).body.deal;
      await api.post(`/api/v1/crm/deals/${deal.id}/activities`, { type: "note", content: "見積書を送付" });
      await api.post("/api/v1/crm/deals", { name: "US office", company_id: company.id, amount: 12000, currency: "USD" });

      await page.goto("/companies");
      await expect(page.getByRole("heading", { level: 1, name: new RegExp(language === "ja" ? "会社" : "Companies") })).toBeVisible();
      await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
      await checkWidths(page, `/companies (${language})`);
      // The navigation's five links fit beside the product name and the user menu at tablet widths too.
      for (const width of [640, 768, 1024]) {
        await page.setViewportSize({ width, height: 900 });
        await expectNoHorizontalOverflow(page, `/companies at ${width} (${language})`);
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      await shoot(page, `companies-list-${language}`);

      await page.goto(`/companies/${company.id}`);
      await expect(page.getByTestId("company-deal-figures")).toContainText(language === "ja" ? "￥2,400,000" : "¥2,400,000");
      await expect(page.getByTestId("company-deal-figures")).toContainText("$12,000");
      await expect(page.getByText("見積書を送付")).toBeVisible();
      await checkWidths(page, `/companies/{id} (${language})`);
      await shoot(page, `company-record-${language}`);

      await page.goto("/contacts");
      await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
      await checkWidths(page, `/contacts (${language})`);
      await shoot(page, `contacts-list-${language}`);

      await page.goto(`/contacts/${contact.id}`);
      await expect(page.getByRole("heading", { level: 1, name: "鈴木 花子" })).toBeVisible();
      await checkWidths(page, `/contacts/{id} (${language})`);
      await shoot(page, `contact-record-${language}`);

      await page.goto("/contacts?view=trash");
      await expect(page.getByText(language === "ja" ? "ゴミ箱は空です" : "The trash is empty")).toBeVisible();
      await checkWidths(page, `/contacts trash (${language})`);

      await page.goto("/contacts");
      await page.getByRole("button", { name: language === "ja" ? "新規連絡先" : "New contact" }).click();
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await expectDialogsOnScreen(page, `New contact dialog at ${width}`);
        await expectAccessible(page, `New contact dialog at ${width} (${language})`);
      }
      await shoot(page, `contact-dialog-${language}`);
    });
  });
}
