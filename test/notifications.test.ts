// Notifications end to end: channels and rules through the API, events noticed from real ingest (an
// Alertmanager webhook opens an incident), messages received by a local HTTP receiver in the webhook /
// Slack / Teams shapes with a verifiable signature, retries after a receiver error, unreachable channels,
// a burst grouped into one digest, and nothing sent twice.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { PATCH as patchChannel } from "@/app/api/v1/notifications/channels/[id]/route";
import { POST as testRoute } from "@/app/api/v1/notifications/channels/[id]/test/route";
import { POST as createChannel, GET as listChannels } from "@/app/api/v1/notifications/channels/route";
import { GET as deliveriesRoute } from "@/app/api/v1/notifications/deliveries/route";
import { DELETE as deleteRule, PATCH as patchRule } from "@/app/api/v1/notifications/rules/[id]/route";
import { POST as createRule } from "@/app/api/v1/notifications/rules/route";
import { runNotifications } from "@/lib/notifications/dispatch";
import { alertmanagerWebhook } from "./alertmanager-fixtures";
import { call, db, tokenFor } from "./fixtures";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: the receiver reads arbitrary JSON
  json: any;
}

let server: Server;
let base = "";
const received: Received[] = [];
/** Status the receiver answers per path (default 200). */
const answer = new Map<string, number>();
/** Location header the receiver sends with a 3xx, per path. */
const redirectTo = new Map<string, string>();

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const c of req) parts.push(c as Buffer);
    const raw = Buffer.concat(parts).toString("utf8");
    received.push({ path: req.url ?? "", headers: req.headers, raw, json: JSON.parse(raw) });
    const status = answer.get(req.url ?? "") ?? 200;
    const location = redirectTo.get(req.url ?? "");
    res.writeHead(status, { "content-type": "text/plain", ...(location ? { location } : {}) });
    // A body the product must never echo back into its log.
    res.end(status === 200 ? "ok" : "SECRET-INTERNAL-DETAIL from the receiver");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const at = (p: string) => received.filter((r) => r.path === p);

/** Sends the channel's test message through the route, runs the worker once, and reads the message's state. */
async function testMessageOutcome(token: string, channelId: string) {
  const t = await call(testRoute, { token, method: "POST", params: { id: channelId } });
  await runNotifications();
  const [row] = await db().query<{ status: string; lastError: string }>(
    `SELECT status, "lastError" FROM notification_message WHERE id = $1`,
    [t.json.messageId],
  );
  return row;
}

function alertPayload(alerts: { name: string; namespace: string; pod: string; startsAt: string }[]) {
  return alertmanagerWebhook(
    alerts.map((a, i) => ({
      labels: {
        alertname: a.name,
        severity: "critical",
        cluster: "eu-west-prod",
        namespace: a.namespace,
        pod: a.pod,
      },
      annotations: { summary: `${a.name} in ${a.namespace}` },
      startsAt: a.startsAt,
      generatorURL: "http://prometheus.example/graph",
      fingerprint: `fp${i}${a.namespace}${a.pod}`.slice(0, 16),
    })),
    { groupKey: '{}:{alertname="x"}' },
  );
}

describe("notification channels", () => {
  it("stores secrets and Slack URLs encrypted, never returns them, and refuses viewers", async () => {
    const admin = await tokenFor("admin");
    const viewer = await tokenFor("viewer");
    const denied = await call(createChannel, {
      token: viewer,
      body: { name: "v", kind: "webhook", config: { url: `${base}/v` } },
    });
    expect(denied.status).toBe(403);
    const wrongShape = await call(createChannel, {
      token: admin,
      body: { name: "bad", kind: "email", config: { url: `${base}/x` } },
    });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.json.error.message).toMatch(/config/);
    const wh = await call(createChannel, {
      token: admin,
      body: { name: "secrets-wh", kind: "webhook", config: { url: `${base}/s` }, secret: "hmac-key-123" },
    });
    expect(wh.status).toBe(201);
    const slack = await call(createChannel, {
      token: admin,
      body: {
        name: "secrets-slack",
        kind: "slack",
        config: { url: `${base}/services/T000/B000/XXXXSECRET` },
      },
    });
    expect(slack.status).toBe(201);
    const list = await call(listChannels, { token: viewer });
    const text = JSON.stringify(list.json);
    expect(text).not.toContain("hmac-key-123");
    expect(text).not.toContain("XXXXSECRET");
    const rows = await db().query<{ config: unknown; secretEnc: string }>(
      `SELECT config, "secretEnc" FROM notification_channel WHERE name LIKE 'secrets-%'`,
    );
    for (const r of rows) {
      expect(JSON.stringify(r)).not.toContain("hmac-key-123");
      expect(JSON.stringify(r)).not.toContain("XXXXSECRET");
    }
  });
});

describe("editing channels and rules", () => {
  it("a PATCH changes the fields it sends and keeps the rest; create, update and delete are audited", async () => {
    const admin = await tokenFor("admin");
    const webhook = { name: "edit-wh", kind: "webhook", config: { url: `${base}/edit` }, secret: "edit-key" };
    const ch = await call(createChannel, { token: admin, body: webhook });
    expect(ch.status).toBe(201);
    const id = ch.json.id as string;
    const p1 = await call(patchChannel, {
      token: admin,
      method: "PATCH",
      params: { id },
      body: { name: "edit-wh-2", ratePerMinute: 7, config: { url: `${base}/edit-2` } },
    });
    expect(p1.status).toBe(200);
    const [c] = await db().query<{
      name: string;
      ratePerMinute: number;
      enabled: boolean;
      config: unknown;
      secretEnc: string;
    }>(`SELECT name, "ratePerMinute", enabled, config, "secretEnc" FROM notification_channel WHERE id = $1`, [
      id,
    ]);
    expect(c).toMatchObject({
      name: "edit-wh-2",
      ratePerMinute: 7,
      enabled: true,
      config: { url: `${base}/edit-2` },
    });
    // A webhook's HMAC key is kept when the patch does not name `secret`.
    expect(c.secretEnc).toBeTruthy();

    const rule = await call(createRule, {
      token: admin,
      body: { name: "edit rule", events: ["incident.opened"], channelIds: [id], clusters: ["eu-west-prod"] },
    });
    expect(rule.status).toBe(201);
    const ruleId = rule.json.id as string;
    const p2 = await call(patchRule, {
      token: admin,
      method: "PATCH",
      params: { id: ruleId },
      body: { name: "edit rule 2", minSeverity: "high", clusters: [] },
    });
    expect(p2.status).toBe(200);
    const [r] = await db().query<{
      name: string;
      minSeverity: string;
      clusters: string[];
      events: string[];
      channelIds: string[];
    }>(`SELECT name, "minSeverity", clusters, events, "channelIds" FROM notification_rule WHERE id = $1`, [
      ruleId,
    ]);
    expect(r).toEqual({
      name: "edit rule 2",
      minSeverity: "high",
      clusters: [],
      events: ["incident.opened"],
      channelIds: [id],
    });
    const gone = await call(deleteRule, { token: admin, method: "DELETE", params: { id: ruleId } });
    expect(gone.status).toBe(204);
    const again = await call(deleteRule, { token: admin, method: "DELETE", params: { id: ruleId } });
    expect(again.status).toBe(404);

    const events = await db().query<{ action: string; targetId: string; data: Record<string, unknown> }>(
      `SELECT action, "targetId", data FROM audit_event WHERE "targetId" = ANY($1::text[]) ORDER BY id`,
      [[id, ruleId]],
    );
    expect(events.map((e) => e.action)).toEqual([
      "notification.channel.create",
      "notification.channel.update",
      "notification.rule.create",
      "notification.rule.update",
      "notification.rule.delete",
    ]);
    expect(events[3].data).toMatchObject({ name: "edit rule 2", minSeverity: "high", clusters: [] });
    expect(events[4].data).toEqual({ name: "edit rule 2" });
  });
});

describe("delivery", () => {
  it("posts a signed webhook, a Slack Block Kit and a Teams Adaptive Card message for a new incident, once", async () => {
    const admin = await tokenFor("admin");
    const ids: string[] = [];
    for (const [name, kind, secret] of [
      ["inc-webhook", "webhook", "s3cret-key"],
      ["inc-slack", "slack", undefined],
      ["inc-teams", "teams", undefined],
    ] as const) {
      const r = await call(createChannel, {
        token: admin,
        body: { name, kind, config: { url: `${base}/${name}` }, ...(secret ? { secret } : {}) },
      });
      expect(r.status).toBe(201);
      ids.push(r.json.id);
    }
    const rule = await call(createRule, {
      token: admin,
      body: {
        name: "incidents eu",
        events: ["incident.opened"],
        channelIds: ids,
        clusters: ["eu-west-prod"],
      },
    });
    expect(rule.status).toBe(201);

    const ingest = await tokenFor("operator", ["ingest"]);
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const am = await call(alertmanagerRoute, {
      token: ingest,
      path: "/api/v1/alerts/alertmanager",
      body: alertPayload([
        { name: "PodCrashLooping", namespace: "payments", pod: "api-7d9f8b6c4-x2x9z", startsAt },
      ]),
    });
    expect(am.status).toBeLessThan(300);
    const incident = (
      await db().query<{ id: string; number: number }>(
        `SELECT id, number FROM incident ORDER BY "createdAt" DESC LIMIT 1`,
      )
    )[0];

    const t0 = Date.now();
    const out = await runNotifications();
    expect(out.sent).toBeGreaterThanOrEqual(3);
    const latencyMs = Date.now() - t0;
    expect(latencyMs).toBeLessThan(60_000);

    const [wh] = at("/inc-webhook");
    expect(wh.headers["x-posture-signature"]).toBe(
      `sha256=${createHmac("sha256", "s3cret-key").update(wh.raw).digest("hex")}`,
    );
    expect(wh.json.events[0]).toMatchObject({
      type: "incident.opened",
      severity: "critical",
      cluster: "eu-west-prod",
      namespace: "payments",
      url: `http://localhost:3000/incidents/${incident.id}`,
    });
    expect(wh.json.events[0].title).toContain(`#${incident.number}`);

    const [slack] = at("/inc-slack");
    expect(slack.headers["x-posture-signature"]).toBeUndefined();
    expect(slack.json.text).toMatch(/Incident opened \(critical\)/);
    expect(slack.json.blocks[0].type).toBe("header");
    expect(slack.json.blocks[1].text.text).toContain(`/incidents/${incident.id}|`);

    const [teams] = at("/inc-teams");
    expect(teams.json.type).toBe("message");
    const card = teams.json.attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.type).toBe("AdaptiveCard");
    expect(card.content.actions[0].url).toBe(`http://localhost:3000/incidents/${incident.id}`);

    // Nothing is sent twice: another pass finds the event already delivered.
    const again = await runNotifications();
    expect(again.sent).toBe(0);
    expect(at("/inc-webhook")).toHaveLength(1);
  });

  it("retries after a receiver error with back-off, logs the status but never the receiver's body", async () => {
    const admin = await tokenFor("admin");
    answer.set("/flaky", 500);
    const ch = await call(createChannel, {
      token: admin,
      body: { name: "flaky", kind: "webhook", config: { url: `${base}/flaky` } },
    });
    const t = await call(testRoute, { token: admin, method: "POST", params: { id: ch.json.id } });
    expect(t.status).toBe(202);
    await runNotifications();
    const log1 = await call(deliveriesRoute, { token: admin, path: "/api/v1/notifications/deliveries" });
    const m1 = log1.json.messages.find((m: { id: string }) => m.id === t.json.messageId);
    expect(m1.status).toBe("retrying");
    expect(m1.lastError).toBe("receiver answered HTTP 500 Internal Server Error");
    expect(JSON.stringify(log1.json)).not.toContain("SECRET-INTERNAL-DETAIL");
    expect(new Date(m1.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() + 20_000);

    // Not due yet: another pass does not hammer the receiver.
    await runNotifications();
    expect(at("/flaky")).toHaveLength(1);

    answer.set("/flaky", 200);
    await db().query(`UPDATE notification_message SET "nextAttemptAt" = now() WHERE id = $1`, [
      t.json.messageId,
    ]);
    await runNotifications();
    const log2 = await call(deliveriesRoute, { token: admin, path: "/api/v1/notifications/deliveries" });
    const m2 = log2.json.messages.find((m: { id: string }) => m.id === t.json.messageId);
    expect(m2.status).toBe("sent");
    expect(m2.tries.map((x: { ok: boolean }) => x.ok)).toEqual([false, true]);
    expect(at("/flaky")).toHaveLength(2);
  });

  it("records an unreachable channel with a fixed description", async () => {
    const admin = await tokenFor("admin");
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const ch = await call(createChannel, {
      token: admin,
      body: { name: "unreachable", kind: "webhook", config: { url: `http://127.0.0.1:${port}/x` } },
    });
    const row = await testMessageOutcome(admin, ch.json.id);
    expect(row.status).toBe("retrying");
    expect(row.lastError).toMatch(/^no answer \(connection refused/);
  });

  it("ssrf: refuses cloud-metadata targets and does not follow a redirect to another host", async () => {
    const admin = await tokenFor("admin");
    const meta = await call(createChannel, {
      token: admin,
      body: {
        name: "metadata",
        kind: "webhook",
        config: { url: "http://169.254.169.254/latest/meta-data/" },
      },
    });
    expect(meta.status).toBe(400);
    expect(meta.json.error.message).toMatch(/link-local or cloud metadata/);

    answer.set("/bounce", 302);
    redirectTo.set("/bounce", "http://127.0.0.2:9/elsewhere");
    const ch = await call(createChannel, {
      token: admin,
      body: { name: "bouncer", kind: "webhook", config: { url: `${base}/bounce` }, secret: "k" },
    });
    const row = await testMessageOutcome(admin, ch.json.id);
    expect(row).toEqual({ status: "retrying", lastError: "redirected to another host (not followed)" });
  });

  it("groups a burst into one digest and loses nothing", async () => {
    const admin = await tokenFor("admin");
    const ch = await call(createChannel, {
      token: admin,
      body: { name: "burst", kind: "webhook", config: { url: `${base}/burst` }, ratePerMinute: 2 },
    });
    await call(createRule, {
      token: admin,
      body: {
        name: "burst rule",
        events: ["incident.opened"],
        channelIds: [ch.json.id],
        clusters: ["eu-west-prod"],
        namespaces: ["burst"],
      },
    });
    const ingest = await tokenFor("operator", ["ingest"]);
    const startsAt = new Date(Date.now() - 30_000).toISOString();
    const alerts = Array.from({ length: 60 }, (_, i) => ({
      name: "HighErrorRate",
      namespace: "burst",
      pod: `svc${i}-7d9f8b6c4-abcde`,
      startsAt,
    }));
    const am = await call(alertmanagerRoute, {
      token: ingest,
      path: "/api/v1/alerts/alertmanager",
      body: alertPayload(alerts),
    });
    expect(am.status).toBeLessThan(300);
    const opened = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incident WHERE namespace = 'burst'`,
    );
    expect(opened[0].n).toBe(60);
    await runNotifications();
    const got = at("/burst");
    expect(got).toHaveLength(1);
    expect(got[0].json.digest).toBe(true);
    expect(got[0].json.count).toBe(60);
    const pending = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification_delivery WHERE "channelId" = $1 AND "messageId" IS NULL`,
      [ch.json.id],
    );
    expect(pending[0].n).toBe(0);
  });
});
