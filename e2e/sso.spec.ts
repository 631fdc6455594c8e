import { expect, test } from "@playwright/test";

test("single sign-on through a local OpenID Connect provider creates a viewer and signs them in", async ({
  page,
}) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Acme SSO" }).click();
  // The provider's own pages (oidc-provider development interactions).
  await page.locator('input[name="login"]').fill("grace");
  await page.locator('input[name="password"]').fill("any");
  await page.locator('button[type="submit"]').first().click();
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByText("SSO grace")).toBeVisible();
  // New SSO users get the default role (viewer): no admin area.
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  expect((await page.goto("/admin"))?.status()).toBe(403);
});
