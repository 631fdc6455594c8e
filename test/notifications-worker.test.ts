// Through the real background worker (pg-boss on this test's database): a new incident reaches a webhook
// within a minute of the Alertmanager webhook that opened it, without anyone calling the notifier.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { POST as createChannel } from "@/app/api/v1/notifications/channels/route";
import { POST as createRule } from "@/app/api/v1/notifications/rules/route";
import { startWorker, type Worker } from "@/lib/jobs/worker";
import { alertmanagerWebhook } from "./alertmanager-fixtures";
import { call, tokenFor } from "./fixtures";

let server: Server;
let base = "";
let worker: Worker;
const arrivals: { at: number; body: string }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const c of req) parts.push(c as Buffer);
    arrivals.push({ at: Date.now(), body: Buffer.concat(parts).toString("utf8") });
    res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker = await startWorker({ connectionString: process.env.DATABASE_URL });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await new Promise<void>((r) => server.close(() => r()));
});

describe("notifications through the worker", () => {
  it("a new incident reaches a webhook within a minute", async () => {
    const admin = await tokenFor("admin");
    const ch = await call(createChannel, {
      token: admin,
      body: { name: "latency", kind: "webhook", config: { url: `${base}/hook` }, secret: "k" },
    });
    await call(createRule, {
      token: admin,
      body: { name: "all incidents", events: ["incident.opened"], channelIds: [ch.json.id] },
    });
    const ingest = await tokenFor("operator", ["ingest"]);
    const sent = Date.now();
    const am = await call(alertmanagerRoute, {
      token: ingest,
      path: "/api/v1/alerts/alertmanager?cluster=eu-west-prod",
      body: alertmanagerWebhook([
        {
          labels: {
            alertname: "KubePodCrashLooping",
            severity: "critical",
            namespace: "shop",
            pod: "cart-6b7c9d8f5-q2w3e",
          },
          annotations: { summary: "cart is crash looping" },
          startsAt: new Date(sent - 30_000).toISOString(),
          generatorURL: "http://prometheus.example/graph",
          fingerprint: "a1b2c3d4e5f60718",
        },
      ]),
    });
    expect(am.status).toBeLessThan(300);
    const until = sent + 60_000;
    while (!arrivals.length && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    expect(arrivals).toHaveLength(1);
    const latency = arrivals[0].at - sent;
    expect(latency).toBeLessThan(60_000);
    expect(JSON.parse(arrivals[0].body).events[0].type).toBe("incident.opened");
  }, 90_000);
});
