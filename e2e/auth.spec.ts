import { expect, type Page, test } from "@playwright/test";
import { ADMIN, login, withDb } from "./helpers";

/** Fills the admin page's "Create user" form and submits it, as the admin signed in on `page`. */
async function createUserOnAdminPage(
  page: Page,
  user: { email: string; name: string; password: string; role?: string },
) {
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Create user" });
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Name").fill(user.name);
  if (user.role) await form.getByLabel("Role").selectOption(user.role);
  await form.getByLabel("Password").fill(user.password);
  await form.getByRole("button", { name: "Create user" }).click();
}

test("a wrong password is refused with a message, the right one signs in, sign out returns to login", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator(".form-error")).toContainText(/invalid email or password/i);

  await login(page);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
});

test("the shell: every section is reachable and the page looks like a product", async ({ page }) => {
  await login(page);
  for (const name of [
    "Certificates",
    "Policy",
    "Mesh",
    "Findings",
    "Incidents",
    "Risks",
    "Reports",
    "Sources",
    "Admin",
  ]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
  }
  await page.getByRole("link", { name: "Overview", exact: true }).click();
  await page.screenshot({ path: "test-results/shell-overview.png", fullPage: true });
});

test("an admin invites a viewer; the viewer reads but is refused the admin page", async ({
  page,
  browser,
}) => {
  await login(page);
  const email = `viewer-${Date.now()}@e2e.local`;
  await createUserOnAdminPage(page, {
    email,
    name: "Vera Viewer",
    role: "viewer",
    password: "viewer-password-0123",
  });
  await expect(page.getByRole("status")).toContainText(`User ${email} created`);
  await expect(page.getByRole("row", { name: new RegExp(email) })).toBeVisible();

  const ctx = await browser.newContext();
  const viewer = await ctx.newPage();
  await login(viewer, email, "viewer-password-0123");
  await expect(viewer.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  const res = await viewer.goto("/admin");
  expect(res?.status()).toBe(403);
  await expect(viewer.getByText("You don’t have access to this page")).toBeVisible();
  const api = await viewer.request.post("/api/v1/users", {
    data: { email: "x@e2e.local", name: "x", role: "admin", password: "xxxxxxxxxxxxxxxx" },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(api.status()).toBe(403);
  await ctx.close();
});

test("an expired session is sent back to the login page", async ({ page }) => {
  await login(page);
  await withDb((c) =>
    c.query(
      `UPDATE session SET "expiresAt" = now() - interval '1 minute' WHERE "userId" = (SELECT id FROM "user" WHERE email = $1)`,
      [ADMIN.email],
    ),
  );
  await page.goto("/certificates");
  await expect(page).toHaveURL(/\/login\?next=%2Fcertificates|\/login/);
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
});

test("a disabled user cannot sign in", async ({ page }) => {
  await login(page);
  const email = `gone-${Date.now()}@e2e.local`;
  await createUserOnAdminPage(page, { email, name: "Gone", password: "gone-password-01234" });
  const row = page.getByRole("row", { name: new RegExp(email) });
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByText("disabled")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("gone-password-01234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator(".form-error")).toContainText(/disabled/i);
});
