import type { Page } from "@playwright/test";
import { createDeal, expect, test } from "./fixtures";

/**
 * Tasks and Today, end to end on the production build: a new workspace schedules a task on a
 * deal from its timeline, sees it as the deal's next step on the board card and on /today, where
 * rescheduling moves a task between sections and marking one done takes it away.
 */

const SHOTS = "/tmp/shots-tasks";

const localDay = (offset = 0) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d;
};
const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;
/** The calendar's name for a day, e.g. "December 7th, 2026" (part of the day button's label). */
const calendarName = (d: Date) => `${d.toLocaleString("en-US", { month: "long" })} ${ordinal(d.getDate())}, ${d.getFullYear()}`;

async function shoot(page: Page, name: string, target?: ReturnType<Page["locator"]>) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    if (target) await target.screenshot({ path: `${SHOTS}/${name}-${width}.png` });
    else await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("schedule a task on a deal, see it on the card and on Today, reschedule one and mark one done", async ({ authedPage: page, api }) => {
  const deal = await createDeal<{ id: string; name: string }>(api, { name: "Hokkaido fleet renewal", amount: 2_400_000, stage: "proposal" });
  // An older task, already overdue, to reschedule from Today.
  const overdue = await api.post(`/api/v1/crm/deals/${deal.id}/activities`, { type: "task", content: "Call back the buyer", due_at: isoDay(localDay(-2)) });
  expect(overdue.status).toBe(201);

  // Today starts empty of today's work for this new workspace except the overdue task.
  await page.goto(`/deals/${deal.id}`);
  await expect(page.getByRole("heading", { level: 1, name: deal.name })).toBeVisible();
  await page.getByRole("radio", { name: "Task" }).click();
  await page.getByLabel("Task text").fill("Send the revised quote");
  await page.getByLabel("Due date").click();
  await page.getByRole("grid").getByRole("button", { name: new RegExp(calendarName(localDay())) }).click();
  // The assignee defaults to the deal's owner: the person who created it.
  await expect(page.getByRole("combobox", { name: "Assignee" })).toContainText("Riko Ishida");
  await page.getByRole("button", { name: "Add task" }).click();
  const timeline = page.getByRole("list", { name: "Activity timeline" });
  const entry = timeline.locator(":scope > li", { hasText: "Send the revised quote" });
  await expect(entry).toContainText("Due today");
  await expect(entry).toContainText("Assigned to Riko Ishida");

  // The board card shows the earliest open task: the overdue call, in words and red.
  await page.goto("/board");
  const card = page.locator(`[data-deal-card="${deal.id}"]`);
  await expect(card).toContainText("Call back the buyer");
  await expect(card.locator("[data-next-step]")).toHaveAttribute("data-next-step", "overdue");
  await expect(card).toContainText("Overdue");
  await shoot(page, "card-next-step", card);

  // Today: the overdue task and today's, with the count in the navigation.
  await page.goto("/today");
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  const section = (id: string) => page.locator(`[data-section="${id}"]`);
  await expect(section("overdue")).toContainText("Call back the buyer");
  await expect(section("today")).toContainText("Send the revised quote");
  await expect(section("today")).toContainText(deal.name);
  await expect(page.getByTestId("today-count").first()).toContainText("2");
  await shoot(page, "today");

  // Reschedule the overdue call to next week: it moves to the week ahead.
  const callRow = section("overdue").locator("li", { hasText: "Call back the buyer" });
  await callRow.getByRole("button", { name: "Reschedule" }).click();
  const moved = page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().includes("/activities/"));
  await page.getByRole("menuitem", { name: "Next week" }).click();
  expect((await moved).status()).toBe(200);
  await expect(section("week")).toContainText("Call back the buyer");
  await expect(section("overdue")).toHaveCount(0);

  // Mark today's task done: it leaves the page, and stays gone after a reload.
  const quoteRow = section("today").locator("li", { hasText: "Send the revised quote" });
  const saved = page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().includes("/activities/"));
  await quoteRow.getByRole("button", { name: "Mark “Send the revised quote” done" }).click();
  // The row leaves at once; the toast that follows names the task, so look for the row, not the text.
  await expect(quoteRow).toHaveCount(0);
  expect((await saved).status()).toBe(200);
  await expect(page.getByText("Task done")).toBeVisible();
  await page.reload();
  await expect(section("week")).toContainText("Call back the buyer");
  await expect(page.getByText("Send the revised quote")).toHaveCount(0);
  await expect(page.getByTestId("today-count")).toHaveCount(0);

  // The deal's next step is now the rescheduled call.
  const fresh = await api.get(`/api/v1/crm/deals/${deal.id}`);
  expect(fresh.body.deal.next_step).toMatchObject({ content: "Call back the buyer", due_at: isoDay(localDay(7)) });
});

test("an empty Today teaches what shows up there and how to schedule a task", async ({ authedPage: page }) => {
  await page.goto("/today");
  await expect(page.getByTestId("today-empty")).toContainText("Nothing needs you right now");
  await expect(page.getByTestId("today-empty")).toContainText("choose Task above its timeline");
  await shoot(page, "today-empty");
});
