// Bug: an incident about a node (KubeNodeNotReady node=…, an alert subject rather than a workload) got no
// evidence automatically, although Falco, which runs on every node and names it in `hostname` (the official
// chart sets FALCO_HOSTNAME from spec.nodeName), reports what happened on that very machine. Rule
// (docs/incidents.md): Falco events whose hostname is the incident's node, same cluster, in
// [detected − 30 min, detected]. Subjects that name no machine (service, job, a scrape instance) get none.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { GET as getIncident } from "@/app/api/v1/incidents/[id]/route";
import { alertmanagerWebhook, KSM_TARGET_LABELS } from "./alertmanager-fixtures";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const CLUSTER = "node-evidence";
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator", ["ingest", "read", "write"]);
});

/** A Falco json_output line from the Falco pod on `node`; in a container when `pod` is given, else on the host. */
const falco = (node: string, time: string, rule: string, pod?: string) =>
  JSON.stringify({
    hostname: node,
    output: `${time.slice(11, 19)}: Warning ${rule} (user=root command=insmod rootkit.ko${pod ? ` pod=${pod}` : ""})`,
    priority: "Warning",
    rule,
    source: "syscall",
    tags: ["host", "mitre_persistence"],
    time,
    output_fields: {
      "proc.cmdline": "insmod rootkit.ko",
      "user.name": "root",
      ...(pod ? { "container.id": "9f1c2d3e4a5b", "k8s.ns.name": "shop", "k8s.pod.name": pod } : {}),
    },
  });

async function sendFalco(lines: string[]) {
  const r = await postIngest(token, `alerts?format=falco&cluster=${CLUSTER}`, lines.join("\n"));
  expect(r.status, JSON.stringify(r.json)).toBe(201);
}

async function fire(labels: Record<string, string>, startsAt: string, fingerprint: string) {
  const r = await call(alertmanagerRoute, {
    token,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(
      alertmanagerWebhook([
        { labels: { cluster: CLUSTER, ...labels }, annotations: {}, startsAt, fingerprint },
      ]),
    ),
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
}

async function incidentOf(alertSubject: string) {
  const [row] = await db().query<{ id: string }>(
    `SELECT i.id FROM incident i JOIN cluster c ON c.id = i."clusterId" WHERE c.name = $1 AND i."alertSubject" = $2`,
    [CLUSTER, alertSubject],
  );
  return (await call(getIncident, { token, params: { id: row.id } })).json;
}

describe("incidents about a node link the Falco events of that node", () => {
  it("links events on the node (host and containers) in the window, before and after the alert, and nothing else", async () => {
    await sendFalco([
      falco("hive-07", "2025-08-01T11:40:00Z", "Linux Kernel Module Injection Detected"), // before the window
      falco("hive-07", "2025-08-01T12:05:00Z", "Linux Kernel Module Injection Detected"),
      falco("hive-07", "2025-08-01T12:07:30Z", "Terminal shell in container", "cart-5d9f7b8c4-q2w3e"),
      falco("hive-08", "2025-08-01T12:06:00Z", "Linux Kernel Module Injection Detected"), // another node
    ]);
    await fire(
      {
        ...KSM_TARGET_LABELS,
        alertname: "KubeNodeNotReady",
        condition: "Ready",
        node: "hive-07",
        status: "true",
      },
      "2025-08-01T12:15:00Z",
      "c0ffee0000000701",
    );
    // A service-level alert in the same minutes names no machine: nothing to link.
    await fire(
      { alertname: "TargetDown", namespace: "monitoring", service: "hive-metrics", job: "hive-metrics" },
      "2025-08-01T12:15:00Z",
      "c0ffee0000000702",
    );

    const node = await incidentOf("KubeNodeNotReady node=hive-07");
    expect(node.evidence.map((e: { kind: string; occurredAt: string }) => [e.kind, e.occurredAt])).toEqual([
      ["falco", "2025-08-01T12:05:00.000Z"],
      ["falco", "2025-08-01T12:07:30.000Z"],
    ]);
    expect(node.incident).toMatchObject({
      startedAt: "2025-08-01T12:05:00.000Z",
      startedConfidence: "observed",
    });
    expect((await incidentOf("TargetDown service=hive-metrics")).evidence).toEqual([]);

    // An event from that node arriving after the alert (Falco shipped late) joins it too.
    await sendFalco([falco("hive-07", "2025-08-01T12:01:00Z", "Clear Log Activities")]);
    const later = await incidentOf("KubeNodeNotReady node=hive-07");
    expect(later.evidence.map((e: { occurredAt: string }) => e.occurredAt)).toEqual([
      "2025-08-01T12:01:00.000Z",
      "2025-08-01T12:05:00.000Z",
      "2025-08-01T12:07:30.000Z",
    ]);
    expect(later.incident.startedAt).toBe("2025-08-01T12:01:00.000Z");
  });
});
