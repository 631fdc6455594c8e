// `npm test`: every check. Plain Node so it runs before anything else.
// Steps: system packages (scripts/test-prerequisites.mjs), Biome (lint + format), tsc, vitest (unit +
// integration on a real PostgreSQL), next build, Playwright (production build in Debian Chromium), the
// container image and its smoke test (podman). `--skip-image` leaves out the last two.
// A failing step does not hide the others: every independent step runs, and the closing line counts the
// tests of both runners plus the lint, typecheck and build steps. `npm test -- --skip-e2e` stops after
// vitest. The exit code is non-zero when anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { ensureSystemPackages, findChromium } from "./test-prerequisites.mjs";

const args = process.argv.slice(2);
const skipE2e = args.includes("--skip-e2e");
const skipImage = skipE2e || args.includes("--skip-image");
const VITEST_JSON = "test-reports/vitest.json";
const PLAYWRIGHT_JSON = "test-reports/playwright.json";

/** One line per step or runner for the closing report; `passed/failed/skipped` add up to the total. */
const lines = [];
const count = { passed: 0, failed: 0, skipped: 0 };

function tally(label, passed, failed, skipped, note = "") {
  count.passed += passed;
  count.failed += failed;
  count.skipped += skipped;
  lines.push(
    `  ${failed ? "✗" : "✓"} ${label}: ${passed} passed, ${failed} failed, ${skipped} skipped${note}`,
  );
}

function run(name, cmd, cmdArgs, env = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, cmdArgs, {
    stdio: "inherit",
    env: { ...process.env, ...env },
    shell: process.platform === "win32",
  });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const status = r.status ?? (r.error ? `error ${r.error.message}` : `signal ${r.signal}`);
  if (r.status === 0) console.log(`✓ ${name} (${secs} s)`);
  else console.error(`\n✗ ${name} failed (exit ${status}) after ${secs} s`);
  return { ok: r.status === 0, status, secs };
}

/** A step without tests of its own (lint, typecheck, build) counts as one check. */
function step(name, cmd, cmdArgs, env) {
  const r = run(name, cmd, cmdArgs, env);
  tally(name, r.ok ? 1 : 0, r.ok ? 0 : 1, 0, r.ok ? "" : ` (exit ${r.status})`);
  return r.ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function vitest() {
  const r = run("unit + integration (vitest)", "npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${VITEST_JSON}`,
  ]);
  const v = readJson(VITEST_JSON);
  if (!v) return tally("vitest", 0, 1, 0, ` (exit ${r.status}, no report written)`);
  const failed = v.numFailedTests ?? 0;
  // A file that fails to load, or an error thrown outside any test, fails the run without failing a test.
  const extra = !r.ok && failed === 0 ? 1 : 0;
  tally(
    "vitest",
    v.numPassedTests ?? 0,
    failed + extra,
    (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0),
    extra ? ` (exit ${r.status} with no failed test: a file failed to load or an error escaped a test)` : "",
  );
}

function playwright(chromium) {
  const r = run("end-to-end (playwright)", "npx", ["playwright", "test"], { CHROMIUM_PATH: chromium });
  const p = readJson(PLAYWRIGHT_JSON);
  if (!p) return tally("playwright", 0, 1, 0, ` (exit ${r.status}, no report written)`);
  const s = p.stats ?? {};
  const failed = s.unexpected ?? 0;
  const extra = !r.ok && failed === 0 ? 1 : 0;
  tally(
    "playwright",
    (s.expected ?? 0) + (s.flaky ?? 0),
    failed + extra,
    s.skipped ?? 0,
    (s.flaky ? ` (${s.flaky} flaky)` : "") +
      (extra ? ` (exit ${r.status} with no failed test: the web server or a global hook failed)` : ""),
  );
}

function main() {
  const missing = ensureSystemPackages();
  if (missing) {
    console.error(`\n✗ ${missing}`);
    tally("system packages", 0, 1, 0);
    return;
  }
  if (!existsSync("lib/db/generated/client.ts")) {
    // Everything below imports the generated client: without it there is nothing to run.
    if (!step("prisma generate", process.execPath, ["scripts/prisma-generate.mjs"])) return;
  }
  rmSync("test-reports", { recursive: true, force: true });
  step("lint (biome)", "npx", ["biome", "check", "."]);
  step("typecheck (tsc)", "npx", ["tsc", "--noEmit"]);
  vitest();
  if (skipE2e) {
    lines.push("  - end-to-end: not run (--skip-e2e)");
    return;
  }
  if (!step("build (next build)", "npx", ["next", "build"], { NEXT_TELEMETRY_DISABLED: "1" })) {
    lines.push("  - end-to-end: not run (the build failed)");
    return;
  }
  playwright(findChromium());
  if (skipImage) {
    lines.push("  - container image: not built (--skip-image)");
    return;
  }
  // The image as users get it: built from this checkout, then run against PostgreSQL (docs/install.md).
  if (!step("container image (npm run image)", process.execPath, ["scripts/image/build.mjs"])) {
    lines.push("  - image smoke: not run (the image build failed)");
    return;
  }
  step("image smoke (npm run image:smoke)", process.execPath, ["scripts/image/smoke.mjs"]);
}

try {
  main();
} catch (e) {
  tally("npm test itself", 0, 1, 0, ` (${e instanceof Error ? e.message : e})`);
}
console.log(`\n${lines.join("\n")}`);
console.log(`\ntotal: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
process.exitCode = count.failed > 0 ? 1 : 0;
