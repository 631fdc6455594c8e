import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import pg from "pg";

export const ADMIN = {
  email: process.env.POSTURE_E2E_ADMIN_EMAIL ?? "admin@e2e.local",
  password: process.env.POSTURE_E2E_ADMIN_PASSWORD ?? "e2e-admin-password-0123",
};

export async function login(page: Page, email = ADMIN.email, password = ADMIN.password) {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** The e2e server's port (playwright.config.ts: E2E_PORT, default 3210). */
export const E2E_SERVER_PORT = Number(process.env.E2E_PORT ?? 3210);

/** What e2e/server.ts recorded: its database (null on embedded PGlite) and its POSTURE_SECRET. */
export function e2eServer(): { url: string | null; secret: string } {
  return JSON.parse(readFileSync(path.join(tmpdir(), `posture-e2e-db-${E2E_SERVER_PORT}.json`), "utf8"));
}

/** The e2e server's database, for arranging states the UI cannot reach. */
export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const { url } = e2eServer();
  if (!url) throw new Error("the e2e server runs on embedded PGlite; start PostgreSQL for this test");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
