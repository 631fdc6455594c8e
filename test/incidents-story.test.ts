// The sample incident story (shared/samples/README.md) through the real ingest routes: Falco events,
// then the firing webhook, then the resolved one → exactly one incident, MTTD 58 s, containment 32 min.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { attachEvidence } from "@/lib/incidents/hook";
import { computeKpis } from "@/lib/kpi/compute";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const SAMPLES = path.resolve(import.meta.dirname, "../lib/demo/fixtures/incidents");
const sample = (f: string) => readFileSync(path.join(SAMPLES, f), "utf8");

// Falco events carry no cluster: the shipper or ?cluster= names it. The sample's last
// line comes from a us-east node (ec2.internal), the others from eu-west-1 nodes.
function falcoByCluster() {
  const lines = sample("falco-alerts.jsonl").trim().split("\n");
  return {
    eu: lines.filter((l) => l.includes("eu-west-1.compute.internal")).join("\n"),
    us: lines.filter((l) => l.includes(".ec2.internal")).join("\n"),
  };
}

// Other test files share the database: look only at incidents detected on the story's day.
const STORY_DAY = `i."detectedAt" >= '2025-06-15' AND i."detectedAt" < '2025-06-16'`;
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator", ["ingest", "read", "write"]);
});

describe("the sample incident story", () => {
  it("produces one incident with MTTD 58 s and containment 32 min", async () => {
    const { eu, us } = falcoByCluster();
    const f1 = await postIngest(token, "alerts?format=falco&cluster=eu-west-prod", eu);
    expect(f1.status).toBe(201);
    expect(f1.json).toMatchObject({ accepted: 5, rejectedCount: 0 });
    const f2 = await postIngest(token, "alerts?format=falco&cluster=us-east-prod", us);
    expect(f2.json).toMatchObject({ accepted: 1 });

    const firing = await call(alertmanagerRoute, {
      token,
      path: "/api/v1/alerts/alertmanager",
      body: sample("alertmanager-webhook.json"),
      headers: { "content-type": "application/json" },
    });
    expect(firing.status).toBe(201);
    expect(firing.json).toMatchObject({ format: "alertmanager", accepted: 2, rejectedCount: 0 });

    const incidents = await db().query<{
      id: string;
      status: string;
      detectedAt: Date;
      startedAt: Date;
      startedConfidence: string;
      containedAt: Date | null;
      namespace: string;
      workload: string;
      cluster: string;
    }>(
      `SELECT i.*, c.name AS cluster FROM incident i JOIN cluster c ON c.id = i."clusterId" WHERE ${STORY_DAY}`,
    );
    expect(incidents).toHaveLength(1);
    const inc = incidents[0];
    expect(inc).toMatchObject({
      cluster: "eu-west-prod",
      namespace: "shop",
      workload: "frontend",
      status: "open",
      containedAt: null,
    });
    // detection = the earliest alert startsAt (09:12:45, the Falco alert); onset = first Falco event 09:11:47.302
    expect(inc.detectedAt.toISOString()).toBe("2025-06-15T09:12:45.000Z");
    expect(inc.startedAt.toISOString()).toBe("2025-06-15T09:11:47.302Z");
    expect(inc.startedConfidence).toBe("observed");
    // Linked automatically: the three Falco events in [09:42:45 − 30 min, 09:12:45]; 09:13:02 and 09:18:44 are after detection.
    const links = await db().query<{ occurredAt: Date }>(
      `SELECT e."occurredAt" FROM incident_evidence_link l JOIN incident_evidence e ON e.id = l."evidenceId" WHERE l."incidentId" = $1 ORDER BY 1`,
      [inc.id],
    );
    expect(links.map((l) => l.occurredAt.toISOString())).toEqual([
      "2025-06-15T09:11:47.302Z",
      "2025-06-15T09:12:03.881Z",
      "2025-06-15T09:12:29.114Z",
    ]);
    // Both alerts joined it (the cross-cluster one through its source_* labels).
    expect(await db().query(`SELECT 1 FROM alert WHERE "incidentId" = $1`, [inc.id])).toHaveLength(2);

    // The firing alerts' provisional endsAt (09:16:45, 09:17:30) did not contain anything.
    const resolved = await call(alertmanagerRoute, {
      token,
      path: "/api/v1/alerts/alertmanager",
      body: sample("alertmanager-webhook-resolved.json"),
      headers: { "content-type": "application/json" },
    });
    expect(resolved.json).toMatchObject({ accepted: 2 });
    const after = (
      await db().query<{ status: string; containedAt: Date; containedConfidence: string }>(
        `SELECT * FROM incident WHERE id = $1`,
        [inc.id],
      )
    )[0];
    // containment = the latest endsAt of the resolved alerts = 09:44:45
    expect(after.containedAt.toISOString()).toBe("2025-06-15T09:44:45.000Z");
    expect(after).toMatchObject({ status: "contained", containedConfidence: "estimated" });
    expect(await db().query(`SELECT 1 FROM incident i WHERE ${STORY_DAY}`)).toHaveLength(1);

    const k = await computeKpis({
      from: new Date("2025-06-15T00:00:00Z"),
      to: new Date("2025-06-16T00:00:00Z"),
      cluster: null,
      now: new Date(),
    });
    // MTTD = 09:12:45.000 − 09:11:47.302 = 57.698 s (the README's "58 s" is at second precision)
    expect(k.mttd).toMatchObject({ n: 1, excluded: 0 });
    expect(k.mttd.meanSeconds).toBeCloseTo(57.698, 6);
    expect(Math.round(k.mttd.medianSeconds ?? 0)).toBe(58);
    // containment = 09:44:45 − 09:12:45 = 32 min = 1920 s
    expect(k.timeToContainment).toMatchObject({
      n: 1,
      meanSeconds: 1920,
      medianSeconds: 1920,
      p90Seconds: 1920,
    });
    expect(k.timeToResolve).toMatchObject({ n: 0, meanSeconds: null });
    const byCluster = (
      k as unknown as { incidentClock: { byCluster: { cluster: string; mttd: { n: number } }[] } }
    ).incidentClock.byCluster;
    expect(byCluster.find((c) => c.cluster === "eu-west-prod")?.mttd.n).toBe(1);
    const usKpis = await computeKpis({
      from: new Date("2025-06-15T00:00:00Z"),
      to: new Date("2025-06-16T00:00:00Z"),
      cluster: "us-east-prod",
      now: new Date(),
    });
    expect(usKpis.mttd.n).toBe(0);

    // The same webhook again is a duplicate batch and changes nothing.
    const again = await call(alertmanagerRoute, {
      token,
      path: "/api/v1/alerts/alertmanager",
      body: sample("alertmanager-webhook-resolved.json"),
      headers: { "content-type": "application/json" },
    });
    expect(again.json.status).toBe("duplicate");
    const timeline = await db().query<{ kind: string }>(
      `SELECT kind FROM incident_event WHERE "incidentId" = $1 ORDER BY seq`,
      [inc.id],
    );
    expect(timeline[0].kind).toBe("opened");
    expect(timeline.map((t) => t.kind)).toEqual(
      expect.arrayContaining([
        "opened",
        "alert.joined",
        "evidence.linked",
        "started.changed",
        "contained.auto",
        "status",
      ]),
    );
    // The evidence hook other domains use: a denied decision of the same subject before the Falco onset
    // (09:05:00, inside [detectedAt − 30 min, detectedAt]) becomes the observed start.
    const euId = (await db().query<{ id: string }>(`SELECT id FROM cluster WHERE name = 'eu-west-prod'`))[0]
      .id;
    await withPgTransaction(pool(), (_c, sql) =>
      attachEvidence(sql, SYSTEM_ACTOR, [
        {
          kind: "decision",
          ref: "opa:story-test-1",
          occurredAt: new Date("2025-06-15T09:05:00Z"),
          clusterId: euId,
          namespace: "shop",
          workload: "frontend",
          summary: "OPA deny: frontend → ledger-db",
          severity: "high",
        },
      ]),
    );
    const moved = (
      await db().query<{ startedAt: Date }>(`SELECT "startedAt" FROM incident WHERE id = $1`, [inc.id])
    )[0];
    expect(moved.startedAt.toISOString()).toBe("2025-06-15T09:05:00.000Z");
    const audited = await db().query(
      `SELECT 1 FROM audit_event WHERE "targetType" = 'incident' AND "targetId" = $1`,
      [inc.id],
    );
    expect(audited.length).toBeGreaterThanOrEqual(3);
  });
});
