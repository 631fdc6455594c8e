import { defineConfig } from "@playwright/test";

// End-to-end tests against a production build (`next build` runs before, in scripts/test.mjs) served by
// e2e/server.ts on a fresh database, in Debian's Chromium (Playwright cannot download browsers here).
const port = Number(process.env.E2E_PORT ?? 3210);
const oidcPort = port + 1;
export const E2E_ADMIN = { email: "admin@e2e.local", password: "e2e-admin-password-0123" };
process.env.POSTURE_E2E_ADMIN_EMAIL ??= E2E_ADMIN.email;
process.env.POSTURE_E2E_ADMIN_PASSWORD ??= E2E_ADMIN.password;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // json: scripts/test.mjs adds its counts to the closing "total: N passed, N failed" line.
  reporter: [
    ["list"],
    ["json", { outputFile: "test-reports/playwright.json" }],
    ...(process.env.CI ? [] : [["html", { open: "never" }] as const]),
  ],
  outputDir: "test-results",
  use: {
    baseURL: `http://localhost:${port}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    },
  },
  webServer: [
    {
      command: "node_modules/.bin/tsx e2e/oidc-provider.ts",
      url: `http://localhost:${oidcPort}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { OIDC_PORT: String(oidcPort), APP_URL: `http://localhost:${port}` },
    },
    {
      command: "node_modules/.bin/tsx --conditions=react-server e2e/server.ts",
      url: `http://localhost:${port}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(port),
        POSTURE_ADMIN_EMAIL: E2E_ADMIN.email,
        POSTURE_ADMIN_PASSWORD: E2E_ADMIN.password,
        POSTURE_URL: `http://localhost:${port}`,
        // The suite signs in many times a minute from one address.
        POSTURE_LOGIN_RATE_PER_MIN: "500",
        POSTURE_OIDC_ISSUER: `http://localhost:${oidcPort}`,
        POSTURE_OIDC_CLIENT_ID: "posture-e2e",
        POSTURE_OIDC_CLIENT_SECRET: "posture-e2e-secret",
        POSTURE_OIDC_NAME: "Acme SSO",
      },
    },
  ],
});
