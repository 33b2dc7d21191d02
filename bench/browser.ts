import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import type { TargetCheck } from "./report";

/**
 * Browser figures for the board on a tenant with 5,000 open deals, in Chromium:
 * - navigation → interactive: from navigation start until every column shows its cards and
 *   the main thread has been free of long tasks (>50 ms) for a second (the end of the last long
 *   task, or the moment cards appeared if later);
 * - cards mounted per column (DOM nodes, so virtualization shows);
 * - the gzip size of every JavaScript response the board page loads.
 */

/** How the board marks its columns and cards (components/deals/board). */
const COLUMN_SELECTOR = "section[data-stage]";
const CARD_SELECTOR = "[data-deal-card]";
const COLUMN_STAGE_ATTRIBUTE = "data-stage";

export interface BoardFigures {
  deals: number;
  runs: number;
  interactive_ms: number[];
  interactive_median_ms: number;
  cards_visible_median_ms: number;
  cards_per_column: Record<string, number>;
  js_files: number;
  js_raw_kb: number;
  js_gzip_kb: number;
  checks: TargetCheck[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureBoard(input: { appUrl: string; cookie: string; deals: number; runs?: number; log: (l: string) => void }): Promise<BoardFigures> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const runs = input.runs ?? 5;
    const interactive: number[] = [];
    const visible: number[] = [];
    let perColumn: Record<string, number> = {};
    let jsRaw = 0;
    let jsGzip = 0;
    let jsFiles = 0;
    for (let run = 0; run <= runs; run++) {
      // Run 0 is a warm-up (server caches, first compile of the route); each run is a fresh context (cold browser cache).
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addCookies([{ name: "better-auth.session_token", value: input.cookie, url: input.appUrl, httpOnly: true, sameSite: "Lax" }]);
      await context.addInitScript(() => {
        const w = window as unknown as { __longTasks: Array<{ start: number; end: number }> };
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
        }).observe({ type: "longtask", buffered: true });
      });
      const page = await context.newPage();
      const scripts: Promise<void>[] = [];
      let raw = 0;
      let gz = 0;
      let files = 0;
      page.on("response", (res) => {
        const type = res.request().resourceType();
        const ct = res.headers()["content-type"] ?? "";
        if (type !== "script" && !ct.includes("javascript")) return;
        scripts.push(
          res
            .body()
            .then((body) => {
              files++;
              raw += body.length;
              gz += gzipSync(body).length;
            })
            .catch(() => {}),
        );
      });
      await page.goto(`${input.appUrl}/board`, { waitUntil: "commit" });
      await page.locator(`${COLUMN_SELECTOR} ${CARD_SELECTOR}`).first().waitFor({ state: "visible", timeout: 30_000 });
      const cardsAt = await page.evaluate(
        ([col, card]) => {
          // Every column with deals has rendered at least one card.
          return new Promise<number>((resolve) => {
            const check = () => {
              const columns = [...document.querySelectorAll(col)];
              // Empty columns say so instead of showing cards.
              if (columns.length && columns.every((c) => c.querySelector(card) || /No deals in this stage/.test(c.textContent ?? ""))) resolve(performance.now());
              else requestAnimationFrame(check);
            };
            check();
          });
        },
        [COLUMN_SELECTOR, CARD_SELECTOR] as const,
      );
      // Wait for one quiet second without long tasks (or give up after 10 s).
      const interactiveAt = await page.evaluate(async (cardsTime) => {
        const w = window as unknown as { __longTasks: Array<{ start: number; end: number }> };
        const deadline = performance.now() + 10_000;
        for (;;) {
          const last = w.__longTasks.reduce((m, t) => Math.max(m, t.end), 0);
          if (performance.now() - Math.max(last, cardsTime) >= 1_000 || performance.now() > deadline) return Math.max(last, cardsTime);
          await new Promise((r) => setTimeout(r, 100));
        }
      }, cardsAt);
      const counts = await page.evaluate(
        ([col, card, attr]) => Object.fromEntries([...document.querySelectorAll(col)].map((c) => [c.getAttribute(attr) ?? "?", c.querySelectorAll(card).length])),
        [COLUMN_SELECTOR, CARD_SELECTOR, COLUMN_STAGE_ATTRIBUTE] as const,
      );
      await Promise.all(scripts);
      if (run > 0) {
        interactive.push(Math.round(interactiveAt));
        visible.push(Math.round(cardsAt));
        perColumn = counts;
        jsRaw = raw;
        jsGzip = gz;
        jsFiles = files;
        input.log(`board run ${run}: cards visible ${Math.round(cardsAt)} ms, interactive ${Math.round(interactiveAt)} ms, cards ${JSON.stringify(counts)}`);
      }
      await context.close();
    }
    const kb = (n: number) => Math.round(n / 102.4) / 10;
    const interactiveMedian = median(interactive);
    const maxCards = Math.max(...Object.values(perColumn));
    return {
      deals: input.deals,
      runs,
      interactive_ms: interactive,
      interactive_median_ms: interactiveMedian,
      cards_visible_median_ms: median(visible),
      cards_per_column: perColumn,
      js_files: jsFiles,
      js_raw_kb: kb(jsRaw),
      js_gzip_kb: kb(jsGzip),
      checks: [
        { target: `board interactive ≤ 1.5 s at ${input.deals} deals`, ok: interactiveMedian <= 1500, detail: `median ${interactiveMedian} ms of ${runs} (${interactive.join(", ")})` },
        { target: "≤ ~100 cards mounted per column", ok: maxCards <= 110, detail: JSON.stringify(perColumn) },
        { target: "board JS ≤ 250 kB gzip", ok: jsGzip <= 250 * 1024, detail: `${kb(jsGzip)} kB gzip in ${jsFiles} files (${kb(jsRaw)} kB raw)` },
      ],
    };
  } finally {
    await browser.close();
  }
}
