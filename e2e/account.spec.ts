// The Account page: changing one's own password, with each refusal shown beside its field, other
// sessions ended, and the new password the one that signs in. A user of its own, so the admin the other
// specs sign in as keeps its password.
import { expect, type Page, test } from "@playwright/test";
import { login } from "./helpers";

const OLD = "account-e2e-old-pass-0123";
const NEW = "violet tractor harbour quietly 42";

async function fill(page: Page, current: string, next: string, again = next) {
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(current);
  await form.getByLabel("New password", { exact: true }).fill(next);
  await form.getByLabel("New password again").fill(again);
  await form.getByRole("button", { name: "Change password" }).click();
  return form;
}

test("a user changes their password: errors by field, then success ends the other session", async ({
  page,
  browser,
}) => {
  const email = `account-${Date.now()}@e2e.local`;
  await login(page);
  const origin = new URL(page.url()).origin;
  const created = await page.request.post("/api/v1/users", {
    data: { email, name: "Acc Ount", role: "viewer", password: OLD },
    headers: { origin },
  });
  expect(created.status()).toBe(201);
  await page.context().clearCookies();

  // A second session of the same user, which the change must end.
  const other = await (await browser.newContext()).newPage();
  await login(other, email, OLD);
  await login(page, email, OLD);
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();

  let form = await fill(page, "not-my-password-at-all", NEW);
  await expect(form.locator("#currentPassword-error")).toContainText("is not right");
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  form = await fill(page, OLD, NEW, `${NEW}!`);
  await expect(form.locator("#confirmPassword-error")).toContainText("does not match the new password");

  form = await fill(page, OLD, "password1234");
  await expect(form.locator("#newPassword-error")).toContainText("too easy to guess");
  // The reason stands at its field; the line by the button only points there (no raw field names).
  await expect(form.getByRole("alert")).toHaveText("Check the highlighted fields.");
  await page.screenshot({ path: "test-results/account-errors-1440.png", fullPage: true });

  form = await fill(page, OLD, NEW);
  await expect(page.getByRole("status")).toContainText("Password changed. 1 other session signed out.");
  await page.screenshot({ path: "test-results/account-done-1440.png", fullPage: true });

  // The other browser is signed out; the new password signs in, the old one no longer does.
  await other.goto("/account");
  await expect(other).toHaveURL(/\/login/);
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill(OLD);
  await other.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(other.locator(".form-error")).toContainText(/invalid email or password/i);
  await login(other, email, NEW);
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the Account page fits a phone and shows its errors", async ({ page }) => {
    await login(page);
    await page.goto("/account");
    await fill(page, "wrong-password-for-sure", NEW, "something else entirely");
    await expect(page.locator("#confirmPassword-error")).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-results/account-390.png", fullPage: true });
  });
});
