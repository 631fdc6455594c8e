// Cilium Hubble flows (`hubble observe -o json`) → policy verdicts. A flow is a policy
// decision when Cilium evaluated policy for it: a policy-verdict event (event_type 5), a drop for a policy
// reason, an AUDIT verdict ("would have been dropped"), or an L7 flow the proxy dropped. Trace events and
// forwarded L7 records are traffic, not decisions: they are reported back per line (send them as telemetry).
// The traffic-edge side of Hubble lives in lib/telemetry; these helpers stay here on purpose.
import { workloadFromPod } from "@/lib/incidents/subject";
import type { ParseItem, PayloadSource } from "@/lib/ingest/types";
import { hubbleFlowId } from "@/lib/telemetry/formats/hubble";
import type { DecisionResult, PolicyDecision, PolicyRecord } from "../types";
import { ndjsonDecisions } from "./decision-items";
import { clip, isObj, type Obj, obj, parseTime, readAhead, str } from "./json";

export const POLICY_DROP_REASONS = new Set([
  "POLICY_DENIED",
  "POLICY_DENY",
  "AUTH_REQUIRED",
  "POLICY_AUTH_REQUIRED",
]);
const DROP_CODES: Record<number, string> = { 133: "POLICY_DENIED", 181: "POLICY_DENY", 189: "AUTH_REQUIRED" };

function labelValue(labels: unknown, key: string): string | null {
  if (!Array.isArray(labels)) return null;
  for (const l of labels) {
    if (typeof l === "string" && l.startsWith(`${key}=`)) return str(l.slice(key.length + 1));
  }
  return null;
}

/** cluster/namespace/workload of an endpoint, or world:<name or IP> for reserved:world. */
export function endpointName(e: Obj, ip: string | null, names: unknown): string | null {
  const labels = e.labels;
  const cluster = str(e.cluster_name) ?? labelValue(labels, "k8s:io.cilium.k8s.policy.cluster");
  const ns = str(e.namespace) ?? labelValue(labels, "k8s:io.kubernetes.pod.namespace");
  const wl = Array.isArray(e.workloads) && isObj(e.workloads[0]) ? str(e.workloads[0].name) : null;
  // Read as the telemetry parser and incidents read it (a pod's workload, not the pod), so a denied flow
  // is evidence about the workload an incident is about, whichever endpoint received it first.
  const pod = str(e.pod_name);
  const app =
    wl ?? labelValue(labels, "k8s:app") ?? (pod ? workloadFromPod(pod) : labelValue(labels, "k8s:k8s-app"));
  if (ns && app) return [cluster, ns, app].filter(Boolean).join("/");
  if (Array.isArray(labels) && labels.includes("reserved:world")) {
    const n = Array.isArray(names) ? str(names[0]) : null;
    return `world:${n ?? ip ?? "?"}`;
  }
  if (Array.isArray(labels)) {
    const reserved = labels.find((l) => typeof l === "string" && l.startsWith("reserved:"));
    if (typeof reserved === "string") return reserved;
  }
  return ip;
}

function policyOf(f: Obj): { policy: string | null; kind: string | null; revision: string | null } {
  for (const k of ["egress_denied_by", "ingress_denied_by", "egress_allowed_by", "ingress_allowed_by"]) {
    const list = f[k];
    if (Array.isArray(list) && isObj(list[0])) {
      const p = list[0];
      const name = str(p.name);
      const ns = str(p.namespace);
      return {
        policy: name ? (ns ? `${ns}/${name}` : name) : null,
        kind: str(p.kind),
        revision: str(p.revision),
      };
    }
  }
  return { policy: null, kind: null, revision: null };
}

export function hubbleDecision(v: unknown, _rawText: string): PolicyDecision | string {
  if (!isObj(v)) return "not a Hubble flow (expected a JSON object)";
  const f = isObj(v.flow) ? v.flow : "verdict" in v ? v : null;
  if (!f) return "not a Hubble flow (no flow object)";
  const verdict = str(f.verdict) ?? "VERDICT_UNKNOWN";
  const time = parseTime(f.time ?? v.time);
  if (!time) return "flow.time: missing or not RFC 3339";
  const eventType = Number(obj(f.event_type).type ?? 0);
  const dropDesc =
    str(f.drop_reason_desc) ??
    (typeof f.drop_reason === "number" ? (DROP_CODES[f.drop_reason] ?? null) : null);
  const l7 = str(f.Type) === "L7" || eventType === 129;
  let result: DecisionResult;
  if (verdict === "DROPPED") {
    if (dropDesc && !POLICY_DROP_REASONS.has(dropDesc))
      return `dropped for a non-policy reason (${dropDesc}); not a policy decision`;
    if (!dropDesc && !l7) return "dropped without a drop reason; not a policy decision";
    result = "deny";
  } else if (verdict === "AUDIT") {
    result = "audit";
  } else if (
    verdict === "FORWARDED" &&
    (eventType === 5 || "ingress_allowed_by" in f || "egress_allowed_by" in f)
  ) {
    result = "allow";
  } else {
    const what = eventType === 4 ? "trace event" : l7 ? "L7 record" : `verdict ${verdict}`;
    return `not a policy verdict (${what}); send it as telemetry`;
  }
  const ip = obj(f.IP);
  const l4 = obj(f.l4);
  const proto = Object.keys(l4)[0] ?? null;
  const port = proto ? obj(l4[proto]).destination_port : undefined;
  const http = obj(obj(f.l7).http);
  const node = str(f.node_name) ?? str(v.node_name);
  const { policy, kind, revision } = policyOf(f);
  const source = obj(f.source);
  const destination = obj(f.destination);
  const method = str(http.method);
  let url: string | null = null;
  if (str(http.url)) {
    try {
      url = new URL(String(http.url)).pathname;
    } catch {
      url = str(http.url, 300);
    }
  }
  const details: Obj = { verdict, direction: str(f.traffic_direction), eventType };
  if (dropDesc) details.dropReason = dropDesc;
  if (kind) details.policyKind = kind;
  if (revision) details.policyRevision = revision;
  if (str(ip.source)) details.sourceIp = ip.source;
  if (str(ip.destination)) details.destinationIp = ip.destination;
  if (f.is_reply !== undefined) details.isReply = f.is_reply;
  return {
    time,
    cluster: node?.includes("/") ? str(node.split("/")[0], 63) : null,
    engine: "cilium",
    // The flow's own identity (uuid, else time + 5-tuple), shared with the telemetry parser: the same
    // flow sent to both endpoints is then one incident evidence row (lib/policy/evidence.ts).
    decisionId: hubbleFlowId(f, v.time),
    policy,
    rule: null,
    subject: endpointName(source, str(ip.source), f.source_names),
    target: endpointName(destination, str(ip.destination), f.destination_names),
    action: method
      ? clip(`${method} ${url ?? ""}`.trim(), 300)
      : proto
        ? `${proto}${port !== undefined ? `/${port}` : ""}`
        : null,
    result,
    reason: dropDesc ?? (result === "audit" ? "would have been dropped (policy audit mode)" : null),
    severity: null,
    details,
  };
}

export function parseHubble(input: PayloadSource): AsyncGenerator<ParseItem<PolicyRecord>> {
  return readAhead(ndjsonDecisions(input.lines(), hubbleDecision));
}

export function sniffHubble(head: string): boolean {
  return /"flow"\s*:\s*\{/.test(head) && /"verdict"\s*:/.test(head);
}
