// The server process of `npm start` (after scripts/bootstrap.mjs): database, migrations, first admin,
// demo data, the web server (scripts/web.mjs: Next.js behind a server that records each connection's
// address; a child process) and the background worker (this process).
import { spawn } from "node:child_process";
import { env, reloadEnv } from "@/lib/config/env";
import { dataDir, migrateDatabase, openDatabase } from "@/lib/setup/database";
import { clearRunningServer, recordRunningServer } from "@/lib/setup/running";
import { ensureSecret } from "@/lib/setup/secret";

const dev = process.argv.includes("--dev");
const log = (l: string) => console.log(`[posture] ${l}`);

async function main() {
  const t0 = Date.now();
  // Every variable is validated before anything starts (lib/config/env.ts names the invalid ones).
  try {
    env();
  } catch (e) {
    console.error(`[posture] ${(e as Error).message}`);
    process.exit(2);
  }
  const port = env().PORT;
  const db = await openDatabase({ role: "server" });
  process.env.DATABASE_URL = db.url;
  if (db.embedded) {
    process.env.POSTURE_DB_POOL_MAX = "1";
    process.env.POSTURE_EMBEDDED = "1";
  }
  process.env.POSTURE_SECRET = ensureSecret(dataDir());
  process.env.POSTURE_URL ??= `http://localhost:${port}`;
  // What this launcher derived (database, secret, URL) is read again by every module from here on.
  const config = reloadEnv();
  log(db.embedded ? `Embedded PostgreSQL (PGlite) with data in ${dataDir()}/pglite` : "Using DATABASE_URL");

  const applied = await migrateDatabase(db.url);
  log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date");

  // Imported after the environment is complete: these modules read it.
  const { ensureFirstAdmin } = await import("@/lib/setup/first-admin");
  const { demoState, seedDemo } = await import("@/lib/demo");
  const { startWorker } = await import("@/lib/jobs/worker");

  const admin = await ensureFirstAdmin();
  if (config.POSTURE_DEMO !== "0") {
    const r = await seedDemo({ log });
    if (r.seeded)
      log("Demo data loaded (labelled DEMO in the UI; remove with: npm run posture -- demo wipe)");
  }
  const demo = await demoState();
  const data = demo.loaded
    ? `demo data from ${demo.seededAt?.slice(0, 10) ?? "an earlier start"} (labelled DEMO; remove with: npm run posture -- demo wipe)`
    : "your own data only (no demo data)";

  const web = spawn(process.execPath, ["scripts/web.mjs", ...(dev ? ["--dev"] : [])], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PORT: String(port), NODE_ENV: dev ? "development" : "production" },
  });
  const worker = config.POSTURE_WORKER === "0" ? null : await startWorker();

  const url = config.POSTURE_URL;
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, 120_000);
  // The CLI on this machine sends here by default (scripts/cli/ingest.ts).
  recordRunningServer(`http://127.0.0.1:${port}`);
  console.log("");
  log(`Posture is running at ${url}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  log(`Data: ${data}`);
  if (admin.created && admin.password) {
    log(`First admin created. Sign in with  ${admin.email}  /  ${admin.password}`);
    log("This password is shown only once; change it under Account, or create your own admin under Admin.");
  } else if (admin.created) {
    log(`First admin created: ${admin.email} (password from POSTURE_ADMIN_PASSWORD)`);
  } else {
    log(`Sign in with your account (first admin: ${admin.email})`);
  }
  console.log("");

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    clearRunningServer();
    web.kill("SIGTERM");
    await worker?.stop().catch(() => {});
    await db.stop().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  web.on("exit", (code) => {
    if (!stopping) {
      log(`Web server exited (${code}); stopping.`);
      void stop(code ?? 1);
    }
  });
}

async function waitForHealth(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The web server did not become healthy at ${url}`);
}

main().catch((e) => {
  console.error(`[posture] Start failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
