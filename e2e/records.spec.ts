// Incident detail (age and owner first, the assignee picker, history by event time on a labelled time
// axis), a certificate lineage's own facts, and mesh filters that narrow every figure (issue 13.9, 13.10).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, login } from "./helpers";

async function links(page: Page, list: string, pattern: RegExp): Promise<string[]> {
  await page.goto(list);
  const hrefs = await page
    .locator("main a[href]")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.filter((h) => pattern.test(h)))];
}

async function axeClean(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.beforeEach(async ({ page }) => {
  await login(page);
});

test("an incident shows its age and owner first, assigns through a user picker, and tells its history by event time", async ({
  page,
}) => {
  const [first] = await links(page, "/incidents?status=unresolved", /^\/incidents\/[0-9a-f-]{36}$/);
  expect(first).toBeTruthy();
  await page.goto(first);
  const facts = page.getByRole("region", { name: "Age and owner" });
  await expect(facts.getByText("Open for")).toBeVisible();
  await expect(facts.getByText(/\d+ (s|min|h|d)\b/).first()).toBeVisible();
  // Never a raw lineage id as the subject.
  await expect(facts).not.toContainText("lineage:");

  // The time axis is labelled and every milestone line is named.
  await expect(page.locator(".incident-timeline")).toContainText("Time (UTC)");
  await expect(page.locator(".incident-timeline")).toContainText("detected");

  // Assign to the admin through the picker (the existing PATCH path), then see it as the owner.
  const picker = facts.getByLabel("Assignee");
  await picker.selectOption(ADMIN.email);
  await facts.getByRole("button", { name: "Assign" }).click();
  await expect(facts.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(facts.locator("dd.big").nth(1)).toContainText(ADMIN.email);
  await expect(facts.getByLabel("Assignee")).toHaveValue(ADMIN.email);

  // History: the column says when things happened; the assignment is its newest row.
  const history = page.getByRole("region", { name: "Incident history (UTC)" });
  await expect(history.getByRole("columnheader", { name: "Happened (UTC)" })).toBeVisible();
  await expect(history.getByRole("row").last()).toContainText(
    new RegExp(`owner: .+ → ${ADMIN.email.replace(".", "\\.")}`),
  );
  const times = await history
    .locator("tbody time")
    .evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime") ?? ""));
  expect(times.length).toBeGreaterThan(1);
  expect([...times].sort()).toEqual(times);
  await axeClean(page);
});

test("a certificate lineage shows its own facts: SANs, serial, fingerprint, key, issuer chain, where seen, findings and risks", async ({
  page,
}) => {
  // Upload Istio's workload chain (leaf + intermediate) as a user would; the demo holds its root as a trust
  // anchor, so the whole chain is known.
  await page.goto("/certificates");
  await page.getByText("Upload certificates").click();
  await page
    .locator("#up-file")
    .setInputFiles("lib/demo/fixtures/certificates/istio-workload-cert-chain.pem");
  await page.locator("#up-cluster").fill("us-east-prod");
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status").filter({ hasText: "accepted" })).toBeVisible();
  const [leaf] = await links(
    page,
    "/certificates?q=spiffe%3A%2F%2Facme.internal%2Fns%2Fshop%2Fsa%2Ffrontend&cluster=us-east-prod",
    /^\/certificates\/lineages\/[0-9a-f-]{36}$/,
  );
  expect(leaf).toBeTruthy();
  await page.goto(leaf);
  const facts = page.locator("dl.facts");
  for (const term of ["Subject", "SANs", "Serial", "SHA-256 fingerprint", "Key", "Signature"])
    await expect(facts.locator("dt", { hasText: term }).first()).toBeVisible();
  await expect(facts.locator("dt:has-text('SANs') + dd")).toContainText(
    "spiffe://acme.internal/ns/shop/sa/frontend",
  );
  await expect(facts.locator("dt:has-text('SHA-256 fingerprint') + dd")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(facts.locator("dt:has-text('Serial') + dd")).toHaveText(/^[0-9A-F]+$/);
  await expect(facts.locator("dt:has-text('Key') + dd")).toHaveText(/EC 256 bit/);
  const chain = page.locator("ol.chain li");
  await expect(chain).toHaveCount(3);
  await expect(chain.nth(1)).toContainText("Intermediate CA us-east-prod");
  await expect(chain.nth(2)).toContainText("Acme Mesh Root CA");
  await expect(chain.nth(2)).toContainText("self-signed root");
  await expect(page.locator(".seen-in li").first()).toContainText("us-east-prod");
  await expect(page.getByRole("heading", { name: "Issuer chain" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Where it was seen" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Findings and risks" })).toBeVisible();
  await expect(page.getByText(/open findings? · \d+ related risks?/)).toBeVisible();
  await axeClean(page);

  // A cert-manager lineage: reported without the certificate itself, so it says so instead of guessing.
  const [managed] = await links(
    page,
    "/certificates?q=card-vault&cluster=eu-west-staging",
    /^\/certificates\/lineages\/[0-9a-f-]{36}$/,
  );
  await page.goto(managed);
  await expect(facts.locator("dt:has-text('SANs') + dd")).toContainText(
    "card-vault.payments.svc.cluster.local",
  );
  await expect(facts.locator("dt:has-text('SHA-256 fingerprint') + dd")).toContainText(
    "reported without the certificate",
  );
  await expect(page.getByText("Expired certificate still served or reported").first()).toBeVisible();
});

test("a mesh filter narrows the tiles and the matrix too, and the page says which filter is on", async ({
  page,
}) => {
  await page.goto("/mesh?range=30d");
  const tile = page.getByText(/requests \+ connections \(destination-reported\)/).first();
  await expect(tile).toBeVisible();
  const before = await tile.textContent();
  const namespaces = await page
    .getByLabel("Namespace")
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(namespaces.length).toBeGreaterThan(1);
  await page.getByLabel("Namespace").selectOption(namespaces[0]);
  await expect(page).toHaveURL(new RegExp(`namespace=${namespaces[0]}`));
  await expect(page.getByRole("status").filter({ hasText: `namespace ${namespaces[0]}` })).toBeVisible();
  await expect(tile).not.toHaveText(before ?? "");
  // Clearing brings every figure back.
  await page.getByRole("link", { name: "Clear the filter" }).click();
  await expect(page).not.toHaveURL(/namespace=/);
  await expect(tile).toHaveText(before ?? "");
});
