import { mkdirSync } from "node:fs";
import type { Browser, Locator, Page } from "@playwright/test";
import { expectAccessible, expectDialogsOnScreen, expectNoHorizontalOverflow } from "./a11y";
import { apiClient, DEMO, expect, signInPage, signUpViaApi, test } from "./fixtures";

/**
 * The board in Japanese and in English, on a laptop (1440 px) and a phone (390 × 844): stage
 * names, money, compact totals and dates in the page's language; no sideways overflow of the
 * page; axe finds nothing serious; Won and Lost fold; the keyboard drop and the Lost dialog
 * keep focus on the card and the dialog on screen. Screenshots go to SHOTS_DIR for a person to look at.
 */

const SHOTS_DIR = process.env.SHOTS_DIR ?? "test-results/board-i18n";
mkdirSync(SHOTS_DIR, { recursive: true });

const LAPTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const STAGE_NAMES = {
  en: ["Lead", "Qualification", "Proposal", "Negotiation", "Won", "Lost"],
  ja: ["リード", "要件確認", "提案", "交渉", "受注", "失注"],
} as const;

type Language = keyof typeof STAGE_NAMES;
type Api = ReturnType<typeof apiClient>;

const column = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const card = (page: Page, name: string) => page.locator("[data-deal-card]").filter({ has: page.locator("[data-card-name]", { hasText: name }) });
/** A card's one tab stop: the deal link named by the deal, which the keyboard lifts. */
const cardLink = (page: Page, name: string) => card(page, name).getByRole("link", { name, exact: true });

/** How Intl writes yen in a language (ja-JP: ￥, en-US: ¥): the page must use the same. */
const yenSign = (tag: string) => new Intl.NumberFormat(tag, { style: "currency", currency: "JPY" }).formatToParts(1).find((p) => p.type === "currency")!.value;

async function createDeal(api: Api, input: Record<string, unknown>) {
  const res = await api.post("/api/v1/crm/deals", input);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.deal as { id: string; name: string };
}

/** A new person (their own workspace) with a few deals, and a browser page in `language` signed in as them. */
async function boardIn(browser: Browser, baseURL: string, language: Language, viewport = LAPTOP) {
  const context = await browser.newContext({ locale: language === "ja" ? "ja-JP" : "en-US", viewport, baseURL });
  const user = await signUpViaApi(context.request, baseURL, language === "ja" ? "田中 太郎" : "Emily Carter");
  const api = apiClient(context.request, user.token);
  await createDeal(api, { name: "Acme 基幹システム刷新", stage: "proposal", amount: 8_250_000, currency: "JPY", expected_close_date: "2027-01-15", assigned_member_id: user.userId });
  await createDeal(api, { name: "Globex renewal", stage: "proposal", amount: 182_500_000, currency: "JPY", assigned_member_id: user.userId });
  await createDeal(api, { name: "Initech pilot", stage: "lead", amount: 5_000, currency: "USD", expected_close_date: "2027-03-01" });
  await createDeal(api, { name: "Umbrella expansion", stage: "negotiation", amount: 7_000, currency: "EUR" });
  const page = await context.newPage();
  // Server-rendered and hydrated without mismatches: money and dates are formatted alike on both sides.
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  await signInPage(page, baseURL, user.cookie);
  return { context, page, api, user, problems };
}

async function openBoard(page: Page, language: Language) {
  await page.goto("/board");
  await expect(column(page, STAGE_NAMES[language][0])).toBeVisible();
  // Hydrated: the live-updates badge is a client component.
  await expect(page.getByRole("status", { includeHidden: true }).filter({ hasText: language === "ja" ? /ライブ|接続中|オフライン/ : /Live|Connecting|Offline/ }).first()).toBeAttached();
}

/** Lifts the focused card with Space and waits until dnd-kit's keyboard sensor listens (see board.spec.ts). */
async function liftWithSpace(page: Page, announcement: RegExp) {
  await page.keyboard.press("Space");
  await expect(page.getByText(announcement)).toBeAttached();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

const focusedCardId = (page: Page) =>
  page.evaluate(() => (document.activeElement?.closest("[data-deal-card]") as HTMLElement | null)?.dataset.dealCard ?? document.activeElement?.tagName);

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png` });
}

async function expectColumnInView(scroller: Locator, col: Locator) {
  const [outer, inner] = [(await scroller.boundingBox())!, (await col.boundingBox())!];
  expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
}

test.describe("the board in Japanese and English", () => {
  test("Japanese: stage names, ￥ and 万/億 totals, Japanese dates and initials; accessible at 1440 and 390 px", async ({ browser, baseURL }) => {
    const { context, page, problems } = await boardIn(browser, baseURL!, "ja");
    await openBoard(page, "ja");

    await expect(page.getByRole("heading", { level: 1, name: "ボード" })).toBeVisible();
    for (const name of STAGE_NAMES.ja) await expect(column(page, name).getByRole("heading", { name })).toBeVisible();
    const yen = yenSign("ja-JP");
    const proposal = column(page, "提案");
    // 8,250,000 + 182,500,000 yen = 1.91 億 in the column total; the card keeps the full amount.
    await expect(proposal.getByTestId("column-totals")).toContainText(`${yen}1.91億`);
    await expect(proposal.getByTestId("column-totals")).toContainText("加重");
    await expect(card(page, "Acme 基幹システム刷新")).toContainText(`${yen}8,250,000`);
    await expect(card(page, "Acme 基幹システム刷新").getByTestId("card-close-date")).toHaveText("2027年1月15日");
    await expect(column(page, "リード").getByTestId("column-totals")).toContainText("$5,000");
    await expect(column(page, "交渉").getByTestId("column-totals")).toContainText("€7,000");
    await expect(column(page, "交渉").getByTestId("column-count").locator(".sr-only")).toHaveText("1 件の商談");
    // The owner's avatar shows the family name, not a character of each part of the name.
    await expect(card(page, "Acme 基幹システム刷新").locator("span[title='担当者: 田中 太郎']")).toHaveText("田中");
    await expect(page.getByRole("searchbox", { name: "商談を検索" })).toBeVisible();
    await expect(page.getByRole("button", { name: "新規商談" })).toBeVisible();
    await expectNoHorizontalOverflow(page, "ja 1440 /board");
    await expectAccessible(page, "ja 1440 /board");
    await shot(page, "board-ja-1440");
    expect(problems).toEqual([]);

    await page.setViewportSize(PHONE);
    await page.reload();
    await expect(column(page, "リード")).toBeVisible();
    await expectNoHorizontalOverflow(page, "ja 390 /board");
    await expectAccessible(page, "ja 390 /board");
    await shot(page, "board-ja-390");
    // The filters fold behind a button on a phone; opened, every filter is on screen.
    const filters = page.getByRole("button", { name: "絞り込み" });
    await filters.click();
    await expect(filters).toHaveAttribute("aria-expanded", "true");
    for (const control of [page.getByRole("searchbox", { name: "商談を検索" }), page.getByRole("combobox", { name: "担当者" }), page.getByLabel("受注予定日")]) {
      await expect(control).toBeInViewport();
    }
    await expectNoHorizontalOverflow(page, "ja 390 /board, filters open");
    await shot(page, "board-ja-390-filters");
    // The columns scroll inside their own scroller, the page does not.
    const scroller = page.getByTestId("board-columns");
    await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect(column(page, "失注")).toBeInViewport();
    await expectNoHorizontalOverflow(page, "ja 390 /board, scrolled to Lost");
    // The navigation is a menu on a phone.
    await page.getByRole("navigation", { name: "メイン" }).getByRole("button", { name: "メニューを開く" }).click();
    await expect(page.getByRole("menuitem", { name: "商談一覧" })).toBeInViewport();
    await shot(page, "board-ja-390-menu");
    await page.keyboard.press("Escape");
    await context.close();
  });

  test("English: K/M totals, whole dollars and euros, US dates; accessible at 1440 and 390 px", async ({ browser, baseURL }) => {
    const { context, page } = await boardIn(browser, baseURL!, "en");
    await openBoard(page, "en");
    await expect(page.getByRole("heading", { level: 1, name: "Board" })).toBeVisible();
    for (const name of STAGE_NAMES.en) await expect(column(page, name).getByRole("heading", { name })).toBeVisible();
    await expect(column(page, "Proposal").getByTestId("column-totals")).toContainText("¥191M");
    await expect(card(page, "Acme 基幹システム刷新")).toContainText("¥8,250,000");
    await expect(card(page, "Acme 基幹システム刷新").getByTestId("card-close-date")).toHaveText("Jan 15, 2027");
    await expect(card(page, "Initech pilot")).toContainText("$5,000");
    await expect(card(page, "Initech pilot")).not.toContainText("$5,000.00");
    await expect(card(page, "Umbrella expansion")).toContainText("€7,000");
    await expect(card(page, "Acme 基幹システム刷新").locator("span[title='Owner: Emily Carter']")).toHaveText("EC");
    await expectNoHorizontalOverflow(page, "en 1440 /board");
    await expectAccessible(page, "en 1440 /board");
    await shot(page, "board-en-1440");

    await page.setViewportSize(PHONE);
    await page.reload();
    await expect(column(page, "Lead")).toBeVisible();
    await expectNoHorizontalOverflow(page, "en 390 /board");
    await expectAccessible(page, "en 390 /board");
    await shot(page, "board-en-390");
    await page.getByRole("button", { name: "Filters" }).click();
    await expect(page.getByRole("searchbox", { name: "Search deals" })).toBeInViewport();
    await expectNoHorizontalOverflow(page, "en 390 /board, filters open");
    await context.close();
  });

  for (const language of ["ja", "en"] as const) {
    test(`the demo tenant's full board (stale markers, overdue dates, closed deals) passes axe in ${language} at both widths`, async ({ browser, baseURL }) => {
      // axe over a board of a hundred cards takes a while on a shared machine.
      test.setTimeout(120_000);
      const context = await browser.newContext({ locale: language === "ja" ? "ja-JP" : "en-US", viewport: LAPTOP, baseURL });
      const page = await context.newPage();
      const res = await page.request.post("/api/auth/sign-in/email", { data: DEMO, headers: { origin: baseURL! } });
      expect(res.status()).toBe(200);
      await openBoard(page, language);
      await expect(page.locator("[data-stale]").first()).toBeVisible();
      await expectAccessible(page, `demo ${language} 1440 /board`);
      await expectNoHorizontalOverflow(page, `demo ${language} 1440 /board`);
      await shot(page, `demo-${language}-1440`);
      await page.setViewportSize(PHONE);
      await expect(column(page, STAGE_NAMES[language][0])).toBeVisible();
      await expectAccessible(page, `demo ${language} 390 /board`);
      await expectNoHorizontalOverflow(page, `demo ${language} 390 /board`);
      await shot(page, `demo-${language}-390`);
      await context.close();
    });
  }

  test("Won and Lost fold into strips so all six stages fit at 1440 px, stay folded after a reload, and take keyboard drops", async ({ browser, baseURL }) => {
    const { context, page, api } = await boardIn(browser, baseURL!, "en");
    await openBoard(page, "en");
    const scroller = page.getByTestId("board-columns");
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);

    await column(page, "Won").getByRole("button", { name: "Collapse Won" }).click();
    await column(page, "Lost").getByRole("button", { name: "Collapse Lost" }).click();
    await expect(column(page, "Won")).toHaveAttribute("data-collapsed");
    await expect(column(page, "Lost").getByRole("button", { name: "Expand Lost" })).toBeVisible();
    expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    for (const name of STAGE_NAMES.en) await expectColumnInView(scroller, column(page, name));
    await expectAccessible(page, "en 1440 /board, Won and Lost folded");
    await shot(page, "board-en-1440-folded");

    await page.reload();
    await expect(column(page, "Lost").getByRole("button", { name: "Expand Lost" })).toBeVisible();
    await expect(column(page, "Won").getByRole("button", { name: "Expand Won" })).toBeVisible();

    // A keyboard move into a folded column: it opens while the card is in it, and the drop is saved.
    await cardLink(page, "Umbrella expansion").focus();
    await liftWithSpace(page, /Umbrella expansion is over Negotiation, position 1 of 1/);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText(/Umbrella expansion is over Won, position 1 of 1/)).toBeAttached();
    await expect(column(page, "Won").locator("[data-deal-card]")).toHaveCount(1);
    await page.keyboard.press("Space");
    await expect(page.getByText("Umbrella expansion was dropped in Won, position 1 of 1.")).toBeAttached();
    await expect
      .poll(async () => (await api.get("/api/v1/crm/deals?stage=closed_won")).body.items.map((d: { name: string }) => d.name))
      .toEqual(["Umbrella expansion"]);
    // Folded again, with the card inside: focus waits on the column's Expand button, not the page.
    await expect(column(page, "Won").getByRole("button", { name: "Expand Won" })).toBeFocused();
    await expect(column(page, "Won").getByTestId("column-count").locator(".sr-only")).toHaveText("1 deal");

    await column(page, "Won").getByRole("button", { name: "Expand Won" }).click();
    await expect(column(page, "Won").getByRole("heading", { name: "Won" })).toBeVisible();
    await expect(card(page, "Umbrella expansion")).toBeVisible();
    await expect(column(page, "Won")).not.toHaveAttribute("data-collapsed");
    await context.close();
  });

  test("keyboard drop in Japanese: the announcement names the stage and focus stays on the moved card", async ({ browser, baseURL }) => {
    const { context, page, api } = await boardIn(browser, baseURL!, "ja");
    const deal = await createDeal(api, { name: "キーボード商談", stage: "lead" });
    await openBoard(page, "ja");
    const target = cardLink(page, "キーボード商談");
    await target.focus();
    await liftWithSpace(page, /キーボード商談 は リード の 2 件中 1 番目/);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText(/キーボード商談 は 要件確認 の/)).toBeAttached();
    await page.keyboard.press("Space");
    await expect(page.getByText("キーボード商談 を 要件確認 の 1 件中 1 番目にドロップしました。")).toBeAttached();
    await expect(column(page, "要件確認").locator("[data-card-name]")).toHaveText(["キーボード商談"]);
    await expect.poll(() => focusedCardId(page)).toBe(deal.id);
    await expect(cardLink(page, "キーボード商談")).toBeFocused();
    await expect.poll(async () => (await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal.stage).toBe("qualification");
    await context.close();
  });

  test("phone, Japanese: a keyboard move to Lost opens its dialog on screen; cancelling puts focus back on the card", async ({ browser, baseURL }) => {
    const { context, page, api } = await boardIn(browser, baseURL!, "ja", PHONE);
    const deal = await createDeal(api, { name: "失注候補", stage: "negotiation", amount: 300_000, currency: "JPY" });
    await openBoard(page, "ja");
    const target = cardLink(page, "失注候補");
    await target.focus();
    await liftWithSpace(page, /失注候補 は 交渉 の 2 件中 1 番目/);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText(/失注候補 は 受注 の/)).toBeAttached();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText(/失注候補 は 失注 の/)).toBeAttached();
    await page.keyboard.press("Space");
    await expect(page.getByText("失注候補 を 失注 にドロップしました。確定するには理由を入力してください。")).toBeAttached();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await expectNoHorizontalOverflow(page, "ja 390 /board, Lost dialog");
    await expectDialogsOnScreen(page, "ja 390 /board, Lost dialog");
    await shot(page, "board-ja-390-lost-dialog");

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(column(page, "交渉").locator("[data-card-name]", { hasText: "失注候補" })).toHaveCount(1);
    await expect.poll(() => focusedCardId(page)).toBe(deal.id);
    expect((await api.get(`/api/v1/crm/deals/${deal.id}`)).body.deal.stage).toBe("negotiation");
    await context.close();
  });
});
