import type { Browser, Page } from "@playwright/test";
import { apiClient, expect, signInPage, signUpViaApi, test } from "./fixtures";

/**
 * The board's first cards are in the server-rendered HTML, so they show at first paint (before
 * the app's JavaScript has loaded), and hydrating and measuring them neither mismatches nor
 * moves them.
 *
 * "Before hydration" is a browser that never gets the app's scripts: the /board page streams
 * (its loading.tsx is a Suspense fallback) and React's small inline scripts swap the streamed
 * board in, so a browser with JavaScript fully off would keep showing the skeleton. Blocking
 * only /_next/static scripts shows exactly what the first paint shows.
 */

// Tall enough that the visible cards and the overscan below them are all 14 (cards carry a next-step line).
const VIEWPORT = { width: 1440, height: 1000 };
const LONG_NAME = "Enterprise-wide renewal of the Kansai logistics platform, phase two with options";

async function arrange(request: Parameters<typeof signUpViaApi>[0], baseURL: string) {
  const user = await signUpViaApi(request, baseURL, "Server Render");
  const api = apiClient(request, user.token);
  const create = async (input: Record<string, unknown>) => {
    const res = await api.post("/api/v1/crm/deals", input);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  // More Lead deals than fit in a column, one with a name long enough to wrap onto two lines.
  for (let i = 1; i <= 14; i++) await create({ name: i === 12 ? LONG_NAME : `Lead deal ${i}`, stage: "lead", amount: i * 10_000, currency: "JPY" });
  await create({ name: "Proposal for Sakura KK", stage: "proposal", amount: 2_500_000, currency: "JPY" });
  // The column's order as the API (and so the server render) has it.
  const board = await api.get("/api/v1/crm/board");
  expect(board.status).toBe(200);
  const lead = (board.body.columns as { stage: string; items: { id: string; name: string }[] }[]).find((c) => c.stage === "lead")!.items;
  expect(lead).toHaveLength(14);
  return { user, lead };
}

/** A page that renders the server's HTML but never loads the app's JavaScript (no hydration). */
async function openUnhydrated(browser: Browser, baseURL: string, cookie: string) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const blocked: string[] = [];
  await context.route(/\/_next\/static\/.*\.js(\?.*)?$/, (route) => {
    blocked.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  await signInPage(page, baseURL, cookie);
  const res = await page.goto("/board");
  expect(res!.status()).toBe(200);
  await expect(page.getByRole("region", { name: "Lead", exact: true }).getByRole("heading", { name: "Lead" })).toBeVisible();
  expect(blocked.length, "the app's scripts were requested and blocked").toBeGreaterThan(0);
  return { context, page };
}

const leadNames = (page: Page) => page.getByRole("region", { name: "Lead", exact: true }).locator("[data-card-name]");

/** Each Lead card's box, keyed by name. */
async function leadBoxes(page: Page) {
  const boxes = await page
    .getByRole("region", { name: "Lead", exact: true })
    .locator("[data-deal-card]")
    .evaluateAll((cards) =>
      cards.map((c) => {
        const r = c.getBoundingClientRect();
        return { name: c.querySelector("[data-card-name]")!.textContent!, x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
  return new Map(boxes.map((b) => [b.name, b]));
}

test.describe("board server render", () => {
  test("without the app's JavaScript, the board already shows the first cards of each column", async ({ browser, request, baseURL }) => {
    const { user, lead } = await arrange(request, baseURL!);
    // The HTML itself carries the cards' markup (not only the data for the client to render).
    const html = await (await request.get("/board", { headers: { cookie: `better-auth.session_token=${user.cookie}` } })).text();
    expect(html.includes(`data-deal-card="${lead[0].id}"`), "the first Lead card's markup is in the HTML").toBe(true);
    expect(new RegExp(`data-card-name="[^"]*"[^>]*>${lead[0].name}<`).test(html), "the first Lead card's name is in the HTML").toBe(true);

    const { context, page } = await openUnhydrated(browser, baseURL!, user.cookie);
    const leadColumn = page.getByRole("region", { name: "Lead", exact: true });
    // The first cards, in the column's order, as readable cards linking to their deals.
    const shown = await leadNames(page).allTextContents();
    expect(shown.length).toBeGreaterThanOrEqual(6);
    expect(shown).toEqual(lead.slice(0, shown.length).map((d) => d.name));
    for (const deal of lead.slice(0, 6)) {
      const card = leadColumn.locator(`[data-deal-card="${deal.id}"]`);
      await expect(card).toBeVisible();
      await expect(card.getByRole("link", { name: deal.name, exact: true })).toHaveAttribute("href", `/deals/${deal.id}`);
      await expect(card).toContainText("No company");
    }
    // Cards sit one below the other, without overlapping.
    const boxes = [...(await leadBoxes(page)).values()].sort((a, b) => a.y - b.y);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i].y).toBeGreaterThanOrEqual(boxes[i - 1].y + boxes[i - 1].height);
    const proposal = page.getByRole("region", { name: "Proposal", exact: true });
    await expect(proposal.locator("[data-card-name]")).toHaveText(["Proposal for Sakura KK"]);
    await expect(proposal.locator("[data-deal-card]")).toContainText("¥2,500,000");
    await page.screenshot({ path: "e2e/artifacts/board-unhydrated.png" });
    await context.close();
  });

  test("hydrating the server-rendered cards logs no mismatch and does not move them", async ({ browser, request, baseURL }) => {
    const { user } = await arrange(request, baseURL!);

    // Where the server render puts the cards (never hydrated: nothing is measured).
    const unhydrated = await openUnhydrated(browser, baseURL!, user.cookie);
    const before = await leadBoxes(unhydrated.page);
    expect(before.size).toBeGreaterThanOrEqual(6);
    await unhydrated.context.close();

    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if ((m.type() === "error" || m.type() === "warning") && !m.text().startsWith("Failed to load resource")) problems.push(`${m.type()}: ${m.text()}`);
    });
    await signInPage(page, baseURL!, user.cookie);
    await page.goto("/board");
    // Hydrated: the live connection is up, and the column has measured and mounted its overscan.
    await expect(page.getByText("Live", { exact: true })).toBeVisible();
    await expect(leadNames(page)).toHaveCount(14);
    const after = await leadBoxes(page);
    for (const [name, box] of before) {
      const now = after.get(name);
      expect(now, name).toBeDefined();
      expect(Math.abs(now!.y - box.y), `${name} moved from y=${box.y} to y=${now!.y}`).toBeLessThanOrEqual(1);
      expect(Math.abs(now!.height - box.height), name).toBeLessThanOrEqual(1);
      expect(Math.abs(now!.x - box.x), name).toBeLessThanOrEqual(1);
    }
    // The long name wraps, so a fixed-height layout would have moved the cards below it.
    expect(after.get(LONG_NAME)!.height).toBeGreaterThan(after.get("Lead deal 1")!.height);
    await page.screenshot({ path: "e2e/artifacts/board-hydrated.png" });
    expect(problems, "no hydration mismatch or other console error").toEqual([]);
    await context.close();
  });
});
