// `npm run image:smoke`: runs the image built by `npm run image` the way a cluster would (read-only root
// filesystem, non-root, configuration from the environment) against a real PostgreSQL, and checks:
// the web server becomes healthy, the first admin signs in through the API, reads the KPIs and ingests OPA
// decisions through the parse worker thread, the worker reports healthy, and both stop cleanly (exit 0) on
// SIGTERM. The last line is `image smoke ok`.
// Database: POSTURE_SMOKE_DATABASE_URL, else a fresh database on TEST_DATABASE_URL's server or
// 127.0.0.1:5432 (created and dropped here). Port: POSTURE_SMOKE_PORT (and the next one), else free ones.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";
import { PODMAN_RUN_FLAGS, podman, podmanOk } from "./podman.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const image = `localhost/posture:${version}`;
const t0 = Date.now();
const say = (l) => console.log(`[smoke] ${l}`);
const started = [];

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function waitFor(what, fn, ms) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`gave up waiting for ${what} after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function run(name, command, env) {
  const args = ["run", "-d", "--name", name, ...PODMAN_RUN_FLAGS, "--network", "host", "--read-only"];
  for (const [k, v] of Object.entries(env)) args.push("-e", `${k}=${v}`);
  podman([...args, image, command]);
  started.push(name);
}

/** SIGTERM (podman stop), then the exit code and how long the stop took. */
function stop(name) {
  const t = Date.now();
  podman(["stop", "-t", "40", name]);
  const code = Number(podman(["inspect", name, "--format", "{{.State.ExitCode}}"]).trim());
  return { code, secs: (Date.now() - t) / 1000 };
}

function logs(name) {
  try {
    return podman(["logs", name]);
  } catch {
    return "";
  }
}

async function main() {
  if (!podmanOk(["image", "exists", image]))
    throw new Error(`${image} is not built; run npm run image first`);
  let dbUrl = process.env.POSTURE_SMOKE_DATABASE_URL;
  let dropDb = null;
  if (!dbUrl) {
    const server = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
    const name = `posture_smoke_${process.pid}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const port = Number(process.env.POSTURE_SMOKE_PORT ?? (await freePort()));
  const healthPort = process.env.POSTURE_SMOKE_PORT ? port + 1 : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const email = "smoke@posture.local";
  const password = randomBytes(12).toString("base64url");
  const env = {
    DATABASE_URL: dbUrl,
    POSTURE_SECRET: randomBytes(32).toString("base64url"),
    POSTURE_URL: url,
    PORT: String(port),
    POSTURE_HEALTH_PORT: String(healthPort),
    POSTURE_ADMIN_EMAIL: email,
    POSTURE_ADMIN_PASSWORD: password,
  };
  const web = `posture-smoke-web-${process.pid}`;
  const worker = `posture-smoke-worker-${process.pid}`;
  try {
    run(web, "web", env);
    await waitFor("the web server's /api/health", async () => (await fetch(`${url}/api/health`)).ok, 180_000);
    say(`web healthy after ${((Date.now() - t0) / 1000).toFixed(1)} s on ${url}`);

    const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ email, password }),
    });
    if (!signIn.ok) throw new Error(`sign-in answered ${signIn.status}: ${await signIn.text()}`);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const kpis = await fetch(`${url}/api/v1/kpis`, { headers: { cookie } });
    if (!kpis.ok) throw new Error(`GET /api/v1/kpis answered ${kpis.status}`);
    const body = await kpis.json();
    if (!("mttd" in body)) throw new Error("GET /api/v1/kpis lacks mttd");
    say("signed in through the API and read /api/v1/kpis");

    // Ingest goes through the parse worker thread (lib/ingest/parse-in-worker.ts), which the image must be able
    // to start from the bundle: a batch of the demo OPA decisions is stored, and the server never logged that it
    // fell back to parsing in the request thread.
    const opa = readFileSync(new URL("../../lib/demo/fixtures/policy/opa-decisions.jsonl", import.meta.url));
    const ingest = await fetch(`${url}/api/v1/ingest/policy?format=opa&cluster=smoke`, {
      method: "POST",
      headers: { cookie, origin: url, "content-type": "application/x-ndjson" },
      body: opa,
    });
    const batch = await ingest.json().catch(() => ({}));
    if (ingest.status !== 201 || !(batch.accepted > 0))
      throw new Error(`POST /api/v1/ingest/policy answered ${ingest.status}: ${JSON.stringify(batch)}`);
    if (logs(web).includes("parse worker unavailable"))
      throw new Error(`the parse worker did not start in the image:\n${logs(web)}`);
    say(`ingested ${batch.accepted} OPA decisions through the parse worker`);

    const uid = podman(["exec", web, "/usr/local/bin/node", "-e", "console.log(process.getuid())"]).trim();
    if (uid === "0") throw new Error("the web server runs as root");
    const write = podmanOk([
      "exec",
      web,
      "/usr/local/bin/node",
      "-e",
      "require('fs').writeFileSync('/app/x', '')",
    ]);
    if (write) throw new Error("the root filesystem is writable");
    say(`runs as uid ${uid} on a read-only root filesystem`);

    run(worker, "worker", env);
    await waitFor(
      "the worker's /healthz",
      async () => (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).ok,
      120_000,
    );
    say("worker healthy");

    for (const name of [worker, web]) {
      const s = stop(name);
      if (s.code !== 0) throw new Error(`${name} exited ${s.code} on SIGTERM:\n${logs(name)}`);
      say(`${name.split("-")[2]} stopped on SIGTERM in ${s.secs.toFixed(1)} s (exit 0)`);
    }
  } catch (e) {
    for (const name of started) console.error(`--- ${name}\n${logs(name)}`);
    throw e;
  } finally {
    for (const name of started) podmanOk(["rm", "-f", name]);
    await dropDb?.().catch(() => {});
  }
  say(`took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log("image smoke ok");
}

main().catch((e) => {
  console.error(`[smoke] failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
