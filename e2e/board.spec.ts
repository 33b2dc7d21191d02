import type { Locator, Page, Request } from "@playwright/test";
import { wireDeal } from "@/db/factories";
import { DEFAULT_PIPELINE_STAGES } from "@/lib/pipelines/model";
import type { Stage } from "@/lib/deals/stages";
import { apiClient, DEMO, expect, joinByInvitation, signInPage, signUpViaApi, test } from "./fixtures";

/**
 * The pipeline board in a real browser against the production build: drag and drop with the
 * mouse and the keyboard, persistence, the Lost step, refused moves, filters in the URL,
 * quick add, live updates from another user, and the mounted-card budget at 5,000 deals.
 */

type Api = ReturnType<typeof apiClient>;

const column = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const card = (page: Page, name: string) => page.locator("[data-deal-card]").filter({ has: page.locator("[data-card-name]", { hasText: name }) });
/** A card's one tab stop: the deal link named by the deal, which the keyboard lifts. */
const cardLink = (page: Page, name: string) => card(page, name).getByRole("link", { name, exact: true });
const countIn = (col: Locator) => col.getByTestId("column-count").locator(".sr-only");
const totalsIn = (col: Locator) => col.getByTestId("column-totals");

async function createDeal(api: Api, input: Record<string, unknown>) {
  const res = await api.post("/api/v1/crm/deals", input);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.deal as { id: string; name: string; version: number };
}

/** dnd-kit's PointerSensor needs a press, a small move past the 5 px threshold, then the real move. */
async function drag(page: Page, source: Locator, target: { x: number; y: number }) {
  const box = (await source.boundingBox())!;
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 6, start.y + 6, { steps: 5 });
  await page.mouse.move(target.x, target.y, { steps: 20 });
  await page.mouse.move(target.x, target.y + 2, { steps: 3 });
  await page.mouse.up();
}

/** A point in the upper part of an element (drops above it) or in its middle. */
async function pointIn(locator: Locator, where: "upper" | "center" | "lower" = "center") {
  const box = (await locator.boundingBox())!;
  const y = where === "upper" ? box.y + box.height * 0.2 : where === "lower" ? box.y + box.height * 0.85 : box.y + box.height / 2;
  return { x: box.x + box.width / 2, y };
}

const isStageRequest = (dealId: string) => (r: Request) => r.method() === "POST" && r.url().endsWith(`/api/v1/crm/deals/${dealId}/stage`);

/**
 * Lifts the focused card with Space and waits until dnd-kit's keyboard sensor listens for arrows.
 * The sensor announces the lift first and adds its keydown listener in a `setTimeout(0)` set in
 * the same task; an arrow pressed between the two is lost (it happened under CI load). A timer
 * set after the announcement is seen runs after the sensor's (timers of equal delay run in order).
 */
async function liftWithSpace(page: Page, announcement: RegExp) {
  await page.keyboard.press("Space");
  await expect(page.getByText(announcement)).toBeAttached();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

async function openBoard(page: Page, path = "/board") {
  await page.goto(path);
  await expect(column(page, "Lead")).toBeVisible();
}

test.describe("pipeline board", () => {
  test("shows the demo pipeline: six stages with counts, totals and cards (screenshots)", async ({ page, baseURL }) => {
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    // Resource failures are checked by status below (the app has no favicon yet: not ours).
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    const res = await page.request.post("/api/auth/sign-in/email", { data: DEMO, headers: { origin: baseURL! } });
    expect(res.status()).toBe(200);
    await openBoard(page);
    for (const name of ["Lead", "Qualification", "Proposal", "Negotiation", "Won", "Lost"]) {
      const col = column(page, name);
      await expect(col.getByRole("heading", { name })).toBeVisible();
      expect(Number((await countIn(col).textContent())!.split(" ")[0])).toBeGreaterThan(0);
    }
    await expect(page.getByText("Live", { exact: true })).toBeVisible();
    await expect(totalsIn(column(page, "Proposal"))).toContainText("weighted");
    await expect(page.locator("[data-stale]").first()).toBeVisible();
    await page.screenshot({ path: "e2e/artifacts/board.png" });
    // Server-rendered and hydrated without mismatches (dates and money are formatted the same way).
    expect(problems).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(column(page, "Lead")).toBeVisible();
    await page.screenshot({ path: "e2e/artifacts/board-phone.png" });
    // Columns scroll sideways on a phone; the app header stays.
    const scroller = page.getByTestId("board-columns");
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect(column(page, "Lost")).toBeInViewport();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeInViewport();
  });

  test("a mouse drag to another column is saved, survives a reload, is in the timeline, and moves the totals", async ({ authedPage: page, api }) => {
    const alpha = await createDeal(api, { name: "Alpha Corp rollout", stage: "lead", amount: 1_000_000, currency: "JPY" });
    await createDeal(api, { name: "Bravo renewal", stage: "qualification", amount: 500_000, currency: "JPY" });
    await openBoard(page);
    const qualification = column(page, "Qualification");
    await expect(totalsIn(qualification)).toContainText("¥500K");
    await expect(totalsIn(qualification)).toContainText("¥100K weighted");

    const stageRequest = page.waitForRequest(isStageRequest(alpha.id));
    await drag(page, card(page, "Alpha Corp rollout"), await pointIn(card(page, "Bravo renewal"), "upper"));
    const request = await stageRequest;
    const body = request.postDataJSON();
    expect(body).toMatchObject({ stage: "qualification", before_id: null, source_type: "frontend", version: 1 });
    expect(typeof body.after_id).toBe("string");
    expect(request.headers()["idempotency-key"]).toMatch(/.{8,}/);

    // Optimistic: the card, the counts and the totals move at once.
    await expect(qualification.locator("[data-card-name]")).toHaveText(["Alpha Corp rollout", "Bravo renewal"]);
    await expect(countIn(column(page, "Lead"))).toHaveText("0 deals");
    await expect(countIn(qualification)).toHaveText("2 deals");
    await expect(totalsIn(qualification)).toContainText("¥1.5M");
    await expect(totalsIn(qualification)).toContainText("¥300K weighted");
    await expect(totalsIn(column(page, "Lead"))).toHaveText("No deals");
    await (await request.response())!.finished();
    expect(page.url()).toMatch(/\/board$/);

    await page.reload();
    await expect(qualification.locator("[data-card-name]")).toHaveText(["Alpha Corp rollout", "Bravo renewal"]);
    await expect(totalsIn(qualification)).toContainText("¥1.5M");

    const activities = await api.get(`/api/v1/crm/deals/${alpha.id}/activities`);
    const stageChange = activities.body.activities.find((a: { type: string }) => a.type === "stage_change");
    expect(stageChange).toMatchObject({ data: { from: "lead", to: "qualification" }, source_type: "frontend" });
  });

  test("reordering within a column persists after a reload", async ({ authedPage: page, api }) => {
    // New deals go on top: create bottom-up.
    await createDeal(api, { name: "Third", stage: "proposal" });
    await createDeal(api, { name: "Second", stage: "proposal" });
    const first = await createDeal(api, { name: "First", stage: "proposal" });
    const third = (await api.get("/api/v1/crm/deals?search=Third")).body.items[0];
    await openBoard(page);
    const proposal = column(page, "Proposal");
    await expect(proposal.locator("[data-card-name]")).toHaveText(["First", "Second", "Third"]);

    const stageRequest = page.waitForRequest(isStageRequest(third.id));
    await drag(page, card(page, "Third"), await pointIn(card(page, "First"), "upper"));
    const request = await stageRequest;
    expect(request.postDataJSON()).toMatchObject({ stage: "proposal", before_id: null, after_id: first.id });
    await expect(proposal.locator("[data-card-name]")).toHaveText(["Third", "First", "Second"]);
    await (await request.response())!.finished();

    await page.reload();
    await expect(proposal.locator("[data-card-name]")).toHaveText(["Third", "First", "Second"]);
    const listed = await api.get("/api/v1/crm/deals?stage=proposal&sort=position&order=asc");
    expect(listed.body.items.map((d: { name: string }) => d.name)).toEqual(["Third", "First", "Second"]);
  });

  test("keyboard: Space lifts, arrows move, Space drops", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Keyboard deal", stage: "lead" });
    await createDeal(api, { name: "Waiting in qualification", stage: "qualification" });
    await openBoard(page);
    const target = cardLink(page, "Keyboard deal");
    await target.focus();
    await expect(target).toBeFocused();
    await liftWithSpace(page, /Keyboard deal is over Lead, position 1 of 1/);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText(/Keyboard deal is over Qualification/)).toBeAttached();
    const stageRequest = page.waitForRequest(isStageRequest(deal.id));
    await page.keyboard.press("Space");
    expect((await stageRequest).postDataJSON()).toMatchObject({ stage: "qualification" });
    await expect(column(page, "Qualification").locator("[data-card-name]")).toContainText(["Keyboard deal"]);
    await expect.poll(async () => (await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal.stage).toBe("qualification");

    // Escape cancels a keyboard move: nothing is sent.
    let sent = false;
    page.on("request", (r) => {
      if (isStageRequest(deal.id)(r)) sent = true;
    });
    await cardLink(page, "Keyboard deal").focus();
    await liftWithSpace(page, /Keyboard deal is over Qualification, position 1 of 2/);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText(/Keyboard deal is over Proposal/)).toBeAttached();
    await page.keyboard.press("Escape");
    await expect(page.getByText(/Moving Keyboard deal was cancelled/)).toBeAttached();
    await expect(column(page, "Qualification").locator("[data-card-name]")).toContainText(["Keyboard deal"]);
    expect(sent).toBe(false);
  });

  test("a live update arriving mid-drag does not break a keyboard drag", async ({ authedPage: page, api }) => {
    await createDeal(api, { name: "Steady deal", stage: "lead" });
    await openBoard(page);
    await expect(page.getByText("Live", { exact: true })).toBeVisible();
    await cardLink(page, "Steady deal").focus();
    await liftWithSpace(page, /Steady deal is over Lead, position 1 of 1/);
    // Another user's change: the board hears it over the event stream while the card is lifted.
    await createDeal(api, { name: "Someone else's deal", stage: "proposal" });
    await page.waitForTimeout(1500);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText(/Steady deal is over Qualification/)).toBeAttached();
    await page.keyboard.press("Escape");
    await expect(page.getByText(/Moving Steady deal was cancelled/)).toBeAttached();
    // Once the drag is over, the change shows.
    await expect(column(page, "Proposal").locator("[data-card-name]")).toContainText(["Someone else's deal"]);
  });

  test("dropping on Lost asks why: cancel puts the card back, confirm moves it with the reason", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Doomed deal", stage: "negotiation", amount: 250_000 });
    await openBoard(page);
    const lost = column(page, "Lost");
    let requests = 0;
    page.on("request", (r) => {
      if (isStageRequest(deal.id)(r)) requests += 1;
    });

    await drag(page, card(page, "Doomed deal"), await pointIn(lost.getByTestId("column-list"), "upper"));
    const dialog = page.getByRole("dialog", { name: "Mark deal as lost" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(column(page, "Negotiation").locator("[data-card-name]")).toHaveText(["Doomed deal"]);
    await expect(lost.locator("[data-card-name]")).toHaveCount(0);
    expect(requests).toBe(0);

    await drag(page, card(page, "Doomed deal"), await pointIn(lost.getByTestId("column-list"), "upper"));
    await expect(dialog).toBeVisible();
    await dialog.getByRole("combobox", { name: "Loss category" }).click();
    await page.getByRole("option", { name: "Lost to competitor" }).click();
    await dialog.getByLabel("Lost reason").fill("Chose a local vendor");
    const stageRequest = page.waitForRequest(isStageRequest(deal.id));
    await dialog.getByRole("button", { name: "Mark as lost" }).click();
    expect((await stageRequest).postDataJSON()).toMatchObject({ stage: "closed_lost", lost_reason: "Chose a local vendor", loss_category: "competitor" });
    await expect(lost.locator("[data-card-name]")).toHaveText(["Doomed deal"]);
    await expect
      .poll(async () => (await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal)
      .toMatchObject({ stage: "closed_lost", lost_reason: "Chose a local vendor", loss_category: "competitor" });
  });

  test("a refused move (409) puts the card back and says why", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Contested deal", stage: "lead", amount: 70_000 });
    await openBoard(page);
    await page.route("**/api/v1/crm/deals/*/stage", (route) =>
      route.fulfill({
        status: 409,
        contentType: "application/problem+json",
        body: JSON.stringify({ type: "https://pipeline.dev/problems/version-conflict", title: "Conflict", status: 409, code: "version_conflict", detail: "The deal was changed by someone else." }),
      }),
    );
    const lead = column(page, "Lead");
    const proposal = column(page, "Proposal");
    await expect(totalsIn(lead)).toContainText("¥70K");
    // After a failed move the board reconciles with the server (a refetch of the board).
    const reconciled = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname === "/api/v1/crm/board");
    await drag(page, card(page, "Contested deal"), await pointIn(proposal.getByTestId("column-list"), "upper"));
    await expect(page.getByText("Someone else changed this deal — the board was refreshed")).toBeVisible();
    await reconciled;
    await expect(lead.locator("[data-card-name]")).toHaveText(["Contested deal"]);
    await expect(proposal.locator("[data-card-name]")).toHaveCount(0);
    await expect(totalsIn(lead)).toContainText("¥70K");
    await expect(countIn(proposal)).toHaveText("0 deals");

    // A network failure is reported and rolled back the same way.
    await page.unroute("**/api/v1/crm/deals/*/stage");
    await page.route("**/api/v1/crm/deals/*/stage", (route) => route.abort("connectionreset"));
    // Dragged once the reconciling refetch has landed: a drag while the cards re-render is not what this tests.
    const attempted = page.waitForRequest(isStageRequest(deal.id));
    await drag(page, card(page, "Contested deal"), await pointIn(proposal.getByTestId("column-list"), "upper"));
    await attempted;
    await expect(page.getByText("You appear to be offline — the move was undone")).toBeVisible();
    await expect(lead.locator("[data-card-name]")).toHaveText(["Contested deal"]);
  });

  test("two quick moves of the same deal are both applied, in order", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Fast mover", stage: "lead" });
    await openBoard(page);
    // Hold the first request back so the second drag happens while it is in flight.
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    await page.route("**/api/v1/crm/deals/*/stage", async (route) => {
      calls += 1;
      if (calls === 1) await firstHeld;
      await route.continue();
    });
    await drag(page, card(page, "Fast mover"), await pointIn(column(page, "Qualification").getByTestId("column-list"), "upper"));
    await expect(column(page, "Qualification").locator("[data-card-name]")).toHaveText(["Fast mover"]);
    await drag(page, card(page, "Fast mover"), await pointIn(column(page, "Proposal").getByTestId("column-list"), "upper"));
    await expect(column(page, "Proposal").locator("[data-card-name]")).toHaveText(["Fast mover"]);
    expect(calls).toBe(1); // the second waits for the first
    releaseFirst();
    await expect.poll(() => calls).toBe(2);
    await expect.poll(async () => (await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal).toMatchObject({ stage: "proposal", version: 3 });
    await expect(column(page, "Proposal").locator("[data-card-name]")).toHaveText(["Fast mover"]);
    await expect(page.locator("[data-sonner-toast]")).toHaveCount(0);
  });

  test("filters narrow the board and live in the URL", async ({ authedPage: page, api }) => {
    const me = (await api.get("/api/v1/me")).body.user;
    await createDeal(api, { name: "Acme renewal", stage: "proposal", assigned_member_id: me.id, expected_close_date: "2030-03-10" });
    await createDeal(api, { name: "Acme expansion", stage: "lead", assigned_member_id: null, expected_close_date: "2030-06-10" });
    await createDeal(api, { name: "Globex pilot", stage: "lead", assigned_member_id: me.id, expected_close_date: "2030-03-20" });
    await openBoard(page);
    await expect(page.locator("[data-card-name]")).toHaveCount(3);

    await page.getByRole("searchbox", { name: "Search deals" }).fill("acme");
    await expect(page).toHaveURL(/\/board\?q=acme$/);
    await expect(page.locator("[data-card-name]")).toHaveText(["Acme expansion", "Acme renewal"]);
    await expect(countIn(column(page, "Lead"))).toHaveText("1 deal");

    await page.getByRole("combobox", { name: "Owner" }).selectOption({ label: "My deals" });
    await expect(page).toHaveURL(/owner=me/);
    await expect(page.locator("[data-card-name]")).toHaveText(["Acme renewal"]);

    // A shared link opens the same view.
    await page.goto("/board?owner=me&from=2030-03-15&to=2030-03-31");
    await expect(page.getByLabel("Close from")).toHaveValue("2030-03-15");
    await expect(page.getByRole("combobox", { name: "Owner" })).toHaveValue("me");
    await expect(page.locator("[data-card-name]")).toHaveText(["Globex pilot"]);

    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/board$/);
    await expect(page.locator("[data-card-name]")).toHaveCount(3);

    await page.getByRole("searchbox", { name: "Search deals" }).fill("nothing like this");
    await expect(page.getByText("No deals match these filters")).toBeVisible();
  });

  test("quick add creates a deal at the top of its column; an empty board offers the first deal", async ({ authedPage: page, api }) => {
    await openBoard(page);
    await expect(page.getByText("Your pipeline is empty")).toBeVisible();
    await expect(page.getByRole("button", { name: "Create your first deal" })).toBeVisible();

    await createDeal(api, { name: "Existing proposal", stage: "proposal" });
    await page.reload();
    const proposal = column(page, "Proposal");
    await proposal.getByRole("button", { name: "Add a deal to Proposal" }).click();
    const form = page.getByRole("form", { name: "New deal in Proposal" });
    await form.getByLabel("Deal name").fill("Quick one");
    await form.getByLabel("Amount").fill("1,250,000");
    const created = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/api/v1/crm/deals"));
    await form.getByLabel("Deal name").press("Enter");
    const response = await created;
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toMatchObject({ name: "Quick one", amount: 1_250_000, stage: "proposal", source_type: "frontend" });
    await expect(proposal.locator("[data-card-name]")).toHaveText(["Quick one", "Existing proposal"]);
    await expect(countIn(proposal)).toHaveText("2 deals");
    await expect(totalsIn(proposal)).toContainText("¥1.25M");
    await expect(form.getByLabel("Deal name")).toHaveValue("");
    await form.getByLabel("Deal name").press("Escape");
    await expect(form).toBeHidden();

    await page.reload();
    await expect(proposal.locator("[data-card-name]")).toHaveText(["Quick one", "Existing proposal"]);

    await page.getByRole("button", { name: "New deal" }).click();
    await expect(page.getByRole("dialog", { name: "New deal" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "New deal" })).toBeHidden();
  });

  test("quick add offers the deal form's currencies, starting from the column's", async ({ authedPage: page, api }) => {
    await createDeal(api, { name: "Zurich pilot", stage: "lead", amount: 80_000, currency: "CHF" });
    await openBoard(page);
    const lead = column(page, "Lead");
    await lead.getByRole("button", { name: "Add a deal to Lead" }).click();
    const form = page.getByRole("form", { name: "New deal in Lead" });
    const currency = form.getByRole("combobox", { name: "Currency" });
    await expect(currency).toHaveValue("CHF");
    await expect(currency.locator("option")).toHaveText(["JPY", "USD", "EUR", "GBP", "CNY", "KRW", "TWD", "HKD", "SGD", "THB", "AUD", "CAD", "CHF", "INR"]);
    await currency.selectOption("SGD");
    await form.getByLabel("Deal name").fill("Singapore rollout");
    await form.getByLabel("Amount").fill("12000");
    const created = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/api/v1/crm/deals"));
    await form.getByRole("button", { name: "Add deal" }).click();
    expect((await created).request().postDataJSON()).toMatchObject({ name: "Singapore rollout", amount: 12_000, currency: "SGD", stage: "lead" });
    await expect(lead.locator("[data-card-name]")).toHaveText(["Singapore rollout", "Zurich pilot"]);
  });

  test("on a phone, a long press drags a card (a quick swipe does not)", async ({ browser, request, baseURL }) => {
    const user = await signUpViaApi(request, baseURL!, "Phone User");
    const api = apiClient(request, user.token);
    await createDeal(api, { name: "Lower card", stage: "lead" });
    const top = await createDeal(api, { name: "Upper card", stage: "lead" });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await signInPage(page, baseURL!, user.cookie);
    await openBoard(page);
    const lead = column(page, "Lead");
    await expect(lead.locator("[data-card-name]")).toHaveText(["Upper card", "Lower card"]);
    const cdp = await context.newCDPSession(page);
    const touch = async (type: "touchStart" | "touchMove" | "touchEnd", x?: number, y?: number) =>
      cdp.send("Input.dispatchTouchEvent", { type, touchPoints: x === undefined ? [] : [{ x, y: y! }] });
    const from = await pointIn(card(page, "Upper card"));
    const to = await pointIn(card(page, "Lower card"), "lower");
    let sent = 0;
    page.on("request", (r) => {
      if (isStageRequest(top.id)(r)) sent += 1;
    });

    const steps = 15;
    // The same path as a quick swipe, without holding first: that is scrolling, not a drag.
    await touch("touchStart", from.x, from.y);
    for (let i = 1; i <= steps; i++) await touch("touchMove", from.x, from.y + ((to.y - from.y) * i) / steps);
    await touch("touchEnd");
    await page.waitForTimeout(500);
    expect(sent).toBe(0);
    await expect(lead.locator("[data-card-name]")).toHaveText(["Upper card", "Lower card"]);

    // Hold, then move: the card is dragged below its neighbour.
    const stageRequest = page.waitForRequest(isStageRequest(top.id));
    await touch("touchStart", from.x, from.y);
    await page.waitForTimeout(350);
    for (let i = 1; i <= steps; i++) {
      await touch("touchMove", from.x, from.y + ((to.y - from.y) * i) / steps);
      await page.waitForTimeout(16);
    }
    await touch("touchEnd");
    expect((await stageRequest).postDataJSON()).toMatchObject({ stage: "lead", after_id: null });
    await expect(lead.locator("[data-card-name]")).toHaveText(["Lower card", "Upper card"]);
    await context.close();
  });

  test("clicking a card opens the deal", async ({ authedPage: page, api }) => {
    const deal = await createDeal(api, { name: "Open me", stage: "lead" });
    await openBoard(page);
    await card(page, "Open me").click();
    await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));
  });

  test("a card's company links to the company, a contact-only card to the contact; the rest of the card opens the deal", async ({ authedPage: page, api }) => {
    const company = (await api.post("/api/v1/crm/companies", { name: "Initech KK" })).body.company as { id: string; name: string };
    const contact = (await api.post("/api/v1/crm/contacts", { first_name: "Otto", last_name: "Berger" })).body.contact as { id: string };
    const viaCompany = await createDeal(api, { name: "Initech upgrade", stage: "lead", amount: 1_200_000, currency: "JPY", company_id: company.id, expected_close_date: "2031-03-14" });
    const berger = await createDeal(api, { name: "Berger pilot", stage: "lead", contact_id: contact.id });
    const viaContact = (await api.get(`/api/v1/crm/deals/${berger.id}`)).body.deal as { contact_name: string };
    await openBoard(page);

    // Keyboard: the deal link is the card's tab stop, the company link the next one.
    const companyLink = card(page, "Initech upgrade").getByRole("link", { name: "Initech KK", exact: true });
    await expect(companyLink).toHaveAttribute("href", `/companies/${company.id}`);
    await cardLink(page, "Initech upgrade").focus();
    await expect(cardLink(page, "Initech upgrade")).toHaveAttribute("aria-roledescription", "draggable deal");
    await page.keyboard.press("Tab");
    await expect(companyLink).toBeFocused();

    // A press on the company link that wobbles past the drag threshold is still a click on it, not a drag.
    let moves = 0;
    page.on("request", (r) => {
      if (isStageRequest(viaCompany.id)(r)) moves += 1;
    });
    const box = (await companyLink.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 14, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Initech KK" })).toBeVisible();
    expect(moves).toBe(0);

    // Anywhere else on the card opens the deal: its amount (under the deal link stretched over the
    // card, so clicked where it shows), and a marker with a tooltip above that link (the close date).
    await openBoard(page);
    const amount = await pointIn(card(page, "Initech upgrade").getByText("¥1,200,000"));
    await page.mouse.click(amount.x, amount.y);
    await expect(page).toHaveURL(new RegExp(`/deals/${viaCompany.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Initech upgrade" })).toBeVisible();
    await openBoard(page);
    await card(page, "Initech upgrade").getByTestId("card-close-date").click();
    await expect(page).toHaveURL(new RegExp(`/deals/${viaCompany.id}$`));

    // A deal with a contact and no company names the contact, linked to the contact.
    await openBoard(page);
    const contactLink = card(page, "Berger pilot").getByRole("link", { name: viaContact.contact_name, exact: true });
    await expect(contactLink).toHaveAttribute("href", `/contacts/${contact.id}`);
    await contactLink.click();
    await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: viaContact.contact_name })).toBeVisible();
  });

  test("a card with a company link still moves from the keyboard, and the move sticks after a reload", async ({ authedPage: page, api }) => {
    const company = (await api.post("/api/v1/crm/companies", { name: "Umbrella KK" })).body.company as { id: string };
    const deal = await createDeal(api, { name: "Umbrella audit", stage: "lead", company_id: company.id });
    await openBoard(page);
    await cardLink(page, "Umbrella audit").focus();
    await liftWithSpace(page, /Umbrella audit is over Lead, position 1 of 1/);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText(/Umbrella audit is over Qualification/)).toBeAttached();
    const stageRequest = page.waitForRequest(isStageRequest(deal.id));
    await page.keyboard.press("Space");
    expect((await stageRequest).postDataJSON()).toMatchObject({ stage: "qualification" });
    // Focus stays on the moved card's deal link.
    await expect(cardLink(page, "Umbrella audit")).toBeFocused();
    await expect.poll(async () => (await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal.stage).toBe("qualification");
    await page.reload();
    await expect(column(page, "Qualification").locator("[data-card-name]")).toHaveText(["Umbrella audit"]);
    await expect(column(page, "Qualification").getByRole("link", { name: "Umbrella KK", exact: true })).toHaveAttribute("href", `/companies/${company.id}`);
  });

  test("a move made by another user shows up without a reload", async ({ page, request, baseURL }) => {
    const manager = await signUpViaApi(request, baseURL!, "Board Watcher");
    const rep = await signUpViaApi(request, baseURL!, "Other Rep");
    const managerApi = apiClient(request, manager.token);
    const repApi = apiClient(request, rep.token);
    await joinByInvitation(request, baseURL!, manager, rep);
    const deal = await createDeal(managerApi, { name: "Watched deal", stage: "lead", amount: 42_000 });

    await signInPage(page, baseURL!, manager.cookie);
    await openBoard(page);
    await expect(page.getByText("Live", { exact: true })).toBeVisible();
    await page.evaluate(() => ((window as Window & { __sameDocument?: boolean }).__sameDocument = true));

    const moved = await repApi.post(`/api/v1/crm/deals/${deal.id}/stage`, { stage: "negotiation" });
    expect(moved.status).toBe(200);
    await expect(column(page, "Negotiation").locator("[data-card-name]")).toHaveText(["Watched deal"], { timeout: 5_000 });
    await expect(totalsIn(column(page, "Negotiation"))).toContainText("¥42K");
    await expect(column(page, "Lead").locator("[data-card-name]")).toHaveCount(0);
    expect(await page.evaluate(() => (window as Window & { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  test("5,000 open deals: columns page in as they scroll and keep at most ~100 cards mounted", async ({ authedPage: page }) => {
    test.setTimeout(150_000);
    // The server side of 5,000 deals is covered by the board API test; here the browser gets a
    // synthetic 5,000-deal tenant (1,250 in each open column) to measure what it mounts.
    const PER_COLUMN = 1250;
    const stages = ["lead", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"];
    const counts: Record<string, number> = { lead: PER_COLUMN, qualification: PER_COLUMN, proposal: PER_COLUMN, negotiation: PER_COLUMN, closed_won: 0, closed_lost: 0 };
    const now = new Date().toISOString();
    const makeDeal = (stage: string, i: number) =>
      wireDeal({
        id: `deal_${stage.slice(0, 4).toUpperCase().padEnd(4, "X")}${String(i).padStart(22, "0")}`,
        deal_number: `DEAL-2026-${String(i).padStart(5, "0")}`,
        tenant_id: "org_synthetic",
        name: `${stage} deal ${i}`,
        amount: 10_000 + i,
        stage: stage as Stage,
        probability: 10,
        company_name: i % 2 ? "Synthetic KK" : null,
        assigned_member_name: i % 3 ? "Ken Tanaka" : null,
        expected_close_date: "2031-01-15",
        position: `a${String(i).padStart(6, "0")}`,
        stage_entered_at: now,
        created_at: now,
        updated_at: now,
        audit_log: [],
      });
    const columnOf = (stage: string, offset: number, limit: number) => {
      const total = counts[stage];
      const end = Math.min(total, offset + limit);
      return {
        stage,
        count: total,
        totals: total ? [{ currency: "JPY", count: total, amount: total * 10_000, weighted: total * 1_000 }] : [],
        items: Array.from({ length: end - offset }, (_, k) => makeDeal(stage, offset + k)),
        next_cursor: end < total ? String(end) : null,
      };
    };
    const pipeline = { id: "pipe_00000000000000000000000000", name: "Sales pipeline", is_default: true, position: 0, stages: DEFAULT_PIPELINE_STAGES, created_at: now, updated_at: now, version: 1 };
    let boardRequests = 0;
    await page.route("**/api/v1/crm/board**", (route) => {
      boardRequests += 1;
      const url = new URL(route.request().url());
      const limit = Number(url.searchParams.get("per_stage") ?? 50);
      const stage = url.searchParams.get("stage");
      const columns = stage ? [columnOf(stage, Number(url.searchParams.get("cursor") ?? 0), limit)] : stages.map((s) => columnOf(s, 0, limit));
      return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ pipeline, columns }) });
    });
    // The first paint is server-rendered from the real (empty) tenant; a search makes the board
    // load through the (intercepted) API.
    await openBoard(page);
    await page.getByRole("searchbox", { name: "Search deals" }).fill("deal");
    const lead = column(page, "Lead");
    await expect(countIn(lead)).toHaveText("1,250 deals");
    await expect(lead.locator("[data-card-name]").first()).toHaveText("lead deal 0");

    // Scroll the Lead column to its end again and again (in the page, measuring as it goes)
    // until every page has loaded.
    const { maxMounted, steps } = await lead.getByTestId("column-list").evaluate(async (list, total) => {
      const section = list.closest("section")!;
      const lastName = () => [...section.querySelectorAll("[data-card-name]")].pop()?.textContent ?? "";
      let max = 0;
      let step = 0;
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && lastName() !== `lead deal ${total - 1}`) {
        list.scrollTo({ top: list.scrollHeight });
        await new Promise((resolve) => setTimeout(resolve, 50));
        max = Math.max(max, section.querySelectorAll("[data-deal-card]").length);
        step += 1;
      }
      return { maxMounted: max, steps: step };
    }, PER_COLUMN);
    await expect(lead.locator("[data-card-name]").last()).toHaveText(`lead deal ${PER_COLUMN - 1}`);
    const allMounted = await page.locator("[data-deal-card]").count();
    console.log(
      `5,000 deals: all ${PER_COLUMN} Lead cards loaded over ${boardRequests} board requests (${steps} scroll steps); at most ${maxMounted} cards mounted in the column, ${allMounted} on the whole board`,
    );
    expect(maxMounted).toBeLessThanOrEqual(100);
    expect(allMounted).toBeLessThanOrEqual(6 * 100);
    expect(boardRequests).toBeGreaterThanOrEqual(PER_COLUMN / 50);
  });
});
