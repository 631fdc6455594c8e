// Bug: when detection moved earlier, evidence linked under the old window [detectedAt − 30 min, detectedAt]
// stayed linked: the start kept coming from evidence after detection ("observed" for a start the evidence
// no longer supports), and on an incident whose detection an operator corrected, MTTD went negative.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { POST as actionsRoute } from "@/app/api/v1/incidents/[id]/actions/route";
import { GET as getIncident } from "@/app/api/v1/incidents/[id]/route";
import { POST as createRoute } from "@/app/api/v1/incidents/route";
import { alertmanagerWebhook } from "./alertmanager-fixtures";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const CLUSTER = "window-test";
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator", ["ingest", "read", "write"]);
});

// Falco json_output lines (no cluster in them: ?cluster= names it).
const falco = (time: string, rule: string, ns: string, pod: string) =>
  JSON.stringify({
    hostname: "ip-10-12-2-81",
    output: `${time.slice(11, 19)}: Notice ${rule} (pod=${pod})`,
    priority: "Notice",
    rule,
    source: "syscall",
    tags: ["container", "shell"],
    time,
    output_fields: {
      "container.id": "3ad9b8e6c7f1",
      "k8s.ns.name": ns,
      "k8s.pod.name": pod,
      "proc.name": "bash",
    },
  });

async function sendFalco(lines: string[]) {
  const r = await postIngest(token, `alerts?format=falco&cluster=${CLUSTER}`, lines.join("\n"));
  expect(r.status).toBe(201);
}

const alertBody = (fp: string, startsAt: string) =>
  JSON.stringify(
    alertmanagerWebhook(
      [
        {
          labels: {
            alertname: `Shell-${fp}`,
            cluster: CLUSTER,
            namespace: "billing",
            pod: "billing-7d9f8c6b5-x2k9p",
          },
          annotations: { summary: "shell in billing" },
          startsAt,
          fingerprint: fp,
        },
      ],
      { groupKey: `{}:${fp}` },
    ),
  );

describe("the evidence window follows detection", () => {
  it("a late alert with an earlier start unlinks evidence that is now after detection", async () => {
    await sendFalco([
      falco("2025-07-04T10:00:00Z", "Terminal shell in container", "billing", "billing-7d9f8c6b5-x2k9p"),
    ]);
    const first = await call(alertmanagerRoute, {
      token,
      headers: { "content-type": "application/json" },
      body: alertBody("b0b0b0b0b0b0b001", "2025-07-04T10:20:00Z"),
    });
    expect(first.status).toBe(201);
    const list = await db().query<{ id: string }>(
      `SELECT i.id FROM incident i JOIN cluster c ON c.id = i."clusterId" WHERE c.name = $1 AND i.namespace = 'billing'`,
      [CLUSTER],
    );
    expect(list).toHaveLength(1);
    const incId = list[0].id;
    let d = (await call(getIncident, { token, params: { id: incId } })).json;
    expect(d.incident).toMatchObject({
      startedAt: "2025-07-04T10:00:00.000Z",
      startedConfidence: "observed",
    });
    expect(d.evidence).toHaveLength(1);

    // Delivered later, started earlier (09:25): detection moves to 09:25; 10:00 is after it now.
    await call(alertmanagerRoute, {
      token,
      headers: { "content-type": "application/json" },
      body: alertBody("b0b0b0b0b0b0b002", "2025-07-04T09:25:00Z"),
    });
    d = (await call(getIncident, { token, params: { id: incId } })).json;
    expect(d.incident).toMatchObject({
      detectedAt: "2025-07-04T09:25:00.000Z",
      startedAt: "2025-07-04T09:25:00.000Z",
      startedConfidence: "estimated",
      mttdSeconds: 0,
    });
    expect(d.evidence).toHaveLength(0);
    const unlinked = d.timeline.find(
      (t: { kind: string; data: { origin?: string } }) => t.kind === "evidence.unlinked",
    );
    expect(unlinked?.data).toMatchObject({ origin: "auto", count: 1 });
  });

  it("a corrected detection time re-applies the window: no negative MTTD", async () => {
    await sendFalco([falco("2025-07-05T08:50:00Z", "Read sensitive file untrusted", "vault", "vault-0")]);
    const made = await call(createRoute, {
      token,
      body: {
        title: "Vault secrets read",
        severity: "high",
        cluster: CLUSTER,
        namespace: "vault",
        workload: "vault",
        detectedAt: "2025-07-05T09:00:00Z",
      },
    });
    expect(made.status).toBe(201);
    const id = made.json.id as string;
    let d = (await call(getIncident, { token, params: { id } })).json;
    expect(d.incident).toMatchObject({ startedAt: "2025-07-05T08:50:00.000Z", mttdSeconds: 600 });

    // The operator learns detection really was at 08:40: the 08:50 event is after it now.
    const r = await call(actionsRoute, {
      token,
      params: { id },
      body: { action: "correct", field: "detectedAt", value: "2025-07-05T08:40:00Z", reason: "pager log" },
    });
    expect(r.status).toBe(200);
    d = (await call(getIncident, { token, params: { id } })).json;
    expect(d.evidence).toHaveLength(0);
    expect(d.incident.mttdSeconds === null || d.incident.mttdSeconds >= 0).toBe(true);
    expect(d.incident.problems ?? []).toEqual([]);
  });
});
