// Incidents API: roles, operator actions with timeline and audit, evidence link/unlink, corrections,
// finding escalation (auto-escalation: test/findings-rules.test.ts), and bad input (clear 4xx, never a 500).
import { beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { POST as escalateRoute } from "@/app/api/v1/findings/[id]/escalate/route";
import { GET as listFindingsRoute } from "@/app/api/v1/findings/route";
import { POST as actionsRoute } from "@/app/api/v1/incidents/[id]/actions/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/v1/incidents/[id]/route";
import { POST as createRoute, GET as listRoute } from "@/app/api/v1/incidents/route";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { upsertFinding } from "@/lib/detection/mutations";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

let op: string;
let viewer: string;
let clusterId: string;
beforeAll(async () => {
  op = await tokenFor("operator");
  viewer = await tokenFor("viewer");
  const c = await db().query<{ id: string }>(
    `INSERT INTO cluster (name) VALUES ('api-test') ON CONFLICT (name) DO UPDATE SET name = 'api-test' RETURNING id`,
  );
  clusterId = c[0].id;
});

const act = (id: string, body: object, token = op) => call(actionsRoute, { token, params: { id }, body });
/** The "correct" action: set a time field of the incident to `value`, giving a reason. */
const correct = (id: string, field: string, value: string, reason: string, more: object = {}) =>
  act(id, { action: "correct", field, value, reason, ...more });
const falco = (time: string, rule: string, pod = "billing-7d9f8c6b5-x2k9p", ns = "billing") =>
  JSON.stringify({
    time,
    rule,
    priority: "Warning",
    output: rule,
    output_fields: { "k8s.ns.name": ns, "k8s.pod.name": pod, "proc.name": null, x: "<NA>" },
  });

describe("incident roles", () => {
  it("viewers read but cannot create or act; operators can", async () => {
    expect((await call(listRoute, { token: viewer, path: "/api/v1/incidents" })).status).toBe(200);
    const body = {
      title: "Suspicious login",
      severity: "high",
      cluster: "api-test",
      namespace: "billing",
      workload: "billing",
    };
    const denied = await call(createRoute, { token: viewer, body });
    expect(denied.status).toBe(403);
    const made = await call(createRoute, {
      token: op,
      body: { ...body, detectedAt: "2025-06-10T10:00:00Z" },
    });
    expect(made.status).toBe(201);
    expect((await act(made.json.id, { action: "acknowledge" }, viewer)).status).toBe(403);
    expect(
      (
        await call(patchRoute, {
          method: "PATCH",
          token: viewer,
          params: { id: made.json.id },
          body: { owner: "me" },
        })
      ).status,
    ).toBe(403);
  });
});

describe("a manual incident through its life", () => {
  it("acknowledge, note, correct, link/unlink, contain, resolve — each in the timeline with who and why", async () => {
    // Evidence first: two Falco events in billing/billing, 10 and 40 minutes before detection.
    const lines = [
      falco("2025-06-10T09:50:00Z", "Shell in billing"),
      falco("2025-06-10T09:20:00Z", "Old event"),
    ].join("\n");
    const ing = await postIngest(op, "alerts?format=falco&cluster=api-test", lines);
    expect(ing.json).toMatchObject({ accepted: 2, rejectedCount: 0 });

    const made = await call(createRoute, {
      token: op,
      body: {
        title: "Billing compromise",
        severity: "critical",
        cluster: "api-test",
        namespace: "billing",
        workload: "billing",
        detectedAt: "2025-06-10T10:00:00Z",
      },
    });
    const id = made.json.id as string;
    let d = (await call(getRoute, { token: viewer, params: { id } })).json;
    // Only the 09:50 event is in [09:30, 10:00]; the start is observed from it (MTTD 600 s).
    expect(d.evidence.map((e: { summary: string }) => e.summary)).toEqual([
      "Shell in billing (billing/billing-7d9f8c6b5-x2k9p)",
    ]);
    expect(d.incident).toMatchObject({
      origin: "manual",
      startedAt: "2025-06-10T09:50:00.000Z",
      startedConfidence: "observed",
      mttdSeconds: 600,
    });

    expect((await act(id, { action: "acknowledge", at: "2025-06-10T10:05:00Z" })).status).toBe(200);
    expect((await act(id, { action: "acknowledge" })).status).toBe(409);
    expect((await act(id, { action: "note", text: "Rotated the DB password" })).status).toBe(200);

    // Link the older event by hand, then unlink it: start follows, and auto-linking does not re-add it.
    const old = d.candidates.find((c: { summary: string }) => c.summary.startsWith("Old event"));
    d = (await act(id, { action: "link", evidenceId: old.id, reason: "same attacker" })).json;
    expect(d.incident.startedAt).toBe("2025-06-10T09:20:00.000Z");
    const shell = d.evidence.find((e: { summary: string }) => e.summary.startsWith("Shell"));
    d = (await act(id, { action: "unlink", evidenceId: shell.id, reason: "unrelated admin session" })).json;
    d = (await act(id, { action: "unlink", evidenceId: old.id, reason: "not ours after all" })).json;
    expect(d.incident).toMatchObject({ startedAt: null, startedConfidence: "unknown", mttdSeconds: null });

    // Correct the start by hand with a reason; then a containment before detection is refused.
    d = (
      await correct(id, "startedAt", "2025-06-10T09:45:00Z", "VPN log shows first access", {
        confidence: "estimated",
      })
    ).json;
    expect(d.incident).toMatchObject({
      startedAt: "2025-06-10T09:45:00.000Z",
      startedConfidence: "estimated",
      startedManual: true,
    });
    const early = await act(id, { action: "contain", at: "2025-06-10T09:59:00Z" });
    expect(early.status).toBe(422);
    expect(early.json.error.message).toMatch(/contained before it was detected/);
    const noReason = await correct(id, "detectedAt", "2025-06-10T09:58:00Z", "");
    expect(noReason.status).toBe(400);

    d = (await act(id, { action: "contain", at: "2025-06-10T10:30:00Z", reason: "pod isolated" })).json;
    expect(d.incident).toMatchObject({
      status: "contained",
      containedConfidence: "observed",
      containSeconds: 1800,
    });
    d = (await act(id, { action: "resolve", at: "2025-06-10T12:00:00Z" })).json;
    expect(d.incident).toMatchObject({ status: "resolved", resolveSeconds: 7200 });
    const future = await correct(id, "resolvedAt", "2999-01-01T00:00:00Z", "typo test");
    expect(future.status).toBe(422);
    expect(future.json.error.message).toMatch(/in the future/);

    const kinds = d.timeline.map((t: { kind: string; reason: string | null }) => [t.kind, t.reason]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["opened", null],
        ["note", null],
        ["evidence.linked", "same attacker"],
        ["evidence.unlinked", "unrelated admin session"],
        ["correction", "VPN log shows first access"],
        ["status", "pod isolated"],
      ]),
    );
    const audited = await db().query<{ action: string }>(
      `SELECT action FROM audit_event WHERE "targetId" = $1 ORDER BY id`,
      [id],
    );
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "incident.open",
        "incident.acknowledge",
        "incident.note",
        "incident.link",
        "incident.unlink",
        "incident.correct",
        "incident.contain",
        "incident.resolve",
      ]),
    );

    const list = await call(listRoute, {
      token: viewer,
      path: "/api/v1/incidents?status=resolved&cluster=api-test&pageSize=1",
    });
    expect(list.json).toMatchObject({ total: 1, page: 1, pageSize: 1 });
    expect(list.json.items[0].id).toBe(id);
  });
});

describe("findings become incidents", () => {
  it("an operator escalates a finding; a second escalation returns the same incident", async () => {
    const f = await withPgTransaction(pool(), (_c, sql) =>
      upsertFinding(
        sql,
        SYSTEM_ACTOR,
        {
          rule: "mesh.plaintext-cross-cluster",
          severity: "high",
          subjectKey: "api-test/web/web→us",
          title: "Plaintext from web",
          clusterId,
          namespace: "web",
          workload: "web",
          startedAt: new Date("2025-06-12T08:00:00Z"),
        },
        new Date("2025-06-12T08:03:00Z"),
      ),
    );
    expect((await call(escalateRoute, { token: viewer, params: { id: f.id } })).status).toBe(403);
    const r = await call(escalateRoute, { token: op, params: { id: f.id } });
    expect(r.status).toBe(201);
    const d = (await call(getRoute, { token: op, params: { id: r.json.incidentId } })).json;
    // detectedAt = the finding's detectedAt; start observed from the finding's startedAt: MTTD 180 s.
    expect(d.incident).toMatchObject({
      origin: "finding",
      detectedAt: "2025-06-12T08:03:00.000Z",
      startedConfidence: "observed",
      mttdSeconds: 180,
    });
    expect(d.findings).toHaveLength(1);
    const again = await call(escalateRoute, { token: op, params: { id: f.id } });
    expect(again.status).toBe(200);
    expect(again.json.incidentId).toBe(r.json.incidentId);
    const listed = await call(listFindingsRoute, {
      token: viewer,
      path: "/api/v1/findings?status=open&rule=mesh.plaintext-cross-cluster",
    });
    expect(listed.json.items[0]).toMatchObject({ incidentId: r.json.incidentId, latencySeconds: 180 });
  });
});

describe("alerts join the open incident of their subject", () => {
  const body = (alerts: object[]) =>
    JSON.stringify({ version: "4", groupKey: "{}", status: "firing", receiver: "x", alerts });
  const alert = (fp: string, startsAt: string, status = "firing", endsAt = "0001-01-01T00:00:00Z") => ({
    status,
    fingerprint: fp,
    startsAt,
    endsAt,
    labels: { alertname: `A-${fp}`, cluster: "api-test", namespace: "join", pod: "svc-6d5c4b3a2-qwrtz" },
  });
  const post = (alerts: object[]) =>
    call(alertmanagerRoute, {
      token: op,
      body: body(alerts),
      headers: { "content-type": "application/json" },
    });
  const incidents = () =>
    db().query<{ id: string; status: string; detectedAt: Date; containedAt: Date | null }>(
      `SELECT id, status, "detectedAt", "containedAt" FROM incident WHERE namespace = 'join' ORDER BY "detectedAt"`,
    );
  it("joins while one of its alerts fired within 24 h (a re-fire after recovery too); later, a new incident", async () => {
    await post([alert("j1", "2025-06-20T10:00:00Z")]);
    await post([alert("j2", "2025-06-20T10:10:00Z")]);
    expect(await incidents()).toHaveLength(1);
    // One resolved, one firing: not contained. Both resolved: contained at the latest endsAt (10:40).
    await post([alert("j1", "2025-06-20T10:00:00Z", "resolved", "2025-06-20T10:40:00Z")]);
    expect((await incidents())[0].containedAt).toBeNull();
    await post([alert("j2", "2025-06-20T10:10:00Z", "resolved", "2025-06-20T10:30:00Z")]);
    expect((await incidents())[0]).toMatchObject({
      status: "contained",
      containedAt: new Date("2025-06-20T10:40:00Z"),
    });
    // A stale "firing" re-delivery of a resolved alert changes nothing.
    const stale = await post([alert("j2", "2025-06-20T10:10:00Z")]);
    expect(stale.json).toMatchObject({ accepted: 0, duplicates: 1 });
    // A re-fire 20 minutes after recovery is the same incident: containment clears, then moves to its end.
    await post([alert("j3", "2025-06-20T11:00:00Z")]);
    expect(await incidents()).toHaveLength(1);
    expect((await incidents())[0]).toMatchObject({ status: "open", containedAt: null });
    await post([alert("j3", "2025-06-20T11:00:00Z", "resolved", "2025-06-20T11:05:00Z")]);
    expect((await incidents())[0]).toMatchObject({
      status: "contained",
      containedAt: new Date("2025-06-20T11:05:00Z"),
    });
    // More than 24 h after its last alert ended: a new incident.
    await post([alert("j4", "2025-06-21T11:06:00Z")]);
    const list = await incidents();
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({ status: "open", detectedAt: new Date("2025-06-21T11:06:00Z") });
  });
});

describe("concurrent deliveries", () => {
  it("two webhooks about the same new subject at once open one incident", async () => {
    const wh = (fp: string) =>
      JSON.stringify({
        receiver: "r",
        status: "firing",
        version: "4",
        groupKey: fp,
        alerts: [
          {
            status: "firing",
            fingerprint: fp,
            startsAt: "2025-06-21T10:00:00Z",
            labels: { alertname: fp, cluster: "api-test", namespace: "race", workload: "r" },
          },
        ],
      });
    const post = (fp: string) =>
      call(alertmanagerRoute, { token: op, body: wh(fp), headers: { "content-type": "application/json" } });
    const [a, b] = await Promise.all([post("race-a"), post("race-b")]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await db().query(`SELECT 1 FROM incident WHERE namespace = 'race'`)).toHaveLength(1);
    expect(
      await db().query(`SELECT 1 FROM alert WHERE namespace = 'race' AND "incidentId" IS NOT NULL`),
    ).toHaveLength(2);
  });
});

describe("format detection on /api/v1/ingest/alerts", () => {
  it("tells an Alertmanager webhook from Falco lines without ?format=", async () => {
    const wh = JSON.stringify({
      receiver: "r",
      status: "firing",
      version: "4",
      groupKey: "{}",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "Sniff", cluster: "api-test" },
          startsAt: "2025-06-05T00:00:00Z",
          fingerprint: "sniff1",
        },
      ],
    });
    const a = await postIngest(op, "alerts", wh);
    expect(a.json).toMatchObject({ format: "alertmanager", accepted: 1 });
    const f = await postIngest(op, "alerts?cluster=api-test", falco("2025-06-05T00:00:00Z", "Sniffed"));
    expect(f.json).toMatchObject({ format: "falco", accepted: 1 });
  });
});

describe("bad input", () => {
  const webhook = (alerts: object[], version: unknown = "4") =>
    JSON.stringify({ version, groupKey: "{}", status: "firing", receiver: "x", alerts });
  it("a webhook of another version is refused whole with 400 and stores nothing", async () => {
    const before = (await db().query(`SELECT 1 FROM alert`)).length;
    const r = await call(alertmanagerRoute, {
      token: op,
      body: webhook(
        [{ status: "firing", labels: { alertname: "A" }, startsAt: "2025-06-01T00:00:00Z" }],
        "3",
      ),
      headers: { "content-type": "application/json" },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/version "3" is not supported/);
    expect((await db().query(`SELECT 1 FROM alert`)).length).toBe(before);
    const rec = await db().query<{ status: string }>(
      `SELECT status FROM ingest_batch WHERE format = 'alertmanager' ORDER BY "receivedAt" DESC LIMIT 1`,
    );
    expect(rec[0].status).toBe("rejected");
  });
  it("alerts without labels or with impossible times are rejected one by one with their index", async () => {
    const ok = {
      status: "firing",
      labels: { alertname: "Ok", cluster: "api-test", namespace: "n1", pod: "w1-0" },
      startsAt: "2025-06-01T00:00:00Z",
      fingerprint: "f-ok",
    };
    const r = await call(alertmanagerRoute, {
      token: op,
      headers: { "content-type": "application/json" },
      body: webhook([
        { ...ok, labels: {} },
        ok,
        { ...ok, fingerprint: "f-old", startsAt: "1999-01-01T00:00:00Z" },
        { ...ok, fingerprint: "f-fut", startsAt: "2999-01-01T00:00:00Z" },
      ]),
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ status: "partial", accepted: 1, rejectedCount: 3 });
    expect(r.json.rejected.map((x: { index: number }) => x.index)).toEqual([0, 2, 3]);
    expect(r.json.rejected[0].reason).toMatch(/no labels/);
  });
  it("Falco lines with <NA>/null are stored without those fields; broken lines are rejected by line", async () => {
    const body = [
      falco("2025-06-02T00:00:00Z", "R1"),
      "{broken",
      falco("2999-01-01T00:00:00Z", "R2"),
      JSON.stringify({ rule: "R3", time: null }),
    ].join("\n");
    const r = await postIngest(op, "alerts?format=falco&cluster=api-test", body);
    expect(r.json).toMatchObject({ accepted: 1, rejectedCount: 3 });
    expect(r.json.rejected.map((x: { line: number }) => x.line)).toEqual([2, 3, 4]);
    const ev = await db().query<{ data: { fields: Record<string, unknown> } }>(
      `SELECT data FROM incident_evidence WHERE summary LIKE 'R1%'`,
    );
    expect(ev[0].data.fields).toEqual({
      "k8s.ns.name": "billing",
      "k8s.pod.name": "billing-7d9f8c6b5-x2k9p",
    });
  });
  it("Falco without any cluster is refused with 400 naming the ways to give one, each line with the reason", async () => {
    const r = await postIngest(op, "alerts?format=falco", falco("2025-06-03T00:00:00Z", "R9"));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/\?cluster=/);
    expect(r.json.error.details.rejected[0].reason).toMatch(/no cluster/);
  });
  it("unknown ids, bad filters and bad bodies are 4xx", async () => {
    expect((await call(getRoute, { token: op, params: { id: "nope" } })).status).toBe(404);
    expect(
      (await call(getRoute, { token: op, params: { id: "00000000-0000-0000-0000-000000000000" } })).status,
    ).toBe(404);
    expect((await call(listRoute, { token: op, path: "/api/v1/incidents?status=weird" })).status).toBe(400);
    expect((await call(listRoute, { token: op, path: "/api/v1/incidents?pageSize=1000" })).status).toBe(400);
    expect((await call(createRoute, { token: op, body: { title: "x" } })).status).toBe(400);
    expect(
      (await call(createRoute, { token: op, body: { title: "Unknown cluster", cluster: "nope" } })).status,
    ).toBe(422);
    expect(
      (await call(createRoute, { token: op, body: { title: "Too old", detectedAt: "1990-01-01T00:00:00Z" } }))
        .status,
    ).toBe(422);
    expect(
      (await call(escalateRoute, { token: op, params: { id: "00000000-0000-0000-0000-000000000000" } }))
        .status,
    ).toBe(404);
    const made = await call(createRoute, { token: op, body: { title: "For bad actions" } });
    expect((await act(made.json.id, { action: "fly" })).status).toBe(400);
    expect(
      (await act(made.json.id, { action: "link", evidenceId: "00000000-0000-0000-0000-000000000000" }))
        .status,
    ).toBe(404);
  });
});
