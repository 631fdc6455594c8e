// The container image's one entry point (bundled to /app/posture.mjs by scripts/image/build.mjs):
//   web      the web server (UI, API, ingest) on $PORT (3000)
//   worker   the background worker, with /healthz on $POSTURE_HEALTH_PORT (3001)
//   agent    the in-cluster agent (deploy/agent): watches this cluster and pushes to $POSTURE_URL, with
//            /healthz on $POSTURE_AGENT_HEALTH_PORT (8080); flags as `posture agent --help` lists them
//   migrate  apply the database migrations and exit
//   health   exit 0 when the web server answers /api/health, or the agent its /healthz (HEALTHCHECK)
// It runs as PID 1: SIGTERM stops taking new work, lets in-flight requests and jobs finish, then exits 0.
// Configuration comes from the environment only (DATABASE_URL, POSTURE_SECRET, POSTURE_URL, …): the root
// filesystem is read-only and nothing is written outside /tmp.
import { createServer, type Server } from "node:http";
import path from "node:path";
import { type Env, env, reloadEnv } from "@/lib/config/env";

const log = (l: string) => console.log(`[posture] ${l}`);

/** Every variable, validated before any role starts (lib/config/env.ts names the invalid ones). */
function configOrExit(): Env {
  try {
    return env();
  } catch (e) {
    console.error(`[posture] ${(e as Error).message}`);
    process.exit(2);
  }
}
const config = configOrExit();
const APP_DIR = config.POSTURE_APP_DIR ?? path.dirname(new URL(import.meta.url).pathname);
const port = config.PORT;
const healthPort = config.POSTURE_HEALTH_PORT;
const GRACE_MS = config.POSTURE_SHUTDOWN_GRACE_MS;

function need(name: "DATABASE_URL" | "POSTURE_SECRET"): string {
  const v = config[name];
  if (!v) {
    console.error(`[posture] ${name} is not set; the image takes its configuration from the environment`);
    process.exit(2);
  }
  return v;
}

/** Runs `stop` once on SIGTERM/SIGINT, then exits; a second signal or the grace period forces the exit. */
function onShutdown(stop: () => Promise<void>) {
  let stopping = false;
  const handler = (sig: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${sig}: finishing in-flight work (at most ${GRACE_MS / 1000} s)`);
    setTimeout(() => {
      console.error("[posture] grace period over; exiting with work unfinished");
      process.exit(1);
    }, GRACE_MS).unref();
    stop().then(
      () => {
        log("stopped");
        process.exit(0);
      },
      (e) => {
        console.error(`[posture] stop failed: ${e instanceof Error ? e.message : e}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => handler("SIGTERM"));
  process.on("SIGINT", () => handler("SIGINT"));
}

async function migrate() {
  // Not lib/setup/database: that module also opens the embedded database, which the image does not ship.
  const { default: pg } = await import("pg");
  const { migrate: apply } = await import("@/lib/db/migrate");
  const client = new pg.Client({ connectionString: need("DATABASE_URL") });
  await client.connect();
  try {
    const { applied } = await apply(client, path.join(APP_DIR, "prisma/migrations"));
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
  } finally {
    await client.end();
  }
}

async function web() {
  need("DATABASE_URL");
  need("POSTURE_SECRET");
  process.env.POSTURE_URL ??= `http://localhost:${port}`;
  reloadEnv();
  // Every replica may start at once: the migration runner holds an advisory lock.
  await migrate();
  const { ensureFirstAdmin } = await import("@/lib/setup/first-admin");
  const admin = await ensureFirstAdmin();
  if (admin.created && admin.password)
    log(`first admin created: ${admin.email} / ${admin.password} (shown once; change it after signing in)`);
  else if (admin.created) log(`first admin created: ${admin.email} (password from POSTURE_ADMIN_PASSWORD)`);

  // The Next.js standalone output: its configuration was frozen at build time.
  const { createRequire } = await import("node:module");
  const require = createRequire(path.join(APP_DIR, "package.json"));
  const serverFiles = require(path.join(APP_DIR, ".next-image/required-server-files.json"));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(serverFiles.config);
  const next = require("next");
  const app = next({ dev: false, dir: APP_DIR, port, hostname: "0.0.0.0", conf: serverFiles.config });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    // The connection's own address, as scripts/web.mjs records it (lib/http/client-address.ts).
    req.headers["x-posture-peer"] = req.socket.remoteAddress ?? "";
    handle(req, res).catch((e: unknown) => {
      console.error("[web] unhandled", e);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "0.0.0.0", resolve));
  log(`web server listening on port ${port} (${env().POSTURE_URL})`);
  onShutdown(async () => {
    await closeServer(server);
    const { pool } = await import("@/lib/db/pool");
    await pool()
      .end()
      .catch(() => {});
  });
}

/** Stops accepting connections, closes idle keep-alive ones, and resolves once in-flight requests are done. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function healthServer(ready: () => boolean): Server {
  const s = createServer((req, res) => {
    const ok = req.url === "/healthz" && ready();
    res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(ok ? "ok\n" : "not ready\n");
  });
  s.listen(healthPort, "0.0.0.0");
  return s;
}

async function worker() {
  need("DATABASE_URL");
  need("POSTURE_SECRET");
  await migrate();
  const { startWorker } = await import("@/lib/jobs/worker");
  let running = false;
  const health = healthServer(() => running);
  const w = await startWorker();
  running = true;
  log(`worker running (health on port ${healthPort})`);
  onShutdown(async () => {
    running = false;
    // pg-boss stops fetching and waits for the jobs in progress.
    await w.stop();
    await closeServer(health);
  });
}

async function health() {
  // The same image runs the agent (POSTURE_AGENT_CLUSTER set), whose health is its own /healthz.
  const url = process.env.POSTURE_AGENT_CLUSTER
    ? `http://127.0.0.1:${process.env.POSTURE_AGENT_HEALTH_PORT ?? 8080}/healthz`
    : `http://127.0.0.1:${port}/api/health`;
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(4000) });
    process.exit(r.ok ? 0 : 1);
  } catch {
    process.exit(1);
  }
}

/** The agent needs no database: only the centre's URL, its token file and the API server. */
async function agent(args: string[]) {
  const { parseArgs } = await import("node:util");
  const { agentConfig } = await import("@/lib/agent/config");
  const { startAgent, AgentRefused } = await import("@/lib/agent/agent");
  const names = [
    "cluster",
    "url",
    "token-file",
    "kube-url",
    "kube-ca",
    "kube-token-file",
    "state-dir",
    "health-port",
    "buffer-events",
    "buffer-bytes",
    "resync-seconds",
  ];
  let flags: Record<string, string | undefined>;
  try {
    const { values } = parseArgs({
      args,
      options: Object.fromEntries(names.map((n) => [n, { type: "string" as const }])),
      strict: true,
    });
    // --token-file → tokenFile, as the CLI's commander names them.
    flags = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k.replace(/-(.)/g, (_, c: string) => c.toUpperCase()),
        v as string,
      ]),
    );
  } catch (e) {
    console.error(`[posture] agent: ${(e as Error).message}`);
    process.exit(2);
  }
  let running: Awaited<ReturnType<typeof startAgent>>;
  try {
    running = await startAgent(agentConfig(flags));
  } catch (e) {
    console.error(`[posture] agent: ${(e as Error).message}`);
    process.exit(e instanceof AgentRefused || /Invalid agent configuration/.test(String(e)) ? 2 : 1);
  }
  onShutdown(() => running.stop());
}

const commands: Record<string, () => Promise<void>> = { web, worker, migrate, health };
const [cmd = "web", ...rest] = process.argv.slice(2);
const run = cmd === "agent" ? () => agent(rest) : commands[cmd];
if (!run || (rest.length && cmd !== "agent")) {
  console.error(
    `usage: posture <${[...Object.keys(commands), "agent"].join("|")}> (got "${[cmd, ...rest].join(" ")}")`,
  );
  process.exit(2);
} else {
  run().then(
    () => {
      if (cmd === "migrate") process.exit(0);
    },
    (e) => {
      console.error(`[posture] ${cmd} failed: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
