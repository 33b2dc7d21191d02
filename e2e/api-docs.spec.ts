import { expect, test } from "./fixtures";

test("the API reference is reachable from the user menu and rendered from the OpenAPI document", async ({ authedPage: page, request }) => {
  await page.goto("/board");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/api-docs$/);
  await expect(page.getByRole("heading", { name: "Pipeline CRM API", level: 1 })).toBeVisible();

  const doc = await (await request.get("/api/v1/openapi.json")).json();
  const operations = Object.values(doc.paths as Record<string, object>).reduce((n: number, ops) => n + Object.keys(ops).length, 0);
  await expect(page.locator("article[id] h3 code").filter({ hasText: /^\/api\// })).toHaveCount(operations);

  const create = page.getByRole("article", { name: /POST \/api\/v1\/crm\/deals — Create a deal/ });
  await expect(create.getByText("POST", { exact: true })).toBeVisible();
  await expect(create.getByRole("table", { name: "DealCreate fields" }).getByRole("rowheader", { name: "name", exact: true })).toBeVisible();
  await expect(create.getByRole("table", { name: "Parameters" }).getByRole("rowheader", { name: "Idempotency-Key" })).toBeVisible();
  await expect(create.locator("pre")).toContainText('Authorization: Bearer $TOKEN');

  const list = page.getByRole("article", { name: /GET \/api\/v1\/crm\/deals — List deals/ });
  await expect(list.getByRole("table", { name: "Parameters" }).getByRole("rowheader")).toHaveCount(doc.paths["/api/v1/crm/deals"].get.parameters.length);

  // Schema names link to their field tables.
  await create.getByRole("link", { name: "DealEnvelope" }).click();
  await expect(page).toHaveURL(/#schema-DealEnvelope$/);
  await page.locator("#schema-DealEnvelope").getByRole("link", { name: "Deal", exact: true }).click();
  const deal = page.getByRole("article", { name: "Deal", exact: true });
  await expect(deal.getByRole("rowheader", { name: "deal_number" })).toBeVisible();

  await page.goto("/api-docs");
  await page.screenshot({ path: "e2e/artifacts/api-docs.png" });
  await create.scrollIntoViewIfNeeded();
  await create.screenshot({ path: "e2e/artifacts/api-docs-endpoint.png" });
});
