// The system programs `npm test` needs besides Node and PostgreSQL: one row per Debian package. To add a
// suite that starts another real program, add its row here; `npm test` checks every row before it starts,
// installs what is missing when it can (root with apt-get), and otherwise stops with the exact command.
// Plain Node, no dependencies: it runs before anything else.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";

/** Is `name` an executable on PATH or in the sbin directories a non-root PATH often lacks? */
export function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* not in this directory */
    }
  }
  return null;
}

export function findChromium() {
  for (const p of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (p && existsSync(p)) return p;
  }
  return findExecutable("chromium");
}

/**
 * `apt`: the Debian package; `found()`: where it is, or null; `for`: the suites that start it.
 * The tests start their own instances on their own loopback ports, so a system service the package may
 * have started on install is never in their way and is never stopped by them.
 */
export const SYSTEM_PACKAGES = [
  { apt: "chromium", found: findChromium, for: "end-to-end suite, PDF reports (or set CHROMIUM_PATH)" },
  { apt: "poppler-utils", found: () => findExecutable("pdftoppm"), for: "PDF report checks (pdftoppm)" },
  { apt: "openssl", found: () => findExecutable("openssl"), for: "certificate and TLS endpoint tests" },
  { apt: "prometheus", found: () => findExecutable("prometheus"), for: "Prometheus connector test" },
  {
    apt: "prometheus-alertmanager",
    found: () => findExecutable("prometheus-alertmanager") ?? findExecutable("alertmanager"),
    for: "Alertmanager webhook test",
  },
  { apt: "pgbouncer", found: () => findExecutable("pgbouncer"), for: "connection-pooler tests" },
  // The container image (npm run image / image:smoke): podman builds and runs it with runc, and the
  // Debian base is made with mmdebstrap.
  { apt: "podman", found: () => findExecutable("podman"), for: "container image build and smoke test" },
  { apt: "runc", found: () => findExecutable("runc"), for: "container image build and smoke test" },
  { apt: "mmdebstrap", found: () => findExecutable("mmdebstrap"), for: "the image's Debian base" },
  // Debian's /usr/bin/aiosmtpd runs with Debian's python3, whatever python3 comes first on PATH.
  {
    apt: "python3-aiosmtpd",
    found: () => findExecutable("aiosmtpd"),
    for: "e-mail notification tests (SMTP peer)",
  },
];

/** The rows whose program is missing. */
export function missingPackages(rows = SYSTEM_PACKAGES) {
  return rows.filter((r) => !r.found());
}

/**
 * Make every row present. Returns null when all are there (after installing, if it had to), or the
 * message that tells the user what to run.
 */
export function ensureSystemPackages({
  log = console.log,
  rows = SYSTEM_PACKAGES,
  canInstall = process.getuid?.() === 0 && !!findExecutable("apt-get"),
} = {}) {
  const missing = missingPackages(rows);
  if (missing.length === 0) return null;
  const names = missing.map((r) => r.apt).join(" ");
  if (!canInstall) {
    const sudo = process.getuid?.() === 0 ? "" : "sudo ";
    return (
      `missing system packages: ${missing.map((r) => `${r.apt} (${r.for})`).join(", ")}\n` +
      `  install them with:  ${sudo}apt-get install -y --no-install-recommends ${names}`
    );
  }
  log(`[test] installing missing system packages with apt-get: ${names}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", ...missing.map((r) => r.apt)],
  ]) {
    const r = spawnSync("apt-get", args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (r.status !== 0) {
      return `apt-get ${args[0]} failed (exit ${r.status}):\n${(r.stderr || r.stdout || "").trim()}`;
    }
  }
  const still = missingPackages(rows);
  return still.length ? `still missing after apt-get: ${still.map((r) => r.apt).join(" ")}` : null;
}
