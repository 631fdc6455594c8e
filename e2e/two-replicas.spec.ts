// Two replicas on one database (ARCHITECTURE.md, "More than one machine"): next to the e2e server, a second
// real production process (scripts/start.ts: its web server and its job worker) on the same PostgreSQL
// database. Webhooks sent to both at once open one incident; a periodic job runs once per period across
// both; SIGTERM stops the second process cleanly while the first keeps serving.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { alertmanagerWebhook } from "../test/alertmanager-fixtures";
import { E2E_SERVER_PORT, e2eServer, login, withDb } from "./helpers";

// E2E_PORT + 1 is the OIDC provider's (playwright.config.ts).
const SECOND_PORT = E2E_SERVER_PORT + 2;
const FIRST = `http://localhost:${E2E_SERVER_PORT}`;
const SECOND = `http://localhost:${SECOND_PORT}`;
const CLUSTER = `two-replicas-${Date.now()}`;
const WEBHOOKS = 20;
// lib/notifications/jobs.ts: notifications.run is sent every 15 s by each replica's ticker, throttled.
const NOTIFY_EVERY_S = 15;
// How long both workers run side by side: long enough that doubled sends stand out from the slots.
const WINDOW_S = 90;
// Cron-only jobs scheduled every minute (lib/audit/jobs.ts, lib/sources/runner.ts, lib/incidents/jobs.ts).
const MINUTELY = ["audit.anchor", "sources.run-due", "incidents.auto-escalate"];

let second: ChildProcess | null = null;
let secondLog = "";
let dataDir = "";

/** scripts/start.ts as `npm start` runs it, on the e2e server's database and secret, with its own data dir. */
async function startSecondReplica(): Promise<void> {
  const { url, secret } = e2eServer();
  if (!url)
    throw new Error("the e2e server runs on embedded PGlite, which one process owns; start PostgreSQL");
  // Something else on the port would pass for the replica's readiness below.
  const taken = await fetch(`${SECOND}/api/health`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${SECOND_PORT} already answers; the second replica needs it free`);
  dataDir = mkdtempSync(path.join(tmpdir(), "posture-replica-"));
  second = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(SECOND_PORT),
      DATABASE_URL: url,
      POSTURE_SECRET: secret,
      POSTURE_URL: SECOND,
      // The file recording the running server's address (lib/setup/running.ts) stays the first one's.
      POSTURE_DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a failed run can take its web server child down with it (afterAll).
    detached: true,
  });
  second.stdout?.on("data", (d) => (secondLog += d));
  second.stderr?.on("data", (d) => (secondLog += d));
  // Ready: /api/health answers, and the launcher says so (it starts the worker before that line).
  const until = Date.now() + 240_000;
  for (;;) {
    if (second.exitCode !== null) throw new Error(`the second replica exited early:\n${secondLog}`);
    const healthy = await fetch(`${SECOND}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy && secondLog.includes("Posture is running at")) return;
    if (Date.now() > until) throw new Error(`the second replica did not become ready:\n${secondLog}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function ingestToken(page: Page): Promise<string> {
  await login(page);
  const res = await page.request.post("/api/v1/tokens", {
    data: { name: "two replicas", scopes: ["ingest"], expiresIn: "1d" },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

// The characters Kubernetes draws a pod name's random suffix from.
const POD_SUFFIX_CHARS = "bcdfghjklmnpqrstvwxz2456789";

/** Pod n of the crash-looping checkout Deployment, as kube-prometheus-stack's KubePodCrashLooping fires. */
function crashLoopingPod(n: number, startsAt: string) {
  const pod = `checkout-6d8f9b7c45-x9k2${POD_SUFFIX_CHARS[n]}`;
  return alertmanagerWebhook(
    [
      {
        labels: {
          alertname: "KubePodCrashLooping",
          cluster: CLUSTER,
          container: "checkout",
          endpoint: "http",
          instance: "10.42.0.16:8080",
          job: "kube-state-metrics",
          namespace: "shop",
          pod,
          reason: "CrashLoopBackOff",
          service: "kube-prometheus-stack-kube-state-metrics",
          severity: "warning",
          uid: `6f1c2d3e-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
        },
        annotations: {
          description: `Pod shop/${pod} (checkout) is in waiting state (reason: "CrashLoopBackOff").`,
          runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping",
          summary: "Pod is crash looping.",
        },
        startsAt,
        generatorURL: "http://prometheus.example:9090/graph?g0.expr=kube_pod_container_status_waiting_reason",
        fingerprint: `3c1a7e05${n.toString(16).padStart(8, "0")}`,
      },
    ],
    { groupKey: `{}:{alertname="KubePodCrashLooping", namespace="shop"}` },
  );
}

test.afterAll(async () => {
  // The launcher and whatever it left behind (its web server outlives a launcher killed with SIGKILL).
  try {
    if (second?.pid) process.kill(-second.pid, "SIGKILL");
  } catch {
    /* the group is gone: the clean stop took everything down */
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("two server processes on one database: one incident, each job once, clean stop", async ({ page }) => {
  test.setTimeout(480_000);
  await startSecondReplica();
  // Both workers run from here: jobs created from now on are what the two replicas scheduled together.
  const since = await withDb(async (c) => (await c.query<{ t: Date }>("SELECT now() AS t")).rows[0].t);
  const token = await ingestToken(page);

  await test.step("a burst of webhooks to both replicas opens one incident with every alert", async () => {
    const startsAt = new Date(Date.now() - 120_000).toISOString();
    const results = await Promise.all(
      Array.from({ length: WEBHOOKS }, async (_, n) => {
        const res = await fetch(`${n % 2 ? SECOND : FIRST}/api/v1/alerts/alertmanager`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(crashLoopingPod(n, startsAt)),
        });
        return { status: res.status, body: await res.text() };
      }),
    );
    expect(results.filter((r) => r.status !== 201)).toEqual([]);

    const incidents = await withDb(async (c) =>
      c.query<{ id: string; workload: string; alerts: number }>(
        `SELECT i.id, i.workload, (SELECT count(*)::int FROM alert a WHERE a."incidentId" = i.id) AS alerts
           FROM incident i JOIN cluster c ON c.id = i."clusterId" WHERE c.name = $1`,
        [CLUSTER],
      ),
    );
    expect(incidents.rows).toEqual([{ id: expect.any(String), workload: "checkout", alerts: WEBHOOKS }]);
    const orphans = await withDb(async (c) =>
      c.query(
        `SELECT a.id FROM alert a JOIN cluster c ON c.id = a."clusterId"
          WHERE c.name = $1 AND a."incidentId" IS NULL`,
        [CLUSTER],
      ),
    );
    expect(orphans.rows).toEqual([]);
  });

  await test.step("each periodic job runs once per period across the two workers", async () => {
    // Wait past a minute boundary the two cron monitors both saw, until its jobs were sent.
    await expect
      .poll(
        () =>
          withDb(async (c) => {
            const r = await c.query<{ sent: number; waited: number }>(
              `SELECT (SELECT count(DISTINCT name)::int FROM pgboss.job
                        WHERE name = ANY($1::text[]) AND created_on >= $2) AS sent,
                      extract(epoch FROM now() - $2::timestamptz)::int AS waited`,
              [MINUTELY, since],
            );
            return r.rows[0].sent === MINUTELY.length && r.rows[0].waited >= WINDOW_S;
          }),
        { timeout: 200_000, intervals: [2_000] },
      )
      .toBe(true);

    const jobs = await withDb(async (c) => {
      const perMinute = await c.query<{ name: string; minute: Date; n: number }>(
        `SELECT name, date_trunc('minute', created_on) AS minute, count(*)::int AS n FROM pgboss.job
          WHERE name = ANY($1::text[]) AND created_on >= $2 GROUP BY 1, 2 ORDER BY 1, 2`,
        [MINUTELY, since],
      );
      // The 15-s slots and the minutes the window touches, on the database's clock as pg-boss counts them.
      const ticks = await c.query<{ throttled: number; total: number; slots: number; minutes: number }>(
        `SELECT count(*) FILTER (WHERE singleton_key = $1)::int AS throttled, count(*)::int AS total,
                (floor(extract(epoch FROM now()) / $3) - floor(extract(epoch FROM $2::timestamptz) / $3) + 1)::int AS slots,
                (floor(extract(epoch FROM now()) / 60) - floor(extract(epoch FROM $2::timestamptz) / 60) + 1)::int AS minutes
           FROM pgboss.job WHERE name = $1 AND created_on >= $2`,
        ["notifications.run", since, NOTIFY_EVERY_S],
      );
      const unhealthy = await c.query<{ name: string; state: string; retry_count: number }>(
        `SELECT name, state, retry_count FROM pgboss.job
          WHERE name = ANY($1::text[]) AND created_on >= $2 AND (state = 'failed' OR retry_count > 0)`,
        [[...MINUTELY, "notifications.run"], since],
      );
      return { perMinute: perMinute.rows, ticks: ticks.rows[0], unhealthy: unhealthy.rows };
    });
    const { throttled, total, slots, minutes } = jobs.ticks;
    console.log(
      `notifications.run: ${throttled} throttled + ${total - throttled} cron jobs over ${slots} slots, ${minutes} minutes; ` +
        `minutely: ${jobs.perMinute.map((r) => `${r.name} ${r.minute.toISOString().slice(11, 16)}×${r.n}`).join(", ")}`,
    );
    // Every minutely job was sent for the minute, and once: two schedulers sending it would make two.
    for (const name of MINUTELY) expect(jobs.perMinute.map((r) => r.name)).toContain(name);
    expect(jobs.perMinute.filter((r) => r.n > 1)).toEqual([]);
    // Both tickers send notifications.run every 15 s, throttled to one job per 15-s slot, and cron once a
    // minute. Each ticker sending its own doubles the ticks (a plain send: 14 jobs in 90 s, bound 10).
    expect(total).toBeLessThanOrEqual(slots + minutes);
    expect(throttled).toBeLessThanOrEqual(slots);
    expect(throttled).toBeGreaterThanOrEqual(2);
    // Taken by one worker and done: none failed or ran again.
    expect(jobs.unhealthy).toEqual([]);
  });

  await test.step("SIGTERM stops the second replica with exit code 0 while the first keeps serving", async () => {
    const proc = second as ChildProcess;
    const t0 = Date.now();
    const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
    proc.kill("SIGTERM");
    // Its worker finishes the job in hand (lib/jobs/worker.ts gives it 10 s) before the process exits.
    const code = await Promise.race([
      exited,
      new Promise<"still running">((r) => setTimeout(() => r("still running"), 15_000)),
    ]);
    expect(code, secondLog.slice(-2000)).toBe(0);
    console.log(`second replica stopped in ${Date.now() - t0} ms`);
    // Its web server went with it; the first replica still answers.
    await expect
      .poll(
        () =>
          fetch(`${SECOND}/api/health`).then(
            (r) => r.status,
            () => "down",
          ),
        { timeout: 15_000 },
      )
      .toBe("down");
    expect((await fetch(`${FIRST}/api/health`)).status).toBe(200);
  });
});
