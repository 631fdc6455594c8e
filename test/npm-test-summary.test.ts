// `npm test` (scripts/test.mjs) with the runners replaced by stand-ins on PATH: the closing line counts both
// runners' tests and the failed steps, every independent step still runs after a failure, and the exit code
// says whether anything failed.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const script = path.resolve("scripts/test.mjs");
const FAKE_PROGRAMS = [
  "chromium",
  "pdftoppm",
  "openssl",
  "prometheus",
  "prometheus-alertmanager",
  "pgbouncer",
  "aiosmtpd",
  "podman",
  "runc",
  "mmdebstrap",
];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A project directory whose `npx` runs the stand-in, and fake system programs so the prerequisites pass. */
function project(behaviour: Record<string, { exit: number; report?: object }>) {
  const dir = mkdtempSync(path.join(tmpdir(), "posture-npmtest-"));
  dirs.push(dir);
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  mkdirSync(path.join(dir, "lib/db/generated"), { recursive: true });
  writeFileSync(path.join(dir, "lib/db/generated/client.ts"), "");
  writeFileSync(path.join(dir, "behaviour.json"), JSON.stringify(behaviour));
  // npx <tool> …: writes the tool's JSON report where scripts/test.mjs reads it, prints the call, exits.
  writeFileSync(
    path.join(bin, "npx"),
    `#!${process.execPath}
const fs = require("node:fs");
const b = JSON.parse(fs.readFileSync("behaviour.json", "utf8"))[process.argv[2]] ?? { exit: 0 };
fs.appendFileSync("calls.log", process.argv.slice(2).join(" ") + "\\n");
if (b.report) {
  fs.mkdirSync("test-reports", { recursive: true });
  const file = process.argv[2] === "vitest" ? "test-reports/vitest.json" : "test-reports/playwright.json";
  fs.writeFileSync(file, JSON.stringify(b.report));
}
process.exit(b.exit);
`,
  );
  for (const p of FAKE_PROGRAMS) writeFileSync(path.join(bin, p), "#!/bin/sh\nexit 0\n");
  for (const f of ["npx", ...FAKE_PROGRAMS]) chmodSync(path.join(bin, f), 0o755);
  return { dir, bin };
}

function npmTest(p: { dir: string; bin: string }, args: string[] = ["--skip-image"]) {
  const r = spawnSync(process.execPath, [script, ...args], {
    cwd: p.dir,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${p.bin}${path.delimiter}${process.env.PATH}`,
      CHROMIUM_PATH: path.join(p.bin, "chromium"),
    },
  });
  const out = `${r.stdout}${r.stderr}`;
  // The closing line is the last line on stdout (failures also go to stderr).
  const last = r.stdout.trim().split("\n").at(-1);
  return { status: r.status, out, last };
}

const vitestReport = { numPassedTests: 40, numFailedTests: 2, numPendingTests: 3, numTodoTests: 1 };
const playwrightReport = { stats: { expected: 10, unexpected: 1, flaky: 1, skipped: 2 } };

describe("npm test's closing line", () => {
  it("counts both runners and every step when everything passes", () => {
    const p = project({
      vitest: { exit: 0, report: { numPassedTests: 40, numFailedTests: 0, numPendingTests: 0 } },
      playwright: { exit: 0, report: { stats: { expected: 10, unexpected: 0, flaky: 0, skipped: 0 } } },
    });
    const r = npmTest(p);
    // 40 + 10 tests, plus the lint, typecheck and build steps.
    expect(r.last).toBe("total: 53 passed, 0 failed, 0 skipped");
    expect(r.status).toBe(0);
  });

  it("still runs the other steps after lint fails, and counts the failed step and tests", () => {
    const p = project({
      biome: { exit: 1 },
      vitest: { exit: 1, report: vitestReport },
      playwright: { exit: 1, report: playwrightReport },
    });
    const r = npmTest(p);
    // passed: 40 vitest + 11 playwright (expected + flaky) + typecheck + build; failed: lint + 2 + 1.
    expect(r.last).toBe("total: 53 passed, 4 failed, 6 skipped");
    expect(r.out).toContain("✗ lint (biome): 0 passed, 1 failed");
    expect(r.status).toBe(1);
  });

  it("reports a runner that failed without a failed test (a file that did not load) as a failure", () => {
    const p = project({ vitest: { exit: 1, report: { numPassedTests: 7, numFailedTests: 0 } } });
    const r = npmTest(p, ["--skip-e2e"]);
    expect(r.last).toBe("total: 9 passed, 1 failed, 0 skipped");
    expect(r.out).toContain("a file failed to load");
    expect(r.status).toBe(1);
  });

  it("counts a runner that wrote no report as failed, and does not run the browser suite after a failed build", () => {
    const p = project({ vitest: { exit: 1 }, next: { exit: 1 } });
    const r = npmTest(p);
    expect(r.last).toBe("total: 2 passed, 2 failed, 0 skipped");
    expect(r.out).toContain("end-to-end: not run (the build failed)");
    expect(r.status).toBe(1);
  });
});

describe("npm test's system packages", () => {
  it("names the exact command when a package is missing and it cannot install", async () => {
    // @ts-expect-error plain .mjs script without type declarations
    const { ensureSystemPackages } = await import("../scripts/test-prerequisites.mjs");
    const rows = [
      { apt: "openssl", found: () => "/usr/bin/openssl", for: "TLS tests" },
      { apt: "prometheus", found: () => null, for: "Prometheus connector test" },
      { apt: "python3-aiosmtpd", found: () => null, for: "e-mail tests" },
    ];
    const msg = ensureSystemPackages({ rows, canInstall: false, log: () => {} });
    expect(msg).toContain("prometheus (Prometheus connector test), python3-aiosmtpd (e-mail tests)");
    expect(msg).toMatch(/apt-get install -y --no-install-recommends prometheus python3-aiosmtpd$/);
    expect(ensureSystemPackages({ rows: rows.slice(0, 1), canInstall: false })).toBeNull();
  });
});
