// Every page of the navigation passes axe with no serious or critical violations (issue 8).
// baseURL comes from playwright.config.ts; the admin logs in through /login (admin sees every page).
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { login } from "./helpers";
import { NAV_PAGES } from "./pages";

const PAGES = [...NAV_PAGES, "/reports/executive", "/certificates/trust-anchors"];

// One sign-in for the whole file (login is rate-limited); each test gets a context with its cookies.
type State = Awaited<ReturnType<BrowserContext["storageState"]>>;
let state: State;

async function signedIn(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const ctx = await browser.newContext({ baseURL, storageState: state });
  return ctx.newPage();
}

test.describe("accessibility (axe)", () => {
  test.beforeAll(async ({ browser, baseURL }) => {
    const ctx = await browser.newContext({ baseURL });
    await login(await ctx.newPage());
    state = await ctx.storageState();
    await ctx.close();
  });

  for (const path of PAGES) {
    test(`${path} has no serious or critical violations`, async ({ browser, baseURL }) => {
      const page = await signedIn(browser, baseURL);
      const res = await page.goto(path);
      expect(res?.status(), path).toBeLessThan(400);
      await page.waitForLoadState("networkidle");
      const results = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      const report = bad.map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 5)
            .join(", ")})`,
      );
      expect(report, `${path}:\n${report.join("\n")}`).toEqual([]);
    });
  }

  test("charts on the executive report have text alternatives", async ({ browser, baseURL }) => {
    const page = await signedIn(browser, baseURL);
    await page.goto("/reports/executive?period=30d");
    // Rotation and mTLS trends, and incident response (detect and contain) per day.
    const figures = page.locator(".report-page figure");
    await expect(figures).toHaveCount(3);
    for (const f of await figures.all()) {
      const images = f.locator("[role=img]");
      expect(await images.count()).toBeGreaterThan(0);
      // A name from aria-label or aria-labelledby (the chart's own title).
      for (const img of await images.all()) await expect(img).toHaveAccessibleName(/.+/);
      // The numbers behind each chart, in a (visually hidden) table with a caption.
      await expect(f.locator("table caption")).toHaveCount(1);
    }
  });
});
