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

/** Does version `v` ("20.19.0") satisfy a node-semver range? Enough of the syntax engines fields use. */
export function satisfies(v, range) {
  const num = (s) => {
    const [a = 0, b = 0, c = 0] = s
      .replace(/^v/, "")
      .split(".")
      .map((x) => (/^\d+$/.test(x) ? Number(x) : 0));
    return [a, b, c];
  };
  const cmp = (x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  const ver = num(v);
  const one = (c) => {
    const m = /^(>=|<=|>|<|=|\^|~)?\s*v?([\dx*]+(?:\.[\dx*]+){0,2})$/.exec(c.trim());
    if (!m) return c.trim() === "*" || c.trim() === "";
    const parts = m[2].split(".");
    const wild = parts.findIndex((x) => x === "x" || x === "*");
    const given = wild < 0 ? parts.length : wild;
    if (given === 0) return true;
    const lo = num(parts.slice(0, given).join("."));
    // The version after a partial one: "<=20" means below 21, ">1.2" means from 1.3.
    const next = given === 1 ? [lo[0] + 1, 0, 0] : given === 2 ? [lo[0], lo[1] + 1, 0] : null;
    const op = m[1] ?? (given < 3 ? "~" : "=");
    if (next && op === "<=") return cmp(ver, next) < 0;
    if (next && op === ">") return cmp(ver, next) >= 0;
    if (op === "^") {
      const hi = lo[0] > 0 ? [lo[0] + 1, 0, 0] : lo[1] > 0 ? [0, lo[1] + 1, 0] : [0, 0, lo[2] + 1];
      return cmp(ver, lo) >= 0 && cmp(ver, hi) < 0;
    }
    if (op === "~") {
      const hi = given <= 1 ? [lo[0] + 1, 0, 0] : [lo[0], lo[1] + 1, 0];
      return cmp(ver, lo) >= 0 && cmp(ver, hi) < 0;
    }
    const d = cmp(ver, lo);
    return { ">=": d >= 0, "<=": d <= 0, ">": d > 0, "<": d < 0, "=": d === 0 }[op];
  };
  return range.split("||").some((alt) => {
    const hy = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(alt);
    if (hy) return one(`>=${hy[1]}`) && one(`<=${hy[2]}`);
    return alt
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1")
      .split(/\s+/)
      .every(one);
  });
}

/**
 * Locked packages whose `engines.node` refuses one of the given Node versions: npm warns EBADENGINE when
 * it installs them. Optional builds for processors other than x64 and arm64 (ia32, wasm32) are left out:
 * they are never installed on the systems the project supports.
 */
export function engineConflicts(lock, nodeVersions) {
  const out = [];
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    const range = entry.engines?.node;
    if (!key || typeof range !== "string") continue;
    if (entry.optional && entry.cpu && !entry.cpu.some((c) => c === "x64" || c === "arm64")) continue;
    for (const v of nodeVersions) if (!satisfies(v, range)) out.push(`${key} wants node ${range}, not ${v}`);
  }
  return out;
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
