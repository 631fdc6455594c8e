// A real Alertmanager (Debian's prometheus-alertmanager) delivers to the app: the route handler runs
// behind a small HTTP server on loopback, Alertmanager's webhook receiver points at it with a Bearer
// credential, and alerts posted to Alertmanager's API become an incident, then its containment.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { db, tokenFor } from "./fixtures";

function findAlertmanager(): string {
  for (const candidate of [process.env.ALERTMANAGER_BIN, "prometheus-alertmanager", "alertmanager"]) {
    if (!candidate) continue;
    try {
      execFileSync(candidate, ["--version"], { stdio: "ignore" });
      return candidate;
    } catch {
      /* try the next name */
    }
  }
  throw new Error(
    "Alertmanager is not installed: `apt-get install -y prometheus-alertmanager` (or set ALERTMANAGER_BIN). This test needs the real binary.",
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

let server: Server;
let am: ChildProcess | null = null;
let amLog = "";
let amUrl = "";
let dir = "";
const deliveries: { authorization: string | null; status: number }[] = [];

beforeAll(async () => {
  const bin = findAlertmanager();
  const token = await tokenFor("operator", ["ingest"]);
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: body.length ? new Uint8Array(body) : undefined,
    });
    const out = await alertmanagerRoute(request, { params: Promise.resolve({}) });
    deliveries.push({ authorization: req.headers.authorization ?? null, status: out.status });
    res.writeHead(out.status, { "content-type": "application/json" });
    res.end(await out.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const appPort = (server.address() as AddressInfo).port;

  dir = mkdtempSync(path.join(tmpdir(), "posture-am-"));
  writeFileSync(
    path.join(dir, "alertmanager.yml"),
    `route:
  receiver: posture
  group_by: ["alertname"]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: posture
    webhook_configs:
      - url: "http://127.0.0.1:${appPort}/api/v1/alerts/alertmanager"
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: "${token}"
`,
  );
  // Port 0 is not allowed for the web listener; pick a free one by binding and releasing it.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const amPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  amUrl = `http://127.0.0.1:${amPort}`;
  am = spawn(
    bin,
    [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      "--cluster.listen-address=",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  am.stdout?.on("data", (d) => (amLog += d));
  am.stderr?.on("data", (d) => (amLog += d));
  await waitFor("Alertmanager to be ready", async () => {
    if (am?.exitCode !== null) throw new Error(`alertmanager exited: ${amLog}`);
    return fetch(`${amUrl}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
  });
});

afterAll(async () => {
  if (am && am.exitCode === null) {
    am.kill("SIGTERM");
    await new Promise((r) => am?.once("exit", r));
  }
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function postAlerts(alerts: object[]) {
  const r = await fetch(`${amUrl}/api/v2/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(alerts),
  });
  expect(r.status, await r.text()).toBe(200);
}

describe("a real Alertmanager delivering to /api/v1/alerts/alertmanager", () => {
  it("opens an incident from a firing alert and contains it when the alert resolves", async () => {
    const startsAt = new Date(Date.now() - 90_000);
    const labels = {
      alertname: "PostureE2E",
      severity: "critical",
      cluster: "am-test",
      namespace: "shop",
      pod: "checkout-5c6d7e8f9-abcde",
    };
    await postAlerts([
      { labels, annotations: { summary: "checkout is misbehaving" }, startsAt: startsAt.toISOString() },
    ]);

    const inc = await waitFor("the incident", async () => {
      const rows = await db().query<{
        id: string;
        title: string;
        workload: string;
        detectedAt: Date;
        status: string;
        startedConfidence: string;
      }>(`SELECT i.* FROM incident i JOIN cluster c ON c.id = i."clusterId" WHERE c.name = 'am-test'`);
      return rows[0];
    });
    expect(inc).toMatchObject({
      title: "checkout is misbehaving",
      workload: "checkout",
      status: "open",
      startedConfidence: "estimated",
    });
    expect(inc.detectedAt.toISOString()).toBe(startsAt.toISOString());
    expect(deliveries[0]).toMatchObject({ status: 201 });
    expect(deliveries[0].authorization).toMatch(/^Bearer pst_/);

    // Resolve it through Alertmanager's API: endsAt in the past ends the alert, and send_resolved delivers it.
    const endsAt = new Date(Date.now() - 1000);
    await postAlerts([
      {
        labels,
        annotations: { summary: "checkout is misbehaving" },
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
      },
    ]);
    const contained = await waitFor("containment", async () => {
      const rows = await db().query<{ containedAt: Date | null; status: string }>(
        `SELECT "containedAt", status FROM incident WHERE id = $1`,
        [inc.id],
      );
      return rows[0]?.containedAt ? rows[0] : null;
    });
    expect(contained.status).toBe("contained");
    expect(contained.containedAt?.toISOString()).toBe(endsAt.toISOString());
    const alerts = await db().query<{ status: string; fingerprint: string }>(
      `SELECT status, fingerprint FROM alert WHERE "incidentId" = $1`,
      [inc.id],
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0].status).toBe("resolved");
    expect(alerts[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
  }, 120_000);
});
