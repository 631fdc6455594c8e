// `npm start` on a fresh clone: install what is missing, build when sources changed, then hand over to
// scripts/start.ts. Plain Node with no dependencies, because it runs before `npm ci` has.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const dev = process.argv.includes("--dev");
// Next.js would otherwise announce (and send) anonymous usage telemetry; a security product stays quiet.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

/** Runs a step and prints one line, plus what the step wrote to stderr (warnings); all of it when it fails. */
function run(cmd, args, what) {
  console.log(`[posture] ${what}…`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    env: process.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === "win32",
  });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? "");
    process.stderr.write(r.stderr ?? "");
    console.error(`[posture] ${what} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
  if (r.stderr?.trim()) process.stderr.write(r.stderr);
  console.log(`[posture] done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of readdirSync(p)) {
    if (e === "generated" || e === "node_modules") continue;
    max = Math.max(max, newestMtime(path.join(p, e)));
  }
  return max;
}

const lockStamp = "node_modules/.package-lock.json";
if (!existsSync(lockStamp) || statSync("package-lock.json").mtimeMs > statSync(lockStamp).mtimeMs + 1000) {
  // `npm ci` installs exactly the locked versions and never rewrites package-lock.json. When it refuses,
  // the lock file is out of step with package.json: that is a real error, not something to paper over.
  console.log("[posture] Installing dependencies (npm ci)…");
  const ci = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], {
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (ci.status !== 0) {
    console.error(
      `[posture] npm ci failed (exit ${ci.status}). If it says the lock file is out of sync with package.json,\n` +
        "[posture] regenerate it with `npm run lock` and commit package-lock.json; otherwise see npm's message above.",
    );
    process.exit(ci.status ?? 1);
  }
}
if (
  !existsSync("lib/db/generated/client.ts") ||
  newestMtime("prisma/schema") > statSync("lib/db/generated/client.ts").mtimeMs
) {
  run(process.execPath, ["scripts/prisma-generate.mjs"], "Generating the Prisma client");
}

if (!dev) {
  const inputs = [
    "app",
    "components",
    "lib",
    "public",
    "next.config.ts",
    "package-lock.json",
    "tsconfig.json",
  ];
  const newest = Math.max(...inputs.map(newestMtime));
  const stampFile = ".next/posture-build-stamp";
  const built =
    existsSync(".next/BUILD_ID") && existsSync(stampFile) ? Number(readFileSync(stampFile, "utf8")) : 0;
  if (built < newest) {
    run(
      "npx",
      ["next", "build"],
      "Building the app (first start, or the sources changed; this takes a few minutes)",
    );
    writeFileSync(stampFile, String(newest));
  }
}

const tsx = path.join("node_modules", ".bin", "tsx");
const r = spawnSync(tsx, ["--conditions=react-server", "scripts/start.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
