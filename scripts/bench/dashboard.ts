// The operator dashboard's first-load JavaScript (gzip bytes on the wire) and its largest
// contentful paint, measured in headless Chromium against a running production server.
import { chromium } from "@playwright/test";
import type { Figure } from "./report";

export async function benchDashboard(
  baseUrl: string,
  login: { email: string; password: string },
): Promise<Figure[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.fill("#email", login.email);
    await page.fill("#password", login.password);
    await page.click("button[type=submit]");
    await page.waitForSelector("nav[aria-label=Main]");

    // A fresh context with the session cookie: nothing cached, as a first visit after sign-in.
    const cookies = await ctx.cookies();
    const fresh = await browser.newContext();
    await fresh.addCookies(cookies);
    const p = await fresh.newPage();
    let jsBytes = 0;
    p.on("response", async (res) => {
      if (res.request().resourceType() !== "script") return;
      const sizes = await res
        .request()
        .sizes()
        .catch(() => null);
      jsBytes += sizes?.responseBodySize ?? 0;
    });
    await p.goto(`${baseUrl}/`, { waitUntil: "networkidle" });
    const lcp = await p.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            resolve(entries[entries.length - 1]?.startTime ?? 0);
          }).observe({ type: "largest-contentful-paint", buffered: true });
          setTimeout(() => resolve(0), 3000);
        }),
    );
    await fresh.close();
    return [
      {
        name: "dashboard_first_load_js_gzip",
        value: Math.round(jsBytes / 1024),
        unit: "kB",
        target: "<= 250 kB",
      },
      { name: "dashboard_largest_contentful_paint", value: Math.round(lcp), unit: "ms" },
    ];
  } finally {
    await browser.close();
  }
}
