import { formatMoney } from "../lib/format";
import type { PipelineReport } from "../lib/reports/schema";
import { expectAccessible } from "./a11y";
import { DEMO, expect, shoot, signInAs, test } from "./fixtures";

const KEN = { email: "ken@demo.pipeline.test", password: DEMO.password };


test("the demo manager sees the pipeline report with the API's numbers", async ({ page, request, baseURL }) => {
  const token = await signInAs(page, request, baseURL!, DEMO);
  await page.goto("/board");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipeline" }).click();
  await expect(page).toHaveURL(/\/pipeline$/);
  await expect(page.getByRole("heading", { name: "Pipeline", level: 1 })).toBeVisible();

  const res = await request.get("/api/v1/crm/reports/pipeline", { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  const report: PipelineReport = await res.json();
  expect(report.stages.every((s) => s.count > 0)).toBe(true);

  // Per-stage counts and per-currency totals, row by row.
  const stages = page.getByRole("region", { name: "By stage" });
  for (const s of report.stages) {
    const row = stages.locator(`tr[data-stage="${s.stage}"]`);
    await expect(row.getByTestId("stage-count")).toHaveText(String(s.count));
    for (const t of s.totals) {
      await expect(row.locator(`[data-currency="${t.currency}"]`).first()).toHaveText(formatMoney(t.amount, t.currency));
    }
  }

  // Headline numbers.
  const open = page.getByRole("region", { name: "Open pipeline" });
  for (const o of report.open) await expect(open.locator(`[data-currency="${o.currency}"]`)).toHaveText(formatMoney(o.amount, o.currency));
  const weighted = page.getByRole("region", { name: "Weighted pipeline" });
  for (const o of report.open) await expect(weighted.locator(`[data-currency="${o.currency}"]`)).toHaveText(formatMoney(o.weighted, o.currency));
  await expect(page.getByTestId("win-rate")).toHaveText(`${Math.round(report.closed.win_rate! * 100)}%`);

  // One row per owner, with their open deal count.
  const owners = page.getByRole("region", { name: "By owner" });
  for (const o of report.owners) {
    await expect(owners.getByRole("row", { name: new RegExp(o.name) }).getByRole("cell").first()).toHaveText(String(o.open_count));
  }

  // The chart draws a bar per month, and switching currency redraws it.
  await expect(page.getByTestId("forecast-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  const currencyGroup = page.getByRole("group", { name: "Currency" });
  await expect(currencyGroup.getByRole("button", { name: "JPY" })).toHaveAttribute("aria-pressed", "true");

  const attention = page.getByRole("region", { name: "Needs attention" });
  await expect(attention.getByText(`${report.attention.total} deals`)).toBeAttached();
  await page.screenshot({ path: "e2e/artifacts/pipeline.png", fullPage: true });

  await currencyGroup.getByRole("button", { name: "USD" }).click();
  await expect(currencyGroup.getByRole("button", { name: "USD" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("table", { name: "Forecast in USD" })).toBeAttached();

  // Ten rows at first, the rest on demand.
  const attentionRows = attention.getByRole("row");
  if (report.attention.items.length > 10) {
    await expect(attentionRows).toHaveCount(11);
    await attention.getByRole("button", { name: `Show all ${report.attention.items.length}` }).click();
    await expect(attentionRows).toHaveCount(report.attention.items.length + 1);
  } else {
    await expect(attentionRows).toHaveCount(report.attention.items.length + 1);
  }

  // Attention rows link to the deal's page.
  const first = report.attention.items[0];
  await attention.getByRole("link", { name: first.name }).click();
  await expect(page).toHaveURL(new RegExp(`/deals/${first.id}$`));
});

test("a sales rep gets a friendly 'managers only' page and a 403 from the API", async ({ page, request, baseURL }) => {
  const token = await signInAs(page, request, baseURL!, KEN);
  await page.goto("/board");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Board" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipeline" })).toHaveCount(0);

  await page.goto("/pipeline");
  await expect(page.getByRole("heading", { name: "The pipeline view is for managers" })).toBeVisible();
  await expect(page.getByRole("region", { name: "By stage" })).toHaveCount(0);
  await expectAccessible(page, "pipeline-managers-only");
  await shoot(page, "pipeline-managers-only");
  await page.getByRole("link", { name: "Go to the board", exact: true }).click();
  await expect(page).toHaveURL(/\/board$/);

  const res = await request.get("/api/v1/crm/reports/pipeline", { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(403);
});

test("a new workspace's manager sees an empty state", async ({ authedPage: page }) => {
  await page.goto("/pipeline");
  await expect(page.getByRole("heading", { name: "No deals to report on yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add the first deal" })).toHaveAttribute("href", "/board");
  await expectAccessible(page, "pipeline-empty");
  await shoot(page, "pipeline-empty");
});
