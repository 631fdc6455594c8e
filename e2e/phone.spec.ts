// At 390 px (a phone) no page scrolls sideways: wide tables scroll inside their own box, the navigation
// collapses into a menu. Every page of the app is visited, including one record of each kind.
import { expect, type Page, test } from "@playwright/test";
import { login } from "./helpers";
import { NAV_PAGES } from "./pages";

const STATIC = [
  ...NAV_PAGES,
  "/risks/new",
  "/risks/reviews",
  "/risks/settings",
  "/reports/executive?period=30d",
  "/help/kpis",
  "/no-such-page",
];

/** The first link on a list page that matches, so detail pages are visited too. */
async function firstLink(page: Page, list: string, pattern: RegExp): Promise<string | null> {
  await page.goto(list);
  const hrefs = await page
    .locator("main a[href]")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}

async function overflow(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    // Name the widest culprits: elements that reach past the viewport and are not inside a scroll box.
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 1 || r.width === 0) continue;
      let p = el.parentElement;
      let clipped = false;
      while (p && p !== document.body) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") {
          clipped = true;
          break;
        }
        p = p.parentElement;
      }
      if (!clipped)
        culprits.push(
          `${el.tagName.toLowerCase()}.${(el.getAttribute("class") ?? "").split(" ")[0]} → ${Math.round(r.right)}px`,
        );
    }
    return { scrollWidth: doc.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 5) };
  });
}

test.describe("phones (390 px)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("no page scrolls sideways; the navigation is a menu", async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto("/login");
    let o = await overflow(page);
    expect(o.scrollWidth, `/login overflows: ${o.culprits.join(", ")}`).toBeLessThanOrEqual(o.clientWidth);
    await login(page);
    const details = [
      await firstLink(page, "/certificates", /^\/certificates\/lineages\//),
      await firstLink(page, "/incidents", /^\/incidents\/[0-9a-f-]{36}$/),
      await firstLink(page, "/risks", /^\/risks\/[0-9a-f-]{36}$/),
      await firstLink(page, "/reports", /^\/reports\/frozen\//),
    ].filter((h): h is string => h !== null);
    expect(details.length).toBe(4);
    const failures: string[] = [];
    for (const url of [...STATIC, ...details]) {
      await page.goto(url);
      await page.waitForLoadState("networkidle");
      o = await overflow(page);
      if (o.scrollWidth > o.clientWidth)
        failures.push(`${url}: ${o.scrollWidth}px > ${o.clientWidth}px (${o.culprits.join(", ")})`);
    }
    expect(failures, failures.join("\n")).toEqual([]);

    // The menu: closed at first (the page content comes first), opens on demand, and links work.
    await page.goto("/");
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("link", { name: "Certificates", exact: true })).toBeHidden();
    await menu.click();
    await page.getByRole("link", { name: "Certificates", exact: true }).click();
    await expect(page).toHaveURL(/\/certificates$/);
    await expect(menu).toHaveAttribute("aria-expanded", "false");
  });
});
