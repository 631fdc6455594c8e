// `npm run lock`: rewrite package-lock.json so `npm ci` accepts it on Linux, macOS and Windows.
// `npm run lock -- --check` only verifies the lock file (exit 1 naming what is missing).
//
// npm builds the lock from the node_modules tree it finds; packages that exist only for other platforms
// (@biomejs/cli-darwin-arm64, @next/swc-win32-x64-msvc, …) are never installed here, so an `npm install`
// in a checkout can leave them out, and `npm ci` on those platforms then refuses the lock as out of sync.
// Resolving in an empty directory with --package-lock-only records every platform's optional packages.
// Plain Node, no dependencies: it must run before `npm ci` has.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Where npm would look for `name` when `from` (a lock key like "node_modules/a/node_modules/b") requires it. */
function resolveInLock(packages, from, name) {
  let dir = from;
  for (;;) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[key]) return key;
    if (!dir) return null;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i < 0 ? "" : dir.slice(0, i);
  }
}

/**
 * Every optional dependency of every locked package must itself be locked, whatever platform it is for:
 * that is what `npm ci` on another system checks. Returns "a → b" lines for the missing ones.
 */
export function missingOptionalPackages(lock) {
  const packages = lock.packages ?? {};
  const missing = [];
  for (const [key, entry] of Object.entries(packages)) {
    if (entry.link) continue;
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolveInLock(packages, key, name)) missing.push(`${entry.name ?? (key || "(root)")} → ${name}`);
    }
  }
  return missing;
}

function check(lockText) {
  const missing = missingOptionalPackages(JSON.parse(lockText));
  if (missing.length) {
    console.error(`package-lock.json lacks ${missing.length} optional platform package(s):`);
    for (const m of missing.slice(0, 20)) console.error(`  ${m}`);
    console.error("Regenerate it with: npm run lock");
    return false;
  }
  return true;
}

function regenerate() {
  const dir = mkdtempSync(path.join(tmpdir(), "posture-lock-"));
  try {
    for (const f of ["package.json", "package-lock.json"]) {
      if (existsSync(path.join(root, f))) cpSync(path.join(root, f), path.join(dir, f));
    }
    // file: dependencies (the stubs) must exist where package.json points.
    cpSync(path.join(root, "scripts/stubs"), path.join(dir, "scripts/stubs"), { recursive: true });
    const r = spawnSync(
      "npm",
      ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"],
      { cwd: dir, stdio: "inherit", shell: process.platform === "win32" },
    );
    if (r.status !== 0) {
      console.error(`npm install --package-lock-only failed (exit ${r.status})`);
      return 1;
    }
    const text = readFileSync(path.join(dir, "package-lock.json"), "utf8");
    if (!check(text)) return 1;
    const before = existsSync(path.join(root, "package-lock.json"))
      ? readFileSync(path.join(root, "package-lock.json"), "utf8")
      : "";
    if (before === text) {
      console.log("package-lock.json is already complete for every platform");
    } else {
      writeFileSync(path.join(root, "package-lock.json"), text);
      console.log(
        "package-lock.json rewritten with every platform's packages; run `npm ci` to install from it",
      );
    }
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const ok = check(readFileSync(path.join(root, "package-lock.json"), "utf8"));
    if (ok) console.log("package-lock.json records every platform's optional packages");
    process.exit(ok ? 0 : 1);
  }
  process.exit(regenerate());
}
