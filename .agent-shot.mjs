import { chromium } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
for (const [w, h] of [[1440, 1000], [390, 844]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto("http://localhost:4400/login");
  await page.getByLabel("Email").fill("admin@agent.local");
  await page.getByLabel("Password").fill("agent-ui-password-0123");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto("http://localhost:4400/sources");
  const section = page.locator("section", { has: page.getByRole("heading", { name: "In-cluster agents" }) });
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: `/tmp/agent-ui/agents-${w}.png` });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  console.log(w, "page horizontal overflow", overflow);
  try {
    const r = await new AxeBuilder({ page }).include("#agents-heading").analyze();
    console.log("axe violations", r.violations.map((v) => v.id));
  } catch (e) { console.log("axe n/a", e.message); }
  await page.close();
}
await browser.close();
