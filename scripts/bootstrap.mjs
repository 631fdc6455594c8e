// `npm start` on a fresh clone: install what is missing, build when sources changed, then hand over to
// scripts/start.ts. Plain Node with no dependencies, because it runs before `npm ci` has.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const dev = process.argv.includes("--dev");

function run(cmd, args, what) {
  console.log(`[posture] ${what}…`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    console.error(`[posture] ${what} failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
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
if (!existsSync(lockStamp)) console.log("[posture] Installing dependencies (npm ci)…");
if (!existsSync(lockStamp) || statSync("package-lock.json").mtimeMs > statSync(lockStamp).mtimeMs + 1000) {
  // npm 11 writes lock files without other systems' optional platform packages and `npm ci` then refuses
  // them as out of sync; `npm install` installs the same locked versions.
  const ci = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: ["ignore", "inherit", "pipe"] });
  if (ci.status !== 0) {
    const why = String(ci.stderr).includes("in sync")
      ? "lock file without other platforms' packages"
      : "it failed";
    console.log(`[posture] npm ci refused (${why}); installing the locked versions with npm install`);
    run("npm", ["install", "--no-audit", "--no-fund"], "Installing dependencies (npm install)");
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
    run("npx", ["next", "build"], "Building the app (first start, or sources changed)");
    writeFileSync(stampFile, String(newest));
  }
}

const tsx = path.join("node_modules", ".bin", "tsx");
const r = spawnSync(tsx, ["--conditions=react-server", "scripts/start.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
