// Issue 13.7/13.11/13.14 as a browser sees them: the overview's deny rate opens the policy explorer on the
// denies behind it (and says so, with a way back), one labelled time zone that the user can switch and that
// is remembered (also on an incident, where times typed into its forms are read in it, and on Sources), a
// readable decision detail, remembered risk filters named and clearable, a CSV export
// named after its filter, a favicon, and 404/403 inside the app without CSP errors.
import { type ConsoleMessage, expect, type Page, test } from "@playwright/test";
import { login } from "./helpers";

function cspErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error" && /Content Security Policy|Refused to (execute|load|apply)/i.test(m.text()))
      errors.push(m.text());
  });
  return errors;
}

test.describe("drill-downs, time zone and the app shell", () => {
  test.use({ timezoneId: "Europe/Berlin" });

  test("the report's deny rate opens the policy explorer filtered to its denies", async ({ page }) => {
    await login(page);
    // The overview's tiles and the report's KPI rows link through the same lib/reports/drill.ts.
    await page.goto("/reports/executive?period=30d");
    const link = page.locator('.report-kpis a[href^="/policy?"][href*="dresult=deny"]').first();
    await expect(link).toHaveText("Policy deny rate");
    const href = (await link.getAttribute("href")) ?? "";
    const want = new URL(href, "http://x");
    await link.click();
    await expect(page).toHaveURL(/\/policy\?.*dresult=deny/);
    const explorer = page.locator("#explorer");
    const note = explorer.locator(".filter-note");
    // The note names the filter and the window the tile counted, and the figure behind it.
    await expect(note).toContainText("Filter on:");
    await expect(note).toContainText("denied decisions");
    await expect(note).toContainText(/\d[\d,]* of [\d,]+ decisions denied \(\d+\.\d %\)/);
    const from = want.searchParams.get("dfrom") ?? "";
    await expect(note).toContainText(`${from.slice(0, 10)} ${from.slice(11, 16)} → `);
    // Every decision listed is a deny.
    const results = explorer
      .locator("table.decisions tbody tr:not(.detail-row) td:nth-child(2) .badge")
      .first();
    await expect(results).toHaveText("deny");
    const texts = await explorer
      .locator("table.decisions tbody tr:not(.detail-row) td:nth-child(2) .badge:first-child")
      .allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts)).toEqual(new Set(["deny"]));

    // The detail of a decision: the whole of it, with its zone named.
    await explorer.locator("table.decisions tbody tr").first().getByRole("button").click();
    const detail = explorer.locator(".decision-detail");
    await expect(detail).toContainText("Decision id");
    await expect(detail).toContainText(/Time\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC/);

    // Clearing the filter brings back every result of the last 24 hours.
    await note.getByRole("button", { name: "Clear the filter" }).click();
    await expect(note).toContainText("Showing:");
    await expect(note).not.toContainText("denied decisions");
  });

  test("a 90-day deny rate opens on the explorer's last 31 days and says so", async ({ page }) => {
    await login(page);
    await page.goto("/reports/executive?period=90d");
    await page.locator('.report-kpis a[href*="dresult=deny"]').first().click();
    const note = page.locator("#explorer .filter-note");
    await expect(note).toContainText(
      /decisions denied \(\d+\.\d %\)(, low volume)? from .+; the list shows the last 31 days/,
    );
    await expect(page.locator("#explorer [role=alert]")).toHaveCount(0);
  });

  test("times are in UTC until the user picks the browser's zone, which is remembered", async ({ page }) => {
    await login(page);
    await page.goto("/policy");
    const explorer = page.locator("#explorer");
    await expect(explorer.getByRole("columnheader", { name: "Time (UTC)" })).toBeVisible();
    await expect(
      page.getByText("Runtime decisions (OPA, Envoy/Istio, Cilium) per hour, times in UTC"),
    ).toBeVisible();
    await page.getByLabel("Times in").selectOption("Europe/Berlin");
    await expect(
      explorer.getByRole("columnheader", { name: /^Time \(Europe\/Berlin \(UTC\+0[12]:00\)\)$/ }),
    ).toBeVisible();
    await expect(explorer.getByText(/^From \(Europe\/Berlin/)).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Times in")).toHaveValue("Europe/Berlin");
    await expect(page.getByText(/per hour, times in Europe\/Berlin/)).toBeVisible();
    await page.getByLabel("Times in").selectOption("UTC");
    await expect(explorer.getByRole("columnheader", { name: "Time (UTC)" })).toBeVisible();
  });

  test("remembered risk filters are named and clearable; the export is named after its filter", async ({
    page,
  }) => {
    await login(page);
    await page.goto("/risks?status=open,treating&aboveAppetite=true");
    await expect(page.locator(".filter-note")).toContainText("status open or treating · above appetite");
    const exportLink = page.getByRole("link", { name: "Export filtered CSV" });
    await expect(exportLink).toHaveAttribute(
      "download",
      /^risks-\d{4}-\d{2}-\d{2}-status-open-or-treating-above-appetite\.csv$/,
    );
    const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
    expect(download.suggestedFilename()).toMatch(/-status-open-or-treating-above-appetite\.csv$/);
    // A bare /risks brings the filters back (once the page has saved them), and says they were remembered.
    await expect
      .poll(async () => (await (await page.request.get("/api/v1/risks/filters")).json()).query)
      .toBe("status=open%2Ctreating&aboveAppetite=true");
    await page.goto("/risks");
    await expect(page).toHaveURL(/aboveAppetite=true/);
    await expect(page.locator(".filter-note")).toContainText("(remembered from your last visit)");
    await page.locator(".filter-note").getByRole("link", { name: "Clear the filter" }).click();
    await expect(page.locator(".filter-note")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Export CSV", exact: true })).toBeVisible();
    await expect
      .poll(async () => (await (await page.request.get("/api/v1/risks/filters")).json()).query)
      .toBe("");
    await page.goto("/risks");
    await expect(page.locator(".filter-note")).toHaveCount(0);
  });

  test("a favicon, and 404 and 403 inside the app layout without CSP errors", async ({ page, browser }) => {
    const icon = await page.request.get("/favicon.ico");
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toMatch(/image/);
    await login(page);
    const errors = cspErrors(page);
    await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon/);

    let res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeAttached();
    res = await page.goto("/risks/00000000-0000-4000-8000-000000000000");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeAttached();

    // A viewer on an admin page: 403, still inside the app.
    const email = `viewer-shell-${Date.now()}@e2e.test`;
    const made = await page.evaluate(
      async (email) =>
        (
          await fetch("/api/v1/users", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              email,
              name: "Shell viewer",
              role: "viewer",
              password: "viewer-password-123",
            }),
          })
        ).status,
      email,
    );
    expect(made).toBe(201);
    const ctx = await browser.newContext();
    const viewer = await ctx.newPage();
    const viewerErrors = cspErrors(viewer);
    await login(viewer, email, "viewer-password-123");
    res = await viewer.goto("/admin");
    expect(res?.status()).toBe(403);
    await expect(viewer.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
    await expect(viewer.getByRole("navigation", { name: "Main" })).toBeAttached();
    await viewer.waitForLoadState("networkidle");
    expect([...errors, ...viewerErrors]).toEqual([]);
    await ctx.close();
  });
});

test.describe("incidents and sources in the browser's zone", () => {
  // Kolkata is UTC+05:30 all year: a half-hour shift no UTC time can pass for.
  test.use({ timezoneId: "Asia/Kolkata", viewport: { width: 1440, height: 900 } });
  test("an incident and the sources page show their times in the chosen zone and name it", async ({
    page,
  }) => {
    await login(page);
    // The browser's own name for the zone (Chromium's ICU may still say Asia/Calcutta).
    const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(browserZone).toMatch(/^Asia\/(Kolkata|Calcutta)$/);
    const IST = `${browserZone} (UTC+05:30)`;
    const origin = new URL(page.url()).origin;
    const made = await page.request.post("/api/v1/incidents", {
      headers: { origin },
      data: { title: "Zone check", severity: "low", detectedAt: "2026-03-01T09:30:00Z" },
    });
    expect(made.status()).toBe(201);
    const { id } = (await made.json()) as { id: string };
    await page.goto(`/incidents/${id}`);
    const facts = page.getByRole("region", { name: "Age and owner" });
    await expect(facts).toContainText("since detection at 2026-03-01 09:30 UTC");

    await page.getByLabel("Times in").selectOption(browserZone);
    await expect(facts).toContainText(`since detection at 2026-03-01 15:00 ${IST}`);
    const clock = page.getByRole("region", { name: "Clock" });
    await expect(clock).toContainText(`Times in ${IST}`);
    await expect(clock).toContainText("2026-03-01 15:00:00");
    await expect(page.locator(".incident-timeline")).toContainText(`Time (${IST})`);
    const history = page.getByRole("region", { name: "History" });
    await expect(history.getByRole("columnheader", { name: `Happened (${IST})` })).toBeVisible();
    await page.screenshot({ path: "test-results/incident-zone-1440.png", fullPage: true });

    // A time typed into a form is read in the zone its label names.
    const status = page.getByRole("form", { name: "Change status" });
    await status.getByLabel(`At (${IST})`).fill("2026-03-01T15:10:00");
    await status.getByRole("button", { name: "Apply" }).click();
    await expect(clock).toContainText("2026-03-01 15:10:00");
    const back = await page.request.get(`/api/v1/incidents/${id}`);
    expect(((await back.json()) as { incident: { acknowledgedAt: string } }).incident.acknowledgedAt).toBe(
      "2026-03-01T09:40:00.000Z",
    );

    // Sources: the batch just received, in the zone (its wall clock is UTC + 5:30).
    const sent = await page.request.post("/api/v1/ingest/policy?format=opa&cluster=e2e-zone", {
      headers: { origin, "content-type": "application/x-ndjson" },
      data: `${JSON.stringify({ decision_id: `zone-${Date.now()}`, timestamp: new Date().toISOString(), path: "kubernetes/admission", result: true })}\n`,
    });
    expect([200, 201]).toContain(sent.status());
    await page.goto("/sources");
    const batches = page.getByRole("region", { name: "Recent batches" });
    await expect(batches.getByRole("columnheader", { name: `Received (${IST})` })).toBeVisible();
    const shown = await batches
      .getByRole("row")
      .filter({ hasText: "e2e-zone" })
      .first()
      .locator("td")
      .first()
      .textContent();
    const wall = Date.parse(`${(shown ?? "").trim().replace(" ", "T")}Z`);
    expect(Math.abs(wall - (Date.now() + 5.5 * 3_600_000))).toBeLessThan(5 * 60_000);
    await page.getByLabel("Times in").selectOption("UTC");
    await expect(batches.getByRole("columnheader", { name: "Received (UTC)" })).toBeVisible();
  });
});
