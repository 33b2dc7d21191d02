import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Accessibility checks with axe-core: a page passes when axe finds no serious or critical
 * violation of WCAG 2.1 A/AA (and axe's best practices). The report names each rule, its impact
 * and the offending elements, so a failure says what to fix.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`).join("\n")}`);
  expect(report, `${label}: axe found serious or critical violations`).toEqual([]);
}

/** The page is no wider than the viewport (only scrollers inside it may scroll sideways). */
export async function expectNoHorizontalOverflow(page: Page, label: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${label}: the document is ${scrollWidth} px wide in a ${innerWidth} px viewport`).toBeLessThanOrEqual(innerWidth);
}

/** Every open dialog lies within the viewport. */
export async function expectDialogsOnScreen(page: Page, label: string): Promise<void> {
  const viewport = page.viewportSize()!;
  for (const dialog of await page.getByRole("dialog").or(page.getByRole("alertdialog")).all()) {
    const box = (await dialog.boundingBox())!;
    expect(box.x, `${label}: dialog starts left of the screen`).toBeGreaterThanOrEqual(0);
    expect(box.y, `${label}: dialog starts above the screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${label}: dialog runs off the right edge`).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(box.y + box.height, `${label}: dialog runs off the bottom (it must scroll inside instead)`).toBeLessThanOrEqual(viewport.height + 0.5);
  }
}
