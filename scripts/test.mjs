// `npm test`: every check, in the order that fails fastest. Plain Node so it runs before anything else.
// Steps: Biome (lint + format), tsc, vitest (unit + integration on a real PostgreSQL), next build,
// Playwright (production build in Debian Chromium). `npm test -- --skip-e2e` stops after vitest.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const args = process.argv.slice(2);
const skipE2e = args.includes("--skip-e2e");

function step(name, cmd, cmdArgs, env = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: "inherit", env: { ...process.env, ...env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${r.status}) after ${secs} s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${name} (${secs} s)`);
}

function findChromium() {
  for (const p of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (p && existsSync(p)) return p;
  }
  return null;
}

if (!existsSync("lib/db/generated/client.ts"))
  step("prisma generate", process.execPath, ["scripts/prisma-generate.mjs"]);
step("lint (biome)", "npx", ["biome", "check", "."]);
step("typecheck (tsc)", "npx", ["tsc", "--noEmit"]);
const VITEST_JSON = "test-reports/vitest.json";
const PLAYWRIGHT_JSON = "test-reports/playwright.json";

/** The closing line CI reads: every test of both runners, "total: N passed, N failed". */
function summary() {
  let passed = 0;
  let failed = 0;
  if (existsSync(VITEST_JSON)) {
    const v = JSON.parse(readFileSync(VITEST_JSON, "utf8"));
    passed += v.numPassedTests ?? 0;
    failed += v.numFailedTests ?? 0;
  }
  if (!skipE2e && existsSync(PLAYWRIGHT_JSON)) {
    const p = JSON.parse(readFileSync(PLAYWRIGHT_JSON, "utf8"));
    passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
    failed += p.stats?.unexpected ?? 0;
  }
  console.log(`\ntotal: ${passed} passed, ${failed} failed`);
}

rmSync("test-reports", { recursive: true, force: true });
step("unit + integration (vitest)", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${VITEST_JSON}`,
]);
if (skipE2e) {
  summary();
  process.exit(0);
}

const chromium = findChromium();
if (!chromium) {
  console.error(
    "\n✗ Chromium not found. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH;\n" +
      "  `npx playwright install` cannot download browsers on this network.",
  );
  process.exit(1);
}
step("build (next build)", "npx", ["next", "build"]);
step("end-to-end (playwright)", "npx", ["playwright", "test"], { CHROMIUM_PATH: chromium });
summary();
