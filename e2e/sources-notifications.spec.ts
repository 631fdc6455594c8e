// Sources: a batch's rejection reasons on the page, each connector's own form, "Test connection" that
// reports a status and never the target's words. Notifications: channels and rules edited in place.
// Screenshots at 1440 and 390 px (test-results/).
import { expect, type Page, test } from "@playwright/test";
import { login } from "./helpers";

async function post(page: Page, path: string, data: string | object, contentType?: string) {
  const origin = new URL(page.url()).origin;
  return page.request.post(path, {
    data,
    headers: { origin, ...(contentType ? { "content-type": contentType } : {}) },
  });
}

/** The top of a region (a long table's first rows), for looking at in review. */
async function shoot(page: Page, name: string, region: ReturnType<Page["locator"]>, height = 700) {
  await region.scrollIntoViewIfNeeded();
  const box = await region.boundingBox();
  if (!box) return;
  const y = box.y + (await page.evaluate(() => window.scrollY));
  await page.screenshot({
    path: `test-results/${name}.png`,
    fullPage: true,
    clip: { x: 0, y, width: page.viewportSize()?.width ?? 1440, height: Math.min(height, box.height) },
  });
}

test.use({ viewport: { width: 1440, height: 900 } });

test("Sources: rejection reasons, connector forms and Test connection", async ({ page }) => {
  await login(page);
  // One good decision and two that cannot be read: a partial batch with two reasons.
  const good = JSON.stringify({
    decision_id: `e2e-${Date.now()}`,
    timestamp: new Date().toISOString(),
    path: "kubernetes/admission",
    result: false,
    labels: { cluster: "e2e-sources" },
  });
  const res = await post(
    page,
    "/api/v1/ingest/policy?format=opa&cluster=e2e-sources",
    `${good}\n{not json\n${JSON.stringify({ timestamp: "yesterday" })}\n`,
    "application/x-ndjson",
  );
  expect([200, 201]).toContain(res.status());
  const batch = await res.json();
  expect(batch.rejectedCount).toBe(2);

  await page.goto("/sources");
  const batches = page.getByRole("region", { name: "Recent batches" });
  const row = batches.getByRole("row").filter({ hasText: "e2e-sources" }).first();
  await row.getByText("2 rejected: 2 reasons").click();
  await expect(row.locator(".rejections li")).toHaveCount(2);
  await expect(row.locator(".rejections")).toContainText("line 2");

  // Each connector has its own fields; Kubernetes asks for the API server and the token.
  const form = page.getByRole("form", { name: "Add a pull source" });
  await form.getByLabel("Connector").selectOption("kubernetes");
  await expect(form.getByLabel("API server")).toBeVisible();
  await expect(form.getByLabel("Service account token")).toBeVisible();
  await expect(form.getByLabel("Config (JSON)")).toHaveCount(0);

  // Prometheus on a closed loopback port: a fixed failure text, shown to the operator.
  await form.getByLabel("Connector").selectOption("prometheus");
  await form.getByLabel("Prometheus URL").fill("http://127.0.0.1:9");
  await form.getByLabel("Timeout (ms)").fill("2000");
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.getByRole("alert")).toContainText(/^Failed: /);
  // A metadata address is refused before any connection, naming the field.
  await form.getByLabel("Prometheus URL").fill("http://169.254.169.254/");
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.getByRole("alert")).toContainText("169.254.169.254");

  await form.getByLabel("Connector").selectOption("tls-endpoints");
  await form.getByLabel("Name", { exact: true }).fill(`tls-${Date.now()}`);
  await form.getByLabel("Endpoints").fill("127.0.0.1:9\nlocalhost:8443");
  await form.getByLabel("Cluster").fill("e2e-sources");
  await form.getByRole("button", { name: "Add source" }).click();
  await expect(form.getByRole("status")).toContainText("added");
  await expect(page.getByRole("row").filter({ hasText: "tls-endpoints" }).first()).toBeVisible();

  await row.getByText("2 rejected: 2 reasons").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/sources-1440.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/sources");
  await page
    .getByRole("region", { name: "Recent batches" })
    .getByText("2 rejected: 2 reasons")
    .first()
    .click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/sources-390.png", fullPage: true });
});

test("Notifications: a channel and a rule are edited from the page", async ({ page }) => {
  await login(page);
  await page.goto("/notifications");
  const name = `hooks-${Date.now()}`;
  const add = page.getByRole("form", { name: "Add a channel" });
  await add.getByLabel("Name", { exact: true }).fill(name);
  await add.getByLabel("URL").fill("https://hooks.example.com/posture");
  await add.getByRole("button", { name: "Add channel" }).click();
  await expect(add.getByRole("status")).toContainText("added");

  await page.getByRole("link", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("form", { name: `Edit channel ${name}` });
  await expect(edit.getByLabel("URL")).toHaveValue("https://hooks.example.com/posture");
  await edit.getByLabel("Name", { exact: true }).fill(`${name}-renamed`);
  await edit.getByLabel("At most, per minute").fill("25");
  await edit.getByRole("button", { name: "Save channel" }).click();
  const channelRow = page.getByRole("row").filter({ hasText: `${name}-renamed` });
  await expect(channelRow).toContainText("25");
  await expect(page.getByRole("form", { name: "Add a channel" })).toBeVisible();

  const rule = page.getByRole("form", { name: "Add a rule" });
  await rule.getByLabel("Name", { exact: true }).fill(`${name}-rule`);
  await rule.getByLabel("Incident opened").check();
  await rule.getByLabel(`${name}-renamed`).check();
  await rule.getByRole("button", { name: "Add rule" }).click();
  await expect(rule.getByRole("status")).toContainText("added");
  await page.getByRole("link", { name: `Edit ${name}-rule` }).click();
  const editRule = page.getByRole("form", { name: `Edit rule ${name}-rule` });
  await expect(editRule.getByLabel(`${name}-renamed`)).toBeChecked();
  await editRule.getByLabel("Clusters (empty: all)").fill("eu-west-prod");
  await editRule.getByLabel("At or above severity").selectOption("high");
  await editRule.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByRole("row").filter({ hasText: `${name}-rule` })).toContainText(
    "eu-west-prod · ≥ high",
  );

  await page.screenshot({ path: "test-results/notifications-1440.png", fullPage: true });
  await page.getByRole("link", { name: `Edit ${name}-rule` }).click();
  await shoot(
    page,
    "notifications-edit-rule-1440",
    page.getByRole("form", { name: `Edit rule ${name}-rule` }),
  );
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/notifications");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/notifications-390.png", fullPage: true });
});
