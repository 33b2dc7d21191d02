import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalOverflow } from "./a11y";
import { apiClient, contextAt, createDeal, expect, signInPage, signUpViaApi, test } from "./fixtures";

/**
 * CSV import and export: a manager imports a file with a bad row (the row is reported with its
 * line, the others are imported), undoes nothing, and exports the deals list with its filter,
 * then only the rows he ticked. The import page in English and Japanese at 1,280 and 390 px:
 * its empty, loading, error and result states, axe-clean and without sideways scroll.
 */

const SHOTS = process.env.CSV_SHOTS_DIR ?? "e2e/artifacts";

const FILE = [
  "Name,Company,Amount,Currency,Stage,Expected close date",
  '"Website, phase 2",Northwind Traders,1200000,JPY,Proposal,2027/01/15',
  "Warehouse robots,Contoso,lots,JPY,Lead,",
  "Support renewal,Northwind Traders,300000,JPY,Negotiation,2027-03-31",
].join("\r\n");

async function chooseFile(page: Page, name: string, text: string) {
  await page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
}

test("a manager imports a CSV with an error row, sees the row's line and reason, and exports the deals list", async ({ authedPage: page }) => {
  await page.goto("/import");
  await expect(page.getByRole("heading", { name: "Import from CSV", level: 1 })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/csv-import-empty-1280.png`, fullPage: true });

  await chooseFile(page, "deals.csv", FILE);
  await expect(page.getByTestId("import-encoding")).toHaveText("Read as UTF-8.");
  await expect(page.getByLabel("Column “Amount”")).toContainText("Amount");
  // The preview checks each row as the import will: line 3's amount is refused.
  const badRow = page.getByRole("row").filter({ hasText: "Warehouse robots" });
  await expect(badRow).toContainText("Amount: Must be a number.");
  await expect(badRow.getByRole("cell").first()).toHaveText("3");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/csv-import-preview-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByRole("button", { name: "Import 3 rows" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Done" })).toHaveText("Done: 2 rows imported, 1 failed.", { timeout: 30_000 });
  const errors = page.getByRole("region", { name: "Rows that were not imported" });
  await expect(errors).toContainText("Line 3");
  await expect(errors).toContainText("Amount: Must be a number.");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/csv-import-result-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  const failedRows = page.waitForEvent("download");
  await errors.getByRole("link", { name: "Download the failed rows (CSV)" }).click();
  const failed = await readFile((await (await failedRows).path())!, "utf8");
  expect(failed).toContain("3,amount,Must be a number.");

  await page.getByRole("link", { name: "Open the deals" }).click();
  await expect(page).toHaveURL(/\/deals$/);
  await expect(page.getByRole("link", { name: "Website, phase 2" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Support renewal" })).toBeVisible();

  // Export with the list's search: every matching deal, as CSV with a BOM.
  await page.getByLabel("Search deals").fill("renewal");
  await expect(page.getByRole("link", { name: "Website, phase 2" })).toHaveCount(0);
  const exported = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const download = await exported;
  expect(download.suggestedFilename()).toMatch(/^deals-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString("utf8");
  expect(text.split("\r\n")[0]).toContain("Deal number,Name,Company,Contact,Stage");
  expect(text).toContain("Support renewal,Northwind Traders,,Negotiation,Sales pipeline,300000,JPY");
  expect(text).not.toContain("Website, phase 2");

  // Only the ticked rows.
  await page.getByLabel("Search deals").fill("");
  await page.getByLabel("Select Website, phase 2").check();
  const selectedExport = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export 1 selected" }).click();
  const selected = (await readFile((await (await selectedExport).path())!)).subarray(3).toString("utf8");
  expect(selected).toContain('"Website, phase 2",Northwind Traders');
  expect(selected).not.toContain("Support renewal");
});

for (const { lang, locale, heading, fileLabel } of [
  { lang: "en", locale: "en-US", heading: "Import from CSV", fileLabel: "CSV file" },
  { lang: "ja", locale: "ja-JP", heading: "CSV からインポート", fileLabel: "CSV ファイル" },
] as const) {
  for (const width of [1280, 390]) {
    test(`the import page in ${lang} at ${width} px: empty, error, preview and result states`, async ({ browser, baseURL }) => {
      const context = await contextAt(browser, baseURL!, locale, width);
      const page = await context.newPage();
      const manager = await signUpViaApi(context.request, baseURL!, "Riko Ishida");
      await signInPage(page, baseURL!, manager.cookie);
      const label = `csv-import-${lang}-${width}`;
      await page.goto("/import");
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      await expectNoHorizontalOverflow(page, `${label}-empty`);
      await expectAccessible(page, `${label}-empty`);

      // A header without records: the error says what is wrong.
      await page.getByLabel(fileLabel).setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.from("Name,Amount\r\n") });
      await expect(page.getByRole("alert").filter({ hasText: "no records" })).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/${label}-error.png`, fullPage: true });

      // A Japanese Excel file: Shift-JIS, Japanese headers.
      const iconv = (await import("iconv-lite")).default;
      const sjis = iconv.encode("案件名,会社名,金額,ステージ\r\n基幹システム刷新,株式会社さくら物産,\"1,200,000\",提案\r\n", "shift_jis");
      await page.getByLabel(fileLabel).setInputFiles({ name: "案件.csv", mimeType: "text/csv", buffer: sjis });
      await expect(page.getByTestId("import-encoding")).toContainText("Shift-JIS");
      await expect(page.getByRole("cell", { name: "基幹システム刷新" })).toBeVisible();
      await expectNoHorizontalOverflow(page, `${label}-preview`);
      await expectAccessible(page, `${label}-preview`);
      await page.screenshot({ path: `${SHOTS}/${label}-preview.png`, fullPage: true });

      await page.getByRole("button", { name: lang === "en" ? "Import 1 row" : "1 行をインポート" }).click();
      await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
      await expectNoHorizontalOverflow(page, `${label}-result`);
      await expectAccessible(page, `${label}-result`);
      await page.screenshot({ path: `${SHOTS}/${label}-result.png`, fullPage: true });

      const api = apiClient(context.request, manager.token);
      const deals = (await api.get("/api/v1/crm/deals")).body.items as Array<{ name: string; amount: number; stage: string; company_name: string }>;
      expect(deals.map((d) => [d.name, d.amount, d.stage, d.company_name])).toEqual([["基幹システム刷新", 1200000, "proposal", "株式会社さくら物産"]]);
      await context.close();
    });
  }
}

test("the deals list exports every page of its filter, not only the page on screen", async ({ authedPage: page, api }) => {
  for (let i = 0; i < 30; i++) await createDeal(api, { name: `Bulk ${String(i).padStart(2, "0")}`, amount: 1000 + i, currency: "JPY" });
  await page.goto("/deals?size=25");
  const exported = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const text = (await readFile((await (await exported).path())!)).subarray(3).toString("utf8");
  expect(text.trim().split("\r\n")).toHaveLength(31);
});
