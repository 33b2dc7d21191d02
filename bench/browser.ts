import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import type { TargetCheck } from "./report";
import { median } from "./stats";

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

/**
 * Installed before any page script: records long tasks, and the moment every column shows
 * cards (or says it is empty), checked on each DOM mutation.
 */
const IN_PAGE_PROBES = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: "longtask", buffered: true });
  const ready = () => {
    const columns = [...document.querySelectorAll(${JSON.stringify(COLUMN_SELECTOR)})];
    return columns.length > 0 && columns.every((c) => c.querySelector(${JSON.stringify(CARD_SELECTOR)}) || /No deals in this stage/.test(c.textContent || ""));
  };
  new MutationObserver((_, observer) => {
    if (window.__cardsAt === undefined && ready()) {
      window.__cardsAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

interface BoardFigures {
  deals: number;
  runs: number;
  interactive_ms: number[];
  interactive_median_ms: number;
  cards_visible_median_ms: number;
  cards_per_column: Record<string, number>;
  js_files: number;
  js_raw_kb: number;
  js_gzip_kb: number;
  /** The last run's timeline: HTML received, DOMContentLoaded, and each long task (start, ms). */
  timeline: { response_end_ms: number; dom_content_loaded_ms: number; long_tasks: Array<[number, number]> };
  /** Every script of the last run, largest first (gzip kB). */
  js_by_file: Array<{ url: string; gzip_kb: number; raw_kb: number }>;
  checks: TargetCheck[];
}

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
    let byFile: BoardFigures["js_by_file"] = [];
    let timeline: BoardFigures["timeline"] = { response_end_ms: 0, dom_content_loaded_ms: 0, long_tasks: [] };
    for (let run = 0; run <= runs; run++) {
      // Run 0 is a warm-up (server caches, first compile of the route); each run is a fresh context (cold browser cache).
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addCookies([{ name: "better-auth.session_token", value: input.cookie, url: input.appUrl, httpOnly: true, sameSite: "Lax" }]);
      // Plain-script strings: the page must not depend on helpers the TypeScript loader injects.
      await context.addInitScript(IN_PAGE_PROBES);
      const page = await context.newPage();
      const scripts: Promise<void>[] = [];
      let raw = 0;
      let gz = 0;
      let files = 0;
      const perFile: BoardFigures["js_by_file"] = [];
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
              const zipped = gzipSync(body).length;
              gz += zipped;
              perFile.push({ url: new URL(res.url()).pathname, gzip_kb: Math.round(zipped / 102.4) / 10, raw_kb: Math.round(body.length / 102.4) / 10 });
            })
            .catch(() => {}),
        );
      });
      await page.goto(`${input.appUrl}/board`, { waitUntil: "commit" });
      await page.waitForFunction("window.__cardsAt !== undefined", undefined, { timeout: 30_000 });
      const cardsAt = (await page.evaluate("window.__cardsAt")) as number;
      // Interactive: one quiet second without long tasks after the cards appeared (or 10 s).
      await page.waitForFunction(
        `(() => { const last = Math.max(window.__cardsAt, ...window.__longTasks.map((t) => t.end));
                  return performance.now() - last >= 1000 || performance.now() - window.__cardsAt > 10000; })()`,
        undefined,
        { timeout: 30_000, polling: 100 },
      );
      const interactiveAt = (await page.evaluate("Math.max(window.__cardsAt, ...window.__longTasks.map((t) => t.end))")) as number;
      const counts = (await page.evaluate(
        `Object.fromEntries([...document.querySelectorAll(${JSON.stringify(COLUMN_SELECTOR)})].map((c) => [c.getAttribute(${JSON.stringify(COLUMN_STAGE_ATTRIBUTE)}) ?? "?", c.querySelectorAll(${JSON.stringify(CARD_SELECTOR)}).length]))`,
      )) as Record<string, number>;
      const runTimeline = (await page.evaluate(
        `(() => { const n = performance.getEntriesByType("navigation")[0];
                  return { response_end_ms: Math.round(n.responseEnd), dom_content_loaded_ms: Math.round(n.domContentLoadedEventEnd),
                           long_tasks: window.__longTasks.map((t) => [Math.round(t.start), Math.round(t.end - t.start)]) }; })()`,
      )) as BoardFigures["timeline"];
      await Promise.all(scripts);
      if (run > 0) {
        timeline = runTimeline;
        interactive.push(Math.round(interactiveAt));
        visible.push(Math.round(cardsAt));
        perColumn = counts;
        jsRaw = raw;
        jsGzip = gz;
        jsFiles = files;
        byFile = perFile.sort((a, b) => b.gzip_kb - a.gzip_kb);
        input.log(`board run ${run}: cards visible ${Math.round(cardsAt)} ms, interactive ${Math.round(interactiveAt)} ms, cards ${JSON.stringify(counts)}`);
        input.log(
          `  HTML ${runTimeline.response_end_ms} ms, DOMContentLoaded ${runTimeline.dom_content_loaded_ms} ms, long tasks (start+ms) ${runTimeline.long_tasks.map(([a, d]) => `${a}+${d}`).join(" ")}`,
        );
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
      js_by_file: byFile,
      timeline,
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
